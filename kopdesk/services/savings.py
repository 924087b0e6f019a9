"""Savings (simpanan): deposits, withdrawals, reversals, statements, wajib billing, collection sheets (potong
gaji), monthly jasa on sukarela, products, and the reconciliation of member balances with the ledger.

Every money event writes its savings rows and their balanced journal in one transaction; the savings_balances
table is kept by a trigger and refuses a negative balance even if code forgot to check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import NotFound, ValidationError
from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.domain.savings import (
    InterestBasis,
    SavingsKind,
    SavingsProduct,
    SavingsTx,
    TxKind,
    WajibStatus,
    month_key,
    monthly_jasa,
    wajib_status,
    withdrawal_problems,
)
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import month_year, rupiah
from kopdesk.services import ledger
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.workspace import Workspace
from kopdesk.store import admin as admin_store
from kopdesk.store import ledger as ledger_store
from kopdesk.store import loans as loans_store
from kopdesk.store import members as store

LOAN_SAVINGS_CODE = "SIMPANAN_PINJAMAN"  # withheld at disbursement (services.loan_products), returned at payoff

# ------------------------------------------------------------------------------------------------ products


def products(ws: Workspace, *, active_only: bool = False) -> list[SavingsProduct]:
    return [p for p in store.products(ws.db) if p.active or not active_only]


def get_product(ws: Workspace, product_id: int) -> SavingsProduct:
    p = store.product(ws.db, product_id)
    if p is None:
        raise NotFound("Produk simpanan tidak ditemukan.")
    return p


def product_by_code(ws: Workspace, code: str) -> SavingsProduct:
    p = store.product_by_code(ws.db, code)
    if p is None:
        raise NotFound(f"Produk simpanan {code} tidak ada.")
    return p


def product_of_kind(ws: Workspace, kind: SavingsKind) -> SavingsProduct:
    for p in store.products(ws.db):
        if p.kind == kind and p.active:
            return p
    raise NotFound(f"Produk {kind.label} belum diatur.")


def save_product(ws: Workspace, p: SavingsProduct, by: User) -> tuple[SavingsProduct, Changes]:
    """Add or edit a savings product (e.g. simpanan berjangka, simpanan hari raya) with its ledger account."""
    require(by, Perm.ACCOUNTS)
    problems = []
    code = p.code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9_]{2,20}", code):
        problems.append("Kode produk 2-20 huruf besar/angka, misalnya BERJANGKA.")
    other = store.product_by_code(ws.db, code)
    if other and other.id != p.id:
        problems.append(f"Kode produk {code} sudah dipakai.")
    if not p.name.strip():
        problems.append("Nama produk wajib diisi.")
    account = ledger_store.account(ws.db, p.account_id)
    if account is None or account.is_group:
        problems.append("Akun buku besar produk wajib dipilih (bukan akun induk).")
    elif account.klass.value not in ("2", "3"):
        problems.append("Akun simpanan harus akun liabilitas (2-...) atau ekuitas (3-...).")
    if p.interest_rate < 0 or p.interest_rate > 100:
        problems.append("Jasa simpanan harus 0 sampai 100% per tahun.")
    if p.min_balance < 0:
        problems.append("Saldo minimum tidak boleh negatif.")
    if p.id is not None:
        before = get_product(ws, p.id)
        if before.kind != p.kind or before.account_id != p.account_id:
            used = ws.db.execute("SELECT 1 FROM savings_tx WHERE product_id = ? LIMIT 1", [p.id]).fetchone()
            if used:
                problems.append("Jenis dan akun produk yang sudah dipakai tidak bisa diubah.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        pid = store.save_product(ws.db, SavingsProduct(p.id, code, p.name.strip(), p.kind, p.account_id,
                                                       p.interest_rate, p.interest_basis, p.min_balance, p.active))
        audit(ws.db, by, "simpan_produk_simpanan", "produk_simpanan", pid, {"kode": code, "nama": p.name})
    return store.product(ws.db, pid), Changes(savings=True)


# ------------------------------------------------------------------------------------------------ transactions


@dataclass(frozen=True, slots=True)
class SavingsPosted:
    tx_id: int
    journal_id: int
    number: str          # the journal number, printed on the receipt (kuitansi)
    balance: int         # the member's new balance of the product
    changes: Changes


def _member_for_tx(ws: Workspace, member_id: int) -> Member:
    m = store.member(ws.db, member_id)
    if m is None:
        raise NotFound("Anggota tidak ditemukan.")
    return m


def _cash(ws: Workspace, cash_account_id: int | None) -> int:
    return ledger.cash_account_id(ws, cash_account_id)


def deposit(ws: Workspace, *, member_id: int, product_id: int, amount: int, on: dt.date,
            cash_account_id: int | None = None, description: str = "", period: str = "", by: User) -> SavingsPosted:
    """A setoran: Kas/Bank D, savings account K, and the member's savings row, in one transaction."""
    require(by, Perm.POST)
    with ws.db.atomic():
        return deposit_in_transaction(ws, member_id=member_id, product_id=product_id, amount=amount, on=on,
                                      cash_account_id=cash_account_id, description=description, period=period,
                                      by=by)


def deposit_in_transaction(ws: Workspace, *, member_id: int, product_id: int, amount: int, on: dt.date,
                           cash_account_id: int | None, description: str = "", period: str = "",
                           by: User) -> SavingsPosted:
    m = _member_for_tx(ws, member_id)
    p = get_product(ws, product_id)
    problems = []
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        problems.append("Jumlah setoran harus lebih dari nol.")
    if not m.status.is_member:
        problems.append(f"{m.full_name} sudah {m.status.label.lower()}; tidak bisa menyetor.")
    if not p.active:
        problems.append(f"Produk {p.name} sudah tidak aktif.")
    if p.kind == SavingsKind.POKOK and store.balance(ws.db, member_id, p.id) > 0:
        problems.append(f"{m.full_name} sudah membayar simpanan pokok; simpanan pokok dibayar sekali saja.")
    if p.kind == SavingsKind.POKOK and not problems:
        pokok = admin_store.load_adart(ws.db).simpanan_pokok
        if amount != pokok:
            problems.append(f"Simpanan pokok harus sama untuk semua anggota: {rupiah(pokok)} (AD/ART).")
    if period and not re.fullmatch(r"\d{4}-\d{2}", period):
        problems.append("Periode harus berbentuk YYYY-MM.")
    if problems:
        raise ValidationError(problems)
    cash = _cash(ws, cash_account_id)
    text = description.strip() or f"Setoran {p.name.lower()} {m.number} {m.full_name}"
    draft = JournalDraft(on, text, (LineDraft(cash, debit=amount), LineDraft(p.account_id, credit=amount,
                                                                               memo=m.number)),
                         series="KM", source=f"simpanan:{m.id}")
    posted = ledger.post_in_transaction(ws, draft, by)
    store.insert_txs(ws.db, [(m.id, p.id, on.isoformat(), TxKind.SETORAN.value, amount, 0, text,
                              period or (month_key(on) if p.kind == SavingsKind.WAJIB else ""), posted.journal_id,
                              None)], by.id, now_iso())
    tx_id = ws.db.execute("SELECT max(id) FROM savings_tx").fetchone()[0]
    audit(ws.db, by, "setoran_simpanan", "simpanan", tx_id, {"anggota": m.number, "produk": p.code,
                                                              "jumlah": amount, "jurnal": posted.number})
    return SavingsPosted(tx_id, posted.journal_id, posted.number, store.balance(ws.db, m.id, p.id),
                         Changes(savings=True, ledger=True, members=True))


def withdraw(ws: Workspace, *, member_id: int, product_id: int, amount: int, on: dt.date,
             cash_account_id: int | None = None, description: str = "", by: User) -> SavingsPosted:
    """A penarikan: savings account D, Kas/Bank K. Refused when it would take the balance below the minimum
    (never negative), for pokok/wajib while a member, or beyond the cash in hand."""
    require(by, Perm.POST)
    m = _member_for_tx(ws, member_id)
    p = get_product(ws, product_id)
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise ValidationError("Jumlah penarikan harus bilangan bulat rupiah.")
    cash = _cash(ws, cash_account_id)
    with ws.db.atomic():
        balance = store.balance(ws.db, m.id, p.id)
        problems = withdrawal_problems(p, balance, amount, still_member=m.status.is_member)
        if p.code == LOAN_SAVINGS_CODE and loans_store.member_has_open_loan(ws.db, m.id):
            problems.append(f"{p.name} ditahan sampai pinjaman {m.full_name} lunas; dikembalikan saat pelunasan.")
        if not problems:
            in_cash = ledger.account_balance(ws, cash, on)
            if amount > in_cash:
                problems.append(f"Saldo kas pada {on:%d-%m-%Y} hanya {rupiah(in_cash)}; penarikan {rupiah(amount)} "
                                "melebihi uang yang ada.")
        if problems:
            raise ValidationError(problems)
        text = description.strip() or f"Penarikan {p.name.lower()} {m.number} {m.full_name}"
        draft = JournalDraft(on, text, (LineDraft(p.account_id, debit=amount, memo=m.number),
                                        LineDraft(cash, credit=amount)), series="KK", source=f"simpanan:{m.id}")
        posted = ledger.post_in_transaction(ws, draft, by)
        store.insert_txs(ws.db, [(m.id, p.id, on.isoformat(), TxKind.PENARIKAN.value, 0, amount, text, "",
                                  posted.journal_id, None)], by.id, now_iso())
        tx_id = ws.db.execute("SELECT max(id) FROM savings_tx").fetchone()[0]
        audit(ws.db, by, "penarikan_simpanan", "simpanan", tx_id, {"anggota": m.number, "produk": p.code,
                                                                    "jumlah": amount, "jurnal": posted.number})
    return SavingsPosted(tx_id, posted.journal_id, posted.number, store.balance(ws.db, m.id, p.id),
                         Changes(savings=True, ledger=True, members=True))


def reverse(ws: Workspace, tx_id: int, *, on: dt.date, reason: str, by: User) -> SavingsPosted:
    """Correct a deposit or withdrawal: the linked reversal of its journal and of the savings row(s)."""
    require(by, Perm.REVERSE)
    t = store.tx(ws.db, tx_id)
    if t is None:
        raise NotFound("Transaksi simpanan tidak ditemukan.")
    if t.kind not in (TxKind.SETORAN, TxKind.PENARIKAN):
        raise ValidationError("Hanya setoran dan penarikan yang bisa dibatalkan di sini.")
    siblings = store.txs_for_journal(ws.db, t.journal_id)
    if len(siblings) > 1:
        raise ValidationError("Transaksi ini bagian dari setoran kolektif; batalkan jurnalnya di Kas & Jurnal "
                              f"({t.receipt_number}) untuk membalik semuanya.")
    if t.reversed_by_id:
        raise ValidationError("Transaksi ini sudah dibatalkan.")
    with ws.db.atomic():
        posted = ledger.reverse_journal(ws, t.journal_id, on=on, reason=reason, by=by)
        store.insert_txs(ws.db, [(t.member_id, t.product_id, on.isoformat(), TxKind.PEMBALIK.value, t.withdrawal,
                                  t.deposit, f"Pembatalan {t.receipt_number}: {reason.strip()}", t.period,
                                  posted.journal_id, t.id)], by.id, now_iso())
        new_id = ws.db.execute("SELECT max(id) FROM savings_tx").fetchone()[0]
    return SavingsPosted(new_id, posted.journal_id, posted.number, store.balance(ws.db, t.member_id, t.product_id),
                         Changes(savings=True, ledger=True, members=True))


# ------------------------------------------------------------------------------------------------ reading


def get_tx(ws: Workspace, tx_id: int) -> SavingsTx:
    t = store.tx(ws.db, tx_id)
    if t is None:
        raise NotFound("Transaksi simpanan tidak ditemukan.")
    return t


def balances(ws: Workspace, member_id: int) -> dict[SavingsProduct, int]:
    return {p: store.balance(ws.db, member_id, p.id) for p in store.products(ws.db)}


@dataclass(frozen=True, slots=True)
class StatementLine:
    tx: SavingsTx
    balance: int


@dataclass(frozen=True, slots=True)
class Statement:
    member: Member
    product: SavingsProduct
    date_from: dt.date
    date_to: dt.date
    opening: int
    lines: tuple[StatementLine, ...]

    @property
    def closing(self) -> int:
        return self.lines[-1].balance if self.lines else self.opening

    @property
    def total_in(self) -> int:
        return sum(x.tx.deposit for x in self.lines)

    @property
    def total_out(self) -> int:
        return sum(x.tx.withdrawal for x in self.lines)


def statement(ws: Workspace, member_id: int, product_id: int, date_from: dt.date, date_to: dt.date) -> Statement:
    """Kartu simpanan: every transaction of one product over a period with a running balance."""
    if date_to < date_from:
        raise ValidationError("Tanggal akhir tidak boleh sebelum tanggal awal.")
    m = _member_for_tx(ws, member_id)
    p = get_product(ws, product_id)
    opening = store.balance_as_of(ws.db, member_id, product_id, date_from - dt.timedelta(days=1))
    running, lines = opening, []
    for t in store.member_txs(ws.db, member_id, product_id, date_from, date_to):
        running += t.delta
        lines.append(StatementLine(t, running))
    return Statement(m, p, date_from, date_to, opening, tuple(lines))


def member_transactions(ws: Workspace, member_id: int) -> list[SavingsTx]:
    return store.member_txs(ws.db, member_id)


# ------------------------------------------------------------------------------------------------ wajib billing


@dataclass(frozen=True, slots=True)
class WajibBill:
    member: Member
    monthly: int
    status: WajibStatus

    @property
    def due_this_month(self) -> int:
        """What to collect now: the arrears including this month (0 when paid ahead)."""
        return self.status.arrears


def wajib_billing(ws: Workspace, month: dt.date) -> list[WajibBill]:
    """Who owes simpanan wajib through the end of ``month``, oldest month first, with arrears."""
    product = product_of_kind(ws, SavingsKind.WAJIB)
    adart = admin_store.load_adart(ws.db)
    _, end = _month(month.year, month.month)
    paid = store.paid_by_member(ws.db, product.id, end)
    out = []
    for m in store.members_joined_by(ws.db, end, [MemberStatus.AKTIF.value]):
        monthly = adart.simpanan_wajib if m.wajib_amount is None else m.wajib_amount
        out.append(WajibBill(m, monthly, wajib_status(m.join_date, end, monthly, paid.get(m.id, 0))))
    return out


def wajib_of(ws: Workspace, member_id: int, month: dt.date) -> WajibStatus:
    """One member's wajib status through the end of ``month`` (for the member screen and the deposit dialog)."""
    m = _member_for_tx(ws, member_id)
    product = product_of_kind(ws, SavingsKind.WAJIB)
    _, end = _month(month.year, month.month)
    monthly = admin_store.load_adart(ws.db).simpanan_wajib if m.wajib_amount is None else m.wajib_amount
    paid = store.balance_as_of(ws.db, member_id, product.id, end)
    return wajib_status(m.join_date, end, monthly, paid)


# ------------------------------------------------------------------------------------------------ collection sheet


@dataclass(frozen=True, slots=True)
class CollectionRow:
    member_number: str
    product_code: str
    amount: int
    row: int = 0          # the sheet row (for import errors)


def post_collection(ws: Workspace, rows: Sequence[CollectionRow], *, on: dt.date, cash_account_id: int | None,
                    description: str, by: User) -> SavingsPosted:
    """A collection sheet (e.g. potong gaji): many members at once as ONE journal (Kas D total; each savings
    account K its total) and one savings row per member and product, all or nothing. Every problem is reported
    at once with its row."""
    require(by, Perm.POST)
    problems: list[str] = []
    if not rows:
        raise ValidationError("Daftar setoran kosong.")
    if not description.strip():
        problems.append("Keterangan setoran kolektif wajib diisi.")
    prods = {p.code: p for p in store.products(ws.db)}
    members: dict[str, Member] = {}
    for r in rows:
        where = f"Baris {r.row}" if r.row else f"Anggota {r.member_number}"
        m = members.get(r.member_number) or store.member_by_number(ws.db, r.member_number.strip())
        p = prods.get(r.product_code.strip().upper())
        if m is None:
            problems.append(f"{where}: nomor anggota {r.member_number} tidak ditemukan.")
        elif not m.status.is_member:
            problems.append(f"{where}: {m.full_name} sudah {m.status.label.lower()}.")
        else:
            members[r.member_number] = m
        if p is None:
            problems.append(f"{where}: produk simpanan '{r.product_code}' tidak dikenal.")
        elif p.kind == SavingsKind.POKOK:
            problems.append(f"{where}: simpanan pokok dibayar lewat pendaftaran anggota, bukan setoran kolektif.")
        if not isinstance(r.amount, int) or isinstance(r.amount, bool) or r.amount <= 0:
            problems.append(f"{where}: jumlah harus lebih dari nol.")
    if problems:
        raise ValidationError(problems)
    cash = _cash(ws, cash_account_id)
    totals: dict[int, int] = {}
    for r in rows:
        p = prods[r.product_code.strip().upper()]
        totals[p.account_id] = totals.get(p.account_id, 0) + r.amount
    grand = sum(totals.values())
    lines = [LineDraft(cash, debit=grand)] + [LineDraft(acc, credit=amt) for acc, amt in totals.items()]
    draft = JournalDraft(on, description.strip(), tuple(lines), series="KM", source="setoran_kolektif")
    with ws.db.atomic():
        posted = ledger.post_in_transaction(ws, draft, by)
        period = month_key(on)
        store.insert_txs(ws.db, [
            (members[r.member_number].id, prods[r.product_code.strip().upper()].id, on.isoformat(),
             TxKind.SETORAN.value, r.amount, 0, description.strip(),
             period if prods[r.product_code.strip().upper()].kind == SavingsKind.WAJIB else "", posted.journal_id,
             None) for r in rows], by.id, now_iso())
        audit(ws.db, by, "setoran_kolektif", "jurnal", posted.journal_id,
              {"baris": len(rows), "total": grand, "jurnal": posted.number})
    return SavingsPosted(0, posted.journal_id, posted.number, grand, Changes(savings=True, ledger=True, members=True))


# ------------------------------------------------------------------------------------------------ jasa simpanan


@dataclass(frozen=True, slots=True)
class JasaRun:
    period: str
    journal_number: str | None      # None: nothing to credit for the product that month
    members: int
    total: int
    changes: Changes
    product: str = ""               # the product's name


@dataclass(frozen=True, slots=True)
class JasaPlan:
    """The month's jasa of one product, member by member. Not yet posted: what the posting will credit (the preview
    is the posting). Already posted: what was credited, with the journal(s) that did it."""

    product: SavingsProduct
    period: str
    date: dt.date
    description: str
    amounts: dict[int, int]        # member_id -> jasa
    journals: tuple[str, ...] = ()  # the journal(s) that posted it; empty while not posted

    @property
    def total(self) -> int:
        return sum(self.amounts.values())

    @property
    def posted(self) -> bool:
        return bool(self.journals)

    @property
    def journal_number(self) -> str | None:
        return ", ".join(self.journals) or None

    @property
    def to_post(self) -> bool:
        """Not posted yet and something to credit."""
        return not self.posted and self.total > 0


@dataclass(frozen=True, slots=True)
class JasaResult:
    runs: tuple[JasaRun, ...]       # the products handled by this posting (posted now, or nothing to credit)
    changes: Changes
    skipped: tuple[JasaRun, ...] = ()   # products whose jasa for the month was already posted (left alone)

    def __iter__(self):
        return iter(self.runs)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    return first, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def jasa_preview(ws: Workspace, year: int, month: int) -> list[JasaPlan]:
    """The month's jasa on every savings product with a rate, per member, without writing anything: for a product
    not yet posted what the posting will credit, for one already posted what was credited and by which journal.
    Refused before the month has ended."""
    first, last = _month(year, month)
    if last >= dt.date.today():
        raise ValidationError(f"Jasa bulan {month_year(first)} baru bisa dihitung sesudah bulan itu berakhir.")
    period = month_key(first)
    plans = []
    for p in store.products(ws.db):
        if p.interest_rate <= 0 or not p.active or p.kind.locked_while_member:
            continue
        basis = "saldo terendah" if p.interest_basis == InterestBasis.TERENDAH else "saldo rata-rata harian"
        text = f"Jasa {p.name.lower()} {month_year(first)} ({_pct(p.interest_rate)}/tahun, {basis})"
        journals, credited = store.jasa_credited(ws.db, p.id, period)
        if journals:
            plans.append(JasaPlan(p, period, last, text, credited, journals))
            continue
        opening = store.balances_before(ws.db, p.id, first)
        moves = store.movements_in(ws.db, p.id, first, last)
        amounts = {}
        for mid in sorted(set(opening) | set(moves)):
            jasa = monthly_jasa(opening.get(mid, 0), moves.get(mid, []), year, month, p.interest_rate,
                                p.interest_basis)
            if jasa > 0:
                amounts[mid] = jasa
        plans.append(JasaPlan(p, period, last, text, amounts))
    return plans


def jasa_refusal(plans: Sequence[JasaPlan]) -> str:
    """Why nothing of the month can be posted any more (every product already posted, the rest with no jasa), or
    "" when something is left to post or nothing was posted yet."""
    if not plans or not any(p.posted for p in plans) or any(p.to_post for p in plans):
        return ""
    label = month_year(plans[0].date)
    done = ", ".join(f"{p.product.name} ({p.journal_number}, {rupiah(p.total)})" for p in plans if p.posted)
    text = f"Jasa bulan {label} sudah dibukukan untuk semua produk: {done}."
    empty = [p.product.name for p in plans if not p.posted]
    if empty:
        text += f" {', '.join(empty)}: tidak ada jasa bulan itu."
    return text


def post_monthly_jasa(ws: Workspace, year: int, month: int, by: User) -> JasaResult:
    """Credit the month's jasa (exactly the preview) on the products not yet posted, one journal per product:
    5-1100 D / the product's account K, and a jasa row per member. Products already posted for the month are left
    alone (``skipped``); refused, naming the products and their journals, when every product is already posted.
    The database refuses a second posting of a product's month too (store.members.JASA_ONCE)."""
    require(by, Perm.POST)
    expense = ledger_store.account_by_code(ws.db, "5-1100")
    runs, skipped = [], []
    with ws.db.atomic():
        plans = jasa_preview(ws, year, month)
        refusal = jasa_refusal(plans)
        if refusal:
            raise ValidationError(refusal)
        already = [f"{x.product.code} {x.journal_number}" for x in plans if x.posted]
        for plan in plans:
            p = plan.product
            if plan.posted:
                skipped.append(JasaRun(plan.period, plan.journal_number, len(plan.amounts), plan.total, Changes(),
                                       p.name))
                continue
            if not plan.total:
                runs.append(JasaRun(plan.period, None, 0, 0, Changes(), p.name))
                continue
            draft = JournalDraft(plan.date, plan.description, (LineDraft(expense.id, debit=plan.total),
                                                               LineDraft(p.account_id, credit=plan.total)),
                                 series="JU", source=f"jasa_simpanan:{p.code}:{plan.period}")
            posted = ledger.post_in_transaction(ws, draft, by)
            store.insert_txs(ws.db, [(mid, p.id, plan.date.isoformat(), TxKind.JASA.value, amt, 0, plan.description,
                                      plan.period, posted.journal_id, None) for mid, amt in plan.amounts.items()],
                             by.id, now_iso())
            audit(ws.db, by, "jasa_simpanan", "jurnal", posted.journal_id,
                  {"produk": p.code, "periode": plan.period, "anggota": len(plan.amounts), "total": plan.total,
                   "sudah_sebelumnya": already})
            runs.append(JasaRun(plan.period, posted.number, len(plan.amounts), plan.total,
                                Changes(savings=True, ledger=True, members=True), p.name))
    changes = Changes()
    for r in runs:
        changes = changes | r.changes
    return JasaResult(tuple(runs), changes, tuple(skipped))


def _pct(d: Decimal) -> str:
    return f"{d.normalize():f}".replace(".", ",") + "%"


# ------------------------------------------------------------------------------------------------ reconciliation


@dataclass(frozen=True, slots=True)
class Reconciliation:
    product: SavingsProduct
    members_total: int
    ledger_balance: int

    @property
    def ok(self) -> bool:
        return self.members_total == self.ledger_balance


def reconcile(ws: Workspace, as_of: dt.date | None = None) -> list[Reconciliation]:
    """Each savings account in the ledger against the sum of the members' balances of its product(s)."""
    as_of = as_of or dt.date.max
    totals = store.product_totals_from_tx(ws.db, None if as_of == dt.date.max else as_of)
    out = []
    by_account: dict[int, list[SavingsProduct]] = {}
    for p in store.products(ws.db):
        by_account.setdefault(p.account_id, []).append(p)
    for account_id, prods in by_account.items():
        bal = ledger.account_balance(ws, account_id, as_of if as_of != dt.date.max else dt.date(9999, 12, 30))
        members_total = sum(totals.get(p.id, 0) for p in prods)
        out.append(Reconciliation(prods[0], members_total, bal))
    return out


# ------------------------------------------------------------------------------------------------ opening balances


@dataclass(frozen=True, slots=True)
class OpeningBalance:
    member_id: int
    product_id: int
    amount: int


def opening_balances_in_transaction(ws: Workspace, rows: Sequence[OpeningBalance], *, on: dt.date, by: User,
                                    description: str = "Saldo awal simpanan anggota") -> str | None:
    """Members' savings brought forward from the paper books: one JS journal (3-9000 Saldo awal D; each savings
    account K) and a saldo_awal row per member and product. The caller owns the transaction."""
    rows = [r for r in rows if r.amount]
    if not rows:
        return None
    if any(r.amount < 0 for r in rows):
        raise ValidationError("Saldo awal simpanan tidak boleh negatif.")
    prods = {p.id: p for p in store.products(ws.db)}
    totals: dict[int, int] = {}
    for r in rows:
        totals[prods[r.product_id].account_id] = totals.get(prods[r.product_id].account_id, 0) + r.amount
    opening = ledger_store.account_by_code(ws.db, "3-9000")
    lines = [LineDraft(opening.id, debit=sum(totals.values()))] + [LineDraft(a, credit=v) for a, v in totals.items()]
    posted = ledger.post_in_transaction(ws, JournalDraft(on, description, tuple(lines), series="JS",
                                                         source="saldo_awal_simpanan"), by)
    store.insert_txs(ws.db, [(r.member_id, r.product_id, on.isoformat(), TxKind.SALDO_AWAL.value, r.amount, 0,
                              description, "", posted.journal_id, None) for r in rows], by.id, now_iso())
    return posted.number


# ------------------------------------------------------------------------------------------------ passbook


@dataclass(frozen=True, slots=True)
class PassbookPosition:
    book_no: int
    next_line: int          # the first free line on the current page of the physical passbook
    last_tx_id: int | None  # the last transaction already printed


def passbook_position(ws: Workspace, member_id: int, product_id: int) -> PassbookPosition:
    row = ws.db.execute("SELECT book_no, next_line, last_tx_id FROM passbooks WHERE member_id = ? AND product_id = ?",
                        [member_id, product_id]).fetchone()
    return PassbookPosition(*row) if row else PassbookPosition(1, 1, None)


def record_passbook_print(ws: Workspace, member_id: int, product_id: int, *, next_line: int, last_tx_id: int | None,
                          by: User) -> Changes:
    """Remember where printing stopped, after the user confirms the passbook printed correctly."""
    require(by, Perm.POST)
    if next_line < 1:
        raise ValidationError("Baris berikutnya minimal 1.")
    with ws.db.atomic():
        ws.db.execute("INSERT INTO passbooks (member_id, product_id, next_line, last_tx_id, updated_at) "
                      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, product_id) DO UPDATE SET "
                      "next_line = excluded.next_line, last_tx_id = excluded.last_tx_id, "
                      "updated_at = excluded.updated_at", [member_id, product_id, next_line, last_tx_id, now_iso()])
        audit(ws.db, by, "cetak_buku_simpanan", "buku_simpanan", f"{member_id}:{product_id}",
              {"baris_berikut": next_line, "transaksi_terakhir": last_tx_id})
    return Changes(savings=True)


def new_passbook(ws: Workspace, member_id: int, product_id: int, by: User) -> Changes:
    """A new physical passbook: printing starts again at line 1 (with the balance carried over)."""
    require(by, Perm.POST)
    pos = passbook_position(ws, member_id, product_id)
    with ws.db.atomic():
        ws.db.execute("INSERT INTO passbooks (member_id, product_id, book_no, next_line, last_tx_id, updated_at) "
                      "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (member_id, product_id) DO UPDATE SET "
                      "book_no = excluded.book_no, next_line = 1, updated_at = excluded.updated_at",
                      [member_id, product_id, pos.book_no + 1, pos.last_tx_id, now_iso()])
        audit(ws.db, by, "buku_simpanan_baru", "buku_simpanan", f"{member_id}:{product_id}",
              {"buku_ke": pos.book_no + 1})
    return Changes(savings=True)


# ------------------------------------------------------------------------------------------------ dashboard


@dataclass(frozen=True, slots=True)
class MonthSummary:
    month: dt.date
    deposits: dict[str, int]         # product name -> deposits this month
    withdrawals: dict[str, int]      # product name -> withdrawals this month
    wajib_unpaid_members: int        # members who have not paid this month's wajib (arrears included)
    wajib_arrears: int               # total wajib owed through this month
    members_behind_3_months: int     # members three or more months behind

    @property
    def total_deposits(self) -> int:
        return sum(self.deposits.values())

    @property
    def total_withdrawals(self) -> int:
        return sum(self.withdrawals.values())


def month_summary(ws: Workspace, month: dt.date) -> MonthSummary:
    """For Beranda: the month's collections by product and the wajib arrears through the month."""
    first, last = _month(month.year, month.month)
    names = {p.id: p.name for p in store.products(ws.db)}
    deposits: dict[str, int] = {}
    withdrawals: dict[str, int] = {}
    for pid, dep, wd in ws.db.execute(
            "SELECT product_id, sum(deposit), sum(withdrawal) FROM savings_tx WHERE date BETWEEN ? AND ? "
            "AND kind IN ('setoran', 'penarikan', 'pembalik') GROUP BY product_id",
            [first.isoformat(), last.isoformat()]):
        if dep:
            deposits[names[pid]] = dep
        if wd:
            withdrawals[names[pid]] = wd
    bills = wajib_billing(ws, first)
    behind = [b for b in bills if b.status.arrears]
    return MonthSummary(first, deposits, withdrawals, len(behind), sum(b.status.arrears for b in behind),
                        sum(1 for b in behind if b.status.months_in_arrears >= 3))
