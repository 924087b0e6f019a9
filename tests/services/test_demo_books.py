"""The demo cooperative's books hold together for every year (issue 5: statements of every demo year)."""

import datetime as dt

import pytest

from kopdesk.services import closing, collectibility, ledger, shu, statements
from kopdesk.services.check import check_workspace
from kopdesk.services.demo import build_demo
from kopdesk.services.workspace import open_workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = build_demo(tmp_path_factory.mktemp("demo") / "demo.kopdesk", seed=1)
    ws = open_workspace(path, readonly=True)
    yield ws
    ws.close()


def test_every_year_balances_ties_and_ends_at_kas_and_bank(demo):
    today = dt.date.today()
    for year in range(today.year - 3, today.year + 1):
        f = statements.financial_statements(demo, year)
        bs, phu, cf = f.balance_sheet, f.income_statement, f.cash_flow
        assert bs.total_assets == bs.total_liabilities + bs.total_equity, year            # A = L + E
        assert f.equity.shu_of_period == phu.current.shu_setelah_pajak, year             # PHU SHU = equity movement
        kas_bank = sum(ledger.account_balance(demo, a.id, bs.as_of) for a in ledger.cash_accounts(demo))
        assert cf.closing == kas_bank == bs.amount("kas_bank"), year                      # cash flow ends at Kas+Bank
        assert f.consistent, year
        assert phu.current.shu_setelah_pajak > 0, year                                    # a healthy small KSP


def test_three_closed_years_with_shu_distributed_and_every_class_present(demo):
    today = dt.date.today()
    closed = [y for y in range(today.year - 3, today.year) if closing.is_closed(demo, y)]
    assert closed == [today.year - 3, today.year - 2, today.year - 1]
    for year in closed:
        rows = shu.shu_list(demo, year).rows
        assert rows and all(r.paid for r in rows if r.total > 0), year
    classes = {c.klass.value: c.loans for c in collectibility.portfolio_summary(demo, today).classes}
    assert all(classes[k] > 0 for k in ("lancar", "kurang_lancar", "diragukan", "macet")), classes
    assert check_workspace(demo.path).ok
