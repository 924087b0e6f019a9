"""Statement rules without a database: periods, the SHU split (spec §4.3), PHU figures, which line an account lands
on (by class and tags), the direct cash-flow attribution, the closing entry, the equity statement, budget figures."""

import datetime as dt
from decimal import Decimal

import pytest

from kopdesk.domain.ledger import Account, AccountClass, AccountId, Side
from kopdesk.domain.statements import (
    BsSection,
    BudgetLine,
    NonMemberRule,
    Period,
    ShuSettings,
    YearResult,
    allocation_problems,
    balance_sheet_line,
    build_balance_sheet,
    build_equity_statement,
    cash_flow_amounts,
    cash_flow_keys,
    closing_draft,
    fiscal_period,
    fiscal_year_of,
    months_as_member,
    phu_figures,
    phu_group,
    shu_settings_problems,
    split_non_member,
    year_earlier,
)

D = dt.date
_ids = iter(range(1, 1000))


def acc(code: str, *tags: str, normal: Side | None = None, cash: bool = False, group: bool = False) -> Account:
    klass = AccountClass(code[0])
    if normal is None:
        normal = Side.DEBIT if code[0] in "15678" else Side.CREDIT
    return Account(AccountId(next(_ids)), code, f"Akun {code}", normal, klass, code[0], tags, group, cash)


def test_fiscal_periods_and_their_comparatives():
    p = fiscal_period(2025)
    assert (p.start, p.end, p.label, p.is_full_year) == (D(2025, 1, 1), D(2025, 12, 31), "Tahun buku 2025", True)
    assert (p.prior.start, p.prior.end, p.prior.label) == (D(2024, 1, 1), D(2024, 12, 31), "Tahun buku 2024")
    july = fiscal_period(2025, 7)
    assert (july.start, july.end, july.label) == (D(2025, 7, 1), D(2026, 6, 30), "Tahun buku 2025/2026")
    q = fiscal_period(2025, 7, 11, 2)
    assert (q.start, q.end, q.label) == (D(2025, 11, 1), D(2026, 2, 28), "November 2025 - Februari 2026")
    assert (q.prior.start, q.prior.end) == (D(2024, 11, 1), D(2025, 2, 28))
    assert year_earlier(D(2024, 2, 29)) == D(2023, 2, 28) and year_earlier(D(2025, 2, 28)) == D(2024, 2, 29)
    assert fiscal_period(2026, 1, 3, 3).label == "Maret 2026"
    assert fiscal_year_of(D(2026, 6, 30), 7) == 2025 and fiscal_year_of(D(2026, 7, 1), 7) == 2026
    with pytest.raises(ValueError, match="Bulan akhir harus sesudah bulan awal"):
        fiscal_period(2025, 1, 5, 2)
    with pytest.raises(ValueError, match="Bulan awal harus 1 sampai 12"):
        fiscal_period(2025, 1, 13, 2)


def test_shu_split_spec_4_3():
    # non-member revenue 21 of 315 juta, SHU after tax 60 juta: the non-member part is 4 juta (spec §4.4 variant)
    assert split_non_member(60_000_000, 21_000_000, 315_000_000) == 4_000_000
    assert split_non_member(60_000_000, 0, 315_000_000) == 0
    assert split_non_member(60_000_000, 5, 0) == 0
    assert split_non_member(-3_000_000, 21_000_000, 315_000_000) == -200_000           # a loss is shared alike
    assert split_non_member(60_000_000, 21_000_000, 315_000_000, NonMemberRule.RASIO, Decimal("7.5")) == 4_500_000
    assert split_non_member(1_000, 1, 3) == 333                                         # half-up to the rupiah


def test_phu_figures_follow_the_spec_5_2_layout():
    f = phu_figures({"partisipasi_bruto": 285_000_000, "beban_pokok": 15_000_000, "pendapatan_non_anggota": 21_000_000,
                     "beban_usaha": 200_000_000, "pendapatan_lain": 9_000_000, "beban_lain": 1_000_000,
                     "beban_perkoperasian": 8_000_000, "pajak": 4_000_000})
    assert (f.partisipasi_neto, f.shu_kotor, f.shu_usaha, f.shu_sebelum_pajak, f.shu_setelah_pajak) == (
        270_000_000, 291_000_000, 91_000_000, 91_000_000, 87_000_000)
    assert f.total_pendapatan == 315_000_000
    assert f.shu_non_anggota == 5_800_000 and f.shu_anggota == 81_200_000          # 21 / 315 x 87 juta


def test_lines_come_from_class_and_tags_not_codes():
    cases = [
        (acc("1-1100", "kas", cash=True), (BsSection.ASET_LANCAR, "kas_bank")),
        (acc("1-1250", "bank"), (BsSection.ASET_LANCAR, "kas_bank")),
        (acc("1-1220", "atmr20"), (BsSection.ASET_LANCAR, "deposito")),
        (acc("1-1300", "pinjaman_anggota"), (BsSection.ASET_LANCAR, "pinjaman_anggota")),
        (acc("1-1390", "ppap", normal=Side.CREDIT), (BsSection.ASET_LANCAR, "ppap")),
        (acc("1-3100", "aktiva_tetap"), (BsSection.ASET_TIDAK_LANCAR, "aset_tetap")),
        (acc("1-3190", "aktiva_tetap", normal=Side.CREDIT), (BsSection.ASET_TIDAK_LANCAR, "akumulasi_penyusutan")),
        (acc("1-2100", "atmr100"), (BsSection.ASET_TIDAK_LANCAR, "penyertaan")),
        (acc("1-1500"), (BsSection.ASET_LANCAR, "akun:1-1500")),
        (acc("2-1300", "kewajiban_lancar", "hutang_biaya"), (BsSection.LIABILITAS_PENDEK, "beban_ymh")),
        (acc("2-1540", "kewajiban_lancar", "dana_sosial"), (BsSection.LIABILITAS_PENDEK, "dana_shu")),
        (acc("2-1600", "kewajiban_lancar", "shu_payable"), (BsSection.LIABILITAS_PENDEK, "shu_belum_dibayar")),
        (acc("2-2100", "mt50"), (BsSection.LIABILITAS_PANJANG, "akun:2-2100")),
        (acc("3-1100", "sp"), (BsSection.EKUITAS, "simpanan_pokok")),
        (acc("3-1250"), (BsSection.EKUITAS, "akun:3-1250")),
        (acc("3-3100", "cadangan"), (BsSection.EKUITAS, "cadangan_umum")),
        (acc("3-3200", "cad_risiko"), (BsSection.EKUITAS, "cadangan_risiko")),
    ]
    for a, (section, key) in cases:
        assert balance_sheet_line(a)[:2] == (section, key), a.code
    # savings products decide sukarela / berjangka / wajib, whatever the code
    assert balance_sheet_line(acc("2-1150", "kewajiban_lancar"), "sukarela")[:2] == (BsSection.LIABILITAS_PENDEK,
                                                                                    "simpanan_sukarela")
    assert balance_sheet_line(acc("2-2200"), "berjangka")[:2] == (BsSection.LIABILITAS_PANJANG, "simpanan_berjangka")
    assert balance_sheet_line(acc("3-1250"), "wajib")[1] == "simpanan_wajib"
    assert [phu_group(acc(c, *t)) for c, t in (("4-1500", ("pb",)), ("4-2200", ("pendapatan_non_anggota",)),
                                               ("4-9000", ()), ("5-1300", ()), ("6-1500", ()),
                                               ("6-9000", ("beban_lain",)), ("7-1400", ()), ("8-1200", ()))] == [
        "partisipasi_bruto", "pendapatan_non_anggota", "pendapatan_lain", "beban_pokok", "beban_usaha", "beban_lain",
        "beban_perkoperasian", "pajak"]


def test_cash_flow_attribution_adds_up_to_the_cash():
    loan, provisi, admin = acc("1-1300", "pinjaman_anggota"), acc("4-1200", "pb"), acc("4-1300", "pb")
    wajib, sukarela, payable = acc("3-1200", "sw"), acc("2-1100", "kewajiban_lancar"), acc("2-1600", "shu_payable")
    bank_loan, pc = acc("2-2100", "mt50"), acc("1-3100", "aktiva_tetap")
    accounts = {a.id: a for a in (loan, provisi, admin, wajib, sukarela, payable, bank_loan, pc)}
    kinds = {sukarela.id: "sukarela", wajib.id: "wajib"}
    # a loan of 10 juta paid out net of provisi 100.000 and admin 25.000 (cash out 9.875.000), 2 juta repaid,
    # wajib 500.000 in, sukarela 300.000 in and 100.000 out, SHU 50.000 paid, a bank loan, a computer
    counters = {loan.id: (10_000_000, 2_000_000), provisi.id: (0, 100_000), admin.id: (0, 25_000),
                wajib.id: (0, 500_000), sukarela.id: (100_000, 300_000), payable.id: (50_000, 0),
                bank_loan.id: (0, 5_000_000), pc.id: (4_000_000, 0)}
    got = cash_flow_amounts(accounts, counters, kinds)
    assert got == {"pinjaman_kembali": 2_000_000, "pinjaman_disalurkan": -10_000_000, "pendapatan": 125_000,
                   "simpanan_modal_masuk": 500_000, "simpanan_modal_keluar": 0, "simpanan_masuk": 300_000,
                   "simpanan_keluar": -100_000, "shu_dibayar": -50_000, "pinjaman_diterima": 5_000_000,
                   "aset_tetap": -4_000_000}
    assert sum(got.values()) == sum(c - d for d, c in counters.values())
    assert cash_flow_keys(acc("6-1100")) == ("beban", "beban")
    assert cash_flow_keys(acc("2-1300", "kewajiban_lancar", "hutang_biaya")) == ("operasi_lain", "operasi_lain")


def test_closing_entry_closes_every_income_and_expense_account():
    income, cost, tax = acc("4-1100", "pb"), acc("6-1100"), acc("8-1100")
    member, non_member = acc("3-4100", "shu_anggota"), acc("3-4200", "shu_non_anggota")
    accounts = {a.id: a for a in (income, cost, tax, member, non_member)}
    draft = closing_draft(D(2025, 12, 31), "tahun buku 2025", accounts,
                          {income.id: (10_000, 1_010_000), cost.id: (700_000, 0), tax.id: (50_000, 0)},
                          member.id, non_member.id, 230_000, 20_000, "tutup_buku:2025")
    assert [(accounts[x.account_id].code, x.debit, x.credit) for x in draft.lines] == [
        ("4-1100", 1_000_000, 0), ("6-1100", 0, 700_000), ("8-1100", 0, 50_000), ("3-4100", 0, 230_000),
        ("3-4200", 0, 20_000)]
    assert draft.total_debit == draft.total_credit and draft.source == "tutup_buku:2025"
    assert closing_draft(D(2025, 12, 31), "x", accounts, {}, member.id, non_member.id, 0, 0, "s") is None
    loss = closing_draft(D(2025, 12, 31), "x", accounts, {cost.id: (100, 0)}, member.id, non_member.id, -100, 0, "s")
    assert [(accounts[x.account_id].code, x.debit, x.credit) for x in loss.lines] == [("6-1100", 0, 100),
                                                                                    ("3-4100", 100, 0)]


def test_balance_sheet_presents_the_years_result_and_undistributed_shu():
    kas, pokok, shu_m = acc("1-1100", "kas", cash=True), acc("3-1100", "sp"), acc("3-4100", "shu_anggota")
    income = acc("4-1100", "pb")
    accounts = [kas, pokok, shu_m, income]
    # last year's 300 still in 3-4100 (not yet distributed); this year's income 200 not yet closed
    totals = {kas.id: (1_500, 0), pokok.id: (0, 1_000), shu_m.id: (0, 300), income.id: (0, 200)}
    bs = build_balance_sheet(D(2026, 6, 30), None, accounts, totals, None, YearResult(200, 200, 0), None)
    assert bs.balanced and bs.total_assets == 1_500
    assert (bs.amount("shu_belum_dibagi"), bs.amount("shu_tahun_berjalan")) == (300, 200)
    assert [s.key for s in bs.sections] == [s.value for s in BsSection]


def test_equity_statement_ties_opening_movements_and_closing():
    pokok, cad, shu_m, income = acc("3-1100", "sp"), acc("3-3100", "cadangan"), acc("3-4100", "shu_anggota"), \
        acc("4-1100", "pb")
    accounts = [pokok, cad, shu_m, income]
    opening = {pokok.id: (0, 1_000), shu_m.id: (0, 600)}
    # the year: 100 pokok in, 20 out; last year's 600 distributed (250 to cadangan); income 400, closed
    closing = {pokok.id: (20, 1_100), cad.id: (0, 250), shu_m.id: (600, 1_000), income.id: (400, 400)}
    ordinary = {pokok.id: (20, 100)}
    distribution = {shu_m.id: (600, 0), cad.id: (0, 250)}
    eq = build_equity_statement(Period(D(2025, 1, 1), D(2025, 12, 31), 2025, "Tahun buku 2025"), accounts, opening,
                                closing, ordinary, distribution, 400)
    assert [k for k, _ in eq.columns] == ["simpanan_pokok", "cadangan_umum", "shu"]
    assert eq.ties and eq.opening.amounts == (1_000, 0, 600) and eq.closing.amounts == (1_080, 250, 400)
    assert eq.movement("penyisihan_cadangan").amounts == (0, 250, -250)
    assert eq.movement("shu_dibagikan").amounts == (0, 0, -350)
    assert eq.movement("shu_tahun_berjalan").amounts == (0, 0, 400)


def test_settings_allocation_membership_and_budget_rules():
    assert shu_settings_problems(ShuSettings()) == []
    assert shu_settings_problems(ShuSettings(non_member_pct=Decimal(120), savings_kinds=("emas",), rounding=10)) == [
        "Persentase SHU non-anggota harus 0 sampai 100%.",
        "Dasar jasa modal: jenis simpanan tidak dikenal (emas).",
        "Pembulatan SHU per anggota harus Rp1, Rp100 atau Rp1.000."]
    assert allocation_problems({"cadangan": Decimal(60), "jasa_modal": Decimal(40)}) == []
    assert allocation_problems({"cadangan": Decimal(60), "bonus": Decimal(-5)}) == [
        "Pos pembagian SHU tidak dikenal: bonus.", "Persentase pembagian SHU tidak boleh negatif.",
        "Jumlah persentase pembagian SHU harus 100% (sekarang 55%)."]
    fy = (D(2025, 1, 1), D(2025, 12, 31))
    assert months_as_member(D(2025, 10, 1), None, *fy) == 3
    assert months_as_member(D(2025, 10, 31), None, *fy) == 3
    assert months_as_member(D(2020, 1, 1), D(2025, 3, 15), *fy) == 2
    assert months_as_member(D(2020, 1, 1), None, *fy) == 12
    income = BudgetLine("4-1100", "Jasa", "partisipasi_bruto", 1_000, 1_200)
    cost = BudgetLine("6-1100", "Gaji", "beban_usaha", 1_000, 1_200)
    assert (income.variance, income.percent, income.favourable, cost.favourable) == (200, Decimal("120.00"), True,
                                                                                    False)
    assert BudgetLine("1-1300", "Pinjaman", "neraca", 0, 5).percent is None


def test_months_as_member_counts_month_ends_like_a_calendar_walk():
    import datetime as dt

    from hypothesis import given
    from hypothesis import strategies as st

    from kopdesk.domain.statements import month_end, months_as_member, months_between

    def walk(join, exit, start, end):
        return sum(1 for y, m in months_between(start, end)
                   if (join is None or join <= month_end(y, m)) and (exit is None or exit > month_end(y, m)))

    dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2027, 12, 31))

    @given(st.none() | dates, st.none() | dates, st.integers(2021, 2026))
    def check(join, exit, year):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        assert months_as_member(join, exit, start, end) == walk(join, exit, start, end)

    check()
    assert months_as_member(dt.date(2025, 3, 31), dt.date(2025, 9, 30), dt.date(2025, 1, 1),
                            dt.date(2025, 12, 31)) == 6  # March..August
