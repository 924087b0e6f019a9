"""Simpanan > Produk simpanan: the savings products with their ledger account, jasa and minimum balance; add and
edit them (users who may change the chart of accounts)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from kopdesk import fmt
from kopdesk.domain.users import Perm
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import savings as savings_svc
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import MUTED
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import hint_label

BASIS = {"terendah": "Saldo terendah", "rata_rata": "Rata-rata harian"}


class ProdukSimpananScreen(Screen):
    flags = ("savings", "accounts")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self.can_edit = session.can(Perm.ACCOUNTS)
        self.accounts: dict[int, str] = {}
        self.table = SearchableTable([
            Column("Kode", lambda p: p.code, width=110),
            Column("Nama", lambda p: p.name, width=-1),
            Column("Jenis", lambda p: p.kind.label, width=160),
            Column("Akun buku besar", lambda p: self.accounts.get(p.account_id, ""), width=230),
            Column("Jasa/tahun", lambda p: fmt.percent(p.interest_rate, 2) if p.interest_rate else "", width=95),
            Column("Dasar jasa", lambda p: BASIS.get(p.interest_basis.value, "") if p.interest_rate else "",
                   width=130),
            Column("Saldo minimum (Rp)", lambda p: p.min_balance, "money", width=150),
            Column("Status", lambda p: "Aktif" if p.active else "Tidak aktif", width=90,
                   color=lambda p: None if p.active else MUTED),
        ], export_name="produk-simpanan", footer=False, search_placeholder="Cari produk")
        self.add_button = QPushButton("Tambah produk")
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton("Ubah")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        for b in (self.add_button, self.edit_button):
            b.setVisible(self.can_edit)
        if self.can_edit:
            self.table.activated.connect(self.edit)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(hint_label("Simpanan pokok dan wajib diatur jumlahnya di Pengaturan > AD/ART. Jenis dan akun "
                                 "produk yang sudah dipakai tidak bisa diubah."))

    def load(self) -> None:
        self.accounts = {a.id: a.label for a in ledger_svc.list_accounts(self.ws)}
        self.table.set_records(savings_svc.products(self.ws))

    def add(self):
        from kopdesk.ui.dialogs.product import ProductDialog

        self.dialog = ProductDialog(self.session, None, self)
        self.dialog.open()
        return self.dialog

    def edit(self, product):
        from kopdesk.ui.dialogs.product import ProductDialog

        self.dialog = ProductDialog(self.session, product, self)
        self.dialog.open()
        return self.dialog

    def edit_selected(self):
        p = self.table.current_record()
        return self.edit(p) if p is not None else None
