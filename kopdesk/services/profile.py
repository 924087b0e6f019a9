"""Cooperative profile, logo, officials, AD/ART parameters and application settings."""

from __future__ import annotations

from dataclasses import asdict

from kopdesk.domain.changes import Changes
from kopdesk.domain.coop import (
    AdArt,
    AppSettings,
    CoopProfile,
    Official,
    adart_problems,
    official_problems,
    profile_problems,
)
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.users import Perm, User
from kopdesk.services.base import audit, require
from kopdesk.services.workspace import Workspace
from kopdesk.store import admin as admin_store

MAX_LOGO_BYTES = 2_000_000


def get_profile(ws: Workspace) -> CoopProfile:
    return admin_store.load_profile(ws.db)


def get_logo(ws: Workspace) -> bytes | None:
    return admin_store.load_logo(ws.db)


def save_profile(ws: Workspace, profile: CoopProfile, by: User) -> Changes:
    require(by, Perm.PROFILE)
    problems = profile_problems(profile)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        before = admin_store.load_profile(ws.db)
        admin_store.save_profile(ws.db, profile)
        changed = {k: v for k, v in asdict(profile).items() if asdict(before).get(k) != v and k != "has_logo"}
        audit(ws.db, by, "ubah_profil", "profil", 1, changed)
    return Changes(profile=True)


def set_logo(ws: Workspace, data: bytes | None, by: User) -> Changes:
    require(by, Perm.PROFILE)
    if data is not None:
        if len(data) > MAX_LOGO_BYTES:
            raise ValidationError("Logo terlalu besar (maksimal 2 MB).")
        if not (data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8")):
            raise ValidationError("Logo harus gambar PNG atau JPEG.")
    with ws.db.atomic():
        admin_store.save_logo(ws.db, data)
        audit(ws.db, by, "ubah_logo" if data else "hapus_logo", "profil", 1, {"ukuran": len(data or b"")})
    return Changes(profile=True)


def get_adart(ws: Workspace) -> AdArt:
    return admin_store.load_adart(ws.db)


def save_adart(ws: Workspace, adart: AdArt, by: User) -> Changes:
    require(by, Perm.PROFILE)
    problems = adart_problems(adart)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        admin_store.save_adart(ws.db, adart)
        audit(ws.db, by, "ubah_adart", "adart", "", {k: str(v) for k, v in asdict(adart).items()})
    return Changes(settings=True)


def get_app_settings(ws: Workspace) -> AppSettings:
    return admin_store.load_app_settings(ws.db)


def save_app_settings(ws: Workspace, settings: AppSettings, by: User) -> Changes:
    require(by, Perm.PROFILE)
    if settings.paper not in ("A4", "F4"):
        raise ValidationError("Ukuran kertas harus A4 atau F4.")
    with ws.db.atomic():
        admin_store.save_app_settings(ws.db, settings)
        audit(ws.db, by, "ubah_pengaturan", "pengaturan", "", asdict(settings))
    return Changes(settings=True)


def list_officials(ws: Workspace, active_only: bool = False) -> list[Official]:
    return admin_store.officials(ws.db, active_only=active_only)


def save_official(ws: Workspace, official: Official, by: User) -> tuple[int, Changes]:
    require(by, Perm.PROFILE)
    problems = official_problems(official)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        oid = admin_store.save_official(ws.db, official)
        audit(ws.db, by, "simpan_pejabat", "pejabat", oid, {"nama": official.name, "jabatan": official.role,
                                                            "aktif": official.active})
    return oid, Changes(profile=True)
