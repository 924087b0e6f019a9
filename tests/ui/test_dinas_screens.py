"""The Dinas field kit, used like an officer would: register a cooperative, record a visit with a problem and a
recommendation, add a follow-up, try one dated before the visit (refused in place), then check the database. And
every Dinas screen opens on the demo office without an error."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.dinas import FollowUpStatus
from kopdesk.services import dinas
from kopdesk.services import workspace as ws_svc
from kopdesk.ui.style import is_marked_invalid

OFFICE = CoopProfile(name="Dinas Koperasi dan UKM Kota Banjarbaru", kabupaten_kota="Kota Banjarbaru",
                     signing_city="Banjarbaru")


@pytest.fixture
def office(tmp_path):
    ws, admin = ws_svc.create_workspace(tmp_path / "dinas.kopdesk", kind=WorkspaceKind.DINAS, profile=OFFICE,
                                        admin_full_name="Rahmat Hidayat")
    yield ws, admin
    ws.close()


@pytest.fixture
def dwin(qtbot, office, fake):
    from kopdesk.ui.main_window import MainWindow

    ws, admin = office
    win = MainWindow()
    win.runner.synchronous = True
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.open_workspace(ws, admin)
    win.show()
    yield win
    win.session = None


def test_officer_registers_a_cooperative_records_a_visit_and_follows_up(qtbot, dwin, office, fake):
    ws, admin = office
    view = dwin.view
    assert view.keys == ["beranda", "koperasi", "kunjungan", "pemantauan", "laporan", "pengaturan"]

    # Pengaturan > Petugas: the officer registers herself
    settings = view.go("pengaturan")
    settings.tabs.setCurrentWidget(settings.petugas)
    dlg = settings.petugas.edit(None)
    qtbot.keyClicks(dlg.name, "Rina Marlina")
    qtbot.keyClicks(dlg.nip, "19800315200501200")           # 17 digits: refused in place
    assert is_marked_invalid(dlg.nip) and not dlg.ok_button.isEnabled()
    qtbot.keyClicks(dlg.nip, "3")
    qtbot.keyClicks(dlg.position, "Pengawas Koperasi Ahli Muda")
    assert dlg.ok_button.isEnabled()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    officers = dinas.list_officers(ws)
    assert [(o.name, o.nip) for o in officers] == [("Rina Marlina", "198003152005012003")]
    assert settings.petugas.table.model.rowCount() == 1

    # Koperasi Binaan > Koperasi baru: a wrong NIK koperasi is refused in place, then corrected
    registry = view.go("koperasi")
    dlg = registry.new_coop()
    assert not dlg.ok_button.isEnabled()                      # no name yet
    qtbot.keyClicks(dlg.edits["name"], "KSP Maju Bersama")
    qtbot.keyClicks(dlg.edits["nik_koperasi"], "637201000001234")
    assert is_marked_invalid(dlg.edits["nik_koperasi"]) and not dlg.ok_button.isEnabled()
    assert "NIK koperasi harus 16 digit" in dlg.problems_label.text()
    qtbot.keyClicks(dlg.edits["nik_koperasi"], "5")
    qtbot.keyClicks(dlg.edits["kecamatan"], "Banjarbaru Utara")
    dlg.male.setValue(120)
    dlg.female.setValue(95)
    dlg.officials.item(0, 1).setText("H. Abdul Karim")
    dlg.officials.item(0, 2).setText("081234567890")
    assert dlg.ok_button.isEnabled()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    coops = dinas.list_cooperatives(ws)
    assert len(coops) == 1
    coop = coops[0]
    assert (coop.name, coop.nik_koperasi, coop.kecamatan, coop.members) == (
        "KSP Maju Bersama", "6372010000012345", "Banjarbaru Utara", 215)
    assert [(o.role, o.name, o.phone) for o in coop.officials] == [("ketua", "H. Abdul Karim", "081234567890")]
    assert registry.stack.currentWidget() is registry.detail      # the new cooperative's page opens
    assert registry.detail.heading.text() == "KSP Maju Bersama"

    # Catat kunjungan from the cooperative's page: the visit form opens on Kunjungan with the cooperative chosen
    qtbot.mouseClick(registry.detail.visit_button, Qt.MouseButton.LeftButton)
    visits_screen = view.screen("kunjungan")
    dlg = visits_screen.dialog
    assert dlg.coop.value() == coop.key
    assert not dlg.ok_button.isEnabled()                      # no officer ticked yet
    dlg.visited_on.setValue(dt.date(2025, 9, 2))
    qtbot.keyClicks(dlg.start_time, "9:00")                   # wrong form: refused in place
    assert is_marked_invalid(dlg.start_time) and not dlg.ok_button.isEnabled()
    dlg.start_time.clear()
    qtbot.keyClicks(dlg.start_time, "09:00")
    qtbot.keyClicks(dlg.end_time, "11:30")
    dlg.officers.item(0).setCheckState(Qt.CheckState.Checked)
    dlg.reps.item(0, 0).setText("H. Abdul Karim")
    dlg.answers["rat_diadakan"].setCurrentIndex(1)            # Ya
    dlg.answers["buku_mutakhir"].setCurrentIndex(2)           # Tidak
    qtbot.keyClicks(dlg.observations, "Buku kas dicatat sampai Juli.")
    row = dlg.add_problem_row()
    dlg.problems_table.cellWidget(row, 0).setCurrentIndex(dlg.problems_table.cellWidget(row, 0).findData("keuangan"))
    dlg.problems_table.item(row, 1).setText("Pembukuan terlambat dua bulan")
    row = dlg.add_rec_row()
    dlg.recs_table.item(row, 0).setText("Mutakhirkan buku kas dan buku besar")
    dlg.recs_table.item(row, 1).setText("Siti Rahmah (Bendahara)")
    dlg.recs_table.item(row, 2).setText("01-09-2025")             # before the visit: refused in place
    assert not dlg.ok_button.isEnabled()
    assert any("tidak boleh sebelum tanggal kunjungan" in p for p in dlg.problems())
    dlg.recs_table.item(row, 2).setText("31-10-2025")
    assert dlg.ok_button.isEnabled(), dlg.problems()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert fake.errors() == []
    visits = dinas.list_visits(ws, coop_key=coop.key)
    assert len(visits) == 1
    v = visits[0]
    assert (v.visited_on, v.start_time, v.end_time) == (dt.date(2025, 9, 2), "09:00", "11:30")
    assert [o.name for o in v.officers] == ["Rina Marlina"]
    assert v.representatives == (("H. Abdul Karim", "Ketua"),)
    assert v.checklist["rat_diadakan"] is True and v.checklist["buku_mutakhir"] is False
    assert [(p.category, p.description) for p in v.problems] == [("keuangan", "Pembukuan terlambat dua bulan")]
    assert [(r.text, r.pic, r.due_on, r.status) for r in v.recommendations] == [
        ("Mutakhirkan buku kas dan buku besar", "Siti Rahmah (Bendahara)", dt.date(2025, 10, 31),
         FollowUpStatus.TERBUKA)]
    assert visits_screen.stack.currentWidget() is visits_screen.detail   # the new visit's page

    # a follow-up dated before the visit is refused in place; nothing is written
    detail = visits_screen.detail
    detail.recs.select_row(0)
    dlg = detail.follow_up(detail.recs.current_record())
    dlg.on.setValue(dt.date(2025, 8, 30))
    assert not dlg.ok_button.isEnabled()
    assert is_marked_invalid(dlg.on)
    assert dlg.on_error.isVisible() and "tidak boleh sebelum tanggal kunjungan" in dlg.on_error.text()
    assert dinas.get_recommendation(ws, v.recommendations[0].id).history == ()
    # the service refuses it too, with the same meaning, when asked directly
    from kopdesk.domain.errors import ValidationError
    with pytest.raises(ValidationError, match="tidak boleh sebelum"):
        dinas.add_follow_up(ws, admin, v.recommendations[0].id, on=dt.date(2025, 8, 30),
                            status=FollowUpStatus.PROSES)

    # corrected: in progress on 15 October
    dlg.on.setValue(dt.date(2025, 10, 15))
    dlg.status.setCurrentIndex(dlg.status.findData("proses"))
    qtbot.keyClicks(dlg.note, "Buku kas sudah sampai September")
    qtbot.keyClicks(dlg.evidence, "foto buku kas")
    assert dlg.ok_button.isEnabled()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    rec = dinas.get_recommendation(ws, v.recommendations[0].id)
    assert [(f.on, f.status, f.note, f.evidence) for f in rec.history] == [
        (dt.date(2025, 10, 15), FollowUpStatus.PROSES, "Buku kas sudah sampai September", "foto buku kas")]
    assert rec.status == FollowUpStatus.PROSES
    assert "15-10-2025 Dalam proses" in detail.history.text()
    assert detail.recs.model.records[0].status == FollowUpStatus.PROSES

    # the monitoring list shows it overdue (due 31-10-2025) once that day has passed
    pemantauan = view.go("pemantauan")
    pemantauan.show_tab("overdue")
    pemantauan.refresh()
    expected = dinas.overdue_recommendations(ws, dt.date.today())
    assert [r.id for r in pemantauan.overdue.table.model.records] == [r.id for r in expected]
    assert len(expected) == 1


def test_settings_refuse_nothing_silently_and_save(qtbot, dwin, office):
    ws, _admin = office
    settings = dwin.view.go("pengaturan")
    settings.tabs.setCurrentWidget(settings.aturan)
    aturan = settings.aturan
    aturan.threshold.setCurrentIndex(aturan.threshold.findData(2))
    aturan.months.setValue(9)
    aturan.size_mb.setValue(2.0)
    qtbot.mouseClick(aturan.save_button, Qt.MouseButton.LeftButton)
    st = dinas.get_settings(ws)
    assert (st.inactive_threshold_years, st.not_visited_months, st.attachment_max_bytes) == (2, 9, 2 * 1024 * 1024)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from kopdesk.services.demo_dinas import build_dinas_demo

    return build_dinas_demo(tmp_path_factory.mktemp("demo") / "dinas-demo.kopdesk", today=dt.date(2026, 11, 25))


def test_every_dinas_screen_opens_on_the_demo(qtbot, demo_path, fake, tmp_path):
    import shutil

    from kopdesk.services import users as users_svc
    from kopdesk.ui.main_window import MainWindow

    path = tmp_path / "demo.kopdesk"
    shutil.copyfile(demo_path, path)
    ws = ws_svc.open_workspace(path)
    admin = next(u for u in users_svc.list_users(ws) if u.role.value == "admin")
    win = MainWindow()
    win.runner.synchronous = True
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.open_workspace(ws, admin)
    win.show()
    try:
        view = win.view
        assert view.keys == ["beranda", "koperasi", "kunjungan", "pemantauan", "laporan", "pengaturan"]
        assert "Dinas Koperasi" in win.status_labels["coop"].text() and win.status_labels["year"].text() == ""
        beranda = view.screen("beranda")
        d = dinas.dashboard(ws, dt.date.today())
        assert beranda.cards["total"].value.text() == str(d.total)
        assert beranda.cards["overdue"].value.text() == str(d.overdue_follow_ups)
        registry = view.go("koperasi")
        assert registry.list.table.model.rowCount() == len(dinas.list_cooperatives(ws)) >= 50
        registry.list.table.search.setText("KSP")
        assert 0 < registry.list.table.proxy.rowCount() < registry.list.table.model.rowCount()
        key = registry.list.table.model.records[0].key
        detail = registry.show_coop(key)
        detail.tabs.setCurrentWidget(detail.health_page)
        assert detail.health_panel is not None
        kunjungan = view.go("kunjungan")
        kunjungan.list.date_from.setValue(dt.date(2000, 1, 1))
        assert kunjungan.list.table.model.rowCount() == len(dinas.list_visits(
            ws, date_from=dt.date(2000, 1, 1), date_to=kunjungan.list.date_to.value()))
        vis = kunjungan.list.table.model.records[0]
        kunjungan.show_visit(vis.id)
        assert kunjungan.detail.recs.model.rowCount() == len(vis.recommendations)
        pem = view.go("pemantauan")
        for key in ("overdue", "not_visited", "rat", "inactive", "coaching"):
            tab = pem.show_tab(key)
            pem.refresh()
            assert tab.table.model.rowCount() >= 0
        assert pem.coaching.table.model.rowCount() == len(dinas.list_cooperatives(ws))
        view.go("laporan")
        view.go("pengaturan")
        assert fake.errors() == []
    finally:
        win.runner.wait()
        win.session = None
        ws.close()


def test_a_dinas_workspace_is_created_from_the_welcome_screen(qtbot, fake, tmp_path):
    from kopdesk.ui.welcome import WelcomeScreen

    welcome = WelcomeScreen()
    qtbot.addWidget(welcome)
    opened: list[str] = []
    welcome.recent_requested.connect(opened.append)
    dlg = welcome.create_dinas()
    qtbot.keyClicks(dlg.office, "Dinas Koperasi dan UKM Kota Banjarbaru")
    qtbot.keyClicks(dlg.full_name, "Rahmat Hidayat")
    qtbot.keyClicks(dlg.password, "rahasia1")
    qtbot.keyClicks(dlg.password2, "rahasia2")                  # different: refused in place
    assert not dlg.ok_button.isEnabled() and is_marked_invalid(dlg.password2)
    dlg.password2.clear()
    qtbot.keyClicks(dlg.password2, "rahasia1")
    dlg.file.setText(str(tmp_path / "dinas-banjarbaru.kopdesk"))
    dlg.file.setModified(True)
    assert dlg.ok_button.isEnabled(), dlg.problems()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path / "dinas-banjarbaru.kopdesk")]
    ws = ws_svc.open_workspace(opened[0])
    try:
        assert ws.kind == WorkspaceKind.DINAS
        from kopdesk.services import profile

        assert profile.get_profile(ws).name == "Dinas Koperasi dan UKM Kota Banjarbaru"
    finally:
        ws.close()
