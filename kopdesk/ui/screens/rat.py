"""RAT: the members' meetings (RAT of a financial year, RALB, rapat rencana kerja). Above, the list of meetings
(year, kind, date, status, quorum) with Rapat baru; below, the chosen meeting in tabs: Acara & tata tertib (date,
place, mode, chair, notulis, the editable agenda and tata tertib), Daftar hadir (record by member number or name,
in person / by proxy / online, the live quorum banner), Notulen (notes per agenda item, questions and answers),
Keputusan (numbered decisions with the vote, the SHU decision, elections), and the RAT report book. Printing:
invitation, attendance list, notulen, berita acara. Closing the meeting freezes it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.coop import PENGAWAS_ROLES, PENGURUS_ROLES
from kopdesk.domain.errors import KopDeskError
from kopdesk.domain.members import MemberStatus
from kopdesk.domain.rat import (
    DECISION_KINDS,
    AttendanceMode,
    ElectedOfficial,
    Meeting,
    MeetingKind,
    MeetingMode,
    Quorum,
)
from kopdesk.domain.users import Perm
from kopdesk.services import rat as rat_svc
from kopdesk.ui import printing
from kopdesk.ui.member_picker import MemberPicker
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.screens.rat_buku import RatBukuWidget
from kopdesk.ui.style import DANGER, OK
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import DateEdit, error_label, hint_label, show_problem

KIND_SHORT = {MeetingKind.RAT: "RAT", MeetingKind.RALB: "RALB", MeetingKind.RA_RENCANA_KERJA: "RA Rencana Kerja"}
STATUS_TEXT = {"rencana": "Direncanakan", "selesai": "Selesai"}
SEATED = (MemberStatus.AKTIF, MemberStatus.NON_AKTIF, MemberStatus.KELUAR, MemberStatus.MENINGGAL,
          MemberStatus.DIBERHENTIKAN)


def quorum_text(q: Quorum) -> str:
    """"Kuorum tercapai: hadir 7 dari 12 anggota terdaftar (5 langsung, 1 kuasa, 1 daring); diperlukan 7 ..."."""
    head = "Kuorum tercapai" if q.reached else f"Kuorum belum tercapai (kurang {q.short})"
    which = "rapat yang ditunda" if q.postponed else q.rule_text
    return (f"{head}: hadir {q.present} dari {q.registered} anggota terdaftar ({q.in_person} langsung, "
            f"{q.by_proxy} kuasa, {q.online} daring); diperlukan {q.required} ({which}).")


KIND_OF_DECISION = {"umum": "Umum", "lpj": "LPJ & lap. keuangan", "shu": "Pembagian SHU",
                    "rapb": "Rencana kerja & RAPB", "pemilihan": "Pemilihan", "adart": "Perubahan AD/ART"}


def voting_short(d) -> str:
    if d.voting == "musyawarah":
        return "Musyawarah untuk mufakat"
    return f"Suara: {d.votes_for} setuju, {d.votes_against} tidak, {d.votes_abstain or 0} abstain"


def _year_text(m: Meeting) -> str:
    return str(m.year) if m.year else ""


class _Tab(QWidget):
    def __init__(self, screen: RatScreen):
        super().__init__()
        self.screen = screen

    @property
    def session(self):
        return self.screen.session

    def meeting(self) -> Meeting | None:
        return self.screen.meeting

    def run(self, fn, *args, busy: str = "Menyimpan...", then=None, **kwargs) -> None:
        s = self.session

        def done(result) -> None:
            self.screen.reload(keep=True)
            if then is not None:
                then(result)

        s.runner.run(fn, s.ws, s.user, *args, parent=self, busy=busy, on_success=done, **kwargs)


# ------------------------------------------------------------------------------------------------ acara


class AcaraTab(_Tab):
    """Date, times, place, mode, chair, notulis, witnesses, guests, the agenda (one item per line), tata tertib."""

    def __init__(self, screen: RatScreen):
        super().__init__(screen)
        self.held_on = DateEdit()
        self.start_time = QLineEdit()
        self.start_time.setMaximumWidth(70)
        self.mode = QComboBox()
        for m in MeetingMode:
            self.mode.addItem(m.label, m.value)
        self.place = QLineEdit()
        self.link = QLineEdit()
        self.chair = QLineEdit()
        self.notulis = QLineEdit()
        self.witnesses = QLineEdit()
        self.witnesses.setPlaceholderText("dua anggota, dipisah koma")
        self.guests = QLineEdit()
        self.guests.setPlaceholderText("mis. Dinas Koperasi, Dekopinda (dipisah koma)")
        self.postponed = QCheckBox("Rapat yang ditunda (kuorum lebih rendah sesuai ART)")
        self.agenda = QPlainTextEdit()
        self.agenda.setPlaceholderText("Satu mata acara per baris")
        self.tata_tertib = QPlainTextEdit()
        self.problem = error_label()
        self.save_button = QPushButton("Simpan acara dan tata tertib")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        when = QHBoxLayout()
        when.addWidget(self.held_on)
        when.addWidget(QLabel("jam"))
        when.addWidget(self.start_time)
        when.addStretch(1)
        form = QFormLayout()
        form.setVerticalSpacing(4)
        form.addRow("Tanggal", when)
        form.addRow("Bentuk", self.mode)
        form.addRow("Tempat", self.place)
        form.addRow("Tautan daring", self.link)
        form.addRow("Pimpinan rapat", self.chair)
        form.addRow("Notulis", self.notulis)
        form.addRow("Saksi", self.witnesses)
        form.addRow("Undangan", self.guests)
        form.addRow("", self.postponed)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(form)
        ll.addStretch(1)
        left.setFixedWidth(430)
        texts = QGridLayout()
        texts.addWidget(QLabel("<b>Acara rapat</b>"), 0, 0)
        texts.addWidget(QLabel("<b>Tata tertib</b>"), 0, 1)
        texts.addWidget(self.agenda, 1, 0)
        texts.addWidget(self.tata_tertib, 1, 1)
        body = QHBoxLayout()
        body.addWidget(left)
        body.addLayout(texts, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.problem, 1)
        bottom.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addLayout(bottom)

    def show_meeting(self, m: Meeting, editable: bool) -> None:
        self.held_on.setValue(m.held_on)
        self.start_time.setText(m.start_time or "")
        self.mode.setCurrentIndex(self.mode.findData(m.mode.value))
        self.place.setText(m.place)
        self.link.setText(m.online_link)
        self.chair.setText(m.chair)
        self.notulis.setText(m.notulis)
        self.witnesses.setText(", ".join(m.witnesses))
        self.guests.setText(", ".join(m.guests))
        self.postponed.setChecked(m.postponed)
        self.agenda.setPlainText("\n".join(a.title for a in m.agenda))
        self.tata_tertib.setPlainText(m.tata_tertib)
        for w in (self.held_on, self.start_time, self.mode, self.place, self.link, self.chair, self.notulis,
                  self.witnesses, self.guests, self.postponed):
            w.setEnabled(editable)
        self.agenda.setReadOnly(not editable)
        self.tata_tertib.setReadOnly(not editable)
        self.save_button.setVisible(editable)
        show_problem(self.problem, "")

    def values(self) -> dict:
        def split(text: str) -> list[str]:
            return [x.strip() for x in text.split(",") if x.strip()]

        return dict(held_on=self.held_on.value(), start_time=self.start_time.text().strip() or None,
                    mode=self.mode.currentData(), place=self.place.text(), online_link=self.link.text(),
                    chair=self.chair.text(), notulis=self.notulis.text(), witnesses=split(self.witnesses.text()),
                    guests=split(self.guests.text()), postponed=self.postponed.isChecked(),
                    agenda=[x.strip() for x in self.agenda.toPlainText().splitlines() if x.strip()],
                    tata_tertib=self.tata_tertib.toPlainText())

    def save(self) -> None:
        m = self.meeting()
        if m is None:
            return
        self.run(rat_svc.update_meeting, m.id, busy="Menyimpan acara rapat...", **self.values())


# ------------------------------------------------------------------------------------------------ daftar hadir


class HadirTab(_Tab):
    """Record attendance by member number or name; the quorum banner follows every change."""

    def __init__(self, screen: RatScreen):
        super().__init__(screen)
        ws = screen.session.ws
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("quorum")
        self.picker = MemberPicker(ws, statuses=SEATED)
        self.picker.setMinimumWidth(260)
        self.mode = QComboBox()
        for m in AttendanceMode:
            self.mode.addItem(m.label, m.value)
        self.proxy = MemberPicker(ws, statuses=SEATED)
        self.proxy.setPlaceholderText("Pemegang kuasa (anggota yang hadir)")
        self.proxy.setMinimumWidth(240)
        self.add_button = QPushButton("Catat hadir")
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add)
        self.picker.returnPressed.connect(self.add)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.problem = error_label()
        self.table = SearchableTable([
            Column("Nomor", lambda a: a.member_number, width=80),
            Column("Nama", lambda a: a.name, width=-1),
            Column("L/P", lambda a: a.gender, width=40),
            Column("Cara hadir", lambda a: a.mode.label, width=130),
            Column("Pemegang kuasa", lambda a: a.proxy_name, width=200),
        ], export_name="daftar-hadir-rapat", search_placeholder="Cari nama atau nomor anggota", footer=False)
        self.remove_button = QPushButton("Hapus dari daftar")
        self.remove_button.clicked.connect(self.remove)
        self.table.toolbar.addWidget(self.remove_button)
        self.entry = QWidget()
        row = QHBoxLayout(self.entry)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Anggota"))
        row.addWidget(self.picker, 2)
        row.addWidget(self.mode)
        row.addWidget(self.proxy, 2)
        row.addWidget(self.add_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.entry)
        lay.addWidget(self.problem)
        lay.addWidget(self.table, 1)
        self._mode_changed()

    def _mode_changed(self, *_):
        self.proxy.setEnabled(self.mode.currentData() == AttendanceMode.KUASA.value)

    def show_meeting(self, m: Meeting, editable: bool) -> None:
        ws = self.session.ws
        self.table.set_records(rat_svc.attendance(ws, m.id))
        self.show_quorum(rat_svc.quorum(ws, m.id))
        self.entry.setVisible(editable)
        self.remove_button.setVisible(editable)
        default = AttendanceMode.DARING if m.mode == MeetingMode.DARING else AttendanceMode.LANGSUNG
        if self.mode.currentData() == AttendanceMode.DARING.value and m.mode == MeetingMode.LURING:
            self.mode.setCurrentIndex(self.mode.findData(default.value))

    def show_quorum(self, q: Quorum) -> None:
        color, bg = (OK, "#e6f4ea") if q.reached else (DANGER, "#fdecea")
        self.banner.setStyleSheet(f"QLabel#quorum {{ color: {color}; background: {bg}; border: 1px solid {color};"
                                  " border-radius: 4px; padding: 6px 10px; font-weight: bold; }")
        self.banner.setText(quorum_text(q))
        self.quorum = q

    def add(self) -> None:
        m = self.meeting()
        member = self.picker.member()
        if m is None:
            return
        if member is None:
            show_problem(self.problem, self.picker.problem())
            return
        mode = self.mode.currentData()
        holder = self.proxy.member() if mode == AttendanceMode.KUASA.value else None
        if mode == AttendanceMode.KUASA.value and holder is None:
            show_problem(self.problem, "Pilih pemegang kuasa: anggota yang hadir dan mewakili anggota ini.")
            return
        problems = rat_svc.attendance_problems(self.session.ws, m.id, member.id, mode, holder.id if holder else None)
        if problems:
            show_problem(self.problem, " ".join(problems))
            return
        show_problem(self.problem, "")

        def done(_r) -> None:
            self.picker.set_member(None)
            self.proxy.set_member(None)
            self.picker.setFocus()

        self.run(rat_svc.record_attendance, m.id, member.id, mode, holder.id if holder else None,
                 busy="Mencatat kehadiran...", then=done)

    def remove(self) -> None:
        m, a = self.meeting(), self.table.current_record()
        if m is None or a is None:
            show_problem(self.problem, "Pilih anggota di daftar hadir yang akan dihapus.")
            return
        if not prompts().confirm(self, "Hapus dari daftar hadir?", f"{a.member_number} {a.name} dihapus dari daftar "
                                 "hadir rapat ini.", ok_text="Ya, hapus"):
            return
        self.run(rat_svc.remove_attendance, m.id, a.member_id, busy="Menghapus kehadiran...")


# ------------------------------------------------------------------------------------------------ notulen


class NotulenTab(_Tab):
    """Per agenda item: the notes of the proceedings, and the questions and answers."""

    def __init__(self, screen: RatScreen):
        super().__init__(screen)
        self.items = QListWidget()
        self.items.setFixedWidth(330)
        self.items.setWordWrap(True)
        self.items.currentRowChanged.connect(self._show_item)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Ringkasan jalannya mata acara ini")
        self.save_notes_button = QPushButton("Simpan catatan")
        self.save_notes_button.clicked.connect(self.save_notes)
        self.qa = SearchableTable([
            Column("No", lambda q: q.seq, "int", width=36),
            Column("Penanya", lambda q: q.asker, width=150),
            Column("Pertanyaan", lambda q: q.question, width=-1),
            Column("Jawaban", lambda q: q.answer, width=260),
            Column("Dijawab oleh", lambda q: q.answered_by, width=130),
        ], export_name="tanya-jawab", footer=False, searchable=False)
        self.qa.export_button.hide()
        self.asker = MemberPicker(screen.session.ws, statuses=SEATED)
        self.asker.setPlaceholderText("Penanya: nomor atau nama anggota")
        self.question = QLineEdit()
        self.question.setPlaceholderText("Pertanyaan")
        self.answer = QLineEdit()
        self.answer.setPlaceholderText("Jawaban")
        self.answered_by = QLineEdit()
        self.answered_by.setPlaceholderText("Dijawab oleh")
        self.add_button = QPushButton("Tambah tanya jawab")
        self.add_button.clicked.connect(self.add_question)
        self.problem = error_label()
        self.entry = QWidget()
        grid = QGridLayout(self.entry)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.asker, 0, 0)
        grid.addWidget(self.question, 0, 1, 1, 2)
        grid.addWidget(self.answered_by, 1, 0)
        grid.addWidget(self.answer, 1, 1)
        grid.addWidget(self.add_button, 1, 2)
        grid.setColumnStretch(1, 1)
        right = QVBoxLayout()
        notes_head = QHBoxLayout()
        self.item_title = QLabel()
        self.item_title.setWordWrap(True)
        notes_head.addWidget(self.item_title, 1)
        notes_head.addWidget(self.save_notes_button)
        right.addLayout(notes_head)
        right.addWidget(self.notes, 2)
        right.addWidget(QLabel("<b>Tanya jawab</b>"))
        right.addWidget(self.qa, 3)
        right.addWidget(self.entry)
        right.addWidget(self.problem)
        lay = QHBoxLayout(self)
        lay.addWidget(self.items)
        lay.addLayout(right, 1)
        self._editable = False

    def show_meeting(self, m: Meeting, editable: bool) -> None:
        self._editable = editable
        row = max(self.items.currentRow(), 0)
        self.items.blockSignals(True)
        self.items.clear()
        for a in m.agenda:
            mark = " ✓" if a.notes else ""
            self.items.addItem(f"{a.seq}. {a.title}{mark}" + (f"  ({len(a.questions)} tanya jawab)"
                                                              if a.questions else ""))
        self.items.blockSignals(False)
        self.items.setCurrentRow(min(row, self.items.count() - 1))
        self._show_item(self.items.currentRow())
        self.entry.setVisible(editable)
        self.save_notes_button.setVisible(editable)
        self.notes.setReadOnly(not editable)

    def current_seq(self) -> int | None:
        m = self.meeting()
        row = self.items.currentRow()
        return m.agenda[row].seq if m and 0 <= row < len(m.agenda) else None

    def _show_item(self, row: int) -> None:
        m = self.meeting()
        if m is None or not (0 <= row < len(m.agenda)):
            self.notes.setPlainText("")
            self.qa.set_records([])
            return
        a = m.agenda[row]
        self.item_title.setText(f"<b>Mata acara {a.seq}</b>: {a.title}")
        self.notes.setPlainText(a.notes)
        self.qa.set_records(list(a.questions))
        show_problem(self.problem, "")

    def save_notes(self) -> None:
        m, seq = self.meeting(), self.current_seq()
        if m is None or seq is None:
            return
        self.run(rat_svc.set_agenda_notes, m.id, seq, self.notes.toPlainText(), busy="Menyimpan notulen...")

    def add_question(self) -> None:
        m, seq = self.meeting(), self.current_seq()
        if m is None or seq is None:
            return
        member = self.asker.member()
        asker = "" if member else self.asker.text().strip()
        if member is None and not asker:
            show_problem(self.problem, "Penanya wajib diisi (nomor atau nama anggota).")
            return
        if not self.question.text().strip():
            show_problem(self.problem, "Pertanyaan wajib diisi.")
            return
        show_problem(self.problem, "")

        def done(_r) -> None:
            for w in (self.question, self.answer, self.answered_by):
                w.clear()
            self.asker.set_member(None)

        self.run(rat_svc.add_question, m.id, seq, asker=asker, question=self.question.text(),
                 answer=self.answer.text(), answered_by=self.answered_by.text(),
                 member_id=member.id if member else None, busy="Menyimpan tanya jawab...", then=done)


# ------------------------------------------------------------------------------------------------ keputusan


class KeputusanTab(_Tab):
    """Numbered decisions: kind, title, text, agenda item, consensus or vote (for / against / abstain); the SHU
    decision approves the year's SHU; an election lists those elected, who replace the officials."""

    def __init__(self, screen: RatScreen):
        super().__init__(screen)
        self.table = SearchableTable([
            Column("Nomor", lambda d: d.number, width=100),
            Column("Jenis", lambda d: KIND_OF_DECISION.get(d.kind, d.kind), width=150),
            Column("Judul", lambda d: d.title, width=-1),
            Column("Pengambilan keputusan", lambda d: voting_short(d), width=290),
            Column("Hasil", lambda d: "Diterima" if d.accepted else "Ditolak", width=80,
                   color=lambda d: OK if d.accepted else DANGER),
        ], export_name="keputusan-rapat", footer=False, searchable=False)
        self.table.export_button.hide()
        self.delete_button = QPushButton("Hapus keputusan")
        self.delete_button.clicked.connect(self.delete)
        self.table.toolbar.addStretch(1)
        self.table.toolbar.addWidget(self.delete_button)
        self.kind = QComboBox()
        for k, label in DECISION_KINDS.items():
            self.kind.addItem(label, k)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.title = QLineEdit()
        self.title.setPlaceholderText("Judul keputusan")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Isi keputusan")
        self.text.setMaximumHeight(58)
        self.agenda_seq = QSpinBox()
        self.agenda_seq.setMinimumWidth(56)
        self.agenda_seq.setRange(0, 50)
        self.agenda_seq.setSpecialValueText("-")
        self.voting = QComboBox()
        self.voting.addItem("Musyawarah untuk mufakat", "musyawarah")
        self.voting.addItem("Pemungutan suara", "suara")
        self.voting.currentIndexChanged.connect(self._voting_changed)
        self.votes = {k: QSpinBox() for k in ("for", "against", "abstain")}
        for spin in self.votes.values():
            spin.setRange(0, 100_000)
        self.number = QLineEdit()
        self.number.setPlaceholderText("otomatis")
        self.number.setMaximumWidth(120)
        # election
        self.el_body = QComboBox()
        self.el_body.addItem("Pengurus", "pengurus")
        self.el_body.addItem("Pengawas", "pengawas")
        self.el_role = QComboBox()
        self.el_role.setEditable(True)
        self.el_body.currentIndexChanged.connect(self._roles)
        self.el_name = QLineEdit()
        self.el_name.setPlaceholderText("Nama yang terpilih")
        self.el_start = DateEdit()
        self.el_end = DateEdit()
        self.el_add = QPushButton("Tambah")
        self.el_add.clicked.connect(self.add_elected)
        self.el_list = QLabel()
        self.el_list.setWordWrap(True)
        self.elected: list[ElectedOfficial] = []
        self.election = QFrame()
        el = QGridLayout(self.election)
        el.setContentsMargins(0, 0, 0, 0)
        el.addWidget(QLabel("Terpilih"), 0, 0)
        el.addWidget(self.el_body, 0, 1)
        el.addWidget(self.el_role, 0, 2)
        el.addWidget(self.el_name, 0, 3)
        el.addWidget(QLabel("masa jabatan"), 0, 4)
        el.addWidget(self.el_start, 0, 5)
        el.addWidget(self.el_end, 0, 6)
        el.addWidget(self.el_add, 0, 7)
        el.addWidget(self.el_list, 1, 1, 1, 7)
        el.setColumnStretch(3, 1)
        self._roles()
        self.add_button = QPushButton("Tambah keputusan")
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add)
        self.problem = error_label()
        self.entry = QFrame()
        self.entry.setObjectName("card")
        g = QGridLayout(self.entry)
        g.setContentsMargins(10, 8, 10, 8)
        g.setVerticalSpacing(4)
        g.addWidget(QLabel("Jenis"), 0, 0)
        g.addWidget(self.kind, 0, 1)
        g.addWidget(QLabel("Mata acara"), 0, 2)
        g.addWidget(self.agenda_seq, 0, 3)
        g.addWidget(QLabel("Nomor"), 0, 4)
        g.addWidget(self.number, 0, 5)
        g.addWidget(self.title, 1, 0, 1, 6)
        g.addWidget(self.text, 2, 0, 1, 6)
        votes = QHBoxLayout()
        votes.addWidget(self.voting)
        for label, key in (("setuju", "for"), ("tidak setuju", "against"), ("abstain", "abstain")):
            votes.addSpacing(8)
            votes.addWidget(QLabel(label))
            votes.addWidget(self.votes[key])
        votes.addStretch(1)
        votes.addWidget(self.add_button)
        g.addLayout(votes, 3, 0, 1, 6)
        g.addWidget(self.election, 4, 0, 1, 6)
        g.addWidget(self.problem, 5, 0, 1, 6)
        g.setColumnStretch(1, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.entry)
        self._kind_changed()
        self._voting_changed()

    def _roles(self, *_):
        self.el_role.clear()
        self.el_role.addItems(PENGURUS_ROLES if self.el_body.currentData() == "pengurus" else PENGAWAS_ROLES)

    def _kind_changed(self, *_):
        self.election.setVisible(self.kind.currentData() == "pemilihan")

    def _voting_changed(self, *_):
        vote = self.voting.currentData() == "suara"
        for spin in self.votes.values():
            spin.setEnabled(vote)

    def show_meeting(self, m: Meeting, editable: bool) -> None:
        self.table.set_records(rat_svc.decisions(self.session.ws, m.id))
        self.entry.setVisible(editable and self.session.can(Perm.PROFILE))
        self.delete_button.setVisible(editable and self.session.can(Perm.PROFILE))
        self.agenda_seq.setMaximum(len(m.agenda))
        self.el_start.setValue(m.held_on)
        end = m.held_on
        self.el_end.setValue(end.replace(year=end.year + 5) - dt.timedelta(days=1)
                             if not (end.month == 2 and end.day == 29) else end.replace(year=end.year + 5, day=28))

    def add_elected(self) -> None:
        name = self.el_name.text().strip()
        if not name:
            show_problem(self.problem, "Nama yang terpilih wajib diisi.")
            return
        self.elected.append(ElectedOfficial(self.el_body.currentData(), self.el_role.currentText().strip(), name,
                                            self.el_start.value(), self.el_end.value()))
        self.el_name.clear()
        self._show_elected()

    def _show_elected(self) -> None:
        self.el_list.setText("; ".join(f"{e.role} {e.name} ({fmt.date_short(e.term_start)} s.d. "
                                       f"{fmt.date_short(e.term_end)})" for e in self.elected))

    def add(self) -> None:
        m = self.meeting()
        if m is None:
            return
        kind = self.kind.currentData()
        if not self.title.text().strip():
            show_problem(self.problem, "Judul keputusan wajib diisi.")
            return
        show_problem(self.problem, "")
        vote = self.voting.currentData() == "suara"
        kwargs = dict(kind=kind, title=self.title.text(), text=self.text.toPlainText(),
                      voting=self.voting.currentData(), agenda_seq=self.agenda_seq.value() or None,
                      number=self.number.text().strip() or None,
                      elected=list(self.elected) if kind == "pemilihan" else [])
        if vote:
            kwargs.update(votes_for=self.votes["for"].value(), votes_against=self.votes["against"].value(),
                          votes_abstain=self.votes["abstain"].value())
        if kind == "shu" and not prompts().confirm(
                self, "Keputusan pembagian SHU", f"Keputusan ini menyetujui pembagian SHU tahun buku {m.year}; "
                "sesudah itu SHU bisa dibukukan di menu Tutup Buku/SHU. Lanjutkan?", ok_text="Ya, simpan"):
            return

        def done(_r) -> None:
            self.title.clear()
            self.text.clear()
            self.number.clear()
            self.elected = []
            self._show_elected()

        self.run(rat_svc.add_decision, m.id, busy="Menyimpan keputusan...", then=done, **kwargs)

    def delete(self) -> None:
        d = self.table.current_record()
        if d is None:
            show_problem(self.problem, "Pilih keputusan yang akan dihapus.")
            return
        if not prompts().confirm(self, "Hapus keputusan?", f"Keputusan {d.number} ({d.title}) dihapus.",
                                 ok_text="Ya, hapus"):
            return
        self.run(rat_svc.delete_decision, d.id, busy="Menghapus keputusan...")


# ------------------------------------------------------------------------------------------------ screen


class RatScreen(Screen):
    title = "RAT"
    flags = ("members", "settings", "profile", "periods", "ledger")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.meeting: Meeting | None = None
        self.meetings_table = SearchableTable([
            Column("Tahun", lambda m: _year_text(m), width=64),
            Column("Jenis", lambda m: KIND_SHORT[m.kind], width=120),
            Column("Tanggal", lambda m: m.held_on, "date", width=90),
            Column("Judul", lambda m: m.title, width=-1),
            Column("Undangan", lambda m: m.invitation_number, width=170),
            Column("Status", lambda m: STATUS_TEXT.get(m.status, m.status), width=100),
            Column("Kuorum", lambda m: self._quorum_cell(m), width=190,
                   color=lambda m: OK if self._quorums.get(m.id) and self._quorums[m.id].reached else DANGER),
        ], export_name="daftar-rapat", search_placeholder="Cari rapat", footer=False)
        self._quorums: dict[int, Quorum] = {}
        self.meetings_table.selectionChanged.connect(self._selected)
        self.new_button = QPushButton("Rapat baru...")
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_meeting)
        self.new_button.setVisible(session.can(Perm.MEMBERS))
        self.meetings_table.toolbar.addWidget(self.new_button)
        self.meetings_table.export_button.hide()

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.print_buttons = {}
        prints = QHBoxLayout()
        for key, text in (("undangan", "Undangan"), ("hadir", "Daftar hadir"), ("notulen", "Notulen"),
                          ("berita", "Berita acara")):
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, k=key: self.print_doc(k))
            self.print_buttons[key] = b
            prints.addWidget(b)
        self.end_time = QLineEdit()
        self.end_time.setPlaceholderText("jam selesai")
        self.end_time.setMaximumWidth(86)
        self.close_button = QPushButton("Tutup rapat")
        self.close_button.clicked.connect(self.close_meeting)
        self.close_problem = error_label()
        head = QHBoxLayout()
        head.addWidget(self.header, 1)
        head.addLayout(prints)
        head.addSpacing(12)
        head.addWidget(self.end_time)
        head.addWidget(self.close_button)

        self.tabs = QTabWidget()
        self.acara = AcaraTab(self)
        self.hadir = HadirTab(self)
        self.notulen = NotulenTab(self)
        self.keputusan = KeputusanTab(self)
        self.buku = RatBukuWidget(session)
        self.tabs.addTab(self.acara, "Acara && tata tertib")
        self.tabs.addTab(self.hadir, "Daftar hadir")
        self.tabs.addTab(self.notulen, "Notulen")
        self.tabs.addTab(self.keputusan, "Keputusan")
        self.tabs.addTab(self.buku, "Buku Laporan RAT")
        self.empty = hint_label("Belum ada rapat. Buat rapat baru: RAT tahun buku yang sudah ditutup, RALB, atau "
                                "rapat anggota rencana kerja.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addLayout(head)
        dl.addWidget(self.close_problem)
        dl.addWidget(self.tabs, 1)
        self.detail = detail
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.meetings_table)
        split.addWidget(detail)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([150, 560])
        self.meetings_table.setMinimumHeight(120)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(self.empty)

    def _quorum_cell(self, m: Meeting) -> str:
        q = self._quorums.get(m.id)
        if q is None:
            return ""
        return f"{q.present}/{q.registered} · " + ("tercapai" if q.reached else f"perlu {q.required}")

    # reading
    def load(self) -> None:
        self.reload()

    def reload(self, keep: bool = False, select: int | None = None) -> None:
        ws = self.ws
        current = select or (self.meeting.id if self.meeting and keep else None)
        meetings = list(reversed(rat_svc.list_meetings(ws)))      # newest first
        self._quorums = {m.id: rat_svc.quorum(ws, m.id) for m in meetings}
        self.meetings_table.set_records(meetings)
        self.empty.setVisible(not meetings)
        self.detail.setVisible(bool(meetings))
        if not meetings:
            self.meeting = None
            return
        ids = [m.id for m in self.meetings_table.visible_records()]
        row = ids.index(current) if current in ids else 0
        self.meetings_table.select_row(row)
        self.show_meeting(self.meetings_table.visible_records()[row].id)

    def _selected(self, m) -> None:
        if m is not None and (self.meeting is None or m.id != self.meeting.id):
            self.show_meeting(m.id)

    def show_meeting(self, meeting_id: int) -> None:
        ws = self.ws
        m = rat_svc.get_meeting(ws, meeting_id)
        self.meeting = m
        editable = not m.closed and self.session.can(Perm.MEMBERS)
        when = f"{fmt.day_name(m.held_on)}, {fmt.date_long(m.held_on)}"
        times = f" pukul {m.start_time}" + (f"-{m.end_time}" if m.end_time else "") if m.start_time else ""
        self.header.setText(f"<b>{m.title}</b> · {when}{times} · undangan {m.invitation_number} · "
                            f"<b>{STATUS_TEXT.get(m.status, m.status)}</b>")
        for tab in (self.acara, self.hadir, self.notulen, self.keputusan):
            tab.show_meeting(m, editable)
        can_close = not m.closed and self.session.can(Perm.PROFILE)
        self.end_time.setVisible(can_close)
        self.close_button.setVisible(can_close)
        if m.end_time:
            self.end_time.setText(m.end_time)
        for key in ("notulen", "berita"):
            self.print_buttons[key].setEnabled(m.closed)
        show_problem(self.close_problem, "")
        if self.buku is not None:
            try:
                self.buku.set_year(m.year or m.held_on.year - 1)
            except KopDeskError as exc:   # the report book of a year that cannot be built yet: said in place
                show_problem(self.close_problem, exc.message)

    # actions
    def new_meeting(self) -> None:
        from kopdesk.ui.dialogs.rat_meeting import NewMeetingDialog

        dlg = NewMeetingDialog(self.session, self)
        self._dialog = dlg
        dlg.accepted.connect(lambda: self.reload(select=dlg.created.id if dlg.created else None))
        dlg.open()
        return dlg

    def close_meeting(self) -> None:
        m = self.meeting
        if m is None:
            return
        end = self.end_time.text().strip()
        if not rat_svc.TIME_RE.match(end):
            show_problem(self.close_problem, "Jam selesai rapat wajib diisi dengan format JJ:MM, mis. 12:30.")
            return
        q = rat_svc.quorum(self.ws, m.id)
        if not prompts().confirm(self, "Tutup rapat?", f"{m.title} ditutup pukul {end}. {quorum_text(q)}\nSesudah "
                                 "ditutup, daftar hadir, notulen dan keputusan tidak bisa diubah lagi.",
                                 ok_text="Ya, tutup rapat"):
            return
        s = self.session
        s.runner.run(rat_svc.close_meeting, s.ws, s.user, m.id, end_time=end, parent=self, busy="Menutup rapat...",
                     on_success=lambda _r: self.reload(keep=True))

    def doc(self, key: str) -> printing.Doc | None:
        m, s = self.meeting, self.session
        if m is None:
            return None
        slug = m.invitation_number.replace("/", "-")

        def reports():
            from kopdesk.reports import rat_reports

            return rat_reports

        if key == "undangan":
            return printing.Doc(f"Undangan {m.title}", f"undangan-{slug}.pdf",
                                lambda out: reports().invitation_pdf(s.ws, m.id, out))
        if key == "hadir":
            return printing.Doc(f"Daftar Hadir {m.title}", f"daftar-hadir-{slug}.pdf",
                                lambda out: reports().attendance_list_pdf(s.ws, m.id, out, blank=not m.closed))
        if key == "notulen":
            return printing.Doc(f"Notulen {m.title}", f"notulen-{slug}.pdf",
                                lambda out: reports().minutes_pdf(s.ws, m.id, out))
        return printing.Doc(f"Berita Acara {m.title}", f"berita-acara-{slug}.pdf",
                            lambda out: reports().berita_acara_pdf(s.ws, m.id, out))

    def print_doc(self, key: str) -> None:
        doc = self.doc(key)
        if doc is not None:
            printing.preview(self.session, doc, self)
