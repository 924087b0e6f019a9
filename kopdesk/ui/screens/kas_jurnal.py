"""Kas & Jurnal: the books, in tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kopdesk.ui.screens.base import TabScreen
from kopdesk.ui.screens.buku_besar import BukuBesarScreen
from kopdesk.ui.screens.buku_kas import BukuKasScreen
from kopdesk.ui.screens.daftar_akun import DaftarAkunScreen
from kopdesk.ui.screens.jurnal_umum import JurnalUmumScreen
from kopdesk.ui.screens.neraca_saldo import NeracaSaldoScreen


class KasJurnalScreen(TabScreen):
    title = "Kas & Jurnal"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.buku_kas = self.add(BukuKasScreen(session), "Buku Kas")
        self.jurnal = self.add(JurnalUmumScreen(session), "Jurnal Umum")
        self.buku_besar = self.add(BukuBesarScreen(session), "Buku Besar")
        self.neraca_saldo = self.add(NeracaSaldoScreen(session), "Neraca Saldo")
        self.daftar_akun = self.add(DaftarAkunScreen(session), "Daftar Akun")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 6)
        lay.addWidget(self.tabs)
