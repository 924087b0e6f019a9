"""Entry point of the ``kopdesk`` command: no arguments (or a workspace file, or --smoke) opens the application;
a subcommand runs headless through the cli. The two are siblings that never import each other."""

from __future__ import annotations

import importlib
import sys

GUI_FLAGS = {"--smoke", "--demo"}


def wants_gui(argv: list[str]) -> bool:
    if not argv:
        return True
    first = argv[0]
    return first in GUI_FLAGS or first.endswith(".kopdesk")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if wants_gui(argv):
        return importlib.import_module("kopdesk.ui.app").run(argv)
    return importlib.import_module("kopdesk.cli.main").main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
