"""Dinas documents read back from the PDF: the berita acara of a visit, a cooperative's coaching history, visits per
officer, the inactive cooperatives and the follow-up status. Every figure is checked against the services."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.dinas import Cooperative, CoopOfficial, FollowUpStatus, Officer, Severity, VisitKind
from kopdesk.domain.health.scoring import Method
from kopdesk.reports import dinas_reports as dr
from kopdesk.services import dinas
from kopdesk.services import health as health_svc
from kopdesk.services import workspace as ws_svc

TODAY = dt.date(2025, 11, 25)
DINAS = CoopProfile(name="Dinas Koperasi dan UKM Kota Banjarbaru", street="Jl. Pangeran Suriansyah No. 5",
                    kabupaten_kota="Kota Banjarbaru", province="Kalimantan Selatan", signing_city="Banjarbaru")


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def office(tmp_path):
    """A small Dinas office: two officers, three cooperatives, three visits with problems, recommendations and
    follow-ups in every state, RAT history and one health assessment."""
    ws, admin = ws_svc.create_workspace(tmp_path / "dinas.kopdesk", kind=WorkspaceKind.DINAS, profile=DINAS,
                                        admin_full_name="Rahmat Hidayat")
    rina = dinas.add_officer(ws, admin, Officer(None, "Rina Marlina", "198003152005012003",
                                                "Pengawas Koperasi Ahli Muda"))
    budi = dinas.add_officer(ws, admin, Officer(None, "Budi Santoso", "197612012003121002", "Penyuluh Koperasi"))
    maju = dinas.add_cooperative(ws, admin, Cooperative(
        name="KSP Maju Bersama", legal_number="188.4/123/BH/XIX/2015", legal_date=dt.date(2015, 3, 2),
        nik_koperasi="6372010000012345", address="Jl. A. Yani Km 33 No. 12", desa="Loktabat Utara",
        kecamatan="Banjarbaru Utara", kabupaten="Kota Banjarbaru", provinsi="Kalimantan Selatan", coop_type="KSP",
        members_male=120, members_female=95, last_rat_date=dt.date(2025, 3, 15),
        officials=(CoopOfficial("ketua", "H. Abdul Karim", "081234567890"),
                   CoopOfficial("bendahara", "Siti Rahmah", "081298765432"))))
    lama = dinas.add_cooperative(ws, admin, Cooperative(
        name="KSU Sejahtera Lama", kecamatan="Cempaka", kabupaten="Kota Banjarbaru", coop_type="KSU",
        last_rat_date=dt.date(2021, 3, 20)))
    telat = dinas.add_cooperative(ws, admin, Cooperative(
        name="Kopkar Sinar Pagi", kecamatan="Landasan Ulin", kabupaten="Kota Banjarbaru", coop_type="KOPKAR",
        last_rat_date=dt.date(2024, 4, 10)))
    dinas.record_rat(ws, admin, maju.key, 2023, dt.date(2024, 3, 9))
    dinas.record_rat(ws, admin, maju.key, 2024, dt.date(2025, 7, 12))

    v1 = dinas.create_visit(
        ws, admin, coop_key=maju.key, visited_on=dt.date(2025, 9, 2), kind=VisitKind.PEMBINAAN_KEUANGAN,
        officer_ids=[rina.id, budi.id], start_time="09:00", end_time="11:30", surat_tugas="800/412/DKUKM/IX/2025",
        representatives=(("H. Abdul Karim", "Ketua"), ("Siti Rahmah", "Bendahara")),
        checklist={"rat_diadakan": True, "buku_mutakhir": False, "sop_tersedia": None},
        observations="Buku kas dicatat sampai Juli; kartu pinjaman belum dicocokkan dengan buku besar.",
        next_visit_on=dt.date(2025, 12, 2))
    dinas.add_problem(ws, admin, v1.id, category="keuangan", description="Pembukuan terlambat dua bulan",
                      severity=Severity.TINGGI)
    r1 = dinas.add_recommendation(ws, admin, v1.id, text="Mutakhirkan buku kas dan buku besar",
                                  pic="Siti Rahmah (Bendahara)", due_on=dt.date(2025, 10, 31))
    r2 = dinas.add_recommendation(ws, admin, v1.id, text="Susun SOP simpan pinjam", pic="H. Abdul Karim",
                                  due_on=dt.date(2025, 12, 31))
    dinas.add_follow_up(ws, admin, r1.id, on=dt.date(2025, 10, 15), status=FollowUpStatus.PROSES,
                        note="Buku kas sudah sampai September", evidence="foto buku kas")
    dinas.add_follow_up(ws, admin, r2.id, on=dt.date(2025, 11, 20), status=FollowUpStatus.SELESAI,
                        note="SOP disahkan rapat pengurus")
    v2 = dinas.create_visit(ws, admin, coop_key=lama.key, visited_on=dt.date(2025, 10, 7),
                            kind=VisitKind.PENDAMPINGAN_RAT, officer_ids=[rina.id])
    r3 = dinas.add_recommendation(ws, admin, v2.id, text="Adakan RAT tahun buku 2024", pic="Ketua",
                                  due_on=dt.date(2025, 11, 15))
    dinas.add_follow_up(ws, admin, r3.id, on=dt.date(2025, 11, 16), status=FollowUpStatus.TIDAK_SELESAI,
                        note="Pengurus tidak hadir")
    dinas.create_visit(ws, admin, coop_key=telat.key, visited_on=dt.date(2025, 6, 30),
                       kind=VisitKind.VERIFIKASI_ODS, officer_ids=[budi.id])
    health_svc.create_or_update(ws, 2024, Method.PERDEP06_2016, admin, coop_key=maju.key, examiner="Rina Marlina",
                                assessed_on=dt.date(2025, 9, 2))
    yield ws, admin, {"maju": maju, "lama": lama, "telat": telat, "v1": v1, "v2": v2, "rina": rina, "budi": budi}
    ws.close()


def test_berita_acara_has_the_visit_and_both_sides_signatures(office, tmp_path):
    ws, _admin, k = office
    out = dr.visit_report_pdf(ws, k["v1"].id, tmp_path / "ba.pdf")
    text = text_of(out)
    t = flat(text)
    visit = dinas.get_visit(ws, k["v1"].id)
    assert "BERITA ACARA KUNJUNGAN PEMBINAAN" in t
    assert "Nomor: 800/412/DKUKM/IX/2025" in t
    assert "DINAS KOPERASI DAN UKM KOTA BANJARBARU" in t
    assert "Pada hari ini Selasa, tanggal 2 September 2025, pukul 09.00 s.d. 11.30" in t
    assert "KSP Maju Bersama" in t and "188.4/123/BH/XIX/2015 tanggal 2 Maret 2015" in t
    for o in visit.officers:
        assert o.name in t and f"NIP {o.nip}" in t
    assert "Perwakilan koperasi," in t and "Petugas pembina," in t
    assert "RAT tahun lalu sudah diadakan? Ya" in t
    assert "Tidak diperiksa" in t
    assert "Pembukuan terlambat dua bulan" in t and "Tinggi" in t
    for r in visit.recommendations:
        assert r.text in t and r.pic in t
    assert "Mutakhirkan buku kas dan buku besar Siti Rahmah (Bendahara) 31-10-2025" in t
    assert "Kunjungan berikutnya direncanakan pada 2 Desember 2025." in t
    assert "Banjarbaru, 2 September 2025" in t
    assert re.search(r"Halaman 1 dari \d", t)


def test_coaching_history_lists_visits_findings_follow_ups_health_and_rat(office, tmp_path):
    ws, _admin, k = office
    key = k["maju"].key
    out = dr.coaching_history_pdf(ws, key, tmp_path / "riwayat.pdf", today=TODAY)
    t = flat(text_of(out))
    assert "RIWAYAT PEMBINAAN KOPERASI" in t and "KSP Maju Bersama" in t
    assert "215 orang (120 L, 95 P)" in t
    assert "H. Abdul Karim 081234567890" in t
    # RAT history from the service: 2023 on time (09-03-2024), 2024 late (12-07-2025, after 30 June)
    rats = {r.year: r for r in dinas.rat_history(ws, key)}
    assert set(rats) == {2023, 2024}
    assert "2023 09-03-2024 Tepat waktu" in t
    assert "2024 12-07-2025 Terlambat" in t
    # health: the one assessment with its predicate
    rec = health_svc.history(ws, coop_key=key)[0]
    assert f"{rec.year} Perdep 06/2016" in t
    assert (rec.predicate or "-") in t
    visits = dinas.list_visits(ws, coop_key=key)
    assert len(visits) == 1
    assert "02-09-2025 Pembinaan keuangan" in t and "1 temuan, 2 rekomendasi" in t
    assert "Pembukuan terlambat dua bulan" in t
    open_recs = [r for r in dinas.list_recommendations(ws, coop_key=key) if r.status.open]
    overdue = [r for r in open_recs if r.overdue(TODAY)]
    assert f"Masih terbuka: {len(open_recs)} rekomendasi, di antaranya {len(overdue)} lewat batas waktu." in t
    assert len(open_recs) == 1 and len(overdue) == 1
    assert "Dalam proses (lewat batas)" in t
    assert "15-10-2025 Dalam proses: Buku kas sudah sampai September (bukti: foto buku kas)" in t
    assert "20-11-2025 Selesai: SOP disahkan rapat pengurus" in t


def test_visits_per_officer_counts_each_officers_visits(office, tmp_path):
    ws, _admin, k = office
    start, end = dt.date(2025, 7, 1), dt.date(2025, 10, 31)
    out = dr.visits_per_officer_pdf(ws, start, end, tmp_path / "petugas.pdf")
    t = flat(text_of(out))
    assert "Periode 1 Juli 2025 s.d. 31 Oktober 2025" in t
    visits = dinas.list_visits(ws, date_from=start, date_to=end)
    assert len(visits) == 2     # the 30 June visit is outside the period
    assert (f"Jumlah kunjungan dalam periode: {len(visits)} kunjungan ke "
            f"{len({v.coop_key for v in visits})} koperasi") in t
    for officer in (k["rina"], k["budi"]):
        mine = dinas.list_visits(ws, date_from=start, date_to=end, officer_id=officer.id)
        assert f"{officer.name} ({len(mine)} kunjungan)" in t
    assert "Rina Marlina (2 kunjungan)" in t and "Budi Santoso (1 kunjungan)" in t
    report = dr.build_visits_per_officer(ws, start, end)
    assert [(x.name, x.visits, x.cooperatives) for x in report.lines] == [
        ("Rina Marlina", 2, 2), ("Budi Santoso", 1, 1)]


def test_inactive_list_follows_the_threshold_setting(office, tmp_path):
    ws, admin, k = office
    t = flat(text_of(dr.inactive_pdf(ws, TODAY, tmp_path / "tidak-aktif.pdf")))
    rep = dinas.inactive_cooperatives(ws, TODAY)
    assert [r.coop.key for r in rep.inactive] == [k["lama"].key]
    assert "dalam 3 tahun terakhir (RAT terakhir pada atau sebelum 25 November 2022)" in t
    assert f"Tidak aktif: {len(rep.inactive)} dari 3 koperasi binaan" in t
    assert f"peringatan (sudah melewatkan RAT, belum tidak aktif): {len(rep.warnings)} koperasi" in t
    assert "KSU Sejahtera Lama" in t and "20-03-2021" in t
    # the 2-year threshold (spec §8.4) is a setting: the report follows it
    dinas.save_settings(ws, admin, inactive_threshold_years=2)
    t2 = flat(text_of(dr.inactive_pdf(ws, TODAY, tmp_path / "tidak-aktif-2.pdf")))
    assert "dalam 2 tahun terakhir (RAT terakhir pada atau sebelum 25 November 2023)" in t2


def test_follow_up_status_counts_every_state(office, tmp_path):
    ws, _admin, _k = office
    t = flat(text_of(dr.follow_up_status_pdf(ws, TODAY, tmp_path / "tl.pdf")))
    recs = dinas.list_recommendations(ws)
    assert len(recs) == 3
    counts = {st: sum(1 for r in recs if r.status == st) for st in FollowUpStatus}
    assert counts == {FollowUpStatus.TERBUKA: 0, FollowUpStatus.PROSES: 1, FollowUpStatus.SELESAI: 1,
                      FollowUpStatus.TIDAK_SELESAI: 1}
    assert ("Jumlah rekomendasi 3 (Terbuka: 0; Dalam proses: 1; Selesai: 1; Tidak dilaksanakan: 1). "
            "Lewat batas waktu dan belum selesai: 1.") in t
    assert "Dalam proses, lewat 25 hari" in t      # due 31-10-2025, today 25-11-2025
    overdue = dinas.overdue_recommendations(ws, TODAY)
    assert [r.days_overdue(TODAY) for r in overdue] == [25]
    # the overdue one is listed first
    assert t.index("Mutakhirkan buku kas") < t.index("Susun SOP simpan pinjam")
