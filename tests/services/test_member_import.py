"""Bringing a paper register into KopDesk, and the payroll collection sheet going out and coming back."""

import datetime as dt
import random

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.members import Member
from kopdesk.services import ledger, member_import, members, savings
from kopdesk.services.check import check_workspace
from tests.builders import post

D = dt.date


def valid_nik(rng: random.Random, n: int) -> tuple[str, str, dt.date]:
    female = n % 2 == 0
    born = dt.date(1960 + n % 40, 1 + n % 12, 1 + n % 28)
    day = born.day + (40 if female else 0)
    return f"6372{1 + n % 5:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{n + 1:04d}", "P" if female else "L", born


def write_register(path, rows):
    wb = xlsxwriter.Workbook(str(path))
    sh = wb.add_worksheet("Anggota")
    headers = ["Nomor Anggota", "Nama Lengkap *", "NIK *", "Jenis Kelamin *", "Tanggal Lahir", "Alamat",
               "Tanggal Masuk *", "Saldo Simpanan pokok", "Saldo Simpanan wajib", "Saldo Simpanan sukarela"]
    for i, h in enumerate(headers):
        sh.write_string(0, i, h)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if isinstance(v, (int, float)):
                sh.write_number(r, c, v)
            elif v is not None:
                sh.write_string(r, c, v)
    wb.close()


def register_rows(n):
    rng = random.Random(5)
    rows = []
    for i in range(n):
        nik, gender, born = valid_nik(rng, i)
        rows.append(["", f"Anggota Nomor {i + 1}", nik, gender, born.strftime("%d-%m-%Y"), "Jl. Mawar",
                     "02-01-2020", 100_000, 50_000 * (i % 30), 10_000 * (i % 7)])
    return rows


def test_a_500_row_register_with_3_bad_rows_writes_nothing_and_names_them(book, tmp_path):
    ws, admin = book
    rows = register_rows(500)
    rows[41][2] = "63720112"                 # row 43: NIK too short
    rows[199][6] = "31-13-2020"              # row 201: no such date
    rows[388][8] = "lima puluh ribu"         # row 390: not money
    path = tmp_path / "anggota.xlsx"
    write_register(path, rows)
    with pytest.raises(ValidationError) as err:
        member_import.import_members(ws, path, opening_date=D(2026, 1, 1), by=admin)
    problems = err.value.problems
    assert len(problems) == 3, problems
    assert problems[0] == "Baris 43: NIK harus 16 digit angka (yang dimasukkan: 8 digit)."
    assert problems[1].startswith("Baris 201, kolom Tanggal Masuk: bukan tanggal yang sah")
    assert problems[2].startswith("Baris 390, kolom Saldo Simpanan wajib: bukan jumlah rupiah")
    assert members.count(ws) == 0
    assert ledger.journals(ws, D(2000, 1, 1), D(2100, 1, 1)) == []


def test_a_clean_register_is_imported_with_its_opening_balances(book, tmp_path):
    ws, admin = book
    rows = register_rows(500)
    path = tmp_path / "anggota.xlsx"
    write_register(path, rows)
    done = member_import.import_members(ws, path, opening_date=D(2026, 1, 1), by=admin)
    assert done.members == 500 and done.journal_number == "JS-2026-000001"
    expected = sum(r[7] + r[8] + r[9] for r in rows)
    assert done.total_opening == expected
    assert members.find_member(ws, "A-0500").full_name == "Anggota Nomor 500"
    assert ledger.account_balance(ws, ledger.get_account(ws, "3-1200").id, D(2026, 1, 1)) == sum(r[8] for r in rows)
    # the opening balance sheet entered later clears 3-9000
    post(ws, admin, D(2026, 1, 1), "Neraca awal", ("1-1100", expected, 0), ("3-9000", 0, expected), series="JS")
    assert ledger.account_balance(ws, ledger.get_account(ws, "3-9000").id, D(2026, 1, 1)) == 0
    assert check_workspace(ws.path).ok


def test_duplicate_nik_inside_the_file_and_against_the_register(book, tmp_path):
    ws, admin = book
    members.add_member(ws, Member(None, "", "Siti Aminah", "6372024508900003", "P", birth_date=D(1990, 8, 5),
                                  join_date=D(2026, 1, 5)), admin)
    rows = register_rows(3)
    rows[2][2] = rows[0][2]
    rows[1][2] = "6372024508900003"
    path = tmp_path / "anggota.csv"
    path.write_text("\n".join(";".join(str(c) for c in ["Nama Lengkap", "NIK", "Jenis Kelamin", "Tanggal Masuk"])
                              .split("\n") + [";".join([r[1], r[2], r[3], r[6]]) for r in rows]))
    with pytest.raises(ValidationError) as err:
        member_import.import_members(ws, path, opening_date=D(2026, 1, 1), by=admin)
    assert err.value.problems == [
        "Baris 3: NIK 6372024508900003 sudah dipakai oleh anggota A-0001 (Siti Aminah).",
        f"Baris 4: NIK {rows[0][2]} sama dengan baris 2."]


def test_the_template_round_trips(book, tmp_path):
    ws, admin = book
    path = member_import.write_member_template(ws, tmp_path / "template.xlsx")
    headers = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[0]
    assert headers[:3] == ["Nomor Anggota", "Nama Lengkap *", "NIK *"]
    assert "Saldo Simpanan sukarela" in headers
    with pytest.raises(ValidationError, match="Tidak ada baris anggota"):
        member_import.import_members(ws, path, opening_date=D(2026, 1, 1), by=admin)


def test_nik_typed_as_a_number_is_refused_not_guessed(book, tmp_path):
    ws, admin = book
    rows = register_rows(1)
    rows[0][2] = 9_573_014_508_900_003.0  # beyond float precision: Excel already changed its digits
    write_register(tmp_path / "a.xlsx", rows)
    with pytest.raises(ValidationError, match="format kolom NIK sebagai teks"):
        member_import.import_members(ws, tmp_path / "a.xlsx", opening_date=D(2026, 1, 1), by=admin)


def test_collection_sheet_out_to_payroll_and_back(book, tmp_path):
    ws, admin = book
    post(ws, admin, D(2026, 1, 1), "Modal", ("1-1100", 1_000_000, 0), ("3-9000", 0, 1_000_000), series="JS")
    a = members.add_member(ws, Member(None, "", "Siti Aminah", "6372024508900003", "P", birth_date=D(1990, 8, 5),
                                      join_date=D(2026, 9, 5), employer_unit="Dinas Pendidikan"), admin).member
    b = members.add_member(ws, Member(None, "", "Budi Santoso", "6372021203850001", "L", birth_date=D(1985, 3, 12),
                                      join_date=D(2026, 10, 1)), admin).member
    sheet = member_import.write_collection_sheet(ws, tmp_path / "potong-gaji.xlsx", D(2026, 10, 1))
    table = CalamineWorkbook.from_path(str(sheet)).get_sheet_by_index(0).to_python()
    assert table[0][:5] == ["Nomor Anggota", "Nama", "Unit Kerja", "NIP", "Simpanan wajib"]
    assert table[1][:5] == [a.number, "Siti Aminah", "Dinas Pendidikan", "", 100_000.0]  # Sep + Oct
    assert table[2][0] == b.number and table[2][4] == 50_000.0
    posted = member_import.import_collection(ws, sheet, on=D(2026, 10, 28), cash_account_id=None,
                                             description="Potong gaji Oktober 2026", by=admin)
    assert posted.balance == 150_000
    assert savings.wajib_billing(ws, D(2026, 10, 1))[0].status.arrears == 0
    assert check_workspace(ws.path).ok


def test_export_members_with_balances(book, tmp_path):
    ws, admin = book
    members.add_member(ws, Member(None, "", "Siti Aminah", "6372024508900003", "P", birth_date=D(1990, 8, 5),
                                  join_date=D(2026, 1, 5)), admin)
    path = member_import.export_members(ws, tmp_path / "anggota.xlsx")
    table = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert table[1][:4] == ["A-0001", "Siti Aminah", "6372024508900003", "P"]
    assert table[-1][1] == "Jumlah" and table[-1][-1] == 100_000.0
