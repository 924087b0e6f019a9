from decimal import Decimal

from kopdesk.domain.coop import AdArt, CoopProfile, adart_problems, profile_problems
from kopdesk.domain.money import allocate


def test_quorum_worked_example_spec_3_3():
    rule = AdArt()  # more than 1/2; postponed meeting valid with 1/3
    assert rule.quorum_needed(230) == 116
    assert rule.quorum_needed(230, postponed=True) == 77
    assert AdArt(quorum_strict=False).quorum_needed(230) == 115
    assert AdArt(postponed_quorum_num=0).quorum_needed(230, postponed=True) == 1


def test_default_shu_allocation_totals_100_and_matches_the_worked_example():
    a = AdArt()
    assert adart_problems(a) == []
    assert sum(a.shu_allocation.values()) == 100
    parts = dict(zip(a.shu_allocation, allocate(60_000_000, list(a.shu_allocation.values())), strict=True))
    assert parts["cadangan"] == 24_000_000
    assert parts["jasa_modal"] + parts["jasa_usaha"] == 24_000_000
    assert parts["dana_sosial"] == parts["dana_pdk"] == 1_500_000


def test_allocation_not_totalling_100_is_refused():
    a = AdArt(shu_allocation={**AdArt().shu_allocation, "cadangan": Decimal(45)})
    assert adart_problems(a) == ["Jumlah persentase pembagian SHU harus 100% (sekarang 105%)."]


def test_profile_problems_name_the_field():
    p = CoopProfile(name="", nik_koperasi="123", nib="12", coop_type="XYZ", fiscal_year_start_month=13)
    problems = profile_problems(p)
    assert "Nama koperasi wajib diisi." in problems
    assert any(x.startswith("NIK koperasi harus 16 digit") for x in problems)
    assert any(x.startswith("NIB harus 13 digit") for x in problems)
    assert "Jenis koperasi tidak dikenal." in problems
    assert len(problems) == 5


def test_address_lines_and_signing_city():
    p = CoopProfile(name="KSP", street="Jl. A. Yani", desa="Komet", kecamatan="Banjarbaru Utara",
                    kabupaten_kota="Kota Banjarbaru", province="Kalimantan Selatan", postal_code="70714")
    assert p.address_lines() == ["Jl. A. Yani", "Desa/Kel. Komet, Kec. Banjarbaru Utara",
                                 "Kota Banjarbaru, Kalimantan Selatan 70714"]
    assert p.city_for_signature == "Banjarbaru"
