"""``kopdesk report rat`` (the RAT report book) and ``kopdesk report ods`` (the national data-system sheet)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_report_parsers(report_subparsers, parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
                       ) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add the RAT reports under ``kopdesk report``; returns name -> handler."""
    return {}
