"""Everything the RAT report book (buku laporan RAT, spec §3.4) needs for one financial year, read-only: the
cooperative's identity and officials, the membership movement by gender, the activities against the RAPB, the
statements with comparatives, the loan portfolio by collectibility, the SHU and its distribution, the RAPB of the
next year, the RAT meeting of the year (when one exists) and the editable texts.

``default_texts(ws, year)`` writes sensible Indonesian defaults for the text sections from the figures; the texts
the pengurus saved (``services.rat.get_texts``) replace them key by key (``texts(ws, year)``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kopdesk import fmt
from kopdesk.domain.coop import COOP_TYPES, CoopProfile, Official
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.members import GENDERS, MemberStatus
from kopdesk.domain.rat import DEFAULT_AGENDA, DEFAULT_TATA_TERTIB
from kopdesk.domain.statements import INCOME_GROUPS, BudgetVsActual, Period, budget_group
from kopdesk.services import budget, profile, shu, statements
from kopdesk.services.shu import AllocationState, ShuList
from kopdesk.services.statements import FinancialStatements, LoanNote, SavingsNote
from kopdesk.services.workspace import Workspace
from kopdesk.store import ledger as ledger_store
from kopdesk.store import members as members_store

TEXT_KEYS: tuple[str, ...] = ("pendahuluan", "kegiatan_organisasi", "kegiatan_usaha", "masalah", "penutup",
                              "pengawas_ruang_lingkup", "pengawas_temuan", "pengawas_pendapat",
                              "pengawas_rekomendasi", "rencana_kerja")
TEXT_TITLES: dict[str, str] = {
    "pendahuluan": "Pendahuluan",
    "kegiatan_organisasi": "Kegiatan organisasi",
    "kegiatan_usaha": "Kegiatan usaha",
    "masalah": "Masalah yang dihadapi",
    "penutup": "Penutup",
    "pengawas_ruang_lingkup": "Pengawas: ruang lingkup pengawasan",
    "pengawas_temuan": "Pengawas: hasil pengawasan (temuan)",
    "pengawas_pendapat": "Pengawas: pendapat atas laporan keuangan dan LPJ",
    "pengawas_rekomendasi": "Pengawas: saran dan rekomendasi",
    "rencana_kerja": "Rencana kerja tahun berikutnya",
}
MEMBER_STATUSES = tuple(s.value for s in MemberStatus if s != MemberStatus.CALON)


# ------------------------------------------------------------------------------------------------ records


@dataclass(frozen=True, slots=True)
class MembershipLine:
    gender: str                   # "L", "P"
    label: str                    # "Laki-laki", "Perempuan"
    start: int                    # members on the day before the year starts
    joined: int                   # joined during the year
    left: int                     # left during the year (keluar, diberhentikan, meninggal)
    end: int                      # members on the year's last day


@dataclass(frozen=True, slots=True)
class Membership:
    start_date: dt.date           # the day before the financial year
    end_date: dt.date
    lines: tuple[MembershipLine, ...]

    @property
    def start(self) -> int:
        return sum(x.start for x in self.lines)

    @property
    def joined(self) -> int:
        return sum(x.joined for x in self.lines)

    @property
    def left(self) -> int:
        return sum(x.left for x in self.lines)

    @property
    def end(self) -> int:
        return sum(x.end for x in self.lines)

    def of(self, gender: str) -> MembershipLine:
        return next(x for x in self.lines if x.gender == gender)


@dataclass(frozen=True, slots=True)
class LoanActivity:
    disbursed_count: int          # new loans disbursed in the year (restructurings not counted)
    disbursed_amount: int
    borrowers: int                # members who received one of them
    outstanding: int              # principal outstanding at the year's end (the notes' figure)
    prior_outstanding: int | None


@dataclass(frozen=True, slots=True)
class BudgetGroupPlan:
    key: str
    label: str
    lines: tuple[tuple[str, str, int], ...]      # (code, name, amount)

    @property
    def total(self) -> int:
        return sum(x[2] for x in self.lines)


@dataclass(frozen=True, slots=True)
class NextBudget:
    """The RAPB of the next financial year, grouped as in the PHU."""

    year: int
    groups: tuple[BudgetGroupPlan, ...]
    shu: int                      # budgeted income minus budgeted expenses

    @property
    def income(self) -> int:
        return sum(g.total for g in self.groups if g.key in INCOME_GROUPS)

    @property
    def expense(self) -> int:
        return sum(g.total for g in self.groups if g.key not in INCOME_GROUPS and g.key != "neraca")


@dataclass(frozen=True, slots=True)
class MeetingPart:
    """The RAT of the year as recorded (``services.rat``): the meeting, attendance, quorum and decisions."""

    meeting: object               # services.rat Meeting
    attendance: tuple
    quorum: object | None         # services.rat Quorum
    decisions: tuple

    @property
    def held(self) -> bool:
        return getattr(self.meeting, "status", "") == "selesai"


@dataclass(frozen=True, slots=True)
class RatBook:
    year: int
    period: Period
    closed: bool                  # the financial year has been closed (tutup buku)
    profile: CoopProfile
    officials: tuple[Official, ...]          # active officials
    membership: Membership
    statements: FinancialStatements
    loans: LoanNote                          # the statements' note: by collectibility, with PPAP
    prior_loans: LoanNote | None
    loan_activity: LoanActivity
    savings: tuple[SavingsNote, ...]
    realisation: BudgetVsActual | None       # the year's RAPB against the realisation (None: no RAPB set)
    shu_state: AllocationState               # the allocation of the SHU (proposed or approved)
    shu_list: ShuList | None                 # the per-member list (None while the year is not closed)
    next_budget: NextBudget | None
    meeting: MeetingPart | None
    texts: dict[str, str]
    default_agenda: tuple[str, ...]
    default_tata_tertib: str

    @property
    def pengurus(self) -> tuple[Official, ...]:
        return tuple(o for o in self.officials if o.body == "pengurus")

    @property
    def pengawas(self) -> tuple[Official, ...]:
        return tuple(o for o in self.officials if o.body == "pengawas")

    @property
    def shu(self) -> int:
        return self.statements.income_statement.current.shu_setelah_pajak


# ------------------------------------------------------------------------------------------------ pieces


def _rat():
    from kopdesk.services import rat  # imported late: services.rat may use this module's figures

    return rat


def membership(ws: Workspace, year: int) -> Membership:
    """Members at the start and end of the financial year, joined and left during it, by gender."""
    p = statements.fiscal_year(ws, year)
    before = p.start - dt.timedelta(days=1)
    people = members_store.members_joined_by(ws.db, p.end, MEMBER_STATUSES)

    def member_on(m, d: dt.date) -> bool:
        return m.join_date is not None and m.join_date <= d and (m.exit_date is None or m.exit_date > d)

    lines = []
    for g, label in GENDERS.items():
        mine = [m for m in people if m.gender == g]
        lines.append(MembershipLine(
            g, label, sum(member_on(m, before) for m in mine),
            sum(1 for m in mine if m.join_date and p.start <= m.join_date <= p.end),
            sum(1 for m in mine if m.exit_date and p.start <= m.exit_date <= p.end and m.join_date <= p.end),
            sum(member_on(m, p.end) for m in mine)))
    return Membership(before, p.end, tuple(lines))


def members_on(ws: Workspace, on: dt.date) -> list:
    """Every member on ``on`` (joined by then, not a prospective member, not yet left), by member number: the
    blank attendance list."""
    return [m for m in members_store.members_joined_by(ws.db, on, MEMBER_STATUSES)
            if m.exit_date is None or m.exit_date > on]


def loan_activity(ws: Workspace, p: Period, loans: LoanNote, prior: LoanNote | None) -> LoanActivity:
    count, amount, borrowers = ws.db.execute(
        "SELECT count(*), coalesce(sum(amount), 0), count(DISTINCT member_id) FROM loans "
        "WHERE disbursed_on BETWEEN ? AND ? AND restructures_id IS NULL",
        [p.start.isoformat(), p.end.isoformat()]).fetchone()
    return LoanActivity(count, amount, borrowers, loans.outstanding, prior.outstanding if prior else None)


def next_budget(ws: Workspace, year: int) -> NextBudget | None:
    """The RAPB of ``year`` grouped as in the PHU, or None when none has been set."""
    from kopdesk.domain.statements import BUDGET_GROUPS

    b = budget.get_budget(ws, year)
    if not b.lines:
        return None
    groups: dict[str, list[tuple[str, str, int]]] = {k: [] for k in BUDGET_GROUPS}
    for code, name, amount in b.lines:
        a = ledger_store.account_by_code(ws.db, code)
        groups[budget_group(a) if a else "neraca"].append((code, name, amount))
    out = tuple(BudgetGroupPlan(k, BUDGET_GROUPS[k], tuple(v)) for k, v in groups.items() if v)
    shu_ = sum(g.total for g in out if g.key in INCOME_GROUPS) - sum(g.total for g in out
                                                                    if g.key not in INCOME_GROUPS and g.key != "neraca")
    return NextBudget(year, out, shu_)


def meeting_part(ws: Workspace, year: int) -> MeetingPart | None:
    rat = _rat()
    m = rat.rat_for_year(ws, year)
    if m is None:
        return None
    return MeetingPart(m, tuple(rat.attendance(ws, m.id)), rat.quorum(ws, m.id), tuple(rat.decisions(ws, m.id)))


def _defaults_of_domain() -> tuple[tuple[str, ...], str]:
    return tuple(DEFAULT_AGENDA), DEFAULT_TATA_TERTIB


def _realisation(ws: Workspace, year: int, p: Period) -> BudgetVsActual | None:
    if not budget.get_budget(ws, year).lines:
        return None
    return budget.budget_vs_actual(ws, year, through=p.end)


def _shu_list(ws: Workspace, year: int, state: AllocationState) -> ShuList | None:
    if state.status == "belum ditutup" or state.shu <= 0:
        return None
    try:
        return shu.shu_list(ws, year)
    except ValidationError:
        return None


# ------------------------------------------------------------------------------------------------ the book


def rat_book(ws: Workspace, year: int) -> RatBook:
    """The RAT report book's data for financial year ``year``; refused when the year has no books at all."""
    fs = statements.financial_statements(ws, year, comparative=True, with_notes=True)
    bs, phu = fs.balance_sheet, fs.income_statement
    if not bs.total_assets and not bs.total_liabilities and not any(g.amount for g in phu.groups):
        raise ValidationError(f"Tahun buku {year} belum mempunyai data: buku laporan RAT tidak bisa disusun.")
    notes = fs.notes
    assert notes is not None
    p = fs.period
    state = shu.allocation_state(ws, year)
    agenda, tata = _defaults_of_domain()
    data = RatBook(
        year, p, fs.year_closed, profile.get_profile(ws), tuple(profile.list_officials(ws, active_only=True)),
        membership(ws, year), fs, notes.loans, notes.prior_loans,
        loan_activity(ws, p, notes.loans, notes.prior_loans), notes.savings, _realisation(ws, year, p), state,
        _shu_list(ws, year, state), next_budget(ws, year + 1), meeting_part(ws, year), {}, agenda, tata)
    merged = _default_texts(data)
    merged.update(_saved_texts(ws, year))
    return _with_texts(data, merged)


def _with_texts(book: RatBook, texts: dict[str, str]) -> RatBook:
    from dataclasses import replace

    return replace(book, texts=texts)


def _saved_texts(ws: Workspace, year: int) -> dict[str, str]:
    rat = _rat()
    return {k: v for k, v in rat.get_texts(ws, year).items() if k in TEXT_KEYS}


def default_texts(ws: Workspace, year: int) -> dict[str, str]:
    """The generated text of every editable section (key -> text), before anything the pengurus saved."""
    return _default_texts(rat_book(ws, year))


def texts(ws: Workspace, year: int) -> dict[str, str]:
    """The texts the book prints: the saved ones, else the generated defaults."""
    return dict(rat_book(ws, year).texts)


# ------------------------------------------------------------------------------------------------ default texts


def _pct(part: int, whole: int) -> str:
    if not whole:
        return "-"
    return fmt.percent(Decimal(part) * 100 / Decimal(whole), 2)


def _growth(now: int, before: int | None) -> str:
    if before is None or before == 0:
        return ""
    change = Decimal(now - before) * 100 / Decimal(abs(before))
    word = "naik" if change >= 0 else "turun"
    return f"{word} {fmt.percent(abs(change), 2)} dibanding tahun sebelumnya"


def _default_texts(b: RatBook) -> dict[str, str]:
    p, fs = b.profile, b.statements
    name = p.name or "koperasi"
    kind = COOP_TYPES.get(p.coop_type, p.coop_type)
    bs, cur, prior = fs.balance_sheet, fs.income_statement.current, fs.income_statement.prior
    ms = b.membership
    m = b.meeting.meeting if b.meeting else None
    next_year = b.year + 1
    out: dict[str, str] = {}

    out["pendahuluan"] = (
        f"Puji syukur kita panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat-Nya pengurus {name} dapat "
        f"menyampaikan Laporan Pertanggungjawaban Pengurus tahun buku {b.year} kepada Rapat Anggota Tahunan"
        + (f" yang diselenggarakan pada {fmt.day_name(m.held_on)}, {fmt.date_long(m.held_on)}" if m else "")
        + ".\n\n"
        f"Laporan ini disusun sesuai Undang-Undang Nomor 25 Tahun 1992 tentang Perkoperasian (Pasal 35 dan 36) dan "
        f"Anggaran Dasar/Anggaran Rumah Tangga koperasi. Isinya meliputi keadaan organisasi dan keanggotaan, "
        f"kegiatan usaha, laporan keuangan tahun buku {b.year} dengan angka pembanding tahun {b.year - 1}, keadaan "
        f"pinjaman anggota, serta usulan pembagian Sisa Hasil Usaha (SHU).\n\n"
        f"Kami mengucapkan terima kasih kepada seluruh anggota, pengawas, karyawan dan Dinas Koperasi atas "
        f"kepercayaan, dukungan dan pembinaan selama tahun buku {b.year}.")

    net = ms.joined - ms.left
    out["kegiatan_organisasi"] = (
        f"Jumlah anggota pada awal tahun buku {b.year} sebanyak {ms.start} orang. Selama tahun {b.year} bertambah "
        f"{ms.joined} anggota baru dan berkurang {ms.left} anggota yang keluar, sehingga pada "
        f"{fmt.date_long(ms.end_date)} jumlah anggota menjadi {ms.end} orang "
        f"({ms.of('L').end} laki-laki dan {ms.of('P').end} perempuan), "
        + ("bertambah" if net >= 0 else "berkurang") + f" {abs(net)} orang.\n\n"
        f"Pengurus terdiri atas {len(b.pengurus)} orang dan pengawas {len(b.pengawas)} orang. Pengurus "
        f"menyelenggarakan rapat pengurus secara berkala, rapat gabungan dengan pengawas, serta pelayanan anggota "
        f"setiap hari kerja. Rapat Anggota Tahunan tahun buku {b.year - 1} telah diselenggarakan sesuai ketentuan.")

    la = b.loan_activity
    savings_total = sum(s.amount for s in b.savings)
    savings_prior = sum(s.prior for s in b.savings)
    lines = [f"Kegiatan usaha {name} sebagai {kind} selama tahun buku {b.year} adalah sebagai berikut."]
    grow = _growth(savings_total, savings_prior)
    lines.append(f"Simpanan anggota pada akhir tahun berjumlah {fmt.rupiah(savings_total)}"
                 + (f", {grow}" if grow else "") + ".")
    lines.append(f"Selama tahun {b.year} koperasi menyalurkan {la.disbursed_count} pinjaman baru kepada "
                 f"{la.borrowers} anggota sebesar {fmt.rupiah(la.disbursed_amount)}. Saldo pinjaman anggota pada "
                 f"akhir tahun {fmt.rupiah(la.outstanding)}"
                 + (f", {_growth(la.outstanding, la.prior_outstanding)}" if _growth(la.outstanding,
                                                                                    la.prior_outstanding) else "")
                 + ".")
    lines.append(f"Partisipasi bruto anggota {fmt.rupiah(cur.partisipasi_bruto)} dan total pendapatan "
                 f"{fmt.rupiah(cur.total_pendapatan)}. SHU tahun berjalan setelah pajak "
                 f"{fmt.rupiah(cur.shu_setelah_pajak)}"
                 + (f", {_growth(cur.shu_setelah_pajak, prior.shu_setelah_pajak)}"
                    if prior and _growth(cur.shu_setelah_pajak, prior.shu_setelah_pajak) else "") + ".")
    if b.realisation is not None:
        r = b.realisation
        lines.append(f"Dibanding RAPB tahun {b.year}, SHU yang dianggarkan {fmt.rupiah(r.shu_budget)} terealisasi "
                     f"{fmt.rupiah(r.shu_actual)} ({_pct(r.shu_actual, r.shu_budget)}).")
    lines.append(f"Total aset pada {fmt.date_long(bs.as_of)} sebesar {fmt.rupiah(bs.total_assets)}"
                 + (f", {_growth(bs.total_assets, bs.prior_total_assets)}" if bs.prior_as_of else "") + ".")
    out["kegiatan_usaha"] = "\n\n".join(lines)

    problems = []
    problem_loans = sum(c.outstanding for c in b.loans.classes if c.klass.name != "LANCAR")
    if b.loans.outstanding:
        npl = _pct(problem_loans, b.loans.outstanding)
        problems.append(f"Pinjaman bermasalah (kurang lancar, diragukan dan macet) pada akhir tahun "
                        f"{fmt.rupiah(problem_loans)} atau {npl} dari saldo pinjaman. Pengurus terus melakukan "
                        f"penagihan dan pembinaan kepada anggota peminjam.")
    if b.loans.ppap_booked < b.loans.ppap_required:
        problems.append(f"Penyisihan penghapusan pinjaman (PPAP) yang dibukukan {fmt.rupiah(b.loans.ppap_booked)} "
                        f"masih di bawah PPAP wajib {fmt.rupiah(b.loans.ppap_required)}.")
    problems.append("Masih ada anggota yang terlambat menyetor simpanan wajib; pengurus mengingatkan anggota "
                    "melalui pemotongan gaji dan pemberitahuan berkala.")
    out["masalah"] = "\n\n".join(problems)

    out["penutup"] = (
        f"Demikian Laporan Pertanggungjawaban Pengurus tahun buku {b.year} ini kami sampaikan. Kami mohon Rapat "
        f"Anggota Tahunan berkenan menerima dan mengesahkan laporan ini beserta laporan keuangannya, sebagai "
        f"pembebasan tanggung jawab pengurus atas pengelolaan koperasi tahun buku {b.year}.\n\n"
        f"Atas segala kekurangan dalam pengelolaan koperasi, pengurus mohon maaf. Saran dan kritik anggota sangat "
        f"kami harapkan untuk kemajuan {name}.")

    out["pengawas_ruang_lingkup"] = (
        f"Pengawas telah melaksanakan pengawasan atas pelaksanaan kebijakan dan pengelolaan koperasi selama tahun "
        f"buku {b.year}, meliputi: (1) organisasi dan keanggotaan; (2) kegiatan usaha simpan pinjam; (3) keuangan, "
        f"pembukuan dan kas; (4) kepatuhan terhadap AD/ART dan keputusan Rapat Anggota. Pengawasan dilakukan "
        f"melalui pemeriksaan buku dan bukti transaksi, pemeriksaan kas, serta rapat dengan pengurus.")
    findings = [f"Pembukuan tahun buku {b.year} diselenggarakan dengan sistem berpasangan; neraca seimbang "
                f"(total aset {fmt.rupiah(bs.total_assets)} sama dengan jumlah liabilitas dan ekuitas)."]
    if fs.consistent:
        findings.append("Laporan posisi keuangan, perhitungan hasil usaha, perubahan ekuitas dan arus kas saling "
                        "bersesuaian.")
    if b.loans.outstanding:
        findings.append(f"Saldo pinjaman anggota {fmt.rupiah(b.loans.outstanding)}, dengan pinjaman bermasalah "
                        f"{_pct(problem_loans, b.loans.outstanding)} dari saldo.")
    findings.append("Simpanan anggota sesuai dengan saldo buku simpanan masing-masing anggota.")
    out["pengawas_temuan"] = "\n\n".join(findings)
    out["pengawas_pendapat"] = (
        f"Menurut pendapat pengawas, laporan keuangan tahun buku {b.year} menyajikan secara wajar posisi keuangan "
        f"{name} per {fmt.date_long(bs.as_of)} serta hasil usahanya untuk tahun yang berakhir pada tanggal tersebut. "
        f"Pengawas menyarankan Rapat Anggota Tahunan menerima Laporan Pertanggungjawaban Pengurus tahun buku "
        f"{b.year}.")
    out["pengawas_rekomendasi"] = (
        "1. Meningkatkan penagihan pinjaman yang menunggak dan menjaga kolektibilitas pinjaman tetap lancar.\n"
        "2. Meningkatkan disiplin anggota dalam menyetor simpanan wajib.\n"
        "3. Melengkapi dan menertibkan administrasi serta dokumen pinjaman anggota.\n"
        "4. Meningkatkan pendidikan perkoperasian bagi anggota dan pengurus.")

    plan = [f"Rencana kerja pengurus untuk tahun buku {next_year}:",
            "1. Bidang organisasi: menambah anggota baru, menyelenggarakan pendidikan perkoperasian, dan "
            "menyelenggarakan Rapat Anggota Tahunan tepat waktu.",
            "2. Bidang usaha: meningkatkan simpanan anggota, menyalurkan pinjaman secara sehat, dan menekan "
            "pinjaman bermasalah.",
            "3. Bidang keuangan: menjaga likuiditas, membukukan setiap transaksi tepat waktu, dan menyusun laporan "
            "keuangan bulanan."]
    if b.next_budget is not None:
        plan.append(f"Rencana Anggaran Pendapatan dan Belanja (RAPB) tahun {next_year} menargetkan pendapatan "
                    f"{fmt.rupiah(b.next_budget.income)}, beban {fmt.rupiah(b.next_budget.expense)} dan SHU "
                    f"{fmt.rupiah(b.next_budget.shu)}, sebagaimana terlampir.")
    out["rencana_kerja"] = "\n\n".join(plan)
    return out


__all__ = ["TEXT_KEYS", "TEXT_TITLES", "BudgetGroupPlan", "LoanActivity", "MeetingPart", "Membership",
           "MembershipLine", "NextBudget", "RatBook", "default_texts", "loan_activity", "meeting_part", "members_on",
           "membership", "next_budget", "rat_book", "texts"]
