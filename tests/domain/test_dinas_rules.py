"""Dinas supervision rules: the inactive rule of spec §8.4 with its worked example, the one-missed-RAT warning,
RAT compliance per financial year, and where an officer should go first."""

import datetime as dt

import pytest

from kopdesk.domain import dinas as d
from kopdesk.domain.dinas import CoopStatus, FollowUpStatus, RatStatus

D = dt.date


def test_spec_8_4_worked_example_three_years():
    last_rat, today = D(2021, 3, 20), D(2025, 11, 25)
    assert d.inactive_cutoff(today, 3) == D(2022, 11, 25)
    assert last_rat < d.inactive_cutoff(today, 3)
    assert d.inactive(last_rat, today, 3) is True


def test_spec_8_4_two_year_threshold_flags_from_20_03_2023():
    last_rat = D(2021, 3, 20)
    assert d.inactive_from(last_rat, 2) == D(2023, 3, 20)
    assert d.inactive(last_rat, D(2023, 3, 19), 2) is False
    assert d.inactive(last_rat, D(2023, 3, 20), 2) is True
    # with three years the same cooperative is still active then, and flagged from 20-03-2024
    assert d.inactive(last_rat, D(2023, 3, 20), 3) is False
    assert d.inactive(last_rat, D(2024, 3, 19), 3) is False
    assert d.inactive(last_rat, D(2024, 3, 20), 3) is True


def test_a_recent_rat_is_active_and_no_rat_at_all_is_inactive():
    assert d.inactive(D(2025, 3, 1), D(2025, 11, 25), 2) is False
    assert d.inactive(None, D(2025, 11, 25), 3) is True


def test_threshold_must_be_two_or_three_years():
    with pytest.raises(ValueError):
        d.inactive(D(2021, 3, 20), D(2025, 11, 25), 4)


def test_leap_day_anniversary():
    assert d.add_years(D(2024, 2, 29), 3) == D(2027, 2, 28)
    assert d.inactive(D(2024, 2, 29), D(2027, 2, 28), 3) is True
    assert d.inactive(D(2024, 2, 29), D(2027, 2, 27), 3) is False


def test_missed_rats_warns_after_one_deadline():
    last = D(2024, 3, 15)                       # the RAT of financial year 2023
    assert d.missed_rats(last, D(2025, 6, 30)) == 0    # FY 2024 due by 30-06-2025: not yet missed
    assert d.missed_rats(last, D(2025, 7, 1)) == 1     # one missed RAT: the warning
    assert d.inactive(last, D(2025, 7, 1), 3) is False
    assert d.missed_rats(last, D(2026, 7, 1)) == 2
    # spec §8.4's cooperative: RATs for FY 2021, 2022, 2023, 2024 are all past due on 25-11-2025
    assert d.missed_rats(D(2021, 3, 20), D(2025, 11, 25)) == 4
    assert d.missed_rats(None, D(2025, 11, 25)) is None


def test_rat_status_per_financial_year():
    assert d.rat_deadline(2024) == D(2025, 6, 30)
    today = D(2025, 11, 25)
    assert d.rat_status(2024, D(2025, 3, 15), today) == RatStatus.TEPAT_WAKTU
    assert d.rat_status(2024, D(2025, 6, 30), today) == RatStatus.TEPAT_WAKTU
    assert d.rat_status(2024, D(2025, 7, 1), today) == RatStatus.TERLAMBAT
    assert d.rat_status(2024, None, today) == RatStatus.TIDAK_DIADAKAN
    assert d.rat_status(2024, None, D(2025, 4, 1)) == RatStatus.BELUM
    assert RatStatus.BELUM.label.startswith("Belum")


def classify(**kw):
    base = dict(predicate="Sehat", predicate_year=2024, today=D(2025, 11, 25), is_inactive=False, missed=0)
    base.update(kw)
    return d.classify(**base)


def test_coaching_need_levels():
    calm = classify()
    assert (calm.priority, calm.label) == (4, "Rendah")
    assert classify(predicate="Cukup Sehat").priority == 3
    assert classify(predicate=None, predicate_year=None).priority == 3
    assert classify(predicate_year=2021).priority == 3              # stale predicate
    assert classify(open_recommendations=2).priority == 3
    assert classify(predicate="Dalam Pengawasan").label == "Tinggi"
    assert classify(missed=1).priority == 2
    assert classify(open_recommendations=1, overdue_recommendations=1).priority == 2
    assert classify(not_done_recommendations=1).priority == 2
    assert classify(predicate="Dalam Pengawasan Khusus").label == "Mendesak"
    assert classify(predicate="Tidak Sehat").priority == 1                 # the 2009 method's words
    assert classify(is_inactive=True, missed=4).priority == 1
    assert classify(open_recommendations=3, overdue_recommendations=3).priority == 1


def test_coaching_need_gives_every_reason_most_serious_first():
    need = classify(predicate="Dalam Pengawasan", is_inactive=True, missed=4, open_recommendations=3,
                    overdue_recommendations=1)
    assert need.priority == 1
    assert need.reasons[0].startswith("Tidak aktif")
    assert "Predikat kesehatan Dalam Pengawasan (2024)" in need.reasons
    assert "1 rekomendasi lewat batas waktu" in need.reasons
    assert "2 rekomendasi masih berjalan" in need.reasons
    assert not any("Terlambat" in r for r in need.reasons)      # inactive already says it


def test_follow_up_status_labels_and_openness():
    assert [s.label for s in FollowUpStatus] == ["Terbuka", "Dalam proses", "Selesai", "Tidak dilaksanakan"]
    assert [s for s in FollowUpStatus if s.open] == [FollowUpStatus.TERBUKA, FollowUpStatus.PROSES]
    assert CoopStatus("tidak_aktif").label == "Tidak aktif"


def test_checklist_and_categories():
    assert len(d.CHECKLIST) >= 8
    assert d.CHECKLIST[0] == ("rat_diadakan", "RAT tahun lalu sudah diadakan?")
    assert {"buku_mutakhir", "simpan_pinjam_rekonsiliasi", "laporan_kolektibilitas", "sop_tersedia"} <= set(
        d.CHECKLIST_KEYS)
    assert list(d.PROBLEM_CATEGORIES) == ["kelembagaan", "usaha", "keuangan", "sdm", "kepatuhan", "lainnya"]
    assert d.VisitKind.VERIFIKASI_ODS.label == "Verifikasi data ODS"


def test_attachment_type_comes_from_the_bytes():
    assert d.sniff_mime(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert d.sniff_mime(b"\xff\xd8\xff\xe0..JFIF") == "image/jpeg"
    assert d.sniff_mime(b"%PDF-1.7\n") == "application/pdf"
    assert d.sniff_mime(b"PK\x03\x04 a docx named foto.png") is None


def test_registry_record_problems_name_their_fields():
    bad = d.Cooperative(name=" ", coop_type="XYZ", nik_koperasi="12345", nib="1", email="x", members_male=-1,
                        officials=(d.CoopOfficial("bos", ""),))
    problems = d.cooperative_problems(bad)
    assert "Nama koperasi wajib diisi." in problems
    assert any(p.startswith("Jenis koperasi 'XYZ'") for p in problems)
    assert "NIK koperasi harus 16 digit angka (yang dimasukkan: 5 karakter)." in problems
    assert any(p.startswith("NIB") for p in problems) and "Alamat email tidak valid." in problems
    assert any(p.startswith("Jumlah anggota laki-laki") for p in problems)
    assert any(p.startswith("Jabatan pengurus 'bos'") for p in problems)
    assert d.cooperative_problems(d.Cooperative(name="KSP Maju", nik_koperasi="6372030120000045")) == []
    assert d.time_problems("10:00", "09:00") == ["Jam selesai harus sesudah jam mulai."]
    assert d.time_problems("9.30", None)[0].startswith("Jam mulai harus berbentuk JJ:MM")
