"""KKPKK 2021 in the health panel of a koperasi workspace, like an examiner uses it: choose the 2021 method, tick a
few checklists, "Hitung dari buku" fills the ratio indicators the books give (and saves the draft), then "Cetak
kertas kerja" and "Cetak ringkasan" preview PDFs whose figures are the record's own score."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from pypdf import PdfReader

from kopdesk.domain.health import kkpkk
from kopdesk.services import closing, health
from kopdesk.ui import printing
from kopdesk.ui.screens.kesehatan import KesehatanPanel
from tests.ui.test_health_panel import session_for, type_into

SHOTS = os.environ.get("KOPDESK_SHOTS")


@pytest.fixture
def kop(tmp_path, qapp):
    from tests.services.test_shu_service import build as build_shu

    k = build_shu(tmp_path)        # 2025 with SHU 60 juta (see test_closing_shu)
    closing.close_year(k.ws, 2025, k.admin)
    yield k
    k.ws.close()


@pytest.fixture
def previews(monkeypatch):
    """The PDFs the panel opens in its preview dialog (path, title), instead of showing the dialog."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, title, *a, **k: shown.append((path, title)))
    return shown


def pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_kkpkk_from_the_books_then_print_worksheet_and_summary(qtbot, kop, fake, previews):
    ws, admin = kop.ws, kop.admin
    panel = KesehatanPanel(session_for(ws, admin))
    qtbot.addWidget(panel)
    panel.resize(1366, 768)
    panel.show()
    panel.load()
    panel.set_method(health.KKPKK)
    sheet = panel.kkpkk_sheet
    assert panel.selected_year() == 2025 and panel.tabs.currentWidget() is sheet
    assert not panel.print_button.isEnabled() and not panel.summary_button.isEnabled()     # nothing saved yet

    # the examiner ticks a few checklists and types one ratio the books cannot give
    type_into(qtbot, panel.examiner, "Dra. Sri Wahyuni; Budi Hartono")
    sheet.set_checklist("TK-II.1", 3, 3)          # legalitas: 3 of 3 -> nilai 1, skor 4
    sheet.set_checklist("TK-I.5", 2, 4)           # kemandirian: 2 of 4 = 50 % -> nilai 3, skor 2
    sheet.set_checklist("PR-2a", 4, 4)
    type_into(qtbot, sheet.editors["PR-1a"][1], "96")   # 95 < x <= 97 -> nilai 2

    panel.hitung_button.click()
    assert not fake.errors(), fake.errors()
    rec = health.get_kkpkk(ws, 2025)
    assert rec is not None and not rec.final and rec.examiner == "Dra. Sri Wahyuni; Budi Hartono"
    derived = health.derive_inputs(ws, 2025)
    sources, left = health.kkpkk_from_books(derived)
    assert set(rec.sources) == set(sources) and {"KK-1a", "KK-2b", "PM-1b"} <= set(sources)
    assert "KK-4a" in left            # no kewajiban lancar in these books: left to the examiner, said on screen
    note = sheet.books_note.text()
    assert note.startswith(f"Dari buku: {len(sources)} rasio terisi") and "KK-4a (Kewajiban lancar = Rp0" in note
    # the books' figures: ROA = SHU after tax / total aset, exactly
    roa = sources["KK-1a"]
    assert roa.numerator == derived.book_figures.shu and roa.denominator == derived.inputs.total_aset
    assert rec.answers["KK-1a"] == kkpkk.Ratio(roa.value)
    # what was typed before survives, checklists stay the examiner's
    assert rec.answers["TK-II.1"] == kkpkk.Checklist(3, 3) and rec.answers["TK-I.5"] == kkpkk.Checklist(2, 4)
    assert rec.answers["PR-1a"].value == 96 and "PR-2b" not in rec.answers
    # the sheet shows the books' ratio and where it came from
    assert sheet.editors["KK-1a"][1].text() == f"{roa.value:.2f}".replace(".", ",")
    assert sheet.table.item(sheet.rows["KK-1a"], sheet.COL_NOTE).text().startswith("Buku: Rp")
    result = health.kkpkk_result(ws, rec)
    assert panel.total_label.text() == f"<b>{str(result.total_rounded).replace('.', ',')}</b>"
    if SHOTS:
        panel.grab().save(os.path.join(SHOTS, "panel-kkpkk.png"))

    # Simpan keeps the exact book ratios and their sources (the sheet shows them rounded)
    panel.assessed_on.setValue(dt.date(2026, 3, 10))
    panel.save_button.click()
    assert not fake.errors(), fake.errors()
    rec = health.get_kkpkk(ws, 2025)
    assert rec.answers["KK-1a"] == kkpkk.Ratio(roa.value) and "KK-1a" in rec.sources
    assert rec.assessed_on == dt.date(2026, 3, 10)

    # print the worksheet: the preview gets a PDF with the record's figures
    assert panel.print_button.isEnabled() and panel.summary_button.isEnabled()
    panel.print_button.click()
    assert not fake.errors(), fake.errors()
    path, title = previews[-1]
    assert "KKPKK" in title
    text = pdf_text(path)
    result = health.kkpkk_result(ws, rec)
    lines = {r.code: r for a in result.aspects for r in a.indicators}
    assert "KERTAS KERJA PEMERIKSAAN KESEHATAN KOPERASI" in text and "KKPKK 2021 versi 1" in text
    assert "3 3 100,00% x > 75 1 4" in text                   # TK-II.1
    assert "2 4 50,00% 25 < x ≤ 50 3 2" in text               # TK-I.5
    assert "96,00% 95 < x ≤ 97 2 3" in text and "Rasio diisi penilai." in text     # PR-1a typed
    roa_row = (f"{roa.numerator:,.0f}".replace(",", ".") + " " + f"{roa.denominator:,.0f}".replace(",", ".")
               + f" {roa.value:.2f}".replace(".", ",") + "%")
    assert roa_row in text and "Dari buku: SHU setelah pajak" in text
    assert f"{lines['KK-1a'].nilai} {lines['KK-1a'].skor}" in text.split(roa_row, 1)[1][:40]
    total = f"{result.total_rounded:.2f}".replace(".", ",")
    assert f"Skor total {total} dari 100; predikat kesehatan: {result.predicate.upper()}" in text
    assert "PEMERIKSAAN BELUM LENGKAP" in text and "Pemeriksa 1," in text and "Budi Hartono" in text
    for a in result.aspects:
        assert f"{a.aspect.name}: Σ skor {sum(r.skor for r in a.indicators if r.skor)}" in text

    panel.summary_button.click()
    path, title = previews[-1]
    text = pdf_text(path)
    assert "RINGKASAN PENILAIAN KESEHATAN" in text and "KKPKK 2021" in text
    assert f"Tahun buku 2025: skor {total}, predikat {result.predicate.upper()}" in text
