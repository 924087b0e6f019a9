"""Spec §4.4 worked examples and the formats.md §2 rules."""

from decimal import Decimal

import pytest

from kopdesk.domain.shu import ShuInput, ShuMember, compute_shu, rate6

ALLOCATION = {"cadangan": Decimal(40), "jasa_modal": Decimal(20), "jasa_usaha": Decimal(20),
              "dana_pengurus": Decimal(5), "dana_karyawan": Decimal(5), "dana_pendidikan": Decimal(5),
              "dana_sosial": Decimal("2.5"), "dana_pembangunan_daerah_kerja": Decimal("2.5")}
SITI = ShuMember("A-0001", "Siti", 3_000_000, 1_425_000)


def test_spec_4_4_allocation_and_siti():
    r = compute_shu(ShuInput(60_000_000, ALLOCATION, [SITI], total_savings=300_000_000,
                             total_transactions=285_000_000))
    assert r.pools == {"cadangan": 24_000_000, "jasa_modal": 12_000_000, "jasa_usaha": 12_000_000,
                       "dana_pengurus": 3_000_000, "dana_karyawan": 3_000_000, "dana_pendidikan": 3_000_000,
                       "dana_sosial": 1_500_000, "dana_pembangunan_daerah_kerja": 1_500_000}
    [siti] = r.shares
    assert (siti.jasa_modal, siti.jasa_usaha, siti.total) == (120_000, 60_000, 180_000)
    assert rate6(r.rate_jasa_modal) == Decimal("0.04") and rate6(r.rate_jasa_usaha) == Decimal("0.042105")
    assert r.rounding_residue == 0  # totals given: not every member is listed


def test_non_member_part_goes_to_cadangan():
    r = compute_shu(ShuInput(60_000_000, ALLOCATION, [SITI], non_member=4_000_000, total_savings=300_000_000,
                             total_transactions=285_000_000))
    assert r.pools["jasa_modal"] == r.pools["jasa_usaha"] == 11_200_000
    assert r.pools["cadangan"] == 22_400_000 + 4_000_000
    assert sum(r.pools.values()) == 60_000_000
    assert r.shares[0].jasa_modal == 112_000


def test_pools_always_add_up_and_rounding_residue_is_reported():
    members = [ShuMember(f"A-{i:04d}", f"Anggota {i}", 1_000_000 + i * 7_777, i * 3_333) for i in range(1, 101)]
    r = compute_shu(ShuInput(12_345_679, ALLOCATION, members, rounding=100))
    assert sum(r.pools.values()) == 12_345_679
    assert all(s.jasa_modal % 100 == 0 and s.jasa_usaha % 100 == 0 for s in r.shares)
    assert r.total_distributed + r.rounding_residue == r.pools["jasa_modal"] + r.pools["jasa_usaha"]


def test_bad_input_names_the_field():
    with pytest.raises(ValueError, match="alokasi berjumlah 95, harus 100"):
        compute_shu(ShuInput(1_000, {**ALLOCATION, "cadangan": Decimal(35)}, [SITI]))
    with pytest.raises(ValueError, match="shu_non_anggota tidak boleh lebih besar"):
        compute_shu(ShuInput(1_000, ALLOCATION, [SITI], non_member=2_000))
    with pytest.raises(ValueError, match="total_simpanan"):
        compute_shu(ShuInput(1_000, ALLOCATION, [SITI], total_savings=10))
