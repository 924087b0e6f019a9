"""Bands: intervals of the real line with explicit open or closed ends, each carrying a value (a nilai or a predicate).

Scoring tables are data, never ``if`` chains (spec §1.3 note 1): a table is a tuple of bands that must cover its range
without gaps or overlaps, which ``coverage_problems`` checks. Bands are written in the spec's own notation,
``"(0, 20]"`` meaning 0 < x <= 20, with ``-inf``/``inf`` for an open end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

T = TypeVar("T")

_INTERVAL = re.compile(r"^\s*([\[(])\s*([^,\s]+)\s*,\s*([^,\s]+)\s*([\])])\s*$")
_NEG_INF = {"-inf", "-∞"}
_POS_INF = {"inf", "+inf", "∞", "+∞"}


@dataclass(frozen=True, slots=True)
class Band(Generic[T]):
    """lower .. upper with explicit closed ends; ``None`` is minus (lower) or plus (upper) infinity."""

    lower: Decimal | None
    lower_closed: bool
    upper: Decimal | None
    upper_closed: bool
    value: T

    def contains(self, x: Decimal) -> bool:
        if self.lower is not None and (x < self.lower or (x == self.lower and not self.lower_closed)):
            return False
        if self.upper is not None and (x > self.upper or (x == self.upper and not self.upper_closed)):
            return False
        return True

    @property
    def notation(self) -> str:
        """``(0, 20]``, ``(-inf, 4)``, ``[8, inf)``."""
        lo = "-inf" if self.lower is None else _fmt(self.lower)
        hi = "inf" if self.upper is None else _fmt(self.upper)
        return f"{'[' if self.lower_closed else '('}{lo}, {hi}{']' if self.upper_closed else ')'}"

    @property
    def text(self) -> str:
        """Readable form for screens and reports: ``0 < x ≤ 20``, ``x > 80``, ``x = 0``, ``x < 4``."""
        if self.lower is not None and self.lower == self.upper:
            return f"x = {_fmt(self.lower)}"
        if self.lower is None and self.upper is None:
            return "semua x"
        if self.lower is None:
            return f"x {'≤' if self.upper_closed else '<'} {_fmt(self.upper)}"
        if self.upper is None:
            return f"x {'≥' if self.lower_closed else '>'} {_fmt(self.lower)}"
        return (f"{_fmt(self.lower)} {'≤' if self.lower_closed else '<'} x "
                f"{'≤' if self.upper_closed else '<'} {_fmt(self.upper)}")


def _fmt(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text


def _end(text: str, lower: bool) -> Decimal | None:
    if (lower and text in _NEG_INF) or (not lower and text in _POS_INF):
        return None
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValueError(f"bukan angka: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"bukan angka: {text!r}")
    return value


def interval(notation: str, value: T) -> Band[T]:
    """Parse ``"(0, 20]"`` / ``"[80, inf)"`` / ``"[0, 0]"`` into a band carrying ``value``."""
    m = _INTERVAL.match(notation)
    if not m:
        raise ValueError(f"notasi interval tidak dikenal: {notation!r}")
    opening, lo_text, hi_text, closing = m.groups()
    lower, upper = _end(lo_text, True), _end(hi_text, False)
    band = Band(lower, opening == "[", upper, closing == "]", value)
    if (lower is None and band.lower_closed) or (upper is None and band.upper_closed):
        raise ValueError(f"ujung tak hingga harus terbuka: {notation!r}")
    return band


def table(*rows: tuple[str, T]) -> tuple[Band[T], ...]:
    """A band table from ``(notation, value)`` rows."""
    return tuple(interval(n, v) for n, v in rows)


def find(bands: Iterable[Band[T]], x: Decimal) -> Band[T]:
    """The band that holds ``x`` (tables are validated, so exactly one does)."""
    for b in bands:
        if b.contains(x):
            return b
    raise ValueError(f"tidak ada pita untuk nilai {x}")


def _sort_key(b: Band) -> tuple:
    if b.lower is None:
        return (0, Decimal(0), 0)
    return (1, b.lower, 0 if b.lower_closed else 1)


def coverage_problems(bands: Sequence[Band], lower: Decimal | None = None, lower_closed: bool = False,
                      upper: Decimal | None = None, upper_closed: bool = False, name: str = "") -> list[str]:
    """Every gap, overlap and empty band of ``bands`` against the range lower..upper (default: the whole real line).

    Returns Indonesian messages prefixed with ``name``; an empty list means the table covers the range exactly once.
    """
    pre = f"{name}: " if name else ""
    problems: list[str] = []
    if not bands:
        return [f"{pre}tabel pita kosong"]
    for b in bands:
        if (b.lower is None and b.lower_closed) or (b.upper is None and b.upper_closed):
            problems.append(f"{pre}pita {b.notation}: ujung tak hingga harus terbuka")
        if b.lower is not None and b.upper is not None and (
                b.lower > b.upper or (b.lower == b.upper and not (b.lower_closed and b.upper_closed))):
            problems.append(f"{pre}pita {b.notation} kosong")
    ordered = sorted(bands, key=_sort_key)
    first, last = ordered[0], max(ordered, key=lambda b: (b.upper is None, b.upper or 0, b.upper_closed))
    if lower is None:
        if first.lower is not None:
            problems.append(f"{pre}tidak ada pita untuk x di bawah {_fmt(first.lower)}"
                            + ("" if first.lower_closed else f" (termasuk x = {_fmt(first.lower)})"))
    elif first.lower is None or first.lower < lower or (first.lower == lower and first.lower_closed
                                                        and not lower_closed):
        problems.append(f"{pre}pita {first.notation} keluar dari rentang di bawah {_fmt(lower)}")
    elif first.lower > lower or (lower_closed and not first.lower_closed):
        problems.append(f"{pre}celah di awal rentang: {_fmt(lower)} sampai {_fmt(first.lower)}")
    if upper is None:
        if last.upper is not None:
            problems.append(f"{pre}tidak ada pita untuk x di atas {_fmt(last.upper)}"
                            + ("" if last.upper_closed else f" (termasuk x = {_fmt(last.upper)})"))
    elif last.upper is None or last.upper > upper or (last.upper == upper and last.upper_closed
                                                      and not upper_closed):
        problems.append(f"{pre}pita {last.notation} keluar dari rentang di atas {_fmt(upper)}")
    elif last.upper < upper or (upper_closed and not last.upper_closed):
        problems.append(f"{pre}celah di akhir rentang: {_fmt(last.upper)} sampai {_fmt(upper)}")
    for prev, cur in zip(ordered, ordered[1:], strict=False):
        if prev.upper is None or cur.lower is None:
            problems.append(f"{pre}pita {prev.notation} dan {cur.notation} tumpang tindih")
        elif prev.upper < cur.lower:
            problems.append(f"{pre}celah antara {_fmt(prev.upper)} dan {_fmt(cur.lower)} "
                            f"(pita {prev.notation} dan {cur.notation})")
        elif prev.upper > cur.lower:
            problems.append(f"{pre}pita {prev.notation} dan {cur.notation} tumpang tindih")
        elif prev.upper_closed and cur.lower_closed:
            problems.append(f"{pre}pita {prev.notation} dan {cur.notation} sama-sama memuat x = {_fmt(cur.lower)}")
        elif not prev.upper_closed and not cur.lower_closed:
            problems.append(f"{pre}x = {_fmt(cur.lower)} tidak masuk pita mana pun "
                            f"(pita {prev.notation} dan {cur.notation})")
    return problems
