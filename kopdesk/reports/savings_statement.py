"""Kartu simpanan (savings statement) of one member for a period: the member's identity, then one table per
savings product (saldo awal, every transaction with its running balance, totals, saldo akhir), a summary of all
balances, and the Bendahara's signature.

Also the member identity snapshot the other member documents share (NIK masked, spec §6.1, UU 27/2022).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.members import GENDERS, Member, MemberStatus
from kopdesk.domain.nik import mask_nik
from kopdesk.reports.base import (
    SANS,
    SHADE,
    Renderer,
    bold_row,
    cell_text,
    column_width,
    fill_widths,
    para,
    styles,
)
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.tables import Row
from kopdesk.services import members, savings
from kopdesk.services.workspace import Workspace

# ----------------------------------------------------------------------------------------------- member identity


@dataclass(frozen=True, slots=True)
class MemberIdentity:
    """Who a member document is about, as printed: the NIK is already masked."""

    member_id: int
    number: str
    name: str
    nik_masked: str
    gender: str                 # "Laki-laki" / "Perempuan"
    address: str                # street, desa, kecamatan, kabupaten/kota
    join_date: dt.date | None
    status: MemberStatus
    exit_date: dt.date | None
    exit_reason: str
    heir_name: str
    heir_relation: str

    @property
    def status_label(self) -> str:
        return self.status.label


def full_address(m: Member) -> str:
    """'Jl. Mawar No. 3, Loktabat Utara, Kec. Banjarbaru Utara, Kota Banjarbaru' (the parts that are filled)."""
    parts = [m.address.strip(), m.desa.strip(), f"Kec. {m.kecamatan.strip()}" if m.kecamatan.strip() else "",
             m.kabupaten_kota.strip()]
    return ", ".join(p for p in parts if p)


def member_identity(m: Member) -> MemberIdentity:
    return MemberIdentity(
        member_id=m.id, number=m.number, name=m.full_name, nik_masked=mask_nik(m.nik),
        gender=GENDERS.get(m.gender, m.gender), address=full_address(m), join_date=m.join_date, status=m.status,
        exit_date=m.exit_date, exit_reason=m.exit_reason, heir_name=m.heir_name, heir_relation=m.heir_relation,
    )


def identity_pairs(who: MemberIdentity) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(left column, right column) of 'label: value' pairs; the address goes under both (see ``identity_block``)."""
    left = [("Nomor anggota", who.number), ("Nama", who.name), ("NIK", who.nik_masked or "-")]
    right = [("Jenis kelamin", who.gender or "-"), ("Tanggal masuk", fmt.date_long(who.join_date) or "-"),
             ("Status", who.status_label)]
    if who.exit_date:
        right.append(("Tanggal keluar", fmt.date_long(who.exit_date)))
    return left, right


def identity_block(who: MemberIdentity, width: float, label_width: float = 28 * mm) -> Table:
    """The member's identity in two columns, the address across the full width below them."""
    left, right = identity_pairs(who)
    return info_table(left, right, [("Alamat", who.address or "-")], width, label_width)


# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class StatementRow:
    tx_id: int
    date: dt.date
    number: str                 # No. bukti: the journal number
    description: str
    deposit: int
    withdrawal: int
    balance: int                # running


@dataclass(frozen=True, slots=True)
class ProductStatement:
    code: str
    name: str
    opening: int
    lines: tuple[StatementRow, ...]
    total_in: int
    total_out: int
    closing: int


@dataclass(frozen=True, slots=True)
class SavingsStatementReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    member: MemberIdentity
    date_from: dt.date
    date_to: dt.date
    products: tuple[ProductStatement, ...]
    total_opening: int
    total_in: int
    total_out: int
    total_closing: int
    signatories: tuple[Signatory, ...]

    @property
    def period(self) -> str:
        return f"Periode {fmt.date_long(self.date_from)} s.d. {fmt.date_long(self.date_to)}"


def _description(t, m: Member) -> str:
    """The transaction's description, without the member's own number and name that the services append
    ("Setoran simpanan wajib A-0001 Siti Aminah" reads "Setoran simpanan wajib" on her own card)."""
    text = t.description.strip()
    text = text.removesuffix(f" {m.number} {m.full_name}").strip()
    return text or t.kind.label


def build_savings_statement(ws: Workspace, member_id: int, date_from: dt.date, date_to: dt.date,
                            product_codes: Sequence[str] | None = None, *,
                            now: dt.datetime | None = None) -> SavingsStatementReport:
    """``product_codes`` None: every active product, and any inactive one the member has a balance or movement in."""
    m = members.get_member(ws, member_id)
    chosen = ([savings.product_by_code(ws, c.strip().upper()) for c in product_codes] if product_codes is not None
              else savings.products(ws))
    out = []
    for p in chosen:
        st = savings.statement(ws, member_id, p.id, date_from, date_to)
        if product_codes is None and not p.active and not st.lines and not st.opening:
            continue
        lines = tuple(StatementRow(x.tx.id, x.tx.date, x.tx.receipt_number, _description(x.tx, m), x.tx.deposit,
                                   x.tx.withdrawal, x.balance) for x in st.lines)
        out.append(ProductStatement(p.code, p.name, st.opening, lines, st.total_in, st.total_out, st.closing))
    lh = letterhead(ws)
    return SavingsStatementReport(
        letterhead=lh, printed_at=now or dt.datetime.now(), member=member_identity(m), date_from=date_from,
        date_to=date_to, products=tuple(out), total_opening=sum(p.opening for p in out),
        total_in=sum(p.total_in for p in out), total_out=sum(p.total_out for p in out),
        total_closing=sum(p.closing for p in out), signatories=(lh.signatory("Bendahara"),),
    )


# ----------------------------------------------------------------------------------------------- render


def info_table(left: Sequence[tuple[str, str]], right: Sequence[tuple[str, str]],
               full: Sequence[tuple[str, str]], width: float, label_width: float = 28 * mm) -> Table:
    """'Label : value' pairs in two columns side by side, then ``full`` pairs across the whole width."""
    gap, colon = 4 * mm, 4 * mm
    value_w = (width - gap) / 2 - label_width - colon
    rows, spans = [], []
    for i in range(max(len(left), len(right))):
        row: list = []
        for side in (left, right):
            if i < len(side):
                label, value = side[i]
                row += [para(label, "label"), ":", para(value, "label")]
            else:
                row += ["", "", ""]
        rows.append(row[:3] + [""] + row[3:])
    for label, value in full:
        spans.append(("SPAN", (2, len(rows)), (-1, len(rows))))
        rows.append([para(label, "label"), ":", para(value, "label"), "", "", "", ""])
    table = Table(rows, colWidths=[label_width, colon, value_w, gap, label_width, colon, value_w], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, 9.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5), *spans,
    ]))
    return table


class SavingsStatementRenderer(Renderer):
    report: SavingsStatementReport

    def document_title(self) -> str:
        r = self.report
        return f"Kartu Simpanan {r.member.number} {r.member.name}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(), *self.title_block("Kartu Simpanan Anggota", r.period)]
        out.append(identity_block(r.member, self.width))
        out.append(Spacer(1, 4 * mm))
        amounts = [fmt.number(n) for n in (r.total_opening, r.total_in, r.total_out, r.total_closing)]
        for p in r.products:
            amounts += [fmt.number(n) for n in (p.opening, p.closing, p.total_in, p.total_out)]
            amounts += [fmt.number(x.balance) for x in p.lines]
        money = column_width(amounts, 24 * mm)
        widths = fill_widths(self.width, [column_width(["00-00-0000"]), column_width(["KM-0000-000000"], bold=False),
                                          None, money, money, money])
        header = ("Tanggal", "No. Bukti", "Keterangan", "Setoran (Rp)", "Penarikan (Rp)", "Saldo (Rp)")
        for number, p in enumerate(r.products, start=1):
            out += [CondPageBreak(40 * mm), self._heading(f"{number}. {p.name} ({p.code})"), Spacer(1, 1.5 * mm)]
            out.append(self.table(header, self._rows(p, widths[2]), widths, numeric=(3, 4, 5)))
            out.append(Spacer(1, 5 * mm))
        if not r.products:
            out.append(para("Tidak ada produk simpanan yang dipilih.", "label"))
        # the summary, its heading and the signature stay together on one page
        out += [CondPageBreak(75 * mm + 6 * mm * len(r.products)),
                self._heading(f"Ringkasan saldo per {fmt.date_long(r.date_to)}"),
                Spacer(1, 1.5 * mm)]
        out += self.closing(self._summary(money))
        return out

    @staticmethod
    def _heading(text: str) -> Paragraph:
        return Paragraph(f"<b>{escape(text)}</b>", styles()["body"])

    def _rows(self, p: ProductStatement, text_width: float) -> list[Row]:
        r = self.report
        shaded = bold_row(("BACKGROUND", (0, 0), (-1, 0), SHADE))
        span = (("SPAN", (0, 0), (2, 0)),)
        rows = [Row((fmt.date_short(r.date_from), "", "Saldo awal", "", "", fmt.number(p.opening)), shaded)]
        for x in p.lines:
            rows.append(Row((fmt.date_short(x.date), x.number, cell_text(x.description, text_width),
                             fmt.number(x.deposit, blank_zero=True), fmt.number(x.withdrawal, blank_zero=True),
                             fmt.number(x.balance))))
        if not p.lines:
            rows.append(Row(("Tidak ada transaksi dalam periode ini.", "", "", "", "", ""), span))
        rows.append(Row(("Jumlah", "", "", fmt.number(p.total_in), fmt.number(p.total_out), ""), bold_row(
            ("SPAN", (0, 0), (2, 0)), ("ALIGN", (0, 0), (2, 0), "CENTER"),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        rows.append(Row((fmt.date_short(r.date_to), "", "Saldo akhir", "", "", fmt.number(p.closing)), shaded))
        return rows

    def _summary(self, money: float):
        r = self.report
        widths = fill_widths(self.width, [10 * mm, None, money, money, money, money])
        rows = [Row((str(i), p.name, fmt.number(p.opening), fmt.number(p.total_in), fmt.number(p.total_out),
                     fmt.number(p.closing))) for i, p in enumerate(r.products, start=1)]
        rows.append(Row(("Jumlah", "", fmt.number(r.total_opening), fmt.number(r.total_in), fmt.number(r.total_out),
                         fmt.number(r.total_closing)), bold_row(
            ("SPAN", (0, 0), (1, 0)), ("ALIGN", (0, 0), (1, 0), "CENTER"),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        header = ("No.", "Jenis Simpanan", "Saldo Awal (Rp)", "Setoran (Rp)", "Penarikan (Rp)", "Saldo Akhir (Rp)")
        return self.table(header, rows, widths, numeric=(2, 3, 4, 5), keep_with=self.signatures(r.signatories))
