"""A Dinas brings its registry of coached cooperatives in from a spreadsheet: all or nothing, every error named."""

import datetime as dt

import openpyxl
import pytest
import xlsxwriter

from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.dinas import Cooperative, CoopStatus
from kopdesk.domain.errors import ValidationError
from kopdesk.services import dinas, registry_import
from kopdesk.services import workspace as ws_svc

D = dt.date
TODAY = D(2025, 11, 25)
HEADERS = ["Kode", "Nama Koperasi *", "Jenis Koperasi *", "Nomor Badan Hukum", "Tanggal Badan Hukum", "NIK Koperasi",
           "Kecamatan", "Kabupaten/Kota", "Anggota Laki-laki", "Anggota Perempuan", "Status", "Tanggal RAT Terakhir",
           "Predikat Kesehatan", "Tahun Predikat", "Ketua", "Telepon Ketua"]


@pytest.fixture
def dinas_ws(tmp_path):
    ws, admin = ws_svc.create_workspace(tmp_path / "dinas.kopdesk", kind=WorkspaceKind.DINAS,
                                        profile=CoopProfile(name="Dinas Koperasi Kota Banjarbaru"))
    yield ws, admin
    ws.close()


def good_rows(n: int) -> list[list]:
    rows = []
    for i in range(n):
        rows.append(["", f"KSP Usaha Bersama {i + 1}", ["KSP", "Koperasi Serba Usaha", "kopkar", "KPRI"][i % 4],
                     f"518/{i + 1:03d}/BH/XVII/2015", "14-06-2015", f"63720301200{i + 1:05d}",
                     ["Banjarbaru Utara", "Cempaka"][i % 2], "Kota Banjarbaru", 40 + i, 50 + i,
                     ["aktif", "Tidak Aktif", "beku"][i % 3], "15-03-2025" if i % 2 else "",
                     "Cukup Sehat" if i % 5 == 0 else "", 2024 if i % 5 == 0 else "", f"Ketua {i + 1}",
                     "0812-0000-0000"])
    return rows


def write_xlsx(path, rows, headers=HEADERS):
    wb = xlsxwriter.Workbook(str(path))
    sh = wb.add_worksheet("Koperasi")
    for i, h in enumerate(headers):
        sh.write_string(0, i, h)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if isinstance(v, (int, float)):
                sh.write_number(r, c, v)
            elif v:
                sh.write_string(r, c, v)
    wb.close()


def count(ws, table="dinas_coops"):
    return ws.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_clean_register_is_imported_whole(dinas_ws, tmp_path):
    ws, admin = dinas_ws
    path = tmp_path / "registri.xlsx"
    write_xlsx(path, good_rows(30))
    result = registry_import.import_registry(ws, path, admin, today=TODAY)
    assert result.count == 30 and result.keys[0] == "KOP-0001" and result.keys[-1] == "KOP-0030"
    first = dinas.get_cooperative(ws, "KOP-0001")
    assert (first.coop_type, first.nik_koperasi, first.legal_date, first.members) == (
        "KSP", "6372030120000001", D(2015, 6, 14), 90)
    assert (first.last_predicate, first.last_predicate_year) == ("Cukup Sehat", 2024)
    assert [(o.role, o.name) for o in first.officials] == [("ketua", "Ketua 1")]
    second = dinas.get_cooperative(ws, "KOP-0002")
    assert (second.coop_type, second.status, second.last_rat_date) == ("KSU", CoopStatus.TIDAK_AKTIF, D(2025, 3, 15))
    assert dinas.get_cooperative(ws, "KOP-0003").coop_type == "KOPKAR"
    assert ws.db.execute("SELECT count(*) FROM audit_log WHERE action = 'dinas.registri.impor'").fetchone()[0] == 1


def test_bad_rows_write_nothing_and_every_error_is_named(dinas_ws, tmp_path):
    ws, admin = dinas_ws
    dinas.add_cooperative(ws, admin, Cooperative(name="KSP Sudah Ada", nik_koperasi="6372030120099999"))
    rows = good_rows(40)
    rows[4][5] = "637203012000"                 # row 6: NIK koperasi too short
    rows[9][5] = rows[2][5]                     # row 11: same NIK as row 4
    rows[14][2] = "Koperasi Wisata"             # row 16: unknown type
    rows[19][4] = "31-02-2015"                  # row 21: no such date
    rows[24][11] = "01-01-2026"                 # row 26: RAT in the future
    rows[29][5] = "6372030120099999"            # row 31: already in the registry
    rows[34][12] = "Lumayan Sehat"              # row 36: unknown predicate
    rows[35][8] = -3                            # row 37: negative members
    path = tmp_path / "registri.xlsx"
    write_xlsx(path, rows)
    audits = count(ws, "audit_log")
    with pytest.raises(ValidationError) as err:
        registry_import.import_registry(ws, path, admin, today=TODAY)
    problems = err.value.problems
    assert problems == [
        "Baris 6: NIK koperasi harus 16 digit angka (yang dimasukkan: 12 karakter).",
        "Baris 11, kolom NIK Koperasi: sama dengan baris 4.",
        "Baris 16, kolom Jenis Koperasi: jenis 'Koperasi Wisata' tidak dikenal (pilih: KSP, KSU, KPRI, KOPKAR, "
        "KONSUMEN, PRODUSEN, JASA, PEMASARAN, KSPPS).",
        "Baris 21, kolom Tanggal Badan Hukum: bukan tanggal yang sah ('31-02-2015'); tulis seperti 25-11-2026.",
        "Baris 26, kolom Tanggal RAT Terakhir: tanggal 01-01-2026 belum terjadi.",
        "Baris 31, kolom NIK Koperasi: sudah ada di registri (KOP-0001).",
        "Baris 36, kolom Predikat Kesehatan: predikat 'Lumayan Sehat' tidak dikenal.",
        "Baris 37, kolom Anggota Laki-laki: tidak boleh negatif.",
    ]
    assert count(ws) == 1 and count(ws, "dinas_coop_officials") == 0 and count(ws, "audit_log") == audits


def test_duplicate_code_name_and_missing_column(dinas_ws, tmp_path):
    ws, admin = dinas_ws
    rows = good_rows(3)
    rows[0][0] = rows[1][0] = "KSP-01"
    rows[2][1] = rows[1][1]
    rows[2][6] = rows[1][6]                     # same name in the same kecamatan
    path = tmp_path / "r.xlsx"
    write_xlsx(path, rows)
    with pytest.raises(ValidationError) as err:
        registry_import.import_registry(ws, path, admin, today=TODAY)
    assert err.value.problems == ["Baris 3, kolom Kode: sama dengan baris 2.",
                                  "Baris 4: koperasi KSP Usaha Bersama 2 di kecamatan yang sama sudah ada di baris 3."]
    write_xlsx(path, [r[1:2] for r in rows], headers=["Nama Koperasi"])
    with pytest.raises(ValidationError, match="Kolom 'Jenis Koperasi' tidak ada di baris judul"):
        registry_import.import_registry(ws, path, admin, today=TODAY)
    assert count(ws) == 0


def test_csv_with_semicolons(dinas_ws, tmp_path):
    ws, admin = dinas_ws
    path = tmp_path / "registri.csv"
    path.write_text("Nama Koperasi;Jenis Koperasi;NIK Koperasi;Tanggal RAT Terakhir\n"
                    "KSP Maju;KSP;6372030120000001;10-03-2025\n"
                    "Kopkar PLN;Koperasi Karyawan;;\n", encoding="utf-8")
    result = registry_import.import_registry(ws, path, admin, today=TODAY)
    assert result.count == 2
    assert [(c.name, c.coop_type) for c in dinas.list_cooperatives(ws)] == [("Kopkar PLN", "KOPKAR"),
                                                                            ("KSP Maju", "KSP")]


def test_the_template_round_trips(dinas_ws, tmp_path):
    ws, admin = dinas_ws
    path = registry_import.write_registry_template(tmp_path / "templat.xlsx")
    wb = openpyxl.load_workbook(path)
    sheet = wb["Koperasi"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Kode", "Nama Koperasi *", "Jenis Koperasi *"] and "Telepon Bendahara" in headers
    assert "KSPPS" in [c.value for c in wb["Petunjuk"]["A"]]
    values = {"Nama Koperasi *": "KSP Templat", "Jenis Koperasi *": "KSP", "NIK Koperasi": "6372030120000777",
              "Bendahara": "Siti", "Telepon Bendahara": "0813"}
    for col, h in enumerate(headers, start=1):
        if h in values:
            sheet.cell(row=2, column=col, value=values[h])
    wb.save(path)
    registry_import.import_registry(ws, path, admin, today=TODAY)
    c = dinas.list_cooperatives(ws)[0]
    assert (c.name, c.nik_koperasi, c.officials[0].role, c.officials[0].phone) == (
        "KSP Templat", "6372030120000777", "bendahara", "0813")


def test_refused_in_a_koperasi_workspace(book, tmp_path):
    ws, admin = book
    path = tmp_path / "registri.xlsx"
    write_xlsx(path, good_rows(2))
    with pytest.raises(ValidationError, match="file kerja Dinas"):
        registry_import.import_registry(ws, path, admin, today=TODAY)
