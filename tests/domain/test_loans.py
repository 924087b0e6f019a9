"""Spec §7.1 worked schedules, formats.md §3, spec §2.1 classification examples A-F and the §2.2 PPAP example."""

import datetime as dt
from decimal import Decimal

import pytest

from kopdesk.domain.loans import (
    Frequency,
    Kolektibilitas,
    LoanStanding,
    Method,
    build_schedule,
    classify,
    flat_effective_rate,
    ppap_required,
    round_ppap,
)

ANNUITY_TABLE = [  # spec §7.1: (opening, interest, principal)
    (12_000_000, 180_000, 920_160), (11_079_840, 166_198, 933_962), (10_145_878, 152_188, 947_972),
    (9_197_906, 137_969, 962_191), (8_235_715, 123_536, 976_624), (7_259_091, 108_886, 991_274),
    (6_267_817, 94_017, 1_006_143), (5_261_674, 78_925, 1_021_235), (4_240_439, 63_607, 1_036_553),
    (3_203_886, 48_058, 1_052_102), (2_151_784, 32_277, 1_067_883), (1_083_901, 16_259, 1_083_901),
]


def test_flat_12_million_12_months_1_5_percent():
    s = build_schedule(12_000_000, 12, Decimal("1.5"), Method.FLAT)
    assert {i.total for i in s.instalments} == {1_180_000}
    assert s.total_interest == 2_160_000 and s.total_principal == 12_000_000


def test_declining_falls_by_15_000_a_month():
    s = build_schedule(12_000_000, 12, Decimal("1.5"), Method.DECLINING)
    assert [i.total for i in s.instalments][:3] == [1_180_000, 1_165_000, 1_150_000]
    assert s.instalments[-1].total == 1_015_000
    assert s.total_interest == 1_170_000


def test_annuity_matches_the_spec_table_to_the_rupiah():
    s = build_schedule(12_000_000, 12, Decimal("1.5"), Method.ANNUITY)
    opening = 12_000_000
    for inst, (op, interest, principal) in zip(s.instalments, ANNUITY_TABLE, strict=True):
        assert (opening, inst.interest, inst.principal) == (op, interest, principal)
        assert inst.total == 1_100_160
        opening = inst.remaining
    assert s.total_interest == 1_201_920 and s.total == 13_201_920


def test_formats_example_flat_9_million_and_effective_rate():
    s = build_schedule(9_000_000, 12, Decimal(1), Method.FLAT)
    first = s.instalments[0]
    assert (first.principal, first.interest, first.total, first.remaining) == (750_000, 90_000, 840_000, 8_250_000)
    assert (s.total_principal, s.total_interest, s.total) == (9_000_000, 1_080_000, 10_080_000)
    assert flat_effective_rate(s) == Decimal("1.7881")


def test_flat_vs_effective_rates_of_the_spec():
    assert flat_effective_rate(build_schedule(12_000_000, 12, Decimal("1.5"), Method.FLAT)).quantize(
        Decimal("0.001")) == Decimal("2.643")
    assert flat_effective_rate(build_schedule(12_000_000, 12, Decimal(2), Method.FLAT)).quantize(
        Decimal("0.001")) == Decimal("3.475")
    # spec §7.2: provisi 120,000 + admin 50,000 deducted -> about 2.88 % a month
    s = build_schedule(12_000_000, 12, Decimal("1.5"), Method.FLAT)
    assert flat_effective_rate(s, net_disbursed=11_830_000).quantize(Decimal("0.01")) == Decimal("2.88")


def test_residue_goes_to_the_last_instalment():
    s = build_schedule(1_000_000, 3, Decimal(1), Method.FLAT)
    assert [i.principal for i in s.instalments] == [333_333, 333_333, 333_334]
    assert s.instalments[-1].remaining == 0


def test_round_instalments_up_to_1000():
    s = build_schedule(10_000_000, 12, Decimal("1.5"), Method.ANNUITY, round_to=1000)
    assert all(i.total % 1000 == 0 for i in s.instalments[:-1])
    assert s.total_principal == 10_000_000 and s.instalments[-1].remaining == 0
    plain = build_schedule(10_000_000, 12, Decimal("1.5"), Method.ANNUITY)
    assert s.instalments[-1].total < plain.instalments[-1].total  # the extra paid earlier shows at the end


def test_bad_schedule_input_is_refused():
    with pytest.raises(ValueError, match="Pokok pinjaman"):
        build_schedule(0, 12, 1, Method.FLAT)
    with pytest.raises(ValueError, match="Jangka waktu"):
        build_schedule(1_000_000, 0, 1, Method.FLAT)


AS_OF = dt.date(2026, 11, 25)


@pytest.mark.parametrize("name, standing, expected", [
    ("A", LoanStanding(Frequency.MONTHLY, 70), Kolektibilitas.LANCAR),
    ("B", LoanStanding(Frequency.MONTHLY, 122), Kolektibilitas.KURANG_LANCAR),
    ("C", LoanStanding(Frequency.MONTHLY, 243, 10_000_000, 8_000_000, True), Kolektibilitas.DIRAGUKAN),
    ("D", LoanStanding(Frequency.MONTHLY, 243, 10_000_000, 6_000_000, False), Kolektibilitas.MACET),
    ("E", LoanStanding(Frequency.MONTHLY, 400, diragukan_since=dt.date(2025, 1, 20)), Kolektibilitas.MACET),
    ("F", LoanStanding(Frequency.WEEKLY, 42), Kolektibilitas.KURANG_LANCAR),
])
def test_spec_classification_examples(name, standing, expected):
    assert classify(standing, AS_OF) == expected, name


def test_fallback_without_collateral_data_and_court():
    assert classify(LoanStanding(Frequency.MONTHLY, 300), AS_OF) == Kolektibilitas.DIRAGUKAN
    assert classify(LoanStanding(Frequency.MONTHLY, 400), AS_OF) == Kolektibilitas.MACET
    assert classify(LoanStanding(Frequency.MONTHLY, 5, in_court_or_claim=True), AS_OF) == Kolektibilitas.MACET
    # not salvageable but collateral covers the whole debt: still Diragukan
    assert classify(LoanStanding(Frequency.MONTHLY, 250, 10_000_000, 10_000_000, False), AS_OF) == \
        Kolektibilitas.DIRAGUKAN


def test_ppap_worked_example_spec_2_2():
    total = (ppap_required(Kolektibilitas.LANCAR, 1_150_000_000) + ppap_required(Kolektibilitas.KURANG_LANCAR,
                                                                                 50_000_000)
             + ppap_required(Kolektibilitas.DIRAGUKAN, 24_000_000) + ppap_required(Kolektibilitas.MACET, 16_000_000))
    assert round_ppap(total) == 38_750_000
    with_collateral = total - ppap_required(Kolektibilitas.DIRAGUKAN, 24_000_000) + ppap_required(
        Kolektibilitas.DIRAGUKAN, 24_000_000, eligible_collateral=10_000_000)
    assert round_ppap(with_collateral) == 33_750_000
    assert ppap_required(Kolektibilitas.LANCAR, 1_000_000, eligible_collateral=5_000_000) == Decimal(5000)
