"""Simpanan > Setoran kolektif: many members' deposits at once (e.g. potong gaji) as ONE journal. The grid starts
from the wajib billing (what each member owes through the month) with an editable column per other product, or from
the returned potong-gaji sheet; everything is posted all or nothing, and every problem is shown at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from kopdesk.domain.errors import NotFound, ValidationError
from kopdesk.domain.savings import SavingsKind, SavingsProduct
from kopdesk.domain.users import Perm
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import member_import
from kopdesk.services import members as members_svc
from kopdesk.services import savings as savings_svc
from kopdesk.ui import printing
from kopdesk.ui.member_model import short_product_name
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import DANGER
from kopdesk.ui.tables import SORT_ROLE
from kopdesk.ui.widgets import DateEdit, MonthPicker, error_label, hint_label, show_problem


@dataclass
class Line:
    number: str
    name: str
    amounts: dict[str, int] = field(default_factory=dict)     # product code -> amount
    bad: dict[str, str] = field(default_factory=dict)         # product code -> text that is not an amount
    row: int = 0                                              # the sheet row, for imported sheets

    @property
    def total(self) -> int:
        return sum(self.amounts.values())


class CollectionModel(QAbstractTableModel):
    """Nomor, Nama, one editable money column per product, Jumlah."""

    totals_changed = Signal()

    def __init__(self, products: list[SavingsProduct], parent=None):
        super().__init__(parent)
        self.products = products
        self.lines: list[Line] = []
        self.dataChanged.connect(lambda *_a: self.totals_changed.emit())
        self.modelReset.connect(self.totals_changed.emit)

    def set_lines(self, lines: list[Line]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def product_at(self, column: int) -> SavingsProduct | None:
        i = column - 2
        return self.products[i] if 0 <= i < len(self.products) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.products) + 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Nomor"
            if section == 1:
                return "Nama"
            p = self.product_at(section)
            if p is not None:
                return f"{short_product_name(p)} (Rp)"
            if section == len(self.products) + 2:
                return "Jumlah (Rp)"
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.lines)):
            return None
        line, c = self.lines[index.row()], index.column()
        p = self.product_at(c)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, SORT_ROLE):
            if c == 0:
                return line.number
            if c == 1:
                return line.name
            if p is not None:
                if p.code in line.bad:
                    return line.bad[p.code]
                amount = line.amounts.get(p.code, 0)
                if role == SORT_ROLE:
                    return amount
                return fmt.number(amount, blank_zero=True)
            return line.total if role == SORT_ROLE else fmt.number(line.total, blank_zero=True)
        if role == Qt.ItemDataRole.TextAlignmentRole and c >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and p is not None and p.code in line.bad:
            return QColor("#fdf1f0")
        if role == Qt.ItemDataRole.ForegroundRole and p is not None and p.code in line.bad:
            return QColor(DANGER)
        if role == Qt.ItemDataRole.ToolTipRole and p is not None and p.code in line.bad:
            return f"'{line.bad[p.code]}' bukan jumlah rupiah. Contoh: 50000, 50.000, 50rb."
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if self.product_at(index.column()) is not None else base

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        p = self.product_at(index.column())
        if role != Qt.ItemDataRole.EditRole or p is None or not index.isValid():
            return False
        line = self.lines[index.row()]
        text = str(value if value is not None else "").strip()
        amount = fmt.parse_rupiah(text) if text else 0
        line.bad.pop(p.code, None)
        if amount is None or amount < 0:
            line.bad[p.code] = text
            line.amounts.pop(p.code, None)
        elif amount == 0:
            line.amounts.pop(p.code, None)
        else:
            line.amounts[p.code] = amount
        last = self.index(index.row(), self.columnCount() - 1)
        self.dataChanged.emit(index, last)
        return True

    # totals and checks
    def totals(self) -> dict[str, int]:
        out = {p.code: 0 for p in self.products}
        for line in self.lines:
            for code, amount in line.amounts.items():
                out[code] = out.get(code, 0) + amount
        return out

    def cell_problems(self) -> list[str]:
        names = {p.code: short_product_name(p) for p in self.products}
        return [f"Baris {line.row or i}, kolom {names[code]}: '{text}' bukan jumlah rupiah."
                for i, line in enumerate(self.lines, start=1) for code, text in line.bad.items()]

    def collection_rows(self) -> list[savings_svc.CollectionRow]:
        return [savings_svc.CollectionRow(line.number, code, amount, line.row or i)
                for i, line in enumerate(self.lines, start=1)
                for code, amount in line.amounts.items() if amount]


class SetoranKolektifScreen(Screen):
    flags = ("savings", "members", "ledger")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        ws = session.ws
        self.can_post = session.can(Perm.POST)
        self.products = [p for p in savings_svc.products(ws, active_only=True) if p.kind != SavingsKind.POKOK]
        self.model = CollectionModel(self.products, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.month = MonthPicker()
        self.date = DateEdit()
        self.cash = QComboBox()
        self.description = QLineEdit()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari anggota di daftar")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(230)
        self.search.textChanged.connect(lambda t: self.proxy.setFilterFixedString(t.strip()))
        self.fill_button = QPushButton("Isi dari tagihan wajib")
        self.import_button = QPushButton("Impor dari Excel...")
        self.clear_button = QPushButton("Kosongkan jumlah")
        self.post_button = QPushButton("Bukukan setoran kolektif")
        self.post_button.setObjectName("primary")
        self.fill_button.clicked.connect(self.fill_from_billing)
        self.import_button.clicked.connect(self.import_sheet)
        self.clear_button.clicked.connect(self.clear_amounts)
        self.post_button.clicked.connect(self.post)
        for b in (self.import_button, self.post_button, self.fill_button, self.clear_button):
            b.setVisible(self.can_post)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                  | QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed if self.can_post
                                  else QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.resizeSection(0, 90)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for i in range(2, len(self.products) + 3):
            header.resizeSection(i, 140)
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        self.footer.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.source_label = QLabel("")
        self.source_label.setObjectName("hint")
        self.errors = error_label()
        self.model.totals_changed.connect(self.update_totals)
        self.month.changed.connect(self._month_changed)

        form = QFormLayout()
        row1 = QHBoxLayout()
        row1.addWidget(self.month)
        row1.addSpacing(16)
        row1.addWidget(QLabel("Tanggal setoran"))
        row1.addWidget(self.date)
        row1.addSpacing(16)
        row1.addWidget(QLabel("Masuk ke"))
        row1.addWidget(self.cash)
        row1.addStretch(1)
        form.addRow("Bulan", row1)
        form.addRow("Keterangan", self.description)
        tools = QHBoxLayout()
        tools.addWidget(self.fill_button)
        tools.addWidget(self.import_button)
        tools.addWidget(self.clear_button)
        tools.addSpacing(12)
        tools.addWidget(self.source_label, 1)
        tools.addWidget(self.search)
        bottom = QHBoxLayout()
        bottom.addWidget(hint_label("Ketik jumlah langsung di kolom simpanan (50000, 50.000 atau 50rb). Semua baris "
                                    "dibukukan sebagai satu jurnal; jika ada yang salah, tidak ada yang disimpan."), 1)
        bottom.addWidget(self.post_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(tools)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.footer)
        lay.addWidget(self.errors)
        lay.addLayout(bottom)
        self._filled_for = None
        self._month_changed()
        self._fill_cash()

    def load(self) -> None:
        self._fill_cash()
        if self._filled_for is None:
            self.fill_from_billing()

    def _fill_cash(self) -> None:
        keep = self.cash.currentData()
        self.cash.clear()
        for a in ledger_svc.cash_accounts(self.ws):
            self.cash.addItem(a.label, a.id)
        if keep is not None and self.cash.findData(keep) >= 0:
            self.cash.setCurrentIndex(self.cash.findData(keep))

    def _month_changed(self) -> None:
        self.description.setText(f"Setoran simpanan kolektif {fmt.month_year(self.month.value())}")

    # ------------------------------------------------------------------ filling
    def fill_from_billing(self) -> None:
        month = self.month.value()
        self._filled_for = month
        s = self.session
        s.runner.run(savings_svc.wajib_billing, s.ws, month, parent=self, busy="Menghitung tagihan wajib...",
                     on_success=lambda bills: self._fill(month, bills))

    def _fill(self, month, bills) -> None:
        if self.ws.closed:
            return
        wajib = savings_svc.product_of_kind(self.ws, SavingsKind.WAJIB)
        lines = []
        for bill in sorted(bills, key=lambda b: b.member.number):
            amounts = {wajib.code: bill.due_this_month} if bill.due_this_month else {}
            lines.append(Line(bill.member.number, bill.member.full_name, amounts))
        self.model.set_lines(lines)
        self.source_label.setText(f"Dari tagihan wajib sampai {fmt.month_year(month)} ({len(lines)} anggota aktif).")
        show_problem(self.errors, "")

    def import_sheet(self):
        path = prompts().open_path(self, "Pilih daftar potong gaji yang sudah diisi", str(Path.home()),
                                   "Lembar kerja (*.xlsx *.xls *.ods *.csv)")
        if not path:
            return None
        try:
            rows = member_import.read_collection_sheet(self.ws, path)
        except ValidationError as exc:
            self.show_errors(list(exc.problems), f"File {Path(path).name} belum bisa dipakai")
            return None
        by_number: dict[str, Line] = {}
        for r in rows:
            line = by_number.get(r.member_number)
            if line is None:
                try:
                    name = members_svc.find_member(self.ws, r.member_number).full_name
                except NotFound:
                    name = "(nomor tidak ditemukan)"
                line = by_number[r.member_number] = Line(r.member_number, name, row=r.row)
            line.amounts[r.product_code] = line.amounts.get(r.product_code, 0) + r.amount
        self.model.set_lines(list(by_number.values()))
        self._filled_for = self.month.value()
        self.source_label.setText(f"Dari file {Path(path).name} ({len(by_number)} anggota).")
        show_problem(self.errors, "")
        return rows

    def clear_amounts(self) -> None:
        self.model.set_lines([Line(line.number, line.name, row=line.row) for line in self.model.lines])

    # ------------------------------------------------------------------ totals
    def update_totals(self) -> None:
        totals = self.model.totals()
        paying = sum(1 for line in self.model.lines if line.total)
        parts = [f"{paying} dari {len(self.model.lines)} anggota menyetor  ·"]
        parts += [f"{short_product_name(p)}: {fmt.rupiah(totals.get(p.code, 0))}" for p in self.products]
        parts.append(f"<b>Jumlah: {fmt.rupiah(sum(totals.values()))}</b>")
        self.footer.setText("    ".join(parts))
        problems = self.model.cell_problems()
        self.post_button.setEnabled(paying > 0 and not problems)
        self.post_button.setText(f"Bukukan setoran kolektif ({fmt.rupiah(sum(totals.values()))})" if paying
                                 else "Bukukan setoran kolektif")
        show_problem(self.errors, "\n".join(problems[:20]))

    def show_errors(self, problems: list[str], title: str = "Setoran kolektif belum dibukukan") -> None:
        more = f"\n... dan {len(problems) - 30} masalah lain" if len(problems) > 30 else ""
        show_problem(self.errors, f"{title}; perbaiki semua masalah ini:\n" + "\n".join(problems[:30]) + more)

    # ------------------------------------------------------------------ posting
    def summary(self) -> str:
        totals = self.model.totals()
        accounts = {a.id: a.label for a in ledger_svc.list_accounts(self.ws)}
        grand = sum(totals.values())
        paying = sum(1 for line in self.model.lines if line.total)
        lines = [f"{paying} anggota, tanggal {fmt.date_long(self.date.value())}, satu jurnal:", "",
                 f"Debit   {self.cash.currentText()}: {fmt.rupiah(grand)}"]
        by_account: dict[int, int] = {}
        for p in self.products:
            if totals.get(p.code):
                by_account[p.account_id] = by_account.get(p.account_id, 0) + totals[p.code]
        for acc, amount in by_account.items():
            lines.append(f"Kredit  {accounts.get(acc, acc)}: {fmt.rupiah(amount)}")
        return "\n".join(lines)

    def post(self) -> None:
        problems = self.model.cell_problems()
        if not self.description.text().strip():
            problems.append("Keterangan setoran kolektif wajib diisi.")
        if self.cash.currentData() is None:
            problems.append("Belum ada akun kas/bank.")
        rows = self.model.collection_rows()
        if not rows:
            problems.append("Belum ada jumlah setoran di daftar.")
        if problems:
            self.show_errors(problems)
            return
        if not prompts().confirm(self, "Bukukan setoran kolektif?", self.summary(), ok_text="Ya, bukukan",
                                 cancel_text="Periksa lagi"):
            return
        s = self.session
        s.runner.run(savings_svc.post_collection, s.ws, rows, on=self.date.value(),
                     cash_account_id=self.cash.currentData(), description=self.description.text(), by=s.user,
                     parent=self, busy="Membukukan setoran kolektif...", on_success=self._posted,
                     on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_errors(list(exc.problems))

    def _posted(self, posted) -> None:
        count = len({r.member_number for r in self.model.collection_rows()})
        self.fill_from_billing()
        if prompts().confirm(self, "Tersimpan", f"Setoran kolektif {count} anggota sebesar "
                                                f"{fmt.rupiah(posted.balance)} dibukukan ({posted.number}).\n\n"
                                                "Cetak bukti jurnalnya sekarang?", ok_text="Cetak bukti",
                             cancel_text="Tidak"):
            printing.preview(self.session, printing.journal_voucher_doc(self.session, posted.journal_id,
                                                                        posted.number), self)
