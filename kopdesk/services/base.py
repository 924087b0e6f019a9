"""Shared service plumbing: the acting user, permission checks, audit rows, timestamps."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kopdesk.domain.errors import PermissionDenied
from kopdesk.domain.users import PERM_LABELS, Perm, User
from kopdesk.store import admin as admin_store

if TYPE_CHECKING:
    import sqlite_utils  # annotations only: not imported on the start path


def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def require(by: User, perm: Perm) -> None:
    if by is None or not by.can(perm):
        who = by.full_name if by else "Pengguna"
        raise PermissionDenied(f"{who} tidak berwenang {PERM_LABELS[perm]}.")


def audit(db: sqlite_utils.Database, by: User | None, action: str, entity: str = "", entity_id: object = "",
          detail: dict | str = "") -> None:
    """Write one audit row. Call inside the service's transaction, after the change it records."""
    admin_store.insert_audit(db, at=now_iso(), user_id=by.id if by else None,
                             username=by.username if by else "sistem", action=action, entity=entity,
                             entity_id="" if entity_id is None else str(entity_id), detail=detail)
