"""``kopdesk report neraca|phu|ekuitas|arus-kas|statements|shu|budget``: the financial statements, the SHU list and
budget versus actual to PDF or .xlsx, from a workspace opened read-only.

Wired into ``kopdesk.cli.main`` by ``add_parsers(rsub, Parser)``, which returns report name -> handler; a handler
returns the exit code (0 written, 2 bad input or no data, 1 any other failure) and prints its messages in
Indonesian.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kopdesk.domain.errors import KopDeskError, ValidationError, WorkspaceError

STATEMENTS = {"neraca": "laporan posisi keuangan (neraca) per akhir periode",
              "phu": "laporan perhitungan hasil usaha",
              "ekuitas": "laporan perubahan ekuitas",
              "arus-kas": "laporan arus kas",
              "statements": "laporan keuangan lengkap: sampul, empat laporan dan catatan (ikhtisar)"}
FORMATS = ("pdf", "xlsx")


def _month(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bulan harus angka 1 sampai 12 (yang dimasukkan: {text})") from None
    if not 1 <= value <= 12:
        raise argparse.ArgumentTypeError(f"bulan harus angka 1 sampai 12 (yang dimasukkan: {text})")
    return value


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tahun harus angka, misalnya 2025 (yang dimasukkan: {text})") from None
    if not 1900 <= value <= 2999:
        raise argparse.ArgumentTypeError(f"tahun tidak masuk akal: {text}")
    return value


def add_parsers(report_subparsers, parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
                ) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add the statement, SHU and budget reports under ``kopdesk report``; returns name -> handler."""
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {}
    for name, help_ in STATEMENTS.items():
        p = report_subparsers.add_parser(name, help=help_)
        _common(p, months=True)
        p.add_argument("--no-comparative", action="store_true", help="tanpa kolom tahun lalu")
        handlers[name] = _guarded(_statement)
    s = report_subparsers.add_parser("shu", help="daftar pembagian SHU (atau slip SHU satu anggota dengan --member)")
    _common(s)
    s.add_argument("--member", default=None, help="nomor anggota: cetak slip SHU anggota itu (PDF)")
    handlers["shu"] = _guarded(_shu)
    b = report_subparsers.add_parser("budget", help="realisasi anggaran (RAPB) dibanding anggaran")
    _common(b)
    b.add_argument("--through", default=None, help="realisasi sampai tanggal (YYYY-MM-DD; bawaan: akhir tahun "
                                                   "buku atau kemarin)")
    handlers["budget"] = _guarded(_budget)
    return handlers


def _common(p: argparse.ArgumentParser, months: bool = False) -> None:
    p.add_argument("--workspace", "-w", type=Path, required=True)
    p.add_argument("--year", type=_year, required=True, help="tahun buku, misalnya 2025")
    if months:
        p.add_argument("--month-from", type=_month, default=None, help="bulan awal dalam tahun buku (1-12)")
        p.add_argument("--month-to", type=_month, default=None, help="bulan akhir dalam tahun buku (1-12)")
    p.add_argument("--out", type=Path, required=True, help="file tujuan (.pdf atau .xlsx)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="pdf atau xlsx (bawaan: menurut akhiran --out, selain itu pdf)")
    p.add_argument("--paper", choices=("A4", "F4"), default=None, help="ukuran kertas (bawaan: pengaturan)")


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Errors as ``kopdesk`` reports them: 2 for bad input or no data, 1 otherwise, in Indonesian on stderr."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except ValidationError as exc:
            print("Data tidak valid:", file=sys.stderr)
            for problem in exc.problems:
                print(f"  - {problem}", file=sys.stderr)
            return 2
        except WorkspaceError as exc:
            print(exc.message, file=sys.stderr)
            return 2
        except KopDeskError as exc:
            print(exc.message, file=sys.stderr)
            return 1

    run.__name__ = handler.__name__
    return run


def _format(args) -> str:
    if args.format:
        return args.format
    return "xlsx" if args.out.suffix.lower() == ".xlsx" else "pdf"


def _open(args):
    from kopdesk.services.workspace import open_workspace

    return open_workspace(args.workspace, readonly=True)


def _done(out) -> int:
    print(f"Laporan disimpan: {out}")
    return 0


def _statement(args) -> int:
    from kopdesk import reports

    ws = _open(args)
    try:
        kind, fmt_ = args.report, _format(args)
        comparative = not args.no_comparative
        if kind == "statements":
            if fmt_ == "xlsx":
                out = reports.statement_set_xlsx(ws, args.year, args.out, args.month_from, args.month_to,
                                                 comparative=comparative)
            else:
                out = reports.statement_set_pdf(ws, args.year, args.out, args.month_from, args.month_to,
                                                paper=args.paper, comparative=comparative)
        elif fmt_ == "xlsx":
            out = reports.statement_xlsx(ws, kind, args.year, args.out, args.month_from, args.month_to,
                                         comparative=comparative)
        else:
            out = reports.statement_pdf(ws, kind, args.year, args.out, args.month_from, args.month_to,
                                        paper=args.paper, comparative=comparative)
    finally:
        ws.close()
    return _done(out)


def _shu(args) -> int:
    from kopdesk import reports

    ws = _open(args)
    try:
        fmt_ = _format(args)
        if args.member:
            from kopdesk.services import members

            if fmt_ != "pdf":
                raise ValidationError("Slip SHU hanya tersedia sebagai PDF.")
            m = members.find_member(ws, args.member)
            out = reports.shu_slip_pdf(ws, args.year, m.id, args.out, paper=args.paper)
        elif fmt_ == "xlsx":
            out = reports.shu_list_xlsx(ws, args.year, args.out)
        else:
            out = reports.shu_list_pdf(ws, args.year, args.out, paper=args.paper)
    finally:
        ws.close()
    return _done(out)


def _budget(args) -> int:
    import datetime as dt

    from kopdesk import reports

    through = None
    if args.through:
        try:
            through = dt.date.fromisoformat(args.through)
        except ValueError:
            raise ValidationError(f"Tanggal --through harus berbentuk YYYY-MM-DD (yang dimasukkan: "
                                  f"{args.through}).") from None
    ws = _open(args)
    try:
        if _format(args) == "xlsx":
            out = reports.budget_xlsx(ws, args.year, args.out, through)
        else:
            out = reports.budget_pdf(ws, args.year, args.out, through, paper=args.paper)
    finally:
        ws.close()
    return _done(out)
