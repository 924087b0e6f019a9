"""KSP Maju Bersama registers Siti and Budi, takes their pokok, wajib and sukarela, refuses an overdraft, corrects
a wrong deposit, collects wajib by payroll deduction, credits jasa, and lets Budi leave."""

import datetime as dt
from decimal import Decimal

import pytest

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.members import Member, MemberSettings, MemberStatus
from kopdesk.domain.savings import InterestBasis, SavingsProduct
from kopdesk.services import ledger, members, savings
from kopdesk.services.check import check_workspace
from tests.builders import acct, post

D = dt.date


def siti(**kw):
    base = dict(id=None, number="", full_name="Siti Aminah", nik="6372024508900003", gender="P",
                birth_place="Banjarbaru", birth_date=D(1990, 8, 5), join_date=D(2026, 1, 5))
    base.update(kw)
    return Member(**base)


def budi(**kw):
    base = dict(id=None, number="", full_name="Budi Santoso", nik="6372021203850001", gender="L",
                birth_date=D(1985, 3, 12), join_date=D(2026, 1, 5), heir_name="Rina Santoso", heir_relation="Istri")
    base.update(kw)
    return Member(**base)


@pytest.fixture
def koperasi(book):
    ws, admin = book
    post(ws, admin, D(2026, 1, 1), "Modal kas awal", ("1-1100", 5_000_000, 0), ("3-9000", 0, 5_000_000),
         series="JS")
    return ws, admin


def product(ws, code):
    return savings.product_by_code(ws, code).id


def test_joining_takes_the_simpanan_pokok_in_the_same_transaction(koperasi):
    ws, admin = koperasi
    added = members.add_member(ws, siti(), admin)
    assert added.member.number == "A-0001"
    assert added.pokok_journal == "KM-2026-000001"
    assert savings.balances(ws, added.member.id)[savings.product_by_code(ws, "POKOK")] == 100_000
    assert ledger.account_balance(ws, acct(ws, "3-1100"), D(2026, 1, 31)) == 100_000
    assert members.add_member(ws, budi(), admin).member.number == "A-0002"


def test_invalid_or_duplicate_nik_is_refused_naming_the_problem(koperasi):
    ws, admin = koperasi
    members.add_member(ws, siti(), admin)
    with pytest.raises(ValidationError, match="NIK sudah dipakai oleh anggota A-0001"):
        members.add_member(ws, budi(nik="6372024508900003"), admin)
    with pytest.raises(ValidationError, match=r"Bulan lahir pada NIK \(digit 9-10: 13\)"):
        members.add_member(ws, budi(nik="6372021213850001"), admin)
    assert members.count(ws) == 1
    assert len(ledger.journals(ws, D(2026, 1, 1), D(2026, 12, 31))) == 2  # the opening and Siti's pokok only


def test_nik_that_disagrees_with_the_form_only_warns(koperasi):
    ws, admin = koperasi
    added = members.add_member(ws, siti(birth_date=D(1990, 8, 6)), admin)
    assert any("berbeda dengan tanggal lahir" in w for w in added.warnings)
    with pytest.raises(ValidationError, match="berbeda"):
        members.add_member(ws, budi(birth_date=D(1985, 3, 13)), admin, accept_warnings=False)


def test_deposits_withdrawals_and_the_never_negative_rule(koperasi):
    ws, admin = koperasi
    s = members.add_member(ws, siti(), admin).member
    savings.deposit(ws, member_id=s.id, product_id=product(ws, "WAJIB"), amount=50_000, on=D(2026, 1, 5), by=admin)
    dep = savings.deposit(ws, member_id=s.id, product_id=product(ws, "SUKARELA"), amount=300_000, on=D(2026, 1, 6),
                          by=admin)
    assert dep.number == "KM-2026-000003" and dep.balance == 300_000
    wd = savings.withdraw(ws, member_id=s.id, product_id=product(ws, "SUKARELA"), amount=120_000, on=D(2026, 1, 20),
                          by=admin)
    assert wd.number == "KK-2026-000001" and wd.balance == 180_000
    journals_before = len(ledger.journals(ws, D(2026, 1, 1), D(2026, 12, 31)))
    with pytest.raises(ValidationError, match="yang bisa ditarik Rp180.000, diminta Rp200.000"):
        savings.withdraw(ws, member_id=s.id, product_id=product(ws, "SUKARELA"), amount=200_000, on=D(2026, 1, 21),
                         by=admin)
    with pytest.raises(ValidationError, match="tidak bisa ditarik selama masih menjadi anggota"):
        savings.withdraw(ws, member_id=s.id, product_id=product(ws, "WAJIB"), amount=10_000, on=D(2026, 1, 21),
                         by=admin)
    with pytest.raises(ValidationError, match="sekali saja"):
        savings.deposit(ws, member_id=s.id, product_id=product(ws, "POKOK"), amount=100_000, on=D(2026, 1, 21),
                        by=admin)
    assert len(ledger.journals(ws, D(2026, 1, 1), D(2026, 12, 31))) == journals_before
    with pytest.raises(Exception, match="tidak boleh negatif"):  # the database refuses too
        ws.db.execute("UPDATE savings_balances SET balance = -1 WHERE member_id = ?", [s.id])
    st = savings.statement(ws, s.id, product(ws, "SUKARELA"), D(2026, 1, 1), D(2026, 1, 31))
    assert [(x.tx.receipt_number, x.balance) for x in st.lines] == [("KM-2026-000003", 300_000),
                                                                   ("KK-2026-000001", 180_000)]
    assert (st.opening, st.total_in, st.total_out, st.closing) == (0, 300_000, 120_000, 180_000)


def test_a_wrong_deposit_is_corrected_by_reversal(koperasi):
    ws, admin = koperasi
    s = members.add_member(ws, siti(), admin).member
    dep = savings.deposit(ws, member_id=s.id, product_id=product(ws, "SUKARELA"), amount=500_000, on=D(2026, 2, 2),
                          by=admin)
    rev = savings.reverse(ws, dep.tx_id, on=D(2026, 2, 2), reason="Seharusnya Rp50.000", by=admin)
    assert rev.number == "JB-2026-000001" and rev.balance == 0
    assert savings.get_tx(ws, dep.tx_id).reversed_by_id == rev.tx_id
    with pytest.raises(ValidationError, match="sudah dibatalkan"):
        savings.reverse(ws, dep.tx_id, on=D(2026, 2, 3), reason="lagi", by=admin)


def test_wajib_billing_shows_arrears_per_member(koperasi):
    ws, admin = koperasi
    s = members.add_member(ws, siti(), admin).member
    b = members.add_member(ws, budi(join_date=D(2026, 3, 10)), admin).member
    for month in (1, 2, 3):
        savings.deposit(ws, member_id=s.id, product_id=product(ws, "WAJIB"), amount=50_000, on=D(2026, month, 25),
                        by=admin)
    bills = {x.member.number: x for x in savings.wajib_billing(ws, D(2026, 4, 1))}
    assert bills[s.number].status.unpaid_months == ("2026-04",) and bills[s.number].due_this_month == 50_000
    assert bills[b.number].status.unpaid_months == ("2026-03", "2026-04")
    assert bills[b.number].due_this_month == 100_000
    assert savings.wajib_of(ws, b.id, D(2026, 4, 1)) == bills[b.number].status


def test_payroll_collection_is_one_journal_and_all_or_nothing(koperasi):
    ws, admin = koperasi
    s = members.add_member(ws, siti(), admin).member
    b = members.add_member(ws, budi(), admin).member
    rows = [savings.CollectionRow(s.number, "WAJIB", 50_000, 2), savings.CollectionRow(s.number, "SUKARELA", 25_000, 3),
            savings.CollectionRow(b.number, "WAJIB", 50_000, 4)]
    bad = [*rows, savings.CollectionRow("A-0099", "WAJIB", 50_000, 5), savings.CollectionRow(b.number, "X", 1, 6)]
    with pytest.raises(ValidationError) as err:
        savings.post_collection(ws, bad, on=D(2026, 1, 28), cash_account_id=None, description="Potong gaji", by=admin)
    assert err.value.problems == ["Baris 5: nomor anggota A-0099 tidak ditemukan.",
                                  "Baris 6: produk simpanan 'X' tidak dikenal."]
    posted = savings.post_collection(ws, rows, on=D(2026, 1, 28), cash_account_id=None,
                                     description="Potong gaji Januari 2026", by=admin)
    j = ledger.get_journal(ws, posted.journal_id)
    assert [(x.account_code, x.debit, x.credit) for x in j.lines] == [("1-1100", 125_000, 0), ("3-1200", 0, 100_000),
                                                                     ("2-1100", 0, 25_000)]
    assert savings.balances(ws, b.id)[savings.product_by_code(ws, "WAJIB")] == 50_000


def test_monthly_jasa_on_sukarela(koperasi):
    ws, admin = koperasi
    s = members.add_member(ws, siti(), admin).member
    p = savings.get_product(ws, product(ws, "SUKARELA"))
    savings.save_product(ws, SavingsProduct(p.id, p.code, p.name, p.kind, p.account_id, Decimal(6),
                                            InterestBasis.TERENDAH), admin)
    savings.deposit(ws, member_id=s.id, product_id=p.id, amount=1_000_000, on=D(2026, 10, 1), by=admin)
    savings.withdraw(ws, member_id=s.id, product_id=p.id, amount=400_000, on=D(2026, 10, 10), by=admin)
    [plan] = savings.jasa_preview(ws, 2026, 10)
    assert plan.amounts == {s.id: 3_000}  # lowest 600,000 x 6 % / 12
    result = savings.post_monthly_jasa(ws, 2026, 10, admin)
    [run] = result.runs
    assert (run.members, run.total) == (1, 3_000) and result.changes.savings
    assert savings.member_transactions(ws, s.id)[-1].deposit == plan.amounts[s.id]
    assert ledger.account_balance(ws, acct(ws, "5-1100"), D(2026, 10, 31)) == 3_000
    with pytest.raises(ValidationError, match="sudah dibukukan"):
        savings.post_monthly_jasa(ws, 2026, 10, admin)


def test_leaving_returns_all_savings_in_one_journal(koperasi):
    ws, admin = koperasi
    b = members.add_member(ws, budi(), admin).member
    savings.deposit(ws, member_id=b.id, product_id=product(ws, "WAJIB"), amount=150_000, on=D(2026, 3, 1), by=admin)
    savings.deposit(ws, member_id=b.id, product_id=product(ws, "SUKARELA"), amount=70_000, on=D(2026, 3, 1), by=admin)
    preview = members.settlement_preview(ws, b.id, D(2026, 4, 1))
    assert preview.payout == 320_000
    done = members.exit_member(ws, b.id, on=D(2026, 4, 1), status=MemberStatus.MENINGGAL, reason="Meninggal dunia",
                               cash_account_id=acct(ws, "1-1100"), by=admin)
    j = ledger.get_journal(ws, done.journal_id)
    assert [(x.account_code, x.debit, x.credit) for x in j.lines] == [
        ("3-1100", 100_000, 0), ("3-1200", 150_000, 0), ("2-1100", 70_000, 0), ("1-1100", 0, 320_000)]
    assert "Rina Santoso" in j.lines[-1].memo
    after = members.get_member(ws, b.id)
    assert after.status == MemberStatus.MENINGGAL and after.exit_date == D(2026, 4, 1)
    assert sum(savings.balances(ws, b.id).values()) == 0
    with pytest.raises(ValidationError, match="tidak bisa menyetor"):
        savings.deposit(ws, member_id=b.id, product_id=product(ws, "WAJIB"), amount=1, on=D(2026, 4, 2), by=admin)
    # the NIK is free again for a new registration
    members.add_member(ws, budi(join_date=D(2026, 5, 1)), admin)


def test_search_by_name_number_and_nik_with_balances(koperasi):
    ws, admin = koperasi
    members.add_member(ws, siti(), admin)
    members.add_member(ws, budi(), admin)
    assert [r.member.full_name for r in members.search(ws, "siti")] == ["Siti Aminah"]
    assert [r.member.number for r in members.search(ws, "A-0002")] == ["A-0002"]
    assert [r.member.number for r in members.search(ws, "637202120385")] == ["A-0002"]
    assert members.search(ws, "siti")[0].balances == {"POKOK": 100_000}
    assert members.count(ws, statuses=(MemberStatus.KELUAR,)) == 0


def test_member_number_pattern_is_configurable(koperasi):
    ws, admin = koperasi
    members.save_settings(ws, MemberSettings(number_pattern="{UNIT}{YYYY}.{SEQ:3}", unit="BJB-"), admin)
    assert members.add_member(ws, siti(), admin).member.number == "BJB-2026.001"
    with pytest.raises(ValidationError, match="SEQ"):
        members.save_settings(ws, MemberSettings(number_pattern="A-"), admin)


def test_check_reconciles_savings_with_the_ledger(koperasi):
    ws, admin = koperasi
    s = members.add_member(ws, siti(), admin).member
    savings.deposit(ws, member_id=s.id, product_id=product(ws, "SUKARELA"), amount=75_000, on=D(2026, 1, 9), by=admin)
    assert all(r.ok for r in savings.reconcile(ws))
    assert check_workspace(ws.path).ok
    # a journal straight to the savings account, not through a member, breaks the reconciliation
    post(ws, admin, D(2026, 1, 10), "Salah posting", ("1-1100", 10_000, 0), ("2-1100", 0, 10_000))
    bad = [r for r in savings.reconcile(ws) if not r.ok]
    assert [(r.product.code, r.members_total, r.ledger_balance) for r in bad] == [("SUKARELA", 75_000, 85_000)]
    report = check_workspace(ws.path)
    assert not report.ok and any("Simpanan sukarela" in p and "selisih Rp10.000" in p for p in report.problems)


def test_passbook_position_is_remembered_per_member_and_product(koperasi):
    ws, admin = koperasi
    s = members.add_member(ws, siti(), admin).member
    pid = product(ws, "SUKARELA")
    assert savings.passbook_position(ws, s.id, pid) == savings.PassbookPosition(1, 1, None)
    dep = savings.deposit(ws, member_id=s.id, product_id=pid, amount=10_000, on=D(2026, 1, 7), by=admin)
    savings.record_passbook_print(ws, s.id, pid, next_line=2, last_tx_id=dep.tx_id, by=admin)
    assert savings.passbook_position(ws, s.id, pid) == savings.PassbookPosition(1, 2, dep.tx_id)
    savings.new_passbook(ws, s.id, pid, admin)
    assert savings.passbook_position(ws, s.id, pid) == savings.PassbookPosition(2, 1, dep.tx_id)


def test_month_summary_for_beranda(koperasi):
    ws, admin = koperasi
    s = members.add_member(ws, siti(join_date=D(2026, 6, 1)), admin).member
    savings.deposit(ws, member_id=s.id, product_id=product(ws, "WAJIB"), amount=50_000, on=D(2026, 9, 3), by=admin)
    savings.deposit(ws, member_id=s.id, product_id=product(ws, "SUKARELA"), amount=80_000, on=D(2026, 9, 4), by=admin)
    summary = savings.month_summary(ws, D(2026, 9, 15))
    assert summary.deposits == {"Simpanan wajib": 50_000, "Simpanan sukarela": 80_000}
    # June..September due (200,000), 50,000 paid: 150,000 owed, three months behind
    assert (summary.wajib_unpaid_members, summary.wajib_arrears, summary.members_behind_3_months) == (1, 150_000, 1)
