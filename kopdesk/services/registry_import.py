"""The registry of coached cooperatives from a spreadsheet (.xlsx, .ods or .csv): the template, a preview that lists
every problem (row, column, problem), and the all-or-nothing import into a Dinas workspace."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from kopdesk.domain.coop import COOP_TYPES
from kopdesk.domain.dinas import OFFICIAL_ROLES, Cooperative, CoopOfficial, CoopStatus, cooperative_problems
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health import perdep2016, permen2009
from kopdesk.domain.users import User
from kopdesk.services import dinas
from kopdesk.services.base import audit
from kopdesk.services.spreadsheet import Sheet, cell_date, cell_nik, cell_text, column_index, read_sheet
from kopdesk.services.workspace import Workspace
from kopdesk.store import dinas as store


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 16
    note: str = ""
    text: bool = False          # formatted as text in the template (digits must not change)


REGISTRY_COLUMNS = (
    Column("key", "Kode", False, 10, "Kosongkan agar dibuat otomatis (KOP-0001, ...).", True),
    Column("name", "Nama Koperasi", True, 32),
    Column("coop_type", "Jenis Koperasi", True, 12, "Kode: " + ", ".join(COOP_TYPES) + "."),
    Column("legal_number", "Nomor Badan Hukum", False, 24, "", True),
    Column("legal_date", "Tanggal Badan Hukum", False, 14, "Contoh: 14-06-2012."),
    Column("nik_koperasi", "NIK Koperasi", False, 20, "16 digit. Kolom ini berformat teks agar digit tidak berubah.",
           True),
    Column("nik_expiry", "Berlaku NIK s.d.", False, 14, "Masa berlaku sertifikat NIK koperasi."),
    Column("nib", "NIB", False, 16, "13 digit.", True),
    Column("npwp", "NPWP", False, 22, "15 atau 16 digit.", True),
    Column("address", "Alamat", False, 30),
    Column("desa", "Desa/Kelurahan", False, 16),
    Column("kecamatan", "Kecamatan", False, 16),
    Column("kabupaten", "Kabupaten/Kota", False, 18),
    Column("provinsi", "Provinsi", False, 18),
    Column("phone", "Telepon", False, 15, "", True),
    Column("email", "Email", False, 24),
    Column("business_class", "Kelompok Usaha", False, 16, "Misalnya simpan pinjam, pertanian, perdagangan."),
    Column("membership_area", "Wilayah Keanggotaan", False, 18, "Kabupaten/kota, provinsi, atau nasional."),
    Column("members_male", "Anggota Laki-laki", False, 10),
    Column("members_female", "Anggota Perempuan", False, 10),
    Column("status", "Status", False, 10, "aktif (bawaan), tidak aktif, atau beku."),
    Column("last_rat_date", "Tanggal RAT Terakhir", False, 14),
    Column("last_predicate", "Predikat Kesehatan", False, 18, "Sehat, Cukup Sehat, Dalam Pengawasan, Dalam "
                                                               "Pengawasan Khusus (atau predikat Permen 2009)."),
    Column("last_predicate_year", "Tahun Predikat", False, 10, "Tahun buku yang dinilai; wajib bila ada predikat."),
    *(Column(f"official:{role}", label, False, 22) for role, label in OFFICIAL_ROLES.items()),
    *(Column(f"phone:{role}", f"Telepon {label}", False, 15, "", True) for role, label in OFFICIAL_ROLES.items()),
    Column("notes", "Catatan", False, 30),
)

PREDICATES = frozenset({perdep2016.SEHAT, perdep2016.CUKUP_SEHAT, perdep2016.DALAM_PENGAWASAN,
                        perdep2016.DALAM_PENGAWASAN_KHUSUS, permen2009.SEHAT, permen2009.CUKUP_SEHAT,
                        permen2009.KURANG_SEHAT, permen2009.TIDAK_SEHAT, permen2009.SANGAT_TIDAK_SEHAT})
_STATUS_WORDS = {"aktif": CoopStatus.AKTIF, "tidak aktif": CoopStatus.TIDAK_AKTIF,
                 "tidak_aktif": CoopStatus.TIDAK_AKTIF, "pasif": CoopStatus.TIDAK_AKTIF,
                 "beku": CoopStatus.BEKU, "dibekukan": CoopStatus.BEKU}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_TYPE_WORDS: dict[str, str] = {}
for _code, _label in COOP_TYPES.items():
    _TYPE_WORDS[_norm(_code)] = _code
    _TYPE_WORDS[_norm(_label)] = _code
    _TYPE_WORDS[_norm(_label.split(" (")[0])] = _code
_TYPE_WORDS.update({"kopkar": "KOPKAR", "koperasikaryawan": "KOPKAR", "kud": "PRODUSEN",
                    "koperasiunitdesa": "PRODUSEN", "koperasiserbausaha": "KSU"})


def write_registry_template(path: str | os.PathLike) -> Path:
    """The .xlsx a Dinas fills in: one header row (* = required), text-formatted number columns, and a sheet of
    instructions with the cooperative types."""
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True, "valign": "top"})
    text = wb.add_format({"num_format": "@"})
    sheet = wb.add_worksheet("Koperasi")
    for i, c in enumerate(REGISTRY_COLUMNS):
        sheet.write_string(0, i, c.header + (" *" if c.required else ""), head)
        sheet.set_column(i, i, c.width, text if c.text else None)
    sheet.freeze_panes(1, 2)
    sheet.set_row(0, 32)
    info = wb.add_worksheet("Petunjuk")
    info.set_column(0, 0, 28)
    info.set_column(1, 1, 90)
    bold = wb.add_format({"bold": True})
    info.write_string(0, 0, "Petunjuk impor registri koperasi binaan", wb.add_format({"bold": True, "font_size": 13}))
    lines = [
        ("Satu baris satu koperasi", "Mulai dari baris 2 lembar Koperasi. Kolom bertanda * wajib diisi."),
        ("Semua atau tidak sama sekali", "Jika ada satu baris yang salah, tidak ada data yang disimpan; semua "
                                         "kesalahan ditampilkan sekaligus (baris, kolom, masalah)."),
        ("Tanggal", "Tulis seperti 25-11-2025, atau gunakan format tanggal Excel."),
    ] + [(c.header, c.note) for c in REGISTRY_COLUMNS if c.note]
    n = 2
    for a, b in lines:
        info.write_string(n, 0, a, bold)
        info.write_string(n, 1, b)
        n += 1
    n += 1
    info.write_string(n, 0, "Jenis koperasi", bold)
    for code, label in COOP_TYPES.items():
        n += 1
        info.write_string(n, 0, code)
        info.write_string(n, 1, label)
    wb.close()
    return path


@dataclass(frozen=True, slots=True)
class RegistryPreview:
    items: list[tuple[int, Cooperative]]    # (row number in the file, record)
    problems: list[str]                      # every problem, in row order

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class RegistryImportResult:
    count: int
    keys: list[str]


def _row_of(problem: str) -> int:
    head = problem.split(":", 1)[0].split(",", 1)[0]
    digits = head.removeprefix("Baris ").strip()
    return int(digits) if digits.isdigit() else 0


def _cell_int(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("bukan angka")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"harus bilangan bulat (tertulis {value})")
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip().replace(".", "")
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(f"bukan bilangan bulat ('{value}')")
    return int(text)


def parse_registry(ws: Workspace, sheet: Sheet, *, today: dt.date | None = None) -> RegistryPreview:
    """Cells to registry records with every problem of every row ('Baris N, kolom X: ...' or 'Baris N: ...'),
    including duplicates within the file and against the registry. Nothing is written."""
    today = today or dt.date.today()
    problems: list[str] = []
    idx: dict[str, int | None] = {}
    for c in REGISTRY_COLUMNS:
        idx[c.key] = column_index(sheet, (c.header, c.header + " *", c.key))
        if c.required and idx[c.key] is None:
            problems.append(f"Kolom '{c.header}' tidak ada di baris judul.")
    if problems:
        raise ValidationError(problems)
    header_of = {c.key: c.header for c in REGISTRY_COLUMNS}
    items: list[tuple[int, Cooperative]] = []
    seen: dict[str, dict[str, int]] = {"key": {}, "nik": {}, "legal": {}, "name": {}}
    existing_legal = {_norm(ln): k for k, ln in ws.db.execute(
        "SELECT key, legal_number FROM dinas_coops WHERE legal_number <> ''")}
    for row_no, cells in sheet.rows:
        def get(key: str, conv: Callable = cell_text, row_no: int = row_no, cells=cells):
            i = idx.get(key)
            if i is None:
                return "" if conv is cell_text else None
            try:
                return conv(cells[i])
            except ValueError as exc:
                problems.append(f"Baris {row_no}, kolom {header_of[key]}: {exc}.")
                return "" if conv is cell_text else None

        row_problems: list[str] = []
        type_text = get("coop_type")
        coop_type = _TYPE_WORDS.get(_norm(type_text), "")
        if not type_text:
            row_problems.append("kolom Jenis Koperasi: wajib diisi")
        elif not coop_type:
            row_problems.append(f"kolom Jenis Koperasi: jenis '{type_text}' tidak dikenal (pilih: "
                                f"{', '.join(COOP_TYPES)})")
        status_text = get("status").lower()
        status = _STATUS_WORDS.get(status_text or "aktif")
        if status is None:
            row_problems.append(f"kolom Status: isi aktif, tidak aktif, atau beku (tertulis '{status_text}')")
        dates = {k: get(k, cell_date) for k in ("legal_date", "nik_expiry", "last_rat_date")}
        for k in ("legal_date", "last_rat_date"):
            if dates[k] and dates[k] > today:
                row_problems.append(f"kolom {header_of[k]}: tanggal {dates[k]:%d-%m-%Y} belum terjadi")
        members = {k: get(k, _cell_int) for k in ("members_male", "members_female")}
        for k, v in members.items():
            if v is not None and v < 0:
                row_problems.append(f"kolom {header_of[k]}: tidak boleh negatif")
        predicate = " ".join(get("last_predicate").split())
        pred_match = next((p for p in PREDICATES if p.lower() == predicate.lower()), None)
        pred_year = get("last_predicate_year", _cell_int)
        if predicate and pred_match is None:
            row_problems.append(f"kolom Predikat Kesehatan: predikat '{predicate}' tidak dikenal")
        if pred_match and pred_year is None:
            row_problems.append("kolom Tahun Predikat: wajib diisi bila ada predikat")
        if pred_year is not None and not 1990 <= pred_year <= today.year:
            row_problems.append(f"kolom Tahun Predikat: tahun {pred_year} tidak masuk akal")
        officials = tuple(CoopOfficial(role, get(f"official:{role}"), get(f"phone:{role}"))
                          for role in OFFICIAL_ROLES if get(f"official:{role}"))
        c = Cooperative(
            key=get("key"), name=" ".join(get("name").split()), legal_number=get("legal_number"),
            legal_date=dates["legal_date"], nik_koperasi=get("nik_koperasi", cell_nik) or "",
            nik_expiry=dates["nik_expiry"], nib=get("nib"), npwp=get("npwp"), address=get("address"),
            desa=get("desa"), kecamatan=get("kecamatan"), kabupaten=get("kabupaten"), provinsi=get("provinsi"),
            phone=get("phone"), email=get("email"), coop_type=coop_type or "KSP",
            business_class=get("business_class"), membership_area=get("membership_area"),
            members_male=members["members_male"] or 0, members_female=members["members_female"] or 0,
            status=status or CoopStatus.AKTIF, last_rat_date=dates["last_rat_date"],
            last_predicate=pred_match, last_predicate_year=pred_year if pred_match else None,
            notes=get("notes"), officials=officials)
        for p in cooperative_problems(c):
            if p.startswith("Jenis koperasi") or p.startswith("Jumlah anggota") or p.startswith("Tahun predikat"):
                continue  # said above, with the column
            row_problems.append(p.rstrip("."))
        # duplicates in the file and against the registry
        checks = (("key", c.key, "Kode", lambda v: store.coop_exists(ws.db, v) and v),
                  ("nik", c.nik_koperasi, "NIK Koperasi", lambda v: store.key_by_nik(ws.db, v)),
                  ("legal", _norm(c.legal_number), "Nomor Badan Hukum", lambda v: existing_legal.get(v)))
        for kind, value, label, in_registry in checks:
            if not value:
                continue
            if value in seen[kind]:
                row_problems.append(f"kolom {label}: sama dengan baris {seen[kind][value]}")
            else:
                seen[kind][value] = row_no
                other = in_registry(value)
                if other:
                    row_problems.append(f"kolom {label}: sudah ada di registri ({other})")
        name_key = _norm(c.name) + "|" + _norm(c.kecamatan)
        if c.name:
            if name_key in seen["name"]:
                row_problems.append(f"koperasi {c.name} di kecamatan yang sama sudah ada di baris "
                                    f"{seen['name'][name_key]}")
            else:
                seen["name"][name_key] = row_no
        problems.extend(f"Baris {row_no}: {p}." if not p.startswith("kolom") else f"Baris {row_no}, {p}."
                        for p in row_problems)
        items.append((row_no, c))
    if not items and not problems:
        problems.append("Tidak ada baris koperasi di file (mulai dari baris 2).")
    problems.sort(key=_row_of)
    return RegistryPreview(items, problems)


def preview_registry(ws: Workspace, path: str | os.PathLike, *, today: dt.date | None = None) -> RegistryPreview:
    return parse_registry(ws, read_sheet(path), today=today)


def import_registry(ws: Workspace, path: str | os.PathLike, by: User, *,
                    today: dt.date | None = None) -> RegistryImportResult:
    """Add every cooperative of the file to the registry: all or nothing, every error at once."""
    dinas._writer(ws, by)
    preview = preview_registry(ws, path, today=today)
    if preview.problems:
        raise ValidationError(preview.problems)
    keys = []
    with ws.db.atomic():
        for _, c in preview.items:
            keys.append(dinas.add_cooperative(ws, by, c).key)
        audit(ws.db, by, "dinas.registri.impor", "dinas_coop", "", {"file": Path(path).name, "jumlah": len(keys)})
    return RegistryImportResult(len(keys), keys)
