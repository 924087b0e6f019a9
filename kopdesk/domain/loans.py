"""Loan schedules (spec §7.1), the flat-vs-effective rate, collectibility (spec §2.1) and PPAP (spec §2.2).

Rounding: each period's jasa (interest) and pokok (principal) are rounded half-up to the rupiah and the last
instalment absorbs the residue, so the principal sums exactly to the loan. With ``round_to`` each instalment is
rounded UP to a multiple (100, 1000): the excess repays principal sooner and the last instalment settles the rest.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal, localcontext
from enum import StrEnum
from typing import NewType

from kopdesk.domain.money import HUNDRED, ONE, dec, percent_of, round_rupiah, rp


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


# ================================================================================================ the loan book
# Products, fees, due dates, denda accrual, repayment allocation and the exact replay of a loan's history.
# Everything below is pure: the services feed it the frozen schedule and the stored per-instalment allocations.

LoanId = NewType("LoanId", int)
LoanProductId = NewType("LoanProductId", int)

DENDA_WARN_RATE = Decimal("0.5")      # % per day; spec §7.3: warn above about 0.5 %/day
PRODUCT_FREQUENCIES = (Frequency.MONTHLY, Frequency.WEEKLY)


def period_rate(rate_per_month: Decimal | int | str, frequency: Frequency | str) -> Decimal:
    """Jasa per instalment period from a rate quoted per month (koperasi quote per month, spec §7.1).
    Weekly: x 12 / 52 (a year has 52 weeks and 12 months)."""
    r = dec(rate_per_month)
    frequency = Frequency(frequency)
    if frequency == Frequency.MONTHLY:
        return r
    if frequency == Frequency.WEEKLY:
        with localcontext() as ctx:
            ctx.prec = 28
            return r * 12 / 52
    raise ValueError(f"frekuensi {frequency.label} belum didukung untuk produk pinjaman")


def periods_per_month(frequency: Frequency | str) -> Decimal:
    return Decimal(52) / Decimal(12) if Frequency(frequency) == Frequency.WEEKLY else ONE


def add_months(d: dt.date, months: int, day: int | None = None) -> dt.date:
    """``d`` plus whole months, on ``day`` (default d's day) clamped to the month's last day (31 Jan -> 28 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(day or d.day, calendar.monthrange(year, month)[1]))


def due_dates(start: dt.date, n: int, frequency: Frequency | str) -> tuple[dt.date, ...]:
    """Due dates of n instalments from the disbursement date. Monthly: the same day of the month as the
    disbursement, clamped to the month's end (a loan made on the 31st falls due on 28/29 Feb, 31 Mar, 30 Apr...);
    weekly: every 7 days."""
    frequency = Frequency(frequency)
    if frequency == Frequency.MONTHLY:
        return tuple(add_months(start, k, start.day) for k in range(1, n + 1))
    if frequency == Frequency.WEEKLY:
        return tuple(start + dt.timedelta(days=7 * k) for k in range(1, n + 1))
    raise ValueError(f"frekuensi {frequency.label} belum didukung untuk produk pinjaman")


class DendaKind(StrEnum):
    NONE = "tanpa"
    PERCENT_PER_DAY = "persen_harian"    # % per day of the unpaid overdue instalment, after the grace period
    FIXED = "tetap"                      # a fixed amount once per instalment paid after the grace period

    @property
    def label(self) -> str:
        return {"tanpa": "Tanpa denda", "persen_harian": "Persen per hari dari angsuran tertunggak",
                "tetap": "Jumlah tetap per angsuran terlambat"}[self.value]


@dataclass(frozen=True, slots=True)
class DendaRule:
    """The late-fee policy (spec §7.3). Days are counted after the grace period: with 3 days' grace an instalment
    paid 10 days late carries 7 days of denda; paid within the grace period, none."""

    kind: DendaKind = DendaKind.NONE
    rate: Decimal = Decimal(0)      # % per day (persen_harian)
    fixed: int = 0                  # rupiah per late instalment (tetap)
    grace_days: int = 0

    def problems(self) -> list[str]:
        out = []
        if self.kind == DendaKind.PERCENT_PER_DAY and not (0 < self.rate <= 10):
            out.append("Denda per hari harus lebih dari 0% dan paling tinggi 10% per hari.")
        if self.kind == DendaKind.FIXED and (not isinstance(self.fixed, int) or self.fixed <= 0):
            out.append("Denda tetap per angsuran harus lebih dari nol.")
        if not isinstance(self.grace_days, int) or not 0 <= self.grace_days <= 90:
            out.append("Masa tenggang denda harus 0 sampai 90 hari.")
        return out

    def warnings(self) -> list[str]:
        if self.kind == DendaKind.PERCENT_PER_DAY and self.rate > DENDA_WARN_RATE:
            yearly = (self.rate * 365).normalize()
            return [f"Denda {_pct(self.rate)} per hari tergolong berat (setara {_pct(yearly)} setahun); "
                    f"kebanyakan koperasi memakai paling tinggi {_pct(DENDA_WARN_RATE)} per hari."]
        return []


def _pct(d: Decimal) -> str:
    return f"{d.normalize():f}".replace(".", ",") + "%"


class Component(StrEnum):
    DENDA = "denda"
    JASA = "jasa"
    POKOK = "pokok"

    @property
    def label(self) -> str:
        return {"denda": "Denda", "jasa": "Jasa", "pokok": "Pokok"}[self.value]


DEFAULT_ORDER: tuple[Component, ...] = (Component.DENDA, Component.JASA, Component.POKOK)


class AllocationMode(StrEnum):
    """How the order applies across several instalments in arrears (oldest first either way).
    KOMPONEN: all denda first, then all jasa, then pokok (KUHPerdata Pasal 1397: interest before principal);
    ANGSURAN: the oldest instalment is cleared (denda, jasa, pokok) before the next one."""

    KOMPONEN = "komponen"
    ANGSURAN = "angsuran"

    @property
    def label(self) -> str:
        return {"komponen": "Per komponen (semua denda, lalu jasa, lalu pokok)",
                "angsuran": "Per angsuran (angsuran tertua lunas dulu)"}[self.value]


@functools.lru_cache(maxsize=64)
def parse_order(text: str) -> tuple[Component, ...]:
    return tuple(Component(x.strip()) for x in text.split(",") if x.strip())


def order_problems(order: Sequence[Component]) -> list[str]:
    if sorted(order) != sorted(Component) or len(order) != 3:
        return ["Urutan alokasi pembayaran harus memuat denda, jasa dan pokok masing-masing sekali."]
    return []


@dataclass(frozen=True, slots=True)
class LoanProduct:
    id: LoanProductId | None
    code: str
    name: str
    method: Method = Method.FLAT
    rate: Decimal = Decimal("1.5")             # jasa % per month
    frequency: Frequency = Frequency.MONTHLY
    tenor_min: int = 1                         # in instalments (months, or weeks for weekly products)
    tenor_max: int = 36
    provisi_pct: Decimal = Decimal(0)
    admin_fee: int = 0                         # fixed rupiah
    admin_pct: Decimal = Decimal(0)            # and/or a percentage of the principal
    savings_pct: Decimal = Decimal(0)          # compulsory loan savings withheld at disbursement
    denda: DendaRule = DendaRule()
    allocation: tuple[Component, ...] = DEFAULT_ORDER
    allocation_mode: AllocationMode = AllocationMode.KOMPONEN
    collateral_above: int | None = None        # collateral required when the principal is above this
    max_amount: int | None = None
    max_savings_multiple: Decimal | None = None  # total debt <= multiple x (pokok + wajib + sukarela)
    round_to: int | None = None                # instalments rounded up to a multiple (100, 1000)
    receivable_account_id: int = 0             # 1-1300 Pinjaman anggota
    jasa_account_id: int = 0                   # 4-1100
    provisi_account_id: int = 0                # 4-1200
    admin_account_id: int = 0                  # 4-1300
    denda_account_id: int = 0                  # 4-1400
    recovery_account_id: int = 0               # 4-3100: recoveries of written-off loans
    savings_product_id: int | None = None      # the khusus savings product of the withheld loan savings
    active: bool = True


def product_problems(p: LoanProduct) -> tuple[list[str], list[str]]:
    """(errors, warnings) of a loan product form, every problem at once."""
    errors: list[str] = []
    if not p.name.strip():
        errors.append("Nama produk pinjaman wajib diisi.")
    if p.frequency not in PRODUCT_FREQUENCIES:
        errors.append("Frekuensi angsuran harus bulanan atau mingguan.")
    if not (0 <= p.rate <= 100):
        errors.append("Jasa per bulan harus 0 sampai 100%.")
    if not isinstance(p.tenor_min, int) or not isinstance(p.tenor_max, int) or not 1 <= p.tenor_min <= p.tenor_max \
            or p.tenor_max > 600:
        errors.append("Jangka waktu minimum dan maksimum harus 1 sampai 600 angsuran, minimum tidak melebihi "
                      "maksimum.")
    for label, value in (("Provisi", p.provisi_pct), ("Biaya administrasi", p.admin_pct),
                         ("Simpanan wajib pinjaman", p.savings_pct)):
        if not (0 <= value < 50):
            errors.append(f"{label} harus 0 sampai kurang dari 50% dari pokok.")
    if not isinstance(p.admin_fee, int) or p.admin_fee < 0:
        errors.append("Biaya administrasi tetap tidak boleh negatif.")
    errors += p.denda.problems()
    errors += order_problems(p.allocation)
    for label, value in (("Batas agunan", p.collateral_above), ("Plafon pinjaman", p.max_amount),
                         ("Pembulatan angsuran", p.round_to)):
        if value is not None and (not isinstance(value, int) or value <= 0):
            errors.append(f"{label} harus bilangan bulat lebih dari nol (atau dikosongkan).")
    if p.max_savings_multiple is not None and p.max_savings_multiple <= 0:
        errors.append("Kelipatan simpanan harus lebih dari nol (atau dikosongkan).")
    if p.max_amount is not None and p.collateral_above is not None and p.collateral_above > p.max_amount:
        errors.append("Batas wajib agunan tidak boleh melebihi plafon pinjaman.")
    return errors, p.denda.warnings()


@dataclass(frozen=True, slots=True)
class Fees:
    provisi: int = 0
    admin: int = 0
    savings: int = 0          # withheld into the compulsory loan savings

    @property
    def total(self) -> int:
        return self.provisi + self.admin + self.savings

    def net(self, principal: int) -> int:
        return principal - self.total


def disbursement_fees(principal: int, *, provisi_pct: Decimal | int | str = 0, admin_fee: int = 0,
                      admin_pct: Decimal | int | str = 0, savings_pct: Decimal | int | str = 0) -> Fees:
    """Spec §7.2: each deduction rounded half up to the rupiah. 12,000,000 with provisi 1 % and admin 50,000
    -> 120,000 + 50,000 deducted, 11,830,000 paid out."""
    return Fees(round_rupiah(percent_of(principal, provisi_pct)),
                admin_fee + round_rupiah(percent_of(principal, admin_pct)),
                round_rupiah(percent_of(principal, savings_pct)))


class LoanStatus(StrEnum):
    DIAJUKAN = "diajukan"                    # applied for
    DISETUJUI = "disetujui"                  # approved, not yet paid out
    DITOLAK = "ditolak"
    DIBATALKAN = "dibatalkan"                # withdrawn before disbursement
    AKTIF = "aktif"                          # disbursed, being repaid
    LUNAS = "lunas"
    DIRESTRUKTURISASI = "direstrukturisasi"  # replaced by a restructured loan (history kept)
    DIHAPUS = "dihapus"                      # written off (hapus buku) against the PPAP

    @property
    def label(self) -> str:
        return {"diajukan": "Diajukan", "disetujui": "Disetujui", "ditolak": "Ditolak", "dibatalkan": "Dibatalkan",
                "aktif": "Aktif", "lunas": "Lunas", "direstrukturisasi": "Direstrukturisasi",
                "dihapus": "Dihapus buku"}[self.value]

    @property
    def open(self) -> bool:
        """Still to be decided or paid out."""
        return self in (LoanStatus.DIAJUKAN, LoanStatus.DISETUJUI)


def loan_number(year: int, seq: int) -> str:
    return f"PJ-{year}-{seq:06d}"


@dataclass(frozen=True, slots=True)
class Loan:
    """A loan with the terms frozen at application (a later product change never alters a signed agreement)."""

    id: LoanId | None
    number: str
    member_id: int
    product_id: int
    amount: int
    tenor: int
    method: Method
    rate: Decimal                        # % per month
    frequency: Frequency
    round_to: int | None
    fees: Fees
    denda: DendaRule
    allocation: tuple[Component, ...]
    allocation_mode: AllocationMode
    status: LoanStatus
    applied_on: dt.date
    purpose: str = ""
    guarantor: str = ""
    collateral: str = ""
    collateral_value: int | None = None
    salvageable: bool | None = None
    in_court: bool = False
    related_party: bool = False
    applied_by: int | None = None
    decided_on: dt.date | None = None
    decided_by: int | None = None
    decision_note: str = ""
    disbursed_on: dt.date | None = None
    closed_on: dt.date | None = None
    restructures_id: int | None = None   # the loan this one restructures

    @property
    def net_disbursement(self) -> int:
        return self.fees.net(self.amount)

    @property
    def is_restructuring(self) -> bool:
        return self.restructures_id is not None

    def schedule(self) -> Schedule:
        return build_schedule(self.amount, self.tenor, period_rate(self.rate, self.frequency), self.method,
                              self.round_to)


class LoanTxKind(StrEnum):
    PENCAIRAN = "pencairan"                  # disbursement (or the new loan of a restructuring)
    ANGSURAN = "angsuran"                    # a repayment of any amount
    PELUNASAN = "pelunasan"                  # early payoff
    RESTRUKTURISASI = "restrukturisasi"      # the old loan's principal carried into its restructured loan
    HAPUS_BUKU = "hapus_buku"                # write-off against the PPAP
    PEMULIHAN = "pemulihan"                  # recovery of a written-off loan
    POTONG_SIMPANAN = "potong_simpanan"      # offset against the savings when the member leaves
    PEMBALIK = "pembalik"                    # linked reversal

    @property
    def label(self) -> str:
        return {"pencairan": "Pencairan", "angsuran": "Angsuran", "pelunasan": "Pelunasan dipercepat",
                "restrukturisasi": "Restrukturisasi", "hapus_buku": "Hapus buku", "pemulihan": "Pemulihan",
                "potong_simpanan": "Potong simpanan (keluar)", "pembalik": "Pembatalan"}[self.value]


@dataclass(frozen=True, slots=True)
class LoanTx:
    id: int
    loan_id: int
    date: dt.date
    kind: LoanTxKind
    amount: int             # the money of the event (paid out, received, written off)
    principal: int          # signed change of the outstanding principal
    interest: int           # jasa received
    penalty: int            # denda received
    description: str
    journal_id: int
    journal_number: str
    reverses_id: int | None = None
    reversed_by_id: int | None = None


@dataclass(frozen=True, slots=True)
class LoanQuote:
    """The application preview: schedule, due dates (when a disbursement date is given), fees and the net paid out,
    and for flat loans the effective monthly rate beside the flat rate (spec §7.1-7.2)."""

    schedule: Schedule
    rate: Decimal                       # % per month as quoted
    frequency: Frequency
    due: tuple[dt.date, ...]            # empty without a disbursement date
    fees: Fees
    effective_rate: Decimal | None      # % per month on the declining balance with the same instalments (flat only)
    effective_cost: Decimal | None      # the same, on the net amount paid out (fees included)

    @property
    def net(self) -> int:
        return self.fees.net(self.schedule.principal)


def quote(principal: int, tenor: int, rate: Decimal | int | str, method: Method | str, frequency: Frequency | str,
          *, round_to: int | None = None, fees: Fees = Fees(), start: dt.date | None = None) -> LoanQuote:
    frequency = Frequency(frequency)
    schedule = build_schedule(principal, tenor, period_rate(rate, frequency), method, round_to)
    effective = cost = None
    if schedule.method == Method.FLAT:
        payments = [i.total for i in schedule.instalments]
        scale = periods_per_month(frequency)
        effective = (effective_monthly_rate(principal, payments) * scale).quantize(Decimal("0.0001"))
        net = fees.net(principal)
        if fees.total and net > 0:
            cost = (effective_monthly_rate(net, payments) * scale).quantize(Decimal("0.0001"))
    return LoanQuote(schedule, dec(rate), frequency, due_dates(start, tenor, frequency) if start else (), fees,
                     effective, cost)


# ------------------------------------------------------------------------------------------------ replay


@dataclass(frozen=True, slots=True)
class DueInstalment:
    """One row of the schedule frozen at disbursement."""

    no: int
    due: dt.date
    principal: int
    interest: int

    @property
    def total(self) -> int:
        return self.principal + self.interest


def frozen_schedule(schedule: Schedule, due: Sequence[dt.date]) -> tuple[DueInstalment, ...]:
    return tuple(DueInstalment(i.no, d, i.principal, i.interest)
                 for i, d in zip(schedule.instalments, due, strict=True))


@dataclass(frozen=True, slots=True)
class Allocation:
    """What one payment paid on one instalment."""

    no: int
    principal: int = 0
    interest: int = 0
    penalty: int = 0

    @property
    def total(self) -> int:
        return self.principal + self.interest + self.penalty

    def negated(self) -> Allocation:
        return Allocation(self.no, -self.principal, -self.interest, -self.penalty)


@dataclass(frozen=True, slots=True)
class LoanEvent:
    """A money event as the replay sees it: its stored allocations (a reversal carries them negated), or
    ``settle`` for a settlement whose allocation is derived (denda, jasa due and all principal, e.g. the offset
    when a member leaves). ``closes``: whatever is still unpaid afterwards is no longer charged (the later jasa
    after an early payoff, the arrears of a restructured or written-off loan) and denda stops; ``reopens`` (the
    reversal of such an event) charges it again."""

    date: dt.date
    allocations: tuple[Allocation, ...] = ()
    settle: bool = False
    closes: bool = False
    reopens: bool = False


@dataclass(frozen=True, slots=True)
class InstalmentPosition:
    no: int
    due: dt.date
    principal: int
    interest: int
    principal_paid: int = 0
    interest_paid: int = 0
    penalty: int = 0             # denda accrued to the position date (rounded to the rupiah)
    penalty_paid: int = 0
    principal_waived: int = 0    # no longer charged once the loan was closed (payoff, restructuring, write-off)
    interest_waived: int = 0
    penalty_waived: int = 0

    @property
    def principal_unpaid(self) -> int:
        return self.principal - self.principal_paid - self.principal_waived

    @property
    def interest_unpaid(self) -> int:
        return self.interest - self.interest_paid - self.interest_waived

    @property
    def penalty_unpaid(self) -> int:
        return self.penalty - self.penalty_paid - self.penalty_waived

    @property
    def waived(self) -> int:
        return self.principal_waived + self.interest_waived + self.penalty_waived

    @property
    def unpaid(self) -> int:
        """Pokok + jasa still owed on this instalment (denda apart)."""
        return self.principal_unpaid + self.interest_unpaid

    @property
    def settled(self) -> bool:
        return self.unpaid <= 0


@dataclass(frozen=True, slots=True)
class LoanPosition:
    """A loan as of a date, from the exact replay of its schedule and allocations."""

    as_of: dt.date
    instalments: tuple[InstalmentPosition, ...]
    worse_since: dt.date | None = None   # since when days overdue have exceeded the tracked threshold

    @property
    def principal_outstanding(self) -> int:
        return sum(i.principal_unpaid for i in self.instalments)

    def _overdue(self) -> list[InstalmentPosition]:
        return [i for i in self.instalments if i.due < self.as_of and i.unpaid > 0]

    @property
    def oldest_unpaid(self) -> InstalmentPosition | None:
        overdue = self._overdue()
        return overdue[0] if overdue else None

    @property
    def days_overdue(self) -> int:
        """Age of the oldest instalment with pokok or jasa unpaid past its due date (0 when none)."""
        oldest = self.oldest_unpaid
        return (self.as_of - oldest.due).days if oldest else 0

    @property
    def principal_arrears(self) -> int:
        return sum(i.principal_unpaid for i in self._overdue())

    @property
    def interest_arrears(self) -> int:
        return sum(i.interest_unpaid for i in self._overdue())

    @property
    def instalments_in_arrears(self) -> int:
        return len(self._overdue())

    @property
    def jasa_due(self) -> int:
        """Jasa of the instalments due on or before the date, still unpaid (what a payoff charges)."""
        return sum(i.interest_unpaid for i in self.instalments if i.due <= self.as_of)

    @property
    def penalty_due(self) -> int:
        return sum(i.penalty_unpaid for i in self.instalments)

    @property
    def payoff_amount(self) -> int:
        """Pelunasan dipercepat: remaining principal + jasa due to the date + denda; later jasa is not charged."""
        return self.principal_outstanding + self.jasa_due + self.penalty_due

    @property
    def max_payable(self) -> int:
        """The most one repayment may be: denda, and every instalment's pokok and jasa, due or not."""
        return self.penalty_due + sum(i.unpaid for i in self.instalments)

    @property
    def cleared(self) -> bool:
        return all(i.settled for i in self.instalments) and self.penalty_due <= 0

    def standing(self, frequency: Frequency, *, collateral_value: int | None = None, salvageable: bool | None = None,
                 in_court: bool = False) -> LoanStanding:
        overdue = self._overdue()
        days = (self.as_of - overdue[0].due).days if overdue else 0
        debt = self.principal_outstanding + sum(i.interest_unpaid for i in overdue)
        return LoanStanding(frequency, days, debt, collateral_value, salvageable, self.worse_since, in_court)


class _Book:
    """The mutable replay state of one loan (internal)."""

    def __init__(self, schedule: Sequence[DueInstalment], denda: DendaRule):
        self.schedule = list(schedule)
        self.denda = denda
        n = len(self.schedule)
        self.index = {s.no: k for k, s in enumerate(self.schedule)}
        self.pp, self.ip, self.dp = [0] * n, [0] * n, [0] * n
        self.accrued = [Decimal(0)] * n
        self.fixed_charged = [False] * n
        self.grace = dt.timedelta(days=denda.grace_days)
        self.rate = denda.rate / HUNDRED
        self.waived: list[tuple[int, int, int]] | None = None     # set while the loan is closed

    def unpaid(self, k: int) -> int:
        if self.waived is not None:
            return 0
        s = self.schedule[k]
        return s.principal - self.pp[k] + s.interest - self.ip[k]

    def close(self) -> None:
        self.waived = [(s.principal - self.pp[k], s.interest - self.ip[k],
                        round_rupiah(self.accrued[k]) - self.dp[k]) for k, s in enumerate(self.schedule)]

    def reopen(self) -> None:
        self.waived = None

    def oldest_due(self) -> dt.date | None:
        for k, s in enumerate(self.schedule):
            if self.unpaid(k) > 0:
                return s.due
        return None

    def accrue(self, a: dt.date | None, b: dt.date) -> None:
        """Denda over the days (a, b] on what is unpaid during them; None = from the beginning."""
        if self.denda.kind == DendaKind.NONE or self.waived is not None:
            return
        for k, s in enumerate(self.schedule):
            start = s.due + self.grace            # denda runs from the day after this
            if b <= start:
                break                             # later instalments are not late either
            u = self.unpaid(k)
            if u <= 0:
                continue
            if self.denda.kind == DendaKind.PERCENT_PER_DAY:
                lo = start if a is None or a < start else a
                self.accrued[k] += Decimal(u) * self.rate * (b - lo).days
            elif not self.fixed_charged[k]:
                self.fixed_charged[k] = True
                self.accrued[k] += self.denda.fixed

    def apply(self, allocations: Sequence[Allocation]) -> None:
        for a in allocations:
            k = self.index[a.no]
            self.pp[k] += a.principal
            self.ip[k] += a.interest
            self.dp[k] += a.penalty

    def position(self, as_of: dt.date, worse_since: dt.date | None = None) -> LoanPosition:
        waived = self.waived or [(0, 0, 0)] * len(self.schedule)
        return LoanPosition(as_of, tuple(
            InstalmentPosition(s.no, s.due, s.principal, s.interest, self.pp[k], self.ip[k],
                               round_rupiah(self.accrued[k]) if self.accrued[k] else 0, self.dp[k], *waived[k])
            for k, s in enumerate(self.schedule)), worse_since)


def replay(schedule: Sequence[DueInstalment], events: Sequence[LoanEvent], as_of: dt.date,
           denda: DendaRule = DendaRule(), *, threshold_days: int | None = None) -> LoanPosition:
    """The loan as of ``as_of``: events dated on or before it are applied in order, denda accrued day by day on
    the unpaid pokok + jasa of each late instalment. With ``threshold_days`` the position also tells since when
    the days overdue have stayed above that many days (the start of the Diragukan-or-worse spell for §2.1's
    21-month rule)."""
    book = _Book(schedule, denda)
    prev: dt.date | None = None
    since: dt.date | None = None
    for ev in events:
        if ev.date > as_of:
            break
        if threshold_days is not None:
            since = _spell(since, book.oldest_due(), ev.date, threshold_days)
        book.accrue(prev, ev.date)
        if ev.reopens:
            book.reopen()
        book.apply(settlement(book.position(ev.date)) if ev.settle else ev.allocations)
        if ev.closes:
            book.close()
        prev = ev.date
        if threshold_days is not None:
            u = book.oldest_due()
            if u is None or (ev.date - u).days <= threshold_days:
                since = None
            elif since is None:
                since = ev.date         # a reversal brought back an older arrear
    if threshold_days is not None:
        since = _spell(since, book.oldest_due(), as_of, threshold_days)
    book.accrue(prev, as_of)
    return book.position(as_of, since)


def worse_since(schedule: Sequence[DueInstalment], events: Sequence[LoanEvent], as_of: dt.date,
                threshold_days: int) -> dt.date | None:
    """Since when the days overdue have stayed above ``threshold_days`` as of the date (None when they are not):
    ``replay(...).worse_since`` without building positions or accruing denda, for classifying many loans."""
    if any(ev.settle for ev in events if ev.date <= as_of):
        return replay(schedule, events, as_of, threshold_days=threshold_days).worse_since
    due = [s.due for s in schedule]
    unpaid = [s.principal + s.interest for s in schedule]
    index = {s.no: k for k, s in enumerate(schedule)}
    closed = False

    def oldest() -> dt.date | None:
        if closed:
            return None
        for k, u in enumerate(unpaid):
            if u > 0:
                return due[k]
        return None

    since: dt.date | None = None
    for ev in events:
        if ev.date > as_of:
            break
        since = _spell(since, oldest(), ev.date, threshold_days)
        if ev.reopens:
            closed = False
        for a in ev.allocations:
            unpaid[index[a.no]] -= a.principal + a.interest
        if ev.closes:
            closed = True
        u = oldest()
        if u is None or (ev.date - u).days <= threshold_days:
            since = None
        elif since is None:
            since = ev.date
    return _spell(since, oldest(), as_of, threshold_days)


def _spell(since: dt.date | None, oldest_due: dt.date | None, until: dt.date, threshold: int) -> dt.date | None:
    if oldest_due is None:
        return None
    if since is not None:
        return since
    crossing = oldest_due + dt.timedelta(days=threshold + 1)
    return crossing if crossing <= until else None


def position_from_totals(schedule: Sequence[DueInstalment], paid: dict[int, tuple[int, int]],
                         as_of: dt.date) -> LoanPosition:
    """A position without denda from the summed allocations per instalment ({no: (pokok, jasa)}): the fast
    path for classifying a whole portfolio."""
    return LoanPosition(as_of, tuple(InstalmentPosition(s.no, s.due, s.principal, s.interest,
                                                        *paid.get(s.no, (0, 0))) for s in schedule))


def allocate(position: LoanPosition, amount: int, order: Sequence[Component] = DEFAULT_ORDER,
             mode: AllocationMode = AllocationMode.KOMPONEN) -> tuple[Allocation, ...]:
    """Split a repayment made on ``position.as_of`` over the instalments (spec §7.3). What is due (instalments
    due on or before the date, oldest first) is paid in ``order``; anything beyond pays the next instalments in
    order (jasa and pokok). Raises ValueError when the amount is not positive or exceeds what the loan can take."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValueError("Jumlah pembayaran harus lebih dari nol.")
    if amount > position.max_payable:
        raise ValueError(f"Pembayaran {rp(amount)} melebihi seluruh sisa kewajiban {rp(position.max_payable)}.")
    slot = {Component.POKOK: 0, Component.JASA: 1, Component.DENDA: 2}
    owed = {i.no: [max(i.principal_unpaid, 0), max(i.interest_unpaid, 0), max(i.penalty_unpaid, 0)]
            for i in position.instalments}
    taken: dict[int, list[int]] = {i.no: [0, 0, 0] for i in position.instalments}
    due = [i.no for i in position.instalments if i.due <= position.as_of]
    later = [i.no for i in position.instalments if i.due > position.as_of]
    if mode == AllocationMode.KOMPONEN:
        steps = [(no, slot[c]) for c in order for no in due]
    else:
        steps = [(no, slot[c]) for no in due for c in order]
    steps += [(no, slot[c]) for no in later for c in order]    # paying ahead: the next instalments in order
    left = amount
    for no, k in steps:
        part = min(left, owed[no][k] - taken[no][k])
        if part > 0:
            taken[no][k] += part
            left -= part
            if not left:
                break
    if left:  # pragma: no cover - guarded by max_payable
        raise ValueError("Pembayaran tidak bisa dialokasikan seluruhnya.")
    return tuple(Allocation(no, p, j, d) for no, (p, j, d) in taken.items() if p or j or d)


def settlement(position: LoanPosition) -> tuple[Allocation, ...]:
    """The allocation of a full settlement (pelunasan dipercepat, offset against savings): all denda, the jasa of
    instalments due by the date, and all remaining principal. Later jasa is not charged."""
    out = []
    for i in position.instalments:
        a = Allocation(i.no, max(i.principal_unpaid, 0), max(i.interest_unpaid, 0) if i.due <= position.as_of else 0,
                       max(i.penalty_unpaid, 0))
        if a.total:
            out.append(a)
    return tuple(out)


def apply_allocations(position: LoanPosition, allocations: Sequence[Allocation]) -> LoanPosition:
    """The position right after a payment with these allocations (same date)."""
    by_no: dict[int, list[int]] = {}
    for a in allocations:
        t = by_no.setdefault(a.no, [0, 0, 0])
        t[0] += a.principal
        t[1] += a.interest
        t[2] += a.penalty
    return LoanPosition(position.as_of, tuple(
        replace(i, principal_paid=i.principal_paid + by_no[i.no][0], interest_paid=i.interest_paid + by_no[i.no][1],
                penalty_paid=i.penalty_paid + by_no[i.no][2]) if i.no in by_no else i
        for i in position.instalments), position.worse_since)


def sum_allocations(allocations: Sequence[Allocation]) -> Allocation:
    return Allocation(0, sum(a.principal for a in allocations), sum(a.interest for a in allocations),
                      sum(a.penalty for a in allocations))


# ------------------------------------------------------------------------------------------------ settings


@dataclass(frozen=True, slots=True)
class LoanSettings:
    """Per-workspace loan policy (stored as a setting; defaults per spec §2.1, §2.2 and §7.4)."""

    maker_checker: bool = True                 # whoever entered an application may not approve it
    bmpp_enforced: bool = True                 # single-borrower limit (spec §7.4)
    bmpp_unrelated_pct: Decimal = Decimal(15)  # of modal sendiri
    bmpp_related_pct: Decimal = Decimal(10)    # pengurus, pengawas, karyawan and their families
    ppap_account: str = "1-1390"
    ppap_expense_account: str = "6-1400"
    rules: CollectibilityRules = CollectibilityRules()


def settings_problems(s: LoanSettings) -> list[str]:
    out = []
    for label, v in (("Batas pinjaman pihak tidak terkait", s.bmpp_unrelated_pct),
                     ("Batas pinjaman pihak terkait", s.bmpp_related_pct)):
        if not 0 < v <= 100:
            out.append(f"{label} harus lebih dari 0% dan paling tinggi 100% dari modal sendiri.")
    r = s.rules
    for label, (a, b, c) in (("angsuran kurang dari sebulan", r.thresholds(Frequency.WEEKLY)),
                             ("angsuran bulanan", r.thresholds(Frequency.MONTHLY)),
                             ("angsuran 4 bulan atau lebih", (r.long_lancar_days, r.long_kl_days,
                                                               r.long_fallback_diragukan_days))):
        if not 0 < a < b < c:
            out.append(f"Batas hari kolektibilitas ({label}) harus naik: Lancar < Kurang Lancar < Diragukan.")
    if r.diragukan_to_macet_months < 1:
        out.append("Batas bulan Diragukan menjadi Macet minimal 1.")
    if len(r.ppap_rates) != 4 or any(not 0 <= x <= 100 for x in r.ppap_rates):
        out.append("Persentase PPAP per kolektibilitas harus 0 sampai 100%.")
    return out


class SavingsReturn(StrEnum):
    """Where the withheld loan savings go when the loan is paid off."""

    SUKARELA = "sukarela"        # credited to the member's simpanan sukarela
    KAS = "kas"                  # paid out in cash

    @property
    def label(self) -> str:
        return {"sukarela": "Dipindahkan ke simpanan sukarela", "kas": "Dibayarkan tunai"}[self.value]
