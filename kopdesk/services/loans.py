"""Loans (pinjaman): application with the schedule preview, approval (maker-checker), disbursement, repayments of
any amount with the allocation shown before confirming, early payoff, restructuring, write-off and recovery, linked
reversals, and the reads of the loan screens (list, loan card, a member's loans).

Every money event writes its loan rows (loan_tx, the per-instalment allocation, the schedule frozen with due dates)
and its balanced journal in one transaction with the audit row. Allocations are computed once, as of the payment
date, and stored: denda, days overdue and collectibility on any later date are an exact replay of those rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import NotFound, ValidationError
from kopdesk.domain.ledger import JournalDraft, LineDraft, signed_balance
from kopdesk.domain.loans import (
    Allocation,
    Fees,
    Frequency,
    Loan,
    LoanPosition,
    LoanProduct,
    LoanQuote,
    LoanStatus,
    LoanTx,
    LoanTxKind,
    SavingsReturn,
    allocate,
    apply_allocations,
    disbursement_fees,
    due_dates,
    frozen_schedule,
    loan_number,
    quote,
    replay,
    schedule_problems,
    settlement,
    sum_allocations,
)
from kopdesk.domain.members import Member, MemberSettings, MemberStatus
from kopdesk.domain.money import dec
from kopdesk.domain.savings import SavingsKind, TxKind
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import rupiah
from kopdesk.services import ledger, members
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.loan_products import LOAN_SAVINGS_CODE, get_product, get_settings
from kopdesk.services.workspace import Workspace
from kopdesk.store import ledger as ledger_store
from kopdesk.store import loans as store
from kopdesk.store import members as members_store

SERIES = "PJ"          # loan numbers PJ-2026-000123, one sequence per year of application


@dataclass(frozen=True, slots=True)
class Applied:
    loan: Loan
    quote: LoanQuote
    warnings: tuple[str, ...]
    changes: Changes


@dataclass(frozen=True, slots=True)
class LoanPosted:
    tx_id: int
    journal_id: int
    number: str            # the journal number (printed on the receipt)
    loan: Loan
    changes: Changes


# ------------------------------------------------------------------------------------------------ helpers


def get_loan(ws: Workspace, loan_id: int) -> Loan:
    x = store.loan(ws.db, loan_id)
    if x is None:
        raise NotFound("Pinjaman tidak ditemukan.")
    return x


def find_loan(ws: Workspace, number: str) -> Loan:
    x = store.loan_by_number(ws.db, number.strip().upper())
    if x is None:
        raise NotFound(f"Nomor pinjaman {number.strip()} tidak ditemukan.")
    return x


def _member(ws: Workspace, member_id: int) -> Member:
    m = members_store.member(ws.db, member_id)
    if m is None:
        raise NotFound("Anggota tidak ditemukan.")
    return m


def _cash(ws: Workspace, cash_account_id: int | None) -> int:
    if cash_account_id is None:
        return ledger_store.account_by_code(ws.db, "1-1100").id
    a = ledger_store.account(ws.db, cash_account_id)
    if a is None or not a.is_cash:
        raise ValidationError("Akun kas/bank wajib dipilih.")
    return a.id


def _unit(frequency: Frequency) -> str:
    return "minggu" if frequency == Frequency.WEEKLY else "bulan"


def _pct(d) -> str:
    return f"{dec(d).normalize():f}".replace(".", ",") + "%"


def modal_sendiri(ws: Workspace, as_of: dt.date) -> int:
    """Modal sendiri: the balances of the accounts tagged ``ms`` (spec §5.3), the base of the BMPP."""
    totals = ledger_store.totals_by_account(ws.db, as_of)
    return sum(signed_balance(a.normal, *totals.get(a.id, (0, 0)))
               for a in ledger_store.accounts(ws.db).values() if "ms" in a.tags and not a.is_group)


def member_savings(ws: Workspace, member_id: int, as_of: dt.date) -> int:
    """Simpanan pokok + wajib + sukarela of a member as of a date (the base of a savings-multiple ceiling)."""
    return sum(members_store.balance_as_of(ws.db, member_id, p.id, as_of) for p in members_store.products(ws.db)
               if p.kind in (SavingsKind.POKOK, SavingsKind.WAJIB, SavingsKind.SUKARELA))


def position(ws: Workspace, loan_id: int, as_of: dt.date, *, threshold_days: int | None = None) -> LoanPosition:
    """The loan as of a date (denda accrued, what is paid and unpaid per instalment), replayed exactly."""
    loan = get_loan(ws, loan_id)
    return _position(ws, loan, as_of, threshold_days)


def _position(ws: Workspace, loan: Loan, as_of: dt.date, threshold_days: int | None = None) -> LoanPosition:
    return replay(store.schedule(ws.db, loan.id), store.events(ws.db, loan.id), as_of, loan.denda,
                  threshold_days=threshold_days)


def _date_problems(ws: Workspace, loan: Loan, on: dt.date, what: str) -> list[str]:
    if not isinstance(on, dt.date):
        return [f"Tanggal {what} wajib diisi."]
    last = store.last_event_date(ws.db, loan.id)
    if last and on < last:
        return [f"Tanggal {what} tidak boleh sebelum transaksi terakhir pinjaman {loan.number} ({last:%d-%m-%Y})."]
    return []


def _amount_ok(amount) -> bool:
    return isinstance(amount, int) and not isinstance(amount, bool) and amount > 0


# ------------------------------------------------------------------------------------------------ application


def preview(ws: Workspace, *, product_id: int, amount: int, tenor: int, rate=None,
            start: dt.date | None = None) -> LoanQuote:
    """The schedule preview of an application (no writes): instalments, due dates from ``start`` when given, the
    deductions and the net paid out, and for flat loans the effective rate beside the flat rate."""
    p = get_product(ws, product_id)
    r = p.rate if rate is None else rate
    problems = schedule_problems(amount, tenor, r, p.round_to)
    if not problems and not p.tenor_min <= tenor <= p.tenor_max:
        problems.append(f"Jangka waktu {p.name} {p.tenor_min} sampai {p.tenor_max} {_unit(p.frequency)}.")
    if problems:
        raise ValidationError(problems)
    return quote(amount, tenor, r, p.method, p.frequency, round_to=p.round_to, fees=_fees(p, amount), start=start)


def _fees(p: LoanProduct, amount: int):
    return disbursement_fees(amount, provisi_pct=p.provisi_pct, admin_fee=p.admin_fee, admin_pct=p.admin_pct,
                             savings_pct=p.savings_pct)


def check_application(ws: Workspace, *, member_id: int, product_id: int, amount: int, tenor: int, on: dt.date,
                      purpose: str = "", rate=None, collateral: str = "", collateral_value: int | None = None,
                      related_party: bool = False) -> tuple[list[str], list[str]]:
    """(errors, warnings) of an application form, every problem at once, without saving."""
    errors: list[str] = []
    warnings: list[str] = []
    m = members_store.member(ws.db, member_id) if isinstance(member_id, int) else None
    if m is None:
        errors.append("Anggota tidak ditemukan; pilih anggota yang terdaftar.")
    elif m.status != MemberStatus.AKTIF:
        errors.append(f"{m.full_name} berstatus {m.status.label.lower()}; hanya anggota aktif yang bisa meminjam.")
    p = store.product(ws.db, product_id) if isinstance(product_id, int) else None
    if p is None:
        errors.append("Produk pinjaman wajib dipilih.")
    elif not p.active:
        errors.append(f"Produk {p.name} sudah tidak aktif.")
    amount_ok = _amount_ok(amount)
    if not amount_ok:
        errors.append("Jumlah pinjaman harus lebih dari nol (rupiah bulat).")
    if not isinstance(tenor, int) or isinstance(tenor, bool) or tenor < 1:
        errors.append("Jangka waktu harus bilangan bulat lebih dari nol.")
    elif p and not p.tenor_min <= tenor <= p.tenor_max:
        errors.append(f"Jangka waktu {p.name} {p.tenor_min} sampai {p.tenor_max} {_unit(p.frequency)}; "
                      f"diminta {tenor} {_unit(p.frequency)}.")
    r = None
    try:
        r = dec(p.rate if rate is None and p else (rate if rate is not None else 0))
        if not 0 <= r <= 100:
            errors.append("Jasa per bulan harus 0 sampai 100%.")
            r = None
    except (TypeError, ValueError, ArithmeticError):
        errors.append("Jasa per bulan harus berupa angka.")
    if p and r is not None and r != p.rate:
        warnings.append(f"Jasa {_pct(r)} per bulan berbeda dari jasa produk {p.name} ({_pct(p.rate)}).")
    if not isinstance(on, dt.date):
        errors.append("Tanggal pengajuan wajib diisi.")
    if not purpose.strip():
        errors.append("Keperluan pinjaman wajib diisi.")
    if collateral_value is not None and (not isinstance(collateral_value, int) or collateral_value < 0):
        errors.append("Nilai agunan harus rupiah bulat, tidak negatif.")
    if p and amount_ok and p.collateral_above is not None and amount > p.collateral_above:
        if not collateral.strip():
            errors.append(f"Pinjaman di atas {rupiah(p.collateral_above)} wajib dengan agunan: isi keterangan agunan.")
        if not collateral_value:
            errors.append(f"Pinjaman di atas {rupiah(p.collateral_above)} wajib dengan agunan: isi taksiran nilai "
                          "agunan.")
    if p and amount_ok:
        net = _fees(p, amount).net(amount)
        if net <= 0:
            errors.append(f"Potongan provisi, administrasi dan simpanan pinjaman menghabiskan pinjaman "
                          f"{rupiah(amount)}.")
    if m and p and amount_ok and isinstance(on, dt.date):
        errors += _limit_problems(ws, m, p, amount, on, related_party)
    return errors, warnings


def _limit_problems(ws: Workspace, m: Member, p: LoanProduct, amount: int, on: dt.date, related: bool,
                    exclude_loan: int | None = None) -> list[str]:
    problems = []
    other = store.member_outstanding(ws.db, m.id, exclude_loan)
    exposure = amount + other
    with_other = f" (ditambah sisa pinjaman lain {rupiah(other)})" if other else ""
    if p.max_amount is not None and amount > p.max_amount:
        problems.append(f"Jumlah pinjaman {rupiah(amount)} melebihi plafon {p.name} {rupiah(p.max_amount)}.")
    if p.max_savings_multiple is not None:
        saved = member_savings(ws, m.id, on)
        ceiling = int(saved * p.max_savings_multiple)
        if exposure > ceiling:
            problems.append(f"Pinjaman {m.full_name} {rupiah(exposure)}{with_other} melebihi "
                            f"{p.max_savings_multiple.normalize():f} x simpanan pokok, wajib dan sukarela "
                            f"({rupiah(saved)}) = {rupiah(ceiling)}.")
    settings = get_settings(ws)
    if settings.bmpp_enforced:
        ms = modal_sendiri(ws, on)
        pct = settings.bmpp_related_pct if related else settings.bmpp_unrelated_pct
        limit = max(0, int(ms * pct / 100))
        if exposure > limit:
            who = "pihak terkait (pengurus, pengawas, karyawan)" if related else "satu peminjam"
            problems.append(f"Batas maksimum pemberian pinjaman untuk {who} adalah {_pct(pct)} dari modal sendiri "
                            f"{rupiah(ms)} = {rupiah(limit)}; pinjaman {m.full_name} menjadi {rupiah(exposure)}"
                            f"{with_other}.")
    return problems


def apply(ws: Workspace, *, member_id: int, product_id: int, amount: int, tenor: int, on: dt.date, purpose: str,
          rate=None, collateral: str = "", collateral_value: int | None = None, guarantor: str = "",
          related_party: bool = False, by: User) -> Applied:
    """A loan application (status diajukan) numbered PJ-YYYY-NNNNNN, with the product's terms copied onto it."""
    require(by, Perm.POST)
    errors, warnings = check_application(ws, member_id=member_id, product_id=product_id, amount=amount, tenor=tenor,
                                         on=on, purpose=purpose, rate=rate, collateral=collateral,
                                         collateral_value=collateral_value, related_party=related_party)
    if errors:
        raise ValidationError(errors)
    p = get_product(ws, product_id)
    r = dec(p.rate if rate is None else rate)
    with ws.db.atomic():
        number = loan_number(on.year, ledger_store.next_number(ws.db, SERIES, on.year))
        loan = Loan(None, number, member_id, p.id, amount, tenor, p.method, r, p.frequency, p.round_to,
                    _fees(p, amount), p.denda, p.allocation, p.allocation_mode, LoanStatus.DIAJUKAN, on,
                    purpose.strip(), guarantor.strip(), collateral.strip(), collateral_value,
                    related_party=related_party, applied_by=by.id)
        lid = store.insert_loan(ws.db, loan, now_iso())
        audit(ws.db, by, "ajukan_pinjaman", "pinjaman", lid, {"nomor": number, "anggota": member_id,
                                                               "produk": p.code, "jumlah": amount, "tenor": tenor})
    loan = store.loan(ws.db, lid)
    return Applied(loan, _quote(loan), tuple(warnings), Changes(loans=True))


def _quote(loan: Loan, start: dt.date | None = None) -> LoanQuote:
    return quote(loan.amount, loan.tenor, loan.rate, loan.method, loan.frequency, round_to=loan.round_to,
                 fees=loan.fees, start=start)


def approve(ws: Workspace, loan_id: int, *, on: dt.date, note: str = "", by: User) -> Changes:
    """Approve an application. With maker-checker on (the default), the user who entered it cannot approve it.
    The limits are checked again as of the approval date."""
    require(by, Perm.APPROVE_LOANS)
    loan = get_loan(ws, loan_id)
    problems = []
    if loan.status != LoanStatus.DIAJUKAN:
        problems.append(f"Pinjaman {loan.number} berstatus {loan.status.label.lower()}; hanya pengajuan yang bisa "
                        "disetujui.")
    if get_settings(ws).maker_checker and loan.applied_by == by.id:
        problems.append(f"{by.full_name} memasukkan pengajuan {loan.number}; dengan pengaturan pembuat-pemeriksa "
                        "(maker-checker) yang menyetujui harus pengguna lain.")
    if not isinstance(on, dt.date) or on < loan.applied_on:
        problems.append("Tanggal persetujuan tidak boleh sebelum tanggal pengajuan.")
    m = _member(ws, loan.member_id)
    if not loan.is_restructuring and not problems:
        if m.status != MemberStatus.AKTIF:
            problems.append(f"{m.full_name} berstatus {m.status.label.lower()}; hanya anggota aktif yang bisa "
                            "meminjam.")
        problems += _limit_problems(ws, m, get_product(ws, loan.product_id), loan.amount, on, loan.related_party,
                                    exclude_loan=loan.id)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.update_loan(ws.db, loan.id, status=LoanStatus.DISETUJUI, decided_on=on, decided_by=by.id,
                          decision_note=note.strip())
        audit(ws.db, by, "setujui_pinjaman", "pinjaman", loan.id, {"nomor": loan.number, "catatan": note.strip()})
    return Changes(loans=True)


def reject(ws: Workspace, loan_id: int, *, on: dt.date, reason: str, by: User) -> Changes:
    require(by, Perm.APPROVE_LOANS)
    return _close_application(ws, loan_id, LoanStatus.DITOLAK, on, reason, by, "tolak_pinjaman")


def cancel(ws: Workspace, loan_id: int, *, on: dt.date, reason: str, by: User) -> Changes:
    """The member withdraws an application (before disbursement)."""
    require(by, Perm.POST)
    return _close_application(ws, loan_id, LoanStatus.DIBATALKAN, on, reason, by, "batalkan_pinjaman")


def _close_application(ws: Workspace, loan_id: int, status: LoanStatus, on: dt.date, reason: str, by: User,
                       action: str) -> Changes:
    loan = get_loan(ws, loan_id)
    problems = []
    if not loan.status.open:
        problems.append(f"Pinjaman {loan.number} berstatus {loan.status.label.lower()}; tidak bisa "
                        f"{'ditolak' if status == LoanStatus.DITOLAK else 'dibatalkan'}.")
    if not reason.strip():
        problems.append("Alasan wajib diisi.")
    if not isinstance(on, dt.date) or on < loan.applied_on:
        problems.append("Tanggal tidak boleh sebelum tanggal pengajuan.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.update_loan(ws.db, loan.id, status=status, decided_on=on, decided_by=by.id, decision_note=reason.strip())
        audit(ws.db, by, action, "pinjaman", loan.id, {"nomor": loan.number, "alasan": reason.strip()})
    return Changes(loans=True)


# ------------------------------------------------------------------------------------------------ disbursement


def disburse(ws: Workspace, loan_id: int, *, on: dt.date, cash_account_id: int | None = None, by: User) -> LoanPosted:
    """Pay out an approved loan: the schedule is frozen with its due dates and the journal posted —
    Pinjaman anggota D amount / Kas K net / provisi K / administrasi K / simpanan pinjaman K."""
    require(by, Perm.POST)
    loan = get_loan(ws, loan_id)
    if loan.is_restructuring:
        raise ValidationError(f"{loan.number} adalah restrukturisasi; jalankan lewat restrukturisasi, tanpa "
                              "pencairan kas.")
    problems = []
    if loan.status != LoanStatus.DISETUJUI:
        problems.append(f"Pinjaman {loan.number} berstatus {loan.status.label.lower()}; hanya pinjaman yang sudah "
                        "disetujui yang bisa dicairkan.")
    if not isinstance(on, dt.date) or (loan.decided_on and on < loan.decided_on):
        problems.append("Tanggal pencairan tidak boleh sebelum tanggal persetujuan.")
    m = _member(ws, loan.member_id)
    if m.status != MemberStatus.AKTIF:
        problems.append(f"{m.full_name} berstatus {m.status.label.lower()}; pinjaman tidak bisa dicairkan.")
    cash = _cash(ws, cash_account_id)
    if not problems:
        in_cash = ledger.account_balance(ws, cash, on)
        if loan.net_disbursement > in_cash:
            problems.append(f"Saldo kas pada {on:%d-%m-%Y} hanya {rupiah(in_cash)}; pencairan "
                            f"{rupiah(loan.net_disbursement)} melebihi uang yang ada.")
    p = get_product(ws, loan.product_id)
    savings_product = _loan_savings_product(ws, p) if loan.fees.savings else None
    if loan.fees.savings and savings_product is None:
        problems.append(f"Produk simpanan pinjaman untuk {p.name} belum diatur; simpan ulang produk pinjamannya.")
    if problems:
        raise ValidationError(problems)
    rows = frozen_schedule(loan.schedule(), _due(loan, on))
    text = f"Pencairan pinjaman {loan.number} {m.number} {m.full_name}"
    lines = [LineDraft(p.receivable_account_id, debit=loan.amount, memo=loan.number),
             LineDraft(cash, credit=loan.net_disbursement, memo=f"Diterima {m.full_name}"),
             LineDraft(p.provisi_account_id, credit=loan.fees.provisi, memo=f"Provisi {loan.number}"),
             LineDraft(p.admin_account_id, credit=loan.fees.admin, memo=f"Administrasi {loan.number}")]
    if savings_product:
        lines.append(LineDraft(savings_product.account_id, credit=loan.fees.savings,
                               memo=f"Simpanan pinjaman {loan.number}"))
    draft = JournalDraft(on, text, tuple(x for x in lines if x.debit or x.credit), series="KK",
                         source=f"pinjaman:{loan.id}", reference=loan.number)
    with ws.db.atomic():
        posted = ledger.post_in_transaction(ws, draft, by)
        tx_id = store.insert_tx(ws.db, loan_id=loan.id, on=on, kind=LoanTxKind.PENCAIRAN, amount=loan.amount,
                                principal=loan.amount, description=text, journal_id=posted.journal_id,
                                user_id=by.id, now=now_iso())
        store.insert_instalments(ws.db, tx_id, loan.id, rows)
        if savings_product:
            members_store.insert_txs(ws.db, [(m.id, savings_product.id, on.isoformat(), TxKind.SETORAN.value,
                                              loan.fees.savings, 0, f"Simpanan pinjaman {loan.number}", "",
                                              posted.journal_id, None)], by.id, now_iso())
        store.update_loan(ws.db, loan.id, status=LoanStatus.AKTIF, disbursed_on=on)
        audit(ws.db, by, "cairkan_pinjaman", "pinjaman", loan.id,
              {"nomor": loan.number, "jumlah": loan.amount, "bersih": loan.net_disbursement, "jurnal": posted.number})
    return LoanPosted(tx_id, posted.journal_id, posted.number, get_loan(ws, loan.id),
                      Changes(loans=True, ledger=True, savings=bool(savings_product)))


def _due(loan: Loan, start: dt.date) -> tuple[dt.date, ...]:
    return due_dates(start, loan.tenor, loan.frequency)


def _loan_savings_product(ws: Workspace, p: LoanProduct):
    if p.savings_product_id is not None:
        return members_store.product(ws.db, p.savings_product_id)
    return members_store.product_by_code(ws.db, LOAN_SAVINGS_CODE)


# ------------------------------------------------------------------------------------------------ repayments


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


def _savings_to_return(ws: Workspace, loan: Loan) -> int:
    if not loan.fees.savings:
        return 0
    product = _loan_savings_product(ws, get_product(ws, loan.product_id))
    if product is None:
        return 0
    return max(0, min(loan.fees.savings, members_store.balance(ws.db, loan.member_id, product.id)))


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
                   Fees(0, 0, old.fees.savings), p.denda, p.allocation, p.allocation_mode,
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
    remaining = store.outstanding(ws.db, loan.id)
    if remaining <= 0:
        raise ValidationError(f"Pinjaman {loan.number} tidak mempunyai sisa pokok.")
    settings = get_settings(ws)
    ppap = ledger.get_account(ws, settings.ppap_account)
    expense = ledger.get_account(ws, settings.ppap_expense_account)
    from_ppap = max(0, min(remaining, ledger.account_balance(ws, ppap.id, on)))
    p = get_product(ws, loan.product_id)
    m = _member(ws, loan.member_id)
    text = f"Hapus buku pinjaman {loan.number} {m.number} {m.full_name}: {reason.strip()}"
    lines = (LineDraft(ppap.id, debit=from_ppap, memo=loan.number),
             LineDraft(expense.id, debit=remaining - from_ppap, memo=f"Kekurangan PPAP {loan.number}"),
             LineDraft(p.receivable_account_id, credit=remaining, memo=loan.number))
    draft = JournalDraft(on, text, tuple(x for x in lines if x.debit or x.credit), series="JU",
                         source=f"pinjaman:{loan.id}", reference=loan.number)
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


def update_collateral(ws: Workspace, loan_id: int, *, collateral: str, collateral_value: int | None,
                      salvageable: bool | None = None, in_court: bool = False, by: User) -> Changes:
    """The collateral, its (eligible) value, whether the loan is judged salvageable, and whether it is in court or
    under a credit-insurance claim: these move collectibility and the PPAP, so the change is audited."""
    require(by, Perm.APPROVE_LOANS)
    loan = get_loan(ws, loan_id)
    problems = []
    if collateral_value is not None and (not isinstance(collateral_value, int) or isinstance(collateral_value, bool)
                                         or collateral_value < 0):
        problems.append("Nilai agunan harus rupiah bulat, tidak negatif (atau dikosongkan).")
    if collateral_value and not collateral.strip():
        problems.append("Keterangan agunan wajib diisi jika nilainya diisi.")
    if problems:
        raise ValidationError(problems)
    before = {"agunan": loan.collateral, "nilai": loan.collateral_value, "dapat_diselamatkan": loan.salvageable,
              "pengadilan": loan.in_court}
    after = {"agunan": collateral.strip(), "nilai": collateral_value, "dapat_diselamatkan": salvageable,
             "pengadilan": bool(in_court)}
    with ws.db.atomic():
        store.update_loan(ws.db, loan.id, collateral=collateral.strip(), collateral_value=collateral_value,
                          salvageable=None if salvageable is None else int(salvageable), in_court=int(bool(in_court)))
        audit(ws.db, by, "ubah_agunan_pinjaman", "pinjaman", loan.id, {"nomor": loan.number, "sebelum": before,
                                                                        "sesudah": after})
    return Changes(loans=True)


# ------------------------------------------------------------------------------------------------ reading


@dataclass(frozen=True, slots=True)
class LoanRow:
    loan: Loan
    member_number: str
    member_name: str
    outstanding: int            # principal outstanding now


def search(ws: Workspace, text: str = "", statuses: tuple[LoanStatus, ...] = (), *, member_id: int | None = None,
           product_id: int | None = None, limit: int = 200, offset: int = 0) -> list[LoanRow]:
    """A page of the loan list: search by loan number, member number or name; filter by status, member, product."""
    return [LoanRow(*r) for r in store.search_loans(ws.db, text, [s.value for s in statuses], member_id=member_id,
                                                    product_id=product_id, limit=limit, offset=offset)]


def count(ws: Workspace, text: str = "", statuses: tuple[LoanStatus, ...] = (), *, member_id: int | None = None,
          product_id: int | None = None) -> int:
    return store.count_loans(ws.db, text, [s.value for s in statuses], member_id=member_id, product_id=product_id)


def member_loans(ws: Workspace, member_id: int) -> list[LoanRow]:
    """Every loan of a member, newest first (the member detail screen)."""
    return search(ws, member_id=member_id, limit=10_000)


def transactions(ws: Workspace, loan_id: int) -> list[LoanTx]:
    return store.txs(ws.db, loan_id)


def get_tx(ws: Workspace, tx_id: int) -> LoanTx:
    t = store.tx(ws.db, tx_id)
    if t is None:
        raise NotFound("Transaksi pinjaman tidak ditemukan.")
    return t


@dataclass(frozen=True, slots=True)
class CardLine:
    no: int
    due: dt.date
    principal: int
    interest: int
    principal_paid: int
    interest_paid: int
    penalty: int
    penalty_paid: int
    state: str                  # Lunas, Sebagian, Tertunggak, Jatuh tempo, Belum jatuh tempo, Tidak ditagih

    @property
    def total(self) -> int:
        return self.principal + self.interest

    @property
    def unpaid(self) -> int:
        return self.principal + self.interest - self.principal_paid - self.interest_paid


@dataclass(frozen=True, slots=True)
class CardPayment:
    tx: LoanTx
    allocations: tuple[Allocation, ...]
    outstanding: int            # principal outstanding after this transaction


@dataclass(frozen=True, slots=True)
class LoanCard:
    """Kartu pinjaman: the loan, its schedule with what is paid per instalment, every transaction with the running
    principal balance, and the position as of the date."""

    loan: Loan
    member: Member
    product: LoanProduct
    as_of: dt.date
    position: LoanPosition
    lines: tuple[CardLine, ...]
    payments: tuple[CardPayment, ...]
    quote: LoanQuote
    restructures_number: str | None
    restructured_into_number: str | None

    @property
    def outstanding(self) -> int:
        return self.payments[-1].outstanding if self.payments else 0

    @property
    def total_paid(self) -> tuple[int, int, int]:
        """(pokok, jasa, denda) received."""
        return (sum(-p.tx.principal for p in self.payments if p.tx.kind in _PAYING),
                sum(p.tx.interest for p in self.payments), sum(p.tx.penalty for p in self.payments))


_PAYING = (LoanTxKind.ANGSURAN, LoanTxKind.PELUNASAN, LoanTxKind.POTONG_SIMPANAN, LoanTxKind.PEMBALIK)


def loan_card(ws: Workspace, loan_id: int, as_of: dt.date | None = None) -> LoanCard:
    loan = get_loan(ws, loan_id)
    as_of = as_of or dt.date.today()
    pos = _position(ws, loan, as_of)
    lines = []
    for i in pos.instalments:
        if i.principal_waived or i.interest_waived:
            state = {LoanStatus.DIRESTRUKTURISASI: "Direstrukturisasi",
                     LoanStatus.DIHAPUS: "Dihapus buku"}.get(loan.status, "Tidak ditagih")
        elif i.settled:
            state = "Lunas"
        elif i.due < as_of:
            state = "Tertunggak"
        elif i.due == as_of:
            state = "Jatuh tempo"
        elif i.principal_paid or i.interest_paid:
            state = "Sebagian"
        else:
            state = "Belum jatuh tempo"
        lines.append(CardLine(i.no, i.due, i.principal, i.interest, i.principal_paid, i.interest_paid, i.penalty,
                              i.penalty_paid, state))
    allocs = store.allocations(ws.db, loan.id)
    running, payments = 0, []
    for t in store.txs(ws.db, loan.id):
        running += t.principal
        payments.append(CardPayment(t, allocs.get(t.id, ()), running))
    before = store.loan(ws.db, loan.restructures_id) if loan.restructures_id else None
    after_id = store.restructured_by(ws.db, loan.id)
    after = store.loan(ws.db, after_id) if after_id else None
    return LoanCard(loan, _member(ws, loan.member_id), get_product(ws, loan.product_id), as_of, pos, tuple(lines),
                    tuple(payments), _quote(loan, loan.disbursed_on), before.number if before else None,
                    after.number if after and after.status not in (LoanStatus.DITOLAK, LoanStatus.DIBATALKAN)
                    else None)


# ------------------------------------------------------------------------------------------------ member exit


def _exit_obligations(ws: Workspace, member: Member, on: dt.date,
                      settings: MemberSettings) -> list[tuple[str, int, int]]:
    """A leaving member's loans (spec §6.4): refused while a loan or application is open, unless the member
    settings offset loans against the savings; then remaining principal, jasa due and denda as of the exit date
    become settlement lines. The memos name the loan: a trigger settles it from the posted exit journal."""
    rows = search(ws, statuses=(LoanStatus.DIAJUKAN, LoanStatus.DISETUJUI, LoanStatus.AKTIF), member_id=member.id,
                  limit=10_000)
    pending = [r.loan for r in rows if r.loan.status.open]
    if pending:
        raise ValidationError([f"Pengajuan pinjaman {x.number} masih {x.status.label.lower()}; tolak atau batalkan "
                               "dulu sebelum anggota keluar." for x in pending])
    active = [r for r in rows if r.loan.status == LoanStatus.AKTIF]
    if not active:
        return []
    if not settings.exit_offsets_loans:
        raise ValidationError([f"{member.full_name} masih mempunyai pinjaman {r.loan.number} dengan sisa pokok "
                               f"{rupiah(r.outstanding)}. Lunasi pinjaman lebih dulu, atau aktifkan pemotongan "
                               "simpanan untuk pinjaman di pengaturan anggota." for r in active])
    lines = []
    for r in active:
        q = payoff_quote(ws, r.loan.id, on)
        p = get_product(ws, r.loan.product_id)
        lines += [(f"Pokok pinjaman {r.loan.number}", q.principal, p.receivable_account_id),
                  (f"Jasa pinjaman {r.loan.number}", q.jasa, p.jasa_account_id),
                  (f"Denda pinjaman {r.loan.number}", q.denda, p.denda_account_id)]
    return [x for x in lines if x[1]]


if not any(getattr(h, "__name__", "") == "_exit_obligations" for h in members.EXIT_OBLIGATIONS):
    members.EXIT_OBLIGATIONS.append(_exit_obligations)
