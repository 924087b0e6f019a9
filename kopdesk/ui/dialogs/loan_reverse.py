"""Cancel the latest transaction of a loan (a disbursement, repayment or payoff) by its linked reversal: asks for
the date and the reason; the original stays, a reversal journal is posted (loan_payments.reverse)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from kopdesk import fmt
from kopdesk.domain.loans import Loan, LoanTx
from kopdesk.services import loan_payments as pay_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.dialogs.loan_actions import offer_receipt
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import DateEdit, hint_label


class LoanReverseDialog(FormDialog):
    def __init__(self, session: Session, loan: Loan, tx: LoanTx, parent=None):
        super().__init__(f"Batalkan {tx.kind.label.lower()} {tx.journal_number}", "Buat pembatalan", parent)
        self.session, self.loan, self.tx = session, loan, tx
        self.posted = None
        self.resize_to_width(540)
        self.date = DateEdit(session.today())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. salah jumlah, seharusnya Rp1.180.000")
        info = QLabel(f"<b>{tx.kind.label}</b> {tx.journal_number} · {fmt.date_long(tx.date)}<br>{tx.description}"
                      f"<br>Jumlah {fmt.rupiah(tx.amount)}")
        info.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Transaksi", info)
        form.addRow("Tanggal pembatalan", self.date)
        form.addRow("Alasan *", self.reason)
        self.body.addLayout(form)
        self.body.addWidget(hint_label("Transaksi asal tidak diubah. KopDesk membuat jurnal pembalik dan "
                                       "mengembalikan posisi pinjaman seperti sebelum transaksi ini."))
        self.reason.textChanged.connect(self.mark_dirty)
        self.date.dateChanged.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False

    def problems(self) -> list[str]:
        out = []
        if not self.reason.text().strip():
            out.append("Alasan pembatalan wajib diisi.")
        if self.date.value() < self.tx.date:
            out.append("Tanggal pembatalan tidak boleh sebelum tanggal transaksi asal.")
        return out

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session
        s.runner.run(pay_svc.reverse, s.ws, self.tx.id, on=self.date.value(), reason=self.reason.text(), by=s.user,
                     parent=self, busy="Membukukan...", on_success=self._posted)

    def _posted(self, posted) -> None:
        self.posted = posted
        self.done_ok()
        offer_receipt(self.session, self.parentWidget(), posted, f"Pembatalan {self.tx.journal_number}",
                      "Bukti Pembatalan")
