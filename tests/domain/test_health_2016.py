"""Perdep 06/Per/Dep.6/IV/2016 (spec §1.2): the §1.2.7 worked example "KSP Maju Bersama 2024" to the decimal, every
band edge, the [UNCERTAIN] switches, zero denominators, incomplete input, several years, validation."""

from decimal import Decimal as D

import pytest

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health import perdep2016 as p16
from kopdesk.domain.health.bands import coverage_problems, interval
from kopdesk.domain.health.inputs import (
    ATMR_WEIGHTS,
    MODAL_TERTIMBANG_WEIGHTS,
    HasilUsaha,
    Inputs,
    ModalSendiriOptions,
    Neraca,
    beban_operasi_anggota,
    derive_inputs,
    modal_sendiri,
    pinjaman_bermasalah,
    statement_problems,
)
from kopdesk.domain.health.manajemen import (
    QUESTIONS,
    BookFigures,
    ManagementAnswers,
    MgmtComponent,
    suggest_answers,
)
from kopdesk.domain.health.scoring import (
    Assessment,
    Basis,
    ManualNilai,
    Method,
    Options,
    assessment_problems,
    mean_score,
    predicate,
    round2,
    rule_for,
    score_year,
    score_years,
)
from kopdesk.domain.loans import Kolektibilitas as Kol

M = 1_000_000

# spec §1.2.7 derived inputs (formats.md §1 example)
MAJU_BERSAMA = dict(
    modal_sendiri=415 * M, total_aset=1450 * M, pinjaman_berisiko=250 * M, modal_tertimbang=925 * M, atmr=1294 * M,
    volume_pinjaman=1560 * M, volume_pinjaman_anggota=1500 * M, pinjaman_diberikan=1240 * M,
    risiko_pinjaman_bermasalah=59 * M, cadangan_risiko=35 * M, beban_operasi_anggota=220 * M,
    partisipasi_bruto=285 * M, beban_usaha=127 * M, shu_kotor=210 * M, biaya_karyawan=70 * M, kas_bank=150 * M,
    kewajiban_lancar=875 * M, dana_diterima=1380 * M, shu_sebelum_pajak=75 * M, shu_bagian_anggota=24 * M,
    partisipasi_neto=200 * M, beban_perkoperasian=8 * M, pendapatan=10 * M, pea=30 * M,
    simpanan_pokok_wajib=300 * M)
YA = {"umum": 10, "kelembagaan": 5, "permodalan": 3, "aktiva": 7, "likuiditas": 4}

# spec §1.2.7 table: code -> (ratio shown, nilai, skor); 5b in version A
EXPECTED_A = {
    "1a": ("28.62", 50, "3.00"), "1b": ("166.00", 100, "6.00"), "1c": ("71.48", 100, "3.00"),
    "2a": ("96.15", 100, "10.00"), "2b": ("4.76", 80, "4.00"), "2c": ("59.32", 60, "3.00"),
    "2d": ("20.16", 100, "5.00"), "3": (None, None, "11.30"), "4a": ("77.19", 100, "4.00"),
    "4b": ("60.48", 50, "2.00"), "4c": ("4.49", 100, "2.00"), "5a": ("17.14", 50, "5.00"),
    "5b": ("89.86", 75, "3.75"), "6a": ("5.17", 50, "1.50"), "6b": ("5.78", 100, "3.00"),
    "6c": ("148.15", 100, "4.00"), "7a": ("96.61", 100, "7.00"), "7b": ("10.00", 100, "3.00"),
}
ASPECTS_A = {"permodalan": "12.00", "kualitas_aktiva_produktif": "22.00", "manajemen": "11.30", "efisiensi": "8.00",
             "likuiditas": "8.75", "kemandirian_pertumbuhan": "8.50", "jatidiri": "10.00"}


def assess(inputs=None, *, drop=(), ya=YA, **kw) -> Assessment:
    values = dict(MAJU_BERSAMA if inputs is None else inputs)
    for name in drop:
        values.pop(name)
    management = None if ya is None else ManagementAnswers.from_counts(ya)
    return Assessment(Inputs(**values), management, **kw)


# ------------------------------------------------------------------------------------------------ §1.2.7


def test_worked_example_version_a_to_the_decimal():
    r = score_year(assess(options=Options(p16.Table5B.A), year=2024))
    for code, (ratio, nilai, skor) in EXPECTED_A.items():
        c = r.component(code)
        assert (None if c.ratio is None else str(round2(c.ratio))) == ratio, code
        assert c.nilai == nilai and c.skor == D(skor), code
    assert {a.aspect.value: a.skor for a in r.aspects} == {k: D(v) for k, v in ASPECTS_A.items()}
    assert r.total == D("80.55") and r.predicate == "Sehat" and r.complete and r.missing == ()
    assert r.component("5b").rule == "perdep06_2016/5b-A" and r.year == 2024


def test_worked_example_default_is_table_5b_version_b():
    r = score_year(assess())
    assert r.options.tabel_5b == p16.Table5B.B
    c = r.component("5b")
    assert (c.nilai, c.skor, c.rule) == (100, D("5.00"), "perdep06_2016/5b-B")
    assert r.aspect("likuiditas").skor == D("10.00")
    assert r.total == D("81.80") and r.predicate == "Sehat"


def test_worked_example_aspect_percentages_and_labels():
    r = score_year(assess())
    shown = {a.aspect.value: (round2(a.percent), a.predicate) for a in r.aspects}
    assert shown == {
        "permodalan": (D("80.00"), "Sehat"), "kualitas_aktiva_produktif": (D("88.00"), "Sehat"),
        "manajemen": (D("75.33"), "Cukup Sehat"), "efisiensi": (D("80.00"), "Sehat"),
        "likuiditas": (D("66.67"), "Cukup Sehat"), "kemandirian_pertumbuhan": (D("85.00"), "Sehat"),
        "jatidiri": (D("100.00"), "Sehat")}
    a = score_year(assess(options=Options(p16.Table5B.A))).aspect("likuiditas")
    assert (round2(a.percent), a.predicate) == (D("58.33"), "Dalam Pengawasan")


def test_worked_example_keeps_the_kertas_kerja_figures():
    c = score_year(assess()).component("6c")
    assert (c.numerator, c.denominator, c.basis) == (D(200 * M), D(135 * M), Basis.TABLE)
    m = score_year(assess()).component("3")
    assert m.basis == Basis.QUESTIONNAIRE and m.ratio is None and m.nilai is None
    assert dict(m.management_points) == {MgmtComponent.UMUM: D("2.50"), MgmtComponent.KELEMBAGAAN: D("2.50"),
                                         MgmtComponent.PERMODALAN: D("1.80"), MgmtComponent.AKTIVA: D("2.10"),
                                         MgmtComponent.LIKUIDITAS: D("2.40")}


def maju_bersama_statements():
    neraca = Neraca(
        kas=60 * M, bank=90 * M, pinjaman_anggota=1200 * M, pinjaman_non_anggota=40 * M, ppap=20 * M,
        pendapatan_ymh_diterima=10 * M, aktiva_tetap=70 * M, simpanan_sukarela=700 * M,
        simpanan_berjangka_pendek=150 * M, beban_ymh_dibayar=10 * M, dana_bagian_shu=15 * M,
        pinjaman_diterima_panjang=100 * M, simpanan_pokok=50 * M, simpanan_wajib=250 * M, hibah=20 * M,
        cadangan_umum=80 * M, cadangan_tujuan_risiko=15 * M, shu_tahun_berjalan=60 * M)
    hasil = HasilUsaha(
        volume_pinjaman=1560 * M, volume_pinjaman_anggota=1500 * M, partisipasi_bruto=285 * M, beban_pokok=85 * M,
        pendapatan=10 * M, beban_usaha=127 * M, biaya_karyawan=70 * M, beban_perkoperasian=8 * M,
        shu_sebelum_pajak=75 * M, shu_bagian_anggota=24 * M, mepp=6 * M)
    kol = {Kol.LANCAR: 1150 * M, Kol.KURANG_LANCAR: 50 * M, Kol.DIRAGUKAN: 24 * M, Kol.MACET: 16 * M}
    return neraca, hasil, kol


def test_derived_inputs_from_the_statements_match_the_worked_example():
    neraca, hasil, kol = maju_bersama_statements()
    assert statement_problems(neraca, hasil, kol) == []
    assert neraca.total_aset == neraca.total_pasiva == 1450 * M
    derived = derive_inputs(neraca, hasil, kol, pinjaman_berisiko=250 * M)
    assert derived == Inputs(**MAJU_BERSAMA)       # MS 415, MT 925, ATMR 1294, RPM 59, KL 875, DD 1380, BOA 220 ...
    assert pinjaman_bermasalah(kol) == 90 * M
    assert score_year(Assessment(derived, ManagementAnswers.from_counts(YA))).total == D("81.80")


def test_modal_sendiri_options_and_weights_are_data():
    neraca, _, _ = maju_bersama_statements()
    assert modal_sendiri(neraca, ModalSendiriOptions(include_shu_tahun_berjalan=True)) == 475 * M
    assert modal_sendiri(Neraca(modal_penyertaan=10 * M), ModalSendiriOptions(include_modal_penyertaan=True)) == 5 * M
    assert MODAL_TERTIMBANG_WEIGHTS["cadangan_tujuan_risiko"] == D("0.5")
    assert ATMR_WEIGHTS["aktiva_tetap"] == D("0.7") and ATMR_WEIGHTS["simpanan_di_bank_koperasi_lain"] == D("0.2")


def test_beban_operasi_anggota_attribution_rule():
    # non-member income below 10 % of revenue: all beban usaha to members (the worked example: 10 / 295)
    assert beban_operasi_anggota(HasilUsaha(partisipasi_bruto=285, beban_pokok=85, pendapatan=10, beban_usaha=127,
                                            beban_perkoperasian=8)) == 220
    # at 10 % and above: pro rata to revenue (90 / 100 of 100)
    assert beban_operasi_anggota(HasilUsaha(partisipasi_bruto=90, pendapatan=10, beban_usaha=100)) == 90


def test_statement_problems_lists_every_inconsistency():
    hasil = HasilUsaha(volume_pinjaman=1, volume_pinjaman_anggota=2)
    problems = statement_problems(Neraca(kas=-1, simpanan_pokok=5), hasil, {Kol.MACET: 3})
    assert any("neraca.kas" in p for p in problems) and any("tidak seimbang" in p for p in problems)
    assert any("kolektibilitas berjumlah 3" in p for p in problems) and any("volume_pinjaman_anggota" in p
                                                                              for p in problems)


# ------------------------------------------------------------------------------------------------ tables as data


def test_weights_add_up_to_100_with_the_spec_subtotals():
    assert sum(c.weight for c in p16.COMPONENTS) == 100 and len(p16.COMPONENTS) == 18
    assert {a.value: w for a, w in p16.ASPECT_WEIGHTS.items()} == {
        "permodalan": 15, "kualitas_aktiva_produktif": 25, "manajemen": 15, "efisiensi": 10, "likuiditas": 15,
        "kemandirian_pertumbuhan": 10, "jatidiri": 10}
    assert p16.COMPONENT_CODES == ("1a", "1b", "1c", "2a", "2b", "2c", "2d", "3", "4a", "4b", "4c", "5a", "5b", "6a",
                                   "6b", "6c", "7a", "7b")


@pytest.mark.parametrize("name", [*p16.TABLES, "5b-A", "5b-B"])
def test_every_table_covers_the_real_line_without_gaps_or_overlaps(name):
    bands = p16.TABLE_5B[p16.Table5B(name[-1])] if name.startswith("5b") else p16.TABLES[name]
    assert coverage_problems(bands) == []


def test_predicate_bands_cover_0_to_100():
    assert coverage_problems(p16.PREDICATES, D(0), True, D(100), True) == []


def test_coverage_check_reports_gaps_overlaps_and_open_ends():
    bad = (interval("(-inf, 10)", 1), interval("(10, 20]", 2), interval("[20, 30]", 3), interval("(31, 40]", 4))
    problems = coverage_problems(bad)
    assert any("x = 10" in p for p in problems)                  # neither band holds exactly 10
    assert any("sama-sama memuat x = 20" in p for p in problems)  # both hold 20
    assert any("celah antara 30 dan 31" in p for p in problems)
    assert any("di atas 40" in p for p in problems)
    assert len(problems) == 4


# (code, edge, nilai just below, at, just above) for every edge of spec §1.2.4
EDGES = [
    ("1a", "0", 0, 0, 25), ("1a", "20", 25, 25, 50), ("1a", "40", 50, 50, 100), ("1a", "60", 100, 100, 50),
    ("1a", "80", 50, 50, 25),
    *[("1b", str(e), max(e, 0) if e else 0, e, e + 10) for e in range(0, 90, 10)], ("1b", "90", 90, 90, 100),
    ("1c", "4", 0, 50, 50), ("1c", "6", 50, 75, 75), ("1c", "8", 75, 100, 100),
    ("2a", "25", 0, 0, 50), ("2a", "50", 50, 50, 75), ("2a", "75", 75, 75, 100),
    ("2b", "0", 100, 100, 80), ("2b", "10", 80, 80, 60), ("2b", "20", 60, 60, 40), ("2b", "30", 40, 40, 20),
    ("2b", "40", 20, 20, 10), ("2b", "45", 10, 10, 0),
    *[("2c", str(e), e, e, e + 10) for e in range(0, 90, 10)], ("2c", "90", 90, 90, 100),
    ("2d", "21", 100, 100, 75), ("2d", "25", 75, 75, 50), ("2d", "30", 50, 50, 25),
    ("4a", "90", 100, 75, 75), ("4a", "95", 75, 50, 50), ("4a", "100", 50, 25, 25),
    ("4b", "40", 100, 100, 75), ("4b", "60", 75, 75, 50), ("4b", "80", 50, 50, 25),
    ("4c", "5", 100, 75, 75), ("4c", "10", 75, 50, 50), ("4c", "15", 50, 50, 0),
    ("5a", "10", 25, 100, 100), ("5a", "15", 100, 50, 50), ("5a", "20", 50, 25, 25),
    ("6a", "5", 25, 50, 50), ("6a", "7.5", 50, 75, 75), ("6a", "10", 75, 100, 100),
    ("6b", "3", 25, 50, 50), ("6b", "4", 50, 75, 75), ("6b", "5", 75, 100, 100),
    ("6c", "100", 0, 0, 100),
    ("7a", "25", 25, 50, 50), ("7a", "50", 50, 75, 75), ("7a", "75", 75, 100, 100),
    ("7b", "5", 0, 50, 50), ("7b", "7.5", 50, 75, 75), ("7b", "10", 75, 100, 100),
]
EDGES_5B = {
    "A": [("50", 25, 50, 50), ("75", 50, 75, 75), ("100", 75, 100, 100)],
    "B": [("60", 25, 50, 50), ("70", 50, 75, 75), ("80", 75, 100, 100)],
}
EPS = D("0.001")


@pytest.mark.parametrize("code,edge,below,at,above", EDGES)
def test_band_edges_just_below_at_and_above(code, edge, below, at, above):
    rule = rule_for(code)
    e = D(edge)
    assert (rule.nilai(e - EPS), rule.nilai(e), rule.nilai(e + EPS)) == (below, at, above)


@pytest.mark.parametrize("version", ["A", "B"])
def test_table_5b_edges_in_both_versions(version):
    rule = rule_for("5b", options=Options(p16.Table5B(version)))
    for edge, below, at, above in EDGES_5B[version]:
        e = D(edge)
        assert (rule.nilai(e - EPS), rule.nilai(e), rule.nilai(e + EPS)) == (below, at, above), edge


def test_open_ends_far_out():
    assert rule_for("1b").nilai(D(250)) == 100 and rule_for("2c").nilai(D(130)) == 100
    assert rule_for("1a").nilai(D(100)) == 25 and rule_for("2b").nilai(D(100)) == 0
    assert rule_for("4a").nilai(D(500)) == 25 and rule_for("6a").nilai(D(-3)) == 25
    assert rule_for("6c").nilai(D(-50)) == 0


def test_2d_half_open_bands_leave_no_hole_between_printed_integer_ranges():
    assert rule_for("2d").nilai(D("25.5")) == 50 and rule_for("2d").nilai(D("21.5")) == 75


def test_bands_compare_the_unrounded_ratio():
    # 5b: 79,996 / 100,000 = 79.996 % shows as 80.00 but is below the 80 edge of version B
    r = score_year(assess({**MAJU_BERSAMA, "pinjaman_diberikan": 79_996, "dana_diterima": 100_000}))
    c = r.component("5b")
    assert round2(c.ratio) == D("80.00") and c.nilai == 75
    # 1c exactly 8 % (the public PHP code lets it fall through)
    r = score_year(assess({**MAJU_BERSAMA, "modal_tertimbang": 8, "atmr": 100}))
    assert r.component("1c").nilai == 100


def test_6c_at_or_below_100_percent_is_nilai_0():
    r = score_year(assess({**MAJU_BERSAMA, "partisipasi_neto": 135 * M}))
    assert r.component("6c").ratio == 100 and r.component("6c").nilai == 0 and r.component("6c").skor == 0


# ------------------------------------------------------------------------------------------------ predicates


@pytest.mark.parametrize("score,label", [
    ("100", "Sehat"), ("80", "Sehat"), ("80.00", "Sehat"), ("79.99", "Cukup Sehat"), ("66", "Cukup Sehat"),
    ("65.99", "Dalam Pengawasan"), ("51", "Dalam Pengawasan"), ("50.99", "Dalam Pengawasan Khusus"),
    ("0", "Dalam Pengawasan Khusus"), ("79.995", "Sehat"), ("79.994", "Cukup Sehat")])
def test_predicate_2016(score, label):
    assert predicate(D(score)) == label


def test_predicate_refuses_scores_outside_0_100():
    with pytest.raises(ValueError):
        predicate(D("100.01"))
    with pytest.raises(ValueError):
        predicate(D(-1))


def test_mean_of_several_years_is_rounded_half_up_before_the_predicate():
    # the Mitra Sukses Lestari study: 67.70, 62.45, 67.80 -> 65.98 Dalam Pengawasan
    mean = mean_score([D("67.70"), D("62.45"), D("67.80")])
    assert mean == D("65.98") and predicate(mean) == "Dalam Pengawasan"
    assert mean_score([D("65.96"), D("65.97")]) == D("65.97")          # half-up, not half-even
    assert predicate(mean_score([D("79.99"), D(80)])) == "Sehat"       # 79.995 -> 80.00


def test_several_years_scored_and_averaged():
    years = [assess(options=Options(p16.Table5B.A), year=2023), assess(year=2024)]
    r = score_years(years)
    assert [y.total for y in r.years] == [D("80.55"), D("81.80")]
    assert r.mean == D("81.18") and r.predicate == "Sehat" and r.complete    # 81.175 half-up
    with pytest.raises(ValidationError):
        score_years([assess(), assess(method=Method.PERMEN14_2009)])
    with pytest.raises(ValidationError):
        score_years([])


# ------------------------------------------------------------------------------------------------ zero denominators


def test_2c_without_problem_loans_gets_nilai_100():
    r = score_year(assess({**MAJU_BERSAMA, "risiko_pinjaman_bermasalah": 0}))
    c = r.component("2c")
    assert (c.ratio, c.nilai, c.skor, c.basis) == (None, 100, 5, Basis.ZERO_DENOMINATOR)
    assert r.component("2b").ratio == 0 and r.component("2b").nilai == 100
    assert r.complete


def test_1b_without_risky_loans_gets_nilai_100():
    r = score_year(assess({**MAJU_BERSAMA, "pinjaman_berisiko": 0}))
    c = r.component("1b")
    assert (c.ratio, c.nilai, c.skor, c.basis) == (None, 100, 6, Basis.ZERO_DENOMINATOR)
    assert r.component("2d").nilai == 100 and r.complete


@pytest.mark.parametrize("changes,code", [
    ({"shu_kotor": 0}, "4b"), ({"total_aset": 0}, "1a"), ({"beban_usaha": 0, "beban_perkoperasian": 0}, "6c"),
    ({"partisipasi_bruto": 0, "pendapatan": 0}, "7a"), ({"kewajiban_lancar": 0}, "5a")])
def test_other_zero_denominators_leave_the_component_unscored(changes, code):
    r = score_year(assess({**MAJU_BERSAMA, **changes}))
    c = r.component(code)
    assert (c.ratio, c.nilai, c.skor, c.basis) == (None, None, None, Basis.MISSING)
    assert f"nilai_manual.{code}" in r.missing and not r.complete


def test_manual_nilai_with_a_reason_fills_a_zero_denominator():
    manual = {"4b": ManualNilai(D(50), "SHU kotor nol karena tahun pertama beroperasi")}
    r = score_year(assess({**MAJU_BERSAMA, "shu_kotor": 0}, manual=manual))
    c = r.component("4b")
    assert (c.nilai, c.skor, c.basis, c.reason) == (50, 2, Basis.MANUAL, manual["4b"].alasan)
    assert r.complete and r.total == D("81.80")


def test_manual_nilai_wins_over_a_computed_ratio_and_keeps_it():
    r = score_year(assess(manual={"5b": ManualNilai(D(75), "versi A menurut Dinas setempat")}))
    c = r.component("5b")
    assert c.nilai == 75 and round2(c.ratio) == D("89.86") and r.total == D("80.55")


# ------------------------------------------------------------------------------------------------ ratio override


def test_a_ratio_given_directly_wins_over_the_inputs():
    r = score_year(assess(ratios={"1b": D(112), "1a": D("45.5")}))
    assert (r.component("1b").ratio, r.component("1b").nilai, r.component("1b").basis) == (112, 100,
                                                                                            Basis.GIVEN_RATIO)
    assert r.component("1a").nilai == 100 and r.total == D("84.80")


def test_a_ratio_given_directly_needs_no_inputs():
    r = score_year(Assessment(ratios={"1b": D(55)}))
    assert r.component("1b").nilai == 60 and "modal_sendiri" not in [m for m in r.component("1b").missing]


# ------------------------------------------------------------------------------------------------ incomplete input


def test_missing_inputs_are_listed_and_the_total_is_what_could_be_scored():
    r = score_year(assess(drop=("pinjaman_berisiko",)))
    assert not r.complete and r.missing == ("pinjaman_berisiko",)
    assert r.component("1b").skor is None and r.component("2d").skor is None
    assert r.total == D("70.80") and r.predicate == "Cukup Sehat"
    assert r.aspect("permodalan").skor == D("6.00")


def test_nothing_given_lists_every_input_once_in_component_order():
    r = score_year(Assessment())
    assert r.total == 0 and not r.complete
    assert r.missing[:4] == ("modal_sendiri", "total_aset", "pinjaman_berisiko", "modal_tertimbang")
    assert "manajemen" in r.missing and len(r.missing) == len(set(r.missing)) == 26


def test_missing_or_partial_management():
    assert score_year(assess(ya=None)).missing == ("manajemen",)
    r = score_year(assess(ya={"umum": 10, "kelembagaan": 5, "permodalan": 3}))
    assert r.missing == ("manajemen.aktiva", "manajemen.likuiditas") and r.component("3").skor is None


# ------------------------------------------------------------------------------------------------ Manajemen


def test_38_questions_with_text_and_evidence():
    assert [q.number for q in QUESTIONS] == list(range(1, 39))
    per = {c: sum(1 for q in QUESTIONS if q.component == c) for c in MgmtComponent}
    assert {c.value: n for c, n in per.items()} == {"umum": 12, "kelembagaan": 6, "permodalan": 5, "aktiva": 10,
                                                    "likuiditas": 5}
    assert all(q.text.startswith("Apakah") and q.text.endswith("?") and len(q.evidence) > 20 for q in QUESTIONS)
    assert {q.number for q in QUESTIONS if q.derivable} == {19, 20, 21, 22, 24, 26, 27}
    assert all(c.points_per_yes * c.questions == 3 for c in MgmtComponent)


def test_38_answers_give_the_same_score_as_the_counts():
    answers = [False] * 38
    for number in [*range(1, 11), *range(13, 18), 19, 20, 21, *range(24, 31), 34, 35, 36, 37]:
        answers[number - 1] = True
    m = ManagementAnswers.from_answers(answers)
    assert dict(m.yes_counts) == {MgmtComponent(k): v for k, v in YA.items()}
    assert m.points == D("11.30") and m.answers == tuple(answers)
    assert ManagementAnswers.from_answers([True] * 38).points == 15
    assert ManagementAnswers.from_answers([False] * 38).points == 0
    with pytest.raises(ValueError):
        ManagementAnswers.from_answers([True] * 37)


def test_suggested_answers_from_the_books():
    s = suggest_answers(BookFigures(pinjaman_lancar=1150 * M, pinjaman_diberikan=1240 * M, cadangan_risiko=35 * M,
                                    pinjaman_macet=16 * M, penyisihan_cadangan=24 * M, shu=60 * M))
    assert (s[24], s[26], s[21]) == (True, True, True) and s[19] is None and s[27] is None
    edge = suggest_answers(BookFigures(pinjaman_lancar=90, pinjaman_diberikan=100, simpanan_pokok_wajib=110,
                                       simpanan_pokok_wajib_lalu=100, simpanan_sukarela_berjangka=109,
                                       simpanan_sukarela_berjangka_lalu=100, macet_tahun_lalu=30,
                                       macet_tahun_lalu_tertagih=10, modal_sendiri=110, modal_sendiri_lalu=100,
                                       total_aset=111, total_aset_lalu=100))
    assert edge == {19: False, 20: True, 21: None, 22: False, 24: True, 26: None, 27: True}
    assert suggest_answers(BookFigures(pinjaman_lancar=89, pinjaman_diberikan=100))[24] is False


# ------------------------------------------------------------------------------------------------ validation


def test_validation_returns_every_problem_naming_its_field():
    a = Assessment(
        Inputs(total_aset=-1, kas_bank=-5, shu_sebelum_pajak=-10),
        ManagementAnswers.from_counts({"umum": 13, "likuiditas": -1}),
        ratios={"9z": D(5), "3": D(1), "1a": D(-2), "6a": D(-2)},
        manual={"4b": ManualNilai(D(60), ""), "3": ManualNilai(D(50), "x"), "1b": ManualNilai(D(50), "ok")})
    problems = assessment_problems(a)
    expected = ["masukan.total_aset tidak boleh negatif", "masukan.kas_bank tidak boleh negatif",
                "rasio: komponen '9z' tidak dikenal", "rasio.3:", "rasio.1a tidak boleh negatif",
                "nilai_manual.4b.alasan wajib diisi", "nilai_manual.4b.nilai harus salah satu dari 25, 50, 75, 100",
                "nilai_manual.3:", "manajemen.umum harus 0 sampai 12", "manajemen.likuiditas harus 0 sampai 5"]
    for e in expected:
        assert any(p.startswith(e) for p in problems), e
    assert len(problems) == len(expected)          # SHU loss, 6a negative ratio and 1b nilai 50 are fine
    with pytest.raises(ValidationError) as exc:
        score_year(a)
    assert exc.value.problems == problems


def test_a_loss_is_scored_in_the_lowest_band():
    r = score_year(assess({**MAJU_BERSAMA, "shu_sebelum_pajak": -15 * M, "partisipasi_neto": -5 * M}))
    assert r.component("6a").nilai == 25 and r.component("6c").nilai == 0


def test_records_are_immutable():
    a = assess(ratios={"1b": D(5)})
    with pytest.raises(AttributeError):
        a.year = 2020
    with pytest.raises(TypeError):
        a.ratios["1a"] = D(1)
    with pytest.raises(TypeError):
        Inputs(total_aset=1.5)     # floats are refused
    assert ManualNilai(50, "x").nilai == D(50) and Options("A").tabel_5b == p16.Table5B.A
    assert score_year(assess(ratios={"1b": 55})).component("1b").nilai == 60
