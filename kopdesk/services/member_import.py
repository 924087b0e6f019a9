"""Members in and out of spreadsheets: the import template, the all-or-nothing import with every error listed
(row, column, problem), the member list export, and the collection sheet (potong gaji) out and back in."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.members import GENDERS, Member, MemberStatus
from kopdesk.domain.savings import SavingsKind
from kopdesk.domain.users import User
from kopdesk.fmt import month_year, rupiah
from kopdesk.services import members, savings
from kopdesk.services.spreadsheet import Sheet, cell_date, cell_money, cell_nik, cell_text, column_index, read_sheet
from kopdesk.services.workspace import Workspace
from kopdesk.store import admin as admin_store


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 16
    note: str = ""


MEMBER_COLUMNS = (
    Column("number", "Nomor Anggota", False, 14, "Kosongkan agar dibuat otomatis; isi bila meneruskan nomor lama."),
    Column("full_name", "Nama Lengkap", True, 28),
    Column("nik", "NIK", True, 20, "16 digit. Kolom ini berformat teks agar digit tidak berubah."),
    Column("gender", "Jenis Kelamin", True, 8, "L atau P."),
    Column("birth_place", "Tempat Lahir", False, 16),
    Column("birth_date", "Tanggal Lahir", False, 14, "Contoh: 05-08-1990."),
    Column("address", "Alamat", False, 30),
    Column("desa", "Desa/Kelurahan", False, 18),
    Column("kecamatan", "Kecamatan", False, 18),
    Column("kabupaten_kota", "Kabupaten/Kota", False, 18),
    Column("phone", "Telepon", False, 16),
    Column("occupation", "Pekerjaan", False, 16),
    Column("employer_unit", "Unit Kerja", False, 16, "Untuk KPRI/Kopkar."),
    Column("nip", "NIP", False, 20, "Untuk KPRI/Kopkar; berformat teks."),
    Column("join_date", "Tanggal Masuk", True, 14, "Contoh: 02-01-2020."),
    Column("status", "Status", False, 10, "aktif (bawaan) atau calon."),
    Column("heir_name", "Ahli Waris", False, 22),
    Column("heir_relation", "Hubungan Ahli Waris", False, 14),
)
TEXT_COLUMNS = {"number", "nik", "nip", "phone"}


def _balance_header(product_name: str) -> str:
    return f"Saldo {product_name}"


def write_member_template(ws: Workspace, path: str | os.PathLike) -> Path:
    """The .xlsx the app gives out: one header row, text-formatted NIK, a column per savings product for the
    balance brought forward, and a sheet of instructions."""
    path = Path(path)
    prods = savings.products(ws, active_only=True)
    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True, "valign": "top"})
    text = wb.add_format({"num_format": "@"})
    money = wb.add_format({"num_format": "#,##0"})
    sheet = wb.add_worksheet("Anggota")
    cols = list(MEMBER_COLUMNS) + [Column(f"saldo:{p.code}", _balance_header(p.name), False, 18) for p in prods]
    for i, c in enumerate(cols):
        sheet.write_string(0, i, c.header + (" *" if c.required else ""), head)
        fmt = text if c.key in TEXT_COLUMNS else money if c.key.startswith("saldo:") else None
        sheet.set_column(i, i, c.width, fmt)
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 32)
    info = wb.add_worksheet("Petunjuk")
    info.set_column(0, 0, 28)
    info.set_column(1, 1, 90)
    info.write_string(0, 0, "Petunjuk impor anggota", wb.add_format({"bold": True, "font_size": 13}))
    lines = [
        ("Satu baris satu anggota", "Mulai dari baris 2 lembar Anggota. Kolom bertanda * wajib diisi."),
        ("Semua atau tidak sama sekali", "Jika ada satu baris yang salah, tidak ada data yang disimpan; semua "
                                         "kesalahan ditampilkan sekaligus (baris, kolom, masalah)."),
        ("Saldo awal", "Isi saldo simpanan per anggota pada tanggal saldo awal yang dipilih saat impor. "
                       "Simpanan pokok harus sama dengan AD/ART atau kosong."),
    ] + [(c.header, c.note) for c in cols if c.note]
    for n, (a, b) in enumerate(lines, start=2):
        info.write_string(n, 0, a, wb.add_format({"bold": True}))
        info.write_string(n, 1, b)
    wb.close()
    return path


@dataclass(frozen=True, slots=True)
class ImportPreview:
    items: list[members.NewMember]
    total_opening: dict[str, int]
    problems: list[str]          # every problem, cell-level and register-level, in row order

    @property
    def ok(self) -> bool:
        return not self.problems


# a cell that could not be read also fails the register check of the same field: say it once
_SAME_FIELD = {"join_date": "Tanggal masuk", "birth_date": "Tanggal lahir", "nik": "NIK", "gender": "Jenis kelamin"}


def parse_member_sheet(ws: Workspace, sheet: Sheet, *, check_register: bool = True) -> ImportPreview:
    """Cells to members, then the register's own checks; every problem of every row is collected
    ('Baris N, kolom X: ...' or 'Baris N: ...'), sorted by row. Nothing is written here."""
    problems: list[str] = []
    bad_fields: dict[int, set[str]] = {}
    idx: dict[str, int | None] = {}
    for c in MEMBER_COLUMNS:
        idx[c.key] = column_index(sheet, (c.header, c.header + " *", c.key))
        if c.required and idx[c.key] is None:
            problems.append(f"Kolom '{c.header}' tidak ada di baris judul.")
    prods = savings.products(ws, active_only=True)
    bal_idx = {p.code: column_index(sheet, (_balance_header(p.name), p.code, f"Saldo {p.code}")) for p in prods}
    if problems:
        raise ValidationError(problems)
    pokok_amount = admin_store.load_adart(ws.db).simpanan_pokok
    items: list[members.NewMember] = []
    totals: dict[str, int] = {}
    for row_no, cells in sheet.rows:
        def get(key: str, conv: Callable = cell_text, header: str = "", row_no: int = row_no, cells=cells):
            i = idx.get(key)
            if i is None:
                return None if conv is not cell_text else ""
            try:
                return conv(cells[i])
            except ValueError as exc:
                problems.append(f"Baris {row_no}, kolom {header or key}: {exc}.")
                bad_fields.setdefault(row_no, set()).add(key)
                return None

        gender = (get("gender") or "").upper()[:1]
        gender = {"W": "P", "F": "P", "M": "L"}.get(gender, gender)
        if gender and gender not in GENDERS:
            problems.append(f"Baris {row_no}, kolom Jenis Kelamin: isi L atau P (tertulis '{get('gender')}').")
            bad_fields.setdefault(row_no, set()).add("gender")
        status_text = (get("status") or "aktif").lower()
        status = {"aktif": MemberStatus.AKTIF, "anggota": MemberStatus.AKTIF, "calon": MemberStatus.CALON,
                  "calon anggota": MemberStatus.CALON}.get(status_text)
        if status is None:
            problems.append(f"Baris {row_no}, kolom Status: isi 'aktif' atau 'calon' (tertulis '{status_text}').")
            status = MemberStatus.AKTIF
        join = get("join_date", cell_date, "Tanggal Masuk")
        m = Member(None, "", get("full_name"), get("nik", cell_nik, "NIK") or "", gender,
                   birth_place=get("birth_place"), birth_date=get("birth_date", cell_date, "Tanggal Lahir"),
                   address=get("address"), desa=get("desa"), kecamatan=get("kecamatan"),
                   kabupaten_kota=get("kabupaten_kota"), phone=get("phone"), occupation=get("occupation"),
                   employer_unit=get("employer_unit"), nip=get("nip"), join_date=join, status=status,
                   heir_name=get("heir_name"), heir_relation=get("heir_relation"))
        opening = {}
        for p in prods:
            i = bal_idx[p.code]
            if i is None:
                continue
            try:
                amount = cell_money(cells[i])
            except ValueError as exc:
                problems.append(f"Baris {row_no}, kolom {_balance_header(p.name)}: {exc}.")
                continue
            if amount:
                if p.kind == SavingsKind.POKOK and amount != pokok_amount:
                    problems.append(f"Baris {row_no}, kolom {_balance_header(p.name)}: simpanan pokok harus "
                                    f"{rupiah(pokok_amount)} sesuai AD/ART (tertulis {rupiah(amount)}).")
                opening[p.code] = amount
                totals[p.code] = totals.get(p.code, 0) + amount
        items.append(members.NewMember(m, opening, row=row_no, number=get("number")))
    if not items and not problems:
        problems.append("Tidak ada baris anggota di file (mulai dari baris 2).")
    for problem in (members.validate_many(ws, items) if check_register else ()):
        row_no = _row_of(problem)
        if not any(problem.startswith(f"Baris {row_no}: {label}") for field, label in _SAME_FIELD.items()
                   if field in bad_fields.get(row_no, ())):
            problems.append(problem)
    problems.sort(key=_row_of)
    return ImportPreview(items, totals, problems)


def _row_of(problem: str) -> int:
    head = problem.split(":", 1)[0].split(",", 1)[0]
    digits = head.removeprefix("Baris ").strip()
    return int(digits) if digits.isdigit() else 0


def import_members(ws: Workspace, path: str | os.PathLike, *, opening_date: dt.date,
                   by: User) -> members.BulkResult:
    """Import members with their balances brought forward: all or nothing, every error at once."""
    sheet = read_sheet(path)
    cells_only = parse_member_sheet(ws, sheet, check_register=False)
    if cells_only.problems:  # report the register's problems too, all in one list
        raise ValidationError(parse_member_sheet(ws, sheet).problems)
    return members.register_many(ws, cells_only.items, opening_date=opening_date, by=by)  # checks the register


def export_members(ws: Workspace, path: str | os.PathLike, *, statuses: tuple[MemberStatus, ...] = (),
                   text: str = "") -> Path:
    """The member list with balances per product to .xlsx (full NIK: an export for the cooperative's own use)."""
    path = Path(path)
    prods = savings.products(ws)
    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True})
    money = wb.add_format({"num_format": "#,##0"})
    date = wb.add_format({"num_format": "dd-mm-yyyy"})
    bold_money = wb.add_format({"num_format": "#,##0", "bold": True, "top": 1})
    sheet = wb.add_worksheet("Anggota")
    headers = ["Nomor Anggota", "Nama Lengkap", "NIK", "L/P", "Tempat Lahir", "Tanggal Lahir", "Alamat",
               "Desa/Kelurahan", "Kecamatan", "Telepon", "Pekerjaan", "Tanggal Masuk", "Status",
               *[p.name for p in prods], "Jumlah Simpanan"]
    widths = [14, 28, 19, 5, 14, 12, 30, 18, 18, 15, 16, 12, 14, *[16] * len(prods), 18]
    for i, (h, w) in enumerate(zip(headers, widths, strict=True)):
        sheet.write_string(0, i, h, head)
        sheet.set_column(i, i, w)
    r = 1
    totals = [0] * (len(prods) + 1)
    offset = 0
    while True:
        page = members.search(ws, text, statuses, limit=2000, offset=offset)
        if not page:
            break
        for row in page:
            m = row.member
            values = [m.number, m.full_name, m.nik, m.gender, m.birth_place]
            for i, v in enumerate(values):
                sheet.write_string(r, i, v or "")
            if m.birth_date:
                sheet.write_datetime(r, 5, dt.datetime.combine(m.birth_date, dt.time()), date)
            for i, v in enumerate([m.address, m.desa, m.kecamatan, m.phone, m.occupation], start=6):
                sheet.write_string(r, i, v or "")
            sheet.write_datetime(r, 11, dt.datetime.combine(m.join_date, dt.time()), date)
            sheet.write_string(r, 12, m.status.label)
            for j, p in enumerate(prods):
                amount = row.balances.get(p.code, 0)
                sheet.write_number(r, 13 + j, amount, money)
                totals[j] += amount
            sheet.write_number(r, 13 + len(prods), row.total, money)
            totals[-1] += row.total
            r += 1
        offset += len(page)
    sheet.write_string(r, 1, "Jumlah", wb.add_format({"bold": True}))
    for j, t in enumerate(totals):
        sheet.write_number(r, 13 + j, t, bold_money)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(r - 1, 1), len(headers) - 1)
    wb.close()
    return path


# ------------------------------------------------------------------------------------------------ collection sheet

COLLECTION_FIXED = ("Nomor Anggota", "Nama", "Unit Kerja", "NIP")


def write_collection_sheet(ws: Workspace, path: str | os.PathLike, month: dt.date) -> Path:
    """A potong-gaji list for a month: every active member with the wajib due (arrears included) filled in and
    a column per other deposit product to fill; sent to the payroll office, returned, then imported."""
    path = Path(path)
    bills = savings.wajib_billing(ws, month)
    others = [p for p in savings.products(ws, active_only=True)
              if p.kind not in (SavingsKind.POKOK, SavingsKind.WAJIB)]
    wajib = savings.product_of_kind(ws, SavingsKind.WAJIB)
    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True})
    money = wb.add_format({"num_format": "#,##0"})
    sheet = wb.add_worksheet(f"Setoran {month:%m-%Y}")
    headers = [*COLLECTION_FIXED, wajib.name, *[p.name for p in others]]
    for i, h in enumerate(headers):
        sheet.write_string(0, i, h, head)
        sheet.set_column(i, i, 28 if i == 1 else 16)
    for r, bill in enumerate(sorted(bills, key=lambda b: b.member.number), start=1):
        m = bill.member
        for i, v in enumerate((m.number, m.full_name, m.employer_unit, m.nip)):
            sheet.write_string(r, i, v or "")
        sheet.write_number(r, 4, bill.due_this_month, money)
    sheet.freeze_panes(1, 2)
    info = wb.add_worksheet("Keterangan")
    info.write_string(0, 0, f"Daftar potongan simpanan bulan {month_year(month)}. Kolom {wajib.name} berisi "
                            "kewajiban sampai bulan ini (termasuk tunggakan). Ubah jumlah sesuai yang benar-benar "
                            "dipotong; kosongkan atau isi 0 bila tidak dipotong.")
    wb.close()
    return path


def read_collection_sheet(ws: Workspace, path: str | os.PathLike) -> list[savings.CollectionRow]:
    sheet = read_sheet(path)
    problems = []
    number_col = column_index(sheet, ("Nomor Anggota", "No Anggota", "Nomor"))
    if number_col is None:
        raise ValidationError("Kolom 'Nomor Anggota' tidak ada di baris judul.")
    prods = [(p, column_index(sheet, (p.name, p.code))) for p in savings.products(ws, active_only=True)
             if p.kind != SavingsKind.POKOK]
    prods = [(p, i) for p, i in prods if i is not None]
    if not prods:
        raise ValidationError("Tidak ada kolom simpanan (misalnya 'Simpanan wajib') di baris judul.")
    rows = []
    for row_no, cells in sheet.rows:
        number = cell_text(cells[number_col])
        if not number:
            problems.append(f"Baris {row_no}, kolom Nomor Anggota: wajib diisi.")
            continue
        for p, i in prods:
            try:
                amount = cell_money(cells[i])
            except ValueError as exc:
                problems.append(f"Baris {row_no}, kolom {p.name}: {exc}.")
                continue
            if amount is None or amount == 0:
                continue
            if amount < 0:
                problems.append(f"Baris {row_no}, kolom {p.name}: tidak boleh negatif.")
                continue
            rows.append(savings.CollectionRow(number, p.code, amount, row_no))
    if problems:
        raise ValidationError(problems)
    if not rows:
        raise ValidationError("Tidak ada jumlah setoran di file.")
    return rows


def import_collection(ws: Workspace, path: str | os.PathLike, *, on: dt.date, cash_account_id: int | None,
                      description: str, by: User) -> savings.SavingsPosted:
    return savings.post_collection(ws, read_collection_sheet(ws, path), on=on, cash_account_id=cash_account_id,
                                   description=description, by=by)
