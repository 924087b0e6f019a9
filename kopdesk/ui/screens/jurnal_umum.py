"""Jurnal Umum: the journals of a period, searchable, with their lines; new journal; cancel by reversal."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from kopdesk.domain.users import Perm
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import profile as profile_svc
from kopdesk.ui import printing
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import DANGER, MUTED
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import PeriodPicker, hint_label


def journal_status(j) -> str:
    if j.reversed_by_id:
        return "Dibatalkan"
    if j.reverses_id:
        return "Pembalik"
    return ""


class JurnalUmumScreen(Screen):
    flags = ("ledger", "accounts")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self.period = PeriodPicker(fiscal_start_month=profile_svc.get_profile(session.ws).fiscal_year_start_month)
        self.period.changed.connect(self.refresh)
        self.new_button = QPushButton("Jurnal baru")
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.new_journal)
        self.reverse_button = QPushButton("Batalkan (jurnal pembalik)")
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.print_button = QPushButton("Cetak bukti")
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.clicked.connect(self.print_selected)
        self.new_button.setVisible(session.can(Perm.POST))
        self.reverse_button.setVisible(session.can(Perm.REVERSE))
        self.table = SearchableTable([
            Column("Tanggal", lambda j: j.date, "date"),
            Column("Nomor", lambda j: j.number),
            Column("Keterangan", lambda j: j.description, width=-1),
            Column("Nomor bukti", lambda j: j.reference),
            Column("Jumlah (Rp)", lambda j: j.total, "money", total=True, width=150),
            Column("Status", journal_status,
                   color=lambda j: DANGER if j.reversed_by_id else MUTED if j.reverses_id else None),
        ], export_name="jurnal", search_placeholder="Cari nomor, keterangan atau nomor bukti (Ctrl+F)")
        self.lines = SearchableTable([
            Column("Kode", lambda l: l.account_code),
            Column("Akun", lambda l: l.account_name, width=-1),
            Column("Catatan", lambda l: l.memo),
            Column("Debit (Rp)", lambda l: l.debit, "money", total=True, width=150),
            Column("Kredit (Rp)", lambda l: l.credit, "money", total=True, width=150),
        ], export_name="baris-jurnal", searchable=False)
        self.lines.export_button.hide()
        self.lines_title = QLabel("Pilih jurnal untuk melihat baris-barisnya.")
        self.lines_title.setObjectName("hint")
        self.table.selectionChanged.connect(self.show_lines)
        self.table.activated.connect(self.show_lines)

        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.reverse_button)
        top.addWidget(self.print_button)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 4, 0, 0)
        ll.addWidget(self.lines_title)
        ll.addWidget(self.lines, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(hint_label("Jurnal yang sudah dibukukan tidak bisa diubah atau dihapus. Untuk memperbaiki, "
                                 "batalkan dengan jurnal pembalik lalu buat jurnal yang benar."))
        if session.can(Perm.POST):
            self.shortcut("Ctrl+N", self.new_journal)
        self.shortcut("Ctrl+P", self.print_selected)
        self.show_lines(None)

    def load(self) -> None:
        a, b = self.period.period()
        keep = self.table.current_record()
        records = ledger_svc.journals(self.ws, a, b)
        self.table.set_records(records)
        if keep is not None:
            for row, rec in enumerate(self.table.visible_records()):
                if rec.id == keep.id:
                    self.table.select_row(row)
                    return
        self.show_lines(None)

    def show_lines(self, journal) -> None:
        if journal is None:
            self.lines.set_records([])
            self.lines_title.setText("Pilih jurnal untuk melihat baris-barisnya.")
        else:
            self.lines.set_records(journal.lines)
            extra = f" · nomor bukti {journal.reference}" if journal.reference else ""
            self.lines_title.setText(f"{journal.number} · {journal.description}{extra} · dibuat oleh "
                                     f"{journal.created_by}")
        j = journal
        self.reverse_button.setEnabled(j is not None and not j.reversed_by_id and not j.reverses_id)
        self.print_button.setEnabled(j is not None)

    def new_journal(self):
        from kopdesk.ui.dialogs.journal_entry import JournalEntryDialog

        self.dialog = JournalEntryDialog(self.session, self)
        self.dialog.open()
        return self.dialog

    def reverse_selected(self):
        from kopdesk.ui.dialogs.reverse import ReverseDialog

        journal = self.table.current_record()
        if journal is None:
            return None
        self.dialog = ReverseDialog(self.session, journal, self)
        self.dialog.open()
        return self.dialog

    def print_selected(self) -> None:
        j = self.table.current_record()
        if j is not None:
            printing.preview(self.session, printing.journal_voucher_doc(self.session, j.id, j.number), self)
