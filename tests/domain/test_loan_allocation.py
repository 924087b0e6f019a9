"""Due dates, denda accrual, repayment allocation and the exact replay of a loan (spec §7.1-7.3)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kopdesk.domain.loans import (
    Allocation,
    AllocationMode,
    Component,
    DendaKind,
    DendaRule,
    Frequency,
    LoanEvent,
    Method,
    add_months,
    allocate,
    apply_allocations,
    build_schedule,
    disbursement_fees,
    due_dates,
    frozen_schedule,
    period_rate,
    position_from_totals,
    quote,
    replay,
    settlement,
    sum_allocations,
    worse_since,
)

D = dt.date
DENDA_0_1 = DendaRule(DendaKind.PERCENT_PER_DAY, Decimal("0.1"))
START = D(2026, 1, 10)


def flat_12m():
    """Spec §7.1: 12,000,000 over 12 months at 1.5 % flat: 1,180,000 a month (1,000,000 pokok + 180,000 jasa)."""
    s = build_schedule(12_000_000, 12, Decimal("1.5"), Method.FLAT)
    return frozen_schedule(s, due_dates(START, 12, Frequency.MONTHLY))


def on_time_first():
    return LoanEvent(D(2026, 2, 10), (Allocation(1, 1_000_000, 180_000),))


def test_monthly_due_dates_keep_the_day_and_clamp_to_month_end():
    assert due_dates(D(2026, 1, 31), 4, Frequency.MONTHLY) == (D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30),
                                                               D(2026, 5, 31))
    assert due_dates(D(2024, 1, 30), 2, Frequency.MONTHLY) == (D(2024, 2, 29), D(2024, 3, 30))
    assert due_dates(D(2026, 12, 15), 2, Frequency.MONTHLY) == (D(2027, 1, 15), D(2027, 2, 15))
    assert due_dates(D(2026, 11, 2), 3, Frequency.WEEKLY) == (D(2026, 11, 9), D(2026, 11, 16), D(2026, 11, 23))
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)


def test_weekly_products_quote_per_month_and_charge_per_week():
    assert period_rate(Decimal("1.5"), Frequency.WEEKLY) * 52 == Decimal(18)  # 1.5 % a month = 18 % a year
    q = quote(1_000_000, 10, Decimal("1.5"), Method.FLAT, Frequency.WEEKLY, start=D(2026, 11, 2))
    assert q.schedule.instalments[0].interest == 3_462            # 1,000,000 x 1.5 % x 12 / 52, rounded
    assert q.due[0] == D(2026, 11, 9) and q.due[-1] == D(2027, 1, 11)


def test_spec_7_2_fees_and_the_effective_rates():
    fees = disbursement_fees(12_000_000, provisi_pct=Decimal(1), admin_fee=50_000)
    assert (fees.provisi, fees.admin, fees.net(12_000_000)) == (120_000, 50_000, 11_830_000)
    q = quote(12_000_000, 12, Decimal("1.5"), Method.FLAT, Frequency.MONTHLY, fees=fees)
    assert q.net == 11_830_000
    assert q.effective_rate.quantize(Decimal("0.001")) == Decimal("2.643")
    assert q.effective_cost.quantize(Decimal("0.01")) == Decimal("2.88")
    assert quote(12_000_000, 12, Decimal("1.5"), Method.ANNUITY, Frequency.MONTHLY).effective_rate is None


def test_spec_7_3_ten_days_late_denda_then_jasa_then_pokok():
    sched = flat_12m()
    pos = replay(sched, [on_time_first()], D(2026, 3, 20), DENDA_0_1)   # instalment 2 fell due on 10 March
    assert pos.instalments[1].penalty == 11_800                         # 0.1 % x 1,180,000 x 10 days
    assert pos.days_overdue == 10
    alloc = allocate(pos, 1_000_000)
    assert alloc == (Allocation(2, 808_200, 180_000, 11_800),)
    after = apply_allocations(pos, alloc)
    assert after.principal_arrears == 191_800       # still counts for collectibility ageing
    assert after.days_overdue == 10


def test_denda_keeps_running_on_what_is_still_unpaid():
    sched = flat_12m()
    events = [on_time_first(), LoanEvent(D(2026, 3, 20), (Allocation(2, 808_200, 180_000, 11_800),))]
    pos = replay(sched, events, D(2026, 4, 10), DENDA_0_1)
    # 191,800 x 0.1 % x 21 days = 4,027.8 more: 15,827.8 accrued on instalment 2, rounded to 15,828
    assert (pos.instalments[1].penalty, pos.instalments[1].penalty_unpaid) == (15_828, 4_028)
    assert pos.instalments[2].penalty == 0          # instalment 3 falls due today: not late yet
    assert pos.jasa_due == 180_000 and pos.principal_arrears == 191_800
    alloc = allocate(pos, 191_800 + 4_028 + 1_180_000)
    assert sum_allocations(alloc) == Allocation(0, 1_191_800, 180_000, 4_028)
    assert apply_allocations(pos, alloc).days_overdue == 0


def test_grace_period_counts_only_the_days_after_it():
    grace = DendaRule(DendaKind.PERCENT_PER_DAY, Decimal("0.1"), grace_days=3)
    sched = flat_12m()
    assert replay(sched, [], D(2026, 2, 13), grace).penalty_due == 0                 # within the grace period
    assert replay(sched, [], D(2026, 2, 20), grace).instalments[0].penalty == 8_260   # 10 days late, 7 charged


def test_fixed_denda_once_per_late_instalment():
    rule = DendaRule(DendaKind.FIXED, fixed=25_000, grace_days=3)
    sched = flat_12m()
    assert replay(sched, [], D(2026, 2, 13), rule).penalty_due == 0
    assert replay(sched, [], D(2026, 2, 14), rule).penalty_due == 25_000
    assert replay(sched, [], D(2026, 3, 14), rule).penalty_due == 50_000   # instalment 2 is late too now
    paid_late = [LoanEvent(D(2026, 2, 20), (Allocation(1, 1_000_000, 180_000, 25_000),))]
    assert replay(sched, paid_late, D(2026, 3, 10), rule).penalty_due == 0


def test_allocation_order_and_mode_are_configurable():
    sched = flat_12m()
    pos = replay(sched, [], D(2026, 3, 20), DENDA_0_1)      # instalments 1 (38 days) and 2 (10 days) late
    assert [i.penalty for i in pos.instalments[:2]] == [44_840, 11_800]
    by_component = allocate(pos, 500_000)
    assert by_component == (Allocation(1, 83_360, 180_000, 44_840), Allocation(2, 0, 180_000, 11_800))
    by_instalment = allocate(pos, 500_000, mode=AllocationMode.ANGSURAN)
    assert by_instalment == (Allocation(1, 275_160, 180_000, 44_840),)
    principal_first = allocate(pos, 500_000, (Component.POKOK, Component.JASA, Component.DENDA))
    assert principal_first == (Allocation(1, 500_000, 0, 0),)


def test_paying_ahead_covers_the_next_instalments_in_order():
    sched = flat_12m()
    pos = replay(sched, [], D(2026, 2, 10), DENDA_0_1)     # instalment 1 due today
    alloc = allocate(pos, 1_180_000 * 2 + 500_000)
    assert alloc == (Allocation(1, 1_000_000, 180_000), Allocation(2, 1_000_000, 180_000),
                     Allocation(3, 320_000, 180_000))
    with pytest.raises(ValueError, match="melebihi seluruh sisa kewajiban"):
        allocate(pos, 14_160_001)
    with pytest.raises(ValueError, match="lebih dari nol"):
        allocate(pos, 0)


def test_settlement_charges_jasa_due_but_not_later_jasa():
    sched = flat_12m()
    pos = replay(sched, [on_time_first()], D(2026, 3, 20), DENDA_0_1)
    total = sum_allocations(settlement(pos))
    assert total == Allocation(0, 11_000_000, 180_000, 11_800)
    assert pos.payoff_amount == 11_191_800
    assert apply_allocations(pos, settlement(pos)).principal_outstanding == 0


def test_a_settling_event_is_derived_in_the_replay():
    sched = flat_12m()
    events = [on_time_first(), LoanEvent(D(2026, 3, 20), settle=True, closes=True)]
    pos = replay(sched, events, D(2026, 6, 1), DENDA_0_1)
    assert pos.principal_outstanding == 0 and pos.penalty_due == 0 and pos.days_overdue == 0
    assert pos.cleared and pos.instalments[5].interest_waived == 180_000     # later jasa not charged
    assert sum(i.interest_paid for i in pos.instalments) == 360_000 and pos.instalments[1].penalty_paid == 11_800
    # reversing it charges everything again (and denda resumes from the reversal)
    reopened = replay(sched, [*events, LoanEvent(D(2026, 4, 1), tuple(a.negated() for a in settlement(
        replay(sched, events[:1], D(2026, 3, 20), DENDA_0_1))), reopens=True)], D(2026, 4, 1), DENDA_0_1)
    assert reopened.principal_outstanding == 11_000_000 and reopened.penalty_due == 11_800


def test_since_when_a_loan_has_been_worse_than_kurang_lancar():
    sched = flat_12m()
    pos = replay(sched, [], D(2026, 12, 1), threshold_days=180)
    assert pos.worse_since == D(2026, 2, 10) + dt.timedelta(days=181)
    assert replay(sched, [], D(2026, 8, 1), threshold_days=180).worse_since is None
    # a payment that clears the oldest instalments ends the spell; it starts again from the new oldest
    catch_up = [LoanEvent(D(2026, 9, 1), tuple(Allocation(n, 1_000_000, 180_000) for n in range(1, 5)))]
    pos = replay(sched, catch_up, D(2026, 12, 1), threshold_days=180)
    assert pos.oldest_unpaid.no == 5 and pos.worse_since is None
    pos = replay(sched, catch_up, D(2027, 1, 1), threshold_days=180)
    assert pos.worse_since == D(2026, 6, 10) + dt.timedelta(days=181)
    # the light version used for whole portfolios agrees
    for on in (D(2026, 8, 1), D(2026, 12, 1), D(2027, 1, 1), D(2028, 1, 1)):
        for events in ([], catch_up):
            assert worse_since(sched, events, on, 180) == replay(sched, events, on, threshold_days=180).worse_since


def test_reversal_rows_undo_a_payment_in_the_replay():
    sched = flat_12m()
    paid = (Allocation(1, 1_000_000, 180_000),)
    events = [LoanEvent(D(2026, 2, 10), paid), LoanEvent(D(2026, 2, 12), tuple(a.negated() for a in paid))]
    assert replay(sched, events, D(2026, 2, 11)).days_overdue == 0
    assert replay(sched, events, D(2026, 2, 20)).days_overdue == 10


def test_summed_allocations_give_the_same_ageing_as_the_replay():
    sched = flat_12m()
    events = [LoanEvent(D(2026, 2, 10), (Allocation(1, 1_000_000, 180_000),)),
              LoanEvent(D(2026, 4, 1), (Allocation(2, 500_000, 180_000),))]
    fast = position_from_totals(sched, {1: (1_000_000, 180_000), 2: (500_000, 180_000)}, D(2026, 7, 1))
    slow = replay(sched, events, D(2026, 7, 1))
    assert (fast.days_overdue, fast.principal_outstanding, fast.jasa_due) == \
        (slow.days_overdue, slow.principal_outstanding, slow.jasa_due) == (113, 10_500_000, 540_000)


def test_denda_policy_warns_above_half_a_percent_a_day():
    assert DendaRule(DendaKind.PERCENT_PER_DAY, Decimal("0.1")).warnings() == []
    [warning] = DendaRule(DendaKind.PERCENT_PER_DAY, Decimal(1)).warnings()
    assert "1% per hari" in warning and "365%" in warning
    assert DendaRule(DendaKind.PERCENT_PER_DAY, Decimal(0)).problems()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 45), st.integers(1, 2_500_000)), min_size=1, max_size=25),
       st.sampled_from(list(Method)), st.sampled_from(list(AllocationMode)))
def test_irregular_partial_payments_end_at_exactly_zero(payments, method, mode):
    """Any sequence of partial payments with denda, then a payoff: principal repaid is exactly the loan, every
    allocation adds up to its payment, nothing is ever overpaid."""
    sched = frozen_schedule(build_schedule(6_000_000, 9, Decimal("1.75"), method), due_dates(START, 9,
                                                                                               Frequency.MONTHLY))
    events: list[LoanEvent] = []
    day = START
    principal_received = 0
    for gap, amount in payments:
        day += dt.timedelta(days=gap)
        pos = replay(sched, events, day, DENDA_0_1)
        if pos.max_payable == 0:
            break
        amount = min(amount, pos.max_payable)
        alloc = allocate(pos, amount, mode=mode)
        assert sum_allocations(alloc).total == amount
        after = apply_allocations(pos, alloc)
        assert all(i.principal_unpaid >= 0 and i.interest_unpaid >= 0 and i.penalty_unpaid >= 0
                   for i in after.instalments)
        events.append(LoanEvent(day, alloc))
        principal_received += sum_allocations(alloc).principal
    pos = replay(sched, events, day, DENDA_0_1)
    final = settlement(pos)
    events.append(LoanEvent(day, final))
    end = replay(sched, events, day, DENDA_0_1)
    assert end.principal_outstanding == 0 and end.penalty_due == 0
    assert principal_received + sum_allocations(final).principal == 6_000_000
