"""KSP Maju Bersama keeps three years of books through the services (2023-2025): members join and one leaves, wajib
is collected every month by payroll sheet, sukarela earns jasa, loans are paid out and repaid, salaries, electricity,
depreciation and the RAT are paid, a bank loan is taken, non-members pay jasa, every month is closed (jasa + PPAP +
lock), each year is closed in February, its SHU approved and booked after the RAT in March and paid in April.

For every year the statements agree with each other and with the ledger: assets = liabilities + equity, the PHU's
SHU is the equity movement from the year's result, the cash flow ends at Kas + Bank, and after the SHU is booked
the next year's balance sheet shows cadangan increased by the allocation."""

import datetime as dt
import shutil
from dataclasses import replace
from decimal import Decimal

import pytest

from kopdesk.domain.loans import LoanSettings
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.domain.savings import SavingsKind
from kopdesk.domain.statements import RowKind
from kopdesk.services import (
    closing,
    collectibility,
    ledger,
    loan_payments,
    loan_products,
    loans,
    members,
    savings,
    shu,
    statements,
)
from kopdesk.services import workspace as ws_svc
from kopdesk.services.check import check_workspace
from kopdesk.services.loan_payments import RepaymentRow
from kopdesk.services.savings import CollectionRow
from kopdesk.store import loans as loans_store
from tests.builders import acct, post
from tests.conftest import PROFILE

D = dt.date
YEARS = (2023, 2024, 2025)
FIRST_NAMES = ("Siti Aminah", "Budi Santoso", "Ahmad Fauzi", "Rina Wati", "Dewi Lestari", "Agus Salim",
               "Nurul Hidayah", "Hendra Gunawan", "Yuni Astuti", "Rahmat Hidayat", "Maya Sari", "Joko Susilo",
               "Lina Marlina")


def nik(n: int, female: bool, born: dt.date) -> str:
    return f"637202{born.day + (40 if female else 0):02d}{born.month:02d}{born.year % 100:02d}{n:04d}"


def month_range(start: tuple[int, int], end: tuple[int, int]):
    y, m = start
    while (y, m) <= end:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


class Scenario:
    """The cooperative and what happened, for the assertions."""

    def __init__(self, ws, admin):
        self.ws, self.admin = ws, admin
        self.people: list = []
        self.loans: list = []
        self.left: list = []

    # -------------------------------------------------------------------------------------- members and savings

    def join(self, i: int, on: dt.date):
        female = i % 2 == 0
        born = D(1970 + i, 1 + i % 12, 1 + i)
        m = members.add_member(self.ws, Member(None, "", FIRST_NAMES[i], nik(i + 1, female, born),
                                               "P" if female else "L", birth_date=born, join_date=on),
                               self.admin).member
        self.people.append(m)
        return m

    def current(self, on: dt.date):
        return [m for m in self.people if m.join_date <= on and m not in self.left]

    def month(self, y: int, m: int) -> None:
        ws, admin = self.ws, self.admin
        fifth, tenth, twentieth = D(y, m, 5), D(y, m, 10), D(y, m, 20)
        rows = [CollectionRow(x.number, "WAJIB", 50_000) for x in self.current(fifth)]
        rows += [CollectionRow(x.number, "SUKARELA", 100_000 * (1 + k % 3))
                 for k, x in enumerate(self.current(fifth)) if k % 2 == 0]
        savings.post_collection(ws, rows, on=fifth, cash_account_id=None, description=f"Potong gaji {m:02d}/{y}",
                                by=admin)
        # repayments of every instalment falling due on the 10th
        due = []
        for loan in self.loans:
            if loans.get_loan(ws, loan.id).status.value != "aktif":
                continue
            for inst in loans_store.schedule(ws.db, loan.id):
                if inst.due == tenth:
                    due.append(RepaymentRow(loan.number, inst.principal + inst.interest))
        if due:
            loan_payments.repay_many(ws, due, on=tenth, description=f"Angsuran {m:02d}/{y}", by=admin)
        # two new loans a month, 12 months at 2 % flat (provisi 1 %, admin 25.000), paid out from the bank
        people = self.current(tenth)
        produktif = loan_products.product_by_code(ws, "PRODUKTIF")
        for k in range(2):
            borrower = people[(y * 24 + m * 2 + k) % len(people)]
            applied = loans.apply(ws, member_id=borrower.id, product_id=produktif.id,
                                  amount=6_000_000 + 1_000_000 * ((m + k) % 5), tenor=12, on=tenth,
                                  purpose="Modal usaha", by=admin)
            loans.approve(ws, applied.loan.id, on=tenth, by=admin)
            self.loans.append(loans.disburse(ws, applied.loan.id, on=tenth, cash_account_id=acct(ws, "1-1200"),
                                             by=admin).loan)
        kas, bank = acct(ws, "1-1100"), acct(ws, "1-1200")
        for counter, amount, text, receipt, cash in (
                ("6-1100", 800_000, "Gaji pengelola", False, bank),
                ("6-1210", 150_000 + 10_000 * m, "Listrik, air dan telepon", False, kas),
                ("7-1300", 150_000, "Honor pengurus dan pengawas", False, kas),
                ("4-3100", 150_000, "Jasa giro bank", True, bank)):
            ledger.record_cash(ws, receipt=receipt, cash_account_id=cash, counter_account_id=acct(ws, counter),
                               amount=amount, on=twentieth, description=f"{text} {m:02d}/{y}", by=admin)
        if m % 3 == 0:
            ledger.record_cash(ws, receipt=True, cash_account_id=kas, counter_account_id=acct(ws, "4-2100"),
                               amount=600_000, on=twentieth, description="Jasa pinjaman koperasi mitra", by=admin)
        post(ws, admin, D(y, m, 25), f"Penyusutan inventaris {m:02d}/{y}", ("6-1300", 200_000, 0),
             ("1-3190", 0, 200_000))
        surplus = ledger.account_balance(ws, kas, D(y, m, 26)) - 10_000_000
        if surplus > 0:
            post(ws, admin, D(y, m, 26), "Setor kas ke bank", ("1-1200", surplus, 0), ("1-1100", 0, surplus))

    def year_events(self, y: int, m: int) -> None:
        ws, admin = self.ws, self.admin
        kas = acct(ws, "1-1100")
        if (y, m) == (2023, 3):
            ledger.record_cash(ws, receipt=False, cash_account_id=acct(ws, "1-1200"),
                               counter_account_id=acct(ws, "1-3100"), amount=9_600_000, on=D(y, 3, 15),
                               description="Komputer dan printer kantor", by=admin)
        if (y, m) == (2024, 2):
            ledger.record_cash(ws, receipt=True, cash_account_id=acct(ws, "1-1200"),
                               counter_account_id=acct(ws, "2-2100"), amount=50_000_000, on=D(y, 2, 15),
                               description="Pinjaman LPDB", by=admin)
        if y >= 2024 and m in (5, 8, 11):
            ledger.record_cash(ws, receipt=False, cash_account_id=acct(ws, "1-1200"),
                               counter_account_id=acct(ws, "2-2100"), amount=2_000_000, on=D(y, m, 15),
                               description="Angsuran pinjaman LPDB", by=admin)
        if m == 3:
            ledger.record_cash(ws, receipt=False, cash_account_id=kas, counter_account_id=acct(ws, "7-1100"),
                               amount=2_500_000, on=D(y, 3, 14), description=f"Rapat anggota tahunan {y}", by=admin)
        if m == 12:
            post(ws, admin, D(y, 12, 31), f"PPh badan {y} (terutang)", ("8-1100", 1_000_000, 0),
                 ("2-1400", 0, 1_000_000))
        if m == 4 and y >= 2024:
            ledger.record_cash(ws, receipt=False, cash_account_id=kas, counter_account_id=acct(ws, "2-1400"),
                               amount=1_000_000, on=D(y, 4, 25), description=f"Setor PPh badan {y - 1}", by=admin)
        if (y, m) == (2024, 4):
            for i in (10, 11):
                self.join(i, D(2024, 4, 1))
        if (y, m) == (2025, 7):
            self.join(12, D(2025, 7, 1))
        if (y, m) == (2024, 9):
            # Ahmad leaves; he has no loan open (the scenario never lends to him after July 2023)
            ahmad = self.people[2]
            for loan in [x for x in self.loans if x.member_id == ahmad.id]:
                if loans.get_loan(ws, loan.id).status.value == "aktif":
                    loan_payments.payoff(ws, loan.id, on=D(2024, 9, 28), by=admin)
            members.exit_member(ws, ahmad.id, on=D(2024, 9, 30), status=MemberStatus.KELUAR, reason="Pindah kerja",
                                cash_account_id=kas, by=admin)
            self.left.append(ahmad)

    def shu_cycle(self, y: int, m: int) -> None:
        """February: close last year; March: RAT approves and books its SHU; April: pay (sukarela or cash), and
        spend some dana sosial."""
        ws, admin = self.ws, self.admin
        last = y - 1
        if last not in YEARS:
            return
        if m == 2:
            closing.close_year(ws, last, admin)
        if m == 3:
            shu.approve(ws, last, admin, decision_ref=f"Keputusan RAT {last} No. 2/RAT/{y}")
            shu.post(ws, last, admin, on=D(y, 3, 16))
        if m == 4:
            lst = shu.shu_list(ws, last)
            current = [r.member_id for r in lst.rows if r.total and all(x.id != r.member_id for x in self.left)]
            shu.pay(ws, last, admin, on=D(y, 4, 12), method="sukarela", member_ids=current[::2])
            shu.pay(ws, last, admin, on=D(y, 4, 12), method="tunai")
            ledger.record_cash(ws, receipt=False, cash_account_id=acct(ws, "1-1100"),
                               counter_account_id=acct(ws, "2-1540"), amount=300_000, on=D(y, 4, 20),
                               description="Santunan anggota sakit (dana sosial)", by=admin)


def build_scenario(path) -> Scenario:
    ws, admin = ws_svc.create_workspace(path, profile=PROFILE, admin_full_name="Siti Rahmah")
    s = Scenario(ws, admin)
    post(ws, admin, D(2023, 1, 2), "Saldo awal koperasi", ("1-1100", 20_000_000, 0), ("1-1200", 130_000_000, 0),
         ("3-2100", 0, 50_000_000), ("3-3100", 0, 100_000_000), series="JS")
    loan_products.save_settings(ws, LoanSettings(maker_checker=False), admin)
    loan_products.save_product(ws, loan_products.new_product(
        ws, "PRODUKTIF", "Pinjaman Produktif", rate=Decimal(2), tenor_max=24, provisi_pct=Decimal(1),
        admin_fee=25_000), admin)
    sukarela = savings.product_of_kind(ws, SavingsKind.SUKARELA)
    savings.save_product(ws, replace(sukarela, interest_rate=Decimal(3)), admin)
    for i in range(10):
        s.join(i, D(2023, 1, 2))
    for y, m in month_range((2023, 1), (2026, 4)):
        s.year_events(y, m)
        s.month(y, m)
        s.shu_cycle(y, m)
        closing.close_month(ws, y, m, admin)
    return s


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    path = tmp_path_factory.mktemp("ksp") / "ksp.kopdesk"
    s = build_scenario(path)
    yield s
    s.ws.close()


@pytest.fixture
def copy(scenario, tmp_path):
    """A copy of the scenario's file that a test may change."""
    scenario.ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    dest = tmp_path / "salinan.kopdesk"
    shutil.copyfile(scenario.ws.path, dest)
    ws = ws_svc.open_workspace(dest)
    yield ws, scenario.admin
    ws.close()


def cash_in_ledger(ws, on):
    return sum(ledger.account_balance(ws, acct(ws, c), on) for c in ("1-1100", "1-1200"))


def capital_movement(ws, year):
    """Pokok and wajib paid in less paid back during the year, from the savings rows (not from the ledger)."""
    p = statements.period(ws, year)
    return ws.db.execute(
        "SELECT coalesce(sum(t.deposit - t.withdrawal), 0) FROM savings_tx t JOIN savings_products q "
        "ON q.id = t.product_id WHERE q.kind IN ('pokok', 'wajib') AND t.date BETWEEN ? AND ?",
        [p.start.isoformat(), p.end.isoformat()]).fetchone()[0]


@pytest.mark.parametrize("year", YEARS)
def test_every_year_the_statements_agree_with_each_other_and_the_ledger(scenario, year):
    ws = scenario.ws
    fs = statements.financial_statements(ws, year)
    bs, phu, eq, cf = fs.balance_sheet, fs.income_statement, fs.equity, fs.cash_flow
    end, start = D(year, 12, 31), D(year, 1, 1)
    # A = L + E, now and at the comparative date
    assert bs.total_assets == bs.total_liabilities + bs.total_equity
    assert bs.prior_total_assets == bs.prior_total_liabilities + bs.prior_total_equity
    assert fs.consistent and fs.year_closed
    # the PHU's SHU is the equity movement from the year's result: equity changes by exactly the SHU, the capital
    # members paid in (savings rows), the hibah and cadangan brought in at the opening (2023), minus the part of
    # last year's SHU that left equity (dana-dana and members' shares)
    opening_equity = 150_000_000 if year == 2023 else 0
    distributed = 0
    if year - 1 in YEARS:
        lst = shu.shu_list(ws, year - 1)
        distributed = lst.shu - lst.pool("cadangan")
    assert bs.total_equity - bs.prior_total_equity == (phu.current.shu_setelah_pajak + capital_movement(ws, year)
                                                       + opening_equity - distributed)
    assert eq.movement("shu_tahun_berjalan").total == phu.current.shu_setelah_pajak == eq.shu_of_period
    assert eq.ties and eq.closing.total == bs.total_equity and eq.opening.total == bs.prior_total_equity
    # the closing record and the closing journal carry the same SHU
    c = closing.get_closing(ws, year)
    assert (c.shu, c.shu_member, c.shu_non_member) == (phu.current.shu_setelah_pajak, phu.current.shu_anggota,
                                                       phu.current.shu_non_anggota)
    assert phu.current.shu_setelah_pajak > 0 and phu.current.shu_non_anggota > 0
    # the cash flow starts and ends at Kas + Bank in the ledger
    assert cf.opening == cash_in_ledger(ws, start - dt.timedelta(days=1))
    assert cf.closing == cash_in_ledger(ws, end) == bs.amount("kas_bank")
    assert cf.opening + cf.net_change == cf.closing
    # the notes: loans and PPAP agree with the receivable and the allowance; savings with the members' balances
    n = fs.notes
    assert n.loans.outstanding == ledger.account_balance(ws, acct(ws, "1-1300"), end) == bs.amount("pinjaman_anggota")
    assert n.loans.ppap_booked == n.loans.ppap_required == -bs.amount("ppap")
    assert {x.kind: x.amount for x in n.savings if x.kind in ("pokok", "wajib", "sukarela")} == {
        "pokok": bs.amount("simpanan_pokok"), "wajib": bs.amount("simpanan_wajib"),
        "sukarela": bs.amount("simpanan_sukarela")}
    assert n.shu_status == "dibukukan" and n.shu == phu.current.shu_setelah_pajak
    assert sum(a.amount for a in n.allocation) == n.shu and sum(a.percent for a in n.allocation) == 100


def test_comparatives_are_last_years_figures(scenario):
    ws = scenario.ws
    a, b = statements.financial_statements(ws, 2023), statements.financial_statements(ws, 2024)
    assert b.balance_sheet.prior_total_assets == a.balance_sheet.total_assets
    assert b.income_statement.prior == a.income_statement.current
    assert [x.prior_total for x in b.cash_flow.sections] == [x.total for x in a.cash_flow.sections]
    assert b.cash_flow.prior_closing == a.cash_flow.closing == b.cash_flow.opening
    assert b.prior_equity.closing.total == a.equity.closing.total


def test_after_the_shu_is_booked_cadangan_rises_by_its_allocation(scenario):
    ws = scenario.ws
    for year in (2023, 2024):
        lst = shu.shu_list(ws, year)
        assert lst.status == "dibukukan"
        bs = statements.balance_sheet(ws, D(year + 1, 12, 31))
        cadangan = bs.line("cadangan_umum")
        assert cadangan.amount - cadangan.prior == lst.pool("cadangan")
        eq = statements.equity_statement(ws, statements.period(ws, year + 1))
        reserve, paid = eq.movement("penyisihan_cadangan"), eq.movement("shu_dibagikan")
        assert reserve.amounts[eq.column("cadangan_umum")] == lst.pool("cadangan") == -reserve.amounts[eq.column("shu")]
        assert reserve.total == 0 and paid.total == -(lst.shu - lst.pool("cadangan"))
        # members' credits + pools = the SHU, to the rupiah
        funds = sum(p.amount for p in lst.pools if p.key not in ("jasa_modal", "jasa_usaha"))
        assert lst.total_shares + lst.residue + funds == lst.shu
        assert lst.total_unpaid == 0


def test_balance_sheet_lines_and_rows(scenario):
    ws = scenario.ws
    bs = statements.balance_sheet(ws, D(2025, 12, 31))
    keys = [x.key for s in bs.sections for x in s.lines]
    for key in ("kas_bank", "pinjaman_anggota", "ppap", "aset_tetap", "akumulasi_penyusutan", "simpanan_sukarela",
                "dana_shu", "simpanan_pokok", "simpanan_wajib", "cadangan_umum", "shu_tahun_berjalan"):
        assert key in keys, key
    # PPAP is the contra line right under the loans; sukarela is a liability; pokok and wajib are equity
    assert keys.index("ppap") == keys.index("pinjaman_anggota") + 1 and bs.line("ppap").amount < 0
    assert bs.section("liabilitas_jangka_pendek").line("simpanan_sukarela")
    assert bs.section("liabilitas_jangka_panjang").line("akun:2-2100").amount == 50_000_000 - 6 * 2_000_000
    assert bs.section("ekuitas").line("simpanan_wajib").amount > 0
    # the year is closed: its result sits in SHU tahun berjalan (3-4100/3-4200) and the income accounts are empty
    assert ledger.account_balance(ws, acct(ws, "4-1100"), D(2025, 12, 31)) == 0
    assert bs.line("shu_tahun_berjalan").amount == statements.result_to(ws, D(2025, 12, 31)).shu_setelah_pajak
    assert bs.line("shu_belum_dibagi") is None          # 2024's SHU was distributed in 2025
    rows = bs.rows()
    assert rows[0].kind == RowKind.HEADING and rows[-1].key == "jumlah_pasiva"
    assert rows[-1].amount == next(r for r in rows if r.key == "jumlah_aset").amount
    details = [r for r in rows if r.kind == RowKind.DETAIL]
    assert {r.code for r in details} >= {"1-1100", "1-1200"}


def test_mid_year_balance_sheet_shows_the_unclosed_year_and_last_years_undistributed_shu(scenario):
    ws = scenario.ws
    bs = statements.balance_sheet(ws, D(2025, 2, 28))       # 2024 closed, its SHU not yet booked (RAT in March)
    assert bs.balanced
    assert bs.line("shu_belum_dibagi").amount == closing.get_closing(ws, 2024).shu
    assert bs.line("shu_tahun_berjalan").amount == statements.result_to(ws, D(2025, 2, 28)).shu_setelah_pajak
    mid = statements.financial_statements(ws, 2025, 1, 3)
    assert mid.period.label == "Januari - Maret 2025" and mid.prior_period.label == "Januari - Maret 2024"
    assert mid.consistent


def test_cash_flow_sections(scenario):
    ws = scenario.ws
    cf = statements.cash_flow(ws, statements.period(ws, 2024))
    assert [s.key for s in cf.sections] == ["operasi", "investasi", "pendanaan", "saldo_awal"]   # 2023 comparative
    assert cf.section("saldo_awal").total == 0 and cf.section("saldo_awal").prior_total == 150_000_000
    line = {x.key: x.amount for s in cf.sections for x in s.lines}
    assert line["pinjaman_disalurkan"] < 0 < line["pinjaman_kembali"]
    assert line["pinjaman_diterima"] == 50_000_000 - 3 * 2_000_000
    assert line["shu_dibayar"] < 0 and line["simpanan_modal_masuk"] > 0 and line["simpanan_modal_keluar"] < 0
    assert line["dana_shu"] == -300_000
    first = statements.cash_flow(ws, statements.period(ws, 2023))
    assert first.section("saldo_awal").total == 150_000_000 and first.opening == 0
    assert first.line("aset_tetap").amount == -9_600_000
    rows = cf.rows()
    assert rows[-1].key == "kas_akhir" and rows[-1].amount == cf.closing


def test_phu_rows_and_split(scenario):
    ws = scenario.ws
    phu = statements.income_statement(ws, statements.period(ws, 2024))
    f = phu.current
    assert f.partisipasi_neto == f.partisipasi_bruto - f.beban_pokok
    assert f.beban_pokok == phu.group("beban_pokok").amount > 0      # jasa on sukarela
    assert f.pendapatan_non_anggota == 4 * 600_000
    assert f.shu_non_anggota == round(Decimal(f.pendapatan_non_anggota) * f.shu_setelah_pajak / f.total_pendapatan)
    keys = [r.key for r in phu.rows() if r.kind != RowKind.DETAIL]
    assert keys[:5] == ["judul_partisipasi", "partisipasi_bruto", "beban_pokok", "partisipasi_neto",
                        "pendapatan_non_anggota"]
    assert keys[-3:] == ["shu_setelah_pajak", "shu_anggota", "shu_non_anggota"]


def test_a_new_account_lands_on_the_right_line(copy):
    ws, admin = copy
    deposito, _ = ledger.add_account(ws, code="1-1220", name="Deposito BPR Kalsel", tags=("atmr20",), by=admin)
    sewa, _ = ledger.add_account(ws, code="6-1500", name="Beban sewa kantor", tags=("beban_usaha",), by=admin)
    lpdb, _ = ledger.add_account(ws, code="2-2300", name="Pinjaman koperasi sekunder", by=admin)
    post(ws, admin, D(2026, 5, 2), "Penempatan deposito", ("1-1220", 5_000_000, 0), ("1-1200", 0, 5_000_000))
    post(ws, admin, D(2026, 5, 3), "Sewa kantor", ("6-1500", 1_000_000, 0), ("1-1100", 0, 1_000_000))
    post(ws, admin, D(2026, 5, 4), "Pinjaman Puskop", ("1-1200", 3_000_000, 0), ("2-2300", 0, 3_000_000))
    fs = statements.financial_statements(ws, 2026, 1, 5)
    assert fs.consistent
    assert fs.balance_sheet.line("deposito").amount == 5_000_000
    assert fs.balance_sheet.section("liabilitas_jangka_panjang").line("akun:2-2300").amount == 3_000_000
    assert any(a.code == "6-1500" for a in fs.income_statement.group("beban_usaha").accounts)
    assert fs.cash_flow.line("deposito").amount == -5_000_000
    assert fs.cash_flow.line("pinjaman_diterima").amount == 3_000_000
    assert check_workspace(ws.path).ok


def test_check_passes_and_payable_matches(scenario):
    report = check_workspace(scenario.ws.path)
    assert report.ok, report.text()
    assert any("tutup buku" in p.lower() for p in report.passed)
    assert any("SHU" in p for p in report.passed)
    assert all(r.ok for r in collectibility.reconcile(scenario.ws))
