"""Year-end and SHU like a treasurer: the Laporan statements, the year-end wizard closing 2025, the SHU screen
(allocation, preview, approve, post, pay to sukarela), checked through the services."""

from __future__ import annotations

import datetime as dt

from kopdesk.ui import printing
from tests.builders import post

D = dt.date


def test_laporan_lists_the_statements_and_previews_them(qtbot, window, fake, tmp_path):
    ws, admin = window.session.ws, window.session.user
    post(ws, admin, D(2026, 1, 5), "Saldo awal", ("1-1100", 5_000_000, 0), ("3-2100", 0, 5_000_000), series="JS")
    laporan = window.view.go("laporan")
    names = [p.name for p in laporan.params]
    for name in ("Laporan Posisi Keuangan", "Perhitungan Hasil Usaha", "Laporan Perubahan Ekuitas",
                 "Laporan Arus Kas", "Laporan Keuangan Lengkap", "Daftar Pembagian SHU", "Slip SHU Anggota",
                 "Anggaran vs Realisasi"):
        assert name in names
    p = laporan.select("Laporan Posisi Keuangan")
    p.period.year.setValue(2026)
    assert laporan.excel_button.isEnabled()
    laporan._go(printing.preview)
    dlg = laporan._preview
    assert dlg.document.pageCount() >= 1 and "Laporan Posisi Keuangan" in dlg.windowTitle()
    dlg.close()
    fake.answer_path = str(tmp_path / "phu.xlsx")
    laporan.select("Perhitungan Hasil Usaha").period.year.setValue(2026)
    laporan.export_excel()
    assert (tmp_path / "phu.xlsx").stat().st_size > 0
    laporan.select("Slip SHU Anggota")
    assert not laporan.excel_button.isEnabled()
    assert laporan.current_params().doc() is None        # no member picked: said in place
    assert "anggota" in laporan.current_params().problem.text().lower()
    assert not fake.errors()
