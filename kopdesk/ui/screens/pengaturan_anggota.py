"""Pengaturan > Anggota: the member-number format ({UNIT}, {YYYY}, {MM}, {SEQ:n}) with the next number as a
preview."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from kopdesk.domain.members import member_number, pattern_problems
from kopdesk.domain.users import Perm
from kopdesk.services import members as members_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.widgets import error_label, hint_label, show_problem


class PengaturanAnggotaScreen(Screen):
    flags = ("settings", "members")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.can_edit = session.can(Perm.PROFILE)
        self.pattern = QLineEdit()
        self.pattern.setPlaceholderText("mis. A-{SEQ:4} atau {UNIT}.{YYYY}.{SEQ:4}")
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("mis. BJB (kode cabang/unit); boleh kosong")
        self.next_number = QLabel("")
        self.error = error_label()
        for e in (self.pattern, self.unit):
            e.setReadOnly(not self.can_edit)
            e.textChanged.connect(self._validate)
        self.save_button = QPushButton("Simpan pengaturan")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.can_edit)
        form = QFormLayout()
        form.addRow("Format nomor anggota", self.pattern)
        form.addRow("", self.error)
        form.addRow("Kode unit", self.unit)
        form.addRow("", self.next_number)
        form.addRow("", hint_label("{SEQ:4} = nomor urut 4 digit (0001, 0002...), {YYYY} = tahun masuk, {MM} = bulan "
                                   "masuk, {UNIT} = kode unit. Nomor anggota yang sudah ada tidak berubah."))
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addStretch(1)
        lay.addLayout(bottom)

    def load(self) -> None:
        s = members_svc.get_settings(self.ws)
        self.pattern.setText(s.number_pattern)
        self.unit.setText(s.unit)
        self._validate()

    def problems(self) -> list[str]:
        return pattern_problems(self.pattern.text().strip())

    def _validate(self) -> None:
        problems = self.problems()
        show_problem(self.error, problems[0] if problems else "")
        mark_invalid(self.pattern, bool(problems), problems[0] if problems else "")
        self.save_button.setEnabled(not problems)
        if problems:
            self.next_number.setText("-")
            return
        example = member_number(self.pattern.text().strip(), 1, on=dt.date.today(), unit=self.unit.text().strip())
        self.next_number.setText(f"Contoh: <b>{example}</b> &nbsp;·&nbsp; nomor berikutnya dengan format yang "
                                 f"tersimpan: <b>{members_svc.preview_number(self.ws)}</b>")

    def save(self) -> None:
        if self.problems():
            return
        s = self.session
        settings = dataclasses.replace(members_svc.get_settings(s.ws), number_pattern=self.pattern.text().strip(),
                                       unit=self.unit.text().strip())
        s.runner.run(members_svc.save_settings, s.ws, settings, s.user, parent=self,
                     on_success=lambda _c: prompts().info(self, "Tersimpan", "Format nomor anggota sudah disimpan."))
