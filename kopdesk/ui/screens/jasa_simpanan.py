"""Simpanan > Jasa simpanan: credit a month's jasa on the products that carry it (sukarela, berjangka...). First
what will be posted (each member's jasa, from the member's statement and the product's rate and basis, computed the
way the posting does), then one journal per product."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kopdesk import fmt
from kopdesk.domain.savings import InterestBasis, SavingsProduct, TxKind, month_key, monthly_jasa
from kopdesk.domain.users import Perm
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import members as members_svc
from kopdesk.services import savings as savings_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.runner import Progress
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import MonthPicker, hint_label, month_bounds

BASIS_LABELS = {InterestBasis.TERENDAH: "saldo terendah bulan itu",
                InterestBasis.RATA_RATA: "saldo rata-rata harian"}


@dataclass(frozen=True)
class JasaLine:
    number: str
    name: str
    product: str
    base: int          # the month's lowest or average balance
    jasa: int


@dataclass(frozen=True)
class JasaPreview:
    month: dt.date
    lines: tuple[JasaLine, ...]
    already: tuple[str, ...]      # products whose jasa for the month is already posted

    @property
    def total(self) -> int:
        return sum(x.jasa for x in self.lines)


def jasa_products(ws) -> list[SavingsProduct]:
    return [p for p in savings_svc.products(ws, active_only=True)
            if p.interest_rate > 0 and not p.kind.locked_while_member]


def compute_preview(ws, month: dt.date):
    """A generator (for the runner): each member's jasa for the month, read from the statements. Yields Progress."""
    first, last = month_bounds(month)
    products = jasa_products(ws)
    total = members_svc.count(ws)
    lines: list[JasaLine] = []
    already: set[str] = set()
    done = 0
    while True:
        page = members_svc.search(ws, "", (), limit=500, offset=done)
        if not page:
            break
        for row in page:
            m = row.member
            for p in products:
                st = savings_svc.statement(ws, m.id, p.id, first, last)
                if any(x.tx.kind == TxKind.JASA and x.tx.period == month_key(first) for x in st.lines):
                    already.add(p.name)
                    continue
                moves = [(x.tx.date, x.tx.delta) for x in st.lines]
                jasa = monthly_jasa(st.opening, moves, first.year, first.month, p.interest_rate, p.interest_basis)
                if jasa > 0:
                    lines.append(JasaLine(m.number, m.full_name, p.name, _base(st.opening, moves, first, last, p),
                                          jasa))
        done += len(page)
        yield Progress(done, total, f"Menghitung jasa {done} dari {total} anggota...")
    return JasaPreview(first, tuple(lines), tuple(sorted(already)))


def _base(opening: int, moves, first: dt.date, last: dt.date, p: SavingsProduct) -> int:
    by_day: dict[int, int] = {}
    for d, amount in moves:
        by_day[d.day] = by_day.get(d.day, 0) + amount
    balance, lowest, total = opening, None, 0
    for day in range(1, last.day + 1):
        balance += by_day.get(day, 0)
        lowest = balance if lowest is None else min(lowest, balance)
        total += balance
    if p.interest_basis == InterestBasis.TERENDAH:
        return max(lowest or 0, 0)
    return max(total, 0) // last.day


class JasaSimpananScreen(Screen):
    flags = ("savings",)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.preview: JasaPreview | None = None
        today = session.today()
        self.month = MonthPicker(today.replace(day=1) - dt.timedelta(days=1))
        self.month.changed.connect(self._month_changed)
        self.rules = QLabel("")
        self.rules.setWordWrap(True)
        self.preview_button = QPushButton("Hitung pratinjau")
        self.preview_button.clicked.connect(self.compute)
        self.post_button = QPushButton("Bukukan jasa")
        self.post_button.setObjectName("primary")
        self.post_button.clicked.connect(self.post)
        self.post_button.setVisible(session.can(Perm.POST))
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.table = SearchableTable([
            Column("Nomor", lambda x: x.number, width=90),
            Column("Nama", lambda x: x.name, width=-1),
            Column("Simpanan", lambda x: x.product, width=160),
            Column("Saldo dasar (Rp)", lambda x: x.base, "money", width=150),
            Column("Jasa (Rp)", lambda x: x.jasa, "money", total=True, width=130),
        ], export_name="jasa-simpanan", search_placeholder="Cari nama atau nomor anggota")
        top = QHBoxLayout()
        top.addWidget(QLabel("Bulan"))
        top.addWidget(self.month)
        top.addSpacing(12)
        top.addWidget(self.preview_button)
        top.addWidget(self.post_button)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.rules)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 1)
        lay.addWidget(hint_label("Jasa dibukukan sekali per bulan per produk, sesudah bulan itu berakhir: Beban jasa "
                                 "simpanan (debit) dan akun simpanan produk (kredit), dan baris jasa di simpanan "
                                 "tiap anggota."))
        self._month_changed()

    def load(self) -> None:
        products = jasa_products(self.ws)
        accounts = {a.id: a.label for a in ledger_svc.list_accounts(self.ws)}
        if not products:
            self.rules.setText("Belum ada produk simpanan dengan jasa. Atur jasa per tahun di tab Produk simpanan.")
        else:
            self.rules.setText("<br>".join(
                f"<b>{p.name}</b>: {fmt.percent(p.interest_rate, 2)} per tahun dari {BASIS_LABELS[p.interest_basis]};"
                f" dikreditkan ke {accounts.get(p.account_id, '')}" for p in products))
        self._update_buttons()

    def _month_changed(self) -> None:
        self.preview = None
        self.table.set_records([])
        self.status.setText("Tekan <b>Hitung pratinjau</b> untuk melihat jasa tiap anggota sebelum dibukukan.")
        self._update_buttons()

    def _month_over(self) -> bool:
        return month_bounds(self.month.value())[1] < self.session.today()

    def _update_buttons(self) -> None:
        over = self._month_over()
        self.preview_button.setEnabled(over and bool(jasa_products(self.ws)))
        p = self.preview
        self.post_button.setEnabled(over and p is not None and p.total > 0)
        if not over:
            self.status.setText(f"Jasa {fmt.month_year(self.month.value())} baru bisa dihitung sesudah bulan itu "
                                "berakhir.")

    def compute(self) -> None:
        s = self.session
        s.runner.run(compute_preview, s.ws, self.month.value(), parent=self, busy="Menghitung jasa simpanan...",
                     cancellable=True, on_success=self._computed)

    def _computed(self, preview: JasaPreview) -> None:
        self.preview = preview
        self.table.set_records(list(preview.lines))
        month = fmt.month_year(preview.month)
        text = (f"Jasa {month}: <b>{len(preview.lines)} anggota, jumlah {fmt.rupiah(preview.total)}</b> "
                "akan dibukukan.")
        if preview.already:
            text += f" Sudah dibukukan sebelumnya: {', '.join(preview.already)}."
        if not preview.lines:
            text = f"Tidak ada jasa untuk {month}." + (f" Sudah dibukukan: {', '.join(preview.already)}."
                                                      if preview.already else "")
        self.status.setText(text)
        self._update_buttons()

    def post(self) -> None:
        p = self.preview
        if p is None or not p.total:
            return
        if not prompts().confirm(self, "Bukukan jasa simpanan?",
                                 f"Jasa {fmt.month_year(p.month)} untuk {len(p.lines)} anggota, jumlah "
                                 f"{fmt.rupiah(p.total)}, dibukukan per {fmt.date_long(month_bounds(p.month)[1])}:\n"
                                 f"Debit   Beban jasa simpanan: {fmt.rupiah(p.total)}\n"
                                 f"Kredit  akun simpanan produk: {fmt.rupiah(p.total)}",
                                 ok_text="Ya, bukukan", cancel_text="Batal"):
            return
        s = self.session
        s.runner.run(savings_svc.post_monthly_jasa, s.ws, p.month.year, p.month.month, s.user, parent=self,
                     busy="Membukukan jasa simpanan...", on_success=self._posted)

    def _posted(self, result) -> None:
        runs = result.runs
        done = [f"{r.journal_number}: {r.members} anggota, {fmt.rupiah(r.total)}" for r in runs if r.journal_number]
        self.preview = None
        self.table.set_records([])
        self.status.setText("Jasa sudah dibukukan. " + "; ".join(done))
        self._update_buttons()
        prompts().info(self, "Jasa dibukukan", "\n".join(done) or "Tidak ada jasa yang dibukukan.")
