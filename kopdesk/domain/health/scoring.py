"""Scoring one financial year (and several) under Perdep 06/2016 or Permen 14/2009 (spec §1.2, formats.md §1).

Every figure is an exact Decimal: ratio = numerator x 100 / denominator (unrounded, computed with 50 significant
digits, compared with the bands as is), nilai from the table or rule, skor = nilai x bobot / 100, aspect and total
skor as sums. Rounding happens only for display, and before a predicate is applied to a score: a score is rounded
half-up to 2 decimals first (formats.md: "the mean is rounded half-up to 2 decimals before the predicate").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from types import MappingProxyType

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health import perdep2016 as p16
from kopdesk.domain.health import permen2009 as p09
from kopdesk.domain.health.bands import Band, find
from kopdesk.domain.health.inputs import Inputs
from kopdesk.domain.health.manajemen import ManagementAnswers, MgmtComponent, management_problems
from kopdesk.domain.health.perdep2016 import COMPONENTS, COMPONENTS_BY_CODE, MANAGEMENT_CODE, Aspect, Table5B

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Method(StrEnum):
    PERDEP06_2016 = "perdep06_2016"
    PERMEN14_2009 = "permen14_2009"

    @property
    def label(self) -> str:
        return {"perdep06_2016": "Perdep Deputi Pengawasan No. 06/Per/Dep.6/IV/2016",
                "permen14_2009": "Permen Negara KUKM No. 14/Per/M.KUKM/XII/2009"}[self.value]


PREDICATES: Mapping[Method, tuple[Band[str], ...]] = MappingProxyType({
    Method.PERDEP06_2016: p16.PREDICATES, Method.PERMEN14_2009: p09.PREDICATES})


def round2(value: Decimal) -> Decimal:
    """Half-up to 2 decimals: the display rounding of ratios, skor, percentages and means."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def predicate(score: Decimal | int | str, method: Method | str = Method.PERDEP06_2016) -> str:
    """The predicate of a total (or aspect percentage) 0..100, after rounding it half-up to 2 decimals."""
    s = round2(Decimal(score))
    if not p16.SCORE_MIN <= s <= p16.SCORE_MAX:
        raise ValueError(f"skor harus 0 sampai 100 (tertulis {score})")
    return find(PREDICATES[Method(method)], s).value


def mean_score(scores: Sequence[Decimal | int | str]) -> Decimal:
    """The mean of several years' totals, half-up to 2 decimals (spec §1.3 note 4)."""
    if not scores:
        raise ValueError("perlu sekurang-kurangnya satu skor")
    with localcontext() as ctx:
        ctx.prec = 50
        return round2(sum((Decimal(s) for s in scores), Decimal(0)) / len(scores))


# ------------------------------------------------------------------------------------------------ rules


@dataclass(frozen=True, slots=True)
class Rule:
    """How one component's ratio becomes a nilai: a band table (2016) or a formula (2009)."""

    version: str                                   # e.g. "perdep06_2016/5b-B", stored with the result
    bands: tuple[Band[int], ...] | None = None
    formula: Callable[[Decimal], int] | None = None
    description: str = ""

    def nilai(self, ratio: Decimal) -> int:
        if self.bands is not None:
            return find(self.bands, ratio).value
        return self.formula(ratio)

    @property
    def allowed_nilai(self) -> tuple[int, ...]:
        """The nilai a manual choice may take: the table's values, or 0..100 for a formula."""
        if self.bands is not None:
            return tuple(sorted({b.value for b in self.bands}))
        return tuple(range(101))


@dataclass(frozen=True, slots=True)
class Options:
    tabel_5b: Table5B = Table5B.B

    def __post_init__(self) -> None:
        object.__setattr__(self, "tabel_5b", Table5B(self.tabel_5b))


def rule_for(code: str, method: Method | str = Method.PERDEP06_2016, options: Options = Options()) -> Rule:
    method = Method(method)
    if code == MANAGEMENT_CODE:
        raise ValueError("aspek manajemen dinilai dari kuesioner, bukan dari rasio")
    if method == Method.PERMEN14_2009 and code in p09.FORMULAS:
        func, text = p09.FORMULAS[code]
        return Rule(f"permen14_2009/{code}", formula=func, description=text)
    if code == "5b":
        t = Table5B(options.tabel_5b)
        return Rule(f"perdep06_2016/5b-{t.value}", bands=p16.TABLE_5B[t])
    return Rule(f"perdep06_2016/{code}", bands=p16.TABLES[code])


# ------------------------------------------------------------------------------------------------ the assessment


@dataclass(frozen=True, slots=True)
class ManualNilai:
    """A nilai set by hand (e.g. for a zero denominator); the reason is required."""

    nilai: Decimal
    alasan: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "nilai", _as_decimal(self.nilai))


@dataclass(frozen=True, slots=True)
class Assessment:
    """One financial year's assessment input."""

    inputs: Inputs = field(default_factory=Inputs)
    management: ManagementAnswers | None = None
    ratios: Mapping[str, Decimal] = field(default_factory=dict)        # code -> ratio in %, wins over inputs
    manual: Mapping[str, ManualNilai] = field(default_factory=dict)    # code -> nilai by hand, wins over all
    method: Method = Method.PERDEP06_2016
    options: Options = field(default_factory=Options)
    year: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "ratios", MappingProxyType({k: _as_decimal(v) for k, v in self.ratios.items()}))
        object.__setattr__(self, "manual", MappingProxyType(dict(self.manual)))
        object.__setattr__(self, "method", Method(self.method))


def _as_decimal(value):
    """ints become Decimals (floats are refused by the validation, which reports anything not a Decimal)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def assessment_problems(a: Assessment) -> list[str]:
    """Every problem of an assessment, each naming its field (formats.md paths, Indonesian)."""
    problems: list[str] = []
    for name, value in a.inputs.as_dict().items():
        if value is None:
            continue
        if not value.is_finite():
            problems.append(f"masukan.{name} harus angka (tertulis {value})")
        elif value < 0 and name not in p16.MAY_BE_NEGATIVE:
            problems.append(f"masukan.{name} tidak boleh negatif (tertulis {value})")
    for code, ratio in a.ratios.items():
        if code not in COMPONENTS_BY_CODE:
            problems.append(f"rasio: komponen {code!r} tidak dikenal (pilih {', '.join(_ratio_codes())})")
        elif code == MANAGEMENT_CODE:
            problems.append("rasio.3: aspek manajemen dinilai dari kuesioner, bukan dari rasio")
        elif not isinstance(ratio, Decimal) or not ratio.is_finite():
            problems.append(f"rasio.{code} harus angka (tertulis {ratio})")
        elif ratio < 0 and not set(COMPONENTS_BY_CODE[code].numerator) & p16.MAY_BE_NEGATIVE:
            problems.append(f"rasio.{code} tidak boleh negatif (tertulis {ratio})")
    for code, m in a.manual.items():
        if code not in COMPONENTS_BY_CODE:
            problems.append(f"nilai_manual: komponen {code!r} tidak dikenal (pilih {', '.join(_ratio_codes())})")
            continue
        if code == MANAGEMENT_CODE:
            problems.append("nilai_manual.3: aspek manajemen dinilai dari kuesioner (isi manajemen)")
            continue
        if not isinstance(m.alasan, str) or not m.alasan.strip():
            problems.append(f"nilai_manual.{code}.alasan wajib diisi")
        allowed = rule_for(code, a.method, a.options).allowed_nilai
        if not isinstance(m.nilai, Decimal) or not m.nilai.is_finite() or m.nilai not in allowed:
            shown = ", ".join(map(str, allowed)) if len(allowed) < 20 else f"{allowed[0]} sampai {allowed[-1]}"
            problems.append(f"nilai_manual.{code}.nilai harus salah satu dari {shown} (tertulis {m.nilai})")
    if a.management is not None:
        problems += management_problems(a.management)
    return problems


def _ratio_codes() -> list[str]:
    return [c.code for c in COMPONENTS if c.code != MANAGEMENT_CODE]


# ------------------------------------------------------------------------------------------------ results


class Basis(StrEnum):
    """How a component's nilai was obtained (kept with the result for the kertas kerja)."""

    TABLE = "tabel"                        # ratio from the inputs, nilai from the table / formula
    GIVEN_RATIO = "rasio_langsung"         # ratio typed in directly
    ZERO_DENOMINATOR = "penyebut_nol"      # fixed rule for 1b / 2c
    MANUAL = "manual"                      # nilai chosen by hand, with a reason
    QUESTIONNAIRE = "kuesioner"            # aspect 3
    MISSING = "kurang"                     # not scored


@dataclass(frozen=True, slots=True)
class ComponentResult:
    code: str
    aspect: Aspect
    name: str
    weight: int
    numerator: Decimal | None      # for the kertas kerja: perhitungan (pembilang / penyebut)
    denominator: Decimal | None
    ratio: Decimal | None          # exact, in %
    nilai: Decimal | None
    skor: Decimal | None
    basis: Basis
    rule: str = ""                 # table version, e.g. "perdep06_2016/5b-B"
    reason: str | None = None      # the alasan of a manual nilai
    missing: tuple[str, ...] = ()  # what is missing (formats.md ``kurang`` entries)
    management_points: Mapping[MgmtComponent, Decimal] | None = None

    @property
    def scored(self) -> bool:
        return self.skor is not None


@dataclass(frozen=True, slots=True)
class AspectResult:
    aspect: Aspect
    weight: int
    skor: Decimal                  # sum of the scored components
    method: Method

    @property
    def percent(self) -> Decimal:
        """aspect skor / aspect bobot x 100 (exact to 50 digits; display with ``round2``)."""
        with localcontext() as ctx:
            ctx.prec = 50
            return self.skor * HUNDRED / self.weight

    @property
    def predicate(self) -> str:
        return predicate(self.percent, self.method)


@dataclass(frozen=True, slots=True)
class YearResult:
    method: Method
    options: Options
    year: int | None
    components: tuple[ComponentResult, ...]
    aspects: tuple[AspectResult, ...]
    total: Decimal
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def predicate(self) -> str:
        """The predicate of the total. With ``complete`` False the total is only the sum of what could be scored,
        so this is a lower bound, to be shown as provisional."""
        return predicate(self.total, self.method)

    def component(self, code: str) -> ComponentResult:
        return next(c for c in self.components if c.code == code)

    def aspect(self, aspect: Aspect | str) -> AspectResult:
        return next(a for a in self.aspects if a.aspect == Aspect(aspect))


@dataclass(frozen=True, slots=True)
class MultiYearResult:
    method: Method
    years: tuple[YearResult, ...]
    mean: Decimal                  # half-up to 2 decimals

    @property
    def predicate(self) -> str:
        return predicate(self.mean, self.method)

    @property
    def complete(self) -> bool:
        return all(y.complete for y in self.years)


# ------------------------------------------------------------------------------------------------ scoring


def _sum(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _score_component(c: p16.Component, a: Assessment) -> ComponentResult:
    def result(basis: Basis, *, num=None, den=None, ratio=None, nilai=None, rule="", reason=None, missing=()):
        skor = None if nilai is None else nilai * c.weight / HUNDRED
        return ComponentResult(c.code, c.aspect, c.name, c.weight, num, den, ratio, nilai, skor, basis, rule, reason,
                               tuple(missing))

    rule = rule_for(c.code, a.method, a.options)
    num = den = ratio = None
    basis = Basis.TABLE
    if c.code in a.ratios:
        ratio, basis = a.ratios[c.code], Basis.GIVEN_RATIO
    else:
        missing = [n for n in c.inputs if a.inputs.get(n) is None]
        den_missing = any(a.inputs.get(n) is None for n in c.denominator)
        if not den_missing:
            den = _sum([a.inputs.get(n) for n in c.denominator])
        if not missing:
            num = _sum([a.inputs.get(n) for n in c.numerator])
            if den != 0:
                with localcontext() as ctx:
                    ctx.prec = 50
                    ratio = num * HUNDRED / den
    manual = a.manual.get(c.code)
    if manual is not None:
        return result(Basis.MANUAL, num=num, den=den, ratio=ratio, nilai=manual.nilai, rule=rule.version,
                      reason=manual.alasan)
    if ratio is not None:
        return result(basis, num=num, den=den, ratio=ratio, nilai=Decimal(rule.nilai(ratio)), rule=rule.version)
    if den == 0 and c.code in p16.ZERO_DENOMINATOR_NILAI:
        return result(Basis.ZERO_DENOMINATOR, num=num, den=den, nilai=Decimal(p16.ZERO_DENOMINATOR_NILAI[c.code]),
                      rule=rule.version)
    missing = [n for n in c.inputs if a.inputs.get(n) is None]
    return result(Basis.MISSING, num=num, den=den, rule=rule.version,
                  missing=missing or [f"nilai_manual.{c.code}"])


def _score_management(c: p16.Component, a: Assessment) -> ComponentResult:
    m = a.management
    if m is None:
        return ComponentResult(c.code, c.aspect, c.name, c.weight, None, None, None, None, None, Basis.MISSING,
                               missing=("manajemen",))
    points = MappingProxyType({k: m.component_points(k) for k in MgmtComponent if k in m.yes_counts})
    missing = tuple(f"manajemen.{k.value}" for k in m.missing)
    return ComponentResult(c.code, c.aspect, c.name, c.weight, None, None, None, None, m.points,
                           Basis.QUESTIONNAIRE if not missing else Basis.MISSING, "perdep06_2016/manajemen",
                           missing=missing, management_points=points)


def score_year(a: Assessment) -> YearResult:
    """Score one year. Raises ValidationError listing every problem of the input."""
    problems = assessment_problems(a)
    if problems:
        raise ValidationError(problems)
    components = tuple(_score_management(c, a) if c.code == MANAGEMENT_CODE else _score_component(c, a)
                       for c in COMPONENTS)
    aspects = tuple(AspectResult(asp, p16.ASPECT_WEIGHTS[asp],
                                 _sum([c.skor for c in components if c.aspect == asp and c.skor is not None]),
                                 a.method) for asp in Aspect)
    total = _sum([c.skor for c in components if c.skor is not None])
    missing: list[str] = []
    for c in components:
        missing += [m for m in c.missing if m not in missing]
    return YearResult(a.method, a.options, a.year, components, aspects, total, tuple(missing))


def score_years(assessments: Sequence[Assessment]) -> MultiYearResult:
    """Score several years of one method; the mean of the totals (half-up, 2 decimals) gets the predicate."""
    if not assessments:
        raise ValidationError("perlu sekurang-kurangnya satu tahun", field="tahun")
    methods = {a.method for a in assessments}
    if len(methods) > 1:
        raise ValidationError("semua tahun harus memakai metode yang sama", field="metode")
    problems = []
    for i, a in enumerate(assessments):
        problems += [f"tahun[{i}].{p}" for p in assessment_problems(a)]
    if problems:
        raise ValidationError(problems)
    years = tuple(score_year(a) for a in assessments)
    return MultiYearResult(assessments[0].method, years, mean_score([y.total for y in years]))
