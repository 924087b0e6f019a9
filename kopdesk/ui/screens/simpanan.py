"""Simpanan: the savings work that is not about one member, in tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kopdesk.ui.screens.base import TabScreen
from kopdesk.ui.screens.jasa_simpanan import JasaSimpananScreen
from kopdesk.ui.screens.produk_simpanan import ProdukSimpananScreen
from kopdesk.ui.screens.setoran_kolektif import SetoranKolektifScreen
from kopdesk.ui.screens.tagihan_wajib import TagihanWajibScreen


class SimpananScreen(TabScreen):
    title = "Simpanan"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.tagihan = self.add(TagihanWajibScreen(session), "Tagihan wajib")
        self.kolektif = self.add(SetoranKolektifScreen(session), "Setoran kolektif")
        self.jasa = self.add(JasaSimpananScreen(session), "Jasa simpanan")
        self.produk = self.add(ProdukSimpananScreen(session), "Produk simpanan")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 6)
        lay.addWidget(self.tabs)
