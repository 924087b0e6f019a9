"""Lists: a small table model over records, and a searchable, sortable table with a totals footer and
"Ekspor Excel"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.ui.messages import prompts

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column:
    title: str
    get: Callable[[Any], Any]
    kind: str = "text"          # text | money | date | int
    total: bool = False         # sum it in the footer (money columns)
    width: int = 0              # preferred width in pixels; 0 = fit contents; -1 = stretch
    color: Callable[[Any], str | None] | None = None

    def display(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == "money":
            return fmt.number(value, blank_zero=True)
        if self.kind == "date":
            return fmt.date_short(value)
        if self.kind == "int":
            return f"{value:,}".replace(",", ".")
        return str(value)


class RecordTableModel(QAbstractTableModel):
    """A read-only adapter: one row per record, one Column per column. Sort role gives the raw value."""

    def __init__(self, columns: Sequence[Column], records: Sequence[Any] = (), parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[Any] = list(records)

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self.records[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.records)):
            return None
        col = self.columns[index.column()]
        rec = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(col.get(rec))
        if role == SORT_ROLE:
            value = col.get(rec)
            if value is None:
                return "" if col.kind in ("text",) else 0
            if isinstance(value, dt.date):
                return value.isoformat()
            return value
        if role == RECORD_ROLE:
            return rec
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.kind in ("money", "int"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col.color is not None:
            c = col.color(rec)
            return QColor(c) if c else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            col = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return col.title
            if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in ("money", "int"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class SearchProxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)


class SearchableTable(QWidget):
    """Search as you type, sortable columns, a totals footer, double-click/Enter to open, "Ekspor Excel"."""

    activated = Signal(object)          # the record
    selectionChanged = Signal(object)   # the record or None

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None, *, export_name: str = "daftar",
                 search_placeholder: str = "Cari...", footer: bool = True, searchable: bool = True):
        super().__init__(parent)
        self.export_name = export_name
        self.model = RecordTableModel(columns, parent=self)
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText(search_placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.setVisible(searchable)
        self.export_button = QPushButton("Ekspor Excel")
        self.export_button.clicked.connect(self.export_dialog)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setWordWrap(False)
        self.view.doubleClicked.connect(lambda idx: self._activate(idx))
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.selectionChanged.emit(
            self.record_at(cur)))
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for i, col in enumerate(columns):
            if col.width == -1:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            elif col.width:
                header.resizeSection(i, col.width)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        self.footer.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.footer.setWordWrap(True)   # many totals wrap onto a second line instead of widening the window
        self.footer.setVisible(footer)
        self.toolbar = QHBoxLayout()
        self.toolbar.setContentsMargins(0, 0, 0, 0)
        self.toolbar.addWidget(self.search, 1)
        self.toolbar.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addLayout(self.toolbar)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.footer)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.footer_extra: Callable[[list[Any]], str] | None = None

    # data
    def set_records(self, records: Sequence[Any]) -> None:
        self.model.set_records(records)
        self._update_footer()

    def visible_records(self) -> list[Any]:
        return [self.proxy.data(self.proxy.index(r, 0), RECORD_ROLE) for r in range(self.proxy.rowCount())]

    def record_at(self, proxy_index: QModelIndex) -> Any:
        if not proxy_index.isValid():
            return None
        return self.proxy.data(self.proxy.index(proxy_index.row(), 0), RECORD_ROLE)

    def current_record(self) -> Any:
        return self.record_at(self.view.currentIndex())

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.proxy.index(row, 0))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.view.hasFocus():
            self._activate(self.view.currentIndex())
            return
        super().keyPressEvent(event)

    def _activate(self, idx: QModelIndex) -> None:
        rec = self.record_at(idx)
        if rec is not None:
            self.activated.emit(rec)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_footer()

    def _update_footer(self) -> None:
        recs = self.visible_records()
        parts = [f"{len(recs)} baris"]
        for col in self.model.columns:
            if col.total:
                parts.append(f"{col.title.replace(' (Rp)', '')}: {fmt.rupiah(sum(col.get(r) or 0 for r in recs))}")
        if self.footer_extra is not None:
            parts.append(self.footer_extra(recs))
        self.footer.setText("Jumlah  ·  " + "    ".join(parts) if len(parts) > 1 else parts[0])

    # export
    def export_dialog(self) -> None:
        path = prompts().save_path(self, "Ekspor ke Excel", f"{self.export_name}.xlsx", "File Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            export_xlsx(path, self.model.columns, self.visible_records(), title=self.export_name)
        except OSError as exc:
            prompts().error(self, "Ekspor gagal", f"File {path} tidak bisa ditulis: {exc.strerror or exc}.")
            return
        prompts().info(self, "Ekspor selesai", f"Daftar disimpan ke:\n{path}")


def export_xlsx(path: str, columns: Sequence[Column], records: Sequence[Any], title: str = "Daftar") -> None:
    """Write the rows as they are listed (raw numbers and dates, so Excel can sum them)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    try:
        ws = wb.add_worksheet(title[:31] or "Daftar")
        bold = wb.add_format({"bold": True, "bg_color": "#EEF1F0", "border": 1})
        money = wb.add_format({"num_format": "#,##0"})
        money_bold = wb.add_format({"num_format": "#,##0", "bold": True})
        date = wb.add_format({"num_format": "dd-mm-yyyy"})
        for c, col in enumerate(columns):
            ws.write(0, c, col.title, bold)
            ws.set_column(c, c, 16 if col.kind != "text" else 30)
        for r, rec in enumerate(records, start=1):
            for c, col in enumerate(columns):
                value = col.get(rec)
                if value is None:
                    continue
                if col.kind == "money":
                    ws.write_number(r, c, int(value), money)
                elif col.kind == "date":
                    ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
                elif col.kind == "int":
                    ws.write_number(r, c, int(value))
                else:
                    ws.write_string(r, c, str(value))
        if any(col.total for col in columns) and records:
            last = len(records) + 1
            ws.write(last, 0, "Jumlah", bold)
            for c, col in enumerate(columns):
                if col.total:
                    ws.write_number(last, c, sum(int(col.get(r) or 0) for r in records), money_bold)
        ws.freeze_panes(1, 0)
    finally:
        wb.close()
