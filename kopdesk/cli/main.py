"""The headless ``kopdesk`` subcommands. Every command calls the same services as the application.

Exit codes: 0 success, 1 the check found problems or the operation failed, 2 bad input (usage, invalid file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kopdesk import __version__
from kopdesk.domain.errors import KopDeskError, ValidationError, WorkspaceError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal harus berbentuk YYYY-MM-DD (yang dimasukkan: {text})") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kopdesk",
        description="KopDesk: pembukuan koperasi, SHU, RAT dan pembinaan Dinas tanpa internet. "
                    "Tanpa perintah: membuka aplikasi.")
    p.add_argument("--version", action="version", version=f"KopDesk {__version__}")
    sub = p.add_subparsers(dest="command", metavar="PERINTAH")

    demo = sub.add_parser("demo", help="buat file contoh koperasi dengan data realistis")
    demo.add_argument("--out", type=Path, default=Path("demo-koperasi.kopdesk"), help="file tujuan (.kopdesk)")
    demo.add_argument("--seed", type=int, default=1, help="bilangan acak awal (hasil sama untuk seed sama)")
    demo.add_argument("--force", action="store_true", help="timpa file tujuan bila sudah ada")

    chk = sub.add_parser("check", help="periksa keutuhan file dan keseimbangan buku")
    chk.add_argument("--workspace", "-w", type=Path, required=True)

    bak = sub.add_parser("backup", help="salin cadangan file kerja (lalu periksa salinannya)")
    bak.add_argument("--workspace", "-w", type=Path, required=True)
    bak.add_argument("--out", type=Path, required=True, help="folder tujuan")

    rep = sub.add_parser("report", help="cetak laporan ke PDF")
    rsub = rep.add_subparsers(dest="report", metavar="LAPORAN", required=True)
    tb = rsub.add_parser("trial-balance", help="neraca saldo per tanggal")
    tb.add_argument("--date", type=_date, default=dt.date.today(), help="per tanggal (YYYY-MM-DD)")
    led = rsub.add_parser("ledger", help="buku besar satu akun")
    led.add_argument("--account", required=True, help="kode akun, misalnya 1-1100")
    cash = rsub.add_parser("cash-book", help="buku kas (akun kas/bank)")
    cash.add_argument("--account", default="1-1100", help="kode akun kas/bank (bawaan 1-1100 Kas)")
    for r in (led, cash):
        r.add_argument("--from", dest="date_from", type=_date, required=True, help="dari tanggal (YYYY-MM-DD)")
        r.add_argument("--to", dest="date_to", type=_date, required=True, help="sampai tanggal (YYYY-MM-DD)")
    for r in (tb, led, cash):
        r.add_argument("--workspace", "-w", type=Path, required=True)
        r.add_argument("--out", type=Path, required=True, help="file PDF tujuan")
        r.add_argument("--paper", choices=("A4", "F4"), default=None, help="ukuran kertas (bawaan: pengaturan)")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command](args)
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


def cmd_demo(args) -> int:
    from kopdesk.services.demo import build_demo

    out: Path = args.out
    if out.suffix != ".kopdesk":
        raise ValidationError(f"Nama file harus berakhiran .kopdesk (yang dimasukkan: {out.name}).")
    if out.exists():
        if not args.force:
            raise ValidationError(f"File {out} sudah ada. Pakai --force untuk menimpanya.")
        out.unlink()
    build_demo(out, seed=args.seed)
    print(f"File contoh koperasi dibuat: {out}")
    return 0


def cmd_check(args) -> int:
    from kopdesk.services.check import check_workspace

    report = check_workspace(args.workspace)
    print(report.text())
    return 0 if report.ok else 1


def cmd_backup(args) -> int:
    from kopdesk.services.workspace import backup_path

    args.out.mkdir(parents=True, exist_ok=True)
    dest = backup_path(args.workspace, args.out)
    print(f"Cadangan dibuat dan sudah diperiksa: {dest}")
    return 0


def cmd_report(args) -> int:
    from kopdesk import reports
    from kopdesk.services import ledger
    from kopdesk.services.workspace import open_workspace

    ws = open_workspace(args.workspace, readonly=True)
    try:
        if args.report == "trial-balance":
            out = reports.trial_balance_pdf(ws, args.date, args.out, paper=args.paper)
        elif args.report == "ledger":
            account = ledger.get_account(ws, args.account)
            out = reports.account_ledger_pdf(ws, account.id, args.date_from, args.date_to, args.out,
                                                    paper=args.paper)
        else:
            account = ledger.get_account(ws, args.account)
            if not account.is_cash:
                raise ValidationError(f"Akun {account.label} bukan akun kas/bank.")
            out = reports.cash_book_pdf(ws, account.id, args.date_from, args.date_to, args.out,
                                               paper=args.paper)
    finally:
        ws.close()
    print(f"Laporan disimpan: {out}")
    return 0


COMMANDS = {"demo": cmd_demo, "check": cmd_check, "backup": cmd_backup, "report": cmd_report}
