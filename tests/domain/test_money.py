from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kopdesk.domain.money import allocate, dec, percent_of, round_rupiah, round_to


def test_round_half_up_to_whole_rupiah():
    assert round_rupiah(Decimal("1234.5")) == 1235
    assert round_rupiah(Decimal("1234.49")) == 1234
    assert round_rupiah("-10.5") == -11  # half away from zero


def test_round_to_units():
    assert round_to(Decimal("12345"), 100) == 12300
    assert round_to(Decimal("12350"), 100) == 12400
    assert round_to(1_499, 1000) == 1000


def test_float_is_refused():
    with pytest.raises(TypeError):
        dec(0.1)
    with pytest.raises(TypeError):
        round_rupiah(1.5)


def test_percent_of_is_exact():
    assert percent_of(60_000_000, 40) == Decimal(24_000_000)
    assert percent_of(333, "2.5") == Decimal("8.325")


def test_allocate_spec_example_shu_60_million():
    # spec §4.4: SHU 60,000,000 split 40 / 20 / 20 / 5 / 5 / 5 / 2.5 / 2.5
    parts = allocate(60_000_000, ["40", "20", "20", "5", "5", "5", "2.5", "2.5"])
    assert parts == [24_000_000, 12_000_000, 12_000_000, 3_000_000, 3_000_000, 3_000_000, 1_500_000, 1_500_000]


def test_allocate_gives_the_remainder_to_the_largest_fractions():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(10, [0, 1, 0]) == [0, 10, 0]
    assert allocate(-100, [1, 1, 1]) == [-34, -33, -33]


@given(total=st.integers(min_value=-10**12, max_value=10**12),
       weights=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=40).filter(any))
def test_allocate_parts_always_add_up(total, weights):
    parts = allocate(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)
    for part, w in zip(parts, weights, strict=True):
        if w == 0:
            assert part == 0
