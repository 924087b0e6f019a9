"""formats.md §1: ``kopdesk health score FILE.json`` and ``kopdesk health predicate SCORE...``.

Until kopdesk/cli/main.py registers the commands, the tests drive them through a parser built exactly as main.py
will (``health.add_parsers(sub, Parser)``); the subprocess test at the end runs once the wiring is in place.
"""

import copy
import io
import json
import subprocess
import sys

import pytest

from kopdesk.cli import health
from kopdesk.cli import main as cli_main

EXAMPLE = {
    "metode": "perdep06_2016",
    "opsi": {"tabel_5b": "B"},
    "koperasi": "KSP Maju Bersama",
    "tahun": 2024,
    "masukan": {
        "modal_sendiri": 415000000, "total_aset": 1450000000, "pinjaman_berisiko": 250000000,
        "modal_tertimbang": 925000000, "atmr": 1294000000,
        "volume_pinjaman": 1560000000, "volume_pinjaman_anggota": 1500000000,
        "pinjaman_diberikan": 1240000000, "risiko_pinjaman_bermasalah": 59000000, "cadangan_risiko": 35000000,
        "beban_operasi_anggota": 220000000, "partisipasi_bruto": 285000000,
        "beban_usaha": 127000000, "shu_kotor": 210000000, "biaya_karyawan": 70000000,
        "kas_bank": 150000000, "kewajiban_lancar": 875000000, "dana_diterima": 1380000000,
        "shu_sebelum_pajak": 75000000, "shu_bagian_anggota": 24000000,
        "partisipasi_neto": 200000000, "beban_perkoperasian": 8000000,
        "pendapatan": 10000000, "pea": 30000000, "simpanan_pokok_wajib": 300000000,
    },
    "manajemen": {"umum": 10, "kelembagaan": 5, "permodalan": 3, "aktiva": 7, "likuiditas": 4},
    "rasio": {},
    "nilai_manual": {},
}

# spec §1.2.7 with table 5b version B (the default): (rasio, nilai, bobot, skor)
KOMPONEN_B = {
    "1a": (28.62, 50, 6, 3.0), "1b": (166.0, 100, 6, 6.0), "1c": (71.48, 100, 3, 3.0),
    "2a": (96.15, 100, 10, 10.0), "2b": (4.76, 80, 5, 4.0), "2c": (59.32, 60, 5, 3.0), "2d": (20.16, 100, 5, 5.0),
    "3": (None, None, 15, 11.3), "4a": (77.19, 100, 4, 4.0), "4b": (60.48, 50, 4, 2.0), "4c": (4.49, 100, 2, 2.0),
    "5a": (17.14, 50, 10, 5.0), "5b": (89.86, 100, 5, 5.0), "6a": (5.17, 50, 3, 1.5), "6b": (5.78, 100, 3, 3.0),
    "6c": (148.15, 100, 4, 4.0), "7a": (96.61, 100, 7, 7.0), "7b": (10.0, 100, 3, 3.0),
}
ASPEK_B = {
    "permodalan": {"skor": 12.0, "bobot": 15, "persen": 80.0, "predikat": "Sehat"},
    "kualitas_aktiva_produktif": {"skor": 22.0, "bobot": 25, "persen": 88.0, "predikat": "Sehat"},
    "manajemen": {"skor": 11.3, "bobot": 15, "persen": 75.33, "predikat": "Cukup Sehat"},
    "efisiensi": {"skor": 8.0, "bobot": 10, "persen": 80.0, "predikat": "Sehat"},
    "likuiditas": {"skor": 10.0, "bobot": 15, "persen": 66.67, "predikat": "Cukup Sehat"},
    "kemandirian_pertumbuhan": {"skor": 8.5, "bobot": 10, "persen": 85.0, "predikat": "Sehat"},
    "jatidiri": {"skor": 10.0, "bobot": 10, "persen": 100.0, "predikat": "Sehat"},
}


@pytest.fixture(scope="module")
def parser():
    p = cli_main.Parser(prog="kopdesk")
    sub = p.add_subparsers(dest="command", metavar="PERINTAH", parser_class=cli_main.Parser)
    p.set_defaults(dispatch=health.add_parsers(sub, cli_main.Parser))
    return p


@pytest.fixture
def kopdesk(parser, capsys):
    """Run ``kopdesk <argv>``: returns (exit code, stdout, stderr)."""

    def run(*argv):
        args = parser.parse_args(list(argv))
        code = args.dispatch(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def score(kopdesk, tmp_path):
    """``kopdesk health score FILE`` on a document; returns (exit code, parsed JSON or None, stderr)."""

    def run(doc):
        f = tmp_path / "penilaian.json"
        f.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
        code, out, err = kopdesk("health", "score", str(f))
        return code, (json.loads(out) if out else None), err

    return run


def with_(**changes):
    doc = copy.deepcopy(EXAMPLE)
    for key, value in changes.items():
        if key in EXAMPLE["masukan"]:
            doc["masukan"][key] = value
        else:
            doc[key] = value
    return doc


def assert_bad(code, out, err, *fragments):
    assert code == 2 and out in (None, ""), out
    assert err.startswith("galat: ") and err.count("\n") == 1 and err.endswith("\n"), err
    for f in fragments:
        assert f in err, (f, err)


# ------------------------------------------------------------------------------------------------ worked example


def test_worked_example_json_exactly(score):
    code, out, err = score(EXAMPLE)
    assert code == 0 and err == ""
    assert list(out) == ["metode", "tahun", "komponen", "aspek", "total", "predikat", "lengkap", "kurang"]
    assert out["metode"] == "perdep06_2016" and out["tahun"] == 2024
    assert out["komponen"] == {k: dict(zip(("rasio", "nilai", "bobot", "skor"), v, strict=True))
                               for k, v in KOMPONEN_B.items()}
    assert list(out["komponen"]) == list(KOMPONEN_B)
    assert out["aspek"] == ASPEK_B and list(out["aspek"]) == list(ASPEK_B)
    assert (out["total"], out["predikat"], out["lengkap"], out["kurang"]) == (81.8, "Sehat", True, [])


def test_json_numbers_are_printed_as_in_formats_md(kopdesk, tmp_path):
    f = tmp_path / "p.json"
    f.write_text(json.dumps(EXAMPLE))
    _, out, _ = kopdesk("health", "score", str(f))
    assert '"1a": {"rasio": 28.62, "nilai": 50, "bobot": 6, "skor": 3.0}' in out
    assert '"3": {"rasio": null, "nilai": null, "bobot": 15, "skor": 11.3}' in out
    assert '"permodalan": {"skor": 12.0, "bobot": 15, "persen": 80.0, "predikat": "Sehat"}' in out
    assert '"total": 81.8, "predikat": "Sehat", "lengkap": true, "kurang": []' in out


def test_table_5b_version_a_reproduces_80_55(score):
    _, out, _ = score(with_(opsi={"tabel_5b": "A"}))
    assert out["komponen"]["5b"] == {"rasio": 89.86, "nilai": 75, "bobot": 5, "skor": 3.75}
    assert out["aspek"]["likuiditas"] == {"skor": 8.75, "bobot": 15, "persen": 58.33, "predikat": "Dalam Pengawasan"}
    assert out["total"] == 80.55 and out["predikat"] == "Sehat"


def test_defaults_are_perdep_2016_and_table_b(score):
    doc = with_()
    del doc["metode"], doc["opsi"], doc["rasio"], doc["nilai_manual"]
    _, out, _ = score(doc)
    assert out["metode"] == "perdep06_2016" and out["total"] == 81.8


def test_stdin(kopdesk, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(EXAMPLE)))
    code, out, _ = kopdesk("health", "score", "-")
    assert code == 0 and json.loads(out)["total"] == 81.8


def test_38_answers_instead_of_counts(score):
    answers = [False] * 38
    for number in [*range(1, 11), *range(13, 18), 19, 20, 21, *range(24, 31), 34, 35, 36, 37]:
        answers[number - 1] = True
    _, out, _ = score(with_(manajemen={"jawaban": answers}))
    assert out["komponen"]["3"]["skor"] == 11.3 and out["total"] == 81.8


def test_permen_2009(score):
    _, out, _ = score(with_(metode="permen14_2009"))
    assert out["metode"] == "permen14_2009"
    assert out["komponen"]["1b"] == {"rasio": 166.0, "nilai": 100, "bobot": 6, "skor": 6.0}
    assert out["komponen"]["2b"] == {"rasio": 4.76, "nilai": 90, "bobot": 5, "skor": 4.5}
    assert out["komponen"]["2c"] == {"rasio": 59.32, "nilai": 59, "bobot": 5, "skor": 2.95}
    assert out["total"] == 82.25 and out["predikat"] == "Sehat"
    assert out["aspek"]["kualitas_aktiva_produktif"]["skor"] == 22.45


# ------------------------------------------------------------------------------------------------ special cases


def test_zero_problem_loans_gives_2c_nilai_100_without_a_ratio(score):
    _, out, _ = score(with_(risiko_pinjaman_bermasalah=0))
    assert out["komponen"]["2c"] == {"rasio": None, "nilai": 100, "bobot": 5, "skor": 5.0}
    assert out["komponen"]["2b"] == {"rasio": 0.0, "nilai": 100, "bobot": 5, "skor": 5.0}
    assert out["lengkap"] is True and out["total"] == 84.8


def test_zero_risky_loans_gives_1b_nilai_100(score):
    _, out, _ = score(with_(pinjaman_berisiko=0))
    assert out["komponen"]["1b"] == {"rasio": None, "nilai": 100, "bobot": 6, "skor": 6.0}
    assert out["komponen"]["2d"]["nilai"] == 100 and out["lengkap"] is True


def test_other_zero_denominator_needs_a_manual_nilai(score):
    _, out, _ = score(with_(shu_kotor=0))
    assert out["komponen"]["4b"] == {"rasio": None, "nilai": None, "bobot": 4, "skor": None}
    assert out["lengkap"] is False and out["kurang"] == ["nilai_manual.4b"] and out["total"] == 79.8
    _, out, _ = score(with_(shu_kotor=0, nilai_manual={"4b": {"nilai": 50, "alasan": "SHU kotor nol"}}))
    assert out["komponen"]["4b"] == {"rasio": None, "nilai": 50, "bobot": 4, "skor": 2.0}
    assert out["lengkap"] is True and out["total"] == 81.8


def test_incomplete_input_lists_what_is_missing(score):
    doc = with_()
    del doc["masukan"]["pinjaman_berisiko"], doc["manajemen"]
    _, out, _ = score(doc)
    assert out["lengkap"] is False and out["kurang"] == ["pinjaman_berisiko", "manajemen"]
    for code in ("1b", "2d", "3"):
        assert out["komponen"][code]["skor"] is None and out["komponen"][code]["rasio"] is None
    assert out["total"] == 59.5 and len(out["komponen"]) == 18
    assert out["aspek"]["manajemen"] == {"skor": 0.0, "bobot": 15, "persen": 0.0, "predikat": "Dalam Pengawasan Khusus"}


def test_partial_management_and_null_inputs(score):
    doc = with_(manajemen={"umum": 10, "kelembagaan": 5, "permodalan": 3, "aktiva": 7, "likuiditas": None})
    doc["masukan"]["pea"] = None
    _, out, _ = score(doc)
    assert out["kurang"] == ["manajemen.likuiditas", "pea"]


def test_ratio_given_directly(score):
    _, out, _ = score(with_(rasio={"1b": 112, "6a": 12.5}))
    assert out["komponen"]["1b"] == {"rasio": 112.0, "nilai": 100, "bobot": 6, "skor": 6.0}
    assert out["komponen"]["6a"] == {"rasio": 12.5, "nilai": 100, "bobot": 3, "skor": 3.0}
    doc = with_(rasio={"1b": 112})
    del doc["masukan"]["pinjaman_berisiko"]
    _, out, _ = score(doc)
    assert out["komponen"]["1b"]["skor"] == 6.0 and out["kurang"] == ["pinjaman_berisiko"]   # still needed by 2d


def test_bands_use_the_unrounded_ratio_but_rasio_is_shown_rounded(score):
    _, out, _ = score(with_(pinjaman_diberikan=79996, dana_diterima=100000))
    assert out["komponen"]["5b"]["rasio"] == 80.0 and out["komponen"]["5b"]["nilai"] == 75


# ------------------------------------------------------------------------------------------------ several years


def test_several_years_and_the_mean(score):
    y2023 = with_(tahun=2023, opsi={"tabel_5b": "A"})
    y2024 = with_(tahun=2024)
    code, out, _ = score({"metode": "perdep06_2016", "tahun": [y2023, y2024]})
    assert code == 0 and list(out) == ["metode", "tahun", "rata_rata", "predikat_rata_rata"]
    assert [y["tahun"] for y in out["tahun"]] == [2023, 2024]
    assert [y["total"] for y in out["tahun"]] == [80.55, 81.8]
    assert out["rata_rata"] == 81.18 and out["predikat_rata_rata"] == "Sehat"     # 81.175 half-up
    assert all(set(y) == {"metode", "tahun", "komponen", "aspek", "total", "predikat", "lengkap", "kurang"}
               for y in out["tahun"])


def test_several_years_under_one_method_only(score):
    y = with_(tahun=2023)
    code, out, err = score({"metode": "perdep06_2016", "tahun": [y, with_(tahun=2024, metode="permen14_2009")]})
    assert_bad(code, out, err, "tahun 2024: metode permen14_2009 berbeda")


def test_several_years_problems_name_the_year(score):
    bad = with_(tahun=2023, total_aset=-1)
    code, out, err = score({"tahun": [bad, {"masukan": {"kas_bank": "banyak"}}]})
    assert_bad(code, out, err, "tahun 2023: masukan.total_aset tidak boleh negatif",
               "tahun ke-2: masukan.kas_bank harus angka")


# ------------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("doc,fragments", [
    (with_(total_aset=-1), ["masukan.total_aset tidak boleh negatif (tertulis -1)"]),
    (with_(rasio={"9z": 5}), ["rasio: komponen '9z' tidak dikenal"]),
    (with_(rasio={"3": 5}), ["rasio.3:"]),
    (with_(rasio={"1a": -5}), ["rasio.1a tidak boleh negatif"]),
    (with_(manajemen={"umum": 13, "kelembagaan": 5, "permodalan": 3, "aktiva": 7, "likuiditas": 4}),
     ["manajemen.umum harus 0 sampai 12 (tertulis 13)"]),
    (with_(manajemen={"umum": 2.5}), ["manajemen.umum harus bilangan bulat"]),
    (with_(manajemen={"umum": 10, "keuangan": 1}), ["manajemen.keuangan tidak dikenal"]),
    (with_(manajemen={"jawaban": [True] * 37}), ["manajemen.jawaban harus 38 jawaban"]),
    (with_(manajemen={"jawaban": [True] * 37 + ["ya"]}), ["manajemen.jawaban nomor 38 harus true atau false"]),
    (with_(manajemen={"jawaban": [True] * 38, "umum": 3}), ["bukan keduanya"]),
    (with_(nilai_manual={"4b": {"nilai": 50}}), ["nilai_manual.4b.alasan wajib diisi"]),
    (with_(nilai_manual={"4b": {"nilai": 50, "alasan": "   "}}), ["nilai_manual.4b.alasan wajib diisi"]),
    (with_(nilai_manual={"4b": {"nilai": 60, "alasan": "x"}}), ["nilai_manual.4b.nilai harus salah satu dari"]),
    (with_(nilai_manual={"4b": {"alasan": "x"}}), ["nilai_manual.4b.nilai wajib diisi"]),
    (with_(nilai_manual={"8a": {"nilai": 50, "alasan": "x"}}), ["nilai_manual: komponen '8a' tidak dikenal"]),
    (with_(kas_bank="150000000"), ["masukan.kas_bank harus angka"]),
    (with_(kas_bank=True), ["masukan.kas_bank harus angka"]),
    ({**with_(), "masukan": {"modal_sendri": 1}}, ["masukan.modal_sendri tidak dikenal"]),
    (with_(metode="kkpkk_2021"), ["metode harus perdep06_2016 atau permen14_2009"]),
    (with_(opsi={"tabel_5b": "C"}), ["opsi.tabel_5b harus \"A\" atau \"B\""]),
    (with_(opsi={"tabel_6c": "A"}), ["opsi.tabel_6c tidak dikenal"]),
    (with_(tahun="2024"), ["tahun harus bilangan bulat"]),
    (with_(masukan=[1, 2]), ["masukan harus objek JSON"]),
    ({"tahun": []}, ["tahun: daftar tahun kosong"]),
    ([1, 2], ["berkas harus berisi satu objek JSON"]),
    ("{not json", ["bukan JSON yang sah"]),
    ('{"masukan": {"kas_bank": NaN}}', ["NaN bukan angka"]),
])
def test_bad_input_exits_2_with_one_galat_line_and_no_stdout(score, doc, fragments):
    code, out, err = score(doc)
    assert_bad(code, out, err, *fragments)


def test_every_problem_on_the_one_line(score):
    code, out, err = score(with_(total_aset=-1, rasio={"9z": 5}, nilai_manual={"4b": {"nilai": 50}},
                                 manajemen={"umum": 13}))
    assert_bad(code, out, err, "masukan.total_aset", "rasio: komponen '9z'", "nilai_manual.4b.alasan",
               "manajemen.umum")


def test_missing_file(kopdesk, tmp_path):
    code, out, err = kopdesk("health", "score", str(tmp_path / "tidak-ada.json"))
    assert_bad(code, out, err, "FILE: berkas", "tidak ditemukan")


def test_a_loss_is_not_bad_input(score):
    code, out, _ = score(with_(shu_sebelum_pajak=-15000000))
    assert code == 0 and out["komponen"]["6a"] == {"rasio": -1.03, "nilai": 25, "bobot": 3, "skor": 0.75}


# ------------------------------------------------------------------------------------------------ health predicate


@pytest.mark.parametrize("argv,expected", [
    (["62.47"], {"rata_rata": 62.47, "predikat": "Dalam Pengawasan"}),
    (["80"], {"rata_rata": 80.0, "predikat": "Sehat"}),
    (["79.99"], {"rata_rata": 79.99, "predikat": "Cukup Sehat"}),
    (["66"], {"rata_rata": 66.0, "predikat": "Cukup Sehat"}),
    (["51"], {"rata_rata": 51.0, "predikat": "Dalam Pengawasan"}),
    (["50.99"], {"rata_rata": 50.99, "predikat": "Dalam Pengawasan Khusus"}),
    (["67.70", "62.45", "67.80"], {"rata_rata": 65.98, "predikat": "Dalam Pengawasan"}),
    (["65.96", "65.97"], {"rata_rata": 65.97, "predikat": "Dalam Pengawasan"}),
    (["79.99", "80"], {"rata_rata": 80.0, "predikat": "Sehat"}),
    (["62.47", "--metode", "permen14_2009"], {"rata_rata": 62.47, "predikat": "Cukup Sehat"}),
    (["--metode", "permen14_2009", "19.99"], {"rata_rata": 19.99, "predikat": "Sangat Tidak Sehat"}),
    (["39.99", "--metode", "permen14_2009"], {"rata_rata": 39.99, "predikat": "Tidak Sehat"}),
    (["40", "--metode", "permen14_2009"], {"rata_rata": 40.0, "predikat": "Kurang Sehat"}),
])
def test_health_predicate(kopdesk, argv, expected):
    code, out, err = kopdesk("health", "predicate", *argv)
    assert code == 0 and err == "" and json.loads(out) == expected and list(json.loads(out)) == list(expected)


@pytest.mark.parametrize("argv,fragment", [
    (["abc"], "SKOR harus angka"), (["100.5"], "SKOR harus 0 sampai 100"), (["-1"], "SKOR harus 0 sampai 100"),
    (["60", "--metode", "kkpkk"], "--metode harus perdep06_2016 atau permen14_2009"),
])
def test_health_predicate_bad_input(kopdesk, argv, fragment):
    code, out, err = kopdesk("health", "predicate", *argv)
    assert_bad(code, out, err, fragment)


# ------------------------------------------------------------------------------------------------ end to end


def test_end_to_end_through_python_m_kopdesk(tmp_path):
    f = tmp_path / "p.json"
    f.write_text(json.dumps(EXAMPLE))
    r = subprocess.run([sys.executable, "-m", "kopdesk", "health", "score", str(f)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and json.loads(r.stdout)["total"] == 81.8
    r = subprocess.run([sys.executable, "-m", "kopdesk", "health", "predicate", "62.47"], capture_output=True,
                       text=True, timeout=60)
    assert json.loads(r.stdout) == {"rata_rata": 62.47, "predikat": "Dalam Pengawasan"}
    f.write_text(json.dumps(with_(total_aset=-1)))
    r = subprocess.run([sys.executable, "-m", "kopdesk", "health", "score", str(f)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2 and r.stdout == "" and r.stderr.startswith("galat: masukan.total_aset")
