"""The headless calculators of formats.md: JSON out on stdout, exit 0; bad input exits 2 with one Indonesian line
on stderr naming the field ("galat: ..."), nothing on stdout. Thin shells over kopdesk.domain."""

from __future__ import annotations

import json
import sys
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


class CalcError(Exception):
    """Bad calculator input: the message names the field, in Indonesian."""


def emit(obj: dict) -> int:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=_json_default) + "\n")
    return 0


def fail(message: str) -> int:
    sys.stderr.write(f"galat: {message}\n")
    return 2


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    raise TypeError(type(value))


def decimal_arg(text: str, field: str) -> Decimal:
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        raise CalcError(f"{field} harus angka (tertulis {text!r})") from None
    if not value.is_finite():
        raise CalcError(f"{field} harus angka (tertulis {text!r})")
    return value


def int_arg(text: str, field: str) -> int:
    value = decimal_arg(text, field)
    if value != value.to_integral_value():
        raise CalcError(f"{field} harus bilangan bulat (tertulis {text})")
    return int(value)


def q(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def loan_schedule(args) -> int:
    from kopdesk.domain.loans import Method, build_schedule, flat_effective_rate, schedule_problems

    try:
        principal = int_arg(args.principal, "--principal (pokok)")
        months = int_arg(args.months, "--months (tenor)")
        rate = decimal_arg(args.rate, "--rate (bunga per bulan)")
        round_to = int_arg(args.round_to, "--round-to") if args.round_to is not None else None
        if args.method not in {m.value for m in Method}:
            raise CalcError(f"--method harus flat, declining atau annuity (tertulis {args.method})")
        problems = schedule_problems(principal, months, rate, round_to)
        if problems:
            raise CalcError(problems[0].rstrip(".").lower())
    except CalcError as exc:
        return fail(str(exc))
    s = build_schedule(principal, months, rate, Method(args.method), round_to)
    return emit({
        "metode": s.method.value, "pokok": s.principal, "tenor": s.months, "bunga_per_bulan": rate.normalize(),
        "angsuran": [{"ke": i.no, "pokok": i.principal, "jasa": i.interest, "jumlah": i.total,
                      "sisa_pokok": i.remaining} for i in s.instalments],
        "total_pokok": s.total_principal, "total_jasa": s.total_interest, "total_angsuran": s.total,
        "bunga_efektif_per_bulan": flat_effective_rate(s),
    })
