"""Start the KopDesk application.

    run([])                      welcome screen, or reopen the last workspace
    run(["file.kopdesk"])        open that file
    run(["--demo"])              build the demo koperasi in the user data dir if missing, then open it
    run(["--smoke"])             open the main window offscreen on a temporary workspace, then quit (returns 0)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from kopdesk import __version__


def _needs_offscreen() -> bool:
    if sys.platform.startswith(("win", "darwin")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def make_app(argv: list[str] | None = None):
    """The QApplication, created once with the high-DPI policy, fonts, locale and look in place."""
    from PySide6.QtCore import QLocale, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from kopdesk.ui import style
    from kopdesk.ui.runner import setup_logging

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(["kopdesk", *(argv or [])])
    app.setApplicationName("KopDesk")
    app.setApplicationDisplayName("KopDesk")
    app.setOrganizationName("KopDesk")
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    style.load_fonts()
    style.apply_look(app)
    setup_logging()
    return app


def _smoke() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="kopdesk-smoke-"))
    os.environ.setdefault("KOPDESK_CONFIG_DIR", str(tmp / "config"))
    app = make_app()
    from kopdesk.domain.coop import CoopProfile
    from kopdesk.services import users as users_svc
    from kopdesk.services import workspace as ws_svc
    from kopdesk.ui.main_window import MainWindow

    try:
        from kopdesk.services.demo import build_demo

        path = build_demo(tmp / "contoh.kopdesk", seed=1)
        ws = ws_svc.open_workspace(path)
        user = users_svc.default_user(ws)
    except Exception:  # noqa: BLE001 - the smoke test is about the window; fall back to an empty workspace
        ws, user = ws_svc.create_workspace(tmp / "kosong.kopdesk", profile=CoopProfile(name="Koperasi Uji"),
                                           admin_full_name="Admin Uji")
    win = MainWindow()
    win.resize(1366, 768)
    win.open_workspace(ws, user)
    win.show()
    for key in win.view.screens:
        win.view.go(key)
        app.processEvents()
    win.close()
    app.processEvents()
    return 0


def run(argv: list[str]) -> int:
    argv = list(argv)
    if "--smoke" in argv:
        return _smoke()
    if _needs_offscreen() and os.environ.get("KOPDESK_ALLOW_OFFSCREEN"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app()
    from kopdesk.ui import config
    from kopdesk.ui.main_window import MainWindow

    win = MainWindow()
    win.resize(1366, 768)
    win.show()
    if "--demo" in argv:
        win.open_demo()
    elif argv and argv[0].endswith(".kopdesk"):
        win.open_path(argv[0])
    elif config.last_opened():
        win.open_path(config.last_opened())
    return app.exec()
