"""Buku Besar: one account in a period with its opening balance, every line, the running balance and totals."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kopdesk import fmt
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import profile as profile_svc
from kopdesk.ui import printing
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import AccountPicker, PeriodPicker


def ledger_entry_columns(debit: str, credit: str) -> list[Column]:
    """The columns of an account's entries with a running balance (buku besar, and buku kas with its own words)."""
    return [
        Column("Tanggal", lambda e: e.date, "date"),
        Column("Nomor", lambda e: e.number),
        Column("Keterangan", lambda e: e.description if not e.memo else f"{e.description} ({e.memo})", width=-1),
        Column(debit, lambda e: e.debit, "money", total=True, width=150),
        Column(credit, lambda e: e.credit, "money", total=True, width=150),
        Column("Saldo (Rp)", lambda e: e.balance, "money", width=140),
    ]

class BukuBesarScreen(Screen):
    flags = ("ledger", "accounts")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.account = AccountPicker()
        self.account.setMinimumWidth(340)
        self.period = PeriodPicker(fiscal_start_month=profile_svc.get_profile(session.ws).fiscal_year_start_month)
        self.print_button = QPushButton("Cetak")
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.clicked.connect(self.print_)
        self.table = SearchableTable(ledger_entry_columns("Debit (Rp)", "Kredit (Rp)"), export_name="buku-besar",
                                     search_placeholder="Cari nomor atau keterangan (Ctrl+F)")
        self.opening = QLabel()
        self.closing = QLabel()
        self.closing.setStyleSheet("font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(QLabel("Akun"))
        top.addWidget(self.account)
        top.addSpacing(10)
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.print_button)
        sums = QHBoxLayout()
        sums.addWidget(self.opening)
        sums.addStretch(1)
        sums.addWidget(self.closing)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(sums)
        lay.addWidget(self.table, 1)
        self.account.accountChanged.connect(lambda _a: self._reload_entries())
        self.period.changed.connect(self._reload_entries)
        self.shortcut("Ctrl+P", self.print_)

    def load(self) -> None:
        keep = self.account.value()
        self.account.set_accounts(ledger_svc.list_accounts(self.ws, postable_only=True))
        if keep is None:
            cash = ledger_svc.cash_accounts(self.ws)
            keep = cash[0].id if cash else None
        self.account.set_value(keep)
        self._reload_entries()

    def _reload_entries(self) -> None:
        account_id = self.account.value()
        if account_id is None:
            self.table.set_records([])
            self.opening.setText("Pilih akun untuk melihat buku besarnya.")
            self.closing.setText("")
            return
        a, b = self.period.period()
        if b < a:
            self.opening.setText("Tanggal akhir tidak boleh sebelum tanggal awal.")
            return
        ledger = ledger_svc.account_ledger(self.ws, account_id, a, b)
        side = "debit" if ledger.account.normal.value == "D" else "kredit"
        self.table.set_records(ledger.entries)
        self.opening.setText(f"Saldo awal {fmt.date_short(a)}: {fmt.rupiah(ledger.opening)}  (saldo normal {side})")
        self.closing.setText(f"Saldo akhir {fmt.date_short(b)}: {fmt.rupiah(ledger.closing)}")

    def print_(self) -> None:
        account_id = self.account.value()
        if account_id is None:
            return
        a, b = self.period.period()
        printing.preview(self.session, printing.account_ledger_doc(self.session, account_id,
                                                                    self.account.currentText(), a, b), self)
