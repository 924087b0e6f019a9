"""Pengaturan > Pengguna: users, roles, passwords (admin only)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from kopdesk.domain.users import password_problems
from kopdesk.services import users as users_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import MUTED
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import hint_label


class PenggunaScreen(Screen):
    flags = ("users",)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self.table = SearchableTable([
            Column("Nama pengguna", lambda u: u.username),
            Column("Nama lengkap", lambda u: u.full_name, width=-1),
            Column("Peran", lambda u: u.role.label),
            Column("Kata sandi", lambda u: "Ada" if u.has_password else "Tidak ada"),
            Column("Status", lambda u: "Aktif" if u.active else "Tidak aktif",
                   color=lambda u: None if u.active else MUTED),
        ], export_name="pengguna", search_placeholder="Cari pengguna (Ctrl+F)", footer=False)
        self.add_button = QPushButton("Tambah pengguna")
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton("Ubah")
        self.password_button = QPushButton("Atur kata sandi")
        self.remove_password_button = QPushButton("Hapus kata sandi")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.password_button.clicked.connect(self.set_password_selected)
        self.remove_password_button.clicked.connect(self.remove_password_selected)
        self.table.activated.connect(self.edit)
        top = QHBoxLayout()
        top.addStretch(1)
        for b in (self.add_button, self.edit_button, self.password_button, self.remove_password_button):
            top.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(hint_label("Peran menentukan apa yang boleh dilakukan: Admin semua hal; Bendahara membukukan "
                                 "dan membatalkan jurnal; Pengurus dan Pengawas hanya melihat. Bila satu pengguna "
                                 "saja punya kata sandi, setiap orang harus masuk saat membuka file."))
        self.shortcut("Ctrl+N", self.add)

    def load(self) -> None:
        self.table.set_records(users_svc.list_users(self.ws))

    def add(self):
        from kopdesk.ui.dialogs.user import UserDialog

        self.dialog = UserDialog(self.session, None, self)
        self.dialog.open()
        return self.dialog

    def edit(self, user):
        from kopdesk.ui.dialogs.user import UserDialog

        self.dialog = UserDialog(self.session, user, self)
        self.dialog.open()
        return self.dialog

    def edit_selected(self) -> None:
        u = self.table.current_record()
        if u is not None:
            self.edit(u)

    def set_password_selected(self) -> None:
        u = self.table.current_record()
        if u is None:
            return
        pw = prompts().ask_text(self, "Atur kata sandi", f"Kata sandi baru untuk {u.full_name} (minimal 6 karakter):",
                                 secret=True)
        if pw is None:
            return
        problems = password_problems(pw)
        if problems:
            prompts().error(self, "Kata sandi belum bisa dipakai", problems[0])
            return
        s = self.session
        s.runner.run(users_svc.set_password, s.ws, u.id, pw, s.user, parent=self,
                     on_success=lambda _c: prompts().info(self, "Tersimpan", f"Kata sandi {u.full_name} sudah diatur."))

    def remove_password_selected(self) -> None:
        u = self.table.current_record()
        if u is None or not u.has_password:
            return
        if not prompts().confirm(self, "Hapus kata sandi?", f"{u.full_name} bisa masuk tanpa kata sandi.",
                                 ok_text="Hapus kata sandi"):
            return
        s = self.session
        s.runner.run(users_svc.set_password, s.ws, u.id, None, s.user, parent=self)
