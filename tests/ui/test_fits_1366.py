"""Every screen and every tab fits the 1366x768 office screen: the main window's minimum width never exceeds 1366
px, with the demo's real data in the tables (long totals, names and notes are what widen a window)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from kopdesk.services import users as users_svc
from kopdesk.services import workspace as ws_svc
from kopdesk.services.demo import build_demo
from kopdesk.services.demo_dinas import build_dinas_demo

SCREEN_WIDTH = 1366


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fit")
    return build_demo(folder / "koperasi.kopdesk", seed=1), build_dinas_demo(folder / "dinas.kopdesk", seed=1)


def too_wide(win) -> list[str]:
    """Visit every screen and every tab in it; name the ones that make the window wider than the screen."""
    def settle():
        QApplication.processEvents()
        win.runner.wait()
        QApplication.processEvents()

    out = []
    for key in win.view.keys:
        screen = win.view.go(key)
        settle()
        if win.minimumSizeHint().width() > SCREEN_WIDTH:
            out.append(f"{key}: {win.minimumSizeHint().width()} px")
        for tabs in screen.findChildren(QTabWidget):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                settle()
                if win.minimumSizeHint().width() > SCREEN_WIDTH:
                    out.append(f"{key} > {tabs.tabText(i)}: {win.minimumSizeHint().width()} px")
    return out


@pytest.mark.parametrize("kind", [0, 1], ids=["koperasi", "dinas"])
def test_every_screen_and_tab_fits_1366(qtbot, fake, demos, kind):
    from kopdesk.ui.main_window import MainWindow

    ws = ws_svc.open_workspace(demos[kind])
    win = MainWindow()
    win.runner.synchronous = True
    qtbot.addWidget(win)
    win.resize(SCREEN_WIDTH, 768)
    win.open_workspace(ws, users_svc.default_user(ws))
    win.show()
    try:
        assert too_wide(win) == []
    finally:
        win.close()
        ws.close()
