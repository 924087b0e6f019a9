"""Users, roles and permissions, and password hashing (scrypt, memory-hard; never stored in clear)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

UserId = NewType("UserId", int)


class Role(StrEnum):
    ADMIN = "admin"
    BENDAHARA = "bendahara"
    PENGURUS = "pengurus"
    PENGAWAS = "pengawas"
    PETUGAS_DINAS = "petugas_dinas"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Admin",
    Role.BENDAHARA: "Bendahara / Teller",
    Role.PENGURUS: "Pengurus (hanya baca)",
    Role.PENGAWAS: "Pengawas (hanya baca)",
    Role.PETUGAS_DINAS: "Petugas Dinas",
}


class Perm(StrEnum):
    VIEW = "view"                    # read books and reports
    POST = "post"                    # post journals, cash book, deposits...
    REVERSE = "reverse"              # reverse a posted journal
    ACCOUNTS = "accounts"            # add / rename / deactivate accounts
    PROFILE = "profile"              # cooperative profile and AD/ART settings
    USERS = "users"                  # manage users
    PERIODS = "periods"              # lock / reopen periods
    DINAS = "dinas"                  # Dinas registry and coaching work
    MEMBERS = "members"              # member register
    APPROVE_LOANS = "approve_loans"  # approve/reject loans, restructurings, write-offs; judge collateral


PERM_LABELS = {
    Perm.VIEW: "melihat buku dan laporan",
    Perm.POST: "membukukan transaksi",
    Perm.REVERSE: "membatalkan (membalik) jurnal",
    Perm.ACCOUNTS: "mengubah daftar akun",
    Perm.PROFILE: "mengubah profil dan pengaturan koperasi",
    Perm.USERS: "mengelola pengguna",
    Perm.PERIODS: "mengunci atau membuka periode",
    Perm.DINAS: "mengelola data pembinaan Dinas",
    Perm.MEMBERS: "mengelola data anggota",
    Perm.APPROVE_LOANS: "menyetujui pinjaman",
}

ROLE_PERMS: dict[Role, frozenset[Perm]] = {
    Role.ADMIN: frozenset(Perm),
    Role.BENDAHARA: frozenset({Perm.VIEW, Perm.POST, Perm.REVERSE, Perm.ACCOUNTS, Perm.MEMBERS}),
    Role.PENGURUS: frozenset({Perm.VIEW}),
    Role.PENGAWAS: frozenset({Perm.VIEW}),
    Role.PETUGAS_DINAS: frozenset({Perm.VIEW, Perm.DINAS}),
}


@dataclass(frozen=True, slots=True)
class User:
    id: UserId
    username: str
    full_name: str
    role: Role
    active: bool = True
    has_password: bool = False

    def can(self, perm: Perm) -> bool:
        return self.active and perm in ROLE_PERMS[self.role]


# scrypt parameters: n=2**14, r=8, p=1 uses 16 MiB and ~50 ms: memory-hard, quick enough for a login dialog.
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algo != "scrypt":
        return False
    got = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                         dklen=len(digest) // 2)
    return hmac.compare_digest(got.hex(), digest)


def password_problems(password: str) -> list[str]:
    if len(password) < 6:
        return ["Kata sandi minimal 6 karakter."]
    return []
