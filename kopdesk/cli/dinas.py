"""``kopdesk package export|import``: the sealed annual cooperative-to-Dinas package (.kopdesk-paket)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_parsers(subparsers, parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
                ) -> Callable[[argparse.Namespace], int]:
    """Add ``kopdesk package`` with its sub-commands; returns the handler of ``package``."""
    subparsers.add_parser("package", help="paket tahunan koperasi untuk Dinas (.kopdesk-paket)")

    def handle(args: argparse.Namespace) -> int:
        return 0
    return handle
