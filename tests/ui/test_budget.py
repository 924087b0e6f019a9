"""The RAPB tab of Tutup Buku & SHU like a treasurer: type two amounts ("1.500.000", "1,5jt"), save, copy from last
year's realisation plus growth, print; a read-only user sees the table without editing or buttons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from tests.builders import post

D = dt.date
LEFT = Qt.MouseButton.LeftButton


def _books(ws, admin):
    post(ws, admin, D(2025, 1, 2), "Saldo awal", ("1-1100", 100_000_000, 0), ("3-2100", 0, 100_000_000),
         series="JS")
    for m in range(1, 13):
        post(ws, admin, D(2025, m, 15), "Jasa pinjaman", ("1-1100", 2_000_000, 0), ("4-1100", 0, 2_000_000))
        post(ws, admin, D(2025, m, 25), "Gaji", ("6-1100", 800_000, 0), ("1-1100", 0, 800_000))
    post(ws, admin, D(2025, 3, 10), "RAT 2025", ("7-1100", 2_500_000, 0), ("1-1100", 0, 2_500_000))
    post(ws, admin, D(2026, 2, 15), "Jasa pinjaman", ("1-1100", 2_500_000, 0), ("4-1100", 0, 2_500_000))


def _open(window):
    section = window.view.go("tutup_buku")
    section.tabs.setCurrentWidget(section.anggaran)
    scr = section.anggaran
    scr.year.setValue(2026)
    return scr


def test_type_two_amounts_and_save(qtbot, window, fake):
    from kopdesk.services import budget

    ws, admin = window.session.ws, window.session.user
    _books(ws, admin)
    scr = _open(window)
    assert scr.table.horizontalHeaderItem(2).text() == "Realisasi 2025"
    r = scr.row_of["4-1100"]
    assert scr.table.item(r, 2).text() == "24.000.000" and scr.table.item(r, 4).text() == "2.500.000"
    assert not scr.save_button.isEnabled()
    assert scr.table.item(r, 3).flags() & Qt.ItemFlag.ItemIsEditable
    scr.set_budget_text("4-1100", "30.000.000")
    scr.set_budget_text("6-1100", "1,5jt")
    assert scr.table.item(scr.row_of["6-1100"], 3).text() == "1.500.000"
    assert scr.table.item(r, 6).text() == "8,3%"
    assert "SHU dianggarkan Rp28.500.000" in scr.footer.text()
    # a typing error is said in place and keeps Simpan disabled
    scr.set_budget_text("7-1100", "dua juta")
    assert not scr.save_button.isEnabled() and "bukan jumlah rupiah" in scr.problem.text()
    scr.set_budget_text("7-1100", "")
    assert scr.save_button.isEnabled()
    qtbot.mouseClick(scr.save_button, LEFT)
    assert not fake.errors(), fake.errors()
    assert budget.get_budget(ws, 2026).lines == (("4-1100", "Partisipasi - jasa pinjaman anggota", 30_000_000),
                                                 ("6-1100", "Gaji, honor & tunjangan karyawan", 1_500_000))
    assert not scr.save_button.isEnabled() and not scr.changed()
    # changing the year with typed amounts asks first; "Kembali" keeps the year
    scr.set_budget_text("6-1100", "2jt")
    fake.answer_confirm = False
    scr.year.setValue(2027)
    assert scr.year.value() == 2026 and scr.changed() == {"6-1100": 2_000_000}
    assert any(t == "Anggaran belum disimpan" for _k, t, _x in fake.seen)
    fake.answer_confirm = True
    scr.year.setValue(2027)
    assert scr.loaded_year == 2027 and not scr.changed()


def test_copy_from_last_years_actual_with_growth(qtbot, window, fake):
    from kopdesk.services import budget

    ws, admin = window.session.ws, window.session.user
    _books(ws, admin)
    scr = _open(window)
    scr.set_budget_text("6-1100", "5jt")
    scr.growth.setValue(10)
    qtbot.mouseClick(scr.copy_button, LEFT)
    assert any(kind == "confirm" and "diganti" in text for kind, _t, text in fake.seen)
    assert not fake.errors(), fake.errors()
    assert budget.get_budget(ws, 2026).lines == (("4-1100", "Partisipasi - jasa pinjaman anggota", 26_400_000),
                                                 ("6-1100", "Gaji, honor & tunjangan karyawan", 10_560_000),
                                                 ("7-1100", "Beban RAT / rapat anggota", 2_750_000))
    assert scr.table.item(scr.row_of["4-1100"], 3).text() == "26.400.000"
    assert scr.table.item(scr.row_of["6-1100"], 3).text() == "10.560.000"
    assert not scr.changed() and not scr.save_button.isEnabled()
    assert f"SHU dianggarkan Rp{26_400_000 - 10_560_000 - 2_750_000:,}".replace(",", ".") in scr.footer.text()


def test_read_only_user_cannot_edit(qtbot, window, fake):
    from kopdesk.domain.users import Role
    from kopdesk.services import budget, users
    from kopdesk.ui.screens.anggaran import AnggaranScreen
    from kopdesk.ui.session import Session

    ws, admin = window.session.ws, window.session.user
    _books(ws, admin)
    budget.set_budget(ws, 2026, {"4-1100": 30_000_000}, admin)
    viewer, _ = users.add_user(ws, username="pengawas", full_name="Pak Pengawas", role=Role.PENGAWAS, password=None,
                               by=admin)
    scr = AnggaranScreen(Session(ws, viewer, window.runner, window.events))
    qtbot.addWidget(scr)
    scr.show()
    scr.year.setValue(2026)
    cell = scr.table.item(scr.row_of["4-1100"], 3)
    assert cell.text() == "30.000.000"
    assert not cell.flags() & Qt.ItemFlag.ItemIsEditable
    assert not scr.actions.isVisibleTo(scr)
    assert not scr.save_button.isVisibleTo(scr) and not scr.copy_button.isVisibleTo(scr)
