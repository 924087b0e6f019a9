"""Simpanan > Tagihan wajib: who owes simpanan wajib through a month (monthly amount, months unpaid, arrears), with
"hanya yang menunggak", totals, Excel export and the potong-gaji sheet for the payroll office."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kopdesk import fmt
from kopdesk.services import member_import
from kopdesk.services import profile as profile_svc
from kopdesk.services import savings as savings_svc
from kopdesk.ui.member_model import area
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.screens.tagihan_helpers import behind_color, unpaid_text
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import MonthPicker, hint_label


class TagihanWajibScreen(Screen):
    flags = ("savings", "members", "settings")
    open_member = Signal(int)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        work = profile_svc.get_profile(session.ws).coop_type in ("KPRI", "KOPKAR")
        self.month = MonthPicker()
        self.only_arrears = QCheckBox("Hanya yang menunggak")
        self.only_arrears.setChecked(True)
        self.sheet_button = QPushButton("Buat daftar potong gaji...")
        self.sheet_button.setToolTip("File Excel untuk bagian gaji: kewajiban wajib tiap anggota sampai bulan ini; "
                                     "setelah diisi dan dikembalikan, impor di tab Setoran kolektif.")
        self.sheet_button.clicked.connect(self.write_sheet)
        self.table = SearchableTable([
            Column("Nomor", lambda b: b.member.number, width=76),
            Column("Nama", lambda b: b.member.full_name, width=-1),
            Column("Unit kerja" if work else "Desa / Kecamatan",
                   (lambda b: b.member.employer_unit) if work else (lambda b: area(b.member)), width=190),
            Column("Per bulan (Rp)", lambda b: b.monthly, "money", width=112),
            Column("Menunggak (bln)", lambda b: b.status.months_in_arrears, "int", width=122, color=behind_color),
            Column("Belum dibayar", lambda b: unpaid_text(b.status.unpaid_months), width=178, color=behind_color),
            Column("Tunggakan (Rp)", lambda b: b.status.arrears, "money", total=True, width=122),
            Column("Lebih bayar (Rp)", lambda b: b.status.ahead, "money", total=True, width=124),
        ], export_name="tagihan-simpanan-wajib", search_placeholder="Cari nama atau nomor anggota (Ctrl+F)")
        self.table.activated.connect(lambda b: self.open_member.emit(b.member.id))
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Tagihan sampai bulan"))
        top.addWidget(self.month)
        top.addSpacing(12)
        top.addWidget(self.only_arrears)
        top.addStretch(1)
        top.addWidget(self.sheet_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(hint_label("Wajib dihitung sejak bulan masuk; setoran menutup bulan tertua lebih dulu. Klik "
                                 "dua kali untuk membuka data anggota."))
        self.month.changed.connect(self.refresh)
        self.only_arrears.toggled.connect(self.refresh)
        self.bills = []

    def load(self) -> None:
        month = self.month.value()
        s = self.session
        s.runner.run(savings_svc.wajib_billing, s.ws, month, parent=self, busy="Menghitung tagihan wajib...",
                     on_success=lambda bills: self.show_bills(month, bills))

    def show_bills(self, month, bills) -> None:
        if self.ws.closed:
            return
        self.bills = bills
        behind = [b for b in self.bills if b.status.arrears]
        shown = behind if self.only_arrears.isChecked() else self.bills
        self.table.set_records(sorted(shown, key=lambda b: (-b.status.months_in_arrears, b.member.number)
                                      if self.only_arrears.isChecked() else b.member.number))
        three = sum(1 for b in behind if b.status.months_in_arrears >= 3)
        self.summary.setText(
            f"{fmt.month_year(month)}: {len(self.bills)} anggota aktif · <b>{len(behind)} menunggak</b>, jumlah "
            f"tunggakan <b>{fmt.rupiah(sum(b.status.arrears for b in behind))}</b> · {three} anggota menunggak "
            "3 bulan atau lebih")

    def write_sheet(self) -> None:
        month = self.month.value()
        path = prompts().save_path(self, "Simpan daftar potong gaji",
                                   str(Path.home() / f"potong-gaji-{month:%Y-%m}.xlsx"), "File Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        s = self.session
        s.runner.run(member_import.write_collection_sheet, s.ws, path, month, parent=self,
                     busy="Membuat daftar potong gaji...",
                     on_success=lambda p: prompts().info(
                         self, "Daftar potong gaji tersimpan",
                         f"{p}\n\nKirim ke bagian gaji. Setelah kembali, impor di tab Setoran kolektif."))
