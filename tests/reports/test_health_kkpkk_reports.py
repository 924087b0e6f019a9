"""The KKPKK 2021 documents (spec §1.4, kkpkk.md): the examiner's kertas kerja and the one-page summary over years.

A complete example built from kkpkk.md's tables, with its arithmetic written out (kkpkk.md §1.5 "illustrative
calculation", here with real answers):

* Tata Kelola, 17 checklist indicators: 9 fully met (4 of 4 -> 100 % -> nilai 1, skor 4) and 8 with 3 of 4 items
  (75 % -> nilai 2, skor 3): Σ skor = 9 x 4 + 8 x 3 = 60 of 68 -> 88.2352...%.
* Profil Risiko, 21 indicators, every one skor 3: PR-1a 96 % (95 < x <= 97 -> nilai 2), PR-1b 80 % (75 < x <= 85),
  PR-4a 13 % (11 < x <= 15), PR-4b 18 % (15 < x <= 21), and 17 checklists with 3 of 4 items (75 % -> nilai 2):
  Σ skor 63 of 84 -> 75.00 %.
* Kinerja Keuangan, 18 ratios: 6 at skor 4, 6 at skor 3, 6 at skor 2 (see KK below): Σ 54 of 72 -> 75.00 %.
* Permodalan, 4 ratios: PM-1a 35 % (>= 30 -> skor 4), PM-1b 7 % (6 <= x < 8 -> 3), PM-2a 25 % (20 <= x < 30 -> 3),
  PM-2b 130 % (125 < x <= 150 -> nilai 3, skor 2): Σ 12 of 16 -> 75.00 %.
* Total = 0.30 x 88.2352...+ 0.15 x 75 + 0.40 x 75 + 0.15 x 75 = 26.4705... + 11.25 + 30 + 11.25 = 78.9705...
  -> 78.97 -> Cukup Sehat (66 <= x < 80).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from kopdesk.domain.health import kkpkk
from kopdesk.reports import build_kkpkk_summary, build_kkpkk_worksheet, kkpkk_summary_pdf, kkpkk_worksheet_pdf
from kopdesk.services import health
from tests.reports.conftest import NOW, pages_text

TEMPLATE = kkpkk.load_template(1)

# KK: ratio -> expected (nilai, skor), from kkpkk.md §1.4
KK = {
    "KK-1a": ("7,5", 1, 4),       # ROA x >= 7
    "KK-1b": ("8", 2, 3),         # ROE 7.5 <= x < 10
    "KK-1c": ("105", 3, 2),       # KO 100 < x < 110
    "KK-2a": ("70", 1, 4),        # 0 < x < 80
    "KK-2b": ("50", 2, 3),        # 40 <= x < 60
    "KK-3a": ("30", 3, 2),        # 25 <= x < 50
    "KK-3b": ("4", 1, 4),         # < 5
    "KK-3c": ("60", 2, 3),        # 50 <= x < 75
    "KK-4a": ("12", 3, 2),        # 10 <= x < 15
    "KK-4b": ("95", 1, 4),        # >= 90
    "KK-4c": ("110", 2, 3),       # 100 <= x < 125
    "KK-5a": ("5", 3, 2),         # 4 <= x < 7
    "KK-5b": ("12", 1, 4),        # >= 10
    "KK-5c": ("8", 2, 3),         # 7 <= x < 10
    "KK-5d": ("2", 3, 2),         # 1 <= x < 3
    "KK-6a": ("90", 1, 4),        # >= 85
    "KK-6b": ("25", 2, 3),        # 20 <= x < 30
    "KK-6c": ("30", 3, 2),        # 25 <= x < 50
}
PM = {"PM-1a": ("35", 1, 4), "PM-1b": ("7", 2, 3), "PM-2a": ("25", 2, 3), "PM-2b": ("130", 3, 2)}
PR_RATIOS = {"PR-1a": ("96", 2, 3), "PR-1b": ("80", 2, 3), "PR-4a": ("13", 2, 3), "PR-4b": ("18", 2, 3)}
TK_FULL = ("TK-I.1", "TK-I.2", "TK-I.3", "TK-I.4", "TK-I.5", "TK-II.1", "TK-II.2", "TK-II.4", "TK-II.5")


def _checklist(ind: kkpkk.Indicator, full: bool) -> kkpkk.Checklist:
    """Full: every item met (100 % -> skor 4). Otherwise 3 of 4 (75 %), 2 of 3 (66.67 %) or 12 of 17 (70.59 %):
    each 50 < x <= 75 -> nilai 2, skor 3. The items of PR-3a / PR-3b are answered one by one."""
    n = ind.item_count or 4
    if ind.items:
        return kkpkk.Checklist.from_items([True] * n if full else [True, True, False, True])
    if full:
        return kkpkk.Checklist(n, n)
    return kkpkk.Checklist({3: 2, 4: 3, 17: 12}[n], n)


def example_answers() -> dict[str, kkpkk.Answer]:
    """kkpkk.md's tables filled as the module docstring says: TK_FULL are the 9 full TK checklists; the other 8 TK
    (TK-I.6, TK-I.7, TK-II.3 12 of 17, TK-III.1 2 of 3, TK-III.2..5) and all 17 PR checklists score 3."""
    answers: dict[str, kkpkk.Answer] = {}
    for ind in TEMPLATE.indicators:
        if ind.kind == kkpkk.Kind.CHECKLIST:
            answers[ind.code] = _checklist(ind, ind.code in TK_FULL)
    for table in (KK, PM, PR_RATIOS):
        for code, (ratio, _n, _s) in table.items():
            answers[code] = kkpkk.Ratio(D(ratio.replace(",", ".")))
    return answers


def expected_skor(code: str, answer) -> int:
    for table in (KK, PM, PR_RATIOS):
        if code in table:
            return table[code][2]
    return 4 if code in TK_FULL else 3


def test_the_complete_example_scores_78_97_cukup_sehat_by_hand():
    answers = example_answers()
    r = kkpkk.score_assessment(TEMPLATE, answers)
    assert r.complete and len(answers) == 60
    for ind in r.aspects[0].indicators + r.aspects[1].indicators + r.aspects[2].indicators + r.aspects[3].indicators:
        assert ind.skor == expected_skor(ind.code, answers[ind.code]), ind.code
    sums = {a.aspect.code: sum(i.skor for i in a.indicators) for a in r.aspects}
    assert sums == {"TK": 60, "PR": 63, "KK": 54, "PM": 12}
    assert [round(a.percent, 2) for a in r.aspects] == [D("88.24"), D("75.00"), D("75.00"), D("75.00")]
    # 0.30 x 6000/68 + 0.15 x 75 + 0.40 x 75 + 0.15 x 75
    assert r.total_rounded == D("78.97") and r.predicate == "Cukup Sehat"


@pytest.fixture
def saved(book):
    """The example saved as a record (with three ratios from the books), and an earlier year for the summary."""
    ws, admin = book
    sources = {
        "KK-4a": health.RatioSource("KK-4a", D(150_000_000), D(1_250_000_000), "Kas + bank", "Kewajiban lancar",
                                    "Saldo akun bertanda 'kas' dan 'bank' per akhir tahun."),
    }
    answers = example_answers()
    answers["KK-4a"] = kkpkk.Ratio(sources["KK-4a"].value)       # 12 %: nilai 3, skor 2 as in KK
    answers["KK-5d"] = kkpkk.Manual(3, "SHU tahun lalu tidak tersedia; dari laporan RAT 2024")
    rec = health.save_kkpkk(
        ws, 2025, admin, answers=answers, sources=sources, examiner="Dra. Sri Wahyuni; Budi Hartono, S.E.",
        assessed_on=dt.date(2026, 3, 10), findings=[
            health.Finding("Rapat anggota tahunan 2025 terlambat dua bulan."),
            health.Finding("Adakan RAT paling lambat akhir Juni.", "rekomendasi", dt.date(2026, 6, 30))])
    earlier = {code: (kkpkk.Checklist(a.total, a.total) if isinstance(a, kkpkk.Checklist) else a)
               for code, a in answers.items()}
    health.save_kkpkk(ws, 2024, admin, answers=earlier)
    return ws, admin, rec


def _worksheet(ws, rec):
    result = health.kkpkk_result(ws, rec)
    return result, build_kkpkk_worksheet(
        result, rec.answers, cooperative="KSP Maju Bersama", year=rec.year, examiners=rec.examiner.split(";"),
        examined_on=rec.assessed_on, findings=[f.text for f in rec.findings if f.kind == "temuan"],
        recommendations=[(f.text, f.due_on) for f in rec.findings if f.kind == "rekomendasi"], sources=rec.sources,
        now=NOW)


def test_worksheet_pdf_shows_every_indicator_aspect_total_and_predicate_as_scored(saved, tmp_path):
    ws, _admin, rec = saved
    result, report = _worksheet(ws, rec)
    assert rec.sources["KK-4a"].numerator == 150_000_000                  # stored with the record
    out = kkpkk_worksheet_pdf(report, tmp_path / "kkpkk.pdf")
    pages = pages_text(out)
    text = " ".join(pages)
    assert len(pages) >= 3 and f"Halaman 1 dari {len(pages)}" in pages[0]
    assert "KERTAS KERJA PEMERIKSAAN KESEHATAN KOPERASI" in pages[0] and "KSP Maju Bersama" in pages[0]
    assert "KKPKK 2021 versi 1" in pages[0] and "perlu dikonfirmasi Dinas" in pages[0]
    assert ("Bobot aspek Tata Kelola 30 %, Profil Risiko 15 % (dua sumber atau lebih sepakat) dan Kinerja Keuangan "
            "40 %, Permodalan 15 % (hanya dari kode aplikasi): belum dikonfirmasi") in pages[0]

    lines = {i.code: i for a in report.aspects for i in a.indicators}
    for a in result.aspects:
        for r in a.indicators:
            line = lines[r.code]
            assert (line.nilai, line.skor) == (r.nilai, r.skor), r.code
            # each indicator's row: code ... nilai skor, read back from the PDF
            row = f"{r.code} {line.name}"
            assert row[:40] in text, row
    # rows of the PDF text: the ratio, its band, nilai and skor
    assert "96,00% 95 < x ≤ 97 2 3" in text                              # PR-1a
    assert "130,00% 125 < x ≤ 150 3 2" in text                           # PM-2b
    assert "150.000.000 1.250.000.000 12,00% 10 ≤ x < 15 3 2" in text     # KK-4a from the books
    assert "Dari buku: Saldo akun bertanda 'kas' dan 'bank'" in text
    assert "12 17 70,59% 50 < x ≤ 75 2 3" in text                        # TK-II.3 checklist 12 of 17
    assert "Nilai ditetapkan penilai: SHU tahun lalu tidak tersedia" in text and "KK-5d" in text
    # PR-3a: every item with Ya / Tidak
    pr3a = next(i for i in TEMPLATE.indicators if i.code == "PR-3a")
    for n, (item, yes) in enumerate(zip(pr3a.items, [True, True, False, True], strict=True), 1):
        assert f"{n}. {item[:30]}" in text
        assert f"{item[-20:]} {'Ya' if yes else 'Tidak'}" in " ".join(text.split()), item

    # aspect recap and total, equal to kkpkk_result's
    for a, line in zip(result.aspects, report.aspects, strict=True):
        assert line.percent == round(a.percent, 2) and line.contribution == round(a.contribution, 2)
        pct = f"{line.percent:.2f}".replace(".", ",")
        contrib = f"{line.contribution:.2f}".replace(".", ",")
        assert f"{line.skor_sum} / {line.skor_max} {pct}% {contrib} {result.aspect_predicate(a.aspect.code)}" in text
    assert [(a.skor_sum, a.skor_max) for a in report.aspects] == [(60, 68), (63, 84), (54, 72), (12, 16)]
    assert report.total == result.total_rounded == D("78.97") and report.predicate == result.predicate
    assert "Skor total 78,97 dari 100; predikat kesehatan: CUKUP SEHAT" in text
    assert "SKOR TOTAL 78,97 – PREDIKAT: CUKUP SEHAT" in text

    # findings, recommendations with due dates, signatures of both examiners and the cooperative
    assert "Rapat anggota tahunan 2025 terlambat dua bulan." in text
    assert "Adakan RAT paling lambat akhir Juni. 30 Juni 2026" in text
    last = pages[-1]
    assert "Pemeriksa 1," in last and "Pemeriksa 2," in last and "Pengurus Koperasi," in last
    assert "Dra. Sri Wahyuni" in last and "Budi Hartono, S.E." in last and "10 Maret 2026" in last


def test_a_retyped_ratio_drops_its_book_source(saved):
    ws, admin, rec = saved
    rec2 = health.save_kkpkk(ws, 2025, admin, answers={"KK-4a": kkpkk.Ratio(D("16"))})
    assert "KK-4a" not in rec2.sources
    result, report = _worksheet(ws, rec2)
    line = next(i for a in report.aspects for i in a.indicators if i.code == "KK-4a")
    assert line.numerator is None and line.note == "Rasio diisi penilai." and (line.nilai, line.skor) == (2, 3)


def test_incomplete_worksheet_says_so_and_lists_what_is_missing(tmp_path):
    answers = {"TK-I.1": kkpkk.Checklist(4, 4), "KK-1a": kkpkk.Ratio(D("2.5"))}
    result = kkpkk.score_assessment(TEMPLATE, answers)
    report = build_kkpkk_worksheet(result, answers, cooperative="KSP Sejahtera", year=2025, now=NOW)
    text = " ".join(pages_text(kkpkk_worksheet_pdf(report, tmp_path / "x.pdf")))
    assert "PEMERIKSAAN BELUM LENGKAP: 58 indikator belum dinilai" in text
    assert "2,50% x < 3 4 1" in text                      # ROA below 3 %: nilai 4, skor 1
    # TK 4/4 = 100 % x 30 = 30,00; KK 1/4 = 25 % x 40 = 10,00: total 40,00 (provisional)
    assert report.total == D("40.00") and "(sementara, pemeriksaan belum lengkap)" in text
    assert "Pemeriksa," in text and "Belum diisi." in text


def test_summary_over_two_years(saved, tmp_path):
    ws, _admin, rec = saved
    results = {r.year: health.kkpkk_result(ws, r) for r in health.kkpkk_history(ws)}
    report = build_kkpkk_summary(results, cooperative="KSP Maju Bersama", examiner="Dra. Sri Wahyuni", now=NOW)
    pages = pages_text(kkpkk_summary_pdf(report, tmp_path / "ringkasan.pdf"))
    assert len(pages) == 1
    text = pages[0]
    r24, r25 = results[2024], results[2025]
    # 2024: every checklist full (skor 4): TK 100 %, PR (17 x 4 + 4 x 3) / 84 = 95,24 %; KK and PM as 2025
    assert [round(a.percent, 2) for a in r24.aspects] == [D("100.00"), D("95.24"), D("75.00"), D("75.00")]
    assert r24.total_rounded == D("85.54") and r24.predicate == "Sehat"   # 30 + 14.2857 + 30 + 11.25 = 85.5357
    assert r25.total_rounded == D("78.97")
    assert "Tahun buku 2025: skor 78,97, predikat CUKUP SEHAT" in text
    assert "Rata-rata 2 tahun: 82,25 (Sehat)" in text          # (85.5357 + 78.9706) / 2 = 82.2532
    for y, r in results.items():
        for a in r.aspects:
            assert f"{a.percent:.2f}".replace(".", ",") + "%" in text, (y, a.aspect.code)
    assert "Tata Kelola 30 26,47 100,00% 88,24% Sehat" in text     # skor 2025 = 30 x 88.24 % = 26.47
    assert "2024 85,54 Sehat" in text and "2025 78,97 -6,57 Cukup Sehat" in text
    assert "perlu dikonfirmasi Dinas" in text and "KKPKK 2021" in text
