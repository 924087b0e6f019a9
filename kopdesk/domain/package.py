"""The sealed annual cooperative-to-Dinas package (``.kopdesk-paket``, issue 8 item 6): its format, seal and checks.

A package is ONE UTF-8 JSON file, written in a canonical form (keys sorted, one-space indentation, no ASCII
escaping, a final newline) so that the file's bytes are a function of its content alone::

    {
     "dibuat_oleh": "Rahmawati, S.E.",          # the exporting user
     "dibuat_pada": "2026-04-02T10:15:00",      # when it was exported
     "format": "kopdesk-paket",
     "isi": {...},                              # the content, see CONTENT_KEYS and the service that fills it
     "segel": {"algoritma": "sha256", "nilai": "<64 hex>"},
     "tahun_buku": 2025,
     "versi_format": 1,
     "versi_kopdesk": "0.1.0"
    }

The seal is the sha256 of the compact canonical JSON (``canonical_json``) of the whole document without ``segel``:
the content, the financial year, the versions and the export stamp. ``parse`` refuses a package whose seal does not
match (any figure changed), whose bytes are not exactly the canonical form of what they hold (a changed space, a
changed key order), that is cut short, that is not a KopDesk package, or that comes from a newer format, each
with an Indonesian message. So a package with any one byte changed, or truncated anywhere, is refused.

Conventions inside ``isi``: money is an integer number of rupiah, dates ISO ``YYYY-MM-DD``, percentages and the
health inputs exact decimal strings (``"2161232155.5"``); JSON floats are refused anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health.inputs import Inputs

FORMAT_NAME = "kopdesk-paket"
FORMAT_VERSION = 1
EXTENSION = ".kopdesk-paket"
MAX_BYTES = 20_000_000
SEAL_ALGORITHM = "sha256"

DAMAGED = "Paket rusak atau telah diubah"
TRUNCATED = "File paket terpotong atau tidak lengkap"

HEADER_KEYS = ("format", "versi_format", "versi_kopdesk", "dibuat_pada", "dibuat_oleh", "tahun_buku", "isi", "segel")
CONTENT_KEYS = ("koperasi", "periode", "pengurus", "keanggotaan", "laporan_keuangan", "kolektibilitas", "simpanan",
                "shu", "rat", "kesehatan")
COOP_KEYS = ("nama", "nomor_badan_hukum", "tanggal_badan_hukum", "nik_koperasi", "nib", "npwp", "alamat", "desa",
             "kecamatan", "kabupaten_kota", "provinsi", "kode_pos", "telepon", "email", "jenis")
STATEMENT_KEYS = ("posisi_keuangan", "hasil_usaha", "perubahan_ekuitas", "arus_kas")
MEMBERSHIP_KEYS = ("per_tanggal", "laki_laki", "perempuan", "jumlah")
OFFICIAL_KEYS = ("kelompok", "jabatan", "nama", "telepon", "mulai_jabatan", "akhir_jabatan")
RAT_KEYS = ("tanggal", "status", "terdaftar", "hadir", "kuorum_tercapai", "keputusan")
INPUT_NAMES: tuple[str, ...] = tuple(Inputs().as_dict())


# ------------------------------------------------------------------------------------------------ canonical form


def canonical_json(obj: Any) -> bytes:
    """The compact canonical JSON the seal is computed over: sorted keys, no whitespace, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def file_bytes(document: Mapping[str, Any]) -> bytes:
    """The exact bytes of a package file holding ``document`` (readable: one key per line)."""
    return (json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
            + "\n").encode("utf-8")


def seal_of(document: Mapping[str, Any]) -> str:
    """sha256 (hex) of the canonical JSON of the document without its seal."""
    return hashlib.sha256(canonical_json({k: v for k, v in document.items() if k != "segel"})).hexdigest()


# ------------------------------------------------------------------------------------------------ the package


@dataclass(frozen=True, slots=True)
class Package:
    """A package read and checked: its header, its content (read-only mappings) and its seal."""

    format_version: int
    kopdesk_version: str
    created_at: str
    created_by: str
    year: int
    content: Mapping[str, Any]
    sha256: str

    @property
    def coop(self) -> Mapping[str, Any]:
        return self.content["koperasi"]

    @property
    def name(self) -> str:
        return self.coop["nama"]

    def health_inputs(self) -> dict[str, Decimal | None]:
        """The derived health inputs of the year, every one of Inputs, as exact Decimals (None: unknown)."""
        values = self.content["kesehatan"]["masukan"]
        return {n: None if values[n]["nilai"] is None else Decimal(values[n]["nilai"]) for n in INPUT_NAMES}

    def document(self) -> dict[str, Any]:
        """The whole document as plain dicts and lists (what the file holds)."""
        return _thaw({
            "format": FORMAT_NAME, "versi_format": self.format_version, "versi_kopdesk": self.kopdesk_version,
            "dibuat_pada": self.created_at, "dibuat_oleh": self.created_by, "tahun_buku": self.year,
            "isi": self.content, "segel": {"algoritma": SEAL_ALGORITHM, "nilai": self.sha256}})

    def plain_content(self) -> dict[str, Any]:
        return _thaw(self.content)


def _freeze(v: Any) -> Any:
    if isinstance(v, dict):
        return MappingProxyType({k: _freeze(x) for k, x in v.items()})
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    return v


def _thaw(v: Any) -> Any:
    if isinstance(v, Mapping):
        return {k: _thaw(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_thaw(x) for x in v]
    return v


def build(year: int, content: Mapping[str, Any], *, kopdesk_version: str, created_at: str,
          created_by: str) -> tuple[Package, bytes]:
    """Seal a content: returns the package and the exact file bytes. Refuses a content that would not read back."""
    doc = {"format": FORMAT_NAME, "versi_format": FORMAT_VERSION, "versi_kopdesk": kopdesk_version,
           "dibuat_pada": created_at, "dibuat_oleh": created_by, "tahun_buku": year, "isi": _thaw(content)}
    problems = content_problems(doc["isi"], year)
    if problems:
        raise ValidationError(["Paket tidak dapat dibuat:", *problems], field="paket")
    doc["segel"] = {"algoritma": SEAL_ALGORITHM, "nilai": seal_of(doc)}
    data = file_bytes(doc)
    return parse(data), data


# ------------------------------------------------------------------------------------------------ reading


def _refuse(message: str, *details: str) -> ValidationError:
    return ValidationError([message, *details], field="paket")


def parse(data: bytes) -> Package:
    """Read and check a package file's bytes. Raises ValidationError (field ``paket``) with Indonesian messages:
    empty, too big, cut short, not a KopDesk package, from a newer format, seal broken, fields missing."""
    if not data:
        raise _refuse("File paket kosong.")
    if len(data) > MAX_BYTES:
        raise _refuse(f"File paket terlalu besar (lebih dari {MAX_BYTES // 1_000_000} MB); bukan paket KopDesk.")
    if not data.lstrip()[:1] == b"{":
        raise _refuse("Bukan file paket KopDesk (.kopdesk-paket).")
    try:
        doc = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except ValueError:                        # UnicodeDecodeError and JSONDecodeError are ValueErrors
        if not data.endswith(b"\n}\n"):             # the canonical file ends with its only unindented "}"
            raise _refuse(f"{TRUNCATED}. Minta koperasi mengirim ulang paketnya.") from None
        raise _refuse(f"{DAMAGED}: isinya tidak dapat dibaca. Minta koperasi mengirim ulang paketnya.") from None
    if not isinstance(doc, dict):
        raise _refuse("Bukan file paket KopDesk (.kopdesk-paket).")
    if doc.get("format") != FORMAT_NAME:
        if "segel" in doc or "isi" in doc:
            raise _refuse(f"{DAMAGED}: nama format tidak dikenal ({doc.get('format')!r}).")
        raise _refuse("Bukan file paket KopDesk (.kopdesk-paket).")
    version = doc.get("versi_format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(f"{DAMAGED}: versi format tidak terbaca ({version!r}).")
    seal = doc.get("segel")
    sealed = (isinstance(seal, dict) and seal.get("algoritma") == SEAL_ALGORITHM and isinstance(seal.get("nilai"), str)
              and seal_of(doc) == seal["nilai"])
    if version > FORMAT_VERSION:
        newer = (f"Paket dibuat dengan KopDesk yang lebih baru (format versi {version}, KopDesk "
                 f"{doc.get('versi_kopdesk', '?')}); perbarui KopDesk untuk membacanya.")
        raise _refuse(newer if sealed else f"{DAMAGED}, atau dibuat dengan KopDesk yang lebih baru (format versi "
                      f"{version}). Minta koperasi mengekspor ulang, atau perbarui KopDesk.")
    if not isinstance(seal, dict) or seal.get("algoritma") != SEAL_ALGORITHM or not isinstance(seal.get("nilai"), str):
        raise _refuse(f"{DAMAGED}: segel (sha256) tidak ada atau tidak terbaca.")
    if not sealed:
        raise _refuse(f"{DAMAGED}: segel sha256 tidak cocok dengan isinya. Jangan ubah paket setelah diekspor; "
                      "minta koperasi mengekspor ulang.")
    expected = file_bytes(doc)
    if expected != data:
        if expected.startswith(data):
            raise _refuse(f"{TRUNCATED}. Minta koperasi mengirim ulang paketnya.")
        raise _refuse(f"{DAMAGED}: susunan file tidak sesuai aslinya.")
    problems = header_problems(doc)
    if not problems:
        problems = content_problems(doc["isi"], doc["tahun_buku"])
    if problems:
        raise _refuse("Paket tidak lengkap atau tidak sah:", *problems)
    return Package(version, doc["versi_kopdesk"], doc["dibuat_pada"], doc["dibuat_oleh"], doc["tahun_buku"],
                   _freeze(doc["isi"]), seal["nilai"])


def _no_constant(name: str):
    raise ValueError(f"nilai {name} tidak diizinkan")


# ------------------------------------------------------------------------------------------------ checks


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_date(v: Any) -> bool:
    if not isinstance(v, str):
        return False
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return len(v) == 10


def _is_decimal_text(v: Any) -> bool:
    if not isinstance(v, str):
        return False
    try:
        return Decimal(v).is_finite()
    except InvalidOperation:
        return False


def _floats(v: Any, path: str) -> list[str]:
    if isinstance(v, float):
        return [f"{path}: angka pecahan harus ditulis sebagai teks desimal"]
    if isinstance(v, dict):
        return [p for k, x in v.items() for p in _floats(x, f"{path}.{k}")]
    if isinstance(v, list):
        return [p for i, x in enumerate(v) for p in _floats(x, f"{path}[{i}]")]
    return []


def header_problems(doc: Mapping[str, Any]) -> list[str]:
    problems = [f"bagian {k!r} tidak ada" for k in HEADER_KEYS if k not in doc]
    if problems:
        return problems
    if not isinstance(doc["versi_kopdesk"], str) or not doc["versi_kopdesk"]:
        problems.append("versi_kopdesk harus teks")
    if not isinstance(doc["dibuat_pada"], str):
        problems.append("dibuat_pada harus teks tanggal-waktu")
    else:
        try:
            dt.datetime.fromisoformat(doc["dibuat_pada"])
        except ValueError:
            problems.append(f"dibuat_pada bukan tanggal-waktu ({doc['dibuat_pada']!r})")
    if not isinstance(doc["dibuat_oleh"], str):
        problems.append("dibuat_oleh harus teks")
    if not _is_int(doc["tahun_buku"]) or not 1900 <= doc["tahun_buku"] <= 2999:
        problems.append(f"tahun_buku harus tahun (tertulis {doc['tahun_buku']!r})")
    if not isinstance(doc["isi"], dict):
        problems.append("isi harus objek")
    return problems


def content_problems(content: Mapping[str, Any], year: Any) -> list[str]:
    """Every problem of a package content (missing sections and fields, wrong types), each naming its field."""
    problems = [f"isi.{k} tidak ada" for k in CONTENT_KEYS if k not in content]
    if problems:
        return problems
    problems += _floats(content, "isi")
    coop = content["koperasi"]
    if not isinstance(coop, dict):
        return [*problems, "isi.koperasi harus objek"]
    problems += [f"isi.koperasi.{k} tidak ada" for k in COOP_KEYS if k not in coop]
    problems += [f"isi.koperasi.{k} harus teks" for k in COOP_KEYS
                 if k in coop and k != "tanggal_badan_hukum" and not isinstance(coop[k], str)]
    if isinstance(coop.get("nama"), str) and not coop["nama"].strip():
        problems.append("isi.koperasi.nama kosong")
    if coop.get("tanggal_badan_hukum") is not None and not _is_date(coop.get("tanggal_badan_hukum")):
        problems.append("isi.koperasi.tanggal_badan_hukum harus tanggal YYYY-MM-DD")
    period = content["periode"]
    if not isinstance(period, dict) or not _is_date(period.get("mulai")) or not _is_date(period.get("akhir")):
        problems.append("isi.periode harus berisi tanggal mulai dan akhir (YYYY-MM-DD)")
    elif _is_int(year) and dt.date.fromisoformat(period["akhir"]).year not in (year, year + 1):
        problems.append(f"isi.periode.akhir ({period['akhir']}) tidak sesuai tahun buku {year}")
    officials = content["pengurus"]
    if not isinstance(officials, list):
        problems.append("isi.pengurus harus daftar")
    else:
        for i, o in enumerate(officials):
            if not isinstance(o, dict):
                problems.append(f"isi.pengurus[{i}] harus objek")
                continue
            problems += [f"isi.pengurus[{i}].{k} tidak ada" for k in OFFICIAL_KEYS if k not in o]
            for k in ("mulai_jabatan", "akhir_jabatan"):
                if o.get(k) is not None and not _is_date(o.get(k)):
                    problems.append(f"isi.pengurus[{i}].{k} harus tanggal YYYY-MM-DD")
    members = content["keanggotaan"]
    if not isinstance(members, dict):
        problems.append("isi.keanggotaan harus objek")
    else:
        problems += [f"isi.keanggotaan.{k} tidak ada" for k in MEMBERSHIP_KEYS if k not in members]
        problems += [f"isi.keanggotaan.{k} harus bilangan bulat >= 0" for k in ("laki_laki", "perempuan", "jumlah")
                     if k in members and not (_is_int(members[k]) and members[k] >= 0)]
    fs = content["laporan_keuangan"]
    if not isinstance(fs, dict):
        problems.append("isi.laporan_keuangan harus objek")
    else:
        problems += [f"isi.laporan_keuangan.{k} tidak ada" for k in STATEMENT_KEYS if k not in fs]
    for k in ("kolektibilitas", "shu"):
        if not isinstance(content[k], dict):
            problems.append(f"isi.{k} harus objek")
    if not isinstance(content["simpanan"], dict):
        problems.append("isi.simpanan harus objek")
    rat = content["rat"]
    if rat is not None:
        if not isinstance(rat, dict):
            problems.append("isi.rat harus objek atau null")
        else:
            problems += [f"isi.rat.{k} tidak ada" for k in RAT_KEYS if k not in rat]
            if "tanggal" in rat and not _is_date(rat["tanggal"]):
                problems.append("isi.rat.tanggal harus tanggal YYYY-MM-DD")
    problems += _health_problems(content["kesehatan"])
    return problems


def _health_problems(health: Any) -> list[str]:
    if not isinstance(health, dict) or not isinstance(health.get("masukan"), dict):
        return ["isi.kesehatan.masukan tidak ada"]
    values = health["masukan"]
    problems = []
    for name in INPUT_NAMES:
        v = values.get(name)
        if not isinstance(v, dict) or "nilai" not in v:
            problems.append(f"isi.kesehatan.masukan.{name} tidak ada")
        elif v["nilai"] is not None and not _is_decimal_text(v["nilai"]):
            problems.append(f"isi.kesehatan.masukan.{name}.nilai harus angka desimal dalam teks "
                            f"(tertulis {v['nilai']!r})")
    unknown = sorted(set(values) - set(INPUT_NAMES))
    if unknown:
        problems.append(f"isi.kesehatan.masukan: nama tidak dikenal: {', '.join(unknown)}")
    return problems
