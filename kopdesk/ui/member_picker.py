"""MemberPicker: choose a member by typing the number, part of the name or the NIK (searches the register)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from kopdesk.domain.errors import NotFound
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.services import members as members_svc
from kopdesk.services.workspace import Workspace
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.widgets import CURRENT_STATUSES


def member_label(m: Member) -> str:
    return f"{m.number} · {m.full_name}"


class MemberPicker(QLineEdit):
    """Pick a member by typing the number ("A-0012") or part of the name / NIK and choosing from the list.

    ``member()`` is the chosen Member or None; ``problem()`` says what is wrong with the text."""

    memberChanged = Signal(object)   # Member | None

    def __init__(self, ws: Workspace, parent: QWidget | None = None,
                 statuses: tuple[MemberStatus, ...] = CURRENT_STATUSES):
        super().__init__(parent)
        self.ws, self.statuses = ws, statuses
        self.setPlaceholderText("Ketik nomor anggota, nama atau NIK")
        self._member: Member | None = None
        self._labels: dict[str, Member] = {}
        self._list = QStringListModel(self)
        self._completer = QCompleter(self._list, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self.setCompleter(self._completer)
        self.textEdited.connect(self._suggest)
        self.textChanged.connect(self._resolve)
        self.editingFinished.connect(self._finish)

    def member(self) -> Member | None:
        return self._member

    def set_member(self, m: Member | None) -> None:
        if m is not None:
            self._labels[member_label(m)] = m
        self.setText(member_label(m) if m else "")
        self._set(m)

    def problem(self) -> str:
        text = self.text().strip()
        if not text:
            return "Anggota wajib dipilih."
        if self._member is None:
            return f"Anggota '{text}' tidak ditemukan. Ketik nomor anggota, atau sebagian nama lalu pilih dari daftar."
        return ""

    def _set(self, m: Member | None) -> None:
        changed = (m.id if m else None) != (self._member.id if self._member else None)
        self._member = m
        mark_invalid(self, False)
        if changed:
            self.memberChanged.emit(m)

    def _suggest(self, text: str) -> None:
        t = text.strip()
        if len(t) < 2 or t in self._labels:
            return
        rows = members_svc.search(self.ws, t, self.statuses, limit=15)
        self._labels.update({member_label(r.member): r.member for r in rows})
        self._list.setStringList([member_label(r.member) for r in rows])

    def _lookup(self, text: str) -> Member | None:
        t = text.strip()
        if not t:
            return None
        if t in self._labels:
            return self._labels[t]
        try:
            return members_svc.find_member(self.ws, t.split(" · ")[0])
        except NotFound:
            return None

    def _resolve(self, text: str) -> None:
        self._set(self._lookup(text))

    def _finish(self) -> None:
        t = self.text().strip()
        if self._member is None and t:
            rows = members_svc.search(self.ws, t, self.statuses, limit=2)
            if len(rows) == 1:
                self.set_member(rows[0].member)
                return
            mark_invalid(self, True, self.problem())
        elif self._member is not None and t != member_label(self._member):
            self.blockSignals(True)
            self.setText(member_label(self._member))
            self.blockSignals(False)
