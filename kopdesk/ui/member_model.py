"""The member list as a lazy table model: pages of ``members.search`` (PAGE rows) fetched as the view scrolls, with
``members.count`` for the total, so a register of 100,000 members opens and searches without freezing.

Sorting: Nomor, Nama and Tanggal masuk are ordered by the service (descending reads the pages from the end). The
other columns (status, balances...) are sorted here, which needs every matching row loaded: allowed up to
``CLIENT_SORT_LIMIT`` rows; above that the model keeps the number order and says why (``notice``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

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

PAGE = 200
CLIENT_SORT_LIMIT = 5000


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
        MemberColumn("Status", lambda r: r.member.status.label, width=98),
    ]
    for p in products:
        cols.append(MemberColumn(short_product_name(p), lambda r, code=p.code: r.balances.get(code, 0), "money",
                                 width=80 if p.kind.locked_while_member else 90))
    cols.append(MemberColumn("Jumlah", lambda r: r.total, "money", width=98))
    return cols


class MemberListModel(QAbstractTableModel):
    loaded = Signal()          # rows were reset or fetched: update the footer
    notice = Signal(str)       # something the user should know (a sort that cannot be done)

    def __init__(self, ws: Workspace, products: Sequence[SavingsProduct], parent=None):
        super().__init__(parent)
        self.ws = ws
        self.columns = member_columns(products)
        self.product_codes = [p.code for p in products]
        self.rows: list[MemberRow] = []
        self.total = 0
        self.text = ""
        self.statuses: tuple[MemberStatus, ...] = ()
        self.sort_column = 0
        self.descending = False
        self.all_loaded_sorted = False
        self._fetching = False

    def set_products(self, products: Sequence[SavingsProduct]) -> bool:
        """A product was added or renamed: new balance columns (the rows are read again). True when changed."""
        cols = member_columns(products)
        if [c.title for c in cols] == [c.title for c in self.columns]:
            return False
        self.beginResetModel()
        self.columns, self.product_codes = cols, [p.code for p in products]
        self.sort_column, self.descending = 0, False
        self.rows, self.total = [], 0
        self.endResetModel()
        return True

    # ------------------------------------------------------------------ query
    def set_query(self, text: str, statuses: tuple[MemberStatus, ...]) -> None:
        self.text, self.statuses = text.strip(), tuple(statuses)
        self.reload()

    def reload(self) -> None:
        self._fetching = True   # no fetchMore from a listener while the reset is in flight
        self.beginResetModel()
        self.total = members_svc.count(self.ws, self.text, self.statuses)
        self.rows = []
        self.all_loaded_sorted = False
        col = self.columns[self.sort_column]
        if col.order is None:
            if self.total <= CLIENT_SORT_LIMIT:
                self._load_all_sorted(col)
            else:
                self.sort_column, self.descending = 0, False
                self.notice.emit(f"Daftar berisi {fmt.number(self.total)} anggota: terlalu panjang untuk diurutkan "
                                 f"menurut kolom {col.title}. Persempit dulu dengan pencarian atau status; "
                                 "sekarang diurutkan menurut nomor.")
        if not self.all_loaded_sorted:
            self.rows = self._page(0, min(PAGE, self.total))
        self.endResetModel()
        self._fetching = False
        self.loaded.emit()

    def _order(self) -> str:
        return self.columns[self.sort_column].order or "number"

    def _page(self, loaded: int, limit: int) -> list[MemberRow]:
        if limit <= 0:
            return []
        if self.descending:
            limit = min(limit, self.total - loaded)
            offset = self.total - loaded - limit
            rows = members_svc.search(self.ws, self.text, self.statuses, limit=limit, offset=offset,
                                      order=self._order())
            rows.reverse()
            return rows
        return members_svc.search(self.ws, self.text, self.statuses, limit=limit, offset=loaded, order=self._order())

    def _load_all_sorted(self, col: MemberColumn) -> None:
        rows: list[MemberRow] = []
        while len(rows) < self.total:
            page = members_svc.search(self.ws, self.text, self.statuses, limit=2000, offset=len(rows))
            if not page:
                break
            rows += page

        def key(r: MemberRow):
            v = col.get(r)
            return (v.casefold() if isinstance(v, str) else v, r.member.number)

        rows.sort(key=key, reverse=self.descending)
        self.rows = rows
        self.total = len(rows)
        self.all_loaded_sorted = True

    # ------------------------------------------------------------------ lazy loading
    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._fetching and len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if not self.canFetchMore(parent):
            return  # also when a view asks again while the rows are being inserted
        self._fetching = True
        try:
            page = self._page(len(self.rows), min(PAGE, self.total - len(self.rows)))
            if not page:  # the register shrank since the count: stop here
                self.total = len(self.rows)
            else:
                first = len(self.rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self.rows += page
                self.endInsertRows()
        finally:
            self._fetching = False
        self.loaded.emit()

    def load_all(self) -> None:
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
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        col = self.columns[index.column()]
        rec = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(col.get(rec))
        if role == SORT_ROLE:
            value = col.get(rec)
            return value.isoformat() if isinstance(value, dt.date) else value
        if role == RECORD_ROLE:
            return rec
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.kind == "money":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not rec.member.status.is_member:
            return QColor(MUTED)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return area(rec.member) or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            col = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return col.title
            if role == Qt.ItemDataRole.TextAlignmentRole and col.kind == "money":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            column, order = 0, Qt.SortOrder.AscendingOrder
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self.sort_column, self.descending) and self.rows:
            return
        self.sort_column, self.descending = column, descending
        self.reload()
