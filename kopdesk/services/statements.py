"""Financial statements for any period, with the previous year as comparative (spec §5.2): Laporan Posisi Keuangan,
Perhitungan Hasil Usaha, Laporan Perubahan Ekuitas, Laporan Arus Kas (direct method), and the key notes (loans by
collectibility and PPAP, savings by type, SHU allocation). Read-only: frozen records for the report renderers.

Speed: every figure comes from daily totals per account, read in ONE pass over the covering index
journal_lines(account_id, date, debit, credit, journal_id) grouped in index order and cumulated in memory (a
movement is the difference of two cumulative sums), plus the few closing and SHU journals, and for the cash flow
one GROUP BY over the counter lines of the journals that touch a cash account (index-only, see schema 0005).
The rules (which account goes on which line) are in kopdesk.domain.statements.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, fields
from decimal import Decimal

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.ledger import Account
from kopdesk.domain.loans import Kolektibilitas
from kopdesk.domain.statements import (
    AccountAmount,
    BalanceSheet,
    CashFlowStatement,
    EquityStatement,
    IncomeStatement,
    NonMemberRule,
    Period,
    PhuFigures,
    ResidueTarget,
    SavingsBasis,
    ShuSettings,
    TransactionsBasis,
    YearResult,
    build_balance_sheet,
    build_cash_flow,
    build_equity_statement,
    build_income_statement,
    cash_flow_amounts,
    fiscal_period,
    fiscal_year_bounds,
    fiscal_year_of,
    is_cash_account,
    period_label,
    presented,
    year_earlier,
)
from kopdesk.services.workspace import Workspace
from kopdesk.store import admin as admin_store
from kopdesk.store import closing as store
from kopdesk.store import ledger as ledger_store

SHU_SETTINGS_KEY = "shu"
DAY = dt.timedelta(days=1)

# ------------------------------------------------------------------------------------------------ settings, periods


def fiscal_start_month(ws: Workspace) -> int:
    return admin_store.load_profile(ws.db).fiscal_year_start_month or 1


def shu_settings(ws: Workspace) -> ShuSettings:
    """The SHU split and distribution settings (defaults when never saved)."""
    raw = admin_store.get_setting(ws.db, SHU_SETTINGS_KEY, {}) or {}
    known = {f.name for f in fields(ShuSettings)}
    values = {k: v for k, v in raw.items() if k in known}
    conv = {"non_member_rule": NonMemberRule, "non_member_pct": Decimal, "savings_basis": SavingsBasis,
            "transactions_basis": TransactionsBasis, "residue_to": ResidueTarget, "savings_kinds": tuple}
    for k, f in conv.items():
        if k in values:
            values[k] = f(values[k])
    return ShuSettings(**values)


def fiscal_year(ws: Workspace, year: int) -> Period:
    return fiscal_period(year, fiscal_start_month(ws))


def period(ws: Workspace, year: int, month_from: int | None = None, month_to: int | None = None) -> Period:
    """Financial year ``year`` (respecting the profile's first month), or a range of its months."""
    try:
        return fiscal_period(year, fiscal_start_month(ws), month_from, month_to)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def period_between(ws: Workspace, start: dt.date, end: dt.date) -> Period:
    """Any dates (e.g. one quarter); the financial year is the one ``end`` falls in."""
    if end < start:
        raise ValidationError("Tanggal akhir tidak boleh sebelum tanggal awal.")
    fy = fiscal_year_of(end, fiscal_start_month(ws))
    first, last = fiscal_year_bounds(fy, fiscal_start_month(ws))
    return Period(start, end, fy, period_label(start, end, fy, (start, end) == (first, last)))


# ------------------------------------------------------------------------------------------------ sums


class Sums:
    """Cumulative sums per account at any dates, read in one pass over the index, and the movements derived from
    them. One Sums per statement set, so the four statements share the reads."""

    def __init__(self, ws: Workspace, dates: list[dt.date]):
        self.ws = ws
        self.accounts = ledger_store.accounts(ws.db)
        self._cum: dict[dt.date, store.Totals] = {}
        self._special: dict[tuple, store.Totals] = {}
        self._daily: dict[int, tuple[list[str], list[int], list[int]]] = {}
        self._through: dt.date | None = None
        self.load(dates)

    def load(self, dates: list[dt.date]) -> None:
        """Read the daily totals per account up to the latest date asked (one pass over the covering index
        journal_lines(account_id, date, ...), grouped in index order), then cumulate in memory."""
        latest = max(dates, default=None)
        if latest is None or (self._through is not None and latest <= self._through):
            return
        self._daily = store.daily_totals(self.ws.db, latest)
        self._through = latest
        self._cum.clear()

    def cumulative(self, as_of: dt.date) -> store.Totals:
        """account_id -> (debit, credit) of every line dated on or before ``as_of``."""
        self.load([as_of])
        if as_of not in self._cum:
            key = as_of.isoformat()
            out: store.Totals = {}
            for account_id, (days, debits, credits) in self._daily.items():
                i = bisect_right(days, key)
                if i:
                    out[account_id] = (debits[i - 1], credits[i - 1])
            self._cum[as_of] = out
        return self._cum[as_of]

    def movement(self, start: dt.date, end: dt.date) -> store.Totals:
        return store.minus(self.cumulative(end), self.cumulative(start - DAY))

    def source(self, prefix: str, start: dt.date | None, end: dt.date) -> store.Totals:
        key = (prefix, start, end)
        if key not in self._special:
            self._special[key] = store.source_totals(self.ws.db, prefix, start, end)
        return self._special[key]

    def phu_movement(self, start: dt.date, end: dt.date) -> store.Totals:
        """The period's movements without closing journals (a closed year still shows its result)."""
        return store.minus(self.movement(start, end), self.source(store.CLOSING_SOURCE, start, end))

    @property
    def account_list(self) -> list[Account]:
        return list(self.accounts.values())


def _dates(p: Period, comparative: bool, start_month: int = 1) -> list[dt.date]:
    """Every cumulative date a statement set reads: the ends, the days before the starts, and the days before the
    financial years' first days (for SHU tahun berjalan)."""
    out = []
    for q in (p, p.prior) if comparative else (p,):
        first, _ = fiscal_year_bounds(fiscal_year_of(q.end, start_month), start_month)
        out += [q.end, q.start - DAY, first - DAY]
    return out


# ------------------------------------------------------------------------------------------------ PHU


def income_from(sums: Sums, p: Period, comparative: bool, settings: ShuSettings) -> IncomeStatement:
    """The PHU from sums already read (for the closing service, which reads once)."""
    prior = p.prior if comparative else None
    return build_income_statement(p, prior, sums.account_list, sums.phu_movement(p.start, p.end),
                                  sums.phu_movement(prior.start, prior.end) if prior else None,
                                  settings.non_member_rule, settings.non_member_pct)


def income_statement(ws: Workspace, p: Period, *, comparative: bool = True) -> IncomeStatement:
    """Perhitungan Hasil Usaha for the period (closing journals excluded), with the same months a year earlier."""
    return income_from(Sums(ws, _dates(p, comparative, fiscal_start_month(ws))), p, comparative, shu_settings(ws))


def result_to(ws: Workspace, as_of: dt.date) -> PhuFigures:
    """The PHU figures of the financial year that ``as_of`` falls in, from its first day to ``as_of``."""
    start_month = fiscal_start_month(ws)
    first, _ = fiscal_year_bounds(fiscal_year_of(as_of, start_month), start_month)
    return _year_figures(Sums(ws, [as_of, first - DAY]), as_of, start_month, shu_settings(ws))


def _year_figures(sums: Sums, as_of: dt.date, start_month: int, settings: ShuSettings) -> PhuFigures:
    first, _ = fiscal_year_bounds(fiscal_year_of(as_of, start_month), start_month)
    p = Period(first, as_of, fiscal_year_of(as_of, start_month), "")
    return build_income_statement(p, None, sums.account_list, sums.phu_movement(first, as_of), None,
                                  settings.non_member_rule, settings.non_member_pct).current


# ------------------------------------------------------------------------------------------------ neraca


def _balance(sums: Sums, as_of: dt.date, prior_as_of: dt.date | None, start_month: int,
             settings: ShuSettings) -> BalanceSheet:
    def result(d: dt.date) -> YearResult:
        f = _year_figures(sums, d, start_month, settings)
        return YearResult(f.shu_setelah_pajak, f.shu_anggota, f.shu_non_anggota)

    kinds = store.savings_kinds(sums.ws.db)
    return build_balance_sheet(as_of, prior_as_of, sums.account_list, sums.cumulative(as_of),
                               sums.cumulative(prior_as_of) if prior_as_of else None, result(as_of),
                               result(prior_as_of) if prior_as_of else None, kinds)


def balance_sheet(ws: Workspace, as_of: dt.date, *, comparative: bool = True,
                  prior_as_of: dt.date | None = None) -> BalanceSheet:
    """Laporan Posisi Keuangan at a date; the comparative is the same date a year earlier unless given."""
    prior = (prior_as_of or year_earlier(as_of)) if comparative else None
    start_month = fiscal_start_month(ws)
    dates = []
    for d in (as_of, prior) if prior else (as_of,):
        dates += [d, fiscal_year_bounds(fiscal_year_of(d, start_month), start_month)[0] - DAY]
    return _balance(Sums(ws, dates), as_of, prior, start_month, shu_settings(ws))


# ------------------------------------------------------------------------------------------------ equity


def _equity(sums: Sums, p: Period, settings: ShuSettings) -> EquityStatement:
    opening, closing = sums.cumulative(p.start - DAY), sums.cumulative(p.end)
    distribution = sums.source(store.SHU_SOURCE, p.start, p.end)
    closings = sums.source(store.CLOSING_SOURCE, p.start, p.end)
    ordinary = store.minus(store.minus(sums.movement(p.start, p.end), distribution), closings)
    phu = build_income_statement(p, None, sums.account_list, sums.phu_movement(p.start, p.end), None,
                                 settings.non_member_rule, settings.non_member_pct)
    return build_equity_statement(p, sums.account_list, opening, closing, ordinary, distribution,
                                  phu.current.shu_setelah_pajak, store.savings_kinds(sums.ws.db))


def equity_statement(ws: Workspace, p: Period) -> EquityStatement:
    """Laporan Perubahan Ekuitas: opening, setoran, pengembalian, pembagian SHU, SHU tahun berjalan, closing."""
    return _equity(Sums(ws, _dates(p, False, fiscal_start_month(ws))), p, shu_settings(ws))


# ------------------------------------------------------------------------------------------------ cash flow


def _cash_flow(sums: Sums, p: Period, comparative: bool) -> CashFlowStatement:
    accounts = sums.accounts
    cash = [a for a in sums.account_list if not a.is_group and is_cash_account(a)]
    cash_ids = [a.id for a in cash]
    kinds = store.savings_kinds(sums.ws.db)

    def flows(q: Period) -> dict[str, int]:
        counters = store.cash_counter_totals(sums.ws.db, cash_ids, q.start, q.end)
        opening_cash, opening_counters = store.series_cash(sums.ws.db, "JS", cash_ids, q.start, q.end)
        out = cash_flow_amounts(accounts, store.minus(counters, opening_counters), kinds)
        if opening_cash:
            out["saldo_awal"] = opening_cash
        return out

    def cash_at(d: dt.date) -> int:
        t = sums.cumulative(d)
        return sum(presented(a, *t.get(a.id, (0, 0))) for a in cash)

    prior = p.prior if comparative else None
    end_now, end_prior = sums.cumulative(p.end), sums.cumulative(prior.end) if prior else {}
    per_account = tuple(AccountAmount(a.code, a.name, presented(a, *end_now.get(a.id, (0, 0))),
                                      presented(a, *end_prior.get(a.id, (0, 0)))) for a in cash)
    return build_cash_flow(p, prior, flows(p), flows(prior) if prior else None, cash_at(p.start - DAY),
                           cash_at(p.end), cash_at(prior.start - DAY) if prior else 0,
                           cash_at(prior.end) if prior else 0, per_account)


def cash_flow(ws: Workspace, p: Period, *, comparative: bool = True) -> CashFlowStatement:
    """Laporan Arus Kas (direct method) for the period; ends at Kas + Bank in the ledger."""
    return _cash_flow(Sums(ws, _dates(p, comparative, fiscal_start_month(ws))), p, comparative)


# ------------------------------------------------------------------------------------------------ notes


@dataclass(frozen=True, slots=True)
class SavingsNote:
    product_code: str
    product_name: str
    kind: str                    # pokok, wajib, sukarela, berjangka, khusus
    account_code: str
    members: int                 # members with a balance at the date
    amount: int
    prior_members: int
    prior: int


@dataclass(frozen=True, slots=True)
class LoanClassNote:
    klass: Kolektibilitas
    label: str
    loans: int
    outstanding: int
    rate: Decimal                # PPAP %
    ppap: int                    # required, rounded to the rupiah


@dataclass(frozen=True, slots=True)
class LoanNote:
    as_of: dt.date
    classes: tuple[LoanClassNote, ...]
    outstanding: int
    ppap_required: int
    ppap_booked: int             # the PPAP account's balance


@dataclass(frozen=True, slots=True)
class AllocationNote:
    key: str                     # cadangan, jasa_modal, ..., dana_pdk
    label: str
    percent: Decimal
    amount: int                  # of the year's SHU (0 while the year is not closed or the SHU is not positive)


@dataclass(frozen=True, slots=True)
class StatementNotes:
    """Catatan atas laporan keuangan, the key figures: members, loans by collectibility and PPAP, savings by
    type, the SHU allocation of the year."""

    as_of: dt.date
    prior_as_of: dt.date | None
    members: int
    prior_members: int
    loans: LoanNote
    prior_loans: LoanNote | None
    savings: tuple[SavingsNote, ...]
    shu_year: int
    shu_status: str              # "belum ditutup", "ditutup", "disetujui", "dibukukan"
    shu: int                     # the closed year's SHU after tax (0 while not closed)
    allocation: tuple[AllocationNote, ...]


def _loan_note(ws: Workspace, as_of: dt.date) -> LoanNote:
    from kopdesk.domain.loans import round_ppap
    from kopdesk.services import collectibility

    s = collectibility.portfolio_summary(ws, as_of)
    classes = tuple(LoanClassNote(c.klass, c.klass.label, c.loans, c.outstanding, c.rate, round_ppap(c.ppap))
                    for c in s.classes)
    return LoanNote(as_of, classes, s.outstanding, s.ppap_required, s.ppap_booked)


def notes(ws: Workspace, p: Period, *, comparative: bool = True) -> StatementNotes:
    from kopdesk.services import shu as shu_svc
    from kopdesk.store import members as members_store

    prior_as_of = year_earlier(p.end) if comparative else None
    products = members_store.products(ws.db)
    accounts = ledger_store.accounts(ws.db)
    now = store.savings_by_product(ws.db, p.end)
    before = store.savings_by_product(ws.db, prior_as_of) if prior_as_of else {}
    savings = tuple(SavingsNote(x.code, x.name, x.kind.value, accounts[x.account_id].code, *now.get(x.id, (0, 0)),
                                *before.get(x.id, (0, 0))) for x in products
                    if now.get(x.id, (0, 0))[1] or before.get(x.id, (0, 0))[1])
    state = shu_svc.allocation_state(ws, p.fiscal_year)
    return StatementNotes(p.end, prior_as_of, store.members_at(ws.db, p.end),
                          store.members_at(ws.db, prior_as_of) if prior_as_of else 0, _loan_note(ws, p.end),
                          _loan_note(ws, prior_as_of) if prior_as_of else None, savings, p.fiscal_year, state.status,
                          state.shu, state.notes)


# ------------------------------------------------------------------------------------------------ the set


@dataclass(frozen=True, slots=True)
class FinancialStatements:
    """The statement set of a period with its comparative: everything the report renderers need."""

    period: Period
    prior_period: Period | None
    balance_sheet: BalanceSheet
    income_statement: IncomeStatement
    equity: EquityStatement
    prior_equity: EquityStatement | None
    cash_flow: CashFlowStatement
    notes: StatementNotes | None
    year_closed: bool                        # the financial year has been closed (tutup buku)

    @property
    def consistent(self) -> bool:
        """The statements agree: A = L + E, the PHU's SHU is the equity statement's, equity and cash tie."""
        return (self.balance_sheet.balanced and self.equity.ties
                and self.equity.shu_of_period == self.income_statement.current.shu_setelah_pajak
                and self.equity.closing.total == self.balance_sheet.total_equity
                and self.cash_flow.ties and self.cash_flow.closing == self.balance_sheet.amount("kas_bank"))


def financial_statements(ws: Workspace, year: int, month_from: int | None = None, month_to: int | None = None, *,
                         comparative: bool = True, with_notes: bool = True) -> FinancialStatements:
    """Every statement of a financial year (or a range of its months) with the previous year as comparative."""
    p = period(ws, year, month_from, month_to)
    return statements_for(ws, p, comparative=comparative, with_notes=with_notes)


def statements_for(ws: Workspace, p: Period, *, comparative: bool = True,
                   with_notes: bool = True) -> FinancialStatements:
    settings = shu_settings(ws)
    start_month = fiscal_start_month(ws)
    sums = Sums(ws, _dates(p, comparative, fiscal_start_month(ws)))
    prior = p.prior if comparative else None
    closed = store.current_closing(ws.db, p.fiscal_year) is not None
    return FinancialStatements(
        p, prior, _balance(sums, p.end, prior.end if prior else None, start_month, settings),
        income_from(sums, p, comparative, settings), _equity(sums, p, settings),
        _equity(sums, prior, settings) if prior else None, _cash_flow(sums, p, comparative),
        notes(ws, p, comparative=comparative) if with_notes else None, closed)
