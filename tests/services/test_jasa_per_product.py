"""KSP Maju Bersama pays jasa on two savings products: sukarela (6% a year on the lowest balance) and berjangka
(12% a year on the average daily balance). October 2026's sukarela jasa is posted first; the berjangka rate is set
afterwards and its October jasa is posted on its own. A third attempt is refused naming both products and their
journals, and neither the service nor the database lets a product's month be credited twice."""

import dataclasses
import datetime as dt
import sqlite3
from decimal import Decimal

import pytest

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.members import Member
from kopdesk.domain.savings import InterestBasis, SavingsKind, SavingsProduct, TxKind, monthly_jasa
from kopdesk.services import ledger, members, savings
from kopdesk.services.check import check_workspace
from kopdesk.store import members as members_store
from tests.builders import acct, post

D = dt.date


def member(name: str, nik: str, gender: str) -> Member:
    return Member(id=None, number="", full_name=name, nik=nik, gender=gender, join_date=D(2026, 1, 5))


@pytest.fixture
def koperasi(book):
    """Siti and Budi with sukarela and berjangka savings moving in October 2026; jasa on sukarela only (so far)."""
    ws, admin = book
    post(ws, admin, D(2026, 1, 1), "Modal kas awal", ("1-1100", 5_000_000, 0), ("3-9000", 0, 5_000_000),
         series="JS")
    sukarela = savings.product_by_code(ws, "SUKARELA")
    savings.save_product(ws, dataclasses.replace(sukarela, interest_rate=Decimal(6),
                                                 interest_basis=InterestBasis.TERENDAH), admin)
    berjangka, _ = savings.save_product(ws, SavingsProduct(None, "BERJANGKA", "Simpanan berjangka",
                                                           SavingsKind.BERJANGKA, acct(ws, "2-1200")), admin)
    siti = members.add_member(ws, member("Siti Aminah", "6372024508900003", "P"), admin).member
    budi = members.add_member(ws, member("Budi Santoso", "6372021203850001", "L"), admin).member
    for m, p, amount, on in ((budi, sukarela, 250_000, D(2026, 9, 15)), (budi, berjangka, 2_000_000, D(2026, 9, 1)),
                             (siti, sukarela, 1_000_000, D(2026, 10, 1)), (siti, berjangka, 500_000, D(2026, 10, 16)),
                             (budi, berjangka, 1_000_000, D(2026, 10, 22))):
        savings.deposit(ws, member_id=m.id, product_id=p.id, amount=amount, on=on, by=admin)
    savings.withdraw(ws, member_id=siti.id, product_id=sukarela.id, amount=400_000, on=D(2026, 10, 10), by=admin)
    return ws, admin, siti, budi, savings.get_product(ws, sukarela.id), berjangka


def set_rate(ws, admin, product, rate, basis):
    return savings.save_product(ws, dataclasses.replace(product, interest_rate=Decimal(rate),
                                                        interest_basis=basis), admin)[0]


def journal_count(ws) -> int:
    return ws.db.execute("SELECT count(*) FROM journals").fetchone()[0]


def jasa_rows(ws, product_id: int) -> dict[int, int]:
    return {mid: amt for mid, amt in ws.db.execute(
        "SELECT member_id, sum(deposit) FROM savings_tx WHERE kind = 'jasa' AND product_id = ? AND period = '2026-10' "
        "GROUP BY member_id", [product_id])}


def domain_jasa(ws, product, member_id: int) -> int:
    """What the domain rule gives for the member's October, from the member's own savings rows."""
    txs = [t for t in savings.member_transactions(ws, member_id)
           if t.product_id == product.id and t.kind != TxKind.JASA]
    opening = sum(t.deposit - t.withdrawal for t in txs if t.date < D(2026, 10, 1))
    moves = [(t.date, t.deposit - t.withdrawal) for t in txs if D(2026, 10, 1) <= t.date <= D(2026, 10, 31)]
    return monthly_jasa(opening, moves, 2026, 10, product.interest_rate, product.interest_basis)


def assert_books_balance(ws):
    tb = ledger.trial_balance(ws, D(2026, 12, 31))
    assert sum(r.debit for r in tb.rows) == sum(r.credit for r in tb.rows)
    assert all(r.ok for r in savings.reconcile(ws)), [(r.product.code, r.members_total, r.ledger_balance)
                                                     for r in savings.reconcile(ws)]
    assert check_workspace(ws.path).ok


def test_the_second_product_is_posted_after_the_first(koperasi):
    ws, admin, siti, budi, sukarela, berjangka = koperasi
    first = savings.post_monthly_jasa(ws, 2026, 10, admin)
    [run] = first.runs
    assert (run.product, run.members, run.total) == ("Simpanan sukarela", 2, 4_250) and first.skipped == ()
    # lowest balance x 6% / 12: Siti 600,000 -> 3,000; Budi 250,000 -> 1,250
    assert jasa_rows(ws, sukarela.id) == {siti.id: 3_000, budi.id: 1_250}

    berjangka = set_rate(ws, admin, berjangka, 12, InterestBasis.RATA_RATA)
    plans = {p.product.code: p for p in savings.jasa_preview(ws, 2026, 10)}
    assert plans["SUKARELA"].posted and plans["SUKARELA"].journal_number == run.journal_number
    assert plans["SUKARELA"].total == 4_250 and not plans["SUKARELA"].to_post
    assert not plans["BERJANGKA"].posted and plans["BERJANGKA"].journal_number is None
    # average daily balance x 12% / 12: Budi (21 x 2,000,000 + 10 x 3,000,000) / 31 -> 23,226;
    # Siti 16 x 500,000 / 31 -> 2,581 (rounded half up)
    assert plans["BERJANGKA"].amounts == {budi.id: 23_226, siti.id: 2_581}
    assert savings.jasa_refusal(list(plans.values())) == ""

    before = journal_count(ws)
    second = savings.post_monthly_jasa(ws, 2026, 10, admin)
    [run2] = second.runs
    assert (run2.product, run2.members, run2.total) == ("Simpanan berjangka", 2, 25_807)
    assert [(s.product, s.journal_number, s.total) for s in second.skipped] == [
        ("Simpanan sukarela", run.journal_number, 4_250)]
    assert second.changes.savings and second.changes.ledger
    assert journal_count(ws) == before + 1
    j = ledger.get_journal(ws, ledger.journals(ws, D(2026, 10, 31), D(2026, 10, 31), search="berjangka")[0].id)
    assert j.number == run2.journal_number
    assert [(x.account_code, x.debit, x.credit) for x in j.lines] == [("5-1100", 25_807, 0), ("2-1200", 0, 25_807)]
    assert jasa_rows(ws, sukarela.id) == {siti.id: 3_000, budi.id: 1_250}          # untouched
    assert jasa_rows(ws, berjangka.id) == {budi.id: 23_226, siti.id: 2_581}
    for p in (sukarela, berjangka):
        assert jasa_rows(ws, p.id) == {m.id: domain_jasa(ws, p, m.id) for m in (siti, budi)}
    assert ledger.account_balance(ws, acct(ws, "5-1100"), D(2026, 10, 31)) == 4_250 + 25_807
    assert_books_balance(ws)

    before = journal_count(ws)
    with pytest.raises(ValidationError) as err:
        savings.post_monthly_jasa(ws, 2026, 10, admin)
    assert err.value.message == (
        f"Jasa bulan Oktober 2026 sudah dibukukan untuk semua produk: Simpanan sukarela ({run.journal_number}, "
        f"Rp4.250), Simpanan berjangka ({run2.journal_number}, Rp25.807).")
    assert journal_count(ws) == before
    # the preview still shows the month, both products posted
    plans = savings.jasa_preview(ws, 2026, 10)
    assert [(p.product.code, p.journal_number, p.total) for p in plans] == [
        ("SUKARELA", run.journal_number, 4_250), ("BERJANGKA", run2.journal_number, 25_807)]


def test_both_products_posted_together_one_journal_each(koperasi):
    ws, admin, siti, budi, sukarela, berjangka = koperasi
    set_rate(ws, admin, berjangka, 12, InterestBasis.RATA_RATA)
    result = savings.post_monthly_jasa(ws, 2026, 10, admin)
    assert [(r.product, r.total) for r in result.runs] == [("Simpanan sukarela", 4_250),
                                                          ("Simpanan berjangka", 25_807)]
    assert len({r.journal_number for r in result.runs}) == 2
    with pytest.raises(ValidationError, match="sudah dibukukan untuk semua produk: Simpanan sukarela .*Simpanan "
                                              "berjangka"):
        savings.post_monthly_jasa(ws, 2026, 10, admin)
    assert_books_balance(ws)


def test_a_product_without_jasa_that_month_does_not_reopen_the_month(koperasi):
    ws, admin, siti, budi, sukarela, berjangka = koperasi
    savings.post_monthly_jasa(ws, 2026, 10, admin)
    khusus, _ = savings.save_product(ws, SavingsProduct(None, "HARIRAYA", "Simpanan hari raya", SavingsKind.KHUSUS,
                                                        acct(ws, "2-1100"), Decimal(4)), admin)
    [_, empty] = [p for p in savings.jasa_preview(ws, 2026, 10) if p.product.code in ("SUKARELA", "HARIRAYA")]
    assert not empty.posted and empty.total == 0 and not empty.to_post
    before = journal_count(ws)
    with pytest.raises(ValidationError) as err:
        savings.post_monthly_jasa(ws, 2026, 10, admin)
    assert "Simpanan sukarela (JU-" in err.value.message
    assert err.value.message.endswith("Simpanan hari raya: tidak ada jasa bulan itu.")
    assert journal_count(ws) == before and khusus.id


def test_nothing_posted_and_nothing_to_credit_is_not_refused(book):
    """The month-end close calls the posting for a month with no savings at all: nothing written, no refusal."""
    ws, admin = book
    sukarela = savings.product_by_code(ws, "SUKARELA")
    savings.save_product(ws, dataclasses.replace(sukarela, interest_rate=Decimal(6)), admin)
    result = savings.post_monthly_jasa(ws, 2026, 10, admin)
    assert [(r.product, r.journal_number, r.total) for r in result.runs] == [("Simpanan sukarela", None, 0)]
    assert not result.changes.savings and journal_count(ws) == 0


def test_the_database_refuses_a_second_posting_of_a_products_month(koperasi):
    ws, admin, siti, budi, sukarela, berjangka = koperasi
    # the guard of kopdesk/store/members.py, installed by migration 0011_jasa_once
    assert ws.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'savings_tx_jasa_one_journal'").fetchone()
    savings.post_monthly_jasa(ws, 2026, 10, admin)
    [journal_id] = {j for (j,) in ws.db.execute("SELECT journal_id FROM savings_tx WHERE kind = 'jasa'")}
    other = post(ws, admin, D(2026, 10, 31), "Jurnal lain", ("5-1100", 1, 0), ("2-1100", 0, 1)).journal_id
    row = (siti.id, sukarela.id, "2026-10-31", "jasa", 3_000, 0, "Jasa lagi", "2026-10", journal_id, None)
    with pytest.raises(sqlite3.IntegrityError):          # the same member twice
        with ws.db.atomic():
            members_store.insert_txs(ws.db, [row], admin.id, "2026-11-01T00:00:00")
    with pytest.raises(sqlite3.IntegrityError, match="sudah dibukukan"):   # a second journal, a new member
        with ws.db.atomic():
            carol = members.add_member(ws, member("Carolina Wati", "6372025501900002", "P"), admin).member
            members_store.insert_txs(ws.db, [(carol.id, sukarela.id, "2026-10-31", "jasa", 1, 0, "Jasa lagi",
                                              "2026-10", other, None)], admin.id, "2026-11-01T00:00:00")
    # another month, or another product, is not held back
    members_store.insert_txs(ws.db, [(siti.id, berjangka.id, "2026-10-31", "jasa", 1, 0, "Jasa", "2026-10", other,
                                      None), (siti.id, sukarela.id, "2026-09-30", "jasa", 1, 0, "Jasa", "2026-09",
                                              other, None)], admin.id, "2026-11-01T00:00:00")
    assert jasa_rows(ws, sukarela.id) == {siti.id: 3_000, budi.id: 1_250}
