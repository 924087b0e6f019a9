"""The RAPB of KSP Maju Bersama: a budget per account for 2026, copied from the 2025 realisation plus 10 %, adjusted by
hand, and compared with what happened (variance and realisation %). A closed year's budget is frozen."""

import datetime as dt
from decimal import Decimal

import pytest

from kopdesk.domain.errors import PermissionDenied, ValidationError
from kopdesk.domain.users import Role
from kopdesk.services import budget, closing, users
from tests.builders import post

D = dt.date


@pytest.fixture
def kop(book):
    ws, admin = book
    post(ws, admin, D(2025, 1, 2), "Saldo awal", ("1-1100", 100_000_000, 0), ("3-2100", 0, 100_000_000),
         series="JS")
    for m in range(1, 13):
        post(ws, admin, D(2025, m, 15), "Jasa pinjaman", ("1-1100", 2_000_000, 0), ("4-1100", 0, 2_000_000))
        post(ws, admin, D(2025, m, 25), "Gaji", ("6-1100", 800_000, 0), ("1-1100", 0, 800_000))
    post(ws, admin, D(2025, 3, 10), "RAT 2025", ("7-1100", 2_500_000, 0), ("1-1100", 0, 2_500_000))
    for m in range(1, 4):
        post(ws, admin, D(2026, m, 15), "Jasa pinjaman", ("1-1100", 2_500_000, 0), ("4-1100", 0, 2_500_000))
        post(ws, admin, D(2026, m, 25), "Gaji", ("6-1100", 900_000, 0), ("1-1100", 0, 900_000))
    post(ws, admin, D(2026, 3, 12), "RAT 2026", ("7-1100", 3_000_000, 0), ("1-1100", 0, 3_000_000))
    return ws, admin


def test_copy_last_years_actual_plus_growth_then_adjust(kop):
    ws, admin = kop
    budget.copy_from_actual(ws, 2026, admin, growth_pct=10)
    b = budget.get_budget(ws, 2026)
    assert b.lines == (("4-1100", "Partisipasi - jasa pinjaman anggota", 26_400_000),
                       ("6-1100", "Gaji, honor & tunjangan karyawan", 10_560_000),
                       ("7-1100", "Beban RAT / rapat anggota", 2_750_000))
    with pytest.raises(ValidationError, match="sudah ada; pilih ganti semua"):
        budget.copy_from_actual(ws, 2026, admin)
    budget.set_budget(ws, 2026, {"6-1210": 1_200_000, "1-1300": 150_000_000, "7-1100": 0}, admin)
    assert [x[0] for x in budget.get_budget(ws, 2026).lines] == ["1-1300", "4-1100", "6-1100", "6-1210"]


def test_budget_versus_actual(kop):
    ws, admin = kop
    budget.set_budget(ws, 2026, {"4-1100": 30_000_000, "6-1100": 12_000_000, "6-1210": 1_200_000,
                                 "7-1100": 2_500_000, "1-1100": 120_000_000}, admin)
    r = budget.budget_vs_actual(ws, 2026, through=D(2026, 3, 31))
    assert [g.key for g in r.groups] == ["partisipasi_bruto", "beban_usaha", "beban_perkoperasian", "neraca"]
    pb = r.group("partisipasi_bruto").lines[0]
    assert (pb.budget, pb.actual, pb.variance, pb.percent, pb.favourable) == (30_000_000, 7_500_000, -22_500_000,
                                                                              Decimal("25.00"), False)
    rat = r.group("beban_perkoperasian").lines[0]
    assert (rat.actual, rat.variance, rat.percent, rat.favourable) == (3_000_000, 500_000, Decimal("120.00"), False)
    listrik = next(x for x in r.group("beban_usaha").lines if x.account_code == "6-1210")
    assert (listrik.actual, listrik.percent, listrik.favourable) == (0, Decimal("0.00"), True)
    kas = r.group("neraca").lines[0]
    assert (kas.account_code, kas.actual, kas.favourable) == ("1-1100", 100_000_000 + 12 * 1_200_000 - 2_500_000
                                                              + 3 * 1_600_000 - 3_000_000, None)
    assert r.shu_budget == 30_000_000 - 12_000_000 - 1_200_000 - 2_500_000
    assert r.shu_actual == 7_500_000 - 2_700_000 - 3_000_000 and r.shu_variance == r.shu_actual - r.shu_budget
    with pytest.raises(ValidationError, match="di dalam tahun buku 2026"):
        budget.budget_vs_actual(ws, 2026, through=D(2027, 1, 1))


def test_every_problem_at_once_naming_the_account(kop):
    ws, admin = kop
    with pytest.raises(ValidationError) as err:
        budget.set_budget(ws, 2026, {"9-9999": 1, "6": 5, "6-1100": -5, "6-1210": "1.000"}, admin)
    assert err.value.problems == [
        "Akun 9-9999: tidak ada di daftar akun.",
        "Akun 6 BEBAN USAHA: akun induk tidak bisa dianggarkan; pilih akun rinciannya.",
        "Akun 6-1100 Gaji, honor & tunjangan karyawan: anggaran tidak boleh negatif.",
        "Akun 6-1210 Beban listrik, air & telepon: anggaran harus rupiah bulat."]
    assert budget.get_budget(ws, 2026).lines == ()
    viewer, _ = users.add_user(ws, username="pengawas", full_name="Pak Pengawas", role=Role.PENGAWAS, password=None,
                               by=admin)
    with pytest.raises(PermissionDenied):
        budget.set_budget(ws, 2026, {"6-1100": 1}, viewer)


def test_a_closed_years_budget_is_frozen(kop):
    ws, admin = kop
    budget.set_budget(ws, 2025, {"4-1100": 20_000_000}, admin)
    closing.close_year(ws, 2025, admin, close_open_months=True)
    with pytest.raises(ValidationError, match="sudah ditutup; RAPB-nya tidak bisa diubah"):
        budget.set_budget(ws, 2025, {"4-1100": 25_000_000}, admin)
    r = budget.budget_vs_actual(ws, 2025)
    line = r.group("partisipasi_bruto").lines[0]
    assert (line.actual, line.percent) == (24_000_000, Decimal("120.00"))     # the closing journal is left out
