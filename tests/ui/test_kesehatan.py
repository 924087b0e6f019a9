"""Penilaian Kesehatan tab: on the year closed as in test_closing_shu, Hitung dari buku shows the components and the
total the service stored, and the kertas kerja builds a PDF."""

from __future__ import annotations

from kopdesk.domain.health.scoring import Method
from kopdesk.services import closing, health
from kopdesk.ui.screens.kesehatan import _dec


def test_kesehatan_tab_hitung_then_print(qtbot, window, fake, tmp_path):
    from tests.services.test_shu_service import build as build_shu

    k = build_shu(tmp_path)        # 2025 with SHU 60 juta, months locked (as in test_closing_shu)
    closing.close_year(k.ws, 2025, k.admin)
    window.open_workspace(k.ws, k.admin)
    ws = window.session.ws
    section = window.view.go("tutup_buku")
    section.tabs.setCurrentWidget(section.kesehatan)
    scr = section.kesehatan
    assert section.tabs.tabText(section.tabs.currentIndex()) == "Penilaian Kesehatan"
    assert [scr.year.itemData(i) for i in range(scr.year.count())] == [2025]   # closed years only
    assert not scr.print_button.isEnabled()
    scr.examiner.setText("Ibu Pemeriksa")
    scr.hitung_button.click()
    assert not fake.errors(), fake.errors()
    rec = health.get(ws, 2025, Method.PERDEP06_2016)
    assert rec is not None and rec.examiner == "Ibu Pemeriksa"
    assert scr.total_label.text() == f"<b>{_dec(rec.total)}</b>"
    assert scr.predicate_label.text() == f"<b>{rec.predicate}</b>"
    assert scr.components.model.rowCount() == len(health.year_result(rec).components) > 0
    assert len(scr.rows) == len(health.derive_inputs(ws, 2025).derivations)

    scr.examiner.setText("Pak Pemeriksa")
    scr.save_button.click()
    assert health.get(ws, 2025, Method.PERDEP06_2016).examiner == "Pak Pemeriksa"

    doc = scr.worksheet_doc()
    out = doc.make(tmp_path / "kk.pdf")
    assert (tmp_path / "kk.pdf").read_bytes()[:4] == b"%PDF"
    scr.print_worksheet()
    dlg = scr._preview
    assert dlg.document.pageCount() >= 1 and "Kertas Kerja" in dlg.windowTitle()
    dlg.close()
    assert out is not None and not fake.errors(), fake.errors()
