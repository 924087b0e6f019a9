"""KSP Maju Bersama's first two months of 2026, small enough to check every number by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from kopdesk.domain.coop import Official
from kopdesk.services import profile
from tests.builders import acct, post

NOW = dt.datetime(2026, 11, 25, 14, 5)   # the "Dicetak ..." time of every report in these tests
JAN_1, JAN_31, FEB_1, FEB_28 = dt.date(2026, 1, 1), dt.date(2026, 1, 31), dt.date(2026, 2, 1), dt.date(2026, 2, 28)


@dataclass
class Books:
    ws: object
    admin: object
    journals: dict[str, int]     # description -> journal id

    def acct(self, code: str) -> int:
        return acct(self.ws, code)


@pytest.fixture
def books(book) -> Books:
    ws, admin = book
    posted = {}

    def p(on, description, *lines, series="JU"):
        posted[description] = post(ws, admin, on, description, *lines, series=series).journal_id

    p(JAN_1, "Saldo awal 1 Januari 2026",
      ("1-1100", 10_000_000, 0), ("1-1200", 40_000_000, 0), ("1-1300", 150_000_000, 0),
      ("3-1100", 0, 20_000_000), ("3-1200", 0, 130_000_000), ("2-1100", 0, 50_000_000), series="JS")
    p(dt.date(2026, 1, 5), "Setoran simpanan wajib Januari", ("1-1100", 2_500_000, 0), ("3-1200", 0, 2_500_000),
      series="KM")
    p(dt.date(2026, 1, 10), "Gaji karyawan Januari", ("6-1100", 3_000_000, 0), ("1-1100", 0, 3_000_000), series="KK")
    p(dt.date(2026, 1, 15), "Angsuran pinjaman Budi Santoso",
      ("1-1100", 5_750_000, 0), ("1-1300", 0, 5_000_000), ("4-1100", 0, 750_000), series="KM")
    p(dt.date(2026, 2, 3), "Penarikan dari bank ke kas", ("1-1100", 4_000_000, 0), ("1-1200", 0, 4_000_000))
    p(dt.date(2026, 2, 10), "Pembelian alat tulis kantor", ("6-1200", 1_250_000, 0), ("1-1100", 0, 1_250_000),
      series="KK")
    return Books(ws, admin, posted)


@pytest.fixture
def officials(books) -> Books:
    for role, name in (("Ketua", "H. Abdul Karim"), ("Bendahara", "Siti Rahmah"), ("Sekretaris", "Nur Aisyah")):
        profile.save_official(books.ws, Official(None, "pengurus", role, name), books.admin)
    return books


def pages_text(pdf: Path | bytes) -> list[str]:
    """The text of every page, whitespace runs collapsed to one space."""
    import io

    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return [" ".join(page.extract_text().split()) for page in reader.pages]
