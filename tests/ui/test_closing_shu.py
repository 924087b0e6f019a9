"""Year-end and SHU like a treasurer: the Laporan statements, the year-end wizard closing 2025, the SHU screen
(allocation, preview, approve, post, pay to sukarela), checked through the services."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from kopdesk.ui import printing
from tests.builders import post

D = dt.date
LEFT = Qt.MouseButton.LeftButton


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


def test_year_end_wizard_then_shu_allocation_approve_post_and_pay(qtbot, window, fake, tmp_path, monkeypatch):
    from dataclasses import replace as dc_replace

    from kopdesk.domain.users import Role
    from kopdesk.services import closing, ledger, shu, users
    from kopdesk.services.check import check_workspace
    from tests.services.test_shu_service import build as build_shu

    k = build_shu(tmp_path)        # 2025 with SHU 60 juta, months locked (services, as in the service tests)
    window.open_workspace(k.ws, k.admin)
    ws = window.session.ws
    shu.save_settings(ws, dc_replace(shu.get_settings(ws)), k.admin)
    section = window.view.go("tutup_buku")
    tb = section.tutup_buku
    tb.year.setValue(2025)
    assert "belum ditutup" in tb.status.text()
    dlg = tb.open_wizard()
    assert dlg.months_table.model.rowCount() == 12
    qtbot.mouseClick(dlg.next_button, LEFT)
    assert dlg.preview.ok and dlg.finish_button.isEnabled() and dlg.finish_button.text() == "Tutup buku tahun 2025"
    assert dlg.preview.shu == 60_000_000
    qtbot.mouseClick(dlg.finish_button, LEFT)
    assert closing.is_closed(ws, 2025)
    assert any(t == "Tutup buku selesai" for _k, t, _x in fake.seen)
    assert "sudah ditutup" in tb.status.text()

    section.tabs.setCurrentWidget(section.shu)
    scr = section.shu
    scr.year_spin.setValue(2025)
    assert scr.list is not None and scr.list.status == "pratinjau"
    # a total that is not 100 % keeps Simpan disabled and says why
    scr.allocation.spins["cadangan"].setValue(30)
    assert not scr.allocation.save_button.isEnabled()
    assert "harus 100%" in scr.allocation.problem.text() and scr.allocation.problem.isVisibleTo(scr)
    scr.allocation.spins["cadangan"].setValue(40)
    assert scr.allocation.save_button.isEnabled()
    qtbot.mouseClick(scr.allocation.save_button, LEFT)
    assert not shu.get_allocation(ws, 2025).from_adart
    siti = scr.list.row(k.siti.id)
    assert (siti.jasa_modal, siti.jasa_usaha) == (120_000, 60_000)
    assert scr.table.model.rowCount() == 3
    # approve, post (journal lines shown first), pay all to sukarela
    scr.decision.setText("03/RAT/2026")
    qtbot.mouseClick(scr.approve_button, LEFT)
    assert scr.list.status == "disetujui" and scr.list.decision_ref == "03/RAT/2026"
    assert scr.post_button.isEnabled() and not scr.approve_button.isEnabled()
    scr.post_date.setValue(D(2026, 3, 28))
    qtbot.mouseClick(scr.post_button, LEFT)
    shown = [t for kind, title, t in fake.seen if kind == "confirm" and title == "Bukukan pembagian SHU?"]
    assert shown and "Debit" in shown[0] and "Kredit" in shown[0]
    assert scr.list.status == "dibukukan"
    scr.pay_date.setValue(D(2026, 4, 1))
    scr.pay_method.setCurrentIndex(scr.pay_method.findData("sukarela"))
    qtbot.mouseClick(scr.pay_button, LEFT)
    assert not fake.errors(), fake.errors()
    lst = shu.shu_list(ws, 2025)
    assert lst.total_unpaid == 0 and all(r.paid_method == "sukarela" for r in lst.rows if r.total)
    credits = sum(r.total for r in lst.rows)          # what the members received
    pools = sum(p.amount for p in lst.pools if p.key not in ("jasa_modal", "jasa_usaha"))
    assert credits + pools + lst.residue == lst.shu
    assert ledger.trial_balance(ws, D(2030, 12, 31)).balanced
    assert check_workspace(ws.path).ok
    assert not scr.pay_button.isEnabled()

    # a read-only user sees no action buttons
    viewer, _ = users.add_user(ws, username="pengawas", full_name="Pak Pengawas", role=Role.PENGAWAS, password=None,
                               by=k.admin)
    from kopdesk.ui.screens.tutup_buku import TutupBukuShuScreen
    from kopdesk.ui.session import Session

    ro = TutupBukuShuScreen(Session(ws, viewer, window.runner, window.events))
    qtbot.addWidget(ro)
    ro.show()
    ro.tabs.setCurrentWidget(ro.shu)
    ro.shu.year_spin.setValue(2025)
    assert not ro.tutup_buku.wizard_button.isVisibleTo(ro) and not ro.tutup_buku.reopen_button.isVisibleTo(ro)
    assert not ro.shu.actions.isVisibleTo(ro.shu)
    assert not ro.shu.allocation.save_button.isVisibleTo(ro.shu)
