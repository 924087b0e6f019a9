"""Problem loans from the loan page (services/loan_workouts.py, spec §2 and §7.4):

* RestructureDialog, on an active loan: a new tenor, optionally a new jasa rate or product, the date and the reason;
  the new schedule for the remaining pokok is shown live, with what happens to the arrears (pokok carried into the
  new loan, jasa and denda in arrears not charged). Saving records a restructuring APPLICATION (it needs approval
  like any application, the old loan stays active until it is carried out).
* ExecuteRestructureDialog, on an approved restructuring: carries the old loan's pokok into the new one (a memorial
  journal, no cash), shows the journal and the new schedule from the chosen date.
* WriteOffDialog (hapus buku): the outstanding pokok, the PPAP available and the journal that will be posted
  (PPAP D, beban penyisihan D for any shortfall, pinjaman anggota K); the reason is required.
* RecoveryDialog: money received on a written-off loan, at most what is still recoverable, into a cash account.

Every refusal of a service is shown in the dialog in Indonesian; after posting the bukti jurnal is offered (the loan
kuitansi has no layout for these transactions)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from kopdesk import fmt
from kopdesk.domain.errors import KopDeskError, ValidationError
from kopdesk.domain.loans import Frequency, LoanQuote, LoanStatus, LoanTxKind, quote
from kopdesk.services import collectibility as coll_svc
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import loan_products as products_svc
from kopdesk.services import loan_workouts as workouts_svc
from kopdesk.services import loans as loans_svc
from kopdesk.ui import printing
from kopdesk.ui.dialogs.base import FormDialog, section
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.pinjaman_common import ScheduleLine, rate_text, schedule_lines, schedule_table
from kopdesk.ui.session import Session
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import DateEdit, MoneyEdit, hint_label, show_problem


class JournalLine:
    __slots__ = ("account", "memo", "debit", "credit")

    def __init__(self, account: str, memo: str, debit: int = 0, credit: int = 0):
        self.account, self.memo, self.debit, self.credit = account, memo, debit, credit


def journal_table() -> SearchableTable:
    t = SearchableTable([
        Column("Akun", lambda r: r.account, width=320),
        Column("Keterangan", lambda r: r.memo, width=-1),
        Column("Debit (Rp)", lambda r: r.debit, "money", total=True),
        Column("Kredit (Rp)", lambda r: r.credit, "money", total=True),
    ], export_name="rencana-jurnal", searchable=False)
    t.export_button.setAutoDefault(False)
    t.export_button.setDefault(False)
    t.export_button.hide()
    t.view.setMinimumHeight(110)
    t.setMaximumHeight(190)
    return t


def journal_text(lines: list[JournalLine]) -> str:
    return "\n".join(f"{'Debit ' if x.debit else 'Kredit'}  {x.account}: {fmt.rupiah(x.debit or x.credit)}"
                     for x in lines)


def schedule_summary(q: LoanQuote, lines: list[ScheduleLine]) -> str:
    totals = {i.total for i in q.schedule.instalments}
    each = (f"{len(lines)} angsuran @ <b>{fmt.rupiah(lines[0].total)}</b>" if len(totals) == 1
            else f"{len(lines)} angsuran, pertama <b>{fmt.rupiah(lines[0].total)}</b>, terakhir "
                 f"{fmt.rupiah(lines[-1].total)}")
    first = f"; angsuran pertama jatuh tempo {fmt.date_long(lines[0].due)}" if lines and lines[0].due else ""
    return (f"{each}; jumlah jasa {fmt.rupiah(sum(i.interest for i in q.schedule.instalments))}{first}. "
            "Tanpa potongan provisi/administrasi.")


def _messages(exc: BaseException) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.problems) or [exc.message]
    if isinstance(exc, KopDeskError):
        return [exc.message]
    return ["Terjadi kesalahan program; rinciannya dicatat di file log. Tidak ada yang dibukukan."]


def _last_tx_date(ws, loan_id: int) -> dt.date | None:
    txs = loans_svc.transactions(ws, loan_id)
    return max((t.date for t in txs), default=None)


def _account_names(ws) -> dict[int, str]:
    return {a.id: a.label for a in ledger_svc.list_accounts(ws)}


def _unit(frequency: Frequency) -> str:
    return "minggu" if frequency == Frequency.WEEKLY else "bulan"


def offer_voucher(session: Session, parent, posted, what: str, extra: str = "") -> None:
    """After posting: say what was posted and offer the bukti jurnal."""
    if prompts().confirm(parent, "Tersimpan", f"{what} sudah dibukukan ({posted.number}).{extra}\n\n"
                         "Cetak bukti jurnalnya sekarang?", ok_text="Cetak bukti jurnal", cancel_text="Tidak"):
        printing.preview(session, printing.journal_voucher_doc(session, posted.journal_id, posted.number), parent)


class WorkoutDialog(FormDialog):
    """Shows every problem at once (bulleted) and a service refusal in place."""

    refused: list[str]

    def __init__(self, title: str, ok_text: str, session: Session, loan_id: int, parent=None):
        super().__init__(title, ok_text, parent)
        self.refused = []
        self.session = session
        self.posted = None
        self.card = loans_svc.loan_card(session.ws, loan_id, session.today())
        self.loan = self.card.loan

    @property
    def ws(self):
        return self.session.ws

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.ok_button.setDefault(True)

    def heading(self) -> QLabel:
        c = self.card
        label = QLabel(f"<b>{c.loan.number}</b> · {c.member.number} {c.member.full_name} · {c.product.name} "
                       f"{fmt.rupiah(c.loan.amount)}, {c.loan.tenor} {_unit(c.loan.frequency)}")
        label.setWordWrap(True)
        return label

    def all_problems(self) -> list[str]:
        return []

    def problems(self) -> list[str]:
        return self.all_problems()

    def mark_dirty(self, *args) -> None:
        self.refused = []
        super().mark_dirty(*args)

    def validate(self) -> bool:
        problems = self.problems()
        self.ok_button.setEnabled(not problems)
        shown = problems if self._dirty else []
        shown = shown or self.refused
        text = shown[0] if len(shown) == 1 else "\n".join(f"• {p}" for p in shown)
        show_problem(self.problems_label, text)
        self.fit_height()
        return not problems

    def refuse(self, exc: BaseException) -> None:
        """The service said no: keep the dialog open and show why, in place."""
        self.refused = _messages(exc)
        self.validate()

    def run(self, fn, *args, busy: str = "Membukukan...", **kwargs) -> None:
        s = self.session
        s.runner.run(fn, *args, by=s.user, parent=self, busy=busy, on_success=self._posted, on_error=self.refuse,
                     refusal_in_place=True, **kwargs)

    def _posted(self, result) -> None:
        self.posted = result
        self.done_ok()
        self.after_posting(result)

    def after_posting(self, result) -> None:
        pass


# ------------------------------------------------------------------------------------------------ restructuring


class RestructureDialog(WorkoutDialog):
    """Propose a restructuring of an active loan (a new application for the remaining pokok)."""

    def __init__(self, session: Session, loan_id: int, parent=None):
        super().__init__("Restrukturisasi pinjaman", "Ajukan restrukturisasi", session, loan_id, parent)
        self.quote: LoanQuote | None = None
        self.pos = None
        self.resize_to_width(1180)
        ws = self.ws
        old = self.loan
        self.products = list(products_svc.products(ws, active_only=True))
        if not any(p.id == old.product_id for p in self.products):
            self.products.insert(0, self.card.product)
        self.product = QComboBox()
        for p in self.products:
            self.product.addItem(p.name + (" (produk sekarang)" if p.id == old.product_id else ""), p.id)
        self.product.setCurrentIndex(next(k for k, p in enumerate(self.products) if p.id == old.product_id))
        self.tenor = QSpinBox()
        self.tenor.setRange(1, 600)
        self.tenor.setMinimumWidth(110)
        self.tenor.setValue(old.tenor)
        self.rate = QLineEdit()
        self.rate.setPlaceholderText(f"kosong = tetap {fmt.percent(old.rate, 2)} per bulan")
        self.rate_hint = hint_label("")
        self.date = DateEdit(session.today())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. usaha sepi, angsuran diringankan")
        self.position_label = QLabel("")
        self.position_label.setTextFormat(Qt.TextFormat.RichText)
        self.position_label.setWordWrap(True)
        self.effect_label = QLabel("")
        self.effect_label.setTextFormat(Qt.TextFormat.RichText)
        self.effect_label.setWordWrap(True)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow("Pinjaman", self.heading())
        form.addRow("Tanggal", self.date)
        form.addRow("Jangka waktu baru *", self.tenor)
        form.addRow("Jasa baru (% per bulan)", self.rate)
        form.addRow("", self.rate_hint)
        form.addRow("Produk", self.product)
        form.addRow("Alasan *", self.reason)
        left = QVBoxLayout()
        left.addWidget(section("Restrukturisasi"))
        left.addLayout(form)
        left.addWidget(section("Posisi pinjaman pada tanggal itu"))
        left.addWidget(self.position_label)
        left.addWidget(section("Yang terjadi"))
        left.addWidget(self.effect_label)
        left.addStretch(1)

        self.rate_label = QLabel("")
        self.rate_label.setObjectName("ok")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.table = schedule_table("jadwal-restrukturisasi")
        panel = QFrame()
        panel.setObjectName("card")
        right = QVBoxLayout(panel)
        right.setContentsMargins(10, 8, 10, 8)
        right.addWidget(section("Jadwal angsuran baru"))
        right.addWidget(self.rate_label)
        right.addWidget(self.summary)
        right.addWidget(self.table, 1)
        panel.setMinimumWidth(600)
        body = QHBoxLayout()
        body.addLayout(left, 4)
        body.addWidget(panel, 6)
        self.body.addLayout(body, 1)
        self.body.addWidget(hint_label("Restrukturisasi dicatat sebagai pengajuan baru dan harus disetujui pengurus "
                                       "seperti pengajuan biasa; pinjaman lama tetap berjalan sampai restrukturisasi "
                                       "dilaksanakan dari halaman pinjaman baru."))
        self.product.currentIndexChanged.connect(self._product_changed)
        self.tenor.valueChanged.connect(self.mark_dirty)
        self.rate.textChanged.connect(self.mark_dirty)
        self.reason.textChanged.connect(self.mark_dirty)
        self.date.dateChanged.connect(self.mark_dirty)
        self.finish_layout()
        self._product_changed()
        self._dirty = False
        self.validate()
        self.setMinimumHeight(600)

    @property
    def applied(self):
        """The restructuring application saved (loans.Applied), None until then."""
        return self.posted

    def current_product(self):
        pid = self.product.currentData()
        return next(p for p in self.products if p.id == pid)

    def _product_changed(self, *_args) -> None:
        p = self.current_product()
        self.tenor.blockSignals(True)
        self.tenor.setRange(p.tenor_min, p.tenor_max)
        self.tenor.setSuffix(f" {_unit(p.frequency)}")
        self.tenor.blockSignals(False)
        self.rate_hint.setText(f"{p.name}: {rate_text(p.rate, p.method)}, {p.tenor_min}-{p.tenor_max} "
                               f"{_unit(p.frequency)}. Jasa kosong memakai jasa pinjaman lama "
                               f"({fmt.percent(self.loan.rate, 2)}).")
        self.mark_dirty()

    def rate_value(self) -> Decimal | None:
        """The typed rate, None when empty (keep the old loan's); raises ValueError when it is not a number."""
        text = self.rate.text().strip().replace("%", "").replace(",", ".")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(text) from None
        if not value.is_finite():
            raise ValueError(text)
        return value

    def product_id(self) -> int | None:
        pid = self.current_product().id
        return None if pid == self.loan.product_id else pid

    def all_problems(self) -> list[str]:
        out: list[str] = []
        ws, on = self.ws, self.date.value()
        p = self.current_product()
        self.quote = None
        self.pos = loans_svc.position(ws, self.loan.id, on)
        if self.card.restructured_into_number:
            out.append(f"Pinjaman {self.loan.number} sudah punya pengajuan restrukturisasi "
                       f"{self.card.restructured_into_number}.")
        last = _last_tx_date(ws, self.loan.id)
        if last and on < last:
            out.append(f"Tanggal restrukturisasi tidak boleh sebelum transaksi terakhir pinjaman {self.loan.number} "
                       f"({fmt.date_short(last)}).")
        rate = self.loan.rate
        try:
            typed = self.rate_value()
        except ValueError as exc:
            out.append(f"Jasa '{exc}' bukan angka persen. Contoh: 1 atau 1,25.")
            typed = None
        else:
            if typed is not None:
                if not 0 <= typed <= 100:
                    out.append("Jasa per bulan harus 0 sampai 100%.")
                else:
                    rate = typed
        if not self.reason.text().strip():
            out.append("Alasan restrukturisasi wajib diisi.")
        remaining = self.pos.principal_outstanding
        if remaining <= 0:
            out.append(f"Pinjaman {self.loan.number} tidak mempunyai sisa pokok.")
        else:
            try:
                self.quote = loans_svc.preview(ws, product_id=p.id, amount=remaining, tenor=self.tenor.value(),
                                               rate=rate, start=on)
            except KopDeskError as exc:
                out += _messages(exc)
        return out

    def validate(self) -> bool:
        ok = super().validate()
        self._show()
        return ok

    def _show(self) -> None:
        pos, q = self.pos, self.quote
        if pos is None:
            return
        on = self.date.value()
        arrears = pos.principal_arrears + pos.interest_arrears
        self.position_label.setText(
            f"Sisa pokok <b>{fmt.rupiah(pos.principal_outstanding)}</b><br>"
            f"Tunggakan {fmt.rupiah(arrears)} (pokok {fmt.rupiah(pos.principal_arrears)}, jasa "
            f"{fmt.rupiah(pos.interest_arrears)}; {pos.instalments_in_arrears} angsuran, terlambat "
            f"{pos.days_overdue} hari)<br>Jasa jatuh tempo belum dibayar {fmt.rupiah(pos.jasa_due)} · denda "
            f"{fmt.rupiah(pos.penalty_due)} per {fmt.date_short(on)}")
        self.effect_label.setText(self.effects_html())
        if q is None:
            self.table.set_records([])
            self.rate_label.setText("")
            self.summary.setText("Jadwal baru tampil setelah isian benar.")
            return
        lines = schedule_lines(q)
        self.table.set_records(lines)
        self.rate_label.setText(rate_text(q.rate, q.schedule.method, q.effective_rate))
        self.summary.setText(f"Pokok baru {fmt.rupiah(q.schedule.principal)}: " + schedule_summary(q, lines))

    def effects_html(self) -> str:
        pos = self.pos
        return ("<ul style='margin-left:-20px'>"
                f"<li>Sisa pokok {fmt.rupiah(pos.principal_outstanding)} (termasuk tunggakan pokok "
                f"{fmt.rupiah(pos.principal_arrears)}) menjadi pokok pinjaman baru.</li>"
                f"<li>Jasa tertunggak {fmt.rupiah(pos.jasa_due)} dan denda {fmt.rupiah(pos.penalty_due)} tidak "
                "ditagih (belum pernah dibukukan sebagai pendapatan).</li>"
                f"<li>Pinjaman {self.loan.number} ditutup berstatus Direstrukturisasi; riwayatnya tetap.</li>"
                "<li>Tidak ada uang keluar: jurnal memorial Pinjaman anggota debit/kredit.</li></ul>")

    def summary_text(self) -> str:
        q, pos = self.quote, self.pos
        lines = schedule_lines(q)
        m = self.card.member
        return (f"Ajukan restrukturisasi {self.loan.number} {m.number} {m.full_name}?\n\n"
                f"Pinjaman baru: pokok {fmt.rupiah(q.schedule.principal)}, {len(lines)} {_unit(q.frequency)}, "
                f"jasa {fmt.percent(q.rate, 2)} per bulan ({self.current_product().name}), angsuran "
                f"{fmt.rupiah(lines[0].total)}.\n\n"
                f"Bila disetujui dan dilaksanakan:\n"
                f"• pinjaman {self.loan.number} ditutup berstatus Direstrukturisasi;\n"
                f"• tunggakan pokok {fmt.rupiah(pos.principal_arrears)} ikut menjadi pokok pinjaman baru;\n"
                f"• jasa tertunggak {fmt.rupiah(pos.jasa_due)} dan denda {fmt.rupiah(pos.penalty_due)} tidak "
                "ditagih;\n• tidak ada uang yang keluar.\n\n"
                "Pengajuan ini harus disetujui pengurus dulu.")

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        if not prompts().confirm(self, "Ajukan restrukturisasi?", self.summary_text(),
                                 ok_text="Ya, ajukan restrukturisasi", cancel_text="Periksa lagi"):
            return
        self.run(workouts_svc.restructure, self.ws, self.loan.id, on=self.date.value(), tenor=self.tenor.value(),
                 rate=self.rate_value(), product_id=self.product_id(), reason=self.reason.text(),
                 busy="Menyimpan pengajuan restrukturisasi...")

    def after_posting(self, applied) -> None:
        loan = applied.loan
        prompts().info(self.parentWidget(), "Tersimpan",
                       f"Pengajuan restrukturisasi {loan.number} sebesar {fmt.rupiah(loan.amount)} sudah dicatat "
                       f"dan menunggu persetujuan. Sesudah disetujui, buka {loan.number} dan pilih "
                       "\"Laksanakan restrukturisasi\".")


class ExecuteRestructureDialog(WorkoutDialog):
    """Carry out an approved restructuring: the old loan's pokok moves into the new one, no cash."""

    def __init__(self, session: Session, loan_id: int, parent=None):
        super().__init__("Laksanakan restrukturisasi", "Laksanakan restrukturisasi", session, loan_id, parent)
        self.resize_to_width(980)
        ws = self.ws
        new = self.loan
        self.old = loans_svc.get_loan(ws, new.restructures_id) if new.restructures_id else None
        self.old_pos = None
        self.quote: LoanQuote | None = None
        self.date = DateEdit(max(session.today(), new.decided_on or session.today()))
        self.position_label = QLabel("")
        self.position_label.setTextFormat(Qt.TextFormat.RichText)
        self.position_label.setWordWrap(True)
        self.journal = journal_table()
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.table = schedule_table("jadwal-restrukturisasi")
        self.table.view.setMinimumHeight(160)
        form = QFormLayout()
        form.addRow("Pinjaman baru", self.heading())
        form.addRow("Menggantikan", QLabel(self.old.number if self.old else "-"))
        form.addRow("Tanggal pelaksanaan", self.date)
        self.body.addLayout(form)
        self.body.addWidget(section("Pinjaman lama pada tanggal itu"))
        self.body.addWidget(self.position_label)
        self.body.addWidget(section("Jurnal yang dibukukan (tanpa kas)"))
        self.body.addWidget(self.journal)
        self.body.addWidget(section("Jadwal angsuran baru"))
        self.body.addWidget(self.summary)
        self.body.addWidget(self.table, 1)
        self.date.dateChanged.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False
        self.validate()
        self.setMinimumHeight(640)

    def all_problems(self) -> list[str]:
        out: list[str] = []
        ws, on, new = self.ws, self.date.value(), self.loan
        self.old_pos = self.quote = None
        if self.old is None:
            return [f"{new.number} bukan pengajuan restrukturisasi."]
        if new.status != LoanStatus.DISETUJUI:
            out.append(f"Restrukturisasi {new.number} berstatus {new.status.label.lower()}; harus disetujui dulu.")
        if new.decided_on and on < new.decided_on:
            out.append("Tanggal restrukturisasi tidak boleh sebelum tanggal persetujuan "
                       f"({fmt.date_short(new.decided_on)}).")
        last = _last_tx_date(ws, self.old.id)
        if last and on < last:
            out.append(f"Tanggal restrukturisasi tidak boleh sebelum transaksi terakhir pinjaman {self.old.number} "
                       f"({fmt.date_short(last)}).")
        self.old_pos = loans_svc.position(ws, self.old.id, on)
        if self.old_pos.principal_outstanding != new.amount:
            out.append(f"Sisa pokok {self.old.number} sekarang {fmt.rupiah(self.old_pos.principal_outstanding)}, "
                       f"bukan {fmt.rupiah(new.amount)} seperti saat diajukan; tolak {new.number} dan ajukan ulang.")
        self.quote = quote(new.amount, new.tenor, new.rate, new.method, new.frequency, round_to=new.round_to,
                           start=on)
        return out

    def journal_lines(self) -> list[JournalLine]:
        names = _account_names(self.ws)
        new_p = products_svc.get_product(self.ws, self.loan.product_id)
        old_p = products_svc.get_product(self.ws, self.old.product_id)
        return [JournalLine(names.get(new_p.receivable_account_id, "Pinjaman anggota"), self.loan.number,
                            debit=self.loan.amount),
                JournalLine(names.get(old_p.receivable_account_id, "Pinjaman anggota"), self.old.number,
                            credit=self.loan.amount)]

    def validate(self) -> bool:
        ok = super().validate()
        pos = self.old_pos
        if pos is not None:
            self.position_label.setText(
                f"{self.old.number}: sisa pokok <b>{fmt.rupiah(pos.principal_outstanding)}</b> (tunggakan pokok "
                f"{fmt.rupiah(pos.principal_arrears)} ikut pindah) · jasa tertunggak {fmt.rupiah(pos.jasa_due)} dan "
                f"denda {fmt.rupiah(pos.penalty_due)} <b>tidak ditagih</b> · {self.old.number} menjadi "
                "Direstrukturisasi.")
            self.journal.set_records(self.journal_lines())
        if self.quote is not None:
            lines = schedule_lines(self.quote)
            self.table.set_records(lines)
            self.summary.setText(f"{rate_text(self.quote.rate, self.quote.schedule.method)} · "
                                 + schedule_summary(self.quote, lines))
        return ok

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        pos, m = self.old_pos, self.card.member
        lines = schedule_lines(self.quote)
        text = (f"Laksanakan restrukturisasi {self.old.number} menjadi {self.loan.number} {m.number} {m.full_name}?"
                f"\nTanggal {fmt.date_long(self.date.value())}\n\n{journal_text(self.journal_lines())}\n\n"
                f"• {self.old.number} ditutup berstatus Direstrukturisasi (riwayat tetap ada);\n"
                f"• jasa tertunggak {fmt.rupiah(pos.jasa_due)} dan denda {fmt.rupiah(pos.penalty_due)} tidak "
                f"ditagih;\n• {self.loan.number} aktif: {len(lines)} angsuran, pertama {fmt.rupiah(lines[0].total)} "
                f"jatuh tempo {fmt.date_long(lines[0].due)};\n• tidak ada uang keluar.")
        if not prompts().confirm(self, "Laksanakan restrukturisasi?", text, ok_text="Ya, laksanakan",
                                 cancel_text="Periksa lagi"):
            return
        self.run(workouts_svc.execute_restructure, self.ws, self.loan.id, on=self.date.value())

    def after_posting(self, posted) -> None:
        offer_voucher(self.session, self.parentWidget(), posted,
                      f"Restrukturisasi {self.old.number} menjadi {self.loan.number}")


# ------------------------------------------------------------------------------------------------ write-off


class WriteOffDialog(WorkoutDialog):
    """Hapus buku against the PPAP."""

    def __init__(self, session: Session, loan_id: int, parent=None):
        super().__init__("Hapus buku pinjaman", "Hapus buku pinjaman", session, loan_id, parent)
        self.resize_to_width(820)
        ws = self.ws
        settings = products_svc.get_settings(ws)
        self.ppap_account = ledger_svc.get_account(ws, settings.ppap_account)
        self.remaining = self.card.outstanding
        self.from_ppap = 0
        self.plan: workouts_svc.WriteOffPlan | None = None
        self.date = DateEdit(session.today())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. usaha bangkrut, anggota tidak mampu membayar")
        self.position_label = QLabel("")
        self.position_label.setTextFormat(Qt.TextFormat.RichText)
        self.position_label.setWordWrap(True)
        self.journal = journal_table()
        self.after = QLabel("")
        self.after.setWordWrap(True)
        self.after.setTextFormat(Qt.TextFormat.RichText)
        form = QFormLayout()
        form.addRow("Pinjaman", self.heading())
        form.addRow("Tanggal hapus buku", self.date)
        form.addRow("Alasan *", self.reason)
        self.body.addLayout(form)
        self.body.addWidget(section("Posisi pinjaman dan PPAP"))
        self.body.addWidget(self.position_label)
        self.body.addWidget(section("Jurnal yang dibukukan"))
        self.body.addWidget(self.journal)
        self.body.addWidget(self.after)
        self.body.addStretch(1)
        self.reason.textChanged.connect(self.mark_dirty)
        self.date.dateChanged.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False
        self.validate()

    def all_problems(self) -> list[str]:
        out: list[str] = []
        on = self.date.value()
        if self.loan.status != LoanStatus.AKTIF:
            out.append(f"Pinjaman {self.loan.number} berstatus {self.loan.status.label.lower()}; hanya pinjaman aktif "
                       "yang bisa dihapus buku.")
        if not self.reason.text().strip():
            out.append("Alasan hapus buku wajib diisi.")
        last = _last_tx_date(self.ws, self.loan.id)
        if last and on < last:
            out.append(f"Tanggal hapus buku tidak boleh sebelum transaksi terakhir pinjaman {self.loan.number} "
                       f"({fmt.date_short(last)}).")
        if self.remaining <= 0:
            out.append(f"Pinjaman {self.loan.number} tidak mempunyai sisa pokok.")
        return out

    def journal_lines(self) -> list[JournalLine]:
        """The lines loan_workouts.write_off posts (its write_off_plan): PPAP first, the shortfall to the expense."""
        names = _account_names(self.ws)
        return [JournalLine(names.get(x.account_id, str(x.account_id)), x.memo, debit=x.debit, credit=x.credit)
                for x in self.plan.lines] if self.plan else []

    def validate(self) -> bool:
        ok = super().validate()
        on = self.date.value()
        pos = loans_svc.position(self.ws, self.loan.id, on)
        self.plan = workouts_svc.write_off_plan(self.ws, self.loan.id, on)
        available, self.from_ppap = self.plan.ppap_available, self.plan.from_ppap
        try:
            k = coll_svc.classify_loan(self.ws, self.loan.id, on)
            klass = f"{k.klass.label} (PPAP yang dibutuhkan pinjaman ini {fmt.rupiah(math.ceil(k.ppap))})"
        except KopDeskError:
            klass = "-"
        self.position_label.setText(
            f"Sisa pokok yang dihapus buku: <b>{fmt.rupiah(self.remaining)}</b> · tunggakan "
            f"{fmt.rupiah(pos.principal_arrears + pos.interest_arrears)}, terlambat {pos.days_overdue} hari<br>"
            f"Kolektibilitas: {klass}<br>"
            f"Saldo PPAP ({self.ppap_account.label}) per {fmt.date_short(on)}: <b>{fmt.rupiah(available)}</b>")
        self.journal.set_records(self.journal_lines())
        short = self.remaining - self.from_ppap
        text = (f"PPAP dipakai {fmt.rupiah(self.from_ppap)}"
                + (f"; kekurangan {fmt.rupiah(short)} langsung menjadi beban tahun ini" if short else
                   f"; sisa PPAP {fmt.rupiah(available - self.from_ppap)}")
                + f".<br>Pinjaman berstatus <b>Dihapus buku</b>. Anggota tetap berutang {fmt.rupiah(self.remaining)}: "
                  "uang yang diterima kemudian dicatat sebagai pemulihan (pendapatan). Jasa tertunggak "
                  f"{fmt.rupiah(pos.jasa_due)} dan denda {fmt.rupiah(pos.penalty_due)} tidak dibukukan.")
        self.after.setText(text)
        return ok

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        m = self.card.member
        text = (f"Hapus buku pinjaman {self.loan.number} {m.number} {m.full_name}\n"
                f"Tanggal {fmt.date_long(self.date.value())}\nAlasan: {self.reason.text().strip()}\n\n"
                f"{journal_text(self.journal_lines())}\n\n"
                f"Pinjaman menjadi DIHAPUS BUKU dan tidak bisa diangsur lagi; pembayaran berikutnya dicatat sebagai "
                f"pemulihan (paling banyak {fmt.rupiah(self.remaining)}).")
        if not prompts().confirm(self, "Hapus buku pinjaman?", text, ok_text="Ya, hapus buku",
                                 cancel_text="Periksa lagi"):
            return
        self.run(workouts_svc.write_off, self.ws, self.loan.id, on=self.date.value(), reason=self.reason.text())

    def after_posting(self, posted) -> None:
        offer_voucher(self.session, self.parentWidget(), posted, f"Hapus buku {self.loan.number}")


# ------------------------------------------------------------------------------------------------ recovery


class RecoveryDialog(WorkoutDialog):
    """Money received on a written-off loan."""

    def __init__(self, session: Session, loan_id: int, parent=None):
        super().__init__("Terima pemulihan pinjaman", "Simpan pemulihan", session, loan_id, parent)
        self.resize_to_width(700)
        ws = self.ws
        self.recoverable = workouts_svc.recoverable(ws, self.loan.id)
        standing = [p.tx for p in self.card.payments if not p.tx.reversed_by_id]
        written = sum(t.amount for t in standing if t.kind == LoanTxKind.HAPUS_BUKU)
        self.amount = MoneyEdit(required=True, allow_zero=False)
        self.fill_button = QPushButton(f"Isi {fmt.rupiah(self.recoverable)}")
        self.fill_button.setAutoDefault(False)
        self.fill_button.setToolTip("Seluruh sisa yang dapat dipulihkan")
        self.fill_button.clicked.connect(lambda: self.amount.setValue(self.recoverable))
        self.date = DateEdit(session.today())
        self.cash = QComboBox()
        for a in ledger_svc.cash_accounts(ws):
            self.cash.addItem(a.label, a.id)
        self.journal = journal_table()
        info = QLabel(f"Dihapus buku {fmt.rupiah(written)} · sudah dipulihkan {fmt.rupiah(written - self.recoverable)}"
                      f" · <b>dapat dipulihkan {fmt.rupiah(self.recoverable)}</b>")
        info.setTextFormat(Qt.TextFormat.RichText)
        info.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Pinjaman", self.heading())
        form.addRow("", info)
        row = QHBoxLayout()
        row.addWidget(self.amount, 1)
        row.addWidget(self.fill_button)
        form.addRow("Jumlah diterima *", row)
        form.addRow("Tanggal", self.date)
        form.addRow("Akun kas/bank", self.cash)
        self.body.addLayout(form)
        self.body.addWidget(section("Jurnal yang dibukukan"))
        self.body.addWidget(self.journal)
        self.body.addWidget(hint_label("Pemulihan dicatat sebagai pendapatan (pinjaman yang dihapus buku sudah tidak "
                                       "ada di neraca); statusnya tetap Dihapus buku."))
        self.body.addStretch(1)
        self.amount.textChanged.connect(self.mark_dirty)
        self.date.dateChanged.connect(self.mark_dirty)
        self.cash.currentIndexChanged.connect(self.mark_dirty)
        self.finish_layout()
        self.ok_button.setDefault(True)
        self._dirty = False
        self.validate()

    def all_problems(self) -> list[str]:
        out: list[str] = []
        if self.amount.problem():
            out.append(self.amount.problem())
        elif self.amount.value() > self.recoverable:
            out.append(f"Pemulihan {fmt.rupiah(self.amount.value())} melebihi sisa pinjaman yang dihapus buku "
                       f"{fmt.rupiah(self.recoverable)}.")
        last = _last_tx_date(self.ws, self.loan.id)
        if last and self.date.value() < last:
            out.append(f"Tanggal pemulihan tidak boleh sebelum transaksi terakhir pinjaman {self.loan.number} "
                       f"({fmt.date_short(last)}).")
        if self.cash.currentData() is None:
            out.append("Belum ada akun kas/bank; tandai akun kas di Daftar akun.")
        return out

    def journal_lines(self) -> list[JournalLine]:
        amount = self.amount.value() or 0
        names = _account_names(self.ws)
        return [JournalLine(self.cash.currentText(), "Diterima", debit=amount),
                JournalLine(names.get(self.card.product.recovery_account_id, "Pendapatan pemulihan"), self.loan.number,
                            credit=amount)]

    def validate(self) -> bool:
        ok = super().validate()
        self.journal.set_records(self.journal_lines() if self.amount.value() else [])
        if ok:
            self.ok_button.setText(f"Simpan pemulihan {fmt.rupiah(self.amount.value())}")
        return ok

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        m = self.card.member
        amount = self.amount.value()
        text = (f"Pemulihan pinjaman dihapus buku {self.loan.number} {m.number} {m.full_name}\n"
                f"Tanggal {fmt.date_long(self.date.value())}\n\n{journal_text(self.journal_lines())}\n\n"
                f"Sisa yang dapat dipulihkan sesudahnya: {fmt.rupiah(self.recoverable - amount)}.")
        if not prompts().confirm(self, "Bukukan pemulihan?", text, ok_text="Ya, simpan pemulihan",
                                 cancel_text="Periksa lagi"):
            return
        self.run(workouts_svc.record_recovery, self.ws, self.loan.id, amount=amount, on=self.date.value(),
                 cash_account_id=self.cash.currentData())

    def after_posting(self, posted) -> None:
        """The member paid money in: offer the kuitansi (with terbilang), as after an instalment."""
        from kopdesk.ui.screens.pinjaman_common import receipt_doc

        left = workouts_svc.recoverable(self.ws, self.loan.id)
        parent = self.parentWidget()
        if prompts().confirm(parent, "Tersimpan",
                             f"Pemulihan {self.loan.number} {fmt.rupiah(self.amount.value())} sudah dibukukan "
                             f"({posted.number}). Sisa yang dapat dipulihkan {fmt.rupiah(left)}.\n\n"
                             "Cetak kuitansinya sekarang?", ok_text="Cetak kuitansi", cancel_text="Tidak"):
            printing.preview(self.session, receipt_doc(self.ws, posted.tx_id, "Kuitansi Pemulihan Pinjaman",
                                                       posted.number), parent)
