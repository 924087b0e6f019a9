"""Reversing SHU payouts (batal bayar SHU): KSP Maju Bersama posted its 2025 SHU (members' shares 24 juta: Siti
180.000, Budi 11.880.000, Rina 11.940.000) on 16 March 2026. Siti and Rina are credited to simpanan sukarela in one
batch, Budi is paid in cash; then Siti's part of the batch and Budi's whole cash journal are reversed, paid again,
and the rest of the batch reversed too. The ledger stays balanced and SHU payable (2-1600) always equals the unpaid
shares; the history keeps every payment and its reversal. Refusals (no reason, sukarela already withdrawn, a
closed period, before the payment...) write nothing. Plus the migration that made payments reversible."""

import datetime as dt
import sqlite3

import pytest
import sqlite_utils
from pypdf import PdfReader

import kopdesk.reports as reports_api
from kopdesk.domain.errors import PermissionDenied, ValidationError
from kopdesk.domain.savings import SavingsKind
from kopdesk.domain.users import Role
from kopdesk.fmt import rupiah
from kopdesk.services import closing, ledger, savings, shu, users
from kopdesk.services.check import check_workspace
from kopdesk.store import schema
from kopdesk.store import shu as shu_store
from tests.builders import acct
from tests.services.test_shu_service import build

D = dt.date
FAR = D(2030, 12, 31)
TABLES = ("journals", "journal_lines", "savings_tx", "shu_payouts", "shu_payout_reversals", "audit_log")


@pytest.fixture
def kop(tmp_path):
    k = build(tmp_path)
    closing.close_year(k.ws, 2025, k.admin)
    shu.approve(k.ws, 2025, k.admin, decision_ref="03/RAT/2026")
    shu.post(k.ws, 2025, k.admin, on=D(2026, 3, 16))
    yield k
    report = check_workspace(k.ws.path)
    assert report.ok, report.text()
    assert ledger.trial_balance(k.ws, FAR).balanced
    k.ws.close()


def counts(ws):
    return tuple(ws.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)


def payable(ws):
    return ledger.account_balance(ws, acct(ws, "2-1600"), FAR)


def journal_lines(ws, journal_id):
    return [(x.account_code, x.debit, x.credit) for x in ledger.get_journal(ws, journal_id).lines]


def sukarela_of(ws, member_id):
    return savings.balances(ws, member_id)[savings.product_of_kind(ws, SavingsKind.SUKARELA)]


def assert_reconciled(ws):
    lst = shu.shu_list(ws, 2025)
    assert payable(ws) == lst.total_unpaid == shu_store.unpaid_total(ws.db)
    assert ledger.trial_balance(ws, FAR).balanced
    report = check_workspace(ws.path)
    assert report.ok, report.text()
    assert any("SHU anggota belum dibayarkan di buku besar sama" in p and rupiah(lst.total_unpaid) in p
               for p in report.passed)


def test_reverse_one_member_and_a_batch_then_pay_again(kop):
    ws, admin = kop.ws, kop.admin
    siti, budi, rina = kop.people
    batch = shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="sukarela", member_ids=[siti.id, rina.id])
    cash = shu.pay(ws, 2025, admin, on=D(2026, 3, 21), method="tunai", member_ids=[budi.id])
    assert (batch.total, cash.total, payable(ws)) == (12_120_000, 11_880_000, 0)
    kas_before = ledger.account_balance(ws, acct(ws, "1-1100"), FAR)

    # Siti only, out of the sukarela batch: a reversal journal of her part, and her savings row reversed
    done = shu.reverse_payout(ws, 2025, admin, member_ids=[siti.id], on=D(2026, 3, 22),
                              reason="Salah kredit: Siti minta tunai")
    assert (done.members, done.total, len(done.journals)) == (1, 180_000, 1)
    jid, number = done.journals[0]
    assert journal_lines(ws, jid) == [("2-1100", 180_000, 0), ("2-1600", 0, 180_000)]
    j = ledger.get_journal(ws, jid)
    assert j.reference == batch.journal_number and j.reverses_id is None and "Salah kredit" in j.description
    assert sukarela_of(ws, siti.id) == 0 and sukarela_of(ws, rina.id) == 11_940_000
    back = [t for t in savings.member_transactions(ws, siti.id) if t.journal_id == jid]
    assert [(t.kind.value, t.withdrawal, t.reverses_id is not None) for t in back] == [("pembalik", 180_000, True)]
    row = shu.shu_list(ws, 2025).row(siti.id)
    assert (row.paid, row.paid_state, row.reversed_count) == (False, "dibatalkan", 1)
    assert payable(ws) == 180_000
    assert_reconciled(ws)

    # Budi's whole cash journal: the linked reversal Dr Kas / Cr 2-1600
    whole = shu.reverse_payout(ws, 2025, admin, journal_id=cash.journal_id, on=D(2026, 3, 23),
                               reason="Uang dikembalikan, belum diterima anggota")
    (wid, _wnumber), = whole.journals
    assert journal_lines(ws, wid) == [("2-1600", 0, 11_880_000), ("1-1100", 11_880_000, 0)]
    assert ledger.get_journal(ws, wid).reverses_id == cash.journal_id
    assert ledger.get_journal(ws, cash.journal_id).reversed_by_id == wid
    assert ledger.account_balance(ws, acct(ws, "1-1100"), FAR) == kas_before + 11_880_000
    assert payable(ws) == 12_060_000
    assert_reconciled(ws)
    batches = {b.journal_number: b for b in shu.payout_batches(ws, 2025)}
    assert (batches[batch.journal_number].state, batches[cash.journal_number].state) == (
        "dibatalkan sebagian", "dibatalkan")
    assert (batches[batch.journal_number].reversed_total, batches[batch.journal_number].members) == (180_000, 2)

    # both shares are unpaid again and are paid again, in cash
    again = shu.pay(ws, 2025, admin, on=D(2026, 3, 24), method="tunai")
    assert (again.members, again.total) == (2, 12_060_000)
    assert payable(ws) == 0 and shu.shu_list(ws, 2025).total_unpaid == 0
    assert_reconciled(ws)
    slip = shu.shu_slip(ws, 2025, siti.id)
    assert (slip.paid_method, slip.paid_on, slip.paid_journal) == ("tunai", D(2026, 3, 24), again.journal_number)
    assert [(p.method, p.paid_on, p.reversed_on, p.reason) for p in slip.payouts] == [
        ("sukarela", D(2026, 3, 20), D(2026, 3, 22), "Salah kredit: Siti minta tunai"),
        ("tunai", D(2026, 3, 24), None, "")]
    assert slip.reversed_payouts[0].reversal_journal_number == number

    # the rest of the sukarela batch (Rina) by its journal: a partial reversal (Siti's part was reversed before)
    rest = shu.reverse_payout(ws, 2025, admin, journal_id=batch.journal_id, on=D(2026, 3, 25), reason="RAT ulang")
    (rid, _n), = rest.journals
    assert journal_lines(ws, rid) == [("2-1100", 11_940_000, 0), ("2-1600", 0, 11_940_000)]
    assert ledger.get_journal(ws, batch.journal_id).reversed_by_id is None
    assert sukarela_of(ws, rina.id) == 0
    assert {b.journal_number: b.state for b in shu.payout_batches(ws, 2025)}[batch.journal_number] == "dibatalkan"
    with pytest.raises(ValidationError, match="sudah dibatalkan"):
        shu.reverse_payout(ws, 2025, admin, journal_id=batch.journal_id, on=D(2026, 3, 25), reason="lagi")
    assert_reconciled(ws)
    shu.pay(ws, 2025, admin, on=D(2026, 3, 26), method="sukarela", member_ids=[rina.id])
    assert sukarela_of(ws, rina.id) == 11_940_000
    assert_reconciled(ws)

    # history: six payments, the first three reversed (one each for Siti, Rina, Budi); the audit keeps the reasons
    hist = shu.payout_history(ws, 2025)
    assert [(p.number, p.method, p.reversed) for p in hist] == [
        (siti.number, "sukarela", True), (rina.number, "sukarela", True), (budi.number, "tunai", True),
        (siti.number, "tunai", False), (budi.number, "tunai", False), (rina.number, "sukarela", False)]
    audits = ws.db.execute("SELECT detail FROM audit_log WHERE action = 'batal_bayar_shu' ORDER BY id").fetchall()
    assert len(audits) == 3 and "Salah kredit" in audits[0][0] and "RAT ulang" in audits[2][0]

    # the printed SHU list shows the reversed payments and the totals
    out = ws.path.parent / "daftar.pdf"
    reports_api.shu_list_pdf(ws, 2025, out)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "Pembayaran yang dibatalkan" in text and "Salah kredit: Siti minta tunai" in text
    assert "belum dibayarkan Rp0" in text
    slip_pdf = ws.path.parent / "slip.pdf"
    reports_api.shu_slip_pdf(ws, 2025, siti.id, slip_pdf)
    slip_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(slip_pdf).pages)
    assert "Pembayaran: Dibayar tunai pada 24 Maret 2026" in slip_text
    assert "sebelumnya dikreditkan ke simpanan sukarela Rp180.000 pada 20 Maret 2026" in slip_text
    assert "dibatalkan pada 22 Maret 2026" in slip_text


def test_refusals_write_nothing(kop):
    ws, admin = kop.ws, kop.admin
    siti, budi, rina = kop.people
    with pytest.raises(ValidationError, match="belum dibayarkan"):
        shu.reverse_payout(ws, 2025, admin, member_ids=[siti.id], on=D(2026, 3, 22), reason="x")
    paid = shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="sukarela", member_ids=[siti.id, rina.id])
    cash = shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="tunai", member_ids=[budi.id])
    # Siti took 100.000 of her 180.000 on 25 March: reversing on the 22nd or later would make her sukarela negative
    sukarela = savings.product_of_kind(ws, SavingsKind.SUKARELA)
    savings.withdraw(ws, member_id=siti.id, product_id=sukarela.id, amount=100_000, on=D(2026, 3, 25), by=admin)
    before = counts(ws)

    with pytest.raises(ValidationError) as err:
        shu.reverse_payout(ws, 2025, admin, member_ids=[siti.id], on=D(2026, 3, 22), reason="  ")
    assert err.value.problems[0] == "Alasan pembatalan pembayaran SHU wajib diisi."
    assert err.value.problems[1] == (
        f"Simpanan sukarela {siti.number} Siti Aminah tinggal Rp80.000, kurang Rp100.000 dari SHU Rp180.000 yang "
        "dikreditkan: uangnya sudah ditarik. Pembayarannya tidak bisa dibatalkan (saldo simpanan akan negatif).")
    with pytest.raises(ValidationError, match="Siti Aminah tinggal Rp80.000, kurang Rp100.000"):
        shu.reverse_payout(ws, 2025, admin, journal_id=paid.journal_id, on=D(2026, 3, 26), reason="Salah")
    with pytest.raises(ValidationError) as err:
        shu.reverse_payout(ws, 2025, admin, journal_id=cash.journal_id, on=D(2026, 3, 19), reason="Salah")
    assert err.value.problems == [f"Tanggal pembatalan tidak boleh sebelum tanggal pembayaran SHU {budi.number} "
                                  "Budi Santoso (20-03-2026)."]
    with pytest.raises(ValidationError, match="tidak termasuk pembagian SHU"):
        shu.reverse_payout(ws, 2025, admin, member_ids=[99_999], on=D(2026, 3, 26), reason="Salah")
    with pytest.raises(ValidationError, match="bukan jurnal pembayaran SHU"):
        shu.reverse_payout(ws, 2025, admin, journal_id=shu_store.distribution(ws.db, 2025).journal_id,
                           on=D(2026, 3, 26), reason="Salah")
    with pytest.raises(ValidationError, match="Pilih anggota"):
        shu.reverse_payout(ws, 2025, admin, member_ids=[budi.id], journal_id=cash.journal_id, on=D(2026, 3, 26),
                           reason="Salah")
    with pytest.raises(ValidationError, match="belum dibukukan"):
        shu.reverse_payout(ws, 2026, admin, member_ids=[budi.id], on=D(2027, 3, 26), reason="Salah")
    assert counts(ws) == before
    bendahara_less = users.add_user(ws, username="pengurus", full_name="Pak Ketua", role=Role.PENGURUS,
                                    password=None, by=admin)[0]
    before = counts(ws)
    with pytest.raises(PermissionDenied):
        shu.reverse_payout(ws, 2025, bendahara_less, journal_id=cash.journal_id, on=D(2026, 3, 26), reason="Salah")
    assert counts(ws) == before
    # a closed month: March 2026 locked
    ledger.lock_period(ws, D(2026, 3, 31), admin)
    before = counts(ws)
    with pytest.raises(ValidationError) as err:
        shu.reverse_payout(ws, 2025, admin, journal_id=cash.journal_id, on=D(2026, 3, 26), reason="Salah")
    assert err.value.problems == ["Tanggal pembatalan 26-03-2026 berada dalam periode yang sudah ditutup (sampai "
                                  "31-03-2026); gunakan tanggal sesudahnya."]
    assert counts(ws) == before
    assert shu.shu_list(ws, 2025).total_unpaid == 0 and payable(ws) == 0

    # in April Budi's cash payment is reversed; a bendahara may do it (post and reverse)
    bendahara = users.add_user(ws, username="nurul", full_name="Nurul", role=Role.BENDAHARA, password=None,
                               by=admin)[0]
    shu.reverse_payout(ws, 2025, bendahara, member_ids=[budi.id], on=D(2026, 4, 2), reason="Belum diambil")
    assert payable(ws) == 11_880_000 == shu.shu_list(ws, 2025).total_unpaid


def test_preview_shows_the_journal_before_anything_is_written(kop):
    ws, admin = kop.ws, kop.admin
    siti, budi, rina = kop.people
    cash = shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="tunai")
    before = counts(ws)
    plan = shu.reversal_preview(ws, 2025, member_ids=[siti.id, rina.id], on=D(2026, 3, 21))
    assert len(plan) == 1 and not plan[0].whole and plan[0].total == 12_120_000
    assert [(x.debit, x.credit) for x in plan[0].draft.lines] == [(12_120_000, 0), (0, 12_120_000)]
    whole = shu.reversal_preview(ws, 2025, journal_id=cash.journal_id, on=D(2026, 3, 21))
    assert whole[0].whole and whole[0].draft.reverses_id == cash.journal_id and whole[0].total == 24_000_000
    assert counts(ws) == before


def test_the_database_keeps_one_payment_in_force_and_the_history_frozen(kop):
    ws, admin = kop.ws, kop.admin
    siti = kop.siti
    paid = shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="tunai", member_ids=[siti.id])
    d = shu_store.distribution(ws.db, 2025)
    with pytest.raises(sqlite3.IntegrityError, match="sudah dibayarkan"):
        shu_store.insert_payouts(ws.db, d.id, [(siti.id, 180_000)], "tunai", paid.journal_id, D(2026, 3, 21),
                                 "now", admin.id)
    shu.reverse_payout(ws, 2025, admin, member_ids=[siti.id], on=D(2026, 3, 21), reason="Salah")
    for sql in ("UPDATE shu_payouts SET amount = 1", "DELETE FROM shu_payouts", "DELETE FROM shu_payout_reversals",
                "UPDATE shu_payout_reversals SET reason = 'x'"):
        with pytest.raises(sqlite3.IntegrityError, match="tidak boleh diubah"):
            ws.db.execute(sql)
    pid = shu_store.payouts(ws.db, d.id)[0].id
    with pytest.raises(sqlite3.IntegrityError):
        shu_store.insert_reversals(ws.db, [(pid, paid.journal_id)], D(2026, 3, 22), "lagi", "now", admin.id)


def test_migration_0010_keeps_the_payments_of_an_older_file(tmp_path):
    """A file at migration 0009 with a payment: 0010 rebuilds shu_payouts keeping every row and id."""
    db = sqlite_utils.Database(tmp_path / "lama.db")
    db.execute("PRAGMA foreign_keys=ON")
    schema.MIGRATIONS.apply(db, stop_before="0010_shu_payout_reversal")
    db.execute("INSERT INTO journals (id, number, series, date, description, created_at) VALUES "
               "(7, 'JU-2026-0007', 'JU', '2026-03-16', 'SHU', 'now'), (8, 'KK-2026-0001', 'KK', '2026-03-20', 'Bayar',"
               " 'now')")
    db.execute("INSERT INTO members (id, number, full_name, nik, gender, join_date, status, created_at) VALUES "
               "(3, '0003', 'Siti', '6372024508900003', 'P', '2025-01-02', 'aktif', 'now')")
    db.execute("INSERT INTO closings (id, year, period_start, period_end, shu, shu_member, shu_non_member, revenue, "
               "non_member_revenue, non_member_rule, closed_at) VALUES (1, 2025, '2025-01-01', '2025-12-31', 10, 10, "
               "0, 10, 0, 'x', 'now')")
    db.execute("INSERT INTO shu_distributions (id, year, closing_id, shu, shu_non_member, allocation, settings, pools, "
               "rate_jasa_modal, rate_jasa_usaha, total_savings, total_transactions, total_shares, residue, "
               "approved_at, journal_id, posted_on) VALUES (1, 2025, 1, 10, 0, '{}', '{}', '{}', '0', '0', 0, 0, 5, 0,"
               " 'now', 7, '2026-03-16')")
    db.execute("INSERT INTO shu_shares VALUES (1, 3, '0003', 'Siti', 12, 0, 0, 5, 0)")
    db.execute("INSERT INTO shu_payouts (id, distribution_id, member_id, amount, method, journal_id, paid_on, "
               "created_at) VALUES (41, 1, 3, 5, 'tunai', 8, '2026-03-20', 'now')")
    schema.MIGRATIONS.apply(db)
    assert db.execute("SELECT id, member_id, amount, method, journal_id, paid_on FROM shu_payouts").fetchall() == [
        (41, 3, 5, "tunai", 8, "2026-03-20")]
    assert [(s.paid_amount, s.paid_journal, s.reversed_count) for s in shu_store.shares(db, 1)] == [
        (5, "KK-2026-0001", 0)]
    assert shu_store.unpaid_total(db) == 0
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"shu_payouts_no_update", "shu_payouts_no_delete", "shu_payouts_one_in_force",
            "shu_payout_reversals_no_update", "shu_payout_reversals_no_delete"} <= triggers
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_payment_journal_is_not_reversed_around_the_shu_tables(kop):
    """Kas & Jurnal (ledger.reverse_journal) and Simpanan (savings.reverse) would leave the share marked paid while
    2-1600 moves: both send the user to the SHU screen instead, and nothing is written."""
    ws, admin = kop.ws, kop.admin
    siti, _budi, _rina = kop.people
    paid = shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="sukarela", member_ids=[siti.id])
    before, owed = counts(ws), payable(ws)
    with pytest.raises(ValidationError) as exc:
        ledger.reverse_journal(ws, paid.journal_id, on=D(2026, 3, 21), reason="salah", by=admin)
    assert "Batalkan pembayaran" in str(exc.value)
    credit = next(t for t in savings.member_transactions(ws, siti.id) if t.journal_id == paid.journal_id)
    with pytest.raises(ValidationError) as exc:
        savings.reverse(ws, credit.id, on=D(2026, 3, 21), reason="salah", by=admin)
    assert "pembayaran SHU" in str(exc.value)
    assert counts(ws) == before and payable(ws) == owed
