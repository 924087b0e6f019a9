"""The headless commands, run as a user would run them."""

import subprocess
import sys

import pytest

from kopdesk.cli.main import main


def kopdesk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kopdesk", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "d.kopdesk"
    result = kopdesk("demo", "--out", str(path), "--seed", "7")
    assert result.returncode == 0, result.stderr
    assert "File contoh koperasi dibuat" in result.stdout
    return path


def test_demo_then_check_passes(demo_file):
    result = kopdesk("check", "--workspace", str(demo_file))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Hasil: BAIK" in result.stdout
    assert "seimbang" in result.stdout


def test_demo_refuses_to_overwrite(demo_file, capsys):
    assert main(["demo", "--out", str(demo_file)]) == 2
    assert "sudah ada" in capsys.readouterr().err


def test_check_reports_a_foreign_file(tmp_path, capsys):
    f = tmp_path / "catatan.kopdesk"
    f.write_text("halo")
    assert main(["check", "--workspace", str(f)]) == 1
    out = capsys.readouterr().out
    assert "bukan file kerja KopDesk" in out and "MASALAH" in out


def test_backup_makes_a_checked_copy(demo_file, tmp_path, capsys):
    assert main(["backup", "--workspace", str(demo_file), "--out", str(tmp_path / "bk")]) == 0
    [copy] = list((tmp_path / "bk").iterdir())
    assert "sudah diperiksa" in capsys.readouterr().out
    assert main(["check", "--workspace", str(copy)]) == 0


def test_bad_date_is_a_usage_error(demo_file):
    result = kopdesk("report", "trial-balance", "--workspace", str(demo_file), "--date", "25-11-2026",
                     "--out", "x.pdf")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_trial_balance_pdf_from_the_command_line(demo_file, tmp_path):
    out = tmp_path / "neraca-saldo.pdf"
    result = kopdesk("report", "trial-balance", "--workspace", str(demo_file), "--date", "2025-12-31",
                     "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert "NERACA SALDO" in text.upper() and "KSP Sejahtera Mandiri" in text
    assert "Kas" in text and "Simpanan wajib" in text and "Pinjaman anggota" in text
    import datetime as dt

    from kopdesk.services import ledger
    from kopdesk.services.workspace import open_workspace

    with open_workspace(demo_file, readonly=True) as ws:
        tb = ledger.trial_balance(ws, dt.date(2025, 12, 31))
    total = f"{tb.total_debit:,}".replace(",", ".")
    assert tb.balanced and text.count(total) >= 2  # the Jumlah row: debit and credit equal


def test_cash_book_and_ledger_pdfs(demo_file, tmp_path):
    out = tmp_path / "kas.pdf"
    assert main(["report", "cash-book", "-w", str(demo_file), "--from", "2025-01-01", "--to", "2025-01-31",
                 "--out", str(out)]) == 0
    assert "Buku Kas".upper() in pdf_text(out).upper()
    assert main(["report", "ledger", "-w", str(demo_file), "--account", "3-1200", "--from", "2025-01-01",
                 "--to", "2025-03-31", "--out", str(tmp_path / "sw.pdf")]) == 0
    assert main(["report", "cash-book", "-w", str(demo_file), "--account", "3-1200", "--from", "2025-01-01",
                 "--to", "2025-01-31", "--out", str(tmp_path / "x.pdf")]) == 2


def test_import_members_reports_every_error_and_exits_2(tmp_path, capsys):
    from tests.services.test_member_import import register_rows, write_register

    assert main(["demo", "--out", str(tmp_path / "k.kopdesk")]) == 0
    rows = register_rows(20)
    rows[3][2] = "123"
    rows[7][3] = "X"
    write_register(tmp_path / "a.xlsx", rows)
    capsys.readouterr()
    assert main(["import", "members", "-w", str(tmp_path / "k.kopdesk"), str(tmp_path / "a.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "Baris 5: NIK harus 16 digit" in err and "Baris 9, kolom Jenis Kelamin" in err
    rows = register_rows(20)
    write_register(tmp_path / "b.xlsx", rows)
    assert main(["import", "members", "-w", str(tmp_path / "k.kopdesk"), str(tmp_path / "b.xlsx"),
                 "--opening-date", "2026-11-01"]) == 0
    assert "20 anggota diimpor" in capsys.readouterr().out
    assert main(["check", "-w", str(tmp_path / "k.kopdesk")]) == 0
    assert main(["export", "members", "-w", str(tmp_path / "k.kopdesk"), "--out", str(tmp_path / "x.xlsx")]) == 0


def test_member_statement_and_loan_lists_from_the_command_line(demo_file, tmp_path):
    out = tmp_path / "kartu.pdf"
    assert main(["report", "member-statement", "-w", str(demo_file), "--member", "A-0003", "--from", "2025-01-01",
                 "--to", "2025-12-31", "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "A-0003" in text and "Saldo" in text
    assert main(["report", "member-statement", "-w", str(demo_file), "--member", "A-9999", "--from", "2025-01-01",
                 "--to", "2025-12-31", "--out", str(tmp_path / "x.pdf")]) == 1
    for report in ("member-list", "arrears", "collectibility"):
        assert main(["report", report, "-w", str(demo_file), "--out", str(tmp_path / f"{report}.pdf")]) == 0
    assert "PPAP" in pdf_text(tmp_path / "collectibility.pdf")
