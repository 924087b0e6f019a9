"""Pencairan of an approved loan: the deductions (provisi, administrasi, simpanan pinjaman), the net paid out, the
cash balance, and the journal that will be posted; asked once; then the bukti pencairan is offered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel

from kopdesk import fmt
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import loan_products as products_svc
from kopdesk.services import loans as loans_svc
from kopdesk.ui.dialogs.base import FormDialog, section
from kopdesk.ui.dialogs.loan_actions import offer_receipt
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import DateEdit


class DisburseDialog(FormDialog):
    def __init__(self, session: Session, loan_id: int, parent=None):
        super().__init__("Pencairan pinjaman", "Cairkan pinjaman", parent)
        self.session = session
        self.posted = None
        self.resize_to_width(640)
        ws = session.ws
        self.loan = loans_svc.get_loan(ws, loan_id)
        row = loans_svc.search(ws, self.loan.number, limit=1)
        self.who = f"{row[0].member_number} {row[0].member_name}" if row else ""
        self.product = products_svc.get_product(ws, self.loan.product_id)
        self.names = {a.id: a.label for a in ledger_svc.list_accounts(ws)}
        self.date = DateEdit(session.today())
        self.cash = QComboBox()
        for a in ledger_svc.cash_accounts(ws):
            self.cash.addItem(a.label, a.id)
        loan = self.loan
        head = QLabel(f"<b>{loan.number}</b> · {self.who}<br>{self.product.name}, {loan.tenor} angsuran, disetujui "
                      f"{fmt.date_short(loan.decided_on)}")
        head.setWordWrap(True)
        self.journal = QLabel("")
        self.journal.setTextFormat(Qt.TextFormat.RichText)
        self.cash_info = QLabel("")
        self.cash_info.setObjectName("hint")
        form = QFormLayout()
        form.addRow("Pinjaman", head)
        form.addRow("Tanggal pencairan", self.date)
        form.addRow("Dibayar dari", self.cash)
        form.addRow("", self.cash_info)
        self.body.addLayout(form)
        self.body.addWidget(section("Yang akan dibukukan"))
        self.body.addWidget(self.journal)
        self.date.dateChanged.connect(self.mark_dirty)
        self.cash.currentIndexChanged.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False

    def lines(self) -> list[tuple[str, str, int]]:
        loan, p = self.loan, self.product
        n = self.names
        out = [("Debit", n.get(p.receivable_account_id, "Pinjaman anggota"), loan.amount),
               ("Kredit", self.cash.currentText(), loan.net_disbursement),
               ("Kredit", n.get(p.provisi_account_id, "Pendapatan provisi"), loan.fees.provisi),
               ("Kredit", n.get(p.admin_account_id, "Pendapatan administrasi"), loan.fees.admin),
               ("Kredit", "Simpanan pinjaman (atas nama anggota)", loan.fees.savings)]
        return [x for x in out if x[2]]

    def problems(self) -> list[str]:
        out = []
        if self.cash.currentData() is None:
            out.append("Belum ada akun kas/bank.")
            return out
        balance = ledger_svc.account_balance(self.session.ws, self.cash.currentData(), self.date.value())
        self.cash_info.setText(f"Saldo {self.cash.currentText()} pada {fmt.date_short(self.date.value())}: "
                               f"{fmt.rupiah(balance)}")
        if self.loan.net_disbursement > balance:
            out.append(f"Saldo kas hanya {fmt.rupiah(balance)}; pencairan {fmt.rupiah(self.loan.net_disbursement)} "
                       "melebihi uang yang ada.")
        if self.loan.decided_on and self.date.value() < self.loan.decided_on:
            out.append("Tanggal pencairan tidak boleh sebelum tanggal persetujuan.")
        return out

    def validate(self) -> bool:
        ok = super().validate()
        loan = self.loan
        rows = [("Jumlah pinjaman", loan.amount), ("Provisi", -loan.fees.provisi), ("Administrasi", -loan.fees.admin)]
        if loan.fees.savings:
            rows.append(("Simpanan pinjaman (ditahan)", -loan.fees.savings))
        html = "<table cellspacing='0' cellpadding='2'>" + "".join(
            f"<tr><td>{a}</td><td align='right'>{fmt.rupiah(b)}</td></tr>" for a, b in rows)
        html += (f"<tr><td><b>Diterima anggota</b></td><td align='right'><b>{fmt.rupiah(loan.net_disbursement)}"
                 "</b></td></tr></table><br><b>Jurnal</b><table cellspacing='0' cellpadding='2'>")
        html += "".join(f"<tr><td>{dk}</td><td>{acc}</td><td align='right'>{fmt.rupiah(v)}</td></tr>"
                        for dk, acc, v in self.lines()) + "</table>"
        self.journal.setText(html)
        return ok

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        text = (f"Cairkan {self.loan.number} {self.who}\nTanggal {fmt.date_long(self.date.value())}\n\n"
                + "\n".join(f"{dk:<7} {acc}: {fmt.rupiah(v)}" for dk, acc, v in self.lines())
                + f"\n\nUang diserahkan kepada anggota: {fmt.rupiah(self.loan.net_disbursement)}")
        if not prompts().confirm(self, "Bukukan pencairan?", text, ok_text="Ya, cairkan", cancel_text="Periksa lagi"):
            return
        s = self.session
        s.runner.run(loans_svc.disburse, s.ws, self.loan.id, on=self.date.value(),
                     cash_account_id=self.cash.currentData(), by=s.user, parent=self, busy="Membukukan...",
                     on_success=self._posted)

    def _posted(self, posted) -> None:
        self.posted = posted
        self.done_ok()
        offer_receipt(self.session, self.parentWidget(), posted,
                      f"Pencairan {self.loan.number} {fmt.rupiah(self.loan.net_disbursement)}", "Bukti Pencairan")
