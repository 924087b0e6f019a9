"""Cancel a savings deposit or withdrawal: the linked reversal of its journal and of the member's savings row,
with the date and the reason; the original stays as it was (append-only)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from kopdesk import fmt
from kopdesk.domain.members import Member
from kopdesk.domain.savings import SavingsTx, TxKind
from kopdesk.services import savings as savings_svc
from kopdesk.ui import printing
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import DateEdit, hint_label


class SavingsReverseDialog(FormDialog):
    def __init__(self, session: Session, tx: SavingsTx, product_name: str, member: Member, parent=None):
        what = "setoran" if tx.kind == TxKind.SETORAN else "penarikan"
        super().__init__(f"Batalkan {what} {tx.receipt_number}", f"Batalkan {what}", parent)
        self.session, self.tx, self.member, self.what = session, tx, member, what
        self.product_name = product_name
        self.posted = None
        self.resize_to_width(540)
        self.date = DateEdit()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. salah anggota, seharusnya A-0013")
        info = QLabel(f"<b>{tx.receipt_number}</b> · {fmt.date_long(tx.date)}<br>{member.number} "
                      f"{member.full_name} · {product_name}<br>{what.capitalize()} "
                      f"{fmt.rupiah(tx.deposit or tx.withdrawal)}")
        info.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Transaksi", info)
        form.addRow("Tanggal pembatalan", self.date)
        form.addRow("Alasan", self.reason)
        self.body.addLayout(form)
        self.body.addWidget(hint_label("Transaksi asal tidak diubah. KopDesk membuat jurnal pembalik dan baris "
                                       "pembatalan di simpanan anggota, sehingga saldonya kembali seperti sebelum "
                                       "transaksi ini."))
        self.reason.textChanged.connect(self.mark_dirty)
        self.date.dateChanged.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False
        self.reason.setFocus()

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
        balance = {p.id: b for p, b in savings_svc.balances(self.session.ws, self.member.id).items()}
        after = balance.get(self.tx.product_id, 0) - self.tx.delta
        if not prompts().confirm(self, f"Batalkan {self.what}?",
                                 f"{self.what.capitalize()} {fmt.rupiah(self.tx.deposit or self.tx.withdrawal)} "
                                 f"({self.tx.receipt_number}) dibatalkan dengan jurnal pembalik per "
                                 f"{fmt.date_long(self.date.value())}.\n\nSaldo {self.product_name.lower()} "
                                 f"{self.member.full_name} sesudahnya: {fmt.rupiah(after)}",
                                 ok_text=f"Ya, batalkan {self.what}", cancel_text="Periksa lagi"):
            return
        s = self.session
        s.runner.run(savings_svc.reverse, s.ws, self.tx.id, on=self.date.value(), reason=self.reason.text(),
                     by=s.user, parent=self, busy="Membukukan...", on_success=self._posted)

    def _posted(self, posted) -> None:
        self.posted = posted
        self.done_ok()
        parent = self.parentWidget()
        if prompts().confirm(parent, "Tersimpan", f"Pembatalan sudah dibukukan ({posted.number}). Cetak kuitansi "
                                                  "pembatalannya sekarang?", ok_text="Cetak kuitansi",
                             cancel_text="Tidak"):
            printing.preview(self.session, printing.receipt_doc(self.session, posted.tx_id, posted.number), parent)
