"""Kartu simpanan: choose the period and the savings products, then preview / print / save the PDF."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout

from kopdesk.domain.members import Member
from kopdesk.services import profile as profile_svc
from kopdesk.services import savings as savings_svc
from kopdesk.ui import printing
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import PeriodPicker


class StatementDialog(FormDialog):
    def __init__(self, session: Session, member: Member, parent=None):
        super().__init__(f"Kartu simpanan {member.number} {member.full_name}", "Tampilkan kartu simpanan", parent)
        self.session, self.member = session, member
        self.resize_to_width(620)
        ws = session.ws
        self.period = PeriodPicker(fiscal_start_month=profile_svc.get_profile(ws).fiscal_year_start_month)
        self.period.quick.setCurrentIndex(2)   # the financial year
        since = QPushButton("Sejak masuk")
        since.setAutoDefault(False)
        since.clicked.connect(self.since_joining)
        balances = savings_svc.balances(ws, member.id)
        self.products: dict[str, QCheckBox] = {}
        boxes = QVBoxLayout()
        for p, b in balances.items():
            if not p.active and not b:
                continue
            box = QCheckBox(p.name)
            box.setChecked(True)
            box.toggled.connect(self.mark_dirty)
            self.products[p.code] = box
            boxes.addWidget(box)
        row = QHBoxLayout()
        row.addWidget(self.period)
        row.addWidget(since)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(row)
        form.addRow("Simpanan", boxes)
        self.body.addLayout(form)
        self.period.changed.connect(self.validate)
        self.finish_layout()

    def since_joining(self) -> None:
        self.period.set_period(self.member.join_date or dt.date.today(), dt.date.today())

    def chosen(self) -> list[str]:
        return [code for code, box in self.products.items() if box.isChecked()]

    def problems(self) -> list[str]:
        out = []
        a, b = self.period.period()
        if b < a:
            out.append("Tanggal akhir tidak boleh sebelum tanggal awal.")
        if not self.chosen():
            out.append("Pilih paling sedikit satu jenis simpanan.")
        return out

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        a, b = self.period.period()
        codes = self.chosen()
        doc = printing.statement_doc(self.session, self.member.id, self.member.number, a, b,
                                     None if len(codes) == len(self.products) else codes)
        parent = self.parentWidget()
        self.done_ok()
        printing.preview(self.session, doc, parent)
