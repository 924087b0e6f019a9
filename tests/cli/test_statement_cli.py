"""``kopdesk report neraca|phu|ekuitas|arus-kas|statements|shu|budget`` through a parser built like main's."""

from __future__ import annotations

import pytest

from kopdesk.cli.main import Parser
from kopdesk.cli.statements import add_parsers


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from kopdesk.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "d.kopdesk"
    build_demo(path, seed=1)
    return path


def run(*argv: str) -> int:
    p = Parser(prog="kopdesk")
    sub = p.add_subparsers(dest="command", parser_class=Parser)
    rep = sub.add_parser("report")
    rsub = rep.add_subparsers(dest="report", required=True, parser_class=Parser)
    handlers = add_parsers(rsub, Parser)
    args = p.parse_args(["report", *argv])
    return handlers[args.report](args)


@pytest.mark.parametrize("name", ["neraca", "phu", "ekuitas", "arus-kas", "statements", "shu", "budget"])
@pytest.mark.parametrize("fmt_", ["pdf", "xlsx"])
def test_each_report_writes_a_file(demo_file, tmp_path, name, fmt_, capsys):
    out = tmp_path / f"{name}.{fmt_}"
    year = "2026" if name == "budget" else "2025"
    assert run(name, "-w", str(demo_file), "--year", year, "--out", str(out), "--format", fmt_) == 0
    assert out.stat().st_size > 1000
    assert out.read_bytes()[:4] == (b"%PDF" if fmt_ == "pdf" else b"PK\x03\x04")
    assert "Laporan disimpan" in capsys.readouterr().out


def test_a_period_within_the_year_and_the_slip(demo_file, tmp_path):
    assert run("phu", "-w", str(demo_file), "--year", "2026", "--month-from", "1", "--month-to", "3",
               "--out", str(tmp_path / "q1.pdf"), "--paper", "F4") == 0
    assert run("shu", "-w", str(demo_file), "--year", "2025", "--member", "A-0001",
               "--out", str(tmp_path / "slip.pdf")) == 0


def test_a_year_without_data_exits_2(demo_file, tmp_path, capsys):
    assert run("neraca", "-w", str(demo_file), "--year", "1999", "--out", str(tmp_path / "x.pdf")) == 2
    assert "belum mempunyai data" in capsys.readouterr().err
    assert run("shu", "-w", str(demo_file), "--year", "2026", "--out", str(tmp_path / "s.pdf")) == 2
    assert capsys.readouterr().err.strip()


def test_an_unknown_format_exits_2(demo_file, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        run("neraca", "-w", str(demo_file), "--year", "2025", "--out", str(tmp_path / "x.doc"), "--format", "doc")
    assert exc.value.code == 2
    assert "pilihan tidak sah" in capsys.readouterr().err
