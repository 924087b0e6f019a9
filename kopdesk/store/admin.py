"""Profile, settings, officials, users, meta and the audit log: rows <-> records."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, fields
from decimal import Decimal
from typing import TYPE_CHECKING

from kopdesk.domain.coop import AdArt, AppSettings, CoopProfile, Official
from kopdesk.domain.users import Role, User, UserId

if TYPE_CHECKING:
    import sqlite_utils  # annotations only: not imported on the start path

PROFILE_FIELDS = [f.name for f in fields(CoopProfile) if f.name != "has_logo"]


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def get_meta(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [key, value])


def load_profile(db: sqlite_utils.Database) -> CoopProfile:
    row = db.execute(f"SELECT {', '.join(PROFILE_FIELDS)}, logo IS NOT NULL FROM coop_profile WHERE id = 1").fetchone()
    if row is None:
        return CoopProfile()
    values = dict(zip(PROFILE_FIELDS, row[:-1], strict=True))
    values["legal_date"] = _d(values["legal_date"])
    return CoopProfile(**values, has_logo=bool(row[-1]))


def save_profile(db: sqlite_utils.Database, p: CoopProfile) -> None:
    values = {name: getattr(p, name) for name in PROFILE_FIELDS}
    values["legal_date"] = _iso(p.legal_date)
    cols = ", ".join(PROFILE_FIELDS)
    marks = ", ".join("?" * len(PROFILE_FIELDS))
    updates = ", ".join(f"{c} = excluded.{c}" for c in PROFILE_FIELDS)
    db.execute(f"INSERT INTO coop_profile (id, {cols}) VALUES (1, {marks}) ON CONFLICT(id) DO UPDATE SET {updates}",
               list(values.values()))


def load_logo(db: sqlite_utils.Database) -> bytes | None:
    row = db.execute("SELECT logo FROM coop_profile WHERE id = 1").fetchone()
    return row[0] if row else None


def save_logo(db: sqlite_utils.Database, data: bytes | None) -> None:
    db.execute("UPDATE coop_profile SET logo = ? WHERE id = 1", [data])


def get_setting(db: sqlite_utils.Database, key: str, default=None):
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(db: sqlite_utils.Database, key: str, value) -> None:
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [key, json.dumps(value, ensure_ascii=False, sort_keys=True)])


def load_adart(db: sqlite_utils.Database) -> AdArt:
    raw = get_setting(db, "adart")
    if raw is None:
        return AdArt()
    raw = dict(raw)
    raw["shu_allocation"] = {k: Decimal(v) for k, v in raw.get("shu_allocation", {}).items()}
    known = {f.name for f in fields(AdArt)}
    return AdArt(**{k: v for k, v in raw.items() if k in known})


def save_adart(db: sqlite_utils.Database, a: AdArt) -> None:
    raw = asdict(a)
    raw["shu_allocation"] = {k: str(v) for k, v in a.shu_allocation.items()}  # Decimal as text, never float
    set_setting(db, "adart", raw)


def load_app_settings(db: sqlite_utils.Database) -> AppSettings:
    raw = get_setting(db, "app", {}) or {}
    known = {f.name for f in fields(AppSettings)}
    return AppSettings(**{k: v for k, v in raw.items() if k in known})


def save_app_settings(db: sqlite_utils.Database, s: AppSettings) -> None:
    set_setting(db, "app", asdict(s))


def officials(db: sqlite_utils.Database, *, active_only: bool = False) -> list[Official]:
    sql = "SELECT id, body, role, name, term_start, term_end, phone, active FROM officials"
    if active_only:
        sql += " WHERE active = 1"
    sql += " ORDER BY body DESC, id"
    return [Official(i, b, r, n, _d(s), _d(e), ph, bool(a)) for i, b, r, n, s, e, ph, a in db.execute(sql)]


def save_official(db: sqlite_utils.Database, o: Official) -> int:
    values = [o.body, o.role, o.name.strip(), _iso(o.term_start), _iso(o.term_end), o.phone, int(o.active)]
    if o.id is None:
        return db.execute("INSERT INTO officials (body, role, name, term_start, term_end, phone, active) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)", values).lastrowid
    db.execute("UPDATE officials SET body = ?, role = ?, name = ?, term_start = ?, term_end = ?, phone = ?, "
               "active = ? WHERE id = ?", [*values, o.id])
    return o.id


def _user(row) -> User:
    i, username, full_name, role, pw, active = row
    return User(UserId(i), username, full_name, Role(role), bool(active), pw is not None)


USER_COLS = "id, username, full_name, role, password_hash, active"


def users(db: sqlite_utils.Database) -> list[User]:
    return [_user(r) for r in db.execute(f"SELECT {USER_COLS} FROM users ORDER BY id")]


def user(db: sqlite_utils.Database, user_id: int) -> User | None:
    row = db.execute(f"SELECT {USER_COLS} FROM users WHERE id = ?", [user_id]).fetchone()
    return _user(row) if row else None


def user_by_name(db: sqlite_utils.Database, username: str) -> tuple[User, str | None] | None:
    row = db.execute(f"SELECT {USER_COLS} FROM users WHERE username = ?", [username]).fetchone()
    return (_user(row), row[4]) if row else None


def insert_user(db: sqlite_utils.Database, username: str, full_name: str, role: Role, password_hash: str | None,
                now: str) -> int:
    return db.execute("INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                      [username, full_name, role.value, password_hash, now]).lastrowid


def update_user(db: sqlite_utils.Database, user_id: int, **values) -> None:
    cols = ", ".join(f"{k} = ?" for k in values)
    db.execute(f"UPDATE users SET {cols} WHERE id = ?", [*values.values(), user_id])


def any_password(db: sqlite_utils.Database) -> bool:
    row = db.execute("SELECT 1 FROM users WHERE password_hash IS NOT NULL AND active = 1 LIMIT 1").fetchone()
    return row is not None


def insert_audit(db: sqlite_utils.Database, *, at: str, user_id: int | None, username: str, action: str,
                 entity: str = "", entity_id: str = "", detail: dict | str = "") -> None:
    if isinstance(detail, dict):
        detail = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    db.execute("INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)", [at, user_id, username, action, entity, str(entity_id), detail])


def audit_rows(db: sqlite_utils.Database, limit: int = 500) -> list[tuple]:
    return db.execute("SELECT at, username, action, entity, entity_id, detail FROM audit_log ORDER BY id DESC "
                      "LIMIT ?", [limit]).fetchall()
