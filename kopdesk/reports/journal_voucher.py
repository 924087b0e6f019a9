"""Bukti jurnal (journal voucher): one posted journal with its lines, totals, terbilang and signatures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from kopdesk import fmt
from kopdesk.domain.ledger import SERIES
from kopdesk.reports.base import Renderer, bold_row, cell_text, column_width, fill_widths, para
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.tables import Row
from kopdesk.services import ledger
from kopdesk.services.workspace import Workspace

# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class VoucherLine:
    code: str
    name: str
    memo: str
    debit: int
    credit: int


@dataclass(frozen=True, slots=True)
class JournalVoucherReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    number: str
    date: dt.date
    series_label: str           # "Jurnal Umum", "Kas Masuk", ...
    description: str
    reference: str
    created_by: str
    created_at: dt.datetime | None
    lines: tuple[VoucherLine, ...]
    total_debit: int
    total_credit: int
    amount_in_words: str        # terbilang of the total
    reverses_number: str        # this journal reverses that one ("" if not a reversal)
    reversed_by_number: str     # this journal was reversed by that one ("" if not reversed)
    signatories: tuple[Signatory, ...]


def _parse_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def build_journal_voucher(ws: Workspace, journal_id: int, *, now: dt.datetime | None = None) -> JournalVoucherReport:
    j = ledger.get_journal(ws, journal_id)
    lines = tuple(VoucherLine(l.account_code, l.account_name, l.memo, l.debit, l.credit) for l in j.lines)
    total_debit = sum(l.debit for l in lines)
    lh = letterhead(ws)
    return JournalVoucherReport(
        letterhead=lh, printed_at=now or dt.datetime.now(), number=j.number, date=j.date,
        series_label=SERIES.get(j.series, j.series), description=j.description, reference=j.reference,
        created_by=j.created_by, created_at=_parse_time(j.created_at), lines=lines,
        total_debit=total_debit, total_credit=sum(l.credit for l in lines),
        amount_in_words=fmt.terbilang(total_debit),
        reverses_number=ledger.get_journal(ws, j.reverses_id).number if j.reverses_id else "",
        reversed_by_number=ledger.get_journal(ws, j.reversed_by_id).number if j.reversed_by_id else "",
        signatories=(Signatory("Dibuat oleh,", j.created_by), lh.signatory("Bendahara", "Diperiksa oleh,"),
                     lh.signatory("Ketua", "Disetujui oleh,")),
    )


# ----------------------------------------------------------------------------------------------- render


class JournalVoucherRenderer(Renderer):
    report: JournalVoucherReport

    def document_title(self) -> str:
        return f"Bukti Jurnal {self.report.number}"

    def story(self):
        r = self.report
        out = [*self.kop_surat(), *self.title_block("Bukti Jurnal", r.series_label)]
        made = r.created_by or "-"
        if r.created_at:
            made = f"{made}, {fmt.date_long(r.created_at.date())} {r.created_at:%H:%M}"
        out.append(self.info_block([
            ("Nomor", r.number), ("Tanggal", fmt.date_long(r.date)), ("Keterangan", r.description),
            ("Referensi", r.reference or "-"), ("Dibuat oleh", made),
        ]))
        for note in self._notes():
            out += [Spacer(1, 2 * mm), para(note, "note")]
        out.append(Spacer(1, 4 * mm))
        money = column_width([fmt.number(r.total_debit), fmt.number(r.total_credit)], 28 * mm)
        widths = fill_widths(self.width, [17 * mm, 58 * mm, None, money, money])
        rows = [Row((l.code, cell_text(l.name, widths[1]), cell_text(l.memo, widths[2]),
                     fmt.number(l.debit, blank_zero=True), fmt.number(l.credit, blank_zero=True))) for l in r.lines]
        rows.append(Row(("Jumlah", "", "", fmt.number(r.total_debit), fmt.number(r.total_credit)), bold_row(
            ("SPAN", (0, 0), (2, 0)), ("ALIGN", (0, 0), (2, 0), "CENTER"),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        after = [Spacer(1, 3 * mm), para(f"Terbilang: {r.amount_in_words}", "terbilang"),
                 *self.signatures(r.signatories)]
        header = ("Kode", "Akun", "Keterangan", "Debit (Rp)", "Kredit (Rp)")
        out += self.closing(self.table(header, rows, widths, numeric=(3, 4), keep_with=after))
        return out

    def _notes(self) -> list[str]:
        r = self.report
        notes = []
        if r.reverses_number:
            notes.append(f"Jurnal ini adalah jurnal pembalik (koreksi) atas jurnal {r.reverses_number}.")
        if r.reversed_by_number:
            notes.append(f"Jurnal ini sudah dibatalkan dengan jurnal pembalik {r.reversed_by_number}.")
        if r.total_debit != r.total_credit:
            notes.append("Perhatian: jumlah debit tidak sama dengan jumlah kredit.")
        return notes
