"""Buku Kas: receipts and payments of one cash or bank account in a period, with the running balance."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kopdesk import fmt
from kopdesk.domain.users import Perm
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import profile as profile_svc
from kopdesk.ui import printing
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.screens.buku_besar import ledger_entry_columns
from kopdesk.ui.tables import SearchableTable
from kopdesk.ui.widgets import PeriodPicker


class BukuKasScreen(Screen):
    flags = ("ledger", "accounts")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self.account = QComboBox()
        self.account.setMinimumWidth(220)
        self.period = PeriodPicker(fiscal_start_month=profile_svc.get_profile(session.ws).fiscal_year_start_month)
        self.receipt_button = QPushButton("Penerimaan kas")
        self.receipt_button.setObjectName("primary")
        self.payment_button = QPushButton("Pengeluaran kas")
        self.payment_button.setObjectName("primary")
        self.print_button = QPushButton("Cetak")
        self.receipt_button.clicked.connect(lambda: self.new_entry(True))
        self.payment_button.clicked.connect(lambda: self.new_entry(False))
        self.print_button.clicked.connect(self.print_)
        can_post = session.can(Perm.POST)
        self.receipt_button.setVisible(can_post)
        self.payment_button.setVisible(can_post)
        self.table = SearchableTable(ledger_entry_columns("Penerimaan (Rp)", "Pengeluaran (Rp)"),
                                     export_name="buku-kas", search_placeholder="Cari nomor atau keterangan (Ctrl+F)")
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
        actions = QHBoxLayout()
        actions.addWidget(self.receipt_button)
        actions.addWidget(self.payment_button)
        actions.addStretch(1)
        actions.addWidget(self.opening)
        actions.addSpacing(20)
        actions.addWidget(self.closing)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(actions)
        lay.addWidget(self.table, 1)
        self._loading = False
        self.account.currentIndexChanged.connect(lambda _i: self.refresh() if not self._loading else None)
        self.period.changed.connect(self.refresh)
        if can_post:
            self.shortcut("Ctrl+N", lambda: self.new_entry(True))
        self.shortcut("Ctrl+P", self.print_)

    def load(self) -> None:
        self._loading = True
        keep = self.account.currentData()
        self.account.clear()
        for a in ledger_svc.cash_accounts(self.ws):
            self.account.addItem(a.label, a.id)
        if keep is not None and self.account.findData(keep) >= 0:
            self.account.setCurrentIndex(self.account.findData(keep))
        self._loading = False
        account_id = self.account.currentData()
        if account_id is None:
            self.table.set_records([])
            return
        a, b = self.period.period()
        book = ledger_svc.cash_book(self.ws, account_id, a, b)
        self.table.set_records(book.entries)
        self.opening.setText(f"Saldo awal {fmt.date_short(a)}: {fmt.rupiah(book.opening)}")
        self.closing.setText(f"Saldo akhir {fmt.date_short(b)}: {fmt.rupiah(book.closing)}")

    def new_entry(self, receipt: bool):
        from kopdesk.ui.dialogs.cash_entry import CashEntryDialog

        self.dialog = CashEntryDialog(self.session, receipt, self.account.currentData(), self)
        self.dialog.open()
        return self.dialog

    def print_(self) -> None:
        account_id = self.account.currentData()
        if account_id is None:
            return
        a, b = self.period.period()
        printing.preview(self.session, printing.cash_book_doc(self.session, account_id, self.account.currentText(),
                                                               a, b), self)
