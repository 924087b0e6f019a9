"""``kopdesk package export|import``: the sealed annual cooperative-to-Dinas package (.kopdesk-paket).

    kopdesk package export --workspace KOPERASI.kopdesk --year 2025 --out KSP-2025.kopdesk-paket [--user U]
    kopdesk package import --workspace DINAS.kopdesk KSP-2025.kopdesk-paket [--user U] [--dry-run]

Export opens the koperasi file read-only (it works while the application has it open). Import checks the package,
prints what will change against the registry, then applies it (``--dry-run``: only the preview). A damaged,
changed or truncated package, or a wrong workspace, exits 2 with the reason in Indonesian (main's error handling).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def add_parsers(subparsers, parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
                ) -> Callable[[argparse.Namespace], int]:
    """Add ``kopdesk package`` with its sub-commands; returns the handler of ``package``."""
    pkg = subparsers.add_parser("package", help="paket tahunan koperasi untuk Dinas (.kopdesk-paket)")
    psub = pkg.add_subparsers(dest="what", metavar="PERINTAH", required=True, parser_class=parser_class)
    ex = psub.add_parser("export", help="ekspor paket tahunan (tahun buku yang sudah ditutup) dari file koperasi")
    ex.add_argument("--workspace", "-w", type=Path, required=True, help="file kerja koperasi (.kopdesk)")
    ex.add_argument("--year", type=int, required=True, help="tahun buku, misalnya 2025")
    ex.add_argument("--out", type=Path, required=True, help="file paket tujuan (.kopdesk-paket)")
    ex.add_argument("--user", default=None, help="nama pengguna yang mengekspor (bawaan: admin pertama)")
    ex.set_defaults(package_func=cmd_export)
    im = psub.add_parser("import", help="impor paket koperasi ke file kerja Dinas")
    im.add_argument("file", type=Path, help="file paket (.kopdesk-paket)")
    im.add_argument("--workspace", "-w", type=Path, required=True, help="file kerja Dinas (.kopdesk)")
    im.add_argument("--user", default=None, help="nama pengguna yang mengimpor (bawaan: admin pertama)")
    im.add_argument("--dry-run", action="store_true", help="hanya tampilkan apa yang akan berubah, tanpa menyimpan")
    im.set_defaults(package_func=cmd_import)

    def handle(args: argparse.Namespace) -> int:
        return args.package_func(args)
    return handle


def _user(ws, username: str | None):
    from kopdesk.cli.main import _acting_user
    from kopdesk.services import users

    return _acting_user(ws, username, users)


def cmd_export(args: argparse.Namespace) -> int:
    from kopdesk.services import package
    from kopdesk.services.workspace import open_workspace

    ws = open_workspace(args.workspace, readonly=True)
    try:
        by = _user(ws, args.user)
        out = package.export_package(ws, args.year, args.out, by)
        pkg = package.read_package(out)
    finally:
        ws.close()
    print(f"Paket tahun buku {pkg.year} {pkg.name} disimpan: {out}")
    print(f"Segel sha256: {pkg.sha256}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kopdesk.services import package
    from kopdesk.services.workspace import open_workspace

    pkg = package.read_package(args.file)             # refuse a bad package before touching the workspace
    ws = open_workspace(args.workspace, readonly=args.dry_run)
    try:
        preview = package.preview_import(ws, pkg)
        for line in preview.lines():
            print(line)
        if args.dry_run or preview.already_imported:
            if args.dry_run and not preview.already_imported:
                print("Uji coba (--dry-run): tidak ada yang disimpan.")
            return 0
        result = package.import_package(ws, pkg, _user(ws, args.user))
    finally:
        ws.close()
    print("Hasil impor:")
    for line in result.messages:
        print(f"  - {line}")
    return 0
