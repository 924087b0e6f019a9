"""The loan portfolio as of any date: collectibility per spec §2.1, PPAP required per §2.2 against PPAP booked,
the month-end PPAP adjustment, the arrears list (daftar tunggakan), instalments falling due, the figures for
Beranda, and the reconciliation of the receivable accounts with the loans.

Classifying a whole portfolio takes a few bulk queries (outstanding, frozen schedules, summed allocations); only
loans already worse than Kurang Lancar are replayed event by event, to find since when (the 21-month rule).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.domain.loans import (
    Kolektibilitas,
    Loan,
    LoanSettings,
    LoanStanding,
    LoanStatus,
    classify,
    position_from_totals,
    ppap_required,
    replay,
    round_ppap,
    worse_since,
)
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import month_year, rupiah
from kopdesk.services import ledger
from kopdesk.services.base import audit, require
from kopdesk.services.loan_products import get_settings
from kopdesk.services.loans import get_loan
from kopdesk.services.workspace import Workspace
from kopdesk.store import ledger as ledger_store
from kopdesk.store import loans as store


@dataclass(frozen=True, slots=True)
class LoanClass:
    """One loan's collectibility as of a date."""

    loan: Loan
    member_number: str
    member_name: str
    as_of: dt.date
    outstanding: int                 # principal outstanding as of the date (the ledger's view)
    days_overdue: int
    debt_with_interest: int          # outstanding + jasa in arrears (the base of the collateral test)
    klass: Kolektibilitas
    eligible_collateral: int         # deducted from the PPAP base except for Lancar
    ppap: Decimal                    # exact; the portfolio total is rounded
    worse_since: dt.date | None      # since when it has been worse than Kurang Lancar (the 21-month rule; in a
                                     # portfolio, worked out for the loans that would otherwise be Diragukan)


def _rules_threshold(settings: LoanSettings, loan: Loan) -> int:
    return settings.rules.thresholds(loan.frequency)[1]


def _classify(loan: Loan, days: int, debt: int, since: dt.date | None, outstanding: int, settings: LoanSettings,
              member: tuple[str, str], as_of: dt.date) -> LoanClass:
    standing = LoanStanding(loan.frequency, days, debt, loan.collateral_value, loan.salvageable, since,
                            loan.in_court)
    klass = classify(standing, as_of, settings.rules)
    collateral = loan.collateral_value or 0
    return LoanClass(loan, member[0], member[1], as_of, outstanding, days, debt, klass, collateral,
                     ppap_required(klass, outstanding, collateral, settings.rules), since)


def _members(ws: Workspace, member_ids: set[int]) -> dict[int, tuple[str, str]]:
    return store.member_names(ws.db, member_ids)


def classify_loan(ws: Workspace, loan_id: int, as_of: dt.date) -> LoanClass:
    """One loan's class as of a date (exact replay, the 21-month rule included)."""
    loan = get_loan(ws, loan_id)
    settings = get_settings(ws)
    pos = replay(store.schedule(ws.db, loan.id), store.events(ws.db, loan.id), as_of, loan.denda,
                 threshold_days=_rules_threshold(settings, loan))
    standing = pos.standing(loan.frequency)
    return _classify(loan, standing.days_overdue, standing.debt_with_interest, pos.worse_since,
                     store.outstanding(ws.db, loan.id, as_of), settings, _members(ws, {loan.member_id})[loan.member_id],
                     as_of)


def portfolio(ws: Workspace, as_of: dt.date) -> list[LoanClass]:
    """Every loan with principal outstanding as of the date, classified (spec §2.1), with its PPAP (§2.2).
    The ageing comes from one summing query; only loans already worse than Kurang Lancar are replayed."""
    settings = get_settings(ws)
    outstanding = {k: v for k, v in store.outstanding_by_loan(ws.db, as_of).items() if v > 0}
    ids = sorted(outstanding)
    if not ids:
        return []
    loans = store.loans_by_ids(ws.db, ids)
    ageing = store.arrears_by_loan(ws.db, as_of)
    names = _members(ws, {x.member_id for x in loans.values()})
    out: dict[int, LoanClass] = {}
    doubtful = []
    for lid in ids:
        oldest, jasa = ageing.get(lid, (None, 0))
        days = (as_of - oldest).days if oldest and oldest < as_of else 0
        c = out[lid] = _classify(loans[lid], days, outstanding[lid] + jasa, None, outstanding[lid], settings,
                                 names[loans[lid].member_id], as_of)
        if c.klass == Kolektibilitas.DIRAGUKAN:
            doubtful.append(lid)
    # Diragukan for how long? (the 21-month rule) Only these loans are replayed, event by event.
    if doubtful:
        schedules = store.schedules(ws.db, doubtful)
        for lid, events in store.events_many(ws.db, doubtful).items():
            c = out[lid]
            since = worse_since(schedules[lid], events, as_of, _rules_threshold(settings, c.loan))
            out[lid] = _classify(c.loan, c.days_overdue, c.debt_with_interest, since, c.outstanding, settings,
                                 (c.member_number, c.member_name), as_of)
    return [out[lid] for lid in ids]


@dataclass(frozen=True, slots=True)
class ClassTotal:
    klass: Kolektibilitas
    loans: int
    outstanding: int
    collateral: int              # eligible collateral deducted (0 for Lancar)
    rate: Decimal                # PPAP %
    ppap: Decimal                # exact


@dataclass(frozen=True, slots=True)
class PortfolioSummary:
    as_of: dt.date
    classes: tuple[ClassTotal, ...]      # Lancar, Kurang Lancar, Diragukan, Macet
    ppap_required: int                   # rounded up to the rupiah
    ppap_booked: int                     # balance of the PPAP account (1-1390)

    @property
    def outstanding(self) -> int:
        return sum(c.outstanding for c in self.classes)

    @property
    def loans(self) -> int:
        return sum(c.loans for c in self.classes)

    @property
    def shortfall(self) -> int:
        """Positive: PPAP to add; negative: over-provided."""
        return self.ppap_required - self.ppap_booked

    def of(self, klass: Kolektibilitas) -> ClassTotal:
        return next(c for c in self.classes if c.klass == klass)

    @property
    def problem_loans(self) -> int:
        """Pinjaman bermasalah: Kurang Lancar + Diragukan + Macet (spec §2.3)."""
        return sum(c.outstanding for c in self.classes if c.klass != Kolektibilitas.LANCAR)

    @property
    def risk_weighted_problem_loans(self) -> Decimal:
        """RPM = 0.5 KL + 0.75 D + 1.0 M (ratio 2b of the 2016 health assessment)."""
        w = {Kolektibilitas.KURANG_LANCAR: Decimal("0.5"), Kolektibilitas.DIRAGUKAN: Decimal("0.75"),
             Kolektibilitas.MACET: Decimal(1)}
        return sum((w[c.klass] * c.outstanding for c in self.classes if c.klass in w), Decimal(0))


def summarize(classes: list[LoanClass], as_of: dt.date, booked: int, settings: LoanSettings) -> PortfolioSummary:
    totals = []
    for k, rate in zip(Kolektibilitas, settings.rules.ppap_rates, strict=True):
        rows = [c for c in classes if c.klass == k]
        collateral = 0 if k == Kolektibilitas.LANCAR else sum(min(c.eligible_collateral, c.outstanding) for c in rows)
        totals.append(ClassTotal(k, len(rows), sum(c.outstanding for c in rows), collateral, rate,
                                 sum((c.ppap for c in rows), Decimal(0))))
    return PortfolioSummary(as_of, tuple(totals), round_ppap(sum((t.ppap for t in totals), Decimal(0))), booked)


def ppap_booked(ws: Workspace, as_of: dt.date, settings: LoanSettings | None = None) -> int:
    settings = settings or get_settings(ws)
    return ledger.account_balance(ws, ledger.get_account(ws, settings.ppap_account).id, as_of)


def portfolio_summary(ws: Workspace, as_of: dt.date) -> PortfolioSummary:
    """Outstanding per class, PPAP required (collateral deducted except for Lancar) against PPAP booked."""
    settings = get_settings(ws)
    return summarize(portfolio(ws, as_of), as_of, ppap_booked(ws, as_of, settings), settings)


# ------------------------------------------------------------------------------------------------ month end


@dataclass(frozen=True, slots=True)
class PpapRun:
    period: str                  # "2026-10"
    as_of: dt.date
    summary: PortfolioSummary
    adjustment: int              # + added to the PPAP, - released
    journal_id: int | None
    journal_number: str | None
    changes: Changes


def _month_end(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def ppap_posted(ws: Workspace, year: int, month: int) -> str | None:
    """The journal number of the month's PPAP adjustment, if posted and not reversed."""
    row = ws.db.execute("SELECT j.number FROM journals j WHERE j.source = ? AND NOT EXISTS "
                        "(SELECT 1 FROM journals r WHERE r.reverses_id = j.id)",
                        [f"ppap:{year:04d}-{month:02d}"]).fetchone()
    return row[0] if row else None


def post_ppap_month_end(ws: Workspace, year: int, month: int, by: User) -> PpapRun:
    """Bring the PPAP to what the portfolio requires at the month's end, once per month: Beban penyisihan (6-1400)
    D / PPAP (1-1390) K for a shortfall, or the reverse when over-provided. A second run for the same month is
    refused (reverse the first journal to run it again)."""
    require(by, Perm.POST)
    last = _month_end(year, month)
    period = f"{year:04d}-{month:02d}"
    if last > dt.date.today():
        raise ValidationError(f"PPAP bulan {month_year(last)} baru bisa dibukukan pada akhir bulan itu.")
    done = ppap_posted(ws, year, month)
    if done:
        raise ValidationError(f"PPAP bulan {month_year(last)} sudah dibukukan ({done}).")
    settings = get_settings(ws)
    ppap = ledger.get_account(ws, settings.ppap_account)
    expense = ledger.get_account(ws, settings.ppap_expense_account)
    with ws.db.atomic():
        summary = portfolio_summary(ws, last)
        diff = summary.shortfall
        if not diff:
            return PpapRun(period, last, summary, 0, None, None, Changes())
        text = (f"Penyesuaian PPAP {month_year(last)}: wajib {rupiah(summary.ppap_required)}, tercatat "
                f"{rupiah(summary.ppap_booked)}")
        if diff > 0:
            lines = (LineDraft(expense.id, debit=diff), LineDraft(ppap.id, credit=diff))
        else:
            lines = (LineDraft(ppap.id, debit=-diff), LineDraft(expense.id, credit=-diff))
        posted = ledger.post_in_transaction(ws, JournalDraft(last, text, lines, series="JU",
                                                             source=f"ppap:{period}"), by)
        audit(ws.db, by, "ppap_akhir_bulan", "jurnal", posted.journal_id,
              {"periode": period, "wajib": summary.ppap_required, "tercatat": summary.ppap_booked,
               "penyesuaian": diff, "jurnal": posted.number})
    return PpapRun(period, last, summary, diff, posted.journal_id, posted.number, Changes(ledger=True, loans=True))


# ------------------------------------------------------------------------------------------------ arrears, due


@dataclass(frozen=True, slots=True)
class ArrearsRow:
    loan: Loan
    member_number: str
    member_name: str
    days_overdue: int
    instalments: int             # instalments in arrears
    principal: int               # pokok in arrears
    jasa: int                    # jasa in arrears
    denda: int                   # denda accrued and unpaid
    outstanding: int             # all principal outstanding
    klass: Kolektibilitas

    @property
    def total(self) -> int:
        return self.principal + self.jasa + self.denda


def arrears(ws: Workspace, as_of: dt.date) -> list[ArrearsRow]:
    """Daftar tunggakan as of a date: every loan with an instalment past due and unpaid, longest overdue first,
    with pokok, jasa and denda in arrears and its class."""
    late = [c for c in portfolio(ws, as_of) if c.days_overdue > 0]
    ids = [c.loan.id for c in late]
    schedules = store.schedules(ws.db, ids)
    events = store.events_many(ws.db, ids)
    rows = []
    for c in late:
        pos = replay(schedules[c.loan.id], events[c.loan.id], as_of, c.loan.denda)
        rows.append(ArrearsRow(c.loan, c.member_number, c.member_name, c.days_overdue, pos.instalments_in_arrears,
                               pos.principal_arrears, pos.interest_arrears, pos.penalty_due, c.outstanding, c.klass))
    return sorted(rows, key=lambda r: (-r.days_overdue, r.loan.number))


@dataclass(frozen=True, slots=True)
class DueRow:
    loan: Loan
    member_number: str
    member_name: str
    no: int
    due: dt.date
    principal: int
    interest: int
    principal_unpaid: int
    interest_unpaid: int

    @property
    def unpaid(self) -> int:
        return self.principal_unpaid + self.interest_unpaid


def instalments_due(ws: Workspace, date_from: dt.date, date_to: dt.date, *, unpaid_only: bool = True) -> list[DueRow]:
    """Instalments of active loans falling due in a period (this week, this month), with what is still unpaid."""
    if date_to < date_from:
        raise ValidationError("Tanggal akhir tidak boleh sebelum tanggal awal.")
    pairs = store.due_between(ws.db, date_from, date_to)
    ids = sorted({lid for lid, _ in pairs})
    if not ids:
        return []
    loans = store.loans_by_ids(ws.db, ids)
    schedules = store.schedules(ws.db, ids)
    paid = store.paid_totals(ws.db, dt.date.max, ids if len(ids) <= 900 else None)
    names = _members(ws, {x.member_id for x in loans.values()})
    out = []
    for lid, no in pairs:
        inst = next(i for i in schedules[lid] if i.no == no)
        p, j = paid.get(lid, {}).get(no, (0, 0))
        row = DueRow(loans[lid], *names[loans[lid].member_id], no, inst.due, inst.principal, inst.interest,
                     inst.principal - p, inst.interest - j)
        if row.unpaid > 0 or not unpaid_only:
            out.append(row)
    return out


@dataclass(frozen=True, slots=True)
class LoanTotals:
    """Loans for Beranda."""

    as_of: dt.date
    active: int
    outstanding: int
    in_arrears: int                  # loans with an instalment past due
    arrears: int                     # pokok + jasa in arrears
    problem_loans: int               # outstanding of Kurang Lancar, Diragukan and Macet loans
    due_this_week: int               # instalments still unpaid falling due in the next 7 days
    due_this_week_amount: int
    applications: int                # waiting for a decision


def dashboard(ws: Workspace, as_of: dt.date) -> LoanTotals:
    classes = portfolio(ws, as_of)
    in_arrears = [c for c in classes if c.days_overdue > 0]
    arrears_total = 0
    if in_arrears:
        ids = [c.loan.id for c in in_arrears]
        schedules = store.schedules(ws.db, ids)
        paid = store.paid_totals(ws.db, as_of, ids if len(ids) <= 900 else None)
        for c in in_arrears:
            pos = position_from_totals(schedules[c.loan.id], paid.get(c.loan.id, {}), as_of)
            arrears_total += pos.principal_arrears + pos.interest_arrears
    due = instalments_due(ws, as_of, as_of + dt.timedelta(days=6))
    applications = store.count_loans(ws.db, statuses=[LoanStatus.DIAJUKAN.value])
    return LoanTotals(as_of, len(classes), sum(c.outstanding for c in classes), len(in_arrears), arrears_total,
                      sum(c.outstanding for c in classes if c.klass != Kolektibilitas.LANCAR), len(due),
                      sum(r.unpaid for r in due), applications)


# ------------------------------------------------------------------------------------------------ reconciliation


@dataclass(frozen=True, slots=True)
class Reconciliation:
    account_code: str
    account_name: str
    loans_total: int             # principal outstanding of the loans booked on the account
    ledger_balance: int

    @property
    def ok(self) -> bool:
        return self.loans_total == self.ledger_balance


def reconcile(ws: Workspace) -> list[Reconciliation]:
    """Each receivable account in the ledger against the principal outstanding of its loans."""
    out = []
    for account_id, total in store.receivable_totals(ws.db):
        a = ledger_store.account(ws.db, account_id)
        out.append(Reconciliation(a.code, a.name, total, ledger.account_balance(ws, a.id, dt.date(9999, 12, 30))))
    return out
