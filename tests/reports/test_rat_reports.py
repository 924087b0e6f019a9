"""The meeting documents of the demo cooperative's last RAT: invitation with the agenda, the attendance list (blank
with a signature line for every member, or as recorded with the quorum), the notulen and the berita acara."""

from __future__ import annotations

import io

import pytest

from kopdesk import fmt
from kopdesk.reports.rat_reports import attendance_list_pdf, berita_acara_pdf, invitation_pdf, minutes_pdf
from kopdesk.services import rat, rat_book
from kopdesk.services.workspace import open_workspace
from tests.reports.conftest import pages_text


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from kopdesk.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.kopdesk"
    build_demo(path, seed=1)
    ws = open_workspace(path, readonly=True)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def meeting(demo):
    held = [m for m in rat.list_meetings(demo) if m.closed]
    assert held, "the demo holds its RATs"
    return max(held, key=lambda m: m.held_on)


def text(out) -> str:
    return " ".join(pages_text(out.getvalue()))


def test_invitation_numbers_the_letter_and_lists_the_agenda(demo, meeting):
    t = text(invitation_pdf(demo, meeting.id, io.BytesIO()))
    assert meeting.invitation_number in t and fmt.date_long(meeting.held_on) in t
    assert fmt.day_name(meeting.held_on) in t and meeting.title in t
    for a in meeting.agenda:
        assert " ".join(a.title.split())[:35] in t
    assert "Ketua" in t and "Sekretaris" in t


def test_blank_attendance_list_has_every_member_with_a_signature_line(demo, meeting):
    t = text(attendance_list_pdf(demo, meeting.id, io.BytesIO(), blank=True))
    members = rat_book.members_on(demo, meeting.held_on)
    assert f"Anggota terdaftar : {len(members)} orang" in t and "Tanda tangan" in t
    assert all(m.number in t for m in members)
    assert f"{len(members)}. ......" in t


def test_recorded_attendance_list_shows_the_quorum(demo, meeting):
    t = text(attendance_list_pdf(demo, meeting.id, io.BytesIO(), blank=False))
    q = rat.quorum(demo, meeting.id)
    assert all(a.member_number in t for a in rat.attendance(demo, meeting.id))
    assert f"{q.present} orang (langsung {q.in_person}, dengan kuasa {q.by_proxy}, daring {q.online})" in t
    assert ("tercapai" in t) and meeting.chair in t and meeting.notulis in t


def test_minutes_and_berita_acara_carry_the_decisions_and_signatures(demo, meeting):
    notulen = text(minutes_pdf(demo, meeting.id, io.BytesIO()))
    ba = text(berita_acara_pdf(demo, meeting.id, io.BytesIO()))
    assert "NOTULEN RAPAT" in notulen and "BERITA ACARA" in ba
    for d in rat.decisions(demo, meeting.id):
        assert f"Keputusan No. {d.number}" in notulen and d.number in ba
        assert ("DITERIMA" if d.accepted else "DITOLAK") in notulen
    for name in (meeting.chair, meeting.notulis, *meeting.witnesses):
        assert name in notulen and name in ba
    for q in (q for a in meeting.agenda for q in a.questions):
        assert " ".join(q.question.split())[:30] in notulen
    assert f"pukul {meeting.end_time.replace(':', '.')}" in notulen
