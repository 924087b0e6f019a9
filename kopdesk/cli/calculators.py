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


def read_json(path: str) -> dict:
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except OSError as exc:
        raise CalcError(f"file {path} tidak bisa dibaca ({exc.strerror})") from None
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise CalcError(f"JSON tidak sah pada baris {exc.lineno} kolom {exc.colno}") from None
    if not isinstance(data, dict):
        raise CalcError("isi file harus satu objek JSON")
    return data


def json_int(data: dict, key: str, *, required: bool = True, default: int | None = None, where: str = "") -> int:
    if key not in data or data[key] is None:
        if required:
            raise CalcError(f"{where}{key} wajib diisi")
        return default
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise CalcError(f"{where}{key} harus angka, bukan {type(value).__name__}")
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise CalcError(f"{where}{key} harus rupiah bulat (tertulis {value})")
        value = int(value)
    return value


def shu_compute(args) -> int:
    from kopdesk.domain.shu import ShuInput, ShuMember, compute_shu, rate6, shu_problems

    try:
        data = read_json(args.file)
        alokasi = data.get("alokasi")
        if not isinstance(alokasi, dict) or not alokasi:
            raise CalcError("alokasi wajib diisi (objek pos -> persen)")
        allocation = {}
        for name, pct in alokasi.items():
            if isinstance(pct, bool) or not isinstance(pct, int | Decimal):
                raise CalcError(f"alokasi.{name} harus angka")
            allocation[name] = Decimal(pct)
        members = []
        raw_members = data.get("anggota", [])
        if not isinstance(raw_members, list):
            raise CalcError("anggota harus daftar")
        for n, m in enumerate(raw_members, start=1):
            if not isinstance(m, dict):
                raise CalcError(f"anggota[{n}] harus objek")
            where = f"anggota[{n}]."
            members.append(ShuMember(str(m.get("id", n)), str(m.get("nama", "")),
                                     json_int(m, "simpanan", required=False, default=0, where=where),
                                     json_int(m, "transaksi", required=False, default=0, where=where)))
        inp = ShuInput(json_int(data, "shu"), allocation, members,
                       non_member=json_int(data, "shu_non_anggota", required=False, default=0),
                       total_savings=json_int(data, "total_simpanan", required=False),
                       total_transactions=json_int(data, "total_transaksi", required=False),
                       rounding=json_int(data, "pembulatan", required=False, default=1))
        problems = shu_problems(inp)
        if problems:
            raise CalcError(problems[0])
    except CalcError as exc:
        return fail(str(exc))
    r = compute_shu(inp)
    return emit({
        "shu": r.shu, "pos": r.pools, "tarif_jasa_modal": rate6(r.rate_jasa_modal),
        "tarif_jasa_usaha": rate6(r.rate_jasa_usaha),
        "anggota": [{"id": s.member.id, "nama": s.member.name, "jasa_modal": s.jasa_modal, "jasa_usaha": s.jasa_usaha,
                     "jumlah": s.total} for s in r.shares],
        "total_dibagikan": r.total_distributed, "selisih_pembulatan": r.rounding_residue,
    })
