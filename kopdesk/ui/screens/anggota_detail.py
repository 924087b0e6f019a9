"""One member's page: the profile with photo, a card per savings balance, every savings transaction, and what a
treasurer does for the member at the desk (setoran, penarikan, pembatalan, kuitansi, kartu simpanan, buku simpanan,
ubah data, keluarkan anggota)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
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
from kopdesk.domain.errors import KopDeskError
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.domain.savings import SavingsKind, SavingsTx, TxKind
from kopdesk.domain.users import Perm
from kopdesk.services import loans as loans_svc
from kopdesk.services import members as members_svc
from kopdesk.services import savings as savings_svc
from kopdesk.ui import printing
from kopdesk.ui.dialogs.member_form import photo_pixmap
from kopdesk.ui.session import Session
from kopdesk.ui.style import DANGER, MUTED, OK
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import facts_grid, title_label

RECEIPT_KINDS = (TxKind.SETORAN, TxKind.PENARIKAN, TxKind.PEMBALIK)


class TxRow:
    """A savings transaction with its product and the product's running balance after it."""

    __slots__ = ("tx", "product", "balance")

    def __init__(self, tx: SavingsTx, product: str, balance: int):
        self.tx, self.product, self.balance = tx, product, balance


def tx_status(r: TxRow) -> str:
    if r.tx.reversed_by_id:
        return "Dibatalkan"
    if r.tx.reverses_id:
        return "Pembatalan"
    return ""


class BalanceCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.value = QLabel("")
        self.value.setObjectName("cardValue")
        self.note = QLabel("")
        self.note.setObjectName("hint")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.setSpacing(2)
        lay.addWidget(self.title)
        lay.addWidget(self.value)
        lay.addWidget(self.note)


class MemberDetail(QWidget):
    back_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.member: Member | None = None
        self.dialog = None
        can_post, can_edit = session.can(Perm.POST), session.can(Perm.MEMBERS)

        self.back_button = QPushButton("← Daftar anggota")
        self.back_button.setToolTip("Esc")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.heading = title_label("")
        self.badge = QLabel("")
        self.badge.setObjectName("badge")
        self.edit_button = QPushButton("Ubah data")
        self.exit_button = QPushButton("Keluarkan anggota...")
        self.edit_button.clicked.connect(self.edit)
        self.exit_button.clicked.connect(self.exit_member)
        self.edit_button.setVisible(can_edit)
        self.exit_button.setVisible(can_edit and can_post)

        # profile summary
        self.photo = QLabel("Tanpa\nfoto")
        self.photo.setObjectName("photo")
        self.photo.setFixedSize(96, 120)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        names = (("nik", "NIK"), ("gender", "Jenis kelamin"), ("birth", "Lahir"), ("phone", "Telepon"),
                 ("address", "Alamat"), ("work", "Pekerjaan"), ("join", "Masuk"), ("heir", "Ahli waris"),
                 ("wajib", "Simpanan wajib"), ("notes", "Catatan"))
        grid, self.facts = facts_grid(names)
        profile = QFrame()
        profile.setObjectName("card")
        pl = QHBoxLayout(profile)
        pl.setContentsMargins(12, 10, 12, 10)
        pl.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        pl.addSpacing(6)
        pl.addLayout(grid, 1)

        self.cards_box = QGridLayout()
        self.cards_box.setSpacing(8)
        self.cards: dict[str, BalanceCard] = {}
        cards_widget = QWidget()
        cards_widget.setLayout(self.cards_box)
        cards_widget.setMinimumWidth(380)

        # transactions
        self.setoran_button = QPushButton("Setoran")
        self.setoran_button.setObjectName("primary")
        self.setoran_button.setToolTip("Ctrl+D")
        self.penarikan_button = QPushButton("Penarikan")
        self.penarikan_button.setToolTip("Ctrl+T")
        self.reverse_button = QPushButton("Batalkan...")
        self.receipt_button = QPushButton("Cetak kuitansi")
        self.statement_button = QPushButton("Kartu simpanan...")
        self.passbook_button = QPushButton("Buku simpanan...")
        self.setoran_button.clicked.connect(lambda: self.new_tx(True))
        self.penarikan_button.clicked.connect(lambda: self.new_tx(False))
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.receipt_button.clicked.connect(self.receipt_selected)
        self.statement_button.clicked.connect(self.statement)
        self.passbook_button.clicked.connect(self.passbook)
        for b in (self.setoran_button, self.penarikan_button, self.passbook_button):
            b.setVisible(can_post)
        self.reverse_button.setVisible(session.can(Perm.REVERSE))
        self.product_filter = QComboBox()
        self.product_filter.currentIndexChanged.connect(lambda _i: self._fill_table())
        self.table = SearchableTable([
            Column("Tanggal", lambda r: r.tx.date, "date", width=95),
            Column("Nomor bukti", lambda r: r.tx.receipt_number, width=130),
            Column("Simpanan", lambda r: r.product, width=140),
            Column("Transaksi", lambda r: r.tx.kind.label, width=120),
            Column("Keterangan", lambda r: r.tx.description, width=-1),
            Column("Setoran (Rp)", lambda r: r.tx.deposit, "money", total=True, width=115),
            Column("Penarikan (Rp)", lambda r: r.tx.withdrawal, "money", total=True, width=125),
            Column("Saldo (Rp)", lambda r: r.balance, "money", width=115),
            Column("Status", tx_status, width=95,
                   color=lambda r: DANGER if r.tx.reversed_by_id else MUTED if r.tx.reverses_id else None),
        ], export_name="transaksi-simpanan", search_placeholder="Cari nomor bukti atau keterangan")
        self.table.selectionChanged.connect(self._selected)
        self.table.activated.connect(lambda _r: self.receipt_selected())
        self.table.toolbar.insertWidget(0, self.product_filter)

        # loans
        self.loans_table = SearchableTable([
            Column("Nomor", lambda r: r.loan.number, width=130),
            Column("Diajukan", lambda r: r.loan.applied_on, "date", width=95),
            Column("Keperluan", lambda r: r.loan.purpose, width=-1),
            Column("Jumlah (Rp)", lambda r: r.loan.amount, "money", width=115),
            Column("Tenor", lambda r: r.loan.tenor, "int", width=55),
            Column("Status", lambda r: r.loan.status.label, width=110),
            Column("Sisa pokok (Rp)", lambda r: r.outstanding, "money", total=True),
        ], export_name="pinjaman-anggota", searchable=False)
        self.loans_table.activated.connect(lambda r: self.open_loan(r.loan.id))
        self.apply_loan_button = QPushButton("Ajukan pinjaman...")
        self.apply_loan_button.clicked.connect(self.apply_loan)
        self.apply_loan_button.setVisible(can_post)
        self.open_loan_button = QPushButton("Buka pinjaman")
        self.open_loan_button.clicked.connect(
            lambda: self.loans_table.current_record() and self.open_loan(self.loans_table.current_record().loan.id))
        self.loans_table.toolbar.insertWidget(0, self.apply_loan_button)
        self.loans_table.toolbar.insertWidget(1, self.open_loan_button)
        self.loans_table.toolbar.insertStretch(2, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "Transaksi simpanan")
        self.tabs.addTab(self.loans_table, "Pinjaman")
        session.events.changed.connect(self._changed)

        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addSpacing(10)
        head.addWidget(self.heading)
        head.addWidget(self.badge)
        head.addStretch(1)
        head.addWidget(self.edit_button)
        head.addWidget(self.exit_button)
        upper = QHBoxLayout()
        upper.setSpacing(10)
        upper.addWidget(profile, 3)
        upper.addWidget(cards_widget, 2)
        actions = QHBoxLayout()
        for b in (self.setoran_button, self.penarikan_button, self.reverse_button):
            actions.addWidget(b)
        actions.addSpacing(16)
        for b in (self.receipt_button, self.statement_button, self.passbook_button):
            actions.addWidget(b)
        actions.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 6)
        lay.setSpacing(8)
        lay.addLayout(head)
        lay.addLayout(upper)
        lay.addLayout(actions)
        lay.addWidget(self.tabs, 1)

        def sc(keys, slot):
            return QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        if can_post:
            sc("Ctrl+D", lambda: self.new_tx(True))
            sc("Ctrl+T", lambda: self.new_tx(False))
        sc("Esc", self.back_requested.emit)
        self._rows: list[TxRow] = []
        self._selected(None)

    @property
    def ws(self):
        return self.session.ws

    # ------------------------------------------------------------------ loading
    def show_member(self, member_id: int) -> None:
        self.member = members_svc.get_member(self.ws, member_id)
        self.product_filter.blockSignals(True)
        self.product_filter.clear()
        self.product_filter.addItem("Semua simpanan", None)
        for p in savings_svc.products(self.ws):
            self.product_filter.addItem(p.name, p.id)
        self.product_filter.blockSignals(False)
        self.load()
        self.table.view.setFocus()

    def load(self) -> None:
        if self.member is None or self.ws.closed:
            return
        ws = self.ws
        m = self.member = members_svc.get_member(ws, self.member.id)
        self.heading.setText(f"{m.number} · {m.full_name}")
        self.badge.setText(m.status.label)
        self.badge.setObjectName("badge" if m.status == MemberStatus.AKTIF else "badgeMuted")
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        pix = photo_pixmap(members_svc.get_photo(ws, m.id) if m.has_photo else None, 96, 120)
        if pix is None:
            self.photo.setPixmap(QPixmap())
            self.photo.setText("Tanpa\nfoto")
        else:
            self.photo.setPixmap(pix)
        f = self.facts
        f["nik"].setText(m.nik)
        f["gender"].setText({"L": "Laki-laki", "P": "Perempuan"}.get(m.gender, m.gender))
        f["birth"].setText(", ".join(x for x in (m.birth_place, fmt.date_long(m.birth_date)) if x) or "-")
        f["phone"].setText(m.phone or "-")
        f["address"].setText(", ".join(x for x in (m.address, m.desa, m.kecamatan, m.kabupaten_kota) if x) or "-")
        work = ", ".join(x for x in (m.occupation, m.employer_unit, f"NIP {m.nip}" if m.nip else "") if x)
        f["work"].setText(work or "-")
        join = fmt.date_long(m.join_date)
        if not m.status.is_member:
            join += f"; {m.status.label.lower()} {fmt.date_long(m.exit_date)}"
            if m.exit_reason:
                join += f" ({m.exit_reason})"
        f["join"].setText(join)
        f["heir"].setText(f"{m.heir_name} ({m.heir_relation})" if m.heir_name and m.heir_relation
                          else m.heir_name or "-")
        f["notes"].setText(m.notes or "-")
        self._wajib_fact(m)
        self._fill_cards(m)
        self._load_transactions(m)
        self._load_loans(m)
        active = m.status.is_member
        self.setoran_button.setEnabled(active)
        self.penarikan_button.setEnabled(active)
        self.exit_button.setEnabled(active)
        self.edit_button.setEnabled(True)

    def _wajib_fact(self, m: Member) -> None:
        label = self.facts["wajib"]
        if not m.status.is_member:
            label.setText("-")
            label.setStyleSheet("")
            return
        try:
            st = savings_svc.wajib_of(self.ws, m.id, self.session.today())
        except KopDeskError:    # no simpanan wajib product configured
            label.setText("-")
            label.setStyleSheet("")
            return
        monthly = (m.wajib_amount if m.wajib_amount is not None
                   else st.expected // st.months_due if st.months_due else 0)
        if not st.arrears:
            label.setText(f"{fmt.rupiah(monthly)}/bulan · lunas s.d. {fmt.month_year(self.session.today())}")
            label.setStyleSheet(f"color: {OK};")
        else:
            label.setText(f"{fmt.rupiah(monthly)}/bulan · menunggak {st.months_in_arrears} bulan "
                          f"({fmt.rupiah(st.arrears)})")
            label.setStyleSheet(f"color: {DANGER};" if st.months_in_arrears >= 3 else "")

    def _fill_cards(self, m: Member) -> None:
        while self.cards_box.count():
            item = self.cards_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.cards = {}
        balances = savings_svc.balances(self.ws, m.id)
        shown = [(p, b) for p, b in balances.items() if p.active or b]
        for i, (p, b) in enumerate(shown):
            card = BalanceCard(p.name)
            card.value.setText(fmt.rupiah(b))
            if p.interest_rate:
                card.note.setText(f"jasa {fmt.percent(p.interest_rate, 1)}/tahun")
            elif p.kind.locked_while_member:
                card.note.setText("kembali saat keluar")
            self.cards[p.code] = card
            self.cards_box.addWidget(card, i // 2, i % 2)
        total = BalanceCard("Jumlah simpanan")
        total.value.setText(fmt.rupiah(sum(balances.values())))
        total.value.setStyleSheet(f"color: {OK};")
        self.cards["total"] = total
        n = len(shown)
        self.cards_box.addWidget(total, n // 2, n % 2)

    def _load_transactions(self, m: Member) -> None:
        names = {p.id: p.name for p in savings_svc.products(self.ws)}
        running: dict[int, int] = {}
        rows = []
        for t in savings_svc.member_transactions(self.ws, m.id):
            running[t.product_id] = running.get(t.product_id, 0) + t.delta
            rows.append(TxRow(t, names.get(t.product_id, ""), running[t.product_id]))
        self._rows = list(reversed(rows))  # newest first
        self._fill_table()

    def _load_loans(self, m: Member) -> None:
        rows = loans_svc.member_loans(self.ws, m.id)
        self.loans_table.set_records(rows)
        running = sum(1 for r in rows if r.outstanding or r.loan.status.open)
        self.tabs.setTabText(1, f"Pinjaman ({running} berjalan)" if running else "Pinjaman")
        self.apply_loan_button.setEnabled(m.status == MemberStatus.AKTIF)
        self.apply_loan_button.setToolTip("" if m.status == MemberStatus.AKTIF
                                          else "Hanya anggota aktif yang bisa mengajukan pinjaman.")

    def _changed(self, changes) -> None:
        if changes.loans and self.member is not None and not self.ws.closed and self.isVisible():
            self._load_loans(self.member)

    def _fill_table(self) -> None:
        pid = self.product_filter.currentData()
        self.table.set_records([r for r in self._rows if pid is None or r.tx.product_id == pid])
        self._selected(None)

    def balance_of(self, code: str) -> int:
        return {p.code: b for p, b in savings_svc.balances(self.ws, self.member.id).items()}.get(code, 0)

    # ------------------------------------------------------------------ selection
    def _selected(self, row: TxRow | None) -> None:
        t = row.tx if row else None
        self.reverse_button.setEnabled(t is not None and t.kind in (TxKind.SETORAN, TxKind.PENARIKAN)
                                       and not t.reversed_by_id)
        self.receipt_button.setEnabled(t is not None and t.kind in RECEIPT_KINDS)

    def select_tx(self, tx_id: int) -> None:
        for i, r in enumerate(self.table.visible_records()):
            if r.tx.id == tx_id:
                self.table.select_row(i)
                return

    # ------------------------------------------------------------------ actions
    def new_tx(self, deposit: bool):
        from kopdesk.ui.dialogs.savings_tx import SavingsTxDialog

        if self.member is None or not self.member.status.is_member:
            return None
        code = None
        if not deposit:
            code = savings_svc.product_of_kind(self.ws, SavingsKind.SUKARELA).code
        self.dialog = SavingsTxDialog(self.session, deposit, self.member, code, self)
        self.dialog.open()
        return self.dialog

    def reverse_selected(self):
        from kopdesk.ui.dialogs.savings_reverse import SavingsReverseDialog

        row = self.table.current_record()
        if row is None or not self.reverse_button.isEnabled():
            return None
        self.dialog = SavingsReverseDialog(self.session, row.tx, row.product, self.member, self)
        self.dialog.open()
        return self.dialog

    def receipt_selected(self) -> None:
        row = self.table.current_record()
        if row is not None and row.tx.kind in RECEIPT_KINDS:
            printing.preview(self.session, printing.receipt_doc(self.session, row.tx.id, row.tx.receipt_number), self)

    def statement(self):
        from kopdesk.ui.dialogs.statement import StatementDialog

        if self.member is None:
            return None
        self.dialog = StatementDialog(self.session, self.member, self)
        self.dialog.open()
        return self.dialog

    def passbook(self):
        from kopdesk.ui.dialogs.passbook import PassbookDialog

        if self.member is None:
            return None
        self.dialog = PassbookDialog(self.session, self.member, self)
        self.dialog.open()
        return self.dialog

    def edit(self):
        from kopdesk.ui.dialogs.member_form import MemberDialog

        if self.member is None:
            return None
        self.dialog = MemberDialog(self.session, self.member, self)
        self.dialog.open()
        return self.dialog

    def apply_loan(self):
        from kopdesk.ui.dialogs.loan_application import LoanApplicationDialog

        if self.member is None:
            return None
        self.dialog = LoanApplicationDialog(self.session, member=self.member, parent=self)
        self.dialog.accepted.connect(lambda: self.dialog.applied and self.open_loan(self.dialog.applied.loan.id))
        self.dialog.open()
        return self.dialog

    def open_loan(self, loan_id: int):
        """The loan's page in Pinjaman."""
        w = self.parentWidget()
        while w is not None and not hasattr(w, "open_loan"):
            w = w.parentWidget()
        return w.open_loan(loan_id) if w is not None else None

    def exit_member(self):
        from kopdesk.ui.dialogs.member_exit import MemberExitDialog

        if self.member is None or not self.member.status.is_member:
            return None
        self.dialog = MemberExitDialog(self.session, self.member, self)
        self.dialog.open()
        return self.dialog
