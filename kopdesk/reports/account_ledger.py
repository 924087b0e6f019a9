"""Buku besar (account ledger) of one account, and buku kas (cash book) of a cash or bank account, for a period:
opening balance, every line with its running balance, totals and closing balance. Same data, two headings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.ledger import Side
from kopdesk.reports.base import SHADE, Renderer, bold_row, cell_text, column_width, fill_widths
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.tables import Row
from kopdesk.services import ledger
from kopdesk.services.workspace import Workspace


class LedgerKind(StrEnum):
    BUKU_BESAR = "buku_besar"
    BUKU_KAS = "buku_kas"


# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class LedgerLine:
    date: dt.date
    number: str
    description: str
    debit: int
    credit: int
    balance: int     # running, on the account's normal side


@dataclass(frozen=True, slots=True)
class LedgerReport:
    kind: LedgerKind
    letterhead: Letterhead
    printed_at: dt.datetime
    account_code: str
    account_name: str
    normal: Side
    date_from: dt.date
    date_to: dt.date
    opening: int
    lines: tuple[LedgerLine, ...]
    total_debit: int
    total_credit: int
    closing: int
    signatories: tuple[Signatory, ...]

    @property
    def period(self) -> str:
        return f"Periode {fmt.date_long(self.date_from)} s.d. {fmt.date_long(self.date_to)}"


def _describe(description: str, memo: str) -> str:
    memo = memo.strip()
    return f"{description} \u2013 {memo}" if memo and memo != description else description


def _build(ws: Workspace, kind: LedgerKind, account_id: int, date_from: dt.date, date_to: dt.date,
           now: dt.datetime | None) -> LedgerReport:
    book = ledger.account_ledger(ws, account_id, date_from, date_to)
    lines = tuple(LedgerLine(e.date, e.number, _describe(e.description, e.memo), e.debit, e.credit, e.balance)
                  for e in book.entries)
    lh = letterhead(ws)
    return LedgerReport(
        kind=kind, letterhead=lh, printed_at=now or dt.datetime.now(),
        account_code=book.account.code, account_name=book.account.name, normal=book.account.normal,
        date_from=date_from, date_to=date_to, opening=book.opening, lines=lines,
        total_debit=book.total_debit, total_credit=book.total_credit, closing=book.closing,
        signatories=(lh.signatory("Ketua"), lh.signatory("Bendahara")),
    )


def build_account_ledger(ws: Workspace, account_id: int, date_from: dt.date, date_to: dt.date, *,
                         now: dt.datetime | None = None) -> LedgerReport:
    return _build(ws, LedgerKind.BUKU_BESAR, account_id, date_from, date_to, now)


def build_cash_book(ws: Workspace, cash_account_id: int, date_from: dt.date, date_to: dt.date, *,
                    now: dt.datetime | None = None) -> LedgerReport:
    account = next((a for a in ledger.list_accounts(ws) if a.id == cash_account_id), None)
    if account is not None and not account.is_cash:
        raise ValidationError(f"Akun {account.label} bukan akun kas/bank; buku kas hanya untuk akun kas/bank.")
    return _build(ws, LedgerKind.BUKU_KAS, cash_account_id, date_from, date_to, now)


# ----------------------------------------------------------------------------------------------- render


class LedgerRenderer(Renderer):
    report: LedgerReport

    @property
    def is_cash(self) -> bool:
        return self.report.kind == LedgerKind.BUKU_KAS

    def document_title(self) -> str:
        r = self.report
        return f"{'Buku Kas' if self.is_cash else 'Buku Besar'} {r.account_code} {r.account_name}"

    def story(self):
        r = self.report
        heading = "Buku Kas" if self.is_cash else "Buku Besar"
        out = [*self.kop_surat(), *self.title_block(heading, r.period)]
        out.append(self.info_block([
            ("Akun kas/bank" if self.is_cash else "Akun", f"{r.account_code} {r.account_name}"),
            ("Saldo normal", "Debit" if r.normal == Side.DEBIT else "Kredit"),
        ]))
        out.append(Spacer(1, 3 * mm))
        amounts = [fmt.number(n) for n in (r.total_debit, r.total_credit, r.opening, r.closing)]
        amounts += [fmt.number(line.balance) for line in r.lines]
        money = column_width(amounts, 22 * mm)
        widths = fill_widths(self.width, [column_width(["00-00-0000"]), column_width(["KM-0000-000000"], bold=False),
                                          None, money, money, money])
        money_in, money_out = ("Penerimaan", "Pengeluaran") if self.is_cash else ("Debit", "Kredit")
        header = ("Tanggal", "No. Jurnal", "Keterangan", f"{money_in} (Rp)", f"{money_out} (Rp)", "Saldo (Rp)")
        table = self.table(header, self._rows(widths[2]), widths, numeric=(3, 4, 5),
                           keep_with=self.signatures(r.signatories))
        out += self.closing(table)
        return out

    def _rows(self, text_width: float) -> list[Row]:
        r = self.report
        shaded = bold_row(("BACKGROUND", (0, 0), (-1, 0), SHADE))
        rows = [Row((fmt.date_short(r.date_from), "", "Saldo awal", "", "", fmt.number(r.opening)), shaded)]
        for line in r.lines:
            rows.append(Row((fmt.date_short(line.date), line.number, cell_text(line.description, text_width),
                             fmt.number(line.debit, blank_zero=True), fmt.number(line.credit, blank_zero=True),
                             fmt.number(line.balance))))
        if not r.lines:
            rows.append(Row(("", "", "Tidak ada transaksi dalam periode ini.", "", "", "")))
        rows.append(Row(("Jumlah", "", "", fmt.number(r.total_debit), fmt.number(r.total_credit), ""), bold_row(
            ("SPAN", (0, 0), (2, 0)), ("ALIGN", (0, 0), (2, 0), "CENTER"),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        rows.append(Row((fmt.date_short(r.date_to), "", "Saldo akhir", "", "", fmt.number(r.closing)), shaded))
        return rows
