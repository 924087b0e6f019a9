"""Loans: products, loans, their money events, frozen schedules and per-instalment allocations; rows <-> records
and the queries the loan services and the collectibility engine need (bulk queries for whole portfolios)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import sqlite_utils

from kopdesk.domain.loans import (
    Allocation,
    AllocationMode,
    DendaKind,
    DendaRule,
    DueInstalment,
    Fees,
    Frequency,
    Loan,
    LoanEvent,
    LoanId,
    LoanProduct,
    LoanProductId,
    LoanStatus,
    LoanTx,
    LoanTxKind,
    Method,
    parse_order,
)


def _d(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def _iso(v: dt.date | None) -> str | None:
    return v.isoformat() if v else None


def _dec(v: str | None) -> Decimal | None:
    return Decimal(v) if v is not None else None


def _bool(v: int | None) -> bool | None:
    return None if v is None else bool(v)


# ------------------------------------------------------------------------------------------------ products

PRODUCT_COLS = ("id, code, name, method, rate, frequency, tenor_min, tenor_max, provisi_pct, admin_fee, admin_pct, "
                "savings_pct, denda_kind, denda_rate, denda_fixed, denda_grace_days, allocation_order, "
                "allocation_mode, collateral_above, max_amount, max_savings_multiple, round_to, "
                "receivable_account_id, jasa_account_id, provisi_account_id, admin_account_id, denda_account_id, "
                "recovery_account_id, savings_product_id, active")


def _product(r: Sequence) -> LoanProduct:
    (i, code, name, method, rate, freq, tmin, tmax, provisi, admin_fee, admin_pct, savings_pct, dkind, drate, dfixed,
     grace, order, mode, coll, max_amount, multiple, round_to, recv, jasa, prov, adm, denda, recovery, sav,
     active) = r
    return LoanProduct(LoanProductId(i), code, name, Method(method), Decimal(rate), Frequency(freq), tmin, tmax,
                       Decimal(provisi), admin_fee, Decimal(admin_pct), Decimal(savings_pct),
                       DendaRule(DendaKind(dkind), Decimal(drate), dfixed, grace), parse_order(order),
                       AllocationMode(mode), coll, max_amount, _dec(multiple), round_to, recv, jasa, prov, adm, denda,
                       recovery, sav, bool(active))


def products(db: sqlite_utils.Database) -> list[LoanProduct]:
    return [_product(r) for r in db.execute(f"SELECT {PRODUCT_COLS} FROM loan_products ORDER BY id")]


def product(db: sqlite_utils.Database, product_id: int) -> LoanProduct | None:
    r = db.execute(f"SELECT {PRODUCT_COLS} FROM loan_products WHERE id = ?", [product_id]).fetchone()
    return _product(r) if r else None


def product_by_code(db: sqlite_utils.Database, code: str) -> LoanProduct | None:
    r = db.execute(f"SELECT {PRODUCT_COLS} FROM loan_products WHERE code = ?", [code]).fetchone()
    return _product(r) if r else None


def save_product(db: sqlite_utils.Database, p: LoanProduct) -> int:
    values = [p.code, p.name, p.method.value, str(p.rate), p.frequency.value, p.tenor_min, p.tenor_max,
              str(p.provisi_pct), p.admin_fee, str(p.admin_pct), str(p.savings_pct), p.denda.kind.value,
              str(p.denda.rate), p.denda.fixed, p.denda.grace_days, ",".join(c.value for c in p.allocation),
              p.allocation_mode.value, p.collateral_above, p.max_amount,
              None if p.max_savings_multiple is None else str(p.max_savings_multiple), p.round_to,
              p.receivable_account_id, p.jasa_account_id, p.provisi_account_id, p.admin_account_id,
              p.denda_account_id, p.recovery_account_id, p.savings_product_id, int(p.active)]
    cols = PRODUCT_COLS.split(", ")[1:]
    if p.id is None:
        return db.execute(f"INSERT INTO loan_products ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                          values).lastrowid
    db.execute(f"UPDATE loan_products SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?", [*values, p.id])
    return p.id


def product_used(db: sqlite_utils.Database, product_id: int) -> bool:
    return db.execute("SELECT 1 FROM loans WHERE product_id = ? AND disbursed_on IS NOT NULL LIMIT 1",
                      [product_id]).fetchone() is not None


# ------------------------------------------------------------------------------------------------ loans

LOAN_COLS = ("l.id, l.number, l.member_id, l.product_id, l.amount, l.tenor, l.method, l.rate, l.frequency, "
             "l.round_to, l.provisi, l.admin_fee, l.savings_withheld, l.denda_kind, l.denda_rate, l.denda_fixed, "
             "l.denda_grace_days, l.allocation_order, l.allocation_mode, l.status, l.applied_on, l.purpose, "
             "l.guarantor, l.collateral, l.collateral_value, l.salvageable, l.in_court, l.related_party, "
             "l.applied_by, l.decided_on, l.decided_by, l.decision_note, l.disbursed_on, l.closed_on, "
             "l.restructures_id")


def _loan(r: Sequence) -> Loan:
    (i, number, member_id, product_id, amount, tenor, method, rate, freq, round_to, provisi, admin_fee, savings,
     dkind, drate, dfixed, grace, order, mode, status, applied_on, purpose, guarantor, collateral, coll_value,
     salvageable, in_court, related, applied_by, decided_on, decided_by, note, disbursed_on, closed_on,
     restructures_id) = r
    return Loan(LoanId(i), number, member_id, product_id, amount, tenor, Method(method), Decimal(rate),
                Frequency(freq), round_to, Fees(provisi, admin_fee, savings),
                DendaRule(DendaKind(dkind), Decimal(drate), dfixed, grace), parse_order(order), AllocationMode(mode),
                LoanStatus(status), dt.date.fromisoformat(applied_on), purpose, guarantor, collateral, coll_value,
                _bool(salvageable), bool(in_court), bool(related), applied_by, _d(decided_on), decided_by, note,
                _d(disbursed_on), _d(closed_on), restructures_id)


def loan(db: sqlite_utils.Database, loan_id: int) -> Loan | None:
    r = db.execute(f"SELECT {LOAN_COLS} FROM loans l WHERE l.id = ?", [loan_id]).fetchone()
    return _loan(r) if r else None


def loan_by_number(db: sqlite_utils.Database, number: str) -> Loan | None:
    r = db.execute(f"SELECT {LOAN_COLS} FROM loans l WHERE l.number = ?", [number]).fetchone()
    return _loan(r) if r else None


def loans_by_ids(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, Loan]:
    out: dict[int, Loan] = {}
    for start in range(0, len(ids), 900):
        chunk = list(ids[start:start + 900])
        for r in db.execute(f"SELECT {LOAN_COLS} FROM loans l WHERE l.id IN ({','.join('?' * len(chunk))})", chunk):
            out[r[0]] = _loan(r)
    return out


def insert_loan(db: sqlite_utils.Database, x: Loan, now: str) -> int:
    values = [x.number, x.member_id, x.product_id, x.amount, x.tenor, x.method.value, str(x.rate), x.frequency.value,
              x.round_to, x.fees.provisi, x.fees.admin, x.fees.savings, x.denda.kind.value, str(x.denda.rate),
              x.denda.fixed, x.denda.grace_days, ",".join(c.value for c in x.allocation), x.allocation_mode.value,
              x.status.value, x.applied_on.isoformat(), x.purpose, x.guarantor, x.collateral, x.collateral_value,
              None if x.salvageable is None else int(x.salvageable), int(x.in_court), int(x.related_party),
              x.applied_by, x.restructures_id, now]
    cols = ("number, member_id, product_id, amount, tenor, method, rate, frequency, round_to, provisi, admin_fee, "
            "savings_withheld, denda_kind, denda_rate, denda_fixed, denda_grace_days, allocation_order, "
            "allocation_mode, status, applied_on, purpose, guarantor, collateral, collateral_value, salvageable, "
            "in_court, related_party, applied_by, restructures_id, created_at")
    return db.execute(f"INSERT INTO loans ({cols}) VALUES ({', '.join('?' * len(values))})", values).lastrowid


def update_loan(db: sqlite_utils.Database, loan_id: int, **values) -> None:
    """Lifecycle fields only (status, decision, dates, collateral); the terms are frozen by a trigger."""
    row = {}
    for k, v in values.items():
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, LoanStatus):
            v = v.value
        elif isinstance(v, bool):
            v = int(v)
        row[k] = v
    db.execute(f"UPDATE loans SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?", [*row.values(), loan_id])


def restructured_by(db: sqlite_utils.Database, loan_id: int) -> int | None:
    r = db.execute("SELECT id FROM loans WHERE restructures_id = ?", [loan_id]).fetchone()
    return r[0] if r else None


def _search_where(text: str, statuses: Sequence[str], member_id: int | None,
                  product_id: int | None) -> tuple[str, list]:
    clauses, params = [], []
    text = text.strip()
    if text:
        clauses.append("(l.number LIKE ? OR m.number LIKE ? OR m.full_name LIKE ?)")
        params += [f"%{text}%", f"{text}%", f"%{text}%"]
    if statuses:
        clauses.append(f"l.status IN ({','.join('?' * len(statuses))})")
        params += list(statuses)
    if member_id is not None:
        clauses.append("l.member_id = ?")
        params.append(member_id)
    if product_id is not None:
        clauses.append("l.product_id = ?")
        params.append(product_id)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def search_loans(db: sqlite_utils.Database, text: str = "", statuses: Sequence[str] = (), *,
                 member_id: int | None = None, product_id: int | None = None, limit: int = 200,
                 offset: int = 0) -> list[tuple[Loan, str, str, int]]:
    """(loan, member number, member name, outstanding principal) newest first."""
    where, params = _search_where(text, statuses, member_id, product_id)
    rows = db.execute(
        f"SELECT {LOAN_COLS}, m.number, m.full_name, "
        "(SELECT coalesce(sum(t.principal), 0) FROM loan_tx t WHERE t.loan_id = l.id) "
        f"FROM loans l JOIN members m ON m.id = l.member_id {where} ORDER BY l.applied_on DESC, l.id DESC "
        "LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    return [(_loan(r[:-3]), r[-3], r[-2], r[-1]) for r in rows]


def count_loans(db: sqlite_utils.Database, text: str = "", statuses: Sequence[str] = (), *,
                member_id: int | None = None, product_id: int | None = None) -> int:
    where, params = _search_where(text, statuses, member_id, product_id)
    return db.execute(f"SELECT count(*) FROM loans l JOIN members m ON m.id = l.member_id {where}",
                      params).fetchone()[0]


# ------------------------------------------------------------------------------------------------ money events

TX_COLS = ("t.id, t.loan_id, t.date, t.kind, t.amount, t.principal, t.interest, t.penalty, t.description, "
           "t.journal_id, j.number, t.reverses_id, (SELECT r.id FROM loan_tx r WHERE r.reverses_id = t.id)")


def _tx(r: Sequence) -> LoanTx:
    i, loan_id, d, kind, amount, principal, interest, penalty, desc, jid, number, rev, rev_by = r
    return LoanTx(i, loan_id, dt.date.fromisoformat(d), LoanTxKind(kind), amount, principal, interest, penalty, desc,
                  jid, number, rev, rev_by)


def insert_tx(db: sqlite_utils.Database, *, loan_id: int, on: dt.date, kind: LoanTxKind, amount: int,
              principal: int = 0, interest: int = 0, penalty: int = 0, description: str = "", journal_id: int,
              reverses_id: int | None = None, user_id: int | None, now: str) -> int:
    return db.execute(
        "INSERT INTO loan_tx (loan_id, date, kind, amount, principal, interest, penalty, description, journal_id, "
        "reverses_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [loan_id, on.isoformat(), kind.value, amount, principal, interest, penalty, description, journal_id,
         reverses_id, now, user_id]).lastrowid


def insert_txs(db: sqlite_utils.Database, rows: Sequence[tuple], user_id: int | None, now: str) -> list[int]:
    """Many money events at once. rows: (loan_id, date, kind, amount, principal, interest, penalty, description,
    journal_id). Returns their ids, in order."""
    start = db.execute("SELECT coalesce(max(id), 0) FROM loan_tx").fetchone()[0] + 1
    db.conn.executemany(
        "INSERT INTO loan_tx (id, loan_id, date, kind, amount, principal, interest, penalty, description, journal_id, "
        "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(start + k, *r, now, user_id) for k, r in enumerate(rows)])
    return list(range(start, start + len(rows)))


def insert_allocations_many(db: sqlite_utils.Database, items: Iterable[tuple[int, Sequence[Allocation]]]) -> None:
    db.conn.executemany("INSERT INTO loan_alloc (tx_id, no, principal, interest, penalty) VALUES (?, ?, ?, ?, ?)",
                        [(tx_id, a.no, a.principal, a.interest, a.penalty) for tx_id, allocs in items for a in allocs])


def insert_allocations(db: sqlite_utils.Database, tx_id: int, allocations: Iterable[Allocation]) -> None:
    db.conn.executemany("INSERT INTO loan_alloc (tx_id, no, principal, interest, penalty) VALUES (?, ?, ?, ?, ?)",
                        [(tx_id, a.no, a.principal, a.interest, a.penalty) for a in allocations])


def insert_instalments(db: sqlite_utils.Database, disbursement_id: int, loan_id: int,
                       rows: Iterable[DueInstalment]) -> None:
    db.conn.executemany(
        "INSERT INTO loan_instalments (disbursement_id, loan_id, no, due_date, principal, interest) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(disbursement_id, loan_id, r.no, r.due.isoformat(), r.principal, r.interest) for r in rows])


def tx(db: sqlite_utils.Database, tx_id: int) -> LoanTx | None:
    r = db.execute(f"SELECT {TX_COLS} FROM loan_tx t JOIN journals j ON j.id = t.journal_id WHERE t.id = ?",
                   [tx_id]).fetchone()
    return _tx(r) if r else None


def txs(db: sqlite_utils.Database, loan_id: int) -> list[LoanTx]:
    return [_tx(r) for r in db.execute(f"SELECT {TX_COLS} FROM loan_tx t JOIN journals j ON j.id = t.journal_id "
                                       "WHERE t.loan_id = ? ORDER BY t.date, t.id", [loan_id])]


def txs_for_journal(db: sqlite_utils.Database, journal_id: int) -> list[LoanTx]:
    return [_tx(r) for r in db.execute(f"SELECT {TX_COLS} FROM loan_tx t JOIN journals j ON j.id = t.journal_id "
                                       "WHERE t.journal_id = ? ORDER BY t.id", [journal_id])]


def allocations(db: sqlite_utils.Database, loan_id: int) -> dict[int, tuple[Allocation, ...]]:
    out: dict[int, list[Allocation]] = {}
    for tx_id, no, p, i, d in db.execute(
            "SELECT a.tx_id, a.no, a.principal, a.interest, a.penalty FROM loan_alloc a "
            "JOIN loan_tx t ON t.id = a.tx_id WHERE t.loan_id = ? ORDER BY a.tx_id, a.no", [loan_id]):
        out.setdefault(tx_id, []).append(Allocation(no, p, i, d))
    return {k: tuple(v) for k, v in out.items()}


def events(db: sqlite_utils.Database, loan_id: int) -> list[LoanEvent]:
    """The replay's input, in date and posting order: every event that paid instalments with its stored
    allocation, the events that closed the loan (payoff, restructuring, write-off, offset on leaving: what is left
    is no longer charged) and their reversals. An offset against the savings (one journal, several lines) is one
    settling event whose allocation the replay derives."""
    return events_many(db, [loan_id])[loan_id]


def events_many(db: sqlite_utils.Database, loan_ids: Sequence[int]) -> dict[int, list[LoanEvent]]:
    """``events`` for many loans, two queries per 900 loans."""
    rows: dict[int, list[tuple]] = {lid: [] for lid in loan_ids}
    allocs: dict[int, list[Allocation]] = {}
    for start in range(0, len(loan_ids), 900):
        chunk = list(loan_ids[start:start + 900])
        marks = ",".join("?" * len(chunk))
        for r in db.execute(f"SELECT loan_id, id, date, kind, journal_id, reverses_id FROM loan_tx "
                            f"WHERE loan_id IN ({marks}) ORDER BY loan_id, date, id", chunk):
            rows[r[0]].append(r[1:])
        for tx_id, no, p, i, d in db.execute(
                "SELECT a.tx_id, a.no, a.principal, a.interest, a.penalty FROM loan_alloc a JOIN loan_tx t "
                f"ON t.id = a.tx_id WHERE t.loan_id IN ({marks}) ORDER BY a.tx_id, a.no", chunk):
            allocs.setdefault(tx_id, []).append(Allocation(no, p, i, d))
    frozen = {k: tuple(v) for k, v in allocs.items()}
    return {lid: _events(r, frozen) for lid, r in rows.items()}


_CLOSING = {k.value for k in (LoanTxKind.PELUNASAN, LoanTxKind.RESTRUKTURISASI, LoanTxKind.HAPUS_BUKU,
                              LoanTxKind.POTONG_SIMPANAN)}


def _events(rows: Sequence[tuple], allocs: dict[int, tuple[Allocation, ...]]) -> list[LoanEvent]:
    """rows: (id, date, kind, journal_id, reverses_id) in date and posting order."""
    kinds = {r[0]: r[2] for r in rows}
    out: list[LoanEvent] = []
    settled_journals: set[int] = set()
    for tx_id, d, kind, journal_id, reverses_id in rows:
        on = dt.date.fromisoformat(d)
        if kind == "potong_simpanan":
            if journal_id not in settled_journals:
                settled_journals.add(journal_id)
                out.append(LoanEvent(on, settle=True, closes=True))
        elif kind in _CLOSING:
            out.append(LoanEvent(on, allocs.get(tx_id, ()), closes=True))
        elif kind == "pembalik" and kinds.get(reverses_id) in _CLOSING:
            out.append(LoanEvent(on, allocs.get(tx_id, ()), reopens=True))
        elif tx_id in allocs:
            out.append(LoanEvent(on, allocs[tx_id]))
    return out


def active_disbursement(db: sqlite_utils.Database, loan_id: int) -> int | None:
    r = db.execute("SELECT t.id FROM loan_tx t WHERE t.loan_id = ? AND t.kind = 'pencairan' AND NOT EXISTS "
                   "(SELECT 1 FROM loan_tx r WHERE r.reverses_id = t.id) ORDER BY t.id DESC LIMIT 1",
                   [loan_id]).fetchone()
    return r[0] if r else None


def schedule(db: sqlite_utils.Database, loan_id: int) -> tuple[DueInstalment, ...]:
    """The schedule frozen by the loan's (unreversed) disbursement; empty before it is paid out."""
    did = active_disbursement(db, loan_id)
    if did is None:
        return ()
    return tuple(DueInstalment(no, dt.date.fromisoformat(d), p, i) for no, d, p, i in db.execute(
        "SELECT no, due_date, principal, interest FROM loan_instalments WHERE disbursement_id = ? ORDER BY no",
        [did]))


def outstanding(db: sqlite_utils.Database, loan_id: int, as_of: dt.date | None = None) -> int:
    sql, params = "SELECT coalesce(sum(principal), 0) FROM loan_tx WHERE loan_id = ?", [loan_id]
    if as_of:
        sql += " AND date <= ?"
        params.append(as_of.isoformat())
    return db.execute(sql, params).fetchone()[0]


def last_event_date(db: sqlite_utils.Database, loan_id: int) -> dt.date | None:
    r = db.execute("SELECT max(date) FROM loan_tx WHERE loan_id = ?", [loan_id]).fetchone()
    return _d(r[0])


def ids_by_number(db: sqlite_utils.Database, numbers: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for start in range(0, len(numbers), 900):
        chunk = list(numbers[start:start + 900])
        out.update(db.execute(f"SELECT number, id FROM loans WHERE number IN ({','.join('?' * len(chunk))})",
                              chunk).fetchall())
    return out


def last_event_dates(db: sqlite_utils.Database, loan_ids: Sequence[int]) -> dict[int, dt.date]:
    out: dict[int, dt.date] = {}
    for start in range(0, len(loan_ids), 900):
        chunk = list(loan_ids[start:start + 900])
        for lid, d in db.execute(f"SELECT loan_id, max(date) FROM loan_tx WHERE loan_id IN "
                                 f"({','.join('?' * len(chunk))}) GROUP BY loan_id", chunk):
            out[lid] = dt.date.fromisoformat(d)
    return out


def member_names(db: sqlite_utils.Database, member_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """member_id -> (member number, full name)."""
    ids = sorted(set(member_ids))
    out: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for mid, number, name in db.execute(
                f"SELECT id, number, full_name FROM members WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            out[mid] = (number, name)
    return out


def member_outstanding(db: sqlite_utils.Database, member_id: int, exclude_loan: int | None = None) -> int:
    """The member's principal still owed on disbursed loans, plus approved loans not yet paid out."""
    r = db.execute(
        "SELECT coalesce((SELECT sum(t.principal) FROM loan_tx t JOIN loans l ON l.id = t.loan_id "
        "                 WHERE l.member_id = ? AND l.id IS NOT ?), 0) + "
        "       coalesce((SELECT sum(amount) FROM loans WHERE member_id = ? AND status = 'disetujui' "
        "                 AND id IS NOT ? AND restructures_id IS NULL), 0)",
        [member_id, exclude_loan, member_id, exclude_loan]).fetchone()
    return r[0]


# ------------------------------------------------------------------------------------------------ portfolio


def outstanding_by_loan(db: sqlite_utils.Database, as_of: dt.date) -> dict[int, int]:
    """loan_id -> principal outstanding as of the date, for loans with something outstanding."""
    return {lid: total for lid, total in db.execute(
        "SELECT loan_id, sum(principal) FROM loan_tx WHERE date <= ? GROUP BY loan_id HAVING sum(principal) <> 0",
        [as_of.isoformat()])}


def schedules(db: sqlite_utils.Database, loan_ids: Sequence[int]) -> dict[int, tuple[DueInstalment, ...]]:
    """The current frozen schedule of many loans (one query per 900 loans)."""
    out: dict[int, list[DueInstalment]] = {lid: [] for lid in loan_ids}
    for start in range(0, len(loan_ids), 900):
        chunk = list(loan_ids[start:start + 900])
        marks = ",".join("?" * len(chunk))
        for lid, no, d, p, i in db.execute(
                "SELECT i.loan_id, i.no, i.due_date, i.principal, i.interest FROM loan_instalments i "
                "WHERE i.disbursement_id IN (SELECT t.id FROM loan_tx t WHERE t.kind = 'pencairan' "
                f"  AND t.loan_id IN ({marks}) AND NOT EXISTS (SELECT 1 FROM loan_tx r WHERE r.reverses_id = t.id)) "
                "ORDER BY i.loan_id, i.no", chunk):
            out[lid].append(DueInstalment(no, dt.date.fromisoformat(d), p, i))
    return {k: tuple(v) for k, v in out.items()}


def paid_totals(db: sqlite_utils.Database, as_of: dt.date,
                loan_ids: Sequence[int] | None = None) -> dict[int, dict[int, tuple[int, int]]]:
    """loan_id -> {instalment no: (pokok paid, jasa paid)} from the allocations dated on or before ``as_of``."""
    out: dict[int, dict[int, tuple[int, int]]] = {}
    sql = ("SELECT t.loan_id, a.no, sum(a.principal), sum(a.interest) FROM loan_alloc a JOIN loan_tx t "
           "ON t.id = a.tx_id WHERE t.date <= ? ")
    if loan_ids is None:
        chunks: list[list[int] | None] = [None]
    else:
        chunks = [list(loan_ids[s:s + 900]) for s in range(0, len(loan_ids), 900)]
    for chunk in chunks:
        params: list = [as_of.isoformat()]
        where = ""
        if chunk is not None:
            where = f"AND t.loan_id IN ({','.join('?' * len(chunk))}) "
            params += chunk
        for lid, no, p, i in db.execute(sql + where + "GROUP BY t.loan_id, a.no", params):
            out.setdefault(lid, {})[no] = (p, i)
    return out


def arrears_by_loan(db: sqlite_utils.Database, as_of: dt.date) -> dict[int, tuple[dt.date | None, int]]:
    """loan_id -> (due date of the oldest instalment with pokok or jasa unpaid, jasa unpaid of the instalments past
    due) as of the date, summed in SQLite from the frozen schedules and the allocations dated on or before it."""
    rows = db.execute(
        "WITH paid AS (SELECT t.loan_id, a.no, sum(a.principal) AS p, sum(a.interest) AS i FROM loan_alloc a "
        "  JOIN loan_tx t ON t.id = a.tx_id WHERE t.date <= :d GROUP BY t.loan_id, a.no), "
        "live AS (SELECT i.loan_id, i.due_date, i.principal - coalesce(paid.p, 0) AS pu, "
        "  i.interest - coalesce(paid.i, 0) AS iu FROM loan_instalments i "
        "  LEFT JOIN paid ON paid.loan_id = i.loan_id AND paid.no = i.no "
        "  WHERE NOT EXISTS (SELECT 1 FROM loan_tx r WHERE r.reverses_id = i.disbursement_id)) "
        "SELECT loan_id, min(CASE WHEN pu + iu > 0 THEN due_date END), "
        "  sum(CASE WHEN due_date < :d AND iu > 0 THEN iu ELSE 0 END) FROM live GROUP BY loan_id",
        {"d": as_of.isoformat()})
    return {lid: (_d(oldest), jasa) for lid, oldest, jasa in rows}


def settled_by_offset(db: sqlite_utils.Database, as_of: dt.date) -> set[int]:
    """Loans settled by an offset against savings on leaving (their allocation is derived, not stored)."""
    return {r[0] for r in db.execute("SELECT DISTINCT loan_id FROM loan_tx WHERE kind = 'potong_simpanan' "
                                     "AND date <= ?", [as_of.isoformat()])}


def due_between(db: sqlite_utils.Database, date_from: dt.date, date_to: dt.date) -> list[tuple[int, int]]:
    """(loan_id, instalment no) of active loans' instalments falling due in the period."""
    return db.execute(
        "SELECT i.loan_id, i.no FROM loan_instalments i JOIN loans l ON l.id = i.loan_id "
        "JOIN loan_tx t ON t.id = i.disbursement_id WHERE l.status = 'aktif' AND i.due_date BETWEEN ? AND ? "
        "AND NOT EXISTS (SELECT 1 FROM loan_tx r WHERE r.reverses_id = t.id) ORDER BY i.due_date, i.loan_id",
        [date_from.isoformat(), date_to.isoformat()]).fetchall()


def receivable_totals(db: sqlite_utils.Database) -> list[tuple[int, int]]:
    """(receivable account id, principal outstanding of its loans) for every account loan products use."""
    return db.execute(
        "SELECT a.account_id, coalesce((SELECT sum(t.principal) FROM loan_tx t JOIN loans l ON l.id = t.loan_id "
        "  JOIN loan_products p ON p.id = l.product_id WHERE p.receivable_account_id = a.account_id), 0) "
        "FROM (SELECT DISTINCT receivable_account_id AS account_id FROM loan_products) a").fetchall()


def member_has_open_loan(db: sqlite_utils.Database, member_id: int) -> bool:
    return db.execute("SELECT 1 FROM loans WHERE member_id = ? AND status = 'aktif' LIMIT 1",
                      [member_id]).fetchone() is not None
