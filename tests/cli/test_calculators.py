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


SHU_INPUT = {
    "shu": 60000000, "shu_non_anggota": 0,
    "alokasi": {"cadangan": 40, "jasa_modal": 20, "jasa_usaha": 20, "dana_pengurus": 5, "dana_karyawan": 5,
                "dana_pendidikan": 5, "dana_sosial": 2.5, "dana_pembangunan_daerah_kerja": 2.5},
    "total_simpanan": 300000000, "total_transaksi": 285000000, "pembulatan": 1,
    "anggota": [{"id": "A-0001", "nama": "Siti", "simpanan": 3000000, "transaksi": 1425000}],
}


def shu(data, tmp_path):
    f = tmp_path / "shu.json"
    f.write_text(json.dumps(data))
    return run("shu", "compute", str(f))


def test_shu_compute_formats_example(tmp_path):
    r = shu(SHU_INPUT, tmp_path)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["shu"] == 60_000_000
    assert out["pos"]["cadangan"] == 24_000_000 and out["pos"]["dana_pembangunan_daerah_kerja"] == 1_500_000
    assert out["tarif_jasa_modal"] == 0.04 and out["tarif_jasa_usaha"] == 0.042105
    assert out["anggota"] == [{"id": "A-0001", "nama": "Siti", "jasa_modal": 120000, "jasa_usaha": 60000,
                               "jumlah": 180000}]
    assert out["total_dibagikan"] == 180_000 and out["selisih_pembulatan"] == 0


def test_shu_compute_stdin_and_residue(tmp_path):
    data = {**SHU_INPUT, "pembulatan": 1000, "anggota": [
        {"id": "A", "nama": "A", "simpanan": 1, "transaksi": 1}, {"id": "B", "nama": "B", "simpanan": 2,
                                                                  "transaksi": 2}]}
    del data["total_simpanan"], data["total_transaksi"]
    r = subprocess.run([sys.executable, "-m", "kopdesk", "shu", "compute", "-"], input=json.dumps(data),
                       capture_output=True, text=True, timeout=60)
    out = json.loads(r.stdout)
    assert [a["jasa_modal"] for a in out["anggota"]] == [4_000_000, 8_000_000]
    assert out["selisih_pembulatan"] == 0


def test_shu_bad_input(tmp_path):
    r = shu({**SHU_INPUT, "alokasi": {**SHU_INPUT["alokasi"], "cadangan": 35}}, tmp_path)
    assert r.returncode == 2 and r.stdout == "" and r.stderr == "galat: alokasi berjumlah 95, harus 100\n"
    r = shu({**SHU_INPUT, "shu": "60000000"}, tmp_path)
    assert r.returncode == 2 and r.stdout == "" and r.stderr.startswith("galat: shu harus angka")
