"""Beranda of a Dinas workspace: what needs attention today. Counts by status, visits this month, overdue
follow-ups, cooperatives not visited and inactive; charts of the health predicates, last year's RAT compliance and
the coaching priorities; the most overdue follow-ups and the cooperatives to coach first."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from kopdesk import fmt
from kopdesk.domain.dinas import PRIORITY_LABELS, CoopStatus, RatStatus
from kopdesk.services import dinas
from kopdesk.services import profile as profile_svc
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.screens.beranda import Card
from kopdesk.ui.screens.dinas_common import DINAS_FLAGS, PREDICATE_COLORS, PRIORITY_COLORS, BarChart, card
from kopdesk.ui.style import ACCENT, DANGER, MUTED, OK, WARN
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import title_label

RAT_COLORS = {RatStatus.TEPAT_WAKTU: OK, RatStatus.TERLAMBAT: WARN, RatStatus.TIDAK_DIADAKAN: DANGER,
              RatStatus.BELUM: MUTED}
RAT_SHORT = {RatStatus.TEPAT_WAKTU: "Tepat waktu", RatStatus.TERLAMBAT: "Terlambat",
             RatStatus.TIDAK_DIADAKAN: "Tidak diadakan", RatStatus.BELUM: "Belum jatuh tempo"}


class DinasBerandaScreen(Screen):
    title = "Beranda"
    flags = DINAS_FLAGS
    # no ``action_requested`` signal on purpose: WorkspaceView routes that one to the koperasi quick actions. The
    # tiles navigate through the view themselves (``go``).

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dashboard = None
        self.heading = title_label("Beranda")
        self.today_label = QLabel()
        self.today_label.setObjectName("hint")
        self.cards = {
            "total": Card("Koperasi binaan"),
            "visits": Card("Kunjungan bulan ini", link="Buka Kunjungan"),
            "overdue": Card("Tindak lanjut lewat batas", link="Buka Pemantauan > Rekomendasi lewat batas"),
            "not_visited": Card("Belum dikunjungi", link="Buka Pemantauan > Belum dikunjungi"),
            "inactive": Card("Koperasi tidak aktif", link="Buka Pemantauan > Koperasi tidak aktif"),
        }
        for key in ("visits", "overdue", "not_visited", "inactive"):
            self.cards[key].clicked.connect(lambda k=key: self.go(k))
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, c in enumerate(self.cards.values()):
            grid.addWidget(c, 0, i)
            grid.setColumnStretch(i, 1)
        self.predicates = BarChart(empty_text="Belum ada koperasi.")
        self.rat = BarChart()
        self.priorities = BarChart()
        self.rat_box = card("Kepatuhan RAT", self.rat, stretch=1)
        charts = QHBoxLayout()
        charts.setSpacing(10)
        charts.addWidget(card("Predikat kesehatan terakhir", self.predicates, stretch=1), 1)
        charts.addWidget(self.rat_box, 1)
        charts.addWidget(card("Prioritas pembinaan", self.priorities, stretch=1), 1)
        today = session.today
        self.overdue = SearchableTable([
            Column("Koperasi", lambda r: r.coop_name, width=-1),
            Column("Rekomendasi", lambda r: r.text, width=200),
            Column("Batas", lambda r: r.due_on, "date", width=90),
            Column("Lewat", lambda r: f"{r.days_overdue(today())} hari", width=70, color=lambda _r: DANGER),
        ], searchable=False, footer=False)
        self.overdue.export_button.hide()
        self.overdue.activated.connect(lambda _r: self.go("overdue"))
        self.coaching = SearchableTable([
            Column("Prioritas", lambda r: r.need.label, width=85,
                   color=lambda r: PRIORITY_COLORS.get(r.need.priority)),
            Column("Koperasi", lambda r: r.coop.name, width=190),
            Column("Alasan", lambda r: "; ".join(r.need.reasons), width=-1),
        ], searchable=False, footer=False)
        self.coaching.export_button.hide()
        self.coaching.activated.connect(self.open_coop)
        lists = QHBoxLayout()
        lists.setSpacing(10)
        lists.addWidget(card("Tindak lanjut paling lama lewat batas", self.overdue, stretch=1), 1)
        lists.addWidget(card("Prioritas pembinaan: kunjungi dulu", self.coaching, stretch=1), 1)
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.today_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        lay.setSpacing(10)
        lay.addLayout(head)
        lay.addLayout(grid)
        lay.addLayout(charts, 2)
        lay.addLayout(lists, 3)

    def load(self) -> None:
        today = self.session.today()
        self.today_label.setText(f"Hari ini: {fmt.date_long(today)}")
        ws = self.ws
        self.heading.setText(f"Beranda · {profile_svc.get_profile(ws).name}")
        self.session.runner.run(read_dashboard, ws, today, parent=self, quiet=True, on_success=self.show)

    def show(self, data) -> None:
        if self.ws.closed:
            return
        d, needs = data
        self.dashboard = d
        c = self.cards
        st = d.by_status
        c["total"].set(fmt.number(d.total), f"Aktif {st.get(CoopStatus.AKTIF, 0)} · tidak aktif "
                                            f"{st.get(CoopStatus.TIDAK_AKTIF, 0)} · beku {st.get(CoopStatus.BEKU, 0)}")
        c["visits"].set(fmt.number(d.visits_this_month), f"{fmt.number(d.visits_this_year)} kunjungan sejak awal "
                                                         f"tahun {d.today.year}")
        late = d.overdue_follow_ups
        c["overdue"].set(fmt.number(late), "rekomendasi belum selesai melewati batas waktu" if late
                         else "Tidak ada yang terlambat", DANGER if late else OK)
        months = dinas.get_settings(self.ws).not_visited_months
        c["not_visited"].set(fmt.number(d.not_visited), f"belum pernah atau lebih dari {months} bulan",
                             WARN if d.not_visited else OK)
        c["inactive"].set(fmt.number(d.inactive), f"{fmt.number(d.warnings)} lagi sudah melewatkan RAT",
                          DANGER if d.inactive else OK)
        self.predicates.set_rows([(p, n, PREDICATE_COLORS.get(p, MUTED)) for p, n in
                                  sorted(d.by_predicate.items(), key=lambda x: -x[1])])
        self.rat_box.findChild(QLabel, "cardTitle").setText(f"Kepatuhan RAT tahun buku {d.rat_year}")
        self.rat.set_rows([(RAT_SHORT[s], d.rat.get(s, 0), RAT_COLORS[s]) for s in RatStatus])
        self.priorities.set_rows([(PRIORITY_LABELS[p], d.by_priority.get(p, 0), PRIORITY_COLORS.get(p, ACCENT))
                                  for p in (1, 2, 3, 4)])
        self.overdue.set_records(list(d.overdue))
        self.coaching.set_records([r for r in needs if r.need.priority <= 2][:25])

    def _view(self):
        view = self.parent()
        while view is not None and not hasattr(view, "go"):
            view = view.parent()
        return view

    def go(self, key: str) -> None:
        view = self._view()
        if view is None:
            return
        if key == "visits":
            view.go("kunjungan")
            return
        pemantauan = view.go("pemantauan")
        pemantauan.show_tab(key)

    def open_coop(self, row) -> None:
        view = self._view()
        if view is not None:
            view.go("koperasi").show_coop(row.coop.key)


def read_dashboard(ws, today):
    return dinas.dashboard(ws, today), dinas.coaching_needs(ws, today)
