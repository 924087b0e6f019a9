"""Simpanan > Jasa simpanan: credit a month's jasa on the products that carry it (sukarela, berjangka...). First
the month per product (``savings.jasa_preview``): which product is already posted (its journal and total) and, for the
others, each member's jasa, exactly what the posting will credit; then the posting of the products not yet posted, one
journal per product (``savings.post_monthly_jasa``). A product's month is never posted twice."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.savings import InterestBasis, SavingsProduct
from kopdesk.domain.users import Perm
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import members as members_svc
from kopdesk.services import savings as savings_svc
from kopdesk.services.savings import JasaPlan
from kopdesk.ui.messages import prompts
from kopdesk.ui.runner import Progress
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import MUTED, OK, WARN
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import MonthPicker, hint_label, month_bounds

BASIS_LABELS = {InterestBasis.TERENDAH: "saldo terendah bulan itu",
                InterestBasis.RATA_RATA: "saldo rata-rata harian"}
POSTED, TO_POST, NOTHING = "Sudah dibukukan", "Belum dibukukan", "Tidak ada jasa"
STATE_COLOURS = {POSTED: OK, TO_POST: WARN, NOTHING: MUTED}
ROW_HEIGHT = 26


@dataclass(frozen=True)
class JasaLine:
    number: str
    name: str
    product: str
    jasa: int


@dataclass(frozen=True)
class ProductState:
    """One row of the month per product: posted (journal, total) or not (what the posting will credit)."""

    plan: JasaPlan

    @property
    def name(self) -> str:
        return self.plan.product.name

    @property
    def rule(self) -> str:
        p = self.plan.product
        return f"{fmt.percent(p.interest_rate, 2)}/tahun, {BASIS_LABELS[p.interest_basis]}"

    @property
    def state(self) -> str:
        return POSTED if self.plan.posted else TO_POST if self.plan.to_post else NOTHING

    @property
    def journal(self) -> str:
        return self.plan.journal_number or ""


@dataclass(frozen=True)
class JasaPreview:
    month: dt.date
    lines: tuple[JasaLine, ...]       # each member's jasa on the products still to post
    plans: tuple[JasaPlan, ...]       # every product with jasa, posted or not
    refused: str = ""       # why the month cannot be posted (not over yet, every product posted): said in place

    @property
    def to_post(self) -> tuple[JasaPlan, ...]:
        return tuple(p for p in self.plans if p.to_post)

    @property
    def posted(self) -> tuple[JasaPlan, ...]:
        return tuple(p for p in self.plans if p.posted)

    @property
    def total(self) -> int:
        """What the posting will credit (the products not yet posted)."""
        return sum(p.total for p in self.to_post)

    @property
    def members(self) -> int:
        return len({mid for p in self.to_post for mid in p.amounts})


def jasa_products(ws) -> list[SavingsProduct]:
    return [p for p in savings_svc.products(ws, active_only=True)
            if p.interest_rate > 0 and not p.kind.locked_while_member]


def compute_preview(ws, month: dt.date):
    """A generator (for the runner): the service's preview of the month, with each member's number and name for the
    table (products still to post only). Yields Progress while it reads the members."""
    first = month.replace(day=1)
    try:
        plans = savings_svc.jasa_preview(ws, first.year, first.month)
    except ValidationError as exc:
        return JasaPreview(first, (), (), refused=exc.message)
    open_plans = [p for p in plans if p.to_post]
    ids = sorted({mid for p in open_plans for mid in p.amounts})
    members = {}
    for done, mid in enumerate(ids, start=1):
        members[mid] = members_svc.get_member(ws, mid)
        if done % 500 == 0:
            yield Progress(done, len(ids), f"Membaca anggota {done} dari {len(ids)}...")
    lines = tuple(JasaLine(members[mid].number, members[mid].full_name, p.product.name, jasa)
                  for p in open_plans
                  for mid, jasa in sorted(p.amounts.items(), key=lambda kv: members[kv[0]].number))
    return JasaPreview(first, lines, tuple(plans), refused=savings_svc.jasa_refusal(plans))


def _posted_text(plans) -> str:
    return ", ".join(f"{p.product.name} ({p.journal_number}, {fmt.rupiah(p.total)})" for p in plans)


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
        self.products_title = QLabel("<b>Jasa per produk</b>")
        self.products = SearchableTable([
            Column("Produk simpanan", lambda x: x.name, width=200),
            Column("Aturan jasa", lambda x: x.rule, width=-1),
            Column("Status", lambda x: x.state, width=150, color=lambda x: STATE_COLOURS[x.state]),
            Column("Jurnal", lambda x: x.journal, width=150),
            Column("Anggota", lambda x: len(x.plan.amounts), "int", width=80),
            Column("Jasa (Rp)", lambda x: x.plan.total, "money", width=130),
        ], export_name="jasa-simpanan-per-produk", footer=False, searchable=False)
        self.products.export_button.hide()
        self.lines_title = QLabel("<b>Jasa tiap anggota yang akan dibukukan</b>")
        self.table = SearchableTable([
            Column("Nomor", lambda x: x.number, width=90),
            Column("Nama", lambda x: x.name, width=-1),
            Column("Simpanan", lambda x: x.product, width=160),
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
        lay.addSpacing(4)
        lay.addWidget(self.products_title)
        lay.addWidget(self.products)
        lay.addWidget(self.lines_title)
        lay.addWidget(self.table, 1)
        lay.addWidget(hint_label("Jasa dibukukan sekali per bulan per produk, sesudah bulan itu berakhir: Beban jasa "
                                 "simpanan (debit) dan akun simpanan produk (kredit), dan baris jasa di simpanan "
                                 "tiap anggota. Produk yang jasanya sudah dibukukan dilewati; yang belum bisa "
                                 "dibukukan kapan saja sesudahnya."))
        self._month_changed()

    def load(self) -> None:
        products = jasa_products(self.ws)
        accounts = {a.id: a.label for a in ledger_svc.list_accounts(self.ws)}
        if not products:
            self.rules.setText("Belum ada produk simpanan dengan jasa. Atur jasa per tahun di tab Produk simpanan.")
        else:
            self.rules.setText("<br>".join(
                f"<b>{html.escape(p.name)}</b>: {fmt.percent(p.interest_rate, 2)} per tahun dari "
                f"{BASIS_LABELS[p.interest_basis]}; dikreditkan ke {html.escape(accounts.get(p.account_id, ''))}"
                for p in products))
        self._update_buttons()

    def _show_products(self, plans) -> None:
        self.products.set_records([ProductState(p) for p in plans])
        shown = bool(plans)
        self.products_title.setVisible(shown)
        self.products.setVisible(shown)
        view = self.products.view
        view.setFixedHeight(view.horizontalHeader().sizeHint().height() + ROW_HEIGHT * len(plans) + 4)

    def _month_changed(self) -> None:
        self.preview = None
        self.table.set_records([])
        self._show_products([])
        self.lines_title.setText("<b>Jasa tiap anggota yang akan dibukukan</b>")
        self.status.setText("Tekan <b>Hitung pratinjau</b> untuk melihat jasa tiap produk dan tiap anggota sebelum "
                            "dibukukan.")
        self._update_buttons()

    def _month_over(self) -> bool:
        return month_bounds(self.month.value())[1] < self.session.today()

    def _update_buttons(self) -> None:
        over = self._month_over()
        self.preview_button.setEnabled(over and bool(jasa_products(self.ws)))
        p = self.preview
        self.post_button.setEnabled(over and p is not None and p.total > 0)
        self.post_button.setText("Bukukan jasa yang belum" if p is not None and p.posted and p.total
                                 else "Bukukan jasa")
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
        self._show_products(preview.plans)
        self._update_buttons()
        self.status.setText(self._explain(preview, self.post_button.text()))
        self.lines_title.setText("<b>Jasa tiap anggota yang akan dibukukan</b>" + (
            "" if preview.lines or not preview.plans else ": tidak ada"))

    @staticmethod
    def _explain(preview: JasaPreview, button: str) -> str:
        """The month's state in plain words: what is already posted, what the button will post."""
        month = fmt.month_year(preview.month)
        if preview.refused:
            if preview.plans:
                return f"{html.escape(preview.refused)} Tidak ada lagi jasa {month} yang perlu dibukukan."
            return html.escape(preview.refused)
        parts = []
        if preview.posted:
            parts.append(f"Sudah dibukukan: {html.escape(_posted_text(preview.posted))}. Produk ini tidak akan "
                         "dibukukan lagi.")
        if not preview.to_post:
            parts.append(f"Tidak ada jasa untuk {month}.")
        else:
            per_product = html.escape("; ".join(f"{p.product.name}: {fmt.rupiah(p.total)}" for p in preview.to_post))
            parts.append(f"Belum dibukukan: <b>{preview.members} anggota, jumlah {fmt.rupiah(preview.total)}</b> "
                         f"({per_product}). Periksa daftar di bawah, lalu tekan <b>{button}</b>.")
        return "<br>".join(parts)

    def post(self) -> None:
        p = self.preview
        if p is None or not p.total:
            return
        lines = [f"Jasa {fmt.month_year(p.month)} untuk {p.members} anggota, jumlah {fmt.rupiah(p.total)}, "
                 f"dibukukan per {fmt.date_long(month_bounds(p.month)[1])}, satu jurnal per produk:"]
        for plan in p.to_post:
            lines.append(f"- {plan.product.name}: {len(plan.amounts)} anggota, {fmt.rupiah(plan.total)}")
        lines.append(f"Debit   Beban jasa simpanan: {fmt.rupiah(p.total)}")
        lines.append(f"Kredit  akun simpanan produk: {fmt.rupiah(p.total)}")
        if p.posted:
            lines.append(f"Sudah dibukukan sebelumnya, tidak dibukukan lagi: {_posted_text(p.posted)}.")
        if not prompts().confirm(self, "Bukukan jasa simpanan?", "\n".join(lines),
                                 ok_text="Ya, bukukan", cancel_text="Batal"):
            return
        s = self.session
        s.runner.run(savings_svc.post_monthly_jasa, s.ws, p.month.year, p.month.month, s.user, parent=self,
                     busy="Membukukan jasa simpanan...", on_success=self._posted)

    def _posted(self, result) -> None:
        done = [f"{r.journal_number} {r.product}: {r.members} anggota, {fmt.rupiah(r.total)}"
                for r in result.runs if r.journal_number]
        shown = self.preview
        if shown is not None and sum(r.total for r in result.runs) != shown.total:
            done.append(f"Jumlah yang dibukukan berbeda dari pratinjau ({fmt.rupiah(shown.total)}): ada transaksi "
                        "simpanan baru sesudah pratinjau dihitung.")
        if result.skipped:
            done.append("Sudah dibukukan sebelumnya (dilewati): " + ", ".join(
                f"{r.product} ({r.journal_number})" for r in result.skipped) + ".")
        self.preview = None
        self.table.set_records([])
        self.status.setText("Jasa sudah dibukukan. " + html.escape("; ".join(done)))
        self._update_buttons()
        prompts().info(self, "Jasa dibukukan", "\n".join(done) or "Tidak ada jasa yang dibukukan.")
        self.compute()          # the month per product again, now with the new journals
