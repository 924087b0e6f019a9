"""Koperasi Binaan: the registry of the cooperatives this Dinas coaches (search as you type, filter by status and
kecamatan, import from Excel all-or-nothing with the per-row error list) and, on Enter or double-click, one
cooperative's page: identity, officials with phone numbers, RAT history, visits, open recommendations, the
packages received per year and its health assessment (the shared assessment panel)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.coop import COOP_TYPES
from kopdesk.domain.dinas import OFFICIAL_ROLES, Cooperative, CoopStatus, rat_status
from kopdesk.domain.errors import KopDeskError
from kopdesk.domain.users import Perm
from kopdesk.services import dinas
from kopdesk.ui import printing
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.screens.dinas_common import DINAS_FLAGS, FOLLOW_UP_COLORS, notify, officers_text, write
from kopdesk.ui.style import DANGER
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import DateEdit, hint_label, title_label

ALL = "Semua"
# the registry list's "Jenis" column: the short everyday names (the cooperative page shows COOP_TYPES' full ones)
SHORT_TYPES = {"KSP": "KSP", "KSU": "KSU", "KPRI": "KPRI", "KOPKAR": "Kopkar", "KONSUMEN": "Konsumen",
               "PRODUSEN": "Produsen", "JASA": "Jasa", "PEMASARAN": "Pemasaran", "KSPPS": "KSPPS"}


def coop_columns() -> list[Column]:
    return [
        Column("Kode", lambda c: c.key, width=80),
        Column("Nama koperasi", lambda c: c.name, width=-1),
        Column("Jenis", lambda c: SHORT_TYPES.get(c.coop_type, c.coop_type), width=95),
        Column("Kecamatan", lambda c: c.kecamatan, width=150),
        Column("Status", lambda c: c.status.label, width=90,
               color=lambda c: DANGER if c.status != CoopStatus.AKTIF else None),
        Column("RAT terakhir", lambda c: c.last_rat_date, "date", width=112),
        Column("Predikat", lambda c: f"{c.last_predicate} ({c.last_predicate_year})" if c.last_predicate else "",
               width=200),
        Column("Anggota", lambda c: c.members, "int", width=80),
        Column("NIK koperasi", lambda c: c.nik_koperasi, width=140),
    ]


class RegistryPage(QWidget):
    def __init__(self, screen: KoperasiBinaanScreen):
        super().__init__()
        self.screen = screen
        s = screen.session
        can = s.can(Perm.DINAS)
        self.table = SearchableTable(coop_columns(), export_name="koperasi-binaan",
                                     search_placeholder="Cari nama, kode, NIK koperasi, desa atau kecamatan (Ctrl+F)")
        self.table.activated.connect(lambda c: screen.show_coop(c.key))
        self.status = QComboBox()
        self.status.addItem("Semua status", None)
        for st in CoopStatus:
            self.status.addItem(st.label, st.value)
        self.kecamatan = QComboBox()
        self.kecamatan.setMinimumWidth(170)
        self.status.currentIndexChanged.connect(lambda _i: screen.load())
        self.kecamatan.currentIndexChanged.connect(lambda _i: screen.load())
        self.new_button = QPushButton("Koperasi baru")
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(screen.new_coop)
        self.import_button = QPushButton("Impor dari Excel...")
        self.import_button.clicked.connect(screen.import_registry)
        self.template_button = QPushButton("Unduh template")
        self.template_button.clicked.connect(screen.save_template)
        self.package_button = QPushButton("Impor paket koperasi...")
        self.package_button.setToolTip("Paket data tahunan (.kopdesk-paket) yang dikirim koperasi")
        self.package_button.clicked.connect(lambda: screen.import_package())
        for b in (self.new_button, self.import_button, self.template_button, self.package_button):
            b.setVisible(can)
        top = QHBoxLayout()
        top.addWidget(title_label("Koperasi Binaan"))
        top.addStretch(1)
        top.addWidget(QLabel("Status"))
        top.addWidget(self.status)
        top.addWidget(QLabel("Kecamatan"))
        top.addWidget(self.kecamatan)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.template_button)
        actions.addSpacing(16)
        actions.addWidget(self.package_button)
        actions.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 6)
        lay.addLayout(top)
        lay.addLayout(actions)
        lay.addWidget(self.table, 1)

    def set_kecamatan(self, names: list[str]) -> None:
        keep = self.kecamatan.currentData()
        self.kecamatan.blockSignals(True)
        self.kecamatan.clear()
        self.kecamatan.addItem("Semua kecamatan", None)
        for n in names:
            self.kecamatan.addItem(n, n)
        self.kecamatan.setCurrentIndex(max(0, self.kecamatan.findData(keep)) if keep else 0)
        self.kecamatan.blockSignals(False)


def _fact_grid(pairs: list[tuple[str, str]], columns: int = 2) -> QGridLayout:
    grid = QGridLayout()
    grid.setHorizontalSpacing(14)
    grid.setVerticalSpacing(3)
    for i, (name, value) in enumerate(pairs):
        r, c = divmod(i, columns)
        n = QLabel(name)
        n.setObjectName("hint")
        v = QLabel(value or "-")
        v.setWordWrap(True)
        v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(n, r, c * 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(v, r, c * 2 + 1, Qt.AlignmentFlag.AlignTop)
    for c in range(columns):
        grid.setColumnStretch(c * 2 + 1, 1)
    return grid


class CoopDetail(QWidget):
    back_requested = Signal()
    visit_requested = Signal(object)       # a Visit to open in Kunjungan
    new_visit_requested = Signal(str)      # the cooperative's key

    def __init__(self, screen: KoperasiBinaanScreen):
        super().__init__()
        self.screen = screen
        self.session = screen.session
        self.coop: Cooperative | None = None
        can = self.session.can(Perm.DINAS)
        self.back_button = QPushButton("← Daftar koperasi")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.heading = title_label("")
        self.badge = QLabel("")
        self.badge.setObjectName("badge")
        self.edit_button = QPushButton("Ubah data")
        self.edit_button.clicked.connect(self.edit)
        self.visit_button = QPushButton("Catat kunjungan")
        self.visit_button.setObjectName("primary")
        self.visit_button.clicked.connect(lambda: self.new_visit_requested.emit(self.coop.key) if self.coop else None)
        self.history_button = QPushButton("Cetak riwayat pembinaan")
        self.history_button.clicked.connect(self.print_history)
        for b in (self.edit_button, self.visit_button):
            b.setVisible(can)

        self.identity_box = QFrame()
        self.identity_box.setObjectName("card")
        self.identity_lay = QVBoxLayout(self.identity_box)
        self.identity_lay.setContentsMargins(12, 8, 12, 8)
        self.officials = SearchableTable([
            Column("Jabatan", lambda o: OFFICIAL_ROLES.get(o.role, o.role), width=95),
            Column("Nama", lambda o: o.name, width=-1),
            Column("Telepon", lambda o: o.phone, width=115),
            Column("Jabatan s.d.", lambda o: o.term_end, "date", width=95),
        ], searchable=False, footer=False)
        self.officials.export_button.hide()
        ident_page = QWidget()
        il = QHBoxLayout(ident_page)
        il.addWidget(self.identity_box, 3)
        il.addWidget(self.officials, 2)

        self.rats = SearchableTable([
            Column("Tahun buku", lambda r: str(r.year), width=100),
            Column("Tanggal RAT", lambda r: r.held_on, "date", width=120),
            Column("Batas (30 Juni)", lambda r: dt.date(r.year + 1, 6, 30), "date", width=120),
            Column("Keterangan", lambda r: rat_status(r.year, r.held_on, self.session.today()).label, width=-1),
            Column("Sumber", lambda r: {"paket": "Paket koperasi", "manual": "Input petugas"}.get(r.source, r.source),
                   width=140),
        ], searchable=False, footer=False)
        self.rats.export_button.hide()
        self.rat_year = QSpinBox()
        self.rat_year.setRange(1990, 2100)
        self.rat_year.setGroupSeparatorShown(False)
        self.rat_date = DateEdit()
        self.rat_button = QPushButton("Catat RAT")
        self.rat_button.clicked.connect(self.record_rat)
        self.rat_button.setVisible(can)
        rat_page = QWidget()
        rl = QVBoxLayout(rat_page)
        row = QHBoxLayout()
        row.addWidget(QLabel("Tahun buku"))
        row.addWidget(self.rat_year)
        row.addWidget(QLabel("diadakan tanggal"))
        row.addWidget(self.rat_date)
        row.addWidget(self.rat_button)
        row.addStretch(1)
        if can:
            rl.addLayout(row)
        rl.addWidget(self.rats, 1)

        self.visits = SearchableTable([
            Column("Tanggal", lambda v: v.visited_on, "date", width=100),
            Column("Jenis kunjungan", lambda v: v.kind.label, width=200),
            Column("Petugas", lambda v: officers_text(v.officers), width=250),
            Column("Temuan", lambda v: len(v.problems), "int", width=70),
            Column("Rekomendasi", lambda v: len(v.recommendations), "int", width=118),
            Column("Pengamatan", lambda v: v.observations, width=-1),
        ], export_name="kunjungan-koperasi", searchable=False)
        self.visits.activated.connect(self.visit_requested.emit)

        self.recs = SearchableTable([
            Column("Kunjungan", lambda r: r.visited_on, "date", width=100),
            Column("Rekomendasi", lambda r: r.text, width=-1),
            Column("Penanggung jawab", lambda r: r.pic, width=170),
            Column("Batas waktu", lambda r: r.due_on, "date", width=100),
            Column("Status", lambda r: r.status.label + (" · lewat batas" if r.overdue(self.session.today()) else ""),
                   width=170, color=lambda r: DANGER if r.overdue(self.session.today()) else
                   FOLLOW_UP_COLORS.get(r.status.value)),
        ], export_name="rekomendasi-terbuka", searchable=False)

        self.years = SearchableTable([
            Column("Tahun buku", lambda y: str(y[0].year), width=100),
            Column("Diimpor", lambda y: y[0].imported_text, width=135),
            Column("Versi KopDesk", lambda y: y[0].kopdesk_version, width=125),
            Column("Total aset", lambda y: y[0].total_assets, "money", width=140),
            Column("SHU", lambda y: y[0].shu, "money", width=125),
            Column("Anggota", lambda y: y[0].members, "int", width=75),
            Column("RAT", lambda y: y[0].rat_date, "date", width=95),
            Column("Predikat kesehatan", lambda y: y[1], width=-1),
            Column("Segel", lambda y: y[0].seal_short, width=135),
        ], searchable=False, footer=False)
        self.years.export_button.hide()
        self.years.activated.connect(lambda _r: self.show_year_content())
        self.years.selectionChanged.connect(lambda r: self.content_button.setEnabled(r is not None))
        self.package_button = QPushButton("Impor paket koperasi...")
        self.package_button.clicked.connect(lambda: screen.import_package())
        self.package_button.setVisible(can)
        self.content_button = QPushButton("Lihat isi")
        self.content_button.setEnabled(False)
        self.content_button.clicked.connect(self.show_year_content)
        self.years_hint = hint_label("Paket data tahunan yang dikirim koperasi (file .kopdesk-paket). Predikat: "
                                     "penilaian kesehatan tahun itu, terisi dari masukan paket.")
        years_page = QWidget()
        yl = QVBoxLayout(years_page)
        yrow = QHBoxLayout()
        yrow.addWidget(self.years_hint, 1)
        yrow.addWidget(self.content_button)
        yrow.addWidget(self.package_button)
        yl.addLayout(yrow)
        yl.addWidget(self.years, 1)
        self.years_page = years_page

        self.health_page = QWidget()
        self.health_lay = QVBoxLayout(self.health_page)
        self.health_lay.setContentsMargins(0, 0, 0, 0)
        self.health_panel = None

        self.tabs = QTabWidget()
        self.tabs.addTab(ident_page, "Identitas && pengurus")
        self.tabs.addTab(rat_page, "RAT")
        self.tabs.addTab(self.visits, "Kunjungan")
        self.tabs.addTab(self.recs, "Rekomendasi terbuka")
        self.tabs.addTab(self.years_page, "Paket tahunan")
        self.tabs.addTab(self.health_page, "Penilaian kesehatan")
        self.tabs.currentChanged.connect(self._tab_changed)

        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addSpacing(8)
        head.addWidget(self.heading)
        head.addWidget(self.badge)
        head.addStretch(1)
        head.addWidget(self.history_button)
        head.addWidget(self.edit_button)
        head.addWidget(self.visit_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 6)
        lay.addLayout(head)
        lay.addWidget(self.tabs, 1)

    def show_coop(self, key: str) -> None:
        ws = self.session.ws
        c = dinas.get_cooperative(ws, key)
        changed = self.coop is None or self.coop.key != key
        self.coop = c
        self.heading.setText(f"{c.name}")
        self.badge.setText(c.status.label)
        self.badge.setObjectName("badge" if c.status == CoopStatus.AKTIF else "badgeMuted")
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        while self.identity_lay.count():
            item = self.identity_lay.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
            elif item.layout():
                _clear(item.layout())
        addr = ", ".join(p for p in (c.address, f"Desa/Kel. {c.desa}" if c.desa else "",
                                     f"Kec. {c.kecamatan}" if c.kecamatan else "", c.kabupaten, c.provinsi) if p)
        facts = [("Kode registrasi", c.key), ("Jenis", COOP_TYPES.get(c.coop_type, c.coop_type)),
                 ("Badan hukum", c.legal_number + (f" ({fmt.date_short(c.legal_date)})" if c.legal_date else "")),
                 ("NIK koperasi", c.nik_koperasi + (f" (s.d. {fmt.date_short(c.nik_expiry)})" if c.nik_expiry
                                                    else "")),
                 ("NIB", c.nib), ("NPWP", c.npwp), ("Alamat", addr), ("Telepon / email",
                                                                       " · ".join(p for p in (c.phone, c.email) if p)),
                 ("Sektor usaha", c.business_class), ("Wilayah keanggotaan", c.membership_area),
                 ("Anggota", f"{fmt.number(c.members)} ({fmt.number(c.members_male)} L, "
                             f"{fmt.number(c.members_female)} P)"),
                 ("RAT terakhir", fmt.date_long(c.last_rat_date) if c.last_rat_date else "Belum ada"),
                 ("Predikat terakhir", f"{c.last_predicate} ({c.last_predicate_year})" if c.last_predicate
                  else "Belum dinilai"), ("Catatan", c.notes)]
        self.identity_lay.addLayout(_fact_grid(facts, 2))
        self.identity_lay.addStretch(1)
        self.officials.set_records(list(c.officials))
        self.rats.set_records(list(reversed(dinas.rat_history(ws, key))))
        self.rat_year.setValue(self.session.today().year - 1)
        visits = dinas.list_visits(ws, coop_key=key)
        self.visits.set_records(visits)
        self.recs.set_records([r for r in dinas.list_recommendations(ws, coop_key=key) if r.status.open])
        self.set_years(key)
        self.tabs.setTabText(2, f"Kunjungan ({len(visits)})")
        self.tabs.setTabText(3, f"Rekomendasi terbuka ({self.recs.model.rowCount()})")
        if changed and self.health_panel is not None:
            self.health_panel.setParent(None)
            self.health_panel.deleteLater()
            self.health_panel = None
        if self.tabs.currentWidget() is self.health_page:
            self._tab_changed(self.tabs.currentIndex())

    def set_years(self, key: str) -> None:
        from kopdesk.ui.dialogs.paket_impor import year_figures

        rows = []
        for cy in reversed(dinas.coop_years(self.session.ws, key)):
            rows.append((year_figures(cy), _predicate_text(self.session.ws, key, cy.year), cy))
        self.years.set_records(rows)
        if rows:
            self.years.select_row(0)
        self.content_button.setEnabled(self.years.current_record() is not None)
        self.tabs.setTabText(self.tabs.indexOf(self.years_page), f"Paket tahunan ({len(rows)})" if rows
                             else "Paket tahunan")

    def show_year_content(self):
        from kopdesk.ui.dialogs.paket_impor import PackageContentDialog

        row = self.years.current_record()
        if row is None or self.coop is None:
            return None
        self.content_dialog = PackageContentDialog(self.coop.name, row[2], self)
        self.content_dialog.open()
        return self.content_dialog

    def _tab_changed(self, _index: int) -> None:
        """The assessment panel is built only when its tab is opened (it is a large form)."""
        if self.tabs.currentWidget() is not self.health_page or self.coop is None or self.health_panel is not None:
            return
        try:
            from kopdesk.ui.screens.kesehatan import KesehatanPanel
        except ImportError:
            self.health_lay.addWidget(hint_label("Penilaian kesehatan belum tersedia di versi ini."))
            return
        self.health_panel = KesehatanPanel(self.session, self.coop.key, self.health_page, coop_name=self.coop.name)
        if hasattr(self.health_panel, "saved"):
            self.health_panel.saved.connect(lambda _r: notify(self.session))
        self.health_lay.addWidget(self.health_panel)

    def edit(self):
        from kopdesk.ui.dialogs.dinas_coop import CooperativeDialog

        if self.coop is None:
            return None
        self.dialog = CooperativeDialog(self.session, self.coop, self)
        self.dialog.accepted.connect(lambda: self.show_coop(self.coop.key))
        self.dialog.open()
        return self.dialog

    def record_rat(self) -> None:
        if self.coop is None:
            return
        s = self.session
        write(s, dinas.record_rat, s.ws, s.user, self.coop.key, self.rat_year.value(), self.rat_date.value(),
              parent=self, busy="Mencatat RAT...", on_success=lambda _r: self.show_coop(self.coop.key))

    def print_history(self) -> None:
        if self.coop is None:
            return
        s, key, name = self.session, self.coop.key, self.coop.name

        def make(out):
            from kopdesk.reports.dinas_reports import coaching_history_pdf

            return coaching_history_pdf(s.ws, key, out)

        printing.preview(s, printing.Doc(f"Riwayat Pembinaan {name}", f"riwayat-pembinaan-{key}.pdf", make), self)


def _predicate_text(ws, key: str, year: int) -> str:
    """The health assessment of the year (pre-filled from the package): 'Cukup Sehat (draf, skor 72,50)'."""
    try:
        from kopdesk.services import health
        from kopdesk.services.package import HEALTH_METHOD

        rec = health.get(ws, year, HEALTH_METHOD, coop_key=key)
    except (ImportError, KopDeskError):
        return ""
    if rec is None or not rec.predicate:
        return "Belum dihitung"
    score = f"{rec.total:.2f}".replace(".", ",")
    return f"{rec.predicate} ({'final' if rec.final else 'draf'}, skor {score})"


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().deleteLater()
        elif item.layout():
            _clear(item.layout())


class KoperasiBinaanScreen(Screen):
    title = "Koperasi Binaan"
    flags = DINAS_FLAGS

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dialog = None
        self.list = RegistryPage(self)
        self.detail = CoopDetail(self)
        self.detail.back_requested.connect(self.show_list)
        self.detail.visit_requested.connect(self._open_visit)
        self.detail.new_visit_requested.connect(self._new_visit)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.detail)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack)
        if session.can(Perm.DINAS):
            self.shortcut("Ctrl+N", self.new_coop)
        self.shortcut("Ctrl+F", self.focus_search)
        self.shortcut("Esc", self.show_list)

    def load(self) -> None:
        ws = self.ws
        self.list.set_kecamatan(dinas.kecamatan_list(ws))
        coops = dinas.list_cooperatives(ws, status=self.list.status.currentData(),
                                        kecamatan=self.list.kecamatan.currentData())
        self.list.table.set_records(coops)
        if self.stack.currentWidget() is self.detail and self.detail.coop is not None:
            self.detail.show_coop(self.detail.coop.key)

    def focus_search(self) -> None:
        self.show_list()
        self.list.table.search.setFocus()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list)

    def show_coop(self, key: str) -> CoopDetail:
        self.detail.show_coop(key)
        self.stack.setCurrentWidget(self.detail)
        return self.detail

    def _kunjungan(self):
        view = self.parent()
        while view is not None and not hasattr(view, "go"):
            view = view.parent()
        return view.go("kunjungan") if view is not None else None

    def _open_visit(self, visit) -> None:
        k = self._kunjungan()
        if k is not None:
            k.show_visit(visit.id)

    def _new_visit(self, key: str) -> None:
        k = self._kunjungan()
        if k is not None:
            k.new_visit(key)

    def new_coop(self):
        from kopdesk.ui.dialogs.dinas_coop import CooperativeDialog

        self.dialog = CooperativeDialog(self.session, None, self)
        self.dialog.accepted.connect(self._added)
        self.dialog.open()
        return self.dialog

    def _added(self) -> None:
        if self.dialog is not None and self.dialog.saved is not None:
            self.show_coop(self.dialog.saved.key)

    def import_registry(self):
        from kopdesk.ui.dialogs.dinas_import import RegistryImportDialog

        self.dialog = RegistryImportDialog(self.session, self)
        self.dialog.open()
        return self.dialog

    def import_package(self, path: str | None = None):
        """Impor paket koperasi: pick a .kopdesk-paket, see the preview, import it (or not)."""
        from kopdesk.ui.dialogs.paket_impor import PackageImportDialog, choose_package

        path = path or choose_package(self)
        if not path:
            return None
        self.dialog = PackageImportDialog(self.session, path, self)
        dialog = self.dialog
        dialog.accepted.connect(lambda: self._package_imported(dialog))
        dialog.open()
        return dialog

    def _package_imported(self, dialog) -> None:
        if dialog.result is None:
            return
        self.load()
        detail = self.show_coop(dialog.result.coop_key)
        detail.tabs.setCurrentWidget(detail.years_page)

    def save_template(self) -> None:
        try:
            from kopdesk.services import registry_import
        except ImportError:
            prompts().error(self, "Belum tersedia", "Template impor registri belum tersedia di versi ini.")
            return
        path = prompts().save_path(self, "Simpan template registri koperasi",
                                   str(Path.home() / "template-registri-koperasi.xlsx"), "File Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.session.runner.run(registry_import.write_registry_template, path, parent=self,
                                busy="Membuat template...",
                                on_success=lambda _p: prompts().info(self, "Template tersimpan",
                                                                     f"Isi template ini lalu impor kembali:\n{path}"))


__all__ = ["KoperasiBinaanScreen", "KopDeskError"]
