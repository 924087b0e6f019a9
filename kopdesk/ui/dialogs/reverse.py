"""Cancel a posted journal with its linked reversal (jurnal pembalik): asks for the date and the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from kopdesk import fmt
from kopdesk.domain.ledger import Journal
from kopdesk.services import ledger as ledger_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import DateEdit, hint_label


class ReverseDialog(FormDialog):
    def __init__(self, session: Session, journal: Journal, parent=None):
        super().__init__(f"Batalkan {journal.number}", "Buat jurnal pembalik", parent)
        self.session, self.journal = session, journal
        self.posted = None
        self.resize_to_width(520)
        self.date = DateEdit()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. salah akun, seharusnya beban listrik")
        info = QLabel(f"<b>{journal.number}</b> · {fmt.date_long(journal.date)}<br>{journal.description}<br>"
                      f"Jumlah {fmt.rupiah(journal.total)}")
        info.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Jurnal", info)
        form.addRow("Tanggal pembalik", self.date)
        form.addRow("Alasan", self.reason)
        self.body.addLayout(form)
        self.body.addWidget(hint_label("Jurnal asal tidak diubah. KopDesk membuat jurnal pembalik (JB) dengan debit "
                                       "dan kredit ditukar, sehingga saldonya kembali seperti sebelum jurnal ini."))
        self.reason.textChanged.connect(self.mark_dirty)
        self.date.dateChanged.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False

    def problems(self) -> list[str]:
        out = []
        if not self.reason.text().strip():
            out.append("Alasan pembatalan wajib diisi.")
        if self.date.value() < self.journal.date:
            out.append("Tanggal pembalik tidak boleh sebelum tanggal jurnal asal.")
        return out

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session
        s.runner.run(ledger_svc.reverse_journal, s.ws, self.journal.id, on=self.date.value(),
                     reason=self.reason.text(), by=s.user, parent=self, busy="Membukukan...",
                     on_success=self._posted)

    def _posted(self, posted) -> None:
        self.posted = posted
        self.done_ok()
