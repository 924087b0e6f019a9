"""The coaching visit form (spec §8.2) and the follow-up of one recommendation.

``VisitDialog``: the cooperative, date and time, type, officers, the cooperative's representatives, the checklist,
observations, problems found and recommendations (PIC, due date), the next visit. Saving a new visit writes the
visit, its problems and its recommendations in one transaction: all of it or nothing.

``FollowUpDialog``: one step in a recommendation's history (date, status, note, evidence); a date before the visit is
refused in place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.dinas import (
    CHECKLIST,
    PROBLEM_CATEGORIES,
    REPRESENTATIVE_ROLES,
    Cooperative,
    FollowUpStatus,
    Recommendation,
    Severity,
    Visit,
    VisitKind,
    time_problems,
)
from kopdesk.services import dinas
from kopdesk.ui.dialogs.base import FormDialog, section
from kopdesk.ui.screens.dinas_common import follow_up_label, write
from kopdesk.ui.session import Session
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.widgets import DateEdit, OptionalDateEdit, hint_label

ANSWER_CHOICES = (("Tidak diperiksa", None), ("Ya", True), ("Tidak", False))


class CoopPicker(QComboBox):
    """A searchable combo over "KOP-0001 · name (kecamatan)"; ``value()`` is the registry key or None."""

    def __init__(self, coops: list[Cooperative], parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        self.lineEdit().setPlaceholderText("Ketik nama atau kode koperasi")
        self.coops = coops
        labels = [self.text_of(c) for c in coops]
        for c, text in zip(coops, labels, strict=True):
            self.addItem(text, c.key)
        completer = QCompleter(self)
        completer.setModel(QStringListModel(labels, completer))
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(lambda text: self.setCurrentIndex(self.findText(text)))
        self.setCompleter(completer)
        self.setCurrentIndex(-1)
        self.setEditText("")

    @staticmethod
    def text_of(c: Cooperative) -> str:
        return f"{c.key} · {c.name}" + (f" ({c.kecamatan})" if c.kecamatan else "")

    def value(self) -> str | None:
        text = self.currentText().strip().lower()
        if not text:
            return None
        for c in self.coops:
            if self.text_of(c).lower() == text or c.key.lower() == text:
                return c.key
        hits = [c for c in self.coops if text in self.text_of(c).lower()]
        return hits[0].key if len(hits) == 1 else None

    def set_value(self, key: str | None) -> None:
        i = self.findData(key) if key else -1
        self.setCurrentIndex(i)
        if i < 0:
            self.setEditText("")


@dataclass(frozen=True, slots=True)
class NewProblem:
    category: str
    description: str
    severity: Severity


@dataclass(frozen=True, slots=True)
class NewRecommendation:
    text: str
    pic: str
    due_on: dt.date | None


def save_visit(ws, by, visit_id: int | None, fields: dict, problems: list[NewProblem],
               recommendations: list[NewRecommendation]) -> Visit:
    """The visit with its new problems and recommendations, in one transaction (all or nothing)."""
    with ws.db.atomic():
        if visit_id is None:
            visit = dinas.create_visit(ws, by, **fields)
        else:
            visit = dinas.update_visit(ws, by, visit_id, **fields)
        for p in problems:
            dinas.add_problem(ws, by, visit.id, category=p.category, description=p.description, severity=p.severity)
        for r in recommendations:
            dinas.add_recommendation(ws, by, visit.id, text=r.text, pic=r.pic, due_on=r.due_on)
    return dinas.get_visit(ws, visit.id)


def _table(headers: tuple[str, ...], stretch: int) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


class VisitDialog(FormDialog):
    """``visit`` None records a new visit (for ``coop_key`` when given); ``self.saved`` holds the result."""

    def __init__(self, session: Session, visit: Visit | None = None, coop_key: str | None = None,
                 parent: QWidget | None = None):
        super().__init__("Kunjungan pembinaan baru" if visit is None else
                         f"Ubah kunjungan {visit.coop_name} {fmt.date_short(visit.visited_on)}",
                         "Simpan kunjungan", parent)
        self.session = session
        self.visit = visit
        self.saved: Visit | None = None
        ws = session.ws
        self.coop = CoopPicker(dinas.list_cooperatives(ws))
        self.coop.setMinimumWidth(360)
        self.visited_on = DateEdit(session.today())
        self.start_time = QLineEdit()
        self.end_time = QLineEdit()
        for t in (self.start_time, self.end_time):
            t.setPlaceholderText("JJ:MM")
            t.setMaximumWidth(80)
        self.kind = QComboBox()
        for k in VisitKind:
            self.kind.addItem(k.label, k.value)
        self.location = QLineEdit()
        self.location.setPlaceholderText("kosong = alamat koperasi")
        self.surat_tugas = QLineEdit()
        self.surat_tugas.setPlaceholderText("nomor surat tugas, bila ada")
        self.next_visit = OptionalDateEdit(calendar_start=session.today())
        self.officers = QListWidget()
        self.officers.setMaximumHeight(120)
        known = dinas.list_officers(ws, active_only=visit is None)
        chosen = {o.id for o in visit.officers} if visit else set()
        for o in known:
            item = QListWidgetItem(f"{o.name}" + (f" · NIP {o.nip}" if o.nip else "")
                                   + (f" · {o.position}" if o.position else ""))
            item.setData(Qt.ItemDataRole.UserRole, o.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if o.id in chosen else Qt.CheckState.Unchecked)
            self.officers.addItem(item)
        self.reps = _table(("Nama", "Jabatan"), 0)
        self.reps.horizontalHeader().resizeSection(1, 170)
        self.reps.setMaximumHeight(130)
        add_rep = QPushButton("Tambah perwakilan")
        add_rep.clicked.connect(lambda: self.add_rep("", "Ketua"))
        del_rep = QPushButton("Hapus")
        del_rep.clicked.connect(lambda: self._remove(self.reps))

        # --- tab 1: the visit
        page1 = QWidget()
        grid = QGridLayout(page1)
        grid.setHorizontalSpacing(10)
        times = QHBoxLayout()
        times.addWidget(self.visited_on)
        times.addSpacing(12)
        times.addWidget(QLabel("Jam"))
        times.addWidget(self.start_time)
        times.addWidget(QLabel("s.d."))
        times.addWidget(self.end_time)
        times.addStretch(1)
        grid.addWidget(QLabel("Koperasi *"), 0, 0)
        grid.addWidget(self.coop, 0, 1, 1, 3)
        grid.addWidget(QLabel("Tanggal *"), 1, 0)
        grid.addLayout(times, 1, 1, 1, 3)
        grid.addWidget(QLabel("Jenis kunjungan"), 2, 0)
        grid.addWidget(self.kind, 2, 1)
        grid.addWidget(QLabel("Surat tugas"), 2, 2)
        grid.addWidget(self.surat_tugas, 2, 3)
        grid.addWidget(QLabel("Tempat"), 3, 0)
        grid.addWidget(self.location, 3, 1, 1, 3)
        grid.addWidget(QLabel("Petugas *"), 4, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.officers, 4, 1, 1, 3)
        rep_buttons = QHBoxLayout()
        rep_buttons.addWidget(add_rep)
        rep_buttons.addWidget(del_rep)
        rep_buttons.addStretch(1)
        grid.addWidget(QLabel("Perwakilan\nkoperasi"), 5, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.reps, 5, 1, 1, 3)
        grid.addLayout(rep_buttons, 6, 1, 1, 3)
        grid.addWidget(QLabel("Kunjungan berikutnya"), 7, 0)
        grid.addWidget(self.next_visit, 7, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(8, 1)

        # --- tab 2: checklist and observations
        page2 = QWidget()
        self.answers: dict[str, QComboBox] = {}
        form = QGridLayout()
        form.setVerticalSpacing(3)
        for i, (key, question) in enumerate(CHECKLIST):
            combo = QComboBox()
            for text, _v in ANSWER_CHOICES:
                combo.addItem(text)
            combo.currentIndexChanged.connect(self.mark_dirty)
            self.answers[key] = combo
            form.addWidget(QLabel(f"{i + 1}. {question}"), i, 0)
            form.addWidget(combo, i, 1)
        form.setColumnStretch(0, 1)
        self.observations = QPlainTextEdit()
        self.observations.setPlaceholderText("Topik yang dibahas dan hasil pengamatan petugas")
        p2 = QVBoxLayout(page2)
        p2.addLayout(form)
        p2.addWidget(section("Hasil pengamatan"))
        p2.addWidget(self.observations, 1)

        # --- tab 3: problems
        page3 = QWidget()
        self.problems_table = _table(("Kategori", "Uraian permasalahan", "Tingkat"), 1)
        self.problems_table.horizontalHeader().resizeSection(0, 200)
        self.problems_table.horizontalHeader().resizeSection(2, 110)
        add_p = QPushButton("Tambah permasalahan")
        add_p.clicked.connect(lambda: self.add_problem_row())
        del_p = QPushButton("Hapus baris")
        del_p.clicked.connect(lambda: self._remove(self.problems_table))
        p3 = QVBoxLayout(page3)
        if visit is not None and visit.problems:
            p3.addWidget(hint_label("Sudah tercatat: " + "; ".join(
                f"{PROBLEM_CATEGORIES.get(p.category, p.category)}: {p.description} ({p.severity.label})"
                for p in visit.problems)))
        p3.addWidget(self.problems_table, 1)
        row = QHBoxLayout()
        row.addWidget(add_p)
        row.addWidget(del_p)
        row.addStretch(1)
        p3.addLayout(row)

        # --- tab 4: recommendations
        page4 = QWidget()
        self.recs_table = _table(("Rekomendasi", "Penanggung jawab di koperasi", "Batas waktu (hh-bb-tttt)"), 0)
        self.recs_table.horizontalHeader().resizeSection(1, 210)
        self.recs_table.horizontalHeader().resizeSection(2, 170)
        add_r = QPushButton("Tambah rekomendasi")
        add_r.clicked.connect(lambda: self.add_rec_row())
        del_r = QPushButton("Hapus baris")
        del_r.clicked.connect(lambda: self._remove(self.recs_table))
        p4 = QVBoxLayout(page4)
        if visit is not None and visit.recommendations:
            p4.addWidget(hint_label("Sudah tercatat (tindak lanjut dicatat di halaman kunjungan): " + "; ".join(
                f"{r.seq}. {r.text}" for r in visit.recommendations)))
        p4.addWidget(self.recs_table, 1)
        row = QHBoxLayout()
        row.addWidget(add_r)
        row.addWidget(del_r)
        row.addStretch(1)
        p4.addLayout(row)

        self.tabs = QTabWidget()
        self.tabs.addTab(page1, "Kunjungan")
        self.tabs.addTab(page2, "Daftar periksa && pengamatan")
        self.tabs.addTab(page3, "Permasalahan")
        self.tabs.addTab(page4, "Rekomendasi")
        self.body.addWidget(self.tabs, 1)

        for w in (self.start_time, self.end_time, self.location, self.surat_tugas):
            w.textChanged.connect(self.mark_dirty)
        self.coop.editTextChanged.connect(self.mark_dirty)
        self.coop.currentIndexChanged.connect(self.mark_dirty)
        self.visited_on.dateChanged.connect(self.mark_dirty)
        self.kind.currentIndexChanged.connect(self.mark_dirty)
        self.next_visit.valueChanged.connect(self.mark_dirty)
        self.officers.itemChanged.connect(self.mark_dirty)
        self.observations.textChanged.connect(self.mark_dirty)
        for t in (self.reps, self.problems_table, self.recs_table):
            t.itemChanged.connect(self.mark_dirty)
        self.fill(visit, coop_key)
        self._dirty = False
        self.resize_to_width(920)
        self.setMinimumHeight(600)
        self.finish_layout()

    # ------------------------------------------------------------------ rows
    def _remove(self, table: QTableWidget) -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)
            self.mark_dirty()

    def add_rep(self, name: str, role: str) -> None:
        self.reps.blockSignals(True)
        row = self.reps.rowCount()
        self.reps.insertRow(row)
        self.reps.setItem(row, 0, QTableWidgetItem(name))
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItems(REPRESENTATIVE_ROLES)
        combo.setCurrentText(role)
        combo.currentTextChanged.connect(self.mark_dirty)
        self.reps.setCellWidget(row, 1, combo)
        self.reps.blockSignals(False)

    def add_problem_row(self, category: str = "kelembagaan", description: str = "",
                        severity: Severity = Severity.SEDANG) -> int:
        t = self.problems_table
        t.blockSignals(True)
        row = t.rowCount()
        t.insertRow(row)
        cat = QComboBox()
        for key, text in PROBLEM_CATEGORIES.items():
            cat.addItem(text, key)
        cat.setCurrentIndex(max(0, cat.findData(category)))
        sev = QComboBox()
        for s in Severity:
            sev.addItem(s.label, s.value)
        sev.setCurrentIndex(max(0, sev.findData(severity.value)))
        t.setCellWidget(row, 0, cat)
        t.setItem(row, 1, QTableWidgetItem(description))
        t.setCellWidget(row, 2, sev)
        t.blockSignals(False)
        self.mark_dirty()
        return row

    def add_rec_row(self, text: str = "", pic: str = "", due: str = "") -> int:
        t = self.recs_table
        t.blockSignals(True)
        row = t.rowCount()
        t.insertRow(row)
        for col, value in enumerate((text, pic, due)):
            t.setItem(row, col, QTableWidgetItem(value))
        t.blockSignals(False)
        self.mark_dirty()
        return row

    @staticmethod
    def _text(t: QTableWidget, row: int, col: int) -> str:
        item = t.item(row, col)
        return item.text().strip() if item else ""

    # ------------------------------------------------------------------ form
    def fill(self, v: Visit | None, coop_key: str | None) -> None:
        if v is None:
            self.coop.set_value(coop_key)
            self.add_rep("", "Ketua")
            return
        self.coop.set_value(v.coop_key)
        self.coop.setEnabled(False)
        self.visited_on.setValue(v.visited_on)
        self.start_time.setText(v.start_time or "")
        self.end_time.setText(v.end_time or "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(v.kind))))
        self.location.setText(v.location)
        self.surat_tugas.setText(v.surat_tugas)
        self.next_visit.setValue(v.next_visit_on)
        for name, role in v.representatives:
            self.add_rep(name, role)
        for key, combo in self.answers.items():
            answer = v.checklist.get(key)
            combo.setCurrentIndex([a for _t, a in ANSWER_CHOICES].index(answer))
        self.observations.setPlainText(v.observations)

    def officer_ids(self) -> list[int]:
        return [self.officers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.officers.count())
                if self.officers.item(i).checkState() == Qt.CheckState.Checked]

    def representatives(self) -> list[tuple[str, str]]:
        out = []
        for row in range(self.reps.rowCount()):
            name = self._text(self.reps, row, 0)
            if name:
                out.append((name, self.reps.cellWidget(row, 1).currentText().strip()))
        return out

    def new_problems(self) -> tuple[list[NewProblem], list[str]]:
        out, problems = [], []
        for row in range(self.problems_table.rowCount()):
            text = self._text(self.problems_table, row, 1)
            if not text:
                continue
            out.append(NewProblem(self.problems_table.cellWidget(row, 0).currentData(), text,
                                  Severity(self.problems_table.cellWidget(row, 2).currentData())))
        return out, problems

    def new_recommendations(self) -> tuple[list[NewRecommendation], list[str]]:
        out, problems = [], []
        visited = self.visited_on.value()
        for row in range(self.recs_table.rowCount()):
            text, pic, due_text = (self._text(self.recs_table, row, c) for c in range(3))
            if not (text or pic or due_text):
                continue
            n = row + 1
            due = fmt.parse_date(due_text) if due_text else None
            if not text:
                problems.append(f"Rekomendasi baris {n}: isi rekomendasinya wajib diisi.")
            if not pic:
                problems.append(f"Rekomendasi baris {n}: penanggung jawab di koperasi wajib diisi.")
            if not due_text:
                problems.append(f"Rekomendasi baris {n}: batas waktu wajib diisi (contoh: 31-01-2026).")
            elif due is None:
                problems.append(f"Rekomendasi baris {n}: batas waktu '{due_text}' bukan tanggal (contoh: 31-01-2026).")
            elif due < visited:
                problems.append(f"Rekomendasi baris {n}: batas waktu tidak boleh sebelum tanggal kunjungan.")
            out.append(NewRecommendation(text, pic, due))
        return out, problems

    def fields(self) -> dict:
        return {
            "coop_key": self.coop.value(), "visited_on": self.visited_on.value(), "kind": VisitKind(
                self.kind.currentData()), "officer_ids": self.officer_ids(),
            "start_time": self.start_time.text().strip() or None, "end_time": self.end_time.text().strip() or None,
            "location": self.location.text().strip(), "surat_tugas": self.surat_tugas.text().strip(),
            "representatives": tuple(self.representatives()),
            "checklist": {k: ANSWER_CHOICES[c.currentIndex()][1] for k, c in self.answers.items()},
            "observations": self.observations.toPlainText().strip(), "next_visit_on": self.next_visit.value()}

    def problems(self) -> list[str]:
        out = []
        coop_problem = "" if self.coop.value() else (
            "Koperasi wajib dipilih." if not self.coop.currentText().strip()
            else f"Koperasi '{self.coop.currentText().strip()}' tidak ada di daftar koperasi binaan.")
        mark_invalid(self.coop, bool(coop_problem) and self._dirty, coop_problem)
        if coop_problem:
            out.append(coop_problem)
        times = time_problems(self.start_time.text().strip() or None, self.end_time.text().strip() or None)
        mark_invalid(self.start_time, any(p.startswith("Jam mulai") for p in times), " ".join(times))
        mark_invalid(self.end_time, any(p.startswith("Jam selesai") for p in times), " ".join(times))
        out += times
        if not self.officer_ids():
            out.append("Pilih sedikitnya satu petugas yang berkunjung.")
        if self.next_visit.problem():
            out.append(f"Kunjungan berikutnya: {self.next_visit.problem()}")
        elif self.next_visit.value() is not None and self.next_visit.value() <= self.visited_on.value():
            out.append("Kunjungan berikutnya harus sesudah tanggal kunjungan ini.")
        out += self.new_recommendations()[1]
        return out

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session

        def done(visit: Visit) -> None:
            self.saved = visit
            self.done_ok()

        write(s, save_visit, s.ws, s.user, self.visit.id if self.visit else None, self.fields(),
              self.new_problems()[0], self.new_recommendations()[0], parent=self, busy="Menyimpan kunjungan...",
              on_success=done, problems_label=self.problems_label)


class FollowUpDialog(FormDialog):
    """Record the next step of one recommendation's follow-up."""

    def __init__(self, session: Session, rec: Recommendation, visited_on: dt.date, parent: QWidget | None = None):
        super().__init__("Catat tindak lanjut", "Simpan tindak lanjut", parent)
        self.session = session
        self.rec = rec
        self.visited_on = visited_on
        self.saved: Recommendation | None = None
        self.on = DateEdit(session.today())
        self.status = QComboBox()
        for st in FollowUpStatus:
            self.status.addItem(st.label, st.value)
        self.status.setCurrentIndex(max(0, self.status.findData(FollowUpStatus.PROSES.value)))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Apa yang sudah dilakukan koperasi")
        self.note.setMaximumHeight(90)
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("mis. notulen rapat pengurus 12-01-2026, foto buku kas")
        self.on_error = QLabel()
        self.on_error.setObjectName("error")
        self.on_error.hide()
        info = QLabel(f"<b>{rec.seq}. {rec.text}</b><br>Penanggung jawab: {rec.pic or '-'} · batas waktu "
                      f"{fmt.date_short(rec.due_on) if rec.due_on else '-'} · kunjungan "
                      f"{fmt.date_short(visited_on)} · status sekarang: {follow_up_label(rec.status)}")
        info.setWordWrap(True)
        history = "<br>".join(f"{fmt.date_short(f.on)} · {f.status.label}" + (f" · {f.note}" if f.note else "")
                              for f in rec.history) or "Belum ada tindak lanjut."
        form = QFormLayout()
        date_row = QVBoxLayout()
        date_row.addWidget(self.on)
        date_row.addWidget(self.on_error)
        form.addRow("Tanggal *", date_row)
        form.addRow("Status", self.status)
        form.addRow("Keterangan", self.note)
        form.addRow("Bukti", self.evidence)
        self.body.addWidget(info)
        self.body.addWidget(section("Riwayat tindak lanjut"))
        hist = QLabel(history)
        hist.setWordWrap(True)
        hist.setObjectName("hint")
        self.body.addWidget(hist)
        self.body.addLayout(form)
        self.on.dateChanged.connect(self.mark_dirty)
        self.status.currentIndexChanged.connect(self.mark_dirty)
        self.note.textChanged.connect(self.mark_dirty)
        self.evidence.textChanged.connect(self.mark_dirty)
        self.resize_to_width(560)
        self.finish_layout()

    def problems(self) -> list[str]:
        out = []
        on = self.on.value()
        if on < self.visited_on:
            out.append(f"Tanggal tindak lanjut ({fmt.date_short(on)}) tidak boleh sebelum tanggal kunjungan "
                       f"rekomendasi ini ({fmt.date_short(self.visited_on)}).")
        mark_invalid(self.on, bool(out), out[0] if out else "")
        self.on_error.setText(out[0] if out else "")
        self.on_error.setVisible(bool(out))
        return out

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session

        def done(rec) -> None:
            self.saved = rec
            self.done_ok()

        write(s, dinas.add_follow_up, s.ws, s.user, self.rec.id, on=self.on.value(),
              status=FollowUpStatus(self.status.currentData()), note=self.note.toPlainText().strip(),
              evidence=self.evidence.text().strip(), parent=self, busy="Menyimpan tindak lanjut...",
              on_success=done, problems_label=self.problems_label)
