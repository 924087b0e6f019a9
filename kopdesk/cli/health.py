"""``kopdesk health score FILE.json`` and ``kopdesk health predicate SCORE...`` (formats.md §1): thin shells over
kopdesk.domain.health. JSON in, JSON out; bad input exits 2 with one ``galat: ...`` line naming the field(s).

Wiring (kopdesk/cli/main.py, inside ``build_parser`` after the loan calculator)::

    COMMANDS["health"] = health.add_parsers(sub, Parser)     # with ``from kopdesk.cli import health``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from kopdesk.cli.calculators import CalcError, decimal_arg, emit, fail
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health.inputs import Inputs
from kopdesk.domain.health.manajemen import QUESTION_COUNT, ManagementAnswers, MgmtComponent
from kopdesk.domain.health.perdep2016 import INPUT_NAMES, Table5B
from kopdesk.domain.health.scoring import (
    Assessment,
    ManualNilai,
    Method,
    MultiYearResult,
    Options,
    YearResult,
    assessment_problems,
    mean_score,
    predicate,
    round2,
    score_year,
    score_years,
)

# ------------------------------------------------------------------------------------------------ argparse


def add_parsers(subparsers, parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser) -> Callable:
    """Add ``health score`` and ``health predicate`` to the ``kopdesk`` subcommands; returns the dispatcher to
    register as ``COMMANDS["health"]``."""
    health = subparsers.add_parser("health", help="kalkulator penilaian kesehatan KSP/USP (JSON)")
    hsub = health.add_subparsers(dest="what", metavar="KALKULATOR", required=True, parser_class=parser_class)
    sc = hsub.add_parser("score", help="hitung rasio, nilai, skor, aspek dan predikat dari berkas JSON")
    sc.add_argument("file", metavar="FILE", help="berkas JSON masukan (formats.md §1); - membaca stdin")
    sc.set_defaults(health_func=health_score)
    pr = hsub.add_parser("predicate", help="rata-rata skor dan predikatnya")
    pr.add_argument("scores", metavar="SCORE", nargs="+", help="skor total 0-100 (beberapa tahun: dirata-rata)")
    pr.add_argument("--metode", default=Method.PERDEP06_2016.value,
                    help="perdep06_2016 (bawaan, 4 predikat) atau permen14_2009 (5 predikat)")
    pr.set_defaults(health_func=health_predicate)
    return run


def run(args) -> int:
    return args.health_func(args)


# ------------------------------------------------------------------------------------------------ health predicate


def health_predicate(args) -> int:
    try:
        method = _method(args.metode, "--metode")
        scores = []
        for text in args.scores:
            value = decimal_arg(text, "SKOR")
            if not 0 <= value <= 100:
                raise CalcError(f"SKOR harus 0 sampai 100 (tertulis {text})")
            scores.append(value)
    except CalcError as exc:
        return fail(str(exc))
    mean = mean_score(scores)
    return emit({"rata_rata": float(mean), "predikat": predicate(mean, method)})


# ------------------------------------------------------------------------------------------------ health score


def health_score(args) -> int:
    try:
        data = _load(args.file)
        out = score_document(data)
    except CalcError as exc:
        return fail(str(exc))
    except ValidationError as exc:       # defensive: the document is validated before scoring
        return fail("; ".join(exc.problems))
    return emit(out)


def score_document(data: Any) -> dict:
    """Validate and score one formats.md §1 document; returns the output object. Raises CalcError naming every
    problem (on one line)."""
    if not isinstance(data, Mapping):
        raise CalcError("berkas harus berisi satu objek JSON")
    problems: list[str] = []
    method = _method(data.get("metode"), "metode", problems)
    options = _options(data.get("opsi"), "opsi", Options(), problems)
    years = data.get("tahun")
    if isinstance(years, list):
        if not years:
            raise CalcError("tahun: daftar tahun kosong")
        assessments = []
        for i, item in enumerate(years):
            where = _year_label(item, i)
            if not isinstance(item, Mapping):
                problems.append(f"{where}: harus objek")
                continue
            if item.get("metode") is not None:
                before = len(problems)
                if _method(item["metode"], f"{where}: metode", problems) != method and len(problems) == before:
                    problems.append(f"{where}: metode {item['metode']} berbeda dengan metode {method.value}; "
                                    "semua tahun harus memakai metode yang sama")
            a = _assessment(item, method, _options(item.get("opsi"), f"{where}: opsi", options, problems),
                            f"{where}: ", problems)
            assessments.append(a)
        if problems:
            raise CalcError("; ".join(problems))
        return _multi_output(score_years(assessments))
    a = _assessment(data, method, options, "", problems)
    if problems:
        raise CalcError("; ".join(problems))
    return _year_output(score_year(a))


def _load(name: str) -> Any:
    try:
        if name == "-":
            text = sys.stdin.read()
        else:
            text = Path(name).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CalcError(f"FILE: berkas {name} tidak ditemukan") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CalcError(f"FILE: berkas {name} tidak bisa dibaca ({exc.__class__.__name__})") from None
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise CalcError(f"FILE: isi berkas bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}: {exc.msg})"
                        ) from None
    except ValueError as exc:
        raise CalcError(f"FILE: {exc}") from None


def _no_constant(name: str):
    raise ValueError(f"{name} bukan angka yang sah")


def _year_label(item: Any, index: int) -> str:
    year = item.get("tahun") if isinstance(item, Mapping) else None
    if isinstance(year, int) and not isinstance(year, bool):
        return f"tahun {year}"
    return f"tahun ke-{index + 1}"


def _method(value: Any, field: str, problems: list[str] | None = None) -> Method:
    if value is None:
        return Method.PERDEP06_2016
    if isinstance(value, str):
        try:
            return Method(value.strip().lower())
        except ValueError:
            pass
    message = f"{field} harus perdep06_2016 atau permen14_2009 (tertulis {value!r})"
    if problems is None:
        raise CalcError(message)
    problems.append(message)
    return Method.PERDEP06_2016


def _options(value: Any, field: str, default: Options, problems: list[str]) -> Options:
    if value is None:
        return default
    if not isinstance(value, Mapping):
        problems.append(f"{field} harus objek, misalnya {{\"tabel_5b\": \"B\"}}")
        return default
    table = default.tabel_5b
    for key, v in value.items():
        if key != "tabel_5b":
            problems.append(f"{field}.{key} tidak dikenal (yang ada: tabel_5b)")
        elif v is not None:
            try:
                table = Table5B(str(v).strip().upper()) if isinstance(v, str) else Table5B(v)
            except ValueError:
                problems.append(f"{field}.tabel_5b harus \"A\" atau \"B\" (tertulis {v!r})")
    return Options(table)


def _number(value: Any, field: str, problems: list[str]) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        problems.append(f"{field} harus angka (tertulis {json.dumps(value, default=str, ensure_ascii=False)})")
        return None
    return Decimal(value)


def _mapping(value: Any, field: str, problems: list[str]) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        problems.append(f"{field} harus objek JSON")
        return {}
    return value


def _assessment(obj: Mapping, method: Method, options: Options, where: str, problems: list[str]) -> Assessment:
    own: list[str] = []
    year = obj.get("tahun")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        own.append(f"tahun harus bilangan bulat (tertulis {year!r})")
        year = None
    values: dict[str, Decimal] = {}
    for key, value in _mapping(obj.get("masukan"), "masukan", own).items():
        if key not in INPUT_NAMES:
            own.append(f"masukan.{key} tidak dikenal")
        elif value is not None:
            number = _number(value, f"masukan.{key}", own)
            if number is not None:
                values[key] = number
    management = _management(obj.get("manajemen"), own)
    ratios: dict[str, Decimal] = {}
    for code, value in _mapping(obj.get("rasio"), "rasio", own).items():
        number = _number(value, f"rasio.{code}", own)
        if number is not None:
            ratios[str(code)] = number
    manual: dict[str, ManualNilai] = {}
    for code, entry in _mapping(obj.get("nilai_manual"), "nilai_manual", own).items():
        if not isinstance(entry, Mapping):
            own.append(f"nilai_manual.{code} harus objek {{\"nilai\": ..., \"alasan\": \"...\"}}")
            continue
        unknown = sorted(set(entry) - {"nilai", "alasan"})
        if unknown:
            own.append(f"nilai_manual.{code}.{unknown[0]} tidak dikenal (yang ada: nilai, alasan)")
        if entry.get("nilai") is None:
            own.append(f"nilai_manual.{code}.nilai wajib diisi")
            continue
        nilai = _number(entry.get("nilai"), f"nilai_manual.{code}.nilai", own)
        alasan = entry.get("alasan")
        if alasan is not None and not isinstance(alasan, str):
            own.append(f"nilai_manual.{code}.alasan harus teks")
            alasan = None
        if nilai is not None:
            manual[str(code)] = ManualNilai(nilai, alasan or "")
    a = Assessment(Inputs(**values), management, ratios, manual, method, options, year)
    own += assessment_problems(a)
    problems += [f"{where}{p}" for p in own]
    return a


def _management(value: Any, problems: list[str]) -> ManagementAnswers | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        problems.append("manajemen harus objek: jumlah jawaban \"ya\" per komponen atau \"jawaban\" (38 true/false)")
        return None
    names = [c.value for c in MgmtComponent]
    if "jawaban" in value:
        others = [k for k in value if k != "jawaban"]
        if others:
            problems.append(f"manajemen: isi \"jawaban\" atau jumlah per komponen, bukan keduanya ({others[0]})")
            return None
        answers = value["jawaban"]
        if not isinstance(answers, list) or len(answers) != QUESTION_COUNT:
            got = len(answers) if isinstance(answers, list) else json.dumps(answers, default=str)
            problems.append(f"manajemen.jawaban harus {QUESTION_COUNT} jawaban true/false (tertulis {got})")
            return None
        bad = [i + 1 for i, x in enumerate(answers) if not isinstance(x, bool)]
        if bad:
            problems.append(f"manajemen.jawaban nomor {bad[0]} harus true atau false "
                            f"(tertulis {json.dumps(answers[bad[0] - 1], default=str)})")
            return None
        return ManagementAnswers.from_answers(answers)
    counts: dict[str, int] = {}
    for key, count in value.items():
        if key not in names:
            problems.append(f"manajemen.{key} tidak dikenal (yang ada: {', '.join(names)}, jawaban)")
        elif count is None:
            continue
        elif isinstance(count, bool) or not isinstance(count, int):
            problems.append(f"manajemen.{key} harus bilangan bulat (tertulis {count})")
        else:
            counts[key] = count
    return ManagementAnswers.from_counts(counts)


# ------------------------------------------------------------------------------------------------ output


def _dec(value: Decimal | None) -> float | None:
    """A ratio, skor, percentage or total for display: half-up to 2 decimals, as a JSON number."""
    return None if value is None else float(round2(value))


def _nilai(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(round2(value))


def _year_output(r: YearResult) -> dict:
    return {
        "metode": r.method.value,
        "tahun": r.year,
        "komponen": {c.code: {"rasio": _dec(c.ratio), "nilai": _nilai(c.nilai), "bobot": c.weight,
                              "skor": _dec(c.skor)} for c in r.components},
        "aspek": {a.aspect.value: {"skor": _dec(a.skor), "bobot": a.weight, "persen": _dec(a.percent),
                                   "predikat": a.predicate} for a in r.aspects},
        "total": _dec(r.total),
        "predikat": r.predicate,
        "lengkap": r.complete,
        "kurang": list(r.missing),
    }


def _multi_output(r: MultiYearResult) -> dict:
    return {"metode": r.method.value, "tahun": [_year_output(y) for y in r.years], "rata_rata": float(r.mean),
            "predikat_rata_rata": r.predicate}
