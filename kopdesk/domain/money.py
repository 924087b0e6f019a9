"""Money has one home. Storage is INTEGER rupiah; computation is Decimal with ROUND_HALF_UP.

Never construct money from a float: floats are refused so a rounding error cannot sneak in.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

ONE = Decimal(1)
HUNDRED = Decimal(100)

Rupiah = int  # whole rupiah, the storage unit


def dec(value: int | str | Decimal) -> Decimal:
    """Build a Decimal from an int, a str or a Decimal (never a float)."""
    if isinstance(value, bool):
        raise TypeError("bool is not money")
    if isinstance(value, float):
        raise TypeError("float is not allowed for money; pass int, str or Decimal")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - defensive
        raise ValueError(f"not a number: {value!r}") from exc


def round_rupiah(value: int | str | Decimal, rounding: str = ROUND_HALF_UP) -> Rupiah:
    """Round to whole rupiah (default half up) and return an int."""
    return int(dec(value).quantize(ONE, rounding=rounding))


def round_to(value: int | str | Decimal, unit: int, rounding: str = ROUND_HALF_UP) -> Rupiah:
    """Round to a multiple of ``unit`` rupiah (e.g. 100 or 1000), half up by default."""
    if unit <= 0:
        raise ValueError("unit must be positive")
    return int((dec(value) / unit).quantize(ONE, rounding=rounding)) * unit


def percent_of(amount: int | Decimal, percent: int | str | Decimal) -> Decimal:
    """``percent`` % of ``amount`` as an exact Decimal (not yet rounded)."""
    return dec(amount) * dec(percent) / HUNDRED


def allocate(total: Rupiah, weights: Sequence[int | str | Decimal]) -> list[Rupiah]:
    """Split ``total`` rupiah in proportion to ``weights`` so the parts add up exactly.

    Largest-remainder method: each part gets its floor share; the rupiah left over go one each to the parts
    with the largest fractional remainders (ties to the earlier part). Zero weights get zero.
    """
    if not isinstance(total, int):
        raise TypeError("total must be int rupiah")
    ws = [dec(w) for w in weights]
    if any(w < 0 for w in ws):
        raise ValueError("weights must not be negative")
    wsum = sum(ws, Decimal(0))
    if not ws:
        return []
    if wsum == 0:
        if total != 0:
            raise ValueError("cannot allocate a non-zero total over zero weights")
        return [0] * len(ws)
    sign = -1 if total < 0 else 1
    t = abs(total)
    exact = [dec(t) * w / wsum for w in ws]
    floors = [int(x.to_integral_value(rounding=ROUND_DOWN)) for x in exact]
    left = t - sum(floors)
    order = sorted(range(len(ws)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * f for f in floors]


def rp(amount: int) -> str:
    """Rp1.234.567 with the standard library only, for messages raised in the domain layer.
    (Screens and documents format through kopdesk.fmt, which uses babel.)"""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")
