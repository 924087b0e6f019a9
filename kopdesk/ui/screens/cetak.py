"""Pengaturan > Cetak: paper size (A4 or F4) and the backup folder."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from kopdesk.domain.users import Perm
from kopdesk.services import profile as profile_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.widgets import hint_label

PAPERS = (("A4", "A4 (210 x 297 mm)"), ("F4", "F4 / Folio (215 x 330 mm)"))


class CetakScreen(Screen):
    flags = ("settings",)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.can_edit = session.can(Perm.PROFILE)
        self.paper = QComboBox()
        for code, label in PAPERS:
            self.paper.addItem(label, code)
        self.backup_dir = QLineEdit()
        self.backup_dir.setPlaceholderText("kosong = folder \"cadangan-kopdesk\" di sebelah file koperasi")
        browse = QPushButton("Pilih folder...")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.backup_dir, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Ukuran kertas", self.paper)
        form.addRow("", hint_label("Dipakai untuk semua laporan dan bukti yang dicetak atau disimpan sebagai PDF."))
        form.addRow("Folder cadangan", row)
        self.save_button = QPushButton("Simpan pengaturan")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        for w in (self.paper, self.backup_dir, browse, self.save_button):
            w.setEnabled(self.can_edit)
        self.save_button.setVisible(self.can_edit)
        browse.setVisible(self.can_edit)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addStretch(1)
        lay.addLayout(bottom)

    def load(self) -> None:
        s = profile_svc.get_app_settings(self.ws)
        self.paper.setCurrentIndex(max(0, self.paper.findData(s.paper)))
        self.backup_dir.setText(s.backup_dir)

    def browse(self) -> None:
        folder = prompts().folder(self, "Pilih folder cadangan", self.backup_dir.text() or str(self.ws.path.parent))
        if folder:
            self.backup_dir.setText(folder)

    def save(self) -> None:
        s = self.session
        settings = dataclasses.replace(profile_svc.get_app_settings(s.ws), paper=self.paper.currentData(),
                                       backup_dir=self.backup_dir.text().strip())
        s.runner.run(profile_svc.save_app_settings, s.ws, settings, s.user, parent=self,
                     on_success=lambda _c: prompts().info(self, "Tersimpan", "Pengaturan cetak sudah disimpan."))
