"""The one main window: the welcome screen when nothing is open, else the workspace view; menu Berkas;
the status bar (file, koperasi, user and role, tahun buku, today's date)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMenu, QStackedWidget

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import KopDeskError
from kopdesk.ui import config
from kopdesk.ui.events import AppEvents
from kopdesk.ui.messages import prompts
from kopdesk.ui.runner import Runner, show_error

# Not imported here: the services (sqlite-utils), the session and the workspace view. The window itself needs
# none of them, so it can be built and painted before they are imported (app._start); the methods that open a
# workspace import them.
if TYPE_CHECKING:
    from kopdesk.domain.users import User
    from kopdesk.services.workspace import Workspace
    from kopdesk.ui.session import Session
    from kopdesk.ui.welcome import WelcomeScreen
    from kopdesk.ui.workspace_view import WorkspaceView


def fiscal_year_label(start_month: int, today: dt.date) -> str:
    """"Tahun buku 2026", or "Tahun buku 2026/2027" for a year that starts after January: the years of
    ui.widgets.fiscal_year_bounds(today, start_month), worked out here so the status bar of a freshly opened file
    does not import ui.widgets (and the ledger and member models behind it) before the first paint."""
    start_year = today.year if today.month >= start_month else today.year - 1
    end_year = start_year if start_month == 1 else start_year + 1
    return f"Tahun buku {start_year}" if start_year == end_year else f"Tahun buku {start_year}/{end_year}"


class MainWindow(QMainWindow):
    def __init__(self, events: AppEvents | None = None, runner: Runner | None = None):
        super().__init__()
        self.events = events or AppEvents(self)
        self.runner = runner or Runner(self.events, self)
        self.session: Session | None = None
        self.view: WorkspaceView | None = None
        self.setWindowTitle("KopDesk")
        self.resize(1280, 720)
        self.welcome: WelcomeScreen | None = None   # built when first needed: a file opened at start skips it
        self.opening: QLabel | None = None          # "Membuka ..." while the file of the start is being opened
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self._build_menu()
        self._build_status()
        self.events.changed.connect(self._on_changed)
        self._update_actions()

    # ------------------------------------------------------------------ chrome
    def show_opening(self, path: str | Path) -> None:
        """What the window shows while the file of the start is opened (app._start paints it first)."""
        name = Path(path).name
        self.opening = QLabel(f"Membuka {name} ...")
        self.opening.setObjectName("hint")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening)
        self.stack.setCurrentWidget(self.opening)
        self.status_labels["file"].setText(f"Membuka file {name} ...")

    def _drop_opening(self) -> None:
        if self.opening is not None:
            self.stack.removeWidget(self.opening)
            self.opening.deleteLater()
            self.opening = None

    def show_welcome(self) -> WelcomeScreen:
        """The welcome screen (when no workspace is open), built the first time."""
        if self.welcome is None:
            from kopdesk.ui.welcome import WelcomeScreen

            self.welcome = WelcomeScreen()
            self.welcome.create_requested.connect(self.create_new)
            self.welcome.open_requested.connect(self.open_dialog)
            self.welcome.demo_requested.connect(self.open_demo)
            self.welcome.recent_requested.connect(self.open_path)
            self.stack.addWidget(self.welcome)
        else:
            self.welcome.reload()
        self.stack.setCurrentWidget(self.welcome)
        self._drop_opening()
        return self.welcome

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu("&Berkas")
        self.act_new = QAction("Buat file baru...", self)
        self.act_new.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.act_new.triggered.connect(self.create_new)
        self.act_open = QAction("Buka...", self)
        self.act_open.setShortcut(QKeySequence.StandardKey.Open)
        self.act_open.triggered.connect(self.open_dialog)
        self.recent_menu = QMenu("Buka terakhir", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.act_backup = QAction("Cadangkan sekarang...", self)
        self.act_backup.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.act_backup.triggered.connect(self.backup_now)
        self.act_close = QAction("Tutup file", self)
        self.act_close.setShortcut(QKeySequence("Ctrl+W"))
        self.act_close.triggered.connect(self.close_workspace)
        self.act_quit = QAction("Keluar", self)
        self.act_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.act_quit.triggered.connect(self.close)
        menu.addAction(self.act_new)
        menu.addAction(self.act_open)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        menu.addAction(self.act_backup)
        menu.addSeparator()
        menu.addAction(self.act_close)
        menu.addAction(self.act_quit)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = config.existing_recent_files()
        if not files:
            empty = self.recent_menu.addAction("(belum ada)")
            empty.setEnabled(False)
        for path in files:
            act = self.recent_menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.triggered.connect(lambda _checked=False, p=path: self.open_path(p))

    def _build_status(self) -> None:
        bar = self.statusBar()
        self.status_labels = {k: QLabel() for k in ("file", "coop", "user", "year", "today")}
        for key in ("file", "coop", "user", "year"):
            bar.addWidget(self.status_labels[key])
        bar.addPermanentWidget(self.status_labels["today"])
        self._update_status()

    def _update_status(self) -> None:
        from kopdesk import fmt

        s = self.session
        today = dt.date.today()
        self.status_labels["today"].setText(fmt.date_long(today))
        if s is None:
            for key in ("file", "coop", "user", "year"):
                self.status_labels[key].setText("")
            self.status_labels["file"].setText("Belum ada file yang dibuka")
            return
        from kopdesk.services import profile as profile_svc

        profile = profile_svc.get_profile(s.ws)
        self.status_labels["file"].setText(f"File: {s.ws.path.name}")
        self.status_labels["coop"].setText(f"  |  {profile.name}")
        self.status_labels["user"].setText(f"  |  {s.user.full_name} ({s.user.role.label})")
        # a Dinas office keeps no books: no financial year to show
        self.status_labels["year"].setText("" if s.ws.kind == "dinas" else
                                           f"  |  {fiscal_year_label(profile.fiscal_year_start_month, today)}")
        self.setWindowTitle(f"KopDesk - {profile.name}")

    def _update_actions(self) -> None:
        has = self.session is not None
        self.act_backup.setEnabled(has)
        self.act_close.setEnabled(has)

    def _on_changed(self, changes: Changes) -> None:
        if (changes.profile or changes.users) and self.session is not None and not self.session.ws.closed:
            self._update_status()

    # ------------------------------------------------------------------ opening and closing
    def open_path(self, path: str | Path) -> bool:
        """Open a workspace file: check it, ask before migrating, sign in when needed."""
        from kopdesk.services import workspace as ws_svc

        p = Path(path)
        info = ws_svc.inspect(p)
        if info.status == ws_svc.Status.NEEDS_MIGRATION:
            if not prompts().confirm(self, "Perbarui file?", info.message, ok_text="Perbarui dan buka"):
                return False
        elif info.status != ws_svc.Status.OK:
            prompts().error(self, "File tidak bisa dibuka", info.message)
            return False
        if not self.close_workspace():
            return False
        try:
            ws = ws_svc.open_workspace(p)
        except KopDeskError as exc:
            show_error(self, exc)
            return False
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return False
        user = self._sign_in(ws)
        if user is None:
            ws.close()
            return False
        self.open_workspace(ws, user)
        return True

    def _sign_in(self, ws: Workspace) -> User | None:
        from kopdesk.services import users as users_svc

        try:
            if users_svc.login_required(ws):
                from kopdesk.ui.dialogs.login import LoginDialog

                dlg = LoginDialog(ws, self)
                return dlg.user if dlg.exec() == QDialog.DialogCode.Accepted else None
            return users_svc.default_user(ws)
        except KopDeskError as exc:
            show_error(self, exc)
            return None

    def open_workspace(self, ws: Workspace, user: User) -> WorkspaceView:
        """Show an already open workspace as ``user`` (also used by tests)."""
        from kopdesk.ui.session import Session
        from kopdesk.ui.workspace_view import WorkspaceView

        if self.session is not None:
            self.close_workspace()
        self.session = Session(ws, user, self.runner, self.events)
        self.view = WorkspaceView(self.session)
        self.view.backup_requested.connect(self.backup_now)
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        self._drop_opening()
        # the recent-files list is written after this event (and the first paint): ~10 ms of file I/O at start
        QTimer.singleShot(0, lambda path=ws.path: config.remember(path))
        self._update_status()
        self._update_actions()
        return self.view

    def close_workspace(self, *, then_welcome: bool = True) -> bool:
        if self.session is None:
            return True
        self.runner.wait()
        view, self.view = self.view, None
        ws, self.session = self.session.ws, None
        if view is not None:
            self.stack.removeWidget(view)
            view.deleteLater()
        ws.close()
        if then_welcome:
            self.show_welcome()
        self.setWindowTitle("KopDesk")
        self._update_status()
        self._update_actions()
        return True

    def create_new(self) -> None:
        from kopdesk.ui.dialogs.wizard import CreateWizard

        wizard = CreateWizard(self)
        if wizard.exec() and wizard.workspace is not None:
            self.close_workspace()
            self.open_workspace(wizard.workspace, wizard.user)

    def open_dialog(self) -> None:
        start = str(Path(config.last_opened()).parent) if config.last_opened() else str(Path.home())
        path = prompts().open_path(self, "Buka file koperasi", start, "File KopDesk (*.kopdesk)")
        if path:
            self.open_path(path)

    def open_demo(self) -> None:
        path = config.demo_path()
        if not path.exists():
            try:
                from kopdesk.services.demo import build_demo
            except ImportError:
                prompts().error(self, "Contoh belum tersedia", "Data contoh koperasi belum tersedia di versi ini.")
                return
            self.runner.run(build_demo, path, 1, parent=self, busy="Menyiapkan contoh koperasi...",
                            on_success=lambda _r: self.open_path(path))
            return
        self.open_path(path)

    def backup_now(self) -> None:
        s = self.session
        if s is None:
            return
        from kopdesk.services import profile as profile_svc
        from kopdesk.services import workspace as ws_svc

        settings = profile_svc.get_app_settings(s.ws)
        start = settings.backup_dir or str(ws_svc.backup_dir_for(s.ws.path))
        folder = prompts().folder(self, "Pilih folder cadangan", start)
        if not folder:
            return

        def done(dest: Path) -> None:
            prompts().info(self, "Cadangan selesai", f"Salinan cadangan tersimpan di:\n{dest}")
            if self.view is not None:
                self.view.screen("beranda").refresh()

        s.runner.run(ws_svc.backup_workspace, s.ws, folder, s.user, parent=self, busy="Mencadangkan file...",
                     on_success=done)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.close_workspace(then_welcome=False)
        self.runner.shutdown()
        super().closeEvent(event)
