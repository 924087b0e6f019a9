"""Pengaturan: profile, officials, AD/ART, member numbers, users (admin only), printing."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kopdesk.domain.users import Perm
from kopdesk.ui.screens.adart import AdArtScreen
from kopdesk.ui.screens.base import TabScreen
from kopdesk.ui.screens.cetak import CetakScreen
from kopdesk.ui.screens.pengaturan_anggota import PengaturanAnggotaScreen
from kopdesk.ui.screens.pengguna import PenggunaScreen
from kopdesk.ui.screens.pengurus import PengurusScreen
from kopdesk.ui.screens.profil import ProfilScreen


class PengaturanScreen(TabScreen):
    title = "Pengaturan"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.profil = self.add(ProfilScreen(session), "Profil koperasi")
        self.pengurus = self.add(PengurusScreen(session), "Pengurus && Pengawas")
        self.adart = self.add(AdArtScreen(session), "AD/ART")
        self.anggota = self.add(PengaturanAnggotaScreen(session), "Anggota")
        self.pengguna = self.add(PenggunaScreen(session), "Pengguna") if session.can(Perm.USERS) else None
        self.cetak = self.add(CetakScreen(session), "Cetak")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 6)
        lay.addWidget(self.tabs)
