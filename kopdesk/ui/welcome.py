"""The welcome screen: shown when no workspace is open. A Dinas Koperasi office creates its own kind of file (or opens
the Dinas demo) from here too; both end by asking the main window to open the new file (``recent_requested``)."""

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
from kopdesk.ui.messages import prompts
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
        self.dinas_button = self._big("▦", "Buat file Dinas Koperasi baru",
                                      "Untuk petugas pembina: daftar koperasi binaan, kunjungan, tindak lanjut.")
        self.dinas_demo_button = self._big("☆", "Buka contoh Dinas (demo)",
                                           "Contoh kantor Dinas dengan koperasi binaan dan kunjungan.")
        self.create_button.clicked.connect(self.create_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.dinas_button.clicked.connect(self.create_dinas)
        self.dinas_demo_button.clicked.connect(self.open_dinas_demo)
        self.dialog = None

        self.recent = QListWidget()
        self.recent.setMinimumWidth(380)
        self.recent.itemActivated.connect(lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recent.itemDoubleClicked.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recent_empty = hint_label("Belum ada file yang pernah dibuka.")

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(title)
        left.addWidget(sub)
        left.addSpacing(10)
        for b in (self.create_button, self.open_button, self.demo_button):
            left.addWidget(b)
        left.addSpacing(10)
        dinas = QLabel("Dinas Koperasi")
        dinas.setStyleSheet("font-size: 11pt; font-weight: bold; color: #3b4743;")
        left.addWidget(dinas)
        for b in (self.dinas_button, self.dinas_demo_button):
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
        inner.setContentsMargins(36, 20, 36, 20)
        inner.setSpacing(40)
        inner.addLayout(left, 3)
        inner.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 20, 60, 20)
        outer.addWidget(panel)
        self.reload()

    def _big(self, glyph: str, text: str, hint: str) -> QPushButton:
        b = QPushButton(f"{text}\n{hint}")
        b.setObjectName("big")
        b.setIcon(glyph_icon(glyph))
        from PySide6.QtCore import QSize

        b.setIconSize(QSize(30, 30))
        b.setMinimumHeight(60)
        b.setStyleSheet("padding: 8px 18px;")   # five of them (koperasi and Dinas) must fit 1366x768
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

    # ------------------------------------------------------------------ Dinas
    def create_dinas(self):
        """The Dinas creation form; on success the new file is opened like a recent file."""
        from kopdesk.ui.dialogs.dinas_create import DinasCreateDialog

        self.dialog = DinasCreateDialog(self.window())
        self.dialog.accepted.connect(self._dinas_created)
        self.dialog.open()
        return self.dialog

    def _dinas_created(self) -> None:
        if self.dialog is not None and self.dialog.path is not None:
            self.recent_requested.emit(str(self.dialog.path))

    def open_dinas_demo(self) -> None:
        """Build the Dinas demo once (in the data folder, like the koperasi demo), then open it."""
        path = config.data_dir() / "contoh-dinas.kopdesk"
        if path.exists():
            self.recent_requested.emit(str(path))
            return
        try:
            from kopdesk.services.demo_dinas import build_dinas_demo
        except ImportError:
            prompts().error(self, "Contoh belum tersedia", "Data contoh Dinas belum tersedia di versi ini.")
            return
        from PySide6.QtWidgets import QApplication

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            build_dinas_demo(path)
        except Exception as exc:  # noqa: BLE001 - shown as the program's fault, with the log
            from kopdesk.ui.runner import show_error

            show_error(self, exc)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.recent_requested.emit(str(path))
