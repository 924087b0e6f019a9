"""SHU distribution through the services (spec §4.4 and §5.4): KSP Maju Bersama closes 2025 with an SHU after tax
of Rp60.000.000; Siti (pokok 500.000 + wajib 2.500.000 of 300.000.000; jasa pinjaman 1.425.000 of 285.000.000)
receives jasa modal 120.000 + jasa usaha 60.000. Preview, approval after the RAT, the posting journal of §5.4,
payment to her simpanan sukarela, the non-member variant (112.000), rounding, eligibility, and every refusal
writing nothing."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from kopdesk.domain.coop import AdArt
from kopdesk.domain.errors import PermissionDenied, ValidationError
from kopdesk.domain.loans import LoanSettings
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.domain.savings import SavingsKind
from kopdesk.domain.statements import ResidueTarget, SavingsBasis, ShuSettings, TransactionsBasis
from kopdesk.domain.users import Role
from kopdesk.services import (
    closing,
    ledger,
    loan_payments,
    loan_products,
    loans,
    members,
    savings,
    shu,
    statements,
    users,
)
from kopdesk.services import workspace as ws_svc
from kopdesk.services.check import check_workspace
from kopdesk.store import loans as loans_store
from tests.builders import acct, post
from tests.conftest import PROFILE

D = dt.date
FAR = D(2030, 12, 31)
PEOPLE = (("Siti Aminah", "6372024508900003", "P", D(1990, 8, 5), 2_500_000, 9_500_000),
          ("Budi Santoso", "6372021203850001", "L", D(1985, 3, 12), 146_500_000, 950_000_000),
          ("Rina Wati", "6372024202750002", "P", D(1975, 2, 2), 149_500_000, 940_500_000))


class Kop:
    def __init__(self, ws, admin, people):
        self.ws, self.admin, self.people = ws, admin, people

    @property
    def siti(self):
        return self.people[0]

    def counts(self):
        """Everything a refused call must leave untouched."""
        return tuple(self.ws.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("journals", "journal_lines", "savings_tx", "shu_distributions", "shu_shares",
                               "shu_payouts", "shu_allocations", "closings", "audit_log"))


def build(tmp_path, *, non_member: bool = False) -> Kop:
    """2025: three members with pokok 500.000 and their wajib; loans of 9,5 / 950 / 940,5 juta at 1,5 % flat paid out
    on 10 February, ten instalments paid, so the jasa paid is 1.425.000 / 142.500.000 / 141.075.000 (285 juta,
    all the partisipasi bruto); costs bring the SHU after tax to exactly 60 juta. Cadangan umum was 80 juta."""
    ws, admin = ws_svc.create_workspace(tmp_path / "shu.kopdesk", profile=PROFILE, admin_full_name="Siti Rahmah",
                                        adart=AdArt(simpanan_pokok=500_000))
    post(ws, admin, D(2025, 1, 2), "Saldo awal: cadangan umum", ("1-1200", 80_000_000, 0), ("3-3100", 0, 80_000_000),
         series="JS")
    post(ws, admin, D(2025, 1, 3), "Pinjaman LPDB", ("1-1100", 2_000_000_000, 0), ("2-2100", 0, 2_000_000_000),
         series="KM")
    loan_products.save_settings(ws, LoanSettings(maker_checker=False, bmpp_enforced=False), admin)
    product, _, _ = loan_products.save_product(ws, loan_products.new_product(
        ws, "MODAL", "Pinjaman Modal", rate=Decimal("1.5"), tenor_max=60), admin)
    wajib = savings.product_of_kind(ws, SavingsKind.WAJIB)
    people = []
    for name, nik, g, born, sw, principal in PEOPLE:
        m = members.add_member(ws, Member(None, "", name, nik, g, birth_date=born, join_date=D(2025, 1, 2)),
                               admin).member
        savings.deposit(ws, member_id=m.id, product_id=wajib.id, amount=sw, on=D(2025, 1, 5), by=admin)
        applied = loans.apply(ws, member_id=m.id, product_id=product.id, amount=principal, tenor=12,
                              on=D(2025, 2, 10), purpose="Modal usaha", by=admin)
        loans.approve(ws, applied.loan.id, on=D(2025, 2, 10), by=admin)
        loan = loans.disburse(ws, applied.loan.id, on=D(2025, 2, 10), by=admin).loan
        ten = sum(i.principal + i.interest for i in loans_store.schedule(ws.db, loan.id)[:10])
        loan_payments.repay(ws, loan.id, amount=ten, on=D(2025, 11, 10), by=admin)
        people.append(members.get_member(ws, m.id))
    if non_member:
        # 21 juta from non-members and 9 juta other income: revenue 315 juta, so the non-member part of an SHU of
        # 60 juta is 21 / 315 x 60 = 4 juta (spec §4.4, non-member variant)
        post(ws, admin, D(2025, 6, 30), "Jasa pinjaman calon anggota", ("1-1100", 21_000_000, 0),
             ("4-2100", 0, 21_000_000), series="KM")
        post(ws, admin, D(2025, 12, 31), "Jasa giro", ("1-1200", 9_000_000, 0), ("4-3100", 0, 9_000_000),
             series="KM")
    costs = 255_000_000 if non_member else 225_000_000
    post(ws, admin, D(2025, 12, 20), "Gaji, honor dan beban operasional 2025", ("6-1100", costs - 5_000_000, 0),
         ("7-1100", 5_000_000, 0), ("1-1100", 0, costs), series="KK")
    ledger.lock_period(ws, D(2025, 12, 31), admin)           # every month closed
    return Kop(ws, admin, people)


@pytest.fixture
def kop(tmp_path):
    k = build(tmp_path)
    yield k
    report = check_workspace(k.ws.path)
    assert report.ok, report.text()
    assert ledger.trial_balance(k.ws, FAR).balanced
    k.ws.close()


def lines(ws, journal_number):
    j = ledger.get_journal(ws, ledger.journals(ws, D(2000, 1, 1), FAR, search=journal_number)[0].id)
    return [(x.account_code, x.debit, x.credit) for x in j.lines]


def test_the_year_closes_at_sixty_million_and_siti_gets_120000_plus_60000(kop):
    ws, admin = kop.ws, kop.admin
    phu = statements.income_statement(ws, statements.period(ws, 2025)).current
    assert (phu.partisipasi_bruto, phu.shu_setelah_pajak, phu.shu_non_anggota) == (285_000_000, 60_000_000, 0)
    c = closing.close_year(ws, 2025, admin).closing
    assert (c.shu, c.shu_member, c.shu_non_member) == (60_000_000, 60_000_000, 0)

    p = shu.preview(ws, 2025)
    assert p.status == "pratinjau" and (p.total_savings, p.total_transactions) == (300_000_000, 285_000_000)
    assert {x.key: x.amount for x in p.pools} == {
        "cadangan": 24_000_000, "jasa_modal": 12_000_000, "jasa_usaha": 12_000_000, "dana_pengurus": 3_000_000,
        "dana_karyawan": 3_000_000, "dana_pendidikan": 3_000_000, "dana_sosial": 1_500_000, "dana_pdk": 1_500_000}
    siti = p.row(kop.siti.id)
    assert (siti.savings, siti.transactions, siti.jasa_modal, siti.jasa_usaha, siti.total) == (
        3_000_000, 1_425_000, 120_000, 60_000, 180_000)
    assert p.rate_jasa_modal == Decimal("0.04") and round(p.rate_jasa_usaha, 6) == Decimal("0.042105")
    assert [(r.jasa_modal, r.jasa_usaha) for r in p.rows] == [(120_000, 60_000), (5_880_000, 6_000_000),
                                                              (6_000_000, 5_940_000)]
    assert p.total_shares == 24_000_000 and p.residue == 0


def test_approve_post_as_in_spec_5_4_and_credit_sitis_savings(kop):
    ws, admin = kop.ws, kop.admin
    closing.close_year(ws, 2025, admin)
    with pytest.raises(ValidationError, match="belum disetujui"):
        shu.posting_preview(ws, 2025)
    approved = shu.approve(ws, 2025, admin, decision_ref="Keputusan RAT No. 03/RAT/2026 tanggal 14-03-2026").shu_list
    assert approved.status == "disetujui" and approved.row(kop.siti.id).total == 180_000
    shown = shu.posting_preview(ws, 2025)   # what the screen asks the treasurer to confirm
    posted = shu.post(ws, 2025, admin, on=D(2026, 3, 16))
    assert [(x.account.split()[0], x.debit, x.credit) for x in shown] == lines(ws, posted.journal_number)
    assert lines(ws, posted.journal_number) == [
        ("3-4100", 60_000_000, 0),
        ("3-3100", 0, 24_000_000),
        ("2-1600", 0, 24_000_000),
        ("2-1510", 0, 3_000_000),
        ("2-1520", 0, 3_000_000),
        ("2-1530", 0, 3_000_000),
        ("2-1540", 0, 1_500_000),
        ("2-1550", 0, 1_500_000)]
    bal = {c: ledger.account_balance(ws, acct(ws, c), D(2026, 3, 16)) for c in ("3-3100", "3-4100", "2-1600")}
    assert bal == {"3-3100": 104_000_000, "3-4100": 0, "2-1600": 24_000_000}   # cadangan 80 + 24 juta (spec §5.4)

    paid = shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="sukarela", member_ids=[kop.siti.id])
    assert lines(ws, paid.journal_number) == [("2-1600", 180_000, 0), ("2-1100", 0, 180_000)]
    sukarela = savings.product_of_kind(ws, SavingsKind.SUKARELA)
    assert savings.balances(ws, kop.siti.id)[sukarela] == 180_000
    slip = shu.shu_slip(ws, 2025, kop.siti.id)
    assert (slip.status, slip.total, slip.paid_method, slip.paid_on, slip.paid_journal) == (
        "dibukukan", 180_000, "sukarela", D(2026, 3, 20), paid.journal_number)
    assert slip.savings_basis == "Saldo akhir tahun buku: simpanan pokok + simpanan wajib"

    # the rest in cash, all at once; then SHU payable is empty and members' credits + pools = the SHU
    rest = shu.pay(ws, 2025, admin, on=D(2026, 3, 21))
    assert (rest.members, rest.total, rest.method) == (2, 23_820_000, "tunai")
    assert ledger.account_balance(ws, acct(ws, "2-1600"), FAR) == 0
    lst = shu.shu_list(ws, 2025)
    assert lst.total_paid == lst.total_shares == 24_000_000 and lst.total_unpaid == 0
    pools_to_funds = sum(p.amount for p in lst.pools if p.key not in ("jasa_modal", "jasa_usaha"))
    assert lst.total_shares + lst.residue + pools_to_funds == 60_000_000
    with pytest.raises(ValidationError, match="sudah dibayarkan"):
        shu.pay(ws, 2025, admin, on=D(2026, 3, 22))
    # reopening the year is refused once its SHU is posted
    with pytest.raises(ValidationError, match="sudah dibukukan"):
        closing.reopen_year(ws, 2025, "koreksi", admin)


def test_non_member_variant_gives_siti_112000(tmp_path):
    k = build(tmp_path, non_member=True)
    ws, admin = k.ws, k.admin
    c = closing.close_year(ws, 2025, admin).closing
    assert (c.shu, c.shu_member, c.shu_non_member, c.revenue, c.non_member_revenue) == (
        60_000_000, 56_000_000, 4_000_000, 315_000_000, 21_000_000)
    j = ledger.get_journal(ws, c.journal_id)
    assert [(x.account_code, x.credit) for x in j.lines if x.account_code.startswith("3-4")] == [
        ("3-4100", 56_000_000), ("3-4200", 4_000_000)]
    p = shu.preview(ws, 2025)
    assert p.pool("jasa_modal") == p.pool("jasa_usaha") == 11_200_000 and p.pool("cadangan") == 26_400_000
    siti = p.row(k.siti.id)
    assert (siti.jasa_modal, siti.jasa_usaha, siti.total) == (112_000, 56_000, 168_000)
    shu.approve(ws, 2025, admin)
    posted = shu.post(ws, 2025, admin, on=D(2026, 3, 16))
    assert lines(ws, posted.journal_number) == [
        ("3-4100", 56_000_000, 0), ("3-4200", 4_000_000, 0), ("3-3100", 0, 26_400_000), ("2-1600", 0, 22_400_000),
        ("2-1510", 0, 2_800_000), ("2-1520", 0, 2_800_000), ("2-1530", 0, 2_800_000), ("2-1540", 0, 1_400_000),
        ("2-1550", 0, 1_400_000)]
    assert check_workspace(ws.path).ok
    k.ws.close()


def test_refusals_write_nothing(kop):
    ws, admin = kop.ws, kop.admin
    before = kop.counts()
    with pytest.raises(ValidationError) as err:
        shu.approve(ws, 2025, admin)
    assert err.value.problems == ["Tahun buku 2025 belum ditutup; SHU dibagi dari tahun buku yang sudah ditutup (tutup "
                                  "buku)."]
    with pytest.raises(ValidationError, match="harus 100% \\(sekarang 95%\\)"):
        shu.set_allocation(ws, 2025, {"cadangan": 35, "jasa_modal": 20, "jasa_usaha": 20, "dana_pengurus": 5,
                                      "dana_karyawan": 5, "dana_pendidikan": 5, "dana_sosial": "2.5",
                                      "dana_pdk": "2.5"}, admin)
    with pytest.raises(ValidationError, match="belum disetujui"):
        shu.post(ws, 2025, admin, on=D(2026, 3, 16))
    assert kop.counts() == before

    closing.close_year(ws, 2025, admin)
    before = kop.counts()
    # a basis with a zero total while its pool is not zero: nobody has simpanan sukarela
    shu.save_settings(ws, ShuSettings(savings_kinds=("sukarela",)), admin)
    before = kop.counts()
    with pytest.raises(ValidationError) as err:
        shu.approve(ws, 2025, admin)
    assert err.value.problems == ["Dasar jasa modal (saldo akhir tahun buku: simpanan sukarela) berjumlah nol untuk "
                                  "semua anggota, padahal pos jasa modal tidak nol; periksa pengaturan dasar pembagian "
                                  "SHU."]
    assert kop.counts() == before
    shu.save_settings(ws, ShuSettings(), admin)
    with pytest.raises(PermissionDenied):
        shu.approve(ws, 2025, users.add_user(ws, username="nurul", full_name="Nurul", role=Role.BENDAHARA,
                                             password=None, by=admin)[0])
    shu.approve(ws, 2025, admin)
    with pytest.raises(ValidationError, match="sudah disetujui"):
        shu.approve(ws, 2025, admin)
    with pytest.raises(ValidationError, match="sudah disetujui; alokasinya tidak bisa diubah"):
        shu.set_allocation(ws, 2025, {"cadangan": 100}, admin)
    with pytest.raises(ValidationError, match="sesudah akhir tahun buku"):
        shu.post(ws, 2025, admin, on=D(2025, 12, 31))
    shu.post(ws, 2025, admin, on=D(2026, 3, 16))
    before = kop.counts()
    with pytest.raises(ValidationError, match="sudah dibukukan"):
        shu.post(ws, 2025, admin, on=D(2026, 3, 17))
    with pytest.raises(ValidationError, match="tidak bisa dibatalkan"):
        shu.cancel_approval(ws, 2025, "RAT berubah", admin)
    with pytest.raises(ValidationError) as err:
        shu.pay(ws, 2025, admin, on=D(2026, 3, 10), method="transfer")
    assert err.value.problems == [
        "Cara pembayaran SHU harus tunai atau sukarela (dikreditkan ke simpanan sukarela).",
        "Tanggal pembayaran tidak boleh sebelum pembukuan SHU (16-03-2026)."]
    assert kop.counts() == before


def test_a_year_with_the_loss_or_nothing_to_share_is_refused(tmp_path):
    ws, admin = ws_svc.create_workspace(tmp_path / "rugi.kopdesk", profile=PROFILE)
    post(ws, admin, D(2024, 1, 2), "Modal", ("1-1100", 10_000_000, 0), ("3-2100", 0, 10_000_000), series="JS")
    post(ws, admin, D(2024, 5, 2), "Beban", ("6-1200", 1_000_000, 0), ("1-1100", 0, 1_000_000), series="KK")
    closing.close_year(ws, 2024, admin, close_open_months=True)
    with pytest.raises(ValidationError, match="tidak ada SHU untuk dibagikan"):
        shu.preview(ws, 2024)
    ws.close()


def test_approval_can_be_withdrawn_before_posting_and_the_allocation_changed(kop):
    ws, admin = kop.ws, kop.admin
    closing.close_year(ws, 2025, admin)
    shu.approve(ws, 2025, admin, decision_ref="RAT pertama")
    with pytest.raises(ValidationError, match="batalkan persetujuannya"):
        closing.reopen_year(ws, 2025, "koreksi", admin)
    with pytest.raises(ValidationError, match="Alasan"):
        shu.cancel_approval(ws, 2025, " ", admin)
    shu.cancel_approval(ws, 2025, "RAT mengubah pembagian", admin)
    shu.set_allocation(ws, 2025, {"cadangan": 50, "jasa_modal": 15, "jasa_usaha": 25, "dana_pengurus": 5,
                                  "dana_sosial": 5}, admin)
    assert shu.get_allocation(ws, 2025).from_adart is False
    lst = shu.approve(ws, 2025, admin, decision_ref="RAT lanjutan").shu_list
    assert (lst.pool("cadangan"), lst.pool("jasa_modal"), lst.pool("jasa_usaha")) == (30_000_000, 9_000_000,
                                                                                     15_000_000)
    assert lst.row(kop.siti.id).jasa_modal == 90_000 and lst.decision_ref == "RAT lanjutan"
    posted = shu.post(ws, 2025, admin, on=D(2026, 4, 1))
    assert ("2-1510", 0, 3_000_000) in lines(ws, posted.journal_number)


def test_rounding_to_1000_books_the_residue_to_dana_sosial_or_cadangan(kop):
    ws, admin = kop.ws, kop.admin
    closing.close_year(ws, 2025, admin)
    shu.set_allocation(ws, 2025, {"cadangan": "39.999", "jasa_modal": "20.001", "jasa_usaha": 20, "dana_pengurus": 5,
                                  "dana_karyawan": 5, "dana_pendidikan": 5, "dana_sosial": "2.5", "dana_pdk": "2.5"},
                       admin)
    shu.save_settings(ws, ShuSettings(rounding=1000), admin)
    p = shu.preview(ws, 2025)
    assert all(r.jasa_modal % 1000 == 0 and r.jasa_usaha % 1000 == 0 for r in p.rows)
    assert p.pool("jasa_modal") == 12_000_600 and p.residue == 600          # 6 + 294 + 300 rounded away
    assert p.total_shares + p.residue == p.pool("jasa_modal") + p.pool("jasa_usaha")
    shu.approve(ws, 2025, admin)
    posted = shu.post(ws, 2025, admin, on=D(2026, 3, 16))
    got = {c: (d, k) for c, d, k in lines(ws, posted.journal_number)}
    assert got["2-1600"] == (0, p.total_shares)
    assert got["2-1540"] == (0, 1_500_600) and got["3-3100"] == (0, 23_999_400)
    assert sum(d for d, _ in got.values()) == sum(k for _, k in got.values()) == 60_000_000


def test_bases_and_eligibility_settings(kop):
    ws, admin = kop.ws, kop.admin
    wajib = savings.product_of_kind(ws, SavingsKind.WAJIB)
    # a fourth member joins on 1 October with 1 juta wajib; she does not borrow
    ledger.reopen_period(ws, "anggota baru Oktober dicatat terlambat", admin)
    dewi = members.add_member(ws, Member(None, "", "Dewi Lestari", "6372024101950004", "P",
                                         birth_date=D(1995, 1, 1), join_date=D(2025, 10, 1)), admin).member
    savings.deposit(ws, member_id=dewi.id, product_id=wajib.id, amount=1_000_000, on=D(2025, 10, 1), by=admin)
    ledger.lock_period(ws, D(2025, 12, 31), admin)
    closing.close_year(ws, 2025, admin)
    row = shu.preview(ws, 2025).row(dewi.id)
    assert (row.months, row.savings, row.transactions) == (3, 1_500_000, 0)
    shu.save_settings(ws, ShuSettings(prorate_joiners=True), admin)
    assert shu.preview(ws, 2025).row(dewi.id).savings == 375_000         # 1.500.000 x 3 / 12
    shu.save_settings(ws, ShuSettings(savings_basis=SavingsBasis.RATA_RATA_BULANAN), admin)
    siti = shu.preview(ws, 2025).row(kop.siti.id)
    assert siti.savings == 3_000_000                                     # paid in January, unchanged all year
    assert shu.preview(ws, 2025).row(dewi.id).savings == 375_000         # 3 month-ends out of 12
    shu.save_settings(ws, ShuSettings(transactions_basis=TransactionsBasis.POKOK_PINJAMAN), admin)
    assert shu.preview(ws, 2025).row(kop.siti.id).transactions == 9_500_000
    with pytest.raises(ValidationError, match="Rp1, Rp100 atau Rp1.000"):
        shu.save_settings(ws, ShuSettings(rounding=50), admin)
    # a member who left during the year: included by default, excluded by the setting
    shu.save_settings(ws, ShuSettings(), admin)
    ws.db.execute("UPDATE members SET status = 'keluar', exit_date = '2025-11-30' WHERE id = ?", [dewi.id])
    assert shu.preview(ws, 2025).row(dewi.id) is not None
    shu.save_settings(ws, replace(ShuSettings(), include_leavers=False), admin)
    assert shu.preview(ws, 2025).row(dewi.id) is None
    shu.save_settings(ws, ShuSettings(residue_to=ResidueTarget.CADANGAN), admin)
    assert shu.get_settings(ws).residue_to == ResidueTarget.CADANGAN


def test_a_member_who_left_is_paid_in_cash_not_to_savings(kop):
    ws, admin = kop.ws, kop.admin
    closing.close_year(ws, 2025, admin)
    shu.approve(ws, 2025, admin)
    shu.post(ws, 2025, admin, on=D(2026, 3, 16))
    siti = kop.siti
    loan = loans.member_loans(ws, siti.id)[0].loan
    loan_payments.payoff(ws, loan.id, on=D(2026, 3, 18), by=admin)
    members.exit_member(ws, siti.id, on=D(2026, 3, 19), status=MemberStatus.KELUAR, reason="Pindah kota",
                        cash_account_id=acct(ws, "1-1100"), by=admin)
    with pytest.raises(ValidationError, match="dibayar tunai"):
        shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="sukarela", member_ids=[siti.id])
    paid = shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="tunai", member_ids=[siti.id])
    assert lines(ws, paid.journal_number) == [("2-1600", 180_000, 0), ("1-1100", 0, 180_000)]

