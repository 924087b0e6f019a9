"""formats.md §3: `kopdesk loan schedule`."""

import json
import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "kopdesk", *args], capture_output=True, text=True, timeout=60)


def test_loan_schedule_formats_example():
    r = run("loan", "schedule", "--principal", "9000000", "--months", "12", "--rate", "1", "--method", "flat")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["metode"] == "flat" and out["pokok"] == 9_000_000 and out["tenor"] == 12
    assert out["bunga_per_bulan"] == 1
    assert out["angsuran"][0] == {"ke": 1, "pokok": 750000, "jasa": 90000, "jumlah": 840000, "sisa_pokok": 8250000}
    assert (out["total_pokok"], out["total_jasa"], out["total_angsuran"]) == (9_000_000, 1_080_000, 10_080_000)
    assert out["bunga_efektif_per_bulan"] == 1.7881


def test_loan_schedule_annuity_and_rounding():
    out = json.loads(run("loan", "schedule", "--principal", "12000000", "--months", "12", "--rate", "1.5",
                         "--method", "annuity").stdout)
    assert {a["jumlah"] for a in out["angsuran"]} == {1_100_160} and out["total_jasa"] == 1_201_920
    out = json.loads(run("loan", "schedule", "--principal", "10000000", "--months", "10", "--rate", "2",
                         "--method", "declining", "--round-to", "1000").stdout)
    assert all(a["jumlah"] % 1000 == 0 for a in out["angsuran"][:-1])
    assert out["total_pokok"] == 10_000_000 and out["angsuran"][-1]["sisa_pokok"] == 0


def test_bad_input_exits_2_with_one_indonesian_line_and_no_stdout():
    r = run("loan", "schedule", "--principal", "-5", "--months", "12", "--rate", "1", "--method", "flat")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("galat: pokok pinjaman harus lebih dari nol")
    r = run("loan", "schedule", "--principal", "1000", "--months", "12", "--rate", "1", "--method", "bulanan")
    assert r.returncode == 2 and r.stdout == "" and "--method harus flat, declining atau annuity" in r.stderr
    r = run("loan", "schedule", "--principal", "1000")
    assert r.returncode == 2 and r.stdout == "" and "galat: argumen ini wajib diisi" in r.stderr
