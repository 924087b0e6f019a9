"""Pengaturan > Pengurus & Pengawas: the officials with role and term; add, edit, deactivate."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout

from kopdesk import fmt
from kopdesk.domain.users import Perm
from kopdesk.services import profile as profile_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import MUTED
from kopdesk.ui.tables import Column, SearchableTable


def term(o) -> str:
    if not o.term_start:
        return ""
    return f"{fmt.date_short(o.term_start)} s.d. {fmt.date_short(o.term_end)}"


class PengurusScreen(Screen):
    flags = ("profile",)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self.can_edit = session.can(Perm.PROFILE)
        self.table = SearchableTable([
            Column("Kelompok", lambda o: o.body.capitalize()),
            Column("Jabatan", lambda o: o.role),
            Column("Nama", lambda o: o.name, width=-1),
            Column("Telepon", lambda o: o.phone),
            Column("Masa jabatan", term),
            Column("Status", lambda o: "Menjabat" if o.active else "Tidak menjabat",
                   color=lambda o: None if o.active else MUTED),
        ], export_name="pengurus-pengawas", search_placeholder="Cari nama atau jabatan (Ctrl+F)", footer=False)
        self.show_inactive = QCheckBox("Tampilkan yang tidak menjabat")
        self.show_inactive.toggled.connect(self.refresh)
        self.add_button = QPushButton("Tambah")
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton("Ubah")
        self.deactivate_button = QPushButton("Tidak menjabat lagi")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.deactivate_button.clicked.connect(self.deactivate_selected)
        if self.can_edit:
            self.table.activated.connect(self.edit)
        for b in (self.add_button, self.edit_button, self.deactivate_button):
            b.setVisible(self.can_edit)
        top = QHBoxLayout()
        top.addWidget(self.show_inactive)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.deactivate_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        if self.can_edit:
            self.shortcut("Ctrl+N", self.add)

    def load(self) -> None:
        officials = profile_svc.list_officials(self.ws, active_only=not self.show_inactive.isChecked())
        order = {"pengurus": 0, "pengawas": 1}
        self.table.set_records(sorted(officials, key=lambda o: (order.get(o.body, 2), not o.active)))

    def add(self):
        from kopdesk.ui.dialogs.official import OfficialDialog

        self.dialog = OfficialDialog(self.session, None, self)
        self.dialog.open()
        return self.dialog

    def edit(self, official):
        from kopdesk.ui.dialogs.official import OfficialDialog

        self.dialog = OfficialDialog(self.session, official, self)
        self.dialog.open()
        return self.dialog

    def edit_selected(self) -> None:
        o = self.table.current_record()
        if o is not None:
            self.edit(o)

    def deactivate_selected(self) -> None:
        o = self.table.current_record()
        if o is None or not o.active:
            return
        if not prompts().confirm(self, "Tidak menjabat lagi?", f"{o.name} ({o.role}) dicatat tidak menjabat lagi.",
                                 ok_text="Ya, catat"):
            return
        s = self.session
        s.runner.run(profile_svc.save_official, s.ws, dataclasses.replace(o, active=False), s.user, parent=self)
