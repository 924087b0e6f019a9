"""Beranda: what needs attention today: cash and bank, this month's cash flow, this month's savings collections,
wajib arrears and the members three or more months behind, loans in arrears and instalments due this week (a click
opens the list), the latest journals, the last backup, the locked period, and the RAT deadlines (the RAT due 6
months after the year end, the annual report ready 1 month before the RAT) with warnings as they near or pass."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kopdesk import fmt
from kopdesk.domain.errors import KopDeskError
from kopdesk.domain.users import Perm
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import DANGER, OK, WARN
from kopdesk.ui.tables import Column, SearchableTable

# The services Beranda reads through are imported by the readers, on the worker, after Beranda's first paint:
# the RAT deadlines alone pull in the RAT, SHU and statements modules (~60 ms) that painting needs none of. Nor is
# kopdesk.ui.widgets imported (its pickers pull in the ledger and member models, ~15 ms): Beranda uses none of them.
if TYPE_CHECKING:
    from kopdesk.domain.ledger import Journal
    from kopdesk.services.ledger import CashSummary
    from kopdesk.services.rat import RatDeadlines
    from kopdesk.services.savings import MonthSummary
    from kopdesk.services.workspace import Workspace


class Card(QFrame):
    clicked = Signal()

    def __init__(self, title: str, parent: QWidget | None = None, *, link: str = ""):
        super().__init__(parent)
        self.link = link
        self.setObjectName("card")
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.value = QLabel("")
        self.value.setObjectName("cardValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel("")
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 12)
        lay.setSpacing(4)
        lay.addWidget(self.title)
        lay.addWidget(self.value)
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.note, 1)   # the note takes the card's free height: its wrapped lines are never cut
        self._fit()
        if link:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip(link)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self.link and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def set(self, value: str, note: str = "", color: str | None = None) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {color};" if color else "")
        self.note.setText(note)
        self._fit()

    def _fit(self) -> None:
        """Room for the title, the figure and three lines of note, so the journal list below gives way and not
        the cards (a word-wrapped label's height is not part of the card's size hint). Measured again once the
        labels carry their style sheet's fonts."""
        m = self.layout().contentsMargins()
        self.setMinimumHeight(m.top() + m.bottom() + 2 * self.layout().spacing() + self.title.sizeHint().height()
                              + self.value.sizeHint().height() + 3 * self.note.fontMetrics().lineSpacing() + 2)


class BerandaScreen(Screen):
    title = "Beranda"
    flags = ("ledger", "accounts", "profile", "periods", "settings", "savings", "members", "loans")
    # "receipt" | "payment" | "journal" | "backup" | "trial_balance" | "deposit" | "withdrawal" | "new_member" |
    # "arrears" | "loan_arrears" | "loans_due" | "loan_applications" | "new_loan"
    action_requested = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.heading = QLabel("Beranda")
        self.heading.setObjectName("screenTitle")   # as ui.widgets.title_label makes it
        self.today_label = QLabel()
        self.today_label.setObjectName("hint")
        self.cards = {
            "cash": Card("Saldo kas & bank hari ini"),
            "in": Card("Penerimaan kas bulan ini"),
            "out": Card("Pengeluaran kas bulan ini"),
            "backup": Card("Cadangan terakhir"),
            "deposits": Card("Setoran simpanan bulan ini"),
            "withdrawals": Card("Penarikan simpanan bulan ini"),
            "arrears": Card("Simpanan wajib belum dibayar", link="Buka Simpanan > Tagihan wajib"),
            "behind": Card("Menunggak wajib 3 bulan atau lebih", link="Buka Simpanan > Tagihan wajib"),
            "loan_arrears": Card("Tunggakan pinjaman", link="Buka daftar tunggakan pinjaman"),
            "loans_due": Card("Angsuran jatuh tempo 7 hari", link="Buka daftar angsuran jatuh tempo"),
            "loans": Card("Pinjaman beredar"),
            "loan_applications": Card("Pengajuan pinjaman menunggu", link="Buka Pinjaman > Diajukan"),
        }
        for key in ("loan_arrears", "loans_due", "loan_applications"):
            self.cards[key].clicked.connect(lambda k=key: self.action_requested.emit(k))
        self.cards["arrears"].clicked.connect(lambda: self.action_requested.emit("arrears"))
        self.cards["behind"].clicked.connect(lambda: self.action_requested.emit("arrears"))
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 4, i % 4)
        for i in range(4):
            grid.setColumnStretch(i, 1)

        self.latest = SearchableTable([
            Column("Tanggal", lambda j: j.date, "date"),
            Column("Nomor", lambda j: j.number),
            Column("Keterangan", lambda j: j.description, width=-1),
            Column("Jumlah (Rp)", lambda j: j.total, "money"),
        ], export_name="jurnal-terakhir", footer=False, searchable=False)   # who made each: in Jurnal umum
        self.latest.export_button.hide()
        latest_box = QFrame()
        latest_box.setObjectName("card")
        lb = QVBoxLayout(latest_box)
        lb.setContentsMargins(14, 10, 14, 12)
        t = QLabel("Jurnal terakhir")
        t.setObjectName("cardTitle")
        lb.addWidget(t)
        lb.addWidget(self.latest, 1)

        side = QFrame()
        side.setObjectName("card")
        sl = QVBoxLayout(side)
        sl.setContentsMargins(14, 10, 14, 12)
        st = QLabel("Pekerjaan cepat")
        st.setObjectName("cardTitle")
        sl.addWidget(st)
        self.buttons: dict[str, QPushButton] = {}
        quick = QGridLayout()      # three columns: three rows leave the cards their full height at 1366x768
        quick.setSpacing(6)
        can_post = session.can(Perm.POST)
        for key, text, allowed in (("deposit", "Setoran simpanan", can_post),
                                   ("withdrawal", "Penarikan simpanan", can_post),
                                   ("new_member", "Anggota baru", session.can(Perm.MEMBERS)),
                                   ("new_loan", "Pengajuan pinjaman", can_post),
                                   ("receipt", "Catat penerimaan kas", can_post),
                                   ("payment", "Catat pengeluaran kas", can_post),
                                   ("journal", "Buat jurnal umum", can_post),
                                   ("trial_balance", "Lihat neraca saldo", True),
                                   ("backup", "Cadangkan sekarang", True)):
            if not allowed:
                continue
            b = QPushButton(text)
            b.setMinimumHeight(30)
            b.clicked.connect(lambda _c=False, k=key: self.action_requested.emit(k))
            n = len(self.buttons)
            self.buttons[key] = b
            quick.addWidget(b, n // 3, n % 3)
        sl.addLayout(quick)
        sl.addSpacing(10)
        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)
        self.lock_label.setObjectName("hint")
        sl.addWidget(self.lock_label)
        sl.addStretch(1)
        side.setFixedWidth(560)

        lower = QHBoxLayout()
        lower.setSpacing(12)
        lower.addWidget(latest_box, 1)
        lower.addWidget(side)

        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.today_label)

        # the RAT deadlines (spec §3.2) under the heading, across the screen: always in sight, amber as they near,
        # red when urgent or passed; a click opens the RAT screen
        self.rat_label = QLabel("Jadwal RAT: …")
        self.rat_label.setWordWrap(True)
        self.rat_label.setTextFormat(Qt.TextFormat.RichText)
        self.rat_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.rat_label.setToolTip("Buka menu RAT")
        self.rat_label.mouseReleaseEvent = lambda _e: self.open_rat()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        lay.setSpacing(10)
        lay.addLayout(head)
        lay.addWidget(self.rat_label)
        lay.addLayout(grid)
        lay.addLayout(lower, 1)

    def load(self) -> None:
        """Everything Beranda shows is read on the worker without a busy dialog (quiet runner reads), in two
        parts: the ledger figures (fast) and the month's savings (goes through every active member: seconds for a
        large register). The screen paints at once with "…" and fills each part in when it arrives."""
        today = self.session.today()
        self.today_label.setText(f"Hari ini: {fmt.date_long(today)}")
        for key in self.cards:
            if not self.cards[key].value.text():
                self.cards[key].set("…", "menghitung...")
        ws = self.ws
        self.session.runner.run(read_figures, ws, today, parent=self, quiet=True,
                                on_success=lambda f: self._show_figures(f, today))
        self.session.runner.run(read_savings, ws, today, parent=self, quiet=True,
                                on_success=lambda s: self._show_savings(s, today))
        self.session.runner.run(read_loans, ws, today, parent=self, quiet=True,
                                on_success=lambda t: self._show_loans(t, today))

    def _show_loans(self, t, today: dt.date) -> None:
        if self.ws.closed:
            return
        c = self.cards
        c["loan_arrears"].set(fmt.rupiah(t.arrears),
                              f"{fmt.number(t.in_arrears)} pinjaman menunggak (pokok + jasa)" if t.in_arrears
                              else "Tidak ada angsuran yang terlambat", DANGER if t.in_arrears else OK)
        c["loans_due"].set(fmt.rupiah(t.due_this_week_amount),
                           f"{fmt.number(t.due_this_week)} angsuran, {fmt.date_short(today)} s.d. "
                           f"{fmt.date_short(today + dt.timedelta(days=6))}" if t.due_this_week
                           else "Tidak ada angsuran jatuh tempo minggu ini")
        c["loans"].set(fmt.rupiah(t.outstanding),
                       f"{fmt.number(t.active)} pinjaman aktif; bermasalah (KL, D, M) {fmt.rupiah(t.problem_loans)}",
                       None)
        c["loan_applications"].set(f"{fmt.number(t.applications)} pengajuan",
                                   "Menunggu persetujuan" if t.applications else "Tidak ada yang menunggu")

    def _show_figures(self, f: Figures, today: dt.date) -> None:
        if self.ws.closed:
            return
        self.heading.setText(f"Beranda · {f.coop_name}")
        cash = f.cash
        self.cards["cash"].set(fmt.rupiah(cash.total),
                               "\n".join(f"{a.name}: {fmt.rupiah(b)}" for a, b in cash.balances),
                               DANGER if cash.total < 0 else None)
        month = fmt.month_year(today)
        self.cards["in"].set(fmt.rupiah(cash.receipts), f"{month}, tanpa pindah buku kas-bank")
        self.cards["out"].set(fmt.rupiah(cash.payments), f"{month}, tanpa pindah buku kas-bank")
        self._show_backup(f.last_backup_at, f.last_backup_path, today)
        self.latest.set_records(f.latest)
        self.lock_label.setText(f"Buku terkunci sampai {fmt.date_long(f.locked)}." if f.locked
                                else "Belum ada periode yang dikunci.")
        self.rat_lines = rat_deadline_lines(f.rat, today)
        shown = " &nbsp;·&nbsp; ".join(f'<span style="color: {c};">{t}</span>' if c else t for t, c in self.rat_lines)
        self.rat_label.setText("<b>Jadwal RAT:</b> " + (shown or "belum ada tahun buku yang perlu di-RAT-kan."))

    def open_rat(self) -> None:
        """Go to the RAT screen (the workspace view above Beranda owns the navigation)."""
        w = self.parent()
        while w is not None and not hasattr(w, "go"):
            w = w.parent()
        if w is not None:
            w.go("rat")

    def _show_backup(self, at: dt.datetime | None, path: str | None, today: dt.date) -> None:
        if at is None:
            self.cards["backup"].set("Belum pernah", "Cadangkan file ini sekarang (menu Berkas atau tombol di kanan).",
                                     DANGER)
            return
        days = (today - at.date()).days
        when = "hari ini" if days == 0 else "kemarin" if days == 1 else f"{days} hari yang lalu"
        folder = str(Path(path).parent) if path else ""
        self.cards["backup"].set(fmt.date_long(at.date()), f"{when}, pukul {at:%H.%M}\n{folder}",
                                 DANGER if days > 7 else OK)

    def _show_savings(self, summary, today: dt.date) -> None:
        if self.ws.closed:
            return
        if summary is None:
            for key in ("deposits", "withdrawals", "arrears", "behind"):
                self.cards[key].set("-", "Produk simpanan belum diatur.")
            return
        month = fmt.month_year(today)
        self.cards["deposits"].set(fmt.rupiah(summary.total_deposits), _per_product(summary.deposits) or month)
        self.cards["withdrawals"].set(fmt.rupiah(summary.total_withdrawals),
                                      _per_product(summary.withdrawals) or month)
        self.cards["arrears"].set(fmt.rupiah(summary.wajib_arrears),
                                  f"{fmt.number(summary.wajib_unpaid_members)} anggota belum lunas sampai {month}",
                                  DANGER if summary.wajib_arrears else OK)
        behind = summary.members_behind_3_months
        self.cards["behind"].set(f"{fmt.number(behind)} anggota", "Perlu ditagih" if behind else "Tidak ada",
                                 DANGER if behind else OK)


@dataclass(frozen=True, slots=True)
class Figures:
    """The ledger part of Beranda, read in one go on the worker."""

    coop_name: str
    cash: CashSummary
    last_backup_at: dt.datetime | None
    last_backup_path: str | None
    latest: list[Journal]
    locked: dt.date | None
    rat: list[RatDeadlines]


def read_figures(ws: Workspace, today: dt.date) -> Figures:
    from kopdesk.services import ledger as ledger_svc
    from kopdesk.services import profile as profile_svc
    from kopdesk.services import rat as rat_svc
    from kopdesk.services import workspace as ws_svc

    info = ws_svc.workspace_info(ws)
    return Figures(profile_svc.get_profile(ws).name, ledger_svc.cash_summary(ws, today.replace(day=1), today),
                   info.last_backup_at, info.last_backup_path, ledger_svc.latest_journals(ws, 20),
                   ledger_svc.locked_through(ws), rat_svc.upcoming_deadlines(ws, today))


RAT_SOON_DAYS = 90          # amber from three months before the due date
RAT_URGENT_DAYS = 30        # red in the last month


def rat_deadline_lines(deadlines: list[RatDeadlines], today: dt.date) -> list[tuple[str, str | None]]:
    """One line per financial year whose RAT is not held yet (text, colour or None): the RAT due date and the
    annual report's ready-by date, amber when near, red when urgent or passed."""
    out: list[tuple[str, str | None]] = []
    for d in deadlines:
        when = f"RAT tahun buku {d.year}"
        if d.state == "terlambat":
            late = (today - d.rat_due).days
            if d.meeting is not None:
                text = (f"{when} dijadwalkan {fmt.date_long(d.meeting.held_on)}, melewati batas "
                        f"{fmt.date_long(d.rat_due)}.") if late < 0 else \
                    f"{when} terlambat {late} hari (batas {fmt.date_long(d.rat_due)}); segera selesaikan rapatnya."
            else:
                text = f"{when} terlambat {late} hari: batasnya {fmt.date_long(d.rat_due)}."
            out.append((text, DANGER))
            continue
        days = d.days_left
        planned = f"dijadwalkan {fmt.date_long(d.meeting.held_on)}" if d.meeting else "belum dijadwalkan"
        color = DANGER if days <= RAT_URGENT_DAYS else WARN if days <= RAT_SOON_DAYS else None
        out.append((f"{when}: paling lambat {fmt.date_long(d.rat_due)} ({days} hari lagi), {planned}.", color))
        ready = (d.report_ready_by - today).days
        if ready < 0:
            out.append((f"Laporan tahunan {d.year} seharusnya siap {fmt.date_long(d.report_ready_by)} (1 bulan "
                        "sebelum RAT): sudah lewat.", DANGER))
        else:
            out.append((f"Laporan tahunan {d.year} siap paling lambat {fmt.date_long(d.report_ready_by)} "
                        f"({ready} hari lagi).", DANGER if ready <= RAT_URGENT_DAYS else WARN
                        if ready <= RAT_SOON_DAYS else None))
    return out


def read_savings(ws: Workspace, today: dt.date) -> MonthSummary | None:
    # imported here, on the worker: the savings services (and the loans modules they pull in, ~25 ms) are not
    # needed to paint Beranda, only to fill these four cards in
    from kopdesk.services import savings as savings_svc

    try:
        return savings_svc.month_summary(ws, today)
    except KopDeskError:  # no wajib product configured
        return None


def read_loans(ws: Workspace, today: dt.date):
    # imported on the worker, like the savings: not needed to paint Beranda
    from kopdesk.services import collectibility as coll_svc

    return coll_svc.dashboard(ws, today)


def _per_product(amounts: dict[str, int]) -> str:
    return "\n".join(f"{name.removeprefix('Simpanan ').capitalize()}: {fmt.rupiah(v)}"
                     for name, v in amounts.items())
