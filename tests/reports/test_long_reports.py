"""A year of daily cash entries: the ledger spans many pages, numbered "Halaman X dari Y", header on every page,
and the signatures never stand alone on the last page."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest

from kopdesk import reports
from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.services import ledger
from tests.reports.conftest import NOW, pages_text

YEAR_START, YEAR_END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def cash_entries(books, count: int) -> None:
    """``count`` small receipts and payments through 2026, posted in one go."""
    kas, wajib, atk = books.acct("1-1100"), books.acct("3-1200"), books.acct("6-1200")
    drafts = []
    for n in range(count):
        on = YEAR_START + dt.timedelta(days=n * 365 // count)
        if n % 3 == 2:
            drafts.append(JournalDraft(on, f"Pembelian ATK nota {n:04d}", (LineDraft(atk, debit=25_000 + n),
                                                                          LineDraft(kas, credit=25_000 + n)),
                                       series="KK"))
        else:
            drafts.append(JournalDraft(on, f"Setoran simpanan wajib anggota A-{n:04d}",
                                       (LineDraft(kas, debit=50_000), LineDraft(wajib, credit=50_000)), series="KM"))
    ledger.post_journals(books.ws, drafts, books.admin)


@pytest.mark.slow
def test_long_ledger_spans_pages_with_numbered_footers(books, tmp_path):
    cash_entries(books, 1500)
    report = reports.build_cash_book(books.ws, books.acct("1-1100"), YEAR_START, YEAR_END, now=NOW)
    assert len(report.lines) == 1500 + 6       # plus the six cash entries of the fixture
    balance = report.opening
    for line in report.lines:
        balance += line.debit - line.credit
        assert line.balance == balance
    assert report.closing == balance == report.opening + report.total_debit - report.total_credit

    started = time.perf_counter()
    out = reports.render_pdf(report, tmp_path / "kas-2026.pdf")
    elapsed = time.perf_counter() - started
    pages = pages_text(out)
    total = len(pages)
    assert total >= 20
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {total}" in text
        assert "No. Jurnal" in text and "Penerimaan (Rp)" in text          # the header row repeats
        assert "Dicetak 25 November 2026 14:05" in text
    assert "KSP MAJU BERSAMA" in pages[0] and "KSP MAJU BERSAMA" not in pages[1]  # kop surat on page 1 only
    assert "Saldo awal" in pages[0]
    assert "Saldo akhir" in pages[-1] and "Bendahara" in pages[-1]
    printed = re.findall(r"\b[A-Z]{2}-2026-\d{6}\b", " ".join(pages))
    assert printed == [line.number for line in report.lines]          # every line once, in order, none lost
    assert elapsed < 20, f"rendering 1,500 lines took {elapsed:.1f} s"


@pytest.mark.parametrize("count", range(20, 40, 2))   # one page, last rows held back, page split
def test_signatures_keep_the_last_rows_with_them(books, count):
    """Whatever the length, the page with the signatures also holds the closing rows of the table."""
    cash_entries(books, count)
    report = reports.build_account_ledger(books.ws, books.acct("1-1100"), YEAR_START, YEAR_END, now=NOW)
    pages = pages_text(reports.pdf_bytes(report))
    [signed] = [text for text in pages if "Banjarbaru, 25 November 2026" in text]
    assert signed is pages[-1]
    assert "Jumlah" in signed and "Saldo akhir" in signed and "-2026-0" in signed
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text
