import datetime as dt
from decimal import Decimal

from kopdesk.domain.savings import (
    InterestBasis,
    SavingsKind,
    SavingsProduct,
    monthly_jasa,
    months_between,
    wajib_status,
    withdrawal_problems,
)

SUKARELA = SavingsProduct(3, "SUKARELA", "Simpanan sukarela", SavingsKind.SUKARELA, 10)
WAJIB = SavingsProduct(2, "WAJIB", "Simpanan wajib", SavingsKind.WAJIB, 9)


def test_sukarela_can_never_go_negative():
    assert withdrawal_problems(SUKARELA, 200_000, 200_000, still_member=True) == []
    [problem] = withdrawal_problems(SUKARELA, 200_000, 250_000, still_member=True)
    assert problem == "Saldo Simpanan sukarela tidak cukup: yang bisa ditarik Rp200.000, diminta Rp250.000."


def test_pokok_and_wajib_are_locked_while_a_member():
    assert withdrawal_problems(WAJIB, 1_000_000, 50_000, still_member=True) == [
        "Simpanan wajib tidak bisa ditarik selama masih menjadi anggota."]
    assert withdrawal_problems(WAJIB, 1_000_000, 1_000_000, still_member=False) == []


def test_minimum_balance_is_kept():
    product = SavingsProduct(3, "S", "Tabungan", SavingsKind.SUKARELA, 10, min_balance=10_000)
    assert "saldo minimum Rp10.000" in withdrawal_problems(product, 50_000, 45_000, still_member=True)[0]


def test_wajib_arrears_cover_the_oldest_month_first():
    # joined 15 Aug 2026, Rp50.000 a month, paid Rp100.000 by November: Aug-Sep covered, Oct-Nov owed
    s = wajib_status(dt.date(2026, 8, 15), dt.date(2026, 11, 25), 50_000, 100_000)
    assert (s.months_due, s.expected, s.arrears, s.months_in_arrears) == (4, 200_000, 100_000, 2)
    assert s.unpaid_months == ("2026-10", "2026-11")
    ahead = wajib_status(dt.date(2026, 8, 15), dt.date(2026, 11, 25), 50_000, 250_000)
    assert ahead.arrears == 0 and ahead.ahead == 50_000 and ahead.unpaid_months == ()


def test_months_between_crosses_the_year():
    assert months_between(dt.date(2025, 11, 30), dt.date(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_jasa_on_the_lowest_balance():
    # 1,000,000 at the start of November, withdraw 400,000 on the 10th, deposit 900,000 on the 20th;
    # lowest 600,000; 6 % a year -> 600,000 x 0.5 % = 3,000
    moves = [(dt.date(2026, 11, 10), -400_000), (dt.date(2026, 11, 20), 900_000)]
    assert monthly_jasa(1_000_000, moves, 2026, 11, Decimal(6), InterestBasis.TERENDAH) == 3_000


def test_jasa_on_the_average_daily_balance():
    # days 1-9: 1,000,000 (9 days); 10-19: 600,000 (10 days); 20-30: 1,500,000 (11 days)
    # average = (9,000,000 + 6,000,000 + 16,500,000) / 30 = 1,050,000 -> 0.5 % = 5,250
    moves = [(dt.date(2026, 11, 10), -400_000), (dt.date(2026, 11, 20), 900_000)]
    assert monthly_jasa(1_000_000, moves, 2026, 11, Decimal(6), InterestBasis.RATA_RATA) == 5_250
    assert monthly_jasa(1_000_000, [], 2026, 11, 0, InterestBasis.RATA_RATA) == 0
