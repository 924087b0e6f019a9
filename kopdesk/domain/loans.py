"""Loan schedules (spec §7.1), the flat-vs-effective rate, collectibility (spec §2.1) and PPAP (spec §2.2).

Rounding: each period's jasa (interest) and pokok (principal) are rounded half-up to the rupiah and the last
instalment absorbs the residue, so the principal sums exactly to the loan. With ``round_to`` each instalment is
rounded UP to a multiple (100, 1000): the excess repays principal sooner and the last instalment settles the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext
from enum import StrEnum

from kopdesk.domain.money import HUNDRED, ONE, dec, round_rupiah


class Method(StrEnum):
    FLAT = "flat"
    DECLINING = "declining"      # menurun: equal principal, jasa on the outstanding balance
    ANNUITY = "annuity"          # anuitas: equal instalments

    @property
    def label(self) -> str:
        return {"flat": "Flat (tetap)", "declining": "Menurun (pokok sama)", "annuity": "Anuitas"}[self.value]


@dataclass(frozen=True, slots=True)
class Instalment:
    no: int
    principal: int
    interest: int
    remaining: int        # principal still owed after this instalment

    @property
    def total(self) -> int:
        return self.principal + self.interest


@dataclass(frozen=True, slots=True)
class Schedule:
    method: Method
    principal: int
    months: int
    rate: Decimal            # % per period (month)
    instalments: tuple[Instalment, ...]

    @property
    def total_principal(self) -> int:
        return sum(i.principal for i in self.instalments)

    @property
    def total_interest(self) -> int:
        return sum(i.interest for i in self.instalments)

    @property
    def total(self) -> int:
        return self.total_principal + self.total_interest


def schedule_problems(principal: int, months: int, rate: Decimal | int | str, round_to: int | None) -> list[str]:
    problems = []
    if not isinstance(principal, int) or isinstance(principal, bool) or principal <= 0:
        problems.append("Pokok pinjaman harus lebih dari nol (rupiah bulat).")
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 600:
        problems.append("Jangka waktu harus 1 sampai 600 bulan.")
    try:
        r = dec(rate)
        if r < 0 or r > 100:
            problems.append("Jasa per bulan harus 0 sampai 100%.")
    except (TypeError, ValueError):
        problems.append("Jasa per bulan harus berupa angka.")
    if round_to is not None and (not isinstance(round_to, int) or round_to <= 0):
        problems.append("Pembulatan angsuran harus bilangan bulat positif (misalnya 100 atau 1000).")
    return problems


def _round_up(amount: int, unit: int) -> int:
    return -(-amount // unit) * unit


def build_schedule(principal: int, months: int, rate: Decimal | int | str, method: Method | str,
                   round_to: int | None = None) -> Schedule:
    """The instalment schedule. ``rate`` is percent per month; ``round_to`` rounds each instalment up."""
    problems = schedule_problems(principal, months, rate, round_to)
    if problems:
        raise ValueError("; ".join(problems))
    method = Method(method)
    r = dec(rate) / HUNDRED
    out: list[Instalment] = []
    remaining = principal
    if method == Method.ANNUITY:
        with localcontext() as ctx:
            ctx.prec = 40
            annuity = Decimal(principal) / months if r == 0 else Decimal(principal) * r / (ONE - (ONE + r) ** -months)
        level = round_rupiah(annuity)
    flat_interest = round_rupiah(Decimal(principal) * r)
    equal_principal = round_rupiah(Decimal(principal) / months)
    for k in range(1, months + 1):
        if method == Method.FLAT:
            interest = flat_interest
            part = equal_principal
        elif method == Method.DECLINING:
            interest = round_rupiah(Decimal(remaining) * r)
            part = equal_principal
        else:
            interest = round_rupiah(Decimal(remaining) * r)
            part = level - interest
        if round_to and k < months:
            part = _round_up(part + interest, round_to) - interest
        part = max(0, min(part, remaining))
        if k == months:
            part = remaining            # the last instalment absorbs the residue
        remaining -= part
        out.append(Instalment(k, part, interest, remaining))
    return Schedule(method, principal, months, dec(rate), tuple(out))


def effective_monthly_rate(principal: int, payments: Sequence[int]) -> Decimal:
    """The monthly rate (percent) on the declining balance that gives the same payments: the IRR of
    -principal, payments... Solved by bisection to 1e-10, exact for display at 4 decimals."""
    if principal <= 0 or not payments:
        raise ValueError("principal and payments required")
    with localcontext() as ctx:
        ctx.prec = 40
        return _irr(Decimal(principal), payments)


def _irr(p: Decimal, payments: Sequence[int]) -> Decimal:

    def npv(i: Decimal) -> Decimal:
        total, factor = Decimal(0), ONE
        for pay in payments:
            factor /= ONE + i
            total += pay * factor
        return total - p

    if sum(payments) <= p:
        return Decimal(0)
    lo, hi = Decimal(0), Decimal(1)
    while npv(hi) > 0:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if npv(mid) > 0:
            lo = mid
        else:
            hi = mid
        if hi - lo < Decimal("1e-12"):
            break
    return (lo + hi) / 2 * HUNDRED


def flat_effective_rate(schedule: Schedule, net_disbursed: int | None = None) -> Decimal:
    """Effective monthly rate (percent, 4 decimals half-up) of a schedule; with ``net_disbursed`` (principal less
    provisi and admin) it shows the member's true cost (spec §7.2)."""
    rate = effective_monthly_rate(net_disbursed or schedule.principal, [i.total for i in schedule.instalments])
    return rate.quantize(Decimal("0.0001"))


# ------------------------------------------------------------------------------------------------ collectibility


class Frequency(StrEnum):
    DAILY = "harian"
    WEEKLY = "mingguan"
    MONTHLY = "bulanan"
    QUARTERLY = "triwulanan"
    BULLET = "sekaligus"        # paid at maturity

    @property
    def label(self) -> str:
        return {"harian": "Harian", "mingguan": "Mingguan", "bulanan": "Bulanan", "triwulanan": "Triwulanan",
                "sekaligus": "Sekaligus (jatuh tempo)"}[self.value]


class Kolektibilitas(StrEnum):
    LANCAR = "lancar"
    KURANG_LANCAR = "kurang_lancar"
    DIRAGUKAN = "diragukan"
    MACET = "macet"

    @property
    def label(self) -> str:
        return {"lancar": "Lancar", "kurang_lancar": "Kurang Lancar", "diragukan": "Diragukan",
                "macet": "Macet"}[self.value]


@dataclass(frozen=True, slots=True)
class CollectibilityRules:
    """Day thresholds per instalment frequency (spec §2.1). The fallback (no collateral or salvageability entered)
    is our convention and configurable: Diragukan up to ``fallback_diragukan_days``, Macet beyond."""

    short_lancar_days: int = 30          # instalment period < 1 month: Lancar up to 1 month overdue
    short_kl_days: int = 60              # Kurang Lancar > 1 and <= 2 months
    short_fallback_diragukan_days: int = 120
    monthly_lancar_days: int = 90        # monthly to quarterly instalments: <= 3 months
    monthly_kl_days: int = 180           # > 3 and <= 6 months
    monthly_fallback_diragukan_days: int = 365
    long_lancar_days: int = 180          # instalment period >= 4 months: <= 6 months
    long_kl_days: int = 365              # > 6 and <= 12 months
    long_fallback_diragukan_days: int = 730
    bullet_kl_days: int = 90             # bullet loans: past maturity <= 3 months -> Kurang Lancar
    diragukan_to_macet_months: int = 21
    ppap_rates: tuple[Decimal, Decimal, Decimal, Decimal] = (Decimal("0.5"), Decimal(10), Decimal(50), Decimal(100))

    def thresholds(self, frequency: Frequency) -> tuple[int, int, int]:
        if frequency in (Frequency.DAILY, Frequency.WEEKLY):
            return self.short_lancar_days, self.short_kl_days, self.short_fallback_diragukan_days
        if frequency == Frequency.BULLET:
            return 0, self.bullet_kl_days, self.monthly_fallback_diragukan_days
        if frequency == Frequency.QUARTERLY:
            return self.monthly_lancar_days, self.monthly_kl_days, self.monthly_fallback_diragukan_days
        return self.monthly_lancar_days, self.monthly_kl_days, self.monthly_fallback_diragukan_days


@dataclass(frozen=True, slots=True)
class LoanStanding:
    """What collectibility needs to know about one loan as of a date."""

    frequency: Frequency
    days_overdue: int                   # age of the oldest unpaid principal (or, for bullet loans, past maturity)
    debt_with_interest: int = 0         # outstanding principal + jasa due
    collateral_value: int | None = None
    salvageable: bool | None = None     # judged "masih dapat diselamatkan"
    diragukan_since: dt.date | None = None
    in_court_or_claim: bool = False


def months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)


def classify(s: LoanStanding, as_of: dt.date, rules: CollectibilityRules = CollectibilityRules()) -> Kolektibilitas:
    if s.in_court_or_claim:
        return Kolektibilitas.MACET
    lancar, kl, fallback = rules.thresholds(s.frequency)
    if s.days_overdue <= lancar:
        return Kolektibilitas.LANCAR
    if s.days_overdue <= kl:
        return Kolektibilitas.KURANG_LANCAR
    if s.diragukan_since and months_between(s.diragukan_since, as_of) > rules.diragukan_to_macet_months:
        return Kolektibilitas.MACET
    if s.salvageable is not None and s.collateral_value is not None and s.debt_with_interest > 0:
        cover = Decimal(s.collateral_value) / s.debt_with_interest
        if (s.salvageable and cover >= Decimal("0.75")) or cover >= 1:
            return Kolektibilitas.DIRAGUKAN
        return Kolektibilitas.MACET
    return Kolektibilitas.DIRAGUKAN if s.days_overdue <= fallback else Kolektibilitas.MACET


def ppap_required(klass: Kolektibilitas, outstanding: int, eligible_collateral: int = 0,
                  rules: CollectibilityRules = CollectibilityRules()) -> Decimal:
    """PPAP for one loan: Lancar on the outstanding principal; the other classes on outstanding minus eligible
    collateral (never below zero). Exact Decimal; round the portfolio total, not each loan."""
    order = list(Kolektibilitas)
    rate = rules.ppap_rates[order.index(klass)]
    base = outstanding if klass == Kolektibilitas.LANCAR else max(0, outstanding - eligible_collateral)
    return Decimal(base) * rate / HUNDRED


def round_ppap(total: Decimal) -> int:
    """Portfolio PPAP rounded up to the rupiah (a provision is never understated)."""
    return int(total.to_integral_value(rounding=ROUND_CEILING))
