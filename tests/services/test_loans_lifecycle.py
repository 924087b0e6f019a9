"""KSP Maju Bersama lends: Nurul (bendahara) enters Siti's application, Bu Siti Rahmah (admin) approves it, the loan
is paid out net of provisi and admin, Siti repays on time, then late with denda, then pays off early. Along the way:
maker-checker, the single-borrower limit, withheld loan savings, corrections by reversal, a member leaving with a
loan, a write-off against the PPAP and a restructuring that keeps the history. The books stay balanced and the
loan receivable always equals the principal the members still owe."""

import datetime as dt
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from kopdesk.domain.errors import NotFound, PermissionDenied, ValidationError
from kopdesk.domain.loans import DendaKind, DendaRule, LoanSettings, LoanStatus, LoanTxKind, Method, SavingsReturn
from kopdesk.domain.members import Member, MemberSettings, MemberStatus
from kopdesk.domain.users import Role
from kopdesk.services import (
    collectibility,
    ledger,
    loan_payments,
    loan_products,
    loan_workouts,
    loans,
    members,
    savings,
    users,
)
from kopdesk.services import workspace as W
from kopdesk.services.check import check_workspace
from kopdesk.services.loan_payments import RepaymentRow
from kopdesk.store import members as members_store
from tests.builders import acct, post

D = dt.date
FAR = D(2030, 12, 31)


def siti(**kw):
    base = dict(id=None, number="", full_name="Siti Aminah", nik="6372024508900003", gender="P",
                birth_place="Banjarbaru", birth_date=D(1990, 8, 5), join_date=D(2025, 12, 5))
    return Member(**{**base, **kw})


def budi(**kw):
    base = dict(id=None, number="", full_name="Budi Santoso", nik="6372021203850001", gender="L",
                birth_date=D(1985, 3, 12), join_date=D(2025, 12, 5), heir_name="Rina Santoso", heir_relation="Istri")
    return Member(**{**base, **kw})


class Koperasi:
    def __init__(self, ws, admin, teller, siti, budi, produktif):
        self.ws, self.admin, self.teller = ws, admin, teller
        self.siti, self.budi, self.produktif = siti, budi, produktif

    @property
    def umum(self):
        return loan_products.product_by_code(self.ws, "UMUM")

    def grant(self, member, amount, tenor, on, *, product=None, by=None, **kw):
        """Apply (the teller), approve (the admin) and pay out on the same day."""
        applied = loans.apply(self.ws, member_id=member.id, product_id=(product or self.produktif).id, amount=amount,
                              tenor=tenor, on=on, purpose=kw.pop("purpose", "Modal usaha warung"), by=by or self.teller,
                              **kw)
        loans.approve(self.ws, applied.loan.id, on=on, by=self.admin)
        return loans.disburse(self.ws, applied.loan.id, on=on, by=self.teller).loan


@pytest.fixture
def kop(book):
    ws, admin = book
    post(ws, admin, D(2025, 12, 1), "Modal awal koperasi", ("1-1100", 500_000_000, 0), ("3-3100", 0, 500_000_000),
         series="JS")
    loan_products.ensure_default_product(ws, admin)
    teller, _ = users.add_user(ws, username="nurul", full_name="Nurul Hidayah", role=Role.BENDAHARA, password=None,
                               by=admin)
    s = members.add_member(ws, siti(), admin).member
    b = members.add_member(ws, budi(), admin).member
    produktif, warnings, _ = loan_products.save_product(ws, loan_products.new_product(
        ws, "PRODUKTIF", "Pinjaman Produktif", method=Method.FLAT, rate=Decimal("1.5"), tenor_max=24,
        provisi_pct=Decimal(1), admin_fee=50_000, denda=DendaRule(DendaKind.PERCENT_PER_DAY, Decimal("0.1"))), admin)
    assert warnings == ()
    return Koperasi(ws, admin, teller, s, b, produktif)


def lines(ws, journal_id):
    return [(x.account_code, x.debit, x.credit) for x in ledger.get_journal(ws, journal_id).lines]


def balance(ws, code, on=FAR):
    return ledger.account_balance(ws, acct(ws, code), on)


def assert_books(ws):
    """Every money test ends here: the trial balance balances, each loan receivable account equals the principal
    the members owe, and `kopdesk check` is satisfied."""
    assert ledger.trial_balance(ws, FAR).balanced
    assert all(r.ok for r in collectibility.reconcile(ws)), collectibility.reconcile(ws)
    assert all(r.ok for r in savings.reconcile(ws))
    report = check_workspace(ws.path)
    assert report.ok, report.text()


# ------------------------------------------------------------------------------------------------ products


def test_the_default_product_and_a_product_with_every_rule(kop):
    umum = kop.umum
    assert (umum.name, umum.method, umum.rate, umum.tenor_min, umum.tenor_max) == ("Pinjaman Umum", Method.FLAT,
                                                                                   Decimal("1.5"), 1, 36)
    assert (umum.provisi_pct, umum.admin_fee, umum.denda) == (Decimal(1), 25_000, DendaRule(
        DendaKind.PERCENT_PER_DAY, Decimal("0.1"), grace_days=3))
    assert ledger.get_account(kop.ws, "1-1300").id == umum.receivable_account_id
    harsh = loan_products.new_product(kop.ws, "KILAT", "Pinjaman Kilat", denda=DendaRule(
        DendaKind.PERCENT_PER_DAY, Decimal(1)))
    saved, warnings, _ = loan_products.save_product(kop.ws, harsh, kop.admin)
    assert "tergolong berat" in warnings[0] and saved.code == "KILAT"
    bad = loan_products.new_product(kop.ws, "x", "", tenor_min=12, tenor_max=6, provisi_pct=Decimal(60),
                                    receivable_account_id=acct(kop.ws, "4-1100"))
    with pytest.raises(ValidationError) as err:
        loan_products.save_product(kop.ws, bad, kop.admin)
    assert err.value.problems == [
        "Nama produk pinjaman wajib diisi.",
        "Jangka waktu minimum dan maksimum harus 1 sampai 600 angsuran, minimum tidak melebihi maksimum.",
        "Provisi harus 0 sampai kurang dari 50% dari pokok.",
        "Kode produk 2-20 huruf besar/angka, misalnya UMUM.",
        "Akun piutang pinjaman harus akun kelompok 1 (Aset); 4-1100 Partisipasi - jasa pinjaman anggota tidak bisa."]
    with pytest.raises(PermissionDenied):
        loan_products.save_product(kop.ws, harsh, kop.teller)


# ------------------------------------------------------------------------------------------------ lifecycle


def test_spec_7_2_application_preview_approval_and_disbursement(kop):
    ws = kop.ws
    q = loans.preview(ws, product_id=kop.produktif.id, amount=12_000_000, tenor=12, start=D(2026, 1, 10))
    assert {i.total for i in q.schedule.instalments} == {1_180_000}
    assert (q.fees.provisi, q.fees.admin, q.net) == (120_000, 50_000, 11_830_000)
    assert q.effective_rate == Decimal("2.6430") and q.effective_cost.quantize(Decimal("0.01")) == Decimal("2.88")
    assert q.due[0] == D(2026, 2, 10)
    journals_before = len(ledger.journals(ws, D(2025, 1, 1), FAR))

    applied = loans.apply(ws, member_id=kop.siti.id, product_id=kop.produktif.id, amount=12_000_000, tenor=12,
                          on=D(2026, 1, 5), purpose="Tambah modal warung sembako", by=kop.teller)
    loan = applied.loan
    assert (loan.number, loan.status, loan.net_disbursement) == ("PJ-2026-000001", LoanStatus.DIAJUKAN, 11_830_000)
    assert len(ledger.journals(ws, D(2025, 1, 1), FAR)) == journals_before      # an application posts nothing
    with pytest.raises(PermissionDenied, match="tidak berwenang menyetujui pinjaman"):
        loans.approve(ws, loan.id, on=D(2026, 1, 8), by=kop.teller)
    with pytest.raises(ValidationError, match="hanya pinjaman yang sudah disetujui"):
        loans.disburse(ws, loan.id, on=D(2026, 1, 8), by=kop.teller)
    loans.approve(ws, loan.id, on=D(2026, 1, 8), note="Usaha berjalan baik", by=kop.admin)

    paid = loans.disburse(ws, loan.id, on=D(2026, 1, 10), by=kop.teller)
    assert paid.number == "KK-2026-000001" and paid.loan.status == LoanStatus.AKTIF
    assert lines(ws, paid.journal_id) == [("1-1300", 12_000_000, 0), ("1-1100", 0, 11_830_000),
                                          ("4-1200", 0, 120_000), ("4-1300", 0, 50_000)]
    card = loans.loan_card(ws, loan.id, D(2026, 1, 10))
    assert [x.due for x in card.lines[:3]] == [D(2026, 2, 10), D(2026, 3, 10), D(2026, 4, 10)]
    assert card.lines[-1].due == D(2027, 1, 10) and card.outstanding == 12_000_000
    assert_books(ws)


def test_maker_checker_refuses_approving_your_own_application(kop):
    ws = kop.ws
    own = loans.apply(ws, member_id=kop.budi.id, product_id=kop.umum.id, amount=3_000_000, tenor=10,
                      on=D(2026, 2, 1), purpose="Biaya sekolah", by=kop.admin).loan
    with pytest.raises(ValidationError, match="maker-checker"):
        loans.approve(ws, own.id, on=D(2026, 2, 2), by=kop.admin)
    assert loans.get_loan(ws, own.id).status == LoanStatus.DIAJUKAN
    loan_products.save_settings(ws, LoanSettings(maker_checker=False), kop.admin)   # a one-person office
    loans.approve(ws, own.id, on=D(2026, 2, 2), by=kop.admin)
    assert loans.get_loan(ws, own.id).status == LoanStatus.DISETUJUI
    loans.cancel(ws, own.id, on=D(2026, 2, 3), reason="Anggota membatalkan", by=kop.teller)
    assert loans.get_loan(ws, own.id).status == LoanStatus.DIBATALKAN


def test_on_time_late_with_denda_then_early_payoff(kop):
    """Spec §7.3: instalment 2 (1,180,000) paid 10 days late with 1,000,000 -> denda 11,800, jasa 180,000, pokok
    808,200; 191,800 pokok stays in arrears and keeps earning denda until paid; then the loan is paid off."""
    ws = kop.ws
    loan = kop.grant(kop.siti, 12_000_000, 12, D(2026, 1, 10))

    first = loan_payments.repay(ws, loan.id, amount=1_180_000, on=D(2026, 2, 10), by=kop.teller)
    assert lines(ws, first.journal_id) == [("1-1100", 1_180_000, 0), ("1-1300", 0, 1_000_000),
                                           ("4-1100", 0, 180_000)]

    pv = loan_payments.repayment_preview(ws, loan.id, amount=1_000_000, on=D(2026, 3, 20))
    assert (pv.penalty, pv.interest, pv.principal) == (11_800, 180_000, 808_200)
    assert pv.after.principal_arrears == 191_800 and not pv.closes
    late = loan_payments.repay(ws, loan.id, amount=1_000_000, on=D(2026, 3, 20), by=kop.teller)
    assert lines(ws, late.journal_id) == [("1-1100", 1_000_000, 0), ("1-1300", 0, 808_200), ("4-1100", 0, 180_000),
                                          ("4-1400", 0, 11_800)]
    assert [(a.no, a.principal, a.interest, a.penalty) for a in loans.loan_card(ws, loan.id).payments[-1].allocations
            ] == [(2, 808_200, 180_000, 11_800)]
    assert collectibility.classify_loan(ws, loan.id, D(2026, 3, 31)).days_overdue == 21

    # 21 more days on 191,800 at 0.1 %: 4,028 more denda; instalment 3 is due the same day
    catch_up = loan_payments.repayment_preview(ws, loan.id, amount=1_375_828, on=D(2026, 4, 10))
    assert (catch_up.penalty, catch_up.interest, catch_up.principal) == (4_028, 180_000, 1_191_800)
    loan_payments.repay(ws, loan.id, amount=1_375_828, on=D(2026, 4, 10), by=kop.teller)
    assert collectibility.classify_loan(ws, loan.id, D(2026, 4, 10)).days_overdue == 0

    q = loan_payments.payoff_quote(ws, loan.id, D(2026, 5, 5))
    assert (q.principal, q.jasa, q.denda, q.total, q.jasa_not_charged) == (9_000_000, 0, 0, 9_000_000, 1_620_000)
    done = loan_payments.payoff(ws, loan.id, on=D(2026, 5, 5), by=kop.teller)
    assert lines(ws, done.journal_id) == [("1-1100", 9_000_000, 0), ("1-1300", 0, 9_000_000)]
    assert done.loan.status == LoanStatus.LUNAS and done.loan.closed_on == D(2026, 5, 5)
    card = loans.loan_card(ws, loan.id, D(2026, 6, 1))
    assert [x.state for x in card.lines[:4]] == ["Lunas", "Lunas", "Lunas", "Tidak ditagih"]
    assert card.outstanding == 0 and card.total_paid == (12_000_000, 540_000, 15_828)
    assert card.position.days_overdue == 0 and card.position.penalty_due == 0
    with pytest.raises(ValidationError, match="berstatus lunas; pembayaran hanya untuk pinjaman aktif"):
        loan_payments.repay(ws, loan.id, amount=100_000, on=D(2026, 6, 1), by=kop.teller)
    assert (balance(ws, "1-1300"), balance(ws, "4-1100"), balance(ws, "4-1400")) == (0, 540_000, 15_828)
    assert_books(ws)


def test_paying_more_than_is_due_pays_the_next_instalments_and_a_payoff_is_suggested(kop):
    ws = kop.ws
    loan = kop.grant(kop.budi, 1_200_000, 3, D(2026, 2, 1), product=kop.umum)
    pv = loan_payments.repayment_preview(ws, loan.id, amount=1_000_000, on=D(2026, 3, 1))
    assert [(a.no, a.principal, a.interest) for a in pv.allocations] == [(1, 400_000, 18_000), (2, 400_000, 18_000),
                                                                         (3, 146_000, 18_000)]
    with pytest.raises(ValidationError, match=r"melebihi seluruh sisa angsuran dan denda Rp1\.254\.000.*"
                                              r"pelunasan dipercepat \(Rp1\.218\.000\)"):
        loan_payments.repay(ws, loan.id, amount=1_300_000, on=D(2026, 3, 1), by=kop.teller)
    # paying every instalment in full (jasa included) closes the loan
    last = loan_payments.repay(ws, loan.id, amount=1_254_000, on=D(2026, 3, 1), by=kop.teller)
    assert last.loan.status == LoanStatus.LUNAS
    assert_books(ws)


def test_a_payroll_deduction_sheet_pays_many_loans_at_once(kop):
    ws = kop.ws
    a = kop.grant(kop.siti, 1_200_000, 3, D(2026, 2, 1), product=kop.umum)    # 400,000 + 18,000 a month
    b = kop.grant(kop.budi, 600_000, 1, D(2026, 2, 1), product=kop.umum)      # 600,000 + 9,000 once
    bad = [RepaymentRow(a.number, 418_000, 2), RepaymentRow("PJ-2026-999999", 1, 3), RepaymentRow(a.number, 5, 4),
           RepaymentRow(b.number, 0, 5)]
    with pytest.raises(ValidationError) as err:
        loan_payments.repay_many(ws, bad, on=D(2026, 3, 1), by=kop.teller)
    assert err.value.problems == ["Baris 3: nomor pinjaman PJ-2026-999999 tidak ditemukan.",
                                  f"Baris 4: pinjaman {a.number} sudah ada di baris 2; gabungkan jumlahnya.",
                                  "Baris 5: jumlah harus lebih dari nol (rupiah bulat)."]
    with pytest.raises(ValidationError, match=f"Baris 3: Rp700.000 melebihi sisa angsuran dan denda {b.number}"):
        loan_payments.repay_many(ws, [RepaymentRow(a.number, 418_000, 2), RepaymentRow(b.number, 700_000, 3)],
                                 on=D(2026, 3, 1), by=kop.teller)
    done = loan_payments.repay_many(ws, [RepaymentRow(a.number, 418_000, 2), RepaymentRow(b.number, 609_000, 3)],
                                    on=D(2026, 3, 1), description="Potong gaji Maret 2026", by=kop.teller)
    assert (done.loans, done.total, done.principal, done.interest, done.closed) == (2, 1_027_000, 1_000_000,
                                                                                   27_000, 1)
    assert (done.first_journal, done.last_journal) == ("KM-2026-000001", "KM-2026-000002")
    assert loans.get_loan(ws, b.id).status == LoanStatus.LUNAS
    [tx] = [t for t in loans.transactions(ws, a.id) if t.kind == LoanTxKind.ANGSURAN]
    assert tx.description == f"Potong gaji Maret 2026 {a.number} {kop.siti.number} Siti Aminah"
    assert lines(ws, tx.journal_id) == [("1-1100", 418_000, 0), ("1-1300", 0, 400_000), ("4-1100", 0, 18_000)]
    # one journal per loan: a single deduction can be corrected alone
    loan_payments.reverse(ws, tx.id, on=D(2026, 3, 2), reason="Gaji tidak dipotong", by=kop.teller)
    assert loans.loan_card(ws, a.id, D(2026, 3, 2)).outstanding == 1_200_000
    assert_books(ws)


def test_bad_input_is_refused_with_every_problem_and_writes_nothing(kop):
    ws = kop.ws
    before = ws.db.execute("SELECT (SELECT count(*) FROM loans), (SELECT count(*) FROM journals)").fetchone()
    with pytest.raises(ValidationError) as err:
        loans.apply(ws, member_id=999, product_id=kop.umum.id, amount=-5, tenor=40, rate=Decimal(150), on=D(2026, 2, 1),
                    purpose=" ", by=kop.teller)
    assert err.value.problems == [
        "Anggota tidak ditemukan; pilih anggota yang terdaftar.",
        "Jumlah pinjaman harus lebih dari nol (rupiah bulat).",
        "Jangka waktu Pinjaman Umum 1 sampai 36 bulan; diminta 40 bulan.",
        "Jasa per bulan harus 0 sampai 100%.",
        "Keperluan pinjaman wajib diisi."]
    with pytest.raises(ValidationError, match="wajib dengan agunan: isi keterangan agunan"):
        loans.apply(ws, member_id=kop.siti.id, product_id=kop.umum.id, amount=15_000_000, tenor=12, on=D(2026, 2, 1),
                    purpose="Renovasi rumah", by=kop.teller)
    with pytest.raises(NotFound):
        loan_payments.repay(ws, 12345, amount=1, on=D(2026, 2, 1), by=kop.teller)
    assert ws.db.execute("SELECT (SELECT count(*) FROM loans), (SELECT count(*) FROM journals)").fetchone() == before
    loan = kop.grant(kop.siti, 1_000_000, 2, D(2026, 2, 1), product=kop.umum)
    with pytest.raises(ValidationError) as err:
        loan_payments.repay(ws, loan.id, amount=0, on=D(2026, 1, 31), by=kop.teller)
    assert err.value.problems == ["Jumlah pembayaran harus lebih dari nol (rupiah bulat).",
                                  f"Tanggal pembayaran tidak boleh sebelum transaksi terakhir pinjaman {loan.number} "
                                  "(01-02-2026)."]


def test_single_borrower_limit_against_modal_sendiri(kop):
    """Spec §7.4: at most 15 % of modal sendiri to one borrower, 10 % to a related party. Modal sendiri here:
    cadangan 500,000,000 + simpanan pokok 200,000 = 500,200,000 -> 75,030,000 and 50,020,000."""
    ws = kop.ws
    assert loans.modal_sendiri(ws, D(2026, 2, 1)) == 500_200_000
    big = dict(member_id=kop.budi.id, product_id=kop.umum.id, tenor=24, on=D(2026, 2, 1), purpose="Beli angkot",
               collateral="BPKB Suzuki Carry 2019", collateral_value=90_000_000)
    errors, _ = loans.check_application(ws, amount=80_000_000, **big)
    assert errors == ["Batas maksimum pemberian pinjaman untuk satu peminjam adalah 15% dari modal sendiri "
                      "Rp500.200.000 = Rp75.030.000; pinjaman Budi Santoso menjadi Rp80.000.000."]
    assert loans.check_application(ws, amount=75_000_000, **big) == ([], [])
    errors, _ = loans.check_application(ws, amount=60_000_000, related_party=True, **big)
    assert "untuk pihak terkait (pengurus, pengawas, karyawan) adalah 10%" in errors[0]
    # the other loans of the same borrower count too
    kop.grant(kop.budi, 40_000_000, 24, D(2026, 2, 1), product=kop.umum, collateral="SHM", collateral_value=80_000_000)
    errors, _ = loans.check_application(ws, amount=40_000_000, **{**big, "on": D(2026, 2, 2)})
    assert "ditambah sisa pinjaman lain Rp40.000.000" in errors[0]


def test_a_ceiling_as_a_multiple_of_the_members_savings(kop):
    ws = kop.ws
    p, _, _ = loan_products.save_product(ws, loan_products.new_product(
        ws, "KONSUMTIF", "Pinjaman Konsumtif", max_savings_multiple=Decimal(3), max_amount=5_000_000), kop.admin)
    savings.deposit(ws, member_id=kop.siti.id, product_id=savings.product_by_code(ws, "SUKARELA").id,
                    amount=400_000, on=D(2026, 1, 2), by=kop.teller)
    args = dict(member_id=kop.siti.id, product_id=p.id, tenor=6, on=D(2026, 2, 1), purpose="Biaya berobat")
    assert loans.check_application(ws, amount=1_500_000, **args) == ([], [])
    errors, _ = loans.check_application(ws, amount=6_000_000, **args)
    assert errors == ["Jumlah pinjaman Rp6.000.000 melebihi plafon Pinjaman Konsumtif Rp5.000.000.",
                      "Pinjaman Siti Aminah Rp6.000.000 melebihi 3 x simpanan pokok, wajib dan sukarela (Rp500.000) "
                      "= Rp1.500.000."]


def test_withheld_loan_savings_are_returned_at_payoff(kop):
    ws = kop.ws
    pagar, _, _ = loan_products.save_product(ws, loan_products.new_product(
        ws, "PAGAR", "Pinjaman dengan simpanan pagar", savings_pct=Decimal(2), provisi_pct=Decimal(1)), kop.admin)
    khusus = savings.product_by_code(ws, "SIMPANAN_PINJAMAN")
    assert khusus.kind.value == "khusus" and ledger_account_code(ws, khusus.account_id) == "2-1110"
    loan = kop.grant(kop.siti, 5_000_000, 10, D(2026, 3, 2), product=pagar)
    [disb] = [t for t in loans.transactions(ws, loan.id) if t.kind == LoanTxKind.PENCAIRAN]
    assert lines(ws, disb.journal_id) == [("1-1300", 5_000_000, 0), ("1-1100", 0, 4_850_000), ("4-1200", 0, 50_000),
                                          ("2-1110", 0, 100_000)]
    assert members_store.balance(ws.db, kop.siti.id, khusus.id) == 100_000
    with pytest.raises(ValidationError, match="ditahan sampai pinjaman"):  # blocked while the loan is open
        savings.withdraw(ws, member_id=kop.siti.id, product_id=khusus.id, amount=100_000, on=D(2026, 3, 20),
                         by=kop.teller)
    q = loan_payments.payoff_quote(ws, loan.id, D(2026, 4, 2))
    assert (q.total, q.savings_returned) == (5_075_000, 100_000)
    done = loan_payments.payoff(ws, loan.id, on=D(2026, 4, 2), savings_return=SavingsReturn.SUKARELA, by=kop.teller)
    assert lines(ws, done.journal_id) == [("1-1100", 5_075_000, 0), ("1-1300", 0, 5_000_000), ("4-1100", 0, 75_000),
                                          ("2-1110", 100_000, 0), ("2-1100", 0, 100_000)]
    assert members_store.balance(ws.db, kop.siti.id, khusus.id) == 0
    assert members_store.balance(ws.db, kop.siti.id, savings.product_by_code(ws, "SUKARELA").id) == 100_000
    # in cash, on the last regular instalment this time
    loan = kop.grant(kop.budi, 1_000_000, 1, D(2026, 4, 2), product=pagar)
    last = loan_payments.repay(ws, loan.id, amount=1_015_000, on=D(2026, 5, 2), savings_return=SavingsReturn.KAS,
                       by=kop.teller)
    assert last.loan.status == LoanStatus.LUNAS and ("2-1110", 20_000, 0) in lines(ws, last.journal_id)
    assert ("1-1100", 0, 20_000) in lines(ws, last.journal_id)
    assert_books(ws)


def ledger_account_code(ws, account_id):
    return next(a.code for a in ledger.list_accounts(ws) if a.id == account_id)


# ------------------------------------------------------------------------------------------------ corrections


def test_corrections_by_linked_reversal_newest_first(kop):
    ws = kop.ws
    loan = kop.grant(kop.siti, 12_000_000, 12, D(2026, 1, 10))
    disb = loans.transactions(ws, loan.id)[0]
    one = loan_payments.repay(ws, loan.id, amount=1_180_000, on=D(2026, 2, 10), by=kop.teller)
    two = loan_payments.repay(ws, loan.id, amount=1_180_000, on=D(2026, 3, 10), by=kop.teller)
    with pytest.raises(ValidationError, match=r"Batalkan dulu transaksi sesudahnya: angsuran 10-03-2026 "
                                              r"\(KM-2026-000002\)"):
        loan_payments.reverse(ws, one.tx_id, on=D(2026, 3, 11), reason="Salah anggota", by=kop.teller)
    with pytest.raises(ValidationError, match="sesudahnya"):
        loan_payments.reverse(ws, disb.id, on=D(2026, 3, 11), reason="Batal", by=kop.teller)
    undo = loan_payments.reverse(ws, two.tx_id, on=D(2026, 3, 10), reason="Uang belum diterima", by=kop.teller)
    assert undo.number == "JB-2026-000001"
    assert lines(ws, undo.journal_id) == [("1-1100", 0, 1_180_000), ("1-1300", 1_180_000 - 180_000, 0),
                                          ("4-1100", 180_000, 0)]
    assert loans.get_tx(ws, two.tx_id).reversed_by_id == undo.tx_id
    assert loans.loan_card(ws, loan.id, D(2026, 3, 10)).outstanding == 11_000_000
    with pytest.raises(ValidationError, match="sudah dibatalkan"):
        loan_payments.reverse(ws, two.tx_id, on=D(2026, 3, 12), reason="lagi", by=kop.teller)
    # the right payment, entered again on the same day, is allocated as if the wrong one never happened
    again = loan_payments.repayment_preview(ws, loan.id, amount=1_180_000, on=D(2026, 3, 10))
    assert [(a.no, a.principal, a.interest) for a in again.allocations] == [(2, 1_000_000, 180_000)]
    loan_payments.reverse(ws, one.tx_id, on=D(2026, 3, 12), reason="Salah anggota", by=kop.teller)
    reversed_disb = loan_payments.reverse(ws, disb.id, on=D(2026, 3, 12), reason="Pinjaman dibatalkan", by=kop.teller)
    assert reversed_disb.loan.status == LoanStatus.DISETUJUI and reversed_disb.loan.disbursed_on is None
    assert balance(ws, "1-1300") == 0 and balance(ws, "4-1200") == 0
    # paid out again later: a fresh schedule from the new date
    again = loans.disburse(ws, loan.id, on=D(2026, 3, 15), by=kop.teller)
    assert loans.loan_card(ws, loan.id, D(2026, 3, 15)).lines[0].due == D(2026, 4, 15)
    assert again.loan.status == LoanStatus.AKTIF
    with pytest.raises(PermissionDenied):
        loan_payments.reverse(ws, again.tx_id, on=D(2026, 3, 16), reason="x", by=users.add_user(
            ws, username="pengurus", full_name="Pak Ketua", role=Role.PENGURUS, password=None, by=kop.admin)[0])
    assert_books(ws)


# ------------------------------------------------------------------------------------------------ member exit


def test_a_member_cannot_leave_with_a_loan_unless_it_is_offset_against_the_savings(kop):
    """Spec §6.4: SP 100,000 + SW 2,500,000 + sukarela 1,600,000 = 4,200,000 less the loan 2,000,000 and jasa due
    30,000 -> 2,170,000 paid out, and the loan is closed by the offset."""
    ws = kop.ws
    b = kop.budi
    savings.deposit(ws, member_id=b.id, product_id=savings.product_by_code(ws, "WAJIB").id, amount=2_500_000,
                    on=D(2026, 1, 2), by=kop.teller)
    savings.deposit(ws, member_id=b.id, product_id=savings.product_by_code(ws, "SUKARELA").id, amount=1_600_000,
                    on=D(2026, 1, 2), by=kop.teller)
    loan = kop.grant(b, 2_000_000, 12, D(2026, 3, 1), product=kop.umum)
    journals_before = len(ledger.journals(ws, D(2025, 1, 1), FAR))
    exit_args = dict(on=D(2026, 4, 1), status=MemberStatus.KELUAR, reason="Pindah kota",
                     cash_account_id=acct(ws, "1-1100"), by=kop.admin)
    with pytest.raises(ValidationError, match=f"masih mempunyai pinjaman {loan.number} dengan sisa pokok "
                                              "Rp2.000.000. Lunasi pinjaman lebih dulu"):
        members.exit_member(ws, b.id, **exit_args)
    assert members.get_member(ws, b.id).status == MemberStatus.AKTIF
    assert len(ledger.journals(ws, D(2025, 1, 1), FAR)) == journals_before
    with pytest.raises(Exception, match="masih mempunyai pinjaman"):  # the database refuses too, whatever the code
        members_store.update_member(ws.db, replace(members.get_member(ws, b.id), status=MemberStatus.KELUAR))

    members.save_settings(ws, MemberSettings(exit_offsets_loans=True), kop.admin)
    preview = members.settlement_preview(ws, b.id, D(2026, 4, 1))
    assert preview.obligations == ((f"Pokok pinjaman {loan.number}", 2_000_000, acct(ws, "1-1300")),
                                   (f"Jasa pinjaman {loan.number}", 30_000, acct(ws, "4-1100")))
    assert (preview.total_savings, preview.payout) == (4_200_000, 2_170_000)
    done = members.exit_member(ws, b.id, **exit_args)
    assert lines(ws, done.journal_id) == [("3-1100", 100_000, 0), ("3-1200", 2_500_000, 0), ("2-1100", 1_600_000, 0),
                                          ("1-1300", 0, 2_000_000), ("4-1100", 0, 30_000), ("1-1100", 0, 2_170_000)]
    closed = loans.get_loan(ws, loan.id)
    assert closed.status == LoanStatus.LUNAS and closed.closed_on == D(2026, 4, 1)
    offset = [t for t in loans.transactions(ws, loan.id) if t.kind == LoanTxKind.POTONG_SIMPANAN]
    assert sum(-t.principal for t in offset) == 2_000_000 and sum(t.interest for t in offset) == 30_000
    assert loans.loan_card(ws, loan.id, D(2026, 5, 1)).position.cleared
    assert_books(ws)


def test_an_open_application_blocks_leaving(kop):
    ws = kop.ws
    members.save_settings(ws, MemberSettings(exit_offsets_loans=True), kop.admin)
    applied = loans.apply(ws, member_id=kop.siti.id, product_id=kop.umum.id, amount=1_000_000, tenor=5,
                          on=D(2026, 2, 1), purpose="Sekolah", by=kop.teller)
    with pytest.raises(ValidationError, match=f"Pengajuan pinjaman {applied.loan.number} masih diajukan"):
        members.settlement_preview(ws, kop.siti.id, D(2026, 2, 2))
    loans.reject(ws, applied.loan.id, on=D(2026, 2, 2), reason="Belum memenuhi syarat", by=kop.admin)
    assert members.settlement_preview(ws, kop.siti.id, D(2026, 2, 2)).obligations == ()


# ------------------------------------------------------------------------------------------ write-off, restructuring


def test_write_off_against_the_ppap_and_a_later_recovery(kop):
    ws = kop.ws
    post(ws, kop.admin, D(2026, 6, 30), "PPAP awal", ("6-1400", 3_000_000, 0), ("1-1390", 0, 3_000_000))
    loan = kop.grant(kop.siti, 8_000_000, 12, D(2026, 1, 15), product=kop.umum)
    with pytest.raises(PermissionDenied):
        loan_workouts.write_off(ws, loan.id, on=D(2026, 9, 30), reason="Usaha bangkrut", by=kop.teller)
    gone = loan_workouts.write_off(ws, loan.id, on=D(2026, 9, 30), reason="Usaha bangkrut, anggota tidak mampu",
                                   by=kop.admin)
    # PPAP holds 3,000,000: the rest of the principal is charged to the expense at once
    assert lines(ws, gone.journal_id) == [("1-1390", 3_000_000, 0), ("6-1400", 5_000_000, 0), ("1-1300", 0, 8_000_000)]
    assert gone.loan.status == LoanStatus.DIHAPUS and balance(ws, "1-1300") == 0
    assert collectibility.portfolio(ws, D(2026, 10, 1)) == []
    assert [c.loan.number for c in collectibility.portfolio(ws, D(2026, 9, 29))] == [loan.number]  # as it stood
    back = loan_workouts.record_recovery(ws, loan.id, amount=1_000_000, on=D(2026, 10, 15), by=kop.teller)
    assert lines(ws, back.journal_id) == [("1-1100", 1_000_000, 0), ("4-3100", 0, 1_000_000)]
    assert loan_workouts.recoverable(ws, loan.id) == 7_000_000
    with pytest.raises(ValidationError, match="melebihi sisa pinjaman yang dihapus buku Rp7.000.000"):
        loan_workouts.record_recovery(ws, loan.id, amount=7_000_001, on=D(2026, 10, 16), by=kop.teller)
    assert_books(ws)


def test_restructuring_moves_the_remaining_principal_and_keeps_the_history(kop):
    ws = kop.ws
    old = kop.grant(kop.siti, 6_000_000, 12, D(2026, 1, 10), product=kop.umum)
    for month in (2, 3, 4):
        loan_payments.repay(ws, old.id, amount=590_000, on=D(2026, month, 10), by=kop.teller)
    # three months unpaid, then a new schedule: 18 months at 1 % on the 4,500,000 left
    proposed = loan_workouts.restructure(ws, old.id, on=D(2026, 8, 1), tenor=18, rate=Decimal(1),
                                 reason="Usaha sepi, angsuran diringankan", by=kop.teller)
    new = proposed.loan
    assert (new.amount, new.tenor, new.rate, new.status, new.restructures_id) == (
        4_500_000, 18, Decimal(1), LoanStatus.DIAJUKAN, old.id)
    assert new.fees.total == 0 and proposed.quote.schedule.instalments[0].total == 295_000
    with pytest.raises(ValidationError, match="harus disetujui dulu"):
        loan_workouts.execute_restructure(ws, new.id, on=D(2026, 8, 3), by=kop.teller)
    loans.approve(ws, new.id, on=D(2026, 8, 3), by=kop.admin)
    with pytest.raises(ValidationError, match="tanpa pencairan kas"):
        loans.disburse(ws, new.id, on=D(2026, 8, 3), by=kop.teller)
    done = loan_workouts.execute_restructure(ws, new.id, on=D(2026, 8, 3), by=kop.teller)
    assert lines(ws, done.journal_id) == [("1-1300", 4_500_000, 0), ("1-1300", 0, 4_500_000)]
    assert ledger.get_journal(ws, done.journal_id).number.startswith("JU-")
    assert balance(ws, "1-1300") == 4_500_000 and balance(ws, "1-1100", D(2026, 8, 3)) == balance(
        ws, "1-1100", D(2026, 8, 2))
    old_card = loans.loan_card(ws, old.id, D(2026, 9, 1))
    assert old_card.loan.status == LoanStatus.DIRESTRUKTURISASI and old_card.restructured_into_number == new.number
    assert [p.tx.kind for p in old_card.payments] == [LoanTxKind.PENCAIRAN, *[LoanTxKind.ANGSURAN] * 3,
                                                      LoanTxKind.RESTRUKTURISASI]
    assert old_card.outstanding == 0 and old_card.lines[4].state == "Direstrukturisasi"
    new_card = loans.loan_card(ws, new.id, D(2026, 9, 1))
    assert new_card.restructures_number == old.number and new_card.lines[0].due == D(2026, 9, 3)
    assert new_card.outstanding == 4_500_000 and new_card.position.days_overdue == 0
    assert_books(ws)


def test_withheld_savings_stay_blocked_through_a_restructuring(kop):
    ws = kop.ws
    pagar, _, _ = loan_products.save_product(ws, loan_products.new_product(
        ws, "PAGAR", "Pinjaman dengan simpanan pagar", savings_pct=Decimal(2)), kop.admin)
    old = kop.grant(kop.siti, 5_000_000, 10, D(2026, 3, 2), product=pagar)           # 100,000 withheld
    new = loan_workouts.restructure(ws, old.id, on=D(2026, 6, 2), tenor=20, reason="Diringankan",
                                    by=kop.teller).loan
    loans.approve(ws, new.id, on=D(2026, 6, 2), by=kop.admin)
    loan_workouts.execute_restructure(ws, new.id, on=D(2026, 6, 2), by=kop.teller)
    assert loan_payments.attached_savings(ws, loans.get_loan(ws, new.id)) == 100_000
    q = loan_payments.payoff_quote(ws, new.id, D(2026, 7, 2))
    assert (q.principal, q.savings_returned) == (5_000_000, 100_000)
    loan_payments.payoff(ws, new.id, on=D(2026, 7, 2), savings_return=SavingsReturn.KAS, by=kop.teller)
    assert members_store.balance(ws.db, kop.siti.id, savings.product_by_code(ws, "SIMPANAN_PINJAMAN").id) == 0
    assert_books(ws)


# ------------------------------------------------------------------------------------------------ reads, check


def test_loan_list_search_and_a_members_loans(kop):
    ws = kop.ws
    a = kop.grant(kop.siti, 2_000_000, 10, D(2026, 1, 10), product=kop.umum)
    loans.apply(ws, member_id=kop.budi.id, product_id=kop.umum.id, amount=1_000_000, tenor=10, on=D(2026, 2, 1),
                purpose="Sekolah", by=kop.teller)
    assert [r.loan.number for r in loans.search(ws)] == ["PJ-2026-000002", "PJ-2026-000001"]
    assert [(r.member_name, r.outstanding) for r in loans.search(ws, "siti")] == [("Siti Aminah", 2_000_000)]
    assert [r.loan.number for r in loans.search(ws, statuses=(LoanStatus.DIAJUKAN,))] == ["PJ-2026-000002"]
    assert loans.count(ws, "PJ-2026-00000") == 2 and loans.find_loan(ws, "pj-2026-000001").id == a.id
    assert [r.loan.number for r in loans.member_loans(ws, kop.siti.id)] == [a.number]


def test_check_fails_when_a_journal_goes_straight_to_the_loan_receivable(kop):
    ws = kop.ws
    kop.grant(kop.siti, 2_000_000, 10, D(2026, 1, 10), product=kop.umum)
    assert_books(ws)
    post(ws, kop.admin, D(2026, 1, 11), "Pinjaman tanpa buku pinjaman", ("1-1300", 100_000, 0),
         ("1-1100", 0, 100_000))
    report = check_workspace(ws.path)
    assert not report.ok
    assert any("1-1300 Pinjaman anggota" in p and "selisih Rp100.000" in p for p in report.problems)
    assert [(r.loans_total, r.ledger_balance) for r in collectibility.reconcile(ws)] == [(2_000_000, 2_100_000)]


def test_an_older_workspace_gets_the_loan_book_with_the_default_product(tmp_path):
    copy = tmp_path / "lama.kopdesk"
    shutil.copy(Path(__file__).parents[1] / "data" / "workspace-schema-1.kopdesk", copy)
    with W.open_workspace(copy, backup_dir=tmp_path / "bk") as ws:
        assert [(p.code, p.name) for p in loan_products.products(ws)] == [("UMUM", "Pinjaman Umum")]
        assert collectibility.portfolio(ws, D(2026, 11, 25)) == [] and loans.search(ws) == []
        admin = users.default_user(ws)
        assert not loan_products.ensure_default_product(ws, admin).any()       # seeded once only
    report = check_workspace(copy)
    assert report.ok and any("Buku pinjaman belum dipakai" in p for p in report.passed)
