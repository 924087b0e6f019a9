"""RAT like a secretary: plan the RAT of 2025 in the dialog, record attendance by member number and watch the
quorum banner turn green, be told in place that a member who left cannot attend, add decisions, close the meeting;
Beranda shows the RAT deadlines with warnings. Checked in the database."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from kopdesk.domain.rat import MeetingKind, RatDeadlines
from kopdesk.services import rat
from kopdesk.ui.screens.beranda import rat_deadline_lines
from kopdesk.ui.style import DANGER, OK, WARN
from tests.services.test_rat import build

D = dt.date
LEFT = Qt.MouseButton.LeftButton


def counts(ws):
    return tuple(ws.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("rat_meetings", "rat_attendance", "rat_decisions", "audit_log"))


def type_member(qtbot, picker, number: str) -> None:
    picker.clear()
    qtbot.keyClicks(picker, number)
    assert picker.member() is not None and picker.member().number == number


def test_plan_attend_decide_and_close_the_rat_of_2025(qtbot, window, fake, tmp_path):
    k = build(tmp_path)
    try:
        window.open_workspace(k.ws, k.admin)
        ws = window.session.ws
        scr = window.view.go("rat")
        assert scr.empty.isVisible() and not scr.detail.isVisible()

        dlg = scr.new_meeting()
        dlg.kind.setCurrentIndex(dlg.kind.findData(MeetingKind.RAT.value))
        dlg.year.setValue(2025)
        dlg.held_on.setDate(QDate(2026, 3, 14))
        dlg.invitation_date.setDate(QDate(2026, 2, 27))
        assert not dlg.ok_button.isEnabled()                      # no place yet
        qtbot.keyClicks(dlg.place, "Aula Kantor Desa Loktabat Utara")
        assert dlg.ok_button.isEnabled()
        qtbot.mouseClick(dlg.ok_button, LEFT)
        m = rat.rat_for_year(ws, 2025)
        assert (m.held_on, m.place, m.start_time, m.invitation_number) == (D(2026, 3, 14),
                                                                          "Aula Kantor Desa Loktabat Utara", "09:00",
                                                                          "001/UND/RAT/II/2026")
        assert scr.meeting.id == m.id and "Rapat Anggota Tahunan Tahun Buku 2025" in scr.header.text()

        # the chair and notulis on the first tab
        acara = scr.acara
        acara.chair.setText("H. Abdul Karim")
        acara.notulis.setText("Sri Wahyuni")
        qtbot.mouseClick(acara.save_button, LEFT)
        assert (rat.get_meeting(ws, m.id).chair, rat.get_meeting(ws, m.id).notulis) == ("H. Abdul Karim",
                                                                                        "Sri Wahyuni")

        # attendance by member number; the banner turns green at 7 of 12
        scr.tabs.setCurrentWidget(scr.hadir)
        hadir = scr.hadir
        assert "belum tercapai" in hadir.banner.text() and DANGER in hadir.banner.styleSheet()
        numbers = {mm.full_name: mm.number for mm in k.by_name.values()}
        for name in ("Siti Aminah", "Budi Santoso", "Rina Wati", "Ahmad Fauzi", "Dewi Lestari", "Hendra Gunawan"):
            type_member(qtbot, hadir.picker, numbers[name])
            qtbot.mouseClick(hadir.add_button, LEFT)
        assert "hadir 6 dari 12" in hadir.banner.text() and "kurang 1" in hadir.banner.text()
        # a member who left in February: said in place, nothing written
        before = counts(ws)
        type_member(qtbot, hadir.picker, numbers["Lina Marlina"])
        qtbot.mouseClick(hadir.add_button, LEFT)
        assert "sudah keluar sejak 20-02-2026" in hadir.problem.text() and hadir.problem.isVisibleTo(scr)
        # the same member twice
        type_member(qtbot, hadir.picker, numbers["Siti Aminah"])
        qtbot.mouseClick(hadir.add_button, LEFT)
        assert "sudah tercatat hadir" in hadir.problem.text()
        assert counts(ws) == before and not fake.errors()
        # Yusuf by proxy, held by Budi: 7 present, quorum reached
        type_member(qtbot, hadir.picker, numbers["Yusuf Ramadhan"])
        hadir.mode.setCurrentIndex(hadir.mode.findData("kuasa"))
        type_member(qtbot, hadir.proxy, numbers["Budi Santoso"])
        qtbot.mouseClick(hadir.add_button, LEFT)
        assert "Kuorum tercapai: hadir 7 dari 12" in hadir.banner.text() and OK in hadir.banner.styleSheet()
        assert hadir.table.model.rowCount() == 7
        q = rat.quorum(ws, m.id)
        assert (q.in_person, q.by_proxy, q.reached) == (6, 1, True)
        assert "7/12" in scr.meetings_table.model.data(scr.meetings_table.model.index(0, 6))

        # minutes: a question under item 7
        scr.tabs.setCurrentWidget(scr.notulen)
        nt = scr.notulen
        nt.items.setCurrentRow(6)
        qtbot.keyClicks(nt.notes, "LPJ dibahas dan disahkan.")
        qtbot.mouseClick(nt.save_notes_button, LEFT)
        type_member(qtbot, nt.asker, numbers["Dewi Lestari"])
        qtbot.keyClicks(nt.question, "Mengapa jasa sukarela tidak naik?")
        qtbot.keyClicks(nt.answer, "Pendapatan bunga bank turun.")
        qtbot.mouseClick(nt.add_button, LEFT)
        item = rat.get_meeting(ws, m.id).item(7)
        assert item.notes == "LPJ dibahas dan disahkan."
        assert [(x.asker, x.question) for x in item.questions] == [("Dewi Lestari",
                                                                    "Mengapa jasa sukarela tidak naik?")]

        # decisions: one by consensus, one by vote
        scr.tabs.setCurrentWidget(scr.keputusan)
        kp = scr.keputusan
        kp.kind.setCurrentIndex(kp.kind.findData("umum"))
        qtbot.keyClicks(kp.title, "Pengesahan acara dan tata tertib")
        qtbot.mouseClick(kp.add_button, LEFT)
        kp.kind.setCurrentIndex(kp.kind.findData("lpj"))
        qtbot.keyClicks(kp.title, "Pengesahan LPJ pengurus 2025")
        kp.voting.setCurrentIndex(kp.voting.findData("suara"))
        kp.votes["for"].setValue(6)
        kp.votes["against"].setValue(1)
        kp.agenda_seq.setValue(7)
        qtbot.mouseClick(kp.add_button, LEFT)
        ds = rat.decisions(ws, m.id)
        assert [(d.number, d.kind, d.voting, d.votes_for, d.agenda_seq) for d in ds] == [
            ("01/RAT/2026", "umum", "musyawarah", None, None), ("02/RAT/2026", "lpj", "suara", 6, 7)]
        assert kp.table.model.rowCount() == 2 and kp.title.text() == ""

        # close: the meeting is frozen and the screen becomes read-only
        scr.end_time.setText("12:30")
        qtbot.mouseClick(scr.close_button, LEFT)
        done = rat.get_meeting(ws, m.id)
        assert (done.status, done.end_time) == ("selesai", "12:30")
        assert not scr.close_button.isVisibleTo(scr) and not hadir.entry.isVisibleTo(scr)
        assert not kp.entry.isVisibleTo(scr) and "Selesai" in scr.header.text()
        # the documents print from the screen (built by kopdesk.reports.rat_reports)
        for key, title in (("undangan", "Undangan"), ("hadir", "Daftar Hadir"), ("notulen", "Notulen"),
                           ("berita", "Berita Acara")):
            qtbot.mouseClick(scr.print_buttons[key], LEFT)
            preview = scr._preview
            assert preview.document.pageCount() >= 1 and title in preview.windowTitle()
            preview.close()
        assert not fake.errors()
        scr.resize(1366, 768)
        scr.grab().save(str(tmp_path / "rat.png"))
    finally:
        window.session = None
        k.ws.close()


def test_beranda_warns_of_the_rat_deadlines(qtbot, window, fake, tmp_path):
    k = build(tmp_path)
    try:
        window.open_workspace(k.ws, k.admin)
        beranda = window.view.go("beranda")
        beranda.refresh()
        text = beranda.rat_label.text()
        today = dt.date.today()
        if today > D(2026, 6, 30):
            assert "RAT tahun buku 2025 terlambat" in text and DANGER in text
        assert "RAT tahun buku 2025" in text
        beranda.open_rat()
        assert window.view.current() is window.view.screen("rat")
    finally:
        window.session = None
        k.ws.close()


def _deadline(state, due, ready, days, meeting=None):
    return RatDeadlines(2025, D(2025, 12, 31), due, meeting, ready, state, days)


def test_deadline_lines_grow_amber_then_red():
    due, ready = D(2026, 6, 30), D(2026, 5, 30)
    far = rat_deadline_lines([_deadline("belum_dijadwalkan", due, ready, 170)], D(2026, 1, 11))
    assert far == [("RAT tahun buku 2025: paling lambat 30 Juni 2026 (170 hari lagi), belum dijadwalkan.", None),
                   ("Laporan tahunan 2025 siap paling lambat 30 Mei 2026 (139 hari lagi).", None)]
    near = rat_deadline_lines([_deadline("belum_dijadwalkan", due, ready, 60)], D(2026, 5, 1))
    assert [c for _t, c in near] == [WARN, DANGER]
    passed = rat_deadline_lines([_deadline("belum_dijadwalkan", due, ready, 20)], D(2026, 6, 10))
    assert passed[1] == ("Laporan tahunan 2025 seharusnya siap 30 Mei 2026 (1 bulan sebelum RAT): sudah lewat.",
                         DANGER)
    assert passed[0][1] == DANGER
    late = rat_deadline_lines([_deadline("terlambat", due, ready, -5)], D(2026, 7, 5))
    assert late == [("RAT tahun buku 2025 terlambat 5 hari: batasnya 30 Juni 2026.", DANGER)]
