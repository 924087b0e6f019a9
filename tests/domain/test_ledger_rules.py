import datetime as dt

from kopdesk.domain.ledger import (
    Account,
    AccountClass,
    AccountId,
    Journal,
    JournalDraft,
    JournalId,
    JournalLine,
    LineDraft,
    Side,
    reversal_of,
    signed_balance,
    validate_journal,
)

KAS = Account(AccountId(1), "1-1100", "Kas", Side.DEBIT, AccountClass.ASET, "1", ("kas",), is_cash=True)
SP = Account(AccountId(2), "3-1100", "Simpanan pokok", Side.CREDIT, AccountClass.EKUITAS, "3")
ASET = Account(AccountId(3), "1", "ASET", Side.DEBIT, AccountClass.ASET, None, is_group=True)
OLD = Account(AccountId(4), "6-1900", "Beban lama", Side.DEBIT, AccountClass.BEBAN_USAHA, "6", active=False)
ACCOUNTS = {a.id: a for a in (KAS, SP, ASET, OLD)}
DAY = dt.date(2026, 11, 25)


def draft(*lines, description="Setoran simpanan pokok"):
    return JournalDraft(DAY, description, tuple(LineDraft(a, d, c) for a, d, c in lines))


def test_a_balanced_journal_has_no_problems():
    assert validate_journal(draft((1, 100_000, 0), (2, 0, 100_000)), ACCOUNTS) == []


def test_unbalanced_journal_names_the_difference():
    problems = validate_journal(draft((1, 100_000, 0), (2, 0, 90_000)), ACCOUNTS)
    assert problems == ["Jurnal tidak seimbang: total debit Rp100.000 tidak sama dengan total kredit Rp90.000 "
                        "(selisih Rp10.000)."]


def test_empty_and_single_line_journals_are_refused():
    assert "Jurnal kosong" in validate_journal(draft(), ACCOUNTS)[0]
    problems = validate_journal(draft((1, 100_000, 0)), ACCOUNTS)
    assert any("paling sedikit dua baris" in p for p in problems)


def test_zero_negative_and_two_sided_lines_are_refused():
    problems = validate_journal(draft((1, 0, 0), (2, 0, 0)), ACCOUNTS)
    assert any("Baris 1: jumlah debit atau kredit wajib diisi" in p for p in problems)
    assert any("bernilai nol" in p for p in problems)
    problems = validate_journal(draft((1, -5, 0), (2, 0, -5)), ACCOUNTS)
    assert any("tidak boleh negatif" in p for p in problems)
    problems = validate_journal(draft((1, 5, 5), (2, 0, 0)), ACCOUNTS)
    assert any("tidak keduanya" in p for p in problems)


def test_float_amounts_are_refused():
    problems = validate_journal(draft((1, 100.0, 0), (2, 0, 100.0)), ACCOUNTS)
    assert any("bilangan bulat rupiah" in p for p in problems)


def test_unknown_group_and_inactive_accounts_are_refused():
    problems = validate_journal(draft((99, 10, 0), (3, 0, 5), (4, 0, 5)), ACCOUNTS)
    assert any("akun tidak dikenal" in p for p in problems)
    assert any("akun induk" in p for p in problems)
    assert any("sudah tidak aktif" in p for p in problems)


def test_description_is_required_and_all_problems_come_at_once():
    problems = validate_journal(draft((99, 10, 0), (2, 0, 5), description="  "), ACCOUNTS)
    assert len(problems) == 3


def test_reversal_swaps_sides_and_links_back():
    j = Journal(JournalId(7), "KM-2026-000007", DAY, "Setoran", "KM", "", "", "", "", None, None,
                (JournalLine(AccountId(1), "1-1100", "Kas", 100_000, 0), JournalLine(AccountId(2), "3-1100", "SP", 0,
                                                                                       100_000)))
    r = reversal_of(j, DAY, "salah input")
    assert r.series == "JB" and r.reverses_id == 7 and r.reference == "KM-2026-000007"
    assert [(l.account_id, l.debit, l.credit) for l in r.lines] == [(1, 0, 100_000), (2, 100_000, 0)]
    assert validate_journal(r, ACCOUNTS) == []


def test_signed_balance_follows_the_normal_side():
    assert signed_balance(Side.DEBIT, 150, 50) == 100
    assert signed_balance(Side.CREDIT, 150, 50) == -100
