"""Input widgets that speak Indonesian money and dates: MoneyEdit, DateEdit, OptionalDateEdit, MonthPicker,
PeriodPicker, AccountPicker; small label helpers. None of them reads the database (MemberPicker, which searches the
register as you type, is in member_picker.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QDate, QLocale, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.coop import MONTHS_ID
from kopdesk.domain.ledger import Account
from kopdesk.domain.members import MemberStatus
from kopdesk.ui.style import mark_invalid

INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


class MoneyEdit(QLineEdit):
    """Accepts "50000", "50.000", "Rp50.000", "50rb", "1,5jt"; shows "Rp50.000" when focus leaves.

    ``value()`` is an int (rupiah) or None when empty or invalid. ``problem()`` says why it is invalid.
    """

    valueChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, allow_negative: bool = False, required: bool = False,
                 allow_zero: bool = True):
        super().__init__(parent)
        self.allow_negative, self.required, self.allow_zero = allow_negative, required, allow_zero
        self.setPlaceholderText("mis. 50.000 atau 50rb")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textChanged.connect(self._changed)
        self._touched = False

    def value(self) -> int | None:
        return fmt.parse_rupiah(self.text()) if not self.problem() else None

    def setValue(self, amount: int | None) -> None:  # noqa: N802 - Qt naming
        self.setText(fmt.rupiah(amount) if amount is not None else "")

    def problem(self) -> str:
        text = self.text().strip()
        if not text:
            return "Jumlah wajib diisi." if self.required else ""
        amount = fmt.parse_rupiah(text)
        if amount is None:
            return f"'{text}' bukan jumlah rupiah. Contoh: 50000, 50.000, 50rb, 1,5jt."
        if amount < 0 and not self.allow_negative:
            return "Jumlah tidak boleh negatif."
        if amount == 0 and not self.allow_zero:
            return "Jumlah harus lebih dari nol."
        return ""

    def is_valid(self) -> bool:
        return not self.problem()

    def _changed(self) -> None:
        problem = self.problem()
        # only shout about an empty required field once the user has been in it
        mark_invalid(self, bool(problem) and (self._touched or bool(self.text().strip())), problem)
        self.valueChanged.emit(self.value())

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self._touched = True
        amount = self.value()
        if amount is not None and self.text().strip():
            self.blockSignals(True)
            self.setText(fmt.rupiah(amount))
            self.blockSignals(False)
        self._changed()
        super().focusOutEvent(event)


class DateEdit(QDateEdit):
    """A date typed as dd-mm-yyyy, with a calendar popup. ``value()`` is a datetime.date."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setLocale(INDONESIAN)
        self.setDisplayFormat("dd-MM-yyyy")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(130)
        self.setCalendarPopup(True)
        self.calendarWidget().setLocale(INDONESIAN)
        self.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setMinimumDate(QDate(1990, 1, 1))
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setValue(value or dt.date.today())

    def value(self) -> dt.date:
        d = self.date()
        return dt.date(d.year(), d.month(), d.day())

    def setValue(self, value: dt.date) -> None:  # noqa: N802
        self.setDate(QDate(value.year, value.month, value.day))


class OptionalDateEdit(QWidget):
    """A date that may stay empty (e.g. tanggal lahir): typed as 05-08-1990, 5/8/1990 or "5 Agustus 1990", or
    picked from the calendar button. ``value()`` is a date or None; ``problem()`` says why the text is not a date."""

    valueChanged = Signal(object)

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None, *,
                 calendar_start: dt.date | None = None):
        super().__init__(parent)
        self.calendar_start = calendar_start or dt.date(1985, 1, 1)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("hh-bb-tttt")
        self.edit.setMaximumWidth(130)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Pilih dari kalender")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self._calendar)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit)
        lay.addWidget(self.button)
        lay.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._changed)
        self.edit.editingFinished.connect(self._normalise)
        self.setValue(value)

    def value(self) -> dt.date | None:
        text = self.edit.text().strip()
        return fmt.parse_date(text) if text else None

    def setValue(self, value: dt.date | None) -> None:  # noqa: N802
        self.edit.setText(fmt.date_short(value) if value else "")

    def problem(self) -> str:
        text = self.edit.text().strip()
        if text and fmt.parse_date(text) is None:
            return f"'{text}' bukan tanggal. Contoh: 05-08-1990."
        return ""

    def _changed(self) -> None:
        mark_invalid(self.edit, bool(self.problem()), self.problem())
        self.valueChanged.emit(self.value())

    def _normalise(self) -> None:
        d = self.value()
        if d is not None and self.edit.text() != fmt.date_short(d):
            self.edit.setText(fmt.date_short(d))

    def _calendar(self) -> None:
        cal = QCalendarWidget(self)
        cal.setWindowFlags(Qt.WindowType.Popup)
        cal.setLocale(INDONESIAN)
        cal.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        start = self.value() or self.calendar_start
        cal.setSelectedDate(QDate(start.year, start.month, start.day))

        def picked(d: QDate) -> None:
            self.setValue(dt.date(d.year(), d.month(), d.day()))
            cal.close()
            cal.deleteLater()

        cal.clicked.connect(picked)
        cal.activated.connect(picked)
        cal.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        cal.show()
        self._popup = cal


class MonthPicker(QWidget):
    """A month of a year: "November" and 2026. ``value()`` is the first day of the month."""

    changed = Signal()

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.month = QComboBox()
        self.month.addItems(MONTHS_ID)
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setGroupSeparatorShown(False)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.month)
        lay.addWidget(self.year)
        self.setValue(value or dt.date.today())
        self.month.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.year.valueChanged.connect(lambda _v: self.changed.emit())

    def value(self) -> dt.date:
        return dt.date(self.year.value(), self.month.currentIndex() + 1, 1)

    def setValue(self, d: dt.date) -> None:  # noqa: N802
        self.blockSignals(True)
        self.month.setCurrentIndex(d.month - 1)
        self.year.setValue(d.year)
        self.blockSignals(False)
        self.changed.emit()


def month_bounds(d: dt.date) -> tuple[dt.date, dt.date]:
    first = d.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def fiscal_year_bounds(d: dt.date, start_month: int = 1) -> tuple[dt.date, dt.date]:
    year = d.year if d.month >= start_month else d.year - 1
    start = dt.date(year, start_month, 1)
    end = dt.date(year + 1, start_month, 1) - dt.timedelta(days=1)
    return start, end


class PeriodPicker(QWidget):
    """Quick choices (Bulan ini, Bulan lalu, Tahun buku ini, Pilih tanggal) and two dates."""

    changed = Signal()
    CHOICES = ("Bulan ini", "Bulan lalu", "Tahun buku ini", "Pilih tanggal")

    def __init__(self, parent: QWidget | None = None, fiscal_start_month: int = 1):
        super().__init__(parent)
        self.fiscal_start_month = fiscal_start_month
        self.quick = QComboBox()
        self.quick.addItems(self.CHOICES)
        self.date_from = DateEdit()
        self.date_to = DateEdit()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel("Periode"))
        lay.addWidget(self.quick)
        lay.addWidget(self.date_from)
        lay.addWidget(QLabel("s.d."))
        lay.addWidget(self.date_to)
        self._apply_quick(0)
        self.quick.currentIndexChanged.connect(self._apply_quick)
        self.date_from.dateChanged.connect(self._dates_edited)
        self.date_to.dateChanged.connect(self._dates_edited)

    def _apply_quick(self, index: int) -> None:
        today = dt.date.today()
        if index == 0:
            a, b = month_bounds(today)
        elif index == 1:
            a, b = month_bounds(today.replace(day=1) - dt.timedelta(days=1))
        elif index == 2:
            a, b = fiscal_year_bounds(today, self.fiscal_start_month)
        else:
            return
        self._set(a, b)
        self.changed.emit()

    def _set(self, a: dt.date, b: dt.date) -> None:
        for w, v in ((self.date_from, a), (self.date_to, b)):
            w.blockSignals(True)
            w.setValue(v)
            w.blockSignals(False)

    def set_period(self, a: dt.date, b: dt.date) -> None:
        self.quick.blockSignals(True)
        self.quick.setCurrentIndex(3)
        self.quick.blockSignals(False)
        self._set(a, b)
        self.changed.emit()

    def _dates_edited(self) -> None:
        self.quick.blockSignals(True)
        self.quick.setCurrentIndex(3)
        self.quick.blockSignals(False)
        self.changed.emit()

    def period(self) -> tuple[dt.date, dt.date]:
        return self.date_from.value(), self.date_to.value()


class AccountPicker(QComboBox):
    """A searchable combo over "code name" of accounts; type part of a code or name to narrow the list.

    ``value()`` is the account id or None.
    """

    accountChanged = Signal(object)

    def __init__(self, accounts: Iterable[Account] = (), parent: QWidget | None = None, placeholder: str = ""):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self.lineEdit().setPlaceholderText(placeholder or "Ketik kode atau nama akun")
        self._completer = QCompleter(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.activated.connect(self._picked_text)
        self.setCompleter(self._completer)
        self._accounts: list[Account] = []
        self.set_accounts(accounts)
        self.currentIndexChanged.connect(lambda _i: self._emit())
        self.lineEdit().editingFinished.connect(self._normalise)
        self.editTextChanged.connect(self._typing)

    def set_accounts(self, accounts: Iterable[Account]) -> None:
        keep = self.value() if self._accounts else None
        self._accounts = sorted(accounts, key=lambda a: a.code)
        self.blockSignals(True)
        self.clear()
        for a in self._accounts:
            self.addItem(a.label, a.id)
        self._completer.setModel(QStringListModel([a.label for a in self._accounts], self._completer))
        self.setCurrentIndex(-1)
        self.setEditText("")
        self.blockSignals(False)
        if keep is not None:
            self.set_value(keep)

    def accounts(self) -> list[Account]:
        return list(self._accounts)

    def _match(self, text: str) -> Account | None:
        t = text.strip().lower()
        if not t:
            return None
        for a in self._accounts:
            if a.label.lower() == t or a.code.lower() == t:
                return a
        hits = [a for a in self._accounts if t in a.label.lower()]
        return hits[0] if len(hits) == 1 else None

    def value(self) -> int | None:
        a = self._match(self.currentText())
        return a.id if a else None

    def account(self) -> Account | None:
        return self._match(self.currentText())

    def set_value(self, account_id: int | None) -> None:
        i = self.findData(account_id) if account_id is not None else -1
        self.setCurrentIndex(i)
        if i < 0:
            self.setEditText("")
        self._emit()

    def set_code(self, code: str) -> None:
        for a in self._accounts:
            if a.code == code:
                self.set_value(a.id)
                return
        raise KeyError(code)

    def problem(self) -> str:
        text = self.currentText().strip()
        if not text:
            return "Akun wajib dipilih."
        return "" if self.value() is not None else f"Akun '{text}' tidak ada di daftar."

    def _picked_text(self, text: str) -> None:
        i = self.findText(text)
        if i >= 0:
            self.setCurrentIndex(i)
        self._emit()

    def _normalise(self) -> None:
        a = self._match(self.currentText())
        if a is not None and self.currentText() != a.label:
            self.setCurrentIndex(self.findData(a.id))
        self._emit()

    def _typing(self, _text: str) -> None:
        if self.value() is not None:
            mark_invalid(self, False)
        self.accountChanged.emit(self.value())

    def _emit(self) -> None:
        text = self.currentText().strip()
        mark_invalid(self, bool(text) and self.value() is None, self.problem())
        self.accountChanged.emit(self.value())


CURRENT_STATUSES = (MemberStatus.CALON, MemberStatus.AKTIF, MemberStatus.NON_AKTIF)


def error_label() -> QLabel:
    """The red reason shown next to / under an invalid field."""
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.hide()
    return label


def show_problem(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def warning_label() -> QLabel:
    """Amber text for warnings that do not block saving."""
    label = QLabel()
    label.setObjectName("warning")
    label.setWordWrap(True)
    label.hide()
    return label


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("screenTitle")
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def facts_grid(names, values=None) -> tuple[QGridLayout, dict[str, QLabel]]:
    """A two-column grid of facts: each a grey name and a selectable, word-wrapped value label. ``names`` are
    (key, label) pairs; ``values`` (key -> text) fills them now, else set ``labels[key]`` later."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(14)
    grid.setVerticalSpacing(3)
    labels: dict[str, QLabel] = {}
    for i, (key, label) in enumerate(names):
        name = QLabel(label)
        name.setObjectName("hint")
        value = QLabel((values or {}).get(key, ""))
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setWordWrap(True)
        labels[key] = value
        r, c = divmod(i, 2)
        grid.addWidget(name, r, c * 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, r, c * 2 + 1, Qt.AlignmentFlag.AlignTop)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(3, 1)
    return grid, labels
