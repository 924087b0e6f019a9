"""Add an account to the chart."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit

from kopdesk.domain.ledger import CLASS_LABELS, AccountClass
from kopdesk.services import ledger as ledger_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import hint_label


class AccountDialog(FormDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__("Tambah akun", "Simpan akun", parent)
        self.session = session
        self.account = None
        self.resize_to_width(460)
        self._codes = {a.code for a in ledger_svc.list_accounts(session.ws)}
        self.code = QLineEdit()
        self.code.setPlaceholderText("mis. 6-1250")
        self.name = QLineEdit()
        self.is_cash = QCheckBox("Akun kas atau bank (muncul di Buku Kas)")
        self.klass = hint_label("")
        form = QFormLayout()
        form.addRow("Kode akun", self.code)
        form.addRow("", self.klass)
        form.addRow("Nama akun", self.name)
        form.addRow("", self.is_cash)
        self.body.addLayout(form)
        for s in (self.code.textChanged, self.name.textChanged, self.is_cash.toggled):
            s.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False

    def problems(self) -> list[str]:
        out = []
        code = self.code.text().strip()
        if not re.fullmatch(r"[1-8]-\d{4}", code):
            out.append("Kode akun harus berbentuk K-NNNN, misalnya 6-1250 (K = kelompok 1 sampai 8).")
            self.klass.setText("")
        else:
            self.klass.setText(f"Kelompok: {CLASS_LABELS[AccountClass(code[0])]}")
            if code in self._codes:
                out.append(f"Kode akun {code} sudah dipakai.")
        if not self.name.text().strip():
            out.append("Nama akun wajib diisi.")
        if self.is_cash.isChecked() and not code.startswith("1"):
            out.append("Hanya akun aset (kode 1-...) yang bisa menjadi akun kas/bank.")
        return out

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session
        s.runner.run(ledger_svc.add_account, s.ws, code=self.code.text().strip(), name=self.name.text().strip(),
                     is_cash=self.is_cash.isChecked(), by=s.user, parent=self, on_success=self._saved)

    def _saved(self, result) -> None:
        self.account = result[0]
        self.done_ok()
