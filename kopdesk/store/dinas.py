"""The Dinas workspace tables (migration 0008_dinas): rows <-> records of kopdesk.domain.dinas, and the queries.

A cooperative's last RAT is the later of the registry's date and its RAT history; its last predicate is the newer
of the registry's and the latest health assessment kept under its key (``health_assessments.coop_key``).
A recommendation's status is its latest follow-up's (by date, then entry order), Terbuka when it has none.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from types import MappingProxyType

import sqlite_utils

from kopdesk.domain.dinas import (
    CHECKLIST_KEYS,
    AttachmentInfo,
    Cooperative,
    CoopOfficial,
    CoopStatus,
    CoopYear,
    DinasSettings,
    FollowUp,
    FollowUpStatus,
    Officer,
    Problem,
    RatRecord,
    Recommendation,
    Severity,
    Visit,
    VisitKind,
)

KEY_PREFIX = "KOP-"

COOP_COLUMNS = ("key", "name", "legal_number", "legal_date", "nik_koperasi", "nik_expiry", "nib", "npwp", "address",
                "desa", "kecamatan", "kabupaten", "provinsi", "phone", "email", "coop_type", "business_class",
                "membership_area", "members_male", "members_female", "status", "last_rat_date", "last_predicate",
                "last_predicate_year", "notes")
_DATE_COLUMNS = {"legal_date", "nik_expiry", "last_rat_date"}


def _d(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def _iso(v: dt.date | None) -> str | None:
    return v.isoformat() if v else None


def _marks(n: int) -> str:
    return ", ".join("?" * n)


# ------------------------------------------------------------------------------------------------ cooperatives


def coop_values(c: Cooperative) -> dict:
    """The row values of a registry record (officials are kept apart)."""
    v = {col: getattr(c, col) for col in COOP_COLUMNS}
    for col in _DATE_COLUMNS:
        v[col] = _iso(v[col])
    v["status"] = CoopStatus(c.status).value
    return v


def next_key(db: sqlite_utils.Database) -> str:
    row = db.execute("SELECT max(CAST(substr(key, ?) AS INTEGER)) FROM dinas_coops WHERE key GLOB ?",
                     [len(KEY_PREFIX) + 1, f"{KEY_PREFIX}[0-9]*"]).fetchone()
    return f"{KEY_PREFIX}{(row[0] or 0) + 1:04d}"


def insert_coop(db: sqlite_utils.Database, c: Cooperative, now: str) -> None:
    v = coop_values(c)
    v["created_at"] = v["updated_at"] = now
    db.execute(f"INSERT INTO dinas_coops ({', '.join(v)}) VALUES ({_marks(len(v))})", list(v.values()))


def update_coop(db: sqlite_utils.Database, c: Cooperative, now: str) -> None:
    v = coop_values(c)
    key = v.pop("key")
    v["updated_at"] = now
    db.execute(f"UPDATE dinas_coops SET {', '.join(f'{k} = ?' for k in v)} WHERE key = ?", [*v.values(), key])


def coop_exists(db: sqlite_utils.Database, key: str) -> bool:
    return db.execute("SELECT 1 FROM dinas_coops WHERE key = ?", [key]).fetchone() is not None


def coop_name(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT name FROM dinas_coops WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def key_by_nik(db: sqlite_utils.Database, nik: str) -> str | None:
    row = db.execute("SELECT key FROM dinas_coops WHERE nik_koperasi = ? AND nik_koperasi <> ''", [nik]).fetchone()
    return row[0] if row else None


def _latest_predicates(db: sqlite_utils.Database, keys: Sequence[str] | None) -> dict[str, tuple[int, str]]:
    # only a finalised assessment is a result; a draft (typed so far, or pre-filled from a package) is not
    sql = ("SELECT coop_key, year, predicate FROM health_assessments WHERE coop_key <> '' AND predicate IS NOT NULL "
           "AND status = 'final'")
    params: list = []
    if keys is not None:
        sql += f" AND coop_key IN ({_marks(len(keys))})"
        params = list(keys)
    out: dict[str, tuple[int, str]] = {}
    for key, year, predicate in db.execute(sql + " ORDER BY year, updated_at, id", params):
        out[key] = (year, predicate)
    return out


def _latest_rats(db: sqlite_utils.Database, keys: Sequence[str] | None) -> dict[str, dt.date]:
    sql = "SELECT coop_key, max(held_on) FROM dinas_rat_history WHERE held_on IS NOT NULL"
    params: list = []
    if keys is not None:
        sql += f" AND coop_key IN ({_marks(len(keys))})"
        params = list(keys)
    return {k: _d(v) for k, v in db.execute(sql + " GROUP BY coop_key", params)}


def officials(db: sqlite_utils.Database, keys: Sequence[str] | None = None) -> dict[str, list[CoopOfficial]]:
    sql = "SELECT coop_key, role, name, phone, term_end FROM dinas_coop_officials"
    params: list = []
    if keys is not None:
        sql += f" WHERE coop_key IN ({_marks(len(keys))})"
        params = list(keys)
    out: dict[str, list[CoopOfficial]] = defaultdict(list)
    for key, role, name, phone, term_end in db.execute(sql + " ORDER BY coop_key, seq, id", params):
        out[key].append(CoopOfficial(role, name, phone, _d(term_end)))
    return out


def replace_officials(db: sqlite_utils.Database, key: str, items: Iterable[CoopOfficial]) -> None:
    db.execute("DELETE FROM dinas_coop_officials WHERE coop_key = ?", [key])
    for seq, o in enumerate(items, 1):
        db.execute("INSERT INTO dinas_coop_officials (coop_key, seq, role, name, phone, term_end) "
                   "VALUES (?, ?, ?, ?, ?, ?)", [key, seq, o.role, o.name.strip(), o.phone.strip(), _iso(o.term_end)])


def coops(db: sqlite_utils.Database, where: str = "", params: Sequence = (), *,
          order: str = "name COLLATE NOCASE, key") -> list[Cooperative]:
    """Registry records (with officials, effective last RAT and predicate) matching ``where``."""
    rows = db.execute(f"SELECT {', '.join(COOP_COLUMNS)} FROM dinas_coops {('WHERE ' + where) if where else ''} "
                      f"ORDER BY {order}", list(params)).fetchall()
    if not rows:
        return []
    keys = [r[0] for r in rows] if len(rows) < 500 else None
    offs, preds, rats = officials(db, keys), _latest_predicates(db, keys), _latest_rats(db, keys)
    out = []
    for r in rows:
        v = dict(zip(COOP_COLUMNS, r, strict=True))
        for col in _DATE_COLUMNS:
            v[col] = _d(v[col])
        v["status"] = CoopStatus(v["status"])
        key = v["key"]
        rat = rats.get(key)
        if rat is not None and (v["last_rat_date"] is None or rat > v["last_rat_date"]):
            v["last_rat_date"] = rat
        pred = preds.get(key)
        if pred is not None and (v["last_predicate_year"] is None or pred[0] >= v["last_predicate_year"]):
            v["last_predicate_year"], v["last_predicate"] = pred
        out.append(Cooperative(**v, officials=tuple(offs.get(key, ()))))
    return out


def get_coop(db: sqlite_utils.Database, key: str) -> Cooperative | None:
    found = coops(db, "key = ?", [key])
    return found[0] if found else None


# ------------------------------------------------------------------------------------------------ officers


def insert_officer(db: sqlite_utils.Database, o: Officer) -> int:
    return db.execute("INSERT INTO dinas_officers (name, nip, position, active) VALUES (?, ?, ?, ?)",
                      [o.name.strip(), o.nip.strip(), o.position.strip(), int(o.active)]).lastrowid


def update_officer(db: sqlite_utils.Database, o: Officer) -> None:
    db.execute("UPDATE dinas_officers SET name = ?, nip = ?, position = ?, active = ? WHERE id = ?",
               [o.name.strip(), o.nip.strip(), o.position.strip(), int(o.active), o.id])


def officers(db: sqlite_utils.Database, *, active_only: bool = False,
             ids: Sequence[int] | None = None) -> list[Officer]:
    sql, params = "SELECT id, name, nip, position, active FROM dinas_officers WHERE 1", []
    if active_only:
        sql += " AND active = 1"
    if ids is not None:
        sql += f" AND id IN ({_marks(len(ids))})"
        params = list(ids)
    return [Officer(i, n, nip, pos, bool(a)) for i, n, nip, pos, a in
            db.execute(sql + " ORDER BY name COLLATE NOCASE, id", params)]


def officer_by_nip(db: sqlite_utils.Database, nip: str) -> int | None:
    row = db.execute("SELECT id FROM dinas_officers WHERE nip = ? AND nip <> ''", [nip]).fetchone()
    return row[0] if row else None


# ------------------------------------------------------------------------------------------------ visits

VISIT_COLUMNS = ("coop_key", "visited_on", "start_time", "end_time", "kind", "location", "surat_tugas",
                 "observations", "next_visit_on")


def insert_visit(db: sqlite_utils.Database, values: dict, now: str, user_id: int | None) -> int:
    v = dict(values)
    v.update(created_at=now, created_by=user_id, updated_at=now, updated_by=user_id)
    return db.execute(f"INSERT INTO dinas_visits ({', '.join(v)}) VALUES ({_marks(len(v))})",
                      list(v.values())).lastrowid


def update_visit(db: sqlite_utils.Database, visit_id: int, values: dict, now: str, user_id: int | None) -> None:
    v = dict(values)
    v.update(updated_at=now, updated_by=user_id)
    db.execute(f"UPDATE dinas_visits SET {', '.join(f'{k} = ?' for k in v)} WHERE id = ?", [*v.values(), visit_id])


def replace_visit_officers(db: sqlite_utils.Database, visit_id: int, officer_ids: Sequence[int]) -> None:
    db.execute("DELETE FROM dinas_visit_officers WHERE visit_id = ?", [visit_id])
    for seq, oid in enumerate(officer_ids, 1):
        db.execute("INSERT INTO dinas_visit_officers (visit_id, officer_id, seq) VALUES (?, ?, ?)",
                   [visit_id, oid, seq])


def replace_representatives(db: sqlite_utils.Database, visit_id: int, reps: Sequence[tuple[str, str]]) -> None:
    db.execute("DELETE FROM dinas_visit_representatives WHERE visit_id = ?", [visit_id])
    for seq, (name, role) in enumerate(reps, 1):
        db.execute("INSERT INTO dinas_visit_representatives (visit_id, seq, name, role) VALUES (?, ?, ?, ?)",
                   [visit_id, seq, name.strip(), role.strip()])


def replace_checklist(db: sqlite_utils.Database, visit_id: int, answers: dict[str, bool | None]) -> None:
    db.execute("DELETE FROM dinas_visit_checklist WHERE visit_id = ?", [visit_id])
    for item, answer in answers.items():
        db.execute("INSERT INTO dinas_visit_checklist (visit_id, item, answer) VALUES (?, ?, ?)",
                   [visit_id, item, None if answer is None else int(bool(answer))])


def visit_header(db: sqlite_utils.Database, visit_id: int) -> tuple[str, dt.date] | None:
    """(coop_key, visited_on) of a visit."""
    row = db.execute("SELECT coop_key, visited_on FROM dinas_visits WHERE id = ?", [visit_id]).fetchone()
    return (row[0], _d(row[1])) if row else None


def _grouped(db: sqlite_utils.Database, sql: str, ids: Sequence[int]) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 500):
        chunk = list(ids[chunk_start:chunk_start + 500])
        for row in db.execute(sql.format(marks=_marks(len(chunk))), chunk):
            out[row[0]].append(row[1:])
    return out


def visits(db: sqlite_utils.Database, where: str = "", params: Sequence = ()) -> list[Visit]:
    """Whole visit records (officers, representatives, checklist, problems, recommendations, attachments)."""
    rows = db.execute(
        "SELECT v.id, v.coop_key, c.name, v.visited_on, v.start_time, v.end_time, v.kind, v.location, v.surat_tugas, "
        "v.observations, v.next_visit_on FROM dinas_visits v JOIN dinas_coops c ON c.key = v.coop_key "
        f"{('WHERE ' + where) if where else ''} ORDER BY v.visited_on DESC, v.id DESC", list(params)).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    offs = _grouped(db, "SELECT vo.visit_id, o.id, o.name, o.nip, o.position, o.active FROM dinas_visit_officers vo "
                        "JOIN dinas_officers o ON o.id = vo.officer_id WHERE vo.visit_id IN ({marks}) "
                        "ORDER BY vo.visit_id, vo.seq", ids)
    reps = _grouped(db, "SELECT visit_id, name, role FROM dinas_visit_representatives WHERE visit_id IN ({marks}) "
                        "ORDER BY visit_id, seq", ids)
    checks = _grouped(db, "SELECT visit_id, item, answer FROM dinas_visit_checklist WHERE visit_id IN ({marks})", ids)
    probs = _grouped(db, "SELECT visit_id, id, category, description, severity FROM dinas_problems "
                         "WHERE visit_id IN ({marks}) ORDER BY visit_id, seq", ids)
    atts = _grouped(db, "SELECT visit_id, id, filename, mime, size, caption, added_at FROM dinas_attachments "
                        "WHERE visit_id IN ({marks}) ORDER BY visit_id, id", ids)
    recs: dict[int, list[Recommendation]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start:chunk_start + 500]
        for r in recommendations(db, f"r.visit_id IN ({_marks(len(chunk))})", chunk):
            recs[r.visit_id].append(r)
    out = []
    for vid, key, name, on, start, end, kind, location, surat, obs, nxt in rows:
        answers = {k: None for k in CHECKLIST_KEYS}
        answers.update({item: None if a is None else bool(a) for item, a in checks.get(vid, ())})
        out.append(Visit(
            vid, key, name, _d(on), start, end, VisitKind(kind), location, surat,
            tuple(Officer(i, n, nip, pos, bool(a)) for i, n, nip, pos, a in offs.get(vid, ())),
            tuple((n, r) for n, r in reps.get(vid, ())), MappingProxyType(answers), obs,
            tuple(Problem(i, c, desc, Severity(s), vid) for i, c, desc, s in probs.get(vid, ())),
            tuple(sorted(recs.get(vid, ()), key=lambda r: r.seq)),
            tuple(AttachmentInfo(i, f, m, s, cap, at) for i, f, m, s, cap, at in atts.get(vid, ())),
            _d(nxt)))
    return out


def delete_visit(db: sqlite_utils.Database, visit_id: int) -> None:
    """A visit and everything under it (a recommendation with follow-ups is held by a foreign key)."""
    for table in ("dinas_recommendations", "dinas_problems", "dinas_attachments", "dinas_visit_checklist",
                  "dinas_visit_representatives", "dinas_visit_officers"):
        db.execute(f"DELETE FROM {table} WHERE visit_id = ?", [visit_id])
    db.execute("DELETE FROM dinas_visits WHERE id = ?", [visit_id])


def last_visits(db: sqlite_utils.Database) -> dict[str, dt.date]:
    return {k: _d(v) for k, v in db.execute("SELECT coop_key, max(visited_on) FROM dinas_visits GROUP BY coop_key")}


def count_visits(db: sqlite_utils.Database, date_from: dt.date, date_to: dt.date) -> int:
    return db.execute("SELECT count(*) FROM dinas_visits WHERE visited_on BETWEEN ? AND ?",
                      [date_from.isoformat(), date_to.isoformat()]).fetchone()[0]


# ------------------------------------------------------------------------------------------------ findings


def insert_problem(db: sqlite_utils.Database, visit_id: int, category: str, description: str,
                   severity: str) -> int:
    seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM dinas_problems WHERE visit_id = ?",
                     [visit_id]).fetchone()[0]
    return db.execute("INSERT INTO dinas_problems (visit_id, seq, category, description, severity) "
                      "VALUES (?, ?, ?, ?, ?)", [visit_id, seq, category, description, severity]).lastrowid


def insert_recommendation(db: sqlite_utils.Database, visit_id: int, text: str, pic: str, due_on: dt.date | None,
                          now: str) -> int:
    seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM dinas_recommendations WHERE visit_id = ?",
                     [visit_id]).fetchone()[0]
    return db.execute("INSERT INTO dinas_recommendations (visit_id, seq, text, pic, due_on, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?)", [visit_id, seq, text, pic, _iso(due_on), now]).lastrowid


def update_recommendation(db: sqlite_utils.Database, rec_id: int, text: str, pic: str,
                          due_on: dt.date | None) -> None:
    db.execute("UPDATE dinas_recommendations SET text = ?, pic = ?, due_on = ? WHERE id = ?",
               [text, pic, _iso(due_on), rec_id])


def insert_follow_up(db: sqlite_utils.Database, rec_id: int, on: dt.date, status: str, note: str, evidence: str,
                     now: str, user_id: int | None) -> int:
    return db.execute("INSERT INTO dinas_follow_ups (recommendation_id, on_date, status, note, evidence, created_at, "
                      "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [rec_id, on.isoformat(), status, note, evidence, now, user_id]).lastrowid


def recommendations(db: sqlite_utils.Database, where: str = "", params: Sequence = ()) -> list[Recommendation]:
    """Recommendations with their follow-up history and current status, ordered by visit date and number."""
    rows = db.execute(
        "SELECT r.id, r.visit_id, v.coop_key, r.seq, r.text, r.pic, r.due_on, c.name, v.visited_on "
        "FROM dinas_recommendations r JOIN dinas_visits v ON v.id = r.visit_id "
        f"JOIN dinas_coops c ON c.key = v.coop_key {('WHERE ' + where) if where else ''} "
        "ORDER BY v.visited_on, r.visit_id, r.seq", list(params)).fetchall()
    if not rows:
        return []
    hist = _grouped(db, "SELECT recommendation_id, id, on_date, status, note, evidence FROM dinas_follow_ups "
                        "WHERE recommendation_id IN ({marks}) ORDER BY recommendation_id, on_date, id",
                    [r[0] for r in rows])
    out = []
    for rid, vid, key, seq, text, pic, due, name, visited in rows:
        history = tuple(FollowUp(i, _d(on), FollowUpStatus(s), note, ev) for i, on, s, note, ev in hist.get(rid, ()))
        status = history[-1].status if history else FollowUpStatus.TERBUKA
        out.append(Recommendation(rid, vid, key, seq, text, pic, _d(due), status, history, name, _d(visited)))
    return out


def recommendation_header(db: sqlite_utils.Database, rec_id: int) -> tuple[int, str, dt.date] | None:
    """(visit_id, coop_key, visited_on) of a recommendation."""
    row = db.execute("SELECT r.visit_id, v.coop_key, v.visited_on FROM dinas_recommendations r "
                     "JOIN dinas_visits v ON v.id = r.visit_id WHERE r.id = ?", [rec_id]).fetchone()
    return (row[0], row[1], _d(row[2])) if row else None


# ------------------------------------------------------------------------------------------------ attachments


def insert_attachment(db: sqlite_utils.Database, visit_id: int, filename: str, mime: str, data: bytes, caption: str,
                      now: str, user_id: int | None) -> int:
    return db.execute("INSERT INTO dinas_attachments (visit_id, filename, mime, size, caption, data, added_at, "
                      "added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      [visit_id, filename, mime, len(data), caption, bytes(data), now, user_id]).lastrowid


def attachment_info(db: sqlite_utils.Database, att_id: int) -> AttachmentInfo | None:
    row = db.execute("SELECT id, filename, mime, size, caption, added_at FROM dinas_attachments WHERE id = ?",
                     [att_id]).fetchone()
    return AttachmentInfo(*row) if row else None


def attachment_data(db: sqlite_utils.Database, att_id: int) -> bytes | None:
    row = db.execute("SELECT data FROM dinas_attachments WHERE id = ?", [att_id]).fetchone()
    return bytes(row[0]) if row else None


def delete_attachment(db: sqlite_utils.Database, att_id: int) -> None:
    db.execute("DELETE FROM dinas_attachments WHERE id = ?", [att_id])


# ------------------------------------------------------------------------------------------------ RAT and packages


def upsert_rat(db: sqlite_utils.Database, key: str, year: int, held_on: dt.date | None, source: str, now: str) -> None:
    db.execute("INSERT INTO dinas_rat_history (coop_key, year, held_on, source, recorded_at) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT (coop_key, year) DO UPDATE SET held_on = excluded.held_on, source = excluded.source, "
               "recorded_at = excluded.recorded_at", [key, year, _iso(held_on), source, now])


def rat_records(db: sqlite_utils.Database, key: str | None = None, year: int | None = None) -> list[RatRecord]:
    sql, params = "SELECT coop_key, year, held_on, source FROM dinas_rat_history WHERE 1", []
    if key is not None:
        sql += " AND coop_key = ?"
        params.append(key)
    if year is not None:
        sql += " AND year = ?"
        params.append(year)
    return [RatRecord(k, y, _d(h), s) for k, y, h, s in db.execute(sql + " ORDER BY coop_key, year", params)]


def upsert_coop_year(db: sqlite_utils.Database, key: str, year: int, data: dict, sha256: str, now: str,
                     user_id: int | None) -> None:
    db.execute("INSERT INTO dinas_coop_years (coop_key, year, data, package_sha256, imported_at, imported_by) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (coop_key, year) DO UPDATE SET data = excluded.data, "
               "package_sha256 = excluded.package_sha256, imported_at = excluded.imported_at, "
               "imported_by = excluded.imported_by",
               [key, year, json.dumps(data, ensure_ascii=False, sort_keys=True), sha256, now, user_id])


def coop_years(db: sqlite_utils.Database, key: str, year: int | None = None) -> list[CoopYear]:
    sql, params = "SELECT coop_key, year, data, package_sha256, imported_at FROM dinas_coop_years WHERE coop_key = ?", [
        key]
    if year is not None:
        sql += " AND year = ?"
        params.append(year)
    return [CoopYear(k, y, json.loads(d), s, at) for k, y, d, s, at in db.execute(sql + " ORDER BY year", params)]


# ------------------------------------------------------------------------------------------------ settings


def load_settings(db: sqlite_utils.Database) -> DinasSettings:
    row = db.execute("SELECT inactive_threshold_years, attachment_max_bytes, not_visited_months FROM dinas_settings "
                     "WHERE id = 1").fetchone()
    return DinasSettings(*row) if row else DinasSettings()


def save_settings(db: sqlite_utils.Database, s: DinasSettings) -> None:
    db.execute("INSERT INTO dinas_settings (id, inactive_threshold_years, attachment_max_bytes, not_visited_months) "
               "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET inactive_threshold_years = excluded."
               "inactive_threshold_years, attachment_max_bytes = excluded.attachment_max_bytes, "
               "not_visited_months = excluded.not_visited_months",
               [s.inactive_threshold_years, s.attachment_max_bytes, s.not_visited_months])
