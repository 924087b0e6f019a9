import datetime as dt

import pytest

from kopdesk import fmt


def test_rupiah_and_dates_in_indonesian():
    assert fmt.rupiah(1_250_000) == "Rp1.250.000"
    assert fmt.rupiah(-5_000) == "-Rp5.000"
    assert fmt.number(-1_234_567) == "(1.234.567)"
    assert fmt.date_long(dt.date(2026, 11, 25)) == "25 November 2026"
    assert fmt.month_year(dt.date(2026, 2, 1)) == "Februari 2026"


def test_terbilang():
    assert fmt.terbilang(1_250_000) == "Satu juta dua ratus lima puluh ribu rupiah"
    assert fmt.terbilang(101_000) == "Seratus satu ribu rupiah"
    with pytest.raises(TypeError):
        fmt.terbilang(1.5)


@pytest.mark.parametrize("text, value", [
    ("50000", 50_000), ("50.000", 50_000), ("Rp50.000", 50_000), ("Rp 50.000", 50_000), ("50rb", 50_000),
    ("1,5jt", 1_500_000), ("1.5 juta", 1_500_000), ("1.234.567", 1_234_567), ("-20.000", -20_000),
    ("12,5", None), ("abc", None), ("50.00", None), ("", None), ("1.2.3", None),
])
def test_parse_rupiah(text, value):
    assert fmt.parse_rupiah(text) == value


def test_parse_date():
    assert fmt.parse_date("25-11-2026") == dt.date(2026, 11, 25)
    assert fmt.parse_date("25/11/2026") == dt.date(2026, 11, 25)
    assert fmt.parse_date("25 November 2026") == dt.date(2026, 11, 25)
    assert fmt.parse_date("31-02-2026") is None


@pytest.mark.parametrize("amount", [0, 7, 999, 1_000, 1_250_000, -5_000, 987_654_321_012])
def test_fast_grouping_equals_babel_id_ID(amount):
    from decimal import Decimal

    from babel.numbers import format_currency, format_decimal

    assert fmt.rupiah(amount) == format_currency(amount, "IDR", format="¤#,##0", locale="id_ID",
                                                 currency_digits=False)
    assert fmt.number(abs(amount)) == format_decimal(abs(amount), format="#,##0", locale="id_ID")
    assert fmt.rupiah(Decimal(amount)) == fmt.rupiah(amount)
