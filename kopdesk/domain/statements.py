"""Financial statements of a koperasi (spec §5.2-5.4), the year-end closing entry, the SHU split between members
and non-members (spec §4.3), the SHU distribution policy, and the budget (RAPB) comparison.

Everything here is computed from account totals handed in by the services (sums of debit and credit per account,
from one GROUP BY in SQLite); nothing loops over journal lines. Statement lines come from each account's class and
TAGS, never from its code, so an account a cooperative adds lands on the right line:

Laporan Posisi Keuangan
    Aset lancar: kas/bank (tags kas, bank or a cash account), deposito (atmr20), pinjaman anggota
    (pinjaman_anggota), pinjaman non-anggota (pinjaman_non_anggota), PPAP (ppap, a contra line directly under the
    loans), pendapatan ymh diterima (atmr50); aset tidak lancar: penyertaan (atmr100), aset tetap and akumulasi
    penyusutan (aktiva_tetap, split by normal side). Liabilities are short-term when tagged kewajiban_lancar, else
    long-term; savings-product accounts group by product kind (sukarela, berjangka, khusus), beban ymh dibayar
    (hutang_biaya), dana-dana (dana_*), SHU belum dibayarkan (shu_payable). Equity: simpanan pokok (sp or the pokok
    product), simpanan wajib (sw or the wajib product), cadangan umum (cadangan), cadangan tujuan risiko
    (cad_risiko), and two SHU lines: "SHU tahun berjalan" = the result of the financial year to the date (whether
    or not the year has been closed into 3-4100/3-4200) and "SHU belum dibagi" = everything else held in the SHU
    accounts and in unclosed income/expense accounts (earlier years' SHU awaiting the RAT). Any other account is a
    line of its own, named after the account, in its class's section.
Perhitungan Hasil Usaha: class 4 by tag (pb = partisipasi bruto, pendapatan_non_anggota, anything else =
    pendapatan lain), class 5 beban pokok, class 6 beban usaha (tag beban_lain = beban lain-lain), class 7 beban
    perkoperasian, class 8 pajak. Closing journals are excluded, so a closed year still shows its result.
Laporan Arus Kas, direct method: every journal with a line on a cash account (kas/bank) is attributed to its other
    lines by their accounts (classes and tags, below); pure transfers between cash accounts are not flows; journals
    of the opening-balance series (JS) are shown apart as "saldo awal yang dibukukan". For a balanced journal the
    counter lines add up exactly to its net cash, so the statement ends at the ledger's Kas + Bank.

The SHU split (spec §4.3): by default the non-member part is the non-member revenue net of its share of all costs,
costs shared in proportion to revenue: non-member part = non-member revenue x SHU after tax / total revenue
(rounded half-up to the rupiah; a loss is shared the same way). A setting switches to a percentage entered by the
treasurer. The member part is the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from kopdesk.domain.coop import MONTHS_ID, SHU_ALLOCATION_LABELS
from kopdesk.domain.ledger import Account, AccountClass, JournalDraft, LineDraft, Side
from kopdesk.domain.money import HUNDRED, dec, round_rupiah

# ------------------------------------------------------------------------------------------------ periods


def fiscal_year_bounds(year: int, start_month: int = 1) -> tuple[dt.date, dt.date]:
    """Financial year ``year`` starts on the first of ``start_month`` in ``year`` and lasts twelve months."""
    first = dt.date(year, start_month, 1)
    return first, dt.date(year + 1, start_month, 1) - dt.timedelta(days=1)


def fiscal_year_of(on: dt.date, start_month: int = 1) -> int:
    return on.year if on.month >= start_month else on.year - 1


def month_end(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(year, month) of every month from ``start``'s month to ``end``'s month, inclusive."""
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def year_earlier(d: dt.date) -> dt.date:
    """The same date a year earlier; a month's last day stays its month's last day (29-02 <-> 28-02)."""
    if d == month_end(d.year, d.month):
        return month_end(d.year - 1, d.month)
    return d.replace(year=d.year - 1)


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date
    fiscal_year: int
    label: str                      # "Tahun buku 2025", "Januari - Maret 2026"

    @property
    def prior(self) -> Period:
        """The comparative: the same months one year earlier."""
        start, end = year_earlier(self.start), year_earlier(self.end)
        return Period(start, end, self.fiscal_year - 1, period_label(start, end, self.fiscal_year - 1,
                                                                     self.is_full_year))

    @property
    def is_full_year(self) -> bool:
        return self.start.day == 1 and (self.end + dt.timedelta(days=1)) == self.start.replace(year=self.start.year + 1)


def period_label(start: dt.date, end: dt.date, fiscal_year: int, full_year: bool) -> str:
    if full_year:
        if start.month == 1:
            return f"Tahun buku {fiscal_year}"
        return f"Tahun buku {fiscal_year}/{fiscal_year + 1}"
    if (start.year, start.month) == (end.year, end.month) and start.day == 1 and end == month_end(end.year,
                                                                                                  end.month):
        return f"{MONTHS_ID[start.month - 1]} {start.year}"
    if start.day == 1 and end == month_end(end.year, end.month):
        left = MONTHS_ID[start.month - 1] + ("" if start.year == end.year else f" {start.year}")
        return f"{left} - {MONTHS_ID[end.month - 1]} {end.year}"
    return f"{start:%d-%m-%Y} s.d. {end:%d-%m-%Y}"


def fiscal_period(year: int, start_month: int = 1, month_from: int | None = None,
                  month_to: int | None = None) -> Period:
    """The financial year, or a range of its months (calendar month numbers, in the year's order: with a year
    starting in July, months 7-12 fall in ``year`` and 1-6 in ``year + 1``)."""
    first, last = fiscal_year_bounds(year, start_month)
    if month_from is None and month_to is None:
        return Period(first, last, year, period_label(first, last, year, True))
    month_from = month_from or start_month
    month_to = month_to or (start_month - 2) % 12 + 1
    problems = [f"Bulan {name} harus 1 sampai 12." for name, m in (("awal", month_from), ("akhir", month_to))
                if not 1 <= m <= 12]
    if problems:
        raise ValueError(" ".join(problems))

    def year_of(m: int) -> int:
        return year if m >= start_month else year + 1

    start = dt.date(year_of(month_from), month_from, 1)
    end = month_end(year_of(month_to), month_to)
    if end < start:
        raise ValueError("Bulan akhir harus sesudah bulan awal dalam tahun buku yang sama.")
    return Period(start, end, year, period_label(start, end, year, start == first and end == last))


# ------------------------------------------------------------------------------------------------ display rows


class RowKind(StrEnum):
    HEADING = "judul"         # a caption, no amount
    LINE = "pos"              # a statement line
    DETAIL = "rincian"        # an account inside a line (level 2)
    SUBTOTAL = "subtotal"
    TOTAL = "total"


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One printed row, in order: what the renderers draw (they add no numbers)."""

    label: str
    amount: int | None            # None for headings
    prior: int | None             # the comparative column (None when there is none)
    kind: RowKind
    level: int = 0                # indentation
    key: str = ""                 # a stable id: "kas_bank", "shu_setelah_pajak", "akun:1-1500"
    code: str = ""                # the account code of a detail row
    deduct: bool = False          # a deduction (beban, PPAP, akumulasi penyusutan): may be printed in parentheses


@dataclass(frozen=True, slots=True)
class AccountAmount:
    code: str
    name: str
    amount: int
    prior: int = 0


@dataclass(frozen=True, slots=True)
class StatementLine:
    key: str
    label: str
    amount: int
    prior: int
    accounts: tuple[AccountAmount, ...] = ()
    deduct: bool = False

    def rows(self, level: int, details: bool, with_prior: bool) -> list[StatementRow]:
        out = [StatementRow(self.label, self.amount, self.prior if with_prior else None, RowKind.LINE, level,
                            self.key, deduct=self.deduct)]
        if details and len(self.accounts) > 1:
            out += [StatementRow(a.name, a.amount, a.prior if with_prior else None, RowKind.DETAIL, level + 1,
                                 f"akun:{a.code}", a.code, self.deduct) for a in self.accounts]
        return out


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    label: str
    lines: tuple[StatementLine, ...]

    @property
    def total(self) -> int:
        return sum(x.amount for x in self.lines)

    @property
    def prior_total(self) -> int:
        return sum(x.prior for x in self.lines)

    def line(self, key: str) -> StatementLine | None:
        return next((x for x in self.lines if x.key == key), None)


# ------------------------------------------------------------------------------------------------ classification

CASH_TAGS = {"kas", "bank"}
DANA_TAGS = ("dana_pengurus", "dana_karyawan", "dana_pendidikan", "dana_sosial", "dana_pdk")
SHU_EQUITY_TAGS = {"shu_anggota", "shu_non_anggota"}

SAVINGS_KIND_LINES = {"pokok": "Simpanan pokok", "wajib": "Simpanan wajib", "sukarela": "Simpanan sukarela",
                      "berjangka": "Simpanan berjangka", "khusus": "Simpanan khusus"}


def is_cash_account(a: Account) -> bool:
    return a.is_cash or bool(CASH_TAGS & set(a.tags))


class BsSection(StrEnum):
    ASET_LANCAR = "aset_lancar"
    ASET_TIDAK_LANCAR = "aset_tidak_lancar"
    LIABILITAS_PENDEK = "liabilitas_jangka_pendek"
    LIABILITAS_PANJANG = "liabilitas_jangka_panjang"
    EKUITAS = "ekuitas"

    @property
    def label(self) -> str:
        return {"aset_lancar": "Aset lancar", "aset_tidak_lancar": "Aset tidak lancar",
                "liabilitas_jangka_pendek": "Liabilitas jangka pendek",
                "liabilitas_jangka_panjang": "Liabilitas jangka panjang", "ekuitas": "Ekuitas"}[self.value]


def balance_sheet_line(a: Account, savings_kind: str | None = None) -> tuple[BsSection, str, str]:
    """(section, line key, line label) of a balance-sheet account, from its class, tags and savings product."""
    tags = set(a.tags)
    own = f"akun:{a.code}", a.name
    if a.klass == AccountClass.ASET:
        if is_cash_account(a):
            return BsSection.ASET_LANCAR, "kas_bank", "Kas dan bank"
        for tag, key, label in (("atmr20", "deposito", "Simpanan berjangka / deposito di bank dan koperasi lain"),
                                ("pinjaman_anggota", "pinjaman_anggota", "Pinjaman kepada anggota"),
                                ("pinjaman_non_anggota", "pinjaman_non_anggota",
                                 "Pinjaman kepada calon anggota dan koperasi lain"),
                                ("ppap", "ppap", "Penyisihan penghapusan pinjaman (PPAP)"),
                                ("atmr50", "pendapatan_ymh", "Pendapatan jasa yang masih harus diterima")):
            if tag in tags:
                return BsSection.ASET_LANCAR, key, label
        if "atmr100" in tags:
            return BsSection.ASET_TIDAK_LANCAR, "penyertaan", "Penyertaan pada koperasi sekunder / lembaga lain"
        if "aktiva_tetap" in tags:
            if a.normal == Side.CREDIT:
                return BsSection.ASET_TIDAK_LANCAR, "akumulasi_penyusutan", "Akumulasi penyusutan"
            return BsSection.ASET_TIDAK_LANCAR, "aset_tetap", "Aset tetap (harga perolehan)"
        return (BsSection.ASET_LANCAR, *own)
    if a.klass == AccountClass.LIABILITAS:
        section = BsSection.LIABILITAS_PENDEK if "kewajiban_lancar" in tags else BsSection.LIABILITAS_PANJANG
        if savings_kind in SAVINGS_KIND_LINES:
            return section, f"simpanan_{savings_kind}", SAVINGS_KIND_LINES[savings_kind]
        if "hutang_biaya" in tags:
            return section, "beban_ymh", "Beban yang masih harus dibayar"
        if tags & set(DANA_TAGS):
            return section, "dana_shu", "Dana-dana dari pembagian SHU"
        if "shu_payable" in tags:
            return section, "shu_belum_dibayar", "SHU bagian anggota belum dibayarkan"
        return (section, *own)
    if a.klass == AccountClass.EKUITAS:
        if "sp" in tags or savings_kind == "pokok":
            return BsSection.EKUITAS, "simpanan_pokok", "Simpanan pokok"
        if "sw" in tags or savings_kind == "wajib":
            return BsSection.EKUITAS, "simpanan_wajib", "Simpanan wajib"
        if "cadangan" in tags:
            return BsSection.EKUITAS, "cadangan_umum", "Cadangan umum"
        if "cad_risiko" in tags:
            return BsSection.EKUITAS, "cadangan_risiko", "Cadangan tujuan risiko"
        if tags & SHU_EQUITY_TAGS:
            return BsSection.EKUITAS, "shu_belum_dibagi", "SHU belum dibagi"
        return (BsSection.EKUITAS, *own)
    raise ValueError(f"{a.label} bukan akun neraca")


def presented(a: Account, debit: int, credit: int) -> int:
    """The amount on the statement: assets debit - credit (a contra asset shows negative), the rest credit - debit;
    income credit - debit, expenses debit - credit."""
    if a.klass in (AccountClass.ASET, AccountClass.BEBAN_POKOK, AccountClass.BEBAN_USAHA,
                   AccountClass.BEBAN_PERKOPERASIAN, AccountClass.PAJAK):
        return debit - credit
    return credit - debit


def nominal_result(accounts: Iterable[Account], totals: Mapping[int, tuple[int, int]]) -> int:
    """Income minus expenses (credit - debit over every income and expense account)."""
    out = 0
    for a in accounts:
        if a.klass.is_nominal and a.id in totals:
            d, c = totals[a.id]
            out += c - d
    return out


# ------------------------------------------------------------------------------------------------ SHU split & policy


class NonMemberRule(StrEnum):
    PENDAPATAN = "pendapatan"     # non-member revenue x SHU after tax / total revenue (default)
    RASIO = "rasio"               # a percentage of SHU after tax entered by the treasurer

    @property
    def label(self) -> str:
        return {"pendapatan": "Sebanding pendapatan dari non-anggota",
                "rasio": "Persentase yang ditetapkan"}[self.value]


class SavingsBasis(StrEnum):
    AKHIR_TAHUN = "akhir_tahun"               # balances on the last day of the year (default)
    RATA_RATA_BULANAN = "rata_rata_bulanan"   # the average of the twelve month-end balances

    @property
    def label(self) -> str:
        return {"akhir_tahun": "Saldo akhir tahun buku", "rata_rata_bulanan": "Saldo rata-rata akhir bulan"}[
            self.value]


class TransactionsBasis(StrEnum):
    JASA_PINJAMAN = "jasa_pinjaman"           # jasa paid on loans in the year (default)
    PARTISIPASI = "partisipasi"               # jasa + denda paid + provisi and administrasi of loans paid out
    POKOK_PINJAMAN = "pokok_pinjaman"         # principal borrowed in the year (restructurings excluded)

    @property
    def label(self) -> str:
        return {"jasa_pinjaman": "Jasa pinjaman yang dibayar dalam tahun buku",
                "partisipasi": "Jasa, denda, provisi dan administrasi pinjaman dalam tahun buku",
                "pokok_pinjaman": "Pokok pinjaman yang diterima dalam tahun buku"}[self.value]


class ResidueTarget(StrEnum):
    DANA_SOSIAL = "dana_sosial"
    CADANGAN = "cadangan"


ROUNDINGS = (1, 100, 1000)
SAVINGS_KINDS_FOR_SHU = ("pokok", "wajib", "sukarela", "khusus")

# the pools of an SHU allocation and the account tag each is posted to (spec §5.4)
POOL_TAGS = {"cadangan": "cadangan", "cadangan_risiko": "cad_risiko", "jasa_modal": "shu_payable",
             "jasa_usaha": "shu_payable", "dana_pengurus": "dana_pengurus", "dana_karyawan": "dana_karyawan",
             "dana_pendidikan": "dana_pendidikan", "dana_sosial": "dana_sosial", "dana_pdk": "dana_pdk"}
POOL_LABELS = {**SHU_ALLOCATION_LABELS, "cadangan_risiko": "Cadangan tujuan risiko"}


@dataclass(frozen=True, slots=True)
class ShuSettings:
    """How the SHU is split and distributed (spec §4.3); stored as a setting, copied into each approval."""

    non_member_rule: NonMemberRule = NonMemberRule.PENDAPATAN
    non_member_pct: Decimal = Decimal(0)                  # with RASIO: % of SHU after tax that is non-member
    savings_basis: SavingsBasis = SavingsBasis.AKHIR_TAHUN
    savings_kinds: tuple[str, ...] = ("pokok", "wajib")   # + "sukarela" (spec variant C), + "khusus" (variant B)
    transactions_basis: TransactionsBasis = TransactionsBasis.JASA_PINJAMAN
    rounding: int = 1                                     # each member's JM and JU: 1, 100 or 1000 rupiah
    residue_to: ResidueTarget = ResidueTarget.DANA_SOSIAL  # where the rounding residue is booked
    include_leavers: bool = True                          # members who left during the year get their share
    prorate_joiners: bool = False                         # JM of members who joined in the year x months / 12


def shu_settings_problems(s: ShuSettings) -> list[str]:
    problems = []
    if not isinstance(s.non_member_pct, Decimal) or not 0 <= s.non_member_pct <= 100:
        problems.append("Persentase SHU non-anggota harus 0 sampai 100%.")
    if not s.savings_kinds:
        problems.append("Dasar jasa modal: pilih paling sedikit satu jenis simpanan.")
    unknown = [k for k in s.savings_kinds if k not in SAVINGS_KINDS_FOR_SHU]
    if unknown:
        problems.append(f"Dasar jasa modal: jenis simpanan tidak dikenal ({', '.join(unknown)}).")
    if s.rounding not in ROUNDINGS:
        problems.append("Pembulatan SHU per anggota harus Rp1, Rp100 atau Rp1.000.")
    return problems


def split_non_member(shu: int, non_member_revenue: int, total_revenue: int,
                     rule: NonMemberRule = NonMemberRule.PENDAPATAN, pct: Decimal = Decimal(0)) -> int:
    """The non-member part of the SHU after tax (spec §4.3), whole rupiah, half up."""
    if rule == NonMemberRule.RASIO:
        return round_rupiah(Decimal(shu) * dec(pct) / HUNDRED)
    if total_revenue <= 0 or non_member_revenue <= 0:
        return 0
    return round_rupiah(Decimal(shu) * non_member_revenue / total_revenue)


def allocation_problems(allocation: Mapping[str, Decimal]) -> list[str]:
    problems = []
    unknown = sorted(set(allocation) - set(POOL_TAGS))
    if unknown:
        problems.append(f"Pos pembagian SHU tidak dikenal: {', '.join(unknown)}.")
    if any(dec(v) < 0 for v in allocation.values()):
        problems.append("Persentase pembagian SHU tidak boleh negatif.")
    total = sum((dec(v) for v in allocation.values()), Decimal(0))
    if total != 100:
        problems.append(f"Jumlah persentase pembagian SHU harus 100% (sekarang {total.normalize():f}%).")
    return problems


def months_as_member(join: dt.date | None, exit: dt.date | None, start: dt.date, end: dt.date) -> int:
    """Month-ends of the period on which the person was a member (joined on or before, not yet left).
    Counted arithmetically (SHU over 10,000 members calls this once per member): a member counts from the month
    of joining (joining is always on or before that month's end) to the month before leaving (leaving on or
    before a month-end means not a member at that month-end)."""
    lo, hi = _month_index(start), _month_index(end)
    if join is not None:
        lo = max(lo, _month_index(join))
    if exit is not None:
        hi = min(hi, _month_index(exit) - 1)
    return max(0, hi - lo + 1)


def _month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


# ------------------------------------------------------------------------------------------------ PHU


PHU_GROUPS = {
    "partisipasi_bruto": "Partisipasi bruto anggota",
    "beban_pokok": "Beban pokok",
    "pendapatan_non_anggota": "Pendapatan dari non-anggota",
    "beban_usaha": "Beban usaha",
    "pendapatan_lain": "Pendapatan lain-lain",
    "beban_lain": "Beban lain-lain",
    "beban_perkoperasian": "Beban perkoperasian",
    "pajak": "Pajak penghasilan",
}
INCOME_GROUPS = ("partisipasi_bruto", "pendapatan_non_anggota", "pendapatan_lain")


def phu_group(a: Account) -> str:
    tags = set(a.tags)
    if a.klass == AccountClass.PENDAPATAN:
        if "pb" in tags:
            return "partisipasi_bruto"
        if "pendapatan_non_anggota" in tags:
            return "pendapatan_non_anggota"
        return "pendapatan_lain"
    if a.klass == AccountClass.BEBAN_POKOK:
        return "beban_pokok"
    if a.klass == AccountClass.BEBAN_USAHA:
        return "beban_lain" if "beban_lain" in tags else "beban_usaha"
    if a.klass == AccountClass.BEBAN_PERKOPERASIAN:
        return "beban_perkoperasian"
    if a.klass == AccountClass.PAJAK:
        return "pajak"
    raise ValueError(f"{a.label} bukan akun pendapatan atau beban")


@dataclass(frozen=True, slots=True)
class PhuFigures:
    """The PHU's figures for one period. Revenue and expenses are positive; results may be negative."""

    partisipasi_bruto: int = 0
    beban_pokok: int = 0
    pendapatan_non_anggota: int = 0
    beban_usaha: int = 0
    pendapatan_lain: int = 0
    beban_lain: int = 0
    beban_perkoperasian: int = 0
    pajak: int = 0
    shu_non_anggota: int = 0            # the non-member part of SHU after tax (spec §4.3)

    @property
    def partisipasi_neto(self) -> int:
        return self.partisipasi_bruto - self.beban_pokok

    @property
    def shu_kotor(self) -> int:
        """Partisipasi neto + non-member revenue, before operating costs (spec §1.2.2)."""
        return self.partisipasi_neto + self.pendapatan_non_anggota

    @property
    def shu_usaha(self) -> int:
        return self.shu_kotor - self.beban_usaha

    @property
    def shu_sebelum_pajak(self) -> int:
        return self.shu_usaha + self.pendapatan_lain - self.beban_lain - self.beban_perkoperasian

    @property
    def shu_setelah_pajak(self) -> int:
        return self.shu_sebelum_pajak - self.pajak

    @property
    def shu_anggota(self) -> int:
        return self.shu_setelah_pajak - self.shu_non_anggota

    @property
    def total_pendapatan(self) -> int:
        return self.partisipasi_bruto + self.pendapatan_non_anggota + self.pendapatan_lain


def phu_figures(groups: Mapping[str, int], rule: NonMemberRule = NonMemberRule.PENDAPATAN,
                pct: Decimal = Decimal(0)) -> PhuFigures:
    base = PhuFigures(**{k: groups.get(k, 0) for k in PHU_GROUPS})
    nm = split_non_member(base.shu_setelah_pajak, base.pendapatan_non_anggota, base.total_pendapatan, rule, pct)
    return PhuFigures(**{k: groups.get(k, 0) for k in PHU_GROUPS}, shu_non_anggota=nm)


def _group_lines(accounts: Sequence[Account], now: Mapping[int, tuple[int, int]],
                 prior: Mapping[int, tuple[int, int]]) -> dict[str, StatementLine]:
    members: dict[str, list[AccountAmount]] = {k: [] for k in PHU_GROUPS}
    for a in accounts:
        if a.is_group or not a.klass.is_nominal:
            continue
        amount = presented(a, *now.get(a.id, (0, 0)))
        before = presented(a, *prior.get(a.id, (0, 0)))
        if amount or before:
            members[phu_group(a)].append(AccountAmount(a.code, a.name, amount, before))
    return {k: StatementLine(k, PHU_GROUPS[k], sum(x.amount for x in v), sum(x.prior for x in v), tuple(v),
                             deduct=k not in INCOME_GROUPS) for k, v in members.items()}


@dataclass(frozen=True, slots=True)
class IncomeStatement:
    """Laporan Perhitungan Hasil Usaha (spec §5.2)."""

    period: Period
    prior_period: Period | None
    current: PhuFigures
    prior: PhuFigures | None
    groups: tuple[StatementLine, ...]        # the eight PHU groups, each with its accounts
    non_member_rule: NonMemberRule = NonMemberRule.PENDAPATAN

    def group(self, key: str) -> StatementLine:
        return next(g for g in self.groups if g.key == key)

    def rows(self, *, details: bool = True) -> tuple[StatementRow, ...]:
        p = self.prior is not None
        cur, pri = self.current, self.prior or PhuFigures()

        def sub(key: str, label: str, kind: RowKind = RowKind.SUBTOTAL) -> StatementRow:
            return StatementRow(label, getattr(cur, key), getattr(pri, key) if p else None, kind, 0, key)

        def grp(key: str, level: int = 1) -> list[StatementRow]:
            return self.group(key).rows(level, details, p)

        out = [StatementRow("PARTISIPASI ANGGOTA", None, None, RowKind.HEADING, 0, "judul_partisipasi"),
               *grp("partisipasi_bruto"), *grp("beban_pokok"),
               sub("partisipasi_neto", "Partisipasi neto"),
               *grp("pendapatan_non_anggota"),
               sub("shu_kotor", "SHU kotor"),
               *grp("beban_usaha"),
               sub("shu_usaha", "SHU usaha"),
               *grp("pendapatan_lain")]
        if self.group("beban_lain").accounts:
            out += grp("beban_lain")
        out += [*grp("beban_perkoperasian"),
                sub("shu_sebelum_pajak", "SHU sebelum pajak"),
                *grp("pajak"),
                sub("shu_setelah_pajak", "SHU SETELAH PAJAK", RowKind.TOTAL),
                StatementRow("SHU bagian anggota", cur.shu_anggota, pri.shu_anggota if p else None, RowKind.LINE, 1,
                             "shu_anggota"),
                StatementRow("SHU bagian non-anggota", cur.shu_non_anggota, pri.shu_non_anggota if p else None,
                             RowKind.LINE, 1, "shu_non_anggota")]
        return tuple(out)


def build_income_statement(period: Period, prior_period: Period | None, accounts: Sequence[Account],
                           now: Mapping[int, tuple[int, int]], prior: Mapping[int, tuple[int, int]] | None,
                           rule: NonMemberRule = NonMemberRule.PENDAPATAN,
                           pct: Decimal = Decimal(0)) -> IncomeStatement:
    """``now``/``prior``: account_id -> (debit, credit) movements of the period, closing journals excluded."""
    lines = _group_lines(accounts, now, prior or {})
    current = phu_figures({k: v.amount for k, v in lines.items()}, rule, pct)
    before = phu_figures({k: v.prior for k, v in lines.items()}, rule, pct) if prior is not None else None
    return IncomeStatement(period, prior_period, current, before, tuple(lines.values()), rule)


# ------------------------------------------------------------------------------------------------ balance sheet


@dataclass(frozen=True, slots=True)
class BalanceSheet:
    """Laporan Posisi Keuangan (neraca) at a date, with the comparative date."""

    as_of: dt.date
    prior_as_of: dt.date | None
    sections: tuple[Section, ...]            # aset lancar, aset tidak lancar, liabilitas pendek/panjang, ekuitas

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def _sum(self, keys: Iterable[str], prior: bool = False) -> int:
        return sum(s.prior_total if prior else s.total for s in self.sections if s.key in set(keys))

    @property
    def total_assets(self) -> int:
        return self._sum((BsSection.ASET_LANCAR, BsSection.ASET_TIDAK_LANCAR))

    @property
    def total_liabilities(self) -> int:
        return self._sum((BsSection.LIABILITAS_PENDEK, BsSection.LIABILITAS_PANJANG))

    @property
    def total_equity(self) -> int:
        return self._sum((BsSection.EKUITAS,))

    @property
    def prior_total_assets(self) -> int:
        return self._sum((BsSection.ASET_LANCAR, BsSection.ASET_TIDAK_LANCAR), True)

    @property
    def prior_total_liabilities(self) -> int:
        return self._sum((BsSection.LIABILITAS_PENDEK, BsSection.LIABILITAS_PANJANG), True)

    @property
    def prior_total_equity(self) -> int:
        return self._sum((BsSection.EKUITAS,), True)

    @property
    def balanced(self) -> bool:
        ok = self.total_assets == self.total_liabilities + self.total_equity
        if self.prior_as_of is not None:
            ok = ok and self.prior_total_assets == self.prior_total_liabilities + self.prior_total_equity
        return ok

    def line(self, key: str) -> StatementLine | None:
        for s in self.sections:
            found = s.line(key)
            if found:
                return found
        return None

    def amount(self, key: str) -> int:
        found = self.line(key)
        return found.amount if found else 0

    def rows(self, *, details: bool = True) -> tuple[StatementRow, ...]:
        p = self.prior_as_of is not None
        out: list[StatementRow] = []

        def section(s: Section) -> None:
            out.append(StatementRow(s.label, None, None, RowKind.HEADING, 1, f"judul_{s.key}"))
            for line in s.lines:
                out.extend(line.rows(2, details, p))
            out.append(StatementRow(f"Jumlah {s.label.lower()}", s.total, s.prior_total if p else None,
                                    RowKind.SUBTOTAL, 1, f"jumlah_{s.key}"))

        out.append(StatementRow("ASET", None, None, RowKind.HEADING, 0, "judul_aset"))
        for key in (BsSection.ASET_LANCAR, BsSection.ASET_TIDAK_LANCAR):
            section(self.section(key))
        out.append(StatementRow("JUMLAH ASET", self.total_assets, self.prior_total_assets if p else None,
                                RowKind.TOTAL, 0, "jumlah_aset"))
        out.append(StatementRow("LIABILITAS DAN EKUITAS", None, None, RowKind.HEADING, 0, "judul_pasiva"))
        for key in (BsSection.LIABILITAS_PENDEK, BsSection.LIABILITAS_PANJANG):
            section(self.section(key))
        out.append(StatementRow("Jumlah liabilitas", self.total_liabilities,
                                self.prior_total_liabilities if p else None, RowKind.SUBTOTAL, 0, "jumlah_liabilitas"))
        section(self.section(BsSection.EKUITAS))
        out.append(StatementRow("JUMLAH LIABILITAS DAN EKUITAS", self.total_liabilities + self.total_equity,
                                self.prior_total_liabilities + self.prior_total_equity if p else None, RowKind.TOTAL,
                                0, "jumlah_pasiva"))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class YearResult:
    """The financial year's result to a date, as the balance sheet shows it."""

    total: int
    member: int = 0
    non_member: int = 0


def _collect(accounts: Sequence[Account], totals: Mapping[int, tuple[int, int]],
             savings_kinds: Mapping[int, str]) -> dict[tuple[BsSection, str], tuple[str, list[tuple[Account, int]]]]:
    out: dict[tuple[BsSection, str], tuple[str, list[tuple[Account, int]]]] = {}
    for a in accounts:
        if a.is_group or a.klass.is_nominal:
            continue
        section, key, label = balance_sheet_line(a, savings_kinds.get(a.id))
        out.setdefault((section, key), (label, []))[1].append((a, presented(a, *totals.get(a.id, (0, 0)))))
    return out


def build_balance_sheet(as_of: dt.date, prior_as_of: dt.date | None, accounts: Sequence[Account],
                        now: Mapping[int, tuple[int, int]], prior: Mapping[int, tuple[int, int]] | None,
                        result_now: YearResult, result_prior: YearResult | None,
                        savings_kinds: Mapping[int, str] | None = None) -> BalanceSheet:
    """``now``/``prior``: account_id -> cumulative (debit, credit) up to the date; ``result_*``: the financial
    year's result to the date (closing journals excluded). Unclosed income and expense accounts and the SHU accounts
    are presented as "SHU tahun berjalan" (the year's result) and "SHU belum dibagi" (the rest)."""
    kinds = savings_kinds or {}
    prior = prior or {}
    cur = _collect(accounts, now, kinds)
    old = _collect(accounts, prior, kinds)
    keys = list(dict.fromkeys([*cur, *old]))
    by_section: dict[BsSection, list[tuple[str, StatementLine]]] = {s: [] for s in BsSection}
    order: dict[str, str] = {}
    for key in keys:
        label, items = cur.get(key) or old[key]
        amounts: dict[str, list[int]] = {}
        names: dict[str, str] = {}
        for a, v in (cur.get(key) or ("", []))[1]:
            amounts.setdefault(a.code, [0, 0])[0] = v
            names[a.code] = a.name
        for a, v in (old.get(key) or ("", []))[1]:
            amounts.setdefault(a.code, [0, 0])[1] = v
            names[a.code] = a.name
        accts = tuple(AccountAmount(code, names[code], v[0], v[1]) for code, v in sorted(amounts.items())
                      if v[0] or v[1])
        line = StatementLine(key[1], label, sum(x.amount for x in accts), sum(x.prior for x in accts), accts,
                             deduct=key[1] in ("ppap", "akumulasi_penyusutan"))
        order[key[1]] = min(amounts) if amounts else "9"
        by_section[key[0]].append((order[key[1]], line))
    # the SHU lines: the financial year's result to the date, and everything else in the SHU accounts and in the
    # income and expense accounts not yet closed
    shu_accounts = [a for a in accounts if SHU_EQUITY_TAGS & set(a.tags) and not a.is_group]
    nominal = [a for a in accounts if a.klass.is_nominal and not a.is_group]

    def undistributed(totals: Mapping[int, tuple[int, int]], result: YearResult) -> int:
        held = sum(presented(a, *totals.get(a.id, (0, 0))) for a in shu_accounts)
        return held + nominal_result(nominal, totals) - result.total

    rp = result_prior or YearResult(0)
    equity = [x for x in by_section[BsSection.EKUITAS] if x[1].key != "shu_belum_dibagi"]
    shu_code = min((a.code for a in shu_accounts), default="3-4100")
    undist_now = undistributed(now, result_now)
    undist_prior = undistributed(prior, rp) if prior_as_of is not None else 0
    if undist_now or undist_prior:
        equity.append((shu_code, StatementLine("shu_belum_dibagi", "SHU belum dibagi (tahun buku lalu)", undist_now,
                                               undist_prior)))
    equity.append((shu_code + "z", StatementLine(
        "shu_tahun_berjalan", "SHU tahun berjalan", result_now.total, rp.total,
        (AccountAmount("", "SHU tahun berjalan - bagian anggota", result_now.member, rp.member),
         AccountAmount("", "SHU tahun berjalan - non-anggota", result_now.non_member, rp.non_member)))))
    by_section[BsSection.EKUITAS] = equity
    sections = []
    for s in BsSection:
        lines = tuple(line for _, line in sorted(by_section[s], key=lambda x: x[0]) if line.amount or line.prior
                      or line.key == "shu_tahun_berjalan")
        sections.append(Section(s.value, s.label, lines))
    return BalanceSheet(as_of, prior_as_of, tuple(sections))


# ------------------------------------------------------------------------------------------------ equity statement


@dataclass(frozen=True, slots=True)
class EquityMovement:
    key: str
    label: str
    amounts: tuple[int, ...]                 # one per column

    @property
    def total(self) -> int:
        return sum(self.amounts)


@dataclass(frozen=True, slots=True)
class EquityStatement:
    """Laporan Perubahan Ekuitas: columns are the equity lines of the balance sheet, the two SHU lines in one."""

    period: Period
    columns: tuple[tuple[str, str], ...]     # (key, label)
    opening: EquityMovement
    movements: tuple[EquityMovement, ...]
    closing: EquityMovement
    shu_of_period: int                       # the PHU's SHU after tax, shown in the "SHU tahun berjalan" row

    def column(self, key: str) -> int:
        return [k for k, _ in self.columns].index(key)

    @property
    def ties(self) -> bool:
        """Opening + every movement = closing, column by column."""
        return all(self.opening.amounts[i] + sum(m.amounts[i] for m in self.movements) == self.closing.amounts[i]
                   for i in range(len(self.columns)))

    def movement(self, key: str) -> EquityMovement | None:
        return next((m for m in self.movements if m.key == key), None)


EQUITY_ROWS = {
    "setoran": "Setoran simpanan dan penambahan modal",
    "pengembalian": "Pengembalian simpanan dan pengurangan modal",
    "penyisihan_cadangan": "Penyisihan cadangan dari SHU tahun buku lalu",
    "shu_dibagikan": "SHU tahun buku lalu dibagikan (dana-dana dan jasa anggota)",
    "shu_tahun_berjalan": "SHU tahun berjalan",
}


def build_equity_statement(period: Period, accounts: Sequence[Account], opening: Mapping[int, tuple[int, int]],
                           closing: Mapping[int, tuple[int, int]], ordinary: Mapping[int, tuple[int, int]],
                           distribution: Mapping[int, tuple[int, int]], shu_of_period: int,
                           savings_kinds: Mapping[int, str] | None = None) -> EquityStatement:
    """``opening``/``closing``: cumulative (debit, credit) per account the day before the period and at its end;
    ``ordinary``: the period's movements of journals other than closings and SHU distributions; ``distribution``:
    the period's SHU-distribution journals. The SHU column holds the SHU accounts and the unclosed income and
    expense accounts; its "SHU tahun berjalan" row is the PHU's SHU."""
    kinds = savings_kinds or {}
    cols: dict[str, tuple[str, str]] = {}          # key -> (label, sort code)
    col_of: dict[int, str] = {}
    for a in accounts:
        if a.is_group or a.klass != AccountClass.EKUITAS:
            continue
        _, key, label = balance_sheet_line(a, kinds.get(a.id))
        if key == "shu_belum_dibagi":
            key, label = "shu", "Sisa hasil usaha"
        col_of[a.id] = key
        if key not in cols or a.code < cols[key][1]:
            cols[key] = (label, a.code)
    nominal = [a for a in accounts if a.klass.is_nominal and not a.is_group]
    if "shu" not in cols:
        cols["shu"] = ("Sisa hasil usaha", "3-4")
    keys = sorted(cols, key=lambda k: cols[k][1])

    def per_column(totals: Mapping[int, tuple[int, int]], side: str = "net") -> list[int]:
        out = dict.fromkeys(keys, 0)
        for aid, key in col_of.items():
            d, c = totals.get(aid, (0, 0))
            out[key] += {"net": c - d, "credit": c, "debit": -d}[side]
        return [out[k] for k in keys]

    shu_i = keys.index("shu")
    open_row = per_column(opening)
    open_row[shu_i] += nominal_result(nominal, opening)
    close_row = per_column(closing)
    close_row[shu_i] += nominal_result(nominal, closing)
    result = [0] * len(keys)
    result[shu_i] = shu_of_period
    # keep only columns with something in them (the SHU column always)
    # an SHU distribution: what it puts into cadangan (and any other equity line) comes out of the SHU column;
    # the rest of the SHU leaves equity (dana-dana and the members' shares are liabilities)
    dist = per_column(distribution)
    reserve = [0 if i == shu_i else v for i, v in enumerate(dist)]
    reserve[shu_i] = -sum(reserve)
    paid_out = [0] * len(keys)
    paid_out[shu_i] = dist[shu_i] - reserve[shu_i]
    rows = {"setoran": per_column(ordinary, "credit"), "pengembalian": per_column(ordinary, "debit"),
            "penyisihan_cadangan": reserve, "shu_dibagikan": paid_out, "shu_tahun_berjalan": result}
    used = [i for i, k in enumerate(keys) if k == "shu" or open_row[i] or close_row[i]
            or any(r[i] for r in rows.values())]

    def pick(values: list[int]) -> tuple[int, ...]:
        return tuple(values[i] for i in used)

    movements = tuple(EquityMovement(k, EQUITY_ROWS[k], pick(v)) for k, v in rows.items()
                      if any(v[i] for i in used) or k == "shu_tahun_berjalan")
    return EquityStatement(period, tuple((keys[i], cols[keys[i]][0]) for i in used),
                           EquityMovement("saldo_awal", f"Saldo awal {period.start - dt.timedelta(days=1):%d-%m-%Y}",
                                          pick(open_row)),
                           movements, EquityMovement("saldo_akhir", f"Saldo akhir {period.end:%d-%m-%Y}",
                                                     pick(close_row)), shu_of_period)


# ------------------------------------------------------------------------------------------------ cash flow


class CfSection(StrEnum):
    OPERASI = "operasi"
    INVESTASI = "investasi"
    PENDANAAN = "pendanaan"
    SALDO_AWAL = "saldo_awal"

    @property
    def label(self) -> str:
        return {"operasi": "Arus kas dari aktivitas operasi", "investasi": "Arus kas dari aktivitas investasi",
                "pendanaan": "Arus kas dari aktivitas pendanaan",
                "saldo_awal": "Saldo awal kas dan bank yang dibukukan (pembukaan buku)"}[self.value]


CF_LINES: dict[str, tuple[CfSection, str]] = {
    "pendapatan": (CfSection.OPERASI, "Penerimaan partisipasi dan pendapatan"),
    "pinjaman_disalurkan": (CfSection.OPERASI, "Pinjaman yang disalurkan"),
    "pinjaman_kembali": (CfSection.OPERASI, "Angsuran pokok pinjaman yang diterima"),
    "simpanan_masuk": (CfSection.OPERASI, "Setoran simpanan sukarela, berjangka dan khusus"),
    "simpanan_keluar": (CfSection.OPERASI, "Penarikan simpanan sukarela, berjangka dan khusus"),
    "beban": (CfSection.OPERASI, "Pembayaran beban pokok, beban usaha dan beban perkoperasian"),
    "pajak": (CfSection.OPERASI, "Pembayaran pajak penghasilan"),
    "dana_shu": (CfSection.OPERASI, "Penggunaan dana-dana dari pembagian SHU"),
    "operasi_lain": (CfSection.OPERASI, "Penerimaan (pembayaran) operasi lainnya"),
    "deposito": (CfSection.INVESTASI, "Penempatan dan pencairan deposito"),
    "penyertaan": (CfSection.INVESTASI, "Penyertaan pada koperasi sekunder / lembaga lain"),
    "aset_tetap": (CfSection.INVESTASI, "Perolehan dan penjualan aset tetap"),
    "investasi_lain": (CfSection.INVESTASI, "Investasi lainnya"),
    "simpanan_modal_masuk": (CfSection.PENDANAAN, "Setoran simpanan pokok dan wajib"),
    "simpanan_modal_keluar": (CfSection.PENDANAAN, "Pengembalian simpanan pokok dan wajib"),
    "modal_lain": (CfSection.PENDANAAN, "Hibah, modal penyertaan dan ekuitas lainnya"),
    "pinjaman_diterima": (CfSection.PENDANAAN, "Pinjaman dari bank dan liabilitas jangka panjang lainnya"),
    "shu_dibayar": (CfSection.PENDANAAN, "Pembayaran SHU kepada anggota"),
    "saldo_awal": (CfSection.SALDO_AWAL, "Saldo awal kas dan bank yang dibukukan"),
}


def cash_flow_keys(a: Account, savings_kind: str | None = None) -> tuple[str, str]:
    """(line for money in, line for money out) of a counter account of a cash journal: a credit on the counter
    account is cash in, a debit cash out. Most lines are net (the same key twice)."""
    tags = set(a.tags)
    k = a.klass
    if k == AccountClass.PENDAPATAN:
        return "pendapatan", "pendapatan"
    if k in (AccountClass.BEBAN_POKOK, AccountClass.BEBAN_USAHA, AccountClass.BEBAN_PERKOPERASIAN):
        return "beban", "beban"
    if k == AccountClass.PAJAK:
        return "pajak", "pajak"
    if k == AccountClass.ASET:
        if tags & {"pinjaman_anggota", "pinjaman_non_anggota"}:
            return "pinjaman_kembali", "pinjaman_disalurkan"
        for tag, key in (("atmr20", "deposito"), ("atmr100", "penyertaan"), ("aktiva_tetap", "aset_tetap")):
            if tag in tags:
                return key, key
        return "operasi_lain", "operasi_lain"
    if k == AccountClass.LIABILITAS:
        if savings_kind:
            return "simpanan_masuk", "simpanan_keluar"
        if tags & set(DANA_TAGS):
            return "dana_shu", "dana_shu"
        if "shu_payable" in tags:
            return "shu_dibayar", "shu_dibayar"
        if "kewajiban_lancar" in tags:
            return "operasi_lain", "operasi_lain"
        return "pinjaman_diterima", "pinjaman_diterima"
    # equity
    if savings_kind or tags & {"sp", "sw"}:
        return "simpanan_modal_masuk", "simpanan_modal_keluar"
    if tags & SHU_EQUITY_TAGS:
        return "shu_dibayar", "shu_dibayar"
    return "modal_lain", "modal_lain"


@dataclass(frozen=True, slots=True)
class CashFlowLine:
    key: str
    label: str
    amount: int              # + cash in, - cash out
    prior: int = 0


@dataclass(frozen=True, slots=True)
class CashFlowSection:
    key: str
    label: str
    lines: tuple[CashFlowLine, ...]

    @property
    def total(self) -> int:
        return sum(x.amount for x in self.lines)

    @property
    def prior_total(self) -> int:
        return sum(x.prior for x in self.lines)


@dataclass(frozen=True, slots=True)
class CashFlowStatement:
    """Laporan Arus Kas, direct method. ``opening`` + every section = ``closing`` = Kas + Bank in the ledger."""

    period: Period
    prior_period: Period | None
    sections: tuple[CashFlowSection, ...]
    opening: int
    closing: int
    prior_opening: int = 0
    prior_closing: int = 0
    cash_accounts: tuple[AccountAmount, ...] = ()    # each cash/bank account at the end (and the prior end)

    @property
    def net_change(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def prior_net_change(self) -> int:
        return sum(s.prior_total for s in self.sections)

    @property
    def ties(self) -> bool:
        ok = self.opening + self.net_change == self.closing
        if self.prior_period is not None:
            ok = ok and self.prior_opening + self.prior_net_change == self.prior_closing
        return ok

    def section(self, key: str) -> CashFlowSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def line(self, key: str) -> CashFlowLine | None:
        for s in self.sections:
            for x in s.lines:
                if x.key == key:
                    return x
        return None

    def rows(self) -> tuple[StatementRow, ...]:
        p = self.prior_period is not None
        out = []
        for s in self.sections:
            out.append(StatementRow(s.label, None, None, RowKind.HEADING, 0, f"judul_{s.key}"))
            out += [StatementRow(x.label, x.amount, x.prior if p else None, RowKind.LINE, 1, x.key) for x in s.lines]
            out.append(StatementRow(f"Kas bersih dari aktivitas {s.key}" if s.key != CfSection.SALDO_AWAL
                                    else "Jumlah saldo awal yang dibukukan", s.total, s.prior_total if p else None,
                                    RowKind.SUBTOTAL, 0, f"jumlah_{s.key}"))
        out += [StatementRow("Kenaikan (penurunan) bersih kas dan bank", self.net_change,
                             self.prior_net_change if p else None, RowKind.SUBTOTAL, 0, "kenaikan_kas"),
                StatementRow("Kas dan bank awal periode", self.opening, self.prior_opening if p else None,
                             RowKind.LINE, 0, "kas_awal"),
                StatementRow("KAS DAN BANK AKHIR PERIODE", self.closing, self.prior_closing if p else None,
                             RowKind.TOTAL, 0, "kas_akhir")]
        return tuple(out)


def cash_flow_amounts(accounts: Mapping[int, Account], counters: Mapping[int, tuple[int, int]],
                      savings_kinds: Mapping[int, str] | None = None) -> dict[str, int]:
    """Line key -> amount, from the counter lines of cash journals: account_id -> (debit, credit)."""
    kinds = savings_kinds or {}
    out: dict[str, int] = {}
    for aid, (d, c) in counters.items():
        key_in, key_out = cash_flow_keys(accounts[aid], kinds.get(aid))
        if key_in == key_out:
            out[key_in] = out.get(key_in, 0) + c - d
        else:
            out[key_in] = out.get(key_in, 0) + c
            out[key_out] = out.get(key_out, 0) - d
    return out


def build_cash_flow(period: Period, prior_period: Period | None, now: Mapping[str, int],
                    prior: Mapping[str, int] | None, opening: int, closing: int, prior_opening: int = 0,
                    prior_closing: int = 0, cash_accounts: tuple[AccountAmount, ...] = ()) -> CashFlowStatement:
    prior = prior or {}
    sections = []
    for s in CfSection:
        lines = tuple(CashFlowLine(k, label, now.get(k, 0), prior.get(k, 0)) for k, (sec, label) in CF_LINES.items()
                      if sec == s and (now.get(k, 0) or prior.get(k, 0) or (s == CfSection.OPERASI
                                                                              and k == "pendapatan")))
        if lines or s != CfSection.SALDO_AWAL:
            sections.append(CashFlowSection(s.value, s.label, lines))
    return CashFlowStatement(period, prior_period, tuple(sections), opening, closing, prior_opening, prior_closing,
                             cash_accounts)


# ------------------------------------------------------------------------------------------------ closing entry


def closing_draft(on: dt.date, year_label: str, accounts: Mapping[int, Account],
                  movements: Mapping[int, tuple[int, int]], member_account_id: int, non_member_account_id: int,
                  member_part: int, non_member_part: int, source: str) -> JournalDraft | None:
    """The year-end closing journal (spec §5.4 step 1): every income and expense account with a balance for the
    year is brought to zero, against SHU tahun berjalan - bagian anggota (member part) and - non-anggota. None
    when the year has no income or expense at all."""
    lines = []
    for aid in sorted(movements, key=lambda i: accounts[i].code):
        a = accounts[aid]
        if not a.klass.is_nominal or a.is_group:
            continue
        d, c = movements[aid]
        net = d - c
        if net > 0:
            lines.append(LineDraft(aid, credit=net, memo="Penutupan"))
        elif net < 0:
            lines.append(LineDraft(aid, debit=-net, memo="Penutupan"))
    if not lines:
        return None
    for aid, amount, memo in ((member_account_id, member_part, "SHU bagian anggota"),
                              (non_member_account_id, non_member_part, "SHU non-anggota")):
        if amount > 0:
            lines.append(LineDraft(aid, credit=amount, memo=memo))
        elif amount < 0:
            lines.append(LineDraft(aid, debit=-amount, memo=memo))
    return JournalDraft(on, f"Jurnal penutup {year_label}: pendapatan dan beban ditutup ke SHU tahun berjalan",
                        tuple(lines), series="JU", source=source)


@dataclass(frozen=True, slots=True)
class YearClosing:
    """A year-end closing (tutup buku): a frozen document with its closing journal."""

    id: int
    year: int
    period_start: dt.date
    period_end: dt.date
    journal_id: int | None           # None when the year had no income or expense at all
    journal_number: str | None
    shu: int                         # SHU after tax closed into SHU tahun berjalan
    shu_member: int                  # -> 3-4100 SHU tahun berjalan - bagian anggota
    shu_non_member: int              # -> 3-4200 SHU tahun berjalan - non-anggota
    revenue: int                     # total income of the year (the base of the split)
    non_member_revenue: int
    non_member_rule: str
    non_member_pct: Decimal
    closed_at: str
    closed_by: str
    reopened_at: str | None = None
    reopened_by: str | None = None
    reopen_reason: str | None = None
    reversal_journal_id: int | None = None

    @property
    def current(self) -> bool:
        return self.reopened_at is None


# ------------------------------------------------------------------------------------------------ budget (RAPB)


BUDGET_GROUPS = {**PHU_GROUPS, "neraca": "Pos neraca (target saldo akhir tahun)"}


@dataclass(frozen=True, slots=True)
class BudgetLine:
    account_code: str
    account_name: str
    group: str                   # a PHU group key, or "neraca"
    budget: int
    actual: int

    @property
    def variance(self) -> int:
        """Actual minus budget."""
        return self.actual - self.budget

    @property
    def percent(self) -> Decimal | None:
        """Realisation: actual as % of budget (2 decimals); None without a budget."""
        if not self.budget:
            return None
        return (Decimal(self.actual) * HUNDRED / self.budget).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def favourable(self) -> bool | None:
        """Income at or above budget, an expense at or below it; None for balance-sheet targets."""
        if self.group == "neraca":
            return None
        if self.group in INCOME_GROUPS:
            return self.actual >= self.budget
        return self.actual <= self.budget


@dataclass(frozen=True, slots=True)
class BudgetGroup:
    key: str
    label: str
    lines: tuple[BudgetLine, ...]

    @property
    def budget(self) -> int:
        return sum(x.budget for x in self.lines)

    @property
    def actual(self) -> int:
        return sum(x.actual for x in self.lines)

    @property
    def variance(self) -> int:
        return self.actual - self.budget

    @property
    def percent(self) -> Decimal | None:
        if not self.budget:
            return None
        return (Decimal(self.actual) * HUNDRED / self.budget).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class BudgetVsActual:
    """RAPB against the realisation for a financial year (to a date)."""

    fiscal_year: int
    period: Period
    through: dt.date
    groups: tuple[BudgetGroup, ...]
    shu_budget: int              # budgeted income minus budgeted expenses
    shu_actual: int              # SHU after tax realised to ``through``

    def group(self, key: str) -> BudgetGroup | None:
        return next((g for g in self.groups if g.key == key), None)

    @property
    def shu_variance(self) -> int:
        return self.shu_actual - self.shu_budget


def budget_group(a: Account) -> str:
    return phu_group(a) if a.klass.is_nominal else "neraca"


def shu_of_budget(lines: Iterable[BudgetLine]) -> int:
    out = 0
    for x in lines:
        if x.group in INCOME_GROUPS:
            out += x.budget
        elif x.group != "neraca":
            out -= x.budget
    return out


@dataclass(frozen=True, slots=True)
class Budget:
    fiscal_year: int
    lines: tuple[tuple[str, str, int], ...] = field(default=())   # (account code, name, amount) by code

    @property
    def total(self) -> int:
        return sum(x[2] for x in self.lines)
