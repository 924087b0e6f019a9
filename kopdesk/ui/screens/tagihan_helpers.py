"""Small helpers shared by the wajib billing and the collection grid."""

from __future__ import annotations

from kopdesk.ui.style import DANGER

MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def month_short(key: str) -> str:
    """'2026-09' -> 'Sep 2026'"""
    year, month = key.split("-")
    return f"{MONTHS_SHORT[int(month) - 1]} {year}"


def unpaid_text(months: tuple[str, ...]) -> str:
    """The unpaid months run from the oldest unpaid to the billing month: 'Sep 2026 s.d. Nov 2026'."""
    if not months:
        return ""
    if len(months) == 1:
        return month_short(months[0])
    return f"{month_short(months[0])} s.d. {month_short(months[-1])}"


def behind_color(bill) -> str | None:
    return DANGER if bill.status.months_in_arrears >= 3 else None
