"""Laporan of a Dinas workspace: pick a report, set its parameters, preview/print or save it as PDF. The berita acara
of one visit is printed from the visit's own page (Kunjungan)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.services import dinas
from kopdesk.ui import printing
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.screens.dinas_common import DINAS_FLAGS
from kopdesk.ui.widgets import DateEdit, hint_label, title_label

REPORTS = (
    ("riwayat", "Riwayat pembinaan satu koperasi",
     "Identitas, pengurus, riwayat RAT, riwayat penilaian kesehatan, kunjungan, temuan, rekomendasi dan tindak "
     "lanjutnya."),
    ("petugas", "Kunjungan per petugas",
     "Jumlah kunjungan dan koperasi yang dikunjungi tiap petugas dalam satu periode, dengan daftar kunjungannya."),
    ("tidak_aktif", "Koperasi tidak aktif",
     "Koperasi tanpa RAT dalam ambang tahun yang ditetapkan, dan yang sudah melewatkan RAT (peringatan)."),
    ("tindak_lanjut", "Status tindak lanjut rekomendasi",
     "Semua rekomendasi dengan status tindak lanjutnya; yang lewat batas waktu di atas."),
)


def _reports():
    from kopdesk.reports import dinas_reports

    return dinas_reports


class DinasLaporanScreen(Screen):
    title = "Laporan"
    flags = DINAS_FLAGS

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        today = session.today()
        self.choices = QListWidget()
        self.choices.setFixedWidth(300)
        for _key, label, _hint in REPORTS:
            self.choices.addItem(label)
        self.description = hint_label("")
        self.coop = QComboBox()
        self.coop.setMinimumWidth(360)
        self.date_from = DateEdit(dt.date(today.year, 1, 1))
        self.date_to = DateEdit(today)
        self.as_of = DateEdit(today)
        self.params = QStackedWidget()
        p_coop = QWidget()
        f = QFormLayout(p_coop)
        f.addRow("Koperasi", self.coop)
        p_period = QWidget()
        f = QFormLayout(p_period)
        row = QHBoxLayout()
        row.addWidget(self.date_from)
        row.addWidget(QLabel("s.d."))
        row.addWidget(self.date_to)
        row.addStretch(1)
        f.addRow("Periode", row)
        p_date = QWidget()
        f = QFormLayout(p_date)
        f.addRow("Keadaan per tanggal", self.as_of)
        self.pages = {"riwayat": p_coop, "petugas": p_period, "tidak_aktif": p_date, "tindak_lanjut": p_date}
        for w in (p_coop, p_period, p_date):
            self.params.addWidget(w)
        self.preview_button = QPushButton("Pratinjau && cetak")
        self.preview_button.setObjectName("primary")
        self.preview_button.setToolTip("Ctrl+P")
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton("Simpan PDF...")
        self.save_button.clicked.connect(self.save)
        self.problem = QLabel()
        self.problem.setObjectName("error")
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        self.name = QLabel()
        self.name.setStyleSheet("font-size: 12pt; font-weight: bold;")
        right.addWidget(self.name)
        right.addWidget(self.description)
        right.addSpacing(8)
        right.addWidget(self.params)
        right.addWidget(self.problem)
        right.addLayout(buttons)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.choices)
        body.addSpacing(12)
        body.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        lay.addWidget(title_label("Laporan Pembinaan"))
        lay.addLayout(body, 1)
        self.choices.currentRowChanged.connect(self._chosen)
        self.choices.setCurrentRow(0)
        self.shortcut("Ctrl+P", self.preview)

    def load(self) -> None:
        keep = self.coop.currentData()
        self.coop.clear()
        for c in dinas.list_cooperatives(self.ws):
            self.coop.addItem(f"{c.key} · {c.name}", c.key)
        if keep:
            self.coop.setCurrentIndex(max(0, self.coop.findData(keep)))

    def key(self) -> str:
        return REPORTS[max(0, self.choices.currentRow())][0]

    def _chosen(self, row: int) -> None:
        key, label, hint = REPORTS[max(0, row)]
        self.name.setText(label)
        self.description.setText(hint)
        self.params.setCurrentWidget(self.pages[key])
        self.problem.setText("")

    def doc(self) -> printing.Doc | None:
        ws, key = self.ws, self.key()
        self.problem.setText("")
        if key == "riwayat":
            coop = self.coop.currentData()
            if not coop:
                self.problem.setText("Koperasi wajib dipilih.")
                return None
            name = self.coop.currentText()
            return printing.Doc(f"Riwayat Pembinaan {name}", f"riwayat-pembinaan-{coop}.pdf",
                                lambda out: _reports().coaching_history_pdf(ws, coop, out))
        if key == "petugas":
            a, b = self.date_from.value(), self.date_to.value()
            if b < a:
                self.problem.setText("Periode: tanggal akhir tidak boleh sebelum tanggal awal.")
                return None
            return printing.Doc(f"Kunjungan per Petugas {fmt.date_short(a)} s.d. {fmt.date_short(b)}",
                                f"kunjungan-per-petugas-{a:%Y%m%d}-{b:%Y%m%d}.pdf",
                                lambda out: _reports().visits_per_officer_pdf(ws, a, b, out))
        on = self.as_of.value()
        if key == "tidak_aktif":
            return printing.Doc(f"Koperasi Tidak Aktif per {fmt.date_long(on)}", f"koperasi-tidak-aktif-{on}.pdf",
                                lambda out: _reports().inactive_pdf(ws, on, out))
        return printing.Doc(f"Status Tindak Lanjut per {fmt.date_long(on)}", f"status-tindak-lanjut-{on}.pdf",
                            lambda out: _reports().follow_up_status_pdf(ws, on, out))

    def preview(self) -> None:
        doc = self.doc()
        if doc is not None:
            printing.preview(self.session, doc, self)

    def save(self) -> None:
        doc = self.doc()
        if doc is not None:
            printing.save_doc(self.session, doc, self)
