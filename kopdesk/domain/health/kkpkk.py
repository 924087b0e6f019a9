"""KKPKK 2021 (Permenkop UKM 9/2020 + Juknis Deputi Bidang Perkoperasian No. 15/2021): a data-driven scorer over a
versioned template (spec §1.4, kkpkk.md).

The template (``resources/health/kkpkk-2021-v<N>.json``) holds aspects -> sub-aspects -> indicators, each indicator a
checklist or a ratio with its band table, the aspect weights and the predicate bands, and a confidence flag on every
weight, band table and item list so a screen can mark what is "perlu dikonfirmasi Dinas". The rules that are the same
for every template are code (kkpkk.md §1.3, §1.5):

* checklist: ratio = items fulfilled / items x 100; x > 75 -> nilai 1, x > 50 -> 2, x > 25 -> 3, else 4 (also 0);
* skor = 5 - nilai (nilai 1 = Sehat = skor 4 ... nilai 4 = Tidak Sehat = skor 1);
* aspect (and sub-aspect) percentage = sum of skor x 100 / (4 x number of indicators), pooled over all indicators
  of the aspect (not an average of sub-aspects);
* total = sum of weight x aspect percentage / 100; predicate from the template's bands after rounding the total
  half-up to 2 decimals.

Percentages are computed exactly (fractions) and held as Decimals to 50 significant digits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Any

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health.bands import Band, coverage_problems, find

METHOD = "kkpkk_2021"
DEFAULT_VERSION = 1
NILAI = (1, 2, 3, 4)
HUNDRED = Decimal(100)

#: kkpkk.md §1.3 / spec §1.4, gaps of the printed table closed: (threshold %, nilai) for x > threshold; else 4.
CHECKLIST_THRESHOLDS: tuple[tuple[int, int], ...] = ((75, 1), (50, 2), (25, 3))
CHECKLIST_LOWEST_NILAI = 4

CATEGORY = {1: "Sehat", 2: "Cukup Sehat", 3: "Kurang Sehat", 4: "Tidak Sehat"}


class Confidence(StrEnum):
    """kkpkk.md's confidence marks."""

    TWO_PLUS = "2+"              # two or more independent sources agree
    ONE = "1"                    # single source
    CODE_ONLY = "code-only"      # only from developer code
    CONFLICT = "conflict"        # sources disagree; the template holds the reading chosen
    UNCLEAR = "unclear"          # the source is unclear about what the indicator even is

    @property
    def label(self) -> str:
        return {"2+": "dua sumber atau lebih sepakat", "1": "satu sumber", "code-only": "hanya dari kode aplikasi",
                "conflict": "sumber berbeda pendapat", "unclear": "sumber tidak jelas"}[self.value]


class Kind(StrEnum):
    CHECKLIST = "checklist"
    RATIO = "rasio"


@dataclass(frozen=True, slots=True)
class Flag:
    confidence: Confidence
    needs_confirmation: bool     # the screen marks it "perlu dikonfirmasi Dinas"
    note: str = ""


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name: str
    kind: Kind
    flag: Flag
    group: str = ""                             # e.g. "Risiko kredit", for display
    item_count: int | None = None               # checklist: fixed number of items, or None (as in the form used)
    items: tuple[str, ...] = ()                 # checklist item texts where the sources give them
    formula: str = ""                           # ratio: how it is computed
    optimal: str = ""                           # ratio: the workbook's "kategori optimal" note
    bands: tuple[Band[int], ...] = ()           # ratio: band -> nilai 1..4


@dataclass(frozen=True, slots=True)
class SubAspect:
    code: str
    name: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class AspectDef:
    code: str
    name: str
    weight: Decimal
    flag: Flag
    sub_aspects: tuple[SubAspect, ...]

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for s in self.sub_aspects for i in s.indicators)


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    version: int
    title: str
    basis: str
    aspects: tuple[AspectDef, ...]
    predicates: tuple[Band[str], ...]
    predicate_flag: Flag
    source: str                                 # the validated template as canonical JSON, to store with a result

    def raw(self) -> dict[str, Any]:
        """A fresh copy of the template data (numbers with decimals as Decimal)."""
        return json.loads(self.source, parse_float=Decimal)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for a in self.aspects for i in a.indicators)

    def indicator(self, code: str) -> Indicator:
        for i in self.indicators:
            if i.code == code:
                return i
        raise KeyError(code)

    def predicate(self, score: Decimal) -> str:
        """The predicate of a total or an aspect percentage, after rounding it half-up to 2 decimals."""
        return find(self.predicates, _round2(score)).value

    def flagged(self) -> tuple[tuple[str, Flag], ...]:
        """Everything the screen should mark "perlu dikonfirmasi Dinas": (what, flag) pairs."""
        out: list[tuple[str, Flag]] = []
        if self.predicate_flag.needs_confirmation:
            out.append(("predikat", self.predicate_flag))
        for a in self.aspects:
            if a.flag.needs_confirmation:
                out.append((f"bobot {a.code}", a.flag))
            out += [(i.code, i.flag) for i in a.indicators if i.flag.needs_confirmation]
        return tuple(out)


def _round2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------------------------------ scoring rules


def checklist_nilai(fulfilled: int, total: int) -> int:
    """Nilai 1..4 of a checklist indicator, compared exactly (fulfilled x 100 against threshold x total)."""
    if isinstance(total, bool) or isinstance(fulfilled, bool) or total <= 0 or not 0 <= fulfilled <= total:
        raise ValueError(f"butir terpenuhi {fulfilled} dari {total} tidak sah")
    for threshold, nilai in CHECKLIST_THRESHOLDS:
        if fulfilled * 100 > threshold * total:
            return nilai
    return CHECKLIST_LOWEST_NILAI


def skor_of(nilai: int) -> int:
    """skor = 5 - nilai (kkpkk.md §1.3)."""
    return 5 - nilai


# ------------------------------------------------------------------------------------------------ template loading


def template_path(version: int = DEFAULT_VERSION) -> Path:
    from kopdesk.paths import resource

    return resource("health", f"kkpkk-2021-v{int(version)}.json")


def available_versions() -> tuple[int, ...]:
    """The template versions shipped in resources/health, oldest first."""
    folder = template_path().parent
    versions = []
    for f in folder.glob("kkpkk-2021-v*.json"):
        suffix = f.stem.rsplit("-v", 1)[1]
        if suffix.isdigit():
            versions.append(int(suffix))
    return tuple(sorted(versions))


def load_template(version: int = DEFAULT_VERSION, path: str | Path | None = None) -> Template:
    """Load and validate a template: the shipped version ``version``, or the file at ``path`` (a Dinas-edited copy).
    Raises ValidationError listing every problem."""
    source = Path(path) if path is not None else template_path(version)
    try:
        data = json.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, json.JSONDecodeError) as exc:
        raise ValidationError(f"template {source.name} tidak bisa dibaca: {exc}") from None
    template = template_from_dict(data)
    if path is None and template.version != int(version):
        raise ValidationError(f"template {source.name} berisi versi {template.version}, bukan {version}")
    return template


def template_from_dict(data: Mapping[str, Any]) -> Template:
    problems = template_problems(data)
    if problems:
        raise ValidationError(problems)
    aspects = tuple(
        AspectDef(a["kode"], a["nama"], _dec(a["bobot"]), _flag(a),
                  tuple(SubAspect(s["kode"], s["nama"], tuple(_indicator(i) for i in s["indikator"]))
                        for s in a["sub_aspek"]))
        for a in data["aspek"])
    pred = data["predikat"]
    return Template(data["id"], int(data["versi"]), data.get("judul", ""), data.get("dasar", ""), aspects,
                    tuple(_band(b, "predikat") for b in pred["pita"]), _flag(pred),
                    json.dumps(data, ensure_ascii=False, sort_keys=True, default=_json_number))


def _json_number(value: Any) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value).__name__)


def _dec(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("bukan angka")
    if isinstance(value, float):
        value = str(value)
    d = Decimal(value)
    if not d.is_finite():
        raise ValueError("bukan angka")
    return d


def _flag(d: Mapping[str, Any]) -> Flag:
    return Flag(Confidence(d["keyakinan"]), bool(d["perlu_konfirmasi"]), d.get("catatan", ""))


def _end(value: Any) -> Decimal | None:
    return None if value is None else _dec(value)


def _band(b: Mapping[str, Any], value_key: str) -> Band:
    return Band(_end(b.get("dari")), bool(b.get("dari_termasuk")), _end(b.get("sampai")),
                bool(b.get("sampai_termasuk")), b[value_key])


def _indicator(i: Mapping[str, Any]) -> Indicator:
    kind = Kind(i["jenis"])
    return Indicator(i["kode"], i["nama"], kind, _flag(i), i.get("kelompok", ""), i.get("jumlah_butir"),
                     tuple(i.get("butir") or ()), i.get("rumus", ""), i.get("optimal", ""),
                     tuple(_band(b, "nilai") for b in i.get("pita", ())) if kind == Kind.RATIO else ())


def template_problems(data: Any) -> list[str]:
    """Every problem of a template (as loaded from JSON): structure, duplicate codes, weights that do not add up
    to 100, band tables with gaps or overlaps, nilai outside 1..4, predicate bands not covering 0..100, confidence
    marks unknown or not flagged for confirmation."""
    p: list[str] = []
    if not isinstance(data, Mapping):
        return ["template harus berupa objek JSON"]
    if data.get("metode") != METHOD:
        p.append(f"metode harus {METHOD!r} (tertulis {data.get('metode')!r})")
    if not isinstance(data.get("id"), str) or not data.get("id"):
        p.append("id wajib diisi")
    if isinstance(data.get("versi"), bool) or not isinstance(data.get("versi"), int) or data["versi"] < 1:
        p.append(f"versi harus bilangan bulat positif (tertulis {data.get('versi')!r})")
    elif isinstance(data.get("id"), str) and data["id"] != f"kkpkk-2021-v{data['versi']}":
        p.append(f"id {data['id']!r} tidak cocok dengan versi {data['versi']} (harus 'kkpkk-2021-v{data['versi']}')")
    p += _predicate_problems(data.get("predikat"))
    aspects = data.get("aspek")
    if not isinstance(aspects, list) or not aspects:
        return p + ["aspek: harus daftar yang tidak kosong"]
    seen: set[str] = set()
    total = Decimal(0)
    for ai, a in enumerate(aspects):
        where = f"aspek[{ai}]"
        if not isinstance(a, Mapping):
            p.append(f"{where}: harus objek")
            continue
        code = a.get("kode")
        where = f"aspek {code}" if isinstance(code, str) and code else where
        p += _code_problems(code, where, seen)
        if not isinstance(a.get("nama"), str) or not a.get("nama"):
            p.append(f"{where}: nama wajib diisi")
        try:
            w = _dec(a.get("bobot"))
            if w <= 0:
                p.append(f"{where}: bobot harus lebih dari 0 (tertulis {w})")
            total += w
        except (ValueError, TypeError, InvalidOperation):
            p.append(f"{where}: bobot harus angka (tertulis {a.get('bobot')!r})")
        p += _flag_problems(a, f"{where} bobot")
        subs = a.get("sub_aspek")
        if not isinstance(subs, list) or not subs:
            p.append(f"{where}: sub_aspek harus daftar yang tidak kosong")
            continue
        for si, s in enumerate(subs):
            swhere = f"{where} sub_aspek[{si}]"
            if not isinstance(s, Mapping):
                p.append(f"{swhere}: harus objek")
                continue
            scode = s.get("kode")
            swhere = f"sub-aspek {scode}" if isinstance(scode, str) and scode else swhere
            p += _code_problems(scode, swhere, seen)
            if not isinstance(s.get("nama"), str) or not s.get("nama"):
                p.append(f"{swhere}: nama wajib diisi")
            inds = s.get("indikator")
            if not isinstance(inds, list) or not inds:
                p.append(f"{swhere}: indikator harus daftar yang tidak kosong")
                continue
            for ii, i in enumerate(inds):
                p += _indicator_problems(i, f"{swhere} indikator[{ii}]", seen)
    if total != 100:
        p.append(f"bobot aspek berjumlah {total.normalize():f}, harus 100")
    return p


def _code_problems(code: Any, where: str, seen: set[str]) -> list[str]:
    if not isinstance(code, str) or not code:
        return [f"{where}: kode wajib diisi"]
    if code in seen:
        return [f"{where}: kode {code} dipakai lebih dari sekali"]
    seen.add(code)
    return []


def _flag_problems(d: Mapping[str, Any], where: str) -> list[str]:
    p = []
    conf = d.get("keyakinan")
    if conf not in {c.value for c in Confidence}:
        p.append(f"{where}: keyakinan {conf!r} tidak dikenal (pilih {', '.join(c.value for c in Confidence)})")
    needs = d.get("perlu_konfirmasi")
    if not isinstance(needs, bool):
        p.append(f"{where}: perlu_konfirmasi harus true atau false")
    elif conf in {c.value for c in Confidence} and conf != Confidence.TWO_PLUS and not needs:
        p.append(f"{where}: keyakinan {conf} harus ditandai perlu_konfirmasi")
    return p


def _band_list(raw: Any, where: str, value_key: str) -> tuple[list[Band], list[str]]:
    if not isinstance(raw, list) or not raw:
        return [], [f"{where}: pita harus daftar yang tidak kosong"]
    bands, p = [], []
    for bi, b in enumerate(raw):
        if not isinstance(b, Mapping):
            p.append(f"{where} pita[{bi}]: harus objek")
            continue
        try:
            band = _band(b, value_key)
        except KeyError:
            p.append(f"{where} pita[{bi}]: {value_key} wajib diisi")
            continue
        except (ValueError, TypeError, InvalidOperation):
            p.append(f"{where} pita[{bi}]: batas harus angka atau null")
            continue
        for key in ("dari_termasuk", "sampai_termasuk"):
            if not isinstance(b.get(key), bool):
                p.append(f"{where} pita[{bi}]: {key} harus true atau false")
        bands.append(band)
    return bands, p


def _predicate_problems(pred: Any) -> list[str]:
    if not isinstance(pred, Mapping):
        return ["predikat: wajib diisi (objek dengan pita)"]
    p = _flag_problems(pred, "predikat")
    bands, bp = _band_list(pred.get("pita"), "predikat", "predikat")
    p += bp
    for b in bands:
        if not isinstance(b.value, str) or not b.value:
            p.append(f"predikat pita {b.notation}: predikat wajib diisi")
    if bands and not bp:
        p += coverage_problems(bands, Decimal(0), True, HUNDRED, True, name="predikat")
    return p


def _indicator_problems(i: Any, where: str, seen: set[str]) -> list[str]:
    if not isinstance(i, Mapping):
        return [f"{where}: harus objek"]
    code = i.get("kode")
    where = f"indikator {code}" if isinstance(code, str) and code else where
    p = _code_problems(code, where, seen)
    if not isinstance(i.get("nama"), str) or not i.get("nama"):
        p.append(f"{where}: nama wajib diisi")
    p += _flag_problems(i, where)
    kind = i.get("jenis")
    if kind == Kind.CHECKLIST:
        count, items = i.get("jumlah_butir"), i.get("butir", [])
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
            p.append(f"{where}: jumlah_butir harus bilangan bulat positif atau null (tertulis {count!r})")
        if not isinstance(items, list) or not all(isinstance(t, str) and t for t in items):
            p.append(f"{where}: butir harus daftar teks")
        elif items and isinstance(count, int) and len(items) != count:
            p.append(f"{where}: {len(items)} butir tertulis, jumlah_butir {count}")
        if "pita" in i:
            p.append(f"{where}: indikator checklist tidak memakai pita (aturan checklist berlaku)")
    elif kind == Kind.RATIO:
        bands, bp = _band_list(i.get("pita"), where, "nilai")
        p += bp
        for b in bands:
            if b.value not in NILAI or isinstance(b.value, bool):
                p.append(f"{where} pita {b.notation}: nilai harus 1, 2, 3 atau 4 (tertulis {b.value!r})")
        if bands and not bp:
            p += coverage_problems(bands, name=where)
    else:
        p.append(f"{where}: jenis harus 'checklist' atau 'rasio' (tertulis {kind!r})")
    return p


# ------------------------------------------------------------------------------------------------ answers


@dataclass(frozen=True, slots=True)
class Checklist:
    fulfilled: int
    total: int
    items: tuple[bool, ...] | None = None

    @classmethod
    def from_items(cls, items: Sequence[bool]) -> Checklist:
        items = tuple(items)
        return cls(sum(1 for x in items if x), len(items), items)


@dataclass(frozen=True, slots=True)
class Ratio:
    value: Decimal                       # percent, unrounded

    @classmethod
    def of(cls, numerator: int | Decimal, denominator: int | Decimal) -> Ratio | None:
        """numerator / denominator x 100, or None for a zero denominator (then choose a nilai by hand)."""
        if denominator == 0:
            return None
        with localcontext() as ctx:
            ctx.prec = 50
            return cls(Decimal(numerator) * HUNDRED / Decimal(denominator))


@dataclass(frozen=True, slots=True)
class Manual:
    nilai: int
    reason: str


Answer = Checklist | Ratio | Manual


def answers_problems(template: Template, answers: Mapping[str, Answer]) -> list[str]:
    p = []
    codes = {i.code: i for i in template.indicators}
    for code, ans in answers.items():
        ind = codes.get(code)
        if ind is None:
            p.append(f"indikator {code!r} tidak ada di template {template.id}")
            continue
        if isinstance(ans, Manual):
            if ans.nilai not in NILAI or isinstance(ans.nilai, bool):
                p.append(f"{code}: nilai manual harus 1, 2, 3 atau 4 (tertulis {ans.nilai!r})")
            if not isinstance(ans.reason, str) or not ans.reason.strip():
                p.append(f"{code}: alasan nilai manual wajib diisi")
        elif isinstance(ans, Checklist):
            if ind.kind != Kind.CHECKLIST:
                p.append(f"{code}: indikator rasio, bukan checklist")
            elif isinstance(ans.total, bool) or not isinstance(ans.total, int) or ans.total < 1:
                p.append(f"{code}: jumlah butir harus bilangan bulat positif (tertulis {ans.total!r})")
            elif ind.item_count is not None and ans.total != ind.item_count:
                p.append(f"{code}: harus {ind.item_count} butir (tertulis {ans.total})")
            elif isinstance(ans.fulfilled, bool) or not isinstance(ans.fulfilled, int) \
                    or not 0 <= ans.fulfilled <= ans.total:
                p.append(f"{code}: butir terpenuhi harus 0 sampai {ans.total} (tertulis {ans.fulfilled!r})")
        elif isinstance(ans, Ratio):
            if ind.kind != Kind.RATIO:
                p.append(f"{code}: indikator checklist, bukan rasio")
            elif not isinstance(ans.value, Decimal) or not ans.value.is_finite():
                p.append(f"{code}: rasio harus angka (tertulis {ans.value!r})")
        else:
            p.append(f"{code}: jawaban tidak dikenal ({type(ans).__name__})")
    return p


# ------------------------------------------------------------------------------------------------ results


def _to_decimal(f: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 50
        return Decimal(f.numerator) / Decimal(f.denominator)


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    indicator: Indicator
    ratio: Decimal | None          # checklist: fulfilled / total x 100; ratio: the answer
    nilai: int | None
    reason: str | None = None      # the alasan of a manual nilai

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def skor(self) -> int | None:
        return None if self.nilai is None else skor_of(self.nilai)

    @property
    def category(self) -> str | None:
        return None if self.nilai is None else CATEGORY[self.nilai]


def _pooled(results: Sequence[IndicatorResult]) -> Fraction | None:
    scored = [r.skor for r in results if r.skor is not None]
    if not scored:
        return None
    return Fraction(sum(scored) * 100, 4 * len(scored))


@dataclass(frozen=True, slots=True)
class SubAspectResult:
    sub_aspect: SubAspect
    indicators: tuple[IndicatorResult, ...]
    percent: Decimal | None        # over the scored indicators; None if none is scored


@dataclass(frozen=True, slots=True)
class AspectResult:
    aspect: AspectDef
    sub_aspects: tuple[SubAspectResult, ...]
    percent: Decimal | None        # pooled over the aspect's scored indicators
    contribution: Decimal          # weight x percent / 100 (0 while nothing is scored)

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        return tuple(r for s in self.sub_aspects for r in s.indicators)


@dataclass(frozen=True, slots=True)
class KkpkkResult:
    template: Template
    aspects: tuple[AspectResult, ...]
    total: Decimal                 # exact (50 digits); the predicate uses it rounded half-up to 2 decimals
    missing: tuple[str, ...]       # indicator codes not scored

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def total_rounded(self) -> Decimal:
        return _round2(self.total)

    @property
    def predicate(self) -> str:
        return self.template.predicate(self.total)

    def aspect_predicate(self, code: str) -> str | None:
        a = next(a for a in self.aspects if a.aspect.code == code)
        return None if a.percent is None else self.template.predicate(a.percent)

    @property
    def flagged(self) -> tuple[tuple[str, Flag], ...]:
        return self.template.flagged()


def _indicator_result(ind: Indicator, ans: Answer | None) -> IndicatorResult:
    if isinstance(ans, Manual):
        return IndicatorResult(ind, None, ans.nilai, ans.reason)
    if isinstance(ans, Checklist):
        return IndicatorResult(ind, _to_decimal(Fraction(ans.fulfilled * 100, ans.total)),
                               checklist_nilai(ans.fulfilled, ans.total))
    if isinstance(ans, Ratio):
        return IndicatorResult(ind, ans.value, find(ind.bands, ans.value).value)
    return IndicatorResult(ind, None, None)


def score_assessment(template: Template, answers: Mapping[str, Answer]) -> KkpkkResult:
    """Score a filled assessment. Indicators without an answer stay unscored (listed in ``missing``); percentages
    are over the scored indicators. Raises ValidationError listing every problem of the answers."""
    problems = answers_problems(template, answers)
    if problems:
        raise ValidationError(problems)
    aspects = []
    total = Fraction(0)
    for a in template.aspects:
        subs = []
        for s in a.sub_aspects:
            results = tuple(_indicator_result(i, answers.get(i.code)) for i in s.indicators)
            pct = _pooled(results)
            subs.append(SubAspectResult(s, results, None if pct is None else _to_decimal(pct)))
        pct = _pooled([r for sr in subs for r in sr.indicators])
        contribution = Fraction(0) if pct is None else Fraction(a.weight) * pct / 100
        total += contribution
        aspects.append(AspectResult(a, tuple(subs), None if pct is None else _to_decimal(pct),
                                    _to_decimal(contribution)))
    missing = tuple(r.code for a in aspects for r in a.indicators if r.nilai is None)
    return KkpkkResult(template, tuple(aspects), _to_decimal(total), missing)
