"""KPRI Guru Sejahtera collects loan instalments by payroll deduction: on 2 March 2026 the sheet shows what each
active loan owes (Rina is a month behind, so her Februari instalment carries denda), splits any amount exactly as
the repayment service will, goes to the payroll office as .xlsx and comes back; a returned list with a wrong row
is refused as a whole, every wrong row named."""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.members import Member
from kopdesk.domain.users import Role
from kopdesk.services import loan_collection as coll
from kopdesk.services import loan_payments as pay_svc
from kopdesk.services import loan_products as products_svc
from kopdesk.services import loans as loans_svc
from kopdesk.services import members as members_svc
from kopdesk.services import users as users_svc
from kopdesk.services.spreadsheet import read_sheet
from tests.builders import post

D = dt.date
ON = D(2026, 3, 2)


def lending_book(ws, admin) -> dict:
    """Three members of two work units with Pinjaman Umum (flat 1,5%, denda 0,1% a day after 3 days' grace):
    Siti 5jt/10 and Budi 3jt/6 paid out on 2 Feb 2026, Rina 5jt/10 on 2 Jan 2026 (so on 2 Mar she owes two
    instalments); Dewi, without a work unit, 2jt/4 paid out on 20 Feb 2026 (nothing due on 2 Mar)."""
    post(ws, admin, D(2025, 12, 1), "Cadangan umum awal", ("1-1100", 200_000_000, 0), ("3-3100", 0, 200_000_000),
         series="JS")
    ketua, _ = users_svc.add_user(ws, username="ketua", full_name="Budi Ketua", role=Role.ADMIN, password=None,
                                  by=admin)
    umum = products_svc.product_by_code(ws, "UMUM")

    def member(name, nik, gender, unit):
        return members_svc.add_member(ws, Member(id=None, number="", full_name=name, nik=nik, gender=gender,
                                                 join_date=D(2025, 12, 1), employer_unit=unit), admin).member

    def grant(m, amount, tenor, on):
        applied = loans_svc.apply(ws, member_id=m.id, product_id=umum.id, amount=amount, tenor=tenor, on=on,
                                  purpose="Biaya sekolah", by=admin)
        loans_svc.approve(ws, applied.loan.id, on=on, by=ketua)
        return loans_svc.disburse(ws, applied.loan.id, on=on, by=admin).loan

    siti = member("Siti Aminah", "6372024508900003", "P", "Dinas Pendidikan")
    budi = member("Budi Santoso", "6372021203850001", "L", "Dinas Pendidikan")
    rina = member("Rina Wati", "6372024107880002", "P", "RSUD Idaman")
    dewi = member("Dewi Lestari", "6372025512910004", "P", "")
    return {"siti": grant(siti, 5_000_000, 10, D(2026, 2, 2)), "budi": grant(budi, 3_000_000, 6, D(2026, 2, 2)),
            "rina": grant(rina, 5_000_000, 10, D(2026, 1, 2)), "dewi": grant(dewi, 2_000_000, 4, D(2026, 2, 20)),
            "ketua": ketua}


@pytest.fixture
def lent(book):
    ws, admin = book
    return ws, admin, lending_book(ws, admin)


def test_what_each_loan_owes_on_the_date(lent):
    ws, _admin, x = lent
    lines = {d.loan.number: d for d in coll.due_loans(ws, ON)}
    assert list(lines) == [x[k].number for k in ("siti", "budi", "rina", "dewi")]   # by member number
    siti, budi, rina, dewi = (lines[x[k].number] for k in ("siti", "budi", "rina", "dewi"))
    # 500.000 pokok + 75.000 jasa (1,5% of 5jt); Budi 500.000 + 45.000
    assert (siti.principal_due, siti.interest_due, siti.penalty_due, siti.due) == (500_000, 75_000, 0, 575_000)
    assert (budi.due, coll.instalments_text(budi), budi.employer_unit) == (545_000, "1 dari 6", "Dinas Pendidikan")
    # Rina: Feb and Mar; Feb's 575.000 is late from 6 Feb (3 days' grace) to 2 Mar: 25 days x 0,1% = 14.375
    assert (rina.principal_due, rina.interest_due, rina.penalty_due) == (1_000_000, 150_000, 14_375)
    assert (rina.due, coll.instalments_text(rina)) == (1_164_375, "1-2 dari 10")
    assert (dewi.due, dewi.max_payable, dewi.employer_unit) == (0, 2_000_000 + 4 * 30_000, "")
    # a loan paid out after the date is not on the sheet
    assert [d.loan.number for d in coll.due_loans(ws, D(2026, 2, 10))] == [x[k].number for k in ("siti", "budi",
                                                                                                  "rina")]


def test_split_is_the_repayment_services_allocation(lent):
    ws, _admin, x = lent
    rina = next(d for d in coll.due_loans(ws, ON) if d.loan.id == x["rina"].id)
    # less than due: denda, then all jasa due, then pokok (per komponen)
    s = coll.split(rina, 600_000)
    assert (s.penalty, s.interest, s.principal, s.outstanding_after, s.closes) == (14_375, 150_000, 435_625,
                                                                                  4_564_375, False)
    for amount in (600_000, rina.due, rina.due + 100_000, rina.max_payable):
        pv = pay_svc.repayment_preview(ws, x["rina"].id, amount=amount, on=ON)
        s = coll.split(rina, amount)
        assert (s.principal, s.interest, s.penalty, s.allocations) == (pv.principal, pv.interest, pv.penalty,
                                                                       pv.allocations)
        assert s.outstanding_after == pv.after.principal_outstanding and s.closes == pv.closes
    assert coll.split(rina, rina.max_payable).closes
    assert coll.amount_problem(rina, rina.max_payable + 1) == \
        "Rp5.764.376 melebihi sisa angsuran dan denda Rp5.764.375"
    assert coll.amount_problem(rina, -5) == "jumlah tidak boleh negatif"
    assert coll.split(rina, rina.max_payable + 1) == coll.Split(0, 0, 0, 4_000_000 + 1_000_000, False)


def test_a_loan_with_a_later_transaction_is_blocked_for_that_date(lent):
    ws, admin, x = lent
    pay_svc.repay(ws, x["siti"].id, amount=575_000, on=D(2026, 3, 5), by=admin)
    siti = next(d for d in coll.due_loans(ws, ON) if d.loan.id == x["siti"].id)
    assert siti.blocked.startswith("ada transaksi pinjaman tanggal 05-03-2026")
    assert (siti.due, siti.max_payable) == (0, 0)
    assert coll.amount_problem(siti, 575_000) == siti.blocked
    later = next(d for d in coll.due_loans(ws, D(2026, 3, 5)) if d.loan.id == x["siti"].id)
    assert (later.blocked, later.due) == ("", 0)        # March is paid


def test_the_sheet_goes_to_the_payroll_office_and_comes_back(lent, tmp_path):
    ws, _admin, x = lent
    lines = coll.due_loans(ws, ON)
    amounts = {x["siti"].number: 575_000, x["budi"].number: 0, x["rina"].number: 600_000, x["dewi"].number: 0}
    out = coll.write_sheet(tmp_path / "potong.xlsx", ON, [(d, amounts[d.loan.number]) for d in lines])
    sheet = read_sheet(out)
    assert sheet.headers == list(coll.HEADERS)
    first = sheet.rows[0][1]
    assert first[:6] == ["A-0001", "Siti Aminah", "Dinas Pendidikan", "", x["siti"].number, "1 dari 10"]
    assert [int(v) for v in first[6:]] == [500_000, 75_000, 0, 575_000, 575_000]
    assert sheet.rows[-1][1][1] == "Jumlah" and int(sheet.rows[-1][1][9]) == 575_000 + 545_000 + 1_164_375
    back = coll.read_sheet_amounts(ws, out, ON)
    assert [(a.row, a.member_number, a.loan_number, a.amount) for a in back] == [
        (2, "A-0001", x["siti"].number, 575_000), (3, "A-0002", x["budi"].number, 0),
        (4, "A-0003", x["rina"].number, 600_000), (5, "A-0004", x["dewi"].number, 0)]


def test_a_returned_list_with_wrong_rows_is_refused_with_every_row_named(lent, tmp_path):
    ws, _admin, x = lent
    path = tmp_path / "kembali.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    sh = wb.add_worksheet()
    rows = [("Nomor Anggota", "Nomor Pinjaman", "Jumlah Dipotong"),
            ("A-0001", x["siti"].number, 575_000),
            ("A-0001", x["budi"].number, 545_000),            # Budi's loan under Siti's number
            ("A-0003", "PJ-2026-999999", 100_000),
            ("A-0003", x["rina"].number, "seratus ribu"),
            ("A-0004", x["dewi"].number, 9_000_000),
            ("A-0001", x["siti"].number, 10_000)]
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            (sh.write_number if isinstance(v, int) else sh.write_string)(r, c, v)
    wb.close()
    with pytest.raises(ValidationError) as err:
        coll.read_sheet_amounts(ws, path, ON)
    assert err.value.problems == [
        f"Baris 3: pinjaman {x['budi'].number} milik anggota A-0002 (Budi Santoso), bukan A-0001.",
        "Baris 4: nomor pinjaman PJ-2026-999999 tidak ditemukan.",
        "Baris 5, kolom Jumlah Dipotong: bukan jumlah rupiah yang sah ('seratus ribu').",
        f"Baris 6: pinjaman {x['dewi'].number}: Rp9.000.000 melebihi sisa angsuran dan denda Rp2.120.000.",
        f"Baris 7: pinjaman {x['siti'].number} sudah ada di baris 2; gabungkan jumlahnya."]
    wrong = tmp_path / "lain.xlsx"
    wb = xlsxwriter.Workbook(str(wrong))
    wb.add_worksheet().write_row(0, 0, ["Nomor Anggota", "Jumlah"])
    wb.close()
    with pytest.raises(ValidationError, match="Kolom 'Nomor Pinjaman' tidak ada di baris judul"):
        coll.read_sheet_amounts(ws, wrong, ON)
