"""Kuitansi of one loan transaction, on the top half of a portrait sheet with a cut line (like the savings
receipt): a repayment (kuitansi angsuran) or an early payoff (kuitansi pelunasan) with how the money was allocated
(denda, jasa, pokok) and the principal left after it; the disbursement (bukti pencairan: the amount, provisi,
administrasi and withheld loan savings deducted, the net paid out); or the reversal of one of them (bukti
pembatalan). The amount in words is in a box; the number is the journal number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.loans import Component, LoanStatus, LoanTxKind
from kopdesk.domain.savings import TxKind
from kopdesk.reports.base import BAND, COND, COND_BOLD, INK, RULE, SANS, SANS_BOLD, SANS_ITALIC, para, styles
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.loan_card import unit
from kopdesk.reports.receipt import ReceiptRenderer
from kopdesk.services import ledger, loans, savings
from kopdesk.services.workspace import Workspace


class LoanReceiptKind(StrEnum):
    PENCAIRAN = "pencairan"
    ANGSURAN = "angsuran"
    PELUNASAN = "pelunasan"
    PEMULIHAN = "pemulihan"
    PEMBATALAN = "pembatalan"


TITLES = {LoanTxKind.PENCAIRAN: "Bukti Pencairan Pinjaman", LoanTxKind.ANGSURAN: "Kuitansi Angsuran Pinjaman",
          LoanTxKind.PELUNASAN: "Kuitansi Pelunasan Pinjaman", LoanTxKind.PEMULIHAN: "Kuitansi Pemulihan Pinjaman"}
KINDS = {LoanTxKind.PENCAIRAN: LoanReceiptKind.PENCAIRAN, LoanTxKind.ANGSURAN: LoanReceiptKind.ANGSURAN,
         LoanTxKind.PELUNASAN: LoanReceiptKind.PELUNASAN, LoanTxKind.PEMULIHAN: LoanReceiptKind.PEMULIHAN}

# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    label: str
    amount: int


@dataclass(frozen=True, slots=True)
class LoanReceiptReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    kind: LoanReceiptKind
    title: str                        # "Kuitansi Angsuran Pinjaman", "Bukti Pembatalan Angsuran", ...
    tx_id: int
    number: str                       # the journal number
    date: dt.date
    member_number: str
    member_name: str
    loan_number: str
    loan_line: str                    # "PJ-2026-000001 – Pinjaman Produktif Rp12.000.000, 12 bulan"
    purpose: str                      # "Angsuran ke-2 dan sebagian angsuran ke-3 pinjaman PJ-..."
    lines: tuple[ReceiptLine, ...]    # the allocation (denda, jasa, pokok) or the disbursement's deductions
    total_label: str                  # "Jumlah dibayar", "Diterima bersih", ...
    total: int
    amount_in_words: str              # fmt.terbilang(total)
    outstanding_after: int            # principal outstanding right after this transaction (a recovery: what
                                      # of the written-off principal is still to be recovered)
    cancels: str                      # a reversal: what it cancels; else ""
    cancelled_by: str                 # this transaction was reversed later: "JB-... tanggal ..."; else ""
    notes: tuple[str, ...]            # "Dengan pembayaran ini pinjaman ... lunas.", savings returned
    teller: str
    signatories: tuple[Signatory, ...]

    @property
    def party_label(self) -> str:
        return {LoanReceiptKind.PENCAIRAN: "Dibayarkan kepada", LoanReceiptKind.PEMBATALAN: "Anggota"}.get(
            self.kind, "Telah terima dari")


def instalment_list(nos: list[int]) -> str:
    """[1] -> 'ke-1'; [1, 2] -> 'ke-1 dan ke-2'; [3, 4, 5, 8] -> 'ke-3 s.d. ke-5 dan ke-8'."""
    runs: list[list[int]] = []
    for no in sorted(nos):
        if runs and no == runs[-1][-1] + 1:
            runs[-1].append(no)
        else:
            runs.append([no])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"ke-{run[0]} s.d. ke-{run[-1]}")
        else:
            parts += [f"ke-{no}" for no in run]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]


def _join(phrases: list[str]) -> str:
    return " serta ".join(phrases)


def _what_was_paid(card: loans.LoanCard, tx_id: int) -> str:
    """'Angsuran ke-2 dan sebagian angsuran ke-3' from the stored allocations up to this payment."""
    totals = {line.no: line.total for line in card.lines}
    paid: dict[int, int] = {}
    full, partial, penalty_only = [], [], []
    for p in card.payments:
        for a in p.allocations:
            paid[a.no] = paid.get(a.no, 0) + a.principal + a.interest
        if p.tx.id == tx_id:
            for a in p.allocations:
                if not (a.principal or a.interest):
                    penalty_only.append(a.no)
                elif paid[a.no] >= totals.get(a.no, 0):
                    full.append(a.no)
                else:
                    partial.append(a.no)
            break
    phrases = []
    if full:
        phrases.append(f"angsuran {instalment_list(full)}")
    if partial:
        phrases.append(f"sebagian angsuran {instalment_list(partial)}")
    if penalty_only:
        phrases.append(f"denda angsuran {instalment_list(penalty_only)}")
    return _join(phrases) if phrases else "pembayaran"


def _savings_note(ws: Workspace, member_id: int, journal_id: int) -> str:
    rows = [t for t in savings.member_transactions(ws, member_id) if t.journal_id == journal_id]
    returned = sum(t.withdrawal for t in rows if t.kind == TxKind.PENARIKAN)
    if not returned:
        return ""
    where = ("dipindahkan ke simpanan sukarela" if any(t.kind == TxKind.SETORAN for t in rows)
             else "dibayarkan tunai kepada anggota")
    return f"Simpanan pinjaman {fmt.rupiah(returned)} dikembalikan: {where}."


def build_loan_receipt(ws: Workspace, loan_tx_id: int, *, now: dt.datetime | None = None) -> LoanReceiptReport:
    t = loans.get_tx(ws, loan_tx_id)
    original = loans.get_tx(ws, t.reverses_id) if t.kind == LoanTxKind.PEMBALIK and t.reverses_id else None
    base = original or t
    if base.kind not in KINDS:
        raise ValidationError(f"Kuitansi pinjaman dicetak untuk pencairan, angsuran, pelunasan, pemulihan dan "
                              f"pembatalannya; "
                              f"transaksi ini {base.kind.label.lower()}.")
    card = loans.loan_card(ws, t.loan_id, t.date)
    loan, m = card.loan, card.member
    if base.kind == LoanTxKind.PENCAIRAN and loan.is_restructuring:
        raise ValidationError(f"{loan.number} adalah restrukturisasi dari {card.restructures_number}, tanpa pencairan "
                              "uang; cetak kartu pinjamannya.")
    if base.kind == LoanTxKind.PEMULIHAN:
        # a written-off loan has no principal on the books: what is left is what may still be recovered
        txs = [x for x in loans.transactions(ws, loan.id) if not x.reversed_by_id or x.id == t.id]
        written_off = sum(x.amount for x in txs if x.kind == LoanTxKind.HAPUS_BUKU)
        outstanding = written_off - sum(x.amount for x in txs if x.kind == LoanTxKind.PEMULIHAN and x.id <= base.id)
    else:
        outstanding = next(p.outstanding for p in card.payments if p.tx.id == t.id)
    if base.kind == LoanTxKind.PEMULIHAN:
        lines = [ReceiptLine("Pemulihan pinjaman yang dihapus buku", base.amount)]
        total, total_label = base.amount, "Jumlah diterima"
        purpose = f"Pemulihan pinjaman {loan.number} yang telah dihapus buku"
    elif base.kind == LoanTxKind.PENCAIRAN:
        lines = [ReceiptLine("Pokok pinjaman", loan.amount), ReceiptLine("Dikurangi provisi", -loan.fees.provisi),
                 ReceiptLine("Dikurangi biaya administrasi", -loan.fees.admin)]
        if loan.fees.savings:
            lines.append(ReceiptLine("Dikurangi simpanan pinjaman", -loan.fees.savings))
        total, total_label = loan.net_disbursement, "Diterima bersih"
        need = loan.purpose.strip()
        if need[1:2].islower():
            need = need[0].lower() + need[1:]
        purpose = f"Pencairan pinjaman {loan.number}" + (f" untuk {need}" if need else "")
    else:
        amounts = {Component.DENDA: base.penalty, Component.JASA: base.interest, Component.POKOK: -base.principal}
        lines = [ReceiptLine(c.label, amounts[c]) for c in loan.allocation]
        total, total_label = sum(amounts.values()), "Jumlah dibayar"
        if base.kind == LoanTxKind.PELUNASAN:
            nos = [a.no for p in card.payments if p.tx.id == base.id for a in p.allocations]
            purpose = f"Pelunasan dipercepat pinjaman {loan.number}" + (
                f" (angsuran {instalment_list(nos)})" if nos else "")
        else:
            what = _what_was_paid(card, base.id)
            purpose = f"{what[0].upper()}{what[1:]} pinjaman {loan.number}"
    kind = KINDS[t.kind] if original is None else LoanReceiptKind.PEMBATALAN
    title = TITLES[t.kind] if original is None else f"Bukti Pembatalan {base.kind.label}"
    cancels = ""
    if original is not None:
        cancels = f"{TITLES[original.kind]} No. {original.journal_number} tanggal {fmt.date_long(original.date)}"
        reason = t.description.removeprefix(f"Pembatalan {original.journal_number}:").strip()
        purpose = f"Pembatalan {purpose[0].lower()}{purpose[1:]}" + (f"; alasan: {reason}" if reason else "")
        total_label = "Jumlah dibatalkan"
    cancelled_by = ""
    if t.reversed_by_id:
        later = loans.get_tx(ws, t.reversed_by_id)
        cancelled_by = f"{later.journal_number} tanggal {fmt.date_long(later.date)}"
    notes = []
    if original is None and t.kind != LoanTxKind.PENCAIRAN and not t.reversed_by_id:
        if loan.status == LoanStatus.LUNAS and loan.closed_on == t.date and outstanding == 0:
            notes.append(f"Dengan pembayaran ini pinjaman {loan.number} lunas.")
        saved = _savings_note(ws, m.id, t.journal_id)
        if saved:
            notes.append(saved)
    teller = ledger.get_journal(ws, t.journal_id).created_by
    lh = letterhead(ws)
    if kind == LoanReceiptKind.PENCAIRAN:
        signatories = (Signatory("Dibayarkan oleh,", teller), Signatory("Penerima,", m.full_name),
                       lh.signatory("Ketua", "Mengetahui,"))
    elif kind == LoanReceiptKind.PEMBATALAN:
        signatories = (Signatory("Anggota,", m.full_name), Signatory("Petugas,", teller),
                       lh.signatory("Bendahara", "Mengetahui,"))
    else:
        signatories = (Signatory("Penyetor,", m.full_name), Signatory("Penerima,", teller))
    return LoanReceiptReport(
        letterhead=lh, printed_at=now or dt.datetime.now(), kind=kind, title=title, tx_id=t.id,
        number=t.journal_number, date=t.date, member_number=m.number, member_name=m.full_name,
        loan_number=loan.number, loan_line=(f"{loan.number} \u2013 {card.product.name} {fmt.rupiah(loan.amount)}, "
                                            f"{loan.tenor} {unit(loan.frequency)}"),
        purpose=purpose, lines=tuple(lines), total_label=total_label, total=total,
        amount_in_words=fmt.terbilang(total), outstanding_after=outstanding, cancels=cancels,
        cancelled_by=cancelled_by, notes=tuple(notes), teller=teller, signatories=signatories,
    )


# ----------------------------------------------------------------------------------------------- render


def _style(name: str, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles()["body"], **kw)


class LoanReceiptRenderer(ReceiptRenderer):
    """The savings receipt's half sheet, kop, heading, cut line and signatures; the loan's details and
    allocation."""

    report: LoanReceiptReport

    def document_title(self) -> str:
        return f"{self.report.title} {self.report.number}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self._kop(), *self._heading(), Spacer(1, 2.5 * mm), self._loan_details(),
                               Spacer(1, 2.5 * mm), self._breakdown()]
        out += self._signatures(r.signatories)
        return out

    def _signatures(self, signatories, room: float = 15 * mm, gap: float = 3 * mm) -> list[Flowable]:
        """The receipt's signature block with a little less room to sign (the loan receipt has more to say)."""
        spacer, table = super()._signatures(signatories, room, gap)
        return [spacer, KeepTogether([table])]

    def _loan_details(self) -> Table:
        r = self.report
        label_w, colon_w = 34 * mm, 4 * mm
        value_w = self.width - label_w - colon_w
        words = Paragraph(escape(r.amount_in_words), _style("lwords", fontName=SANS_ITALIC, fontSize=10.5,
                                                             leading=13.5))
        box = Table([[words]], colWidths=[value_w])
        box.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 0.8, RULE), ("BACKGROUND", (0, 0), (-1, -1), BAND),
            ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.4 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * mm),
        ]))
        rows = [
            [para(r.party_label, "label"), ":", Paragraph(
                f"<b>{escape(r.member_name)}</b> (No. anggota {escape(r.member_number)})", styles()["label"])],
            [para("Pinjaman", "label"), ":", para(r.loan_line, "label")],
            [para("Uang sejumlah", "label"), ":", box],
            [para("Keterangan" if r.kind == LoanReceiptKind.PEMBATALAN else
                  "Untuk" if r.kind == LoanReceiptKind.PENCAIRAN else "Untuk pembayaran", "label"), ":",
             para(r.purpose, "label")],
        ]
        if r.cancels:
            rows.append([para("Membatalkan", "label"), ":", para(r.cancels, "label")])
        table = Table(rows, colWidths=[label_w, colon_w, value_w], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SANS, 9.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 2), (1, 2), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]))
        return table

    def _breakdown(self) -> Table:
        """The allocation (or the deductions) at the left, the amount boxed and the principal left at the right."""
        r = self.report
        left_w = 88 * mm
        data = [[x.label, fmt.rupiah(x.amount)] for x in r.lines]
        data.append([r.total_label, fmt.rupiah(r.total)])
        allocation = Table(data, colWidths=[left_w - 36 * mm, 36 * mm], hAlign="LEFT")
        allocation.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), COND, 9.5), ("FONT", (0, -1), (-1, -1), COND_BOLD, 9.5),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ("LINEBELOW", (0, 0), (-1, -3), 0.3, RULE), ("LINEABOVE", (0, -1), (-1, -1), 1, INK),
            ("BACKGROUND", (0, -1), (-1, -1), BAND),
            ("TOPPADDING", (0, 0), (-1, -1), 1.3), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
            ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
        ]))
        amount = Paragraph(escape(fmt.rupiah(r.total)), _style("lamount", fontName=SANS_BOLD, fontSize=14,
                                                                  leading=17))
        boxed = Table([[amount]], colWidths=[52 * mm], hAlign="LEFT")
        boxed.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 1.2, INK), ("LINEBELOW", (0, 0), (-1, -1), 2.2, INK),
            ("BACKGROUND", (0, 0), (-1, -1), BAND), ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
        ]))
        after = "pencairan ini" if r.kind == LoanReceiptKind.PENCAIRAN else (
            "pembatalan ini" if r.kind == LoanReceiptKind.PEMBATALAN else "pembayaran ini")
        left_text = ("Sisa pinjaman dihapus buku yang masih dapat dipulihkan" if r.kind == LoanReceiptKind.PEMULIHAN
                     else f"Sisa pokok pinjaman setelah {after}")
        balance = Paragraph(f"{left_text}:<br/><b>{escape(fmt.rupiah(r.outstanding_after))}"
                            "</b>", _style("lbal", fontSize=9, leading=12))
        right: list[Flowable] = [boxed, Spacer(1, 2 * mm), balance]
        left: list[Flowable] = [allocation]
        if r.cancelled_by:
            left += [Spacer(1, 1.5 * mm), para(f"Transaksi ini sudah dibatalkan dengan bukti {r.cancelled_by}.",
                                               "note")]
        for note in r.notes:
            left += [Spacer(1, 1.2 * mm), Paragraph(escape(note), _style("lnote", fontName=SANS_BOLD, fontSize=8.5,
                                                                          leading=11))]
        table = Table([[left, right]], colWidths=[left_w + 6 * mm, self.width - left_w - 6 * mm],
                      hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table
