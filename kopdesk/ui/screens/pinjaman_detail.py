"""One loan's page: the loan card on screen — terms, position as of today (sisa pokok, tunggakan, denda,
kolektibilitas), the schedule with the state of every instalment, every transaction — the actions its status
allows, the documents (kartu, perjanjian, kuitansi of a transaction) and the reversal of the latest transaction. Problem
loans are handled here too (dialogs/loan_workout.py): restrukturisasi of an active loan (an application) and its
execution once approved, hapus buku against the PPAP (approvers only) and the recoveries of a written-off loan."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.loans import LoanStatus, LoanTxKind
from kopdesk.domain.users import Perm
from kopdesk.services import collectibility as coll_svc
from kopdesk.services import loan_workouts as workouts_svc
from kopdesk.services import loans as loans_svc
from kopdesk.ui import printing
from kopdesk.ui.screens.anggota_detail import BalanceCard
from kopdesk.ui.screens.pinjaman_common import KLASS_COLOURS, actions, maker_checker, rate_text, receipt_doc
from kopdesk.ui.session import Session
from kopdesk.ui.style import DANGER, MUTED, OK, WARN
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import facts_grid, title_label

STATE_COLOURS = {"Lunas": OK, "Tertunggak": DANGER, "Jatuh tempo": WARN, "Sebagian": WARN}
RECEIPT_TITLES = {LoanTxKind.PENCAIRAN: "Bukti Pencairan", LoanTxKind.ANGSURAN: "Kuitansi Angsuran",
                  LoanTxKind.PELUNASAN: "Kuitansi Pelunasan", LoanTxKind.PEMBALIK: "Bukti Pembatalan"}
REVERSIBLE = (LoanTxKind.PENCAIRAN, LoanTxKind.ANGSURAN, LoanTxKind.PELUNASAN, LoanTxKind.HAPUS_BUKU,
              LoanTxKind.PEMULIHAN)


def tx_status(p) -> str:
    if p.tx.reversed_by_id:
        return "Dibatalkan"
    if p.tx.reverses_id:
        return "Pembatalan"
    return ""


WORKOUTS = (("restructure", "Restrukturisasi..."), ("execute", "Laksanakan restrukturisasi..."),
            ("write_off", "Hapus buku..."), ("recover", "Terima pemulihan..."))


def workout_actions(card, user) -> dict[str, bool]:
    """Which problem-loan buttons a loan shows for a user (the statuses and permissions loan_workouts requires)."""
    if card is None:
        return {k: False for k, _t in WORKOUTS}
    loan, st = card.loan, card.loan.status
    post, approver = user.can(Perm.POST), user.can(Perm.APPROVE_LOANS)
    return {
        "restructure": st == LoanStatus.AKTIF and post and card.restructured_into_number is None,
        "execute": st == LoanStatus.DISETUJUI and loan.is_restructuring and post,
        "write_off": st == LoanStatus.AKTIF and approver,
        "recover": st == LoanStatus.DIHAPUS and post,
    }


class LoanDetail(QWidget):
    back_requested = Signal()

    def __init__(self, session: Session, screen, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.screen = session, screen
        self.loan = None
        self.card = None
        self.back_button = QPushButton("← Daftar pinjaman")
        self.back_button.setToolTip("Esc")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.heading = title_label("")
        self.badge = QLabel("")
        self.badge.setObjectName("badge")
        self.member_button = QPushButton("Buka anggota")
        self.member_button.clicked.connect(self.open_member)
        self.related_button = QPushButton("")
        self.related_button.clicked.connect(self.open_related)
        self.related_button.hide()
        self.related_number: str | None = None

        # terms
        names = (("product", "Produk"), ("amount", "Jumlah pinjaman"), ("rate", "Jasa"), ("tenor", "Jangka waktu"),
                 ("fees", "Potongan"), ("net", "Diterima bersih"), ("dates", "Tanggal"), ("purpose", "Keperluan"),
                 ("collateral", "Agunan"), ("guarantor", "Penjamin"))
        grid, self.facts = facts_grid(names)
        terms = QFrame()
        terms.setObjectName("card")
        tl = QVBoxLayout(terms)
        tl.setContentsMargins(12, 8, 12, 8)
        tl.addLayout(grid)

        # position
        self.cards = {key: BalanceCard(title) for key, title in (
            ("outstanding", "Sisa pokok"), ("arrears", "Tunggakan"), ("denda", "Denda s.d. hari ini"),
            ("klass", "Kolektibilitas"))}
        cards = QGridLayout()
        cards.setSpacing(8)
        for k, card in enumerate(self.cards.values()):
            cards.addWidget(card, k // 2, k % 2)
        for card in self.cards.values():
            card.note.setWordWrap(True)
        cards_widget = QWidget()
        cards_widget.setLayout(cards)
        cards_widget.setMinimumWidth(300)
        cards_widget.setMinimumHeight(176)   # two lines of note per card, also when the terms are short

        # actions
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (("approve", "Setujui"), ("reject", "Tolak"), ("cancel", "Batalkan pengajuan"),
                          ("disburse", "Cairkan"), ("repay", "Angsuran"), ("payoff", "Pelunasan"),
                          ("card", "Cetak kartu"), ("agreement", "Cetak perjanjian")):
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, k=key: self.act(k))
            self.buttons[key] = b
        for key, text in WORKOUTS:
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, k=key: self.workout(k))
            self.buttons[key] = b
        for b in self.buttons.values():
            b.hide()   # shown per loan by _update_actions; all at once they would widen the window past 1366 px
        self.buttons["write_off"].setToolTip("Hapus buku terhadap PPAP (perlu hak menyetujui pinjaman)")
        self.buttons["repay"].setObjectName("primary")
        self.buttons["repay"].setToolTip("Ctrl+D")
        self.buttons["card"].setToolTip("Ctrl+P")
        self.receipt_button = QPushButton("Cetak kuitansi")
        self.receipt_button.clicked.connect(self.receipt_selected)
        self.reverse_button = QPushButton("Batalkan transaksi...")
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.reverse_button.setVisible(session.can(Perm.REVERSE))

        # schedule and transactions
        self.schedule = SearchableTable([
            Column("Ke", lambda r: r.no, "int"),
            Column("Jatuh tempo", lambda r: r.due, "date"),
            Column("Pokok (Rp)", lambda r: r.principal, "money", total=True),
            Column("Jasa (Rp)", lambda r: r.interest, "money", total=True),
            Column("Angsuran (Rp)", lambda r: r.total, "money", total=True),
            Column("Pokok dibayar", lambda r: r.principal_paid, "money", total=True),
            Column("Jasa dibayar", lambda r: r.interest_paid, "money", total=True),
            Column("Denda", lambda r: r.penalty, "money", total=True),
            Column("Belum dibayar", lambda r: r.unpaid, "money", total=True),
            Column("Keadaan", lambda r: r.state, color=lambda r: STATE_COLOURS.get(r.state)),
        ], export_name="jadwal-angsuran", searchable=False)
        self.payments = SearchableTable([
            Column("Tanggal", lambda p: p.tx.date, "date"),
            Column("Jurnal", lambda p: p.tx.journal_number),
            Column("Transaksi", lambda p: p.tx.kind.label),
            Column("Jumlah (Rp)", lambda p: p.tx.amount, "money"),
            Column("Pokok (Rp)", lambda p: -p.tx.principal if p.tx.kind != LoanTxKind.PENCAIRAN else 0, "money",
                   total=True, width=105),
            Column("Jasa (Rp)", lambda p: p.tx.interest, "money", total=True),
            Column("Denda (Rp)", lambda p: p.tx.penalty, "money", total=True),
            Column("Sisa pokok (Rp)", lambda p: p.outstanding, "money"),
            Column("Status", tx_status, width=-1,
                   color=lambda p: DANGER if p.tx.reversed_by_id else MUTED if p.tx.reverses_id else None),
        ], export_name="transaksi-pinjaman", searchable=False)
        self.schedule.toolbar.insertStretch(0, 1)
        for t in (self.schedule, self.payments):
            t.footer.setWordWrap(True)
        self.payments.selectionChanged.connect(lambda _r: self._selected())
        self.payments.activated.connect(lambda _r: self.receipt_selected())
        self.payments.toolbar.insertWidget(0, self.receipt_button)
        self.payments.toolbar.insertWidget(1, self.reverse_button)
        self.payments.toolbar.insertStretch(2, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.schedule, "Jadwal angsuran")
        self.tabs.addTab(self.payments, "Transaksi")

        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addSpacing(10)
        head.addWidget(self.heading)
        head.addWidget(self.badge)
        head.addStretch(1)
        head.addWidget(self.related_button)
        head.addWidget(self.member_button)
        upper = QHBoxLayout()
        upper.setSpacing(10)
        upper.addWidget(terms, 3)
        upper.addWidget(cards_widget, 2)
        bar = QHBoxLayout()
        for key in ("approve", "reject", "cancel", "disburse", "repay", "payoff", "execute", "restructure",
                    "write_off", "recover"):
            bar.addWidget(self.buttons[key])
        bar.addStretch(1)
        bar.addWidget(self.buttons["card"])
        bar.addWidget(self.buttons["agreement"])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 6)
        lay.setSpacing(8)
        lay.addLayout(head)
        lay.addLayout(upper)
        lay.addLayout(bar)
        lay.addWidget(self.tabs, 1)

        def sc(keys, slot):
            return QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        sc("Esc", self.back_requested.emit)
        sc("Ctrl+D", lambda: self.buttons["repay"].isVisible() and self.act("repay"))

    @property
    def ws(self):
        return self.session.ws

    # ------------------------------------------------------------------ loading
    def show_loan(self, loan_id: int) -> None:
        self.loan = loans_svc.get_loan(self.ws, loan_id)
        self.load()
        self.tabs.setCurrentIndex(1 if self.loan.status in (LoanStatus.LUNAS,) else 0)

    def load(self) -> None:
        if self.loan is None or self.ws.closed:
            return
        today = self.session.today()
        c = self.card = loans_svc.loan_card(self.ws, self.loan.id, today)
        loan = self.loan = c.loan
        m, p = c.member, c.product
        self.heading.setText(f"{loan.number} · {m.number} {m.full_name}")
        self.badge.setText(loan.status.label)
        self.badge.setObjectName("badge" if loan.status in (LoanStatus.AKTIF, LoanStatus.DISETUJUI,
                                                            LoanStatus.DIAJUKAN) else "badgeMuted")
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        unit = "minggu" if loan.frequency.value == "mingguan" else "bulan"
        f = self.facts
        f["product"].setText(f"{p.name} · {loan.method.label.lower()}")
        f["amount"].setText(fmt.rupiah(loan.amount))
        f["rate"].setText(rate_text(loan.rate, loan.method, c.quote.effective_rate))
        inst = c.quote.schedule.instalments
        first = inst[0].total if inst else 0
        f["tenor"].setText(f"{loan.tenor} {unit}; angsuran {fmt.rupiah(first)}"
                           + (" (pertama)" if len({i.total for i in inst}) > 1 else ""))
        fees = loan.fees
        parts = [f"provisi {fmt.rupiah(fees.provisi)}", f"administrasi {fmt.rupiah(fees.admin)}"]
        if fees.savings:
            parts.append(f"simpanan pinjaman {fmt.rupiah(fees.savings)}")
        f["fees"].setText(", ".join(parts))
        f["net"].setText(fmt.rupiah(loan.net_disbursement))
        dates = [f"diajukan {fmt.date_short(loan.applied_on)}"]
        if loan.decided_on:
            dates.append(f"{'disetujui' if loan.status not in (LoanStatus.DITOLAK, LoanStatus.DIBATALKAN) else loan.status.label.lower()} {fmt.date_short(loan.decided_on)}")  # noqa: E501
        if loan.disbursed_on:
            dates.append(f"cair {fmt.date_short(loan.disbursed_on)}")
        if loan.closed_on:
            dates.append(f"ditutup {fmt.date_short(loan.closed_on)}")
        if c.restructures_number:
            dates.append(f"restrukturisasi dari {c.restructures_number}")
        if c.restructured_into_number:
            dates.append(f"direstrukturisasi {'menjadi' if loan.status == LoanStatus.DIRESTRUKTURISASI else 'ke'} "
                         f"{c.restructured_into_number}"
                         + ("" if loan.status == LoanStatus.DIRESTRUKTURISASI else " (pengajuan)"))
        self.related_number = c.restructured_into_number or c.restructures_number
        self.related_button.setText(f"Buka {self.related_number}" if self.related_number else "")
        self.related_button.setVisible(self.related_number is not None)
        f["dates"].setText(", ".join(dates))
        f["purpose"].setText(loan.purpose or "-")
        f["collateral"].setText(f"{loan.collateral} (taksiran {fmt.rupiah(loan.collateral_value)})"
                                if loan.collateral and loan.collateral_value else loan.collateral or "-")
        f["guarantor"].setText(loan.guarantor or "-")
        if loan.decision_note:
            f["purpose"].setText(f"{loan.purpose or '-'}\nCatatan keputusan: {loan.decision_note}")
        self._fill_position(c, today)
        self.schedule.set_records(list(c.lines))
        self.payments.set_records(list(reversed(c.payments)))
        self._update_actions()
        self._selected()

    def _fill_position(self, c, today) -> None:
        pos = c.position
        cards = self.cards
        active = c.loan.status == LoanStatus.AKTIF
        cards["outstanding"].value.setText(fmt.rupiah(pos.principal_outstanding if active else c.outstanding))
        paid = c.total_paid
        cards["outstanding"].note.setText(f"sudah dibayar pokok {fmt.rupiah(paid[0])}, jasa {fmt.rupiah(paid[1])}")
        arrears = pos.principal_arrears + pos.interest_arrears if active else 0
        cards["arrears"].value.setText(fmt.rupiah(arrears))
        cards["arrears"].value.setStyleSheet(f"color: {DANGER};" if arrears else "")
        cards["arrears"].note.setText(f"{pos.instalments_in_arrears} angsuran, terlambat {pos.days_overdue} hari"
                                      if arrears else "tidak ada angsuran yang terlambat")
        cards["denda"].value.setText(fmt.rupiah(pos.penalty_due if active else 0))
        cards["denda"].note.setText(f"per {fmt.date_long(today)}")
        if active:
            k = coll_svc.classify_loan(self.ws, c.loan.id, today)
            cards["klass"].value.setText(k.klass.label)
            cards["klass"].value.setStyleSheet(f"color: {KLASS_COLOURS[k.klass]};")
            nxt = next((i for i in pos.instalments if i.unpaid > 0 and i.due >= today), None)
            cards["klass"].note.setText(f"angsuran berikutnya {fmt.date_short(nxt.due)}: {fmt.rupiah(nxt.unpaid)}"
                                        if nxt else f"pelunasan hari ini {fmt.rupiah(pos.payoff_amount)}")
        elif c.loan.status == LoanStatus.DIHAPUS:
            left = workouts_svc.recoverable(self.ws, c.loan.id)
            cards["klass"].value.setText("Dihapus buku")
            cards["klass"].value.setStyleSheet(f"color: {DANGER};")
            cards["klass"].note.setText(f"dapat dipulihkan {fmt.rupiah(left)}")
        else:
            cards["klass"].value.setText("-")
            cards["klass"].value.setStyleSheet("")
            cards["klass"].note.setText(c.loan.status.label)

    def _update_actions(self) -> None:
        acts = actions(self.loan, self.session.user, maker_checker(self.ws))
        for key, a in acts.items():
            b = self.buttons.get(key)
            if b is None:
                continue
            b.setVisible(a.visible)
            b.setEnabled(a.enabled)
            b.setToolTip(a.why if not a.enabled else {"repay": "Ctrl+D", "card": "Ctrl+P"}.get(key, ""))
        for key, show in workout_actions(self.card, self.session.user).items():
            self.buttons[key].setVisible(show)
        if self.card is not None and self.loan.status == LoanStatus.DIHAPUS:
            left = workouts_svc.recoverable(self.ws, self.loan.id)
            self.buttons["recover"].setEnabled(left > 0)
            self.buttons["recover"].setToolTip("" if left > 0 else "Seluruh pinjaman yang dihapus buku sudah "
                                               "dipulihkan.")

    # ------------------------------------------------------------------ transactions
    def current_payment(self):
        return self.payments.current_record()

    def latest_reversible(self):
        """The newest transaction not reversed and not a reversal (the only one that may be reversed)."""
        if self.card is None:
            return None
        for p in reversed(self.card.payments):
            if p.tx.kind == LoanTxKind.PEMBALIK or p.tx.reversed_by_id:
                continue
            return p if p.tx.kind in REVERSIBLE else None
        return None

    def _selected(self) -> None:
        p = self.current_payment()
        self.receipt_button.setEnabled(p is not None and p.tx.kind in RECEIPT_TITLES)
        latest = self.latest_reversible()
        ok = p is not None and latest is not None and p.tx.id == latest.tx.id
        self.reverse_button.setEnabled(ok)
        self.reverse_button.setToolTip("" if ok else "Pilih transaksi terakhir yang belum dibatalkan; transaksi "
                                       "dibatalkan mulai dari yang terbaru.")

    def select_tx(self, tx_id: int) -> None:
        self.tabs.setCurrentWidget(self.payments)
        for i, p in enumerate(self.payments.visible_records()):
            if p.tx.id == tx_id:
                self.payments.select_row(i)
                return

    def receipt_selected(self) -> None:
        p = self.current_payment()
        if p is None or p.tx.kind not in RECEIPT_TITLES:
            return
        printing.preview(self.session, receipt_doc(self.ws, p.tx.id, RECEIPT_TITLES[p.tx.kind],
                                                   p.tx.journal_number), self)

    def reverse_selected(self):
        p = self.current_payment()
        if p is None:
            return None
        from kopdesk.ui.dialogs.loan_reverse import LoanReverseDialog

        self.dialog = LoanReverseDialog(self.session, self.loan, p.tx, self)
        self.dialog.open()
        return self.dialog

    # ------------------------------------------------------------------ actions
    def act(self, key: str):
        if self.loan is None:
            return None
        return self.screen.act(key, self.loan.id)

    def workout(self, key: str):
        """Open a problem-loan dialog (restrukturisasi, pelaksanaannya, hapus buku, pemulihan)."""
        if self.loan is None or not workout_actions(self.card, self.session.user).get(key):
            return None
        from kopdesk.ui.dialogs import loan_workout as w

        cls = {"restructure": w.RestructureDialog, "execute": w.ExecuteRestructureDialog,
               "write_off": w.WriteOffDialog, "recover": w.RecoveryDialog}[key]
        self.dialog = cls(self.session, self.loan.id, self)
        self.dialog.accepted.connect(lambda d=self.dialog: self._worked_out(d))
        self.dialog.open()
        return self.dialog

    def _worked_out(self, dlg) -> None:
        """After a problem-loan dialog: show the restructuring application, else the loan as it is now."""
        applied = getattr(dlg, "applied", None)
        if applied is not None:
            self.open_loan(applied.loan.id)
            return
        self.load()
        self.tabs.setCurrentWidget(self.schedule if self.loan.status == LoanStatus.AKTIF else self.payments)

    def open_loan(self, loan_id: int) -> None:
        if hasattr(self.screen, "show_loan"):
            self.screen.show_loan(loan_id)
        else:
            self.show_loan(loan_id)

    def open_related(self) -> None:
        if self.related_number:
            self.open_loan(loans_svc.find_loan(self.ws, self.related_number).id)

    def open_member(self) -> None:
        if self.loan is None:
            return
        w = self.parentWidget()
        while w is not None and not hasattr(w, "open_member"):
            w = w.parentWidget()
        if w is not None:
            w.open_member(self.loan.member_id)
