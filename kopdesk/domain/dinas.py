"""The Dinas workspace in plain Python: registry records, coaching visits, follow-ups, and the supervision rules.

Rules (spec §8):
* ``inactive`` (§8.4): a cooperative is inactive when its last RAT is ``threshold_years`` (2 or 3, a setting) or
  more before today: last RAT 20-03-2021, today 25-11-2025, 3 years -> the cut-off is 25-11-2022 and 20-03-2021 is
  earlier, so inactive; with 2 years it is flagged from 20-03-2023 (the second anniversary itself). A cooperative
  with no RAT on record is inactive.
* ``missed_rats``: how many RAT deadlines (30 June after each financial year, spec §3.2) passed since the last RAT;
  one missed RAT is the early warning.
* ``rat_status``: a financial year's RAT held on time / late / not held / not due yet.
* ``classify``: the coaching need (priority 1 Mendesak .. 4 Rendah, with every reason) from the last health
  predicate, the RAT status and the open / overdue recommendations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from kopdesk.domain.coop import COOP_TYPES


class CoopStatus(StrEnum):
    AKTIF = "aktif"
    TIDAK_AKTIF = "tidak_aktif"
    BEKU = "beku"

    @property
    def label(self) -> str:
        return {"aktif": "Aktif", "tidak_aktif": "Tidak aktif", "beku": "Beku"}[self.value]


class VisitKind(StrEnum):
    PEMBINAAN_KELEMBAGAAN = "pembinaan_kelembagaan"
    PEMBINAAN_USAHA = "pembinaan_usaha"
    PEMBINAAN_KEUANGAN = "pembinaan_keuangan"
    PENDAMPINGAN_RAT = "pendampingan_rat"
    VERIFIKASI_ODS = "verifikasi_ods"
    MONITORING_TINDAK_LANJUT = "monitoring_tindak_lanjut"
    PEMERIKSAAN_KESEHATAN = "pemeriksaan_kesehatan"
    PEMERIKSAAN_KEPATUHAN = "pemeriksaan_kepatuhan"

    @property
    def label(self) -> str:
        return VISIT_KIND_LABELS[self]


VISIT_KIND_LABELS: Mapping[VisitKind, str] = MappingProxyType({
    VisitKind.PEMBINAAN_KELEMBAGAAN: "Pembinaan kelembagaan",
    VisitKind.PEMBINAAN_USAHA: "Pembinaan usaha",
    VisitKind.PEMBINAAN_KEUANGAN: "Pembinaan keuangan",
    VisitKind.PENDAMPINGAN_RAT: "Pendampingan RAT",
    VisitKind.VERIFIKASI_ODS: "Verifikasi data ODS",
    VisitKind.MONITORING_TINDAK_LANJUT: "Monitoring tindak lanjut",
    VisitKind.PEMERIKSAAN_KESEHATAN: "Pemeriksaan kesehatan",
    VisitKind.PEMERIKSAAN_KEPATUHAN: "Pemeriksaan kepatuhan",
})


class Severity(StrEnum):
    RENDAH = "rendah"
    SEDANG = "sedang"
    TINGGI = "tinggi"

    @property
    def label(self) -> str:
        return {"rendah": "Rendah", "sedang": "Sedang", "tinggi": "Tinggi"}[self.value]


class FollowUpStatus(StrEnum):
    TERBUKA = "terbuka"
    PROSES = "proses"
    SELESAI = "selesai"
    TIDAK_SELESAI = "tidak_selesai"

    @property
    def label(self) -> str:
        return {"terbuka": "Terbuka", "proses": "Dalam proses", "selesai": "Selesai",
                "tidak_selesai": "Tidak dilaksanakan"}[self.value]

    @property
    def open(self) -> bool:
        """Still waiting for the cooperative to act (can become overdue)."""
        return self in (FollowUpStatus.TERBUKA, FollowUpStatus.PROSES)


OPEN_STATUSES = (FollowUpStatus.TERBUKA, FollowUpStatus.PROSES)

#: The visit checklist (spec §8.2): key -> question. Answers are True (ya), False (tidak) or None (tidak diperiksa).
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("rat_diadakan", "RAT tahun lalu sudah diadakan?"),
    ("buku_mutakhir", "Pembukuan mutakhir (dicatat sampai bulan lalu)?"),
    ("simpan_pinjam_rekonsiliasi", "Saldo simpanan dan pinjaman cocok dengan buku besar (rekonsiliasi)?"),
    ("laporan_kolektibilitas", "Laporan kolektibilitas pinjaman dibuat setiap bulan?"),
    ("sop_tersedia", "SOP/SOM simpan pinjam tersedia dan dijalankan?"),
    ("laporan_keuangan", "Laporan keuangan tahun lalu tersedia (neraca, PHU)?"),
    ("pengurus_pengawas_aktif", "Pengurus dan pengawas lengkap dan masih dalam masa jabatan?"),
    ("izin_usaha", "Izin usaha simpan pinjam masih berlaku?"),
    ("data_ods", "Data ODS / NIK koperasi sudah dimutakhirkan?"),
    ("rapat_pengurus", "Rapat pengurus rutin diadakan dan ada notulennya?"),
)
CHECKLIST_KEYS = tuple(k for k, _ in CHECKLIST)
CHECKLIST_QUESTIONS: Mapping[str, str] = MappingProxyType(dict(CHECKLIST))

#: Problem categories (permasalahan): key -> label.
PROBLEM_CATEGORIES: Mapping[str, str] = MappingProxyType({
    "kelembagaan": "Kelembagaan",
    "usaha": "Usaha",
    "keuangan": "Keuangan",
    "sdm": "SDM (pengurus, pengawas, karyawan)",
    "kepatuhan": "Kepatuhan",
    "lainnya": "Lainnya",
})

#: Roles of a cooperative's officials kept in the registry: key -> label.
OFFICIAL_ROLES: Mapping[str, str] = MappingProxyType({
    "ketua": "Ketua", "sekretaris": "Sekretaris", "bendahara": "Bendahara", "pengawas": "Pengawas",
    "manajer": "Manajer",
})

#: Roles of the cooperative's representatives at a visit (free text is accepted too).
REPRESENTATIVE_ROLES = ("Ketua", "Sekretaris", "Bendahara", "Pengawas", "Manajer", "Karyawan", "Anggota")

ATTACHMENT_MIMES: Mapping[str, str] = MappingProxyType({
    "image/png": "Gambar PNG", "image/jpeg": "Gambar JPEG", "application/pdf": "Dokumen PDF"})
DEFAULT_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
INACTIVE_THRESHOLDS = (2, 3)


def sniff_mime(data: bytes) -> str | None:
    """The attachment type from its first bytes (never from the file name): PNG, JPEG, PDF, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


# ------------------------------------------------------------------------------------------------ records


@dataclass(frozen=True, slots=True)
class CoopOfficial:
    role: str                          # OFFICIAL_ROLES key
    name: str
    phone: str = ""
    term_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Cooperative:
    key: str = ""                      # "KOP-0001"; generated when empty
    name: str = ""
    legal_number: str = ""             # nomor badan hukum
    legal_date: dt.date | None = None
    nik_koperasi: str = ""
    nik_expiry: dt.date | None = None  # berlaku sertifikat NIK koperasi
    nib: str = ""
    npwp: str = ""
    address: str = ""
    desa: str = ""
    kecamatan: str = ""
    kabupaten: str = ""
    provinsi: str = ""
    phone: str = ""
    email: str = ""
    coop_type: str = "KSP"             # COOP_TYPES key
    business_class: str = ""           # kelompok / sektor usaha
    membership_area: str = ""          # wilayah keanggotaan
    members_male: int = 0
    members_female: int = 0
    status: CoopStatus = CoopStatus.AKTIF
    last_rat_date: dt.date | None = None
    last_predicate: str | None = None
    last_predicate_year: int | None = None
    notes: str = ""
    officials: tuple[CoopOfficial, ...] = ()

    @property
    def members(self) -> int:
        return self.members_male + self.members_female


@dataclass(frozen=True, slots=True)
class Officer:
    id: int | None
    name: str
    nip: str = ""
    position: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class Problem:
    id: int
    category: str
    description: str
    severity: Severity
    visit_id: int | None = None

    @property
    def category_label(self) -> str:
        return PROBLEM_CATEGORIES.get(self.category, self.category)


@dataclass(frozen=True, slots=True)
class FollowUp:
    id: int
    on: dt.date
    status: FollowUpStatus
    note: str = ""
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Recommendation:
    id: int
    visit_id: int
    coop_key: str
    seq: int
    text: str
    pic: str                           # the person responsible at the cooperative
    due_on: dt.date | None
    status: FollowUpStatus             # of the latest follow-up (Terbuka when none)
    history: tuple[FollowUp, ...] = ()
    coop_name: str = ""
    visited_on: dt.date | None = None

    def overdue(self, today: dt.date) -> bool:
        return self.status.open and self.due_on is not None and self.due_on < today

    def days_overdue(self, today: dt.date) -> int:
        return (today - self.due_on).days if self.overdue(today) else 0


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: int
    filename: str
    mime: str
    size: int
    caption: str
    added_at: str


@dataclass(frozen=True, slots=True)
class Visit:
    id: int
    coop_key: str
    coop_name: str
    visited_on: dt.date
    start_time: str | None
    end_time: str | None
    kind: VisitKind
    location: str
    surat_tugas: str
    officers: tuple[Officer, ...]
    representatives: tuple[tuple[str, str], ...]      # (name, role)
    checklist: Mapping[str, bool | None]
    observations: str
    problems: tuple[Problem, ...]
    recommendations: tuple[Recommendation, ...]
    attachments: tuple[AttachmentInfo, ...]
    next_visit_on: dt.date | None


@dataclass(frozen=True, slots=True)
class RatRecord:
    coop_key: str
    year: int                          # financial year reported
    held_on: dt.date | None            # None: recorded as not held
    source: str = "manual"             # manual | paket


@dataclass(frozen=True, slots=True)
class CoopYear:
    coop_key: str
    year: int
    data: Mapping = field(default_factory=dict)
    package_sha256: str = ""
    imported_at: str = ""


@dataclass(frozen=True, slots=True)
class DinasSettings:
    inactive_threshold_years: int = 3
    attachment_max_bytes: int = DEFAULT_ATTACHMENT_MAX_BYTES
    not_visited_months: int = 6


# ------------------------------------------------------------------------------------------------ validation

_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def cooperative_problems(c: Cooperative) -> list[str]:
    """Every problem of a registry record, each naming its field (Indonesian)."""
    p = []
    if not c.name.strip():
        p.append("Nama koperasi wajib diisi.")
    if c.coop_type not in COOP_TYPES:
        p.append(f"Jenis koperasi '{c.coop_type}' tidak dikenal (pilih: {', '.join(COOP_TYPES)}).")
    if c.nik_koperasi and not re.fullmatch(r"\d{16}", c.nik_koperasi):
        p.append(f"NIK koperasi harus 16 digit angka (yang dimasukkan: {len(c.nik_koperasi)} karakter).")
    if c.nib and not re.fullmatch(r"\d{13}", c.nib):
        p.append(f"NIB harus 13 digit angka (yang dimasukkan: {len(c.nib)} karakter).")
    if c.npwp and len(re.sub(r"\D", "", c.npwp)) not in (15, 16):
        p.append("NPWP harus 15 atau 16 digit angka.")
    if c.email and "@" not in c.email:
        p.append("Alamat email tidak valid.")
    for label, n in (("Jumlah anggota laki-laki", c.members_male), ("Jumlah anggota perempuan", c.members_female)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            p.append(f"{label} harus bilangan bulat 0 atau lebih.")
    try:
        CoopStatus(c.status)
    except ValueError:
        p.append(f"Status koperasi '{c.status}' tidak dikenal (aktif, tidak_aktif, beku).")
    if c.last_predicate_year is not None and c.last_predicate is None:
        p.append("Tahun predikat diisi tetapi predikatnya kosong.")
    for o in c.officials:
        p += official_problems(o)
    return p


def official_problems(o: CoopOfficial) -> list[str]:
    p = []
    if o.role not in OFFICIAL_ROLES:
        p.append(f"Jabatan pengurus '{o.role}' tidak dikenal (pilih: {', '.join(OFFICIAL_ROLES)}).")
    if not o.name.strip():
        p.append(f"Nama {OFFICIAL_ROLES.get(o.role, 'pengurus').lower()} wajib diisi.")
    return p


def time_problems(start: str | None, end: str | None) -> list[str]:
    p = []
    for label, t in (("Jam mulai", start), ("Jam selesai", end)):
        if t and not _TIME.fullmatch(t):
            p.append(f"{label} harus berbentuk JJ:MM, misalnya 09:30 (tertulis '{t}').")
    if start and end and not p and end <= start:
        p.append("Jam selesai harus sesudah jam mulai.")
    return p


# ------------------------------------------------------------------------------------------------ rules


def add_years(d: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    m += 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(y, m, min(d.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def inactive_cutoff(today: dt.date, threshold_years: int) -> dt.date:
    """today - threshold years: a last RAT on or before this day makes the cooperative inactive."""
    return add_years(today, -threshold_years)


def inactive(last_rat: dt.date | None, today: dt.date, threshold_years: int = 3) -> bool:
    """Spec §8.4: no RAT within the last ``threshold_years`` (2 or 3). See the module docstring for the example."""
    if threshold_years not in INACTIVE_THRESHOLDS:
        raise ValueError("Ambang koperasi tidak aktif harus 2 atau 3 tahun.")
    if last_rat is None:
        return True
    return today >= inactive_from(last_rat, threshold_years)   # = last_rat <= today - N years


def inactive_from(last_rat: dt.date, threshold_years: int = 3) -> dt.date:
    """The first day the cooperative counts as inactive if no RAT is held in between."""
    return add_years(last_rat, threshold_years)


def rat_deadline(year: int) -> dt.date:
    """The RAT of financial year ``year`` (1 January - 31 December) is due by 30 June of the next year (spec §3.2)."""
    return dt.date(year + 1, 6, 30)


def missed_rats(last_rat: dt.date | None, today: dt.date) -> int | None:
    """RAT deadlines passed since the last RAT (None: no RAT on record). A RAT held in calendar year C reports
    financial year C - 1, so the deadlines of the financial years from ``last_rat.year`` on count."""
    if last_rat is None:
        return None
    n = 0
    year = last_rat.year
    while rat_deadline(year) < today:
        n += 1
        year += 1
    return n


class RatStatus(StrEnum):
    TEPAT_WAKTU = "tepat_waktu"
    TERLAMBAT = "terlambat"
    TIDAK_DIADAKAN = "tidak_diadakan"
    BELUM = "belum"

    @property
    def label(self) -> str:
        return {"tepat_waktu": "Tepat waktu", "terlambat": "Terlambat", "tidak_diadakan": "Tidak diadakan",
                "belum": "Belum diadakan (belum jatuh tempo)"}[self.value]


def rat_status(year: int, held_on: dt.date | None, today: dt.date) -> RatStatus:
    """The RAT of financial year ``year``: held by 30 June of the next year, held later, not held though due, or
    not held and not yet due."""
    deadline = rat_deadline(year)
    if held_on is not None:
        return RatStatus.TEPAT_WAKTU if held_on <= deadline else RatStatus.TERLAMBAT
    return RatStatus.TIDAK_DIADAKAN if today > deadline else RatStatus.BELUM


# ------------------------------------------------------------------------------------------------ coaching needs

PRIORITY_LABELS: Mapping[int, str] = MappingProxyType({1: "Mendesak", 2: "Tinggi", 3: "Sedang", 4: "Rendah"})
#: Predicates (2016 and 2009 methods) by how much coaching they call for.
URGENT_PREDICATES = frozenset({"Dalam Pengawasan Khusus", "Tidak Sehat", "Sangat Tidak Sehat"})
HIGH_PREDICATES = frozenset({"Dalam Pengawasan", "Kurang Sehat"})
MEDIUM_PREDICATES = frozenset({"Cukup Sehat"})
#: A predicate older than this many financial years is treated as missing.
PREDICATE_STALE_YEARS = 2
OVERDUE_URGENT = 3


@dataclass(frozen=True, slots=True)
class CoachingNeed:
    priority: int                      # 1 Mendesak .. 4 Rendah
    reasons: tuple[str, ...]           # most serious first; Indonesian

    @property
    def label(self) -> str:
        return PRIORITY_LABELS[self.priority]


def classify(*, predicate: str | None, predicate_year: int | None, today: dt.date, is_inactive: bool,
             missed: int | None, open_recommendations: int = 0, overdue_recommendations: int = 0,
             not_done_recommendations: int = 0, status: CoopStatus = CoopStatus.AKTIF) -> CoachingNeed:
    """Where an officer should go first. Priority is the most serious level any reason reaches:

    1 Mendesak: inactive under the RAT rule, predicate Dalam Pengawasan Khusus / Tidak Sehat / Sangat Tidak Sehat,
      or 3 or more overdue recommendations.
    2 Tinggi: predicate Dalam Pengawasan / Kurang Sehat, at least one missed RAT, any overdue recommendation, or a
      recommendation the cooperative did not carry out.
    3 Sedang: predicate Cukup Sehat, no recent predicate (none, or older than two financial years), or
      recommendations still open (not yet due).
    4 Rendah: none of these.
    """
    found: list[tuple[int, str]] = []
    if status == CoopStatus.BEKU:
        found.append((2, "Status koperasi dibekukan"))
    if is_inactive:
        found.append((1, "Tidak aktif: tidak ada RAT dalam batas tahun yang ditetapkan"))
    elif missed:
        found.append((2, f"Terlambat/tidak mengadakan RAT ({missed} kali)"))
    stale = predicate_year is None or predicate_year < today.year - PREDICATE_STALE_YEARS
    if predicate is None or stale:
        found.append((3, "Belum ada penilaian kesehatan terbaru" if predicate is None
                      else f"Penilaian kesehatan terakhir sudah lama ({predicate_year}: {predicate})"))
    if predicate in URGENT_PREDICATES:
        found.append((1, f"Predikat kesehatan {predicate} ({predicate_year})"))
    elif predicate in HIGH_PREDICATES:
        found.append((2, f"Predikat kesehatan {predicate} ({predicate_year})"))
    elif predicate in MEDIUM_PREDICATES:
        found.append((3, f"Predikat kesehatan {predicate} ({predicate_year})"))
    if overdue_recommendations:
        found.append((1 if overdue_recommendations >= OVERDUE_URGENT else 2,
                      f"{overdue_recommendations} rekomendasi lewat batas waktu"))
    if not_done_recommendations:
        found.append((2, f"{not_done_recommendations} rekomendasi tidak dilaksanakan"))
    still_open = open_recommendations - overdue_recommendations
    if still_open > 0:
        found.append((3, f"{still_open} rekomendasi masih berjalan"))
    if not found:
        return CoachingNeed(4, ("Sehat, RAT teratur, tidak ada temuan terbuka",))
    found.sort(key=lambda x: x[0])
    return CoachingNeed(found[0][0], tuple(r for _, r in found))
