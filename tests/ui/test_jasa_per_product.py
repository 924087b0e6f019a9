"""The treasurer posts last month's jasa on sukarela; later the board puts a rate on simpanan berjangka too. The
Jasa simpanan screen shows sukarela as posted (its journal) and berjangka as not yet posted, posts berjangka alone,
and then says in place that every product of the month is posted."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from kopdesk.domain.members import Member
from kopdesk.domain.savings import InterestBasis, SavingsKind, SavingsProduct
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import members as members_svc
from kopdesk.services import savings as savings_svc
from kopdesk.ui.screens.jasa_simpanan import NOTHING, POSTED, TO_POST
from tests.builders import acct, post

TODAY = dt.date.today()
FIRST = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)     # last month, over
JOINED = FIRST - dt.timedelta(days=40)


@pytest.fixture
def koperasi(window):
    """Budi and Siti with sukarela (6%/year on the lowest balance) and berjangka (no rate yet) savings."""
    ws, admin = window.session.ws, window.session.user
    post(ws, admin, JOINED, "Modal kas awal", ("1-1100", 5_000_000, 0), ("3-9000", 0, 5_000_000), series="JS")
    sukarela = savings_svc.product_by_code(ws, "SUKARELA")
    sukarela, _ = savings_svc.save_product(ws, dataclasses.replace(sukarela, interest_rate=Decimal(6)), admin)
    berjangka, _ = savings_svc.save_product(ws, SavingsProduct(None, "BERJANGKA", "Simpanan berjangka",
                                                               SavingsKind.BERJANGKA, acct(ws, "2-1200")), admin)
    people = []
    for name, nik, gender in (("Budi Santoso", "6372021203850001", "L"), ("Siti Aminah", "6372024508900003", "P")):
        people.append(members_svc.add_member(ws, Member(id=None, number="", full_name=name, nik=nik, gender=gender,
                                                        join_date=JOINED), admin).member)
    budi, siti = people
    for m, p, amount, on in ((budi, sukarela, 1_200_000, JOINED), (siti, sukarela, 500_000, JOINED),
                             (siti, sukarela, 2_000_000, FIRST + dt.timedelta(days=9)),
                             (budi, berjangka, 2_000_000, JOINED), (siti, berjangka, 750_000, JOINED)):
        savings_svc.deposit(ws, member_id=m.id, product_id=p.id, amount=amount, on=on, by=admin)
    return ws, admin, budi, siti, sukarela, berjangka


def jasa_rows(ws, product_id: int) -> dict[str, int]:
    return {number: amount for number, amount in ws.db.execute(
        "SELECT m.number, t.deposit FROM savings_tx t JOIN members m ON m.id = t.member_id "
        "WHERE t.kind = 'jasa' AND t.product_id = ? AND t.period = ?", [product_id, FIRST.strftime("%Y-%m")])}


def states(screen) -> list[tuple[str, str, str, int]]:
    return [(r.name, r.state, r.journal, r.plan.total) for r in screen.products.model.records]


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_post_sukarela_then_berjangka_then_nothing_left(qtbot, window, fake, koperasi):
    ws, admin, budi, siti, sukarela, berjangka = koperasi
    jasa = window.view.go("simpanan").jasa
    jasa.month.setValue(FIRST)
    click(qtbot, jasa.preview_button)
    assert states(jasa) == [("Simpanan sukarela", TO_POST, "", 8_500)]
    assert {x.number: x.jasa for x in jasa.preview.lines} == {"A-0001": 6_000, "A-0002": 2_500}
    assert jasa.post_button.text() == "Bukukan jasa"
    click(qtbot, jasa.post_button)
    [sukarela_journal] = [j.number for j in ledger_svc.journals(ws, FIRST, TODAY, search="Jasa simpanan sukarela")]
    assert jasa_rows(ws, sukarela.id) == {"A-0001": 6_000, "A-0002": 2_500}
    # after posting the screen shows the month again: sukarela posted, nothing left
    assert states(jasa) == [("Simpanan sukarela", POSTED, sukarela_journal, 8_500)]
    assert not jasa.post_button.isEnabled()

    # the board sets 12% a year on berjangka, on the average daily balance; the month is opened again
    savings_svc.save_product(ws, dataclasses.replace(berjangka, interest_rate=Decimal(12),
                                                     interest_basis=InterestBasis.RATA_RATA), admin)
    jasa.load()
    click(qtbot, jasa.preview_button)
    assert states(jasa) == [("Simpanan sukarela", POSTED, sukarela_journal, 8_500),
                            ("Simpanan berjangka", TO_POST, "", 27_500)]
    # only what is still to post is listed per member: 1% of an unchanged balance
    assert {(x.number, x.product): x.jasa for x in jasa.preview.lines} == {
        ("A-0001", "Simpanan berjangka"): 20_000, ("A-0002", "Simpanan berjangka"): 7_500}
    text = jasa.status.text()
    assert f"Sudah dibukukan: Simpanan sukarela ({sukarela_journal}, Rp8.500)" in text
    assert "Belum dibukukan: <b>2 anggota, jumlah Rp27.500</b> (Simpanan berjangka: Rp27.500)" in text
    assert jasa.post_button.text() == "Bukukan jasa yang belum"
    before = len(ledger_svc.journals(ws, FIRST, TODAY))
    click(qtbot, jasa.post_button)
    confirm = [t for kind, title, t in fake.seen if kind == "confirm" and title == "Bukukan jasa simpanan?"][-1]
    assert "- Simpanan berjangka: 2 anggota, Rp27.500" in confirm
    assert f"tidak dibukukan lagi: Simpanan sukarela ({sukarela_journal}, Rp8.500)" in confirm
    info = [t for kind, _title, t in fake.seen if kind == "info"][-1]
    assert info.startswith("JU-") and "Simpanan berjangka: 2 anggota, Rp27.500" in info
    assert info.endswith(f"Sudah dibukukan sebelumnya (dilewati): Simpanan sukarela ({sukarela_journal}).")

    # the database: one new journal, berjangka credited, sukarela untouched, the books reconcile
    assert len(ledger_svc.journals(ws, FIRST, TODAY)) == before + 1
    assert jasa_rows(ws, berjangka.id) == {"A-0001": 20_000, "A-0002": 7_500}
    assert jasa_rows(ws, sukarela.id) == {"A-0001": 6_000, "A-0002": 2_500}
    assert ledger_svc.account_balance(ws, acct(ws, "5-1100"), TODAY) == 8_500 + 27_500
    assert ledger_svc.account_balance(ws, acct(ws, "2-1200"), TODAY) == 2_750_000 + 27_500
    assert all(r.ok for r in savings_svc.reconcile(ws))
    [berjangka_journal] = [j.number for j in ledger_svc.journals(ws, FIRST, TODAY, search="Jasa simpanan berjangka")]

    # every product of the month is posted: said in place, nothing to press
    assert states(jasa) == [("Simpanan sukarela", POSTED, sukarela_journal, 8_500),
                            ("Simpanan berjangka", POSTED, berjangka_journal, 27_500)]
    assert jasa.preview.lines == () and not jasa.post_button.isEnabled()
    assert (f"sudah dibukukan untuk semua produk: Simpanan sukarela ({sukarela_journal}, Rp8.500), Simpanan "
            f"berjangka ({berjangka_journal}, Rp27.500)") in jasa.status.text()


def test_a_product_with_nothing_to_credit_is_shown_as_such(qtbot, window, koperasi):
    ws, admin, budi, siti, sukarela, berjangka = koperasi
    savings_svc.save_product(ws, SavingsProduct(None, "HARIRAYA", "Simpanan hari raya", SavingsKind.KHUSUS,
                                                acct(ws, "2-1100"), Decimal(4)), admin)
    jasa = window.view.go("simpanan").jasa
    jasa.load()
    jasa.month.setValue(FIRST)
    click(qtbot, jasa.preview_button)
    assert [(name, state) for name, state, _j, _t in states(jasa)] == [("Simpanan sukarela", TO_POST),
                                                                       ("Simpanan hari raya", NOTHING)]
    click(qtbot, jasa.post_button)
    assert jasa_rows(ws, sukarela.id) == {"A-0001": 6_000, "A-0002": 2_500}
    assert "Simpanan hari raya: tidak ada jasa bulan itu." in jasa.status.text()
    assert not jasa.post_button.isEnabled()
