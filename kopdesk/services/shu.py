"""SHU distribution (spec §4, §5.4 steps 2-3), from a CLOSED year's SHU and that year's allocation.

Flow: ``preview`` (no writes: each member's bases, jasa modal, jasa usaha, total) -> ``approve`` (the frozen
distribution, after the RAT decision: ``decision_ref``) -> ``post`` (Dr SHU tahun berjalan 3-4100/3-4200; Cr
cadangan 3-3100, the dana-dana 2-1510..2-1550, SHU bagian anggota belum dibayarkan 2-1600 = the members' shares)
-> ``pay`` (per member or all at once: in cash, Dr 2-1600 / Cr Kas, or credited to simpanan sukarela, Dr 2-1600 /
Cr 2-1100 with a savings row per member). The arithmetic is kopdesk.domain.shu.compute_shu (the same code as the
``kopdesk shu compute`` calculator): the non-member part (frozen in the year's closing) goes to cadangan, the pools
are rounded half-up with their residue to cadangan, each member's JM and JU are rounded to the setting (1, 100,
1000) and what that rounding leaves (``residue``, possibly negative) is booked to dana sosial or cadangan.

Bases (settings, spec §4.3): jasa modal on pokok + wajib at year end (default), optionally the average of the twelve
month-end balances and/or sukarela (and khusus) savings; jasa usaha on jasa paid on loans in the year (default),
optionally jasa + denda + provisi + administrasi, or principal borrowed. Eligibility: members (not prospective
members) who belonged to the cooperative at some time in the year; members who left during the year are included
unless the setting says otherwise (they can only be paid in cash); with ``prorate_joiners`` a member who joined
during the year has the savings basis multiplied by the months (month-ends as a member) / 12.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from decimal import Decimal

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import NotFound, ValidationError
from kopdesk.domain.ledger import JournalDraft, LineDraft, reversal_of
from kopdesk.domain.members import MemberStatus
from kopdesk.domain.money import dec, round_rupiah
from kopdesk.domain.savings import SavingsKind, TxKind
from kopdesk.domain.shu import JASA_MODAL, JASA_USAHA, ShuInput, ShuMember, ShuResult, compute_shu
from kopdesk.domain.statements import (
    POOL_LABELS,
    POOL_TAGS,
    ResidueTarget,
    SavingsBasis,
    ShuSettings,
    TransactionsBasis,
    allocation_problems,
    months_as_member,
    months_between,
    shu_settings_problems,
)
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import rupiah
from kopdesk.services import ledger, statements
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.statements import AllocationNote
from kopdesk.services.workspace import Workspace
from kopdesk.store import admin as admin_store
from kopdesk.store import closing as closing_store
from kopdesk.store import ledger as ledger_store
from kopdesk.store import members as members_store
from kopdesk.store import shu as store

SOURCE = closing_store.SHU_SOURCE               # shu:2025
PAY_SOURCE = "shu_bayar:"                       # shu_bayar:2025

# ------------------------------------------------------------------------------------------------ settings


def get_settings(ws: Workspace) -> ShuSettings:
    return statements.shu_settings(ws)


def _settings_raw(s: ShuSettings) -> dict:
    raw = asdict(s)
    raw["non_member_pct"] = str(s.non_member_pct)       # Decimal as text, never float
    raw["savings_kinds"] = list(s.savings_kinds)
    for k in ("non_member_rule", "savings_basis", "transactions_basis", "residue_to"):
        raw[k] = getattr(s, k).value
    return raw


def save_settings(ws: Workspace, s: ShuSettings, by: User) -> Changes:
    """The SHU split rule and distribution bases, rounding, residue and eligibility (spec §4.3)."""
    require(by, Perm.PROFILE)
    s = ShuSettings(**{**asdict(s), "non_member_pct": dec(s.non_member_pct), "savings_kinds": tuple(s.savings_kinds)})
    problems = shu_settings_problems(s)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        admin_store.set_setting(ws.db, statements.SHU_SETTINGS_KEY, _settings_raw(s))
        audit(ws.db, by, "ubah_pengaturan_shu", "pengaturan", "shu", _settings_raw(s))
    return Changes(settings=True)


# ------------------------------------------------------------------------------------------------ allocation


@dataclass(frozen=True, slots=True)
class ShuAllocation:
    year: int
    percentages: dict[str, Decimal]      # pool -> % of SHU after tax, in display order
    from_adart: bool                     # not set for the year: the AD/ART default

    @property
    def total(self) -> Decimal:
        return sum(self.percentages.values(), Decimal(0))


def _ordered(values: Mapping[str, Decimal]) -> dict[str, Decimal]:
    keys = [k for k in POOL_LABELS if k in values] + [k for k in values if k not in POOL_LABELS]
    return {k: dec(values[k]) for k in keys}


def get_allocation(ws: Workspace, year: int) -> ShuAllocation:
    """The year's allocation: as set for the year, else the AD/ART's."""
    stored = store.allocation(ws.db, year)
    if stored is not None:
        return ShuAllocation(year, _ordered(stored), False)
    return ShuAllocation(year, _ordered(admin_store.load_adart(ws.db).shu_allocation), True)


def set_allocation(ws: Workspace, year: int, allocation: Mapping[str, Decimal | int | str], by: User) -> Changes:
    """Set the year's allocation (confirmed by the RAT); it must total 100 %. Refused once the year's
    distribution is approved."""
    require(by, Perm.PROFILE)
    try:
        values = {k.strip(): dec(v) for k, v in allocation.items() if dec(v) != 0}
    except (TypeError, ValueError, ArithmeticError):
        raise ValidationError("Persentase pembagian SHU harus angka.") from None
    problems = allocation_problems(values)
    if store.distribution(ws.db, year):
        problems.append(f"Pembagian SHU tahun buku {year} sudah disetujui; alokasinya tidak bisa diubah lagi.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.save_allocation(ws.db, year, _ordered(values), now_iso(), by.id)
        audit(ws.db, by, "alokasi_shu", "shu", year, {k: str(v) for k, v in values.items()})
    return Changes(settings=True)


# ------------------------------------------------------------------------------------------------ records


@dataclass(frozen=True, slots=True)
class ShuPool:
    key: str                             # cadangan, jasa_modal, jasa_usaha, dana_pengurus, ...
    label: str
    percent: Decimal
    amount: int
    account_code: str                    # where the posting credits it ("" when no account carries its tag)
    account_name: str


@dataclass(frozen=True, slots=True)
class ShuRow:
    """One member of the SHU list."""

    member_id: int
    number: str
    name: str
    months: int                          # month-ends of the year as a member
    savings: int                         # the jasa modal basis
    transactions: int                    # the jasa usaha basis
    jasa_modal: int
    jasa_usaha: int
    paid_method: str | None = None       # "tunai" | "sukarela" once paid
    paid_on: dt.date | None = None
    paid_journal: str | None = None
    reversed_count: int = 0              # payments of this share that were reversed (batal bayar)

    @property
    def total(self) -> int:
        return self.jasa_modal + self.jasa_usaha

    @property
    def paid(self) -> bool:
        return self.paid_on is not None

    @property
    def paid_state(self) -> str:
        """"tunai" | "sukarela" (paid), "dibatalkan" (its payment was reversed and it is unpaid again), ""."""
        if self.paid:
            return self.paid_method or ""
        return "dibatalkan" if self.reversed_count else ""


@dataclass(frozen=True, slots=True)
class ShuList:
    """The SHU distribution of a year, member by member: the preview, or the approved (frozen) distribution."""

    year: int
    status: str                          # "pratinjau", "disetujui", "dibukukan"
    shu: int                             # SHU after tax of the closed year
    shu_member: int
    shu_non_member: int
    pools: tuple[ShuPool, ...]
    rate_jasa_modal: Decimal             # rupiah of JM per rupiah of savings basis (exact)
    rate_jasa_usaha: Decimal
    total_savings: int
    total_transactions: int
    residue: int                         # member pools minus the rounded shares; booked per ``settings.residue_to``
    settings: ShuSettings
    rows: tuple[ShuRow, ...]
    decision_ref: str = ""
    approved_at: str | None = None
    approved_by: str | None = None
    journal_number: str | None = None
    posted_on: dt.date | None = None

    @property
    def total_jasa_modal(self) -> int:
        return sum(r.jasa_modal for r in self.rows)

    @property
    def total_jasa_usaha(self) -> int:
        return sum(r.jasa_usaha for r in self.rows)

    @property
    def total_shares(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def total_paid(self) -> int:
        return sum(r.total for r in self.rows if r.paid)

    @property
    def total_unpaid(self) -> int:
        return self.total_shares - self.total_paid

    def pool(self, key: str) -> int:
        return next((p.amount for p in self.pools if p.key == key), 0)

    def row(self, member_id: int) -> ShuRow | None:
        return next((r for r in self.rows if r.member_id == member_id), None)


@dataclass(frozen=True, slots=True)
class ShuSlip:
    """One member's SHU slip (slip SHU): the bases, the rates, the shares and how it was paid."""

    year: int
    status: str
    member_id: int
    number: str
    name: str
    months: int
    savings: int
    savings_basis: str                   # e.g. "Saldo akhir tahun buku: simpanan pokok + simpanan wajib"
    rate_jasa_modal: Decimal
    jasa_modal: int
    transactions: int
    transactions_basis: str
    rate_jasa_usaha: Decimal
    jasa_usaha: int
    pool_jasa_modal: int
    pool_jasa_usaha: int
    shu: int
    decision_ref: str
    paid_method: str | None
    paid_on: dt.date | None
    paid_journal: str | None
    payouts: tuple[store.PayoutRow, ...] = ()    # every payment of the share, reversed ones too

    @property
    def total(self) -> int:
        return self.jasa_modal + self.jasa_usaha

    @property
    def reversed_payouts(self) -> tuple[store.PayoutRow, ...]:
        return tuple(p for p in self.payouts if p.reversed)


@dataclass(frozen=True, slots=True)
class ShuApproved:
    shu_list: ShuList                    # the frozen distribution, status "disetujui"
    changes: Changes


@dataclass(frozen=True, slots=True)
class ShuPosted:
    year: int
    journal_id: int
    journal_number: str
    changes: Changes


@dataclass(frozen=True, slots=True)
class ShuPayout:
    year: int
    method: str
    members: int
    total: int
    journal_id: int
    journal_number: str
    changes: Changes


# ------------------------------------------------------------------------------------------------ computing


def _pool_accounts(ws: Workspace) -> dict[str, tuple[int, str, str]]:
    """pool -> (account id, code, name): the first active postable account carrying the pool's tag."""
    out: dict[str, tuple[int, str, str]] = {}
    accounts = [a for a in ledger_store.accounts(ws.db).values() if a.active and not a.is_group]
    for pool, tag in POOL_TAGS.items():
        a = next((x for x in accounts if tag in x.tags), None)
        if a:
            out[pool] = (a.id, a.code, a.name)
    return out


def _basis_label(s: ShuSettings) -> str:
    kinds = " + ".join(SavingsKind(k).label.lower() for k in s.savings_kinds)
    return f"{s.savings_basis.label}: {kinds}"


@dataclass(frozen=True, slots=True)
class _Computed:
    closing_id: int
    shu: int
    shu_non_member: int
    allocation: dict[str, Decimal]
    settings: ShuSettings
    members: tuple[tuple[int, str, str, int], ...]     # (member_id, number, name, months)
    result: ShuResult


def _compute(ws: Workspace, year: int, settings: ShuSettings | None = None,
             allocation: Mapping[str, Decimal] | None = None) -> _Computed:
    settings = settings or get_settings(ws)
    problems: list[str] = []
    closing = closing_store.current_closing(ws.db, year)
    alloc = _ordered(allocation) if allocation is not None else get_allocation(ws, year).percentages
    if closing is None:
        problems.append(f"Tahun buku {year} belum ditutup; SHU dibagi dari tahun buku yang sudah ditutup (tutup "
                        "buku).")
    elif closing.shu <= 0:
        problems.append(f"SHU tahun buku {year} {rupiah(closing.shu)}: tidak ada SHU untuk dibagikan.")
    problems += allocation_problems(alloc)
    problems += shu_settings_problems(settings)
    accounts = _pool_accounts(ws)
    missing = [k for k, v in alloc.items() if v and k in POOL_TAGS and k not in accounts]
    if missing:
        names = ", ".join(f"{POOL_LABELS.get(k, k)} (tag {POOL_TAGS[k]})" for k in missing)
        problems.append(f"Belum ada akun untuk pos pembagian SHU: {names}.")
    p = statements.fiscal_year(ws, year)
    members = store.members_for_year(ws.db, p.start, p.end)
    if not settings.include_leavers:
        members = [m for m in members if not (m.exit_date and m.exit_date <= p.end)]
    kinds = set(settings.savings_kinds)
    product_ids = [x.id for x in members_store.products(ws.db) if x.kind.value in kinds]
    if settings.savings_basis == SavingsBasis.AKHIR_TAHUN:
        saved = store.savings_at(ws.db, product_ids, p.end)
    else:
        saved = {m: round_rupiah(Decimal(sum(v)) / len(v)) for m, v in
                 store.savings_month_ends(ws.db, product_ids, p.start, p.end).items()}
    business = store.loan_business(ws.db, p.start, p.end)

    def transactions(mid: int) -> int:
        jasa, denda, fees, principal = business.get(mid, (0, 0, 0, 0))
        if settings.transactions_basis == TransactionsBasis.JASA_PINJAMAN:
            return jasa
        if settings.transactions_basis == TransactionsBasis.PARTISIPASI:
            return jasa + denda + fees
        return principal

    full = len(months_between(p.start, p.end))
    rows, shu_members = [], []
    for m in members:
        months = months_as_member(m.join_date, m.exit_date, p.start, p.end)
        s = max(saved.get(m.id, 0), 0)
        if settings.prorate_joiners and m.join_date and m.join_date > p.start and months < full:
            s = round_rupiah(Decimal(s) * months / full)
        rows.append((m.id, m.number, m.name, months))
        shu_members.append(ShuMember(str(m.id), m.name, s, max(transactions(m.id), 0)))
    if closing is not None and closing.shu > 0 and not allocation_problems(alloc):
        member_part = closing.shu - closing.shu_non_member
        for key, label, total in ((JASA_MODAL, "jasa modal", sum(x.savings for x in shu_members)),
                                  (JASA_USAHA, "jasa usaha", sum(x.transactions for x in shu_members))):
            if alloc.get(key) and round_rupiah(Decimal(member_part) * alloc[key] / 100) and not total:
                basis = _basis_label(settings) if key == JASA_MODAL else settings.transactions_basis.label
                problems.append(f"Dasar {label} ({basis.lower()}) berjumlah nol untuk semua anggota, padahal pos "
                                f"{label} tidak nol; periksa pengaturan dasar pembagian SHU.")
    if problems:
        raise ValidationError(problems)
    result = compute_shu(ShuInput(closing.shu, alloc, shu_members, non_member=closing.shu_non_member,
                                  rounding=settings.rounding))
    return _Computed(closing.id, closing.shu, closing.shu_non_member, alloc, settings, tuple(rows), result)


def _pools(alloc: Mapping[str, Decimal], amounts: Mapping[str, int], accounts) -> tuple[ShuPool, ...]:
    keys = list(dict.fromkeys([*alloc, *amounts]))
    return tuple(ShuPool(k, POOL_LABELS.get(k, k), alloc.get(k, Decimal(0)), amounts.get(k, 0),
                         *(accounts[k][1:] if k in accounts else ("", ""))) for k in keys)


def preview(ws: Workspace, year: int) -> ShuList:
    """The distribution as it would be approved, member by member, without writing anything. Refused (every
    reason at once) when the year is not closed, its SHU is not positive, the allocation does not total 100 %,
    or a basis totals zero while its pool does not."""
    c = _compute(ws, year)
    r = c.result
    closing = closing_store.current_closing(ws.db, year)
    rows = tuple(ShuRow(mid, number, name, months, s.member.savings, s.member.transactions, s.jasa_modal,
                        s.jasa_usaha) for (mid, number, name, months), s in zip(c.members, r.shares, strict=True))
    return ShuList(year, "pratinjau", c.shu, closing.shu_member, c.shu_non_member,
                   _pools(c.allocation, r.pools, _pool_accounts(ws)), r.rate_jasa_modal, r.rate_jasa_usaha,
                   sum(x.savings for x in rows), sum(x.transactions for x in rows), r.rounding_residue, c.settings,
                   rows)


def approve(ws: Workspace, year: int, by: User, decision_ref: str = "") -> ShuApproved:
    """Approve the distribution (after the RAT decision; ``decision_ref`` cites it): the computed list is stored as
    a frozen document. Nothing is posted yet."""
    require(by, Perm.PERIODS)
    if store.distribution(ws.db, year):
        raise ValidationError(f"Pembagian SHU tahun buku {year} sudah disetujui.")
    with ws.db.atomic():
        c = _compute(ws, year)
        r = c.result
        did = store.insert_distribution(
            ws.db, year=year, closing_id=c.closing_id, shu=c.shu, shu_non_member=c.shu_non_member,
            allocation=c.allocation, settings=_settings_raw(c.settings), pools=r.pools, rate_jm=r.rate_jasa_modal,
            rate_ju=r.rate_jasa_usaha, total_savings=sum(s.member.savings for s in r.shares),
            total_transactions=sum(s.member.transactions for s in r.shares), total_shares=r.total_distributed,
            residue=r.rounding_residue, decision_ref=decision_ref.strip(), now=now_iso(), user_id=by.id)
        store.insert_shares(ws.db, did, [(mid, number, name, months, s.member.savings, s.member.transactions,
                                          s.jasa_modal, s.jasa_usaha)
                                         for (mid, number, name, months), s in zip(c.members, r.shares, strict=True)])
        audit(ws.db, by, "setujui_shu", "shu", did, {"tahun": year, "shu": c.shu, "anggota": len(c.members),
                                                    "dibagikan": r.total_distributed, "keputusan": decision_ref})
    return ShuApproved(shu_list(ws, year), Changes(members=True, settings=True))


def cancel_approval(ws: Workspace, year: int, reason: str, by: User) -> Changes:
    """Withdraw an approval that is not yet posted (the RAT changed its decision); the document is kept."""
    require(by, Perm.PERIODS)
    d = store.distribution(ws.db, year)
    problems = []
    if not reason.strip():
        problems.append("Alasan pembatalan persetujuan SHU wajib diisi.")
    if d is None:
        raise NotFound(f"Pembagian SHU tahun buku {year} belum disetujui.")
    if d.journal_id:
        problems.append(f"Pembagian SHU tahun buku {year} sudah dibukukan ({d.journal_number}); tidak bisa "
                        "dibatalkan.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.mark_cancelled(ws.db, d.id, reason.strip(), now_iso(), by.id)
        audit(ws.db, by, "batal_setujui_shu", "shu", d.id, {"tahun": year, "alasan": reason.strip()})
    return Changes(members=True, settings=True)


def _settings_of(d: store.DistributionRow) -> ShuSettings:
    raw = d.settings
    return ShuSettings(
        non_member_rule=raw["non_member_rule"], non_member_pct=Decimal(raw["non_member_pct"]),
        savings_basis=SavingsBasis(raw["savings_basis"]), savings_kinds=tuple(raw["savings_kinds"]),
        transactions_basis=TransactionsBasis(raw["transactions_basis"]), rounding=raw["rounding"],
        residue_to=ResidueTarget(raw["residue_to"]), include_leavers=raw["include_leavers"],
        prorate_joiners=raw["prorate_joiners"])


def shu_list(ws: Workspace, year: int) -> ShuList:
    """The SHU list (daftar pembagian SHU): the approved distribution with each member's payment, or the preview
    while not approved."""
    d = store.distribution(ws.db, year)
    if d is None:
        return preview(ws, year)
    closing = next(c for c in closing_store.closings(ws.db, include_reopened=True) if c.id == d.closing_id)
    rows = tuple(ShuRow(s.member_id, s.number, s.name, s.months, s.savings, s.transactions, s.jasa_modal,
                        s.jasa_usaha, s.paid_method, s.paid_on, s.paid_journal, s.reversed_count)
                 for s in store.shares(ws.db, d.id))
    return ShuList(year, "dibukukan" if d.journal_id else "disetujui", d.shu, closing.shu_member, d.shu_non_member,
                   _pools(d.allocation, d.pools, _pool_accounts(ws)), d.rate_jasa_modal, d.rate_jasa_usaha,
                   d.total_savings, d.total_transactions, d.residue, _settings_of(d), rows, d.decision_ref,
                   d.approved_at, d.approved_by, d.journal_number, d.posted_on)


def shu_slip(ws: Workspace, year: int, member_id: int) -> ShuSlip:
    """One member's SHU slip, from the approved distribution (or the preview before approval)."""
    lst = shu_list(ws, year)
    row = lst.row(member_id)
    if row is None:
        raise NotFound(f"Anggota ini tidak termasuk pembagian SHU tahun buku {year}.")
    s = lst.settings
    return ShuSlip(year, lst.status, row.member_id, row.number, row.name, row.months, row.savings, _basis_label(s),
                   lst.rate_jasa_modal, row.jasa_modal, row.transactions, s.transactions_basis.label,
                   lst.rate_jasa_usaha, row.jasa_usaha, lst.pool(JASA_MODAL), lst.pool(JASA_USAHA), lst.shu,
                   lst.decision_ref, row.paid_method, row.paid_on, row.paid_journal,
                   _member_payouts(ws, year, member_id))


def _member_payouts(ws: Workspace, year: int, member_id: int) -> tuple[store.PayoutRow, ...]:
    d = store.distribution(ws.db, year)
    return tuple(store.payouts(ws.db, d.id, member_id=member_id)) if d is not None else ()


# ------------------------------------------------------------------------------------------------ posting


def posting_lines(d: store.DistributionRow, ws: Workspace) -> list[LineDraft]:
    """The SHU journal (spec §5.4 step 2): Dr SHU tahun berjalan (member and non-member parts as closed), Cr
    cadangan, Cr each dana, Cr SHU payable = the members' shares; the rounding residue to dana sosial or
    cadangan."""
    closing = next(c for c in closing_store.closings(ws.db, include_reopened=True) if c.id == d.closing_id)
    accounts = _pool_accounts(ws)
    member_acct = next(a for a in ledger_store.accounts(ws.db).values() if "shu_anggota" in a.tags and not a.is_group)
    non_member_acct = next(a for a in ledger_store.accounts(ws.db).values()
                           if "shu_non_anggota" in a.tags and not a.is_group)
    credits: dict[int, int] = {}
    order = ["cadangan", "cadangan_risiko", JASA_MODAL, *[k for k in d.pools if k not in
                                                           ("cadangan", "cadangan_risiko", JASA_MODAL, JASA_USAHA)]]
    for key in order:
        if key in (JASA_MODAL,):
            credits[accounts[key][0]] = credits.get(accounts[key][0], 0) + d.total_shares
        elif d.pools.get(key):
            credits[accounts[key][0]] = credits.get(accounts[key][0], 0) + d.pools[key]
    if d.residue:
        target = accounts["dana_sosial" if _settings_of(d).residue_to == ResidueTarget.DANA_SOSIAL else "cadangan"][0]
        credits[target] = credits.get(target, 0) + d.residue
    lines = [LineDraft(member_acct.id, debit=closing.shu_member, memo="SHU bagian anggota"),
             LineDraft(non_member_acct.id, debit=closing.shu_non_member, memo="SHU non-anggota")]
    labels = {v[0]: POOL_LABELS.get(k, k) for k, v in accounts.items()}
    labels[accounts[JASA_MODAL][0]] = "Jasa modal dan jasa usaha anggota"
    for aid, amount in credits.items():
        if amount > 0:
            lines.append(LineDraft(aid, credit=amount, memo=labels[aid]))
        elif amount < 0:
            lines.append(LineDraft(aid, debit=-amount, memo=labels[aid]))
    return [x for x in lines if x.debit or x.credit]


@dataclass(frozen=True, slots=True)
class PostingLine:
    account: str          # "3-3100 Cadangan umum"
    debit: int
    credit: int
    memo: str


def posting_preview(ws: Workspace, year: int) -> list[PostingLine]:
    """The SHU journal exactly as ``post`` will book it, for the confirmation before posting. Refused before
    the distribution is approved."""
    d = store.distribution(ws.db, year)
    if d is None:
        raise ValidationError(f"Pembagian SHU tahun buku {year} belum disetujui; setujui dulu (keputusan RAT).")
    labels = {a.id: a.label for a in ledger_store.accounts(ws.db).values()}
    return [PostingLine(labels.get(x.account_id, str(x.account_id)), x.debit, x.credit, x.memo)
            for x in posting_lines(d, ws)]


def post(ws: Workspace, year: int, by: User, *, on: dt.date) -> ShuPosted:
    """Book the approved distribution on ``on`` (the RAT date, after the year's end), once."""
    require(by, Perm.POST)
    d = store.distribution(ws.db, year)
    if d is None:
        raise ValidationError(f"Pembagian SHU tahun buku {year} belum disetujui; setujui dulu (sesudah keputusan RAT).")
    problems = []
    if d.journal_id:
        problems.append(f"Pembagian SHU tahun buku {year} sudah dibukukan ({d.journal_number}).")
    p = statements.fiscal_year(ws, year)
    if on <= p.end:
        problems.append(f"Tanggal pembukuan SHU harus sesudah akhir tahun buku ({p.end:%d-%m-%Y}).")
    if problems:
        raise ValidationError(problems)
    text = f"Pembagian SHU tahun buku {year}" + (f" (keputusan RAT {d.decision_ref})" if d.decision_ref else "")
    draft = JournalDraft(on, text, tuple(posting_lines(d, ws)), series="JU", source=f"{SOURCE}{year}",
                         reference=d.decision_ref[:60])
    with ws.db.atomic():
        posted = ledger.post_in_transaction(ws, draft, by)
        store.mark_posted(ws.db, d.id, posted.journal_id, on, now_iso(), by.id)
        audit(ws.db, by, "bukukan_shu", "shu", d.id, {"tahun": year, "jurnal": posted.number, "shu": d.shu})
    return ShuPosted(year, posted.journal_id, posted.number, Changes(ledger=True, members=True))


def pay(ws: Workspace, year: int, by: User, *, on: dt.date, method: str = "tunai",
        member_ids: Sequence[int] | None = None, cash_account_id: int | None = None) -> ShuPayout:
    """Pay members' shares, one member or all unpaid at once: in cash (Dr 2-1600 / Cr Kas) or credited to simpanan
    sukarela (Dr 2-1600 / Cr simpanan sukarela, with a savings row per member), one journal for the batch."""
    require(by, Perm.POST)
    d = store.distribution(ws.db, year)
    if d is None or not d.journal_id:
        raise ValidationError(f"Pembagian SHU tahun buku {year} belum dibukukan; bukukan dulu sebelum dibayarkan.")
    problems = []
    if method not in ("tunai", "sukarela"):
        problems.append("Cara pembayaran SHU harus tunai atau sukarela (dikreditkan ke simpanan sukarela).")
    if on < d.posted_on:
        problems.append(f"Tanggal pembayaran tidak boleh sebelum pembukuan SHU ({d.posted_on:%d-%m-%Y}).")
    shares = {s.member_id: s for s in store.shares(ws.db, d.id)}
    if member_ids is None:
        chosen = [s for s in shares.values() if s.paid_amount is None and s.jasa_modal + s.jasa_usaha > 0]
        if not chosen:
            problems.append(f"Semua SHU anggota tahun buku {year} sudah dibayarkan.")
    else:
        chosen = []
        for mid in dict.fromkeys(member_ids):
            s = shares.get(mid)
            if s is None:
                problems.append(f"Anggota (id {mid}) tidak termasuk pembagian SHU tahun buku {year}.")
            elif s.paid_amount is not None:
                problems.append(f"SHU {s.number} {s.name} sudah dibayarkan ({s.paid_journal}).")
            elif s.jasa_modal + s.jasa_usaha <= 0:
                problems.append(f"SHU {s.number} {s.name} bernilai nol; tidak ada yang dibayarkan.")
            else:
                chosen.append(s)
    sukarela = None
    if method == "sukarela" and chosen:
        sukarela = next((x for x in members_store.products(ws.db) if x.kind == SavingsKind.SUKARELA and x.active),
                        None)
        if sukarela is None:
            problems.append("Produk simpanan sukarela belum ada.")
        for s in chosen:
            m = members_store.member(ws.db, s.member_id)
            if m.status not in (MemberStatus.AKTIF, MemberStatus.NON_AKTIF, MemberStatus.CALON):
                problems.append(f"{s.number} {s.name} sudah {m.status.label.lower()}; SHU-nya dibayar tunai, tidak "
                                "bisa dikreditkan ke simpanan sukarela.")
    total = sum(s.jasa_modal + s.jasa_usaha for s in chosen)
    cash = None
    if method == "tunai" and not problems:
        cash = cash_account_id or ledger_store.account_by_code(ws.db, "1-1100").id
        account = ledger_store.account(ws.db, cash)
        if account is None or not account.is_cash:
            problems.append("Akun kas/bank wajib dipilih.")
        elif total > ledger.account_balance(ws, cash, on):
            problems.append(f"Saldo {account.name} pada {on:%d-%m-%Y} hanya "
                            f"{rupiah(ledger.account_balance(ws, cash, on))}; pembayaran SHU {rupiah(total)} "
                            "melebihi uang yang ada.")
    if problems:
        raise ValidationError(problems)
    payable = _pool_accounts(ws)[JASA_MODAL][0]
    who = chosen[0].name if len(chosen) == 1 else f"{len(chosen)} anggota"
    if method == "tunai":
        text = f"Pembayaran SHU tahun buku {year} kepada {who}"
        lines = (LineDraft(payable, debit=total), LineDraft(cash, credit=total))
        series = "KK"
    else:
        text = f"SHU tahun buku {year} dikreditkan ke simpanan sukarela {who}"
        lines = (LineDraft(payable, debit=total), LineDraft(sukarela.account_id, credit=total))
        series = "JU"
    with ws.db.atomic():
        posted = ledger.post_in_transaction(ws, JournalDraft(on, text, lines, series=series,
                                                             source=f"{PAY_SOURCE}{year}"), by)
        store.insert_payouts(ws.db, d.id, [(s.member_id, s.jasa_modal + s.jasa_usaha) for s in chosen], method,
                             posted.journal_id, on, now_iso(), by.id)
        if sukarela is not None:
            members_store.insert_txs(ws.db, [(s.member_id, sukarela.id, on.isoformat(), TxKind.SETORAN.value,
                                              s.jasa_modal + s.jasa_usaha, 0, f"SHU tahun buku {year}", "",
                                              posted.journal_id, None) for s in chosen], by.id, now_iso())
        audit(ws.db, by, "bayar_shu", "shu", d.id, {"tahun": year, "cara": method, "anggota": len(chosen),
                                                   "jumlah": total, "jurnal": posted.number})
    return ShuPayout(year, method, len(chosen), total, posted.journal_id, posted.number,
                     Changes(ledger=True, members=True, savings=sukarela is not None))


# ------------------------------------------------------------------------------------------------ reversing a payout

REVERSAL_SOURCE = "shu_batal:"                  # shu_batal:2025 (a partial reversal of a batch journal)


@dataclass(frozen=True, slots=True)
class PayoutBatch:
    """One payment journal of the year's SHU (a batch, or one member), with what of it was reversed."""

    journal_id: int
    journal_number: str
    paid_on: dt.date
    method: str
    members: int
    total: int
    reversed_members: int
    reversed_total: int

    @property
    def state(self) -> str:
        """"berlaku", "dibatalkan sebagian" or "dibatalkan"."""
        if not self.reversed_members:
            return "berlaku"
        return "dibatalkan" if self.reversed_members == self.members else "dibatalkan sebagian"


def payout_history(ws: Workspace, year: int) -> list[store.PayoutRow]:
    """Every payment of the year's shares in the order made, with its reversal if it was reversed."""
    d = store.distribution(ws.db, year)
    return store.payouts(ws.db, d.id) if d is not None else []


def payout_batches(ws: Workspace, year: int) -> list[PayoutBatch]:
    """The year's payment journals, oldest first."""
    groups: dict[int, list[store.PayoutRow]] = {}
    for p in payout_history(ws, year):
        groups.setdefault(p.journal_id, []).append(p)
    return [PayoutBatch(jid, rows[0].journal_number, rows[0].paid_on, rows[0].method, len(rows),
                        sum(r.amount for r in rows), sum(1 for r in rows if r.reversed),
                        sum(r.amount for r in rows if r.reversed)) for jid, rows in groups.items()]


@dataclass(frozen=True, slots=True)
class ReversalJournal:
    """One journal a payout reversal books: the linked reversal of a whole payment journal, or (some members of a
    batch) a reversal journal of their part; with the payments and savings rows it undoes."""

    draft: JournalDraft
    original_number: str
    whole: bool                          # True: the linked reversal (reverses_id) of the whole payment journal
    payouts: tuple[store.PayoutRow, ...]
    savings: tuple[tuple[store.PayoutRow, int, int, str], ...]   # (payout, product_id, savings tx id, period)
    posting: tuple[PostingLine, ...] = ()                         # the draft's lines with account labels

    @property
    def total(self) -> int:
        return sum(p.amount for p in self.payouts)


@dataclass(frozen=True, slots=True)
class ShuPayoutReversal:
    year: int
    members: int
    total: int
    journals: tuple[tuple[int, str], ...]   # (journal id, number) of each reversal journal
    changes: Changes


def _reversal_plan(ws: Workspace, year: int, *, member_ids: Sequence[int] | None, journal_id: int | None,
                   on: dt.date, reason: str, need_reason: bool = True) -> list[ReversalJournal]:
    """Validate a payout reversal and build its journals (nothing written). Raises ValidationError with every
    problem at once."""
    d = store.distribution(ws.db, year)
    if d is None or not d.journal_id:
        raise ValidationError(f"Pembagian SHU tahun buku {year} belum dibukukan; belum ada pembayaran yang bisa "
                              "dibatalkan.")
    problems: list[str] = []
    reason = (reason or "").strip()
    if need_reason and not reason:
        problems.append("Alasan pembatalan pembayaran SHU wajib diisi.")
    if not isinstance(on, dt.date):
        raise ValidationError(problems + ["Tanggal pembatalan wajib diisi."])
    chosen: list[store.PayoutRow] = []
    if (member_ids is None) == (journal_id is None):
        problems.append("Pilih anggota yang pembayaran SHU-nya dibatalkan, atau satu jurnal pembayaran SHU.")
    elif journal_id is not None:
        rows = store.payouts(ws.db, d.id, journal_id=journal_id)
        if not rows:
            problems.append(f"Jurnal itu bukan jurnal pembayaran SHU tahun buku {year}.")
        else:
            chosen = [r for r in rows if not r.reversed]
            if not chosen:
                problems.append(f"Semua pembayaran SHU dalam jurnal {rows[0].journal_number} sudah dibatalkan.")
    else:
        if not member_ids:
            problems.append("Pilih paling sedikit satu anggota yang pembayaran SHU-nya dibatalkan.")
        shares = {s.member_id: s for s in store.shares(ws.db, d.id)}
        in_force = {p.member_id: p for p in store.payouts(ws.db, d.id) if not p.reversed}
        for mid in dict.fromkeys(member_ids or ()):
            share = shares.get(mid)
            if share is None:
                problems.append(f"Anggota (id {mid}) tidak termasuk pembagian SHU tahun buku {year}.")
            elif mid not in in_force:
                problems.append(f"SHU {share.number} {share.name} belum dibayarkan; tidak ada pembayaran yang "
                                "dibatalkan.")
            else:
                chosen.append(in_force[mid])
    locked = ledger_store.locked_through(ws.db)
    if locked and on <= locked:
        problems.append(f"Tanggal pembatalan {on:%d-%m-%Y} berada dalam periode yang sudah ditutup (sampai "
                        f"{locked:%d-%m-%Y}); gunakan tanggal sesudahnya.")
    groups: dict[int, list[store.PayoutRow]] = {}
    for p in chosen:
        groups.setdefault(p.journal_id, []).append(p)
    plan: list[ReversalJournal] = []
    labels = {a.id: a.label for a in ledger_store.accounts(ws.db).values()}
    for jid, rows in groups.items():
        journal = ledger_store.journal(ws.db, jid)
        first = rows[0]
        if on < first.paid_on:
            whom = f"{first.number} {first.name}" if len(rows) == 1 else f"jurnal {first.journal_number}"
            problems.append(f"Tanggal pembatalan tidak boleh sebelum tanggal pembayaran SHU {whom} "
                            f"({first.paid_on:%d-%m-%Y}).")
        if journal.reversed_by_id:
            done = ledger_store.journal(ws.db, journal.reversed_by_id)
            problems.append(f"Jurnal pembayaran SHU {journal.number} sudah dibalik ({done.number}) di luar layar SHU; "
                            "pembayarannya tidak bisa dibatalkan lagi di sini.")
            continue
        payable = next(x for x in journal.lines if x.debit)
        counter = next(x for x in journal.lines if x.credit)
        savings_rows = []
        if first.method == "sukarela":
            txs = {t.member_id: t for t in members_store.txs_for_journal(ws.db, jid) if t.kind == TxKind.SETORAN}
            for p in rows:
                t = txs.get(p.member_id)
                if t is None or t.reversed_by_id:
                    problems.append(f"Setoran SHU ke simpanan sukarela {p.number} {p.name} ({p.journal_number}) "
                                    "sudah dibatalkan di layar Simpanan; pembayaran ini tidak bisa dibatalkan lagi.")
                    continue
                lowest = store.lowest_balance_from(ws.db, p.member_id, t.product_id, on)
                if lowest < p.amount:
                    problems.append(
                        f"Simpanan sukarela {p.number} {p.name} tinggal {rupiah(max(lowest, 0))}, kurang "
                        f"{rupiah(p.amount - lowest)} dari SHU {rupiah(p.amount)} yang dikreditkan: uangnya sudah "
                        "ditarik. Pembayarannya tidak bisa dibatalkan (saldo simpanan akan negatif).")
                savings_rows.append((p, t.product_id, t.id, t.period))
        whole = len(rows) == len(store.payouts(ws.db, d.id, journal_id=jid))   # none reversed before, all chosen
        who = rows[0].name if len(rows) == 1 else f"{len(rows)} anggota"
        text = (f"Pembalik {journal.number}: pembatalan pembayaran SHU tahun buku {year} ({who}): {reason}"
                if whole else
                f"Pembatalan sebagian {journal.number}: pembayaran SHU tahun buku {year} ({who}): {reason}")
        if whole:
            draft = replace(reversal_of(journal, on, reason), description=text.strip())
        else:
            total = sum(p.amount for p in rows)
            draft = JournalDraft(on, text.strip(), (
                LineDraft(counter.account_id, debit=total, memo=counter.memo),
                LineDraft(payable.account_id, credit=total, memo=payable.memo)),
                series="JB", source=f"{REVERSAL_SOURCE}{year}", reference=journal.number)
        posting = tuple(PostingLine(labels.get(x.account_id, str(x.account_id)), x.debit, x.credit, x.memo)
                        for x in draft.lines)
        plan.append(ReversalJournal(draft, journal.number, whole, tuple(rows), tuple(savings_rows), posting))
    if problems:
        raise ValidationError(problems)
    return plan


def reversal_preview(ws: Workspace, year: int, *, member_ids: Sequence[int] | None = None,
                     journal_id: int | None = None, on: dt.date, reason: str = "") -> list[ReversalJournal]:
    """The journals ``reverse_payout`` will book, for the confirmation; the same checks except the reason."""
    return _reversal_plan(ws, year, member_ids=member_ids, journal_id=journal_id, on=on, reason=reason,
                          need_reason=False)


def reverse_payout(ws: Workspace, year: int, by: User, *, member_ids: Sequence[int] | None = None,
                   journal_id: int | None = None, on: dt.date, reason: str) -> ShuPayoutReversal:
    """Undo payments of members' shares (``member_ids``) or a whole payment journal (``journal_id``): the linked
    reversal of the payment journal (Dr Kas / Cr 2-1600, or Dr simpanan sukarela / Cr 2-1600 with a reversal row
    per member's savings), or for some members of a batch a reversal journal of their part. The payments stay in
    the history with their reversal; the shares are unpaid again and can be paid again. Refused when a member's
    sukarela no longer holds the SHU credited (already withdrawn), before the payment date, or in a closed period."""
    require(by, Perm.POST)
    require(by, Perm.REVERSE)
    plan = _reversal_plan(ws, year, member_ids=member_ids, journal_id=journal_id, on=on, reason=reason)
    reason = reason.strip()
    d = store.distribution(ws.db, year)
    now = now_iso()
    done: list[tuple[int, str]] = []
    with ws.db.atomic():
        for r in plan:
            posted = ledger.post_in_transaction(ws, r.draft, by)
            store.insert_reversals(ws.db, [(p.id, posted.journal_id) for p in r.payouts], on, reason, now, by.id)
            if r.savings:
                members_store.insert_txs(ws.db, [
                    (p.member_id, product_id, on.isoformat(), TxKind.PEMBALIK.value, 0, p.amount,
                     f"Pembatalan SHU tahun buku {year} ({p.journal_number}): {reason}", period, posted.journal_id,
                     tx_id) for p, product_id, tx_id, period in r.savings], by.id, now)
            done.append((posted.journal_id, posted.number))
        payouts = [p for r in plan for p in r.payouts]
        audit(ws.db, by, "batal_bayar_shu", "shu", d.id, {
            "tahun": year, "anggota": [p.number for p in payouts], "jumlah": sum(p.amount for p in payouts),
            "jurnal_asal": sorted({r.original_number for r in plan}), "jurnal": [n for _i, n in done],
            "alasan": reason})
    return ShuPayoutReversal(year, len(payouts), sum(p.amount for p in payouts), tuple(done),
                             Changes(ledger=True, members=True, savings=any(r.savings for r in plan)))


# ------------------------------------------------------------------------------------------------ for the notes


@dataclass(frozen=True, slots=True)
class AllocationState:
    status: str                          # "belum ditutup", "ditutup", "disetujui", "dibukukan"
    shu: int
    notes: tuple[AllocationNote, ...]


def allocation_state(ws: Workspace, year: int) -> AllocationState:
    """The year's SHU allocation for the notes to the statements: status, SHU, each pool's % and amount."""
    alloc = get_allocation(ws, year).percentages
    d = store.distribution(ws.db, year)
    closing = closing_store.current_closing(ws.db, year)
    if d is not None:
        status, shu, amounts = ("dibukukan" if d.journal_id else "disetujui"), d.shu, d.pools
        alloc = d.allocation
    elif closing is not None:
        status, shu = "ditutup", closing.shu
        amounts = {}
        if shu > 0 and not allocation_problems(alloc):
            amounts = compute_shu(ShuInput(shu, alloc, [], non_member=closing.shu_non_member)).pools
    else:
        status, shu, amounts = "belum ditutup", 0, {}
    notes = tuple(AllocationNote(k, POOL_LABELS.get(k, k), alloc.get(k, Decimal(0)), amounts.get(k, 0))
                  for k in dict.fromkeys([*alloc, *amounts]))
    return AllocationState(status, shu, notes)
