"""The one home of Indonesian formatting and parsing: Rupiah, dates, terbilang. Never the OS locale.

Used by services (messages), reports and the ui. The domain layer does not import it (it has no third-party
dependencies).

babel (id_ID) is the formatter; it is imported by the functions that use it, when first called (the import and
the first locale load cost ~25 ms of start-up). Dates in words ("26 November 2026", "November 2026") are built
from the month names of kopdesk.domain.coop.MONTHS_ID, which give exactly babel's id_ID "d MMMM y" and
"MMMM y" (tests/domain/test_fmt_dates.py checks every month), so the main window and Beranda paint without babel.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from kopdesk.domain.coop import MONTHS_ID
from kopdesk.domain.money import round_rupiah, rp

LOCALE = "id_ID"


def rupiah(amount: int | Decimal | None, *, blank_zero: bool = False) -> str:
    """Rp1.234.567 ; negative as -Rp1.234.567."""
    if amount is None or (blank_zero and amount == 0):
        return ""
    if isinstance(amount, float):
        raise TypeError("float is not money")
    return rp(round_rupiah(amount))


def _group(amount: int | Decimal) -> str:
    """1234567 -> 1.234.567: the id_ID grouping (what babel's format_currency(..., "IDR", "¤#,##0", locale="id_ID")
    gives, checked in tests/domain/test_fmt.py), without babel's cost on every cell of a long list."""
    return rp(round_rupiah(amount)).removeprefix("Rp")


def number(amount: int | Decimal | None, *, blank_zero: bool = False) -> str:
    """1.234.567 (for table columns headed 'Rp'); negatives in parentheses as accountants print them."""
    if amount is None or (blank_zero and amount == 0):
        return ""
    text = _group(abs(amount))
    return f"({text})" if amount < 0 else text


def percent(value: Decimal | int, digits: int = 2) -> str:
    from babel.numbers import format_decimal

    fmt = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=fmt, locale=LOCALE) + "%"


def date_long(d: dt.date | None) -> str:
    """25 November 2026 (babel id_ID "d MMMM y")"""
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}" if d else ""


def day_name(d: dt.date) -> str:
    """Rabu"""
    from babel.dates import format_date

    return format_date(d, "EEEE", locale=LOCALE)


def date_short(d: dt.date | None) -> str:
    """25-11-2026"""
    return d.strftime("%d-%m-%Y") if d else ""


def month_year(d: dt.date) -> str:
    """November 2026 (babel id_ID "MMMM y")"""
    return f"{MONTHS_ID[d.month - 1]} {d.year}"


def terbilang(amount: int) -> str:
    """1250000 -> 'Satu juta dua ratus lima puluh ribu rupiah'."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("terbilang needs whole rupiah (int)")
    from num2words import num2words  # imported when first needed: it costs start-up time

    words = num2words(abs(amount), lang="id")
    words = re.sub(r"\s+", " ", words).strip()
    if amount < 0:
        words = f"minus {words}"
    return f"{words[0].upper()}{words[1:]} rupiah"


_MONEY_CLEAN = re.compile(r"^(?:rp\.?)?\s*(-)?\s*([\d.,\s]+?)\s*(rb|ribu|k|jt|juta)?$", re.IGNORECASE)


def parse_rupiah(text: str) -> int | None:
    """Parse what a treasurer types: '50000', '50.000', 'Rp50.000', '50rb', '1,5jt', '1.5 juta'. None if not money.

    Dots are thousands separators; a comma (or a dot before 'rb'/'jt' with one to two digits after it) is a decimal
    mark, allowed only when the result is whole rupiah.
    """
    if text is None:
        return None
    s = text.strip().replace("\u00a0", " ")
    if not s:
        return None
    m = _MONEY_CLEAN.match(s)
    if not m:
        return None
    sign, digits, suffix = m.group(1), m.group(2).replace(" ", ""), (m.group(3) or "").lower()
    multiplier = {"": 1, "rb": 1000, "ribu": 1000, "k": 1000, "jt": 1_000_000, "juta": 1_000_000}[suffix]
    if suffix and re.fullmatch(r"\d+[.,]\d{1,2}", digits):
        value = Decimal(digits.replace(",", "."))
    elif "," in digits:
        whole, _, frac = digits.rpartition(",")
        if "," in whole or not re.fullmatch(r"\d{1,2}", frac):
            return None
        if not re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", whole):
            return None
        value = Decimal(whole.replace(".", "") + "." + frac)
    else:
        if not re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", digits):
            return None
        value = Decimal(digits.replace(".", ""))
    value *= multiplier
    if value != value.to_integral_value():
        return None
    result = int(value)
    return -result if sign else result


def parse_date(text: str) -> dt.date | None:
    """25-11-2026, 25/11/2026, 2026-11-25, 25 November 2026, 25 Nov 2026."""
    s = text.strip()
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(s, pattern).date()
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", s)
    if m:
        name = m.group(2).lower()
        for i, month in enumerate(MONTHS_ID, start=1):
            if month.lower() == name or month.lower()[:3] == name[:3] and len(name) >= 3:
                try:
                    return dt.date(int(m.group(3)), i, int(m.group(1)))
                except ValueError:
                    return None
    return None
