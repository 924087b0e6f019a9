"""Collectibility as of any date (spec §2.1), the §2.2 PPAP portfolio example booked at month end, the arrears list,
instalments falling due and the loan figures for Beranda."""

import datetime as dt
from decimal import Decimal

import pytest

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.loans import CollectibilityRules, DendaKind, DendaRule, Frequency, Kolektibilitas, LoanSettings
from kopdesk.domain.members import Member
from kopdesk.services import collectibility, ledger, loan_payments, loan_products, loans, members
from kopdesk.services.check import check_workspace
from tests.builders import acct, post

D = dt.date
FAR = D(2030, 12, 31)
L, KL, DR, M = (Kolektibilitas.LANCAR, Kolektibilitas.KURANG_LANCAR, Kolektibilitas.DIRAGUKAN,
                Kolektibilitas.MACET)
PEOPLE = (("Siti Aminah", "6372024508900003", "P", D(1990, 8, 5)), ("Budi Santoso", "6372021203850001", "L",
                                                                   D(1985, 3, 12)),
          ("Ahmad Fauzi", "6372020101800001", "L", D(1980, 1, 1)), ("Rina Wati", "6372024202750002", "P",
                                                                     D(1975, 2, 2)))


@pytest.fixture
def kop(book):
    """A koperasi with 8 billion of modal sendiri, four members and a plain monthly product (no fees, denda
    0.1 %/day) and a weekly one."""
    ws, admin = book
    post(ws, admin, D(2025, 1, 1), "Modal awal", ("1-1100", 8_000_000_000, 0), ("3-3100", 0, 8_000_000_000),
         series="JS")
    people = [members.add_member(ws, Member(None, "", name, nik, g, birth_date=born, join_date=D(2025, 1, 5)),
                                 admin).member for name, nik, g, born in PEOPLE]
    denda = DendaRule(DendaKind.PERCENT_PER_DAY, Decimal("0.1"))
    modal, _, _ = loan_products.save_product(ws, loan_products.new_product(
        ws, "MODAL", "Pinjaman Modal", rate=Decimal("1.5"), tenor_max=60, denda=denda), admin)
    weekly, _, _ = loan_products.save_product(ws, loan_products.new_product(
        ws, "MINGGUAN", "Pinjaman Mingguan", frequency=Frequency.WEEKLY, tenor_min=10, tenor_max=50,
        rate=Decimal(2)), admin)
    loan_products.save_settings(ws, LoanSettings(maker_checker=False), admin)
    yield ws, admin, people, modal, weekly
    # whatever a test did, the books balance and the receivable reconciles with the loans
    assert ledger.trial_balance(ws, FAR).balanced
    assert all(r.ok for r in collectibility.reconcile(ws))


def grant(ws, admin, member, product, amount, tenor, on, **kw):
    applied = loans.apply(ws, member_id=member.id, product_id=product.id, amount=amount, tenor=tenor, on=on,
                          purpose="Modal usaha", by=admin, **kw)
    loans.approve(ws, applied.loan.id, on=on, by=admin)
    return loans.disburse(ws, applied.loan.id, on=on, by=admin).loan


def klass(ws, loan, on):
    return collectibility.classify_loan(ws, loan.id, on).klass


def test_a_loan_ages_from_lancar_to_macet_without_collateral_data(kop):
    ws, admin, people, modal, _ = kop
    loan = grant(ws, admin, people[0], modal, 10_000_000, 12, D(2025, 1, 10))    # first due 10 Feb 2025, never paid
    assert [(on, klass(ws, loan, on)) for on in (D(2025, 3, 10), D(2025, 6, 1), D(2025, 10, 1), D(2026, 3, 1))] == [
        (D(2025, 3, 10), L),        # 28 days
        (D(2025, 6, 1), KL),        # 111 days
        (D(2025, 10, 1), DR),       # 233 days: > 6 months, no collateral data: the fallback says Diragukan
        (D(2026, 3, 1), M)]         # 384 days: > 12 months -> Macet
    c = collectibility.classify_loan(ws, loan.id, D(2025, 10, 1))
    assert (c.days_overdue, c.outstanding, c.debt_with_interest) == (233, 10_000_000, 10_000_000 + 8 * 150_000)
    assert c.worse_since == D(2025, 2, 10) + dt.timedelta(days=181)


def test_collateral_and_salvageability_decide_diragukan_or_macet_and_the_21_month_rule(kop):
    ws, admin, people, modal, _ = kop
    loan = grant(ws, admin, people[0], modal, 10_000_000, 12, D(2025, 1, 10))
    # example D: not salvageable, collateral 60 % of the debt with interest -> Macet
    loans.update_collateral(ws, loan.id, collateral="BPKB motor", collateral_value=6_720_000, salvageable=False,
                            by=admin)
    assert klass(ws, loan, D(2025, 10, 1)) == M
    # example C: salvageable, collateral 80 % -> Diragukan, even past 12 months
    loans.update_collateral(ws, loan.id, collateral="Sertifikat tanah", collateral_value=9_440_000, salvageable=True,
                            by=admin)
    assert klass(ws, loan, D(2025, 10, 1)) == DR and klass(ws, loan, D(2026, 3, 1)) == DR
    # example E: Diragukan since 10 Aug 2025; 21 months on without settlement -> Macet
    assert klass(ws, loan, D(2027, 5, 10)) == DR
    assert klass(ws, loan, D(2027, 6, 10)) == M
    # in court: Macet whatever the days
    loans.update_collateral(ws, loan.id, collateral="Sertifikat tanah", collateral_value=9_440_000, salvageable=True,
                            in_court=True, by=admin)
    assert klass(ws, loan, D(2025, 3, 1)) == M
    audit = ws.db.execute("SELECT count(*) FROM audit_log WHERE action = 'ubah_agunan_pinjaman'").fetchone()[0]
    assert audit == 3


def test_paying_the_arrears_brings_a_loan_back_to_lancar_and_history_stays_as_it_was(kop):
    ws, admin, people, modal, _ = kop
    loan = grant(ws, admin, people[1], modal, 6_000_000, 12, D(2025, 1, 10))   # 500,000 + 90,000 a month
    assert klass(ws, loan, D(2025, 6, 1)) == KL
    owed = loan_payments.repayment_preview(ws, loan.id, amount=1, on=D(2025, 6, 10)).before
    loan_payments.repay(ws, loan.id, amount=owed.penalty_due + 5 * 590_000, on=D(2025, 6, 10), by=admin)
    assert klass(ws, loan, D(2025, 6, 10)) == L
    assert klass(ws, loan, D(2025, 6, 1)) == KL           # as it stood before the payment


def test_weekly_example_f(kop):
    ws, admin, people, _, weekly = kop
    loan = grant(ws, admin, people[2], weekly, 1_000_000, 20, D(2026, 6, 1))     # first due 8 June
    c = collectibility.classify_loan(ws, loan.id, D(2026, 7, 20))
    assert (c.days_overdue, c.klass) == (42, KL)                                  # 6 weeks: > 1 month
    assert klass(ws, loan, D(2026, 7, 1)) == L and klass(ws, loan, D(2026, 8, 20)) == DR


def test_thresholds_are_a_workspace_setting(kop):
    ws, admin, people, modal, _ = kop
    loan = grant(ws, admin, people[0], modal, 10_000_000, 12, D(2025, 1, 10))
    strict = LoanSettings(maker_checker=False, rules=CollectibilityRules(monthly_lancar_days=30, monthly_kl_days=90,
                                                                        monthly_fallback_diragukan_days=180))
    loan_products.save_settings(ws, strict, admin)
    assert loan_products.get_settings(ws) == strict
    assert klass(ws, loan, D(2025, 4, 1)) == KL and klass(ws, loan, D(2025, 9, 1)) == M
    with pytest.raises(ValidationError, match="harus naik"):
        loan_products.save_settings(ws, LoanSettings(rules=CollectibilityRules(monthly_kl_days=60)), admin)


@pytest.fixture
def portfolio(kop):
    """The §1.2.7 / §2.2 portfolio: Lancar 1,150,000,000, Kurang Lancar 50,000,000, Diragukan 24,000,000 and
    Macet 16,000,000 outstanding at the end of September 2026, with 20,000,000 of PPAP booked."""
    ws, admin, people, modal, _ = kop
    macet = grant(ws, admin, people[3], modal, 16_000_000, 12, D(2025, 5, 15))
    diragukan = grant(ws, admin, people[2], modal, 24_000_000, 24, D(2025, 11, 15))
    kurang = grant(ws, admin, people[1], modal, 50_000_000, 25, D(2026, 4, 15))
    lancar = grant(ws, admin, people[0], modal, 1_150_000_000, 60, D(2026, 8, 31), collateral="Ruko",
                   collateral_value=1_500_000_000)
    post(ws, admin, D(2026, 1, 31), "PPAP tahun lalu", ("6-1400", 20_000_000, 0), ("1-1390", 0, 20_000_000))
    return ws, admin, (lancar, kurang, diragukan, macet)


def test_spec_2_2_ppap_example_and_the_month_end_adjustment(portfolio):
    ws, admin, (lancar, kurang, diragukan, macet) = portfolio
    s = collectibility.portfolio_summary(ws, D(2026, 9, 30))
    assert [(c.klass, c.loans, c.outstanding) for c in s.classes] == [
        (L, 1, 1_150_000_000), (KL, 1, 50_000_000), (DR, 1, 24_000_000), (M, 1, 16_000_000)]
    assert [c.ppap for c in s.classes] == [Decimal(5_750_000), Decimal(5_000_000), Decimal(12_000_000),
                                           Decimal(16_000_000)]
    assert (s.ppap_required, s.ppap_booked, s.shortfall) == (38_750_000, 20_000_000, 18_750_000)
    assert s.problem_loans == 90_000_000 and s.risk_weighted_problem_loans == 59_000_000   # spec §2.3 RPM

    run = collectibility.post_ppap_month_end(ws, 2026, 9, admin)
    assert run.adjustment == 18_750_000
    j = ledger.get_journal(ws, run.journal_id)
    assert (j.date, [(x.account_code, x.debit, x.credit) for x in j.lines]) == (
        D(2026, 9, 30), [("6-1400", 18_750_000, 0), ("1-1390", 0, 18_750_000)])
    with pytest.raises(ValidationError, match=f"PPAP bulan September 2026 sudah dibukukan \\({run.journal_number}\\)"):
        collectibility.post_ppap_month_end(ws, 2026, 9, admin)
    with pytest.raises(ValidationError, match="baru bisa dibukukan pada akhir bulan"):
        collectibility.post_ppap_month_end(ws, 2099, 1, admin)

    # eligible collateral of 10,000,000 on the Diragukan loan: its base is 14,000,000 -> 7,000,000
    loans.update_collateral(ws, diragukan.id, collateral="Sertifikat tanah", collateral_value=10_000_000, by=admin)
    s = collectibility.portfolio_summary(ws, D(2026, 10, 31))
    assert [c.klass for c in s.classes if c.loans] == [L, KL, DR, M]      # collateral alone keeps the fallback
    assert (s.ppap_required, s.ppap_booked) == (33_750_000, 38_750_000)
    run = collectibility.post_ppap_month_end(ws, 2026, 10, admin)
    j = ledger.get_journal(ws, run.journal_id)
    assert run.adjustment == -5_000_000                                    # over-provided: released
    assert [(x.account_code, x.debit, x.credit) for x in j.lines] == [("1-1390", 5_000_000, 0),
                                                                     ("6-1400", 0, 5_000_000)]
    assert collectibility.ppap_booked(ws, D(2026, 10, 31)) == 33_750_000
    assert ledger.trial_balance(ws, FAR).balanced and check_workspace(ws.path).ok


def test_arrears_list_due_instalments_and_beranda(portfolio):
    ws, admin, (lancar, kurang, diragukan, macet) = portfolio
    rows = collectibility.arrears(ws, D(2026, 9, 30))
    assert [(r.loan.number, r.days_overdue, r.klass) for r in rows] == [
        (macet.number, 472, M), (diragukan.number, 289, DR), (kurang.number, 138, KL)]
    kl = rows[2]
    assert (kl.instalments, kl.principal, kl.jasa) == (5, 10_000_000, 3_750_000)
    assert kl.denda == loans.position(ws, kurang.id, D(2026, 9, 30)).penalty_due > 0
    assert kl.member_name == "Budi Santoso"

    due = collectibility.instalments_due(ws, D(2026, 9, 28), D(2026, 10, 4))
    assert [(r.loan.number, r.no, r.due, r.unpaid) for r in due] == [
        (lancar.number, 1, D(2026, 9, 30), 19_166_667 + 17_250_000)]

    b = collectibility.dashboard(ws, D(2026, 9, 30))
    assert (b.active, b.outstanding, b.in_arrears, b.problem_loans, b.applications) == (
        4, 1_240_000_000, 3, 90_000_000, 0)
    assert b.due_this_week == 1 and b.arrears == sum(r.principal + r.jasa for r in rows)
    assert all(r.ok for r in collectibility.reconcile(ws))
    assert ledger.account_balance(ws, acct(ws, "1-1300"), FAR) == 1_240_000_000
