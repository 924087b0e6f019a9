"""Angsuran and pelunasan of one loan. The repayment dialog shows, before anything is posted, how the amount is
allocated (loan_payments.repayment_preview: denda, jasa and pokok per instalment, by the loan's order) and the sisa
pokok after; the payoff dialog shows the quote (remaining pokok + jasa due + denda, the later jasa not charged).
Both ask once with the journal and offer the kuitansi after posting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton

from kopdesk import fmt
from kopdesk.domain.errors import KopDeskError
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import loan_payments as pay_svc
from kopdesk.services import loans as loans_svc
from kopdesk.ui.dialogs.base import FormDialog, section
from kopdesk.ui.dialogs.loan_actions import offer_receipt
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import DateEdit, MoneyEdit, hint_label


class AllocRow:
    __slots__ = ("no", "due", "penalty", "interest", "principal")

    def __init__(self, no, due, penalty, interest, principal):
        self.no, self.due, self.penalty, self.interest, self.principal = no, due, penalty, interest, principal

    @property
    def total(self) -> int:
        return self.penalty + self.interest + self.principal


def alloc_rows(pv) -> list[AllocRow]:
    dues = {i.no: i.due for i in pv.before.instalments}
    return [AllocRow(a.no, dues.get(a.no), a.penalty, a.interest, a.principal) for a in pv.allocations if a.total]


def _cash_combo(ws) -> QComboBox:
    combo = QComboBox()
    for a in ledger_svc.cash_accounts(ws):
        combo.addItem(a.label, a.id)
    return combo


def _loan_heading(card) -> str:
    loan, m = card.loan, card.member
    return f"<b>{loan.number}</b> · {m.number} {m.full_name} · {card.product.name} {fmt.rupiah(loan.amount)}"


class RepaymentDialog(FormDialog):
    def __init__(self, session: Session, loan_id: int, parent=None):
        super().__init__("Angsuran pinjaman", "Simpan angsuran", parent)
        self.session = session
        self.posted = None
        self.pv = None
        self.error = ""
        self.resize_to_width(760)
        ws = session.ws
        self.card = loans_svc.loan_card(ws, loan_id, session.today())
        self.loan = self.card.loan
        pos = self.card.position
        self.amount = MoneyEdit(required=True, allow_zero=False)
        self.date = DateEdit(session.today())
        self.cash = _cash_combo(ws)
        due_now = pos.penalty_due + sum(i.unpaid for i in pos.instalments if i.due <= session.today())
        nxt = next((i for i in pos.instalments if i.unpaid > 0 and i.due > session.today()), None)
        self.suggested = due_now or (nxt.unpaid if nxt else 0)
        self.fill_button = QPushButton(f"Isi {fmt.rupiah(self.suggested)}")
        self.fill_button.setToolTip("Tunggakan dan denda s.d. hari ini, atau angsuran berikutnya bila tidak menunggak")
        self.fill_button.setAutoDefault(False)
        self.fill_button.clicked.connect(lambda: self.amount.setValue(self.suggested))
        self.state = QLabel("")
        self.state.setWordWrap(True)
        self.state.setText(
            f"{_loan_heading(self.card)}<br>Sisa pokok {fmt.rupiah(pos.principal_outstanding)} · tunggakan "
            f"{fmt.rupiah(pos.principal_arrears + pos.interest_arrears)} ({pos.instalments_in_arrears} angsuran) · "
            f"denda {fmt.rupiah(pos.penalty_due)}"
            + (f" · angsuran berikutnya {fmt.date_short(nxt.due)} {fmt.rupiah(nxt.unpaid)}" if nxt else ""))
        form = QFormLayout()
        form.addRow("Pinjaman", self.state)
        row = QHBoxLayout()
        row.addWidget(self.amount, 1)
        row.addWidget(self.fill_button)
        form.addRow("Jumlah dibayar", row)
        form.addRow("Tanggal", self.date)
        form.addRow("Akun kas/bank", self.cash)
        self.table = SearchableTable([
            Column("Angsuran ke", lambda r: r.no, "int"),
            Column("Jatuh tempo", lambda r: r.due, "date"),
            Column("Denda (Rp)", lambda r: r.penalty, "money", total=True),
            Column("Jasa (Rp)", lambda r: r.interest, "money", total=True),
            Column("Pokok (Rp)", lambda r: r.principal, "money", total=True),
            Column("Jumlah (Rp)", lambda r: r.total, "money", total=True, width=-1),
        ], export_name="alokasi-angsuran", searchable=False)
        self.table.export_button.hide()
        self.table.export_button.setAutoDefault(False)
        self.table.view.setMinimumHeight(150)
        self.after = QLabel("")
        self.after.setTextFormat(Qt.TextFormat.RichText)
        self.body.addLayout(form)
        self.body.addWidget(section("Pembagian pembayaran (dibukukan seperti ini)"))
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.after)
        self.body.addWidget(hint_label("Urutan: denda, jasa, lalu pokok, mulai dari angsuran tertua (sesuai produk). "
                                       "Kelebihan membayar angsuran berikutnya."))
        self.amount.textChanged.connect(self.mark_dirty)
        self.date.dateChanged.connect(self.mark_dirty)
        self.finish_layout()
        self.ok_button.setDefault(True)
        self._dirty = False

    def problems(self) -> list[str]:
        self.pv, self.error = None, ""
        if self.amount.problem():
            return [self.amount.problem()]
        try:
            self.pv = pay_svc.repayment_preview(self.session.ws, self.loan.id, amount=self.amount.value(),
                                                on=self.date.value())
        except KopDeskError as exc:
            self.error = exc.message
            return [exc.message]
        return []

    def validate(self) -> bool:
        ok = super().validate()
        pv = self.pv
        if pv is None:
            self.table.set_records([])
            self.after.setText("")
            return ok
        self.table.set_records(alloc_rows(pv))
        text = (f"Denda {fmt.rupiah(pv.penalty)} · jasa {fmt.rupiah(pv.interest)} · pokok {fmt.rupiah(pv.principal)}"
                f"<br>Sisa pokok sesudahnya: <b>{fmt.rupiah(pv.after.principal_outstanding)}</b>")
        if pv.closes:
            text += " — <b>pinjaman lunas</b>"
            if pv.savings_returned:
                text += f"; simpanan pinjaman {fmt.rupiah(pv.savings_returned)} dikembalikan ke simpanan sukarela"
        self.after.setText(text)
        return ok

    def summary(self) -> str:
        pv, m = self.pv, self.card.member
        p = self.card.product
        names = {a.id: a.label for a in ledger_svc.list_accounts(self.session.ws)}
        lines = [f"Debit   {self.cash.currentText()}: {fmt.rupiah(pv.amount)}",
                 f"Kredit  {names.get(p.receivable_account_id, 'Pinjaman anggota')}: {fmt.rupiah(pv.principal)}"]
        if pv.interest:
            lines.append(f"Kredit  {names.get(p.jasa_account_id, 'Jasa pinjaman')}: {fmt.rupiah(pv.interest)}")
        if pv.penalty:
            lines.append(f"Kredit  {names.get(p.denda_account_id, 'Denda')}: {fmt.rupiah(pv.penalty)}")
        return (f"Angsuran {self.loan.number} {m.number} {m.full_name}\nTanggal {fmt.date_long(pv.on)}\n\n"
                + "\n".join(lines)
                + f"\n\nSisa pokok sesudahnya: {fmt.rupiah(pv.after.principal_outstanding)}"
                + ("\nPinjaman menjadi LUNAS." if pv.closes else ""))

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        if not prompts().confirm(self, "Bukukan angsuran?", self.summary(), ok_text="Ya, simpan angsuran",
                                 cancel_text="Periksa lagi"):
            return
        s = self.session
        s.runner.run(pay_svc.repay, s.ws, self.loan.id, amount=self.amount.value(), on=self.date.value(),
                     cash_account_id=self.cash.currentData(), by=s.user, parent=self, busy="Membukukan...",
                     on_success=self._posted)

    def _posted(self, posted) -> None:
        self.posted = posted
        self.done_ok()
        after = loans_svc.position(self.session.ws, self.loan.id, self.date.value()).principal_outstanding
        offer_receipt(self.session, self.parentWidget(), posted,
                      f"Angsuran {self.card.member.full_name} {fmt.rupiah(self.amount.value())}", "Kuitansi Angsuran",
                      f" Sisa pokok sekarang {fmt.rupiah(after)}.")


class PayoffDialog(FormDialog):
    def __init__(self, session: Session, loan_id: int, parent=None):
        super().__init__("Pelunasan dipercepat", "Simpan pelunasan", parent)
        self.session = session
        self.posted = None
        self.q = None
        self.resize_to_width(620)
        ws = session.ws
        self.card = loans_svc.loan_card(ws, loan_id, session.today())
        self.loan = self.card.loan
        self.date = DateEdit(session.today())
        self.cash = _cash_combo(ws)
        self.quote_label = QLabel("")
        self.quote_label.setTextFormat(Qt.TextFormat.RichText)
        self.quote_label.setWordWrap(True)
        head = QLabel(_loan_heading(self.card))
        head.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Pinjaman", head)
        form.addRow("Tanggal", self.date)
        form.addRow("Akun kas/bank", self.cash)
        self.body.addLayout(form)
        self.body.addWidget(section("Yang harus dibayar"))
        self.body.addWidget(self.quote_label)
        self.date.dateChanged.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False

    def problems(self) -> list[str]:
        self.q = None
        try:
            self.q = pay_svc.payoff_quote(self.session.ws, self.loan.id, self.date.value())
        except KopDeskError as exc:
            return [exc.message]
        return []

    def validate(self) -> bool:
        ok = super().validate()
        q = self.q
        if q is None:
            self.quote_label.setText("")
            return ok
        rows = [("Sisa pokok", q.principal), ("Jasa jatuh tempo belum dibayar", q.jasa),
                ("Denda s.d. tanggal pelunasan", q.denda)]
        html = "<table cellspacing='0' cellpadding='3'>" + "".join(
            f"<tr><td>{a}</td><td align='right'>{fmt.rupiah(b)}</td></tr>" for a, b in rows)
        html += f"<tr><td><b>Jumlah pelunasan</b></td><td align='right'><b>{fmt.rupiah(q.total)}</b></td></tr></table>"
        if q.jasa_not_charged:
            html += f"<br>Jasa angsuran berikutnya yang tidak ditagih: {fmt.rupiah(q.jasa_not_charged)}."
        if q.savings_returned:
            html += f"<br>Simpanan pinjaman {fmt.rupiah(q.savings_returned)} dikembalikan ke simpanan sukarela."
        self.quote_label.setText(html)
        self.ok_button.setText(f"Simpan pelunasan {fmt.rupiah(q.total)}")
        return ok

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        q, m = self.q, self.card.member
        text = (f"Pelunasan dipercepat {self.loan.number} {m.number} {m.full_name}\n"
                f"Tanggal {fmt.date_long(q.on)}\n\nDebit   {self.cash.currentText()}: {fmt.rupiah(q.total)}\n"
                f"Kredit  Pinjaman anggota: {fmt.rupiah(q.principal)}\nKredit  Jasa pinjaman: {fmt.rupiah(q.jasa)}\n"
                f"Kredit  Denda: {fmt.rupiah(q.denda)}\n\nPinjaman menjadi LUNAS.")
        if not prompts().confirm(self, "Bukukan pelunasan?", text, ok_text="Ya, lunasi", cancel_text="Periksa lagi"):
            return
        s = self.session
        s.runner.run(pay_svc.payoff, s.ws, self.loan.id, on=self.date.value(), cash_account_id=self.cash.currentData(),
                     by=s.user, parent=self, busy="Membukukan...", on_success=self._posted)

    def _posted(self, posted) -> None:
        self.posted = posted
        self.done_ok()
        offer_receipt(self.session, self.parentWidget(), posted, f"Pelunasan {self.loan.number}",
                      "Kuitansi Pelunasan")
