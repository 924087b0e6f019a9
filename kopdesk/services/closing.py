"""Month-end (tutup bulan) and year-end closing (tutup buku), spec §5.4.

Month-end, one transaction: the month's jasa on savings products with a rate (skipped when already posted), the
PPAP adjustment (skipped when already posted), then the month is locked. Refused, with every reason at once, when
the month has not ended, is already closed, an earlier month with journals is still open, or the books fail their
checks (journals balanced, savings and loans reconcile with the ledger).

Year-end, one transaction: the checks first (all problems at once), then optionally the month-end of every month
still open, then the closing journal dated the financial year's last day (every income and expense account closed
into SHU tahun berjalan, split member / non-member by the PHU rule), and the year locked. Locks already covering the
last day (December's month-end, or months of the next year closed before the audit finished) are lifted and put
back inside the same transaction, so the period is never open to anything else. Open loan applications do not
block a closing (they are not in the ledger); they are listed as warnings. Reopening (admin only, with a reason,
audited) posts the linked reversal of the closing journal and lifts the locks from the year's end; it is refused
once the year's SHU distribution is approved or posted, or a later year is closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import NotFound, ValidationError
from kopdesk.domain.ledger import reversal_of
from kopdesk.domain.loans import LoanStatus
from kopdesk.domain.statements import (
    IncomeStatement,
    Period,
    YearClosing,
    closing_draft,
    month_end,
    months_between,
)
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import month_year, rupiah
from kopdesk.services import collectibility, ledger, savings, statements
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.collectibility import PpapRun
from kopdesk.services.savings import JasaRun
from kopdesk.services.workspace import Workspace
from kopdesk.store import closing as store
from kopdesk.store import ledger as ledger_store
from kopdesk.store import loans as loans_store
from kopdesk.store import members as members_store
from kopdesk.store import shu as shu_store

DAY = dt.timedelta(days=1)

# ------------------------------------------------------------------------------------------------ checks


def closing_checks(ws: Workspace) -> list[str]:
    """What must hold before a period is closed, every problem at once (Indonesian): every journal balanced,
    each savings account equal to its members' balances, each loan receivable equal to the loans' principal."""
    problems = []
    for number, d, c in ledger_store.unbalanced_journals(ws.db)[:20]:
        problems.append(f"Jurnal {number} tidak seimbang atau tidak lengkap (debit {rupiah(d)}, kredit {rupiah(c)}).")
    for r in savings.reconcile(ws):
        if not r.ok:
            problems.append(f"Simpanan {r.product.name}: saldo buku besar {rupiah(r.ledger_balance)} tidak sama "
                            f"dengan jumlah saldo anggota {rupiah(r.members_total)}.")
    for r in collectibility.reconcile(ws):
        if not r.ok:
            problems.append(f"Piutang {r.account_code} {r.account_name}: saldo buku besar {rupiah(r.ledger_balance)} "
                            f"tidak sama dengan jumlah sisa pokok pinjaman {rupiah(r.loans_total)}.")
    return problems


# ------------------------------------------------------------------------------------------------ month-end


@dataclass(frozen=True, slots=True)
class MonthEndPlan:
    """What the month-end would do, and why it cannot (``problems``), without writing anything."""

    year: int
    month: int
    period_end: dt.date
    jasa_to_post: tuple[str, ...]            # savings products whose jasa will be posted
    jasa_done: tuple[str, ...]               # ... already posted for the month (skipped)
    ppap_done: str | None                    # the month's PPAP journal when already posted (skipped)
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class MonthEndResult:
    year: int
    month: int
    period_end: dt.date
    jasa: tuple[JasaRun, ...]                # what was posted per product (empty when nothing to post)
    jasa_skipped: tuple[str, ...]            # products whose jasa was already posted
    ppap: PpapRun | None                     # the PPAP adjustment (adjustment 0: nothing needed)
    ppap_skipped: str | None                 # the journal number when the month's PPAP was already posted
    locked_through: dt.date | None           # the month's end (None inside a year-end, where the year lock follows)
    changes: Changes


@dataclass(frozen=True, slots=True)
class MonthStatus:
    year: int
    month: int
    period_end: dt.date
    closed: bool                             # locked
    jasa_posted: bool                        # every savings product with a rate has the month's jasa
    ppap_journal: str | None


def _jasa_products(ws: Workspace) -> list:
    return [p for p in savings.products(ws) if p.interest_rate > 0 and p.active and not p.kind.locked_while_member]


def _period_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _first_open_month(ws: Workspace, before: dt.date) -> tuple[int, int] | None:
    """The earliest month before ``before`` with a journal that is not locked."""
    d = store.first_journal_after(ws.db, ledger_store.locked_through(ws.db), before)
    return (d.year, d.month) if d else None


def month_end_preview(ws: Workspace, year: int, month: int, *, checks: bool = True,
                      in_order: bool = True) -> MonthEndPlan:
    """What ``close_month`` would do; ``problems`` says why it cannot. ``checks=False`` skips the integrity checks
    and ``in_order=False`` the earlier-months rule (the year-end runs them itself)."""
    if not 1 <= month <= 12:
        raise ValidationError("Bulan harus 1 sampai 12.")
    last = month_end(year, month)
    label = month_year(last)
    problems = []
    if last >= dt.date.today():
        problems.append(f"Bulan {label} belum berakhir; tutup bulan dilakukan sesudah tanggal {last:%d-%m-%Y}.")
    locked = ledger_store.locked_through(ws.db)
    if locked and locked >= last:
        problems.append(f"Bulan {label} sudah ditutup (buku terkunci sampai {locked:%d-%m-%Y}).")
    elif in_order:
        earlier = _first_open_month(ws, dt.date(year, month, 1))
        if earlier:
            problems.append(f"Bulan {month_year(dt.date(*earlier, 1))} belum ditutup; tutup bulan dilakukan "
                            "berurutan, mulai dari bulan itu.")
    period = _period_key(year, month)
    products = _jasa_products(ws)
    done = tuple(p.name for p in products if members_store.jasa_posted(ws.db, p.id, period))
    todo = tuple(p.name for p in products if p.name not in done)
    if done and todo:
        problems.append(f"Jasa simpanan {label} baru sebagian dibukukan ({', '.join(done)}); bukukan jasa "
                        f"{', '.join(todo)} lebih dulu di menu Jasa Simpanan, atau batalkan jurnal jasa yang sudah "
                        "ada.")
    if checks:
        problems += closing_checks(ws)
    return MonthEndPlan(year, month, last, todo, done, collectibility.ppap_posted(ws, year, month), tuple(problems))


def _month_end_steps(ws: Workspace, year: int, month: int, by: User, *, lock: bool) -> MonthEndResult:
    """Inside the caller's transaction: the month's jasa and PPAP (each skipped when already posted), then the
    lock."""
    last = month_end(year, month)
    period = _period_key(year, month)
    products = _jasa_products(ws)
    done = tuple(p.name for p in products if members_store.jasa_posted(ws.db, p.id, period))
    runs: tuple[JasaRun, ...] = ()
    changes = Changes()
    if products and not done:
        result = savings.post_monthly_jasa(ws, year, month, by)
        runs, changes = result.runs, changes | result.changes
    ppap_done = collectibility.ppap_posted(ws, year, month)
    ppap = None
    if not ppap_done:
        ppap = collectibility.post_ppap_month_end(ws, year, month, by)
        changes = changes | ppap.changes
    if lock:
        changes = changes | ledger.lock_period(ws, last, by, kind="bulan")
    return MonthEndResult(year, month, last, runs, done, ppap, ppap_done, last if lock else None, changes)


def close_month(ws: Workspace, year: int, month: int, by: User) -> MonthEndResult:
    """Tutup bulan: savings jasa (when a product has a rate and it is not yet posted), the PPAP adjustment (when not
    yet posted) and the lock, all in one transaction. Refused, with every reason, when the month has not ended, is
    already closed, an earlier month is open, or the books fail their checks."""
    require(by, Perm.POST)
    require(by, Perm.PERIODS)
    plan = month_end_preview(ws, year, month)
    if plan.problems:
        raise ValidationError(list(plan.problems))
    with ws.db.atomic():
        result = _month_end_steps(ws, year, month, by, lock=True)
        audit(ws.db, by, "tutup_bulan", "periode", _period_key(year, month),
              {"jasa": [r.journal_number for r in result.jasa if r.journal_number],
               "ppap": result.ppap.journal_number if result.ppap else result.ppap_skipped,
               "sampai": result.period_end.isoformat()})
    return replace(result, changes=result.changes | Changes(periods=True))


def months_status(ws: Workspace, year: int) -> tuple[MonthStatus, ...]:
    """Each month of the financial year: closed or not, jasa and PPAP posted or not (for the year-end wizard)."""
    p = statements.fiscal_year(ws, year)
    locked = ledger_store.locked_through(ws.db)
    products = _jasa_products(ws)
    out = []
    for y, m in months_between(p.start, p.end):
        period = _period_key(y, m)
        out.append(MonthStatus(y, m, month_end(y, m), bool(locked and locked >= month_end(y, m)),
                               all(members_store.jasa_posted(ws.db, x.id, period) for x in products),
                               collectibility.ppap_posted(ws, y, m)))
    return tuple(out)


# ------------------------------------------------------------------------------------------------ year-end


@dataclass(frozen=True, slots=True)
class ClosingLine:
    account_code: str
    account_name: str
    debit: int
    credit: int


@dataclass(frozen=True, slots=True)
class ClosingPreview:
    """The year-end closing as it would be posted, and every reason it cannot be (nothing is written)."""

    year: int
    period: Period
    problems: tuple[str, ...]
    warnings: tuple[str, ...]                 # e.g. loan applications still open (they do not block)
    open_months: tuple[tuple[int, int], ...]  # months not yet closed by month-end
    income_statement: IncomeStatement
    lines: tuple[ClosingLine, ...]            # the closing journal
    shu: int
    shu_member: int
    shu_non_member: int

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class ClosingResult:
    closing: YearClosing
    months_closed: tuple[MonthEndResult, ...]
    relocked: tuple[dt.date, ...]             # locks after the year's end that were lifted and put back
    changes: Changes


@dataclass(frozen=True, slots=True)
class ReopenResult:
    closing: YearClosing                      # as reopened
    reversal_number: str | None
    unlocked: tuple[dt.date, ...]             # the locks lifted (the year's and any after it)
    locked_through: dt.date | None
    changes: Changes


def get_closing(ws: Workspace, year: int) -> YearClosing | None:
    """The year's closing in force (None when the year is not closed)."""
    return store.current_closing(ws.db, year)


def closings(ws: Workspace, *, include_reopened: bool = False) -> list[YearClosing]:
    return store.closings(ws.db, include_reopened=include_reopened)


def is_closed(ws: Workspace, year: int) -> bool:
    return store.current_closing(ws.db, year) is not None


def _source(year: int) -> str:
    return f"{store.CLOSING_SOURCE}{year}"


def _open_months(ws: Workspace, first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    locked = ledger_store.locked_through(ws.db)
    start = first
    earliest = store.first_journal_after(ws.db, locked, first)
    if earliest:
        start = dt.date(earliest.year, earliest.month, 1)
    return [(y, m) for y, m in months_between(start, last) if not (locked and locked >= month_end(y, m))]


def closing_preview(ws: Workspace, year: int, *, close_open_months: bool = False) -> ClosingPreview:
    """Everything the year-end closing checks and would post, without writing."""
    p = statements.fiscal_year(ws, year)
    problems, warnings = [], []
    if p.end >= dt.date.today():
        problems.append(f"Tahun buku {year} belum berakhir; tutup buku dilakukan sesudah tanggal {p.end:%d-%m-%Y}.")
    done = store.current_closing(ws.db, year)
    if done:
        problems.append(f"Tahun buku {year} sudah ditutup ({done.journal_number or 'tanpa jurnal'}).")
    sums = statements.Sums(ws, [p.start - DAY, p.end])
    nominal = [a for a in sums.account_list if a.klass.is_nominal and not a.is_group]
    before = sums.cumulative(p.start - DAY)
    if any(before.get(a.id, (0, 0))[0] != before.get(a.id, (0, 0))[1] for a in nominal):
        problems.append(f"Tahun buku sebelumnya belum ditutup: akun pendapatan dan beban masih bersaldo pada "
                        f"{p.start - DAY:%d-%m-%Y}. Tutup tahun buku {year - 1} lebih dulu.")
    open_months = _open_months(ws, p.start, p.end) if not done else []
    if open_months and not close_open_months:
        names = ", ".join(month_year(dt.date(y, m, 1)) for y, m in open_months)
        problems.append(f"Bulan yang belum ditutup (tutup bulan): {names}. Tutup bulan-bulan itu lebih dulu, atau "
                        "pilih menutupnya sekaligus dalam tutup buku.")
    elif open_months:
        for y, m in open_months:
            problems += month_end_preview(ws, y, m, checks=False, in_order=False).problems
    later = [c for c in store.closings(ws.db) if c.year > year]
    if later and not done:
        problems.append(f"Tahun buku {later[0].year} sudah ditutup; buka kembali tahun itu lebih dulu.")
    problems += closing_checks(ws)
    pending = loans_store.count_loans(ws.db, statuses=[LoanStatus.DIAJUKAN.value, LoanStatus.DISETUJUI.value])
    if pending:
        warnings.append(f"{pending} pengajuan pinjaman belum diputuskan atau belum dicairkan; tidak menghalangi "
                        "tutup buku karena belum dibukukan.")
    settings = statements.shu_settings(ws)
    phu = statements.income_from(sums, p, False, settings)
    f = phu.current
    draft = closing_draft(p.end, p.label.lower(), sums.accounts, sums.cumulative(p.end), *_shu_accounts(ws),
                          f.shu_anggota, f.shu_non_anggota, _source(year))
    lines = tuple(ClosingLine(sums.accounts[x.account_id].code, sums.accounts[x.account_id].name, x.debit, x.credit)
                  for x in (draft.lines if draft else ()))
    return ClosingPreview(year, p, tuple(dict.fromkeys(problems)), tuple(warnings), tuple(open_months), phu, lines,
                          f.shu_setelah_pajak, f.shu_anggota, f.shu_non_anggota)


def _shu_accounts(ws: Workspace) -> tuple[int, int]:
    member = non_member = None
    for a in ledger_store.accounts(ws.db).values():
        if a.is_group or not a.active:
            continue
        if "shu_anggota" in a.tags and member is None:
            member = a.id
        if "shu_non_anggota" in a.tags and non_member is None:
            non_member = a.id
    if member is None or non_member is None:
        raise ValidationError("Akun SHU tahun berjalan (tag shu_anggota dan shu_non_anggota, 3-4100 dan 3-4200) "
                              "belum ada di daftar akun.")
    return member, non_member


def _lift_locks(ws: Workspace, from_date: dt.date, reason: str, by: User) -> list[store.Lock]:
    """Inside a transaction: reopen every lock in force ending on or after the date (latest first)."""
    lifted = store.active_locks_from(ws.db, from_date)
    for _ in lifted:
        ledger.reopen_period(ws, reason, by)
    return lifted


def close_year(ws: Workspace, year: int, by: User, *, close_open_months: bool = False) -> ClosingResult:
    """Tutup buku: checks (all at once), the month-end of the months still open (when asked), the closing journal
    dated the year's last day, the year locked, and the frozen closing record, in one transaction."""
    require(by, Perm.POST)
    require(by, Perm.PERIODS)
    preview = closing_preview(ws, year, close_open_months=close_open_months)
    if preview.problems:
        raise ValidationError(list(preview.problems))
    p = preview.period
    with ws.db.atomic():
        months = []
        if close_open_months:
            for y, m in preview.open_months:
                months.append(_month_end_steps(ws, y, m, by, lock=(y, m) != (p.end.year, p.end.month)))
        lifted = _lift_locks(ws, p.end, f"Dibuka sementara untuk jurnal penutup tahun buku {year} (dikunci kembali "
                                        "dalam transaksi yang sama)", by)
        settings = statements.shu_settings(ws)
        sums = statements.Sums(ws, [p.start - DAY, p.end])
        f = statements.income_from(sums, p, False, settings).current
        member_id, non_member_id = _shu_accounts(ws)
        draft = closing_draft(p.end, p.label.lower(), sums.accounts, sums.cumulative(p.end), member_id,
                              non_member_id, f.shu_anggota, f.shu_non_anggota, _source(year))
        posted = ledger.post_in_transaction(ws, draft, by) if draft else None
        ledger.lock_period(ws, p.end, by, kind="tahun")
        relocked = []
        for lock in sorted((x for x in lifted if x.period_end > p.end), key=lambda x: x.period_end):
            ledger.lock_period(ws, lock.period_end, by, kind=lock.kind)
            relocked.append(lock.period_end)
        cid = store.insert_closing(ws.db, year=year, start=p.start, end=p.end,
                                   journal_id=posted.journal_id if posted else None, shu=f.shu_setelah_pajak,
                                   shu_member=f.shu_anggota, shu_non_member=f.shu_non_anggota,
                                   revenue=f.total_pendapatan, non_member_revenue=f.pendapatan_non_anggota,
                                   rule=settings.non_member_rule.value, pct=settings.non_member_pct, now=now_iso(),
                                   user_id=by.id)
        audit(ws.db, by, "tutup_buku", "tutup_buku", cid,
              {"tahun": year, "jurnal": posted.number if posted else None, "shu": f.shu_setelah_pajak,
               "shu_anggota": f.shu_anggota, "shu_non_anggota": f.shu_non_anggota,
               "bulan_ditutup": [_period_key(y, m) for y, m in preview.open_months] if close_open_months else []})
    changes = Changes(ledger=True, periods=True)
    for x in months:
        changes = changes | x.changes
    return ClosingResult(store.current_closing(ws.db, year), tuple(months), tuple(relocked), changes)


def reopen_year(ws: Workspace, year: int, reason: str, by: User) -> ReopenResult:
    """Buka kembali tahun buku (admin only, with a reason, audited): the closing is marked reopened, the locks from
    the year's end are lifted, and the linked reversal of the closing journal is posted on the year's last day, in
    one transaction. Refused once the year's SHU distribution is approved or posted, or a later year is closed.
    (A closed year's lock cannot be lifted any other way: a trigger refuses it.)"""
    require(by, Perm.PERIODS)
    closing = store.current_closing(ws.db, year)
    problems = []
    if not reason.strip():
        problems.append("Alasan membuka kembali tahun buku wajib diisi.")
    if closing is None:
        raise NotFound(f"Tahun buku {year} belum ditutup.")
    dist = shu_store.distribution(ws.db, year)
    if dist and dist.journal_id:
        problems.append(f"SHU tahun buku {year} sudah dibukukan ({dist.journal_number}); tahun buku itu tidak bisa "
                        "dibuka kembali.")
    elif dist:
        problems.append(f"Pembagian SHU tahun buku {year} sudah disetujui; batalkan persetujuannya lebih dulu.")
    later = [c.year for c in store.closings(ws.db) if c.year > year]
    if later:
        problems.append(f"Tahun buku {later[0]} sudah ditutup; buka kembali tahun itu lebih dulu.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.mark_closing_reopened(ws.db, closing.id, now=now_iso(), user_id=by.id, reason=reason.strip(),
                                    reversal_journal_id=None)
        lifted = _lift_locks(ws, closing.period_end, f"Buka kembali tahun buku {year}: {reason.strip()}", by)
        number = None
        if closing.journal_id:
            journal = ledger_store.journal(ws.db, closing.journal_id)
            draft = replace(reversal_of(journal, closing.period_end, f"buka kembali tahun buku {year}: "
                                                                     f"{reason.strip()}"),
                            source=f"{_source(year)}:batal")
            number = ledger.post_in_transaction(ws, draft, by).number
        audit(ws.db, by, "buka_tutup_buku", "tutup_buku", closing.id,
              {"tahun": year, "alasan": reason.strip(), "pembalik": number,
               "kunci_dibuka": [x.period_end.isoformat() for x in lifted]})
    reopened = next(c for c in store.closings(ws.db, include_reopened=True) if c.id == closing.id)
    return ReopenResult(reopened, number, tuple(x.period_end for x in lifted), ledger_store.locked_through(ws.db),
                        Changes(ledger=True, periods=True))
