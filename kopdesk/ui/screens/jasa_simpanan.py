"""Simpanan > Jasa simpanan: credit a month's jasa on the products that carry it (sukarela, berjangka...). First
what will be posted (``savings.jasa_preview``: each member's jasa, exactly what the posting will credit), then one
journal per product (``savings.post_monthly_jasa``)."""

from __future__ import annotations

import datetime as dt
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
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import MonthPicker, hint_label, month_bounds

BASIS_LABELS = {InterestBasis.TERENDAH: "saldo terendah bulan itu",
                InterestBasis.RATA_RATA: "saldo rata-rata harian"}


@dataclass(frozen=True)
class JasaLine:
    number: str
    name: str
    product: str
    jasa: int


@dataclass(frozen=True)
class JasaPreview:
    month: dt.date
    lines: tuple[JasaLine, ...]
    plans: tuple[JasaPlan, ...]
    refused: str = ""       # why the month cannot be posted (not over yet, already posted): said in place

    @property
    def total(self) -> int:
        return sum(p.total for p in self.plans)

    @property
    def members(self) -> int:
        return len({mid for p in self.plans for mid in p.amounts})


def jasa_products(ws) -> list[SavingsProduct]:
    return [p for p in savings_svc.products(ws, active_only=True)
            if p.interest_rate > 0 and not p.kind.locked_while_member]


def compute_preview(ws, month: dt.date):
    """A generator (for the runner): the service's preview of the month, with each member's number and name for the
    table. Yields Progress while it reads the members."""
    first = month.replace(day=1)
    try:
        plans = savings_svc.jasa_preview(ws, first.year, first.month)
    except ValidationError as exc:
        return JasaPreview(first, (), (), refused=exc.message)
    ids = sorted({mid for p in plans for mid in p.amounts})
    members = {}
    for done, mid in enumerate(ids, start=1):
        members[mid] = members_svc.get_member(ws, mid)
        if done % 500 == 0:
            yield Progress(done, len(ids), f"Membaca anggota {done} dari {len(ids)}...")
    lines = tuple(JasaLine(members[mid].number, members[mid].full_name, p.product.name, jasa)
                  for p in plans for mid, jasa in sorted(p.amounts.items(), key=lambda kv: members[kv[0]].number))
    return JasaPreview(first, lines, tuple(plans))


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
        if preview.refused:
            text = preview.refused
        elif not preview.lines:
            text = f"Tidak ada jasa untuk {month}."
        else:
            per_product = "; ".join(f"{p.product.name}: {fmt.rupiah(p.total)}" for p in preview.plans if p.total)
            text = (f"Jasa {month}: <b>{preview.members} anggota, jumlah {fmt.rupiah(preview.total)}</b> akan "
                    f"dibukukan ({per_product}).")
        self.status.setText(text)
        self._update_buttons()

    def post(self) -> None:
        p = self.preview
        if p is None or not p.total:
            return
        if not prompts().confirm(self, "Bukukan jasa simpanan?",
                                 f"Jasa {fmt.month_year(p.month)} untuk {p.members} anggota, jumlah "
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
        shown = self.preview
        if shown is not None and sum(r.total for r in runs) != shown.total:
            done.append(f"Jumlah yang dibukukan berbeda dari pratinjau ({fmt.rupiah(shown.total)}): ada transaksi "
                        "simpanan baru sesudah pratinjau dihitung.")
        self.preview = None
        self.table.set_records([])
        self.status.setText("Jasa sudah dibukukan. " + "; ".join(done))
        self._update_buttons()
        prompts().info(self, "Jasa dibukukan", "\n".join(done) or "Tidak ada jasa yang dibukukan.")
