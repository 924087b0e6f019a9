"""Laporan > the financial statements (spec §5.2), the SHU documents and the budget: each a ``_Params`` page of the
Laporan screen with its year / period selector. The PDFs and workbooks are written by kopdesk.reports on the
worker thread (``printing.Doc``); ``xlsx()`` gives the Excel version where one exists."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QSpinBox, QWidget

from kopdesk.domain.coop import MONTHS_ID
from kopdesk.domain.members import MemberStatus
from kopdesk.ui import printing
from kopdesk.ui.member_picker import MemberPicker
from kopdesk.ui.screens.laporan import _Params

STATEMENTS = {
    "neraca": ("Laporan Posisi Keuangan", "neraca",
               "Neraca: aset, kewajiban dan ekuitas pada akhir periode, dibanding akhir tahun buku sebelumnya."),
    "phu": ("Perhitungan Hasil Usaha", "phu",
            "Partisipasi bruto, beban pokok, partisipasi neto, pendapatan dari non-anggota, beban usaha dan "
            "perkoperasian, SHU sebelum dan sesudah pajak, bagian anggota dan non-anggota."),
    "ekuitas": ("Laporan Perubahan Ekuitas", "ekuitas",
                "Simpanan pokok dan wajib, cadangan, donasi dan SHU: saldo awal, mutasi dan saldo akhir periode."),
    "arus-kas": ("Laporan Arus Kas", "arus-kas",
                 "Arus kas dari kegiatan operasi, investasi dan pendanaan; berakhir pada saldo Kas dan Bank."),
}


def _year_spin(year: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1990, 2100)
    spin.setGroupSeparatorShown(False)
    spin.setValue(year)
    spin.setMinimumWidth(90)
    spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return spin


class YearPeriod(QWidget):
    """Tahun buku and, optionally, a range of its months ("Setahun penuh" or "Januari s.d. Juni")."""

    def __init__(self, year: int, fiscal_start: int = 1, months: bool = True):
        super().__init__()
        self.fiscal_start = fiscal_start
        self.year = _year_spin(year)
        self.scope = QComboBox()
        self.scope.addItems(("Setahun penuh", "Sebagian bulan"))
        self.month_from, self.month_to = QComboBox(), QComboBox()
        order = [(fiscal_start - 1 + i) % 12 + 1 for i in range(12)]
        for box in (self.month_from, self.month_to):
            for m in order:
                box.addItem(MONTHS_ID[m - 1], m)
        self.month_to.setCurrentIndex(11)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel("Tahun buku"))
        lay.addWidget(self.year)
        self.to_label = QLabel("s.d.")
        if months:
            lay.addSpacing(10)
            lay.addWidget(self.scope)
            lay.addWidget(self.month_from)
            lay.addWidget(self.to_label)
            lay.addWidget(self.month_to)
        lay.addStretch(1)
        self.scope.currentIndexChanged.connect(self._scope)
        self._scope()

    def _scope(self, *_):
        part = self.scope.currentIndex() == 1
        for w in (self.month_from, self.month_to, self.to_label):
            w.setEnabled(part)

    def value(self) -> tuple[int, int | None, int | None]:
        if self.scope.currentIndex() == 0:
            return self.year.value(), None, None
        return self.year.value(), self.month_from.currentData(), self.month_to.currentData()

    def suffix(self) -> str:
        y, a, b = self.value()
        return f"{y}" if a is None else f"{y}-{a:02d}-{b:02d}"

    def problem(self) -> str:
        _y, a, b = self.value()
        if a is None:
            return ""
        if self.month_from.currentIndex() > self.month_to.currentIndex():
            return "Bulan awal harus sebelum bulan akhir."
        return ""


def last_closed_year(today: dt.date) -> int:
    return today.year - 1


class StatementParams(_Params):
    def __init__(self, screen, kind: str):
        self.kind = kind
        self.name, self.slug, self.about = STATEMENTS[kind]
        super().__init__(screen)
        self.period = YearPeriod(dt.date.today().year, screen.fiscal_start)
        self.form.addRow("Periode", self.period)

    def doc(self):
        if self.period.problem():
            return None
        y, a, b = self.period.value()
        s = self.screen.session
        return printing.Doc(f"{self.name} {y}", f"{self.slug}-{self.period.suffix()}.pdf",
                            lambda out: printing._reports().statement_pdf(s.ws, self.kind, y, out, a, b))

    def xlsx(self):
        y, a, b = self.period.value()
        s = self.screen.session
        return printing.Doc(f"{self.name} {y}", f"{self.slug}-{self.period.suffix()}.xlsx",
                            lambda out: printing._reports().statement_xlsx(s.ws, self.kind, y, out, a, b))


class StatementSetParams(StatementParams):
    def __init__(self, screen):
        super().__init__(screen, "neraca")
        self.name = "Laporan Keuangan Lengkap"
        self.slug = "laporan-keuangan"
        self.about = ("Satu berkas untuk RAT dan pemeriksa: sampul, keempat laporan keuangan dengan pembanding tahun "
                      "lalu, dan catatan atas laporan keuangan (pinjaman per kolektibilitas, simpanan, alokasi SHU).")

    def doc(self):
        if self.period.problem():
            return None
        y, a, b = self.period.value()
        s = self.screen.session
        return printing.Doc(f"Laporan Keuangan {y}", f"{self.slug}-{self.period.suffix()}.pdf",
                            lambda out: printing._reports().statement_set_pdf(s.ws, y, out, a, b))

    def xlsx(self):
        y, a, b = self.period.value()
        s = self.screen.session
        return printing.Doc(f"Laporan Keuangan {y}", f"{self.slug}-{self.period.suffix()}.xlsx",
                            lambda out: printing._reports().statement_set_xlsx(s.ws, y, out, a, b))


class ShuListParams(_Params):
    name = "Daftar Pembagian SHU"
    about = ("Jasa modal dan jasa usaha setiap anggota dari SHU tahun buku yang sudah ditutup: pratinjau sebelum "
             "disetujui RAT, atau daftar yang sudah disetujui dengan status pembayarannya.")

    def __init__(self, screen):
        super().__init__(screen)
        self.year = _year_spin(last_closed_year(dt.date.today()))
        self.form.addRow("Tahun buku", self.year)

    def doc(self):
        y, s = self.year.value(), self.screen.session
        return printing.Doc(f"Daftar Pembagian SHU {y}", f"daftar-shu-{y}.pdf",
                            lambda out: printing._reports().shu_list_pdf(s.ws, y, out))

    def xlsx(self):
        y, s = self.year.value(), self.screen.session
        return printing.Doc(f"Daftar Pembagian SHU {y}", f"daftar-shu-{y}.xlsx",
                            lambda out: printing._reports().shu_list_xlsx(s.ws, y, out))


class ShuSlipParams(_Params):
    name = "Slip SHU Anggota"
    about = "Rincian SHU satu anggota: dasar jasa modal dan jasa usaha, tarifnya, jumlah yang diterima dan terbilang."

    def __init__(self, screen):
        super().__init__(screen)
        self.year = _year_spin(last_closed_year(dt.date.today()))
        self.member = MemberPicker(screen.ws, statuses=tuple(MemberStatus))
        self.member.setMinimumWidth(360)
        self.member.setMaximumWidth(480)
        self.problem = QLabel()
        self.problem.setObjectName("error")
        self.form.addRow("Tahun buku", self.year)
        self.form.addRow("Anggota", self.member)
        self.form.addRow("", self.problem)

    def doc(self):
        m = self.member.member()
        if m is None:
            self.problem.setText(self.member.problem() or "Pilih anggota lebih dulu.")
            return None
        self.problem.setText("")
        y, s = self.year.value(), self.screen.session
        return printing.Doc(f"Slip SHU {y} {m.number}", f"slip-shu-{y}-{m.number}.pdf",
                            lambda out: printing._reports().shu_slip_pdf(s.ws, y, m.id, out))


class BudgetParams(_Params):
    name = "Anggaran vs Realisasi"
    about = ("RAPB per akun dibanding realisasi sampai tanggal yang dipilih: selisih dan persentase tercapai. "
             "Anggaran diisi per tahun buku.")

    def __init__(self, screen):
        super().__init__(screen)
        from kopdesk.ui.widgets import DateEdit

        today = dt.date.today()
        self.year = _year_spin(today.year)
        self.through = DateEdit(today)
        self.form.addRow("Tahun buku", self.year)
        self.form.addRow("Realisasi sampai", self.through)
        self.year.valueChanged.connect(self._year)

    def _year(self, y: int) -> None:
        today = dt.date.today()
        self.through.setValue(today if y == today.year else dt.date(y, 12, 31))

    def doc(self):
        y, through, s = self.year.value(), self.through.value(), self.screen.session
        return printing.Doc(f"Anggaran vs Realisasi {y}", f"anggaran-{y}.pdf",
                            lambda out: printing._reports().budget_pdf(s.ws, y, out, through))

    def xlsx(self):
        y, through, s = self.year.value(), self.through.value(), self.screen.session
        return printing.Doc(f"Anggaran vs Realisasi {y}", f"anggaran-{y}.xlsx",
                            lambda out: printing._reports().budget_xlsx(s.ws, y, out, through))


def financial_params(screen) -> list[_Params]:
    return [StatementParams(screen, "neraca"), StatementParams(screen, "phu"), StatementParams(screen, "ekuitas"),
            StatementParams(screen, "arus-kas"), StatementSetParams(screen), ShuListParams(screen),
            ShuSlipParams(screen), BudgetParams(screen)]
