"""Users and sign-in. Passwords are scrypt hashes; a login is required once any user has a password."""

from __future__ import annotations

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import KopDeskError, NotFound, ValidationError
from kopdesk.domain.users import Perm, Role, User, hash_password, password_problems, verify_password
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.workspace import Workspace
from kopdesk.store import admin as admin_store


class LoginFailed(KopDeskError):
    pass


def list_users(ws: Workspace) -> list[User]:
    return admin_store.users(ws.db)


def login_required(ws: Workspace) -> bool:
    return admin_store.any_password(ws.db)


def default_user(ws: Workspace) -> User:
    """The user to act as when no one has a password: the first active admin."""
    for u in admin_store.users(ws.db):
        if u.active and u.role == Role.ADMIN:
            return u
    raise NotFound("Tidak ada pengguna admin yang aktif di file ini.")


def login(ws: Workspace, username: str, password: str) -> User:
    found = admin_store.user_by_name(ws.db, username.strip())
    if found is None or not found[0].active:
        raise LoginFailed("Nama pengguna atau kata sandi salah.")
    user, stored = found
    if stored is None:
        if password:
            raise LoginFailed("Nama pengguna atau kata sandi salah.")
    elif not verify_password(password, stored):
        raise LoginFailed("Nama pengguna atau kata sandi salah.")
    with ws.db.atomic():
        audit(ws.db, user, "masuk", "user", user.id)
    return user


def add_user(ws: Workspace, *, username: str, full_name: str, role: Role, password: str | None,
             by: User) -> tuple[User, Changes]:
    require(by, Perm.USERS)
    problems = []
    if not username.strip():
        problems.append("Nama pengguna wajib diisi.")
    elif admin_store.user_by_name(ws.db, username.strip()):
        problems.append(f"Nama pengguna '{username.strip()}' sudah dipakai.")
    if not full_name.strip():
        problems.append("Nama lengkap wajib diisi.")
    if password:
        problems += password_problems(password)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        uid = admin_store.insert_user(ws.db, username.strip(), full_name.strip(), Role(role),
                                      hash_password(password) if password else None, now_iso())
        audit(ws.db, by, "tambah_pengguna", "user", uid, {"username": username.strip(), "peran": Role(role).value})
    return admin_store.user(ws.db, uid), Changes(users=True)


def set_password(ws: Workspace, user_id: int, password: str | None, by: User) -> Changes:
    """An admin sets anyone's password; a user may change their own. ``None`` removes the password."""
    if by.id != user_id:
        require(by, Perm.USERS)
    if password:
        problems = password_problems(password)
        if problems:
            raise ValidationError(problems)
    with ws.db.atomic():
        admin_store.update_user(ws.db, user_id, password_hash=hash_password(password) if password else None)
        audit(ws.db, by, "ubah_kata_sandi" if password else "hapus_kata_sandi", "user", user_id)
    return Changes(users=True)


def update_user(ws: Workspace, user_id: int, *, full_name: str, role: Role, active: bool, by: User) -> Changes:
    require(by, Perm.USERS)
    target = admin_store.user(ws.db, user_id)
    if target is None:
        raise NotFound("Pengguna tidak ditemukan.")
    if not full_name.strip():
        raise ValidationError("Nama lengkap wajib diisi.")
    with ws.db.atomic():
        admin_store.update_user(ws.db, user_id, full_name=full_name.strip(), role=Role(role).value, active=int(active))
        admins = [u for u in admin_store.users(ws.db) if u.role == Role.ADMIN and u.active]
        if not admins:
            raise ValidationError("Harus ada paling sedikit satu admin yang aktif.")
        audit(ws.db, by, "ubah_pengguna", "user", user_id,
              {"nama": full_name.strip(), "peran": Role(role).value, "aktif": active})
    return Changes(users=True)
