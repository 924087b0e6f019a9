"""``kopdesk report rat`` and ``kopdesk report ods`` on the demo cooperative; bad input exits 2 in Indonesian."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from kopdesk.cli.main import main


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from kopdesk.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.kopdesk"
    build_demo(path, seed=1)
    return path


def test_report_rat_writes_the_book(demo, tmp_path, capsys):
    out = tmp_path / "buku.pdf"
    assert main(["report", "rat", "--workspace", str(demo), "--year", "2025", "--out", str(out),
                 "--paper", "F4"]) == 0
    reader = PdfReader(out)
    assert len(reader.pages) >= 20 and "DAFTAR ISI" in reader.pages[1].extract_text()
    assert round(float(reader.pages[1].mediabox.height) / 72 * 25.4) == 330
    assert "Laporan disimpan" in capsys.readouterr().out


def test_report_ods_pdf_and_xlsx(demo, tmp_path):
    assert main(["report", "ods", "--workspace", str(demo), "--year", "2025", "--out", str(tmp_path / "o.pdf")]) == 0
    assert len(PdfReader(tmp_path / "o.pdf").pages) == 1
    assert main(["report", "ods", "--workspace", str(demo), "--year", "2025", "--out", str(tmp_path / "o.xlsx")]) == 0
    assert (tmp_path / "o.xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("args, message", [
    (["report", "rat", "--year", "2019", "--out", "x.pdf"], "belum mempunyai data"),
    (["report", "rat", "--year", "2025", "--out", "x.docx"], "hanya tersedia sebagai PDF"),
    (["report", "ods", "--year", "2025", "--out", "x.txt"], ".pdf atau .xlsx"),
])
def test_bad_input_exits_2(demo, tmp_path, capsys, args, message):
    args = [a if a not in ("x.pdf", "x.docx", "x.txt") else str(tmp_path / a) for a in args]
    assert main([*args[:2], "--workspace", str(demo), *args[2:]]) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_missing_workspace_exits_2(tmp_path, capsys):
    assert main(["report", "rat", "--workspace", str(tmp_path / "tidak-ada.kopdesk"), "--year", "2025",
                 "--out", str(tmp_path / "b.pdf")]) == 2
    assert capsys.readouterr().err.strip()
