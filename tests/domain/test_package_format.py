"""The .kopdesk-paket format: seal, canonical bytes, and every way a file can be wrong, refused in Indonesian."""

from __future__ import annotations

import copy
import hashlib
import json
import random

import pytest

from kopdesk.domain import package as pk
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health.inputs import Inputs

INPUTS = {"modal_sendiri": "415000000", "total_aset": "1450000000", "modal_tertimbang": "925000000.5",
          "risiko_pinjaman_bermasalah": "59000000.00", "pea": None}


def content() -> dict:
    """A small but complete package content (the figures of spec §1.2.7's worked example where they exist)."""
    return {
        "koperasi": {"nama": "KSP Maju Bersama", "nomor_badan_hukum": "188.4/123/BH/XIX/2015",
                     "tanggal_badan_hukum": "2015-03-02", "nik_koperasi": "6372030120000099", "nib": "",
                     "npwp": "", "alamat": "Jl. A. Yani Km 33 No. 12", "desa": "Loktabat Utara",
                     "kecamatan": "Banjarbaru Utara", "kabupaten_kota": "Kota Banjarbaru",
                     "provinsi": "Kalimantan Selatan", "kode_pos": "70714", "telepon": "", "email": "",
                     "jenis": "KSP"},
        "periode": {"mulai": "2024-01-01", "akhir": "2024-12-31"},
        "pengurus": [{"kelompok": "pengurus", "jabatan": "Ketua", "nama": "H. Abdul Rahman", "telepon": "",
                      "mulai_jabatan": "2022-03-20", "akhir_jabatan": "2027-03-19"}],
        "keanggotaan": {"per_tanggal": "2024-12-31", "laki_laki": 110, "perempuan": 120, "jumlah": 230},
        "laporan_keuangan": {"posisi_keuangan": {"jumlah_aset": 1_450_000_000}, "hasil_usaha": {},
                             "perubahan_ekuitas": {}, "arus_kas": {}},
        "kolektibilitas": {"tahun_ini": None},
        "simpanan": {"per_jenis": {"pokok": 23_000_000, "wajib": 277_000_000}},
        "shu": {"jumlah": 75_000_000, "alokasi": [{"pos": "cadangan", "persen": "40", "jumlah": 30_000_000}]},
        "rat": {"tanggal": "2025-03-15", "status": "selesai", "terdaftar": 230, "hadir": 131, "kuorum_tercapai": True,
                "keputusan": [{"nomor": "01/RAT/2025", "judul": "Pengesahan LPJ pengurus"}]},
        "kesehatan": {"metode": "perdep06_2016",
                      "masukan": {n: {"nilai": INPUTS.get(n), "penjelasan": f"uji {n}", "sumber": []}
                                  for n in Inputs().as_dict()}},
    }


def sealed(c: dict | None = None, year: int = 2024) -> tuple[pk.Package, bytes]:
    return pk.build(year, c or content(), kopdesk_version="0.1.0", created_at="2025-04-02T10:15:00",
                    created_by="Siti Rahmah")


def message(data: bytes) -> str:
    with pytest.raises(ValidationError) as exc:
        pk.parse(data)
    assert exc.value.field == "paket"
    return exc.value.message


def test_round_trip_keeps_every_figure_and_the_seal_is_sha256_of_the_canonical_json():
    pkg, data = sealed()
    again = pk.parse(data)
    assert again == pkg
    assert again.plain_content() == content()
    assert (again.year, again.kopdesk_version, again.created_by) == (2024, "0.1.0", "Siti Rahmah")
    doc = json.loads(data)
    del doc["segel"]
    expected = hashlib.sha256(json.dumps(doc, sort_keys=True, separators=(",", ":"),
                                         ensure_ascii=False).encode()).hexdigest()
    assert pkg.sha256 == expected
    assert pkg.document()["segel"] == {"algoritma": "sha256", "nilai": expected}


def test_health_inputs_come_back_as_exact_decimals():
    pkg, _ = sealed()
    values = pkg.health_inputs()
    assert list(values) == list(Inputs().as_dict())
    assert str(values["modal_tertimbang"]) == "925000000.5"
    assert str(values["risiko_pinjaman_bermasalah"]) == "59000000.00"
    assert values["pea"] is None and values["atmr"] is None


def test_same_content_same_bytes_and_other_content_other_seal():
    a, data_a = sealed()
    b, data_b = sealed()
    assert data_a == data_b
    c = content()
    c["keanggotaan"]["perempuan"] = 121
    assert sealed(c)[0].sha256 != a.sha256


def test_the_file_is_readable_utf8_json_with_indonesian_text():
    c = content()
    c["koperasi"]["nama"] = "KSP Karya Mandiri – Unit Simpan Pinjam"
    _, data = sealed(c)
    assert "KSP Karya Mandiri – Unit Simpan Pinjam" in data.decode("utf-8")
    assert data.endswith(b"}\n") and data.count(b"\n") > 50


def test_every_single_byte_change_is_refused():
    _, data = sealed()
    rng = random.Random(8)
    for i in range(len(data)):
        changed = bytearray(data)
        changed[i] = (changed[i] + rng.randrange(1, 256)) % 256
        with pytest.raises(ValidationError) as exc:
            pk.parse(bytes(changed))
        text = exc.value.message
        assert any(m in text for m in (pk.DAMAGED, pk.TRUNCATED, "Bukan file paket")), (i, text)


def test_a_changed_figure_is_refused_as_damaged():
    _, data = sealed()
    tampered = data.replace(b'"perempuan": 120', b'"perempuan": 150')
    assert tampered != data
    text = message(tampered)
    assert text.startswith("Paket rusak atau telah diubah") and "segel sha256 tidak cocok" in text


def test_a_changed_space_or_key_order_is_refused():
    _, data = sealed()
    assert "Paket rusak atau telah diubah" in message(data.replace(b'\n "format"', b'\n\t"format"', 1))
    doc = json.loads(data)
    reordered = (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode()   # keys in another order
    if reordered != data:
        assert "susunan file" in message(reordered)


def test_every_truncation_is_refused_as_truncated():
    _, data = sealed()
    for n in range(1, len(data)):
        assert pk.TRUNCATED in message(data[:n]), n
    assert message(b"") == "File paket kosong."


def test_a_resealed_package_with_a_missing_field_lists_every_problem():
    c = content()
    del c["koperasi"]["npwp"]
    del c["kesehatan"]["masukan"]["atmr"]
    c["keanggotaan"]["laki_laki"] = -1
    with pytest.raises(ValidationError) as exc:
        sealed(c)
    problems = exc.value.problems
    assert "isi.koperasi.npwp tidak ada" in problems
    assert "isi.kesehatan.masukan.atmr tidak ada" in problems
    assert "isi.keanggotaan.laki_laki harus bilangan bulat >= 0" in problems
    # a hand-made file with the seal recomputed over incomplete content: sealed, but still refused
    doc = json.loads(sealed()[1])
    del doc["isi"]["rat"]
    doc["segel"]["nilai"] = pk.seal_of(doc)
    text = message(pk.file_bytes(doc))
    assert text.startswith("Paket tidak lengkap atau tidak sah:") and "isi.rat tidak ada" in text


def test_floats_and_bad_input_values_are_refused():
    c = content()
    c["shu"]["jumlah"] = 75_000_000.5
    c["kesehatan"]["masukan"]["kas_bank"]["nilai"] = "seratus"
    with pytest.raises(ValidationError) as exc:
        sealed(c)
    assert "isi.shu.jumlah: angka pecahan harus ditulis sebagai teks desimal" in exc.value.problems
    assert any(p.startswith("isi.kesehatan.masukan.kas_bank.nilai harus angka desimal") for p in exc.value.problems)


def test_not_a_package_and_a_newer_format():
    assert message(b"%PDF-1.4\n...") == "Bukan file paket KopDesk (.kopdesk-paket)."
    assert message(pk.file_bytes({"nama": "lain"})) == "Bukan file paket KopDesk (.kopdesk-paket)."
    doc = json.loads(sealed()[1])
    doc["versi_format"] = pk.FORMAT_VERSION + 1
    doc["segel"]["nilai"] = pk.seal_of(doc)
    assert "KopDesk yang lebih baru (format versi 2" in message(pk.file_bytes(doc))
    unsealed = copy.deepcopy(doc)
    unsealed["segel"]["nilai"] = "0" * 64
    assert message(pk.file_bytes(unsealed)).startswith("Paket rusak atau telah diubah, atau dibuat dengan KopDesk")
    del doc["segel"]
    doc["versi_format"] = pk.FORMAT_VERSION
    assert "segel (sha256) tidak ada" in message(pk.file_bytes(doc))


def test_wrong_year_in_the_period_is_refused():
    with pytest.raises(ValidationError) as exc:
        sealed(year=2021)
    assert "isi.periode.akhir (2024-12-31) tidak sesuai tahun buku 2021" in exc.value.problems
