"""Dates in words are built from kopdesk.domain.coop.MONTHS_ID so the start does not load babel; they must stay
exactly what babel's id_ID gives (the project's formatter), for every month."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from babel.dates import format_date

from kopdesk import fmt

DAYS = (1, 9, 10, 28)


@pytest.mark.parametrize("month", range(1, 13))
def test_date_long_and_month_year_equal_babel_id_ID_for_every_month(month):
    for year in (1999, 2026, 2100):
        for day in DAYS:
            d = dt.date(year, month, day)
            assert fmt.date_long(d) == format_date(d, "d MMMM y", locale="id_ID")
            assert fmt.month_year(d) == format_date(d, "MMMM y", locale="id_ID")
    last = (dt.date(2026, month % 12 + 1, 1) - dt.timedelta(days=1)) if month < 12 else dt.date(2026, 12, 31)
    assert fmt.date_long(last) == format_date(last, "d MMMM y", locale="id_ID")


def test_known_forms():
    assert fmt.date_long(dt.date(2026, 11, 26)) == "26 November 2026"
    assert fmt.date_long(dt.date(2026, 3, 5)) == "5 Maret 2026"       # no leading zero
    assert fmt.date_long(dt.datetime(2026, 8, 17, 9, 30)) == "17 Agustus 2026"   # a timestamp prints its date
    assert fmt.date_long(None) == ""
    assert fmt.month_year(dt.date(2026, 5, 31)) == "Mei 2026"


def test_importing_fmt_and_formatting_dates_and_money_does_not_load_babel():
    code = ("import sys, datetime as dt\n"
            "from kopdesk import fmt\n"
            "fmt.date_long(dt.date(2026, 11, 26)); fmt.month_year(dt.date(2026, 11, 1)); fmt.rupiah(1500)\n"
            "fmt.number(-20); fmt.date_short(dt.date(2026, 1, 2)); fmt.parse_date('26 November 2026')\n"
            "print('babel' in sys.modules)\n"
            "print(fmt.percent(12.5, 1), fmt.day_name(dt.date(2026, 11, 25)))\n"   # these load babel when called
            "print('babel' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}).stdout.split("\n")
    assert out[:3] == ["False", "12,5% Rabu", "True"]


def test_status_bar_fiscal_year_label_agrees_with_fiscal_year_bounds():
    """main_window.fiscal_year_label works the years out itself (ui.widgets stays off the start path); it must
    name the years of widgets.fiscal_year_bounds for every start month and every day of the year."""
    from kopdesk.ui.main_window import fiscal_year_label
    from kopdesk.ui.widgets import fiscal_year_bounds

    for start_month in range(1, 13):
        for today in (dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(365)):
            start, end = fiscal_year_bounds(today, start_month)
            expected = f"Tahun buku {start.year}" if start.year == end.year else f"Tahun buku {start.year}/{end.year}"
            assert fiscal_year_label(start_month, today) == expected
    assert fiscal_year_label(7, dt.date(2026, 3, 1)) == "Tahun buku 2025/2026"
    assert fiscal_year_label(1, dt.date(2026, 3, 1)) == "Tahun buku 2026"
