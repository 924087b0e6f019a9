"""Add or change a cooperative in the Dinas registry: identity (spec §8.5), status, membership and its officials
with phone numbers. Every field is checked in place by the domain rules before "Simpan" is enabled; what the
service still refuses is shown on the form's red line."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.coop import COOP_TYPES
from kopdesk.domain.dinas import OFFICIAL_ROLES, Cooperative, CoopOfficial, CoopStatus, cooperative_problems
from kopdesk.services import dinas
from kopdesk.ui.dialogs.base import FormDialog, section
from kopdesk.ui.screens.dinas_common import write
from kopdesk.ui.session import Session
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.widgets import OptionalDateEdit

TEXT = (("name", "Nama koperasi *"), ("legal_number", "Nomor badan hukum"), ("nik_koperasi", "NIK koperasi"),
        ("nib", "NIB"), ("npwp", "NPWP"), ("address", "Alamat (jalan)"), ("desa", "Desa/Kelurahan"),
        ("kecamatan", "Kecamatan"), ("kabupaten", "Kabupaten/Kota"), ("provinsi", "Provinsi"), ("phone", "Telepon"),
        ("email", "Email"), ("business_class", "Sektor/kelompok usaha"), ("membership_area", "Wilayah keanggotaan"),
        ("notes", "Catatan"))
# the start of a domain message -> the field it names
PROBLEM_FIELDS = (("Nama koperasi", "name"), ("NIK koperasi", "nik_koperasi"), ("NIB", "nib"), ("NPWP", "npwp"),
                  ("Alamat email", "email"))


class CooperativeDialog(FormDialog):
    """``coop`` None adds a new cooperative; ``self.saved`` holds the stored record afterwards."""

    def __init__(self, session: Session, coop: Cooperative | None = None, parent: QWidget | None = None):
        super().__init__("Koperasi binaan baru" if coop is None else f"Ubah data {coop.name}",
                         "Simpan koperasi", parent)
        self.session = session
        self.original = coop
        self.saved: Cooperative | None = None
        self.edits: dict[str, QLineEdit] = {}
        for key, _label in TEXT:
            e = QLineEdit()
            e.textChanged.connect(self.mark_dirty)
            self.edits[key] = e
        self.edits["nik_koperasi"].setPlaceholderText("16 digit")
        self.edits["nib"].setPlaceholderText("13 digit")
        self.coop_type = QComboBox()
        for c, text in COOP_TYPES.items():
            self.coop_type.addItem(text, c)
        self.status = QComboBox()
        for s in CoopStatus:
            self.status.addItem(s.label, s.value)
        self.legal_date = OptionalDateEdit(calendar_start=None)
        self.nik_expiry = OptionalDateEdit()
        self.male, self.female = QSpinBox(), QSpinBox()
        for spin in (self.male, self.female):
            spin.setRange(0, 10_000_000)
            spin.setGroupSeparatorShown(True)
            spin.valueChanged.connect(self.mark_dirty)
        for w in (self.coop_type, self.status):
            w.currentIndexChanged.connect(self.mark_dirty)
        for w in (self.legal_date, self.nik_expiry):
            w.valueChanged.connect(self.mark_dirty)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(5)

        def put(row: int, col: int, text: str, widget: QWidget) -> None:
            grid.addWidget(QLabel(text), row, col * 2)
            grid.addWidget(widget, row, col * 2 + 1)

        e = self.edits
        put(0, 0, "Nama koperasi *", e["name"])
        put(0, 1, "Jenis koperasi", self.coop_type)
        put(1, 0, "Nomor badan hukum", e["legal_number"])
        put(1, 1, "Tanggal badan hukum", self.legal_date)
        put(2, 0, "NIK koperasi", e["nik_koperasi"])
        put(2, 1, "Sertifikat NIK berlaku s.d.", self.nik_expiry)
        put(3, 0, "NIB", e["nib"])
        put(3, 1, "NPWP", e["npwp"])
        put(4, 0, "Alamat (jalan)", e["address"])
        put(4, 1, "Desa/Kelurahan", e["desa"])
        put(5, 0, "Kecamatan", e["kecamatan"])
        put(5, 1, "Kabupaten/Kota", e["kabupaten"])
        put(6, 0, "Provinsi", e["provinsi"])
        put(6, 1, "Telepon", e["phone"])
        put(7, 0, "Email", e["email"])
        put(7, 1, "Status", self.status)
        put(8, 0, "Sektor/kelompok usaha", e["business_class"])
        put(8, 1, "Wilayah keanggotaan", e["membership_area"])
        put(9, 0, "Anggota laki-laki", self.male)
        put(9, 1, "Anggota perempuan", self.female)
        put(10, 0, "Catatan", e["notes"])
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.body.addWidget(section("Identitas koperasi"))
        self.body.addLayout(grid)

        self.officials = QTableWidget(0, 4)
        self.officials.setHorizontalHeaderLabels(("Jabatan", "Nama", "Telepon", "Masa jabatan s.d. (hh-bb-tttt)"))
        self.officials.verticalHeader().hide()
        self.officials.setMinimumHeight(150)
        header = self.officials.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 130)
        header.resizeSection(2, 150)
        header.resizeSection(3, 200)
        self.officials.itemChanged.connect(self.mark_dirty)
        add_row = QPushButton("Tambah baris")
        add_row.clicked.connect(lambda: self.add_official(None))
        remove_row = QPushButton("Hapus baris")
        remove_row.clicked.connect(self.remove_official)
        buttons = QHBoxLayout()
        buttons.addWidget(section("Pengurus, pengawas dan manajer"))
        buttons.addStretch(1)
        buttons.addWidget(add_row)
        buttons.addWidget(remove_row)
        self.body.addLayout(buttons)
        self.body.addWidget(self.officials)

        self.fill(coop)
        self._dirty = False
        self.resize_to_width(900)
        self.finish_layout()

    # ------------------------------------------------------------------ officials table
    def add_official(self, o: CoopOfficial | None, role: str | None = None) -> None:
        self.officials.blockSignals(True)
        row = self.officials.rowCount()
        self.officials.insertRow(row)
        combo = QComboBox()
        for key, text in OFFICIAL_ROLES.items():
            combo.addItem(text, key)
        combo.setCurrentIndex(max(0, combo.findData(o.role if o else role or "pengawas")))
        combo.currentIndexChanged.connect(self.mark_dirty)
        self.officials.setCellWidget(row, 0, combo)
        for col, text in ((1, o.name if o else ""), (2, o.phone if o else ""),
                          (3, fmt.date_short(o.term_end) if o and o.term_end else "")):
            self.officials.setItem(row, col, QTableWidgetItem(text))
        self.officials.blockSignals(False)
        self.mark_dirty()

    def remove_official(self) -> None:
        row = self.officials.currentRow()
        if row >= 0:
            self.officials.removeRow(row)
            self.mark_dirty()

    def _cell(self, row: int, col: int) -> str:
        item = self.officials.item(row, col)
        return item.text().strip() if item else ""

    def official_rows(self) -> tuple[list[CoopOfficial], list[str]]:
        out, problems = [], []
        for row in range(self.officials.rowCount()):
            name = self._cell(row, 1)
            if not name:
                continue
            role = self.officials.cellWidget(row, 0).currentData()
            term_text = self._cell(row, 3)
            term = fmt.parse_date(term_text) if term_text else None
            if term_text and term is None:
                problems.append(f"Masa jabatan {name}: '{term_text}' bukan tanggal. Contoh: 31-12-2027.")
            out.append(CoopOfficial(role, name, self._cell(row, 2), term))
        return out, problems

    # ------------------------------------------------------------------ form
    def fill(self, c: Cooperative | None) -> None:
        if c is None:
            for role in ("ketua", "sekretaris", "bendahara", "pengawas"):
                self.add_official(None, role)
            return
        for key, _label in TEXT:
            self.edits[key].setText(str(getattr(c, key) or ""))
        self.coop_type.setCurrentIndex(max(0, self.coop_type.findData(c.coop_type)))
        self.status.setCurrentIndex(max(0, self.status.findData(str(c.status))))
        self.legal_date.setValue(c.legal_date)
        self.nik_expiry.setValue(c.nik_expiry)
        self.male.setValue(c.members_male)
        self.female.setValue(c.members_female)
        for o in c.officials:
            self.add_official(o)

    def cooperative(self) -> Cooperative:
        base = self.original or Cooperative()
        officials, _problems = self.official_rows()
        values = {key: self.edits[key].text().strip() for key, _label in TEXT}
        return dataclasses.replace(
            base, **values, coop_type=self.coop_type.currentData(), status=CoopStatus(self.status.currentData()),
            legal_date=self.legal_date.value(), nik_expiry=self.nik_expiry.value(), members_male=self.male.value(),
            members_female=self.female.value(), officials=tuple(officials))

    def problems(self) -> list[str]:
        found = [p for p in (self.legal_date.problem(), self.nik_expiry.problem()) if p]
        found = [f"Tanggal: {p}" for p in found]
        found += self.official_rows()[1]
        domain = cooperative_problems(self.cooperative())
        bad = {field for prefix, field in PROBLEM_FIELDS for p in domain if p.startswith(prefix)}
        for _prefix, field in PROBLEM_FIELDS:
            reason = next((p for prefix, f in PROBLEM_FIELDS if f == field for p in domain if p.startswith(prefix)),
                          "")
            mark_invalid(self.edits[field], field in bad and (self._dirty or bool(self.edits[field].text())), reason)
        return found + domain

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        coop = self.cooperative()
        s = self.session

        def done(saved) -> None:
            self.saved = saved if isinstance(saved, Cooperative) else dinas.get_cooperative(s.ws, coop.key)
            self.done_ok()

        if self.original is None:
            write(s, dinas.add_cooperative, s.ws, s.user, coop, parent=self, busy="Menyimpan koperasi...",
                  on_success=done, problems_label=self.problems_label)
        else:
            write(s, dinas.update_cooperative, s.ws, s.user, coop, parent=self, busy="Menyimpan koperasi...",
                  on_success=done, problems_label=self.problems_label)
