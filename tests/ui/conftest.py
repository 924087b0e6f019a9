"""UI fixtures: a main window on a fresh workspace, a synchronous runner, and prompts answered by the test."""

from __future__ import annotations

import pytest

from kopdesk.ui import messages
from kopdesk.ui.app import make_app

OFFSCREEN_NOISE = ("propagateSizeHints", r"does not support raise\(\)", "does not support grabbing the keyboard",
                   "does not support grabbing the mouse")


def pytest_collection_modifyitems(config, items):
    """Popups (completer, calendar) make the offscreen plugin say what it cannot do: not our warnings."""
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture
def fake(qapp):
    """Every confirmation is answered yes; a print offer ("Tersimpan") is answered no."""
    make_app()
    f = messages.FakePrompts(confirm=lambda title, text: title != "Tersimpan")
    previous = messages.use(f)
    yield f
    messages.use(previous)


@pytest.fixture
def window(qtbot, book, fake):
    from kopdesk.ui.main_window import MainWindow

    ws, admin = book
    win = MainWindow()
    win.runner.synchronous = True
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.open_workspace(ws, admin)
    win.show()
    yield win
    win.session = None  # the book fixture closes the workspace


@pytest.fixture
def kas(window):
    return window.view.go("kas")
