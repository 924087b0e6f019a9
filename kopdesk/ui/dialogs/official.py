"""Add or edit a pengurus / pengawas (role, name, term)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLineEdit

from kopdesk.domain.coop import PENGAWAS_ROLES, PENGURUS_ROLES, Official, official_problems
from kopdesk.services import profile as profile_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import DateEdit


class OfficialDialog(FormDialog):
    def __init__(self, session: Session, official: Official | None = None, parent=None):
        super().__init__("Ubah pejabat" if official else "Tambah pengurus / pengawas", "Simpan", parent)
        self.session, self.official = session, official
        self.resize_to_width(480)
        self.body_combo = QComboBox()
        self.body_combo.addItem("Pengurus", "pengurus")
        self.body_combo.addItem("Pengawas", "pengawas")
        self.role = QComboBox()
        self.role.setEditable(True)
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.term_start = DateEdit()
        self.term_end = DateEdit()
        self.has_term = QCheckBox("Masa jabatan diketahui")
        self.has_term.setChecked(True)
        self.has_term.toggled.connect(self.term_start.setEnabled)
        self.has_term.toggled.connect(self.term_end.setEnabled)
        self.active = QCheckBox("Masih menjabat")
        self.active.setChecked(True)
        self.body_combo.currentIndexChanged.connect(self._roles)
        self._roles()
        term = QHBoxLayout()
        term.addWidget(self.term_start)
        term.addWidget(self.term_end)
        term.addStretch(1)
        form = QFormLayout()
        form.addRow("Kelompok", self.body_combo)
        form.addRow("Jabatan", self.role)
        form.addRow("Nama", self.name)
        form.addRow("Telepon", self.phone)
        form.addRow("", self.has_term)
        form.addRow("Masa jabatan", term)
        form.addRow("", self.active)
        self.body.addLayout(form)
        if official is not None:
            self.body_combo.setCurrentIndex(self.body_combo.findData(official.body))
            self.role.setEditText(official.role)
            self.name.setText(official.name)
            self.phone.setText(official.phone)
            self.has_term.setChecked(official.term_start is not None)
            if official.term_start:
                self.term_start.setValue(official.term_start)
            if official.term_end:
                self.term_end.setValue(official.term_end)
            self.active.setChecked(official.active)
        else:
            start = self.term_start.value()
            self.term_end.setValue(start.replace(year=start.year + 5) if not (start.month == 2 and start.day == 29)
                                   else start.replace(year=start.year + 5, day=28))
        for s in (self.name.textChanged, self.phone.textChanged, self.role.editTextChanged,
                  self.body_combo.currentIndexChanged, self.term_start.dateChanged, self.term_end.dateChanged,
                  self.has_term.toggled, self.active.toggled):
            s.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False

    def _roles(self) -> None:
        keep = self.role.currentText()
        self.role.clear()
        self.role.addItems(PENGURUS_ROLES if self.body_combo.currentData() == "pengurus" else PENGAWAS_ROLES)
        if keep:
            self.role.setEditText(keep)

    def value(self) -> Official:
        has = self.has_term.isChecked()
        return Official(id=self.official.id if self.official else None, body=self.body_combo.currentData(),
                        role=self.role.currentText().strip(), name=self.name.text().strip(),
                        term_start=self.term_start.value() if has else None,
                        term_end=self.term_end.value() if has else None, phone=self.phone.text().strip(),
                        active=self.active.isChecked())

    def problems(self) -> list[str]:
        return official_problems(self.value())

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session
        s.runner.run(profile_svc.save_official, s.ws, self.value(), s.user, parent=self,
                     on_success=lambda _r: self.done_ok())
