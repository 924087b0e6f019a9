"""Members (anggota): the record, statuses, the member-number pattern and validation (spec §6.1-6.2)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

from kopdesk.domain.nik import check_nik

MemberId = NewType("MemberId", int)


class MemberStatus(StrEnum):
    CALON = "calon"
    AKTIF = "aktif"
    NON_AKTIF = "non_aktif"
    KELUAR = "keluar"
    DIBERHENTIKAN = "diberhentikan"
    MENINGGAL = "meninggal"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_member(self) -> bool:
        """Still belongs to the cooperative (counts for quorum, may transact)."""
        return self in (MemberStatus.CALON, MemberStatus.AKTIF, MemberStatus.NON_AKTIF)


STATUS_LABELS = {
    MemberStatus.CALON: "Calon anggota",
    MemberStatus.AKTIF: "Anggota",
    MemberStatus.NON_AKTIF: "Non-aktif",
    MemberStatus.KELUAR: "Keluar",
    MemberStatus.DIBERHENTIKAN: "Diberhentikan",
    MemberStatus.MENINGGAL: "Meninggal",
}

GENDERS = {"L": "Laki-laki", "P": "Perempuan"}


@dataclass(frozen=True, slots=True)
class Member:
    id: MemberId | None
    number: str
    full_name: str
    nik: str
    gender: str                      # "L" | "P"
    birth_place: str = ""
    birth_date: dt.date | None = None
    address: str = ""
    desa: str = ""
    kecamatan: str = ""
    kabupaten_kota: str = ""
    phone: str = ""
    occupation: str = ""
    employer_unit: str = ""          # KPRI / Kopkar: unit kerja
    nip: str = ""                    # KPRI / Kopkar: employee number
    join_date: dt.date | None = None
    status: MemberStatus = MemberStatus.AKTIF
    exit_date: dt.date | None = None
    exit_reason: str = ""
    heir_name: str = ""
    heir_relation: str = ""
    wajib_amount: int | None = None  # per-member amount when the AD allows tiers; None = AD/ART amount
    notes: str = ""
    has_photo: bool = False


def member_problems(m: Member, *, today: dt.date | None = None) -> tuple[list[str], list[str]]:
    """(errors, warnings) for a member form. Errors block saving; warnings are shown and accepted."""
    errors: list[str] = []
    warnings: list[str] = []
    if not m.full_name.strip():
        errors.append("Nama lengkap wajib diisi.")
    if m.gender not in GENDERS:
        errors.append("Jenis kelamin wajib dipilih (L atau P).")
    nik = check_nik(m.nik, birth_date=m.birth_date, female=(m.gender == "P") if m.gender in GENDERS else None,
                    today=today)
    errors += list(nik.errors)
    warnings += list(nik.warnings)
    if m.join_date is None:
        errors.append("Tanggal masuk wajib diisi.")
    elif today and m.join_date > today:
        errors.append("Tanggal masuk tidak boleh sesudah hari ini.")
    if m.birth_date and m.join_date and m.birth_date >= m.join_date:
        errors.append("Tanggal lahir harus sebelum tanggal masuk.")
    if m.phone and not re.fullmatch(r"[+\d][\d\s\-()]{6,19}", m.phone.strip()):
        errors.append("Nomor telepon hanya boleh berisi angka, spasi, tanda -, dan +.")
    if m.wajib_amount is not None and m.wajib_amount < 0:
        errors.append("Simpanan wajib per bulan tidak boleh negatif.")
    return errors, warnings


_TOKEN = re.compile(r"\{(UNIT|YYYY|MM|SEQ(?::(\d))?)\}")


def member_number(pattern: str, seq: int, *, on: dt.date, unit: str = "") -> str:
    """Fill a member-number pattern: tokens {UNIT}, {YYYY}, {MM}, {SEQ:n} (zero-padded to n digits).

    'A-{SEQ:4}' -> 'A-0001'; '{YYYY}.{MM}.{SEQ:4}' -> '2026.11.0015'.
    """

    def fill(m: re.Match) -> str:
        token = m.group(1)
        if token == "UNIT":
            return unit
        if token == "YYYY":
            return f"{on.year:04d}"
        if token == "MM":
            return f"{on.month:02d}"
        width = int(m.group(2) or 4)
        return f"{seq:0{width}d}"

    return _TOKEN.sub(fill, pattern)


def pattern_problems(pattern: str) -> list[str]:
    if "{SEQ" not in pattern:
        return ["Format nomor anggota harus memuat {SEQ} atau {SEQ:n}, misalnya A-{SEQ:4}."]
    leftover = _TOKEN.sub("", pattern)
    if "{" in leftover or "}" in leftover:
        return ["Format nomor anggota hanya mengenal {UNIT}, {YYYY}, {MM} dan {SEQ:n}."]
    return []


@dataclass(frozen=True, slots=True)
class MemberSettings:
    number_pattern: str = "A-{SEQ:4}"
    unit: str = ""                         # the {UNIT} token, e.g. a branch code
    exit_offsets_loans: bool = False       # leaving with a loan: offset it against savings instead of refusing
