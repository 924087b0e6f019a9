"""Neraca Saldo: every account's balance as of a date; the totals must be equal."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kopdesk import fmt
from kopdesk.services import ledger as ledger_svc
from kopdesk.ui import printing
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import DateEdit


class NeracaSaldoScreen(Screen):
    flags = ("ledger", "accounts")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.as_of = DateEdit()
        self.as_of.dateChanged.connect(self.refresh)
        self.zero = QCheckBox("Tampilkan akun bersaldo nol")
        self.zero.toggled.connect(self.refresh)
        self.print_button = QPushButton("Cetak")
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.clicked.connect(self.print_)
        self.status = QLabel()
        self.table = SearchableTable([
            Column("Kode", lambda r: r.account.code),
            Column("Nama akun", lambda r: r.account.name, width=-1),
            Column("Kelompok", lambda r: r.account.klass.label),
            Column("Debit (Rp)", lambda r: r.balance_debit, "money", total=True, width=150),
            Column("Kredit (Rp)", lambda r: r.balance_credit, "money", total=True, width=150),
        ], export_name="neraca-saldo", search_placeholder="Cari kode atau nama akun (Ctrl+F)")
        top = QHBoxLayout()
        top.addWidget(QLabel("Per tanggal"))
        top.addWidget(self.as_of)
        top.addSpacing(12)
        top.addWidget(self.zero)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addSpacing(12)
        top.addWidget(self.print_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        self.shortcut("Ctrl+P", self.print_)

    def load(self) -> None:
        tb = ledger_svc.trial_balance(self.ws, self.as_of.value(), include_zero=self.zero.isChecked())
        self.table.set_records(tb.rows)
        if tb.balanced:
            self.status.setObjectName("ok")
            self.status.setText(f"✔ Seimbang: {fmt.rupiah(tb.total_debit)}")
        else:
            self.status.setObjectName("bad")
            self.status.setText(f"✖ Tidak seimbang: selisih {fmt.rupiah(abs(tb.total_debit - tb.total_credit))}. "
                                "Jalankan pemeriksaan file.")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.balanced = tb.balanced

    def print_(self) -> None:
        printing.preview(self.session, printing.trial_balance_doc(self.session, self.as_of.value()), self)
