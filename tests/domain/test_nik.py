import datetime as dt

from kopdesk.domain.nik import check_nik, mask_nik

TODAY = dt.date(2026, 11, 25)


def test_spec_worked_example_woman_born_5_august_1990():
    r = check_nik("3273014508900003", today=TODAY)
    assert r.ok and r.warnings == ()
    assert (r.province, r.regency, r.district, r.serial) == (32, 73, 1, 3)
    assert r.female is True and r.birth_date == dt.date(1990, 8, 5)


def test_spaces_and_dots_are_ignored():
    assert check_nik("3273 0145.0890 0003", today=TODAY).ok


def test_length_and_digits_name_the_problem():
    short = check_nik("327301450890000", today=TODAY)
    assert short.errors == ("NIK harus 16 digit angka (yang dimasukkan: 15 digit).",)
    assert check_nik("32730145089000A3", today=TODAY).errors == ("NIK hanya boleh berisi angka.",)
    assert check_nik("", today=TODAY).errors == ("NIK wajib diisi.",)


def test_impossible_parts_are_errors_naming_the_digits():
    r = check_nik("3273013513900003", today=TODAY)
    assert any("digit 7-8" in e for e in r.errors) and any("digit 9-10" in e for e in r.errors)
    assert any("digit 13-16" in e for e in check_nik("3273014508900000", today=TODAY).errors)


def test_mismatches_with_what_was_entered_only_warn():
    r = check_nik("3273014508900003", birth_date=dt.date(1990, 8, 6), female=False, today=TODAY)
    assert r.ok
    assert any("berbeda dengan tanggal lahir" in w for w in r.warnings)
    assert any("Jenis kelamin pada NIK (perempuan" in w for w in r.warnings)


def test_unknown_province_nonexistent_date_and_age_warn():
    assert any("provinsi 99" in w for w in check_nik("9973014508900003", today=TODAY).warnings)
    assert any("tidak valid" in w for w in check_nik("3273013102990003", today=TODAY).warnings)  # 31-02-1999
    r = check_nik("3273011508150003", today=TODAY)  # born 2015: 11 years old
    assert r.birth_date == dt.date(2015, 8, 15) and any("Umur menurut NIK 11" in w for w in r.warnings)


def test_masking_for_printed_lists():
    assert mask_nik("3273014508900003") == "3273********0003"
