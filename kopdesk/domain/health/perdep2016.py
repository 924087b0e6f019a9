"""Perdep Deputi Bidang Pengawasan No. 06/Per/Dep.6/IV/2016 (KSP/USP): aspects, components, weights, scoring tables
and predicates, all held as data (spec §1.2.1, §1.2.4, §1.2.6).

Band convention (spec §1.2.4): ``(a, b]`` means a < x <= b. Every table below covers the whole real line, so any ratio
(even one typed in directly) lands in exactly one band; ``tests/domain/test_health_2016.py`` checks that with
``bands.coverage_problems``. Ratios are compared unrounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kopdesk.domain.health.bands import Band, table


class Aspect(StrEnum):
    PERMODALAN = "permodalan"
    KUALITAS_AKTIVA_PRODUKTIF = "kualitas_aktiva_produktif"
    MANAJEMEN = "manajemen"
    EFISIENSI = "efisiensi"
    LIKUIDITAS = "likuiditas"
    KEMANDIRIAN_PERTUMBUHAN = "kemandirian_pertumbuhan"
    JATIDIRI = "jatidiri"

    @property
    def label(self) -> str:
        return _ASPECT_LABELS[self.value]


_ASPECT_LABELS = {
    "permodalan": "Permodalan",
    "kualitas_aktiva_produktif": "Kualitas Aktiva Produktif",
    "manajemen": "Manajemen",
    "efisiensi": "Efisiensi",
    "likuiditas": "Likuiditas",
    "kemandirian_pertumbuhan": "Kemandirian dan Pertumbuhan",
    "jatidiri": "Jatidiri Koperasi",
}


@dataclass(frozen=True, slots=True)
class Component:
    """One scored component. The ratio is sum(numerator inputs) / sum(denominator inputs) x 100."""

    code: str
    aspect: Aspect
    name: str
    weight: int                      # bobot, points out of 100
    numerator: tuple[str, ...]       # input names (formats.md §1 ``masukan`` keys)
    denominator: tuple[str, ...]

    @property
    def inputs(self) -> tuple[str, ...]:
        return self.numerator + self.denominator

    @property
    def has_ratio(self) -> bool:
        return bool(self.denominator)


P, K, M, E, L, KP, J = (Aspect.PERMODALAN, Aspect.KUALITAS_AKTIVA_PRODUKTIF, Aspect.MANAJEMEN, Aspect.EFISIENSI,
                        Aspect.LIKUIDITAS, Aspect.KEMANDIRIAN_PERTUMBUHAN, Aspect.JATIDIRI)

COMPONENTS: tuple[Component, ...] = (
    Component("1a", P, "Modal sendiri terhadap total aset", 6, ("modal_sendiri",), ("total_aset",)),
    Component("1b", P, "Modal sendiri terhadap pinjaman diberikan yang berisiko", 6,
              ("modal_sendiri",), ("pinjaman_berisiko",)),
    Component("1c", P, "Rasio kecukupan modal sendiri (modal tertimbang terhadap ATMR)", 3,
              ("modal_tertimbang",), ("atmr",)),
    Component("2a", K, "Volume pinjaman pada anggota terhadap volume pinjaman diberikan", 10,
              ("volume_pinjaman_anggota",), ("volume_pinjaman",)),
    Component("2b", K, "Risiko pinjaman bermasalah terhadap pinjaman yang diberikan", 5,
              ("risiko_pinjaman_bermasalah",), ("pinjaman_diberikan",)),
    Component("2c", K, "Cadangan risiko terhadap risiko pinjaman bermasalah", 5,
              ("cadangan_risiko",), ("risiko_pinjaman_bermasalah",)),
    Component("2d", K, "Pinjaman yang berisiko terhadap pinjaman yang diberikan", 5,
              ("pinjaman_berisiko",), ("pinjaman_diberikan",)),
    Component("3", M, "Manajemen (5 komponen, 38 pertanyaan)", 15, (), ()),
    Component("4a", E, "Beban operasi anggota terhadap partisipasi bruto", 4,
              ("beban_operasi_anggota",), ("partisipasi_bruto",)),
    Component("4b", E, "Beban usaha terhadap SHU kotor", 4, ("beban_usaha",), ("shu_kotor",)),
    Component("4c", E, "Efisiensi pelayanan: biaya karyawan terhadap volume pinjaman", 2,
              ("biaya_karyawan",), ("volume_pinjaman",)),
    Component("5a", L, "Kas dan bank terhadap kewajiban lancar", 10, ("kas_bank",), ("kewajiban_lancar",)),
    Component("5b", L, "Pinjaman yang diberikan terhadap dana yang diterima", 5,
              ("pinjaman_diberikan",), ("dana_diterima",)),
    Component("6a", KP, "Rentabilitas aset: SHU sebelum pajak terhadap total aset", 3,
              ("shu_sebelum_pajak",), ("total_aset",)),
    Component("6b", KP, "Rentabilitas modal sendiri: SHU bagian anggota terhadap total modal sendiri", 3,
              ("shu_bagian_anggota",), ("modal_sendiri",)),
    Component("6c", KP, "Kemandirian operasional pelayanan: partisipasi neto terhadap beban usaha dan "
              "beban perkoperasian", 4, ("partisipasi_neto",), ("beban_usaha", "beban_perkoperasian")),
    Component("7a", J, "Rasio partisipasi bruto: partisipasi bruto terhadap partisipasi bruto dan pendapatan", 7,
              ("partisipasi_bruto",), ("partisipasi_bruto", "pendapatan")),
    Component("7b", J, "Rasio promosi ekonomi anggota: PEA terhadap simpanan pokok dan simpanan wajib", 3,
              ("pea",), ("simpanan_pokok_wajib",)),
)

COMPONENTS_BY_CODE: dict[str, Component] = {c.code: c for c in COMPONENTS}
COMPONENT_CODES: tuple[str, ...] = tuple(COMPONENTS_BY_CODE)
MANAGEMENT_CODE = "3"

#: The ``masukan`` of formats.md §1, in its order.
INPUT_NAMES: tuple[str, ...] = (
    "modal_sendiri", "total_aset", "pinjaman_berisiko", "modal_tertimbang", "atmr",
    "volume_pinjaman", "volume_pinjaman_anggota", "pinjaman_diberikan", "risiko_pinjaman_bermasalah",
    "cadangan_risiko", "beban_operasi_anggota", "partisipasi_bruto", "beban_usaha", "shu_kotor", "biaya_karyawan",
    "kas_bank", "kewajiban_lancar", "dana_diterima", "shu_sebelum_pajak", "shu_bagian_anggota",
    "partisipasi_neto", "beban_perkoperasian", "pendapatan", "pea", "simpanan_pokok_wajib",
)

#: Inputs that may be negative: a loss (SHU sebelum pajak) or beban pokok above partisipasi bruto (partisipasi
#: neto). Their tables put any negative ratio in the lowest band (6a: nilai 25, 6c: nilai 0). Every other input is a
#: balance or a volume and must not be negative.
MAY_BE_NEGATIVE: frozenset[str] = frozenset({"shu_sebelum_pajak", "partisipasi_neto"})

ASPECT_WEIGHTS: dict[Aspect, int] = {a: sum(c.weight for c in COMPONENTS if c.aspect == a) for a in Aspect}

# ---------------------------------------------------------------------------------------------- scoring tables
# (notation, nilai). The outermost bands extend to -inf / inf so a table covers every ratio.

_TENS = (("(-inf, 0]", 0), ("(0, 10]", 10), ("(10, 20]", 20), ("(20, 30]", 30), ("(30, 40]", 40),
         ("(40, 50]", 50), ("(50, 60]", 60), ("(60, 70]", 70), ("(70, 80]", 80), ("(80, 90]", 90),
         ("(90, inf)", 100))

TABLES: dict[str, tuple[Band[int], ...]] = {
    "1a": table(("(-inf, 0]", 0), ("(0, 20]", 25), ("(20, 40]", 50), ("(40, 60]", 100), ("(60, 80]", 50),
                ("(80, inf)", 25)),
    "1b": table(*_TENS),
    "1c": table(("(-inf, 4)", 0), ("[4, 6)", 50), ("[6, 8)", 75), ("[8, inf)", 100)),
    "2a": table(("(-inf, 25]", 0), ("(25, 50]", 50), ("(50, 75]", 75), ("(75, inf)", 100)),
    "2b": table(("(-inf, 0]", 100), ("(0, 10]", 80), ("(10, 20]", 60), ("(20, 30]", 40), ("(30, 40]", 20),
                ("(40, 45]", 10), ("(45, inf)", 0)),
    "2c": table(*_TENS),
    # printed "<21, 21-25, 26-30, >30"; half-open so that e.g. 25.5 % has a band (spec §1.2.4)
    "2d": table(("(-inf, 21]", 100), ("(21, 25]", 75), ("(25, 30]", 50), ("(30, inf)", 25)),
    "4a": table(("(-inf, 90)", 100), ("[90, 95)", 75), ("[95, 100)", 50), ("[100, inf)", 25)),
    "4b": table(("(-inf, 40]", 100), ("(40, 60]", 75), ("(60, 80]", 50), ("(80, inf)", 25)),
    "4c": table(("(-inf, 5)", 100), ("[5, 10)", 75), ("[10, 15]", 50), ("(15, inf)", 0)),
    "5a": table(("(-inf, 10)", 25), ("[10, 15)", 100), ("[15, 20)", 50), ("[20, inf)", 25)),
    "6a": table(("(-inf, 5)", 25), ("[5, 7.5)", 50), ("[7.5, 10)", 75), ("[10, inf)", 100)),
    "6b": table(("(-inf, 3)", 25), ("[3, 4)", 50), ("[4, 5)", 75), ("[5, inf)", 100)),
    # at or below 100 % -> nilai 0 (2009 text; spec §1.2.4 [UNCERTAIN whether 2016 changed it])
    "6c": table(("(-inf, 100]", 0), ("(100, inf)", 100)),
    "7a": table(("(-inf, 25)", 25), ("[25, 50)", 50), ("[50, 75)", 75), ("[75, inf)", 100)),
    "7b": table(("(-inf, 5)", 0), ("[5, 7.5)", 50), ("[7.5, 10)", 75), ("[10, inf)", 100)),
}


class Table5B(StrEnum):
    """Ratio 5b has two versions (spec §1.2.4 [UNCERTAIN]); B is the default (the only one found printed)."""

    A = "A"     # paraphrase of the 2009 text: < 50 / 50-75 / 75-100 / >= 100
    B = "B"     # printed in a thesis table and a public implementation: < 60 / 60-70 / 70-80 / >= 80


TABLE_5B: dict[Table5B, tuple[Band[int], ...]] = {
    Table5B.A: table(("(-inf, 50)", 25), ("[50, 75)", 50), ("[75, 100)", 75), ("[100, inf)", 100)),
    Table5B.B: table(("(-inf, 60)", 25), ("[60, 70)", 50), ("[70, 80)", 75), ("[80, inf)", 100)),
}

#: A zero denominator leaves a ratio undefined. These two components have a fixed rule instead (spec §1.2.4,
#: formats.md §1): no problem loans (RPM = 0) -> 2c nilai 100; no risky loans -> 1b nilai 100 [UNCERTAIN].
ZERO_DENOMINATOR_NILAI: dict[str, int] = {"1b": 100, "2c": 100}

# ---------------------------------------------------------------------------------------------- predicates (§1.2.6)

SEHAT = "Sehat"
CUKUP_SEHAT = "Cukup Sehat"
DALAM_PENGAWASAN = "Dalam Pengawasan"
DALAM_PENGAWASAN_KHUSUS = "Dalam Pengawasan Khusus"

#: Over the score range [0, 100]; exactly 51.00 is Dalam Pengawasan (following the public implementation).
PREDICATES: tuple[Band[str], ...] = table(
    ("[80, 100]", SEHAT), ("[66, 80)", CUKUP_SEHAT), ("[51, 66)", DALAM_PENGAWASAN),
    ("[0, 51)", DALAM_PENGAWASAN_KHUSUS))

SCORE_MIN, SCORE_MAX = Decimal(0), Decimal(100)
