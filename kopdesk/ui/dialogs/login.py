"""Sign-in, shown when any user of the workspace has a password."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from kopdesk.domain.errors import KopDeskError
from kopdesk.domain.users import User
from kopdesk.services import users as users_svc
from kopdesk.services.workspace import Workspace
from kopdesk.ui.widgets import error_label, hint_label, show_problem


class LoginDialog(QDialog):
    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.user: User | None = None
        self.setWindowTitle("Masuk ke KopDesk")
        self.setMinimumWidth(380)
        title = QLabel(f"<b>{ws.name}</b>")
        title.setStyleSheet("font-size: 13pt;")
        self.username = QComboBox()
        self.username.setEditable(True)
        for u in users_svc.list_users(ws):
            if u.active:
                self.username.addItem(u.username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow("Nama pengguna", self.username)
        form.addRow("Kata sandi", self.password)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Masuk", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("primary")
        self.ok_button.setDefault(True)
        buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(hint_label("Masukkan nama pengguna dan kata sandi Anda."))
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.password.setFocus()

    def try_login(self) -> None:
        try:
            self.user = users_svc.login(self.ws, self.username.currentText(), self.password.text())
        except KopDeskError as exc:
            show_problem(self.error, exc.message)
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()
