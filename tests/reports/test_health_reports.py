"""The health assessment documents (spec §1.3): the kertas kerja of the §1.2.7 worked example "KSP Maju Bersama 2024"
shows every component exactly as ``score_year`` computes it, the Manajemen answers, findings, recommendations and
signatures; the one-page summary shows the aspect percentages and the trend over two years."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health import Assessment, Inputs, ManagementAnswers, Options, Table5B, score_year
from kopdesk.domain.health.manajemen import QUESTIONS
from kopdesk.domain.health.scoring import ManualNilai, round2
from kopdesk.reports import (
    build_health_summary,
    build_worksheet,
    health_summary_pdf,
    pdf_bytes,
    worksheet_pdf,
)
from kopdesk.reports.letterhead import Letterhead
from tests.domain.test_health_2016 import MAJU_BERSAMA
from tests.reports.conftest import NOW, pages_text

# 10/12, 5/6, 3/5, 7/10, 4/5 "ya" (spec §1.2.7), question by question
ANSWERS = [True] * 10 + [False] * 2 + [True] * 5 + [False] + [True] * 3 + [False] * 2 + [True] * 7 + [False] * 3 \
    + [True] * 4 + [False]

# spec §1.2.7, version B of table 5b (the default): code -> ratio, nilai, bobot, skor as printed
PRINTED_B = {
    "1a": ("28,62%", "50", "6", "3,00"), "1b": ("166,00%", "100", "6", "6,00"), "1c": ("71,48%", "100", "3", "3,00"),
    "2a": ("96,15%", "100", "10", "10,00"), "2b": ("4,76%", "80", "5", "4,00"), "2c": ("59,32%", "60", "5", "3,00"),
    "2d": ("20,16%", "100", "5", "5,00"), "4a": ("77,19%", "100", "4", "4,00"), "4b": ("60,48%", "50", "4", "2,00"),
    "4c": ("4,49%", "100", "2", "2,00"), "5a": ("17,14%", "50", "10", "5,00"), "5b": ("89,86%", "100", "5", "5,00"),
    "6a": ("5,17%", "50", "3", "1,50"), "6b": ("5,78%", "100", "3", "3,00"), "6c": ("148,15%", "100", "4", "4,00"),
    "7a": ("96,61%", "100", "7", "7,00"), "7b": ("10,00%", "100", "3", "3,00"),
}
FINDINGS = ("Kas kecil tidak dihitung fisik setiap akhir bulan.",
            "Pinjaman berisiko Rp250.000.000 tanpa agunan yang memadai.")
RECOMMENDATIONS = (("Lakukan opname kas bulanan dengan berita acara.", dt.date(2025, 6, 30)),
                   ("Ikat agunan pinjaman di atas Rp1.000.000 secara notariil.", None))


def assessment(year=2024, table=Table5B.B, **changes) -> Assessment:
    return Assessment(Inputs(**{**MAJU_BERSAMA, **changes}), ManagementAnswers.from_answers(ANSWERS), year=year,
                      options=Options(table))


def worksheet(a=None, **kw):
    a = a or assessment()
    kw = {"cooperative": "KSP Maju Bersama", "examiner": "Dra. Sri Wahyuni", "examined_on": dt.date(2025, 3, 10),
          "findings": FINDINGS, "recommendations": RECOMMENDATIONS, "now": NOW,
          "derivations": {"modal_sendiri": "3-1100 Simpanan pokok 50.000.000 + 3-1200 Simpanan wajib 250.000.000 "
                                           "+ hibah 20.000.000 + cadangan 95.000.000"}, **kw}
    return build_worksheet(a, score_year(a), **kw)


def components(report):
    return {c.code: c for a in report.aspects for c in a.components}


def test_worksheet_snapshot_holds_the_figures_of_score_year():
    a = assessment()
    result = score_year(a)
    r = worksheet(a)
    comps = components(r)
    for c in result.components:
        if c.code == "3":
            continue
        w = comps[c.code]
        assert (w.numerator, w.denominator, w.ratio, w.nilai, w.weight, w.skor) == (
            c.numerator, c.denominator, round2(c.ratio), c.nilai, c.weight, c.skor), c.code
    assert comps["6c"].denominator_label == "Beban usaha + Beban perkoperasian"
    assert [(a.label, a.skor, a.percent, a.predicate) for a in r.aspects][4] == (
        "Likuiditas", D("10.00"), D("66.67"), "Cukup Sehat")
    assert (r.total, r.predicate, r.complete, r.total_weight) == (D("81.80"), "Sehat", True, 100)
    mgmt = r.aspects[2].management
    assert [(m.yes, m.points) for m in mgmt] == [(10, D("2.50")), (5, D("2.50")), (3, D("1.80")), (7, D("2.10")),
                                                (4, D("2.40"))]
    assert len(r.questions) == 38 and sum(q.answer for q in r.questions) == 29
    assert r.inputs[0].label == "Modal sendiri" and r.inputs[0].derivation.startswith("3-1100")


def test_worksheet_pdf_shows_every_component_total_answers_findings_and_signatures():
    text = " ".join(pages_text(pdf_bytes(worksheet())))
    assert "KERTAS KERJA PENILAIAN KESEHATAN KSP/USP" in text and "KSP MAJU BERSAMA" in text
    assert "Tabel rasio 5b versi B" in text and "Perdep Deputi Pengawasan No. 06/Per/Dep.6/IV/2016" in text
    for code, (ratio, nilai, bobot, skor) in PRINTED_B.items():
        assert f"{ratio} {nilai} {bobot} {skor}" in text, code
    assert "415.000.000 1.450.000.000 28,62%" in text           # 1a: numerator, denominator, ratio
    assert "200.000.000 135.000.000 148,15%" in text            # 6c: the denominator is a sum
    for aspect, skor in (("Permodalan", "15 12,00"), ("Kualitas Aktiva Produktif", "25 22,00"),
                         ("Manajemen", "15 11,30"), ("Likuiditas", "15 10,00"), ("Jatidiri Koperasi", "10 10,00")):
        assert f"Jumlah aspek {aspect}" in text and skor in text, aspect
    assert "SKOR TOTAL – PREDIKAT: SEHAT 100 81,80" in text
    assert "Skor total 81,80 dari 100; predikat kesehatan: SEHAT" in text
    assert "10 ya dari 12 pertanyaan × 0,25" in text and "Manajemen Umum – 10 ya × 0,25 = 2,50" in text
    for q in (QUESTIONS[0], QUESTIONS[37]):
        assert " ".join(q.text.split())[:60] in text
    assert text.count(" Ya") >= 29 and text.count("Tidak") >= 9
    for finding in FINDINGS:
        assert finding in text
    assert "Lakukan opname kas bulanan dengan berita acara. 30 Juni 2025" in text
    assert "Ikat agunan pinjaman di atas Rp1.000.000 secara notariil. -" in text
    assert "Pejabat Penilai," in text and "Dra. Sri Wahyuni" in text and "Pengurus Koperasi," in text
    assert "10 Maret 2025" in text and "Dicetak 25 November 2026 14:05" in text and "Halaman 1 dari" in text


def test_worksheet_version_a_and_notes_on_manual_and_missing_components(tmp_path):
    a = Assessment(Inputs(**{**MAJU_BERSAMA, "shu_kotor": 0}), ManagementAnswers.from_counts(
        {"umum": 10, "kelembagaan": 5, "permodalan": 3, "aktiva": 7, "likuiditas": 4}), year=2024,
        options=Options(Table5B.A), manual={"4b": ManualNilai(D(50), "SHU kotor nol; nilai dari kertas kerja Dinas")})
    out = worksheet_pdf(worksheet(a, letterhead=Letterhead("KSP Maju Bersama", "", ("Jl. Merdeka 1",), "",
                                                           "Banjarbaru")), tmp_path / "kk.pdf")
    text = " ".join(pages_text(out))
    assert "Tabel rasio 5b versi A" in text and "89,86% 75 5 3,75" in text and "PREDIKAT: SEHAT 100 80,55" in text
    assert "Nilai ditetapkan penilai: SHU kotor nol; nilai dari kertas kerja Dinas" in text
    assert "Rincian jawaban per pertanyaan tidak disimpan" in text         # counts only
    assert "Banjarbaru, 10 Maret 2025" in text and "Jl. Merdeka 1" in text
    incomplete = Assessment(Inputs(**{k: v for k, v in MAJU_BERSAMA.items() if k != "pea"}), None, year=2024)
    text = " ".join(pages_text(pdf_bytes(worksheet(incomplete, findings=(), recommendations=()))))
    assert "PENILAIAN BELUM LENGKAP" in text and "Belum dinilai; kurang: pea" in text
    assert "Tidak ada temuan yang dicatat." in text and "Tidak ada rekomendasi." in text


def test_worksheet_refuses_a_result_of_another_assessment():
    with pytest.raises(ValidationError):
        build_worksheet(assessment(2024), score_year(assessment(2023)), cooperative="KSP Maju Bersama")


def two_years():
    return [score_year(assessment(2024)), score_year(assessment(2023, Table5B.A))]   # any order


def test_summary_snapshot_years_in_order_with_the_trend_and_the_mean():
    s = build_health_summary(two_years(), cooperative="KSP Maju Bersama", examiner="Dra. Sri Wahyuni", now=NOW)
    assert [(y.year, y.total, y.predicate, y.change) for y in s.years] == [
        (2023, D("80.55"), "Sehat", None), (2024, D("81.80"), "Sehat", D("1.25"))]
    assert (s.mean, s.mean_predicate) == (D("81.18"), "Sehat")     # (80.55 + 81.80) / 2 = 81.175 -> 81.18 half-up
    assert s.years[0].aspect_percents[4] == D("58.33") and s.years[1].aspect_percents[4] == D("66.67")
    assert s.aspects[1] == "Kualitas Aktiva Produktif" and s.aspect_skor[1] == D("22.00")


def test_summary_pdf_is_one_page_with_the_aspect_percentages_and_the_trend():
    s = build_health_summary(two_years(), cooperative="KSP Maju Bersama", examiner="Dra. Sri Wahyuni", now=NOW)
    buffer = io.BytesIO()
    assert health_summary_pdf(s, buffer) is buffer
    pages = pages_text(buffer.getvalue())
    assert len(pages) == 1
    text = pages[0]
    assert "RINGKASAN PENILAIAN KESEHATAN KSP/USP" in text and "Tahun buku 2023–2024" in text
    assert "5. Likuiditas 15 10,00 58,33% 66,67% Cukup Sehat" in text
    assert "3. Manajemen 15 11,30 75,33% 75,33% Cukup Sehat" in text
    assert "Skor total / predikat 100 81,80 80,55 81,80 Sehat" in text
    assert "2023 80,55 Sehat" in text and "2024 81,80 +1,25 Sehat" in text and "Rata-rata 81,18 Sehat" in text
    assert "Tahun buku 2024: skor 81,80, predikat SEHAT. Rata-rata 2 tahun: 81,18 (Sehat)" in text
    assert "88,00%" in text and "100,00%" in text                  # the bar labels of the chart
    assert "Pejabat Penilai," in text and "Dra. Sri Wahyuni" in text and "Halaman 1 dari 1" in text


def test_summary_refuses_years_without_a_year_duplicates_or_nothing():
    with pytest.raises(ValidationError):
        build_health_summary([], cooperative="K")
    with pytest.raises(ValidationError):
        build_health_summary([score_year(assessment(2024)), score_year(assessment(2024))], cooperative="K")
    with pytest.raises(ValidationError):
        build_health_summary([score_year(assessment(None))], cooperative="K")
