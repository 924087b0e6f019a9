"""Tutup Buku & SHU > Anggaran (RAPB): the budget per income and expense account for a financial year, typed in a
table next to last year's realisation and this year's realisation to date, with totals per account class and the
budgeted SHU. Saved through services.budget (only the lines that changed); "Salin dari realisasi tahun lalu" fills
the year from last year's figures plus a growth %; the print is the Laporan's "Anggaran vs Realisasi" PDF.
Read-only roles (and a closed year, whose budget is frozen) see the table without editing or buttons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.ledger import AccountClass
from kopdesk.domain.users import Perm
from kopdesk.services import budget as budget_svc
from kopdesk.services import closing as closing_svc
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import statements as statements_svc
from kopdesk.ui import printing
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import DANGER, OK
from kopdesk.ui.widgets import MoneyEdit, error_label, hint_label, show_problem

CODE, NAME, LAST, BUDGET, ACTUAL, VARIANCE, PCT = range(7)
CODE_ROLE = Qt.ItemDataRole.UserRole + 10
INCOME = AccountClass.PENDAPATAN
NOMINAL = [k for k in AccountClass if k.is_nominal]
HEAD_BG = QColor("#eef1f0")
TOTAL_BG = QColor("#f6f8f7")
BAD_BG = QColor("#fde8e6")
EDIT_BG = QColor("#fffbea")
EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                 | QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked)


class _MoneyDelegate(QStyledItemDelegate):
    """The Anggaran cells are edited in a MoneyEdit: "1.500.000", "1,5jt", "750rb"."""

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = MoneyEdit(parent)
        editor.setPlaceholderText("")
        return editor

    def setEditorData(self, editor, index):  # noqa: N802
        editor.setText(index.data() or "")
        editor.selectAll()

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.text().strip())


def _item(text: str = "", *, right: bool = False, bold: bool = False, bg: QColor | None = None) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        f = QFont()
        f.setBold(True)
        it.setFont(f)
    if bg is not None:
        it.setBackground(QBrush(bg))
    return it


def _pct(actual: int, budget: int) -> str:
    if not budget:
        return ""
    return fmt.percent(Decimal(actual) * 100 / budget, 1)


class AnggaranScreen(Screen):
    flags = ("ledger", "accounts", "settings", "periods", "profile")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self._filter_on = None
        self.can_edit = session.can(Perm.POST)
        self.frozen = False
        self.loaded_year: int | None = None
        self.started = True
        self.rows: list[tuple[str, object]] = []         # ("head", klass) | ("acct", Account) | ("total", klass)
        self.row_of: dict[str, int] = {}
        self.klass_of: dict[str, AccountClass] = {}
        self.last: dict[str, int] = {}
        self.actual: dict[str, int] = {}
        self.saved: dict[str, int] = {}
        self.typed: dict[str, int] = {}
        self.bad: dict[str, str] = {}
        self._filling = False

        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setGroupSeparatorShown(False)
        self.year.setValue(session.today().year)
        self.year.valueChanged.connect(self._year_changed)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.growth = QDoubleSpinBox()
        self.growth.setRange(-50, 200)
        self.growth.setDecimals(1)
        self.growth.setSingleStep(2.5)
        self.growth.setSuffix(" %")
        self.growth.setToolTip("Kenaikan (atau penurunan, jika negatif) dari realisasi tahun lalu")
        self.copy_button = QPushButton("Salin dari realisasi tahun lalu")
        self.copy_button.clicked.connect(self.copy_from_actual)
        self.save_button = QPushButton("Simpan anggaran")
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton("Cetak anggaran vs realisasi...")
        self.print_button.clicked.connect(self.print_report)

        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(["Kode", "Nama akun", "", "", "", "Selisih", "%"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setItemDelegateForColumn(BUDGET, _MoneyDelegate(self.table))
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for col, width in ((CODE, 70), (LAST, 140), (BUDGET, 140), (ACTUAL, 170), (VARIANCE, 130), (PCT, 70)):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, width)
        for col in (LAST, BUDGET, ACTUAL, VARIANCE, PCT):
            self.table.horizontalHeaderItem(col).setTextAlignment(Qt.AlignmentFlag.AlignRight
                                                                  | Qt.AlignmentFlag.AlignVCenter)
        self.table.itemChanged.connect(self._item_changed)

        self.footer = QLabel()
        self.footer.setObjectName("footer")
        self.footer.setTextFormat(Qt.TextFormat.RichText)
        self.problem = error_label()

        top = QHBoxLayout()
        top.addWidget(QLabel("Tahun buku"))
        top.addWidget(self.year)
        top.addSpacing(12)
        top.addWidget(self.status, 1)
        self.actions = QWidget()
        actions = QHBoxLayout(self.actions)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(QLabel("Pertumbuhan"))
        actions.addWidget(self.growth)
        actions.addWidget(self.copy_button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.save_button)
        self.actions.setVisible(self.can_edit)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.footer)
        lay.addWidget(self.problem)
        lay.addWidget(self.actions)
        self.hint = hint_label("Ketik anggaran setahun per akun (mis. 1.500.000 atau 1,5jt); kosongkan untuk "
                               "menghapus. Selisih = realisasi - anggaran; hijau bila menguntungkan.")
        lay.addWidget(self.hint)
        self.shortcut("Ctrl+S", self.save)

    # ------------------------------------------------------------------------------------------------ reading
    def showEvent(self, event) -> None:  # noqa: N802
        win = self.window()
        if win is not self and win is not self._filter_on:
            win.installEventFilter(self)
            self._filter_on = win
        super().showEvent(event)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        """Closing the window with a budget typed but not saved asks first."""
        if obj is self._filter_on and event.type() == QEvent.Type.Close and self.changed() \
                and not self.session.ws.closed:
            if not prompts().confirm(self, "Anggaran belum disimpan",
                                     f"Anggaran {self.loaded_year} yang sudah diketik belum disimpan. "
                                     "Tutup tanpa menyimpan?", ok_text="Tutup tanpa menyimpan",
                                     cancel_text="Kembali"):
                event.ignore()
                return True
        return super().eventFilter(obj, event)

    def _year_changed(self, y: int) -> None:
        if self.changed() and self.loaded_year is not None and y != self.loaded_year:
            if not prompts().confirm(self, "Anggaran belum disimpan",
                                     f"Anggaran {self.loaded_year} yang sudah diketik belum disimpan. Pindah ke "
                                     f"tahun {y} tanpa menyimpan?", ok_text="Pindah tanpa menyimpan",
                                     cancel_text="Kembali"):
                self.year.blockSignals(True)
                self.year.setValue(self.loaded_year)
                self.year.blockSignals(False)
                return
        self.load(keep_typed=False)

    def _through(self, year: int) -> dt.date | None:
        """The realisation date for ``year``: today, or its last day once over; None before it starts."""
        p = statements_svc.fiscal_year(self.ws, year)
        today = self.session.today()
        return None if today < p.start else min(p.end, today)

    def _year_end(self, year: int) -> dt.date:
        return statements_svc.fiscal_year(self.ws, year).end

    def _actuals(self, year: int) -> dict[str, int]:
        through = self._through(year)
        if through is None:
            return {}
        bva = budget_svc.budget_vs_actual(self.ws, year, through=through)
        return {x.account_code: x.actual for g in bva.groups for x in g.lines if g.key != "neraca"}

    def load(self, keep_typed: bool = True) -> None:
        y = self.year.value()
        pending = dict(self.typed) if keep_typed and y == self.loaded_year and self.changed() else {}
        self.loaded_year = y
        accounts = [a for a in ledger_svc.list_accounts(self.ws, postable_only=True, active_only=True)
                    if a.klass.is_nominal]
        accounts.sort(key=lambda a: (NOMINAL.index(a.klass), a.code))
        self.last = self._actuals(y - 1)
        self.actual = self._actuals(y)
        self.saved = {code: amount for code, _name, amount in budget_svc.get_budget(self.ws, y).lines}
        self.typed = {a.code: self.saved.get(a.code, 0) for a in accounts}
        self.typed.update({k: v for k, v in pending.items() if k in self.typed})
        self.bad = {}
        closing = closing_svc.get_closing(self.ws, y)
        self.frozen = closing is not None
        through = self._through(y)
        self.started = through is not None          # a year not begun has no realisation, variance or %
        self.table.setHorizontalHeaderLabels([
            "Kode", "Nama akun", f"Realisasi {y - 1}", f"Anggaran {y}",
            f"Realisasi s.d. {through:%d-%m}" if through and through < self._year_end(y) else f"Realisasi {y}",
            "Selisih", "%"])
        for col in (LAST, BUDGET, ACTUAL, VARIANCE, PCT):
            self.table.horizontalHeaderItem(col).setTextAlignment(Qt.AlignmentFlag.AlignRight
                                                                  | Qt.AlignmentFlag.AlignVCenter)
        self.rows = []
        for k in NOMINAL:
            mine = [a for a in accounts if a.klass == k]
            if not mine:
                continue
            self.rows.append(("head", k))
            self.rows += [("acct", a) for a in mine]
            self.rows.append(("total", k))
        editable = self.can_edit and not self.frozen
        self._filling = True
        self.table.clearSpans()
        self.table.setRowCount(len(self.rows))
        self.row_of, self.klass_of = {}, {}
        for r, (kind, x) in enumerate(self.rows):
            if kind == "head":
                self.table.setItem(r, CODE, _item(f"{x.value}  {x.label}", bold=True, bg=HEAD_BG))
                self.table.setSpan(r, CODE, 1, 7)
                continue
            if kind == "total":
                self.table.setItem(r, CODE, _item("", bg=TOTAL_BG))
                self.table.setItem(r, NAME, _item(f"Jumlah {x.label.lower()}", bold=True, bg=TOTAL_BG))
                for col in (LAST, BUDGET, ACTUAL, VARIANCE, PCT):
                    self.table.setItem(r, col, _item("", right=True, bold=True, bg=TOTAL_BG))
                continue
            self.row_of[x.code] = r
            self.klass_of[x.code] = x.klass
            self.table.setItem(r, CODE, _item(x.code))
            self.table.setItem(r, NAME, _item(x.name))
            self.table.setItem(r, LAST, _item(fmt.number(self.last.get(x.code, 0), blank_zero=True), right=True))
            cell = _item(fmt.number(self.typed[x.code], blank_zero=True), right=True)
            cell.setData(CODE_ROLE, x.code)
            if editable:
                cell.setFlags(cell.flags() | Qt.ItemFlag.ItemIsEditable)
                cell.setBackground(QBrush(EDIT_BG))
                cell.setToolTip("Ketik anggaran setahun, mis. 1.500.000 atau 1,5jt")
            self.table.setItem(r, BUDGET, cell)
            self.table.setItem(r, ACTUAL, _item(fmt.number(self.actual.get(x.code, 0), blank_zero=True), right=True))
            self.table.setItem(r, VARIANCE, _item("", right=True))
            self.table.setItem(r, PCT, _item("", right=True))
            self._fill_row(x.code)
        self._filling = False
        if self.frozen:
            self.status.setText(f"Tahun buku {y} <b>sudah ditutup</b>: anggarannya dibekukan dan hanya bisa "
                                "dilihat.")
        elif not self.saved:
            self.status.setText(f"Belum ada anggaran (RAPB) untuk tahun buku {y}.")
        else:
            self.status.setText(f"Anggaran {y}: {len(self.saved)} akun dianggarkan.")
        self.table.setEditTriggers(EDIT_TRIGGERS if editable else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.copy_button.setEnabled(editable)
        self.growth.setEnabled(editable)
        self.copy_button.setText(f"Salin dari realisasi {y - 1}")
        self._update()

    # ------------------------------------------------------------------------------------------------ editing
    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != BUDGET:
            return
        code = item.data(CODE_ROLE)
        if not code:
            return
        text = item.text().strip()
        amount = 0 if not text else fmt.parse_rupiah(text)
        self._filling = True
        if amount is None or amount < 0:
            self.bad[code] = (f"Akun {code}: '{text}' bukan jumlah rupiah (contoh: 1.500.000 atau 1,5jt)."
                              if amount is None else f"Akun {code}: anggaran tidak boleh negatif.")
            item.setBackground(QBrush(BAD_BG))
            item.setToolTip(self.bad[code])
        else:
            self.bad.pop(code, None)
            self.typed[code] = amount
            item.setText(fmt.number(amount, blank_zero=True))
            item.setBackground(QBrush(EDIT_BG))
            item.setToolTip("Ketik anggaran setahun, mis. 1.500.000 atau 1,5jt")
        self._fill_row(code)
        self._filling = False
        self._update()

    def set_budget_text(self, code: str, text: str) -> None:
        """Type ``text`` into the Anggaran cell of account ``code`` (as the cell editor does)."""
        self.table.item(self.row_of[code], BUDGET).setText(text)

    def changed(self) -> dict[str, int]:
        """The typed amounts that differ from the saved budget (0: remove the line)."""
        return {code: amount for code, amount in self.typed.items() if amount != self.saved.get(code, 0)}

    def _fill_row(self, code: str) -> None:
        r = self.row_of[code]
        budget, actual = self.typed.get(code, 0), self.actual.get(code, 0)
        var = self.table.item(r, VARIANCE)
        var.setText(fmt.number(actual - budget) if self.started and (budget or actual) else "")
        var.setForeground(QBrush(self._colour(self.klass_of[code], budget, actual)))
        self.table.item(r, PCT).setText(_pct(actual, budget) if self.started else "")

    @staticmethod
    def _colour(klass: AccountClass, budget: int, actual: int) -> QColor:
        if not budget:
            return QColor("#1d2623")
        good = actual >= budget if klass == INCOME else actual <= budget
        return QColor(OK if good else DANGER)

    def _sums(self, klass: AccountClass | None) -> tuple[int, int, int]:
        codes = [c for c, k in self.klass_of.items() if klass is None or k == klass]
        return (sum(self.last.get(c, 0) for c in codes), sum(self.typed.get(c, 0) for c in codes),
                sum(self.actual.get(c, 0) for c in codes))

    def _update(self) -> None:
        self._filling = True
        for r, (kind, k) in enumerate(self.rows):
            if kind != "total":
                continue
            last, budget, actual = self._sums(k)
            self.table.item(r, LAST).setText(fmt.number(last))
            self.table.item(r, BUDGET).setText(fmt.number(budget))
            self.table.item(r, ACTUAL).setText(fmt.number(actual) if self.started else "")
            self.table.item(r, VARIANCE).setText(fmt.number(actual - budget) if self.started else "")
            self.table.item(r, VARIANCE).setForeground(QBrush(self._colour(k, budget, actual)))
            self.table.item(r, PCT).setText(_pct(actual, budget) if self.started else "")
        self._filling = False
        inc = self._sums(INCOME)
        exp = [sum(x) for x in zip(*(self._sums(k) for k in NOMINAL if k != INCOME), strict=True)]
        shu = [i - e for i, e in zip(inc, exp, strict=True)]
        y = self.loaded_year or self.year.value()
        colour = DANGER if shu[1] < 0 else "#1d2623"
        now = f"SHU realisasi {y} s.d. hari ini: {fmt.rupiah(shu[2])}" if self.started else \
            f"Tahun buku {y} belum berjalan."
        self.footer.setText(
            f"Anggaran {y}: pendapatan <b>{fmt.rupiah(inc[1])}</b> &minus; beban <b>{fmt.rupiah(exp[1])}</b> = "
            f"<b style='color:{colour}'>SHU dianggarkan {fmt.rupiah(shu[1])}</b><br>"
            f"<span style='color:#5f6b66'>SHU realisasi {y - 1}: {fmt.rupiah(shu[0])}"
            f"&nbsp;&nbsp;·&nbsp;&nbsp;{now}</span>")
        show_problem(self.problem, "\n".join(self.bad.values()))
        n = len(self.changed())
        self.save_button.setEnabled(bool(n) and not self.bad and self.can_edit and not self.frozen)
        self.save_button.setText(f"Simpan anggaran ({n} akun diubah)" if n else "Simpan anggaran")

    # ------------------------------------------------------------------------------------------------ actions
    def save(self) -> None:
        amounts = self.changed()
        if not amounts or self.bad or not self.can_edit or self.frozen:
            return
        s, y = self.session, self.loaded_year
        s.runner.run(budget_svc.set_budget, s.ws, y, amounts, s.user, parent=self,
                     busy=f"Menyimpan anggaran {y}...", on_success=lambda _r: self.load(keep_typed=False))

    def copy_from_actual(self) -> None:
        y = self.loaded_year
        growth = Decimal(str(round(self.growth.value(), 1)))
        if not self.can_edit or self.frozen:
            return
        more = f", ditambah {fmt.percent(growth, 1)}" if growth > 0 else (
            f", dikurangi {fmt.percent(-growth, 1)}" if growth < 0 else "")
        if not prompts().confirm(self, f"Salin anggaran {y} dari realisasi {y - 1}?",
                                 f"Anggaran {y} diganti dengan realisasi pendapatan dan beban tahun {y - 1}{more}, "
                                 f"lalu langsung disimpan. Semua angka anggaran {y} yang sudah diketik atau "
                                 "tersimpan diganti.", ok_text="Ya, salin dan ganti"):
            return
        s = self.session
        s.runner.run(budget_svc.copy_from_actual, s.ws, y, s.user, growth_pct=growth, replace=True, parent=self,
                     busy=f"Menyalin realisasi {y - 1}...", on_success=lambda _r: self.load(keep_typed=False))

    def print_report(self) -> None:
        y = self.loaded_year
        if self.changed() and not prompts().confirm(
                self, "Anggaran belum disimpan",
                "Yang dicetak adalah anggaran yang tersimpan; angka yang baru diketik belum ikut. Tetap cetak?",
                ok_text="Tetap cetak"):
            return
        p = statements_svc.fiscal_year(self.ws, y)
        through = self._through(y) or p.start
        s = self.session
        doc = printing.Doc(f"Anggaran vs Realisasi {y}", f"anggaran-{y}.pdf",
                           lambda out: printing._reports().budget_pdf(s.ws, y, out, through))
        printing.preview(s, doc, self)
