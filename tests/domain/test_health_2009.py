"""Permen 14/Per/M.KUKM/XII/2009 (spec §1.2.4 "Variant (2009 text)", §1.2.6): the continuous rules for 1b, 2b, 2c,
its five predicates, and the §1.2.7 example scored under it (hand-computed below)."""

from decimal import Decimal as D

import pytest

from kopdesk.domain.health import permen2009 as p09
from kopdesk.domain.health.bands import coverage_problems
from kopdesk.domain.health.inputs import Inputs
from kopdesk.domain.health.manajemen import ManagementAnswers
from kopdesk.domain.health.perdep2016 import Table5B
from kopdesk.domain.health.scoring import (
    Assessment,
    ManualNilai,
    Method,
    Options,
    assessment_problems,
    mean_score,
    predicate,
    rule_for,
    score_year,
)

M = 1_000_000
MAJU_BERSAMA = dict(
    modal_sendiri=415 * M, total_aset=1450 * M, pinjaman_berisiko=250 * M, modal_tertimbang=925 * M, atmr=1294 * M,
    volume_pinjaman=1560 * M, volume_pinjaman_anggota=1500 * M, pinjaman_diberikan=1240 * M,
    risiko_pinjaman_bermasalah=59 * M, cadangan_risiko=35 * M, beban_operasi_anggota=220 * M,
    partisipasi_bruto=285 * M, beban_usaha=127 * M, shu_kotor=210 * M, biaya_karyawan=70 * M, kas_bank=150 * M,
    kewajiban_lancar=875 * M, dana_diterima=1380 * M, shu_sebelum_pajak=75 * M, shu_bagian_anggota=24 * M,
    partisipasi_neto=200 * M, beban_perkoperasian=8 * M, pendapatan=10 * M, pea=30 * M,
    simpanan_pokok_wajib=300 * M)
YA = ManagementAnswers.from_counts({"umum": 10, "kelembagaan": 5, "permodalan": 3, "aktiva": 7, "likuiditas": 4})


def assess(**changes) -> Assessment:
    options = changes.pop("options", Options())
    return Assessment(Inputs(**{**MAJU_BERSAMA, **changes}), YA, method=Method.PERMEN14_2009, options=options)


@pytest.mark.parametrize("ratio,nilai", [
    ("0", 0), ("0.49", 0), ("0.5", 1), ("55.49", 55), ("55.5", 56), ("99.49", 99), ("99.5", 100), ("166", 100),
    ("-3", 0)])
def test_1b_one_nilai_per_percent_capped_at_100(ratio, nilai):
    assert p09.nilai_1b(D(ratio)) == nilai


@pytest.mark.parametrize("ratio,nilai", [
    ("0", 100), ("0.49", 100), ("0.5", 98), ("4.76", 90), ("10", 80), ("44.49", 12), ("44.5", 10), ("45", 10),
    ("45.001", 0), ("60", 0)])
def test_2b_100_minus_twice_the_ratio_up_to_45_percent(ratio, nilai):
    assert p09.nilai_2b(D(ratio)) == nilai


@pytest.mark.parametrize("ratio,nilai", [("0", 0), ("59.32", 59), ("59.5", 60), ("100", 100), ("130", 100)])
def test_2c_one_nilai_per_percent_capped_at_100(ratio, nilai):
    assert p09.nilai_2c(D(ratio)) == nilai


def test_worked_example_under_2009():
    # By hand: 1b 166 % -> 100 (6.00); 2b 4.76 % -> round 5 -> 100 - 10 = 90 (5 x 0.9 = 4.50);
    # 2c 59.32 % -> 59 (5 x 0.59 = 2.95). Every other component as in 2016 (5b version B).
    # Total = 81.80 - 4.00 + 4.50 - 3.00 + 2.95 = 82.25 -> Sehat (80-100).
    r = score_year(assess())
    got = {code: (r.component(code).nilai, r.component(code).skor) for code in ("1b", "2b", "2c", "1a", "5b")}
    assert got == {"1b": (100, D("6.00")), "2b": (90, D("4.50")), "2c": (59, D("2.95")), "1a": (50, D("3.00")),
                   "5b": (100, D("5.00"))}
    assert r.aspect("kualitas_aktiva_produktif").skor == D("22.45")
    assert r.total == D("82.25") and r.predicate == "Sehat" and r.method == Method.PERMEN14_2009
    assert r.component("2b").rule == "permen14_2009/2b" and r.component("4b").rule == "perdep06_2016/4b"


def test_table_5b_option_still_applies_under_2009():
    assert score_year(assess(options=Options(Table5B.A))).total == D("81.00")


def test_zero_denominator_rules_hold_under_2009():
    r = score_year(assess(risiko_pinjaman_bermasalah=0, pinjaman_berisiko=0))
    assert r.component("2c").nilai == 100 and r.component("1b").nilai == 100 and r.component("2b").nilai == 100


def test_2016_tables_give_different_nilai_for_the_same_ratios():
    assert rule_for("1b", Method.PERDEP06_2016).nilai(D(55)) == 60
    assert rule_for("1b", Method.PERMEN14_2009).nilai(D(55)) == 55
    assert rule_for("2b", Method.PERDEP06_2016).nilai(D(15)) == 60
    assert rule_for("2b", Method.PERMEN14_2009).nilai(D(15)) == 70


def test_manual_nilai_may_be_any_whole_number_for_a_2009_formula():
    a = assess(pinjaman_berisiko=0)
    ok = Assessment(a.inputs, YA, manual={"1b": ManualNilai(D(57), "dari kertas kerja lama")},
                    method=Method.PERMEN14_2009)
    assert assessment_problems(ok) == [] and score_year(ok).component("1b").skor == D("3.42")
    same_in_2016 = Assessment(a.inputs, YA, manual={"1b": ManualNilai(D(57), "x")})
    assert any(p.startswith("nilai_manual.1b.nilai") for p in assessment_problems(same_in_2016))


def test_the_five_predicates_cover_0_to_100():
    assert coverage_problems(p09.PREDICATES, D(0), True, D(100), True) == []


@pytest.mark.parametrize("score,label", [
    ("100", "Sehat"), ("80", "Sehat"), ("79.99", "Cukup Sehat"), ("60", "Cukup Sehat"), ("59.99", "Kurang Sehat"),
    ("40", "Kurang Sehat"), ("39.99", "Tidak Sehat"), ("20", "Tidak Sehat"), ("19.99", "Sangat Tidak Sehat"),
    ("0", "Sangat Tidak Sehat")])
def test_predicates_2009(score, label):
    assert predicate(D(score), Method.PERMEN14_2009) == label


def test_mean_then_predicate_2009():
    assert predicate(mean_score([D("67.70"), D("62.45"), D("67.80")]), "permen14_2009") == "Cukup Sehat"
