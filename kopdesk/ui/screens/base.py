"""The base of every screen: listens to AppEvents.changed and refreshes only when its flags are set (at once when
visible, otherwise the next time it is shown)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QWidget

from kopdesk.domain.changes import Changes
from kopdesk.ui.session import Session


class Screen(QWidget):
    title = ""
    flags: tuple[str, ...] = ("ledger",)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._dirty = True
        session.events.changed.connect(self._on_changed)

    @property
    def ws(self):
        return self.session.ws

    @property
    def user(self):
        return self.session.user

    def wants(self, changes: Changes) -> bool:
        return any(getattr(changes, f, False) for f in self.flags)

    def _on_changed(self, changes: Changes) -> None:
        if not self.wants(changes) or self.session.ws.closed:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        self.load()

    def load(self) -> None:
        """Read what the screen shows through services. Override."""

    def shortcut(self, keys, slot) -> QShortcut:
        return QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)


class TabScreen(Screen):
    """A screen made of tabs, each a Screen of its own."""

    flags = ()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)

    def add(self, screen: Screen, label: str) -> Screen:
        self.tabs.addTab(screen, label)
        return screen

    def current(self) -> Screen | None:
        w = self.tabs.currentWidget()
        return w if isinstance(w, Screen) else None

    def refresh(self) -> None:
        self._dirty = False
        cur = self.current()
        if cur is not None:
            cur.refresh()
