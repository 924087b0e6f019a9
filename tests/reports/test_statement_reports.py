"""Statements, SHU list and slip, budget vs actual: the printed figures (PDF read back with pypdf, .xlsx with
python_calamine) are the services' figures, on the demo cooperative (2023-2025 closed, SHU distributed)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from python_calamine import CalamineWorkbook

from kopdesk import fmt, reports
from kopdesk.domain.errors import ValidationError
from kopdesk.services import shu, statements
from kopdesk.services.workspace import open_workspace
from tests.reports.conftest import pages_text

NOW = dt.datetime(2026, 11, 26, 10, 0)
YEAR = 2025


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from kopdesk.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.kopdesk"
    build_demo(path, seed=1)
    ws = open_workspace(path, readonly=True)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def fs(demo):
    return statements.financial_statements(demo, YEAR)


def n(value: int) -> str:
    return fmt.number(value)


def text_of(report) -> str:
    return " ".join(pages_text(reports.pdf_bytes(report)))


def figures_after(text: str, label: str) -> list[str]:
    m = re.search(re.escape(label) + r" ((?:\(?[\d.]+\)?|-)(?: (?:\(?[\d.]+\)?|-))?)", text)
    assert m, f"{label} not printed"
    return m.group(1).split()


def test_neraca_balances_on_the_printed_page(demo, fs):
    report = reports.build_statement(demo, "neraca", YEAR, now=NOW)
    text = text_of(report)
    bs = fs.balance_sheet
    assert "LAPORAN POSISI KEUANGAN" in text and "Per 31 Desember 2025 dan 2024" in text
    assets = figures_after(text, "JUMLAH ASET")
    passiva = figures_after(text, "JUMLAH LIABILITAS DAN EKUITAS")
    assert assets == passiva == [n(bs.total_assets), n(bs.prior_total_assets)]
    assert figures_after(text, "Jumlah ekuitas") == [n(bs.total_equity), n(bs.prior_total_equity)]
    assert f"({n(-bs.amount('ppap'))})" in text            # the contra-asset in parentheses
    assert "belum ditutup" not in text and "Halaman 1 dari 1" in text
    assert "Ketua" in text and "Bendahara" in text


def test_phu_shu_equals_the_service(demo, fs):
    text = text_of(reports.build_statement(demo, "phu", YEAR, now=NOW))
    phu = fs.income_statement
    assert "Untuk tahun yang berakhir 31 Desember 2025 dan 2024" in text
    assert figures_after(text, "SHU SETELAH PAJAK") == [n(phu.current.shu_setelah_pajak),
                                                       n(phu.prior.shu_setelah_pajak)]
    assert figures_after(text, "Partisipasi neto") == [n(phu.current.partisipasi_neto), n(phu.prior.partisipasi_neto)]
    assert f"({n(phu.current.beban_pokok)})" in text          # a deduction prints in parentheses
    for label in ("Partisipasi bruto", "Beban pokok", "Pendapatan dari non-anggota", "Beban usaha",
                  "Beban perkoperasian", "SHU sebelum pajak", "SHU bagian anggota", "SHU bagian non-anggota"):
        assert label in text


def test_arus_kas_ends_at_kas_and_bank(demo, fs):
    text = text_of(reports.build_statement(demo, "arus-kas", YEAR, now=NOW))
    cash = fs.balance_sheet.amount("kas_bank")
    assert figures_after(text, "KAS DAN BANK AKHIR PERIODE")[0] == n(cash) == n(fs.cash_flow.closing)


def test_equity_statement_closes_at_the_balance_sheet_equity(demo, fs):
    text = text_of(reports.build_statement(demo, "ekuitas", YEAR, now=NOW))
    assert "LAPORAN PERUBAHAN EKUITAS" in text
    assert n(fs.balance_sheet.total_equity) in text and n(fs.equity.shu_of_period) in text


def test_statement_set_has_cover_statements_notes_and_pengawas(demo, fs):
    report = reports.build_statement_set(demo, YEAR, now=NOW)
    pages = pages_text(reports.pdf_bytes(report))
    assert "LAPORAN KEUANGAN TAHUN BUKU 2025" in pages[0]
    text = " ".join(pages)
    for title in ("LAPORAN POSISI KEUANGAN", "LAPORAN PERHITUNGAN HASIL USAHA", "LAPORAN PERUBAHAN EKUITAS",
                  "LAPORAN ARUS KAS", "CATATAN ATAS LAPORAN KEUANGAN"):
        assert title in text
    assert "Mengetahui," in pages[-1] and f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    assert n(fs.notes.loans.outstanding) in text and n(fs.notes.shu) in text


def test_an_open_year_is_marked_and_a_period_within_the_year(demo):
    text = text_of(reports.build_statement(demo, "phu", 2026, 1, 3, now=NOW))
    assert "Tahun buku 2026 belum ditutup" in text and "Januari - Maret 2026" in text


def test_a_year_without_data_is_refused(demo):
    with pytest.raises(ValidationError, match="belum mempunyai data"):
        reports.build_statement(demo, "neraca", 1999)


def test_statement_set_xlsx_has_the_same_figures(demo, fs):
    buffer = io.BytesIO()
    reports.write_statement_xlsx(reports.build_statement_set(demo, YEAR, now=NOW), buffer)
    wb = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    assert wb.sheet_names == ["Posisi Keuangan", "PHU", "Perubahan Ekuitas", "Arus Kas", "Catatan"]

    def row(sheet: str, label: str) -> list:
        found = [r for r in wb.get_sheet_by_name(sheet).to_python() if r and r[0] == label]
        assert found, label
        return [int(v) for v in found[0][1:3]]

    bs = fs.balance_sheet
    assert row("Posisi Keuangan", "JUMLAH ASET") == row("Posisi Keuangan", "JUMLAH LIABILITAS DAN EKUITAS") == [
        bs.total_assets, bs.prior_total_assets]
    assert row("PHU", "SHU SETELAH PAJAK")[0] == fs.income_statement.current.shu_setelah_pajak
    assert row("Arus Kas", "KAS DAN BANK AKHIR PERIODE")[0] == bs.amount("kas_bank")


def test_shu_list_totals_equal_the_member_pools(demo):
    lst = shu.shu_list(demo, YEAR)
    report = reports.build_shu_list(demo, YEAR, now=NOW)
    pages = pages_text(reports.pdf_bytes(report, orientation="landscape"))
    text = " ".join(pages)
    assert "DAFTAR PEMBAGIAN SHU" in text and len(report.rows) == len(lst.rows)
    jm, ju = lst.pool("jasa_modal"), lst.pool("jasa_usaha")
    assert report.total_jasa_modal + report.total_jasa_usaha + report.residue == jm + ju
    printed = figures_after(pages[-1], "Jumlah")
    assert printed[:2] == [n(lst.total_savings), n(lst.total_transactions)]
    assert f"{n(lst.total_jasa_modal)} {n(lst.total_jasa_usaha)} {n(lst.total_shares)}" in pages[-1]
    assert f"{n(jm)} {n(ju)} {n(jm + ju)}" in pages[-1]
    # the .xlsx
    buffer = io.BytesIO()
    reports.write_shu_list_xlsx(report, buffer)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_name("Daftar SHU").to_python()
    total = next(r for r in rows if r[2] == "Jumlah")
    assert [int(v) for v in total[6:9]] == [lst.total_jasa_modal, lst.total_jasa_usaha, lst.total_shares]
    members = [r for r in rows if isinstance(r[0], float) and r[1]]
    assert len(members) == len(lst.rows)


def test_shu_slip_shows_the_shares_in_words(demo):
    row = shu.shu_list(demo, YEAR).rows[0]
    text = text_of(reports.build_shu_slip(demo, YEAR, row.member_id, now=NOW))
    assert row.number in text and row.name in text
    assert n(row.jasa_modal) in text and n(row.jasa_usaha) in text and n(row.total) in text
    assert fmt.terbilang(row.total) in text
    assert "simpanan sukarela" in text or "tunai" in text.lower()


def test_budget_report(demo):
    report = reports.build_budget_report(demo, 2026, dt.date(2026, 10, 31), now=NOW)
    text = text_of(report)
    assert "REALISASI ANGGARAN" in text and n(report.shu_actual) in text
    buffer = io.BytesIO()
    reports.write_budget_xlsx(report, buffer)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_name(
        "Realisasi Anggaran").to_python()
    assert int(rows[-1][3]) == report.shu_actual
