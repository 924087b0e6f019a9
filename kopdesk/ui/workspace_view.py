"""The working area of an open workspace: navigation on the left (icons with words), the screen on the right."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from kopdesk.ui.screens.base import Screen
from kopdesk.ui.session import Session
from kopdesk.ui.style import glyph_icon


class WorkspaceView(QWidget):
    backup_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        from kopdesk.ui.screens.anggota import AnggotaScreen
        from kopdesk.ui.screens.beranda import BerandaScreen
        from kopdesk.ui.screens.kas_jurnal import KasJurnalScreen
        from kopdesk.ui.screens.laporan import LaporanScreen
        from kopdesk.ui.screens.pengaturan import PengaturanScreen
        from kopdesk.ui.screens.simpanan import SimpananScreen

        self.session = session
        self.dialog = None
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(178)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self.screens: dict[str, Screen] = {}
        for key, glyph, label, cls in (
            ("beranda", "⌂", "Beranda", BerandaScreen),
            ("anggota", "☺", "Anggota", AnggotaScreen),
            ("simpanan", "▣", "Simpanan", SimpananScreen),
            ("kas", "⇄", "Kas & Jurnal", KasJurnalScreen),
            ("laporan", "▤", "Laporan", LaporanScreen),
            ("pengaturan", "⚙", "Pengaturan", PengaturanScreen),
        ):
            screen = cls(session)
            self.screens[key] = screen
            self.stack.addWidget(screen)
            item = QListWidgetItem(glyph_icon(glyph), label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(160, 42))
            self.nav.addItem(item)
        self.screens["beranda"].action_requested.connect(self.quick_action)
        self.screens["simpanan"].tagihan.open_member.connect(self.open_member)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh_current,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def open_member(self, member_id: int):
        anggota = self.go("anggota")
        return anggota.show_member(member_id)

    def quick_action(self, key: str) -> None:
        if key == "backup":
            self.backup_requested.emit()
            return
        if key in ("deposit", "withdrawal"):
            from kopdesk.ui.dialogs.savings_tx import SavingsTxDialog

            self.dialog = SavingsTxDialog(self.session, key == "deposit", parent=self)
            self.dialog.open()
            return
        if key == "new_member":
            self.go("anggota").new_member()
            return
        if key == "arrears":
            simpanan = self.go("simpanan")
            simpanan.tabs.setCurrentWidget(simpanan.tagihan)
            simpanan.tagihan.only_arrears.setChecked(True)
            return
        kas = self.go("kas")
        if key in ("receipt", "payment"):
            kas.tabs.setCurrentWidget(kas.buku_kas)
            kas.buku_kas.new_entry(key == "receipt")
        elif key == "journal":
            kas.tabs.setCurrentWidget(kas.jurnal)
            kas.jurnal.new_journal()
        elif key == "trial_balance":
            kas.tabs.setCurrentWidget(kas.neraca_saldo)

    def go(self, key: str) -> Screen:
        keys = list(self.screens)
        self.nav.setCurrentRow(keys.index(key))
        return self.screens[key]

    def current(self) -> Screen:
        return self.stack.currentWidget()

    def refresh_current(self) -> None:
        self.current().refresh()
