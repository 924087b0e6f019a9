"""Penilaian Kesehatan KSP/USP: ``KesehatanPanel``, one assessment per cooperative, year and method, scored live.

Two kinds of use:
* a koperasi workspace (``coop_key`` ""): the panel is the "Penilaian Kesehatan" tab of Tutup Buku & SHU
  (``KesehatanScreen``); only closed years; the inputs come from the books (services.health.derive_inputs) with how
  each was derived; changing a figure is an override that needs a reason (audited);
* a Dinas workspace (``coop_key`` = the registry key): the Dinas cooperative detail embeds the panel; the examiner
  types the inputs (or they were pre-filled from the cooperative's package); any year.

Methods: Perdep 06/2016 (table 5b B or A), Permen 14/2009 (its rules for 1b, 2b, 2c and five predicates) and
KKPKK 2021 (checklist and ratio indicators of a versioned template). Every figure typed re-scores at once (nilai and
skor per component, aspect percentages, total and predicate); a value that is not a number, or negative where that
makes no sense, is refused in place with a message naming the field. Tabs: inputs and scores, the 38 Manajemen
questions, the KKPKK sheet, findings and recommendations, and the history of earlier years. "Simpan" saves the
draft, "Finalkan" freezes it (after a confirmation; a final record is read-only), "Cetak kertas kerja" and
"Cetak ringkasan" preview the worksheet and the one-page summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.coop import WorkspaceKind
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health import kkpkk
from kopdesk.domain.health.inputs import Inputs
from kopdesk.domain.health.manajemen import ManagementAnswers
from kopdesk.domain.health.perdep2016 import COMPONENTS, MANAGEMENT_CODE, MAY_BE_NEGATIVE, Aspect, Table5B
from kopdesk.domain.health.scoring import Assessment, ManualNilai, Method, Options, round2, rule_for, score_year
from kopdesk.domain.money import round_rupiah
from kopdesk.domain.users import Perm
from kopdesk.reports.health_reports import INPUT_LABELS
from kopdesk.services import closing as closing_svc
from kopdesk.services import health as health_svc
from kopdesk.ui import printing
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.screens.kesehatan_parts import (
    AMBER,
    FindingsEditor,
    KkpkkSheet,
    Questionnaire,
    decimal_text,
)
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import OptionalDateEdit, error_label, hint_label, show_problem

METHOD = Method.PERDEP06_2016
KKPKK = health_svc.KKPKK
METHODS = ((Method.PERDEP06_2016.value, "Perdep 06/2016"), (Method.PERMEN14_2009.value, "Permen 14/2009"),
           (KKPKK, "KKPKK 2021 (Permenkop 9/2020)"))
METHOD_LABELS = dict(METHODS)


def _input_groups() -> list[tuple[Aspect, list[str]]]:
    """Each input under the first aspect whose components use it (formats.md order)."""
    seen: set[str] = set()
    groups: dict[Aspect, list[str]] = {}
    for c in COMPONENTS:
        for n in c.inputs:
            if n not in seen:
                seen.add(n)
                groups.setdefault(c.aspect, []).append(n)
    return [(a, groups[a]) for a in Aspect if a in groups]


INPUT_GROUPS = _input_groups()


def _dec(v: Decimal | None) -> str:
    return "-" if v is None else decimal_text(round2(Decimal(v)))


def _nilai(v: Decimal | None) -> str:
    """A nilai is a whole number on the tables (2016: 0-100 in steps; 2009: whole percents)."""
    if v is None:
        return "-"
    return str(int(v)) if v == int(v) else _dec(v)


def _amount(v: Decimal | int | None) -> str:
    """An input is rupiah: shown whole, as on the statements (Rp1.234.567)."""
    return "-" if v is None else fmt.rupiah(round_rupiah(Decimal(v)))


@dataclass(frozen=True)
class HistoryRow:
    year: int
    method: str
    total: Decimal | None
    predicate: str
    status: str
    aspects: str


class InputRow:
    """One input: its amount field, what the books say (with how it was derived) and the reason of a change."""

    def __init__(self, name: str, from_books: bool):
        from kopdesk.ui.widgets import MoneyEdit

        self.name = name
        self.label = INPUT_LABELS.get(name, name)
        self.edit = MoneyEdit(allow_negative=name in MAY_BE_NEGATIVE)
        self.edit.setPlaceholderText("belum diisi")
        self.edit.setObjectName(f"masukan_{name}")
        self.source = QLabel()
        self.source.setObjectName("hint")
        self.source.setWordWrap(False)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("alasan perubahan")
        self.reason.setVisible(from_books)
        self.reason.setEnabled(False)
        self.base: Decimal | None = None        # the books' figure (koperasi) or None

    def typed(self) -> tuple[int | None, str]:
        """(amount, problem naming the field)."""
        text = self.edit.text().strip()
        if not text:
            return None, ""
        problem = self.edit.problem()
        if problem:
            amount = fmt.parse_rupiah(text)
            if amount is not None and amount < 0:
                return None, f"{self.label} tidak boleh negatif (tertulis {text})."
            return None, f"{self.label}: '{text}' bukan angka rupiah (contoh 50000, 50.000, 50rb, 1,5jt)."
        return self.edit.value(), ""


class KesehatanPanel(QWidget):
    """The assessment of one cooperative (see the module docstring). ``coop_key`` "" = this koperasi workspace's own
    cooperative with inputs from its books; a Dinas registry key = inputs typed by the examiner."""

    saved = Signal(object)          # the record after Simpan / Finalkan

    def __init__(self, session, coop_key: str = "", parent: QWidget | None = None, *, coop_name: str = ""):
        super().__init__(parent)
        self.session = session
        self.coop_key = coop_key
        self.coop_name = coop_name
        ws = session.ws
        self.from_books = ws.kind == WorkspaceKind.KOPERASI and coop_key == ""
        self.can_write = session.can(Perm.DINAS if ws.kind == WorkspaceKind.DINAS else Perm.POST)
        self.is_admin = session.user.role.value == "admin"
        self.record = None
        self.derived = None
        self.result = None
        self.manual: dict[str, ManualNilai] = {}
        self._loading = False
        self._loaded = False
        self._preview = None

        # ---- top: year, method, options, examiner, date
        if self.from_books:
            self.year = QComboBox()
            self.year.currentIndexChanged.connect(lambda _i: self.show_year())
        else:
            self.year = QSpinBox()
            self.year.setRange(1990, 2100)
            self.year.setGroupSeparatorShown(False)
            self.year.setValue(session.today().year - 1)
            self.year.valueChanged.connect(lambda _v: self.show_year())
        self.method = QComboBox()
        for key, label in METHODS:
            self.method.addItem(label, key)
        self.method.currentIndexChanged.connect(lambda _i: self.show_year())
        self.tabel_5b = QComboBox()
        self.tabel_5b.addItem("Tabel 5b: B (bawaan)", Table5B.B.value)
        self.tabel_5b.addItem("Tabel 5b: A", Table5B.A.value)
        self.tabel_5b.currentIndexChanged.connect(lambda _i: (self._fill_manual_values(), self.rescore()))
        self.examiner = QLineEdit()
        self.examiner.setPlaceholderText("Nama pemeriksa")
        self.assessed_on = OptionalDateEdit(None)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("Catatan penilai (opsional)")

        self.hitung_button = QPushButton("Hitung dari buku")
        self.hitung_button.clicked.connect(self.hitung)
        self.hitung_button.setVisible(self.from_books and self.can_write)
        self.save_button = QPushButton("Simpan")
        self.save_button.setObjectName("primary")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.finalise_button = QPushButton("Finalkan...")
        self.finalise_button.clicked.connect(self.finalise)
        for b in (self.save_button, self.finalise_button):
            b.setVisible(self.can_write)
        self.print_button = QPushButton("Cetak kertas kerja")
        self.print_button.clicked.connect(self.print_worksheet)
        self.summary_button = QPushButton("Cetak ringkasan")
        self.summary_button.clicked.connect(self.print_summary)

        # ---- result card
        self.total_label = QLabel("-")
        self.total_label.setMinimumWidth(70)
        self.predicate_label = QLabel("-")
        self.predicate_label.setMinimumWidth(200)
        self.status = QLabel()
        self.status.setWordWrap(True)
        card = QFrame()
        card.setObjectName("card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        cl = QHBoxLayout(card)
        cl.setContentsMargins(8, 4, 8, 4)
        cl.addWidget(QLabel("Skor total"))
        cl.addWidget(self.total_label)
        cl.addSpacing(16)
        cl.addWidget(QLabel("Predikat"))
        cl.addWidget(self.predicate_label)
        cl.addSpacing(16)
        cl.addWidget(self.status, 1)

        # ---- tabs
        self.tabs = QTabWidget()
        self.inputs_tab = self._build_inputs_tab()
        self.questionnaire = Questionnaire()
        self.questionnaire.changed.connect(self.rescore)
        self.kkpkk_sheet = KkpkkSheet()
        self.kkpkk_sheet.changed.connect(self._kkpkk_changed)
        self.kkpkk_sheet.template_button.clicked.connect(self.open_template_editor)
        self.kkpkk_sheet.template_button.setVisible(self.is_admin)
        self.findings = FindingsEditor()
        self.history = SearchableTable([
            Column("Tahun", lambda h: str(h.year), width=70),
            Column("Metode", lambda h: h.method, width=190),
            Column("Skor", lambda h: _dec(h.total), width=70),
            Column("Predikat", lambda h: h.predicate, width=170),
            Column("Status", lambda h: h.status, width=70),
            Column("Persentase aspek", lambda h: h.aspects, width=-1),
        ], searchable=False, footer=False)
        self.history.export_button.hide()
        self.tabs.addTab(self.inputs_tab, "Masukan dan skor")
        self.tabs.addTab(self.questionnaire, "Manajemen (38 pertanyaan)")
        self.tabs.addTab(self.kkpkk_sheet, "KKPKK 2021")
        self.tabs.addTab(self.findings, "Temuan dan rekomendasi")
        self.tabs.addTab(self.history, "Riwayat")

        row1 = QHBoxLayout()
        row1.addWidget(QLabel("Tahun buku"))
        row1.addWidget(self.year)
        row1.addWidget(QLabel("Metode"))
        row1.addWidget(self.method)
        row1.addWidget(self.tabel_5b)
        row1.addWidget(QLabel("Pemeriksa"))
        row1.addWidget(self.examiner, 1)
        row1.addWidget(QLabel("Tanggal"))
        row1.addWidget(self.assessed_on)
        row2 = QHBoxLayout()
        row2.addWidget(self.notes, 1)
        row2.addWidget(self.hitung_button)
        row2.addWidget(self.save_button)
        row2.addWidget(self.finalise_button)
        row2.addWidget(self.print_button)
        row2.addWidget(self.summary_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row1)
        lay.addLayout(row2)
        lay.addWidget(card)
        lay.addWidget(self.tabs, 1)
        for w in (self.examiner, self.notes):
            w.textChanged.connect(lambda _t: self._mark_dirty())

    # ---------------------------------------------------------------------------------------------- building

    def _build_inputs_tab(self) -> QWidget:
        self.rows: dict[str, InputRow] = {}
        self.group_labels: dict[Aspect, QLabel] = {}
        form = QWidget()
        grid = QGridLayout(form)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(2, 1)
        r = 0
        for aspect, names in INPUT_GROUPS:
            head = QLabel()
            self.group_labels[aspect] = head
            grid.addWidget(head, r, 0, 1, 4)
            r += 1
            for name in names:
                row = InputRow(name, self.from_books)
                self.rows[name] = row
                grid.addWidget(QLabel(row.label), r, 0)
                row.edit.setMinimumWidth(150)
                grid.addWidget(row.edit, r, 1)
                grid.addWidget(row.source, r, 2)
                grid.addWidget(row.reason, r, 3)
                row.edit.textChanged.connect(lambda _t, n=name: self._input_edited(n))
                row.reason.textChanged.connect(lambda _t: self.rescore())
                r += 1
        grid.setRowStretch(r, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form)
        self.input_error = error_label()

        self.components = SearchableTable([
            Column("Kode", lambda c: c.code, width=50),
            Column("Komponen", lambda c: c.name, width=-1),
            Column("Rasio %", lambda c: _dec(c.ratio), width=72),
            Column("Nilai", lambda c: _nilai(c.nilai), width=50,
                   color=lambda c: AMBER if c.basis.value == "manual" else None),
            Column("Bobot", lambda c: str(c.weight), width=58),
            Column("Skor", lambda c: _dec(c.skor), width=58),
        ], searchable=False, footer=False)
        self.components.export_button.hide()
        self.components.view.setSortingEnabled(False)
        self.aspect_table = SearchableTable([
            Column("Aspek", lambda a: a.aspect.label, width=-1),
            Column("Skor", lambda a: f"{_dec(a.skor)} / {a.weight}", width=90),
            Column("%", lambda a: _dec(a.percent), width=64),
            Column("Predikat", lambda a: a.predicate, width=160),
        ], searchable=False, footer=False)
        self.aspect_table.export_button.hide()
        self.aspect_table.view.setSortingEnabled(False)

        # manual nilai
        self.manual_code = QComboBox()
        for c in COMPONENTS:
            if c.code != MANAGEMENT_CODE:
                self.manual_code.addItem(c.code, c.code)
        self.manual_code.currentIndexChanged.connect(lambda _i: self._fill_manual_values())
        self.manual_nilai = QComboBox()
        self.manual_reason = QLineEdit()
        self.manual_reason.setPlaceholderText("alasan nilai manual (wajib)")
        self.manual_set = QPushButton("Tetapkan")
        self.manual_set.clicked.connect(self.set_manual)
        self.manual_clear = QPushButton("Hapus")
        self.manual_clear.clicked.connect(self.clear_manual)
        self.manual_error = error_label()
        mrow = QHBoxLayout()
        mrow.addWidget(QLabel("Nilai manual"))
        mrow.addWidget(self.manual_code)
        mrow.addWidget(self.manual_nilai)
        mrow.addWidget(self.manual_reason, 1)
        mrow.addWidget(self.manual_set)
        mrow.addWidget(self.manual_clear)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.components, 3)
        rl.addLayout(mrow)
        rl.addWidget(self.manual_error)
        rl.addWidget(self.aspect_table, 2)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(scroll, 1)
        ll.addWidget(self.input_error)
        ll.addWidget(hint_label(
            "Angka dari buku besar, buku pinjaman dan simpanan; arahkan penunjuk ke keterangan untuk melihat akun "
            "yang dipakai. Mengubah angka wajib disertai alasan." if self.from_books else
            "Isi angka dari laporan keuangan koperasi (rupiah, mis. 415.000.000 atau 415jt). Skor dihitung ulang "
            "setiap kali angka berubah."))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        split.setSizes([640, 520])
        self._fill_manual_values()
        return split

    # ---------------------------------------------------------------------------------------------- reading

    @property
    def ws(self):
        return self.session.ws

    def selected_year(self) -> int | None:
        if self.from_books:
            y = self.year.currentData()
            return None if y is None else int(y)
        return self.year.value()

    def selected_method(self) -> str:
        return self.method.currentData()

    def set_year(self, year: int) -> None:
        if self.from_books:
            idx = self.year.findData(year)
            if idx >= 0:
                self.year.setCurrentIndex(idx)
        else:
            self.year.setValue(year)

    def set_method(self, method: str) -> None:
        self.method.setCurrentIndex(self.method.findData(str(method)))

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._loaded:            # embedded (Dinas cooperative detail): read on first show
            self.load()

    def load(self) -> None:
        self._loaded = True
        if self.from_books:
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
        method = self.selected_method()
        kk = method == KKPKK
        self.tabel_5b.setVisible(not kk)
        self.manual_code.setEnabled(not kk)
        current = self.tabs.currentIndex()
        if kk and current in (0, 1):
            self.tabs.setTabEnabled(2, True)
            self.tabs.setCurrentIndex(2)
        elif not kk and current == 2:
            self.tabs.setTabEnabled(0, True)
            self.tabs.setCurrentIndex(0)
        self.tabs.setTabEnabled(0, not kk)
        self.tabs.setTabEnabled(1, not kk)
        self.tabs.setTabEnabled(2, kk)
        if y is None:
            self.record = None
        elif kk:
            self.record = health_svc.get_kkpkk(self.ws, y, self.coop_key)
        else:
            self.record = health_svc.get(self.ws, y, method, self.coop_key)
        if self.derived is not None and self.derived.year != y:
            self.derived = None
        self._show_record()
        self._load_history()

    def _show_record(self) -> None:
        rec = self.record
        self._loading = True
        try:
            self.examiner.setText(rec.examiner if rec else "")
            self.notes.setText(rec.notes if rec else "")
            self.assessed_on.setValue(rec.assessed_on if rec else None)
            self.findings.set_findings(rec.findings if rec else ())
            if self.selected_method() == KKPKK:
                versions = health_svc.template_versions(self.ws)
                self.kkpkk_sheet.set_versions(versions, rec.template_version if rec else None)
                template = health_svc.load_template(self.ws, self.kkpkk_sheet.chosen_version())
                self.kkpkk_sheet.set_template(template, rec.answers if rec else None, rec.sources if rec else None)
            else:
                if rec is not None:
                    self.tabel_5b.setCurrentIndex(self.tabel_5b.findData(rec.tabel_5b.value))
                    self.manual = {k: ManualNilai(Decimal(v["nilai"]), v["alasan"]) for k, v in rec.manual.items()}
                else:
                    self.manual = {}
                self._fill_inputs()
                suggestions = dict(self.derived.suggestions) if self.derived is not None else {}
                self.questionnaire.set_answers(rec.answers if rec else None, suggestions)
        finally:
            self._loading = False
        final = rec is not None and rec.final
        self._set_read_only(final)
        self.rescore()

    def _fill_inputs(self) -> None:
        rec, derived = self.record, self.derived
        for name, row in self.rows.items():
            base = None
            if derived is not None:
                base = derived.inputs.get(name)
            elif rec is not None and self.from_books:
                base = rec.derived.get(name)
            row.base = base if self.from_books else None
            value = rec.inputs.get(name) if rec is not None else base
            row.edit.blockSignals(True)
            row.edit.setText("" if value is None else fmt.rupiah(round_rupiah(Decimal(value))))
            row.edit.blockSignals(False)
            override = rec.overrides.get(name) if rec is not None else None
            row.reason.setText(override["reason"] if override else "")
            if self.from_books:
                d = derived.derivations.get(name) if derived is not None else None
                if d is not None:
                    row.source.setText(f"Buku: {_amount(d.value)} - {d.explanation}")
                    tip = d.explanation + "".join(f"\n{s.code} {s.name}: {_amount(s.amount)}" for s in d.sources)
                    row.source.setToolTip(tip)
                elif base is not None:
                    row.source.setText(f"Buku: {_amount(base)} (klik Hitung dari buku untuk rinciannya)")
                    row.source.setToolTip("")
                else:
                    row.source.setText("belum dihitung dari buku")
                    row.source.setToolTip("")
            else:
                used = [c.code for c in COMPONENTS if name in c.inputs]
                row.source.setText(f"untuk komponen {', '.join(used)}")

    def _load_history(self) -> None:
        rows: list[HistoryRow] = []
        for r in health_svc.history(self.ws, None, self.coop_key):
            aspects = " · ".join(f"{a.label} {decimal_text(r.aspect_percent[a.value])}" for a in Aspect
                                 if a.value in r.aspect_percent)
            rows.append(HistoryRow(r.year, METHOD_LABELS[r.method.value], r.total, r.predicate or "-",
                                   "Final" if r.final else "Draf", aspects))
        for r in health_svc.kkpkk_history(self.ws, self.coop_key):
            aspects = " · ".join(f"{k} {decimal_text(Decimal(v)) if v is not None else '-'}"
                                 for k, v in r.result.get("aspects", {}).items())
            rows.append(HistoryRow(r.year, f"{METHOD_LABELS[KKPKK]} v{r.template_version}", r.total,
                                   r.predicate or "-", "Final" if r.final else "Draf", aspects))
        rows.sort(key=lambda h: (-h.year, h.method))
        self.history.set_records(rows)

    # ---------------------------------------------------------------------------------------------- live scoring

    def _mark_dirty(self) -> None:
        if not self._loading:
            self._update_buttons()

    def _input_edited(self, name: str) -> None:
        if self._loading:
            return
        row = self.rows[name]
        changed = self._differs_from_books(row)
        row.reason.setEnabled(changed and not (self.record is not None and self.record.final))
        self.rescore()

    @staticmethod
    def _differs_from_books(row: InputRow) -> bool:
        if row.base is None:
            return False
        amount, problem = row.typed()
        return bool(problem) or amount is None or amount != round_rupiah(row.base)

    def current_inputs(self) -> tuple[dict[str, Decimal | None], dict[str, health_svc.Override], list[str]]:
        """(effective inputs, overrides, problems). An amount equal to the books' figure (rounded) keeps the exact
        figure; a different one is an override and needs a reason."""
        values: dict[str, Decimal | None] = {}
        overrides: dict[str, health_svc.Override] = {}
        problems: list[str] = []
        for name, row in self.rows.items():
            amount, problem = row.typed()
            mark_invalid(row.reason, False)
            if problem:
                problems.append(problem)
                values[name] = row.base
                continue
            if row.base is not None and amount is not None and amount == round_rupiah(row.base):
                values[name] = row.base
                continue
            if row.base is not None and amount is None:
                problems.append(f"{row.label} wajib diisi (angka dari buku {_amount(row.base)}).")
                mark_invalid(row.edit, True, problems[-1])
                values[name] = row.base
                continue
            values[name] = None if amount is None else Decimal(amount)
            if row.base is not None:
                reason = row.reason.text().strip()
                if not reason:
                    problems.append(f"Alasan perubahan {row.label} wajib diisi (angka dari buku "
                                    f"{_amount(row.base)}).")
                    mark_invalid(row.reason, True, problems[-1])
                overrides[name] = health_svc.Override(Decimal(amount), reason)
        return values, overrides, problems

    def assessment(self) -> tuple[Assessment, list[str]]:
        values, _ov, problems = self.current_inputs()
        answers = self.questionnaire.answers()
        a = Assessment(Inputs(**values), ManagementAnswers.from_answers(answers) if answers is not None else None,
                       manual=dict(self.manual), method=Method(self.selected_method()),
                       options=Options(Table5B(self.tabel_5b.currentData())), year=self.selected_year())
        return a, problems

    def rescore(self) -> None:
        if self._loading:
            return
        if self.selected_method() == KKPKK:
            self._kkpkk_changed()
            return
        a, problems = self.assessment()
        try:
            self.result = score_year(a)
        except ValidationError as exc:
            problems += exc.problems
            self.result = None
        show_problem(self.input_error, "\n".join(problems))
        self.problems = problems
        r = self.result
        self.components.set_records(list(r.components) if r else [])
        self.aspect_table.set_records(list(r.aspects) if r else [])
        for aspect, label in self.group_labels.items():
            ar = r.aspect(aspect) if r else None
            label.setText(f"<b>{aspect.label}</b>" + (f" - skor {_dec(ar.skor)} dari {ar.weight} "
                                                       f"({_dec(ar.percent)} %, {ar.predicate})" if ar else ""))
        if r is None:
            self.total_label.setText("<b>-</b>")
            self.predicate_label.setText("<b>-</b>")
        else:
            self.total_label.setText(f"<b>{_dec(r.total)}</b>")
            self.predicate_label.setText(f"<b>{r.predicate}</b>")
        self._update_status(None if r is None else list(r.missing))
        self._update_buttons()

    def _kkpkk_changed(self) -> None:
        if self._loading:
            return
        sheet = self.kkpkk_sheet
        if sheet.template is None or sheet.template.version != sheet.chosen_version():
            self._loading = True
            answers, _p = sheet.answers()
            sheet.set_template(health_svc.load_template(self.ws, sheet.chosen_version()), answers, sheet.sources)
            self._loading = False
        sheet.rescore()
        _answers, problems = sheet.answers()
        self.problems = problems
        r = sheet.result
        self.total_label.setText(f"<b>{_dec(r.total)}</b>")
        self.predicate_label.setText(f"<b>{r.predicate}</b>")
        self._update_status(list(r.missing))
        self._update_buttons()

    def _update_status(self, missing: list[str] | None) -> None:
        rec = self.record
        if self.selected_year() is None:
            self.status.setText("Belum ada tahun buku yang ditutup." if self.from_books else "Pilih tahun.")
            return
        note = "Belum disimpan." if rec is None else ("Final (tidak dapat diubah)." if rec.final else "Draf.")
        if missing:
            shown = ", ".join(missing[:6]) + (f" dan {len(missing) - 6} lagi" if len(missing) > 6 else "")
            note += f" Belum lengkap (skor sementara): {shown}."
        self.status.setText(note)

    def _update_buttons(self) -> None:
        rec = self.record
        final = rec is not None and rec.final
        has_year = self.selected_year() is not None
        ok = has_year and not final and not getattr(self, "problems", [])
        self.save_button.setEnabled(ok)
        self.finalise_button.setEnabled(ok and rec is not None)
        self.hitung_button.setEnabled(has_year and not final)
        self.print_button.setEnabled(rec is not None)
        self.summary_button.setEnabled(rec is not None)

    def _set_read_only(self, ro: bool) -> None:
        for row in self.rows.values():
            row.edit.setReadOnly(ro)
            row.reason.setReadOnly(ro)
            row.reason.setEnabled(not ro and self._differs_from_books(row))
        for w in (self.examiner, self.notes):
            w.setReadOnly(ro)
        for w in (self.assessed_on, self.tabel_5b, self.manual_set, self.manual_clear, self.manual_reason):
            w.setEnabled(not ro)
        self.questionnaire.set_read_only(ro)
        self.findings.set_read_only(ro)
        self.kkpkk_sheet.set_read_only(ro)

    # ---------------------------------------------------------------------------------------------- manual nilai

    def _fill_manual_values(self) -> None:
        code = self.manual_code.currentData()
        method = self.selected_method() if hasattr(self, "method") else METHOD
        self.manual_nilai.clear()
        if code is None or method == KKPKK:
            return
        tabel = self.tabel_5b.currentData() if hasattr(self, "tabel_5b") else Table5B.B.value
        for v in rule_for(code, Method(method), Options(Table5B(tabel))).allowed_nilai:
            self.manual_nilai.addItem(str(v), v)

    def set_manual(self) -> None:
        code = self.manual_code.currentData()
        reason = self.manual_reason.text().strip()
        if not reason:
            show_problem(self.manual_error, f"Alasan nilai manual komponen {code} wajib diisi.")
            mark_invalid(self.manual_reason, True, self.manual_error.text())
            return
        mark_invalid(self.manual_reason, False)
        show_problem(self.manual_error, "")
        self.manual[code] = ManualNilai(Decimal(self.manual_nilai.currentData()), reason)
        self.manual_reason.clear()
        self.rescore()

    def clear_manual(self) -> None:
        self.manual.pop(self.manual_code.currentData(), None)
        self.rescore()

    # ---------------------------------------------------------------------------------------------- actions

    def hitung(self) -> None:
        y = self.selected_year()
        if y is None or not self.from_books:
            return
        s = self.session
        examiner = self.examiner.text().strip() or None
        method = self.selected_method()
        if method == KKPKK:
            self._hitung_kkpkk(y, examiner)
            return

        def work():
            derived = health_svc.derive_inputs(s.ws, y)
            rec = None
            if method != KKPKK:
                existing = health_svc.get(s.ws, y, method)
                rec = health_svc.create_or_update(s.ws, y, method, s.user, examiner=examiner,
                                                  assessed_on=None if existing and existing.assessed_on
                                                  else derived.as_of)
            return derived, rec

        def done(out) -> None:
            self.derived, rec = out
            if rec is not None:
                self.record = rec
            self._show_record()
            self._load_history()

        s.runner.run(work, parent=self, busy=f"Menghitung penilaian kesehatan {y}...", on_success=done)

    def _hitung_kkpkk(self, y: int, examiner: str | None) -> None:
        """KKPKK: the ratio indicators the books give (services.health.kkpkk_from_books) fill the sheet, over what
        is typed there (checklists stay the examiner's), and the draft is saved."""
        s = self.session
        typed, _problems = self.kkpkk_sheet.answers()
        version = self.kkpkk_sheet.chosen_version()
        current = self.assessed_on.value()

        def work():
            derived = health_svc.derive_inputs(s.ws, y)
            sources, left = health_svc.kkpkk_from_books(derived)
            answers = {**typed, **{code: kkpkk.Ratio(src.value) for code, src in sources.items()}}
            rec = health_svc.save_kkpkk(s.ws, y, s.user, answers=answers, sources=sources, template_version=version,
                                        examiner=examiner, assessed_on=current or derived.as_of)
            return derived, rec, left

        def done(out) -> None:
            self.derived, self.record, left = out
            self._show_record()
            self._load_history()
            self.kkpkk_sheet.set_books_note(len(self.record.sources), left)

        s.runner.run(work, parent=self, busy=f"Menghitung rasio KKPKK {y} dari buku...", on_success=done)

    def _save_call(self):
        """The service call that saves what the panel shows (a function of no arguments), or None."""
        y = self.selected_year()
        if y is None:
            return None
        s, rec = self.session, self.record
        common = {"examiner": self.examiner.text().strip(), "assessed_on": self.assessed_on.value(),
                  "notes": self.notes.text().strip(), "findings": self.findings.findings(),
                  "coop_key": self.coop_key}
        if self.selected_method() == KKPKK:
            answers, _p = self.kkpkk_sheet.answers()
            full: dict = dict(answers)
            if rec is not None:
                full.update({k: None for k in rec.answers if k not in answers})
            version = self.kkpkk_sheet.chosen_version()
            return lambda: health_svc.save_kkpkk(s.ws, y, s.user, answers=full, template_version=version, **common)
        method = self.selected_method()
        values, overrides, _p = self.current_inputs()
        manual: dict = dict(self.manual)
        if rec is not None:
            manual.update({k: None for k in rec.manual if k not in self.manual})
        kwargs = dict(common, answers=self.questionnaire.answers(), tabel_5b=self.tabel_5b.currentData(),
                      manual=manual)
        if self.from_books:
            ov: dict = dict(overrides)
            if rec is not None:
                ov.update({k: None for k in rec.overrides if k not in overrides})
            kwargs["overrides"] = ov
        else:
            kwargs["inputs"] = values
        return lambda: health_svc.create_or_update(s.ws, y, method, s.user, **kwargs)

    def _problems_now(self) -> list[str]:
        problems = list(getattr(self, "problems", []))
        problems += self.findings.problems()
        return problems

    def save(self) -> None:
        problems = self._problems_now()
        if problems:
            show_problem(self.input_error, "\n".join(problems))
            return
        call = self._save_call()
        if call is None:
            return

        def done(rec) -> None:
            self.record = rec
            self._show_record()
            self._load_history()
            self.saved.emit(rec)

        self.session.runner.run(call, parent=self, busy="Menyimpan penilaian kesehatan...", on_success=done)

    def finalise(self) -> None:
        if self.record is None or self.record.final:
            return
        problems = self._problems_now()
        if problems:
            show_problem(self.input_error, "\n".join(problems))
            return
        y = self.selected_year()
        ok = prompts().confirm(
            self, "Finalkan penilaian kesehatan",
            f"Penilaian kesehatan {y} ({METHOD_LABELS[self.selected_method()]}) akan disimpan lalu difinalkan. "
            "Setelah final, angka, jawaban, temuan dan rekomendasinya tidak dapat diubah lagi. Lanjutkan?",
            ok_text="Finalkan")
        if not ok:
            return
        call = self._save_call()
        s = self.session

        def work():
            rec = call()
            return health_svc.finalise(s.ws, rec.id, s.user)

        def done(rec) -> None:
            self.record = rec
            self._show_record()
            self._load_history()
            self.saved.emit(rec)

        s.runner.run(work, parent=self, busy="Memfinalkan penilaian kesehatan...", on_success=done)

    def open_template_editor(self) -> None:
        from kopdesk.ui.dialogs.kesehatan_template import TemplateEditor

        dlg = TemplateEditor(self.session, self.kkpkk_sheet.chosen_version(), self)
        dlg.saved.connect(lambda version: self._template_saved(version))
        self._template_dialog = dlg
        dlg.show()

    def _template_saved(self, version: int) -> None:
        self.kkpkk_sheet.set_versions(health_svc.template_versions(self.ws), version)
        self._kkpkk_changed()

    # ---------------------------------------------------------------------------------------------- printing

    def _cooperative(self, head) -> str:
        return self.coop_name or (head.name if self.coop_key == "" else self.coop_key)

    def worksheet_doc(self) -> printing.Doc | None:
        rec = self.record
        if rec is None:
            return None
        if self.selected_method() == KKPKK:
            return self._kkpkk_worksheet_doc(rec)
        ws = self.ws
        examiner = self.examiner.text().strip() or rec.examiner
        derived = self.derived
        from_books = self.from_books

        def make(out):
            import kopdesk.reports as reports

            head = reports.letterhead(ws)
            derivations = {}
            if from_books:
                derivs = derived if derived is not None and derived.year == rec.year else \
                    health_svc.derive_inputs(ws, rec.year)
                derivations = {k: d.explanation for k, d in derivs.derivations.items()}
            for name, o in rec.overrides.items():
                derivations[name] = f"Diubah penilai: {o['reason']}"
            report = reports.build_worksheet(
                rec.assessment(), health_svc.year_result(rec), cooperative=self._cooperative(head),
                examiner=examiner, examined_on=rec.assessed_on,
                findings=[f.text for f in rec.findings if f.kind == "temuan"],
                recommendations=[(f.text, f.due_on) for f in rec.findings if f.kind == "rekomendasi"],
                derivations=derivations, letterhead=head)
            return reports.worksheet_pdf(report, out)

        return printing.Doc(f"Kertas Kerja Penilaian Kesehatan {rec.year}", f"kertas-kerja-kesehatan-{rec.year}.pdf",
                            make)

    def summary_doc(self) -> printing.Doc | None:
        rec = self.record
        if rec is None:
            return None
        if self.selected_method() == KKPKK:
            return self._kkpkk_summary_doc(rec)
        ws, coop_key, method = self.ws, self.coop_key, rec.method
        examiner = self.examiner.text().strip() or rec.examiner

        def make(out):
            import kopdesk.reports as reports

            head = reports.letterhead(ws)
            records = [r for r in health_svc.history(ws, method, coop_key) if r.year <= rec.year]
            report = reports.build_health_summary([health_svc.year_result(r) for r in records],
                                                  cooperative=self._cooperative(head), examiner=examiner,
                                                  letterhead=head)
            return reports.health_summary_pdf(report, out)

        return printing.Doc(f"Ringkasan Penilaian Kesehatan {rec.year}", f"ringkasan-kesehatan-{rec.year}.pdf", make)

    def _kkpkk_worksheet_doc(self, rec) -> printing.Doc:
        """The KKPKK kertas kerja of the SAVED record (re-scored over its template version). Several examiners are
        written in the Pemeriksa field separated by ';' (one signature column each)."""
        ws = self.ws
        examiner = self.examiner.text().strip() or rec.examiner

        def make(out):
            import kopdesk.reports as reports

            head = reports.letterhead(ws)
            report = reports.build_kkpkk_worksheet(
                health_svc.kkpkk_result(ws, rec), rec.answers, cooperative=self._cooperative(head), year=rec.year,
                examiners=examiner.split(";"), examined_on=rec.assessed_on,
                findings=[f.text for f in rec.findings if f.kind == "temuan"],
                recommendations=[(f.text, f.due_on) for f in rec.findings if f.kind == "rekomendasi"],
                sources=rec.sources, letterhead=head)
            return reports.kkpkk_worksheet_pdf(report, out)

        return printing.Doc(f"Kertas Kerja Pemeriksaan Kesehatan (KKPKK) {rec.year}",
                            f"kkpkk-kertas-kerja-{rec.year}.pdf", make)

    def _kkpkk_summary_doc(self, rec) -> printing.Doc:
        ws, coop_key = self.ws, self.coop_key
        examiner = (self.examiner.text().strip() or rec.examiner).split(";")[0].strip()

        def make(out):
            import kopdesk.reports as reports

            head = reports.letterhead(ws)
            results = {r.year: health_svc.kkpkk_result(ws, r) for r in health_svc.kkpkk_history(ws, coop_key)
                       if r.year <= rec.year}
            report = reports.build_kkpkk_summary(results, cooperative=self._cooperative(head), examiner=examiner,
                                                 letterhead=head)
            return reports.kkpkk_summary_pdf(report, out)

        return printing.Doc(f"Ringkasan Penilaian Kesehatan (KKPKK) {rec.year}", f"kkpkk-ringkasan-{rec.year}.pdf",
                            make)

    def print_worksheet(self) -> None:
        doc = self.worksheet_doc()
        if doc is not None:
            printing.preview(self.session, doc, self)

    def print_summary(self) -> None:
        doc = self.summary_doc()
        if doc is not None:
            printing.preview(self.session, doc, self)


class KesehatanScreen(Screen):
    """The "Penilaian Kesehatan" tab of Tutup Buku & SHU: the panel on this koperasi's own books."""

    flags = ("ledger", "periods")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.panel = KesehatanPanel(session, "", self)
        lay = QVBoxLayout(self)
        lay.addWidget(self.panel)
        lay.addWidget(hint_label("Hanya tahun buku yang sudah ditutup yang dapat dinilai. \"Hitung dari buku\" "
                                 "mengambil angka dari buku besar, buku pinjaman dan simpanan lalu menyimpan draf."))

    def load(self) -> None:
        self.panel.load()

    def __getattr__(self, name):
        # the panel's widgets and actions (year, examiner, hitung_button, worksheet_doc ...) through the screen
        if name == "panel":
            raise AttributeError(name)
        return getattr(self.panel, name)
