"""The application's change bus: the runner emits ``changed`` after a successful service call; screens listen
and refresh only when the flags they show are set (Anki's OpChanges)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kopdesk.domain.changes import Changes


class AppEvents(QObject):
    changed = Signal(object)  # Changes

    def emit_changes(self, changes: Changes) -> None:
        if changes.any():
            self.changed.emit(changes)
