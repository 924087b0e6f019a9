"""The working area of an open workspace: navigation on the left (icons with words), the screen on the right."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from kopdesk.ui.screens.base import Screen
from kopdesk.ui.session import Session
from kopdesk.ui.style import glyph_icon

# key, icon glyph, label, module and class of the screen (imported and built the first time it is shown)
SCREENS: tuple[tuple[str, str, str, str, str], ...] = (
    ("beranda", "⌂", "Beranda", "kopdesk.ui.screens.beranda", "BerandaScreen"),
    ("anggota", "☺", "Anggota", "kopdesk.ui.screens.anggota", "AnggotaScreen"),
    ("simpanan", "▣", "Simpanan", "kopdesk.ui.screens.simpanan", "SimpananScreen"),
    ("pinjaman", "◈", "Pinjaman", "kopdesk.ui.screens.pinjaman", "PinjamanScreen"),
    ("kas", "⇄", "Kas & Jurnal", "kopdesk.ui.screens.kas_jurnal", "KasJurnalScreen"),
    ("laporan", "▤", "Laporan", "kopdesk.ui.screens.laporan", "LaporanScreen"),
    ("tutup_buku", "✓", "Tutup Buku/SHU", "kopdesk.ui.screens.tutup_buku", "TutupBukuShuScreen"),
    ("rat", "◎", "RAT", "kopdesk.ui.screens.rat", "RatScreen"),
    ("pengaturan", "⚙", "Pengaturan", "kopdesk.ui.screens.pengaturan", "PengaturanScreen"),
)

# a Dinas workspace: the officer's field kit (registry, visits, monitoring), no books of its own
DINAS_SCREENS: tuple[tuple[str, str, str, str, str], ...] = (
    ("beranda", "⌂", "Beranda", "kopdesk.ui.screens.dinas_beranda", "DinasBerandaScreen"),
    ("koperasi", "▦", "Koperasi Binaan", "kopdesk.ui.screens.dinas_koperasi", "KoperasiBinaanScreen"),
    ("kunjungan", "✎", "Kunjungan", "kopdesk.ui.screens.dinas_kunjungan", "KunjunganScreen"),
    ("pemantauan", "◉", "Pemantauan", "kopdesk.ui.screens.dinas_pemantauan", "PemantauanScreen"),
    ("laporan", "▤", "Laporan", "kopdesk.ui.screens.dinas_laporan", "DinasLaporanScreen"),
    ("pengaturan", "⚙", "Pengaturan", "kopdesk.ui.screens.dinas_pengaturan", "DinasPengaturanScreen"),
)


def screens_for(kind: str) -> tuple[tuple[str, str, str, str, str], ...]:
    return DINAS_SCREENS if kind == "dinas" else SCREENS


class WorkspaceView(QWidget):
    """Only Beranda is built when a workspace opens; every other screen is imported and built the first time it
    is shown (``screen(key)``), so opening a file costs one screen, not all of them. ``screens`` holds the screens
    built so far; a screen not built yet needs no refresh (it reads everything when it is first shown)."""

    backup_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.dialog = None
        self.entries = screens_for(session.ws.kind)
        self.keys = [key for key, *_rest in self.entries]
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(178)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self.screens: dict[str, Screen] = {}
        for key, glyph, label, _module, _cls in self.entries:
            item = QListWidgetItem(glyph_icon(glyph), label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(160, 42))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_row)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh_current,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.nav.setCurrentRow(0)

    def screen(self, key: str) -> Screen:
        """The screen ``key``, built now if it has not been shown yet."""
        found = self.screens.get(key)
        if found is not None:
            return found
        index = self.keys.index(key)
        _key, _glyph, _label, module, cls = self.entries[index]
        screen: Screen = getattr(importlib.import_module(module), cls)(self.session)
        self.screens[key] = screen
        self.stack.addWidget(screen)   # the stack holds the screens built so far, in the order they were first shown
        if key == "beranda" and hasattr(screen, "action_requested"):
            screen.action_requested.connect(self.quick_action)
        elif key == "simpanan":
            screen.tagihan.open_member.connect(self.open_member)
        return screen

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.keys):
            self.stack.setCurrentWidget(self.screen(self.keys[row]))

    def open_member(self, member_id: int):
        anggota = self.go("anggota")
        return anggota.show_member(member_id)

    def open_loan(self, loan_id: int):
        return self.go("pinjaman").show_loan(loan_id)

    def quick_action(self, key: str) -> None:
        if key in ("loan_arrears", "loans_due", "loan_applications", "new_loan"):
            self.loan_action(key)
            return
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

    def loan_action(self, key: str):
        """Beranda's loan tiles: the arrears list (Laporan > Daftar tunggakan on screen: the loan list of active
        loans sorted by arrears), the instalments due, the applications waiting, a new application."""
        pinjaman = self.go("pinjaman")
        pinjaman.show_list()
        if key == "new_loan":
            return pinjaman.new_application()
        if key == "loan_applications":
            from kopdesk.domain.loans import LoanStatus  # not at the top: the loans domain is not needed to start

            pinjaman.set_filter((LoanStatus.DIAJUKAN,))
            return pinjaman
        from kopdesk.ui.dialogs.loan_lists import LoanListDialog

        self.dialog = LoanListDialog(self.session, "arrears" if key == "loan_arrears" else "due", self)
        self.dialog.loan_requested.connect(self.open_loan)
        self.dialog.open()
        return self.dialog

    def go(self, key: str) -> Screen:
        self.nav.setCurrentRow(self.keys.index(key))
        return self.screen(key)

    def current(self) -> Screen:
        return self.stack.currentWidget()

    def refresh_current(self) -> None:
        self.current().refresh()
