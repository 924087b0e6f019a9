"""The welcome screen: shown when no workspace is open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kopdesk import __version__
from kopdesk.ui import config
from kopdesk.ui.style import glyph_icon
from kopdesk.ui.widgets import hint_label


class WelcomeScreen(QWidget):
    create_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel("KopDesk")
        title.setStyleSheet("font-size: 26pt; font-weight: bold; color: #1e6b52;")
        sub = QLabel("Pembukuan koperasi simpan pinjam, tanpa internet.")
        sub.setStyleSheet("font-size: 12pt; color: #3b4743;")
        self.create_button = self._big("✚", "Buat file koperasi baru",
                                       "Isi identitas koperasi, AD/ART dan pengguna admin.")
        self.open_button = self._big("↗", "Buka file yang ada", "Pilih file berakhiran .kopdesk di komputer ini.")
        self.demo_button = self._big("★", "Buka contoh koperasi (demo)",
                                     "Data contoh untuk mencoba; tidak mengubah file Anda.")
        self.create_button.clicked.connect(self.create_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)

        self.recent = QListWidget()
        self.recent.setMinimumWidth(380)
        self.recent.itemActivated.connect(lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recent.itemDoubleClicked.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recent_empty = hint_label("Belum ada file yang pernah dibuka.")

        left = QVBoxLayout()
        left.addWidget(title)
        left.addWidget(sub)
        left.addSpacing(18)
        for b in (self.create_button, self.open_button, self.demo_button):
            left.addWidget(b)
        left.addStretch(1)
        left.addWidget(hint_label(f"KopDesk versi {__version__}"))

        right = QVBoxLayout()
        rt = QLabel("File terakhir dibuka")
        rt.setStyleSheet("font-size: 12pt; font-weight: bold;")
        right.addWidget(rt)
        right.addWidget(self.recent, 1)
        right.addWidget(self.recent_empty)
        right.addWidget(hint_label("Klik dua kali untuk membuka."))

        panel = QFrame()
        panel.setObjectName("card")
        inner = QHBoxLayout(panel)
        inner.setContentsMargins(36, 30, 36, 30)
        inner.setSpacing(40)
        inner.addLayout(left, 3)
        inner.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 40, 60, 40)
        outer.addWidget(panel)
        self.reload()

    def _big(self, glyph: str, text: str, hint: str) -> QPushButton:
        b = QPushButton(f"{text}\n{hint}")
        b.setObjectName("big")
        b.setIcon(glyph_icon(glyph))
        from PySide6.QtCore import QSize

        b.setIconSize(QSize(30, 30))
        b.setMinimumHeight(72)
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        return b

    def reload(self) -> None:
        self.recent.clear()
        for path in config.existing_recent_files():
            p = Path(path)
            item = QListWidgetItem(f"{p.stem}\n{p.parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        self.recent_empty.setVisible(self.recent.count() == 0)
        self.recent.setVisible(self.recent.count() > 0)
