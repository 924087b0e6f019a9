"""Start the KopDesk application.

    run([])                      welcome screen, or reopen the last workspace
    run(["file.kopdesk"])        open that file
    run(["--demo"])              build the demo koperasi in the user data dir if missing, then open it
    run(["--smoke"])             open the main window offscreen on a temporary workspace, then quit (returns 0)
    run(["file.kopdesk", "--startup-probe"])
                                 open that file as a user would, quit right after the first paint of Beranda
                                 (exit 0), and print how long each step took (for the startup benchmark)
"""

from __future__ import annotations

import gc
import os
import sys
import time
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
    """Open the main window offscreen on a throwaway workspace, visit every screen, quit. Everything it made (the
    workspace, its config and log) lives in one temporary folder that is removed before returning."""
    import shutil  # not at the top: only the smoke start needs them
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="kopdesk-smoke-"))
    had_config = "KOPDESK_CONFIG_DIR" in os.environ
    os.environ.setdefault("KOPDESK_CONFIG_DIR", str(tmp / "config"))
    ws = None
    try:
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
            if ws is not None:
                ws.close()
            ws, user = ws_svc.create_workspace(tmp / "kosong.kopdesk", profile=CoopProfile(name="Koperasi Uji"),
                                               admin_full_name="Admin Uji")
        win = MainWindow()
        win.resize(1366, 768)
        win.open_workspace(ws, user)
        win.show()
        for key in win.view.keys:
            win.view.go(key)
            app.processEvents()
        # then a Dinas office: its own navigation and screens
        from kopdesk.services.demo_dinas import build_dinas_demo

        win.runner.wait()
        win.close_workspace(then_welcome=False)
        ws = ws_svc.open_workspace(build_dinas_demo(tmp / "dinas.kopdesk", seed=1))
        win.open_workspace(ws, users_svc.default_user(ws))
        for key in win.view.keys:
            win.view.go(key)
            app.processEvents()
        win.close()
        app.processEvents()
        return 0
    finally:
        if ws is not None:
            ws.close()
        if not had_config:
            _drop_log_handlers_under(tmp)
            del os.environ["KOPDESK_CONFIG_DIR"]
        shutil.rmtree(tmp, ignore_errors=True)


def _drop_log_handlers_under(folder: Path) -> None:
    import logging

    log = logging.getLogger("kopdesk")
    for h in list(log.handlers):
        if isinstance(h, logging.FileHandler) and Path(h.baseFilename).is_relative_to(folder):
            log.removeHandler(h)
            h.close()


def _start(argv: list[str], clock: _Clock | None = None):
    """What ``run`` does before the event loop: the application, the main window shown, then the file of the
    command line (or --demo, or the last file) opened, else the welcome screen. Returns (app, window).

    The collector is off while starting: the modules, widgets and records made here live for the whole session,
    and each full collection over them (~40,000 objects, ~12 ms) bought nothing. Afterwards they are frozen
    (``gc.freeze``), so later collections and the final one at exit do not walk them again."""
    gc.disable()
    try:
        app = make_app()
        if clock:
            clock.mark("qapp")
        from kopdesk.ui import config
        from kopdesk.ui.main_window import MainWindow

        if clock:
            clock.mark("imports")
        win = MainWindow()
        win.resize(1366, 768)
        opening = _file_to_open(argv, config)
        if opening is not None:
            win.show_opening(opening)
        win.show()
        _paint_now(app, win)   # the window is on screen before the services are imported and the file opened
        if clock:
            clock.mark("window")
            clock.window_painted_at = time.time()
        if opening is not None:
            win.runner.hold()   # the first screen's background reads start once it has been painted
        if "--demo" in argv:
            win.open_demo()     # no demo file yet: it is built on the worker (not held), then opened
        elif opening is not None:
            win.open_path(opening)
        if win.session is None:
            win.runner.release()
            win.show_welcome()
        else:
            _release_after_first_paint(win)
        if clock:
            clock.mark("open")
    finally:
        gc.freeze()
        gc.enable()
    return app, win


def _file_to_open(argv: list[str], config) -> Path | None:
    """The file the start opens: --demo's, the command line's, else the last one opened (None: the welcome)."""
    if "--demo" in argv:
        return config.demo_path() if config.demo_path().exists() else None
    if argv and argv[0].endswith(".kopdesk"):
        return Path(argv[0])
    last = config.last_opened()
    return Path(last) if last else None


def _paint_now(app, win, limit_s: float = 0.2) -> None:
    """Process events until ``win`` has been painted once (at most ``limit_s``: a window the system does not show,
    e.g. started minimised, is not waited for)."""
    from PySide6.QtCore import QEvent, QObject

    painted: list[bool] = []

    class Spy(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    spy = Spy()
    win.installEventFilter(spy)
    deadline = time.perf_counter() + limit_s
    while not painted and time.perf_counter() < deadline:
        app.processEvents()
    win.removeEventFilter(spy)


def _release_after_first_paint(win) -> None:
    """Let the runner start its held jobs after the window's next paint (and after a second at the latest, for a
    window that is not painted, e.g. minimised). Beranda's reads, started on the worker while Beranda was still
    being painted, held up that paint by ~25 ms: both need the interpreter (the GIL)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, win.runner.release)    # after this paint pass, which is synchronous
            return False

    shown = win.stack.currentWidget()    # Beranda's workspace view (the window itself is not painted again)
    shown.installEventFilter(FirstPaint(shown))
    QTimer.singleShot(1000, win.runner.release)


class _Clock:
    """Milliseconds since this module was imported, per named step (the startup probe's report)."""

    def __init__(self) -> None:
        self.t0 = _IMPORTED
        self.marks: list[tuple[str, float]] = []
        self.window_painted_at = 0.0   # wall clock of the main window's first paint (before the file is opened)

    def mark(self, name: str) -> None:
        self.marks.append((name, (time.perf_counter() - self.t0) * 1000))

    def report(self) -> str:
        out, prev = [], 0.0
        for name, at in self.marks:
            out.append(f"{name} {at - prev:.0f}")
            prev = at
        return f"startup-probe: {' | '.join(out)} | total {prev:.0f} ms (from kopdesk.ui.app import)"


_IMPORTED = time.perf_counter()


PROBE_TIMEOUT_S = 120


def _probe_gave_up() -> None:
    print(f"startup-probe: no first paint of Beranda within {PROBE_TIMEOUT_S} s", file=sys.stderr, flush=True)
    os._exit(4)


class _ProbePrompts:
    """The startup probe asks nobody: every question is answered no (a file that needs migrating is not opened),
    every message goes to stderr."""

    def __getattr__(self, name: str):
        def answer(_parent, title="", text="", *_args, **_kwargs):
            print(f"startup-probe: {name}: {title}: {text}", file=sys.stderr, flush=True)
            return False if name == "confirm" else None

        return answer


def _startup_probe(argv: list[str]) -> int:
    """Start exactly as ``run(argv)`` does, then quit right after Beranda has been painted once (exit 0; 2 when
    the file did not open, 3 when nothing was painted within 30 s, 4 when stuck for PROBE_TIMEOUT_S). Prints how
    long each step took. No dialog waits for an answer (``_ProbePrompts``)."""
    if _needs_offscreen():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import threading

    watchdog = threading.Timer(PROBE_TIMEOUT_S, _probe_gave_up)   # a dialog nobody answers must not hang it
    watchdog.daemon = True
    watchdog.start()
    from kopdesk.ui import messages

    messages.use(_ProbePrompts())
    clock = _Clock()
    app, win = _start(argv, clock)
    if win.view is None:
        return 2
    from PySide6.QtCore import QEvent, QObject

    beranda = win.view.screen("beranda")
    painted: list[bool] = []

    class PaintSpy(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(True)
            return False

    spy = PaintSpy()
    beranda.installEventFilter(spy)
    deadline = time.perf_counter() + 30
    while not painted and time.perf_counter() < deadline:
        app.processEvents()
    beranda.removeEventFilter(spy)
    if not painted:
        return 3
    print(f"startup-probe-painted-at: {time.time():.6f}", flush=True)   # wall clock, for the benchmark
    print(f"startup-probe-window-painted-at: {clock.window_painted_at:.6f}", flush=True)   # the window, still empty
    clock.mark("first paint")
    while not win.runner.wait(5) and time.perf_counter() < deadline:   # Beranda's reads, then their results
        app.processEvents()
    app.processEvents()   # shown
    clock.mark("filled")
    win.close()          # waits for Beranda's reads still running on the worker, closes the workspace
    app.processEvents()
    clock.mark("close")
    print(clock.report(), flush=True)
    return 0


def run(argv: list[str]) -> int:
    argv = list(argv)
    if "--smoke" in argv:
        return _smoke()
    if "--startup-probe" in argv:
        return _startup_probe([a for a in argv if a != "--startup-probe"])
    if _needs_offscreen() and os.environ.get("KOPDESK_ALLOW_OFFSCREEN"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app, _win = _start(argv)
    return app.exec()
