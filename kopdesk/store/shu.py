"""SHU distribution: the per-year allocation, approved distributions with each member's share, payouts, and the
bulk queries for the members' bases (savings at year end or month ends, loan business in the year)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import sqlite_utils

from kopdesk.domain.statements import month_end, months_between

# ------------------------------------------------------------------------------------------------ allocation


def allocation(db: sqlite_utils.Database, year: int) -> dict[str, Decimal] | None:
    r = db.execute("SELECT allocation FROM shu_allocations WHERE year = ?", [year]).fetchone()
    return {k: Decimal(v) for k, v in json.loads(r[0]).items()} if r else None


def save_allocation(db: sqlite_utils.Database, year: int, values: dict[str, Decimal], now: str,
                    user_id: int | None) -> None:
    text = json.dumps({k: str(v) for k, v in values.items()}, sort_keys=False)   # Decimal as text, never float
    db.execute("INSERT INTO shu_allocations (year, allocation, updated_at, updated_by) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (year) DO UPDATE SET allocation = excluded.allocation, updated_at = excluded.updated_at, "
               "updated_by = excluded.updated_by", [year, text, now, user_id])


# ------------------------------------------------------------------------------------------------ members and bases


@dataclass(frozen=True, slots=True)
class MemberRow:
    id: int
    number: str
    name: str
    join_date: dt.date | None
    status: str
    exit_date: dt.date | None


def members_for_year(db: sqlite_utils.Database, start: dt.date, end: dt.date) -> list[MemberRow]:
    """Everyone who was a member (not a prospective member) at some time in the year, by member number."""
    return [MemberRow(i, n, name, dt.date.fromisoformat(j) if j else None, s, dt.date.fromisoformat(e) if e else None)
            for i, n, name, j, s, e in db.execute(
                "SELECT id, number, full_name, join_date, status, exit_date FROM members WHERE status <> 'calon' "
                "AND join_date <= ? AND (exit_date IS NULL OR exit_date >= ?) ORDER BY length(number), number, id",
                [end.isoformat(), start.isoformat()])]


def savings_at(db: sqlite_utils.Database, product_ids: Sequence[int], as_of: dt.date) -> dict[int, int]:
    """member_id -> balance of the products (summed) as of the date."""
    if not product_ids:
        return {}
    marks = ",".join("?" * len(product_ids))
    return {m: b for m, b in db.execute(
        f"SELECT member_id, sum(deposit - withdrawal) FROM savings_tx WHERE product_id IN ({marks}) AND date <= ? "
        "GROUP BY member_id", [*product_ids, as_of.isoformat()])}


def savings_month_ends(db: sqlite_utils.Database, product_ids: Sequence[int], start: dt.date,
                       end: dt.date) -> dict[int, list[int]]:
    """member_id -> the balance of the products at each month end of the period (one pass)."""
    if not product_ids:
        return {}
    ends = [month_end(y, m).isoformat() for y, m in months_between(start, end)]
    cols = ", ".join("sum(CASE WHEN date <= ? THEN deposit - withdrawal ELSE 0 END)" for _ in ends)
    marks = ",".join("?" * len(product_ids))
    return {r[0]: list(r[1:]) for r in db.execute(
        f"SELECT member_id, {cols} FROM savings_tx WHERE product_id IN ({marks}) AND date <= ? GROUP BY member_id",
        [*ends, *product_ids, end.isoformat()])}


def loan_business(db: sqlite_utils.Database, start: dt.date, end: dt.date) -> dict[int, tuple[int, int, int, int]]:
    """member_id -> (jasa paid, denda paid, provisi + administrasi of loans paid out, principal borrowed) in the
    period. Reversals count negative; restructurings are not new borrowing."""
    out: dict[int, list[int]] = {}
    params = [start.isoformat(), end.isoformat()]
    for m, jasa, denda in db.execute(
            "SELECT l.member_id, sum(t.interest), sum(t.penalty) FROM loan_tx t JOIN loans l ON l.id = t.loan_id "
            "WHERE t.date BETWEEN ? AND ? GROUP BY l.member_id", params):
        out.setdefault(m, [0, 0, 0, 0])[0:2] = [jasa, denda]
    for m, fees, principal in db.execute(
            "SELECT l.member_id, sum(CASE WHEN t.kind = 'pencairan' THEN 1 ELSE -1 END * (l.provisi + l.admin_fee)), "
            "  sum(t.principal) FROM loan_tx t JOIN loans l ON l.id = t.loan_id "
            "WHERE t.date BETWEEN ? AND ? AND l.restructures_id IS NULL AND (t.kind = 'pencairan' OR (t.kind = "
            "  'pembalik' AND (SELECT o.kind FROM loan_tx o WHERE o.id = t.reverses_id) = 'pencairan')) "
            "GROUP BY l.member_id", params):
        out.setdefault(m, [0, 0, 0, 0])[2:4] = [fees, principal]
    return {m: (v[0], v[1], v[2], v[3]) for m, v in out.items()}


# ------------------------------------------------------------------------------------------------ distributions


@dataclass(frozen=True, slots=True)
class DistributionRow:
    id: int
    year: int
    closing_id: int
    shu: int
    shu_non_member: int
    allocation: dict[str, Decimal]
    settings: dict
    pools: dict[str, int]
    rate_jasa_modal: Decimal
    rate_jasa_usaha: Decimal
    total_savings: int
    total_transactions: int
    total_shares: int
    residue: int
    decision_ref: str
    approved_at: str
    approved_by: str
    journal_id: int | None
    journal_number: str | None
    posted_on: dt.date | None


DIST_COLS = ("d.id, d.year, d.closing_id, d.shu, d.shu_non_member, d.allocation, d.settings, d.pools, "
             "d.rate_jasa_modal, d.rate_jasa_usaha, d.total_savings, d.total_transactions, d.total_shares, d.residue, "
             "d.decision_ref, d.approved_at, coalesce(u.full_name, ''), d.journal_id, j.number, d.posted_on")


def _distribution(r: Sequence) -> DistributionRow:
    (i, year, closing_id, shu, nm, alloc, settings, pools, rjm, rju, ts, tt, shares, residue, ref, at, by, jid,
     number, posted_on) = r
    return DistributionRow(i, year, closing_id, shu, nm, {k: Decimal(v) for k, v in json.loads(alloc).items()},
                           json.loads(settings), {k: int(v) for k, v in json.loads(pools).items()}, Decimal(rjm),
                           Decimal(rju), ts, tt, shares, residue, ref, at, by, jid, number,
                           dt.date.fromisoformat(posted_on) if posted_on else None)


def distribution(db: sqlite_utils.Database, year: int) -> DistributionRow | None:
    """The year's distribution in force (approved and not cancelled)."""
    r = db.execute(f"SELECT {DIST_COLS} FROM shu_distributions d LEFT JOIN users u ON u.id = d.approved_by "
                   "LEFT JOIN journals j ON j.id = d.journal_id WHERE d.year = ? AND d.cancelled_at IS NULL",
                   [year]).fetchone()
    return _distribution(r) if r else None


def insert_distribution(db: sqlite_utils.Database, *, year: int, closing_id: int, shu: int, shu_non_member: int,
                        allocation: dict[str, Decimal], settings: dict, pools: dict[str, int], rate_jm: Decimal,
                        rate_ju: Decimal, total_savings: int, total_transactions: int, total_shares: int,
                        residue: int, decision_ref: str, now: str, user_id: int | None) -> int:
    return db.execute(
        "INSERT INTO shu_distributions (year, closing_id, shu, shu_non_member, allocation, settings, pools, "
        "rate_jasa_modal, rate_jasa_usaha, total_savings, total_transactions, total_shares, residue, decision_ref, "
        "approved_at, approved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [year, closing_id, shu, shu_non_member, json.dumps({k: str(v) for k, v in allocation.items()}),
         json.dumps(settings, sort_keys=True), json.dumps(pools), str(rate_jm), str(rate_ju), total_savings,
         total_transactions, total_shares, residue, decision_ref, now, user_id]).lastrowid


def insert_shares(db: sqlite_utils.Database, distribution_id: int, rows: Sequence[tuple]) -> None:
    """rows: (member_id, number, name, months, savings, transactions, jasa_modal, jasa_usaha)."""
    db.conn.executemany(
        "INSERT INTO shu_shares (distribution_id, member_id, member_number, member_name, months, savings, "
        "transactions, jasa_modal, jasa_usaha) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(distribution_id, *r) for r in rows])


def mark_posted(db: sqlite_utils.Database, distribution_id: int, journal_id: int, on: dt.date, now: str,
                user_id: int | None) -> None:
    db.execute("UPDATE shu_distributions SET journal_id = ?, posted_on = ?, posted_at = ?, posted_by = ? "
               "WHERE id = ?", [journal_id, on.isoformat(), now, user_id, distribution_id])


def mark_cancelled(db: sqlite_utils.Database, distribution_id: int, reason: str, now: str,
                   user_id: int | None) -> None:
    db.execute("UPDATE shu_distributions SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ? WHERE id = ?",
               [now, user_id, reason, distribution_id])


@dataclass(frozen=True, slots=True)
class ShareRow:
    member_id: int
    number: str
    name: str
    months: int
    savings: int
    transactions: int
    jasa_modal: int
    jasa_usaha: int
    paid_amount: int | None          # the payment in force (not reversed); None while unpaid
    paid_method: str | None
    paid_on: dt.date | None
    paid_journal: str | None
    reversed_count: int = 0          # payments of this share that were reversed (batal bayar)
    payout_id: int | None = None
    paid_journal_id: int | None = None


# the payment in force of a share: the one without a reversal (a trigger keeps it to one)
_IN_FORCE = "NOT EXISTS (SELECT 1 FROM shu_payout_reversals r WHERE r.payout_id = p.id)"


def _has_reversals(db: sqlite_utils.Database) -> bool:
    """False on a file from before migration 0010 (read-only checks of an older file)."""
    return bool(db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shu_payout_reversals'")
                .fetchone())


def shares(db: sqlite_utils.Database, distribution_id: int, member_id: int | None = None) -> list[ShareRow]:
    where, params = "s.distribution_id = ?", [distribution_id]
    if member_id is not None:
        where += " AND s.member_id = ?"
        params.append(member_id)
    return [ShareRow(m, n, name, months, sv, tr, jm, ju, amount, method, dt.date.fromisoformat(on) if on else None,
                     number, reversed_count, pid, jid)
            for m, n, name, months, sv, tr, jm, ju, amount, method, on, number, reversed_count, pid, jid in db.execute(
                "SELECT s.member_id, s.member_number, s.member_name, s.months, s.savings, s.transactions, "
                "s.jasa_modal, s.jasa_usaha, p.amount, p.method, p.paid_on, j.number, "
                "(SELECT count(*) FROM shu_payouts x JOIN shu_payout_reversals r ON r.payout_id = x.id "
                "  WHERE x.distribution_id = s.distribution_id AND x.member_id = s.member_id), p.id, p.journal_id "
                "FROM shu_shares s "
                "LEFT JOIN shu_payouts p ON p.distribution_id = s.distribution_id AND p.member_id = s.member_id "
                f"  AND {_IN_FORCE} "
                f"LEFT JOIN journals j ON j.id = p.journal_id WHERE {where} "
                "ORDER BY length(s.member_number), s.member_number", params)]


def insert_payouts(db: sqlite_utils.Database, distribution_id: int, rows: Sequence[tuple[int, int]], method: str,
                   journal_id: int, on: dt.date, now: str, user_id: int | None) -> None:
    """rows: (member_id, amount)."""
    db.conn.executemany(
        "INSERT INTO shu_payouts (distribution_id, member_id, amount, method, journal_id, paid_on, created_at, "
        "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(distribution_id, m, a, method, journal_id, on.isoformat(), now, user_id) for m, a in rows])


@dataclass(frozen=True, slots=True)
class PayoutRow:
    """One payment of a member's share, in force or reversed (the payout history)."""

    id: int
    member_id: int
    number: str
    name: str
    amount: int
    method: str
    paid_on: dt.date
    journal_id: int
    journal_number: str
    reversed_on: dt.date | None = None
    reversal_journal_id: int | None = None
    reversal_journal_number: str | None = None
    reason: str = ""

    @property
    def reversed(self) -> bool:
        return self.reversed_on is not None


def payouts(db: sqlite_utils.Database, distribution_id: int, *, journal_id: int | None = None,
            member_id: int | None = None) -> list[PayoutRow]:
    """Every payment of the distribution's shares (reversed ones too), in the order they were made."""
    where, params = ["p.distribution_id = ?"], [distribution_id]
    if journal_id is not None:
        where.append("p.journal_id = ?")
        params.append(journal_id)
    if member_id is not None:
        where.append("p.member_id = ?")
        params.append(member_id)
    return [PayoutRow(i, m, n, name, a, method, dt.date.fromisoformat(on), jid, jn,
                      dt.date.fromisoformat(ron) if ron else None, rjid, rjn, reason or "")
            for i, m, n, name, a, method, on, jid, jn, ron, rjid, rjn, reason in db.execute(
                "SELECT p.id, p.member_id, s.member_number, s.member_name, p.amount, p.method, p.paid_on, "
                "p.journal_id, j.number, r.reversed_on, r.journal_id, rj.number, r.reason FROM shu_payouts p "
                "JOIN shu_shares s ON s.distribution_id = p.distribution_id AND s.member_id = p.member_id "
                "JOIN journals j ON j.id = p.journal_id LEFT JOIN shu_payout_reversals r ON r.payout_id = p.id "
                "LEFT JOIN journals rj ON rj.id = r.journal_id "
                f"WHERE {' AND '.join(where)} ORDER BY p.id", params)]


def insert_reversals(db: sqlite_utils.Database, rows: Sequence[tuple[int, int]], on: dt.date, reason: str,
                     now: str, user_id: int | None) -> None:
    """rows: (payout_id, reversal journal_id)."""
    db.conn.executemany(
        "INSERT INTO shu_payout_reversals (payout_id, journal_id, reversed_on, reason, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?)", [(p, j, on.isoformat(), reason, now, user_id) for p, j in rows])


def lowest_balance_from(db: sqlite_utils.Database, member_id: int, product_id: int, on: dt.date) -> int:
    """The lowest balance of a member's savings product on ``on`` or any later date (what a withdrawal dated
    ``on`` may take without the balance going negative at some later point)."""
    base = db.execute("SELECT coalesce(sum(deposit - withdrawal), 0) FROM savings_tx WHERE member_id = ? AND "
                      "product_id = ? AND date <= ?", [member_id, product_id, on.isoformat()]).fetchone()[0]
    lowest, running = base, base
    for (delta,) in db.execute(
            "SELECT sum(deposit - withdrawal) FROM savings_tx WHERE member_id = ? AND product_id = ? AND date > ? "
            "GROUP BY date ORDER BY date", [member_id, product_id, on.isoformat()]):
        running += delta
        lowest = min(lowest, running)
    return lowest


def unpaid_total(db: sqlite_utils.Database) -> int:
    """Member shares of posted distributions not yet paid out (what SHU payable should hold): reversed payments
    count as unpaid."""
    in_force = f"AND {_IN_FORCE}" if _has_reversals(db) else ""
    return db.execute(
        "SELECT coalesce(sum(d.total_shares), 0) - coalesce((SELECT sum(p.amount) FROM shu_payouts p "
        f"  JOIN shu_distributions x ON x.id = p.distribution_id WHERE x.cancelled_at IS NULL {in_force}), 0) "
        "FROM shu_distributions d WHERE d.journal_id IS NOT NULL AND d.cancelled_at IS NULL").fetchone()[0]
