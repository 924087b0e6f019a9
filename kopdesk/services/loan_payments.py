"""Money coming in on loans: repayments of any amount with the allocation shown before confirming (denda accrued
to the payment date, then jasa, then pokok by the loan's order; anything beyond what is due pays the next
instalments), early payoff (pelunasan dipercepat) with the return of the withheld loan savings, and corrections of
any loan transaction by linked reversal.

Allocations are computed once, as of the payment date, and stored per instalment: every later computation (denda,
days overdue, collectibility on any date) replays them exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import NotFound, ValidationError
from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.domain.loans import (
    Allocation,
    Loan,
    LoanPosition,
    LoanStatus,
    LoanTxKind,
    SavingsReturn,
    allocate,
    apply_allocations,
    replay,
    settlement,
    sum_allocations,
)
from kopdesk.domain.members import Member
from kopdesk.domain.savings import SavingsKind, TxKind
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import rupiah
from kopdesk.services import ledger
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.loan_products import get_product
from kopdesk.services.loans import (
    LoanPosted,
    _amount_ok,
    _cash,
    _date_problems,
    _loan_savings_product,
    _member,
    _position,
    get_loan,
)
from kopdesk.services.workspace import Workspace
from kopdesk.store import loans as store
from kopdesk.store import members as members_store


@dataclass(frozen=True, slots=True)
class RepaymentPreview:
    loan: Loan
    on: dt.date
    amount: int
    before: LoanPosition                 # as of the payment date, denda accrued, before the payment
    after: LoanPosition
    allocations: tuple[Allocation, ...]
    savings_returned: int                # withheld loan savings released if this payment clears the loan

    @property
    def principal(self) -> int:
        return sum_allocations(self.allocations).principal

    @property
    def interest(self) -> int:
        return sum_allocations(self.allocations).interest

    @property
    def penalty(self) -> int:
        return sum_allocations(self.allocations).penalty

    @property
    def closes(self) -> bool:
        return self.after.cleared


def repayment_preview(ws: Workspace, loan_id: int, *, amount: int, on: dt.date) -> RepaymentPreview:
    """How a repayment would be allocated (denda accrued to the date, then jasa, then pokok by the loan's order;
    anything beyond what is due pays the next instalments), before confirming. Nothing is written."""
    loan = get_loan(ws, loan_id)
    problems = []
    if loan.status != LoanStatus.AKTIF:
        problems.append(f"Pinjaman {loan.number} berstatus {loan.status.label.lower()}; pembayaran hanya untuk "
                        "pinjaman aktif.")
    if not _amount_ok(amount):
        problems.append("Jumlah pembayaran harus lebih dari nol (rupiah bulat).")
    problems += _date_problems(ws, loan, on, "pembayaran")
    if problems:
        raise ValidationError(problems)
    before = _position(ws, loan, on)
    if amount > before.max_payable:
        raise ValidationError(f"Pembayaran {rupiah(amount)} melebihi seluruh sisa angsuran dan denda "
                              f"{rupiah(before.max_payable)}. Untuk melunasi sekarang gunakan pelunasan dipercepat "
                              f"({rupiah(before.payoff_amount)}).")
    allocations = allocate(before, amount, loan.allocation, loan.allocation_mode)
    after = apply_allocations(before, allocations)
    returned = _savings_to_return(ws, loan) if after.cleared else 0
    return RepaymentPreview(loan, on, amount, before, after, allocations, returned)


def repay(ws: Workspace, loan_id: int, *, amount: int, on: dt.date, cash_account_id: int | None = None,
          savings_return: SavingsReturn = SavingsReturn.SUKARELA, description: str = "", by: User) -> LoanPosted:
    """A repayment of any amount: Kas D / Pinjaman K pokok / jasa K / denda K, with the per-instalment allocation
    stored. A payment that clears the loan closes it (lunas) and releases the withheld loan savings."""
    require(by, Perm.POST)
    cash = _cash(ws, cash_account_id)
    with ws.db.atomic():
        pv = repayment_preview(ws, loan_id, amount=amount, on=on)
        loan = pv.loan
        m = _member(ws, loan.member_id)
        text = description.strip() or f"Angsuran pinjaman {loan.number} {m.number} {m.full_name}"
        return _post_payment(ws, loan, m, on, cash, amount, pv.allocations, LoanTxKind.ANGSURAN, text,
                             pv.closes, savings_return, by)


def _post_payment(ws: Workspace, loan: Loan, m: Member, on: dt.date, cash: int, amount: int,
                  allocations: tuple[Allocation, ...], kind: LoanTxKind, text: str, closes: bool,
                  savings_return: SavingsReturn, by: User) -> LoanPosted:
    p = get_product(ws, loan.product_id)
    total = sum_allocations(allocations)
    lines = [LineDraft(cash, debit=amount, memo=f"Dari {m.full_name}"),
             LineDraft(p.receivable_account_id, credit=total.principal, memo=loan.number),
             LineDraft(p.jasa_account_id, credit=total.interest, memo=f"Jasa {loan.number}"),
             LineDraft(p.denda_account_id, credit=total.penalty, memo=f"Denda {loan.number}")]
    release_lines, release_rows = _savings_release(ws, loan, m, on, cash, savings_return) if closes else ([], [])
    draft = JournalDraft(on, text, tuple(x for x in [*lines, *release_lines] if x.debit or x.credit), series="KM",
                         source=f"pinjaman:{loan.id}", reference=loan.number)
    posted = ledger.post_in_transaction(ws, draft, by)
    tx_id = store.insert_tx(ws.db, loan_id=loan.id, on=on, kind=kind, amount=amount, principal=-total.principal,
                            interest=total.interest, penalty=total.penalty, description=text,
                            journal_id=posted.journal_id, user_id=by.id, now=now_iso())
    store.insert_allocations(ws.db, tx_id, allocations)
    if release_rows:
        members_store.insert_txs(ws.db, [(*r[:8], posted.journal_id, None) for r in release_rows], by.id, now_iso())
    if closes:
        store.update_loan(ws.db, loan.id, status=LoanStatus.LUNAS, closed_on=on)
    audit(ws.db, by, "pelunasan_pinjaman" if kind == LoanTxKind.PELUNASAN else "angsuran_pinjaman", "pinjaman",
          loan.id, {"nomor": loan.number, "jumlah": amount, "pokok": total.principal, "jasa": total.interest,
                    "denda": total.penalty, "jurnal": posted.number, "lunas": closes})
    return LoanPosted(tx_id, posted.journal_id, posted.number, get_loan(ws, loan.id),
                      Changes(loans=True, ledger=True, savings=bool(release_rows), members=bool(release_rows)))


@dataclass(frozen=True, slots=True)
class RepaymentRow:
    loan_number: str
    amount: int
    row: int = 0          # the sheet row, for error messages


@dataclass(frozen=True, slots=True)
class BulkRepayment:
    loans: int
    total: int
    principal: int
    interest: int
    penalty: int
    closed: int                      # loans paid off by this run
    first_journal: str
    last_journal: str
    changes: Changes


def repay_many(ws: Workspace, rows: Sequence[RepaymentRow], *, on: dt.date, cash_account_id: int | None = None,
               description: str = "", savings_return: SavingsReturn = SavingsReturn.SUKARELA,
               by: User) -> BulkRepayment:
    """Many repayments at once (a payroll-deduction sheet, a collector's round), all or nothing: every problem of
    every row is reported first. Each loan gets its own journal, allocation and row, exactly as ``repay`` would
    write them, so each can later be corrected on its own."""
    require(by, Perm.POST)
    if not rows:
        raise ValidationError("Daftar angsuran kosong.")
    cash = _cash(ws, cash_account_id)
    ids = store.ids_by_number(ws.db, sorted({r.loan_number.strip().upper() for r in rows}))
    problems: list[str] = []
    seen: dict[int, int] = {}
    for k, r in enumerate(rows, start=1):
        where = f"Baris {r.row or k}"
        lid = ids.get(r.loan_number.strip().upper())
        if lid is None:
            problems.append(f"{where}: nomor pinjaman {r.loan_number} tidak ditemukan.")
        elif lid in seen:
            problems.append(f"{where}: pinjaman {r.loan_number} sudah ada di baris {seen[lid]}; gabungkan jumlahnya.")
        else:
            seen[lid] = r.row or k
        if not _amount_ok(r.amount):
            problems.append(f"{where}: jumlah harus lebih dari nol (rupiah bulat).")
    if problems:
        raise ValidationError(problems)
    loan_ids = [ids[r.loan_number.strip().upper()] for r in rows]
    loans = store.loans_by_ids(ws.db, loan_ids)
    schedules = store.schedules(ws.db, loan_ids)
    events = store.events_many(ws.db, loan_ids)
    last = store.last_event_dates(ws.db, loan_ids)
    names = store.member_names(ws.db, (x.member_id for x in loans.values()))
    planned = []
    for k, (r, lid) in enumerate(zip(rows, loan_ids, strict=True), start=1):
        where, loan = f"Baris {r.row or k}", loans[lid]
        if loan.status != LoanStatus.AKTIF:
            problems.append(f"{where}: pinjaman {loan.number} berstatus {loan.status.label.lower()}.")
            continue
        if lid in last and on < last[lid]:
            problems.append(f"{where}: tanggal pembayaran sebelum transaksi terakhir pinjaman {loan.number} "
                            f"({last[lid]:%d-%m-%Y}).")
            continue
        before = replay(schedules[lid], events[lid], on, loan.denda)
        if r.amount > before.max_payable:
            problems.append(f"{where}: {rupiah(r.amount)} melebihi sisa angsuran dan denda {loan.number} "
                            f"{rupiah(before.max_payable)}.")
            continue
        allocations = allocate(before, r.amount, loan.allocation, loan.allocation_mode)
        planned.append((loan, r.amount, allocations, apply_allocations(before, allocations).cleared))
    if problems:
        raise ValidationError(problems)
    drafts, releases = [], []
    for loan, amount, allocations, closes in planned:
        number, name = names[loan.member_id]
        p = get_product(ws, loan.product_id)
        total = sum_allocations(allocations)
        text = f"{description.strip() or 'Angsuran pinjaman'} {loan.number} {number} {name}"
        lines = [LineDraft(cash, debit=amount, memo=f"Dari {name}"),
                 LineDraft(p.receivable_account_id, credit=total.principal, memo=loan.number),
                 LineDraft(p.jasa_account_id, credit=total.interest, memo=f"Jasa {loan.number}"),
                 LineDraft(p.denda_account_id, credit=total.penalty, memo=f"Denda {loan.number}")]
        release_lines, release_rows = ([], [])
        if closes:
            release_lines, release_rows = _savings_release(ws, loan, _member(ws, loan.member_id), on, cash,
                                                           savings_return)
        releases.append(release_rows)
        drafts.append(JournalDraft(on, text, tuple(x for x in [*lines, *release_lines] if x.debit or x.credit),
                                   series="KM", source=f"pinjaman:{loan.id}", reference=loan.number))
    with ws.db.atomic():
        posted, _ = ledger.post_journals(ws, drafts, by)
        now = now_iso()
        tx_ids = store.insert_txs(ws.db, [
            (loan.id, on.isoformat(), LoanTxKind.ANGSURAN.value, amount, -sum_allocations(a).principal,
             sum_allocations(a).interest, sum_allocations(a).penalty, d.description, jid)
            for (loan, amount, a, _closes), d, (jid, _n) in zip(planned, drafts, posted, strict=True)], by.id, now)
        store.insert_allocations_many(ws.db, [(tx_id, a) for tx_id, (_l, _m, a, _c) in zip(tx_ids, planned,
                                                                                             strict=True)])
        savings_rows = [(*r[:8], jid, None) for rows_, (jid, _n) in zip(releases, posted, strict=True)
                        for r in rows_]
        if savings_rows:
            members_store.insert_txs(ws.db, savings_rows, by.id, now)
        closed = [loan for loan, _a, _al, closes in planned if closes]
        for loan in closed:
            store.update_loan(ws.db, loan.id, status=LoanStatus.LUNAS, closed_on=on)
        totals = sum_allocations([x for _l, _m, a, _c in planned for x in a])
        grand = sum(amount for _l, amount, _a, _c in planned)
        audit(ws.db, by, "angsuran_pinjaman_kolektif", "jurnal", f"{posted[0][1]}..{posted[-1][1]}",
              {"pinjaman": len(planned), "total": grand, "pokok": totals.principal, "jasa": totals.interest,
               "denda": totals.penalty, "lunas": [x.number for x in closed]})
    return BulkRepayment(len(planned), grand, totals.principal, totals.interest, totals.penalty, len(closed),
                         posted[0][1], posted[-1][1],
                         Changes(loans=True, ledger=True, savings=bool(savings_rows), members=bool(savings_rows)))


def attached_savings(ws: Workspace, loan: Loan) -> int:
    """The loan savings withheld for this loan, and for the loans it restructured (they stay blocked until the
    restructured loan is paid off)."""
    total, x = 0, loan
    while x is not None:
        total += x.fees.savings
        x = store.loan(ws.db, x.restructures_id) if x.restructures_id else None
    return total


def _savings_to_return(ws: Workspace, loan: Loan) -> int:
    attached = attached_savings(ws, loan)
    if not attached:
        return 0
    product = _loan_savings_product(ws, get_product(ws, loan.product_id))
    if product is None:
        return 0
    return max(0, min(attached, members_store.balance(ws.db, loan.member_id, product.id)))


def _savings_release(ws: Workspace, loan: Loan, m: Member, on: dt.date, cash: int,
                     to: SavingsReturn) -> tuple[list[LineDraft], list[tuple]]:
    """Journal lines and savings rows (without the journal id) returning the withheld loan savings."""
    amount = _savings_to_return(ws, loan)
    if not amount:
        return [], []
    product = _loan_savings_product(ws, get_product(ws, loan.product_id))
    text = f"Pengembalian simpanan pinjaman {loan.number}"
    lines = [LineDraft(product.account_id, debit=amount, memo=text)]
    rows = [(m.id, product.id, on.isoformat(), TxKind.PENARIKAN.value, 0, amount, text, "")]
    if SavingsReturn(to) == SavingsReturn.SUKARELA:
        sukarela = next((x for x in members_store.products(ws.db) if x.kind == SavingsKind.SUKARELA and x.active),
                        None)
        if sukarela is None:
            raise ValidationError("Produk simpanan sukarela belum diatur; kembalikan simpanan pinjaman secara tunai.")
        lines.append(LineDraft(sukarela.account_id, credit=amount, memo=text))
        rows.append((m.id, sukarela.id, on.isoformat(), TxKind.SETORAN.value, amount, 0, text, ""))
    else:
        lines.append(LineDraft(cash, credit=amount, memo=f"{text} kepada {m.full_name}"))
    return lines, rows


# ------------------------------------------------------------------------------------------------ early payoff


@dataclass(frozen=True, slots=True)
class PayoffQuote:
    loan: Loan
    on: dt.date
    position: LoanPosition
    principal: int               # remaining principal
    jasa: int                    # jasa of the instalments due by the date, unpaid
    denda: int                   # denda accrued to the date, unpaid
    jasa_not_charged: int        # the later instalments' jasa the payoff saves the member
    savings_returned: int        # withheld loan savings released

    @property
    def total(self) -> int:
        return self.principal + self.jasa + self.denda


def payoff_quote(ws: Workspace, loan_id: int, on: dt.date) -> PayoffQuote:
    """Pelunasan dipercepat as of a date: remaining principal + jasa due to the date + denda (no writes)."""
    loan = get_loan(ws, loan_id)
    problems = []
    if loan.status != LoanStatus.AKTIF:
        problems.append(f"Pinjaman {loan.number} berstatus {loan.status.label.lower()}; hanya pinjaman aktif yang "
                        "bisa dilunasi.")
    problems += _date_problems(ws, loan, on, "pelunasan")
    if problems:
        raise ValidationError(problems)
    pos = _position(ws, loan, on)
    later = sum(i.interest_unpaid for i in pos.instalments if i.due > on)
    return PayoffQuote(loan, on, pos, pos.principal_outstanding, pos.jasa_due, pos.penalty_due, later,
                       _savings_to_return(ws, loan))


def payoff(ws: Workspace, loan_id: int, *, on: dt.date, cash_account_id: int | None = None,
           savings_return: SavingsReturn = SavingsReturn.SUKARELA, by: User) -> LoanPosted:
    """Early payoff: the quote is received in cash (Kas D / Pinjaman K / jasa K / denda K), the loan is lunas and
    the withheld loan savings go back to the member (to sukarela or in cash)."""
    require(by, Perm.POST)
    cash = _cash(ws, cash_account_id)
    with ws.db.atomic():
        q = payoff_quote(ws, loan_id, on)
        loan = q.loan
        m = _member(ws, loan.member_id)
        allocations = settlement(q.position)
        if not allocations:
            raise ValidationError(f"Pinjaman {loan.number} tidak mempunyai sisa kewajiban.")
        text = f"Pelunasan dipercepat pinjaman {loan.number} {m.number} {m.full_name}"
        return _post_payment(ws, loan, m, on, cash, q.total, allocations, LoanTxKind.PELUNASAN, text, True,
                             savings_return, by)


# ------------------------------------------------------------------------------------------------ corrections

REVERSIBLE = (LoanTxKind.PENCAIRAN, LoanTxKind.ANGSURAN, LoanTxKind.PELUNASAN, LoanTxKind.HAPUS_BUKU,
              LoanTxKind.PEMULIHAN)


def reverse(ws: Workspace, tx_id: int, *, on: dt.date, reason: str, by: User) -> LoanPosted:
    """Correct a disbursement, repayment, payoff, write-off or recovery by its linked reversal: the journal is
    reversed and the loan rows (and any savings rows of the same journal) get their negated twins. Refused while a
    later transaction of the loan depends on it: reverse those first, newest first."""
    require(by, Perm.REVERSE)
    t = store.tx(ws.db, tx_id)
    if t is None:
        raise NotFound("Transaksi pinjaman tidak ditemukan.")
    loan = get_loan(ws, t.loan_id)
    problems = []
    if t.kind not in REVERSIBLE:
        problems.append(f"{t.kind.label} tidak bisa dibatalkan di sini.")
    if t.reversed_by_id:
        problems.append("Transaksi ini sudah dibatalkan.")
    if len(store.txs_for_journal(ws.db, t.journal_id)) > 1:
        problems.append(f"Jurnal {t.journal_number} memuat lebih dari satu pinjaman (restrukturisasi); tidak bisa "
                        "dibatalkan di sini.")
    all_txs = store.txs(ws.db, loan.id)
    reversed_ids = {x.reverses_id for x in all_txs if x.reverses_id}
    later = [x for x in all_txs if x.id > t.id and x.kind != LoanTxKind.PEMBALIK and x.id not in reversed_ids]
    if later:
        problems.append("Batalkan dulu transaksi sesudahnya: " + ", ".join(
            f"{x.kind.label.lower()} {x.date:%d-%m-%Y} ({x.journal_number})" for x in reversed(later)) + ".")
    savings_rows = members_store.txs_for_journal(ws.db, t.journal_id)
    for s in savings_rows:
        if s.deposit and members_store.balance(ws.db, s.member_id, s.product_id) < s.deposit:
            problems.append(f"Simpanan yang dikreditkan oleh {t.journal_number} sudah dipakai; saldonya tidak cukup "
                            "untuk dibatalkan.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        posted = ledger.reverse_journal(ws, t.journal_id, on=on, reason=reason, by=by)
        text = f"Pembatalan {t.journal_number}: {reason.strip()}"
        new_id = store.insert_tx(ws.db, loan_id=loan.id, on=on, kind=LoanTxKind.PEMBALIK, amount=t.amount,
                                 principal=-t.principal, interest=-t.interest, penalty=-t.penalty, description=text,
                                 journal_id=posted.journal_id, reverses_id=t.id, user_id=by.id, now=now_iso())
        store.insert_allocations(ws.db, new_id, [a.negated() for a in store.allocations(ws.db, loan.id).get(t.id, ())])
        if savings_rows:
            members_store.insert_txs(ws.db, [(s.member_id, s.product_id, on.isoformat(), TxKind.PEMBALIK.value,
                                              s.withdrawal, s.deposit, text, s.period, posted.journal_id, s.id)
                                             for s in savings_rows], by.id, now_iso())
        if t.kind == LoanTxKind.PENCAIRAN:
            store.update_loan(ws.db, loan.id, status=LoanStatus.DISETUJUI, disbursed_on=None)
        elif t.kind in (LoanTxKind.ANGSURAN, LoanTxKind.PELUNASAN, LoanTxKind.HAPUS_BUKU) \
                and loan.status in (LoanStatus.LUNAS, LoanStatus.DIHAPUS):
            store.update_loan(ws.db, loan.id, status=LoanStatus.AKTIF, closed_on=None)
        audit(ws.db, by, "batal_transaksi_pinjaman", "pinjaman", loan.id,
              {"nomor": loan.number, "transaksi": t.kind.value, "jurnal": t.journal_number,
               "pembalik": posted.number, "alasan": reason.strip()})
    return LoanPosted(new_id, posted.journal_id, posted.number, get_loan(ws, loan.id),
                      Changes(loans=True, ledger=True, savings=bool(savings_rows), members=bool(savings_rows)))


