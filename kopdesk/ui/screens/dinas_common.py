"""Pieces the Dinas screens share: the change flag they listen to, Indonesian labels of the Dinas enums, a small
bar chart drawn with QPainter (QtCharts is not shipped), section cards and the write helper that refreshes every
Dinas screen after a successful service call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kopdesk import fmt
from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import ValidationError
from kopdesk.ui.session import Session
from kopdesk.ui.style import ACCENT, DANGER, MUTED, OK, WARN
from kopdesk.ui.widgets import show_problem

# The Dinas services return records, not Changes: after a write the screens are told through the app's change bus.
# ``dinas`` is the flag meant for this (Changes gets it from the lead); until it exists ``settings`` carries it.
DINAS_FLAGS: tuple[str, ...] = ("dinas", "settings", "profile")


def dinas_changes() -> Changes:
    try:
        return Changes(dinas=True)  # type: ignore[call-arg]
    except TypeError:
        return Changes(settings=True)


def notify(session: Session) -> None:
    session.events.emit_changes(dinas_changes())


def write(session: Session, fn: Callable, *args, parent: QWidget, busy: str = "Menyimpan...",
          on_success: Callable[[Any], None] | None = None, problems_label: QLabel | None = None,
          on_error: Callable[[BaseException], None] | None = None, **kwargs) -> None:
    """Run a Dinas service write on the runner; on success every Dinas screen refreshes. A ValidationError is
    shown in the standard error dialog and, when given, in the form's own red line (refused in place)."""

    def done(result: Any) -> None:
        notify(session)
        if on_success is not None:
            on_success(result)

    def failed(exc: BaseException) -> None:
        if problems_label is not None and isinstance(exc, ValidationError):
            show_problem(problems_label, " ".join(exc.problems))
        if on_error is not None:
            on_error(exc)

    session.runner.run(fn, *args, parent=parent, busy=busy, on_success=done, on_error=failed, **kwargs)


# ----------------------------------------------------------------------------------------------- labels

STATUS_LABELS = {"aktif": "Aktif", "tidak_aktif": "Tidak aktif", "beku": "Beku"}
SEVERITY_LABELS = {"rendah": "Rendah", "sedang": "Sedang", "tinggi": "Tinggi"}
FOLLOW_UP_LABELS = {"terbuka": "Terbuka", "proses": "Dalam proses", "selesai": "Selesai",
                    "tidak_selesai": "Tidak dilaksanakan"}
CATEGORY_LABELS = {"kelembagaan": "Kelembagaan", "usaha": "Usaha", "keuangan": "Keuangan", "sdm": "SDM",
                   "kepatuhan": "Kepatuhan", "lainnya": "Lainnya"}
ROLE_LABELS = {"ketua": "Ketua", "sekretaris": "Sekretaris", "bendahara": "Bendahara", "pengawas": "Pengawas",
               "manajer": "Manajer"}
FOLLOW_UP_COLORS = {"terbuka": DANGER, "proses": WARN, "selesai": OK, "tidak_selesai": MUTED}


def label(value: Any, table: dict[str, str] | None = None) -> str:
    """The Indonesian label of a Dinas enum member (its ``label`` when it has one), or of a plain code."""
    if value is None:
        return ""
    found = getattr(value, "label", None)
    if isinstance(found, str) and found:
        return found
    code = str(getattr(value, "value", value))
    if table and code in table:
        return table[code]
    return code.replace("_", " ").capitalize()


def status_label(value: Any) -> str:
    return label(value, STATUS_LABELS)


def follow_up_label(value: Any) -> str:
    return label(value, FOLLOW_UP_LABELS)


def code(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def time_text(value: Any) -> str:
    """09:00 from a datetime.time or a text; '' when unknown."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.time):
        return value.strftime("%H.%M")
    return str(value)[:5].replace(":", ".")


def date_text(value: dt.date | None) -> str:
    return fmt.date_short(value) if value else "-"


def officers_text(officers: Sequence[Any]) -> str:
    return ", ".join(o.name for o in officers)


# ----------------------------------------------------------------------------------------------- layout


def card(title: str, *widgets: QWidget, stretch: int = 0) -> QFrame:
    """A white card with a muted title and the widgets under it."""
    box = QFrame()
    box.setObjectName("card")
    lay = QVBoxLayout(box)
    lay.setContentsMargins(12, 8, 12, 10)
    lay.setSpacing(4)
    t = QLabel(title)
    t.setObjectName("cardTitle")
    lay.addWidget(t)
    for w in widgets:
        lay.addWidget(w, stretch)
    return box


class BarChart(QWidget):
    """Horizontal bars with their labels and values: (label, value, colour) rows. Drawn with QPainter."""

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "Belum ada data."):
        super().__init__(parent)
        self.rows: list[tuple[str, int, str]] = []
        self.empty_text = empty_text
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(90)

    def set_rows(self, rows: Sequence[tuple[str, int, str | None]]) -> None:
        self.rows = [(text, int(value), colour or ACCENT) for text, value, colour in rows]
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, max(90, 26 * len(self.rows) + 8))

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        p.setFont(font)
        metrics = p.fontMetrics()
        w, h = self.width(), self.height()
        if not self.rows:
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            p.end()
            return
        label_w = min(max(metrics.horizontalAdvance(t) for t, _v, _c in self.rows) + 10, int(w * 0.55))
        value_w = max(metrics.horizontalAdvance(fmt.number(v)) for _t, v, _c in self.rows) + 10
        biggest = max((v for _t, v, _c in self.rows), default=0) or 1
        n = len(self.rows)
        row_h = min(30.0, (h - 4) / n)
        bar_h = max(8.0, row_h * 0.62)
        span = max(10, w - label_w - value_w - 6)
        for i, (text, value, colour) in enumerate(self.rows):
            y = 2 + i * row_h
            p.setPen(QColor("#26302c"))
            p.drawText(QRectF(0, y, label_w - 6, row_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                       metrics.elidedText(text, Qt.TextElideMode.ElideRight, label_w - 6))
            length = span * value / biggest
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#eef1f0"))
            p.drawRoundedRect(QRectF(label_w, y + (row_h - bar_h) / 2, span, bar_h), 3, 3)
            if value > 0:
                p.setBrush(QColor(colour))
                p.drawRoundedRect(QRectF(label_w, y + (row_h - bar_h) / 2, max(length, 3), bar_h), 3, 3)
            p.setPen(QColor("#1d2623"))
            p.drawText(QRectF(label_w + span + 6, y, value_w, row_h),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, fmt.number(value))
        p.end()


PREDICATE_COLORS = {"Sehat": OK, "Cukup Sehat": "#5b8c2a", "Dalam Pengawasan": WARN,
                    "Dalam Pengawasan Khusus": DANGER, "Kurang Sehat": WARN, "Tidak Sehat": DANGER}
PRIORITY_COLORS = {1: DANGER, 2: WARN, 3: ACCENT, 4: MUTED}
