"""The RAT of a closed year through the services (spec §3): KSP Maju Bersama has 12 members at the end of 2025 and
closes the year with an SHU of Rp10.000.000. It plans its RAT for 14 March 2026, records the attendance (in person,
by proxy, online), watches the quorum (more than 1/2 of 12 -> 7), keeps the minutes with questions and answers,
numbers its decisions (01/RAT/2026 ...), approves the SHU by decision 03/RAT/2026 so it can be posted, elects a new
pengawas, and closes the meeting. Every refusal of the issue writes nothing."""

import datetime as dt

import pytest

from kopdesk.domain.coop import AdArt, Official
from kopdesk.domain.errors import PermissionDenied, ValidationError
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.domain.rat import AttendanceMode, ElectedOfficial, MeetingKind
from kopdesk.domain.users import Role
from kopdesk.services import closing, ledger, members, profile, rat, shu, users
from kopdesk.services import workspace as ws_svc
from kopdesk.services.check import check_workspace
from tests.builders import acct, post
from tests.conftest import PROFILE

D = dt.date
RAT_DAY = D(2026, 3, 14)
NAMES = ("Siti Aminah", "Budi Santoso", "Rina Wati", "Ahmad Fauzi", "Dewi Lestari", "Hendra Gunawan", "Nur Aisyah",
         "Yusuf Ramadhan", "Fitri Handayani", "Agus Salim", "Maya Sari", "Rudi Hartono", "Lina Marlina")
ALLOCATION = {"cadangan": 40, "jasa_modal": 40, "dana_pengurus": 5, "dana_karyawan": 5, "dana_pendidikan": 5,
              "dana_sosial": "2.5", "dana_pdk": "2.5"}


def nik(i: int, female: bool) -> str:
    return f"637202{(10 + i) + (40 if female else 0):02d}0585{i + 1:04d}"


class Kop:
    def __init__(self, ws, admin):
        self.ws, self.admin = ws, admin
        self.by_name = {m.full_name: m for m in members_of(ws)}

    def m(self, name: str):
        return self.by_name[name]

    def counts(self):
        """Everything a refused call must leave untouched."""
        return tuple(self.ws.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("rat_meetings", "rat_agenda", "rat_attendance", "rat_questions", "rat_decisions",
                               "officials", "shu_distributions", "number_series", "audit_log"))


def members_of(ws):
    return [r.member for r in members.search(ws, "", (), limit=1000)]


def build(tmp_path, *, proxies: bool = True) -> Kop:
    """13 members joined on 2 January 2025 with pokok 100.000 and wajib 600.000; Lina Marlina leaves on 20 February
    2026, before the RAT (12 members remain). Other income of 10 juta: the 2025 SHU after tax is 10 juta."""
    ws, admin = ws_svc.create_workspace(tmp_path / "rat.kopdesk", profile=PROFILE, admin_full_name="Siti Rahmah",
                                        adart=AdArt(simpanan_pokok=100_000, proxies_allowed=proxies,
                                                    max_proxies_per_member=1))
    items = [members.NewMember(Member(None, "", name, nik(i, i % 2 == 0), "P" if i % 2 == 0 else "L",
                                      birth_date=D(1985, 5, 10 + i), join_date=D(2025, 1, 2)),
                               {"POKOK": 100_000, "WAJIB": 600_000}) for i, name in enumerate(NAMES)]
    members.register_many(ws, items, opening_date=D(2025, 1, 2), by=admin)
    post(ws, admin, D(2025, 1, 3), "Saldo awal kas", ("1-1100", 30_000_000, 0), ("3-9000", 0, 30_000_000),
         series="JS")
    post(ws, admin, D(2025, 12, 20), "Pendapatan lain-lain 2025", ("1-1100", 10_000_000, 0),
         ("4-3100", 0, 10_000_000), series="KM")
    shu.set_allocation(ws, 2025, ALLOCATION, admin)
    ledger.lock_period(ws, D(2025, 12, 31), admin)
    closing.close_year(ws, 2025, admin)
    k = Kop(ws, admin)
    members.exit_member(ws, k.m("Lina Marlina").id, on=D(2026, 2, 20), status=MemberStatus.KELUAR,
                        reason="Pindah domisili", cash_account_id=acct(ws, "1-1100"), by=admin)
    for body, role, name in (("pengurus", "Ketua", "H. Abdul Karim"), ("pengurus", "Sekretaris", "Sri Wahyuni"),
                             ("pengawas", "Ketua Pengawas", "Bambang Irawan"),
                             ("pengawas", "Anggota Pengawas", "Ratna Dewi")):
        profile.save_official(ws, Official(None, body, role, name, D(2021, 3, 20), D(2026, 3, 19)), admin)
    return k


@pytest.fixture
def kop(tmp_path):
    k = build(tmp_path)
    yield k
    report = check_workspace(k.ws.path)
    assert report.ok, report.text()
    k.ws.close()


def plan(k: Kop, **kw):
    values = dict(kind=MeetingKind.RAT, year=2025, held_on=RAT_DAY, start_time="09:00",
                  place="Aula Kantor Desa Loktabat Utara", chair="H. Abdul Karim", notulis="Sri Wahyuni",
                  invitation_date=D(2026, 2, 27), witnesses=("Budi Santoso", "Rina Wati"),
                  guests=("Dinas Koperasi dan UKM Kota Banjarbaru",))
    values.update(kw)
    return rat.create_meeting(k.ws, k.admin, **values)


def attend(k: Kop, meeting_id: int, names, mode=AttendanceMode.LANGSUNG, proxy: str | None = None):
    for n in names:
        rat.record_attendance(k.ws, k.admin, meeting_id, k.m(n).id, mode,
                              k.m(proxy).id if proxy else None)


def test_a_whole_rat_of_2025_from_invitation_to_closing(kop):
    ws, admin = kop.ws, kop.admin
    m = plan(kop)
    assert m.invitation_number == "001/UND/RAT/II/2026"
    assert m.title == "Rapat Anggota Tahunan Tahun Buku 2025"
    assert (m.status, m.registered_members, len(m.agenda)) == ("rencana", 12, 11)   # Lina left before the day
    assert m.agenda[4].title.startswith("Laporan pertanggungjawaban pengurus")
    assert "Kuorum" in m.tata_tertib
    assert rat.rat_for_year(ws, 2025).id == m.id

    # quorum "more than 1/2" of 12 -> 7; five in person, one online is refused (a luring meeting) ...
    attend(kop, m.id, NAMES[:5])
    q = rat.quorum(ws, m.id)
    assert (q.registered, q.present, q.needed, q.postponed_needed, q.reached) == (12, 5, 7, 4, False)
    assert q.rule_text == "lebih dari 1/2 anggota terdaftar"
    with pytest.raises(ValidationError, match="kehadiran daring"):
        attend(kop, m.id, ["Nur Aisyah"], AttendanceMode.DARING)
    # ... so the meeting becomes hybrid; one online, one by proxy held by Budi
    m = rat.update_meeting(ws, admin, m.id, mode="hybrid", online_link="https://meet.example.id/rat-2025")
    attend(kop, m.id, ["Nur Aisyah"], AttendanceMode.DARING)
    attend(kop, m.id, ["Yusuf Ramadhan"], AttendanceMode.KUASA, proxy="Budi Santoso")
    q = rat.quorum(ws, m.id)
    assert (q.in_person, q.by_proxy, q.online, q.present, q.reached, q.short) == (5, 1, 1, 7, True, 0)
    people = rat.attendance(ws, m.id)
    assert [a.name for a in people][:2] == ["Siti Aminah", "Budi Santoso"]
    yusuf = next(a for a in people if a.name == "Yusuf Ramadhan")
    assert (yusuf.mode, yusuf.proxy_name, yusuf.gender) == (AttendanceMode.KUASA, "Budi Santoso", "L")

    # minutes: the LPJ item's notes and a member's question
    rat.set_agenda_notes(ws, admin, m.id, 5, "Ketua pengurus membacakan LPJ tahun buku 2025.")
    qa = rat.add_question(ws, admin, m.id, 7, asker="", member_id=kop.m("Dewi Lestari").id,
                          question="Mengapa jasa sukarela tidak naik?", answer="Pendapatan bunga bank turun.",
                          answered_by="Bendahara")
    assert (qa.seq, qa.asker) == (1, "Dewi Lestari")
    m = rat.get_meeting(ws, m.id)
    assert m.item(5).notes.startswith("Ketua pengurus")
    assert m.item(7).questions[0].answer == "Pendapatan bunga bank turun."

    # decisions: 01 acara, 02 LPJ by vote, 03 SHU -> the SHU is approved and can be posted
    d1 = rat.add_decision(ws, admin, m.id, kind="umum", title="Pengesahan acara dan tata tertib", text="Disahkan.",
                          agenda_seq=3)
    d2 = rat.add_decision(ws, admin, m.id, kind="lpj", title="Pengesahan LPJ pengurus tahun buku 2025",
                          text="LPJ dan laporan keuangan diterima.", voting="suara", votes_for=6, votes_against=1,
                          votes_abstain=0, agenda_seq=7)
    assert (d1.number, d2.number, d2.accepted) == ("01/RAT/2026", "02/RAT/2026", True)
    assert d2.voting_text == "Pemungutan suara: setuju 6, tidak setuju 1, abstain 0"
    with pytest.raises(ValidationError, match="belum disetujui"):
        shu.post(ws, 2025, admin, on=RAT_DAY)
    d3 = rat.add_decision(ws, admin, m.id, kind="shu", title="Penetapan pembagian SHU tahun buku 2025",
                          text="SHU dibagi sesuai usulan pengurus.", agenda_seq=8)
    assert d3.number == "03/RAT/2026"
    lst = shu.shu_list(ws, 2025)
    assert (lst.status, lst.decision_ref, lst.shu) == ("disetujui", "03/RAT/2026", 10_000_000)
    posted = shu.post(ws, 2025, admin, on=RAT_DAY)
    assert "03/RAT/2026" in ledger.get_journal(ws, posted.journal_id).description

    # an election: Ratna's seat goes to Maya Sari for 2026-2031; Bambang stays
    d4 = rat.add_decision(ws, admin, m.id, kind="pemilihan", title="Pemilihan anggota pengawas",
                          text="Maya Sari terpilih sebagai anggota pengawas.", voting="suara", votes_for=5,
                          votes_against=2, agenda_seq=10, elected=[ElectedOfficial(
                              "pengawas", "Anggota Pengawas", "Maya Sari", RAT_DAY, D(2031, 3, 13))])
    assert d4.elected[0].name == "Maya Sari"
    active = {(o.role, o.name, o.term_start, o.term_end) for o in profile.list_officials(ws, active_only=True)
              if o.body == "pengawas"}
    assert active == {("Ketua Pengawas", "Bambang Irawan", D(2021, 3, 20), D(2026, 3, 19)),
                      ("Anggota Pengawas", "Maya Sari", RAT_DAY, D(2031, 3, 13))}
    assert any(o.name == "Ratna Dewi" and not o.active for o in profile.list_officials(ws))

    assert [d.number for d in rat.decisions(ws, m.id)] == ["01/RAT/2026", "02/RAT/2026", "03/RAT/2026",
                                                           "04/RAT/2026"]
    done = rat.close_meeting(ws, admin, m.id, end_time="12:30")
    assert (done.status, done.end_time, done.registered_members) == ("selesai", "12:30", 12)
    d = rat.deadlines(ws, 2025, D(2026, 11, 26))
    assert (d.rat_due, d.report_ready_by, d.state, d.days_left) == (D(2026, 6, 30), D(2026, 2, 14), "selesai", None)

    # frozen: nothing more can be added, by the service or by hand
    before = kop.counts()
    with pytest.raises(ValidationError, match="sudah ditutup"):
        attend(kop, m.id, ["Agus Salim"])
    with pytest.raises(ValidationError, match="sudah ditutup"):
        rat.add_decision(ws, admin, m.id, kind="umum", title="Lain-lain", text="")
    with pytest.raises(ValidationError, match="sudah ditutup"):
        rat.update_meeting(ws, admin, m.id, place="Balai desa")
    for sql in ("DELETE FROM rat_attendance", "UPDATE rat_decisions SET title = 'x'",
                "INSERT INTO rat_attendance (meeting_id, member_id, mode, recorded_at) VALUES "
                f"({m.id}, {kop.m('Agus Salim').id}, 'langsung', 'x')", "UPDATE rat_meetings SET place = 'x'",
                "UPDATE rat_agenda SET notes = 'x'", "DELETE FROM rat_questions"):
        with pytest.raises(Exception, match="dokumen beku"):
            ws.db.execute(sql)
    assert kop.counts() == before


def test_refusals_write_nothing(kop):
    ws, admin = kop.ws, kop.admin
    m = plan(kop)
    attend(kop, m.id, NAMES[:7])
    before = kop.counts()
    # a member who has left before the meeting
    with pytest.raises(ValidationError) as e:
        attend(kop, m.id, ["Lina Marlina"])
    assert "Lina Marlina sudah keluar sejak 20-02-2026" in e.value.message
    # a duplicate attendance
    with pytest.raises(ValidationError) as e:
        attend(kop, m.id, ["Siti Aminah"])
    assert "Siti Aminah sudah tercatat hadir (hadir langsung)" in e.value.message
    # a batch with one bad row writes none of its good rows, and lists every problem
    with pytest.raises(ValidationError) as e:
        rat.record_attendance_many(ws, admin, m.id, [(kop.m("Agus Salim").id, "langsung", None),
                                                     (kop.m("Lina Marlina").id, "langsung", None),
                                                     (kop.m("Budi Santoso").id, "langsung", None)])
    assert len(e.value.problems) == 2
    # a decision number already used
    rat.add_decision(ws, admin, m.id, kind="umum", title="Pengesahan acara", text="Disahkan.")
    before = kop.counts()
    with pytest.raises(ValidationError) as e:
        rat.add_decision(ws, admin, m.id, kind="lpj", title="Pengesahan LPJ", text="Diterima.", number="01/RAT/2026")
    assert "Nomor keputusan 01/RAT/2026 sudah dipakai" in e.value.message
    # several problems at once, each naming its field
    with pytest.raises(ValidationError) as e:
        rat.add_decision(ws, admin, m.id, kind="hadiah", title=" ", text="", voting="suara", votes_for=5,
                         votes_against=None, agenda_seq=40)
    assert any("Jenis keputusan" in p for p in e.value.problems)
    assert any("Judul keputusan" in p for p in e.value.problems)
    assert any("suara setuju dan tidak setuju" in p for p in e.value.problems)
    assert any("Mata acara nomor 40" in p for p in e.value.problems)
    # votes beyond those present
    with pytest.raises(ValidationError, match="melebihi anggota yang hadir"):
        rat.add_decision(ws, admin, m.id, kind="lpj", title="LPJ", text="", voting="suara", votes_for=6,
                         votes_against=2)
    # closing without an end time after the start
    with pytest.raises(ValidationError, match="Jam selesai harus sesudah jam mulai"):
        rat.close_meeting(ws, admin, m.id, end_time="08:00")
    assert kop.counts() == before


def test_a_meeting_for_a_year_not_yet_closed_is_refused_and_one_rat_per_year(kop):
    ws, admin = kop.ws, kop.admin
    before = kop.counts()
    with pytest.raises(ValidationError) as e:
        plan(kop, year=2026, held_on=D(2026, 12, 10))
    assert e.value.problems == ["Tahun buku 2026 belum ditutup (tutup buku); RAT tahun buku 2026 baru bisa "
                                "dijadwalkan sesudah tutup buku.",
                                "Tanggal rapat harus sesudah akhir tahun buku 2026 (31-12-2026)."]
    with pytest.raises(ValidationError) as e:
        plan(kop, held_on=D(2025, 12, 30), place="", start_time="9 pagi")
    assert e.value.problems == ["Tanggal rapat harus sesudah akhir tahun buku 2025 (31-12-2025).",
                                "Tempat rapat wajib diisi untuk rapat luring atau hybrid.",
                                "Jam mulai harus berformat JJ:MM (misalnya 09:00); yang dimasukkan: '9 pagi'.",
                                "Tanggal surat undangan tidak boleh sesudah tanggal rapat."]
    assert kop.counts() == before
    plan(kop)
    with pytest.raises(ValidationError, match="satu tahun buku satu RAT"):
        plan(kop, held_on=D(2026, 4, 1))
    # an RALB needs no closed year; its invitation is the next letter of the year
    ralb = rat.create_meeting(ws, admin, kind="RALB", year=None, held_on=D(2026, 8, 1), place="Aula",
                              invitation_date=D(2026, 7, 15), agenda=["Perubahan AD/ART"])
    assert (ralb.invitation_number, ralb.title, len(ralb.agenda)) == ("002/UND/RALB/VII/2026",
                                                                     "Rapat Anggota Luar Biasa", 1)
    assert [x.kind for x in rat.list_meetings(ws)] == [MeetingKind.RAT, MeetingKind.RALB]


def test_proxies_follow_the_adart(kop, tmp_path):
    ws, admin = kop.ws, kop.admin
    m = plan(kop)
    attend(kop, m.id, ["Siti Aminah"])
    attend(kop, m.id, ["Budi Santoso"], AttendanceMode.KUASA, proxy="Siti Aminah")
    before = kop.counts()
    with pytest.raises(ValidationError) as e:            # one proxy per holder
        attend(kop, m.id, ["Rina Wati"], AttendanceMode.KUASA, proxy="Siti Aminah")
    assert "sudah mewakili 1 anggota (batas AD/ART 1)" in e.value.message
    with pytest.raises(ValidationError, match="belum tercatat hadir"):    # the holder must be present
        attend(kop, m.id, ["Rina Wati"], AttendanceMode.KUASA, proxy="Agus Salim")
    with pytest.raises(ValidationError, match="kuasa tidak bisa dialihkan"):
        attend(kop, m.id, ["Rina Wati"], AttendanceMode.KUASA, proxy="Budi Santoso")
    with pytest.raises(ValidationError, match="memegang kuasa"):
        rat.remove_attendance(ws, admin, m.id, kop.m("Siti Aminah").id)
    assert kop.counts() == before
    rat.remove_attendance(ws, admin, m.id, kop.m("Budi Santoso").id)
    assert rat.quorum(ws, m.id).present == 1
    # a cooperative whose ART forbids proxies
    (tmp_path / "tanpa-kuasa").mkdir()
    other = build(tmp_path / "tanpa-kuasa", proxies=False)
    try:
        m2 = plan(other)
        attend(other, m2.id, ["Siti Aminah"])
        with pytest.raises(ValidationError, match="tidak mengizinkan kuasa"):
            attend(other, m2.id, ["Budi Santoso"], AttendanceMode.KUASA, proxy="Siti Aminah")
    finally:
        other.ws.close()


def test_no_decision_without_quorum_and_the_postponed_meeting(kop):
    ws, admin = kop.ws, kop.admin
    m = plan(kop)
    attend(kop, m.id, NAMES[:4])
    before = kop.counts()
    with pytest.raises(ValidationError, match=r"Kuorum belum tercapai \(4 hadir dari 7"):
        rat.add_decision(ws, admin, m.id, kind="umum", title="Acara", text="")
    with pytest.raises(ValidationError, match="Kuorum tidak tercapai"):
        rat.close_meeting(ws, admin, m.id, end_time="11:00")
    assert kop.counts() == before
    # postponed half an hour, the meeting is valid with 1/3 of 12 = 4 present
    m = rat.update_meeting(ws, admin, m.id, postponed=True, start_time="09:30")
    q = rat.quorum(ws, m.id)
    assert (q.required, q.reached) == (4, True)
    assert "rapat yang ditunda sah dengan sekurang-kurangnya 1/3" in q.rule_text
    rat.add_decision(ws, admin, m.id, kind="umum", title="Acara", text="Disahkan.")
    assert rat.close_meeting(ws, admin, m.id, end_time="11:00").closed


def test_a_rejected_shu_decision_does_not_approve_and_a_viewer_cannot_decide(kop):
    ws, admin = kop.ws, kop.admin
    m = plan(kop)
    attend(kop, m.id, NAMES[:8])
    d = rat.add_decision(ws, admin, m.id, kind="shu", title="Usulan pembagian SHU", text="Ditolak.", voting="suara",
                         votes_for=3, votes_against=5, votes_abstain=0)
    assert not d.accepted
    assert shu.shu_list(ws, 2025).status == "pratinjau"
    pengawas, _ = users.add_user(ws, username="pengawas", full_name="Bambang Irawan", role=Role.PENGAWAS,
                                 password=None, by=admin)
    before = kop.counts()
    with pytest.raises(PermissionDenied):
        rat.add_decision(ws, pengawas, m.id, kind="umum", title="Acara", text="")
    with pytest.raises(PermissionDenied):
        rat.record_attendance(ws, pengawas, m.id, kop.m("Agus Salim").id, "langsung")
    assert kop.counts() == before
    # the revised proposal is accepted by consensus and approves the SHU
    d = rat.add_decision(ws, admin, m.id, kind="shu", title="Pembagian SHU (usulan perbaikan)", text="Disetujui.")
    assert (d.number, shu.shu_list(ws, 2025).decision_ref) == ("02/RAT/2026", "02/RAT/2026")
    with pytest.raises(ValidationError, match="sudah mempunyai keputusan pembagian SHU"):
        rat.add_decision(ws, admin, m.id, kind="shu", title="Lagi", text="")


def test_deadlines_for_beranda(kop):
    ws = kop.ws
    early = rat.upcoming_deadlines(ws, D(2026, 1, 10))
    assert [(d.year, d.state, d.rat_due, d.report_ready_by, d.days_left) for d in early] == [
        (2025, "belum_dijadwalkan", D(2026, 6, 30), D(2026, 5, 30), 171),
        (2026, "belum_dijadwalkan", D(2027, 6, 30), D(2027, 5, 30), 536)]
    m = plan(kop)
    d = rat.deadlines(ws, 2025, D(2026, 2, 1))
    assert (d.state, d.meeting.id, d.report_ready_by) == ("dijadwalkan", m.id, D(2026, 2, 14))
    late = rat.deadlines(ws, 2025, D(2026, 7, 1))
    assert (late.state, late.days_left) == ("terlambat", -1)


def test_report_book_texts_per_year(kop):
    ws, admin = kop.ws, kop.admin
    assert rat.get_texts(ws, 2025) == {}
    rat.save_text(ws, admin, 2025, "pendahuluan", "Puji syukur ...")
    rat.save_text(ws, admin, 2025, "masalah", "Tunggakan pinjaman.")
    rat.save_text(ws, admin, 2024, "masalah", "Lain tahun.")
    assert rat.get_texts(ws, 2025) == {"masalah": "Tunggakan pinjaman.", "pendahuluan": "Puji syukur ..."}
    rat.save_text(ws, admin, 2025, "masalah", "  ")                 # back to the default
    assert rat.get_texts(ws, 2025) == {"pendahuluan": "Puji syukur ..."}
    with pytest.raises(ValidationError, match="tidak dikenal"):
        rat.save_text(ws, admin, 2025, "sambutan", "x")


def test_the_demo_cooperative_held_a_rat_for_each_closed_year(tmp_path):
    from kopdesk.services.demo import build_demo
    from kopdesk.services.workspace import open_workspace

    today = D(2026, 11, 26)
    ws = open_workspace(build_demo(tmp_path / "demo.kopdesk", seed=1, today=today), readonly=True)
    try:
        years = [m.year for m in rat.list_meetings(ws) if m.kind == MeetingKind.RAT]
        assert years == [2023, 2024, 2025]
        for year in years:
            m = rat.rat_for_year(ws, year)
            q = rat.quorum(ws, m.id)
            assert (m.status, m.held_on) == ("selesai", D(year + 1, 3, 28))
            assert q.reached and q.present > q.registered / 2 and q.by_proxy > 0
            assert all(item.notes for item in m.agenda) and sum(len(i.questions) for i in m.agenda) == 4
            ds = rat.decisions(ws, m.id)
            assert [d.number for d in ds] == [f"0{i}/RAT/{year + 1}" for i in range(1, 5)]
            shu_decision = next(d for d in ds if d.kind == "shu")
            lst = shu.shu_list(ws, year)
            assert (lst.status, lst.decision_ref) == ("dibukukan", shu_decision.number)
            assert rat.deadlines(ws, year, today).state == "selesai"
        assert rat.quorum(ws, rat.rat_for_year(ws, 2025).id).online > 0
        assert [d.year for d in rat.upcoming_deadlines(ws, today)] == [2026]
    finally:
        ws.close()
