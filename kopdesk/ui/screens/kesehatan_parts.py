"""Parts of the Penilaian Kesehatan panel (kesehatan.py): the Manajemen questionnaire (38 questions with their
evidence, the book suggestions the examiner confirms), the findings and recommendations with due dates, and the
KKPKK 2021 indicator sheet scored live over the chosen template version. None of them writes: the panel saves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health import kkpkk
from kopdesk.domain.health.manajemen import QUESTION_COUNT, QUESTIONS, MgmtComponent
from kopdesk.domain.money import round_rupiah
from kopdesk.services.health import Finding
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.widgets import OptionalDateEdit, error_label, hint_label, show_problem

AMBER = "#8a5a00"
CONFIRM_TEXT = "perlu dikonfirmasi Dinas"


def decimal_text(v: Decimal | None, places: int = 2) -> str:
    """12.345,67 (Indonesian grouping), or "-"."""
    if v is None:
        return "-"
    q = Decimal(v).quantize(Decimal(1).scaleb(-places)) if places else Decimal(v).quantize(Decimal(1))
    return f"{q:,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def parse_number(text: str) -> Decimal | None:
    """A typed percentage / number: "12,5", "12.5", "1.234,5". None if it is not a number."""
    t = text.strip().replace(" ", "").rstrip("%")
    if not t:
        return None
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    try:
        d = Decimal(t)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _item(text: str, *, editable: bool = False, tip: str = "") -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    it.setFlags(flags)
    if tip:
        it.setToolTip(tip)
    return it


def _check(yes: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if yes else Qt.CheckState.Unchecked


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setAlternatingRowColors(True)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.horizontalHeader().setHighlightSections(False)
    return t


# ------------------------------------------------------------------------------------------------ questionnaire


class Questionnaire(QWidget):
    """The 38 Manajemen questions (spec §1.2.5): text, evidence, the book's suggestion (19-22, 24, 26, 27) and a
    Ya box. ``answers()`` is None until the examiner has answered (an unanswered questionnaire leaves aspect 3
    unscored)."""

    changed = Signal()
    COL_NO, COL_Q, COL_EVIDENCE, COL_SUGGEST, COL_YES = range(5)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.suggestions: dict[int, bool | None] = {}
        self.confirmed: set[int] = set()
        self.answered = False
        self._loading = False
        self.table = _table(["No", "Pertanyaan", "Bukti yang diperiksa", "Saran dari buku", "Ya"])
        self.table.setWordWrap(True)
        h = self.table.horizontalHeader()
        h.resizeSection(self.COL_NO, 40)
        h.setSectionResizeMode(self.COL_Q, QHeaderView.ResizeMode.Stretch)
        h.resizeSection(self.COL_EVIDENCE, 300)
        h.resizeSection(self.COL_SUGGEST, 170)
        h.resizeSection(self.COL_YES, 50)
        self.table.setRowCount(QUESTION_COUNT)
        for row, q in enumerate(QUESTIONS):
            self.table.setItem(row, self.COL_NO, _item(str(q.number)))
            self.table.setItem(row, self.COL_Q, _item(f"[{q.component.label}] {q.text}", tip=q.text))
            self.table.setItem(row, self.COL_EVIDENCE, _item(q.evidence, tip=q.evidence))
            self.table.setItem(row, self.COL_SUGGEST, _item(""))
            yes = QTableWidgetItem()
            yes.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            yes.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, self.COL_YES, yes)
        self.table.itemChanged.connect(self._item_changed)
        h.sectionResized.connect(lambda *_a: self.table.resizeRowsToContents())
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.accept_button = QPushButton("Terima saran dari buku")
        self.accept_button.setToolTip("Mengisi jawaban 19-22, 24, 26 dan 27 sesuai saran dari buku; periksa buktinya.")
        self.accept_button.clicked.connect(self.accept_suggestions)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.accept_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(hint_label("Centang Ya bila bukti yang disebut sudah diperiksa dan memenuhi. Saran dari buku "
                                 "hanya usulan: penilai yang memutuskan (saran yang belum dikonfirmasi berwarna "
                                 "jingga)."))
        self._update()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.table.resizeRowsToContents()

    # state
    def set_read_only(self, read_only: bool) -> None:
        self.accept_button.setEnabled(not read_only)
        flags = Qt.ItemFlag.ItemIsEnabled | (Qt.ItemFlag(0) if read_only else Qt.ItemFlag.ItemIsUserCheckable)
        self._loading = True
        for row in range(QUESTION_COUNT):
            self.table.item(row, self.COL_YES).setFlags(flags)
        self._loading = False

    def set_answers(self, answers, suggestions: dict[int, bool | None] | None = None) -> None:
        self._loading = True
        self.suggestions = dict(suggestions or {})
        self.answered = answers is not None
        self.confirmed = set(self.suggestions) if answers is not None else set()
        for row in range(QUESTION_COUNT):
            yes = bool(answers[row]) if answers is not None else False
            self.table.item(row, self.COL_YES).setCheckState(Qt.CheckState.Checked if yes else Qt.CheckState.Unchecked)
        self._loading = False
        self._update()

    def set_suggestions(self, suggestions: dict[int, bool | None]) -> None:
        self.suggestions = dict(suggestions)
        self.confirmed &= set(self.suggestions)
        self._update()

    def set_yes(self, number: int, yes: bool) -> None:
        """Tick or untick question ``number`` (1..38) as the examiner would."""
        self.table.item(number - 1, self.COL_YES).setCheckState(_check(yes))

    def accept_suggestions(self) -> None:
        self._loading = True
        for n, s in self.suggestions.items():
            if s is not None:
                self.table.item(n - 1, self.COL_YES).setCheckState(_check(s))
                self.confirmed.add(n)
        self._loading = False
        self.answered = True
        self._update()
        self.changed.emit()

    def answers(self) -> list[bool] | None:
        if not self.answered:
            return None
        return [self.table.item(r, self.COL_YES).checkState() == Qt.CheckState.Checked for r in range(QUESTION_COUNT)]

    def unconfirmed(self) -> list[int]:
        return sorted(n for n, s in self.suggestions.items() if s is not None and n not in self.confirmed)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() != self.COL_YES:
            return
        self.answered = True
        self.confirmed.add(item.row() + 1)
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        self._loading, was = True, self._loading
        for row in range(QUESTION_COUNT):
            n = row + 1
            s = self.suggestions.get(n)
            it = self.table.item(row, self.COL_SUGGEST)
            if n not in self.suggestions:
                it.setText("")
            elif s is None:
                it.setText("data buku kurang")
                it.setForeground(QColor("#666666"))
            else:
                state = "dikonfirmasi" if n in self.confirmed else "belum dikonfirmasi"
                it.setText(f"{'Ya' if s else 'Tidak'} ({state})")
                it.setForeground(QColor("#1b5e20" if n in self.confirmed else AMBER))
        self._loading = was
        answers = self.answers()
        if answers is None:
            self.counts.setText("<b>Kuesioner belum diisi</b>: aspek Manajemen belum dinilai.")
            return
        parts = []
        for c in MgmtComponent:
            yes = sum(1 for q, a in zip(QUESTIONS, answers, strict=True) if q.component == c and a)
            parts.append(f"{c.label} {yes}/{c.questions} = {decimal_text(c.points_per_yes * yes)}")
        self.counts.setText("Jawaban ya: " + " · ".join(parts))


# ------------------------------------------------------------------------------------------------ findings


class FindingsEditor(QWidget):
    """Temuan and rekomendasi, each with a due date and a status."""

    changed = Signal()
    KINDS = (("temuan", "Temuan"), ("rekomendasi", "Rekomendasi"))
    STATUSES = (("terbuka", "Terbuka"), ("proses", "Dalam proses"), ("selesai", "Selesai"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = _table(["Jenis", "Uraian", "Jatuh tempo", "Status"])
        h = self.table.horizontalHeader()
        h.resizeSection(0, 130)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.resizeSection(2, 190)
        h.resizeSection(3, 130)
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        self.add_finding = QPushButton("Tambah temuan")
        self.add_finding.clicked.connect(lambda: self.add("temuan"))
        self.add_recommendation = QPushButton("Tambah rekomendasi")
        self.add_recommendation.clicked.connect(lambda: self.add("rekomendasi"))
        self.remove_button = QPushButton("Hapus baris")
        self.remove_button.clicked.connect(self.remove_current)
        self.error = error_label()
        bar = QHBoxLayout()
        bar.addWidget(self.add_finding)
        bar.addWidget(self.add_recommendation)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.error)

    def add(self, kind: str = "temuan", text: str = "", due_on: dt.date | None = None,
            status: str = "terbuka") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        kinds = QComboBox()
        for key, label in self.KINDS:
            kinds.addItem(label, key)
        kinds.setCurrentIndex([k for k, _ in self.KINDS].index(kind))
        kinds.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.table.setCellWidget(row, 0, kinds)
        self.table.setItem(row, 1, _item(text, editable=True))
        due = OptionalDateEdit(due_on)
        self.table.setCellWidget(row, 2, due)
        statuses = QComboBox()
        for key, label in self.STATUSES:
            statuses.addItem(label, key)
        statuses.setCurrentIndex([k for k, _ in self.STATUSES].index(status))
        statuses.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.table.setCellWidget(row, 3, statuses)
        self.changed.emit()
        return row

    def set_text(self, row: int, text: str) -> None:
        self.table.item(row, 1).setText(text)

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def set_findings(self, findings) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for f in findings:
            self.add(f.kind, f.text, f.due_on, f.status)
        self.table.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        for b in (self.add_finding, self.add_recommendation, self.remove_button):
            b.setEnabled(not read_only)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only else
                                   QAbstractItemView.EditTrigger.AllEditTriggers)
        for row in range(self.table.rowCount()):
            for col in (0, 2, 3):
                self.table.cellWidget(row, col).setEnabled(not read_only)

    def problems(self) -> list[str]:
        p = []
        for row in range(self.table.rowCount()):
            if not self.table.item(row, 1).text().strip():
                p.append(f"Uraian {self.table.cellWidget(row, 0).currentText().lower()} baris {row + 1} wajib diisi.")
            problem = self.table.cellWidget(row, 2).problem()
            if problem:
                p.append(f"Jatuh tempo baris {row + 1}: {problem}")
        show_problem(self.error, " ".join(p))
        return p

    def findings(self) -> list[Finding]:
        out = []
        for row in range(self.table.rowCount()):
            out.append(Finding(self.table.item(row, 1).text().strip(), self.table.cellWidget(row, 0).currentData(),
                               self.table.cellWidget(row, 2).value(), self.table.cellWidget(row, 3).currentData()))
        return out


# ------------------------------------------------------------------------------------------------ KKPKK 2021


class KkpkkSheet(QWidget):
    """Every indicator of the template: a checklist (items fulfilled of the number of items) or a ratio in %, the
    nilai and skor as you type, and the "perlu dikonfirmasi Dinas" marks of the template."""

    changed = Signal()
    COL_CODE, COL_NAME, COL_INPUT, COL_NILAI, COL_SKOR, COL_NOTE = range(6)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.template: kkpkk.Template | None = None
        self.rows: dict[str, int] = {}
        self.editors: dict[str, tuple] = {}
        self.result: kkpkk.KkpkkResult | None = None
        self.loaded: dict[str, kkpkk.Answer] = {}      # answers as loaded (exact ratios, per-item checklists)
        self.sources: dict = {}                         # code -> services.health.RatioSource (from the books)
        self._loading = False
        self.version = QComboBox()
        self.version.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.flags_label = QLabel()
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet(f"color: {AMBER}")
        self.aspects = QLabel()
        self.aspects.setWordWrap(True)
        self.books_note = QLabel()          # after "Hitung dari buku": which ratios the books could not give
        self.books_note.setWordWrap(True)
        self.books_note.setVisible(False)
        self.template_button = QPushButton("Template KKPKK...")
        self.table = _table(["Kode", "Indikator", "Isian", "Nilai", "Skor", "Keterangan"])
        h = self.table.horizontalHeader()
        h.resizeSection(self.COL_CODE, 70)
        h.setSectionResizeMode(self.COL_NAME, QHeaderView.ResizeMode.Stretch)
        h.resizeSection(self.COL_INPUT, 200)
        h.resizeSection(self.COL_NILAI, 50)
        h.resizeSection(self.COL_SKOR, 50)
        h.resizeSection(self.COL_NOTE, 260)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.error = error_label()
        top = QHBoxLayout()
        top.addWidget(QLabel("Versi template"))
        top.addWidget(self.version)
        top.addWidget(self.aspects, 1)
        top.addWidget(self.template_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.flags_label)
        lay.addWidget(self.books_note)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.error)

    def set_books_note(self, filled: int, left: dict[str, str]) -> None:
        """Say what "Hitung dari buku" filled and which ratios it had to leave (code -> why); "" hides it."""
        text = f"Dari buku: {filled} rasio terisi (keterangan \"Buku: ...\")."
        if left:
            text += " Tidak dapat dihitung dari buku, isi oleh penilai: " + "; ".join(
                f"{code} ({why})" for code, why in left.items()) + "."
        self.books_note.setText(text)
        self.books_note.setVisible(True)

    def set_versions(self, versions, current: int | None) -> None:
        self.version.blockSignals(True)
        self.version.clear()
        for v in versions:
            self.version.addItem(f"v{v.version}" + (" (bawaan)" if v.shipped else f" - {v.note[:40]}"), v.version)
        idx = self.version.findData(current if current is not None else versions[-1].version)
        self.version.setCurrentIndex(max(idx, 0))
        self.version.blockSignals(False)

    def chosen_version(self) -> int | None:
        return self.version.currentData()

    def set_template(self, template: kkpkk.Template, answers=None, sources=None) -> None:
        self._loading = True
        self.template = template
        answers = dict(answers or {})
        self.loaded = answers
        self.sources = dict(sources or {})
        self.table.setRowCount(0)
        self.rows.clear()
        self.editors.clear()
        flagged = dict(template.flagged())
        weights = " · ".join(f"{a.name} {decimal_text(a.weight, 0)} %" + (" *" if a.flag.needs_confirmation else "")
                             for a in template.aspects)
        self.flags_label.setText(f"Bobot: {weights}. Tanda * dan baris jingga: {CONFIRM_TEXT} "
                                 f"({len(flagged)} hal pada template v{template.version}).")
        for a in template.aspects:
            row = self.table.rowCount()
            self.table.insertRow(row)
            head = _item(f"{a.code}. {a.name} (bobot {decimal_text(a.weight, 0)} %)")
            head.setBackground(QColor("#e8eef5"))
            self.table.setItem(row, self.COL_CODE, _item(a.code))
            self.table.setItem(row, self.COL_NAME, head)
            self.table.setSpan(row, self.COL_NAME, 1, 5)
            for ind in a.indicators:
                self._add_indicator(ind, answers.get(ind.code), flagged.get(ind.code))
        self._loading = False
        self.rescore()

    def _add_indicator(self, ind: kkpkk.Indicator, answer, flag) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.rows[ind.code] = row
        self.table.setItem(row, self.COL_CODE, _item(ind.code))
        tip = ind.formula or "; ".join(ind.items) or ind.flag.note
        self.table.setItem(row, self.COL_NAME, _item(ind.name, tip=tip))
        box = QWidget()
        bl = QHBoxLayout(box)
        bl.setContentsMargins(2, 0, 2, 0)
        if ind.kind == kkpkk.Kind.CHECKLIST:
            done, total = QSpinBox(), QSpinBox()
            total.setRange(0, 40)
            done.setRange(-1, 40)
            done.setValue(-1)
            done.setSpecialValueText("-")
            total.setSpecialValueText("-")
            if ind.item_count:
                total.setValue(ind.item_count)
                total.setEnabled(False)
            if isinstance(answer, kkpkk.Checklist):
                total.setValue(answer.total)
                done.setValue(answer.fulfilled)
            done.valueChanged.connect(self._edited)
            total.valueChanged.connect(self._edited)
            bl.addWidget(done)
            bl.addWidget(QLabel("dari"))
            bl.addWidget(total)
            self.editors[ind.code] = ("checklist", done, total)
        else:
            edit = QLineEdit()
            edit.setPlaceholderText("rasio %")
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if isinstance(answer, kkpkk.Ratio):
                edit.setText(decimal_text(answer.value, 2))
            edit.textChanged.connect(self._edited)
            bl.addWidget(edit)
            bl.addWidget(QLabel("%"))
            self.editors[ind.code] = ("rasio", edit)
        self.table.setCellWidget(row, self.COL_INPUT, box)
        self.table.setItem(row, self.COL_NILAI, _item(""))
        self.table.setItem(row, self.COL_SKOR, _item(""))
        bands = "; ".join(f"{b.text} → {b.value}" for b in ind.bands)
        note = CONFIRM_TEXT if flag is not None else ""
        if ind.optimal:
            note = f"optimal {ind.optimal}" + (f"; {note}" if note else "")
        tip = (bands + "\n" if bands else "") + ind.flag.note
        src = self.sources.get(ind.code)
        if src is not None and isinstance(answer, kkpkk.Ratio) and answer.value == src.value:
            note = f"Buku: {fmt.rupiah(round_rupiah(src.numerator))} / {fmt.rupiah(round_rupiah(src.denominator))}" \
                + (f"; {CONFIRM_TEXT}" if flag is not None else "")
            tip = f"{src.numerator_label} / {src.denominator_label}\n{src.explanation}\n{tip}"
        it = _item(note, tip=tip)
        if flag is not None:
            it.setForeground(QColor(AMBER))
        self.table.setItem(row, self.COL_NOTE, it)

    def set_read_only(self, read_only: bool) -> None:
        self.version.setEnabled(not read_only)
        for code, ed in self.editors.items():
            for w in ed[1:]:
                if ed[0] == "checklist" and w is ed[2] and self.template.indicator(code).item_count:
                    continue
                w.setEnabled(not read_only)

    def _edited(self, *_a) -> None:
        if not self._loading:
            self.rescore()
            self.changed.emit()

    def set_checklist(self, code: str, fulfilled: int, total: int) -> None:
        _kind, done, tot = self.editors[code]
        if tot.isEnabled():
            tot.setValue(total)
        done.setValue(fulfilled)

    def set_ratio(self, code: str, text: str) -> None:
        self.editors[code][1].setText(text)

    def answers(self) -> tuple[dict[str, kkpkk.Answer], list[str]]:
        """The filled indicators and the problems of what was typed (each naming its indicator)."""
        out: dict[str, kkpkk.Answer] = {}
        problems = []
        for code, ed in self.editors.items():
            loaded = self.loaded.get(code)
            if ed[0] == "checklist":
                done, total = ed[1].value(), ed[2].value()
                bad = total > 0 and done > total
                mark_invalid(ed[1], bad, "Butir terpenuhi melebihi jumlah butir.")
                if bad:
                    problems.append(f"{code}: butir terpenuhi ({done}) melebihi jumlah butir ({total}).")
                elif isinstance(loaded, kkpkk.Checklist) and (loaded.fulfilled, loaded.total) == (done, total):
                    out[code] = loaded          # keeps the answer per item, when it was given
                elif total > 0 and done >= 0:
                    out[code] = kkpkk.Checklist(done, total)
            else:
                text = ed[1].text().strip()
                value = parse_number(text)
                bad = bool(text) and value is None
                mark_invalid(ed[1], bad, f"'{text}' bukan angka.")
                if bad:
                    problems.append(f"{code}: rasio '{text}' bukan angka (contoh 12,5).")
                elif isinstance(loaded, kkpkk.Ratio) and text == decimal_text(loaded.value, 2):
                    out[code] = loaded          # the exact ratio (e.g. from the books), shown rounded
                elif value is not None:
                    out[code] = kkpkk.Ratio(value)
        return out, problems

    def rescore(self) -> None:
        if self.template is None:
            return
        answers, problems = self.answers()
        try:
            self.result = kkpkk.score_assessment(self.template, answers)
        except ValidationError as exc:
            problems += list(exc.problems) if hasattr(exc, "problems") else [str(exc)]
            self.result = kkpkk.score_assessment(self.template, {})
        show_problem(self.error, " ".join(problems))
        for a in self.result.aspects:
            for r in a.indicators:
                row = self.rows[r.code]
                self.table.item(row, self.COL_NILAI).setText("" if r.nilai is None else str(r.nilai))
                self.table.item(row, self.COL_SKOR).setText("" if r.skor is None else str(r.skor))
        parts = [f"{a.aspect.name} {decimal_text(a.percent)} %" for a in self.result.aspects]
        self.aspects.setText(" · ".join(parts))
