"""Statements, closing and budget: the summing queries behind the financial statements (GROUP BY over journal_lines
on the (account_id, date) index, never a loop over lines), the year-end closing documents, period locks, and the
budget (RAPB) rows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import sqlite_utils

from kopdesk.domain.statements import YearClosing

Totals = dict[int, tuple[int, int]]

CLOSING_SOURCE = "tutup_buku:"          # tutup_buku:2025 (the closing), tutup_buku:2025:batal (its reversal)
SHU_SOURCE = "shu:"                     # shu:2025 (the SHU distribution journal, spec §5.4 step 2)


def source_range(prefix: str) -> tuple[str, str]:
    """[low, high) of every source starting with ``prefix`` (uses the journals_source index)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


# ------------------------------------------------------------------------------------------------ sums


def totals(db: sqlite_utils.Database, as_of: dt.date, since: dt.date | None = None) -> Totals:
    """account_id -> (sum debit, sum credit) of lines up to ``as_of`` (from ``since``)."""
    if since is None:
        rows = db.execute("SELECT account_id, sum(debit), sum(credit) FROM journal_lines WHERE date <= ? "
                          "GROUP BY account_id", [as_of.isoformat()])
    else:
        rows = db.execute("SELECT account_id, sum(debit), sum(credit) FROM journal_lines WHERE date BETWEEN ? AND ? "
                          "GROUP BY account_id", [since.isoformat(), as_of.isoformat()])
    return {a: (d, c) for a, d, c in rows}


def daily_totals(db: sqlite_utils.Database, through: dt.date) -> dict[int, tuple[list[str], list[int], list[int]]]:
    """account_id -> (dates, cumulative debit, cumulative credit) for every day with lines up to ``through``: one
    pass over the covering index in its own order (account, date)."""
    out: dict[int, tuple[list[str], list[int], list[int]]] = {}
    current, days, debits, credits, d_sum, c_sum = None, [], [], [], 0, 0
    for account_id, day, d, c in db.execute(
            "SELECT account_id, date, sum(debit), sum(credit) FROM journal_lines WHERE date <= ? "
            "GROUP BY account_id, date ORDER BY account_id, date", [through.isoformat()]):
        if account_id != current:
            current, days, debits, credits, d_sum, c_sum = account_id, [], [], [], 0, 0
            out[account_id] = (days, debits, credits)
        d_sum += d
        c_sum += c
        days.append(day)
        debits.append(d_sum)
        credits.append(c_sum)
    return out


def source_totals(db: sqlite_utils.Database, prefix: str, date_from: dt.date | None, date_to: dt.date) -> Totals:
    """The lines of the journals whose source starts with ``prefix`` (closings, SHU distributions), dated in the
    range (from the beginning when ``date_from`` is None)."""
    low, high = source_range(prefix)
    params = [low, high, (date_from or dt.date.min).isoformat(), date_to.isoformat()]
    return {a: (d, c) for a, d, c in db.execute(
        "SELECT l.account_id, sum(l.debit), sum(l.credit) FROM journals j JOIN journal_lines l ON l.journal_id = j.id "
        "WHERE j.source >= ? AND j.source < ? AND +j.date BETWEEN ? AND ? GROUP BY l.account_id", params)}


def minus(a: Totals, b: Totals) -> Totals:
    out = dict(a)
    for k, (d, c) in b.items():
        d0, c0 = out.get(k, (0, 0))
        out[k] = (d0 - d, c0 - c)
    return out


def cash_counter_totals(db: sqlite_utils.Database, cash_ids: Sequence[int], date_from: dt.date,
                        date_to: dt.date) -> Totals:
    """For every journal in the period with a line on a cash account: its other lines (not on cash accounts), summed
    per account. These are the direct-method cash flows by counter account."""
    if not cash_ids:
        return {}
    marks = ",".join("?" * len(cash_ids))
    rows = db.execute(
        f"SELECT l.account_id, sum(l.debit), sum(l.credit) FROM journal_lines l "
        f"WHERE l.journal_id IN (SELECT c.journal_id FROM journal_lines c WHERE c.account_id IN ({marks}) "
        f"  AND c.date BETWEEN ? AND ?) AND l.account_id NOT IN ({marks}) GROUP BY l.account_id",
        [*cash_ids, date_from.isoformat(), date_to.isoformat(), *cash_ids])
    return {a: (d, c) for a, d, c in rows}


def series_cash(db: sqlite_utils.Database, series: str, cash_ids: Sequence[int], date_from: dt.date,
                date_to: dt.date) -> tuple[int, Totals]:
    """The journals of one series (JS: opening balances) in the period: their net cash (debit - credit on cash
    accounts) and their counter lines per account, for journals that touch cash."""
    if not cash_ids:
        return 0, {}
    marks = ",".join("?" * len(cash_ids))
    ids = [r[0] for r in db.execute(
        f"SELECT j.id FROM journals j WHERE j.series = ? AND j.date BETWEEN ? AND ? AND EXISTS "
        f"(SELECT 1 FROM journal_lines c WHERE c.journal_id = j.id AND c.account_id IN ({marks}))",
        [series, date_from.isoformat(), date_to.isoformat(), *cash_ids])]
    if not ids:
        return 0, {}
    net, counters, cash = 0, {}, set(cash_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        jm = ",".join("?" * len(chunk))
        for a, d, c in db.execute(f"SELECT account_id, sum(debit), sum(credit) FROM journal_lines "
                                  f"WHERE journal_id IN ({jm}) GROUP BY account_id", chunk):
            if a in cash:
                net += d - c
            else:
                d0, c0 = counters.get(a, (0, 0))
                counters[a] = (d0 + d, c0 + c)
    return net, counters


def savings_kinds(db: sqlite_utils.Database) -> dict[int, str]:
    """Ledger account -> the kind of the savings product booked on it (the first product wins)."""
    if not db["savings_products"].exists():
        return {}
    out: dict[int, str] = {}
    for account_id, kind in db.execute("SELECT account_id, kind FROM savings_products ORDER BY id"):
        out.setdefault(account_id, kind)
    return out


def savings_by_product(db: sqlite_utils.Database, as_of: dt.date) -> dict[int, tuple[int, int]]:
    """product_id -> (members with a positive balance, total balance) as of the date."""
    return {pid: (n, total) for pid, n, total in db.execute(
        "SELECT product_id, sum(bal > 0), sum(bal) FROM (SELECT product_id, member_id, "
        "sum(deposit - withdrawal) AS bal FROM savings_tx WHERE date <= ? GROUP BY product_id, member_id) "
        "GROUP BY product_id", [as_of.isoformat()])}


def members_at(db: sqlite_utils.Database, as_of: dt.date) -> int:
    """Members (not prospective) who had joined by the date and not yet left."""
    return db.execute("SELECT count(*) FROM members WHERE join_date <= ? AND status <> 'calon' "
                      "AND (exit_date IS NULL OR exit_date > ?)", [as_of.isoformat(), as_of.isoformat()]).fetchone()[0]


# ------------------------------------------------------------------------------------------------ locks


@dataclass(frozen=True, slots=True)
class Lock:
    id: int
    period_end: dt.date
    kind: str


def active_locks_from(db: sqlite_utils.Database, on: dt.date) -> list[Lock]:
    """Locks still in force whose end is on or after the date, latest first."""
    return [Lock(i, dt.date.fromisoformat(e), k) for i, e, k in db.execute(
        "SELECT id, period_end, kind FROM closed_periods WHERE reopened_at IS NULL AND period_end >= ? "
        "ORDER BY period_end DESC, id DESC", [on.isoformat()])]


def lock_id_through(db: sqlite_utils.Database, through: dt.date) -> int | None:
    r = db.execute("SELECT id FROM closed_periods WHERE reopened_at IS NULL AND period_end = ? ORDER BY id DESC "
                   "LIMIT 1", [through.isoformat()]).fetchone()
    return r[0] if r else None


def first_journal_date(db: sqlite_utils.Database) -> dt.date | None:
    r = db.execute("SELECT min(date) FROM journals").fetchone()
    return dt.date.fromisoformat(r[0]) if r and r[0] else None


def first_journal_after(db: sqlite_utils.Database, after: dt.date | None, before: dt.date) -> dt.date | None:
    """The earliest journal dated after ``after`` (any when None) and before ``before``."""
    r = db.execute("SELECT min(date) FROM journals WHERE date > ? AND date < ?",
                   [(after or dt.date.min).isoformat(), before.isoformat()]).fetchone()
    return dt.date.fromisoformat(r[0]) if r and r[0] else None


def journal_reversed(db: sqlite_utils.Database, journal_id: int) -> bool:
    return db.execute("SELECT 1 FROM journals WHERE reverses_id = ?", [journal_id]).fetchone() is not None


# ------------------------------------------------------------------------------------------------ closings


CLOSING_COLS = ("c.id, c.year, c.period_start, c.period_end, c.journal_id, j.number, c.shu, c.shu_member, "
                "c.shu_non_member, c.revenue, c.non_member_revenue, c.non_member_rule, c.non_member_pct, c.closed_at, "
                "coalesce(u.full_name, ''), c.reopened_at, r.full_name, c.reopen_reason, "
                "coalesce(c.reversal_journal_id, (SELECT x.id FROM journals x WHERE x.reverses_id = c.journal_id))")
CLOSING_FROM = ("FROM closings c LEFT JOIN journals j ON j.id = c.journal_id LEFT JOIN users u ON u.id = c.closed_by "
                "LEFT JOIN users r ON r.id = c.reopened_by")


def _closing(r: Sequence) -> YearClosing:
    (i, year, start, end, jid, number, shu, member, non_member, revenue, nm_revenue, rule, pct, closed_at, by,
     reopened_at, reopened_by, reason, rev) = r
    return YearClosing(i, year, dt.date.fromisoformat(start), dt.date.fromisoformat(end), jid, number, shu, member,
                      non_member, revenue, nm_revenue, rule, Decimal(pct), closed_at, by, reopened_at, reopened_by,
                      reason, rev)


def current_closing(db: sqlite_utils.Database, year: int) -> YearClosing | None:
    r = db.execute(f"SELECT {CLOSING_COLS} {CLOSING_FROM} WHERE c.year = ? AND c.reopened_at IS NULL",
                   [year]).fetchone()
    return _closing(r) if r else None


def closings(db: sqlite_utils.Database, *, include_reopened: bool = False) -> list[YearClosing]:
    where = "" if include_reopened else "WHERE c.reopened_at IS NULL"
    return [_closing(r) for r in db.execute(f"SELECT {CLOSING_COLS} {CLOSING_FROM} {where} ORDER BY c.year, c.id")]


def insert_closing(db: sqlite_utils.Database, *, year: int, start: dt.date, end: dt.date, journal_id: int | None,
                   shu: int, shu_member: int, shu_non_member: int, revenue: int, non_member_revenue: int, rule: str,
                   pct: Decimal, now: str, user_id: int | None) -> int:
    return db.execute(
        "INSERT INTO closings (year, period_start, period_end, journal_id, shu, shu_member, shu_non_member, revenue, "
        "non_member_revenue, non_member_rule, non_member_pct, closed_at, closed_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [year, start.isoformat(), end.isoformat(), journal_id, shu, shu_member, shu_non_member, revenue,
         non_member_revenue, rule, str(pct), now, user_id]).lastrowid


def mark_closing_reopened(db: sqlite_utils.Database, closing_id: int, *, now: str, user_id: int | None, reason: str,
                          reversal_journal_id: int | None) -> None:
    db.execute("UPDATE closings SET reopened_at = ?, reopened_by = ?, reopen_reason = ?, reversal_journal_id = ? "
               "WHERE id = ?", [now, user_id, reason, reversal_journal_id, closing_id])


# ------------------------------------------------------------------------------------------------ budget


def budget_rows(db: sqlite_utils.Database, year: int) -> list[tuple[int, int, str]]:
    """(account_id, amount, note) of a year's budget."""
    return db.execute("SELECT account_id, amount, note FROM budget_lines WHERE year = ? ORDER BY account_id",
                      [year]).fetchall()


def upsert_budget(db: sqlite_utils.Database, year: int, rows: Iterable[tuple[int, int, str]], now: str,
                  user_id: int | None) -> None:
    """rows: (account_id, amount, note); an amount of 0 removes the line."""
    rows = list(rows)
    db.conn.executemany("DELETE FROM budget_lines WHERE year = ? AND account_id = ?",
                        [(year, a) for a, amount, _ in rows if amount == 0])
    db.conn.executemany(
        "INSERT INTO budget_lines (year, account_id, amount, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (year, account_id) DO UPDATE SET amount = excluded.amount, note = excluded.note, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        [(year, a, amount, note, now, user_id) for a, amount, note in rows if amount != 0])


def clear_budget(db: sqlite_utils.Database, year: int) -> None:
    db.execute("DELETE FROM budget_lines WHERE year = ?", [year])


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
