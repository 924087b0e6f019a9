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
    loan_card_pdf(ws, loan_id, out, as_of=None, paper=None) -> out  # kartu pinjaman (as_of None = today)
    loan_agreement_pdf(ws, loan_id, out, paper=None, template_text=None, on=None) -> out   # surat perjanjian
    loan_receipt_pdf(ws, loan_tx_id, out, paper=None) -> out        # kuitansi angsuran/pelunasan, bukti pencairan,
                                                                    # bukti pembatalan; top half of a portrait sheet
    arrears_pdf(ws, as_of, out, paper=None, orientation="landscape", grouped=True) -> out     # daftar tunggakan
    collectibility_pdf(ws, as_of, out, paper=None, orientation="landscape", details=True) -> out   # rekap + PPAP
    instalments_due_pdf(ws, date_from, date_to, out, paper=None, orientation="landscape", unpaid_only=True) -> out

    # financial statements (spec §5.2), previous year as comparative; kind: neraca, phu, ekuitas, arus-kas;
    # month_from/month_to: a range of months within the financial year (None: the whole year); portrait
    statement_pdf(ws, kind, year, out, month_from=None, month_to=None, paper=None, comparative=True, details=None)
    statement_set_pdf(ws, year, out, month_from=None, month_to=None, paper=None, comparative=True)  # cover, 4, CaLK
    statement_xlsx(ws, kind, year, out, ...) / statement_set_xlsx(ws, year, out, ...)   # one sheet / five sheets
    shu_list_pdf(ws, year, out, paper=None, orientation="landscape") / shu_list_xlsx(ws, year, out)
    shu_slip_pdf(ws, year, member_id, out, paper=None)              # slip SHU of one member, terbilang
    budget_pdf(ws, year, out, through=None, paper=None) / budget_xlsx(ws, year, out, through=None)

    # health assessment (spec §1.3), from the domain objects (no workspace): the kertas kerja of one year
    # (aspect / komponen / pembilang, penyebut, rasio / nilai / bobot / skor, the 38 answers, inputs and their
    # derivation, findings, recommendations with due dates, signatures) and a one-page summary of several years
    # (bar chart of the aspect percentages, trend of the total, mean and its predicate); portrait; letterhead
    # None = a plain heading with the cooperative's name
    build_worksheet(assessment, result, *, cooperative, examiner="", examined_on=None, findings=(),
                    recommendations=((text, due_date_or_None), ...), derivations={input_name: text},
                    letterhead=None, now=None) -> WorksheetReport      # result = score_year(assessment)
    worksheet_pdf(report, out, paper="A4") -> out
    build_health_summary(results, *, cooperative, examiner="", letterhead=None, now=None) -> HealthSummaryReport
    health_summary_pdf(report, out, paper="A4") -> out                # results: YearResults with distinct years
    # KKPKK 2021 (spec §1.4, kkpkk.md): the kertas kerja per aspect / sub-aspect / indicator (checklist items Ya or
    # Tidak, ratios with pembilang, penyebut, rasio and pita), nilai and skor, aspect recap, total and predicate, the
    # "perlu dikonfirmasi Dinas" marks, findings, recommendations, examiner(s) and the cooperative's signatures;
    # and the one-page summary over years (the layout of the 2016 summary)
    build_kkpkk_worksheet(result, answers, *, cooperative, year, examiners=(), examined_on=None, findings=(),
                          recommendations=((text, due_date_or_None), ...), sources={code: RatioSource},
                          letterhead=None, now=None) -> KkpkkWorksheetReport   # result = kkpkk_result(ws, record)
    kkpkk_worksheet_pdf(report, out, paper="A4") -> out
    build_kkpkk_summary({year: KkpkkResult} or [(year, result)], *, cooperative, examiner="", letterhead=None,
                        now=None) -> HealthSummaryReport
    kkpkk_summary_pdf(report, out, paper="A4") -> out

    # RAT (spec §3): the report book of a financial year (cover, contents with real page numbers, invitation and
    # agenda, tata tertib, LPJ pengurus with the statements, pengawas report, RAPB, SHU list, attendance, and after
    # the meeting its notulen and berita acara) and the meeting's own papers; the national data-system sheet (§8.5)
    rat_book_pdf(ws, year, out, paper=None) -> out
    invitation_pdf(ws, meeting_id, out, paper=None) / minutes_pdf(...) / berita_acara_pdf(...) -> out
    attendance_list_pdf(ws, meeting_id, out, paper=None, blank=True) -> out  # blank: every member, signature column
    ods_pdf(ws, year, out, paper=None) / ods_xlsx(ws, year, out) -> out

    # Dinas supervision (spec §8.2): berita acara kunjungan pembinaan, a cooperative's coaching history, visits
    # per officer, inactive cooperatives, follow-up status
    visit_report_pdf(ws, visit_id, out, paper=None) / coaching_history_pdf(ws, coop_key, out, paper=None)
    visits_per_officer_pdf(ws, date_from, date_to, out, paper=None) / inactive_pdf(ws, today, out, paper=None)
    follow_up_status_pdf(ws, today, out, paper=None) -> out

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
    build_loan_card(ws, loan_id, as_of=None) -> LoanCardReport
    build_loan_agreement(ws, loan_id, template_text=None, *, on=None) -> LoanAgreementReport
    build_loan_receipt(ws, loan_tx_id) -> LoanReceiptReport       # pencairan, angsuran, pelunasan or pembatalan
    build_arrears(ws, as_of, *, grouped=True) -> ArrearsReport
    build_collectibility(ws, as_of, *, details=True) -> CollectibilityReport
    build_instalments_due(ws, date_from, date_to, *, unpaid_only=True) -> InstalmentsDueReport
    build_statement(ws, kind, year, month_from=None, month_to=None, *, comparative=True, details=None)
        -> StatementReport | EquityReport          # details None: neraca by line, PHU by account
    build_statement_set(ws, year, month_from=None, month_to=None, *, comparative=True) -> StatementSetReport
    build_shu_list(ws, year) -> ShuListReport      # approved distribution, or the preview before approval
    build_shu_slip(ws, year, member_id) -> ShuSlipReport
    build_budget_report(ws, year, through=None) -> BudgetReport
    # ... .xlsx from a snapshot: write_statement_xlsx(report, out), write_shu_list_xlsx, write_budget_xlsx
    # ... then a PDF from the snapshot alone (no database access while drawing)
    render_pdf(report, out, paper="A4", orientation="portrait") -> out
    pdf_bytes(report, paper="A4", orientation="portrait") -> bytes      # e.g. for the GUI preview

``out`` is a file path (str or Path; returned as a Path) or a writable binary stream such as ``io.BytesIO``
(returned as given). Every ``build_*`` takes an optional keyword ``now`` (the "Dicetak ..." time; default now).
``paper_setting(ws)`` is the workspace's paper size. Invalid paper or orientation raises ``ValidationError``.
The loan agreement's body is a plain-text template with ``{placeholders}``: ``template_text`` is the cooperative's
own (stored in the workspace settings), None the shipped one (``default_agreement_template()``);
``agreement_placeholders()`` lists the placeholders (name -> description) for the template editor and
``agreement_template_problems(text)`` checks a template before it is saved (an unknown placeholder is an error
naming it).
The passbook prints on the passbook itself (page size and line positions from ``PassbookLayout``), so paper and
orientation do not apply to it; the receipt is always portrait.

Modules: ``letterhead`` (kop surat and signatories snapshot), ``base`` (renderer base: fonts, A4/F4, footer
"Halaman X dari Y", signature blocks), ``tables`` (long tables, header on every page), and one module per report
(``loan_lists`` holds the three loan lists; ``health_reports`` the kertas kerja and the health summary).
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
from kopdesk.reports.loan_agreement import (
    LoanAgreementRenderer,
    LoanAgreementReport,
    agreement_placeholders,
    build_loan_agreement,
    default_agreement_template,
)
from kopdesk.reports.loan_agreement import template_problems as agreement_template_problems
from kopdesk.reports.loan_card import LoanCardRenderer, LoanCardReport, LoanTerms, build_loan_card
from kopdesk.reports.loan_lists import (
    ArrearsRenderer,
    ArrearsReport,
    CollectibilityRenderer,
    CollectibilityReport,
    InstalmentsDueRenderer,
    InstalmentsDueReport,
    build_arrears,
    build_collectibility,
    build_instalments_due,
)
from kopdesk.reports.loan_receipt import LoanReceiptKind, LoanReceiptRenderer, LoanReceiptReport, build_loan_receipt
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
    "ArrearsReport", "CollectibilityReport", "InstalmentsDueReport", "LoanAgreementReport", "LoanCardReport",
    "LoanReceiptKind", "LoanReceiptReport", "LoanTerms",
    "agreement_placeholders", "agreement_template_problems", "arrears_pdf", "build_arrears", "build_collectibility",
    "build_instalments_due", "build_loan_agreement", "build_loan_card", "build_loan_receipt", "collectibility_pdf",
    "default_agreement_template", "instalments_due_pdf", "loan_agreement_pdf", "loan_card_pdf", "loan_receipt_pdf",
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
    LoanCardReport: LoanCardRenderer,
    LoanAgreementReport: LoanAgreementRenderer,
    LoanReceiptReport: LoanReceiptRenderer,
    ArrearsReport: ArrearsRenderer,
    CollectibilityReport: CollectibilityRenderer,
    InstalmentsDueReport: InstalmentsDueRenderer,
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


# ----------------------------------------------------------------------------------------------- loans


def loan_card_pdf(ws: Workspace, loan_id: int, out: Target, as_of: dt.date | None = None,
                  paper: str | None = None) -> Path | BinaryIO:
    return render_pdf(build_loan_card(ws, loan_id, as_of), out, paper or paper_setting(ws))


def loan_agreement_pdf(ws: Workspace, loan_id: int, out: Target, paper: str | None = None,
                       template_text: str | None = None, on: dt.date | None = None) -> Path | BinaryIO:
    """``template_text``: the cooperative's own template (from the workspace settings); None: the shipped one.
    ``on``: the signing date (default the disbursement date, else the approval or application date)."""
    report = build_loan_agreement(ws, loan_id, template_text, on=on)
    return render_pdf(report, out, paper or paper_setting(ws))


def loan_receipt_pdf(ws: Workspace, loan_tx_id: int, out: Target, paper: str | None = None) -> Path | BinaryIO:
    return render_pdf(build_loan_receipt(ws, loan_tx_id), out, paper or paper_setting(ws))


def arrears_pdf(ws: Workspace, as_of: dt.date, out: Target, paper: str | None = None,
                orientation: str = "landscape", grouped: bool = True) -> Path | BinaryIO:
    return render_pdf(build_arrears(ws, as_of, grouped=grouped), out, paper or paper_setting(ws), orientation)


def collectibility_pdf(ws: Workspace, as_of: dt.date, out: Target, paper: str | None = None,
                       orientation: str = "landscape", details: bool = True) -> Path | BinaryIO:
    report = build_collectibility(ws, as_of, details=details)
    return render_pdf(report, out, paper or paper_setting(ws), orientation)


def instalments_due_pdf(ws: Workspace, date_from: dt.date, date_to: dt.date, out: Target, paper: str | None = None,
                        orientation: str = "landscape", unpaid_only: bool = True) -> Path | BinaryIO:
    report = build_instalments_due(ws, date_from, date_to, unpaid_only=unpaid_only)
    return render_pdf(report, out, paper or paper_setting(ws), orientation)


# ------------------------------------------------------------------------------------ statements, SHU, budget

from kopdesk.reports.budget_report import BudgetRenderer, BudgetReport, build_budget_report  # noqa: E402
from kopdesk.reports.shu_reports import (  # noqa: E402
    ShuListRenderer,
    ShuListReport,
    ShuSlipRenderer,
    ShuSlipReport,
    build_shu_list,
    build_shu_slip,
)
from kopdesk.reports.statements import (  # noqa: E402
    KINDS as STATEMENT_KINDS,
)
from kopdesk.reports.statements import (  # noqa: E402
    EquityRenderer,
    EquityReport,
    StatementRenderer,
    StatementReport,
    StatementSetRenderer,
    StatementSetReport,
    build_statement,
    build_statement_set,
)
from kopdesk.reports.xlsx import write_budget_xlsx, write_shu_list_xlsx, write_statement_xlsx  # noqa: E402

RENDERERS.update({
    StatementReport: StatementRenderer,
    EquityReport: EquityRenderer,
    StatementSetReport: StatementSetRenderer,
    ShuListReport: ShuListRenderer,
    ShuSlipReport: ShuSlipRenderer,
    BudgetReport: BudgetRenderer,
})
__all__ += [
    "STATEMENT_KINDS", "BudgetReport", "EquityReport", "ShuListReport", "ShuSlipReport", "StatementReport",
    "StatementSetReport", "budget_pdf", "budget_xlsx", "build_budget_report", "build_shu_list", "build_shu_slip",
    "build_statement", "build_statement_set", "shu_list_pdf", "shu_list_xlsx", "shu_slip_pdf", "statement_pdf",
    "statement_set_pdf", "statement_xlsx", "statement_set_xlsx", "write_budget_xlsx", "write_shu_list_xlsx",
    "write_statement_xlsx",
]


def statement_pdf(ws: Workspace, kind: str, year: int, out: Target, month_from: int | None = None,
                  month_to: int | None = None, paper: str | None = None, comparative: bool = True,
                  details: bool | None = None) -> Path | BinaryIO:
    """``kind``: neraca, phu, ekuitas or arus-kas (always portrait)."""
    report = build_statement(ws, kind, year, month_from, month_to, comparative=comparative, details=details)
    return render_pdf(report, out, paper or paper_setting(ws))


def statement_set_pdf(ws: Workspace, year: int, out: Target, month_from: int | None = None,
                      month_to: int | None = None, paper: str | None = None,
                      comparative: bool = True) -> Path | BinaryIO:
    report = build_statement_set(ws, year, month_from, month_to, comparative=comparative)
    return render_pdf(report, out, paper or paper_setting(ws))


def statement_xlsx(ws: Workspace, kind: str, year: int, out: Target, month_from: int | None = None,
                   month_to: int | None = None, comparative: bool = True, details: bool | None = None):
    report = build_statement(ws, kind, year, month_from, month_to, comparative=comparative, details=details)
    return write_statement_xlsx(report, out)


def statement_set_xlsx(ws: Workspace, year: int, out: Target, month_from: int | None = None,
                       month_to: int | None = None, comparative: bool = True):
    return write_statement_xlsx(build_statement_set(ws, year, month_from, month_to, comparative=comparative), out)


def shu_list_pdf(ws: Workspace, year: int, out: Target, paper: str | None = None,
                 orientation: str = "landscape") -> Path | BinaryIO:
    return render_pdf(build_shu_list(ws, year), out, paper or paper_setting(ws), orientation)


def shu_list_xlsx(ws: Workspace, year: int, out: Target):
    return write_shu_list_xlsx(build_shu_list(ws, year), out)


def shu_slip_pdf(ws: Workspace, year: int, member_id: int, out: Target, paper: str | None = None) -> Path | BinaryIO:
    return render_pdf(build_shu_slip(ws, year, member_id), out, paper or paper_setting(ws))


def budget_pdf(ws: Workspace, year: int, out: Target, through: dt.date | None = None,
               paper: str | None = None) -> Path | BinaryIO:
    return render_pdf(build_budget_report(ws, year, through), out, paper or paper_setting(ws))


def budget_xlsx(ws: Workspace, year: int, out: Target, through: dt.date | None = None):
    return write_budget_xlsx(build_budget_report(ws, year, through), out)


# ------------------------------------------------------------------------------------ health assessment

from kopdesk.reports.health_reports import (  # noqa: E402
    HealthSummaryRenderer,
    HealthSummaryReport,
    KkpkkWorksheetRenderer,
    KkpkkWorksheetReport,
    WorksheetRenderer,
    WorksheetReport,
    build_health_summary,
    build_kkpkk_summary,
    build_kkpkk_worksheet,
    build_worksheet,
    health_summary_pdf,
    kkpkk_summary_pdf,
    kkpkk_worksheet_pdf,
    worksheet_pdf,
)

RENDERERS.update({WorksheetReport: WorksheetRenderer, HealthSummaryReport: HealthSummaryRenderer,
                  KkpkkWorksheetReport: KkpkkWorksheetRenderer})
__all__ += ["HealthSummaryReport", "KkpkkWorksheetReport", "WorksheetReport", "build_health_summary",
            "build_kkpkk_summary", "build_kkpkk_worksheet", "build_worksheet", "health_summary_pdf",
            "kkpkk_summary_pdf", "kkpkk_worksheet_pdf", "worksheet_pdf"]

# ------------------------------------------------------------------------------------ Dinas supervision

from kopdesk.reports.dinas_reports import (  # noqa: E402
    coaching_history_pdf,
    follow_up_status_pdf,
    inactive_pdf,
    visit_report_pdf,
    visits_per_officer_pdf,
)

__all__ += ["coaching_history_pdf", "follow_up_status_pdf", "inactive_pdf", "visit_report_pdf",
            "visits_per_officer_pdf"]

# ------------------------------------------------------------------------------------ RAT

from kopdesk.reports.ods_sheet import OdsReport, build_ods, ods_pdf, ods_xlsx  # noqa: E402
from kopdesk.reports.rat_book import RatBookReport, build_rat_book, rat_book_pdf  # noqa: E402
from kopdesk.reports.rat_reports import (  # noqa: E402
    attendance_list_pdf,
    berita_acara_pdf,
    build_attendance_list,
    build_invitation,
    build_minutes,
    invitation_pdf,
    minutes_pdf,
)

__all__ += ["OdsReport", "RatBookReport", "attendance_list_pdf", "berita_acara_pdf", "build_attendance_list",
            "build_invitation", "build_minutes", "build_ods", "build_rat_book", "invitation_pdf", "minutes_pdf",
            "ods_pdf", "ods_xlsx", "rat_book_pdf"]
