"""The Dinas officer's field kit, as an officer uses it: register cooperatives, visit one, record what was found and
what was advised, follow it up to the end, keep photos and scans; then the monitoring lists. Refusals write nothing."""

import datetime as dt
import struct
import zlib

import pytest

from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.dinas import Cooperative, CoopOfficial, CoopStatus, FollowUpStatus, Officer, RatStatus
from kopdesk.domain.errors import NotFound, PermissionDenied, ValidationError
from kopdesk.domain.health import Method
from kopdesk.domain.users import Role
from kopdesk.services import dinas as svc
from kopdesk.services import health, users
from kopdesk.services import workspace as ws_svc

D = dt.date
TODAY = D(2025, 11, 25)


def png(width: int = 2, height: int = 2, extra: int = 0) -> bytes:
    """A real (tiny) PNG; ``extra`` bytes of text chunk make it bigger."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + (chunk(b"tEXt", b"c\x00" + b"x" * extra) if extra else b"")
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def dinas(tmp_path):
    ws, admin = ws_svc.create_workspace(tmp_path / "dinas.kopdesk", kind=WorkspaceKind.DINAS,
                                        profile=CoopProfile(name="Dinas Koperasi dan UKM Kota Banjarbaru"))
    petugas, _ = users.add_user(ws, username="rina", full_name="Rina Marlina", role=Role.PETUGAS_DINAS,
                                password=None, by=admin)
    yield ws, petugas, admin
    ws.close()


def coop(name: str, **kw) -> Cooperative:
    base = dict(name=name, legal_number=f"518/{len(name):03d}/BH/XVII/2015", legal_date=D(2015, 4, 1),
                address="Jl. Panglima Batur No. 5", desa="Komet", kecamatan="Banjarbaru Utara",
                kabupaten="Kota Banjarbaru", provinsi="Kalimantan Selatan", coop_type="KSP",
                members_male=40, members_female=55)
    base.update(kw)
    return Cooperative(**base)


def snapshot(ws) -> dict[str, int]:
    tables = [r[0] for r in ws.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                          "(name LIKE 'dinas_%' OR name = 'audit_log')")]
    return {t: ws.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_an_officer_registers_visits_advises_and_follows_up(dinas):
    ws, rina, _ = dinas
    rina_o = svc.add_officer(ws, rina, Officer(None, "Rina Marlina, S.E.", "198305122009012003",
                                                "Pengawas Koperasi Ahli Muda"))
    budi = svc.add_officer(ws, rina, Officer(None, "Budi Santoso", "", "Penyuluh Koperasi"))
    assert [o.name for o in svc.list_officers(ws)] == ["Budi Santoso", "Rina Marlina, S.E."]

    ksp = svc.add_cooperative(ws, rina, coop("KSP Sejahtera Mandiri", nik_koperasi="6372030120000045",
                                             officials=(CoopOfficial("ketua", "H. Abdul Rahman", "0812-5000-111"),
                                                        CoopOfficial("bendahara", "Siti Rahmah", "0813-4000-222"))))
    kud = svc.add_cooperative(ws, rina, coop("KUD Karya Tani", coop_type="PRODUSEN"))
    assert (ksp.key, kud.key) == ("KOP-0001", "KOP-0002")
    assert [o.name for o in ksp.officials] == ["H. Abdul Rahman", "Siti Rahmah"] and ksp.members == 95
    svc.set_officials(ws, rina, kud.key, [CoopOfficial("ketua", "Darmawan", "0811-500-600", D(2027, 3, 1))])
    assert svc.get_cooperative(ws, kud.key).officials[0].term_end == D(2027, 3, 1)

    visit = svc.create_visit(
        ws, rina, coop_key=ksp.key, visited_on=D(2025, 9, 10), kind="pembinaan_keuangan",
        officer_ids=[rina_o.id, budi.id], start_time="09:00", end_time="12:30", location="Kantor koperasi",
        surat_tugas="800/123/DKUKM/2025", representatives=[("H. Abdul Rahman", "Ketua"), ("Siti Rahmah", "Bendahara")],
        checklist={"rat_diadakan": True, "buku_mutakhir": False, "laporan_kolektibilitas": False},
        observations="Buku kas dicatat sampai Juli; rekonsiliasi simpanan belum.", next_visit_on=D(2025, 12, 10))
    assert visit.coop_name == "KSP Sejahtera Mandiri" and [o.name for o in visit.officers][0].startswith("Rina")
    assert visit.checklist["rat_diadakan"] is True and visit.checklist["buku_mutakhir"] is False
    assert visit.checklist["sop_tersedia"] is None                   # not asked
    assert visit.representatives == (("H. Abdul Rahman", "Ketua"), ("Siti Rahmah", "Bendahara"))

    p = svc.add_problem(ws, rina, visit.id, category="keuangan", description="Pembukuan tertinggal dua bulan",
                        severity="tinggi")
    assert p.category_label == "Keuangan"
    r1 = svc.add_recommendation(ws, rina, visit.id, text="Mutakhirkan buku kas dan buku besar sampai September",
                                pic="Siti Rahmah (Bendahara)", due_on=D(2025, 10, 31))
    r2 = svc.add_recommendation(ws, rina, visit.id, text="Buat laporan kolektibilitas bulanan", pic="Manajer",
                                due_on=D(2025, 12, 31))
    assert (r1.seq, r2.seq, r1.status) == (1, 2, FollowUpStatus.TERBUKA)

    r1 = svc.add_follow_up(ws, rina, r1.id, on=D(2025, 10, 5), status="proses", note="Sudah sampai Agustus")
    assert r1.status == FollowUpStatus.PROSES and r1.overdue(TODAY)
    r1 = svc.add_follow_up(ws, rina, r1.id, on=D(2025, 11, 20), status="selesai", note="Buku mutakhir",
                           evidence="Foto buku kas Oktober")
    assert r1.status == FollowUpStatus.SELESAI and not r1.overdue(TODAY)
    # entered late, dated earlier: history stays in date order and the latest date decides
    r1 = svc.add_follow_up(ws, rina, r1.id, on=D(2025, 9, 20), status="terbuka", note="Belum dimulai")
    assert [f.status for f in r1.history] == ["terbuka", "proses", "selesai"] and r1.status == "selesai"
    r2 = svc.add_follow_up(ws, rina, r2.id, on=D(2025, 11, 1), status="tidak_selesai", note="Manajer mundur")
    assert r2.status.label == "Tidak dilaksanakan"

    photo = svc.add_attachment(ws, rina, visit.id, filename="C:\\foto\\rapat.png", data=png(), caption="Rapat")
    scan = svc.add_attachment(ws, rina, visit.id, filename="daftar-hadir.pdf", data=PDF)
    assert (photo.filename, photo.mime, scan.mime) == ("rapat.png", "image/png", "application/pdf")
    assert svc.attachment_data(ws, photo.id) == png()

    v = svc.get_visit(ws, visit.id)
    assert [x.description for x in v.problems] == ["Pembukuan tertinggal dua bulan"]
    assert [x.status for x in v.recommendations] == [FollowUpStatus.SELESAI, FollowUpStatus.TIDAK_SELESAI]
    assert [a.filename for a in v.attachments] == ["rapat.png", "daftar-hadir.pdf"]
    assert v.next_visit_on == D(2025, 12, 10)
    v = svc.update_visit(ws, rina, visit.id, observations="Diperbarui", end_time="13:00")
    assert (v.observations, v.end_time, v.start_time, len(v.officers)) == ("Diperbarui", "13:00", "09:00", 2)

    assert [x.id for x in svc.list_visits(ws, coop_key=ksp.key)] == [visit.id]
    assert svc.list_visits(ws, officer_id=budi.id)[0].id == visit.id
    assert svc.list_visits(ws, date_from=D(2025, 10, 1)) == []
    assert len(svc.list_recommendations(ws, status="selesai")) == 1
    actions = {r[0] for r in ws.db.execute("SELECT action FROM audit_log WHERE action LIKE 'dinas.%'")}
    assert {"dinas.koperasi.tambah", "dinas.kunjungan.tambah", "dinas.rekomendasi.tambah",
            "dinas.tindak_lanjut.tambah", "dinas.lampiran.tambah", "dinas.permasalahan.tambah"} <= actions


def test_follow_ups_cannot_be_changed_or_deleted_even_by_hand(dinas):
    ws, rina, _ = dinas
    o = svc.add_officer(ws, rina, Officer(None, "Rina"))
    c = svc.add_cooperative(ws, rina, coop("KSP Mawar"))
    v = svc.create_visit(ws, rina, coop_key=c.key, visited_on=D(2025, 3, 1), kind="pembinaan_usaha",
                         officer_ids=[o.id])
    r = svc.add_recommendation(ws, rina, v.id, text="Susun SOP", pic="Ketua", due_on=D(2025, 6, 1))
    svc.add_follow_up(ws, rina, r.id, on=D(2025, 5, 1), status="selesai")
    import sqlite3
    with pytest.raises(sqlite3.IntegrityError, match="tidak boleh diubah"):
        ws.db.execute("UPDATE dinas_follow_ups SET status = 'terbuka'")
    with pytest.raises(sqlite3.IntegrityError, match="tidak boleh diubah"):
        ws.db.execute("DELETE FROM dinas_follow_ups")
    with pytest.raises(sqlite3.IntegrityError):                # the recommendation is held by its follow-up
        ws.db.execute("DELETE FROM dinas_recommendations")


def test_refusals_write_nothing(dinas, tmp_path):
    ws, rina, _ = dinas
    o = svc.add_officer(ws, rina, Officer(None, "Rina"))
    c = svc.add_cooperative(ws, rina, coop("KSP Melati", nik_koperasi="6372030120000046"))
    v = svc.create_visit(ws, rina, coop_key=c.key, visited_on=D(2025, 9, 10), kind="verifikasi_ods",
                         officer_ids=[o.id])
    r = svc.add_recommendation(ws, rina, v.id, text="Perbarui data ODS", pic="Sekretaris", due_on=D(2025, 10, 10))
    before = snapshot(ws)

    with pytest.raises(ValidationError) as err:          # no cooperative, no date: both named at once
        svc.create_visit(ws, rina, coop_key="", visited_on=None, kind="pembinaan_usaha", officer_ids=[o.id])
    assert err.value.problems == ["Koperasi yang dikunjungi wajib dipilih.", "Tanggal kunjungan wajib diisi."]
    with pytest.raises(ValidationError, match="KOP-9999 tidak ada di registri"):
        svc.create_visit(ws, rina, coop_key="KOP-9999", visited_on=D(2025, 9, 1), kind="pembinaan_usaha",
                         officer_ids=[o.id])
    with pytest.raises(ValidationError, match="paling sedikit satu petugas"):
        svc.create_visit(ws, rina, coop_key=c.key, visited_on=D(2025, 9, 1), kind="pembinaan_usaha", officer_ids=[])

    with pytest.raises(ValidationError) as err:
        svc.add_follow_up(ws, rina, r.id, on=D(2025, 9, 9), status="selesai")
    assert err.value.problems == ["Tanggal tindak lanjut (09-09-2025) tidak boleh sebelum tanggal rekomendasi "
                                  "(kunjungan 10-09-2025)."]
    with pytest.raises(ValidationError, match="Batas waktu rekomendasi"):
        svc.add_recommendation(ws, rina, v.id, text="x", pic="y", due_on=D(2025, 9, 1))

    docx = b"PK\x03\x04" + b"\x00" * 200                  # a Word file renamed to .png
    with pytest.raises(ValidationError, match="bukan gambar \\(PNG/JPEG\\) atau PDF"):
        svc.add_attachment(ws, rina, v.id, filename="foto.png", data=docx)
    with pytest.raises(ValidationError, match="melebihi batas 5,0 MB"):
        svc.add_attachment(ws, rina, v.id, filename="besar.png", data=png(extra=5 * 1024 * 1024))
    with pytest.raises(ValidationError, match="NIK koperasi 6372030120000046 sudah dipakai KOP-0001"):
        svc.add_cooperative(ws, rina, coop("KSP Lain", nik_koperasi="6372030120000046"))
    assert snapshot(ws) == before

    # a smaller limit from the settings
    svc.save_settings(ws, rina, attachment_max_bytes=200 * 1024)
    before = snapshot(ws)
    with pytest.raises(ValidationError, match="melebihi batas 0,2 MB"):
        svc.add_attachment(ws, rina, v.id, filename="sedang.png", data=png(extra=300 * 1024))
    with pytest.raises(ValidationError, match="2 atau 3 tahun"):
        svc.save_settings(ws, rina, inactive_threshold_years=4)
    assert snapshot(ws) == before


def test_read_only_users_and_koperasi_workspaces_are_refused(dinas, book):
    ws, rina, admin = dinas
    pengurus, _ = users.add_user(ws, username="baca", full_name="Pak Baca", role=Role.PENGURUS, password=None,
                                 by=admin)
    before = snapshot(ws)
    with pytest.raises(PermissionDenied, match="mengelola data pembinaan Dinas"):
        svc.add_cooperative(ws, pengurus, coop("KSP Baca"))
    assert snapshot(ws) == before

    kws, kadmin = book                                    # a koperasi workspace: admin has every permission
    kbefore = snapshot(kws)
    for call in (lambda: svc.add_cooperative(kws, kadmin, coop("KSP X")),
                 lambda: svc.add_officer(kws, kadmin, Officer(None, "X")),
                 lambda: svc.create_visit(kws, kadmin, coop_key="KOP-0001", visited_on=D(2025, 1, 1),
                                          kind="pembinaan_usaha", officer_ids=[1]),
                 lambda: svc.save_settings(kws, kadmin, inactive_threshold_years=2)):
        with pytest.raises(ValidationError, match="hanya dapat dicatat di file kerja Dinas"):
            call()
    assert snapshot(kws) == kbefore
    assert svc.list_cooperatives(kws) == []               # reading is harmless


def test_registry_search_find_and_update(dinas):
    ws, rina, _ = dinas
    a = svc.add_cooperative(ws, rina, coop("KSP Sejahtera Mandiri", nik_koperasi="6372030120000045",
                                           legal_number="518/045/BH/XVII/2012"))
    svc.add_cooperative(ws, rina, coop("Koperasi Konsumen Guru", coop_type="KONSUMEN", kecamatan="Landasan Ulin",
                                       status=CoopStatus.BEKU))
    assert [c.name for c in svc.list_cooperatives(ws, search="sejahtera")] == ["KSP Sejahtera Mandiri"]
    assert [c.name for c in svc.list_cooperatives(ws, search="landasan")] == ["Koperasi Konsumen Guru"]
    assert [c.status for c in svc.list_cooperatives(ws, status="beku")] == [CoopStatus.BEKU]
    assert svc.find_cooperative(ws, nik_koperasi="6372030120000045").key == a.key
    assert svc.find_cooperative(ws, legal_number=" 518/045/BH/XVII/2012 ").key == a.key
    assert svc.find_cooperative(ws, name="ksp  sejahtera mandiri").key == a.key
    assert svc.find_cooperative(ws, nik_koperasi="6372030199999999") is None
    from dataclasses import replace
    b = svc.update_cooperative(ws, rina, replace(a, phone="0511-477", status=CoopStatus.TIDAK_AKTIF, officials=()),
                               with_officials=False)
    assert (b.phone, b.status) == ("0511-477", CoopStatus.TIDAK_AKTIF)
    with pytest.raises(NotFound):
        svc.get_cooperative(ws, "KOP-0404")


def test_rat_history_and_package_years(dinas):
    ws, rina, _ = dinas
    c = svc.add_cooperative(ws, rina, coop("KSP Mawar", last_rat_date=D(2023, 4, 2)))
    svc.record_rat(ws, rina, c.key, 2024, D(2025, 3, 15))
    with pytest.raises(ValidationError, match="sesudah tahun buku berakhir"):
        svc.record_rat(ws, rina, c.key, 2024, D(2024, 12, 1))
    assert svc.get_cooperative(ws, c.key).last_rat_date == D(2025, 3, 15)     # the history is newer
    assert svc.rat_history(ws, c.key) == [svc.RatRecord(c.key, 2024, D(2025, 3, 15), "manual")]
    sha = "ab" * 32
    y = svc.upsert_coop_year(ws, rina, c.key, 2024, {"neraca": {"total_aset": "125000000"}}, sha)
    audits = ws.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    again = svc.upsert_coop_year(ws, rina, c.key, 2024, {"neraca": {"total_aset": "125000000"}}, sha)
    assert again == y and ws.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audits
    svc.upsert_coop_year(ws, rina, c.key, 2024, {"neraca": {"total_aset": "130000000"}}, "cd" * 32)
    assert [(x.year, x.package_sha256) for x in svc.coop_years(ws, c.key)] == [(2024, "cd" * 32)]
    with pytest.raises(ValidationError, match="SHA-256"):
        svc.upsert_coop_year(ws, rina, c.key, 2025, {}, "xyz")


@pytest.fixture
def monitored(dinas):
    """Six cooperatives on 25-11-2025 with their RATs, visits and recommendations."""
    ws, rina, admin = dinas
    o = svc.add_officer(ws, rina, Officer(None, "Rina"))
    k = {}
    k["A"] = svc.add_cooperative(ws, rina, coop("A KSP Lama", last_rat_date=D(2021, 3, 20))).key   # spec §8.4
    k["B"] = svc.add_cooperative(ws, rina, coop("B KSP Sekali Lewat", last_rat_date=D(2024, 3, 15))).key
    k["C"] = svc.add_cooperative(ws, rina, coop("C KSP Dua Lewat", last_rat_date=D(2023, 4, 10))).key
    k["D"] = svc.add_cooperative(ws, rina, coop("D KSP Tertib", last_predicate="Sehat",
                                                last_predicate_year=2024)).key
    k["E"] = svc.add_cooperative(ws, rina, coop("E KSP Terlambat", last_predicate="Dalam Pengawasan Khusus",
                                                last_predicate_year=2024)).key
    k["F"] = svc.add_cooperative(ws, rina, coop("F KSP Baru", legal_date=D(2025, 2, 1))).key
    svc.record_rat(ws, rina, k["D"], 2024, D(2025, 3, 10))
    svc.record_rat(ws, rina, k["E"], 2024, D(2025, 8, 1))
    vd = svc.create_visit(ws, rina, coop_key=k["D"], visited_on=D(2025, 10, 1), kind="pembinaan_usaha",
                          officer_ids=[o.id])
    svc.create_visit(ws, rina, coop_key=k["E"], visited_on=D(2025, 1, 10), kind="pendampingan_rat",
                     officer_ids=[o.id])
    late = svc.add_recommendation(ws, rina, vd.id, text="Rekonsiliasi simpanan", pic="Bendahara",
                                  due_on=D(2025, 11, 1))
    svc.add_follow_up(ws, rina, late.id, on=D(2025, 10, 20), status="proses")
    svc.add_recommendation(ws, rina, vd.id, text="SOP", pic="Ketua", due_on=D(2025, 12, 31))
    done = svc.add_recommendation(ws, rina, vd.id, text="Daftar hadir rapat", pic="Sekretaris",
                                  due_on=D(2025, 10, 15))
    svc.add_follow_up(ws, rina, done.id, on=D(2025, 10, 14), status="selesai")
    return ws, rina, k


def test_overdue_and_not_visited(monitored):
    ws, rina, k = monitored
    overdue = svc.overdue_recommendations(ws, TODAY)
    assert [(r.text, r.status, r.days_overdue(TODAY)) for r in overdue] == [
        ("Rekonsiliasi simpanan", FollowUpStatus.PROSES, 24)]
    nv = svc.not_visited(ws, TODAY)
    assert [n.coop.key for n in nv] == [k["A"], k["B"], k["C"], k["F"], k["E"]]   # never visited, then oldest
    assert (nv[-1].last_visit, nv[-1].months_since) == (D(2025, 1, 10), 10)
    assert k["E"] not in [n.coop.key for n in svc.not_visited(ws, TODAY, months=12)]


def test_rat_compliance(monitored):
    ws, rina, k = monitored
    rows = {r.coop.key: r for r in svc.rat_compliance(ws, 2024, TODAY)}
    assert k["F"] not in rows                                   # founded in 2025
    assert rows[k["D"]].status == RatStatus.TEPAT_WAKTU and rows[k["D"]].source == "manual"
    assert rows[k["E"]].status == RatStatus.TERLAMBAT
    assert rows[k["A"]].status == RatStatus.TIDAK_DIADAKAN
    assert rows[k["B"]].status == RatStatus.TIDAK_DIADAKAN      # its last RAT (March 2024) was for 2023
    rows23 = {r.coop.key: r for r in svc.rat_compliance(ws, 2023, TODAY)}
    assert (rows23[k["B"]].status, rows23[k["B"]].source) == (RatStatus.TEPAT_WAKTU, "registri")
    assert {r.status for r in svc.rat_compliance(ws, 2025, TODAY)} == {RatStatus.BELUM}


def test_inactive_with_the_threshold_setting_and_the_warning(monitored):
    ws, rina, k = monitored
    rep = svc.inactive_cooperatives(ws, TODAY)
    assert rep.threshold_years == 3 and rep.cutoff == D(2022, 11, 25)
    assert [r.coop.key for r in rep.inactive] == [k["F"], k["A"]]            # F has no RAT yet, A is spec §8.4
    a = rep.inactive[1]
    assert (a.last_rat, a.inactive_from, a.missed) == (D(2021, 3, 20), D(2024, 3, 20), 4)
    assert [(r.coop.key, r.missed) for r in rep.warnings] == [(k["C"], 2), (k["B"], 1)]
    svc.save_settings(ws, rina, inactive_threshold_years=2)
    rep2 = svc.inactive_cooperatives(ws, TODAY)
    assert [r.coop.key for r in rep2.inactive] == [k["F"], k["A"], k["C"]]
    assert rep2.inactive[1].inactive_from == D(2023, 3, 20)                  # spec §8.4, two years
    assert [r.coop.key for r in rep2.warnings] == [k["B"]]


def test_coaching_needs_most_urgent_first(monitored):
    ws, rina, k = monitored
    rows = svc.coaching_needs(ws, TODAY)
    by_key = {r.coop.key: r for r in rows}
    assert by_key[k["A"]].need.label == "Mendesak"
    assert by_key[k["E"]].need.priority == 1                      # Dalam Pengawasan Khusus
    assert by_key[k["D"]].need.priority == 2                      # one overdue recommendation
    assert (by_key[k["D"]].open_recommendations, by_key[k["D"]].overdue_recommendations) == (2, 1)
    assert by_key[k["B"]].need.priority == 2                      # one missed RAT
    assert [r.need.priority for r in rows] == sorted(r.need.priority for r in rows)


def test_health_record_under_the_registry_key_gives_the_predicate(monitored):
    ws, rina, k = monitored
    before = svc.get_cooperative(ws, k["B"])
    example = {   # spec §1.2.7
        "modal_sendiri": 415_000_000, "total_aset": 1_450_000_000, "pinjaman_berisiko": 250_000_000,
        "modal_tertimbang": 925_000_000, "atmr": 1_294_000_000, "volume_pinjaman": 1_560_000_000,
        "volume_pinjaman_anggota": 1_500_000_000, "pinjaman_diberikan": 1_240_000_000,
        "risiko_pinjaman_bermasalah": 59_000_000, "cadangan_risiko": 35_000_000, "beban_operasi_anggota": 220_000_000,
        "partisipasi_bruto": 285_000_000, "beban_usaha": 127_000_000, "shu_kotor": 210_000_000,
        "biaya_karyawan": 70_000_000, "kas_bank": 150_000_000, "kewajiban_lancar": 875_000_000,
        "dana_diterima": 1_380_000_000, "shu_sebelum_pajak": 75_000_000, "shu_bagian_anggota": 24_000_000,
        "partisipasi_neto": 200_000_000, "beban_perkoperasian": 8_000_000, "pendapatan": 10_000_000,
        "pea": 30_000_000, "simpanan_pokok_wajib": 300_000_000}
    answers = [True] * 10 + [False] * 2 + [True] * 5 + [False] * 1 + [True] * 3 + [False] * 2 \
        + [True] * 7 + [False] * 3 + [True] * 4 + [False] * 1   # the example's 10/12, 5/6, 3/5, 7/10, 4/5
    rec = health.create_or_update(ws, 2025, Method.PERDEP06_2016, rina, coop_key=k["B"], inputs=example,
                                  answers=answers, examiner="Rina", assessed_on=dt.date(2026, 3, 2))
    c = svc.get_cooperative(ws, k["B"])       # a draft is not a result yet
    assert (c.last_predicate, c.last_predicate_year) == (before.last_predicate, before.last_predicate_year)
    health.finalise(ws, rec.id, rina)
    c = svc.get_cooperative(ws, k["B"])
    assert (c.last_predicate, c.last_predicate_year) == (rec.predicate, 2025) == ("Sehat", 2025)


def test_dashboard(monitored):
    ws, rina, k = monitored
    d = svc.dashboard(ws, TODAY)
    assert d.total == 6 and d.by_status[CoopStatus.AKTIF] == 6
    assert d.by_predicate == {"Belum dinilai": 4, "Dalam Pengawasan Khusus": 1, "Sehat": 1}
    assert d.rat_year == 2024
    assert (d.rat[RatStatus.TEPAT_WAKTU], d.rat[RatStatus.TERLAMBAT], d.rat[RatStatus.TIDAK_DIADAKAN]) == (1, 1, 3)
    assert (d.visits_this_month, d.visits_this_year) == (0, 2)
    assert d.overdue_follow_ups == 1 and d.overdue[0].text == "Rekonsiliasi simpanan"
    assert (d.not_visited, d.inactive, d.warnings) == (5, 2, 2)
    assert sum(d.by_priority.values()) == 6


def test_correcting_a_recommendation_and_deleting_a_visit_entered_by_mistake(dinas):
    ws, rina, _ = dinas
    o = svc.add_officer(ws, rina, Officer(None, "Rina"))
    c = svc.add_cooperative(ws, rina, coop("KSP Kenanga"))
    v = svc.create_visit(ws, rina, coop_key=c.key, visited_on=D(2025, 5, 2), kind="pembinaan_usaha",
                         officer_ids=[o.id], representatives=[("Ani", "Ketua")], checklist={"sop_tersedia": True})
    r = svc.add_recommendation(ws, rina, v.id, text="Susun SOP", pic="Ketua", due_on=D(2025, 6, 1))
    r = svc.update_recommendation(ws, rina, r.id, text="Susun SOP simpan pinjam", pic="Manajer",
                                  due_on=D(2025, 7, 1))
    assert (r.text, r.pic, r.due_on) == ("Susun SOP simpan pinjam", "Manajer", D(2025, 7, 1))
    with pytest.raises(ValidationError, match="tidak boleh sebelum tanggal kunjungan"):
        svc.update_recommendation(ws, rina, r.id, text="x", pic="", due_on=D(2025, 5, 1))

    svc.add_problem(ws, rina, v.id, category="usaha", description="Tidak ada SOP", severity="sedang")
    svc.add_attachment(ws, rina, v.id, filename="a.pdf", data=PDF)
    mistaken = svc.create_visit(ws, rina, coop_key=c.key, visited_on=D(2025, 5, 3), kind="pembinaan_usaha",
                                officer_ids=[o.id])
    svc.add_recommendation(ws, rina, mistaken.id, text="Salah ketik", pic="", due_on=D(2025, 6, 3))
    svc.delete_visit(ws, rina, mistaken.id)
    assert [x.id for x in svc.list_visits(ws)] == [v.id]

    svc.add_follow_up(ws, rina, r.id, on=D(2025, 6, 1), status="proses")
    before = snapshot(ws)
    with pytest.raises(ValidationError, match="sudah mempunyai tindak lanjut"):
        svc.delete_visit(ws, rina, v.id)
    assert snapshot(ws) == before
