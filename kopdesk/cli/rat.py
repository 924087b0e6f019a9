"""``kopdesk report rat`` (the RAT report book) and ``kopdesk report ods`` (the national data-system sheet), from a
workspace opened read-only. Exit 0 written, 2 bad input or no data (Indonesian message on stderr), 1 otherwise."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from kopdesk.cli.statements import _done, _guarded, _open, _year
from kopdesk.domain.errors import ValidationError


def add_report_parsers(report_subparsers, parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
                       ) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add the RAT reports under ``kopdesk report``; returns name -> handler."""
    r = report_subparsers.add_parser("rat", help="buku laporan RAT satu tahun buku (PDF dengan daftar isi)")
    _common(r)
    r.add_argument("--paper", choices=("A4", "F4"), default=None, help="ukuran kertas (bawaan: pengaturan)")
    o = report_subparsers.add_parser("ods", help="data ODS (sistem data koperasi online) satu tahun buku: "
                                                 "satu halaman PDF atau .xlsx")
    _common(o)
    o.add_argument("--paper", choices=("A4", "F4"), default=None, help="ukuran kertas PDF (bawaan: pengaturan)")
    return {"rat": _guarded(_rat_book), "ods": _guarded(_ods)}


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workspace", "-w", type=Path, required=True)
    p.add_argument("--year", type=_year, required=True, help="tahun buku, misalnya 2025")
    p.add_argument("--out", type=Path, required=True, help="file tujuan")


def _rat_book(args) -> int:
    from kopdesk.reports.rat_book import rat_book_pdf

    if args.out.suffix.lower() != ".pdf":
        raise ValidationError(f"Buku laporan RAT hanya tersedia sebagai PDF; --out harus berakhiran .pdf "
                              f"(yang dimasukkan: {args.out.name}).")
    ws = _open(args)
    try:
        out = rat_book_pdf(ws, args.year, args.out, paper=args.paper)
    finally:
        ws.close()
    return _done(out)


def _ods(args) -> int:
    from kopdesk.reports.ods_sheet import ods_pdf, ods_xlsx

    suffix = args.out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise ValidationError(f"Data ODS disimpan sebagai .pdf atau .xlsx (yang dimasukkan: {args.out.name}).")
    ws = _open(args)
    try:
        out = ods_xlsx(ws, args.year, args.out) if suffix == ".xlsx" else ods_pdf(ws, args.year, args.out,
                                                                                   paper=args.paper)
    finally:
        ws.close()
    return _done(out)
