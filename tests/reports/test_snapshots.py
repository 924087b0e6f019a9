"""The numbers of every report are computed before drawing: check them on the frozen snapshots."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kopdesk import reports
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.ledger import Side
from kopdesk.reports import LedgerKind, Signatory
from kopdesk.services import ledger
from tests.reports.conftest import FEB_1, FEB_28, JAN_1, JAN_31, NOW


def test_letterhead_comes_from_the_profile_and_the_active_officials(officials):
    lh = reports.letterhead(officials.ws)
    assert lh.name == "KSP Maju Bersama"
    assert lh.legal_line == "Badan Hukum No. 188.4/123/BH/XIX/2015 tanggal 2 Maret 2015"
    assert lh.address_lines == ("Jl. A. Yani Km 33 No. 12", "Desa/Kel. Loktabat Utara, Kec. Banjarbaru Utara",
                                "Kota Banjarbaru, Kalimantan Selatan 70714")
    assert lh.city == "Banjarbaru"
    assert lh.place_and_date(dt.date(2026, 11, 25)) == "Banjarbaru, 25 November 2026"
    assert lh.official_name("Ketua") == "H. Abdul Karim"
    assert lh.official_name("bendahara") == "Siti Rahmah"
    assert lh.official_name("Ketua Pengawas") == ""
    assert lh.logo is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        lh.name = "Lain"


def test_trial_balance_is_grouped_by_class_and_balances(books):
    report = reports.build_trial_balance(books.ws, JAN_31, now=NOW)
    assert [(g.code, g.label) for g in report.groups] == [
        ("1", "Aset"), ("2", "Liabilitas"), ("3", "Ekuitas"), ("4", "Partisipasi & Pendapatan"), ("6", "Beban Usaha")]
    lines = {line.code: (line.debit, line.credit) for g in report.groups for line in g.lines}
    assert lines == {
        "1-1100": (15_250_000, 0), "1-1200": (40_000_000, 0), "1-1300": (145_000_000, 0),
        "2-1100": (0, 50_000_000), "3-1100": (0, 20_000_000), "3-1200": (0, 132_500_000),
        "4-1100": (0, 750_000), "6-1100": (3_000_000, 0),
    }
    assert report.total_debit == report.total_credit == 203_250_000
    assert report.balanced and report.difference == 0
    assert report.total_debit == sum(d for d, _ in lines.values())
    tb = ledger.trial_balance(books.ws, JAN_31)
    assert (report.total_debit, report.total_credit) == (tb.total_debit, tb.total_credit)
    assert report.as_of == JAN_31 and report.printed_at == NOW
    assert all(isinstance(v, int) for v in lines["1-1100"])


def test_trial_balance_as_of_a_later_date_includes_february(books):
    report = reports.build_trial_balance(books.ws, FEB_28, now=NOW)
    lines = {line.code: (line.debit, line.credit) for g in report.groups for line in g.lines}
    assert lines["1-1100"] == (18_000_000, 0)
    assert lines["1-1200"] == (36_000_000, 0)
    assert lines["6-1200"] == (1_250_000, 0)
    assert report.total_debit == report.total_credit == 203_250_000   # expenses paid from cash: same total


def test_trial_balance_signatories_are_ketua_and_bendahara(officials):
    report = reports.build_trial_balance(officials.ws, JAN_31, now=NOW)
    assert report.signatories == (Signatory("Ketua", "H. Abdul Karim"), Signatory("Bendahara", "Siti Rahmah"))


def test_signatories_without_officials_have_no_name(books):
    report = reports.build_trial_balance(books.ws, JAN_31, now=NOW)
    assert report.signatories == (Signatory("Ketua", ""), Signatory("Bendahara", ""))


def test_account_ledger_opening_running_and_closing_balance(books):
    report = reports.build_account_ledger(books.ws, books.acct("1-1100"), FEB_1, FEB_28, now=NOW)
    assert report.kind == LedgerKind.BUKU_BESAR
    assert (report.account_code, report.account_name, report.normal) == ("1-1100", "Kas", Side.DEBIT)
    assert report.opening == 10_000_000 + 2_500_000 - 3_000_000 + 5_750_000 == 15_250_000
    assert [(l.description, l.debit, l.credit, l.balance) for l in report.lines] == [
        ("Penarikan dari bank ke kas", 4_000_000, 0, 19_250_000),
        ("Pembelian alat tulis kantor", 0, 1_250_000, 18_000_000),
    ]
    assert (report.total_debit, report.total_credit, report.closing) == (4_000_000, 1_250_000, 18_000_000)
    assert report.closing == report.opening + report.total_debit - report.total_credit
    assert report.period == "Periode 1 Februari 2026 s.d. 28 Februari 2026"


def test_ledger_of_a_credit_account_runs_on_the_credit_side(books):
    report = reports.build_account_ledger(books.ws, books.acct("3-1200"), JAN_1, JAN_31, now=NOW)
    assert report.normal == Side.CREDIT
    assert report.opening == 0
    assert [l.balance for l in report.lines] == [130_000_000, 132_500_000]
    assert report.closing == 132_500_000


def test_ledger_of_a_quiet_period_keeps_its_opening_balance(books):
    report = reports.build_account_ledger(books.ws, books.acct("6-1100"), FEB_1, FEB_28, now=NOW)
    assert report.lines == ()
    assert report.opening == report.closing == 3_000_000
    assert report.total_debit == report.total_credit == 0


def test_cash_book_is_the_ledger_of_a_cash_account(books):
    kas = reports.build_cash_book(books.ws, books.acct("1-1100"), JAN_1, FEB_28, now=NOW)
    besar = reports.build_account_ledger(books.ws, books.acct("1-1100"), JAN_1, FEB_28, now=NOW)
    assert kas.kind == LedgerKind.BUKU_KAS
    assert (kas.opening, kas.lines, kas.closing) == (besar.opening, besar.lines, besar.closing)
    assert kas.opening == 0 and kas.closing == 18_000_000
    assert kas.total_debit == 10_000_000 + 2_500_000 + 5_750_000 + 4_000_000


def test_cash_book_refuses_an_account_that_is_not_cash(books):
    with pytest.raises(ValidationError, match="bukan akun kas/bank"):
        reports.build_cash_book(books.ws, books.acct("1-1300"), JAN_1, FEB_28)


def test_journal_voucher_lines_totals_and_terbilang(books):
    jid = books.journals["Angsuran pinjaman Budi Santoso"]
    report = reports.build_journal_voucher(books.ws, jid, now=NOW)
    assert report.number == "KM-2026-000002"
    assert report.series_label == "Kas Masuk"
    assert report.date == dt.date(2026, 1, 15)
    assert [(l.code, l.debit, l.credit) for l in report.lines] == [
        ("1-1100", 5_750_000, 0), ("1-1300", 0, 5_000_000), ("4-1100", 0, 750_000)]
    assert report.total_debit == report.total_credit == 5_750_000
    assert report.amount_in_words == "Lima juta tujuh ratus lima puluh ribu rupiah"
    assert report.created_by == "Siti Rahmah"
    assert report.reverses_number == report.reversed_by_number == ""
    assert [s.heading for s in report.signatories] == ["Dibuat oleh,", "Diperiksa oleh,", "Disetujui oleh,"]
    assert report.signatories[0].name == "Siti Rahmah"


def test_journal_voucher_knows_its_reversal(books):
    jid = books.journals["Gaji karyawan Januari"]
    reversal = ledger.reverse_journal(books.ws, jid, on=dt.date(2026, 1, 12), reason="Salah nominal",
                                      by=books.admin)
    original = reports.build_journal_voucher(books.ws, jid, now=NOW)
    undo = reports.build_journal_voucher(books.ws, reversal.journal_id, now=NOW)
    assert original.reversed_by_number == reversal.number
    assert undo.reverses_number == original.number
    assert undo.series_label == "Jurnal Pembalik"


def test_snapshots_are_frozen(books):
    report = reports.build_trial_balance(books.ws, JAN_31, now=NOW)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.total_debit = 0
