"""Members and savings: rows <-> records and the queries the services need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import fields
from decimal import Decimal

import sqlite_utils

from kopdesk.domain.members import Member, MemberId, MemberStatus
from kopdesk.domain.savings import InterestBasis, ProductId, SavingsKind, SavingsProduct, SavingsTx, TxKind

MEMBER_FIELDS = [f.name for f in fields(Member) if f.name not in ("id", "has_photo")]
DATE_FIELDS = {"birth_date", "join_date", "exit_date"}


def _d(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def _member(row: Sequence) -> Member:
    values = dict(zip(["id", *MEMBER_FIELDS, "has_photo"], row, strict=True))
    for k in DATE_FIELDS:
        values[k] = _d(values[k])
    values["status"] = MemberStatus(values["status"])
    values["id"] = MemberId(values["id"])
    values["has_photo"] = bool(values["has_photo"])
    return Member(**values)


MEMBER_COLS = ", ".join(["m.id", *(f"m.{f}" for f in MEMBER_FIELDS), "m.photo IS NOT NULL"])


def member(db: sqlite_utils.Database, member_id: int) -> Member | None:
    row = db.execute(f"SELECT {MEMBER_COLS} FROM members m WHERE m.id = ?", [member_id]).fetchone()
    return _member(row) if row else None


def member_by_number(db: sqlite_utils.Database, number: str) -> Member | None:
    row = db.execute(f"SELECT {MEMBER_COLS} FROM members m WHERE m.number = ?", [number]).fetchone()
    return _member(row) if row else None


def member_with_nik(db: sqlite_utils.Database, nik: str, *, current_only: bool = True) -> Member | None:
    sql = f"SELECT {MEMBER_COLS} FROM members m WHERE m.nik = ?"
    if current_only:
        sql += " AND m.status IN ('calon', 'aktif', 'non_aktif')"
    row = db.execute(sql, [nik]).fetchone()
    return _member(row) if row else None


def _values(m: Member) -> list:
    out = []
    for f in MEMBER_FIELDS:
        v = getattr(m, f)
        if f in DATE_FIELDS:
            v = v.isoformat() if v else None
        elif f == "status":
            v = v.value
        out.append(v)
    return out


def insert_member(db: sqlite_utils.Database, m: Member, now: str) -> int:
    cols = ", ".join(MEMBER_FIELDS)
    marks = ", ".join("?" * len(MEMBER_FIELDS))
    return db.execute(f"INSERT INTO members ({cols}, created_at) VALUES ({marks}, ?)", [*_values(m), now]).lastrowid


def insert_members(db: sqlite_utils.Database, members: Sequence[Member], now: str) -> list[int]:
    start = db.execute("SELECT coalesce(max(id), 0) FROM members").fetchone()[0] + 1
    cols = ", ".join(["id", *MEMBER_FIELDS, "created_at"])
    marks = ", ".join("?" * (len(MEMBER_FIELDS) + 2))
    db.conn.executemany(f"INSERT INTO members ({cols}) VALUES ({marks})",
                        [[start + i, *_values(m), now] for i, m in enumerate(members)])
    return list(range(start, start + len(members)))


def members_joined_by(db: sqlite_utils.Database, by: dt.date, statuses: Sequence[str]) -> list[Member]:
    marks = ",".join("?" * len(statuses))
    return [_member(r) for r in db.execute(
        f"SELECT {MEMBER_COLS} FROM members m WHERE m.join_date <= ? AND m.status IN ({marks}) "
        "ORDER BY length(m.number), m.number", [by.isoformat(), *statuses])]


def update_member(db: sqlite_utils.Database, m: Member) -> None:
    sets = ", ".join(f"{f} = ?" for f in MEMBER_FIELDS)
    db.execute(f"UPDATE members SET {sets} WHERE id = ?", [*_values(m), m.id])


def set_photo(db: sqlite_utils.Database, member_id: int, data: bytes | None) -> None:
    db.execute("UPDATE members SET photo = ? WHERE id = ?", [data, member_id])


def photo(db: sqlite_utils.Database, member_id: int) -> bytes | None:
    row = db.execute("SELECT photo FROM members WHERE id = ?", [member_id]).fetchone()
    return row[0] if row else None


SEARCH_ORDERS = {
    # numbers sort by length first so A-10000 comes after A-9999 (the pattern's padding may overflow);
    # every order ends on the id so pages never skip or repeat members with equal keys
    "number": "length(m.number) {d}, m.number {d}, m.id {d}",
    "name": "m.full_name COLLATE NOCASE {d}, m.id {d}",
    "join": "m.join_date {d}, m.id {d}",
    "status": "m.status {d}, m.id {d}",
}


def search_members(db: sqlite_utils.Database, text: str = "", statuses: Sequence[str] = (), *, limit: int = 200,
                   offset: int = 0, order: str = "number", descending: bool = False) -> list[Member]:
    where, params = _search_where(text, statuses)
    order_sql = SEARCH_ORDERS[order].format(d="DESC" if descending else "ASC")
    return [_member(r) for r in db.execute(
        f"SELECT {MEMBER_COLS} FROM members m {where} ORDER BY {order_sql} LIMIT ? OFFSET ?",
        [*params, limit, offset])]


def count_members(db: sqlite_utils.Database, text: str = "", statuses: Sequence[str] = ()) -> int:
    where, params = _search_where(text, statuses)
    return db.execute(f"SELECT count(*) FROM members m {where}", params).fetchone()[0]


def _search_where(text: str, statuses: Sequence[str]) -> tuple[str, list]:
    clauses, params = [], []
    text = text.strip()
    if text:
        if text.isdigit() and len(text) >= 6:
            clauses.append("(m.nik LIKE ? OR m.number LIKE ?)")
            params += [f"{text}%", f"%{text}%"]
        else:
            clauses.append("(m.full_name LIKE ? OR m.number LIKE ? OR m.nik LIKE ?)")
            params += [f"%{text}%", f"{text}%", f"{text}%"]
    if statuses:
        clauses.append(f"m.status IN ({','.join('?' * len(statuses))})")
        params += list(statuses)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


# ------------------------------------------------------------------------------------------------ products

PRODUCT_COLS = "id, code, name, kind, account_id, interest_rate, interest_basis, min_balance, active"


def _product(r: Sequence) -> SavingsProduct:
    i, code, name, kind, account_id, rate, basis, min_balance, active = r
    return SavingsProduct(ProductId(i), code, name, SavingsKind(kind), account_id, Decimal(rate),
                          InterestBasis(basis), min_balance, bool(active))


def products(db: sqlite_utils.Database) -> list[SavingsProduct]:
    return [_product(r) for r in db.execute(f"SELECT {PRODUCT_COLS} FROM savings_products ORDER BY id")]


def product(db: sqlite_utils.Database, product_id: int) -> SavingsProduct | None:
    r = db.execute(f"SELECT {PRODUCT_COLS} FROM savings_products WHERE id = ?", [product_id]).fetchone()
    return _product(r) if r else None


def product_by_code(db: sqlite_utils.Database, code: str) -> SavingsProduct | None:
    r = db.execute(f"SELECT {PRODUCT_COLS} FROM savings_products WHERE code = ?", [code]).fetchone()
    return _product(r) if r else None


def save_product(db: sqlite_utils.Database, p: SavingsProduct) -> int:
    values = [p.code, p.name, p.kind.value, p.account_id, str(p.interest_rate), p.interest_basis.value,
              p.min_balance, int(p.active)]
    if p.id is None:
        return db.execute("INSERT INTO savings_products (code, name, kind, account_id, interest_rate, "
                          "interest_basis, min_balance, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values).lastrowid
    db.execute("UPDATE savings_products SET code = ?, name = ?, kind = ?, account_id = ?, interest_rate = ?, "
               "interest_basis = ?, min_balance = ?, active = ? WHERE id = ?", [*values, p.id])
    return p.id


# ------------------------------------------------------------------------------------------------ transactions

TX_COLS = ("t.id, t.member_id, t.product_id, t.date, t.kind, t.deposit, t.withdrawal, t.description, t.journal_id, "
           "j.number, t.reverses_id, (SELECT r.id FROM savings_tx r WHERE r.reverses_id = t.id), t.period")


def _tx(r: Sequence) -> SavingsTx:
    i, mid, pid, d, kind, dep, wd, desc, jid, number, rev, rev_by, period = r
    return SavingsTx(i, mid, pid, dt.date.fromisoformat(d), TxKind(kind), dep, wd, desc, jid, number, rev, rev_by,
                     period)


def insert_txs(db: sqlite_utils.Database, rows: Sequence[tuple], user_id: int | None, now: str) -> None:
    """rows: (member_id, product_id, date, kind, deposit, withdrawal, description, period, journal_id, reverses_id)"""
    db.conn.executemany(
        "INSERT INTO savings_tx (member_id, product_id, date, kind, deposit, withdrawal, description, period, "
        "journal_id, reverses_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*r, now, user_id) for r in rows])


def tx(db: sqlite_utils.Database, tx_id: int) -> SavingsTx | None:
    r = db.execute(f"SELECT {TX_COLS} FROM savings_tx t JOIN journals j ON j.id = t.journal_id WHERE t.id = ?",
                   [tx_id]).fetchone()
    return _tx(r) if r else None


def txs_for_journal(db: sqlite_utils.Database, journal_id: int) -> list[SavingsTx]:
    return [_tx(r) for r in db.execute(f"SELECT {TX_COLS} FROM savings_tx t JOIN journals j ON j.id = t.journal_id "
                                       "WHERE t.journal_id = ? ORDER BY t.id", [journal_id])]


def member_txs(db: sqlite_utils.Database, member_id: int, product_id: int | None = None,
               date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[SavingsTx]:
    where, params = ["t.member_id = ?"], [member_id]
    if product_id is not None:
        where.append("t.product_id = ?")
        params.append(product_id)
    if date_from:
        where.append("t.date >= ?")
        params.append(date_from.isoformat())
    if date_to:
        where.append("t.date <= ?")
        params.append(date_to.isoformat())
    return [_tx(r) for r in db.execute(
        f"SELECT {TX_COLS} FROM savings_tx t JOIN journals j ON j.id = t.journal_id WHERE {' AND '.join(where)} "
        "ORDER BY t.date, t.id", params)]


def balance(db: sqlite_utils.Database, member_id: int, product_id: int) -> int:
    r = db.execute("SELECT balance FROM savings_balances WHERE member_id = ? AND product_id = ?",
                   [member_id, product_id]).fetchone()
    return r[0] if r else 0


def balance_as_of(db: sqlite_utils.Database, member_id: int, product_id: int, as_of: dt.date) -> int:
    return db.execute("SELECT coalesce(sum(deposit - withdrawal), 0) FROM savings_tx WHERE member_id = ? AND "
                      "product_id = ? AND date <= ?", [member_id, product_id, as_of.isoformat()]).fetchone()[0]


def balances(db: sqlite_utils.Database, member_ids: Sequence[int]) -> dict[int, dict[int, int]]:
    """member_id -> {product_id: balance} for the given members (one query)."""
    out: dict[int, dict[int, int]] = {m: {} for m in member_ids}
    if not member_ids:
        return out
    for chunk_start in range(0, len(member_ids), 900):
        chunk = list(member_ids[chunk_start:chunk_start + 900])
        for mid, pid, bal in db.execute(
                f"SELECT member_id, product_id, balance FROM savings_balances WHERE member_id IN "
                f"({','.join('?' * len(chunk))})", chunk):
            out[mid][pid] = bal
    return out


def product_totals(db: sqlite_utils.Database) -> dict[int, int]:
    return {pid: total for pid, total in db.execute(
        "SELECT product_id, sum(balance) FROM savings_balances GROUP BY product_id")}


def product_totals_from_tx(db: sqlite_utils.Database, as_of: dt.date | None = None) -> dict[int, int]:
    sql = "SELECT product_id, sum(deposit - withdrawal) FROM savings_tx"
    params: list = []
    if as_of:
        sql += " WHERE date <= ?"
        params.append(as_of.isoformat())
    return {pid: total for pid, total in db.execute(sql + " GROUP BY product_id", params)}


def paid_by_member(db: sqlite_utils.Database, product_id: int, through: dt.date) -> dict[int, int]:
    return {mid: total for mid, total in db.execute(
        "SELECT member_id, sum(deposit - withdrawal) FROM savings_tx WHERE product_id = ? AND date <= ? "
        "GROUP BY member_id", [product_id, through.isoformat()])}


def movements_in(db: sqlite_utils.Database, product_id: int, date_from: dt.date,
                 date_to: dt.date) -> dict[int, list[tuple[dt.date, int]]]:
    out: dict[int, list[tuple[dt.date, int]]] = {}
    for mid, d, delta in db.execute(
            "SELECT member_id, date, deposit - withdrawal FROM savings_tx WHERE product_id = ? AND date BETWEEN ? "
            "AND ? ORDER BY date, id", [product_id, date_from.isoformat(), date_to.isoformat()]):
        out.setdefault(mid, []).append((dt.date.fromisoformat(d), delta))
    return out


def balances_before(db: sqlite_utils.Database, product_id: int, before: dt.date) -> dict[int, int]:
    return {mid: total for mid, total in db.execute(
        "SELECT member_id, sum(deposit - withdrawal) FROM savings_tx WHERE product_id = ? AND date < ? "
        "GROUP BY member_id", [product_id, before.isoformat()])}


def jasa_posted(db: sqlite_utils.Database, product_id: int, period: str) -> bool:
    return db.execute("SELECT 1 FROM savings_tx WHERE product_id = ? AND kind = 'jasa' AND period = ? LIMIT 1",
                      [product_id, period]).fetchone() is not None


def jasa_credited(db: sqlite_utils.Database, product_id: int, period: str) -> tuple[tuple[str, ...], dict[int, int]]:
    """The month's jasa rows of one product: the journal number(s) that posted them and each member's jasa
    (empty when not posted)."""
    numbers: list[str] = []
    amounts: dict[int, int] = {}
    for mid, amount, number in db.execute(
            "SELECT t.member_id, t.deposit, j.number FROM savings_tx t JOIN journals j ON j.id = t.journal_id "
            "WHERE t.product_id = ? AND t.kind = 'jasa' AND t.period = ? ORDER BY t.id", [product_id, period]):
        amounts[mid] = amounts.get(mid, 0) + amount
        if number not in numbers:
            numbers.append(number)
    return tuple(numbers), amounts


# The database's own guard that a product's jasa for a month is credited once: one row per member, product and
# month, and all of them from a single journal (a second posting, even for other members, is refused). Idempotent
# statements, to be applied by a migration in kopdesk/store/schema.py.
JASA_ONCE: list[str] = [
    """CREATE UNIQUE INDEX IF NOT EXISTS savings_tx_jasa_once ON savings_tx(product_id, period, member_id)
       WHERE kind = 'jasa'""",
    "CREATE INDEX IF NOT EXISTS savings_tx_jasa_journal ON savings_tx(product_id, period, journal_id) "
    "WHERE kind = 'jasa'",
    """CREATE TRIGGER IF NOT EXISTS savings_tx_jasa_one_journal BEFORE INSERT ON savings_tx
       WHEN NEW.kind = 'jasa' AND (
         EXISTS (SELECT 1 FROM savings_tx t WHERE t.kind = 'jasa' AND t.product_id = NEW.product_id
                 AND t.period = NEW.period AND t.journal_id < NEW.journal_id)
         OR EXISTS (SELECT 1 FROM savings_tx t WHERE t.kind = 'jasa' AND t.product_id = NEW.product_id
                    AND t.period = NEW.period AND t.journal_id > NEW.journal_id))
       BEGIN SELECT RAISE(ABORT, 'Jasa simpanan produk ini untuk bulan itu sudah dibukukan.'); END""",
]
