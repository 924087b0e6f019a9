"""The look: Fusion style, the shipped DejaVu Sans fonts, one accent colour, and small glyph icons."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from kopdesk.paths import resource

ACCENT = "#1e6b52"        # a calm koperasi green
ACCENT_LIGHT = "#e3f1eb"
DANGER = "#b3261e"
OK = "#1e7b34"
WARN = "#8a5a00"          # amber: a warning that does not block
MUTED = "#5f6b66"
FONT_FAMILY = "DejaVu Sans"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
              "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf")

STYLESHEET = f"""
QListWidget#nav {{ background: #f4f6f5; border: none; border-right: 1px solid #d5dbd8; outline: 0; }}
QListWidget#nav::item {{ padding: 9px 8px; margin: 2px 6px; border-radius: 5px; color: #26302c; }}
QListWidget#nav::item:selected {{ background: {ACCENT}; color: white; }}
QListWidget#nav::item:hover:!selected {{ background: {ACCENT_LIGHT}; }}
QFrame#card {{ background: white; border: 1px solid #d5dbd8; border-radius: 6px; }}
QLabel#cardTitle {{ color: {MUTED}; }}
QLabel#cardValue {{ font-size: 15pt; font-weight: bold; color: #1d2623; }}
QLabel#screenTitle {{ font-size: 14pt; font-weight: bold; color: #1d2623; }}
QLabel#hint {{ color: {MUTED}; }}
QLabel#error {{ color: {DANGER}; }}
QLabel#warning {{ color: {WARN}; background: #fff6e0; border: 1px solid #f0d9a0; border-radius: 4px;
    padding: 4px 6px; }}
QLabel#badge {{ color: white; background: {ACCENT}; border-radius: 4px; padding: 2px 8px; font-weight: bold; }}
QLabel#badgeMuted {{ color: white; background: {MUTED}; border-radius: 4px; padding: 2px 8px; font-weight: bold; }}
QLabel#photo {{ background: #eef1f0; border: 1px solid #d5dbd8; border-radius: 4px; color: {MUTED}; }}
QGroupBox {{ border: 1px solid #d5dbd8; border-radius: 5px; margin-top: 10px; padding-top: 6px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; color: #26302c; }}
QLabel#ok {{ color: {OK}; font-weight: bold; }}
QLabel#bad {{ color: {DANGER}; font-weight: bold; }}
QLabel#footer {{ padding: 4px 6px; background: #f4f6f5; border: 1px solid #d5dbd8; border-top: none; }}
QPushButton {{ padding: 5px 12px; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT}; border-radius: 4px;
    padding: 6px 14px; font-weight: bold; }}
QPushButton#primary:disabled {{ background: #9fb8ad; border-color: #9fb8ad; }}
QPushButton#primary:hover:!disabled {{ background: #185a45; }}
QPushButton#big {{ text-align: left; padding: 14px 18px; font-size: 12pt; border: 1px solid #c9d2ce;
    border-radius: 6px; background: white; }}
QPushButton#big:hover {{ border-color: {ACCENT}; background: {ACCENT_LIGHT}; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"] {{ border: 1px solid {DANGER};
    background: #fdf1f0; }}
QTabWidget::pane {{ border: 1px solid #d5dbd8; top: -1px; }}
QTabBar::tab {{ padding: 6px 14px; }}
QTableView {{ gridline-color: #e3e7e5; selection-background-color: {ACCENT}; }}
QHeaderView::section {{ padding: 4px 6px; background: #eef1f0; border: none; border-right: 1px solid #d5dbd8;
    border-bottom: 1px solid #d5dbd8; font-weight: bold; }}
"""


def load_fonts(point_size: float = 9.5) -> str:
    """Register the shipped fonts (Qt ships none) and make DejaVu Sans the application font."""
    app = QApplication.instance()
    if app is not None and app.property("kopdesk_fonts") == "1":
        return FONT_FAMILY
    if app is not None:
        app.setProperty("kopdesk_fonts", "1")
    for name in FONT_FILES:
        path = resource("fonts", name)
        if path.exists():
            QFontDatabase.addApplicationFont(str(path))
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(point_size)
    QApplication.setFont(font)
    return FONT_FAMILY


def apply_look(app: QApplication) -> None:
    if app.property("kopdesk_look") == "1":
        return  # changing the style while widgets exist is costly (and can crash)
    app.setProperty("kopdesk_look", "1")
    app.setStyle("Fusion")
    pal = app.palette()
    pal.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    pal.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    pal.setColor(QPalette.ColorRole.Window, QColor("#fbfcfb"))
    app.setPalette(pal)
    app.setStyleSheet(STYLESHEET)


_icons: dict[tuple[str, str], QIcon] = {}


def glyph_icon(glyph: str, color: str = ACCENT, size: int = 32) -> QIcon:
    """A crisp icon drawn from a DejaVu glyph (no icon theme exists offscreen or on a bare Windows)."""
    key = (glyph, color)
    if key in _icons:
        return _icons[key]
    icon = QIcon()
    for c, mode in ((color, QIcon.Mode.Normal), ("white", QIcon.Mode.Selected)):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(FONT_FAMILY)
        font.setPixelSize(int(size * 0.78))
        p.setFont(font)
        p.setPen(QColor(c))
        p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)
        p.end()
        icon.addPixmap(pix, mode)
    _icons[key] = icon
    return icon


def is_marked_invalid(widget) -> bool:
    return widget.property("invalid") == "true"


def mark_invalid(widget, invalid: bool, reason: str = "") -> None:
    """Red border (stylesheet property) and the reason as tooltip."""
    # string values: PySide6 6.12 leaks a reference to Py_True/Py_False through bool QVariant properties
    value = "true" if invalid else "false"
    if widget.property("invalid") != value:
        widget.setProperty("invalid", value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
    widget.setToolTip(reason if invalid else "")
