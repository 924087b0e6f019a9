"""RAT rules with the spec's worked numbers: quorum (§3.3), deadlines (§3.2), numbering, the default agenda (§3.5)."""

import datetime as dt
from fractions import Fraction

import pytest

from kopdesk.domain.coop import AdArt
from kopdesk.domain.rat import (
    DEFAULT_AGENDA,
    DEFAULT_TATA_TERTIB,
    MeetingKind,
    QuorumRule,
    add_months,
    decision_number,
    invitation_number,
    postponed_needed,
    quorum_needed,
    rat_deadline,
    report_ready_by,
    vote_accepted,
)

D = dt.date


def test_spec_example_230_members_more_than_half_needs_116_postponed_at_a_third_77():
    rule = QuorumRule.from_adart(AdArt())          # the AD/ART default: more than 1/2, postponed at 1/3
    assert rule == QuorumRule(Fraction(1, 2), True, Fraction(1, 3))
    assert quorum_needed(230, rule) == 116
    assert postponed_needed(230, rule) == 77
    # only 90 attend: not quorate, but the postponed meeting is valid
    assert 90 < quorum_needed(230, rule) and 90 >= postponed_needed(230, rule)
    assert rule.text == "lebih dari 1/2 anggota terdaftar"


def test_strict_and_non_strict_differ_only_on_an_exact_share():
    strict = QuorumRule(Fraction(1, 2), strict=True)
    at_least = QuorumRule(Fraction(1, 2), strict=False)
    assert (quorum_needed(230, strict), quorum_needed(230, at_least)) == (116, 115)
    assert (quorum_needed(231, strict), quorum_needed(231, at_least)) == (116, 116)
    two_thirds = QuorumRule(Fraction(2, 3), strict=False)
    assert quorum_needed(230, two_thirds) == 154           # 153.33 -> at least 154
    assert quorum_needed(231, QuorumRule(Fraction(2, 3), strict=True)) == 155   # exactly 154 is not "more than"
    assert at_least.text == "sekurang-kurangnya 1/2 anggota terdaftar"


def test_postponed_meeting_with_any_number_or_none_at_all():
    any_number = QuorumRule.from_adart(AdArt(postponed_quorum_num=0))
    assert any_number.postponed is None
    assert postponed_needed(230, any_number) == 1
    assert postponed_needed(0, any_number) == 0
    assert "berapa pun" in any_number.postponed_text
    assert postponed_needed(230, QuorumRule(postponed_allowed=False)) is None
    assert postponed_needed(231, QuorumRule()) == 77        # 231/3 = 77 exactly
    assert postponed_needed(232, QuorumRule()) == 78


def test_quorum_agrees_with_the_adart_helper_for_every_size():
    adart = AdArt()
    rule = QuorumRule.from_adart(adart)
    for n in range(0, 400):
        assert quorum_needed(n, rule) == adart.quorum_needed(n)
        assert postponed_needed(n, rule) == adart.quorum_needed(n, postponed=True)
    with pytest.raises(ValueError):
        quorum_needed(-1, rule)


def test_deadlines_of_spec_3_2():
    assert rat_deadline(D(2024, 12, 31)) == D(2025, 6, 30)
    assert report_ready_by(D(2025, 3, 15)) == D(2025, 2, 15)


def test_deadlines_are_month_end_safe():
    assert rat_deadline(D(2025, 6, 30)) == D(2025, 12, 31)        # a July-June year: 6 months later is 31 Dec
    assert rat_deadline(D(2023, 8, 31)) == D(2024, 2, 29)          # leap February
    assert rat_deadline(D(2024, 8, 31)) == D(2025, 2, 28)
    assert report_ready_by(D(2025, 3, 31)) == D(2025, 2, 28)       # never after the RAT minus a month
    assert report_ready_by(D(2024, 3, 31)) == D(2024, 2, 29)
    assert report_ready_by(D(2025, 4, 30)) == D(2025, 3, 30)       # not pushed to the 31st
    assert report_ready_by(D(2025, 1, 10)) == D(2024, 12, 10)      # across the year
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2025, 2, 28), 1) == D(2025, 3, 31)
    assert add_months(D(2025, 2, 28), 1, keep_month_end=False) == D(2025, 3, 28)


def test_numbers_of_decisions_and_invitations():
    assert decision_number(1, MeetingKind.RAT, 2026) == "01/RAT/2026"
    assert decision_number(12, MeetingKind.RALB, 2026) == "12/RALB/2026"
    assert invitation_number(5, MeetingKind.RAT, D(2026, 11, 3)) == "005/UND/RAT/XI/2026"
    assert invitation_number(1, MeetingKind.RA_RENCANA_KERJA, D(2026, 1, 3)) == "001/UND/RARK/I/2026"
    with pytest.raises(ValueError):
        decision_number(0, MeetingKind.RAT, 2026)


def test_votes_need_a_simple_majority_of_votes_cast():
    assert vote_accepted("musyawarah", None, None)
    assert vote_accepted("suara", 70, 40)
    assert not vote_accepted("suara", 50, 50)
    assert not vote_accepted("suara", 40, 70)


def test_default_agenda_and_tata_tertib_follow_spec_3_5():
    assert len(DEFAULT_AGENDA) == 11
    assert DEFAULT_AGENDA[0].startswith("Pembukaan")
    assert "kuorum" in DEFAULT_AGENDA[1]
    assert "SHU" in DEFAULT_AGENDA[7]
    assert "RAPB" in DEFAULT_AGENDA[8]
    assert DEFAULT_AGENDA[-1].endswith("penutup")
    assert MeetingKind.RAT.label == "Rapat Anggota Tahunan"
    for words in ("Kuorum", "surat kuasa", "musyawarah untuk mufakat", "suara terbanyak", "notulis"):
        assert words in DEFAULT_TATA_TERTIB
