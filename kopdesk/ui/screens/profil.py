"""Pengaturan > Profil koperasi: every CoopProfile field, and the logo."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from kopdesk.domain.coop import COOP_TYPES, MONTHS_ID, CoopProfile, profile_problems
from kopdesk.domain.users import Perm
from kopdesk.services import profile as profile_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.widgets import DateEdit, error_label, hint_label, show_problem

TEXT_FIELDS = (
    ("name", "Nama koperasi"), ("legal_number", "Nomor badan hukum"), ("nik_koperasi", "NIK koperasi (16 digit)"),
    ("nib", "NIB (13 digit)"), ("npwp", "NPWP"), ("street", "Jalan"), ("desa", "Desa/Kelurahan"),
    ("kecamatan", "Kecamatan"), ("kabupaten_kota", "Kabupaten/Kota"), ("province", "Provinsi"),
    ("postal_code", "Kode pos"), ("phone", "Telepon"), ("email", "Email"),
    ("signing_city", "Kota tanda tangan"),
)
FIELD_OF_PROBLEM = {"Nama koperasi": "name", "NIK koperasi": "nik_koperasi", "NIB": "nib", "NPWP": "npwp",
                    "email": "email"}


class ProfilScreen(Screen):
    flags = ("profile",)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.can_edit = session.can(Perm.PROFILE)
        self.edits: dict[str, QLineEdit] = {}
        for key, _label in TEXT_FIELDS:
            e = QLineEdit()
            e.setReadOnly(not self.can_edit)
            e.textChanged.connect(self._validate)
            self.edits[key] = e
        self.edits["signing_city"].setPlaceholderText("kosong = dari Kabupaten/Kota, mis. Banjarbaru")
        self.coop_type = QComboBox()
        for code, label in COOP_TYPES.items():
            self.coop_type.addItem(label, code)
        self.fy_month = QComboBox()
        self.fy_month.addItems(MONTHS_ID)
        self.has_legal_date = QCheckBox("Diisi")
        self.legal_date = DateEdit()
        self.has_legal_date.toggled.connect(self.legal_date.setEnabled)
        for w in (self.coop_type, self.fy_month, self.has_legal_date, self.legal_date):
            w.setEnabled(self.can_edit)
        left = QFormLayout()
        right = QFormLayout()
        for key, label in TEXT_FIELDS[:5]:
            left.addRow(label, self.edits[key])
        date_row = QHBoxLayout()
        date_row.addWidget(self.legal_date)
        date_row.addWidget(self.has_legal_date)
        date_row.addStretch(1)
        left.insertRow(2, "Tanggal badan hukum", date_row)
        left.insertRow(1, "Jenis koperasi", self.coop_type)
        left.addRow("Awal tahun buku", self.fy_month)
        for key, label in TEXT_FIELDS[5:]:
            right.addRow(label, self.edits[key])

        self.logo = QLabel("Belum ada logo")
        self.logo.setFixedSize(120, 120)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_button = QPushButton("Pilih logo...")
        self.logo_remove = QPushButton("Hapus logo")
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove.clicked.connect(self.remove_logo)
        self.logo_button.setVisible(self.can_edit)
        self.logo_remove.setVisible(self.can_edit)
        logo_box = QVBoxLayout()
        logo_box.addWidget(QLabel("<b>Logo</b>"))
        logo_box.addWidget(self.logo)
        logo_box.addWidget(self.logo_button)
        logo_box.addWidget(self.logo_remove)
        logo_hint = hint_label("PNG atau JPEG, maks. 2 MB.\nTampil di kop surat.")
        logo_hint.setFixedWidth(160)
        logo_box.addWidget(logo_hint)
        logo_box.addStretch(1)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addLayout(logo_box, 0, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 0)
        for w in (self.logo_button, self.logo_remove):
            w.setFixedWidth(160)
        self.error = error_label()
        self.save_button = QPushButton("Simpan profil")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.can_edit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addStretch(1)
        if not self.can_edit:
            lay.addWidget(hint_label("Anda hanya dapat melihat profil. Perubahan dilakukan oleh admin."))
        lay.addLayout(bottom)

    def load(self) -> None:
        p = profile_svc.get_profile(self.ws)
        for key, _ in TEXT_FIELDS:
            self.edits[key].setText(getattr(p, key) or "")
        self.coop_type.setCurrentIndex(max(0, self.coop_type.findData(p.coop_type)))
        self.fy_month.setCurrentIndex(p.fiscal_year_start_month - 1)
        self.has_legal_date.setChecked(p.legal_date is not None)
        self.legal_date.setEnabled(self.can_edit and p.legal_date is not None)
        if p.legal_date:
            self.legal_date.setValue(p.legal_date)
        self._has_logo = p.has_logo
        self._show_logo(profile_svc.get_logo(self.ws))
        self._validate()

    def _show_logo(self, data: bytes | None) -> None:
        pix = QPixmap()
        if data and pix.loadFromData(data):
            self.logo.setPixmap(pix.scaled(112, 112, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo.setPixmap(QPixmap())
            self.logo.setText("Belum ada logo")
        self.logo_remove.setEnabled(bool(data))

    def profile(self) -> CoopProfile:
        values = {key: self.edits[key].text().strip() for key, _ in TEXT_FIELDS}
        base = profile_svc.get_profile(self.ws)
        return dataclasses.replace(base, **values, coop_type=self.coop_type.currentData(),
                                   fiscal_year_start_month=self.fy_month.currentIndex() + 1,
                                   legal_date=self.legal_date.value() if self.has_legal_date.isChecked() else None)

    def _validate(self) -> list[str]:
        if not hasattr(self, "save_button"):
            return []
        p = self.profile_quick()
        problems = profile_problems(p)
        if p.postal_code and not re.fullmatch(r"\d{5}", p.postal_code):
            problems.append("Kode pos harus 5 digit angka.")
        bad = set()
        for text in problems:
            for word, key in FIELD_OF_PROBLEM.items():
                if word in text:
                    bad.add(key)
            if "Kode pos" in text:
                bad.add("postal_code")
        for key, e in self.edits.items():
            mark_invalid(e, key in bad, next((t for t in problems if key in bad), ""))
        show_problem(self.error, problems[0] if problems else "")
        self.save_button.setEnabled(not problems)
        return problems

    def profile_quick(self) -> CoopProfile:
        values = {key: self.edits[key].text().strip() for key, _ in TEXT_FIELDS}
        return CoopProfile(**values, coop_type=self.coop_type.currentData() or "KSP",
                           fiscal_year_start_month=self.fy_month.currentIndex() + 1)

    def save(self) -> None:
        if self._validate():
            return
        s = self.session
        s.runner.run(profile_svc.save_profile, s.ws, self.profile(), s.user, parent=self,
                     on_success=lambda _c: prompts().info(self, "Tersimpan", "Profil koperasi sudah disimpan."))

    def choose_logo(self) -> None:
        path = prompts().open_path(self, "Pilih logo", str(Path.home()), "Gambar (*.png *.jpg *.jpeg)")
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            prompts().error(self, "Logo tidak bisa dibaca", f"{path}: {exc.strerror or exc}.")
            return
        s = self.session
        s.runner.run(profile_svc.set_logo, s.ws, data, s.user, parent=self)

    def remove_logo(self) -> None:
        if not prompts().confirm(self, "Hapus logo?", "Logo tidak lagi tampil di kop surat.", ok_text="Hapus logo"):
            return
        s = self.session
        s.runner.run(profile_svc.set_logo, s.ws, None, s.user, parent=self)
