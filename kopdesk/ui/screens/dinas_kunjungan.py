"""Kunjungan: the coaching visits (search, period, officer) and one visit's page: what was found, the checklist,
the recommendations with their follow-up history (a new follow-up per recommendation), attachments (add a photo or
a PDF scan, view it) and the berita acara to print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.dinas import CHECKLIST, PROBLEM_CATEGORIES, Visit
from kopdesk.domain.users import Perm
from kopdesk.services import dinas
from kopdesk.ui import printing
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.screens.dinas_common import DINAS_FLAGS, FOLLOW_UP_COLORS, card, officers_text, time_text, write
from kopdesk.ui.style import DANGER
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import DateEdit, hint_label, title_label

ANSWER = {True: "Ya", False: "Tidak", None: "-"}


class VisitListPage(QWidget):
    def __init__(self, screen: KunjunganScreen):
        super().__init__()
        self.screen = screen
        s = screen.session
        today = s.today()
        self.table = SearchableTable([
            Column("Tanggal", lambda v: v.visited_on, "date", width=95),
            Column("Koperasi", lambda v: v.coop_name, width=-1),
            Column("Jenis kunjungan", lambda v: v.kind.label, width=190),
            Column("Petugas", lambda v: officers_text(v.officers), width=240),
            Column("Temuan", lambda v: len(v.problems), "int", width=70),
            Column("Rekomendasi", lambda v: len(v.recommendations), "int", width=118),
            Column("Terbuka", lambda v: sum(1 for r in v.recommendations if r.status.open), "int", width=75),
            Column("Berikutnya", lambda v: v.next_visit_on, "date", width=95),
        ], export_name="kunjungan-pembinaan", search_placeholder="Cari koperasi, jenis atau petugas (Ctrl+F)")
        self.table.activated.connect(lambda v: screen.show_visit(v.id))
        self.date_from = DateEdit(dt.date(today.year - 1, 1, 1))
        self.date_to = DateEdit(today)
        self.officer = QComboBox()
        self.officer.setMinimumWidth(180)
        for w in (self.date_from, self.date_to):
            w.dateChanged.connect(lambda _d: screen.load())
        self.officer.currentIndexChanged.connect(lambda _i: screen.load())
        self.new_button = QPushButton("Kunjungan baru")
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(lambda: screen.new_visit())
        self.new_button.setVisible(s.can(Perm.DINAS))
        top = QHBoxLayout()
        top.addWidget(title_label("Kunjungan Pembinaan"))
        top.addStretch(1)
        top.addWidget(QLabel("Periode"))
        top.addWidget(self.date_from)
        top.addWidget(QLabel("s.d."))
        top.addWidget(self.date_to)
        top.addWidget(QLabel("Petugas"))
        top.addWidget(self.officer)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 6)
        lay.addLayout(top)
        lay.addLayout(actions)
        lay.addWidget(self.table, 1)

    def set_officers(self, officers) -> None:
        keep = self.officer.currentData()
        self.officer.blockSignals(True)
        self.officer.clear()
        self.officer.addItem("Semua petugas", None)
        for o in officers:
            self.officer.addItem(o.name, o.id)
        self.officer.setCurrentIndex(max(0, self.officer.findData(keep)) if keep is not None else 0)
        self.officer.blockSignals(False)


class VisitDetail(QWidget):
    def __init__(self, screen: KunjunganScreen):
        super().__init__()
        self.screen = screen
        self.session = screen.session
        self.visit: Visit | None = None
        self.dialog = None
        can = self.session.can(Perm.DINAS)
        today = self.session.today
        self.back_button = QPushButton("← Daftar kunjungan")
        self.back_button.clicked.connect(screen.show_list)
        self.heading = title_label("")
        self.edit_button = QPushButton("Ubah kunjungan")
        self.edit_button.clicked.connect(self.edit)
        self.print_button = QPushButton("Cetak berita acara")
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.clicked.connect(self.print_report)
        self.edit_button.setVisible(can)

        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop)
        info_scroll = QScrollArea()
        info_scroll.setWidgetResizable(True)
        info_scroll.setFrameShape(QFrame.Shape.NoFrame)
        info_scroll.setWidget(self.info)

        self.problems = SearchableTable([
            Column("Kategori", lambda p: PROBLEM_CATEGORIES.get(p.category, p.category), width=150),
            Column("Uraian", lambda p: p.description, width=-1),
            Column("Tingkat", lambda p: p.severity.label, width=80,
                   color=lambda p: DANGER if p.severity.value == "tinggi" else None),
        ], searchable=False, footer=False)
        self.problems.export_button.hide()
        self.recs = SearchableTable([
            Column("No.", lambda r: r.seq, "int", width=45),
            Column("Rekomendasi", lambda r: r.text, width=-1),
            Column("Penanggung jawab", lambda r: r.pic, width=125),
            Column("Batas waktu", lambda r: r.due_on, "date", width=90),
            Column("Status", lambda r: r.status.label + (" · lewat batas" if r.overdue(today()) else ""), width=145,
                   color=lambda r: DANGER if r.overdue(today()) else FOLLOW_UP_COLORS.get(r.status.value)),
            Column("Tindak lanjut terakhir", lambda r: (f"{fmt.date_short(r.history[-1].on)}: "
                                                        f"{r.history[-1].note or r.history[-1].status.label}")
                   if r.history else "", width=170),
        ], searchable=False, footer=False)
        self.recs.export_button.hide()
        self.recs.activated.connect(self.follow_up)
        self.follow_button = QPushButton("Catat tindak lanjut...")
        self.follow_button.setObjectName("primary")
        self.follow_button.clicked.connect(lambda: self.follow_up(self.recs.current_record()))
        self.follow_button.setVisible(can)
        self.history = QLabel()
        self.history.setObjectName("hint")
        self.history.setWordWrap(True)
        self.recs.selectionChanged.connect(self._show_history)

        self.attachments = SearchableTable([
            Column("File", lambda a: a.filename, width=-1),
            Column("Jenis", lambda a: dinas.attachment_kind_label(a.mime), width=110),
            Column("Ukuran", lambda a: f"{a.size / 1024:.0f} KB".replace(".", ","), width=80),
            Column("Keterangan", lambda a: a.caption, width=160),
        ], searchable=False, footer=False)
        self.attachments.export_button.hide()
        self.attachments.activated.connect(self.view_attachment)
        self.attach_button = QPushButton("Tambah lampiran...")
        self.attach_button.clicked.connect(self.add_attachment)
        self.attach_button.setVisible(can)
        self.view_button = QPushButton("Lihat")
        self.view_button.clicked.connect(lambda: self.view_attachment(self.attachments.current_record()))

        rec_buttons = QHBoxLayout()
        rec_buttons.addWidget(self.follow_button)
        rec_buttons.addWidget(self.history, 1)
        rec_box = QWidget()
        rb = QVBoxLayout(rec_box)
        rb.setContentsMargins(0, 0, 0, 0)
        rb.addWidget(self.recs, 1)
        rb.addLayout(rec_buttons)
        att_buttons = QHBoxLayout()
        att_buttons.addWidget(self.attach_button)
        att_buttons.addWidget(self.view_button)
        att_buttons.addStretch(1)
        att_box = QWidget()
        ab = QVBoxLayout(att_box)
        ab.setContentsMargins(0, 0, 0, 0)
        ab.addWidget(self.attachments, 1)
        ab.addLayout(att_buttons)

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(card("Kunjungan", info_scroll, stretch=1))
        left.addWidget(card("Lampiran (foto, pindaian)", att_box, stretch=1))
        left.setSizes([420, 200])
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(card("Permasalahan yang ditemukan", self.problems, stretch=1))
        right.addWidget(card("Rekomendasi dan tindak lanjut (klik dua kali untuk mencatat tindak lanjut)", rec_box,
                             stretch=1))
        right.setSizes([180, 420])
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left)
        body.addWidget(right)
        body.setSizes([430, 760])

        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addSpacing(8)
        head.addWidget(self.heading, 1)
        head.addWidget(self.edit_button)
        head.addWidget(self.print_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 6)
        lay.addLayout(head)
        lay.addWidget(body, 1)

    def show_visit(self, visit_id: int) -> None:
        v = dinas.get_visit(self.session.ws, visit_id)
        self.visit = v
        self.heading.setText(f"{v.coop_name} · {fmt.date_long(v.visited_on)}")
        when = time_text(v.start_time) + (f"–{time_text(v.end_time)}" if v.end_time else "")
        reps = "; ".join(f"{n} ({r})" if r else n for n, r in v.representatives) or "-"
        checks = "".join(f"<tr><td>{q}</td><td><b>{ANSWER[v.checklist.get(k)]}</b></td></tr>"
                         for k, q in CHECKLIST if k in v.checklist)
        officers = "<br>".join(f"{o.name}" + (f" · NIP {o.nip}" if o.nip else "") for o in v.officers)
        self.info.setText(
            f"<b>{v.kind.label}</b>" + (f", pukul {when}" if when else "") + "<br>"
            f"Tempat: {v.location or 'alamat koperasi'}<br>Surat tugas: {v.surat_tugas or '-'}<br>"
            f"<br><b>Petugas</b><br>{officers}<br><br><b>Perwakilan koperasi</b><br>{reps}<br>"
            f"<br><b>Daftar periksa</b><table cellspacing=2>{checks}</table>"
            f"<br><b>Hasil pengamatan</b><br>{v.observations or '-'}<br><br><b>Kunjungan berikutnya:</b> "
            f"{fmt.date_long(v.next_visit_on) if v.next_visit_on else 'belum dijadwalkan'}")
        self.problems.set_records(list(v.problems))
        keep = self.recs.current_record()
        self.recs.set_records(list(v.recommendations))
        if keep is not None:
            rows = [r.id for r in v.recommendations]
            if keep.id in rows:
                self.recs.select_row(rows.index(keep.id))
        elif v.recommendations:
            self.recs.select_row(0)
        self._show_history(self.recs.current_record())
        self.attachments.set_records(list(v.attachments))
        self.follow_button.setEnabled(bool(v.recommendations))
        self.view_button.setEnabled(bool(v.attachments))

    def _show_history(self, rec) -> None:
        if rec is None:
            self.history.setText("")
            return
        steps = " → ".join(f"{fmt.date_short(f.on)} {f.status.label}" for f in rec.history) or "belum ada"
        self.history.setText(f"Riwayat rekomendasi {rec.seq}: {steps}")

    def edit(self):
        from kopdesk.ui.dialogs.dinas_visit import VisitDialog

        if self.visit is None:
            return None
        self.dialog = VisitDialog(self.session, self.visit, parent=self)
        self.dialog.accepted.connect(lambda: self.show_visit(self.visit.id))
        self.dialog.open()
        return self.dialog

    def follow_up(self, rec):
        from kopdesk.ui.dialogs.dinas_visit import FollowUpDialog

        if rec is None or self.visit is None or not self.session.can(Perm.DINAS):
            return None
        self.dialog = FollowUpDialog(self.session, rec, self.visit.visited_on, self)
        self.dialog.accepted.connect(lambda: self.show_visit(self.visit.id))
        self.dialog.open()
        return self.dialog

    def add_attachment(self) -> None:
        if self.visit is None:
            return
        path = prompts().open_path(self, "Pilih foto atau pindaian", str(Path.home()),
                                   "Foto atau PDF (*.png *.jpg *.jpeg *.pdf)")
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            prompts().error(self, "File tidak bisa dibaca", f"File {path} tidak bisa dibaca: {exc.strerror or exc}.")
            return
        caption = prompts().ask_text(self, "Keterangan lampiran", "Keterangan (boleh kosong):", "") or ""
        s, vid = self.session, self.visit.id
        write(s, dinas.add_attachment, s.ws, s.user, vid, filename=Path(path).name, data=data, caption=caption,
              parent=self, busy="Menyimpan lampiran...", on_success=lambda _a: self.show_visit(vid))

    def view_attachment(self, info) -> None:
        if info is None:
            return
        data = dinas.attachment_data(self.session.ws, info.id)
        if info.mime == "application/pdf":
            out = printing.temp_pdf(f"lampiran-{info.id}.pdf")
            out.write_bytes(data)
            printing.show_pdf(out, info.filename, info.filename, self)
            return
        pix = QPixmap()
        pix.loadFromData(data)
        dlg = QDialog(self)
        dlg.setWindowTitle(f"Lampiran: {info.filename}")
        label = QLabel()
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setPixmap(pix.scaled(900, 620, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation))
        lay = QVBoxLayout(dlg)
        lay.addWidget(label, 1)
        if info.caption:
            lay.addWidget(hint_label(info.caption))
        close = QPushButton("Tutup")
        close.clicked.connect(dlg.accept)
        lay.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.dialog = dlg
        dlg.open()

    def report_doc(self) -> printing.Doc | None:
        if self.visit is None:
            return None
        s, vid = self.session, self.visit.id

        def make(out):
            from kopdesk.reports.dinas_reports import visit_report_pdf

            return visit_report_pdf(s.ws, vid, out)

        return printing.Doc(f"Berita Acara Kunjungan {self.visit.coop_name}", f"berita-acara-kunjungan-{vid}.pdf",
                            make)

    def print_report(self) -> None:
        doc = self.report_doc()
        if doc is not None:
            printing.preview(self.session, doc, self)


class KunjunganScreen(Screen):
    title = "Kunjungan"
    flags = DINAS_FLAGS

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self.list = VisitListPage(self)
        self.detail = VisitDetail(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.detail)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack)
        if session.can(Perm.DINAS):
            self.shortcut("Ctrl+N", self.new_visit)
        self.shortcut("Ctrl+P", self.detail.print_report)
        self.shortcut("Esc", self.show_list)

    def load(self) -> None:
        ws = self.ws
        self.list.set_officers(dinas.list_officers(ws, active_only=False))
        visits = dinas.list_visits(ws, date_from=self.list.date_from.value(), date_to=self.list.date_to.value(),
                                   officer_id=self.list.officer.currentData())
        self.list.table.set_records(visits)
        if self.stack.currentWidget() is self.detail and self.detail.visit is not None:
            self.detail.show_visit(self.detail.visit.id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list)

    def show_visit(self, visit_id: int) -> VisitDetail:
        self.detail.show_visit(visit_id)
        self.stack.setCurrentWidget(self.detail)
        return self.detail

    def new_visit(self, coop_key: str | None = None):
        from kopdesk.ui.dialogs.dinas_visit import VisitDialog

        if not dinas.list_officers(self.ws):
            prompts().error(self, "Belum ada petugas", "Daftarkan petugas dulu di Pengaturan > Petugas, lalu catat "
                                                       "kunjungan.")
            return None
        self.dialog = VisitDialog(self.session, None, coop_key, self)
        self.dialog.accepted.connect(self._added)
        self.dialog.open()
        return self.dialog

    def _added(self) -> None:
        if self.dialog is not None and self.dialog.saved is not None:
            self.show_visit(self.dialog.saved.id)
