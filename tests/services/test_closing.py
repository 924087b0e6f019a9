"""Month-end (tutup bulan) and year-end closing (tutup buku) at KSP Maju Bersama, 2025: sukarela earns 3 % a year,
Budi repays a loan, wajib comes in by payroll sheet. Each month is closed with its jasa, PPAP and lock; the year is
closed into SHU tahun berjalan; reopening is for the admin, with a reason, by linked reversal."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from kopdesk.domain.coop import CoopProfile
from kopdesk.domain.errors import NotFound, PeriodClosed, PermissionDenied, ValidationError
from kopdesk.domain.loans import LoanSettings
from kopdesk.domain.members import Member
from kopdesk.domain.savings import SavingsKind
from kopdesk.domain.users import Role
from kopdesk.services import (
    closing,
    collectibility,
    ledger,
    loan_payments,
    loan_products,
    loans,
    members,
    savings,
    statements,
    users,
)
from kopdesk.services import workspace as ws_svc
from kopdesk.services.check import check_workspace
from kopdesk.services.savings import CollectionRow
from kopdesk.store import loans as loans_store
from tests.builders import acct, post
from tests.conftest import PROFILE

D = dt.date
FAR = D(2030, 12, 31)


class Kop:
    def __init__(self, ws, admin):
        self.ws, self.admin = ws, admin
        self.people = []
        self.loan = None

    def counts(self):
        return tuple(self.ws.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("journals", "journal_lines", "savings_tx", "closed_periods", "closings", "audit_log"))

    def month(self, y: int, m: int) -> None:
        """A month of business: wajib and sukarela by payroll sheet, Budi's instalment, salary."""
        ws, admin = self.ws, self.admin
        rows = [CollectionRow(p.number, "WAJIB", 50_000) for p in self.people]
        rows.append(CollectionRow(self.people[0].number, "SUKARELA", 1_000_000))
        savings.post_collection(ws, rows, on=D(y, m, 5), cash_account_id=None, description=f"Potong gaji {m}/{y}",
                                by=admin)
        for inst in loans_store.schedule(ws.db, self.loan.id):
            if inst.due == D(y, m, 10):
                loan_payments.repay(ws, self.loan.id, amount=inst.principal + inst.interest, on=inst.due, by=admin)
        post(ws, admin, D(y, m, 20), f"Jasa giro {m}/{y}", ("1-1200", 300_000, 0), ("4-3100", 0, 300_000), series="KM")
        post(ws, admin, D(y, m, 25), f"Gaji {m}/{y}", ("6-1100", 100_000, 0), ("1-1100", 0, 100_000), series="KK")


def build(ws, admin, *, start=D(2025, 1, 2), months=12) -> Kop:
    k = Kop(ws, admin)
    post(ws, admin, start, "Saldo awal", ("1-1100", 50_000_000, 0), ("1-1200", 100_000_000, 0),
         ("3-2100", 0, 150_000_000), series="JS")
    loan_products.save_settings(ws, LoanSettings(maker_checker=False), admin)
    sukarela = savings.product_of_kind(ws, SavingsKind.SUKARELA)
    savings.save_product(ws, replace(sukarela, interest_rate=Decimal(3)), admin)
    for name, nik, g, born in (("Siti Aminah", "6372024508900003", "P", D(1990, 8, 5)),
                               ("Budi Santoso", "6372021203850001", "L", D(1985, 3, 12)),
                               ("Rina Wati", "6372024202750002", "P", D(1975, 2, 2))):
        k.people.append(members.add_member(ws, Member(None, "", name, nik, g, birth_date=born, join_date=start),
                                           admin).member)
    umum = loan_products.product_by_code(ws, "UMUM")
    applied = loans.apply(ws, member_id=k.people[1].id, product_id=umum.id, amount=6_000_000, tenor=12,
                          on=start.replace(day=10), purpose="Modal warung", by=admin)
    loans.approve(ws, applied.loan.id, on=start.replace(day=10), by=admin)
    k.loan = loans.disburse(ws, applied.loan.id, on=start.replace(day=10), by=admin).loan
    y, m = start.year, start.month
    for _ in range(months):
        k.month(y, m)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return k


@pytest.fixture
def kop(book):
    ws, admin = book
    k = build(ws, admin)
    yield k
    report = check_workspace(ws.path)
    assert report.ok, report.text()
    assert ledger.trial_balance(ws, FAR).balanced


def jlines(ws, journal_id):
    return [(x.account_code, x.debit, x.credit) for x in ledger.get_journal(ws, journal_id).lines]


# ------------------------------------------------------------------------------------------------ month-end


def test_month_end_posts_jasa_and_ppap_and_locks_the_month(kop):
    ws, admin = kop.ws, kop.admin
    r = closing.close_month(ws, 2025, 1, admin)
    assert r.period_end == D(2025, 1, 31) and r.locked_through == D(2025, 1, 31)
    assert [(x.period, x.members, x.total) for x in r.jasa] == [("2025-01", 0, 0)]   # nothing saved all month yet
    assert r.ppap.adjustment == 30_000 and r.ppap.journal_number                      # 0,5 % of 6 juta, Lancar
    assert jlines(ws, r.ppap.journal_id) == [("6-1400", 30_000, 0), ("1-1390", 0, 30_000)]
    r = closing.close_month(ws, 2025, 2, admin)
    [jasa] = r.jasa
    assert (jasa.period, jasa.members, jasa.total) == ("2025-02", 1, 2_500)   # 3 %/12 on Siti's lowest: 1 juta
    assert r.ppap.adjustment == -2_500                                          # Budi repaid 500.000
    assert ledger.locked_through(ws) == D(2025, 2, 28)
    assert r.changes.periods and r.changes.ledger and r.changes.savings
    with pytest.raises(PeriodClosed):
        post(ws, admin, D(2025, 2, 28), "Terlambat", ("6-1200", 1_000, 0), ("1-1100", 0, 1_000))


def test_month_end_twice_out_of_order_or_too_early_is_refused_and_writes_nothing(kop):
    ws, admin = kop.ws, kop.admin
    before = kop.counts()
    with pytest.raises(ValidationError) as err:
        closing.close_month(ws, 2025, 3, admin)
    assert err.value.problems == ["Bulan Januari 2025 belum ditutup; tutup bulan dilakukan berurutan, mulai dari "
                                  "bulan itu."]
    today = dt.date.today()
    with pytest.raises(ValidationError, match="belum berakhir"):
        closing.close_month(ws, today.year, today.month, admin)
    assert kop.counts() == before
    closing.close_month(ws, 2025, 1, admin)
    before = kop.counts()
    with pytest.raises(ValidationError) as err:
        closing.close_month(ws, 2025, 1, admin)
    assert err.value.problems == ["Bulan Januari 2025 sudah ditutup (buku terkunci sampai 31-01-2025)."]
    assert kop.counts() == before
    teller, _ = users.add_user(ws, username="nurul", full_name="Nurul Hidayah", role=Role.BENDAHARA, password=None,
                               by=admin)
    with pytest.raises(PermissionDenied):
        closing.close_month(ws, 2025, 2, teller)


def test_month_end_skips_what_is_already_posted(kop):
    ws, admin = kop.ws, kop.admin
    closing.close_month(ws, 2025, 1, admin)
    done = savings.post_monthly_jasa(ws, 2025, 2, admin)
    ppap = collectibility.post_ppap_month_end(ws, 2025, 2, admin)
    plan = closing.month_end_preview(ws, 2025, 2)
    assert plan.ok and plan.jasa_to_post == () and plan.jasa_done == ("Simpanan sukarela",)
    assert plan.ppap_done == ppap.journal_number
    before = ws.db.execute("SELECT count(*) FROM journals").fetchone()[0]
    r = closing.close_month(ws, 2025, 2, admin)
    assert r.jasa == () and r.jasa_skipped == ("Simpanan sukarela",) and r.ppap is None
    assert r.ppap_skipped == ppap.journal_number and done.runs[0].journal_number
    assert ws.db.execute("SELECT count(*) FROM journals").fetchone()[0] == before


def test_month_end_refused_when_the_books_do_not_reconcile(kop):
    ws, admin = kop.ws, kop.admin
    # someone books a sukarela deposit in the general journal, without the member's savings row
    post(ws, admin, D(2025, 1, 15), "Setoran tanpa kartu simpanan", ("1-1100", 75_000, 0), ("2-1100", 0, 75_000))
    before = kop.counts()
    with pytest.raises(ValidationError) as err:
        closing.close_month(ws, 2025, 1, admin)
    assert any("Simpanan Simpanan sukarela" in p and "Rp75.000" not in p for p in err.value.problems)
    assert kop.counts() == before
    # corrected by reversal, the month closes
    bad = ledger.journals(ws, D(2025, 1, 15), D(2025, 1, 15), search="tanpa kartu")[0]
    ledger.reverse_journal(ws, bad.id, on=D(2025, 1, 16), reason="harus lewat setoran simpanan", by=admin)
    closing.close_month(ws, 2025, 1, admin)


def test_months_status(kop):
    ws, admin = kop.ws, kop.admin
    closing.close_month(ws, 2025, 1, admin)
    closing.close_month(ws, 2025, 2, admin)
    status = closing.months_status(ws, 2025)
    assert len(status) == 12 and status[1].closed and status[1].jasa_posted and status[1].ppap_journal
    assert not status[2].closed and not status[2].jasa_posted and status[2].ppap_journal is None


# ------------------------------------------------------------------------------------------------ year-end


def test_year_end_refused_while_months_are_open_then_closes_them_in_the_same_step(kop):
    ws, admin = kop.ws, kop.admin
    for m in range(1, 10):
        closing.close_month(ws, 2025, m, admin)
    before = kop.counts()
    with pytest.raises(ValidationError) as err:
        closing.close_year(ws, 2025, admin)
    assert err.value.problems == ["Bulan yang belum ditutup (tutup bulan): Oktober 2025, November 2025, Desember 2025. "
                                  "Tutup bulan-bulan itu lebih dulu, atau pilih menutupnya sekaligus dalam tutup buku."]
    assert kop.counts() == before
    preview = closing.closing_preview(ws, 2025, close_open_months=True)
    assert preview.ok and preview.open_months == ((2025, 10), (2025, 11), (2025, 12))
    result = closing.close_year(ws, 2025, admin, close_open_months=True)
    assert [(x.month, x.locked_through) for x in result.months_closed] == [
        (10, D(2025, 10, 31)), (11, D(2025, 11, 30)), (12, None)]
    assert all(x.ppap is not None for x in result.months_closed)
    c = result.closing
    assert (c.year, c.period_end) == (2025, D(2025, 12, 31))
    assert c.journal_number == ledger.get_journal(ws, c.journal_id).number
    # every income and expense account is empty at the year's end; the result sits in SHU tahun berjalan
    tb = {r.account.code: r for r in ledger.trial_balance(ws, D(2025, 12, 31)).rows}
    assert not [code for code in tb if code[0] in "45678"]
    assert tb["3-4100"].balance_credit == c.shu_member == c.shu and c.shu_non_member == 0 and "3-4200" not in tb
    # the PHU of the closed year still shows its result (closing journals are left out)
    phu = statements.income_statement(ws, statements.period(ws, 2025)).current
    assert phu.shu_setelah_pajak == c.shu > 0
    assert ledger.locked_through(ws) == D(2025, 12, 31)
    with pytest.raises(PeriodClosed):
        post(ws, admin, D(2025, 12, 31), "Koreksi", ("6-1200", 1_000, 0), ("1-1100", 0, 1_000))
    with pytest.raises(ValidationError, match="sudah ditutup"):
        closing.close_year(ws, 2025, admin)
    assert closing.is_closed(ws, 2025) and [x.year for x in closing.closings(ws)] == [2025]


def test_the_closing_journal_closes_each_account(kop):
    ws, admin = kop.ws, kop.admin
    ledger.lock_period(ws, D(2025, 12, 31), admin)
    preview = closing.closing_preview(ws, 2025)
    c = closing.close_year(ws, 2025, admin).closing
    lines = jlines(ws, c.journal_id)
    assert lines == [(x.account_code, x.debit, x.credit) for x in preview.lines]
    assert sum(d for _, d, _ in lines) == sum(k for _, _, k in lines)
    by_code = {code: (d, k) for code, d, k in lines}
    assert by_code["6-1100"] == (0, 1_200_000) and by_code["3-4100"] == (0, c.shu)
    assert by_code["4-1100"][0] == loans.loan_card(ws, kop.loan.id).total_paid[1]
    assert ledger.get_journal(ws, c.journal_id).description == ("Jurnal penutup tahun buku 2025: pendapatan dan "
                                                                "beban ditutup ke SHU tahun berjalan")


def test_a_year_closed_after_january_was_closed_relocks_january(kop):
    ws, admin = kop.ws, kop.admin
    for m in range(1, 13):
        closing.close_month(ws, 2025, m, admin)
    kop.month(2026, 1)
    closing.close_month(ws, 2026, 1, admin)
    result = closing.close_year(ws, 2025, admin)
    assert result.relocked == (D(2026, 1, 31),)
    assert ledger.locked_through(ws) == D(2026, 1, 31)
    kinds = ws.db.execute("SELECT period_end, kind FROM closed_periods WHERE reopened_at IS NULL "
                          "ORDER BY period_end DESC LIMIT 2").fetchall()
    assert kinds == [("2026-01-31", "bulan"), ("2025-12-31", "tahun")]
    # the balance sheet at the end of January is the same before and after the closing journal
    bs = statements.balance_sheet(ws, D(2026, 1, 31))
    assert bs.balanced and bs.line("shu_belum_dibagi").amount == result.closing.shu


def test_a_year_cannot_be_closed_before_the_one_before_it(book):
    ws, admin = book
    build(ws, admin, start=D(2024, 1, 2), months=24)
    with pytest.raises(ValidationError) as err:
        closing.close_year(ws, 2025, admin, close_open_months=True)
    assert ("Tahun buku sebelumnya belum ditutup: akun pendapatan dan beban masih bersaldo pada 31-12-2024. Tutup "
            "tahun buku 2024 lebih dulu.") in err.value.problems
    closing.close_year(ws, 2024, admin, close_open_months=True)
    closing.close_year(ws, 2025, admin, close_open_months=True)
    assert [c.year for c in closing.closings(ws)] == [2024, 2025]
    with pytest.raises(ValidationError, match="Tahun buku 2025 sudah ditutup; buka kembali tahun itu lebih dulu"):
        closing.reopen_year(ws, 2024, "koreksi", admin)
    assert check_workspace(ws.path).ok


def test_loan_applications_do_not_block_the_closing(kop):
    ws, admin = kop.ws, kop.admin
    loans.apply(ws, member_id=kop.people[2].id, product_id=loan_products.product_by_code(ws, "UMUM").id,
                amount=2_000_000, tenor=6, on=D(2025, 12, 20), purpose="Biaya sekolah", by=admin)
    preview = closing.closing_preview(ws, 2025, close_open_months=True)
    assert preview.ok and preview.warnings == (
        "1 pengajuan pinjaman belum diputuskan atau belum dicairkan; tidak menghalangi tutup buku karena belum "
        "dibukukan.",)


def test_reopening_is_for_the_admin_with_a_reason_and_reverses_the_closing(kop):
    ws, admin = kop.ws, kop.admin
    closed = closing.close_year(ws, 2025, admin, close_open_months=True).closing
    # the year's lock cannot be lifted around the closing (only by reopening the year)
    with pytest.raises(ValidationError, match="terkunci karena tutup buku; bukalah lewat Tutup Buku"):
        ledger.reopen_period(ws, "koreksi", admin)
    assert ledger.locked_through(ws) == D(2025, 12, 31)
    teller, _ = users.add_user(ws, username="nurul", full_name="Nurul Hidayah", role=Role.BENDAHARA, password=None,
                               by=admin)
    with pytest.raises(PermissionDenied):
        closing.reopen_year(ws, 2025, "koreksi gaji", teller)
    with pytest.raises(ValidationError, match="Alasan membuka kembali tahun buku wajib diisi"):
        closing.reopen_year(ws, 2025, "  ", admin)
    with pytest.raises(NotFound):
        closing.reopen_year(ws, 2024, "salah tahun", admin)
    phu_before = statements.income_statement(ws, statements.period(ws, 2025)).current
    r = closing.reopen_year(ws, 2025, "gaji Desember salah akun", admin)
    reversal = ledger.get_journal(ws, ledger.get_journal(ws, closed.journal_id).reversed_by_id)
    assert reversal.number == r.reversal_number and reversal.date == D(2025, 12, 31)
    assert r.closing.reversal_journal_id == reversal.id
    assert reversal.reverses_id == closed.journal_id
    assert r.closing.reopened_at and r.closing.reopen_reason == "gaji Desember salah akun"
    assert r.unlocked == (D(2025, 12, 31),) and r.locked_through == D(2025, 11, 30)
    assert not closing.is_closed(ws, 2025)
    assert ledger.account_balance(ws, acct(ws, "3-4100"), D(2025, 12, 31)) == 0
    assert statements.income_statement(ws, statements.period(ws, 2025)).current == phu_before
    audit = ws.db.execute("SELECT detail FROM audit_log WHERE action = 'buka_tutup_buku'").fetchone()[0]
    assert "gaji Desember salah akun" in audit
    # the closing document itself cannot be edited, even by hand
    with pytest.raises(Exception, match="dokumen beku"):
        ws.db.execute("UPDATE closings SET shu = 1 WHERE id = ?", [closed.id])
    # correct December and close again: a new closing document
    post(ws, admin, D(2025, 12, 28), "Koreksi gaji Desember", ("7-1300", 500_000, 0), ("6-1100", 0, 500_000))
    again = closing.close_year(ws, 2025, admin, close_open_months=True).closing
    assert again.id != closed.id and again.shu == closed.shu      # the correction moved cost between lines
    assert [c.id for c in closing.closings(ws, include_reopened=True)] == [closed.id, again.id]


def test_a_fiscal_year_from_july_closes_on_30_june(tmp_path):
    profile = CoopProfile(**{**{f: getattr(PROFILE, f) for f in PROFILE.__slots__}, "fiscal_year_start_month": 7})
    ws, admin = ws_svc.create_workspace(tmp_path / "juli.kopdesk", profile=profile)
    k = build(ws, admin, start=D(2024, 7, 2), months=12)
    p = statements.fiscal_year(ws, 2024)
    assert (p.start, p.end, p.label) == (D(2024, 7, 1), D(2025, 6, 30), "Tahun buku 2024/2025")
    c = closing.close_year(ws, 2024, admin, close_open_months=True).closing
    assert ledger.get_journal(ws, c.journal_id).date == D(2025, 6, 30)
    fs = statements.financial_statements(ws, 2024)
    assert fs.consistent and fs.income_statement.current.shu_setelah_pajak == c.shu
    q = statements.period(ws, 2024, 1, 3)
    assert (q.start, q.end, q.label) == (D(2025, 1, 1), D(2025, 3, 31), "Januari - Maret 2025")
    assert k.people and check_workspace(ws.path).ok
    ws.close()


def test_check_finds_a_broken_closing_and_a_payable_that_does_not_match(kop):
    ws, admin = kop.ws, kop.admin
    closing.close_year(ws, 2025, admin, close_open_months=True)
    assert check_workspace(ws.path).ok
    # a hand-made closing row for a year whose accounts were never closed, and a stray credit to SHU payable
    ws.db.execute("INSERT INTO closings (year, period_start, period_end, journal_id, shu, shu_member, "
                  "shu_non_member, revenue, non_member_revenue, non_member_rule, closed_at) VALUES "
                  "(2026, '2026-01-01', '2026-12-31', NULL, 0, 0, 0, 0, 0, 'pendapatan', '2026-01-01')")
    post(ws, admin, D(2026, 1, 5), "Salah akun", ("1-1100", 10_000, 0), ("2-1600", 0, 10_000))
    post(ws, admin, D(2026, 1, 6), "Beban", ("6-1200", 10_000, 0), ("1-1100", 0, 10_000))
    ws.db.execute("INSERT INTO shu_distributions (year, closing_id, shu, shu_non_member, allocation, settings, "
                  "pools, rate_jasa_modal, rate_jasa_usaha, total_savings, total_transactions, total_shares, "
                  "residue, approved_at, journal_id, posted_on) VALUES (2025, 1, 0, 0, '{}', '{}', '{}', '0', '0', 0, "
                  "0, 0, 0, '2026-01-05', 1, '2026-01-05')")
    report = check_workspace(ws.path)
    text = report.text()
    assert "tahun buku 2026: 1 akun pendapatan/beban masih bersaldo pada 2026-12-31" in text
    assert "tahun buku 2026: buku tidak terkunci sampai 2026-12-31" in text
    assert "SHU anggota belum dibayarkan di buku besar Rp10.000 tidak sama dengan bagian anggota yang belum dibayar " \
           "Rp0" in text
    ws.db.execute("DROP TRIGGER closings_no_delete")      # let the fixture's final check pass
    ws.db.execute("DELETE FROM closings WHERE year = 2026")
    ws.db.execute("DROP TRIGGER shu_distributions_no_delete")
    ws.db.execute("DELETE FROM shu_distributions")
    post(ws, admin, D(2026, 1, 7), "Koreksi", ("2-1600", 10_000, 0), ("1-1100", 0, 10_000))
