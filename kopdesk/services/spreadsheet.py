"""Reading and writing the spreadsheets treasurers exchange (.xlsx, .ods, .csv): cells to typed values with
Indonesian messages that name the row and column, never guessing with floats."""

from __future__ import annotations

import csv
import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from kopdesk.domain.errors import ValidationError
from kopdesk.fmt import parse_date, parse_rupiah

EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True, slots=True)
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[object]]]   # (1-based row number in the file, cells)


def read_sheet(path: str | os.PathLike) -> Sheet:
    """The first sheet of an .xlsx/.xls/.ods file, or a .csv (comma or semicolon); header row first."""
    p = Path(path)
    if not p.exists():
        raise ValidationError(f"File {p.name} tidak ditemukan.")
    suffix = p.suffix.lower()
    try:
        if suffix == ".csv":
            raw = p.read_bytes().decode("utf-8-sig", errors="replace")
            dialect = csv.Sniffer().sniff(raw[:4096], delimiters=",;\t") if raw.strip() else csv.excel
            table = [list(r) for r in csv.reader(raw.splitlines(), dialect)]
        elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            table = CalamineWorkbook.from_path(str(p)).get_sheet_by_index(0).to_python(skip_empty_area=False)
        else:
            raise ValidationError(f"Jenis file {suffix or '(tanpa akhiran)'} tidak didukung; gunakan .xlsx atau .csv.")
    except ValidationError:
        raise
    except Exception as exc:  # a damaged or password-protected file
        raise ValidationError(f"File {p.name} tidak bisa dibaca sebagai lembar kerja: {exc}") from None
    if not table:
        raise ValidationError(f"File {p.name} kosong.")
    headers = [str(h).strip() for h in table[0]]
    rows = []
    for n, cells in enumerate(table[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        rows.append((n, list(cells) + [None] * (len(headers) - len(cells))))
    return Sheet(headers, rows)


def column_index(sheet: Sheet, names: tuple[str, ...]) -> int | None:
    """Find a column by any of its accepted names (case and spacing ignored)."""
    wanted = {_norm(n) for n in names}
    for i, h in enumerate(sheet.headers):
        if _norm(h) in wanted:
            return i
    return None


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_money(value: object) -> int | None:
    """Whole rupiah from a cell; None for blank. Raises ValueError with an Indonesian reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("bukan angka")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        d = Decimal(repr(value))
        if d != d.to_integral_value():
            raise ValueError(f"harus rupiah bulat (tertulis {value})")
        return int(d)
    parsed = parse_rupiah(str(value))
    if parsed is None:
        raise ValueError(f"bukan jumlah rupiah yang sah ('{value}')")
    return parsed


def cell_date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # an Excel date serial
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"bukan tanggal ('{value}')")
    parsed = parse_date(str(value))
    if parsed is None:
        raise ValueError(f"bukan tanggal yang sah ('{value}'); tulis seperti 25-11-2026")
    return parsed


def cell_nik(value: object) -> str:
    """A NIK typed as a number loses digits in Excel beyond 15; refuse those instead of guessing."""
    if isinstance(value, float):
        if value >= 2**53 or not value.is_integer():
            raise ValueError("NIK tersimpan sebagai angka dan digitnya bisa berubah; format kolom NIK sebagai teks")
        return str(int(value))
    return cell_text(value)
