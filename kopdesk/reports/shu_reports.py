"""SHU documents (spec §4): the daftar pembagian SHU (every member's bases, jasa modal, jasa usaha, total and how it
was paid; landscape, fast for 10,000 members) and the slip SHU of one member (the year, the pools and rates, the
member's bases and shares, the total in words, the payment).

Every figure comes from ``services.shu`` (``shu_list``/``shu_slip``: the approved distribution, or the preview
before approval); the renderers only lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kopdesk import fmt
from kopdesk.reports.base import SHADE, Renderer, bold_row, column_width, para
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.loan_card import heading, summary_table
from kopdesk.reports.member_list import wrapped
from kopdesk.reports.tables import Row
from kopdesk.services import shu
from kopdesk.services.workspace import Workspace

STATUS = {"pratinjau": "PRATINJAU: belum disetujui RAT, jumlahnya dapat berubah",
          "disetujui": "Disetujui RAT, belum dibukukan", "dibukukan": "Disetujui RAT dan sudah dibukukan"}
METHODS = {"tunai": "Tunai", "sukarela": "Sukarela"}


def rate_text(rate: Decimal) -> str:
    """Rupiah per rupiah of basis as a percent with four decimals: 0.0427597 -> '4,2760%'."""
    return fmt.percent(rate * 100, 4)


def paid_text(method: str | None, on: dt.date | None, journal: str | None, reversed_payouts: tuple = ()) -> str:
    """How the share was paid; payments that were reversed (batal bayar) follow, each with its reversal."""
    if on is None:
        text = "Belum dibayarkan"
    else:
        how = {"tunai": "Dibayar tunai", "sukarela": "Dikreditkan ke simpanan sukarela"}.get(method or "", "Dibayar")
        text = f"{how} pada {fmt.date_long(on)}" + (f" (jurnal {journal})" if journal else "")
    for p in reversed_payouts:
        how = {"tunai": "dibayar tunai", "sukarela": "dikreditkan ke simpanan sukarela"}.get(p.method, "dibayar")
        text += (f"; sebelumnya {how} {fmt.rupiah(p.amount)} pada {fmt.date_long(p.paid_on)} (jurnal "
                 f"{p.journal_number}), dibatalkan pada {fmt.date_long(p.reversed_on)} (jurnal "
                 f"{p.reversal_journal_number}): {p.reason}")
    return text


def _paid_cell(r: shu.ShuRow) -> str:
    if r.paid:
        return f"{METHODS.get(r.paid_method or '', 'Dibayar')} {fmt.date_short(r.paid_on)}"
    return "Dibatalkan" if r.reversed_count else "Belum"


# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class ShuListLine:
    number: str
    name: str
    months: int
    savings: int
    transactions: int
    jasa_modal: int
    jasa_usaha: int
    total: int
    paid: str                       # "Tunai 10-04-2026", "Sukarela 10-04-2026", "Dibatalkan" or "Belum"


@dataclass(frozen=True, slots=True)
class ReversedLine:
    """A payment that was reversed (batal bayar): who, how much, when paid and when reversed, why."""

    number: str
    name: str
    amount: int
    paid: str                       # "Tunai 20-03-2026 KK-2026-0003"
    reversed: str                   # "22-03-2026 JB-2026-0001"
    reason: str


@dataclass(frozen=True, slots=True)
class PoolLine:
    label: str
    percent: Decimal
    amount: int
    account: str                    # "3-3100 Cadangan umum"


@dataclass(frozen=True, slots=True)
class ShuListReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    year: int
    status: str
    status_text: str
    shu: int
    shu_member: int
    shu_non_member: int
    pools: tuple[PoolLine, ...]
    pool_total: int
    pool_jasa_modal: int
    pool_jasa_usaha: int
    rate_jasa_modal: Decimal
    rate_jasa_usaha: Decimal
    savings_basis: str
    transactions_basis: str
    rows: tuple[ShuListLine, ...]
    total_savings: int
    total_transactions: int
    total_jasa_modal: int
    total_jasa_usaha: int
    total: int
    total_paid: int
    total_unpaid: int
    residue: int                    # member pools minus the rounded shares
    residue_to: str
    decision_ref: str
    journal: str
    signatories: tuple[Signatory, ...]
    reversed: tuple[ReversedLine, ...] = ()


def build_shu_list(ws: Workspace, year: int, *, now: dt.datetime | None = None) -> ShuListReport:
    lst = shu.shu_list(ws, year)
    s = lst.settings
    lines = tuple(ShuListLine(r.number, r.name, r.months, r.savings, r.transactions, r.jasa_modal, r.jasa_usaha,
                              r.total, _paid_cell(r)) for r in lst.rows)
    reversed_lines = tuple(
        ReversedLine(p.number, p.name, p.amount, f"{METHODS.get(p.method, p.method)} {fmt.date_short(p.paid_on)} "
                     f"{p.journal_number}", f"{fmt.date_short(p.reversed_on)} {p.reversal_journal_number}", p.reason)
        for p in shu.payout_history(ws, year) if p.reversed) if lst.status == "dibukukan" else ()
    pools = tuple(PoolLine(p.label, p.percent, p.amount, f"{p.account_code} {p.account_name}".strip())
                  for p in lst.pools)
    lh = letterhead(ws)
    kinds = " + ".join(f"simpanan {k}" for k in s.savings_kinds)
    return ShuListReport(
        lh, now or dt.datetime.now(), year, lst.status, STATUS.get(lst.status, lst.status), lst.shu, lst.shu_member,
        lst.shu_non_member, pools, sum(p.amount for p in lst.pools), lst.pool("jasa_modal"), lst.pool("jasa_usaha"),
        lst.rate_jasa_modal, lst.rate_jasa_usaha, f"{s.savings_basis.label}: {kinds}", s.transactions_basis.label,
        lines, lst.total_savings, lst.total_transactions, lst.total_jasa_modal, lst.total_jasa_usaha,
        lst.total_shares, lst.total_paid, lst.total_unpaid, lst.residue,
        "dana sosial" if s.residue_to.value == "dana_sosial" else "cadangan", lst.decision_ref,
        lst.journal_number or "", (lh.signatory("Bendahara", "Dibuat oleh,"), lh.signatory("Ketua", "Mengetahui,")),
        reversed_lines)


@dataclass(frozen=True, slots=True)
class ShuSlipReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    year: int
    status_text: str
    number: str
    name: str
    months: int
    shu: int
    pool_jasa_modal: int
    pool_jasa_usaha: int
    savings_basis: str
    savings: int
    rate_jasa_modal: Decimal
    jasa_modal: int
    transactions_basis: str
    transactions: int
    rate_jasa_usaha: Decimal
    jasa_usaha: int
    total: int
    terbilang: str
    paid: str
    decision_ref: str
    signatories: tuple[Signatory, ...]


def build_shu_slip(ws: Workspace, year: int, member_id: int, *, now: dt.datetime | None = None) -> ShuSlipReport:
    s = shu.shu_slip(ws, year, member_id)
    lh = letterhead(ws)
    return ShuSlipReport(
        lh, now or dt.datetime.now(), year, STATUS.get(s.status, s.status), s.number, s.name, s.months, s.shu,
        s.pool_jasa_modal, s.pool_jasa_usaha, s.savings_basis, s.savings, s.rate_jasa_modal, s.jasa_modal,
        s.transactions_basis, s.transactions, s.rate_jasa_usaha, s.jasa_usaha, s.total, fmt.terbilang(s.total),
        paid_text(s.paid_method, s.paid_on, s.paid_journal, s.reversed_payouts), s.decision_ref,
        (lh.signatory("Bendahara", "Bendahara,"), Signatory("Anggota penerima,", s.name)))


# ----------------------------------------------------------------------------------------------- render


class ShuListRenderer(Renderer):
    report: ShuListReport

    def document_title(self) -> str:
        return f"Daftar Pembagian SHU Tahun Buku {self.report.year}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(),
                               *self.title_block("Daftar Pembagian SHU", f"Tahun buku {r.year}")]
        if r.status == "pratinjau":
            out += [para(r.status_text, "note"), Spacer(1, 2 * mm)]
        info = [("Status", r.status_text + (f"; {r.decision_ref}" if r.decision_ref else "")
                 + (f"; jurnal {r.journal}" if r.journal else "")),
                ("SHU setelah pajak", f"{fmt.rupiah(r.shu)} (bagian anggota {fmt.rupiah(r.shu_member)}, "
                                      f"non-anggota {fmt.rupiah(r.shu_non_member)})"),
                ("Jasa modal", f"{fmt.rupiah(r.pool_jasa_modal)}; dasar: {r.savings_basis}, jumlah "
                               f"{fmt.rupiah(r.total_savings)}; tarif {rate_text(r.rate_jasa_modal)}"),
                ("Jasa usaha", f"{fmt.rupiah(r.pool_jasa_usaha)}; dasar: {r.transactions_basis}, jumlah "
                               f"{fmt.rupiah(r.total_transactions)}; tarif {rate_text(r.rate_jasa_usaha)}")]
        out += [self.info_block(info, 34 * mm), Spacer(1, 3 * mm)]
        pools = [(f"{p.label} ({fmt.percent(p.percent, 2)})", fmt.rupiah(p.amount), False) for p in r.pools]
        pools.append(("Jumlah", fmt.rupiah(r.pool_total), True))
        out += [heading("Alokasi SHU"), Spacer(1, 1 * mm), summary_table(pools, 110 * mm, 70 * mm), Spacer(1, 4 * mm)]
        money = column_width([fmt.number(r.total_savings), fmt.number(r.total_transactions), fmt.number(r.total)],
                             21 * mm)
        widths = [column_width([str(len(r.rows))], 9 * mm, bold=False),
                  column_width([x.number for x in r.rows], 17 * mm, bold=False), 0.0, 11 * mm,
                  money, money, money, money, money, column_width(["Sukarela 00-00-0000"], 22 * mm, bold=False)]
        widths[2] = self.width - sum(widths)
        rows = [Row((str(i), x.number, wrapped(x.name, widths[2]), str(x.months), fmt.number(x.savings),
                     fmt.number(x.transactions), fmt.number(x.jasa_modal), fmt.number(x.jasa_usaha),
                     fmt.number(x.total), x.paid)) for i, x in enumerate(r.rows, start=1)]
        if not r.rows:
            rows.append(Row(("", "", "Tidak ada anggota yang berhak.", *[""] * 7)))
        rows.append(Row(("Jumlah", "", "", "", fmt.number(r.total_savings), fmt.number(r.total_transactions),
                         fmt.number(r.total_jasa_modal), fmt.number(r.total_jasa_usaha), fmt.number(r.total), ""),
                        bold_row(("SPAN", (0, 0), (3, 0)), ("ALIGN", (0, 0), (3, 0), "CENTER"),
                                 ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        rows.append(Row(("Pool jasa modal dan jasa usaha", "", "", "", "", "", fmt.number(r.pool_jasa_modal),
                         fmt.number(r.pool_jasa_usaha), fmt.number(r.pool_jasa_modal + r.pool_jasa_usaha), ""),
                        (("SPAN", (0, 0), (5, 0)), ("ALIGN", (0, 0), (5, 0), "RIGHT"),
                         ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
        after: list[Flowable] = [Spacer(1, 2 * mm), para(
            f"Selisih pembulatan (pool dikurangi jumlah bagian anggota): {fmt.rupiah(r.residue)}, dibukukan ke "
            f"{r.residue_to}. Sudah dibayarkan {fmt.rupiah(r.total_paid)}; belum dibayarkan "
            f"{fmt.rupiah(r.total_unpaid)}.", "label")]
        if not r.reversed:
            after += self.signatures(r.signatories)
        header = ("No.", "Nomor Anggota", "Nama", "Bulan", "Simpanan (dasar JM)", "Transaksi (dasar JU)",
                  "Jasa Modal", "Jasa Usaha", "Jumlah SHU", "Dibayar")
        out += self.closing(self.table(header, rows, widths, numeric=(0, 3, 4, 5, 6, 7, 8), keep_with=after))
        if r.reversed:
            out += self._reversed_table(r)
        return out

    def _reversed_table(self, r: ShuListReport) -> list[Flowable]:
        """The payments that were reversed (each share then counts as unpaid, or as paid by its later payment)."""
        money = column_width([fmt.number(x.amount) for x in r.reversed], 20 * mm)
        widths = [column_width([str(len(r.reversed))], 9 * mm, bold=False),
                  column_width([x.number for x in r.reversed], 17 * mm, bold=False), 48 * mm, money,
                  column_width([x.paid for x in r.reversed], 40 * mm, bold=False),
                  column_width([x.reversed for x in r.reversed], 30 * mm, bold=False), 0.0]
        widths[-1] = self.width - sum(widths)
        rows = [Row((str(i), x.number, wrapped(x.name, widths[2]), fmt.number(x.amount), x.paid, x.reversed,
                     wrapped(x.reason, widths[-1]))) for i, x in enumerate(r.reversed, start=1)]
        rows.append(Row(("Jumlah", "", "", fmt.number(sum(x.amount for x in r.reversed)), "", "", ""),
                        bold_row(("SPAN", (0, 0), (2, 0)), ("ALIGN", (0, 0), (2, 0), "CENTER"),
                                 ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        header = ("No.", "Nomor Anggota", "Nama", "Jumlah", "Dibayar (cara, tanggal, jurnal)",
                  "Dibatalkan (tanggal, jurnal)", "Alasan")
        return [Spacer(1, 4 * mm), heading("Pembayaran yang dibatalkan"), Spacer(1, 1 * mm),
                para("Pembayaran di bawah ini dibalik dengan jurnal pembatalan; bagian anggota itu kembali belum "
                     "dibayar sampai dibayarkan lagi (kolom Dibayar di atas).", "label"), Spacer(1, 1 * mm),
                *self.closing(self.table(header, rows, widths, numeric=(0, 3),
                                         keep_with=self.signatures(r.signatories)))]


class ShuSlipRenderer(Renderer):
    report: ShuSlipReport

    def document_title(self) -> str:
        return f"Slip SHU Tahun Buku {self.report.year} {self.report.number}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(),
                               *self.title_block("Slip Pembagian SHU", f"Tahun buku {r.year}")]
        if r.status_text.startswith("PRATINJAU"):
            out += [para(r.status_text, "note"), Spacer(1, 2 * mm)]
        out += [self.info_block([("Nomor anggota", r.number), ("Nama", r.name),
                                 ("Bulan keanggotaan", f"{r.months} bulan dalam tahun buku {r.year}"),
                                 ("SHU koperasi", fmt.rupiah(r.shu)),
                                 ("Status", r.status_text + (f" ({r.decision_ref})" if r.decision_ref else ""))],
                                38 * mm), Spacer(1, 4 * mm)]
        money = 32 * mm
        widths = [self.width - 4 * money + 0 * mm, money, money, money, money]
        rows = [Row(("Jasa modal", fmt.number(r.pool_jasa_modal), fmt.number(r.savings), rate_text(r.rate_jasa_modal),
                     fmt.number(r.jasa_modal))),
                Row(("Jasa usaha", fmt.number(r.pool_jasa_usaha), fmt.number(r.transactions),
                     rate_text(r.rate_jasa_usaha), fmt.number(r.jasa_usaha))),
                Row(("Jumlah SHU diterima", "", "", "", fmt.number(r.total)),
                    bold_row(("SPAN", (0, 0), (3, 0)), ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black")))]
        table = self.table(("Bagian", "Pool (Rp)", "Dasar anggota (Rp)", "Tarif", "Bagian anggota (Rp)"), rows,
                           widths, numeric=(1, 2, 3, 4))
        out += [table, Spacer(1, 2 * mm),
                para(f"Dasar jasa modal: {r.savings_basis}. Dasar jasa usaha: {r.transactions_basis}.", "label"),
                Spacer(1, 2 * mm), para(f"Terbilang: {r.terbilang}", "terbilang"), Spacer(1, 2 * mm),
                para(f"Pembayaran: {r.paid}.", "label"), *self.signatures(r.signatories)]
        return out


__all__ = ["PoolLine", "ReversedLine", "ShuListLine", "ShuListRenderer", "ShuListReport", "ShuSlipRenderer",
           "ShuSlipReport", "build_shu_list", "build_shu_slip", "paid_text", "rate_text"]
