"""Rapat baru: the kind of meeting, the financial year it reports on (RAT), date, start time, mode, place or online
link. The agenda (spec §3.5) and the tata tertib start from the defaults and are edited on the meeting's first tab."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox

from kopdesk.domain.rat import MeetingKind, MeetingMode
from kopdesk.services import rat as rat_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import DateEdit, hint_label

TIME_HINT = "JJ:MM, mis. 09:00"


class NewMeetingDialog(FormDialog):
    def __init__(self, session: Session, parent=None, *, year: int | None = None):
        super().__init__("Rapat anggota baru", "Buat rapat", parent)
        self.session = session
        self.created = None
        self.resize_to_width(520)
        today = session.today()
        self.kind = QComboBox()
        for k in MeetingKind:
            self.kind.addItem(k.label, k.value)
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setGroupSeparatorShown(False)
        self.year.setValue(year or today.year - 1)
        self.held_on = DateEdit(today + dt.timedelta(days=21))
        self.invitation_date = DateEdit(today)
        self.start_time = QLineEdit("09:00")
        self.start_time.setPlaceholderText(TIME_HINT)
        self.mode = QComboBox()
        for m in MeetingMode:
            self.mode.addItem(m.label, m.value)
        self.place = QLineEdit()
        self.place.setPlaceholderText("mis. Aula kantor koperasi")
        self.link = QLineEdit()
        self.link.setPlaceholderText("mis. https://meet.google.com/...")
        form = QFormLayout()
        form.addRow("Jenis rapat", self.kind)
        form.addRow("Tahun buku", self.year)
        form.addRow("Tanggal rapat", self.held_on)
        form.addRow("Jam mulai", self.start_time)
        form.addRow("Bentuk rapat", self.mode)
        form.addRow("Tempat", self.place)
        form.addRow("Tautan daring", self.link)
        form.addRow("Tanggal surat undangan", self.invitation_date)
        self.body.addLayout(form)
        self.body.addWidget(hint_label("Nomor surat undangan diberikan otomatis. Acara (sesuai kebiasaan RAT) dan "
                                       "tata tertib baku bisa diubah sesudah rapat dibuat."))
        for sig in (self.kind.currentIndexChanged, self.year.valueChanged, self.held_on.dateChanged,
                    self.start_time.textChanged, self.mode.currentIndexChanged, self.place.textChanged,
                    self.link.textChanged, self.invitation_date.dateChanged):
            sig.connect(self.mark_dirty)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.mode.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.finish_layout()
        self._dirty = False

    def _kind_changed(self, *_):
        mode = self.mode.currentData()
        self.year.setEnabled(self.kind.currentData() == MeetingKind.RAT.value)
        self.link.setEnabled(mode != MeetingMode.LURING.value)
        self.place.setEnabled(mode != MeetingMode.DARING.value)

    def problems(self) -> list[str]:
        out = []
        mode = self.mode.currentData()
        if mode != MeetingMode.DARING.value and not self.place.text().strip():
            out.append("Tempat rapat wajib diisi untuk rapat luring atau hybrid.")
        if mode != MeetingMode.LURING.value and not self.link.text().strip():
            out.append("Tautan rapat daring wajib diisi untuk rapat daring atau hybrid.")
        if not rat_svc.TIME_RE.match(self.start_time.text().strip()):
            out.append(f"Jam mulai harus berformat {TIME_HINT}.")
        if self.invitation_date.value() > self.held_on.value():
            out.append("Tanggal surat undangan tidak boleh sesudah tanggal rapat.")
        return out

    def values(self) -> dict:
        kind = self.kind.currentData()
        mode = self.mode.currentData()
        return dict(kind=kind, year=self.year.value() if kind == MeetingKind.RAT.value else None,
                    held_on=self.held_on.value(), start_time=self.start_time.text().strip(), mode=mode,
                    place=self.place.text().strip() if mode != MeetingMode.DARING.value else "",
                    online_link=self.link.text().strip() if mode != MeetingMode.LURING.value else "",
                    invitation_date=self.invitation_date.value())

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session

        def created(meeting) -> None:
            self.created = meeting
            self.done_ok()

        s.runner.run(rat_svc.create_meeting, s.ws, s.user, parent=self, busy="Membuat rapat...",
                     on_success=created, **self.values())
