"""Add a user, or change a user's name, role and status."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit

from kopdesk.domain.users import Role, User, password_problems
from kopdesk.services import users as users_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import hint_label

ROLES = (Role.ADMIN, Role.BENDAHARA, Role.PENGURUS, Role.PENGAWAS)


class UserDialog(FormDialog):
    def __init__(self, session: Session, user: User | None = None, parent=None):
        super().__init__("Ubah pengguna" if user else "Tambah pengguna", "Simpan pengguna", parent)
        self.session, self.target = session, user
        self.resize_to_width(460)
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for r in ROLES:
            self.role.addItem(r.label, r.value)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.active = QCheckBox("Aktif")
        self.active.setChecked(True)
        form = QFormLayout()
        form.addRow("Nama pengguna", self.username)
        form.addRow("Nama lengkap", self.full_name)
        form.addRow("Peran", self.role)
        if user is None:
            form.addRow("Kata sandi", self.password)
            form.addRow("Ulangi kata sandi", self.password2)
            form.addRow("", hint_label("Boleh kosong. Begitu ada pengguna dengan kata sandi, KopDesk meminta "
                                       "setiap orang masuk dengan nama pengguna."))
        else:
            self.username.setText(user.username)
            self.username.setReadOnly(True)
            self.full_name.setText(user.full_name)
            self.role.setCurrentIndex(max(0, self.role.findData(user.role.value)))
            self.active.setChecked(user.active)
            form.addRow("", self.active)
        self.body.addLayout(form)
        for s in (self.username.textChanged, self.full_name.textChanged, self.password.textChanged,
                  self.password2.textChanged, self.role.currentIndexChanged, self.active.toggled):
            s.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False

    def problems(self) -> list[str]:
        out = []
        if not self.username.text().strip():
            out.append("Nama pengguna wajib diisi.")
        elif " " in self.username.text().strip():
            out.append("Nama pengguna tidak boleh berisi spasi.")
        if not self.full_name.text().strip():
            out.append("Nama lengkap wajib diisi.")
        if self.target is None and self.password.text():
            out += password_problems(self.password.text())
            if self.password.text() != self.password2.text():
                out.append("Kedua kata sandi tidak sama.")
        return out

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session
        if self.target is None:
            s.runner.run(users_svc.add_user, s.ws, username=self.username.text().strip(),
                         full_name=self.full_name.text().strip(), role=Role(self.role.currentData()),
                         password=self.password.text() or None, by=s.user, parent=self,
                         on_success=lambda _r: self.done_ok())
        else:
            s.runner.run(users_svc.update_user, s.ws, self.target.id, full_name=self.full_name.text().strip(),
                         role=Role(self.role.currentData()), active=self.active.isChecked(), by=s.user,
                         parent=self, on_success=lambda _r: self.done_ok())
