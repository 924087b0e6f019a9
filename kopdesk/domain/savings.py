"""Savings (simpanan) rules, spec §6.3-6.4: products, withdrawals, wajib arrears, jasa on sukarela."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import NewType

from kopdesk.domain.money import HUNDRED, dec, round_rupiah, rp

ProductId = NewType("ProductId", int)


class SavingsKind(StrEnum):
    POKOK = "pokok"
    WAJIB = "wajib"
    SUKARELA = "sukarela"
    BERJANGKA = "berjangka"
    KHUSUS = "khusus"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def locked_while_member(self) -> bool:
        """Pokok and wajib cannot be withdrawn while membership lasts (UU 25/1992 Penjelasan Pasal 41)."""
        return self in (SavingsKind.POKOK, SavingsKind.WAJIB)


KIND_LABELS = {
    SavingsKind.POKOK: "Simpanan pokok",
    SavingsKind.WAJIB: "Simpanan wajib",
    SavingsKind.SUKARELA: "Simpanan sukarela",
    SavingsKind.BERJANGKA: "Simpanan berjangka",
    SavingsKind.KHUSUS: "Simpanan khusus",
}


class TxKind(StrEnum):
    SETORAN = "setoran"
    PENARIKAN = "penarikan"
    JASA = "jasa"
    SALDO_AWAL = "saldo_awal"
    PEMBALIK = "pembalik"
    PENUTUPAN = "penutupan"      # settled on exit

    @property
    def label(self) -> str:
        return {"setoran": "Setoran", "penarikan": "Penarikan", "jasa": "Jasa simpanan", "saldo_awal": "Saldo awal",
                "pembalik": "Pembatalan", "penutupan": "Pengembalian (keluar)"}[self.value]


class InterestBasis(StrEnum):
    TERENDAH = "terendah"        # lowest balance in the month
    RATA_RATA = "rata_rata"      # average daily balance in the month


@dataclass(frozen=True, slots=True)
class SavingsProduct:
    id: ProductId | None
    code: str
    name: str
    kind: SavingsKind
    account_id: int
    interest_rate: Decimal = Decimal(0)      # % per year; 0 = no jasa
    interest_basis: InterestBasis = InterestBasis.TERENDAH
    min_balance: int = 0
    active: bool = True


@dataclass(frozen=True, slots=True)
class SavingsTx:
    id: int
    member_id: int
    product_id: int
    date: dt.date
    kind: TxKind
    deposit: int
    withdrawal: int
    description: str
    journal_id: int | None
    receipt_number: str
    reverses_id: int | None = None
    reversed_by_id: int | None = None
    period: str = ""               # wajib: the month paid, "2026-11"

    @property
    def delta(self) -> int:
        return self.deposit - self.withdrawal


def withdrawal_problems(product: SavingsProduct, balance: int, amount: int, *, still_member: bool) -> list[str]:
    problems = []
    if amount <= 0:
        problems.append("Jumlah penarikan harus lebih dari nol.")
    if product.kind.locked_while_member and still_member:
        problems.append(f"{product.name} tidak bisa ditarik selama masih menjadi anggota.")
    elif amount > balance - product.min_balance:
        available = max(0, balance - product.min_balance)
        extra = f" (saldo minimum {rp(product.min_balance)})" if product.min_balance else ""
        problems.append(f"Saldo {product.name} tidak cukup: yang bisa ditarik {rp(available)}{extra}, "
                        f"diminta {rp(amount)}.")
    return problems


def month_key(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def months_between(first: dt.date, last: dt.date) -> list[str]:
    """Month keys from first's month to last's month, inclusive."""
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass(frozen=True, slots=True)
class WajibStatus:
    months_due: int          # months from the join month to the billing month, inclusive
    expected: int
    paid: int
    arrears: int             # never negative; paying ahead shows as ``ahead``
    ahead: int
    months_in_arrears: int
    first_unpaid: int | None = None   # the oldest unpaid month as year * 12 + month - 1

    @property
    def unpaid_months(self) -> tuple[str, ...]:
        """The unpaid months, oldest first, as "2026-10" (computed on demand: a register of 100,000 members
        is billed without formatting millions of months)."""
        if self.first_unpaid is None:
            return ()
        i = self.first_unpaid
        return tuple(f"{(i + k) // 12:04d}-{(i + k) % 12 + 1:02d}" for k in range(self.months_in_arrears))


def wajib_status(join_date: dt.date, through: dt.date, monthly: int, paid: int) -> WajibStatus:
    """Wajib arrears: every month from the join month is due; payments cover the oldest month first."""
    if monthly <= 0 or through < join_date:
        return WajibStatus(0, 0, paid, 0, paid, 0)
    due = (through.year - join_date.year) * 12 + through.month - join_date.month + 1
    expected = monthly * due
    covered = min(due, max(0, paid) // monthly)
    behind = due - covered
    first = join_date.year * 12 + join_date.month - 1 + covered if behind else None
    return WajibStatus(due, expected, paid, max(0, expected - paid), max(0, paid - expected), behind, first)


def monthly_jasa(opening: int, movements: Sequence[tuple[dt.date, int]], year: int, month: int,
                 rate_per_year: Decimal | int | str, basis: InterestBasis) -> int:
    """Jasa on sukarela for one month: rate % per year / 12 on the lowest or the average end-of-day balance,
    rounded half up to the rupiah. ``movements`` are (date, signed amount) within the month."""
    rate = dec(rate_per_year)
    if rate <= 0:
        return 0
    days = calendar.monthrange(year, month)[1]
    by_day: dict[int, int] = {}
    for d, amount in movements:
        if (d.year, d.month) != (year, month):
            raise ValueError("movement outside the month")
        by_day[d.day] = by_day.get(d.day, 0) + amount
    balance, total = opening, 0
    lowest: int | None = None
    for day in range(1, days + 1):  # end-of-day balances
        balance += by_day.get(day, 0)
        lowest = balance if lowest is None else min(lowest, balance)
        total += balance
    base = Decimal(max(lowest, 0)) if basis == InterestBasis.TERENDAH else Decimal(max(total, 0)) / days
    return round_rupiah(base * rate / HUNDRED / 12)
