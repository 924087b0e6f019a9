"""Problem loans: restructuring (a new loan for the remaining principal, approved like any application, keeping
the old loan's history), write-off (hapus buku) against the PPAP, and recoveries of written-off loans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.domain.loans import Fees, Loan, LoanStatus, LoanTxKind, frozen_schedule, loan_number
from kopdesk.domain.money import dec
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import rupiah
from kopdesk.services import ledger
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.loan_products import get_product, get_settings
from kopdesk.services.loans import (
    SERIES,
    Applied,
    LoanPosted,
    _amount_ok,
    _cash,
    _date_problems,
    _due,
    _member,
    _position,
    _quote,
    _unit,
    get_loan,
)
from kopdesk.services.workspace import Workspace
from kopdesk.store import ledger as ledger_store
from kopdesk.store import loans as store

# ------------------------------------------------------------------------------------------------ restructuring


def restructure(ws: Workspace, loan_id: int, *, on: dt.date, tenor: int, rate=None, product_id: int | None = None,
                reason: str, by: User) -> Applied:
    """Propose a restructuring: a new application (status diajukan, linked to the old loan) for the remaining
    principal as of the date, on a new tenor and/or rate, without fees. It needs approval like any application;
    ``execute_restructure`` then moves the principal across."""
    require(by, Perm.POST)
    old = get_loan(ws, loan_id)
    problems = []
    if old.status != LoanStatus.AKTIF:
        problems.append(f"Pinjaman {old.number} berstatus {old.status.label.lower()}; hanya pinjaman aktif yang bisa "
                        "direstrukturisasi.")
    if not reason.strip():
        problems.append("Alasan restrukturisasi wajib diisi.")
    problems += _date_problems(ws, old, on, "restrukturisasi")
    if store.restructured_by(ws.db, old.id) is not None:
        problems.append(f"Pinjaman {old.number} sudah punya pengajuan restrukturisasi.")
    p = get_product(ws, old.product_id if product_id is None else product_id)
    r = dec(old.rate if rate is None else rate)
    if not 0 <= r <= 100:
        problems.append("Jasa per bulan harus 0 sampai 100%.")
    if not isinstance(tenor, int) or not p.tenor_min <= tenor <= p.tenor_max:
        problems.append(f"Jangka waktu {p.name} {p.tenor_min} sampai {p.tenor_max} {_unit(p.frequency)}.")
    if problems:
        raise ValidationError(problems)
    remaining = _position(ws, old, on).principal_outstanding
    if remaining <= 0:
        raise ValidationError(f"Pinjaman {old.number} tidak mempunyai sisa pokok.")
    with ws.db.atomic():
        number = loan_number(on.year, ledger_store.next_number(ws.db, SERIES, on.year))
        new = Loan(None, number, old.member_id, p.id, remaining, tenor, p.method, r, p.frequency, p.round_to,
                   Fees(), p.denda, p.allocation, p.allocation_mode,
                   LoanStatus.DIAJUKAN, on, f"Restrukturisasi {old.number}: {reason.strip()}", old.guarantor,
                   old.collateral, old.collateral_value, old.salvageable, old.in_court, old.related_party,
                   applied_by=by.id, restructures_id=old.id)
        lid = store.insert_loan(ws.db, new, now_iso())
        audit(ws.db, by, "ajukan_restrukturisasi", "pinjaman", lid, {"nomor": number, "dari": old.number,
                                                                      "sisa_pokok": remaining, "tenor": tenor,
                                                                      "jasa": str(r), "alasan": reason.strip()})
    loan = get_loan(ws, lid)
    return Applied(loan, _quote(loan, on), (), Changes(loans=True))


def execute_restructure(ws: Workspace, loan_id: int, *, on: dt.date, by: User) -> LoanPosted:
    """Carry the old loan's remaining principal into the approved restructured loan, without cash: a memorial
    journal Pinjaman anggota D (new loan) / Pinjaman anggota K (old loan). The old loan keeps its whole history and
    becomes direstrukturisasi; jasa and denda in arrears on it are not charged (they were never booked as income:
    jasa is recognised when received). The new loan's schedule starts from this date."""
    require(by, Perm.POST)
    new = get_loan(ws, loan_id)
    if not new.is_restructuring:
        raise ValidationError(f"{new.number} bukan pengajuan restrukturisasi.")
    old = get_loan(ws, new.restructures_id)
    problems = []
    if new.status != LoanStatus.DISETUJUI:
        problems.append(f"Restrukturisasi {new.number} berstatus {new.status.label.lower()}; harus disetujui dulu.")
    if old.status != LoanStatus.AKTIF:
        problems.append(f"Pinjaman lama {old.number} berstatus {old.status.label.lower()}.")
    if not isinstance(on, dt.date) or (new.decided_on and on < new.decided_on):
        problems.append("Tanggal restrukturisasi tidak boleh sebelum tanggal persetujuan.")
    else:
        problems += _date_problems(ws, old, on, "restrukturisasi")
    if problems:
        raise ValidationError(problems)
    before = _position(ws, old, on)
    if before.principal_outstanding != new.amount:
        raise ValidationError(f"Sisa pokok {old.number} sekarang {rupiah(before.principal_outstanding)}, bukan "
                              f"{rupiah(new.amount)} seperti saat diajukan; tolak {new.number} dan ajukan ulang.")
    old_p, new_p = get_product(ws, old.product_id), get_product(ws, new.product_id)
    m = _member(ws, new.member_id)
    text = f"Restrukturisasi pinjaman {old.number} menjadi {new.number} {m.number} {m.full_name} (tanpa pencairan)"
    draft = JournalDraft(on, text, (LineDraft(new_p.receivable_account_id, debit=new.amount, memo=new.number),
                                    LineDraft(old_p.receivable_account_id, credit=new.amount, memo=old.number)),
                         series="JU", source=f"pinjaman:{new.id}", reference=old.number)
    with ws.db.atomic():
        posted = ledger.post_in_transaction(ws, draft, by)
        store.insert_tx(ws.db, loan_id=old.id, on=on, kind=LoanTxKind.RESTRUKTURISASI, amount=new.amount,
                        principal=-new.amount, description=text, journal_id=posted.journal_id, user_id=by.id,
                        now=now_iso())
        tx_id = store.insert_tx(ws.db, loan_id=new.id, on=on, kind=LoanTxKind.PENCAIRAN, amount=new.amount,
                                principal=new.amount, description=text, journal_id=posted.journal_id,
                                user_id=by.id, now=now_iso())
        store.insert_instalments(ws.db, tx_id, new.id, frozen_schedule(new.schedule(), _due(new, on)))
        store.update_loan(ws.db, old.id, status=LoanStatus.DIRESTRUKTURISASI, closed_on=on)
        store.update_loan(ws.db, new.id, status=LoanStatus.AKTIF, disbursed_on=on)
        audit(ws.db, by, "restrukturisasi_pinjaman", "pinjaman", new.id,
              {"dari": old.number, "menjadi": new.number, "pokok": new.amount, "jasa_tidak_ditagih": before.jasa_due,
               "denda_tidak_ditagih": before.penalty_due, "jurnal": posted.number})
    return LoanPosted(tx_id, posted.journal_id, posted.number, get_loan(ws, new.id), Changes(loans=True, ledger=True))


# ------------------------------------------------------------------------------------------------ write-off


@dataclass(frozen=True, slots=True)
class WriteOffPlan:
    remaining: int                    # the principal written off
    ppap_available: int               # the PPAP account's balance on the date
    from_ppap: int                    # what the PPAP covers; the rest is this year's expense
    lines: tuple[LineDraft, ...]      # the journal's lines (zero lines left out)


def write_off_plan(ws: Workspace, loan_id: int, on: dt.date) -> WriteOffPlan:
    """What a write-off on ``on`` would post (read-only; ``write_off`` posts exactly these lines): PPAP D what it
    holds, Beban penyisihan D any shortfall, Pinjaman anggota K the remaining principal."""
    loan = get_loan(ws, loan_id)
    remaining = store.outstanding(ws.db, loan.id)
    settings = get_settings(ws)
    ppap = ledger.get_account(ws, settings.ppap_account)
    expense = ledger.get_account(ws, settings.ppap_expense_account)
    available = ledger.account_balance(ws, ppap.id, on)
    from_ppap = max(0, min(remaining, available))
    p = get_product(ws, loan.product_id)
    lines = (LineDraft(ppap.id, debit=from_ppap, memo=loan.number),
             LineDraft(expense.id, debit=remaining - from_ppap, memo=f"Kekurangan PPAP {loan.number}"),
             LineDraft(p.receivable_account_id, credit=remaining, memo=loan.number))
    return WriteOffPlan(remaining, available, from_ppap, tuple(x for x in lines if x.debit or x.credit))


def write_off(ws: Workspace, loan_id: int, *, on: dt.date, reason: str, by: User) -> LoanPosted:
    """Hapus buku against the PPAP (needs the approval permission): PPAP D (what it holds) / Beban penyisihan D (any
    shortfall) / Pinjaman anggota K the remaining principal. The member still owes it; recoveries are income."""
    require(by, Perm.APPROVE_LOANS)
    loan = get_loan(ws, loan_id)
    problems = []
    if loan.status != LoanStatus.AKTIF:
        problems.append(f"Pinjaman {loan.number} berstatus {loan.status.label.lower()}; hanya pinjaman aktif yang "
                        "bisa dihapus buku.")
    if not reason.strip():
        problems.append("Alasan hapus buku wajib diisi.")
    problems += _date_problems(ws, loan, on, "hapus buku")
    if problems:
        raise ValidationError(problems)
    plan = write_off_plan(ws, loan.id, on)
    remaining, from_ppap = plan.remaining, plan.from_ppap
    if remaining <= 0:
        raise ValidationError(f"Pinjaman {loan.number} tidak mempunyai sisa pokok.")
    m = _member(ws, loan.member_id)
    text = f"Hapus buku pinjaman {loan.number} {m.number} {m.full_name}: {reason.strip()}"
    draft = JournalDraft(on, text, plan.lines, series="JU", source=f"pinjaman:{loan.id}", reference=loan.number)
    with ws.db.atomic():
        posted = ledger.post_in_transaction(ws, draft, by)
        tx_id = store.insert_tx(ws.db, loan_id=loan.id, on=on, kind=LoanTxKind.HAPUS_BUKU, amount=remaining,
                                principal=-remaining, description=text, journal_id=posted.journal_id, user_id=by.id,
                                now=now_iso())
        store.update_loan(ws.db, loan.id, status=LoanStatus.DIHAPUS, closed_on=on)
        audit(ws.db, by, "hapus_buku_pinjaman", "pinjaman", loan.id,
              {"nomor": loan.number, "pokok": remaining, "dari_ppap": from_ppap, "alasan": reason.strip(),
               "jurnal": posted.number})
    return LoanPosted(tx_id, posted.journal_id, posted.number, get_loan(ws, loan.id), Changes(loans=True, ledger=True))


def recoverable(ws: Workspace, loan_id: int) -> int:
    """What is still to be recovered on a written-off loan (the principal written off less recoveries)."""
    standing = [t for t in store.txs(ws.db, loan_id) if not t.reversed_by_id]
    return (sum(t.amount for t in standing if t.kind == LoanTxKind.HAPUS_BUKU)
            - sum(t.amount for t in standing if t.kind == LoanTxKind.PEMULIHAN))


def record_recovery(ws: Workspace, loan_id: int, *, amount: int, on: dt.date, cash_account_id: int | None = None,
                    by: User) -> LoanPosted:
    """Money received on a written-off loan: Kas D / pendapatan pemulihan (4-3100 by default) K."""
    require(by, Perm.POST)
    loan = get_loan(ws, loan_id)
    problems = []
    if loan.status != LoanStatus.DIHAPUS:
        problems.append(f"Pinjaman {loan.number} berstatus {loan.status.label.lower()}; pemulihan hanya untuk "
                        "pinjaman yang dihapus buku.")
    if not _amount_ok(amount):
        problems.append("Jumlah pemulihan harus lebih dari nol (rupiah bulat).")
    elif loan.status == LoanStatus.DIHAPUS and amount > recoverable(ws, loan.id):
        problems.append(f"Pemulihan {rupiah(amount)} melebihi sisa pinjaman yang dihapus buku "
                        f"{rupiah(recoverable(ws, loan.id))}.")
    problems += _date_problems(ws, loan, on, "pemulihan")
    if problems:
        raise ValidationError(problems)
    cash = _cash(ws, cash_account_id)
    p = get_product(ws, loan.product_id)
    m = _member(ws, loan.member_id)
    text = f"Pemulihan pinjaman dihapus buku {loan.number} {m.number} {m.full_name}"
    draft = JournalDraft(on, text, (LineDraft(cash, debit=amount), LineDraft(p.recovery_account_id, credit=amount,
                                                                               memo=loan.number)),
                         series="KM", source=f"pinjaman:{loan.id}", reference=loan.number)
    with ws.db.atomic():
        posted = ledger.post_in_transaction(ws, draft, by)
        tx_id = store.insert_tx(ws.db, loan_id=loan.id, on=on, kind=LoanTxKind.PEMULIHAN, amount=amount,
                                description=text, journal_id=posted.journal_id, user_id=by.id, now=now_iso())
        audit(ws.db, by, "pemulihan_pinjaman", "pinjaman", loan.id, {"nomor": loan.number, "jumlah": amount,
                                                                     "jurnal": posted.number})
    return LoanPosted(tx_id, posted.journal_id, posted.number, loan, Changes(loans=True, ledger=True))


