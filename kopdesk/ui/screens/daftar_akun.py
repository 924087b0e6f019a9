"""Daftar Akun: the chart of accounts grouped by class; add, rename, deactivate (Perm.ACCOUNTS)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from kopdesk.domain.ledger import CLASS_LABELS, Account, AccountClass
from kopdesk.domain.users import Perm
from kopdesk.services import ledger as ledger_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import MUTED


class DaftarAkunScreen(Screen):
    flags = ("accounts",)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari kode atau nama akun (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Kode", "Nama akun", "Saldo normal", "Kas/Bank", "Status"])
        self.tree.setColumnWidth(0, 130)
        self.tree.setColumnWidth(1, 480)
        self.tree.setColumnWidth(2, 110)
        self.tree.setColumnWidth(3, 90)
        self.tree.setAlternatingRowColors(True)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.add_button = QPushButton("Tambah akun")
        self.add_button.setObjectName("primary")
        self.rename_button = QPushButton("Ganti nama")
        self.active_button = QPushButton("Nonaktifkan")
        self.add_button.clicked.connect(self.add_account)
        self.rename_button.clicked.connect(self.rename_selected)
        self.active_button.clicked.connect(self.toggle_selected)
        can = session.can(Perm.ACCOUNTS)
        for b in (self.add_button, self.rename_button, self.active_button):
            b.setVisible(can)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.rename_button)
        top.addWidget(self.active_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tree, 1)
        self.shortcut("Ctrl+F", self.search.setFocus)
        if can:
            self.shortcut("Ctrl+N", self.add_account)
        self._update_buttons()

    def load(self) -> None:
        keep = self.selected()
        self.tree.clear()
        accounts = sorted(ledger_svc.list_accounts(self.ws), key=lambda a: a.code)
        bold = QFont()
        bold.setBold(True)
        parents: dict[str, QTreeWidgetItem] = {}
        for klass in AccountClass:
            item = QTreeWidgetItem([klass.value, CLASS_LABELS[klass].upper(), "", "", ""])
            item.setFont(0, bold)
            item.setFont(1, bold)
            item.setFirstColumnSpanned(False)
            self.tree.addTopLevelItem(item)
            parents[klass.value] = item
        for a in accounts:
            if "-" not in a.code:
                continue
            parent = parents.get(a.parent_code or a.code[0]) or parents[a.code[0]]
            item = QTreeWidgetItem([a.code, a.name, "Debit" if a.normal.value == "D" else "Kredit",
                                    "Ya" if a.is_cash else "", "Aktif" if a.active else "Tidak aktif"])
            item.setData(0, Qt.ItemDataRole.UserRole, a)
            if a.is_group:
                item.setFont(1, bold)
                item.setText(4, "Induk")
            if not a.active:
                for c in range(5):
                    item.setForeground(c, QBrush(QColor(MUTED)))
            parent.addChild(item)
            parents[a.code] = item
            if keep is not None and a.id == keep.id:
                self.tree.setCurrentItem(item)
        self.tree.expandAll()
        self._filter(self.search.text())
        self._update_buttons()

    def selected(self) -> Account | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select_code(self, code: str) -> None:
        items = self.tree.findItems(code, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
        if items:
            self.tree.setCurrentItem(items[0])

    def _filter(self, text: str) -> None:
        t = text.strip().lower()

        def visit(item: QTreeWidgetItem) -> bool:
            child_hit = False
            for i in range(item.childCount()):
                child_hit = visit(item.child(i)) or child_hit
            hit = not t or t in item.text(0).lower() or t in item.text(1).lower()
            item.setHidden(not (hit or child_hit))
            return hit or child_hit

        for i in range(self.tree.topLevelItemCount()):
            visit(self.tree.topLevelItem(i))

    def _update_buttons(self) -> None:
        a = self.selected()
        usable = a is not None and not a.is_group
        self.rename_button.setEnabled(usable)
        self.active_button.setEnabled(usable)
        self.active_button.setText("Aktifkan" if a is not None and not a.active else "Nonaktifkan")

    def add_account(self):
        from kopdesk.ui.dialogs.account import AccountDialog

        self.dialog = AccountDialog(self.session, self)
        self.dialog.open()
        return self.dialog

    def rename_selected(self) -> None:
        a = self.selected()
        if a is None or a.is_group:
            return
        name = prompts().ask_text(self, "Ganti nama akun", f"Nama baru untuk akun {a.code}:", a.name)
        if name is None or name.strip() == a.name:
            return
        s = self.session
        s.runner.run(ledger_svc.rename_account, s.ws, a.id, name, s.user, parent=self)

    def toggle_selected(self) -> None:
        a = self.selected()
        if a is None or a.is_group:
            return
        if a.active and not prompts().confirm(self, "Nonaktifkan akun?",
                                              f"Akun {a.label} tidak bisa dipakai lagi untuk jurnal baru. "
                                              "Riwayatnya tetap ada.", ok_text="Nonaktifkan"):
            return
        s = self.session
        s.runner.run(ledger_svc.set_account_active, s.ws, a.id, not a.active, s.user, parent=self)
