"""A general journal (jurnal umum) with a lines grid: account, debit, credit, memo. Live totals and difference;
the save button is enabled only when the journal is balanced and valid (domain.ledger.validate_journal)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.ledger import JournalDraft, LineDraft, validate_journal
from kopdesk.services import ledger as ledger_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.style import DANGER, OK
from kopdesk.ui.widgets import AccountPicker, DateEdit, MoneyEdit


class LineRow:
    def __init__(self, accounts):
        self.account = AccountPicker(accounts)
        self.account.setMinimumWidth(320)
        self.debit = MoneyEdit()
        self.credit = MoneyEdit()
        self.memo = QLineEdit()
        self.memo.setPlaceholderText("catatan baris (boleh kosong)")
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip("Hapus baris")
        self.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.debit.setPlaceholderText("0")
        self.credit.setPlaceholderText("0")
        self.debit.setFixedWidth(150)
        self.credit.setFixedWidth(150)

    def widgets(self):
        return (self.account, self.debit, self.credit, self.memo, self.remove)

    def is_blank(self) -> bool:
        return (not self.account.currentText().strip() and not self.debit.text().strip()
                and not self.credit.text().strip() and not self.memo.text().strip())

    def draft(self) -> LineDraft:
        return LineDraft(self.account.value() or 0, debit=self.debit.value() or 0, credit=self.credit.value() or 0,
                         memo=self.memo.text().strip())


class JournalEntryDialog(FormDialog):
    START_ROWS = 4

    def __init__(self, session: Session, parent=None):
        super().__init__("Jurnal umum baru", "Simpan jurnal", parent)
        self.session = session
        self.posted = None
        self.setMinimumSize(940, 520)
        ws = session.ws
        self._accounts_all = {a.id: a for a in ledger_svc.list_accounts(ws)}
        self._postable = ledger_svc.list_accounts(ws, postable_only=True, active_only=True)
        self.date = DateEdit()
        self.description = QLineEdit()
        self.description.setPlaceholderText("mis. Penyusutan inventaris bulan November")
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("nomor bukti di kertas (boleh kosong)")
        head = QFormLayout()
        head.addRow("Tanggal", self.date)
        head.addRow("Keterangan", self.description)
        head.addRow("Nomor bukti", self.reference)
        self.body.addLayout(head)

        self.grid_host = QWidget()
        host = QVBoxLayout(self.grid_host)
        host.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        host.addLayout(self.grid)
        host.addStretch(1)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        for col, text in enumerate(("Akun", "Debit", "Kredit", "Catatan", "")):
            label = QLabel(f"<b>{text}</b>")
            if text in ("Debit", "Kredit"):
                label.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(label, 0, col)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(3, 2)
        self.rows: list[LineRow] = []
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body.addWidget(scroll, 1)

        self.add_button = QPushButton("Tambah baris")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        self.totals = QLabel()
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        bar.addWidget(self.totals)
        self.body.addLayout(bar)
        for _ in range(self.START_ROWS):
            self.add_row()
        self.description.textChanged.connect(self.mark_dirty)
        self.reference.textChanged.connect(self.mark_dirty)
        self.date.dateChanged.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False
        self.validate()

    def add_row(self, focus: bool = False) -> LineRow:
        row = LineRow(self._postable)
        r = len(self.rows) + 1
        for col, w in enumerate(row.widgets()):
            self.grid.addWidget(w, r, col)
        row.account.accountChanged.connect(self.mark_dirty)
        row.debit.textChanged.connect(self.mark_dirty)
        row.credit.textChanged.connect(self.mark_dirty)
        row.memo.textChanged.connect(self.mark_dirty)
        # typing a debit clears nothing, but a line may hold only one side: the validation says so
        row.remove.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        prev = self.rows[-2].memo if len(self.rows) > 1 else self.reference
        for w in (row.account, row.debit, row.credit, row.memo):
            QWidget.setTabOrder(prev, w)
            prev = w
        QWidget.setTabOrder(prev, self.add_button)
        if focus:
            row.account.setFocus()
        return row

    def remove_row(self, row: LineRow) -> None:
        if len(self.rows) <= 2:
            for w in (row.debit, row.credit, row.memo):
                w.clear()
            row.account.set_value(None)
            return
        self.rows.remove(row)
        for w in row.widgets():
            self.grid.removeWidget(w)
            w.deleteLater()
        for r, other in enumerate(self.rows, start=1):
            for col, w in enumerate(other.widgets()):
                self.grid.addWidget(w, r, col)
        self.mark_dirty()

    def draft(self) -> JournalDraft:
        lines = tuple(r.draft() for r in self.rows if not r.is_blank())
        return JournalDraft(date=self.date.value(), description=self.description.text().strip(), lines=lines,
                            reference=self.reference.text().strip())

    def problems(self) -> list[str]:
        out = []
        for n, r in enumerate(self.rows, start=1):
            if r.is_blank():
                continue
            for w in (r.account, r.debit, r.credit):
                if w.problem() and (w is r.account or w.text().strip()):
                    out.append(f"Baris {n}: {w.problem()}")
        if out:
            return out
        return validate_journal(self.draft(), self._accounts_all)

    def validate(self) -> bool:
        ok = super().validate()
        if hasattr(self, "totals"):
            d = sum(r.debit.value() or 0 for r in self.rows)
            c = sum(r.credit.value() or 0 for r in self.rows)
            diff = d - c
            color = OK if diff == 0 and d else DANGER if diff else "#5f6b66"
            self.totals.setText(f"Total debit <b>{fmt.rupiah(d)}</b> &nbsp;&nbsp; Total kredit <b>{fmt.rupiah(c)}</b>"
                                f" &nbsp;&nbsp; <span style='color:{color}'>Selisih <b>{fmt.rupiah(abs(diff))}</b>"
                                f"{' (seimbang)' if diff == 0 and d else ''}</span>")
        return ok

    def summary(self) -> str:
        draft = self.draft()
        lines = []
        for line in draft.lines:
            a = self._accounts_all[line.account_id]
            side = "Debit " if line.debit else "Kredit"
            lines.append(f"{side}  {a.label}: {fmt.rupiah(line.debit or line.credit)}")
        return (f"{fmt.date_long(draft.date)} · {draft.description}\n\n" + "\n".join(lines)
                + f"\n\nJumlah: {fmt.rupiah(draft.total_debit)}")

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        if not prompts().confirm(self, "Bukukan jurnal?", self.summary(), ok_text="Ya, simpan jurnal",
                                 cancel_text="Periksa lagi"):
            return
        s = self.session
        s.runner.run(ledger_svc.post_journal, s.ws, self.draft(), s.user, parent=self, busy="Membukukan...",
                     on_success=self._posted)

    def _posted(self, posted) -> None:
        self.posted = posted
        self.done_ok()
        if prompts().confirm(self.parentWidget(), "Tersimpan",
                             f"{posted.number} sudah dibukukan. Cetak bukti jurnalnya sekarang?",
                             ok_text="Cetak bukti", cancel_text="Tidak"):
            from kopdesk.ui import printing

            printing.preview(self.session, printing.journal_voucher_doc(self.session, posted.journal_id,
                                                                        posted.number), self.parentWidget())
