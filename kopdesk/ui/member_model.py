"""The member list as a lazy table model: pages of ``members.search`` (PAGE rows) fetched as the view scrolls, with
``members.count`` for the total, so a register of 100,000 members opens and searches without freezing.

Reads run on the runner's worker (quiet: no busy dialog) when the model has a runner, latest wins: every new query
(a keystroke after the debounce, a status, a sort) gets a new generation; a read still waiting on the worker when a
newer one was asked for is skipped, and whatever comes back for an older generation is dropped. The rows on screen
stay until the new ones arrive. Without a runner (tests, tools) the same reads run inline.

Sorting: Nomor, Nama, Tanggal masuk and Status are ordered by the service in both directions. The other columns
(L/P, NIK, area, balances) are sorted here, which needs every matching row loaded: allowed up to
``CLIENT_SORT_LIMIT`` rows (read and sorted on the worker); above that the model keeps the number order and says
why (``notice``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from kopdesk import fmt
from kopdesk.domain.members import MemberStatus
from kopdesk.domain.nik import mask_nik
from kopdesk.domain.savings import SavingsProduct
from kopdesk.services import members as members_svc
from kopdesk.services.members import MemberRow
from kopdesk.services.workspace import Workspace
from kopdesk.ui.style import MUTED
from kopdesk.ui.tables import RECORD_ROLE, SORT_ROLE

if TYPE_CHECKING:
    from kopdesk.ui.runner import Runner

PAGE = 200
CLIENT_SORT_LIMIT = 5000
CELL_CACHE_ROWS = 2000     # formatted rows kept for repainting

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_SORT = int(SORT_ROLE)
_RECORD = int(RECORD_ROLE)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_MUTED = QColor(MUTED)


@dataclass(frozen=True)
class MemberColumn:
    title: str
    get: Callable[[MemberRow], Any]
    kind: str = "text"               # text | money | date
    order: str | None = None         # the service's order key, when the service can sort by it
    width: int = 0

    def display(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == "money":
            return fmt.number(value)
        if self.kind == "date":
            return fmt.date_short(value)
        return str(value)


def area(m) -> str:
    return " / ".join(x for x in (m.desa, m.kecamatan) if x)


def short_product_name(p: SavingsProduct) -> str:
    name = p.name
    if name.lower().startswith("simpanan "):
        name = name[len("simpanan "):]
    return name[:1].upper() + name[1:]


def member_columns(products: Sequence[SavingsProduct]) -> list[MemberColumn]:
    cols = [
        MemberColumn("Nomor", lambda r: r.member.number, order="number", width=72),
        MemberColumn("Nama", lambda r: r.member.full_name, order="name", width=185),
        MemberColumn("L/P", lambda r: r.member.gender, width=36),
        MemberColumn("NIK", lambda r: mask_nik(r.member.nik), width=126),
        MemberColumn("Desa / Kecamatan", lambda r: area(r.member), width=150),
        MemberColumn("Tanggal masuk", lambda r: r.member.join_date, "date", order="join", width=122),
        MemberColumn("Status", lambda r: r.member.status.label, order="status", width=98),
    ]
    for p in products:
        cols.append(MemberColumn(short_product_name(p), lambda r, code=p.code: r.balances.get(code, 0), "money",
                                 width=80 if p.kind.locked_while_member else 90))
    cols.append(MemberColumn("Jumlah", lambda r: r.total, "money", width=98))
    return cols


@dataclass(frozen=True, slots=True)
class Query:
    """What the list shows: the search text, the statuses, and the order."""

    text: str
    statuses: tuple[MemberStatus, ...]
    order: str                  # the service's order key (number when the column is sorted here)
    descending: bool
    client_sort: MemberColumn | None = None   # a column the service cannot sort by


@dataclass(frozen=True, slots=True)
class FirstPage:
    generation: int
    total: int
    rows: list[MemberRow]
    all_loaded: bool = False    # every matching row, sorted here
    too_many_to_sort: bool = False


@dataclass(frozen=True, slots=True)
class NextPage:
    generation: int
    offset: int
    rows: list[MemberRow]


class _Latest:
    """The newest generation asked for; read by the worker to skip reads nobody waits for any more."""

    def __init__(self) -> None:
        self.generation = 0


def read_first(ws: Workspace, q: Query, generation: int, latest: _Latest) -> FirstPage | None:
    """Count and first page of ``q`` (worker side). None when a newer query was asked for meanwhile."""
    if generation != latest.generation:
        return None
    total = members_svc.count(ws, q.text, q.statuses)
    col = q.client_sort
    if col is not None:
        if total > CLIENT_SORT_LIMIT:
            rows = members_svc.search(ws, q.text, q.statuses, limit=PAGE, offset=0)
            return FirstPage(generation, total, rows, too_many_to_sort=True)
        rows = []
        while len(rows) < total:
            page = members_svc.search(ws, q.text, q.statuses, limit=2000, offset=len(rows))
            if not page:
                break
            rows += page

        def key(r: MemberRow):
            v = col.get(r)
            return (v.casefold() if isinstance(v, str) else v, r.member.number)

        rows.sort(key=key, reverse=q.descending)
        return FirstPage(generation, len(rows), rows, all_loaded=True)
    rows = members_svc.search(ws, q.text, q.statuses, limit=min(PAGE, total), offset=0, order=q.order,
                              descending=q.descending) if total else []
    return FirstPage(generation, total, rows)


def read_next(ws: Workspace, q: Query, offset: int, generation: int, latest: _Latest) -> NextPage | None:
    """The page after ``offset`` rows (worker side). None when a newer query was asked for meanwhile."""
    if generation != latest.generation:
        return None
    return NextPage(generation, offset, members_svc.search(ws, q.text, q.statuses, limit=PAGE, offset=offset,
                                                           order=q.order, descending=q.descending))


class MemberListModel(QAbstractTableModel):
    loaded = Signal()          # rows were reset or fetched, or a read started or ended: update the footer
    notice = Signal(str)       # something the user should know (a sort that cannot be done)

    def __init__(self, ws: Workspace, products: Sequence[SavingsProduct], parent=None, *,
                 runner: Runner | None = None):
        super().__init__(parent)
        self.ws = ws
        self.runner = runner
        self.columns = member_columns(products)
        self.product_codes = [p.code for p in products]
        self.rows: list[MemberRow] = []
        self._cells: dict[int, tuple[str, ...]] = {}   # row -> its cells as shown
        self.total = 0
        self.text = ""
        self.statuses: tuple[MemberStatus, ...] = ()
        self.sort_column = 0
        self.descending = False
        self.all_loaded_sorted = False
        self.query: Query | None = None         # the query the rows on screen belong to
        self._latest = _Latest()
        self._then: list[Callable[[], None]] = []
        self.searching = False                  # a new query's first page is on its way
        self._fetching = False                  # a further page is on its way

    def set_products(self, products: Sequence[SavingsProduct]) -> bool:
        """A product was added or renamed: new balance columns (the rows are read again). True when changed."""
        cols = member_columns(products)
        if [c.title for c in cols] == [c.title for c in self.columns]:
            return False
        self._latest.generation += 1           # whatever is on its way has the old columns' rows
        self.beginResetModel()
        self.columns, self.product_codes = cols, [p.code for p in products]
        self.sort_column, self.descending = 0, False
        self.rows, self.total, self.query = [], 0, None
        self._cells.clear()
        self.searching = self._fetching = False
        self.endResetModel()
        return True

    # ------------------------------------------------------------------ query
    def set_query(self, text: str, statuses: tuple[MemberStatus, ...], *,
                  then: Callable[[], None] | None = None) -> None:
        """Show the members matching ``text`` and ``statuses``; ``then`` runs once their first page is shown
        (not at all when a newer query replaced this one)."""
        self.text, self.statuses = text.strip(), tuple(statuses)
        self.reload(then=then)

    def reload(self, *, then: Callable[[], None] | None = None) -> None:
        col = self.columns[self.sort_column]
        q = Query(self.text, self.statuses, col.order or "number", self.descending,
                  None if col.order else col)
        self._latest.generation += 1
        generation = self._latest.generation
        self._then = [then] if then else []
        self.searching, self._fetching = True, False
        self.loaded.emit()
        self._read(read_first, q, generation, on_success=lambda page: self._first_arrived(q, page))

    def _read(self, fn: Callable, *args, on_success: Callable[[Any], None]) -> None:
        if self.runner is None:
            on_success(fn(self.ws, *args, self._latest))
            return
        self.runner.run(fn, self.ws, *args, self._latest, quiet=True, owner=self, on_success=on_success,
                        on_error=lambda _exc: self._read_failed(args[-1]))

    def _read_failed(self, generation: int) -> None:
        if generation == self._latest.generation and not self.ws.closed:
            self.searching = self._fetching = False
            self.loaded.emit()

    def _first_arrived(self, q: Query, page: FirstPage | None) -> None:
        if page is None or page.generation != self._latest.generation or self.ws.closed:
            return   # a newer query is on its way (or the file was closed): drop this one
        self._fetching = True   # no fetchMore from a listener while the reset is in flight
        self.beginResetModel()
        self.query, self.total, self.rows = q, page.total, list(page.rows)
        self._cells.clear()
        self.all_loaded_sorted = page.all_loaded
        self.endResetModel()
        self.searching = self._fetching = False
        if page.too_many_to_sort:
            col = q.client_sort
            self.sort_column, self.descending = 0, False
            self.query = Query(q.text, q.statuses, "number", False)
            self.notice.emit(f"Daftar berisi {fmt.number(page.total)} anggota: terlalu panjang untuk diurutkan "
                             f"menurut kolom {col.title if col else ''}. Persempit dulu dengan pencarian atau "
                             "status; sekarang diurutkan menurut nomor.")
        self.loaded.emit()
        then, self._then = self._then, []
        for fn in then:
            fn()

    # ------------------------------------------------------------------ lazy loading
    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return (not parent.isValid() and self.query is not None and not self.searching and not self._fetching
                and len(self.rows) < self.total)

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if not self.canFetchMore(parent):
            return  # also when a view asks again while a page is on its way
        self._fetching = True
        q = self.query
        self._read(read_next, q, len(self.rows), self._latest.generation, on_success=self._next_arrived)

    def _next_arrived(self, page: NextPage | None) -> None:
        if page is None or page.generation != self._latest.generation or self.ws.closed:
            return
        try:   # _fetching stays set while rows go in: a listener asking for more must wait for the next call
            if page.offset != len(self.rows):
                return
            if not page.rows:  # the register shrank since the count: stop here
                self.total = len(self.rows)
            else:
                rows = page.rows[:self.total - len(self.rows)]
                first = len(self.rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self.rows += rows
                self.endInsertRows()
        finally:
            self._fetching = False
        self.loaded.emit()

    @property
    def busy(self) -> bool:
        """A read for this list is on its way."""
        return self.searching or self._fetching

    def load_all(self) -> None:
        """Fetch every remaining page (inline models only: with a runner the pages arrive later)."""
        while self.canFetchMore():
            self.fetchMore()

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def record(self, row: int) -> MemberRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, member_id: int) -> int:
        for i, r in enumerate(self.rows):
            if r.member.id == member_id:
                return i
        return -1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # called thousands of times per repaint: plain ints, the common roles first, nothing built per call
        row = index.row()
        if not 0 <= row < len(self.rows):
            return None
        if role == _DISPLAY:
            cells = self._cells.get(row)
            if cells is None:   # formatted once per row while it is on screen (money formatting is not cheap)
                if len(self._cells) >= CELL_CACHE_ROWS:
                    self._cells.clear()
                rec = self.rows[row]
                cells = self._cells[row] = tuple(c.display(c.get(rec)) for c in self.columns)
            return cells[index.column()]
        if role == _ALIGNMENT:
            return _RIGHT if self.columns[index.column()].kind == "money" else _LEFT
        if role == _FOREGROUND:
            return _MUTED if not self.rows[row].member.status.is_member else None
        if role == _SORT:
            value = self.columns[index.column()].get(self.rows[row])
            return value.isoformat() if isinstance(value, dt.date) else value
        if role == _RECORD:
            return self.rows[row]
        if role == _TOOLTIP and index.column() == 4:
            return area(self.rows[row].member) or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            col = self.columns[section]
            if role == _DISPLAY:
                return col.title
            if role == _ALIGNMENT and col.kind == "money":
                return _RIGHT
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            column, order = 0, Qt.SortOrder.AscendingOrder
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self.sort_column, self.descending) and self.query is not None:
            return
        self.sort_column, self.descending = column, descending
        self.reload()
