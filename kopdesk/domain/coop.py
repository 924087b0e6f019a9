"""Cooperative profile, officials and the AD/ART parameters later features use. Validation returns every problem."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from kopdesk.domain.money import dec


class WorkspaceKind(StrEnum):
    KOPERASI = "koperasi"
    DINAS = "dinas"


COOP_TYPES: dict[str, str] = {
    "KSP": "Koperasi Simpan Pinjam (KSP)",
    "KSU": "Koperasi Serba Usaha (KSU) dengan unit simpan pinjam",
    "KPRI": "Koperasi Pegawai Republik Indonesia (KPRI)",
    "KOPKAR": "Koperasi Karyawan (Kopkar)",
    "KONSUMEN": "Koperasi Konsumen",
    "PRODUSEN": "Koperasi Produsen",
    "JASA": "Koperasi Jasa",
    "PEMASARAN": "Koperasi Pemasaran",
    "KSPPS": "Koperasi Simpan Pinjam dan Pembiayaan Syariah (KSPPS)",
}

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember")

PENGURUS_ROLES = ("Ketua", "Wakil Ketua", "Sekretaris", "Bendahara", "Anggota Pengurus")
PENGAWAS_ROLES = ("Ketua Pengawas", "Anggota Pengawas")


@dataclass(frozen=True, slots=True)
class CoopProfile:
    name: str = ""
    legal_number: str = ""          # nomor badan hukum
    legal_date: dt.date | None = None
    nik_koperasi: str = ""
    nib: str = ""
    npwp: str = ""
    street: str = ""
    desa: str = ""
    kecamatan: str = ""
    kabupaten_kota: str = ""
    province: str = ""
    postal_code: str = ""
    phone: str = ""
    email: str = ""
    coop_type: str = "KSP"
    fiscal_year_start_month: int = 1
    signing_city: str = ""          # "Banjarbaru, 25 November 2026" above signature blocks
    has_logo: bool = False

    def address_lines(self) -> list[str]:
        lines = [self.street] if self.street else []
        parts = [p for p in (f"Desa/Kel. {self.desa}" if self.desa else "",
                             f"Kec. {self.kecamatan}" if self.kecamatan else "") if p]
        if parts:
            lines.append(", ".join(parts))
        region = ", ".join(p for p in (self.kabupaten_kota, self.province) if p)
        if self.postal_code:
            region = f"{region} {self.postal_code}".strip()
        if region:
            lines.append(region)
        return lines

    @property
    def city_for_signature(self) -> str:
        if self.signing_city:
            return self.signing_city
        city = self.kabupaten_kota
        for prefix in ("Kota ", "Kabupaten ", "Kab. "):
            if city.startswith(prefix):
                city = city[len(prefix):]
        return city


def profile_problems(p: CoopProfile) -> list[str]:
    problems = []
    if not p.name.strip():
        problems.append("Nama koperasi wajib diisi.")
    if p.coop_type not in COOP_TYPES:
        problems.append("Jenis koperasi tidak dikenal.")
    if not 1 <= p.fiscal_year_start_month <= 12:
        problems.append("Bulan awal tahun buku harus 1 sampai 12.")
    if p.nik_koperasi and not re.fullmatch(r"\d{16}", p.nik_koperasi):
        problems.append(f"NIK koperasi harus 16 digit angka (yang dimasukkan: {len(p.nik_koperasi)} karakter).")
    if p.nib and not re.fullmatch(r"\d{13}", p.nib):
        problems.append(f"NIB harus 13 digit angka (yang dimasukkan: {len(p.nib)} karakter).")
    digits = re.sub(r"\D", "", p.npwp)
    if p.npwp and len(digits) not in (15, 16):
        problems.append("NPWP harus 15 atau 16 digit angka.")
    if p.email and "@" not in p.email:
        problems.append("Alamat email tidak valid.")
    return problems


@dataclass(frozen=True, slots=True)
class Official:
    id: int | None
    body: str            # "pengurus" | "pengawas"
    role: str            # Ketua, Sekretaris, ...
    name: str
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    phone: str = ""
    active: bool = True


def official_problems(o: Official) -> list[str]:
    problems = []
    if o.body not in ("pengurus", "pengawas"):
        problems.append("Kelompok pejabat harus pengurus atau pengawas.")
    if not o.name.strip():
        problems.append("Nama pejabat wajib diisi.")
    if not o.role.strip():
        problems.append("Jabatan wajib diisi.")
    if o.term_start and o.term_end and o.term_end <= o.term_start:
        problems.append("Akhir masa jabatan harus sesudah awal masa jabatan.")
    return problems


# SHU allocation keys in display order; percentages of SHU after tax. Defaults follow the worked example of
# spec §4.4 (40 / 20 + 20 / 5 / 5 / 5 / 2.5 / 2.5 = 100 %).
SHU_ALLOCATION_LABELS = {
    "cadangan": "Cadangan",
    "jasa_modal": "Jasa modal anggota",
    "jasa_usaha": "Jasa usaha anggota",
    "dana_pengurus": "Dana pengurus",
    "dana_karyawan": "Dana karyawan",
    "dana_pendidikan": "Dana pendidikan",
    "dana_sosial": "Dana sosial",
    "dana_pdk": "Dana pembangunan daerah kerja",
}

DEFAULT_SHU_ALLOCATION = {
    "cadangan": Decimal(40), "jasa_modal": Decimal(20), "jasa_usaha": Decimal(20), "dana_pengurus": Decimal(5),
    "dana_karyawan": Decimal(5), "dana_pendidikan": Decimal(5), "dana_sosial": Decimal("2.5"),
    "dana_pdk": Decimal("2.5"),
}


@dataclass(frozen=True, slots=True)
class AdArt:
    """AD/ART parameters: savings amounts, SHU allocation, quorum rule (spec §3.3, §4.2, §6.3)."""

    simpanan_pokok: int = 100_000
    simpanan_wajib: int = 50_000               # per month
    shu_allocation: dict[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_SHU_ALLOCATION))
    quorum_num: int = 1                        # quorum fraction of registered members
    quorum_den: int = 2
    quorum_strict: bool = True                 # True: "more than 1/2"; False: "at least 1/2"
    postponed_quorum_num: int = 1              # postponed meeting: at least 1/3 (0 = any number present)
    postponed_quorum_den: int = 3
    proxies_allowed: bool = False
    max_proxies_per_member: int = 1

    def with_(self, **kw) -> AdArt:
        return replace(self, **kw)

    def quorum_needed(self, registered: int, postponed: bool = False) -> int:
        """Members needed present. Strict 1/2 of 230 -> 116; postponed 1/3 of 230 -> 77 (spec §3.3)."""
        if postponed:
            if self.postponed_quorum_num == 0:
                return 1 if registered else 0
            n, d = self.postponed_quorum_num, self.postponed_quorum_den
            return -(-registered * n // d)  # ceil
        n, d = self.quorum_num, self.quorum_den
        if self.quorum_strict:
            return registered * n // d + 1
        return -(-registered * n // d)


def adart_problems(a: AdArt) -> list[str]:
    problems = []
    if a.simpanan_pokok < 0:
        problems.append("Simpanan pokok tidak boleh negatif.")
    if a.simpanan_wajib < 0:
        problems.append("Simpanan wajib per bulan tidak boleh negatif.")
    unknown = set(a.shu_allocation) - set(SHU_ALLOCATION_LABELS)
    if unknown:
        problems.append(f"Pos pembagian SHU tidak dikenal: {', '.join(sorted(unknown))}.")
    if any(dec(v) < 0 for v in a.shu_allocation.values()):
        problems.append("Persentase pembagian SHU tidak boleh negatif.")
    total = sum((dec(v) for v in a.shu_allocation.values()), Decimal(0))
    if total != 100:
        problems.append(f"Jumlah persentase pembagian SHU harus 100% (sekarang {total.normalize():f}%).")
    if not (0 < a.quorum_num < a.quorum_den):
        problems.append("Kuorum rapat harus pecahan antara 0 dan 1 (misalnya 1/2).")
    if a.postponed_quorum_num < 0 or (a.postponed_quorum_num and a.postponed_quorum_num >= a.postponed_quorum_den):
        problems.append("Kuorum rapat yang ditunda harus pecahan antara 0 dan 1 (0 = berapa pun yang hadir).")
    if a.proxies_allowed and a.max_proxies_per_member < 1:
        problems.append("Jumlah kuasa per anggota minimal 1 jika kuasa diizinkan.")
    return problems


@dataclass(frozen=True, slots=True)
class AppSettings:
    paper: str = "A4"        # "A4" | "F4"
    backup_dir: str = ""     # empty: next to the workspace file, in "cadangan"
