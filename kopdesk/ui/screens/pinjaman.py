"""Pinjaman: the loan list (search by loan number, member number or name; status filter; lazy pages of 100, every
read on the worker, the newest query wins) with the actions the selected loan's status allows, and on Enter or
double-click the loan's own page (LoanDetail)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.loans import LoanStatus
from kopdesk.domain.users import Perm
from kopdesk.services import loan_products as products_svc
from kopdesk.services import loans as loans_svc
from kopdesk.ui.screens.angsuran_kolektif import AngsuranKolektifScreen
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.screens.pinjaman_common import (
    KLASS_COLOURS,
    STATUS_COLOURS,
    STATUS_FILTERS,
    LoanItem,
    actions,
    describe,
    maker_checker,
)
from kopdesk.ui.widgets import title_label

PAGE = 100
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

# title, value, kind (text | money | date | int), width
COLUMNS: tuple[tuple[str, Callable[[LoanItem], object], str, int], ...] = (
    ("Nomor", lambda i: i.loan.number, "text", 125),
    ("Anggota", lambda i: i.member, "text", 230),
    ("Produk", lambda i: i.product, "text", 140),
    ("Jumlah (Rp)", lambda i: i.loan.amount, "money", 100),
    ("Tenor", lambda i: i.loan.tenor, "int", 50),
    ("Status", lambda i: i.loan.status.label, "text", 82),
    ("Sisa pokok (Rp)", lambda i: i.row.outstanding, "money", 124),
    ("Tunggakan (Rp)", lambda i: i.arrears, "money", 120),
    ("Kolektibilitas", lambda i: i.klass.label if i.klass else "", "text", 106),
    ("Jatuh tempo", lambda i: i.next_due, "date", 100),
)


class LoanListModel(QAbstractTableModel):
    """Pages of ``loans.search`` described through ``describe`` on the worker; ``fetchMore`` loads the next page."""

    loaded = Signal()

    def __init__(self, screen: PinjamanScreen):
        super().__init__(screen)
        self.screen = screen
        self.items: list[LoanItem] = []
        self.total = 0
        self.text = ""
        self.statuses: tuple[LoanStatus, ...] = ()
        self.generation = 0
        self.loading = False
        self.products: dict[int, str] = {}

    # ---- queries
    def set_query(self, text: str, statuses: tuple[LoanStatus, ...], then: Callable[[], None] | None = None) -> None:
        self.generation += 1
        gen = self.generation
        self.text, self.statuses = text.strip(), statuses
        self.loading = True
        s = self.screen.session
        today = s.today()

        def read(ws, text, statuses):
            products = {p.id: p.name for p in products_svc.products(ws)}
            total = loans_svc.count(ws, text, statuses)
            rows = loans_svc.search(ws, text, statuses, limit=PAGE, offset=0)
            return products, total, describe(ws, rows, today, products)

        def done(result) -> None:
            if gen != self.generation:
                return
            self.products, total, items = result
            self.beginResetModel()
            self.items, self.total = items, total
            self.endResetModel()
            self.loading = False
            self.loaded.emit()
            if then is not None:
                then()

        s.runner.run(read, s.ws, self.text, statuses, quiet=True, owner=self, on_success=done)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self.loading and len(self.items) < self.total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if not self.canFetchMore(parent):
            return
        self.loading = True
        gen, offset = self.generation, len(self.items)
        s = self.screen.session
        today, products = s.today(), self.products

        def read(ws, text, statuses):
            return describe(ws, loans_svc.search(ws, text, statuses, limit=PAGE, offset=offset), today, products)

        def done(items) -> None:
            if gen != self.generation:
                return
            self.loading = False
            if items:
                self.beginInsertRows(QModelIndex(), len(self.items), len(self.items) + len(items) - 1)
                self.items.extend(items)
                self.endInsertRows()
            self.loaded.emit()

        s.runner.run(read, s.ws, self.text, self.statuses, quiet=True, owner=self, on_success=done)

    # ---- model
    def item(self, row: int) -> LoanItem | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def row_of(self, loan_id: int) -> int:
        return next((k for k, i in enumerate(self.items) if i.loan.id == loan_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        title, get, kind, _w = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = get(item)
            if value is None:
                return ""
            if kind == "money":
                return fmt.number(value, blank_zero=True)
            if kind == "date":
                return fmt.date_short(value)
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if kind in ("money", "int") else LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if title == "Kolektibilitas" and item.klass is not None:
                return QColor(KLASS_COLOURS[item.klass])
            if title == "Status" and STATUS_COLOURS.get(item.loan.status):
                return QColor(STATUS_COLOURS[item.loan.status])
            if title == "Tunggakan (Rp)" and item.arrears:
                return QColor(KLASS_COLOURS[item.klass]) if item.klass else None
            if title == "Jatuh tempo" and item.next_due and item.next_due <= self.screen.session.today():
                return QColor(KLASS_COLOURS[item.klass]) if item.klass else None
        if role == Qt.ItemDataRole.ToolTipRole and title == "Tunggakan (Rp)" and item.days_overdue:
            return f"Terlambat {item.days_overdue} hari"
        if role == Qt.ItemDataRole.ToolTipRole and title == "Jatuh tempo" and item.next_amount:
            return f"Angsuran berikutnya {fmt.rupiah(item.next_amount)}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][0]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if COLUMNS[section][2] in ("money", "int") else LEFT
        return None


class LoanTable(QTableView):
    def __init__(self, on_enter: Callable[[QModelIndex], None]):
        super().__init__()
        self._on_enter = on_enter

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_enter(self.currentIndex())
            return
        super().keyPressEvent(event)


class LoanListPage(QWidget):
    def __init__(self, screen: PinjamanScreen):
        super().__init__(screen)
        self.screen = screen
        s = screen.session
        self.model = LoanListModel(screen)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.apply_query)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari nomor pinjaman, nomor atau nama anggota  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.search_entered)
        self.status = QComboBox()
        for label, _st in STATUS_FILTERS:
            self.status.addItem(label)
        self.status.currentIndexChanged.connect(lambda _i: self.apply_query())

        self.new_button = QPushButton("Pengajuan baru")
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(screen.new_application)
        self.new_button.setVisible(s.can(Perm.POST))
        self.open_button = QPushButton("Buka")
        self.open_button.setToolTip("Enter")
        self.open_button.clicked.connect(lambda: self.open_index(self.view.currentIndex()))
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (("approve", "Setujui"), ("reject", "Tolak"), ("disburse", "Cairkan"),
                          ("repay", "Angsuran"), ("payoff", "Pelunasan"), ("card", "Cetak kartu"),
                          ("agreement", "Cetak perjanjian")):
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, k=key: screen.act(k, self.current_loan_id()))
            b.hide()
            self.buttons[key] = b

        self.view = LoanTable(self.open_index)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setWordWrap(False)
        self.view.doubleClicked.connect(self.open_index)
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self.update_actions())
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for i, (_t, _g, _k, width) in enumerate(COLUMNS):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(i, max(width, header.sectionSizeHint(i)))   # the bold title always fits
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        self.model.loaded.connect(self.update_footer)
        self.model.modelReset.connect(self.update_actions)

        top = QHBoxLayout()
        top.addWidget(title_label("Pinjaman"))
        top.addSpacing(16)
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addSpacing(12)
        bar.addWidget(self.open_button)
        for key in ("approve", "reject", "disburse", "repay", "payoff"):
            bar.addWidget(self.buttons[key])
        bar.addStretch(1)
        bar.addWidget(self.buttons["card"])
        bar.addWidget(self.buttons["agreement"])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 6)
        lay.addLayout(top)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.footer)
        self.update_actions()

    def statuses(self) -> tuple[LoanStatus, ...]:
        return STATUS_FILTERS[self.status.currentIndex()][1]

    def apply_query(self, then: Callable[[], None] | None = None) -> None:
        self.timer.stop()
        self.model.set_query(self.search.text(), self.statuses(), then=then)

    def search_entered(self) -> None:
        self.timer.stop()

        def entered() -> None:
            if self.model.total == 1:
                self.screen.show_loan(self.model.item(0).loan.id)
            elif self.model.rowCount():
                self.view.setFocus()
                self.view.setCurrentIndex(self.model.index(0, 0))
        self.model.set_query(self.search.text(), self.statuses(), then=entered)

    def update_footer(self) -> None:
        m = self.model
        items = m.items
        text = f"{fmt.number(m.total)} pinjaman"
        if len(items) < m.total:
            text += f"  ·  {fmt.number(len(items))} sudah dimuat (gulir ke bawah untuk memuat berikutnya)"
        if items:
            text += (f"  ·  yang dimuat: sisa pokok {fmt.rupiah(sum(i.row.outstanding for i in items))}, "
                     f"tunggakan {fmt.rupiah(sum(i.arrears for i in items))}")
        if m.total == 0:
            text = (f"Tidak ada pinjaman yang cocok dengan \"{m.text}\"." if m.text
                    else "Tidak ada pinjaman dengan status ini.")
            if self.screen.session.can(Perm.POST):
                text += " Tekan \"Pengajuan baru\" (Ctrl+N) untuk mencatat pengajuan."
        self.footer.setText(text)

    def current_item(self) -> LoanItem | None:
        return self.model.item(self.view.currentIndex().row())

    def current_loan_id(self) -> int | None:
        item = self.current_item()
        return item.loan.id if item else None

    def update_actions(self) -> None:
        item = self.current_item()
        s = self.screen.session
        acts = actions(item.loan if item else None, s.user, self.screen.maker_checker)
        for key, b in self.buttons.items():
            a = acts[key]
            b.setVisible(a.visible)
            b.setEnabled(a.enabled)
            b.setToolTip(a.why)
        self.open_button.setEnabled(item is not None)

    def open_index(self, index: QModelIndex) -> None:
        item = self.model.item(index.row()) if index.isValid() else None
        if item is not None:
            self.screen.show_loan(item.loan.id)

    def select_loan(self, loan_id: int) -> None:
        row = self.model.row_of(loan_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.scrollTo(self.model.index(row, 0))


class PinjamanScreen(Screen):
    title = "Pinjaman"
    flags = ("loans", "members")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        from kopdesk.ui.screens.pinjaman_detail import LoanDetail

        self.dialog = None
        self.maker_checker = maker_checker(session.ws)
        self.list = LoanListPage(self)
        self.detail = LoanDetail(session, self)
        self.detail.back_requested.connect(self.show_list)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.detail)
        # the collection sheet (potong gaji) as a second tab, as Simpanan offers its Setoran kolektif
        self.kolektif = AngsuranKolektifScreen(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.stack, "Daftar pinjaman")
        self.tabs.addTab(self.kolektif, "Angsuran kolektif")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 8, 6, 4)
        lay.addWidget(self.tabs)
        if session.can(Perm.POST):
            self.shortcut("Ctrl+N", self.new_application)
        self.shortcut("Ctrl+F", self.focus_search)
        self.shortcut("Ctrl+P", self.print_)

    def load(self) -> None:
        self.maker_checker = maker_checker(self.ws)
        keep = self.list.current_loan_id()
        self.list.apply_query(then=None if keep is None else lambda: self.list.select_loan(keep))
        if self.stack.currentWidget() is self.detail:
            self.detail.load()

    def show_collection(self) -> AngsuranKolektifScreen:
        self.tabs.setCurrentWidget(self.kolektif)
        return self.kolektif

    def focus_search(self) -> None:
        if self.tabs.currentWidget() is self.kolektif:
            self.kolektif.search.setFocus()
            self.kolektif.search.selectAll()
            return
        self.show_list()
        self.list.search.setFocus()
        self.list.search.selectAll()

    def print_(self) -> None:
        if self.tabs.currentWidget() is self.kolektif:
            self.kolektif.print_list()
        elif self.stack.currentWidget() is self.detail and self.detail.loan is not None:
            self.act("card", self.detail.loan.id)
        elif self.list.current_loan_id() is not None:
            self.act("card", self.list.current_loan_id())

    def set_filter(self, statuses: tuple[LoanStatus, ...]) -> None:
        for k, (_label, st) in enumerate(STATUS_FILTERS):
            if st == statuses:
                self.list.status.setCurrentIndex(k)
                return

    # ------------------------------------------------------------------ pages
    def show_loan(self, loan_id: int):
        self.detail.show_loan(loan_id)
        self.tabs.setCurrentWidget(self.stack)
        self.stack.setCurrentWidget(self.detail)
        return self.detail

    def show_list(self) -> None:
        keep = self.detail.loan.id if self.detail.loan else None
        self.tabs.setCurrentWidget(self.stack)
        self.stack.setCurrentWidget(self.list)
        if keep is not None:
            self.list.select_loan(keep)
        self.list.view.setFocus()

    # ------------------------------------------------------------------ actions
    def new_application(self, member=None):
        from kopdesk.ui.dialogs.loan_application import LoanApplicationDialog

        self.dialog = LoanApplicationDialog(self.session, member=member, parent=self)
        self.dialog.accepted.connect(self._applied)
        self.dialog.open()
        return self.dialog

    def _applied(self) -> None:
        dlg = self.dialog
        if dlg is not None and dlg.applied is not None:
            self.show_loan(dlg.applied.loan.id)

    def act(self, key: str, loan_id: int | None):
        """Run a loan action for a loan (from the list or the detail page); returns the dialog it opened, if any."""
        if loan_id is None:
            return None
        from kopdesk.ui.dialogs import loan_actions

        self.dialog = loan_actions.run(self.session, key, loan_id, self, today=self.session.today())
        return self.dialog

