"""Pemantauan: the monitoring lists. Overdue recommendations; cooperatives never visited or not visited for N months;
RAT compliance of a financial year; inactive cooperatives under the §8.4 rule (with the one-missed-RAT warnings);
coaching needs, most urgent first. Double-click opens the cooperative (or the visit)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from kopdesk import fmt
from kopdesk.domain.dinas import RatStatus
from kopdesk.services import dinas
from kopdesk.ui.screens.base import Screen, TabScreen
from kopdesk.ui.screens.dinas_common import DINAS_FLAGS, PRIORITY_COLORS
from kopdesk.ui.style import DANGER, MUTED, OK, WARN
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import hint_label, title_label

RAT_COLORS = {RatStatus.TEPAT_WAKTU: OK, RatStatus.TERLAMBAT: WARN, RatStatus.TIDAK_DIADAKAN: DANGER,
              RatStatus.BELUM: MUTED}


def _view(widget: QWidget):
    view = widget.parent()
    while view is not None and not hasattr(view, "go"):
        view = view.parent()
    return view


class _ListTab(Screen):
    flags = DINAS_FLAGS

    def __init__(self, session, columns: list[Column], export_name: str, hint: str, parent=None):
        super().__init__(session, parent)
        self.table = SearchableTable(columns, export_name=export_name)
        self.table.activated.connect(self.open)
        self.hint = hint_label(hint)
        self.controls = QHBoxLayout()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 4)
        lay.addLayout(self.controls)
        lay.addWidget(self.hint)
        lay.addWidget(self.table, 1)

    def open(self, row) -> None:
        view = _view(self)
        coop = getattr(row, "coop", None)
        if view is not None and coop is not None:
            view.go("koperasi").show_coop(coop.key)


class OverdueTab(_ListTab):
    def __init__(self, session, parent=None):
        today = session.today
        super().__init__(session, [
            Column("Koperasi", lambda r: r.coop_name, width=220),
            Column("Kunjungan", lambda r: r.visited_on, "date", width=95),
            Column("Rekomendasi", lambda r: r.text, width=-1),
            Column("Penanggung jawab", lambda r: r.pic, width=160),
            Column("Batas waktu", lambda r: r.due_on, "date", width=95),
            Column("Lewat (hari)", lambda r: r.days_overdue(today()), "int", width=95, color=lambda _r: DANGER),
            Column("Status", lambda r: r.status.label, width=110),
        ], "rekomendasi-lewat-batas", "Rekomendasi yang masih Terbuka atau Dalam proses padahal batas waktunya sudah "
           "lewat, paling lama dulu. Klik dua kali untuk membuka kunjungannya dan mencatat tindak lanjut.", parent)

    def load(self) -> None:
        self.table.set_records(dinas.overdue_recommendations(self.ws, self.session.today()))

    def open(self, row) -> None:
        view = _view(self)
        if view is not None:
            view.go("kunjungan").show_visit(row.visit_id)


class NotVisitedTab(_ListTab):
    def __init__(self, session, parent=None):
        super().__init__(session, [
            Column("Kode", lambda r: r.coop.key, width=80),
            Column("Koperasi", lambda r: r.coop.name, width=-1),
            Column("Kecamatan", lambda r: r.coop.kecamatan, width=160),
            Column("Status", lambda r: r.coop.status.label, width=90),
            Column("Kunjungan terakhir", lambda r: r.last_visit.isoformat() if r.last_visit else "", width=0),
            Column("Bulan sejak", lambda r: r.months_since, "int", width=95),
        ], "belum-dikunjungi", "", parent)
        self.table.model.columns[4] = Column("Kunjungan terakhir", lambda r: fmt.date_short(r.last_visit)
                                             if r.last_visit else "Belum pernah", width=140,
                                             color=lambda r: DANGER if r.last_visit is None else None)
        self.months = QSpinBox()
        self.months.setRange(1, 60)
        self.months.setSuffix(" bulan")
        self.months.valueChanged.connect(lambda _v: self.load_list())
        self.controls.addWidget(QLabel("Belum dikunjungi lebih dari"))
        self.controls.addWidget(self.months)
        self.controls.addStretch(1)
        self._first = True

    def load(self) -> None:
        if self._first:
            self._first = False
            self.months.blockSignals(True)
            self.months.setValue(dinas.get_settings(self.ws).not_visited_months)
            self.months.blockSignals(False)
        self.load_list()

    def load_list(self) -> None:
        rows = dinas.not_visited(self.ws, self.session.today(), self.months.value())
        never = sum(1 for r in rows if r.last_visit is None)
        self.hint.setText(f"{len(rows)} koperasi (tidak termasuk yang dibekukan): {never} belum pernah dikunjungi, "
                          f"{len(rows) - never} terakhir dikunjungi lebih dari {self.months.value()} bulan lalu.")
        self.table.set_records(rows)


class RatTab(_ListTab):
    def __init__(self, session, parent=None):
        super().__init__(session, [
            Column("Kode", lambda r: r.coop.key, width=80),
            Column("Koperasi", lambda r: r.coop.name, width=-1),
            Column("Kecamatan", lambda r: r.coop.kecamatan, width=160),
            Column("Batas RAT", lambda r: r.deadline, "date", width=95),
            Column("Tanggal RAT", lambda r: r.held_on, "date", width=100),
            Column("Keterangan", lambda r: r.status.label, width=230, color=lambda r: RAT_COLORS.get(r.status)),
            Column("Sumber", lambda r: {"paket": "Paket koperasi", "manual": "Input petugas",
                                        "registri": "Registri"}.get(r.source, r.source), width=120),
        ], "kepatuhan-rat", "", parent)
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setGroupSeparatorShown(False)
        self.year.setValue(session.today().year - 1)
        self.year.valueChanged.connect(lambda _v: self.load())
        self.controls.addWidget(QLabel("Tahun buku"))
        self.controls.addWidget(self.year)
        self.controls.addStretch(1)

    def load(self) -> None:
        y = self.year.value()
        rows = dinas.rat_compliance(self.ws, y, self.session.today())
        counts = {s: sum(1 for r in rows if r.status == s) for s in RatStatus}
        self.hint.setText(f"RAT tahun buku {y} wajib diadakan paling lambat {fmt.date_long(dt.date(y + 1, 6, 30))}. "
                          + " · ".join(f"{s.label}: {n}" for s, n in counts.items()))
        self.table.set_records(rows)


class InactiveTab(_ListTab):
    def __init__(self, session, parent=None):
        super().__init__(session, [
            Column("Kode", lambda r: r.coop.key, width=80),
            Column("Koperasi", lambda r: r.coop.name, width=-1),
            Column("Kecamatan", lambda r: r.coop.kecamatan, width=160),
            Column("Status registri", lambda r: r.coop.status.label, width=110),
            Column("RAT terakhir", lambda r: fmt.date_short(r.last_rat) if r.last_rat else "Tidak ada", width=110),
            Column("RAT terlewat", lambda r: "belum pernah RAT" if r.missed is None else f"{r.missed} kali",
                   width=130),
            Column("Tidak aktif sejak", lambda r: r.inactive_from, "date", width=120),
        ], "koperasi-tidak-aktif", "", parent)
        self.warnings = SearchableTable(self.table.model.columns, export_name="peringatan-rat", footer=False)
        self.warnings.activated.connect(self.open)
        self.layout().addWidget(title_label("Peringatan: sudah melewatkan RAT, belum tidak aktif"))
        self.layout().addWidget(self.warnings, 1)

    def load(self) -> None:
        rep = dinas.inactive_cooperatives(self.ws, self.session.today())
        self.hint.setText(f"Tidak aktif bila tidak ada RAT dalam {rep.threshold_years} tahun terakhir (RAT terakhir "
                          f"pada atau sebelum {fmt.date_long(rep.cutoff)}); ambang 2 atau 3 tahun diatur di "
                          f"Pengaturan. Tidak aktif: {len(rep.inactive)} · peringatan: {len(rep.warnings)}.")
        self.table.set_records(list(rep.inactive))
        self.warnings.set_records(list(rep.warnings))


class CoachingTab(_ListTab):
    def __init__(self, session, parent=None):
        super().__init__(session, [
            Column("Prioritas", lambda r: r.need.label, width=95, color=lambda r: PRIORITY_COLORS.get(r.need.priority)),
            Column("Koperasi", lambda r: r.coop.name, width=230),
            Column("Kecamatan", lambda r: r.coop.kecamatan, width=140),
            Column("Predikat", lambda r: r.coop.last_predicate or "", width=150),
            Column("Kunjungan terakhir", lambda r: r.last_visit, "date", width=130),
            Column("Rek. terbuka", lambda r: r.open_recommendations, "int", width=95),
            Column("Lewat batas", lambda r: r.overdue_recommendations, "int", width=90),
            Column("Alasan", lambda r: "; ".join(r.need.reasons), width=-1),
        ], "kebutuhan-pembinaan", "Urutan kunjungan: Mendesak (tidak aktif, predikat terburuk, banyak rekomendasi "
           "lewat batas), Tinggi, Sedang, Rendah. Alasan terberat disebut lebih dulu.", parent)

    def load(self) -> None:
        self.table.set_records(dinas.coaching_needs(self.ws, self.session.today()))


class PemantauanScreen(TabScreen):
    title = "Pemantauan"
    flags = DINAS_FLAGS

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.overdue = self.add(OverdueTab(session), "Rekomendasi lewat batas")
        self.not_visited = self.add(NotVisitedTab(session), "Belum dikunjungi")
        self.rat = self.add(RatTab(session), "Kepatuhan RAT")
        self.inactive = self.add(InactiveTab(session), "Koperasi tidak aktif")
        self.coaching = self.add(CoachingTab(session), "Kebutuhan pembinaan")
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 6)
        lay.addWidget(title_label("Pemantauan"))
        lay.addWidget(self.tabs, 1)

    def show_tab(self, key: str):
        tab = {"overdue": self.overdue, "not_visited": self.not_visited, "rat": self.rat,
               "inactive": self.inactive, "coaching": self.coaching}[key]
        self.tabs.setCurrentWidget(tab)
        return tab
