"""A cash receipt (kas masuk) or payment (kas keluar) against one counter account. Shows what will be posted and
asks once; after posting offers the journal voucher."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit

from kopdesk import fmt
from kopdesk.services import ledger as ledger_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import AccountPicker, DateEdit, MoneyEdit, hint_label


class CashEntryDialog(FormDialog):
    def __init__(self, session: Session, receipt: bool, cash_account_id: int | None = None, parent=None):
        kind = "penerimaan" if receipt else "pengeluaran"
        super().__init__(f"{kind.capitalize()} kas", f"Simpan {kind}", parent)
        self.session, self.receipt = session, receipt
        self.posted = None
        self.resize_to_width(560)
        ws = session.ws
        self.cash = QComboBox()
        for a in ledger_svc.cash_accounts(ws):
            self.cash.addItem(a.label, a.id)
        if cash_account_id is not None and self.cash.findData(cash_account_id) >= 0:
            self.cash.setCurrentIndex(self.cash.findData(cash_account_id))
        self.date = DateEdit()
        counters = [a for a in ledger_svc.list_accounts(ws, postable_only=True, active_only=True) if not a.is_cash]
        # receipts usually come from income, savings, loans repaid; payments go to expenses and the rest
        self.counter = AccountPicker(counters, placeholder="Ketik kode atau nama, mis. 4-3100 atau jasa giro")
        self.amount = MoneyEdit(required=True, allow_zero=False)
        self.description = QLineEdit()
        self.description.setPlaceholderText("mis. Jasa giro bank bulan November" if receipt
                                            else "mis. Beli kertas dan tinta printer")
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("nomor kuitansi / nota (boleh kosong)")
        self.balance_hint = hint_label("")
        form = QFormLayout()
        form.addRow("Akun kas/bank", self.cash)
        form.addRow("Tanggal", self.date)
        form.addRow("Diterima dari akun" if receipt else "Dibayar untuk akun", self.counter)
        form.addRow("Jumlah", self.amount)
        form.addRow("Keterangan", self.description)
        form.addRow("Nomor bukti", self.reference)
        form.addRow("", self.balance_hint)
        self.body.addLayout(form)
        for signal in (self.amount.textChanged, self.description.textChanged, self.reference.textChanged,
                       self.counter.accountChanged, self.cash.currentIndexChanged, self.date.dateChanged):
            signal.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False
        self.validate()

    def cash_balance(self) -> int:
        cash_id = self.cash.currentData()
        return ledger_svc.account_balance(self.session.ws, cash_id, self.date.value()) if cash_id else 0

    def problems(self) -> list[str]:
        out = []
        if self.cash.currentData() is None:
            out.append("Belum ada akun kas/bank.")
        if self.counter.problem():
            out.append(self.counter.problem())
        if self.amount.problem():
            out.append(self.amount.problem())
        if not self.description.text().strip():
            out.append("Keterangan wajib diisi.")
        if not out and not self.receipt:
            balance = self.cash_balance()
            if (self.amount.value() or 0) > balance:
                out.append(f"Pengeluaran melebihi saldo {self.cash.currentText()} ({fmt.rupiah(balance)}).")
        return out

    def validate(self) -> bool:
        ok = super().validate()
        if hasattr(self, "balance_hint") and self.cash.currentData() is not None:
            self.balance_hint.setText(f"Saldo {self.cash.currentText()} pada {fmt.date_long(self.date.value())}: "
                                      f"{fmt.rupiah(self.cash_balance())}")
        return ok

    def summary(self) -> str:
        amount = self.amount.value() or 0
        cash, counter = self.cash.currentText(), self.counter.account().label
        debit, credit = (cash, counter) if self.receipt else (counter, cash)
        after = self.cash_balance() + (amount if self.receipt else -amount)
        return (f"Tanggal {fmt.date_long(self.date.value())}\n"
                f"Debit   {debit}: {fmt.rupiah(amount)}\n"
                f"Kredit  {credit}: {fmt.rupiah(amount)}\n\n"
                f"Saldo {cash} sesudahnya: {fmt.rupiah(after)}")

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        kind = "penerimaan" if self.receipt else "pengeluaran"
        if not prompts().confirm(self, f"Bukukan {kind} kas?", self.summary(), ok_text=f"Ya, simpan {kind}",
                                 cancel_text="Periksa lagi"):
            return
        s = self.session
        s.runner.run(ledger_svc.record_cash, s.ws, receipt=self.receipt, cash_account_id=self.cash.currentData(),
                     counter_account_id=self.counter.value(), amount=self.amount.value(), on=self.date.value(),
                     description=self.description.text(), reference=self.reference.text(), by=s.user,
                     parent=self, busy="Membukukan...", on_success=self._posted)

    def _posted(self, posted) -> None:
        self.posted = posted
        self.done_ok()
        if prompts().confirm(self.parentWidget(), "Tersimpan",
                             f"{posted.number} sudah dibukukan. Cetak bukti jurnalnya sekarang?",
                             ok_text="Cetak bukti", cancel_text="Tidak"):
            from kopdesk.ui import printing

            printing.preview(self.session, printing.journal_voucher_doc(self.session, posted.journal_id,
                                                                        posted.number), self.parentWidget())
