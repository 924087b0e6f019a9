"""Where the shipped resources (fonts, templates, icons) are: in a PyInstaller bundle, in a source checkout, or
installed under ``<prefix>/share/kopdesk/resources``."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")  # source checkout / editable install
    candidates.append(Path(sys.prefix) / "share" / "kopdesk" / "resources")  # wheel install (data-files)
    for c in candidates:
        if (c / "fonts").is_dir():
            return c
    raise FileNotFoundError("KopDesk resources folder not found (looked in: "
                            + ", ".join(str(c) for c in candidates) + ")")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
