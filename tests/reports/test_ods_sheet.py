"""The ODS sheet (spec §8.5) of the demo cooperative's last closed year: one page; the printed and the .xlsx figures
are the statements' and the loan notes' figures."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from kopdesk import fmt
from kopdesk.reports.ods_sheet import build_ods, ods_pdf, ods_xlsx
from kopdesk.services import closing, statements
from kopdesk.services.workspace import open_workspace
from tests.reports.conftest import pages_text


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from kopdesk.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.kopdesk"
    build_demo(path, seed=1)
    ws = open_workspace(path, readonly=True)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def year(demo):
    return max(c.year for c in closing.closings(demo))


def test_one_page_with_the_statements_figures(demo, year):
    fs = statements.financial_statements(demo, year)
    bs, phu, notes = fs.balance_sheet, fs.income_statement.current, fs.notes
    pdf = ods_pdf(demo, year, io.BytesIO()).getvalue()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = pages_text(pdf)[0]
    assert f"Modal sendiri (ekuitas) {fmt.rupiah(bs.total_equity)}" in text
    assert f"Modal luar (liabilitas) {fmt.rupiah(bs.total_liabilities)}" in text
    assert f"Total aset {fmt.rupiah(bs.total_assets)}" in text
    assert f"SHU setelah pajak {fmt.rupiah(phu.shu_setelah_pajak)}" in text
    assert bs.total_equity + bs.total_liabilities == bs.total_assets
    assert f"Jumlah anggota {notes.members} orang" in text
    assert fmt.rupiah(notes.loans.outstanding) in text
    assert f"Jumlah simpanan {fmt.rupiah(sum(s.amount for s in notes.savings))}" in text
    for c in notes.loans.classes:
        assert fmt.rupiah(c.outstanding) in text


def test_the_xlsx_holds_the_same_numbers(demo, year):
    report = build_ods(demo, year)
    data = ods_xlsx(demo, year, io.BytesIO()).getvalue()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("ODS").to_python()
    values = {r[0]: r[1] for r in rows if r and r[0]}
    fs = statements.financial_statements(demo, year)
    assert values["Total aset"] == fs.balance_sheet.total_assets
    assert values["Modal sendiri (ekuitas)"] == fs.balance_sheet.total_equity
    assert values["SHU setelah pajak"] == fs.income_statement.current.shu_setelah_pajak
    assert values["Jumlah anggota"] == report.line("Jumlah anggota").value == fs.notes.members
    assert values["Anggota laki-laki"] + values["Anggota perempuan"] == fs.notes.members
