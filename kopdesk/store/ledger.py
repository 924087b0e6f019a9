"""Ledger rows <-> records, and the queries the ledger services and reports need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from kopdesk.domain.ledger import (
    Account,
    AccountClass,
    AccountId,
    Journal,
    JournalDraft,
    JournalId,
    JournalLine,
    Side,
    journal_number,
)

if TYPE_CHECKING:
    import sqlite_utils  # annotations only: not imported on the start path

ACCOUNT_COLS = "id, code, name, normal, klass, parent_code, tags, is_group, is_cash, active"


def _account(row: Sequence) -> Account:
    id_, code, name, normal, klass, parent, tags, is_group, is_cash, active = row
    return Account(AccountId(id_), code, name, Side(normal), AccountClass(klass), parent,
                   tuple(t for t in tags.split(",") if t), bool(is_group), bool(is_cash), bool(active))


def accounts(db: sqlite_utils.Database) -> dict[int, Account]:
    rows = db.execute(f"SELECT {ACCOUNT_COLS} FROM accounts ORDER BY code").fetchall()
    return {r[0]: _account(r) for r in rows}


def accounts_by_ids(db: sqlite_utils.Database, ids: Iterable[int]) -> dict[int, Account]:
    """Only the accounts a posting touches (a chart can have hundreds; a journal has a few lines)."""
    wanted = sorted({i for i in ids if isinstance(i, int)})
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    return {r[0]: _account(r) for r in db.execute(f"SELECT {ACCOUNT_COLS} FROM accounts WHERE id IN ({marks})",
                                                  wanted)}


def totals_for_accounts(db: sqlite_utils.Database, account_ids: Sequence[int],
                        as_of: dt.date) -> dict[int, tuple[int, int]]:
    """(sum debit, sum credit) up to a date for a few accounts: an index range per account, not a ledger scan."""
    if not account_ids:
        return {}
    marks = ",".join("?" * len(account_ids))
    return {a: (d, c) for a, d, c in db.execute(
        f"SELECT account_id, sum(debit), sum(credit) FROM journal_lines WHERE account_id IN ({marks}) AND date <= ? "
        "GROUP BY account_id", [*account_ids, as_of.isoformat()])}


def account(db: sqlite_utils.Database, account_id: int) -> Account | None:
    row = db.execute(f"SELECT {ACCOUNT_COLS} FROM accounts WHERE id = ?", [account_id]).fetchone()
    return _account(row) if row else None


def account_by_code(db: sqlite_utils.Database, code: str) -> Account | None:
    row = db.execute(f"SELECT {ACCOUNT_COLS} FROM accounts WHERE code = ?", [code]).fetchone()
    return _account(row) if row else None


def insert_account(db: sqlite_utils.Database, *, code: str, name: str, normal: str, klass: str,
                   parent_code: str | None, tags: Iterable[str] = (), is_group: bool = False,
                   is_cash: bool = False) -> int:
    cur = db.execute(
        "INSERT INTO accounts (code, name, normal, klass, parent_code, tags, is_group, is_cash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [code, name, normal, klass, parent_code, ",".join(tags), int(is_group), int(is_cash)])
    return cur.lastrowid


def account_used(db: sqlite_utils.Database, account_id: int) -> bool:
    return db.execute("SELECT 1 FROM journal_lines WHERE account_id = ? LIMIT 1", [account_id]).fetchone() is not None


def next_number(db: sqlite_utils.Database, series: str, year: int, count: int = 1) -> int:
    """Reserve ``count`` numbers in a series for a year; returns the first. Call inside the posting transaction."""
    row = db.execute("SELECT last FROM number_series WHERE series = ? AND year = ?", [series, year]).fetchone()
    first = (row[0] if row else 0) + 1
    db.execute("INSERT INTO number_series (series, year, last) VALUES (?, ?, ?) "
               "ON CONFLICT(series, year) DO UPDATE SET last = excluded.last", [series, year, first + count - 1])
    return first


def insert_journals(db: sqlite_utils.Database, drafts: Sequence[JournalDraft], user_id: int | None,
                    now: str) -> list[tuple[int, str]]:
    """Insert already-validated drafts (numbers reserved per series and year). Returns (id, number) pairs."""
    by_key: dict[tuple[str, int], int] = {}
    for d in drafts:
        key = (d.series, d.date.year)
        by_key[key] = by_key.get(key, 0) + 1
    next_seq = {key: next_number(db, key[0], key[1], n) for key, n in by_key.items()}
    start = (db.execute("SELECT coalesce(max(id), 0) FROM journals").fetchone()[0]) + 1
    journal_rows, line_rows, out = [], [], []
    line_id = (db.execute("SELECT coalesce(max(id), 0) FROM journal_lines").fetchone()[0]) + 1
    for offset, d in enumerate(drafts):
        jid = start + offset
        key = (d.series, d.date.year)
        number = journal_number(d.series, d.date.year, next_seq[key])
        next_seq[key] += 1
        iso = d.date.isoformat()
        journal_rows.append((jid, number, d.series, iso, d.description.strip(), d.source, d.reference,
                             d.reverses_id, now, user_id))
        for n, line in enumerate(d.lines, start=1):
            line_rows.append((line_id, jid, n, line.account_id, iso, line.debit, line.credit, line.memo))
            line_id += 1
        out.append((jid, number))
    db.conn.executemany(
        "INSERT INTO journals (id, number, series, date, description, source, reference, reverses_id, created_at, "
        "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", journal_rows)
    db.conn.executemany(
        "INSERT INTO journal_lines (id, journal_id, line_no, account_id, date, debit, credit, memo) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", line_rows)
    return out


JOURNAL_COLS = ("j.id, j.number, j.date, j.description, j.series, j.source, j.reference, j.created_at, "
                "coalesce(u.full_name, ''), j.reverses_id, (SELECT r.id FROM journals r WHERE r.reverses_id = j.id)")


def _journal(row: Sequence, lines: tuple[JournalLine, ...]) -> Journal:
    jid, number, date, desc, series, source, ref, created_at, by, rev, rev_by = row
    return Journal(JournalId(jid), number, dt.date.fromisoformat(date), desc, series, source, ref, created_at, by,
                   rev, rev_by, lines)


def journal(db: sqlite_utils.Database, journal_id: int) -> Journal | None:
    row = db.execute(f"SELECT {JOURNAL_COLS} FROM journals j LEFT JOIN users u ON u.id = j.created_by "
                     "WHERE j.id = ?", [journal_id]).fetchone()
    if row is None:
        return None
    lines = tuple(JournalLine(AccountId(a), code, name, d, c, memo) for a, code, name, d, c, memo in db.execute(
        "SELECT l.account_id, a.code, a.name, l.debit, l.credit, l.memo FROM journal_lines l "
        "JOIN accounts a ON a.id = l.account_id WHERE l.journal_id = ? ORDER BY l.line_no", [journal_id]))
    return _journal(row, lines)


def journal_by_number(db: sqlite_utils.Database, number: str) -> Journal | None:
    row = db.execute("SELECT id FROM journals WHERE number = ?", [number]).fetchone()
    return journal(db, row[0]) if row else None


def journals_between(db: sqlite_utils.Database, date_from: dt.date, date_to: dt.date, *, search: str = "",
                     series: str | None = None, limit: int = 5000) -> list[Journal]:
    """Journals in a period with their lines (two queries, not one per journal)."""
    where = ["j.date BETWEEN ? AND ?"]
    params: list = [date_from.isoformat(), date_to.isoformat()]
    if series:
        where.append("j.series = ?")
        params.append(series)
    if search:
        where.append("(j.number LIKE ? OR j.description LIKE ? OR j.reference LIKE ?)")
        params += [f"%{search}%"] * 3
    rows = db.execute(f"SELECT {JOURNAL_COLS} FROM journals j LEFT JOIN users u ON u.id = j.created_by "
                      f"WHERE {' AND '.join(where)} ORDER BY j.date, j.id LIMIT ?", [*params, limit]).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    lines: dict[int, list[JournalLine]] = {i: [] for i in ids}
    placeholders = ",".join("?" * len(ids))
    for jid, a, code, name, d, c, memo in db.execute(
            "SELECT l.journal_id, l.account_id, a.code, a.name, l.debit, l.credit, l.memo FROM journal_lines l "
            f"JOIN accounts a ON a.id = l.account_id WHERE l.journal_id IN ({placeholders}) "
            "ORDER BY l.journal_id, l.line_no", ids):
        lines[jid].append(JournalLine(AccountId(a), code, name, d, c, memo))
    return [_journal(r, tuple(lines[r[0]])) for r in rows]


def totals_by_account(db: sqlite_utils.Database, as_of: dt.date,
                      since: dt.date | None = None) -> dict[int, tuple[int, int]]:
    """account_id -> (sum debit, sum credit) of lines dated up to ``as_of`` (and from ``since``)."""
    if since is None:
        sql = ("SELECT account_id, sum(debit), sum(credit) FROM journal_lines WHERE date <= ? "
               "GROUP BY account_id")
        params = [as_of.isoformat()]
    else:
        sql = ("SELECT account_id, sum(debit), sum(credit) FROM journal_lines WHERE date BETWEEN ? AND ? "
               "GROUP BY account_id")
        params = [since.isoformat(), as_of.isoformat()]
    return {a: (d, c) for a, d, c in db.execute(sql, params)}


def account_totals_before(db: sqlite_utils.Database, account_id: int, before: dt.date) -> tuple[int, int]:
    row = db.execute("SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0) FROM journal_lines "
                     "WHERE account_id = ? AND date < ?", [account_id, before.isoformat()]).fetchone()
    return row[0], row[1]


def account_lines(db: sqlite_utils.Database, account_id: int, date_from: dt.date, date_to: dt.date) -> list[tuple]:
    """(journal_id, number, date, description, memo, debit, credit) in date then posting order."""
    return [(jid, number, dt.date.fromisoformat(d), desc, memo, debit, credit)
            for jid, number, d, desc, memo, debit, credit in db.execute(
                "SELECT j.id, j.number, l.date, j.description, l.memo, l.debit, l.credit FROM journal_lines l "
                "JOIN journals j ON j.id = l.journal_id WHERE l.account_id = ? AND l.date BETWEEN ? AND ? "
                "ORDER BY l.date, l.journal_id, l.line_no",
                [account_id, date_from.isoformat(), date_to.isoformat()])]


def locked_through(db: sqlite_utils.Database) -> dt.date | None:
    row = db.execute("SELECT max(period_end) FROM closed_periods WHERE reopened_at IS NULL").fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def unbalanced_journals(db: sqlite_utils.Database) -> list[tuple[str, int, int]]:
    return db.execute(
        "SELECT j.number, coalesce(sum(l.debit), 0), coalesce(sum(l.credit), 0) FROM journals j "
        "LEFT JOIN journal_lines l ON l.journal_id = j.id GROUP BY j.id "
        "HAVING coalesce(sum(l.debit), 0) <> coalesce(sum(l.credit), 0) OR count(l.id) < 2").fetchall()


def latest_journal_ids(db: sqlite_utils.Database, limit: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM journals ORDER BY date DESC, id DESC LIMIT ?", [limit])]


def movement_by_account(db: sqlite_utils.Database, account_ids: list[int], date_from: dt.date,
                        date_to: dt.date) -> dict[int, tuple[int, int]]:
    if not account_ids:
        return {}
    marks = ",".join("?" * len(account_ids))
    return {a: (d, c) for a, d, c in db.execute(
        f"SELECT account_id, sum(debit), sum(credit) FROM journal_lines WHERE account_id IN ({marks}) "
        "AND date BETWEEN ? AND ? GROUP BY account_id", [*account_ids, date_from.isoformat(), date_to.isoformat()])}


def journal_ids_by_source(db: sqlite_utils.Database, source: str) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM journals WHERE source = ? ORDER BY id", [source])]
