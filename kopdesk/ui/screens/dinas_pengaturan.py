"""Pengaturan of a Dinas workspace: the office profile (the koperasi profile form: name, address, kop surat, logo),
the officers (name, NIP, position), the Dinas rules (inactive after 2 or 3 years without RAT, attachment size limit,
months before a cooperative counts as not visited), users and printing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kopdesk.domain.dinas import Officer
from kopdesk.domain.users import Perm
from kopdesk.services import dinas
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.screens.base import Screen, TabScreen
from kopdesk.ui.screens.dinas_common import DINAS_FLAGS, write
from kopdesk.ui.style import MUTED, mark_invalid
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import error_label, hint_label, show_problem


class OfficerDialog(FormDialog):
    def __init__(self, session, officer: Officer | None = None, parent: QWidget | None = None):
        super().__init__("Petugas baru" if officer is None else f"Ubah petugas {officer.name}", "Simpan petugas",
                         parent)
        self.session = session
        self.officer = officer
        self.saved: Officer | None = None
        self.name = QLineEdit(officer.name if officer else "")
        self.nip = QLineEdit(officer.nip if officer else "")
        self.nip.setPlaceholderText("18 digit, boleh kosong")
        self.position = QLineEdit(officer.position if officer else "")
        self.position.setPlaceholderText("mis. Pengawas Koperasi Ahli Muda")
        self.active = QCheckBox("Masih bertugas")
        self.active.setChecked(officer.active if officer else True)
        form = QFormLayout()
        form.addRow("Nama *", self.name)
        form.addRow("NIP", self.nip)
        form.addRow("Jabatan", self.position)
        form.addRow("", self.active)
        self.body.addLayout(form)
        for w in (self.name, self.nip, self.position):
            w.textChanged.connect(self.mark_dirty)
        self.active.toggled.connect(self.mark_dirty)
        self.resize_to_width(480)
        self.finish_layout()

    def problems(self) -> list[str]:
        out = []
        if not self.name.text().strip():
            out.append("Nama petugas wajib diisi.")
        mark_invalid(self.name, bool(out) and self._dirty, out[0] if out else "")
        nip = self.nip.text().strip().replace(" ", "")
        nip_problem = f"NIP harus 18 digit angka (yang dimasukkan: {len(nip)} karakter)." \
            if nip and not (nip.isdigit() and len(nip) == 18) else ""
        mark_invalid(self.nip, bool(nip_problem), nip_problem)
        return out + ([nip_problem] if nip_problem else [])

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session
        o = Officer(self.officer.id if self.officer else None, self.name.text().strip(), self.nip.text().strip(),
                    self.position.text().strip(), self.active.isChecked())

        def done(saved) -> None:
            self.saved = saved
            self.done_ok()

        fn = dinas.add_officer if self.officer is None else dinas.update_officer
        write(s, fn, s.ws, s.user, o, parent=self, busy="Menyimpan petugas...", on_success=done,
              problems_label=self.problems_label)


class PetugasScreen(Screen):
    flags = DINAS_FLAGS

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self.table = SearchableTable([
            Column("Nama", lambda o: o.name, width=-1),
            Column("NIP", lambda o: o.nip, width=170),
            Column("Jabatan", lambda o: o.position, width=260),
            Column("Status", lambda o: "Bertugas" if o.active else "Tidak bertugas", width=120,
                   color=lambda o: None if o.active else MUTED),
        ], export_name="petugas", search_placeholder="Cari petugas", footer=False)
        self.table.activated.connect(self.edit)
        self.add_button = QPushButton("Tambah petugas")
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button = QPushButton("Ubah")
        self.edit_button.clicked.connect(lambda: self.edit(self.table.current_record()))
        can = session.can(Perm.DINAS)
        self.add_button.setVisible(can)
        self.edit_button.setVisible(can)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        lay.addWidget(hint_label("Petugas yang tidak bertugas lagi tetap tercatat di kunjungan lamanya, tetapi tidak "
                                 "ditawarkan di kunjungan baru."))

    def load(self) -> None:
        self.table.set_records(dinas.list_officers(self.ws, active_only=False))

    def edit(self, officer):
        if not self.session.can(Perm.DINAS):
            return None
        self.dialog = OfficerDialog(self.session, officer, self)
        self.dialog.open()
        return self.dialog


class AturanDinasScreen(Screen):
    flags = DINAS_FLAGS

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.threshold = QComboBox()
        self.threshold.addItem("3 tahun tanpa RAT (statistik Kemenkop; PP 17/1994)", 3)
        self.threshold.addItem("2 tahun tanpa RAT (praktik sebagian Dinas: \"pasif\")", 2)
        self.size_mb = QDoubleSpinBox()
        self.size_mb.setRange(0.1, 50)
        self.size_mb.setDecimals(1)
        self.size_mb.setSuffix(" MB")
        self.months = QSpinBox()
        self.months.setRange(1, 60)
        self.months.setSuffix(" bulan")
        self.save_button = QPushButton("Simpan pengaturan")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(session.can(Perm.DINAS))
        self.error = error_label()
        form = QFormLayout()
        form.addRow("Koperasi tidak aktif bila", self.threshold)
        form.addRow("Batas ukuran lampiran", self.size_mb)
        form.addRow("Belum dikunjungi bila lebih dari", self.months)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(hint_label("Spesifikasi §8.4: koperasi aktif bila RAT terakhir tidak lebih lama dari ambang ini. "
                                 "Peringatan muncul sejak satu RAT terlewat (batas RAT: 30 Juni tahun berikutnya)."))
        lay.addStretch(1)

    def load(self) -> None:
        st = dinas.get_settings(self.ws)
        self.threshold.setCurrentIndex(max(0, self.threshold.findData(st.inactive_threshold_years)))
        self.size_mb.setValue(st.attachment_max_bytes / (1024 * 1024))
        self.months.setValue(st.not_visited_months)

    def save(self) -> None:
        s = self.session
        show_problem(self.error, "")
        write(s, dinas.save_settings, s.ws, s.user, inactive_threshold_years=self.threshold.currentData(),
              attachment_max_bytes=round(self.size_mb.value() * 1024 * 1024), not_visited_months=self.months.value(),
              parent=self, busy="Menyimpan pengaturan...", problems_label=self.error)


class DinasPengaturanScreen(TabScreen):
    title = "Pengaturan"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        from kopdesk.ui.screens.cetak import CetakScreen
        from kopdesk.ui.screens.pengguna import PenggunaScreen
        from kopdesk.ui.screens.profil import ProfilScreen

        self.profil = self.add(ProfilScreen(session), "Profil kantor")
        _adapt_profile(self.profil)
        self.petugas = self.add(PetugasScreen(session), "Petugas")
        self.aturan = self.add(AturanDinasScreen(session), "Aturan pemantauan")
        self.pengguna = self.add(PenggunaScreen(session), "Pengguna") if session.can(Perm.USERS) else None
        self.cetak = self.add(CetakScreen(session), "Cetak")
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 6)
        lay.addWidget(self.tabs)


def _adapt_profile(profil) -> None:
    """The koperasi profile form, worded for a Dinas office: rows a Dinas has no use for are hidden."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    hidden = {"Nomor badan hukum", "NIK koperasi (16 digit)", "NIB (13 digit)", "NPWP", "Jenis koperasi",
              "Awal tahun buku", "Tanggal badan hukum"}
    for form in profil.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if not isinstance(label, QLabel):
                continue
            if label.text() in hidden:
                form.setRowVisible(row, False)
            elif label.text() == "Nama koperasi":
                label.setText("Nama kantor")


__all__ = ["DinasPengaturanScreen", "OfficerDialog"]
