"""KSP Maju Bersama keeps its books for January 2026: opening balances, cash receipts and payments,
a correction by reversal, the trial balance and the cash ledger."""

import datetime as dt

import pytest

from kopdesk.domain.errors import PeriodClosed, PermissionDenied, ValidationError
from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.domain.users import Role
from kopdesk.services import ledger, users
from tests.builders import acct, post

JAN = dt.date(2026, 1, 1)


def opening(ws, admin):
    return post(ws, admin, JAN, "Saldo awal 1 Januari 2026",
                ("1-1100", 10_000_000, 0), ("1-1200", 40_000_000, 0), ("1-1300", 150_000_000, 0),
                ("3-1100", 0, 20_000_000), ("3-1200", 0, 130_000_000), ("2-1100", 0, 50_000_000), series="JS")


def test_a_month_of_cash_book(book):
    ws, admin = book
    opening(ws, admin)
    kas, listrik, giro = acct(ws, "1-1100"), acct(ws, "6-1210"), acct(ws, "4-3100")
    bank = acct(ws, "1-1200")
    p1 = ledger.record_cash(ws, receipt=True, cash_account_id=bank, counter_account_id=giro, amount=125_000,
                            on=dt.date(2026, 1, 31), description="Jasa giro Bank Kalsel Januari", by=admin)
    p2 = ledger.record_cash(ws, receipt=False, cash_account_id=kas, counter_account_id=listrik, amount=735_000,
                            on=dt.date(2026, 1, 20), description="Bayar listrik PLN Januari", reference="PLN-0126",
                            by=admin)
    assert p1.number == "KM-2026-000001" and p2.number == "KK-2026-000001"

    tb = ledger.trial_balance(ws, dt.date(2026, 1, 31))
    by_code = {r.account.code: r for r in tb.rows}
    assert by_code["1-1100"].balance_debit == 10_000_000 - 735_000
    assert by_code["1-1200"].balance_debit == 40_125_000
    assert by_code["6-1210"].balance_debit == 735_000
    assert by_code["4-3100"].balance_credit == 125_000
    assert tb.total_debit == tb.total_credit == 200_125_000
    assert tb.balanced

    book_kas = ledger.cash_book(ws, kas, dt.date(2026, 1, 15), dt.date(2026, 1, 31))
    assert book_kas.opening == 10_000_000
    assert [(e.number, e.credit, e.balance) for e in book_kas.entries] == [("KK-2026-000001", 735_000, 9_265_000)]
    assert book_kas.closing == 9_265_000


def test_payment_larger_than_the_cash_balance_is_refused(book):
    ws, admin = book
    opening(ws, admin)
    with pytest.raises(ValidationError) as err:
        ledger.record_cash(ws, receipt=False, cash_account_id=acct(ws, "1-1100"),
                           counter_account_id=acct(ws, "6-1200"), amount=12_000_000, on=dt.date(2026, 1, 5),
                           description="Beli komputer", by=admin)
    assert "hanya Rp10.000.000" in err.value.message
    assert len(ledger.journals(ws, JAN, dt.date(2026, 12, 31))) == 1


def test_correction_by_linked_reversal(book):
    ws, admin = book
    opening(ws, admin)
    wrong = post(ws, admin, dt.date(2026, 1, 10), "Honor pengurus (salah akun)", ("6-1100", 1_500_000, 0),
                 ("1-1100", 0, 1_500_000), series="KK")
    rev = ledger.reverse_journal(ws, wrong.journal_id, on=dt.date(2026, 1, 11), reason="salah akun", by=admin)
    original = ledger.get_journal(ws, wrong.journal_id)
    assert original.reversed_by_id == rev.journal_id
    reversal = ledger.get_journal(ws, rev.journal_id)
    assert reversal.reverses_id == wrong.journal_id and reversal.number == "JB-2026-000001"
    assert [(l.account_code, l.debit, l.credit) for l in reversal.lines] == [("6-1100", 0, 1_500_000),
                                                                           ("1-1100", 1_500_000, 0)]
    assert ledger.account_balance(ws, acct(ws, "6-1100"), dt.date(2026, 1, 31)) == 0
    with pytest.raises(ValidationError, match="sudah dibalik"):
        ledger.reverse_journal(ws, wrong.journal_id, on=dt.date(2026, 1, 12), reason="lagi", by=admin)
    with pytest.raises(ValidationError, match="tidak bisa dibalik lagi"):
        ledger.reverse_journal(ws, rev.journal_id, on=dt.date(2026, 1, 12), reason="lagi", by=admin)


def test_bad_journals_write_nothing(book):
    ws, admin = book
    before = ws.db.execute("SELECT count(*) FROM journals").fetchone()[0]
    audit_before = ws.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(ValidationError, match="tidak seimbang"):
        post(ws, admin, JAN, "Salah", ("1-1100", 100, 0), ("3-1100", 0, 90))
    with pytest.raises(ValidationError, match="kosong"):
        ledger.post_journal(ws, JournalDraft(JAN, "Kosong", ()), admin)
    with pytest.raises(ValidationError, match="akun tidak dikenal"):
        ledger.post_journal(ws, JournalDraft(JAN, "X", (LineDraft(9999, 5, 0), LineDraft(acct(ws, "3-1100"), 0, 5))),
                            admin)
    # bulk: one bad journal among good ones -> none is written
    good = JournalDraft(JAN, "Baik", (LineDraft(acct(ws, "1-1100"), 5, 0), LineDraft(acct(ws, "3-1100"), 0, 5)))
    bad = JournalDraft(JAN, "Buruk", (LineDraft(acct(ws, "1-1100"), 5, 0), LineDraft(acct(ws, "3-1100"), 0, 4)))
    with pytest.raises(ValidationError, match="Jurnal 2: Jurnal tidak seimbang"):
        ledger.post_journals(ws, [good, bad, good], admin)
    assert ws.db.execute("SELECT count(*) FROM journals").fetchone()[0] == before
    assert ws.db.execute("SELECT count(*) FROM number_series").fetchone()[0] == 0
    assert ws.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before


def test_closed_period_is_locked_in_code_and_in_the_database(book):
    ws, admin = book
    opening(ws, admin)
    ledger.lock_period(ws, dt.date(2026, 1, 31), admin)
    with pytest.raises(PeriodClosed, match="sudah ditutup"):
        post(ws, admin, dt.date(2026, 1, 15), "Terlambat", ("1-1100", 5, 0), ("3-1100", 0, 5))
    with pytest.raises(Exception, match="periode yang sudah ditutup"):  # the trigger, bypassing the service
        ws.db.execute("INSERT INTO journals (number, series, date, description, created_at) "
                      "VALUES ('X-1', 'JU', '2026-01-20', 'x', '2026-01-20')")
    post(ws, admin, dt.date(2026, 2, 1), "Februari", ("1-1100", 5, 0), ("3-1100", 0, 5))
    ledger.reopen_period(ws, "Koreksi temuan pengawas", admin)
    post(ws, admin, dt.date(2026, 1, 15), "Koreksi Januari", ("1-1100", 5, 0), ("3-1100", 0, 5))
    assert ws.db.execute("SELECT reopen_reason FROM closed_periods").fetchone()[0] == "Koreksi temuan pengawas"


def test_posted_lines_cannot_be_updated_or_deleted(book):
    ws, admin = book
    p = opening(ws, admin)
    for sql in ("UPDATE journal_lines SET debit = debit + 1 WHERE journal_id = ?",
                "DELETE FROM journal_lines WHERE journal_id = ?",
                "UPDATE journals SET description = 'x' WHERE id = ?",
                "DELETE FROM journals WHERE id = ?"):
        with pytest.raises(Exception, match="tidak boleh diubah atau dihapus"):
            ws.db.execute(sql, [p.journal_id])
    with pytest.raises(Exception, match="tidak boleh diubah"):
        ws.db.execute("DELETE FROM audit_log")


def test_accounts_added_renamed_deactivated_never_deleted_once_used(book):
    ws, admin = book
    opening(ws, admin)
    new, _ = ledger.add_account(ws, code="6-1250", name="Beban sewa kantor", by=admin)
    assert new.normal.value == "D" and new.klass.value == "6"
    with pytest.raises(ValidationError, match="sudah dipakai"):
        ledger.add_account(ws, code="6-1250", name="Dobel", by=admin)
    with pytest.raises(ValidationError, match="K-NNNN"):
        ledger.add_account(ws, code="61250", name="Salah", by=admin)
    ledger.rename_account(ws, new.id, "Beban sewa gedung", by=admin)
    ledger.delete_account(ws, new.id, by=admin)  # never used: may go
    kas = acct(ws, "1-1100")
    with pytest.raises(ValidationError, match="sudah dipakai"):
        ledger.delete_account(ws, kas, by=admin)
    with pytest.raises(Exception, match="sudah dipakai"):
        ws.db.execute("DELETE FROM accounts WHERE id = ?", [kas])
    with pytest.raises(ValidationError, match="masih bersaldo"):
        ledger.set_account_active(ws, kas, False, by=admin)
    ledger.rename_account(ws, kas, "Kas kantor", by=admin)
    assert ledger.get_account(ws, "1-1100").name == "Kas kantor"


def test_every_change_is_audited_in_its_transaction(book):
    ws, admin = book
    opening(ws, admin)
    rows = ws.db.execute("SELECT username, action, entity FROM audit_log ORDER BY id").fetchall()
    assert rows[0] == ("admin", "buat_file_kerja", "workspace")
    assert rows[-1] == ("admin", "posting_jurnal", "jurnal")


def test_read_only_users_are_refused(book):
    ws, admin = book
    pengawas, _ = users.add_user(ws, username="pengawas", full_name="H. Rasyid", role=Role.PENGAWAS,
                                 password=None, by=admin)
    with pytest.raises(PermissionDenied, match="tidak berwenang membukukan"):
        post(ws, pengawas, JAN, "Coba", ("1-1100", 5, 0), ("3-1100", 0, 5))
    with pytest.raises(PermissionDenied):
        ledger.lock_period(ws, dt.date(2026, 1, 31), pengawas)


def test_journal_numbers_run_per_series_and_year(book):
    ws, admin = book
    numbers = [post(ws, admin, d, "x", ("1-1100", 5, 0), ("3-1100", 0, 5), series=s).number
               for d, s in ((dt.date(2025, 12, 31), "KM"), (dt.date(2026, 1, 2), "KM"), (dt.date(2026, 1, 3), "KM"),
                            (dt.date(2026, 1, 3), "JU"))]
    assert numbers == ["KM-2025-000001", "KM-2026-000001", "KM-2026-000002", "JU-2026-000001"]


def test_cash_summary_and_latest_journals_for_the_dashboard(book):
    ws, admin = book
    opening(ws, admin)
    post(ws, admin, dt.date(2026, 1, 5), "Setor ke bank", ("1-1200", 3_000_000, 0), ("1-1100", 0, 3_000_000))
    post(ws, admin, dt.date(2026, 1, 6), "Listrik", ("6-1210", 400_000, 0), ("1-1100", 0, 400_000), series="KK")
    post(ws, admin, dt.date(2026, 1, 7), "Jasa giro", ("1-1200", 90_000, 0), ("4-3100", 0, 90_000), series="KM")
    s = ledger.cash_summary(ws, dt.date(2026, 1, 2), dt.date(2026, 1, 31))
    assert (s.receipts, s.payments) == (90_000, 400_000)  # the transfer to the bank is neither
    assert s.total == 50_000_000 - 400_000 + 90_000
    assert [j.description for j in ledger.latest_journals(ws, 2)] == ["Jasa giro", "Listrik"]
