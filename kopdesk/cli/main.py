"""The headless ``kopdesk`` subcommands. Every command calls the same services as the application.

Exit codes: 0 success, 1 the check found problems or the operation failed, 2 bad input (usage, invalid file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kopdesk import __version__
from kopdesk.cli import dinas, health, rat, statements
from kopdesk.domain.errors import KopDeskError, ValidationError, WorkspaceError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal harus berbentuk YYYY-MM-DD (yang dimasukkan: {text})") from None


class Parser(argparse.ArgumentParser):
    """argparse with its complaints in Indonesian (exit 2, as argparse does)."""

    TRANSLATIONS = (("the following arguments are required", "argumen ini wajib diisi"),
                    ("unrecognized arguments", "argumen tidak dikenal"),
                    ("invalid choice", "pilihan tidak sah"),
                    ("expected one argument", "perlu satu nilai"),
                    ("argument ", "argumen "))

    def error(self, message: str) -> None:
        for en, id_ in self.TRANSLATIONS:
            message = message.replace(en, id_)
        self.print_usage(sys.stderr)
        self.exit(2, f"galat: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="kopdesk",
        description="KopDesk: pembukuan koperasi, SHU, RAT dan pembinaan Dinas tanpa internet. "
                    "Tanpa perintah: membuka aplikasi.")
    p.add_argument("--version", action="version", version=f"KopDesk {__version__}")
    sub = p.add_subparsers(dest="command", metavar="PERINTAH", parser_class=Parser)

    demo = sub.add_parser("demo", help="buat file contoh koperasi dengan data realistis")
    demo.add_argument("--kind", choices=("koperasi", "dinas"), default="koperasi",
                      help="jenis file contoh: koperasi (bawaan) atau dinas (registri koperasi binaan)")
    demo.add_argument("--out", type=Path, default=None,
                      help="file tujuan (.kopdesk; bawaan demo-koperasi.kopdesk / demo-dinas.kopdesk)")
    demo.add_argument("--seed", type=int, default=1, help="bilangan acak awal (hasil sama untuk seed sama)")
    demo.add_argument("--force", action="store_true", help="timpa file tujuan bila sudah ada")

    chk = sub.add_parser("check", help="periksa keutuhan file dan keseimbangan buku")
    chk.add_argument("--workspace", "-w", type=Path, required=True)

    bak = sub.add_parser("backup", help="salin cadangan file kerja (lalu periksa salinannya)")
    bak.add_argument("--workspace", "-w", type=Path, required=True)
    bak.add_argument("--out", type=Path, required=True, help="folder tujuan")

    imp = sub.add_parser("import", help="impor data dari lembar kerja (.xlsx/.csv)")
    isub = imp.add_subparsers(dest="what", metavar="DATA", required=True, parser_class=Parser)
    im = isub.add_parser("members", help="anggota dengan saldo awal simpanan (semua atau tidak sama sekali)")
    im.add_argument("file", type=Path, help="file .xlsx atau .csv sesuai template")
    im.add_argument("--workspace", "-w", type=Path, required=True)
    im.add_argument("--opening-date", type=_date, default=None,
                    help="tanggal saldo awal simpanan (YYYY-MM-DD; bawaan: 1 Januari tahun ini)")
    im.add_argument("--user", default=None, help="nama pengguna yang mengimpor (bawaan: admin pertama)")

    exp = sub.add_parser("export", help="ekspor data ke .xlsx")
    esub = exp.add_subparsers(dest="what", metavar="DATA", required=True, parser_class=Parser)
    em = esub.add_parser("members", help="daftar anggota dengan saldo simpanan")
    em.add_argument("--workspace", "-w", type=Path, required=True)
    em.add_argument("--out", type=Path, required=True)
    et = esub.add_parser("member-template", help="template impor anggota")
    et.add_argument("--workspace", "-w", type=Path, required=True)
    et.add_argument("--out", type=Path, required=True)

    loan = sub.add_parser("loan", help="kalkulator pinjaman (JSON)")
    lsub = loan.add_subparsers(dest="what", metavar="KALKULATOR", required=True, parser_class=Parser)
    ls = lsub.add_parser("schedule", help="jadwal angsuran: flat, declining (menurun) atau annuity (anuitas)")
    ls.add_argument("--principal", required=True, help="pokok pinjaman (rupiah)")
    ls.add_argument("--months", required=True, help="jangka waktu (bulan)")
    ls.add_argument("--rate", required=True, help="jasa per bulan dalam persen, misalnya 1.5")
    ls.add_argument("--method", required=True, help="flat, declining atau annuity")
    ls.add_argument("--round-to", default=None, help="bulatkan setiap angsuran ke atas ke kelipatan ini (100, 1000)")

    shu = sub.add_parser("shu", help="kalkulator pembagian SHU (JSON)")
    ssub = shu.add_subparsers(dest="what", metavar="KALKULATOR", required=True, parser_class=Parser)
    sc = ssub.add_parser("compute", help="pos-pos SHU dan jasa modal / jasa usaha per anggota")
    sc.add_argument("file", help="file JSON (atau - untuk stdin)")

    COMMANDS["health"] = health.add_parsers(sub, Parser)
    COMMANDS["package"] = dinas.add_parsers(sub, Parser)

    rep = sub.add_parser("report", help="cetak laporan ke PDF")
    rsub = rep.add_subparsers(dest="report", metavar="LAPORAN", required=True, parser_class=Parser)
    tb = rsub.add_parser("trial-balance", help="neraca saldo per tanggal")
    tb.add_argument("--date", type=_date, default=dt.date.today(), help="per tanggal (YYYY-MM-DD)")
    led = rsub.add_parser("ledger", help="buku besar satu akun")
    led.add_argument("--account", required=True, help="kode akun, misalnya 1-1100")
    cash = rsub.add_parser("cash-book", help="buku kas (akun kas/bank)")
    cash.add_argument("--account", default="1-1100", help="kode akun kas/bank (bawaan 1-1100 Kas)")
    ms = rsub.add_parser("member-statement", help="kartu simpanan satu anggota")
    ms.add_argument("--member", required=True, help="nomor anggota, misalnya A-0001")
    ml = rsub.add_parser("member-list", help="daftar anggota dengan saldo simpanan")
    ar = rsub.add_parser("arrears", help="daftar tunggakan pinjaman per tanggal")
    kol = rsub.add_parser("collectibility", help="rekap kolektibilitas dan PPAP per tanggal")
    for r in (ar, kol):
        r.add_argument("--date", type=_date, default=dt.date.today(), help="per tanggal (YYYY-MM-DD)")
    for r in (led, cash, ms):
        r.add_argument("--from", dest="date_from", type=_date, required=True, help="dari tanggal (YYYY-MM-DD)")
        r.add_argument("--to", dest="date_to", type=_date, required=True, help="sampai tanggal (YYYY-MM-DD)")
    STATEMENT_REPORTS.update(statements.add_parsers(rsub, Parser))
    STATEMENT_REPORTS.update(rat.add_report_parsers(rsub, Parser))
    for r in (tb, led, cash, ms, ml, ar, kol):
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
    out: Path = args.out or Path(f"demo-{args.kind}.kopdesk")
    if out.suffix != ".kopdesk":
        raise ValidationError(f"Nama file harus berakhiran .kopdesk (yang dimasukkan: {out.name}).")
    if out.exists():
        if not args.force:
            raise ValidationError(f"File {out} sudah ada. Pakai --force untuk menimpanya.")
        out.unlink()
    if args.kind == "dinas":
        from kopdesk.services.demo_dinas import build_dinas_demo

        build_dinas_demo(out, seed=args.seed)
        print(f"File contoh Dinas dibuat: {out}")
        return 0
    from kopdesk.services.demo import build_demo

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
    if args.report in STATEMENT_REPORTS:
        return STATEMENT_REPORTS[args.report](args)
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
        elif args.report == "cash-book":
            account = ledger.get_account(ws, args.account)
            if not account.is_cash:
                raise ValidationError(f"Akun {account.label} bukan akun kas/bank.")
            out = reports.cash_book_pdf(ws, account.id, args.date_from, args.date_to, args.out,
                                               paper=args.paper)
        elif args.report == "member-statement":
            from kopdesk.services import members

            m = members.find_member(ws, args.member)
            out = reports.savings_statement_pdf(ws, m.id, args.date_from, args.date_to, args.out, paper=args.paper)
        elif args.report == "member-list":
            out = reports.member_list_pdf(ws, args.out, paper=args.paper)
        elif args.report == "arrears":
            out = reports.arrears_pdf(ws, args.date, args.out, paper=args.paper)
        else:
            out = reports.collectibility_pdf(ws, args.date, args.out, paper=args.paper)
    finally:
        ws.close()
    print(f"Laporan disimpan: {out}")
    return 0


def cmd_import(args) -> int:
    from kopdesk.services import member_import, users
    from kopdesk.services.workspace import open_workspace

    ws = open_workspace(args.workspace)
    try:
        by = _acting_user(ws, args.user, users)
        on = args.opening_date or dt.date(dt.date.today().year, 1, 1)
        done = member_import.import_members(ws, args.file, opening_date=on, by=by)
    finally:
        ws.close()
    print(f"{done.members} anggota diimpor; saldo awal simpanan Rp{done.total_opening:,}".replace(",", ".")
          + (f" (jurnal {done.journal_number})." if done.journal_number else "."))
    return 0


def _acting_user(ws, username: str | None, users):
    if username is None:
        return users.default_user(ws)
    for u in users.list_users(ws):
        if u.username.lower() == username.lower() and u.active:
            return u
    raise ValidationError(f"Pengguna {username} tidak ada atau tidak aktif.")


def cmd_export(args) -> int:
    from kopdesk.services import member_import
    from kopdesk.services.workspace import open_workspace

    ws = open_workspace(args.workspace, readonly=True)
    try:
        if args.what == "members":
            out = member_import.export_members(ws, args.out)
        else:
            out = member_import.write_member_template(ws, args.out)
    finally:
        ws.close()
    print(f"File disimpan: {out}")
    return 0


def cmd_shu(args) -> int:
    from kopdesk.cli import calculators

    return calculators.shu_compute(args)


def cmd_loan(args) -> int:
    from kopdesk.cli import calculators

    return calculators.loan_schedule(args)


STATEMENT_REPORTS: dict = {}
COMMANDS = {"demo": cmd_demo, "check": cmd_check, "backup": cmd_backup, "report": cmd_report, "import": cmd_import,
            "export": cmd_export, "loan": cmd_loan, "shu": cmd_shu}
