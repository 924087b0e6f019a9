"""Loans (pinjaman): application with the schedule preview, limits (plafon, savings multiple, BMPP), approval with
maker-checker, disbursement, collateral, the reads of the loan screens (list, loan card, a member's loans), and the
hook that settles a leaving member's loans. Repayments, payoff and reversals are in ``loan_payments``;
restructuring, write-off and recovery in ``loan_workouts``; the portfolio and PPAP in ``collectibility``.

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
    Frequency,
    Loan,
    LoanPosition,
    LoanProduct,
    LoanQuote,
    LoanStatus,
    LoanTx,
    LoanTxKind,
    disbursement_fees,
    due_dates,
    frozen_schedule,
    loan_number,
    quote,
    replay,
    schedule_problems,
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
    return members.get_member(ws, member_id)


def _cash(ws: Workspace, cash_account_id: int | None) -> int:
    return ledger.cash_account_id(ws, cash_account_id)


def _unit(frequency: Frequency) -> str:
    return "minggu" if frequency == Frequency.WEEKLY else "bulan"


def _pct(d) -> str:
    return f"{dec(d).normalize():f}".replace(".", ",") + "%"


def modal_sendiri(ws: Workspace, as_of: dt.date) -> int:
    """Modal sendiri: the balances of the accounts tagged ``ms`` (spec §5.3), the base of the BMPP."""
    ms = [a for a in ledger_store.accounts(ws.db).values() if "ms" in a.tags and not a.is_group]
    totals = ledger_store.totals_for_accounts(ws.db, [a.id for a in ms], as_of)
    return sum(signed_balance(a.normal, *totals.get(a.id, (0, 0))) for a in ms)


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
    r = rate if rate is not None else (p.rate if p else None)
    if r is not None:
        try:
            r = dec(r)
            if not 0 <= r <= 100:
                errors.append("Jasa per bulan harus 0 sampai 100%.")
                r = None
        except (TypeError, ValueError, ArithmeticError):
            errors.append("Jasa per bulan harus berupa angka.")
            r = None
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
    become settlement lines, and ``_exit_settled`` closes the loans once the exit journal is posted."""
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
    problems = [p for r in active for p in _date_problems(ws, r.loan, on, "keluar")]
    if problems:
        raise ValidationError(problems)
    lines = []
    for r in active:
        pos = _position(ws, r.loan, on)      # as for an early payoff: principal, jasa due to the date, denda
        p = get_product(ws, r.loan.product_id)
        lines += [(f"Pokok pinjaman {r.loan.number}", pos.principal_outstanding, p.receivable_account_id),
                  (f"Jasa pinjaman {r.loan.number}", pos.jasa_due, p.jasa_account_id),
                  (f"Denda pinjaman {r.loan.number}", pos.penalty_due, p.denda_account_id)]
    return [x for x in lines if x[1]]


def _exit_settled(ws: Workspace, member: Member, journal_id: int, on: dt.date, by: User) -> None:
    """Inside the exit transaction: each active loan of the member is settled by the offset journal (one
    potong_simpanan row with its principal, jasa and denda) and closed as lunas."""
    rows = search(ws, statuses=(LoanStatus.AKTIF,), member_id=member.id, limit=10_000)
    now = now_iso()
    for r in rows:
        pos = _position(ws, r.loan, on)
        amount = pos.principal_outstanding + pos.jasa_due + pos.penalty_due
        store.insert_tx(ws.db, loan_id=r.loan.id, on=on, kind=LoanTxKind.POTONG_SIMPANAN, amount=amount,
                        principal=-pos.principal_outstanding, interest=pos.jasa_due, penalty=pos.penalty_due,
                        description=f"Dipotong dari simpanan saat keluar ({member.number})", journal_id=journal_id,
                        user_id=by.id, now=now)
        store.update_loan(ws.db, r.loan.id, status=LoanStatus.LUNAS.value, closed_on=on.isoformat())
        audit(ws.db, by, "pinjaman_lunas_potong_simpanan", "pinjaman", r.loan.id,
              {"nomor": r.loan.number, "jumlah": amount, "jurnal": journal_id})


if _exit_obligations not in members.EXIT_OBLIGATIONS:
    members.EXIT_OBLIGATIONS.append(_exit_obligations)
if _exit_settled not in members.EXIT_SETTLED:
    members.EXIT_SETTLED.append(_exit_settled)
