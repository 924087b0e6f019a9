"""Permen Negara KUKM No. 14/Per/M.KUKM/XII/2009: the older continuous rules for ratios 1b, 2b and 2c and its five
predicates (spec §1.1, §1.2.4 "Variant (2009 text)", §1.2.6). Every other component uses the 2016 tables.

"round" is half-up to a whole percent (the project's rounding everywhere); the comparison with 45 % in 2b uses the
unrounded ratio, like every band edge.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from kopdesk.domain.health.bands import Band, table

_FORTY_FIVE = Decimal(45)


def _round_percent(ratio: Decimal) -> int:
    return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def nilai_1b(ratio: Decimal) -> int:
    """Modal sendiri / pinjaman berisiko: +1 nilai per 1 %, at most 100 (and never below 0)."""
    return max(0, min(100, _round_percent(ratio)))


def nilai_2b(ratio: Decimal) -> int:
    """Risiko pinjaman bermasalah / pinjaman diberikan: 100 - 2 x round(ratio) up to 45 % (45 % -> 10), 0 above."""
    if ratio > _FORTY_FIVE:
        return 0
    return max(0, min(100, 100 - 2 * _round_percent(ratio)))


def nilai_2c(ratio: Decimal) -> int:
    """Cadangan risiko / risiko pinjaman bermasalah: round(ratio), at most 100 (and never below 0)."""
    return max(0, min(100, _round_percent(ratio)))


#: component code -> (rule, description for the kertas kerja)
FORMULAS: dict[str, tuple[Callable[[Decimal], int], str]] = {
    "1b": (nilai_1b, "nilai = min(100, rasio dibulatkan ke persen utuh)"),
    "2b": (nilai_2b, "nilai = 100 - 2 x rasio dibulatkan, untuk rasio <= 45 %; 0 di atas 45 %"),
    "2c": (nilai_2c, "nilai = min(100, rasio dibulatkan ke persen utuh)"),
}

SEHAT = "Sehat"
CUKUP_SEHAT = "Cukup Sehat"
KURANG_SEHAT = "Kurang Sehat"
TIDAK_SEHAT = "Tidak Sehat"
SANGAT_TIDAK_SEHAT = "Sangat Tidak Sehat"

#: Bands 80 / 60 / 40 / 20 over the score range [0, 100].
PREDICATES: tuple[Band[str], ...] = table(
    ("[80, 100]", SEHAT), ("[60, 80)", CUKUP_SEHAT), ("[40, 60)", KURANG_SEHAT), ("[20, 40)", TIDAK_SEHAT),
    ("[0, 20)", SANGAT_TIDAK_SEHAT))
