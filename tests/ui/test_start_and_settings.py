"""Creating a workspace, signing in, settings, the runner, the table models, and the smoke start."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.users import Role
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import profile as profile_svc
from kopdesk.services import users as users_svc
from kopdesk.services import workspace as ws_svc
from kopdesk.ui import config
from kopdesk.ui.events import AppEvents
from kopdesk.ui.runner import Runner
from kopdesk.ui.tables import SORT_ROLE, Column, RecordTableModel, SearchableTable
from tests.builders import post


def test_wizard_creates_the_workspace_with_the_typed_name(qtbot, tmp_path, fake):
    from kopdesk.ui.dialogs.wizard import CreateWizard

    wz = CreateWizard()
    qtbot.addWidget(wz)
    wz.show()
    assert not wz.button(QWizard.WizardButton.NextButton).isEnabled()  # the name is required
    qtbot.keyClicks(wz.identity.name, "KSP Sumber Rejeki")
    wz.identity.fy_month.setCurrentIndex(6)
    qtbot.mouseClick(wz.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wz.address.postal, "707")
    assert not wz.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "5 digit" in wz.address.error.text()
    qtbot.keyClicks(wz.address.postal, "14")
    qtbot.mouseClick(wz.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    wz.adart.pokok.setText("150rb")
    qtbot.mouseClick(wz.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wz.admin.full_name, "Rahmawati")
    qtbot.keyClicks(wz.admin.password, "rahasia1")
    qtbot.keyClicks(wz.admin.password2, "rahasia2")
    assert not wz.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "tidak sama" in wz.admin.error.text()
    wz.admin.password2.setText("rahasia1")
    qtbot.mouseClick(wz.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    wz.file.path.setText(str(tmp_path / "sumber-rejeki"))
    qtbot.mouseClick(wz.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wz.workspace is not None, fake.errors()
    try:
        assert wz.workspace.path == tmp_path / "sumber-rejeki.kopdesk"
        p = profile_svc.get_profile(wz.workspace)
        assert p.name == "KSP Sumber Rejeki" and p.postal_code == "70714" and p.fiscal_year_start_month == 7
        assert profile_svc.get_adart(wz.workspace).simpanan_pokok == 150_000
        assert users_svc.login_required(wz.workspace)
        assert users_svc.login(wz.workspace, "admin", "rahasia1").full_name == "Rahmawati"
    finally:
        wz.workspace.close()


def test_login_dialog_refuses_a_wrong_password(qtbot, book, fake):
    from kopdesk.ui.dialogs.login import LoginDialog

    ws, admin = book
    users_svc.set_password(ws, admin.id, "rahasia1", admin)
    dlg = LoginDialog(ws)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.password, "salah123")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.user is None and dlg.isVisible()
    assert dlg.error.text() == "Nama pengguna atau kata sandi salah."
    dlg.password.setText("rahasia1")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.user is not None and dlg.user.id == admin.id
    assert dlg.result() == dlg.DialogCode.Accepted


def test_adart_saves_and_refuses_allocation_not_100(qtbot, window, fake):
    settings = window.view.go("pengaturan")
    settings.tabs.setCurrentWidget(settings.adart)
    screen = settings.adart
    ws = window.session.ws
    before = profile_svc.get_adart(ws)
    screen.alloc["cadangan"].setText("30")
    assert not screen.save_button.isEnabled()
    assert "90,00%" in screen.total.text()
    assert "100%" in screen.error.text()
    screen.save()  # even if called, nothing is written
    assert profile_svc.get_adart(ws) == before

    screen.alloc["cadangan"].setText("40")
    screen.alloc["dana_sosial"].setText("2,5")
    screen.pokok.setText("150rb")
    assert screen.save_button.isEnabled()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    after = profile_svc.get_adart(ws)
    assert after.simpanan_pokok == 150_000
    assert after.shu_allocation["dana_sosial"] == Decimal("2.5")
    assert sum(after.shu_allocation.values()) == 100


def test_profile_saves_and_updates_title(qtbot, window):
    settings = window.view.go("pengaturan")
    screen = settings.profil
    screen.edits["name"].setText("KSP Maju Jaya")
    screen.edits["nib"].setText("123")
    assert not screen.save_button.isEnabled() and "NIB" in screen.error.text()
    screen.edits["nib"].setText("")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert profile_svc.get_profile(window.session.ws).name == "KSP Maju Jaya"
    assert window.windowTitle() == "KopDesk - KSP Maju Jaya"


def test_officials_add_and_deactivate(qtbot, window, fake):
    settings = window.view.go("pengaturan")
    settings.tabs.setCurrentWidget(settings.pengurus)
    dlg = settings.pengurus.add()
    dlg.role.setEditText("Bendahara")
    qtbot.keyClicks(dlg.name, "Rahmawati")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    [o] = profile_svc.list_officials(window.session.ws)
    assert (o.name, o.role, o.active) == ("Rahmawati", "Bendahara", True)
    settings.pengurus.table.select_row(0)
    settings.pengurus.deactivate_selected()
    assert profile_svc.list_officials(window.session.ws, active_only=True) == []


def test_users_tab_adds_a_read_only_user(qtbot, window):
    settings = window.view.go("pengaturan")
    settings.tabs.setCurrentWidget(settings.pengguna)
    dlg = settings.pengguna.add()
    qtbot.keyClicks(dlg.username, "budi")
    qtbot.keyClicks(dlg.full_name, "Budi Santoso")
    dlg.role.setCurrentIndex(dlg.role.findData(Role.PENGAWAS.value))
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    budi = [u for u in users_svc.list_users(window.session.ws) if u.username == "budi"][0]
    assert budi.role == Role.PENGAWAS


def test_read_only_role_sees_no_edit_buttons(qtbot, book, fake):
    from kopdesk.ui.main_window import MainWindow

    ws, admin = book
    pengawas, _ = users_svc.add_user(ws, username="budi", full_name="Budi", role=Role.PENGAWAS, password=None,
                                     by=admin)
    win = MainWindow()
    qtbot.addWidget(win)
    view = win.open_workspace(ws, pengawas)
    kas = view.screen("kas")
    assert kas.buku_kas.receipt_button.isHidden() and kas.jurnal.new_button.isHidden()
    assert kas.jurnal.reverse_button.isHidden() and kas.daftar_akun.add_button.isHidden()
    settings = view.screen("pengaturan")
    assert settings.pengguna is None
    assert settings.profil.save_button.isHidden() and settings.adart.save_button.isHidden()
    assert "Pengawas" in win.status_labels["user"].text()
    anggota = view.screen("anggota")
    assert anggota.list.new_button.isHidden() and anggota.list.import_button.isHidden()
    assert not anggota.list.export_button.isHidden() and not anggota.list.print_button.isHidden()
    detail = anggota.detail
    for b in (detail.setoran_button, detail.penarikan_button, detail.reverse_button, detail.edit_button,
              detail.exit_button, detail.passbook_button):
        assert b.isHidden()
    simpanan = view.screen("simpanan")
    assert simpanan.kolektif.post_button.isHidden() and simpanan.jasa.post_button.isHidden()
    assert simpanan.produk.add_button.isHidden()
    assert set(view.screen("beranda").buttons) == {"trial_balance", "backup"}
    win.session = None


def test_status_bar_and_navigation(window):
    labels = window.status_labels
    assert "koperasi.kopdesk" in labels["file"].text()
    assert "KSP Maju Bersama" in labels["coop"].text()
    assert "Siti Rahmah (Admin)" in labels["user"].text()
    assert f"Tahun buku {dt.date.today().year}" in labels["year"].text()
    nav = [window.view.nav.item(i).text() for i in range(window.view.nav.count())]
    assert nav == ["Beranda", "Anggota", "Simpanan", "Pinjaman", "Kas & Jurnal", "Laporan", "Tutup Buku/SHU", "RAT",
                   "Pengaturan"]
    assert window.windowTitle() == "KopDesk - KSP Maju Bersama"
    QApplication.processEvents()                             # the recent-files list is written after the paint
    assert config.last_opened() == str(window.session.ws.path)


def test_beranda_refreshes_when_the_ledger_changes(qtbot, window):
    beranda = window.view.go("beranda")
    assert beranda.cards["cash"].value.text() == "Rp0"
    ws, admin = window.session.ws, window.session.user
    posted = post(ws, admin, dt.date.today(), "Hibah", ("1-1100", 2_000_000, 0), ("3-2100", 0, 2_000_000))
    window.events.emit_changes(posted.changes)
    assert beranda.cards["cash"].value.text() == "Rp2.000.000"
    assert beranda.cards["in"].value.text() == "Rp2.000.000"
    assert beranda.latest.visible_records()[0].number == posted.number


def test_backup_now_records_the_backup(qtbot, window, fake, tmp_path):
    fake.answer_path = str(tmp_path / "cadangan")
    (tmp_path / "cadangan").mkdir()
    window.backup_now()
    files = list((tmp_path / "cadangan").glob("*.kopdesk"))
    assert len(files) == 1
    assert window.view.screen("beranda").cards["backup"].value.text() != "Belum pernah"


def test_runner_shows_validation_problems_as_a_list(qapp, fake):
    runner = Runner(AppEvents())
    runner.synchronous = True

    def bad():
        raise ValidationError(["Nama wajib diisi.", "Jumlah harus lebih dari nol."])

    runner.run(bad)
    [text] = fake.errors()
    assert "• Nama wajib diisi." in text and "• Jumlah harus lebih dari nol." in text


def test_runner_says_a_crash_is_the_programs_fault_and_names_the_log(qapp, fake):
    runner = Runner(AppEvents())
    runner.synchronous = True
    runner.run(lambda: 1 / 0)
    [text] = fake.errors()
    assert "bukan kesalahan Anda" in text and str(config.log_file()) in text
    assert "ZeroDivisionError" in config.log_file().read_text(encoding="utf-8")


def test_runner_on_the_worker_thread_emits_changes(qtbot, book, fake):
    ws, admin = book
    events = AppEvents()
    runner = Runner(events)
    seen = []
    events.changed.connect(seen.append)
    results = []
    runner.run(ledger_svc.add_account, ws, code="6-1250", name="Beban transportasi", by=admin,
               on_success=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert seen == [Changes(accounts=True)]
    assert ledger_svc.get_account(ws, "6-1250").name == "Beban transportasi"
    runner.shutdown()


def test_runner_keeps_one_worker_thread_so_per_thread_connections_are_reused(qtbot, qapp, fake):
    import threading

    runner = Runner(AppEvents())
    local = threading.local()      # what the workspace keeps its per-thread SQLite connection in
    seen: list[tuple[int, bool]] = []

    def read():
        known = hasattr(local, "conn")
        local.conn = object()
        return threading.get_ident(), known

    for _ in range(3):
        runner.run(read, quiet=True, on_success=seen.append)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=5000)
    assert len({ident for ident, _ in seen}) == 1 and threading.get_ident() not in {ident for ident, _ in seen}
    assert [known for _, known in seen] == [False, True, True]
    runner.shutdown()
    assert runner.worker._thread is None


def test_runner_cancels_a_long_generator(qtbot, qapp, fake):
    from kopdesk.ui.runner import Progress

    runner = Runner(AppEvents())
    done, errors = [], []

    def long_job():
        for i in range(1000):
            yield Progress(i, 1000, "Menghitung...")
            import time

            time.sleep(0.002)
        return "selesai"

    runner.run(long_job, cancellable=True, on_success=done.append, on_error=errors.append)
    # cancel through the progress dialog's signal
    from PySide6.QtWidgets import QProgressDialog

    qtbot.waitUntil(lambda: bool(qapp.topLevelWidgets()), timeout=2000)
    dialogs = [w for w in qapp.topLevelWidgets() if isinstance(w, QProgressDialog)]
    assert dialogs
    dialogs[-1].canceled.emit()
    runner.shutdown()
    qapp.processEvents()
    assert done == [] and fake.errors() == []


def test_table_model_passes_qtmodeltester(qtbot, qtmodeltester, book):
    ws, admin = book
    for day in (3, 1, 2):
        post(ws, admin, dt.date(2026, 11, day), f"Transaksi {day}", ("1-1100", day * 1000, 0),
             ("3-2100", 0, day * 1000))
    journals = ledger_svc.journals(ws, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    columns = [Column("Tanggal", lambda j: j.date, "date"), Column("Nomor", lambda j: j.number),
               Column("Jumlah (Rp)", lambda j: j.total, "money", total=True)]
    model = RecordTableModel(columns, journals)
    qtmodeltester.check(model)
    table = SearchableTable(columns)
    table.set_records(journals)
    qtmodeltester.check(table.proxy)
    table.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert [j.total for j in table.visible_records()] == [3000, 2000, 1000]
    assert table.proxy.data(table.proxy.index(0, 2), SORT_ROLE) == 3000
    table.search.setText("02-11-2026")
    assert [j.total for j in table.visible_records()] == [2000]
    assert "Rp2.000" in table.footer.text()


def test_export_excel(qtbot, book, fake, tmp_path):
    from python_calamine import CalamineWorkbook

    ws, admin = book
    post(ws, admin, dt.date(2026, 11, 3), "Hibah", ("1-1100", 1_250_000, 0), ("3-2100", 0, 1_250_000))
    table = SearchableTable([Column("Nomor", lambda j: j.number), Column("Jumlah (Rp)", lambda j: j.total, "money",
                                                                          total=True)])
    table.set_records(ledger_svc.journals(ws, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    fake.answer_path = str(tmp_path / "jurnal")
    table.export_dialog()
    rows = CalamineWorkbook.from_path(str(tmp_path / "jurnal.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[0] == ["Nomor", "Jumlah (Rp)"]
    assert int(rows[1][1]) == 1_250_000 and rows[2][0] == "Jumlah"


def test_smoke_start_returns_zero_and_leaves_nothing_behind(qapp, monkeypatch):
    import tempfile
    from pathlib import Path

    from kopdesk.ui.app import run

    made: list[Path] = []
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(*args, **kwargs):
        made.append(Path(real_mkdtemp(*args, **kwargs)))
        return str(made[-1])

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    assert run(["--smoke"]) == 0
    assert [p.name[:14] for p in made] == ["kopdesk-smoke-"] and not made[0].exists()


def test_startup_probe_opens_the_file_paints_beranda_and_exits_zero(book, tmp_path):
    import os
    import subprocess
    import sys

    ws, _admin = book
    path = ws.path
    ws.close()   # the probe is another process: it takes the file's lock itself
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KOPDESK_CONFIG_DIR=str(tmp_path / "config"))
    proc = subprocess.run([sys.executable, "-m", "kopdesk", str(path), "--startup-probe"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("startup-probe-painted-at: ")  # the wall clock at the first paint (the benchmark)
    report = lines[-1]
    assert report.startswith("startup-probe: ") and "| first paint " in report
    assert report.endswith(" ms (from kopdesk.ui.app import)")
    reopened = ws_svc.open_workspace(path)     # closed cleanly: not left locked
    reopened.close()


def test_screens_are_built_the_first_time_they_are_shown(window):
    view = window.view
    assert list(view.screens) == ["beranda"]                 # opening a file builds Beranda only
    assert view.nav.count() == len(view.keys) and view.current() is view.screen("beranda")
    kas = view.go("kas")
    assert set(view.screens) == {"beranda", "kas"} and view.current() is kas and kas.isVisible()
    view.nav.setCurrentRow(view.keys.index("laporan"))
    assert view.current() is view.screens["laporan"]
    assert view.stack.count() == len(view.screens) == 3      # only the screens shown so far are in the stack
    assert view.go("kas") is kas


def test_open_path_refuses_a_file_that_is_not_kopdesk(qtbot, tmp_path, fake):
    from kopdesk.ui.main_window import MainWindow

    bad = tmp_path / "bukan.kopdesk"
    bad.write_text("halo")
    win = MainWindow()
    qtbot.addWidget(win)
    assert not win.open_path(bad)
    assert "bukan file kerja KopDesk" in fake.errors()[0]
    assert ws_svc.inspect(bad).status == ws_svc.Status.NOT_KOPDESK


def test_reports_preview_and_save_pdf(qtbot, window, fake, tmp_path):
    from kopdesk.ui.dialogs.pdf_preview import PdfPreviewDialog

    ws, admin = window.session.ws, window.session.user
    post(ws, admin, dt.date.today(), "Hibah", ("1-1100", 2_000_000, 0), ("3-2100", 0, 2_000_000))
    laporan = window.view.go("laporan")
    laporan.list.setCurrentRow(0)
    qtbot.mouseClick(laporan.preview_button, Qt.MouseButton.LeftButton)
    preview = laporan._preview
    assert isinstance(preview, PdfPreviewDialog)
    assert preview.document.pageCount() >= 1
    preview.close()
    fake.answer_path = str(tmp_path / "neraca-saldo.pdf")
    qtbot.mouseClick(laporan.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "neraca-saldo.pdf").read_bytes().startswith(b"%PDF")


def test_runner_quiet_read_has_no_busy_dialog(qtbot, qapp, fake):
    from PySide6.QtWidgets import QProgressDialog

    runner = Runner(AppEvents())
    results = []

    def slow_read():
        import time

        time.sleep(0.6)   # longer than the busy delay
        return 42

    runner.run(slow_read, quiet=True, on_success=results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert not [w for w in qapp.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
    runner.shutdown()


def test_demo_start_on_a_fresh_machine_builds_the_demo_then_opens_it(qtbot, fake, tmp_path, monkeypatch):
    """`kopdesk --demo` (the README's first command): no demo file yet -> the welcome screen while the demo is built
    on the worker, then the demo opens; the second time it opens at once."""
    from kopdesk.ui import config
    from kopdesk.ui.app import _start

    monkeypatch.setenv("KOPDESK_CONFIG_DIR", str(tmp_path / "cfg"))
    assert not config.demo_path().exists()
    for first in (True, False):
        _app, win = _start(["--demo"])
        qtbot.addWidget(win)
        if first:
            assert win.session is None and win.welcome is not None      # the demo is being built
        qtbot.waitUntil(lambda w=win: w.session is not None, timeout=120_000)
        assert "KSP Sejahtera Mandiri" in win.windowTitle() and config.demo_path().exists()
        qtbot.waitUntil(lambda w=win: "Rp" in w.view.screen("beranda").cards["cash"].value.text(), timeout=10_000)
        win.close()
