"""Kuitansi (receipt) of one savings transaction: a deposit, a withdrawal, or the reversal of one ("Bukti
Pembatalan"). Laid out on the top half of an A4/F4 portrait sheet with a cut line, as Indonesian offices print them:
a compact kop surat, the number (the journal number) and date, who paid or received, the amount in words in a box,
what it was for, the amount, the member's balance after it, and the signatures."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.savings import TxKind
from kopdesk.reports.base import (
    BAND,
    FRAME_PAD,
    GREY,
    INK,
    PAPERS,
    RULE,
    SANS,
    SANS_BOLD,
    SANS_ITALIC,
    Footer,
    FooterCanvas,
    PageSetup,
    Renderer,
    Target,
    para,
    printed_line,
    styles,
)
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.services import ledger, members, savings
from kopdesk.services.workspace import Workspace


class ReceiptKind(StrEnum):
    SETORAN = "setoran"
    PENARIKAN = "penarikan"
    PEMBATALAN = "pembatalan"

    @property
    def title(self) -> str:
        return {"setoran": "Kuitansi Setoran", "penarikan": "Kuitansi Penarikan",
                "pembatalan": "Bukti Pembatalan"}[self.value]


# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class ReceiptReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    kind: ReceiptKind
    tx_id: int
    number: str                 # the journal number, e.g. KM-2026-000123
    date: dt.date
    member_number: str
    member_name: str
    product_name: str           # "Simpanan wajib"
    purpose: str                # "Untuk pembayaran": the transaction's description (and the wajib month)
    amount: int
    amount_in_words: str        # fmt.terbilang(amount)
    balance_after: int          # the member's balance of the product right after this transaction
    teller: str                 # the user who posted it
    cancels: str                # a reversal: "Kuitansi Setoran No. KM-2026-000123 tanggal 5 Januari 2026"; else ""
    cancelled_by: str           # this transaction was reversed: "JB-2026-000004 tanggal ..."; else ""
    signatories: tuple[Signatory, ...]

    @property
    def title(self) -> str:
        return self.kind.title

    @property
    def party_label(self) -> str:
        return {ReceiptKind.SETORAN: "Telah terima dari", ReceiptKind.PENARIKAN: "Dibayarkan kepada",
                ReceiptKind.PEMBATALAN: "Anggota"}[self.kind]


def _balance_after(ws: Workspace, t) -> int:
    """The running balance at this transaction, in the statement's order (date, then id)."""
    st = savings.statement(ws, t.member_id, t.product_id, t.date, t.date)
    return next(line.balance for line in st.lines if line.tx.id == t.id)


def _purpose(t, product_name: str, m, source: str) -> str:
    """"Setoran simpanan wajib periode Januari 2026", plus the description when someone typed one (not the
    service's default text, nor a collection sheet's heading shared by many members)."""
    base = f"{t.kind.label} {product_name.lower()}"
    text = base
    if t.period:
        year, month = (int(x) for x in t.period.split("-"))
        text += f" periode {fmt.month_year(dt.date(year, month, 1))}"
    description = t.description.strip()
    if source == "setoran_kolektif":
        return f"{text} (setoran kolektif)"
    if description and description != f"{base} {m.number} {m.full_name}":
        text += f" \u2013 {description}"
    return text


def _kind_of(t) -> ReceiptKind:
    if t.kind == TxKind.SETORAN:
        return ReceiptKind.SETORAN
    if t.kind == TxKind.PENARIKAN:
        return ReceiptKind.PENARIKAN
    if t.kind == TxKind.PEMBALIK:
        return ReceiptKind.PEMBATALAN
    raise ValidationError(f"Kuitansi hanya dicetak untuk setoran, penarikan dan pembatalannya; transaksi ini "
                          f"{t.kind.label.lower()}.")


def build_receipt(ws: Workspace, tx_id: int, *, now: dt.datetime | None = None) -> ReceiptReport:
    t = savings.get_tx(ws, tx_id)
    kind = _kind_of(t)
    m = members.get_member(ws, t.member_id)
    p = savings.get_product(ws, t.product_id)
    journal = ledger.get_journal(ws, t.journal_id)
    amount = t.deposit or t.withdrawal
    cancels = ""
    if t.reverses_id:
        original = savings.get_tx(ws, t.reverses_id)
        cancels = (f"{_kind_of(original).title} No. {original.receipt_number} tanggal "
                   f"{fmt.date_long(original.date)}")
        purpose = _purpose(original, p.name, m, journal.source)
        reason = t.description.removeprefix(f"Pembatalan {original.receipt_number}:").strip()
        purpose = f"Pembatalan {purpose[0].lower()}{purpose[1:]}" + (f"; alasan: {reason}" if reason else "")
    else:
        purpose = _purpose(t, p.name, m, journal.source)
    cancelled_by = ""
    if t.reversed_by_id:
        later = savings.get_tx(ws, t.reversed_by_id)
        cancelled_by = f"{later.receipt_number} tanggal {fmt.date_long(later.date)}"
    lh = letterhead(ws)
    teller = journal.created_by
    if kind == ReceiptKind.SETORAN:
        signatories = (Signatory("Penyetor,", m.full_name), Signatory("Penerima,", teller))
    elif kind == ReceiptKind.PENARIKAN:
        signatories = (Signatory("Dibayarkan oleh,", teller), Signatory("Penerima,", m.full_name))
    else:
        signatories = (Signatory("Anggota,", m.full_name), Signatory("Petugas,", teller),
                       lh.signatory("Bendahara", "Mengetahui,"))
    return ReceiptReport(
        letterhead=lh, printed_at=now or dt.datetime.now(), kind=kind, tx_id=t.id, number=t.receipt_number,
        date=t.date, member_number=m.number, member_name=m.full_name, product_name=p.name, purpose=purpose,
        amount=amount, amount_in_words=fmt.terbilang(amount), balance_after=_balance_after(ws, t), teller=teller,
        cancels=cancels, cancelled_by=cancelled_by, signatories=signatories,
    )


# ----------------------------------------------------------------------------------------------- render

CUT_GAP = 15 * mm          # between the footer and the cut line


def _style(name: str, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles()["body"], **kw)


class ReceiptRenderer(Renderer):
    """Top half of a portrait A4/F4 sheet; the rest is left blank below a dashed cut line."""

    report: ReceiptReport

    def __init__(self, report: ReceiptReport, setup: PageSetup):
        half = PAPERS[setup.paper][1] / 2
        super().__init__(report, PageSetup(setup.paper, "portrait", left=16 * mm, right=16 * mm, top=9 * mm,
                                           bottom=half + CUT_GAP))

    def document_title(self) -> str:
        return f"{self.report.title} {self.report.number}"

    def render(self, out: Target) -> None:
        target = os.fspath(out) if isinstance(out, str | os.PathLike) else out
        s = self.setup
        doc = SimpleDocTemplate(
            target, pagesize=s.size, leftMargin=s.left - FRAME_PAD, rightMargin=s.right - FRAME_PAD,
            topMargin=s.top - FRAME_PAD, bottomMargin=s.bottom - FRAME_PAD, title=self.document_title(),
            author=self.letterhead.name, subject=self.document_title(), creator="KopDesk",
        )
        footer = Footer(f"{self.letterhead.name} \u2013 {self.document_title()}", printed_line(self.printed_at), s)
        doc.build(self.story(), onFirstPage=self._cut_line, onLaterPages=self._cut_line,
                  canvasmaker=partial(FooterCanvas, footer=footer))

    def _cut_line(self, c, _doc) -> None:
        width, height = self.setup.size
        y = height / 2
        c.saveState()
        c.setStrokeColor(GREY)
        c.setLineWidth(0.5)
        c.setDash(4, 3)
        c.line(8 * mm, y, width - 8 * mm, y)
        c.setFillColor(colors.white)                 # a gap in the line for the label
        c.rect(12 * mm, y - 4, 26 * mm, 8, stroke=0, fill=1)
        c.setFillColor(GREY)
        c.setFont(SANS, 7)
        c.drawString(13 * mm, y - 2.5, "\u2702  potong di sini")
        c.restoreState()

    # -- layout

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self._kop(), *self._heading(), Spacer(1, 4 * mm), self._details(),
                               Spacer(1, 4 * mm), self._amount()]
        for note in self._notes():
            out += [Spacer(1, 1.5 * mm), para(note, "note")]
        out += self._signatures(r.signatories)
        return out

    def _kop(self) -> list[Flowable]:
        """Compact kop surat: a small logo, the name and one or two lines of particulars, a double rule."""
        lh = self.letterhead
        text: list[Flowable] = [Paragraph(escape(lh.name.upper()), _style("rcoop", fontName=SANS_BOLD, fontSize=11.5,
                                                                            leading=14))]
        small = _style("rkop", fontSize=7.5, leading=9.2, textColor=INK)
        for line in (lh.legal_line, ", ".join(lh.address_lines), lh.contact_line):
            if line:
                text.append(Paragraph(escape(line), small))
        logo = self._logo(13 * mm)
        side = 16 * mm if logo else 0
        block = Table([[logo or "", text]], colWidths=[side, self.width - side], hAlign="LEFT")
        block.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        rule = Table([[""]], colWidths=[self.width], rowHeights=[2.2])
        rule.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.3, INK), ("LINEBELOW", (0, 0), (-1, 0), 0.4, INK)]))
        return [block, Spacer(1, 1.5 * mm), rule]

    def _heading(self) -> list[Flowable]:
        r = self.report
        title = Paragraph(escape(r.title.upper()), _style("rtitle", fontName=SANS_BOLD, fontSize=13, leading=16))
        right = _style("rno", fontSize=9.5, leading=12.5, alignment=TA_RIGHT)
        meta = [Paragraph(f"No. <b>{escape(r.number)}</b>", right),
                Paragraph(f"Tanggal {escape(fmt.date_long(r.date))}", right)]
        table = Table([[title, meta]], colWidths=[self.width * 0.55, self.width * 0.45])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [table]

    def _details(self) -> Table:
        r = self.report
        label_w, colon_w = 36 * mm, 4 * mm
        value_w = self.width - label_w - colon_w
        words = Paragraph(escape(r.amount_in_words), _style("rwords", fontName=SANS_ITALIC, fontSize=10.5,
                                                             leading=13.5))
        box = Table([[words]], colWidths=[value_w])
        box.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 0.8, RULE), ("BACKGROUND", (0, 0), (-1, -1), BAND),
            ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
        ]))
        purpose = r.purpose
        rows = [
            [para(r.party_label, "label"), ":", Paragraph(
                f"<b>{escape(r.member_name)}</b> (No. anggota {escape(r.member_number)})", styles()["label"])],
            [para("Uang sejumlah", "label"), ":", box],
            [para("Untuk pembayaran" if r.kind != ReceiptKind.PEMBATALAN else "Keterangan", "label"), ":",
             para(purpose, "label")],
        ]
        if r.cancels:
            rows.append([para("Membatalkan", "label"), ":", para(r.cancels, "label")])
        table = Table(rows, colWidths=[label_w, colon_w, value_w], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SANS, 9.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 1), (1, 1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ]))
        return table

    def _amount(self) -> Table:
        r = self.report
        amount = Paragraph(escape(fmt.rupiah(r.amount)), _style("ramount", fontName=SANS_BOLD, fontSize=14,
                                                                   leading=17))
        boxed = Table([[amount]], colWidths=[55 * mm])
        boxed.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 1.2, INK), ("LINEBELOW", (0, 0), (-1, -1), 2.2, INK),
            ("BACKGROUND", (0, 0), (-1, -1), BAND), ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
        ]))
        balance = Paragraph(f"Saldo {escape(r.product_name.lower())} setelah transaksi ini:<br/>"
                            f"<b>{escape(fmt.rupiah(r.balance_after))}</b>", _style("rbal", fontSize=9, leading=12))
        table = Table([[boxed, balance]], colWidths=[60 * mm, self.width - 60 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table

    def _notes(self) -> list[str]:
        r = self.report
        if r.cancelled_by:
            return [f"Transaksi ini sudah dibatalkan dengan bukti {r.cancelled_by}."]
        return []

    def _signatures(self, signatories, room: float = 18 * mm, gap: float = 5 * mm) -> list[Flowable]:
        """Like the base signature block, but tighter (the receipt has half a page): the place and the date of the
        transaction over the last column; ``room`` to sign, ``gap`` above the block."""
        n = len(signatories)
        col = self.width / n
        sign, name_style = styles()["sign"], styles()["sign_name"]
        place = [""] * (n - 1) + [Paragraph(escape(self.letterhead.place_and_date(self.report.date)), sign)]
        headings = [Paragraph(escape(s.heading), sign) for s in signatories]
        names = [Paragraph(f"<u>{escape(s.name)}</u>", name_style) if s.name
                 else Paragraph("(" + "." * 36 + ")", sign) for s in signatories]
        rows = [place, headings, [""] * n, names]
        captions = [Paragraph(escape(s.caption), sign) for s in signatories]
        if any(s.caption for s in signatories):
            rows.append(captions)
        table = Table(rows, colWidths=[col] * n, rowHeights=[None, None, room] + [None] * (len(rows) - 3))
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SANS, 9.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]))
        return [Spacer(1, gap), table]
