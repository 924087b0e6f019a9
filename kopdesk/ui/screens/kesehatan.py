"""Penilaian Kesehatan (Perdep 06/2016): a tab of Tutup Buku & SHU. Pick a closed year, "Hitung dari buku" derives
the inputs from the books and saves the draft (services.health.create_or_update) on the worker, then shows the
components (ratio, nilai, bobot, skor), the inputs with how each was derived, and the total with its predicate.
"Simpan" stores the examiner; "Cetak kertas kerja" previews the kertas kerja PDF."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from kopdesk import fmt
from kopdesk.domain.health.scoring import Method, round2
from kopdesk.domain.money import round_rupiah
from kopdesk.domain.users import Perm
from kopdesk.services import closing as closing_svc
from kopdesk.services import health as health_svc
from kopdesk.ui import printing
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import hint_label

METHOD = Method.PERDEP06_2016


def _dec(v: Decimal | None) -> str:
    if v is None:
        return "-"
    return f"{round2(Decimal(v)):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _amount(v: Decimal | int | None) -> str:
    """An input is rupiah: shown whole, as on the statements (Rp1.234.567)."""
    return "-" if v is None else fmt.rupiah(round_rupiah(Decimal(v)))


class KesehatanScreen(Screen):
    flags = ("ledger", "periods")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.record = None
        self.derived = None
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(lambda _i: self.show_year())
        self.examiner = QLineEdit()
        self.examiner.setPlaceholderText("Nama pemeriksa")
        self.hitung_button = QPushButton("Hitung dari buku")
        self.hitung_button.setObjectName("primary")
        self.hitung_button.clicked.connect(self.hitung)
        self.save_button = QPushButton("Simpan")
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton("Cetak kertas kerja")
        self.print_button.clicked.connect(self.print_worksheet)
        can_write = session.can(Perm.POST)
        self.hitung_button.setVisible(can_write)
        self.save_button.setVisible(can_write)
        self.total_label = QLabel()
        self.predicate_label = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        card = QFrame()
        card.setObjectName("card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card_lay = QHBoxLayout(card)
        card_lay.addWidget(QLabel("Skor total"))
        card_lay.addWidget(self.total_label)
        card_lay.addSpacing(24)
        card_lay.addWidget(QLabel("Predikat"))
        card_lay.addWidget(self.predicate_label)
        card_lay.addSpacing(24)
        card_lay.addWidget(self.status, 1)
        self.components = SearchableTable([
            Column("Kode", lambda c: c.code, width=60),
            Column("Komponen", lambda c: c.name, width=-1),
            Column("Rasio (%)", lambda c: _dec(c.ratio), width=100),
            Column("Nilai", lambda c: _dec(c.nilai), width=80),
            Column("Bobot", lambda c: str(c.weight), width=70),
            Column("Skor", lambda c: _dec(c.skor), width=80),
        ], searchable=False, footer=False)
        self.components.export_button.hide()
        self.inputs = SearchableTable([
            Column("Masukan", lambda d: d.name, width=200),
            Column("Nilai", lambda d: _amount(d.value), width=150),
            Column("Penjelasan", lambda d: d.explanation, width=-1),
        ], searchable=False, footer=False)
        self.inputs.export_button.hide()
        top = QHBoxLayout()
        top.addWidget(QLabel("Tahun buku"))
        top.addWidget(self.year)
        top.addSpacing(12)
        top.addWidget(QLabel("Pemeriksa"))
        top.addWidget(self.examiner, 1)
        top.addWidget(self.hitung_button)
        top.addWidget(self.save_button)
        top.addWidget(self.print_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(card)
        lay.addWidget(QLabel("<b>Komponen penilaian (Perdep 06/2016)</b>"))
        lay.addWidget(self.components, 2)
        lay.addWidget(QLabel("<b>Masukan dari buku</b>"))
        lay.addWidget(self.inputs, 2)
        lay.addWidget(hint_label("Hanya tahun buku yang sudah ditutup yang dapat dinilai. \"Hitung dari buku\" "
                                 "mengambil angka dari buku besar, buku pinjaman dan simpanan lalu menyimpan draf."))

    # ---------------------------------------------------------------------------------------------- reading

    def selected_year(self) -> int | None:
        y = self.year.currentData()
        return None if y is None else int(y)

    def load(self) -> None:
        current = self.selected_year()
        years = sorted({c.year for c in closing_svc.closings(self.ws)}, reverse=True)
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(str(y), y)
        if current in years:
            self.year.setCurrentIndex(years.index(current))
        self.year.blockSignals(False)
        self.show_year()

    def show_year(self) -> None:
        y = self.selected_year()
        has_year = y is not None
        self.hitung_button.setEnabled(has_year)
        self.record = health_svc.get(self.ws, y, METHOD) if has_year else None
        if self.derived is not None and self.derived.year != y:
            self.derived = None
        self.show_record()

    def show_record(self) -> None:
        rec = self.record
        final = rec is not None and rec.status == "final"
        self.save_button.setEnabled(rec is not None and not final)
        self.print_button.setEnabled(rec is not None)
        self.examiner.setReadOnly(final)
        if rec is None:
            self.components.set_records([])
            self.inputs.set_records([])
            self.total_label.setText("-")
            self.predicate_label.setText("-")
            self.status.setText("Belum dinilai." if self.selected_year() is not None
                                else "Belum ada tahun buku yang ditutup.")
            return
        result = health_svc.year_result(rec)
        self.components.set_records(list(result.components))
        self.inputs.set_records(list(self.derived.derivations.values()) if self.derived is not None else [])
        self.total_label.setText(f"<b>{_dec(rec.total)}</b>")
        self.predicate_label.setText(f"<b>{rec.predicate or '-'}</b>")
        self.examiner.setText(rec.examiner)
        note = "Final." if final else "Draf."
        if result.missing:
            note += " Belum lengkap (skor sementara): " + ", ".join(result.missing)
        self.status.setText(note)

    # ---------------------------------------------------------------------------------------------- actions

    def hitung(self) -> None:
        y = self.selected_year()
        if y is None:
            return
        s = self.session
        examiner = self.examiner.text().strip() or None

        def work():
            derived = health_svc.derive_inputs(s.ws, y)
            rec = health_svc.create_or_update(s.ws, y, METHOD, s.user, examiner=examiner,
                                              assessed_on=derived.as_of)
            return derived, rec

        def done(out) -> None:
            self.derived, self.record = out
            self.show_record()

        s.runner.run(work, parent=self, busy=f"Menghitung penilaian kesehatan {y}...", on_success=done)

    def save(self) -> None:
        y = self.selected_year()
        if y is None or self.record is None:
            return
        s = self.session

        def done(rec) -> None:
            self.record = rec
            self.show_record()

        s.runner.run(health_svc.create_or_update, s.ws, y, METHOD, s.user, examiner=self.examiner.text().strip(),
                     parent=self, busy="Menyimpan penilaian kesehatan...", on_success=done)

    def worksheet_doc(self) -> printing.Doc | None:
        rec = self.record
        if rec is None:
            return None
        ws = self.ws
        examiner = self.examiner.text().strip() or rec.examiner
        derived = self.derived

        def make(out):
            import kopdesk.reports as reports

            head = reports.letterhead(ws)
            derivs = derived if derived is not None and derived.year == rec.year else \
                health_svc.derive_inputs(ws, rec.year)
            report = reports.build_worksheet(
                rec.assessment(), health_svc.year_result(rec), cooperative=head.name, examiner=examiner,
                examined_on=rec.assessed_on,
                findings=[f.text for f in rec.findings if f.kind == "temuan"],
                recommendations=[(f.text, f.due_on) for f in rec.findings if f.kind == "rekomendasi"],
                derivations={k: d.explanation for k, d in derivs.derivations.items()}, letterhead=head)
            return reports.worksheet_pdf(report, out)

        return printing.Doc(f"Kertas Kerja Penilaian Kesehatan {rec.year}", f"kertas-kerja-kesehatan-{rec.year}.pdf",
                            make)

    def print_worksheet(self) -> None:
        doc = self.worksheet_doc()
        if doc is not None:
            printing.preview(self.session, doc, self)
