"""Pinjaman > Angsuran kolektif: many members' loan instalments at once (potong gaji). The sheet lists every active
loan with what it owes up to the payment date (denda, jasa, pokok); the amount column starts at that and can be
typed over (0 = not deducted) or filled from the list the payroll office returns (.xlsx); the allocation of each
amount is shown as it is typed. Posting goes through ``loan_payments.repay_many``: all or nothing, every problem
shown at once, one journal per loan so each deduction can later be corrected on its own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.users import Perm
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import loan_collection as coll
from kopdesk.services import loan_payments as pay_svc
from kopdesk.services import loan_products as products_svc
from kopdesk.ui import printing
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.screens.pinjaman_common import instalments_due_doc
from kopdesk.ui.style import DANGER, MUTED
from kopdesk.ui.tables import SORT_ROLE
from kopdesk.ui.widgets import DateEdit, error_label, hint_label, show_problem

ALL_UNITS = "Semua unit kerja"
NO_UNIT = "(tanpa unit kerja)"
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass
class Line:
    """One loan on the sheet: what it owes (``due``, from the service) and what is being paid."""

    due: coll.DueLoan
    no: int                       # the row on the sheet (messages say "Baris no")
    amount: int = 0
    bad: str = ""                 # typed text that is not an amount
    edited: bool = False          # typed or imported (kept when the date changes)

    @property
    def problem(self) -> str:
        if self.bad:
            return f"'{self.bad}' bukan jumlah rupiah. Contoh: 250000, 250.000, 250rb"
        return coll.amount_problem(self.due, self.amount)

    @property
    def split(self) -> coll.Split:
        amount = self.amount if not self.bad else 0
        cached = self.__dict__.get("_split")
        if cached is None or cached[0] != amount:
            cached = self.__dict__["_split"] = (amount, coll.split(self.due, amount))
        return cached[1]

    @property
    def unit(self) -> str:
        return self.due.employer_unit or NO_UNIT


# title, width (-1 stretches), kind
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("No.", 40, "int"),
    ("Nomor", 78, "text"),
    ("Nama", -1, "text"),
    ("Unit kerja", 124, "text"),
    ("No. pinjaman", 125, "text"),
    ("Angs. ke", 92, "text"),
    ("Tagihan (Rp)", 108, "money"),
    ("Dibayar (Rp)", 108, "money"),
    ("Pokok (Rp)", 96, "money"),
    ("Jasa (Rp)", 86, "money"),
    ("Denda (Rp)", 98, "money"),
)
AMOUNT = 7


class DueModel(QAbstractTableModel):
    """The sheet's loans; the Dibayar column is editable and the allocation columns follow it."""

    totals_changed = Signal()

    def __init__(self, parent=None, editable: bool = True):
        super().__init__(parent)
        self.lines: list[Line] = []
        self.editable = editable
        self.dataChanged.connect(lambda *_a: self.totals_changed.emit())
        self.modelReset.connect(self.totals_changed.emit)

    def set_lines(self, lines: list[Line]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        title, _w, kind = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in ("money", "int"):
            return RIGHT
        return None

    def _value(self, line: Line, c: int) -> Any:
        d = line.due
        if c == 0:
            return line.no
        if c == 1:
            return d.member_number
        if c == 2:
            return d.member_name
        if c == 3:
            return d.employer_unit
        if c == 4:
            return d.loan.number
        if c == 5:
            return coll.instalments_text(d)
        if c == 6:
            return d.due
        if c == AMOUNT:
            return line.amount
        s = line.split
        return (s.principal, s.interest, s.penalty)[c - 8]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.lines)):
            return None
        line, c = self.lines[index.row()], index.column()
        kind = COLUMNS[c][2]
        if role == SORT_ROLE:
            return self._value(line, c)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if c == AMOUNT and line.bad:
                return line.bad
            value = self._value(line, c)
            if kind == "money":
                if c == AMOUNT and role == Qt.ItemDataRole.DisplayRole and not line.amount:
                    return "0"
                if role == Qt.ItemDataRole.EditRole:
                    return fmt.number(value) if value else ""
                return fmt.number(value, blank_zero=True)
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in ("money", "int"):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if c == AMOUNT and line.problem:
                return QColor(DANGER)
            if line.due.blocked or (not line.amount and c != AMOUNT):
                return QColor(MUTED)
        if role == Qt.ItemDataRole.BackgroundRole and c == AMOUNT:
            if line.problem:
                return QColor("#fdf1f0")
            if self.editable and not line.due.blocked:
                return QColor("#f4faf7")
        if role == Qt.ItemDataRole.FontRole and c == AMOUNT and line.amount != line.due.due:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole:
            if line.problem:
                return line.problem[0].upper() + line.problem[1:] + "."
            if c == 6:
                d = line.due
                return (f"Pokok {fmt.rupiah(d.principal_due)}, jasa {fmt.rupiah(d.interest_due)}, "
                        f"denda {fmt.rupiah(d.penalty_due)}")
            if c >= AMOUNT:
                s = line.split
                return ("Pembayaran ini melunasi pinjaman." if s.closes
                        else f"Sisa pokok sesudahnya {fmt.rupiah(s.outstanding_after)}")
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        line = self.lines[index.row()]
        if index.column() == AMOUNT and self.editable and not line.due.blocked:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != AMOUNT:
            return False
        line = self.lines[index.row()]
        text = str(value if value is not None else "").strip()
        amount = fmt.parse_rupiah(text) if text else 0
        if amount is None:
            line.bad = text
        else:
            line.bad, line.amount = "", amount
        line.edited = True
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        return True

    # ---- totals and checks
    def paying(self) -> list[Line]:
        """The lines that will be posted (those with a problem block posting and are not counted)."""
        return [x for x in self.lines if x.amount and not x.problem]

    def problems(self) -> list[str]:
        return [f"Baris {x.no} ({x.due.loan.number}, {x.due.member_name}): {x.problem}." for x in self.lines
                if x.problem]

    def repayment_rows(self) -> list[pay_svc.RepaymentRow]:
        return [pay_svc.RepaymentRow(x.due.loan.number, x.amount, x.no) for x in self.paying()]


class DueFilter(QSortFilterProxyModel):
    """The search box, and the loans with nothing due and nothing typed hidden unless asked for."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.show_all = False

    def set(self, *, text: str | None = None, show_all: bool | None = None) -> None:
        self.beginFilterChange()
        if text is not None:
            self.text = text.strip().lower()
        if show_all is not None:
            self.show_all = show_all
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        line = self.sourceModel().lines[row]
        if not self.show_all and not line.due.due and not line.amount and not line.bad:
            return False
        if self.text:
            d = line.due
            hay = f"{d.member_number} {d.member_name} {d.loan.number} {d.employer_unit} {d.nip}".lower()
            return self.text in hay
        return True


class AngsuranKolektifScreen(Screen):
    flags = ("loans", "members", "ledger")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.can_post = session.can(Perm.POST)
        self.all_lines: list[Line] = []
        self.loaded_for: dt.date | None = None
        self.source = ""
        self.notice = ""
        self._posting = False
        self.model = DueModel(self, editable=self.can_post)
        self.proxy = DueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.date = DateEdit(session.today())
        self.date.dateChanged.connect(lambda _d: self.fill())
        self.cash = QComboBox()
        self.unit = QComboBox()
        self.unit.setMinimumWidth(190)
        self.unit.currentIndexChanged.connect(lambda _i: self._show_unit())
        self.description = QLineEdit()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari anggota atau nomor pinjaman")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(lambda t: self.proxy.set(text=t))
        self.show_all = QCheckBox("Tampilkan pinjaman tanpa tagihan")
        self.show_all.toggled.connect(lambda on: (self.proxy.set(show_all=on), self.update_totals()))
        self.fill_button = QPushButton("Isi sesuai tagihan")
        self.fill_button.setToolTip("Jumlah dibayar = tagihan tiap pinjaman sampai tanggal pembayaran")
        self.clear_button = QPushButton("Kosongkan jumlah")
        self.import_button = QPushButton("Impor dari Excel...")
        self.export_button = QPushButton("Ekspor ke Excel...")
        self.export_button.setToolTip("Daftar potongan untuk bagian gaji; setelah diisi, impor kembali di sini")
        self.print_button = QPushButton("Cetak daftar...")
        self.print_button.setToolTip("Daftar angsuran jatuh tempo yang belum dibayar sampai tanggal ini (Ctrl+P)")
        self.post_button = QPushButton("Bukukan angsuran kolektif")
        self.post_button.setObjectName("primary")
        self.fill_button.clicked.connect(lambda: self.fill_amounts(due=True))
        self.clear_button.clicked.connect(lambda: self.fill_amounts(due=False))
        self.import_button.clicked.connect(self.import_sheet)
        self.export_button.clicked.connect(self.export_sheet)
        self.print_button.clicked.connect(self.print_list)
        self.post_button.clicked.connect(self.post)
        for b in (self.fill_button, self.clear_button, self.import_button, self.post_button):
            b.setVisible(self.can_post)
        self.shortcut("F5", self.fill)      # Ctrl+P and Ctrl+F come from the Pinjaman screen around it

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                  | QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed if self.can_post
                                  else QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for i, (_t, width, _k) in enumerate(COLUMNS):
            if width > 0:
                header.resizeSection(i, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        self.footer.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.source_label = QLabel("")
        self.source_label.setObjectName("hint")
        self.source_label.setWordWrap(True)
        self.errors = error_label()
        self.model.totals_changed.connect(self.update_totals)

        form = QFormLayout()
        row1 = QHBoxLayout()
        row1.addWidget(self.date)
        row1.addSpacing(16)
        row1.addWidget(QLabel("Masuk ke"))
        row1.addWidget(self.cash)
        row1.addSpacing(16)
        self.unit_label = QLabel("Unit kerja")
        row1.addWidget(self.unit_label)
        row1.addWidget(self.unit)
        row1.addSpacing(16)
        row1.addWidget(self.show_all)
        row1.addStretch(1)
        form.addRow("Tanggal pembayaran", row1)
        form.addRow("Keterangan", self.description)
        tools = QHBoxLayout()
        tools.addWidget(self.fill_button)
        tools.addWidget(self.clear_button)
        tools.addWidget(self.import_button)
        tools.addWidget(self.export_button)
        tools.addWidget(self.print_button)
        tools.addStretch(1)
        tools.addWidget(self.search)
        bottom = QHBoxLayout()
        bottom.addWidget(hint_label("Tagihan = denda + pokok dan jasa angsuran yang jatuh tempo sampai tanggal "
                                    "pembayaran. Ketik jumlah di kolom Dibayar (250000, 250.000 atau 250rb; 0 = tidak "
                                    "dipotong); pokok, jasa dan denda mengikuti urutan alokasi pinjaman. Satu jurnal "
                                    "per pinjaman; jika ada yang salah, tidak ada yang disimpan."), 1)
        bottom.addWidget(self.post_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(tools)
        lay.addWidget(self.source_label)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.footer)
        lay.addWidget(self.errors)
        lay.addLayout(bottom)
        self._describe()
        self.update_totals()

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        self._fill_cash()
        if not self._posting:          # after posting, _posted reads the sheet again itself
            self.fill()

    def _fill_cash(self) -> None:
        keep = self.cash.currentData()
        self.cash.blockSignals(True)
        self.cash.clear()
        for a in ledger_svc.cash_accounts(self.ws):
            self.cash.addItem(a.label, a.id)
        if keep is not None and self.cash.findData(keep) >= 0:
            self.cash.setCurrentIndex(self.cash.findData(keep))
        self.cash.blockSignals(False)

    def _describe(self) -> None:
        self.description.setText(f"Angsuran pinjaman kolektif {fmt.month_year(self.date.value())}")

    def fill(self) -> None:
        """Read what every active loan owes on the date; amounts typed or imported are kept for the same loans."""
        on = self.date.value()
        if self.loaded_for is not None and self.loaded_for.replace(day=1) != on.replace(day=1):
            self._describe()
        s = self.session
        s.runner.run(coll.due_loans, s.ws, on, parent=self, busy="Menghitung tagihan angsuran...",
                     on_success=lambda dues: self._filled(on, dues))

    def _filled(self, on: dt.date, dues: list[coll.DueLoan]) -> None:
        if self.ws.closed or on != self.date.value():
            return
        kept = {x.due.loan.id: x for x in self.all_lines if x.edited} if self.loaded_for is not None else {}
        lines = []
        for k, d in enumerate(dues, start=1):
            old = kept.get(d.loan.id)
            if old is not None and not d.blocked:
                lines.append(Line(d, k, old.amount, old.bad, True))
            else:
                lines.append(Line(d, k, d.due))
        self.all_lines = lines
        self.loaded_for = on
        self._fill_units()
        self._show_unit()
        due_count = sum(1 for x in lines if x.due.due)
        self.source = (f"Tagihan sampai {fmt.date_long(on)}: {due_count} dari {len(lines)} pinjaman aktif "
                       f"mempunyai angsuran jatuh tempo" + (f"; {len(kept)} jumlah yang diubah tetap dipakai"
                                                           if kept else "") + ".")
        if self.notice:
            self.source = f"{self.notice}  {self.source}"
            self.notice = ""
        self.source_label.setText(self.source)
        show_problem(self.errors, "")

    def _fill_units(self) -> None:
        units = sorted({x.due.employer_unit for x in self.all_lines if x.due.employer_unit})
        keep = self.unit.currentText()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(ALL_UNITS)
        if units:
            self.unit.addItems(units)
            if any(not x.due.employer_unit for x in self.all_lines):
                self.unit.addItem(NO_UNIT)
        if self.unit.findText(keep) >= 0:
            self.unit.setCurrentIndex(self.unit.findText(keep))
        self.unit.blockSignals(False)
        has_units = bool(units)
        self.unit.setVisible(has_units)
        self.unit_label.setVisible(has_units)
        self.view.setColumnHidden(3, not has_units)

    def _show_unit(self) -> None:
        unit = self.unit.currentText()
        lines = self.all_lines if unit in (ALL_UNITS, "") else [x for x in self.all_lines if x.unit == unit]
        self.model.set_lines(lines)

    def select_unit(self, unit: str) -> None:
        self.unit.setCurrentIndex(max(self.unit.findText(unit), 0))

    def fill_amounts(self, *, due: bool) -> None:
        """Every amount of the sheet (the unit shown) back to what is due, or to 0."""
        for x in self.model.lines:
            x.amount, x.bad, x.edited = (x.due.due if due else 0), "", not due
        self.model.set_lines(self.model.lines)

    # ------------------------------------------------------------------ totals
    def update_totals(self) -> None:
        m = self.model
        paying = m.paying()
        splits = [x.split for x in paying]
        total = sum(x.amount for x in paying)
        parts = [f"{len(paying)} dari {len(self.sheet_lines())} pinjaman dibayar  ·",
                 f"Tagihan: {fmt.rupiah(sum(x.due.due for x in m.lines))}  ·",
                 f"Pokok: {fmt.rupiah(sum(s.principal for s in splits))}",
                 f"Jasa: {fmt.rupiah(sum(s.interest for s in splits))}",
                 f"Denda: {fmt.rupiah(sum(s.penalty for s in splits))}",
                 f"<b>Jumlah dibayar: {fmt.rupiah(total)}</b>"]
        closes = sum(1 for s in splits if s.closes)
        if closes:
            parts.insert(-1, f"Lunas: {closes}")
        self.footer.setText("    ".join(parts))
        problems = m.problems()
        self.post_button.setEnabled(bool(paying) and not problems)
        self.post_button.setText(f"Bukukan angsuran kolektif ({fmt.rupiah(total)})" if paying
                                 else "Bukukan angsuran kolektif")
        self.export_button.setEnabled(bool(m.lines))
        if problems:
            more = f"\n... dan {len(problems) - 20} masalah lain" if len(problems) > 20 else ""
            show_problem(self.errors, "\n".join(problems[:20]) + more)
        else:
            show_problem(self.errors, "")

    def show_errors(self, problems: list[str], title: str = "Angsuran kolektif belum dibukukan") -> None:
        more = f"\n... dan {len(problems) - 30} masalah lain" if len(problems) > 30 else ""
        show_problem(self.errors, f"{title}; perbaiki semua masalah ini:\n" + "\n".join(problems[:30]) + more)

    # ------------------------------------------------------------------ exchange with the payroll office
    def sheet_lines(self) -> list[Line]:
        """The lines of the unit shown that the payroll office needs: something due or an amount typed (all the
        unit's loans when 'tanpa tagihan' is ticked)."""
        return [x for x in self.model.lines if self.show_all.isChecked() or x.due.due or x.amount]

    def export_sheet(self) -> Path | None:
        on = self.date.value()
        unit = self.unit.currentText()
        suffix = "" if unit in (ALL_UNITS, "") else "-" + "".join(ch if ch.isalnum() else "-" for ch in unit).lower()
        default = str(Path.home() / f"potong-gaji-angsuran-{on:%Y-%m-%d}{suffix}.xlsx")
        path = prompts().save_path(self, "Simpan daftar potongan angsuran", default, "Lembar kerja Excel (*.xlsx)")
        if not path:
            return None
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        title = f"Daftar potongan angsuran pinjaman per {fmt.date_long(on)}" + (
            "" if unit in (ALL_UNITS, "") else f", unit kerja {unit}") + "."
        lines = [(x.due, x.amount if not x.bad else 0) for x in self.sheet_lines()]
        self.session.runner.run(coll.write_sheet, path, on, lines, title, parent=self,
                                busy="Menyimpan daftar potongan...",
                                on_success=lambda p: self.source_label.setText(
                                    f"{self.source} Daftar disimpan ke {Path(p).name}."))
        return Path(path)

    def import_sheet(self):
        path = prompts().open_path(self, "Pilih daftar potongan angsuran yang sudah diisi", str(Path.home()),
                                   "Lembar kerja (*.xlsx *.xls *.ods *.csv)")
        if not path:
            return None
        try:
            amounts = coll.read_sheet_amounts(self.ws, path, self.date.value())
        except ValidationError as exc:
            self.show_errors(list(exc.problems), f"File {Path(path).name} belum bisa dipakai")
            return None
        by_loan = {a.loan_number.upper(): a for a in amounts}
        units = set()
        for x in self.all_lines:
            a = by_loan.get(x.due.loan.number.upper())
            x.amount, x.bad, x.edited = (a.amount if a else 0), "", True
            if a is not None:
                units.add(x.unit)
        if len(units) == 1 and self.unit.findText(next(iter(units))) >= 0:
            self.select_unit(next(iter(units)))
        else:
            self.select_unit(ALL_UNITS)
        self._show_unit()
        paid = sum(1 for a in amounts if a.amount)
        self.source_label.setText(f"Dari file {Path(path).name}: {paid} pinjaman dipotong, jumlah "
                                  f"{fmt.rupiah(sum(a.amount for a in amounts))}; pinjaman yang tidak ada di file "
                                  "diisi 0.")
        show_problem(self.errors, "")
        self.update_totals()
        return amounts

    def print_list(self) -> None:
        """The printed list of instalments due and unpaid up to the date (Daftar Angsuran Jatuh Tempo)."""
        on = self.date.value()
        dues = [i.due for x in self.model.lines for i in x.due.position.instalments
                if i.due <= on and i.unpaid > 0 and not x.due.blocked]
        start = min(dues, default=on.replace(day=1))
        printing.preview(self.session, instalments_due_doc(self.ws, start, on), self)

    # ------------------------------------------------------------------ posting
    def summary(self) -> str:
        paying = self.model.paying()
        splits = [(x, x.split) for x in paying]
        names = {a.id: a.label for a in ledger_svc.list_accounts(self.ws)}
        products = {p.id: p for p in products_svc.products(self.ws)}
        credits: dict[int, int] = {}
        for x, s in splits:
            p = products[x.due.loan.product_id]
            for acc, amount in ((p.receivable_account_id, s.principal), (p.jasa_account_id, s.interest),
                                (p.denda_account_id, s.penalty)):
                if amount:
                    credits[acc] = credits.get(acc, 0) + amount
        total = sum(x.amount for x in paying)
        unit = self.unit.currentText()
        lines = [f"{len(paying)} pinjaman" + ("" if unit in (ALL_UNITS, "") else f" (unit kerja {unit})")
                 + f", tanggal {fmt.date_long(self.date.value())}, satu jurnal per pinjaman:", "",
                 f"Debit   {self.cash.currentText()}: {fmt.rupiah(total)}"]
        lines += [f"Kredit  {names.get(acc, acc)}: {fmt.rupiah(amount)}" for acc, amount in credits.items()]
        partial = [x for x, _s in splits if x.amount != x.due.due]
        if partial:
            lines += ["", f"{len(partial)} pinjaman dibayar tidak sama dengan tagihannya:"]
            lines += [f"  {x.due.loan.number} {x.due.member_name}: {fmt.rupiah(x.amount)} "
                      f"(tagihan {fmt.rupiah(x.due.due)})" for x in partial[:8]]
            if len(partial) > 8:
                lines.append(f"  ... dan {len(partial) - 8} lainnya")
        closing = [x for x, s in splits if s.closes]
        if closing:
            lines += ["", "Lunas dengan pembayaran ini: " + ", ".join(x.due.loan.number for x in closing)
                      + " (simpanan pinjamannya dikembalikan ke simpanan sukarela)."]
        skipped = len(self.sheet_lines()) - len(paying)
        if skipped:
            lines += ["", f"{skipped} pinjaman lain di daftar tidak dibayar (jumlah 0)."]
        return "\n".join(lines)

    def post(self) -> None:
        problems = self.model.problems()
        if not self.description.text().strip():
            problems.append("Keterangan angsuran kolektif wajib diisi.")
        if self.cash.currentData() is None:
            problems.append("Belum ada akun kas/bank.")
        rows = self.model.repayment_rows()
        if not rows:
            problems.append("Belum ada jumlah angsuran di daftar.")
        if problems:
            self.show_errors(problems)
            return
        if not prompts().confirm(self, "Bukukan angsuran kolektif?", self.summary(), ok_text="Ya, bukukan",
                                 cancel_text="Periksa lagi"):
            return
        s = self.session
        self._posting = True
        s.runner.run(pay_svc.repay_many, s.ws, rows, on=self.date.value(), cash_account_id=self.cash.currentData(),
                     description=self.description.text(), by=s.user, parent=self,
                     busy="Membukukan angsuran kolektif...", on_success=self._posted, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._posting = False
        if isinstance(exc, ValidationError):
            self.show_errors(list(exc.problems))

    def _posted(self, done: pay_svc.BulkRepayment) -> None:
        journals = done.first_journal if done.loans == 1 else f"{done.first_journal} s.d. {done.last_journal}"
        text = (f"Angsuran {done.loans} pinjaman sebesar {fmt.rupiah(done.total)} dibukukan ({journals}): pokok "
                f"{fmt.rupiah(done.principal)}, jasa {fmt.rupiah(done.interest)}, denda {fmt.rupiah(done.penalty)}.")
        if done.closed:
            text += f" {done.closed} pinjaman lunas."
        self._posting = False
        self.loaded_for = None         # nothing typed is kept: the sheet starts again from what is now due
        self.notice = text
        self.fill()
        prompts().info(self, "Tersimpan", text)
