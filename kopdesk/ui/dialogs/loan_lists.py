"""The loan lists on screen (opened from Beranda): daftar tunggakan as of a date, and the instalments falling due
in a period; search, totals, Excel export, print; Enter opens the loan."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kopdesk.services import collectibility as coll_svc
from kopdesk.ui import printing
from kopdesk.ui.screens.pinjaman_common import KLASS_COLOURS, arrears_doc, instalments_due_doc
from kopdesk.ui.session import Session
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import DateEdit, hint_label

ARREARS_COLUMNS = [
    Column("Nomor", lambda r: r.loan.number, width=125),
    Column("No. anggota", lambda r: r.member_number, width=90),
    Column("Nama", lambda r: r.member_name, width=-1),
    Column("Hari", lambda r: r.days_overdue, "int", width=50),
    Column("Angs.", lambda r: r.instalments, "int", width=50),
    Column("Pokok (Rp)", lambda r: r.principal, "money", total=True, width=105),
    Column("Jasa (Rp)", lambda r: r.jasa, "money", total=True, width=95),
    Column("Denda (Rp)", lambda r: r.denda, "money", total=True, width=95),
    Column("Jumlah (Rp)", lambda r: r.total, "money", total=True, width=110),
    Column("Sisa pokok (Rp)", lambda r: r.outstanding, "money", total=True, width=115),
    Column("Kolektibilitas", lambda r: r.klass.label, width=105, color=lambda r: KLASS_COLOURS[r.klass]),
]
DUE_COLUMNS = [
    Column("Jatuh tempo", lambda r: r.due, "date", width=92),
    Column("Nomor", lambda r: r.loan.number, width=125),
    Column("No. anggota", lambda r: r.member_number, width=90),
    Column("Nama", lambda r: r.member_name, width=-1),
    Column("Ke", lambda r: r.no, "int", width=40),
    Column("Pokok (Rp)", lambda r: r.principal_unpaid, "money", total=True, width=105),
    Column("Jasa (Rp)", lambda r: r.interest_unpaid, "money", total=True, width=95),
    Column("Belum dibayar (Rp)", lambda r: r.unpaid, "money", total=True, width=130),
]


class LoanListDialog(QDialog):
    loan_requested = Signal(int)

    def __init__(self, session: Session, kind: str, parent=None):
        super().__init__(parent)
        self.session, self.kind = session, kind
        arrears = kind == "arrears"
        self.setWindowTitle("Daftar tunggakan pinjaman" if arrears else "Angsuran jatuh tempo")
        self.resize(1180, 640)
        today = session.today()
        self.date_from = DateEdit(today)
        self.date_to = DateEdit(today + dt.timedelta(days=6))
        self.table = SearchableTable(ARREARS_COLUMNS if arrears else DUE_COLUMNS,
                                     export_name="daftar-tunggakan" if arrears else "angsuran-jatuh-tempo",
                                     search_placeholder="Cari nomor pinjaman atau nama anggota")
        self.table.activated.connect(self._open)
        self.show_button = QPushButton("Tampilkan")
        self.show_button.clicked.connect(self.load)
        self.print_button = QPushButton("Cetak...")
        self.print_button.clicked.connect(self.print_)
        open_button = QPushButton("Buka pinjaman")
        open_button.clicked.connect(lambda: self._open(self.table.current_record()))
        close = QPushButton("Tutup")
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel("Per tanggal" if arrears else "Dari"))
        top.addWidget(self.date_from)
        if not arrears:
            top.addWidget(QLabel("s.d."))
            top.addWidget(self.date_to)
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(open_button)
        top.addWidget(self.print_button)
        top.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(hint_label("Pinjaman yang angsurannya lewat jatuh tempo dan belum dibayar, terlama di atas."
                                 if arrears else "Angsuran pinjaman aktif yang jatuh tempo dalam periode ini dan "
                                 "belum dibayar penuh."))
        lay.addWidget(self.table, 1)
        self.load()

    def load(self) -> None:
        s = self.session
        if self.kind == "arrears":
            s.runner.run(coll_svc.arrears, s.ws, self.date_from.value(), parent=self, quiet=True,
                         on_success=self.table.set_records)
        else:
            s.runner.run(coll_svc.instalments_due, s.ws, self.date_from.value(), self.date_to.value(), parent=self,
                         quiet=True, on_success=self.table.set_records)

    def print_(self) -> None:
        s = self.session
        doc = (arrears_doc(s.ws, self.date_from.value()) if self.kind == "arrears"
               else instalments_due_doc(s.ws, self.date_from.value(), self.date_to.value()))
        printing.preview(s, doc, self)

    def _open(self, row) -> None:
        if row is not None:
            self.loan_requested.emit(row.loan.id)
            self.accept()
