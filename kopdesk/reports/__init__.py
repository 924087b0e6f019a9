"""Reports: ``build`` computes frozen report data from services; ``render`` lays it out with reportlab only.

The public API, shared by the GUI and the CLI::

    # one call: build from the workspace and write the PDF (paper None = the workspace setting, A4 or F4)
    trial_balance_pdf(ws, as_of, out, paper=None, orientation="portrait") -> out
    account_ledger_pdf(ws, account_id, date_from, date_to, out, paper=None, orientation="portrait") -> out
    cash_book_pdf(ws, cash_account_id, date_from, date_to, out, paper=None, orientation="portrait") -> out
    journal_voucher_pdf(ws, journal_id, out, paper=None, orientation="portrait") -> out

    # or in two steps: a frozen snapshot (every number computed here, tests check them) ...
    build_trial_balance(ws, as_of) -> TrialBalanceReport
    build_account_ledger(ws, account_id, date_from, date_to) -> LedgerReport
    build_cash_book(ws, cash_account_id, date_from, date_to) -> LedgerReport
    build_journal_voucher(ws, journal_id) -> JournalVoucherReport
    # ... then a PDF from the snapshot alone (no database access while drawing)
    render_pdf(report, out, paper="A4", orientation="portrait") -> out
    pdf_bytes(report, paper="A4", orientation="portrait") -> bytes      # e.g. for the GUI preview

``out`` is a file path (str or Path; returned as a Path) or a writable binary stream such as ``io.BytesIO``
(returned as given). Every ``build_*`` takes an optional keyword ``now`` (the "Dicetak ..." time; default now).
``paper_setting(ws)`` is the workspace's paper size. Invalid paper or orientation raises ``ValidationError``.

Modules: ``letterhead`` (kop surat and signatories snapshot), ``base`` (renderer base: fonts, A4/F4, footer
"Halaman X dari Y", signature blocks), ``tables`` (long tables, header on every page), and one module per report.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import BinaryIO

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
]

RENDERERS: dict[type, type[Renderer]] = {
    TrialBalanceReport: TrialBalanceRenderer,
    LedgerReport: LedgerRenderer,
    JournalVoucherReport: JournalVoucherRenderer,
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
