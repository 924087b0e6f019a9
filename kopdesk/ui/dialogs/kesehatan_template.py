"""Template KKPKK 2021 (admin): the aspects with their weights and the ratio indicators with their bands, each
marked "perlu dikonfirmasi Dinas" where the template's confidence marks say so (weights, single-source bands).
Weights and bands can be edited; "Simpan sebagai versi baru" validates with the template validator and saves a NEW
version (services.health.save_template: audited; older versions and the assessments scored on them stay as they
were). Bands are typed as interval = nilai, separated by ";", e.g. ``[7, inf) = 1; [5, 7) = 2; (-inf, 5) = 4``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableWidget, QTableWidgetItem, QWidget

from kopdesk.domain.health import kkpkk
from kopdesk.domain.health.bands import interval
from kopdesk.services import health as health_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.screens.kesehatan_parts import AMBER, CONFIRM_TEXT
from kopdesk.ui.widgets import hint_label


def bands_text(bands) -> str:
    return "; ".join(f"{b.notation} = {b.value}" for b in bands)


def parse_bands(text: str, code: str) -> tuple[list[dict], list[str]]:
    """``[7, inf) = 1; ...`` -> the template's ``pita`` rows, and the problems naming the indicator."""
    rows, problems = [], []
    for part in [p.strip() for p in text.split(";") if p.strip()]:
        notation, sep, value = part.rpartition("=")
        try:
            if not sep:
                raise ValueError("tulis pita sebagai interval = nilai")
            band = interval(notation.strip(), int(value.strip()))
        except ValueError as exc:
            problems.append(f"Pita {code}: '{part}' tidak sah ({exc}).")
            continue
        rows.append({"dari": band.lower, "dari_termasuk": band.lower_closed, "sampai": band.upper,
                     "sampai_termasuk": band.upper_closed, "nilai": band.value})
    return rows, problems


class TemplateEditor(FormDialog):
    saved = Signal(int)
    COL_CODE, COL_NAME, COL_VALUE, COL_MARK = range(4)

    def __init__(self, session, version: int | None, parent: QWidget | None = None):
        super().__init__("Template KKPKK 2021", "Simpan sebagai versi baru", parent)
        self.session = session
        self.template = health_svc.load_template(session.ws, version)
        self.rows: dict[str, tuple[str, int]] = {}     # code -> (kind "aspek"/"rasio", row)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Kode", "Aspek / indikator", "Bobot % / pita (interval = nilai)",
                                              "Keyakinan"])
        self.table.verticalHeader().hide()
        h = self.table.horizontalHeader()
        h.resizeSection(self.COL_CODE, 70)
        h.resizeSection(self.COL_NAME, 300)
        h.setSectionResizeMode(self.COL_VALUE, QHeaderView.ResizeMode.Stretch)
        h.resizeSection(self.COL_MARK, 260)
        for a in self.template.aspects:
            self._row(a.code, f"{a.name} (bobot)", f"{a.weight.normalize():f}", a.flag, "aspek", bold=True)
            for ind in a.indicators:
                if ind.kind == kkpkk.Kind.RATIO:
                    self._row(ind.code, ind.name, bands_text(ind.bands), ind.flag, "rasio")
                else:
                    self._row(ind.code, ind.name, "checklist: > 75 % -> 1, > 50 % -> 2, > 25 % -> 3, lainnya 4",
                              ind.flag, None)
        self.table.itemChanged.connect(self.mark_dirty)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Catatan perubahan (wajib): apa yang diubah dan atas dasar apa")
        self.note.textChanged.connect(self.mark_dirty)
        self.body.addWidget(QLabel(f"<b>{self.template.title or 'KKPKK 2021'}</b> - versi {self.template.version}"))
        self.body.addWidget(hint_label(
            f"Baris jingga: {CONFIRM_TEXT} (bobot dan pita yang sumbernya belum pasti). Perubahan disimpan sebagai "
            "versi baru; penilaian yang sudah ada tetap memakai versinya sendiri."))
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.note)
        self.resize(1100, 640)
        self.finish_layout()

    def _row(self, code, name, value, flag, kind, bold=False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        fixed = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        for col, text in ((self.COL_CODE, code), (self.COL_NAME, name), (self.COL_VALUE, value)):
            it = QTableWidgetItem(text)
            it.setFlags(fixed | (Qt.ItemFlag.ItemIsEditable if col == self.COL_VALUE and kind else Qt.ItemFlag(0)))
            if bold:
                f = it.font()
                f.setBold(True)
                it.setFont(f)
            self.table.setItem(row, col, it)
        mark = f"{flag.confidence.label}" + (f"; {CONFIRM_TEXT}" if flag.needs_confirmation else "")
        it = QTableWidgetItem(mark)
        it.setFlags(fixed)
        it.setToolTip(flag.note)
        if flag.needs_confirmation:
            it.setForeground(QColor(AMBER))
        self.table.setItem(row, self.COL_MARK, it)
        if kind:
            self.rows[code] = (kind, row)

    def set_value(self, code: str, text: str) -> None:
        self.table.item(self.rows[code][1], self.COL_VALUE).setText(text)

    def edited(self) -> tuple[dict, list[str]]:
        """The template as edited (its JSON object) and the problems of what was typed."""
        raw = self.template.raw()
        problems: list[str] = []
        by_code = {}
        for a in raw["aspek"]:
            by_code[a["kode"]] = a
            for s in a["sub_aspek"]:
                for i in s["indikator"]:
                    by_code[i["kode"]] = i
        for code, (kind, row) in self.rows.items():
            text = self.table.item(row, self.COL_VALUE).text().strip()
            if kind == "aspek":
                try:
                    by_code[code]["bobot"] = Decimal(text.replace(",", "."))
                except InvalidOperation:
                    problems.append(f"Bobot aspek {code}: '{text}' bukan angka.")
            else:
                bands, p = parse_bands(text, code)
                problems += p
                if not p:
                    by_code[code]["pita"] = bands
        return raw, problems

    def problems(self) -> list[str]:
        raw, problems = self.edited()
        if not problems:
            problems = kkpkk.template_problems(raw)
        if not self.note.text().strip():
            problems.append("Catatan perubahan wajib diisi.")
        return problems

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        raw, _p = self.edited()
        s = self.session

        def done(template) -> None:
            self.saved.emit(template.version)
            self.done_ok()

        s.runner.run(health_svc.save_template, s.ws, raw, s.user, note=self.note.text().strip(),
                     based_on=self.template.version, parent=self, busy="Menyimpan template...", on_success=done)
