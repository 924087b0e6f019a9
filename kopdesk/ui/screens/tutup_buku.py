"""Tutup Buku & SHU: a section of its own (once a year, after the books are final: it changes the books, so it is
not a report and not a daily cash entry). Tab "Tutup buku": the years and their closings, the months of the chosen
year, the year-end wizard, and (admin) reopening with a reason. Tab "Pembagian SHU": the SHU screen. Tab
"Anggaran (RAPB)": the budget per account (anggaran.py). Tab "Penilaian Kesehatan": the health assessment of a
closed year (kesehatan.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout

from kopdesk import fmt
from kopdesk.domain.coop import MONTHS_ID
from kopdesk.domain.users import Perm
from kopdesk.services import closing as closing_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.anggaran import AnggaranScreen
from kopdesk.ui.screens.base import Screen, TabScreen
from kopdesk.ui.screens.kesehatan import KesehatanScreen
from kopdesk.ui.screens.shu import ShuScreen
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import hint_label


class TutupBukuScreen(Screen):
    flags = ("ledger", "periods")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setGroupSeparatorShown(False)
        self.year.setValue(session.today().year - 1)
        self.year.valueChanged.connect(lambda _v: self.load())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.wizard_button = QPushButton("Tutup buku...")
        self.wizard_button.setObjectName("primary")
        self.wizard_button.clicked.connect(self.open_wizard)
        self.reopen_button = QPushButton("Buka kembali tahun buku...")
        self.reopen_button.clicked.connect(self.reopen)
        self.wizard_button.setVisible(session.can(Perm.POST) and session.can(Perm.PERIODS))
        self.reopen_button.setVisible(session.can(Perm.PERIODS) and session.user.role.value == "admin")
        self.months = SearchableTable([
            Column("Bulan", lambda s: f"{MONTHS_ID[s.month - 1]} {s.year}", width=-1),
            Column("Status", lambda s: "Ditutup" if s.closed else "Masih terbuka", width=140,
                   color=lambda s: None if s.closed else "#8a5a00"),
            Column("Jasa simpanan", lambda s: "Sudah" if s.jasa_posted else "Belum", width=130),
            Column("PPAP", lambda s: s.ppap_journal or "Belum", width=180),
        ], searchable=False, footer=False)
        self.months.export_button.hide()
        self.closings = SearchableTable([
            Column("Tahun buku", lambda c: str(c.year), width=100),
            Column("Jurnal penutup", lambda c: c.journal_number or "", width=150),
            Column("SHU setelah pajak", lambda c: c.shu, "money", width=150),
            Column("Bagian anggota", lambda c: c.shu_member, "money", width=140),
            Column("Non-anggota", lambda c: c.shu_non_member, "money", width=130),
            Column("Ditutup", lambda c: c.closed_at[:10], width=-1),
        ], searchable=False, footer=False)
        self.closings.export_button.hide()
        self.closings.setMaximumHeight(170)
        top = QHBoxLayout()
        top.addWidget(QLabel("Tahun buku"))
        top.addWidget(self.year)
        top.addSpacing(12)
        top.addWidget(self.status, 1)
        top.addWidget(self.wizard_button)
        top.addWidget(self.reopen_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.months, 1)
        lay.addWidget(QLabel("<b>Tahun buku yang sudah ditutup</b>"))
        lay.addWidget(self.closings)
        lay.addWidget(hint_label("Tutup buku menutup semua akun pendapatan dan beban ke SHU tahun berjalan lalu "
                                 "mengunci tahun itu. Membuka kembali hanya oleh admin, dengan alasan, dan tercatat."))

    def load(self) -> None:
        y = self.year.value()
        self.months.set_records(list(closing_svc.months_status(self.ws, y)))
        self.closings.set_records(sorted(closing_svc.closings(self.ws), key=lambda c: -c.year))
        c = closing_svc.get_closing(self.ws, y)
        if c is not None:
            self.status.setText(f"Tahun buku {y} <b>sudah ditutup</b> ({c.journal_number or 'tanpa jurnal'}), SHU "
                                f"setelah pajak {fmt.rupiah(c.shu)}.")
        else:
            self.status.setText(f"Tahun buku {y} <b>belum ditutup</b>.")
        self.wizard_button.setEnabled(c is None)
        self.reopen_button.setEnabled(c is not None)

    def open_wizard(self):
        from kopdesk.ui.dialogs.year_end import YearEndDialog

        self.dialog = YearEndDialog(self.session, self.year.value(), self)
        self.dialog.finished.connect(lambda _r: self.load())
        self.dialog.open()
        return self.dialog

    def reopen(self) -> None:
        y = self.year.value()
        reason = prompts().ask_text(self, f"Buka kembali tahun buku {y}",
                                    "Alasan membuka kembali (wajib, tercatat di log audit):")
        if reason is None:
            return
        if not reason.strip():
            prompts().error(self, "Alasan wajib diisi", "Tuliskan alasan membuka kembali tahun buku.")
            return
        if not prompts().confirm(self, f"Buka kembali tahun buku {y}?",
                                 f"Jurnal penutup tahun {y} dibalik dan kunci buku dibuka mulai akhir tahun itu.\n"
                                 f"Alasan: {reason.strip()}", ok_text="Ya, buka kembali"):
            return
        s = self.session
        s.runner.run(closing_svc.reopen_year, s.ws, y, reason.strip(), s.user, parent=self,
                     busy=f"Membuka kembali tahun buku {y}...", on_success=lambda _r: self.load())


class TutupBukuShuScreen(TabScreen):
    title = "Tutup Buku & SHU"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.tutup_buku = self.add(TutupBukuScreen(session), "Tutup buku")
        self.shu = self.add(ShuScreen(session), "Pembagian SHU")
        self.anggaran = self.add(AnggaranScreen(session), "Anggaran (RAPB)")
        self.kesehatan = self.add(KesehatanScreen(session), "Penilaian Kesehatan")
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 6)
        lay.addWidget(self.tabs)
