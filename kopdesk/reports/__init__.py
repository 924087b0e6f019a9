"""Reports: ``build`` computes frozen report data from services; ``render`` lays it out with reportlab only.

The public API, shared by the GUI and the CLI::

    # one call: build from the workspace and write the PDF (paper None = the workspace setting, A4 or F4)
    trial_balance_pdf(ws, as_of, out, paper=None, orientation="portrait") -> out
    account_ledger_pdf(ws, account_id, date_from, date_to, out, paper=None, orientation="portrait") -> out
    cash_book_pdf(ws, cash_account_id, date_from, date_to, out, paper=None, orientation="portrait") -> out
    journal_voucher_pdf(ws, journal_id, out, paper=None, orientation="portrait") -> out
    receipt_pdf(ws, tx_id, out, paper=None) -> out                  # kuitansi, top half of a portrait sheet
    savings_statement_pdf(ws, member_id, date_from, date_to, out, paper=None, product_codes=None) -> out
    member_list_pdf(ws, out, statuses=None, paper=None, orientation="landscape") -> out   # NIK masked
    settlement_letter_pdf(ws, member_id, out, paper=None) -> out    # berita acara pengembalian simpanan
    passbook_pdf(ws, member_id, product_code, out, *, start_line=1, after_tx_id=None, layout=None)
        -> PassbookPrinted(out, next_line, last_tx_id, printed, pages)   # remember next_line and last_tx_id

    # or in two steps: a frozen snapshot (every number computed here, tests check them) ...
    build_trial_balance(ws, as_of) -> TrialBalanceReport
    build_account_ledger(ws, account_id, date_from, date_to) -> LedgerReport
    build_cash_book(ws, cash_account_id, date_from, date_to) -> LedgerReport
    build_journal_voucher(ws, journal_id) -> JournalVoucherReport
    build_receipt(ws, tx_id) -> ReceiptReport                       # setoran, penarikan or their pembatalan
    build_savings_statement(ws, member_id, date_from, date_to, product_codes=None) -> SavingsStatementReport
    build_member_list(ws, statuses=None) -> MemberListReport        # None = calon, aktif, non-aktif
    build_settlement_letter(ws, member_id) -> SettlementLetterReport
    build_passbook(ws, member_id, product_code, *, start_line=1, after_tx_id=None, layout=None) -> PassbookReport
    build_passbook_lines(ws, member_id, product_code, after_tx_id=None) -> tuple[PassbookLine, ...]
    # ... then a PDF from the snapshot alone (no database access while drawing)
    render_pdf(report, out, paper="A4", orientation="portrait") -> out
    pdf_bytes(report, paper="A4", orientation="portrait") -> bytes      # e.g. for the GUI preview

``out`` is a file path (str or Path; returned as a Path) or a writable binary stream such as ``io.BytesIO``
(returned as given). Every ``build_*`` takes an optional keyword ``now`` (the "Dicetak ..." time; default now).
``paper_setting(ws)`` is the workspace's paper size. Invalid paper or orientation raises ``ValidationError``.
The passbook prints on the passbook itself (page size and line positions from ``PassbookLayout``), so paper and
orientation do not apply to it; the receipt is always portrait.

Modules: ``letterhead`` (kop surat and signatories snapshot), ``base`` (renderer base: fonts, A4/F4, footer
"Halaman X dari Y", signature blocks), ``tables`` (long tables, header on every page), and one module per report.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.members import MemberStatus
from kopdesk.reports.account_ledger import (
    LedgerKind,
    LedgerLine,
    LedgerRenderer,
    LedgerReport,
    build_account_ledger,
    build_cash_book,
)
from kopdesk.reports.base import PageSetup, Renderer, Target
from kopdesk.reports.journal_voucher import (
    JournalVoucherRenderer,
    JournalVoucherReport,
    VoucherLine,
    build_journal_voucher,
)
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.member_list import MemberListRenderer, MemberListReport, MemberListRow, build_member_list
from kopdesk.reports.passbook import (
    PassbookLayout,
    PassbookLine,
    PassbookPrinted,
    PassbookRenderer,
    PassbookReport,
    build_passbook,
    build_passbook_lines,
)
from kopdesk.reports.receipt import ReceiptKind, ReceiptRenderer, ReceiptReport, build_receipt
from kopdesk.reports.savings_statement import (
    SavingsStatementRenderer,
    SavingsStatementReport,
    build_savings_statement,
)
from kopdesk.reports.settlement import SettlementLetterRenderer, SettlementLetterReport, build_settlement_letter
from kopdesk.reports.trial_balance import (
    ClassGroup,
    TrialBalanceLine,
    TrialBalanceRenderer,
    TrialBalanceReport,
    build_trial_balance,
)
from kopdesk.services import profile
from kopdesk.services.workspace import Workspace

__all__ = [
    "ClassGroup", "JournalVoucherReport", "LedgerKind", "LedgerLine", "LedgerReport", "Letterhead", "Signatory",
    "TrialBalanceLine", "TrialBalanceReport", "VoucherLine",
    "account_ledger_pdf", "build_account_ledger", "build_cash_book", "build_journal_voucher", "build_trial_balance",
    "cash_book_pdf", "journal_voucher_pdf", "letterhead", "paper_setting", "pdf_bytes", "render_pdf",
    "trial_balance_pdf",
    "MemberListReport", "MemberListRow", "PassbookLayout", "PassbookLine", "PassbookPrinted", "PassbookReport",
    "ReceiptKind", "ReceiptReport", "SavingsStatementReport", "SettlementLetterReport",
    "build_member_list", "build_passbook", "build_passbook_lines", "build_receipt", "build_savings_statement",
    "build_settlement_letter", "member_list_pdf", "passbook_pdf", "receipt_pdf", "savings_statement_pdf",
    "settlement_letter_pdf",
]

RENDERERS: dict[type, type[Renderer]] = {
    TrialBalanceReport: TrialBalanceRenderer,
    LedgerReport: LedgerRenderer,
    JournalVoucherReport: JournalVoucherRenderer,
    ReceiptReport: ReceiptRenderer,
    SavingsStatementReport: SavingsStatementRenderer,
    MemberListReport: MemberListRenderer,
    SettlementLetterReport: SettlementLetterRenderer,
    PassbookReport: PassbookRenderer,
}


def renderer_for(report, paper: str = "A4", orientation: str = "portrait") -> Renderer:
    try:
        kind = RENDERERS[type(report)]
    except KeyError:
        raise TypeError(f"no renderer for {type(report).__name__}") from None
    return kind(report, PageSetup(paper, orientation))


def render_pdf(report, out: Target, paper: str = "A4", orientation: str = "portrait") -> Path | BinaryIO:
    """Write the PDF of a report snapshot to a path or a binary stream."""
    renderer = renderer_for(report, paper, orientation)
    if isinstance(out, str | os.PathLike):
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
    renderer.render(out)
    return out


def pdf_bytes(report, paper: str = "A4", orientation: str = "portrait") -> bytes:
    return renderer_for(report, paper, orientation).render_bytes()


def paper_setting(ws: Workspace) -> str:
    return profile.get_app_settings(ws).paper


def trial_balance_pdf(ws: Workspace, as_of: dt.date, out: Target, paper: str | None = None,
                      orientation: str = "portrait") -> Path | BinaryIO:
    return render_pdf(build_trial_balance(ws, as_of), out, paper or paper_setting(ws), orientation)


def account_ledger_pdf(ws: Workspace, account_id: int, date_from: dt.date, date_to: dt.date, out: Target,
                       paper: str | None = None, orientation: str = "portrait") -> Path | BinaryIO:
    report = build_account_ledger(ws, account_id, date_from, date_to)
    return render_pdf(report, out, paper or paper_setting(ws), orientation)


def cash_book_pdf(ws: Workspace, cash_account_id: int, date_from: dt.date, date_to: dt.date, out: Target,
                  paper: str | None = None, orientation: str = "portrait") -> Path | BinaryIO:
    report = build_cash_book(ws, cash_account_id, date_from, date_to)
    return render_pdf(report, out, paper or paper_setting(ws), orientation)


def journal_voucher_pdf(ws: Workspace, journal_id: int, out: Target, paper: str | None = None,
                        orientation: str = "portrait") -> Path | BinaryIO:
    return render_pdf(build_journal_voucher(ws, journal_id), out, paper or paper_setting(ws), orientation)


def receipt_pdf(ws: Workspace, tx_id: int, out: Target, paper: str | None = None) -> Path | BinaryIO:
    return render_pdf(build_receipt(ws, tx_id), out, paper or paper_setting(ws))


def savings_statement_pdf(ws: Workspace, member_id: int, date_from: dt.date, date_to: dt.date, out: Target,
                          paper: str | None = None, product_codes: Sequence[str] | None = None) -> Path | BinaryIO:
    report = build_savings_statement(ws, member_id, date_from, date_to, product_codes)
    return render_pdf(report, out, paper or paper_setting(ws))


def member_list_pdf(ws: Workspace, out: Target, statuses: Sequence[MemberStatus] | None = None,
                    paper: str | None = None, orientation: str = "landscape") -> Path | BinaryIO:
    return render_pdf(build_member_list(ws, statuses), out, paper or paper_setting(ws), orientation)


def settlement_letter_pdf(ws: Workspace, member_id: int, out: Target, paper: str | None = None) -> Path | BinaryIO:
    return render_pdf(build_settlement_letter(ws, member_id), out, paper or paper_setting(ws))


def passbook_pdf(ws: Workspace, member_id: int, product_code: str, out: Target, *, start_line: int = 1,
                 after_tx_id: int | None = None, layout: PassbookLayout | None = None) -> PassbookPrinted:
    """Print the passbook lines not yet printed, from ``start_line``; store the returned ``next_line`` and
    ``last_tx_id`` for the next time. Nothing new to print raises ``ValidationError`` (and writes nothing)."""
    report = build_passbook(ws, member_id, product_code, start_line=start_line, after_tx_id=after_tx_id,
                            layout=layout)
    if not report.placed:
        raise ValidationError(f"Semua transaksi {report.product_name.lower()} {report.member_name} sudah tercetak "
                              "di buku simpanan; tidak ada baris baru.")
    written = render_pdf(report, out)
    return PassbookPrinted(written, report.next_line, report.last_tx_id, len(report.placed), report.pages)
