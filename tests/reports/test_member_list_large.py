"""A big cooperative: the member list of 10,000 members is built and rendered in reasonable time, every page
numbered, the NIK masked, and the totals row on the last page equals the sum of the balances."""

from __future__ import annotations

import datetime as dt
import io
import re
import time

import pytest
from pypdf import PdfReader

from kopdesk import fmt, reports
from kopdesk.domain.members import Member
from kopdesk.services import members
from tests.reports.conftest import NOW

COUNT = 10_000


def page_text(reader: PdfReader, index: int) -> str:
    return " ".join(reader.pages[index].extract_text().split())


@pytest.mark.slow
def test_ten_thousand_members(book):
    ws, admin = book
    people = [members.NewMember(
        Member(None, "", f"Anggota Nomor {i:05d}", f"637202{i // 9000 + 1:02d}0190{i % 9000 + 1:04d}",
               "L" if i % 3 else "P", join_date=dt.date(2020, 1, 2), desa="Loktabat Utara",
               kecamatan="Banjarbaru Utara"),
        {"POKOK": 100_000, "WAJIB": 50_000 * (i % 7)}) for i in range(COUNT)]
    members.register_many(ws, people, opening_date=dt.date(2020, 1, 2), by=admin)

    started = time.perf_counter()
    report = reports.build_member_list(ws, now=NOW)
    pdf = reports.pdf_bytes(report, orientation="landscape")
    elapsed = time.perf_counter() - started
    assert elapsed < 40, f"10.000 anggota: {elapsed:.1f} s"

    assert len(report.rows) == COUNT
    assert report.total_pokok == 100_000 * COUNT
    assert report.total_wajib == sum(50_000 * (i % 7) for i in range(COUNT)) and report.total_sukarela == 0
    assert report.total == report.total_pokok + report.total_wajib
    assert (report.male, report.female) == (sum(1 for i in range(COUNT) if i % 3), sum(1 for i in range(COUNT)
                                                                                      if not i % 3))
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert 150 < pages < 700
    first, middle, last = (page_text(reader, i) for i in (0, pages // 2, pages - 1))
    assert "DAFTAR ANGGOTA" in first and "Halaman 1 dari" in first
    assert f"Halaman {pages // 2 + 1} dari {pages}" in middle and "Simpanan (Rp)" in middle
    assert f"Jumlah {fmt.number(report.total_pokok)} {fmt.number(report.total_wajib)} 0 {fmt.number(report.total)}" \
        in last
    assert f"{COUNT} A-10000 Anggota Nomor 09999" in last and "Sekretaris" in last   # numbers sort as numbers
    for text in (first, middle, last):
        assert not re.search(r"(?<!\d)\d{16}(?!\d)", text)
