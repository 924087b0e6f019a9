"""The cooperative-to-Dinas package end to end: the demo cooperative exports its last closed year, a Dinas workspace
imports it; the health assessment there is pre-filled with exactly the cooperative's own figures; importing again
changes nothing; a changed or truncated package is refused and writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.dinas import Cooperative, CoopOfficial, CoopStatus
from kopdesk.domain.errors import PermissionDenied, ValidationError
from kopdesk.domain.health.scoring import Method
from kopdesk.domain.package import DAMAGED, TRUNCATED, build
from kopdesk.domain.users import Role
from kopdesk.services import closing, dinas, health, profile, rat, shu, statements, users
from kopdesk.services import package as svc
from kopdesk.services.demo import build_demo
from kopdesk.services.workspace import create_workspace, open_workspace

METHOD = Method.PERDEP06_2016
DINAS_PROFILE = CoopProfile(name="Dinas Koperasi, UKM dan Perindustrian Kota Banjarbaru",
                            kabupaten_kota="Kota Banjarbaru", province="Kalimantan Selatan")


def _hold_rat(ws, by, year: int) -> None:
    """The RAT reporting ``year``: three fifths of the members present, the LPJ accepted, the meeting closed."""
    if rat.rat_for_year(ws, year) is not None:
        return
    m = rat.create_meeting(ws, by, kind="RAT", year=year, held_on=dt.date(year + 1, 3, 28), start_time="09:00",
                           place="Aula KSP Sejahtera Mandiri", chair="Kairav Haryanto", notulis="Rahmawati, S.E.")
    ids = rat.eligible_member_ids(ws, m.id)
    for member_id in ids[: len(ids) * 3 // 5]:
        rat.record_attendance(ws, by, m.id, member_id, "langsung")
    rat.add_decision(ws, by, m.id, kind="lpj", title=f"Pengesahan laporan pertanggungjawaban tahun buku {year}",
                     text="Laporan pertanggungjawaban pengurus diterima.")
    rat.close_meeting(ws, by, m.id, end_time="12:30")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("koperasi") / "demo.kopdesk"
    build_demo(path, seed=1)
    ws = open_workspace(path)
    admin = users.default_user(ws)
    year = max(c.year for c in closing.closings(ws))
    _hold_rat(ws, admin, year)
    yield ws, admin, year
    ws.close()


@pytest.fixture(scope="module")
def exported(demo, tmp_path_factory):
    ws, admin, year = demo
    return svc.export_package(ws, year, tmp_path_factory.mktemp("paket") / "ksp-sejahtera.kopdesk-paket", admin)


@pytest.fixture(scope="module")
def exported_prior(demo, tmp_path_factory):
    ws, admin, year = demo
    return svc.export_package(ws, year - 1, tmp_path_factory.mktemp("paket") / "ksp-lalu.kopdesk-paket", admin)


@pytest.fixture
def office(tmp_path):
    ws, admin = create_workspace(tmp_path / "dinas.kopdesk", kind=WorkspaceKind.DINAS, profile=DINAS_PROFILE,
                                 admin_full_name="Ahmad Fauzi")
    yield ws, admin
    ws.close()


def snapshot(ws) -> dict[str, list]:
    """Every row of every table (the audit included)."""
    tables = [r[0] for r in ws.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: sorted(ws.db.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr) for t in tables}


# ------------------------------------------------------------------------------------------------ export


def test_the_package_holds_the_cooperatives_own_figures(demo, exported):
    ws, _, year = demo
    pkg = svc.read_package(exported)
    c = pkg.content
    assert pkg.year == year and pkg.name == "KSP Sejahtera Mandiri"
    assert c["koperasi"]["nik_koperasi"] == profile.get_profile(ws).nik_koperasi == "6372030120000045"
    fs = statements.financial_statements(ws, year)
    bs = c["laporan_keuangan"]["posisi_keuangan"]
    assert (bs["jumlah_aset"], bs["pembanding_jumlah_aset"]) == (fs.balance_sheet.total_assets,
                                                                 fs.balance_sheet.prior_total_assets)
    assert bs["jumlah_aset"] == bs["jumlah_liabilitas"] + bs["jumlah_ekuitas"]
    phu = c["laporan_keuangan"]["hasil_usaha"]
    assert phu["angka"]["shu_setelah_pajak"] == fs.income_statement.current.shu_setelah_pajak
    assert phu["pembanding"]["shu_setelah_pajak"] == fs.income_statement.prior.shu_setelah_pajak
    assert phu["angka"]["shu_setelah_pajak"] == closing.get_closing(ws, year).shu == c["shu"]["jumlah"]
    cf = c["laporan_keuangan"]["arus_kas"]
    assert cf["saldo_awal"] + cf["kenaikan_bersih"] == cf["saldo_akhir"] == fs.balance_sheet.amount("kas_bank")
    eq = c["laporan_keuangan"]["perubahan_ekuitas"]["tahun_ini"]
    assert eq["jumlah_saldo_akhir"] == fs.balance_sheet.total_equity
    # collectibility: the classes add up to the loans outstanding, with last year's beside them
    col = c["kolektibilitas"]["tahun_ini"]
    assert sum(k["pokok_beredar"] for k in col["kelas"]) == col["pokok_beredar"] == fs.notes.loans.outstanding
    assert [k["kelas"] for k in col["kelas"]] == ["lancar", "kurang_lancar", "diragukan", "macet"]
    assert c["kolektibilitas"]["tahun_lalu"]["per_tanggal"] == f"{year - 1}-12-31"
    # savings by type: pokok and wajib in equity, sukarela a liability
    sv = c["simpanan"]
    assert sv["per_jenis"]["pokok"] + sv["per_jenis"]["wajib"] == sum(
        a.amount for s in fs.balance_sheet.sections for line in s.lines for a in line.accounts
        if a.code in ("3-1100", "3-1200"))
    assert sv["jumlah"] == sum(sv["per_jenis"].values())
    # SHU: the approved and posted distribution
    sl = shu.shu_list(ws, year)
    assert (c["shu"]["status"], c["shu"]["dibagikan_ke_anggota"], c["shu"]["nomor_keputusan"]) == (
        "dibukukan", sl.total_shares, sl.decision_ref)
    assert sum(a["jumlah"] for a in c["shu"]["alokasi"]) == c["shu"]["jumlah"]
    # members by gender at the year end add up to the notes' member count
    m = c["keanggotaan"]
    assert m["laki_laki"] + m["perempuan"] == m["jumlah"] == fs.notes.members > 200
    # officials with their terms
    assert {(o["jabatan"], o["nama"], o["akhir_jabatan"]) for o in c["pengurus"]} == {
        (o.role, o.name, o.term_end.isoformat()) for o in profile.list_officials(ws, active_only=True)}
    # the RAT
    meeting = rat.rat_for_year(ws, year)
    q = rat.quorum(ws, meeting.id)
    assert c["rat"]["tanggal"] == meeting.held_on.isoformat()
    assert (c["rat"]["terdaftar"], c["rat"]["hadir"], c["rat"]["kuorum_tercapai"]) == (q.registered, q.present, True)
    assert c["rat"]["keputusan"][0]["nomor"] == rat.decisions(ws, meeting.id)[0].number


def test_the_health_inputs_are_derive_inputs_as_exact_decimal_strings(demo, exported):
    ws, _, year = demo
    pkg = svc.read_package(exported)
    derived = health.derive_inputs(ws, year)
    masukan = pkg.content["kesehatan"]["masukan"]
    assert sorted(masukan) == sorted(derived.derivations)
    for name, d in derived.derivations.items():
        assert masukan[name]["nilai"] == (None if d.value is None else str(d.value)), name
        assert masukan[name]["penjelasan"] == d.explanation
    assert pkg.health_inputs() == derived.inputs.as_dict()


def test_export_refuses_an_open_year_a_wrong_name_and_a_dinas_workspace(demo, office, tmp_path):
    ws, admin, year = demo
    with pytest.raises(ValidationError) as exc:
        svc.export_package(ws, year + 1, tmp_path / "x.kopdesk-paket", admin)
    assert f"Tahun buku {year + 1} belum ditutup" in exc.value.message
    with pytest.raises(ValidationError) as exc:
        svc.export_package(ws, year, tmp_path / "x.zip", admin)
    assert "harus berakhiran .kopdesk-paket" in exc.value.message
    dws, dadmin = office
    with pytest.raises(ValidationError) as exc:
        svc.export_package(dws, year, tmp_path / "x.kopdesk-paket", dadmin)
    assert "hanya dapat diekspor dari file kerja koperasi" in exc.value.message
    assert not list(tmp_path.glob("*.kopdesk-paket")) and not list(tmp_path.glob(".*baru"))


# ------------------------------------------------------------------------------------------------ import


def test_round_trip_prefills_the_dinas_assessment_with_exactly_the_cooperatives_figures(demo, exported, office):
    ws, admin, year = demo
    dws, dadmin = office
    pv = svc.preview_import(dws, exported)
    assert pv.is_new and not pv.already_imported
    assert "akan ditambahkan sebagai koperasi baru" in "\n".join(pv.lines())
    result = svc.import_package(dws, exported, dadmin)
    assert result.created and result.changed
    key = result.coop_key

    # the health draft holds every input exactly as the cooperative derives it
    derived = health.derive_inputs(ws, year).inputs.as_dict()
    rec = health.get(dws, year, METHOD, coop_key=key)
    assert rec is not None and rec.status == "draft" and rec.id == result.assessment_id
    for name, value in derived.items():
        assert rec.inputs.get(name) == value, name
        assert (None if rec.derived[name] is None else str(rec.derived[name])) == (
            None if value is None else str(value)), name
    # and scores the same total and predicate as the cooperative's own assessment of that year
    own = health.create_or_update(ws, year, METHOD, admin)
    assert (rec.total, rec.predicate) == (own.total, own.predicate)
    assert rec.aspect_percent == own.aspect_percent

    # the registry record
    coop = dinas.get_cooperative(dws, key)
    p = profile.get_profile(ws)
    assert (coop.name, coop.nik_koperasi, coop.legal_number, coop.legal_date, coop.nib, coop.npwp) == (
        p.name, p.nik_koperasi, p.legal_number, p.legal_date, p.nib, p.npwp)
    assert (coop.address, coop.desa, coop.kecamatan, coop.kabupaten, coop.provinsi, coop.coop_type) == (
        p.street, p.desa, p.kecamatan, p.kabupaten_kota, p.province, p.coop_type)
    content = svc.read_package(exported).content
    assert (coop.members_male, coop.members_female) == (content["keanggotaan"]["laki_laki"],
                                                        content["keanggotaan"]["perempuan"])
    assert coop.status == CoopStatus.AKTIF
    roles = {(o.role, o.name) for o in coop.officials}
    assert ("ketua", "Kairav Haryanto") in roles and ("bendahara", "Rahmawati, S.E.") in roles
    assert sum(o.role == "pengawas" for o in coop.officials) == 2
    held = rat.rat_for_year(ws, year).held_on
    assert [(r.year, r.held_on, r.source) for r in dinas.rat_history(dws, key)] == [(year, held, "paket")]
    years = dinas.coop_years(dws, key)
    pkg = svc.read_package(exported)
    assert [(y.year, y.package_sha256) for y in years] == [(year, pkg.sha256)]
    assert {k: v for k, v in years[0].data.items() if k != "paket"} == pkg.plain_content()
    assert svc.stored_package(years[0].data) == pkg                 # the seal still checks out from the registry
    altered = years[0].data
    altered["keanggotaan"]["perempuan"] += 1
    with pytest.raises(ValidationError) as exc:
        svc.stored_package(altered)
    assert exc.value.message.startswith(DAMAGED)
    audits = dws.db.execute("SELECT action, entity_id FROM audit_log WHERE action = 'paket.impor'").fetchall()
    assert audits == [("paket.impor", key)]


def test_importing_the_same_package_again_changes_nothing(exported, office):
    dws, dadmin = office
    svc.import_package(dws, exported, dadmin)
    before = snapshot(dws)
    pv = svc.preview_import(dws, exported)
    assert pv.already_imported and not pv.changes
    again = svc.import_package(dws, exported, dadmin)
    assert not again.changed and again.assessment_id is None
    assert again.messages[0].startswith("Paket sudah diimpor, tidak ada perubahan")
    assert snapshot(dws) == before


@pytest.mark.parametrize("damage", ["one_byte", "truncated"])
def test_a_changed_or_truncated_package_is_refused_and_nothing_is_written(exported, office, tmp_path, damage):
    dws, dadmin = office
    data = exported.read_bytes()
    if damage == "one_byte":
        at = data.index(b'"laki_laki": ') + len(b'"laki_laki": ')
        bad = data[:at] + bytes([ord("9") if data[at] != ord("9") else ord("8")]) + data[at + 1:]
        expected = DAMAGED
    else:
        bad = data[: len(data) * 2 // 3]
        expected = TRUNCATED
    path = tmp_path / "rusak.kopdesk-paket"
    path.write_bytes(bad)
    before = snapshot(dws)
    for call in (lambda: svc.read_package(path), lambda: svc.preview_import(dws, path),
                 lambda: svc.import_package(dws, path, dadmin)):
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.message.startswith(expected)
    assert snapshot(dws) == before


def test_an_existing_cooperative_is_matched_by_nik_and_the_changes_are_listed(exported, office):
    dws, dadmin = office
    pkg = svc.read_package(exported)
    existing = dinas.add_cooperative(dws, dadmin, Cooperative(
        name="KSP Sejahtera Mandiri Banjarbaru", nik_koperasi=pkg.coop["nik_koperasi"], phone="0511-000000",
        kecamatan="Banjarbaru Utara", members_male=100, members_female=90, business_class="Simpan pinjam",
        officials=(CoopOfficial("ketua", "H. Syahrani"), CoopOfficial("manajer", "Nurul Hidayah", "0812-5000-111"))))
    pv = svc.preview_import(dws, exported)
    assert (pv.coop_key, pv.matched_by) == (existing.key, "NIK koperasi")
    changed = {c.field: (c.current, c.new) for c in pv.changes}
    assert changed["name"] == ("KSP Sejahtera Mandiri Banjarbaru", "KSP Sejahtera Mandiri")
    assert changed["phone"] == ("0511-000000", pkg.coop["telepon"])
    assert changed["members_male"] == ("100", str(pkg.content["keanggotaan"]["laki_laki"]))
    assert "H. Syahrani" in changed["officials"][0] and "Kairav Haryanto" in changed["officials"][1]
    assert "kecamatan" not in changed                             # the same value is not a change
    text = "\n".join(pv.lines())
    assert "Nama koperasi: KSP Sejahtera Mandiri Banjarbaru -> KSP Sejahtera Mandiri" in text
    result = svc.import_package(dws, exported, dadmin)
    assert not result.created and result.coop_key == existing.key
    coop = dinas.get_cooperative(dws, existing.key)
    assert coop.name == "KSP Sejahtera Mandiri" and coop.business_class == "Simpan pinjam"   # registry-only kept
    assert "H. Syahrani" not in {o.name for o in coop.officials}
    assert ("manajer", "Nurul Hidayah") in {(o.role, o.name) for o in coop.officials}   # not in a package: kept
    assert len(dinas.list_cooperatives(dws)) == 1


def test_matched_by_legal_number_then_by_name(exported, office):
    dws, dadmin = office
    pkg = svc.read_package(exported)
    by_name = dinas.add_cooperative(dws, dadmin, Cooperative(name=pkg.name))
    assert svc.preview_import(dws, exported).matched_by == "nama"
    by_number = dinas.add_cooperative(dws, dadmin, Cooperative(name="KSP SM", legal_number=pkg.coop[
        "nomor_badan_hukum"]))
    pv = svc.preview_import(dws, exported)
    assert (pv.coop_key, pv.matched_by) == (by_number.key, "nomor badan hukum")
    assert pv.coop_key != by_name.key


def test_a_final_assessment_is_never_overwritten(demo, exported, office, tmp_path):
    ws, admin, year = demo
    dws, dadmin = office
    key = svc.import_package(dws, exported, dadmin).coop_key
    rec = health.create_or_update(dws, year, METHOD, dadmin, coop_key=key, answers=[True] * 38,
                                  examiner="Ahmad Fauzi", assessed_on=dt.date(year + 1, 5, 2))
    final = health.finalise(dws, rec.id, dadmin)
    # the cooperative exports again later (a new seal: another export time)
    again = svc.export_package(ws, year, tmp_path / "ulang.kopdesk-paket", admin)
    assert svc.read_package(again).sha256 != svc.read_package(exported).sha256
    pv = svc.preview_import(dws, again)
    assert pv.health_final and pv.replaces_year and "sudah final" in pv.health
    result = svc.import_package(dws, again, dadmin)
    assert result.health_final_kept and result.assessment_id is None
    assert any("sudah final" in m for m in result.messages)
    kept = health.get(dws, year, METHOD, coop_key=key)
    assert (kept.status, kept.total, kept.updated_at) == ("final", final.total, final.updated_at)
    assert dinas.coop_years(dws, key)[0].package_sha256 == svc.read_package(again).sha256


def test_an_older_year_does_not_roll_the_registry_back(exported, exported_prior, office):
    dws, dadmin = office
    key = svc.import_package(dws, exported, dadmin).coop_key
    newer = dinas.get_cooperative(dws, key)
    prior = svc.read_package(exported_prior)
    pv = svc.preview_import(dws, exported_prior)
    assert pv.coop_key == key and not pv.updates_registry and not pv.changes
    svc.import_package(dws, exported_prior, dadmin)
    coop = dinas.get_cooperative(dws, key)
    assert (coop.members_male, coop.members_female) == (newer.members_male, newer.members_female)
    assert [y.year for y in dinas.coop_years(dws, key)] == [prior.year, prior.year + 1]
    assert health.get(dws, prior.year, METHOD, coop_key=key).inputs.as_dict() == prior.health_inputs()


def test_an_inactive_cooperative_that_held_its_rat_becomes_active(exported, office):
    dws, dadmin = office
    pkg = svc.read_package(exported)
    c = dinas.add_cooperative(dws, dadmin, Cooperative(name=pkg.name, nik_koperasi=pkg.coop["nik_koperasi"],
                                                       status=CoopStatus.TIDAK_AKTIF))
    pv = svc.preview_import(dws, exported)
    assert {ch.field: ch.new for ch in pv.changes}["status"] == "Aktif"
    svc.import_package(dws, exported, dadmin)
    assert dinas.get_cooperative(dws, c.key).status == CoopStatus.AKTIF


def test_import_needs_a_dinas_workspace_and_the_dinas_permission(demo, exported, office):
    ws, admin, _ = demo
    with pytest.raises(ValidationError) as exc:
        svc.import_package(ws, exported, admin)
    assert "hanya dapat diimpor ke file kerja Dinas" in exc.value.message
    dws, dadmin = office
    viewer, _ = users.add_user(dws, username="pengawas", full_name="Pengawas Dinas", role=Role.PENGAWAS,
                               password=None, by=dadmin)
    before = snapshot(dws)
    with pytest.raises(PermissionDenied):
        svc.import_package(dws, exported, viewer)
    assert snapshot(dws) == before


def test_a_corrected_package_updates_the_draft_and_keeps_the_officers_overrides(exported, office, tmp_path):
    dws, dadmin = office
    first = svc.read_package(exported)
    key = svc.import_package(dws, exported, dadmin).coop_key
    year = first.year
    health.create_or_update(dws, year, METHOD, dadmin, coop_key=key, overrides={
        "pea": health.Override(Decimal(120_000_000), "MEPP dihitung petugas dari suku bunga pasar 2%")})
    # the cooperative corrects its books and sends a new package of the same year: kas_bank differs
    content = first.plain_content()
    kas = Decimal(content["kesehatan"]["masukan"]["kas_bank"]["nilai"])
    content["kesehatan"]["masukan"]["kas_bank"]["nilai"] = str(kas - 1_000_000)
    _, data = build(year, content, kopdesk_version=first.kopdesk_version, created_at="2026-05-01T08:00:00",
                    created_by=first.created_by)
    corrected = tmp_path / "koreksi.kopdesk-paket"
    corrected.write_bytes(data)
    pv = svc.preview_import(dws, corrected)
    assert pv.replaces_year and not pv.health_final and not pv.changes
    assert "1 masukan berubah (kas_bank)" in pv.health
    svc.import_package(dws, corrected, dadmin)
    rec = health.get(dws, year, METHOD, coop_key=key)
    assert rec.status == "draft"
    assert rec.inputs.kas_bank == kas - 1_000_000 == rec.derived["kas_bank"]
    assert rec.inputs.pea == Decimal(120_000_000) and "pea" in rec.overrides
    assert [y.package_sha256 for y in dinas.coop_years(dws, key)] == [svc.read_package(corrected).sha256]


def test_a_refusal_half_way_leaves_nothing_written(exported, office, tmp_path):
    """The RAT in this (hand-made, properly sealed) package is dated inside the financial year: the registry refuses
    it after the cooperative would have been added; the whole import is rolled back."""
    dws, dadmin = office
    first = svc.read_package(exported)
    content = first.plain_content()
    content["rat"]["tanggal"] = f"{first.year}-06-30"
    _, data = build(first.year, content, kopdesk_version=first.kopdesk_version, created_at=first.created_at,
                    created_by=first.created_by)
    odd = tmp_path / "rat-aneh.kopdesk-paket"
    odd.write_bytes(data)
    before = snapshot(dws)
    with pytest.raises(ValidationError) as exc:
        svc.import_package(dws, odd, dadmin)
    assert f"RAT tahun buku {first.year} diadakan sesudah tahun buku berakhir" in exc.value.message
    assert snapshot(dws) == before
