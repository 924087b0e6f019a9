"""Health assessment records (penilaian kesehatan): rows of ``health_assessments`` and ``health_findings``.

JSON columns hold text decimals only (``str(Decimal)``), never floats. ``coop_key`` '' is the workspace's own
cooperative. A finalised row and its findings are frozen by triggers (schema migration 0006_health).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

COLUMNS = ("id", "coop_key", "year", "method", "options", "status", "inputs", "derived", "overrides", "answers",
           "result", "total", "predicate", "examiner", "assessed_on", "notes", "created_at", "created_by",
           "updated_at", "updated_by", "finalised_at", "finalised_by")
JSON_COLUMNS = ("options", "inputs", "derived", "overrides", "result")


@dataclass(frozen=True, slots=True)
class FindingRow:
    id: int
    assessment_id: int
    kind: str                # temuan / rekomendasi
    seq: int
    text: str
    due_on: str | None
    status: str              # terbuka / proses / selesai


def _row(values) -> dict:
    row = dict(zip(COLUMNS, values, strict=True))
    for c in JSON_COLUMNS:
        row[c] = json.loads(row[c]) if row[c] else {}
    return row


def get(db: sqlite_utils.Database, coop_key: str, year: int, method: str) -> dict | None:
    r = db.execute(f"SELECT {', '.join(COLUMNS)} FROM health_assessments WHERE coop_key = ? AND year = ? "
                   "AND method = ?", [coop_key, year, method]).fetchone()
    return _row(r) if r else None


def get_by_id(db: sqlite_utils.Database, assessment_id: int) -> dict | None:
    r = db.execute(f"SELECT {', '.join(COLUMNS)} FROM health_assessments WHERE id = ?", [assessment_id]).fetchone()
    return _row(r) if r else None


def list_rows(db: sqlite_utils.Database, coop_key: str, year: int | None = None) -> list[dict]:
    sql = f"SELECT {', '.join(COLUMNS)} FROM health_assessments WHERE coop_key = ?"
    params: list = [coop_key]
    if year is not None:
        sql += " AND year = ?"
        params.append(year)
    return [_row(r) for r in db.execute(sql + " ORDER BY year, method, id", params)]


def upsert(db: sqlite_utils.Database, values: dict) -> int:
    """Insert or update (by coop_key, year, method); JSON columns given as dicts. Returns the id."""
    v = {k: (json.dumps(x, sort_keys=True) if k in JSON_COLUMNS else x) for k, x in values.items()}
    existing = db.execute("SELECT id FROM health_assessments WHERE coop_key = ? AND year = ? AND method = ?",
                          [v["coop_key"], v["year"], v["method"]]).fetchone()
    if existing is None:
        cols = list(v)
        cur = db.execute(f"INSERT INTO health_assessments ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [v[c] for c in cols])
        return cur.lastrowid
    cols = [c for c in v if c not in ("coop_key", "year", "method", "created_at", "created_by")]
    db.execute(f"UPDATE health_assessments SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
               [*(v[c] for c in cols), existing[0]])
    return existing[0]


def finalise(db: sqlite_utils.Database, assessment_id: int, at: str, user_id: int | None) -> None:
    db.execute("UPDATE health_assessments SET status = 'final', finalised_at = ?, finalised_by = ? WHERE id = ?",
               [at, user_id, assessment_id])


def delete(db: sqlite_utils.Database, assessment_id: int) -> None:
    db.execute("DELETE FROM health_findings WHERE assessment_id = ?", [assessment_id])
    db.execute("DELETE FROM health_assessments WHERE id = ?", [assessment_id])


def findings(db: sqlite_utils.Database, assessment_id: int) -> list[FindingRow]:
    return [FindingRow(*r) for r in db.execute(
        "SELECT id, assessment_id, kind, seq, text, due_on, status FROM health_findings WHERE assessment_id = ? "
        "ORDER BY kind DESC, seq, id", [assessment_id])]


def replace_findings(db: sqlite_utils.Database, assessment_id: int,
                     rows: list[tuple[str, int, str, str | None, str]]) -> None:
    """rows: (kind, seq, text, due_on, status)."""
    db.execute("DELETE FROM health_findings WHERE assessment_id = ?", [assessment_id])
    for kind, seq, text, due_on, status in rows:
        db.execute("INSERT INTO health_findings (assessment_id, kind, seq, text, due_on, status) "
                   "VALUES (?, ?, ?, ?, ?, ?)", [assessment_id, kind, seq, text, due_on, status])


# ------------------------------------------------------------------------------------------------ templates


@dataclass(frozen=True, slots=True)
class TemplateRow:
    id: int
    method: str
    version: int
    based_on: int | None
    source: str              # canonical JSON of the validated template
    note: str
    created_at: str
    created_by: int | None


_TEMPLATE_COLUMNS = "id, method, version, based_on, source, note, created_at, created_by"


def templates(db: sqlite_utils.Database, method: str) -> list[TemplateRow]:
    return [TemplateRow(*r) for r in db.execute(
        f"SELECT {_TEMPLATE_COLUMNS} FROM health_templates WHERE method = ? ORDER BY version", [method])]


def template(db: sqlite_utils.Database, method: str, version: int) -> TemplateRow | None:
    r = db.execute(f"SELECT {_TEMPLATE_COLUMNS} FROM health_templates WHERE method = ? AND version = ?",
                   [method, version]).fetchone()
    return TemplateRow(*r) if r else None


def insert_template(db: sqlite_utils.Database, method: str, version: int, based_on: int | None, source: str,
                    note: str, at: str, user_id: int | None) -> int:
    cur = db.execute("INSERT INTO health_templates (method, version, based_on, source, note, created_at, created_by) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", [method, version, based_on, source, note, at, user_id])
    return cur.lastrowid
