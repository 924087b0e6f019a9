"""The ledger: chart of accounts, posting journals (single and bulk), reversals, cash book, account ledger,
trial balance, and period locks. Every write is one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import NotFound, PeriodClosed, ValidationError
from kopdesk.domain.ledger import (
    Account,
    AccountClass,
    AccountLedger,
    Journal,
    JournalDraft,
    LineDraft,
    Side,
    TrialBalance,
    TrialBalanceRow,
    reversal_of,
    running_entries,
    signed_balance,
    validate_journal,
)
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import rupiah
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.workspace import Workspace
from kopdesk.store import ledger as store

ACCOUNT_CODE = re.compile(r"^[1-8]-\d{4}$")


@dataclass(frozen=True, slots=True)
class Posted:
    journal_id: int
    number: str
    changes: Changes


# ----------------------------------------------------------------------------------------------- accounts


def list_accounts(ws: Workspace, *, postable_only: bool = False, active_only: bool = False) -> list[Account]:
    out = list(store.accounts(ws.db).values())
    if postable_only:
        out = [a for a in out if not a.is_group]
    if active_only:
        out = [a for a in out if a.active]
    return out


def get_account(ws: Workspace, code: str) -> Account:
    account = store.account_by_code(ws.db, code)
    if account is None:
        raise NotFound(f"Akun {code} tidak ada di daftar akun.")
    return account


def cash_account_id(ws: Workspace, account_id: int | None) -> int:
    """The cash or bank account money moves through: the one chosen (it must be a cash/bank account), else Kas."""
    if account_id is None:
        return store.account_by_code(ws.db, "1-1100").id
    a = store.account(ws.db, account_id)
    if a is None or not a.is_cash:
        raise ValidationError("Akun kas/bank wajib dipilih.")
    return a.id


def cash_accounts(ws: Workspace) -> list[Account]:
    return [a for a in list_accounts(ws, postable_only=True, active_only=True) if a.is_cash]


def add_account(ws: Workspace, *, code: str, name: str, normal: Side | None = None, tags: Iterable[str] = (),
                is_cash: bool = False, by: User) -> tuple[Account, Changes]:
    require(by, Perm.ACCOUNTS)
    code, name = code.strip(), name.strip()
    problems = []
    if not ACCOUNT_CODE.match(code):
        problems.append("Kode akun harus berbentuk K-NNNN, misalnya 6-1250 (K = kelompok 1 sampai 8).")
    elif store.account_by_code(ws.db, code):
        problems.append(f"Kode akun {code} sudah dipakai.")
    if not name:
        problems.append("Nama akun wajib diisi.")
    if problems:
        raise ValidationError(problems)
    klass = AccountClass(code[0])
    header = store.account_by_code(ws.db, code[0])
    if normal is None:
        normal = header.normal if header else (Side.DEBIT if code[0] in "15678" else Side.CREDIT)
    if is_cash and klass != AccountClass.ASET:
        raise ValidationError("Hanya akun aset yang bisa menjadi akun kas/bank.")
    with ws.db.atomic():
        aid = store.insert_account(ws.db, code=code, name=name, normal=Side(normal).value, klass=klass.value,
                                   parent_code=code[0], tags=tags, is_cash=is_cash)
        audit(ws.db, by, "tambah_akun", "akun", aid, {"kode": code, "nama": name})
    return store.account(ws.db, aid), Changes(accounts=True)


def rename_account(ws: Workspace, account_id: int, name: str, by: User) -> Changes:
    require(by, Perm.ACCOUNTS)
    account = store.account(ws.db, account_id)
    if account is None:
        raise NotFound("Akun tidak ditemukan.")
    if not name.strip():
        raise ValidationError("Nama akun wajib diisi.")
    with ws.db.atomic():
        ws.db.execute("UPDATE accounts SET name = ? WHERE id = ?", [name.strip(), account_id])
        audit(ws.db, by, "ganti_nama_akun", "akun", account_id, {"dari": account.name, "menjadi": name.strip()})
    return Changes(accounts=True)


def set_account_active(ws: Workspace, account_id: int, active: bool, by: User) -> Changes:
    require(by, Perm.ACCOUNTS)
    account = store.account(ws.db, account_id)
    if account is None:
        raise NotFound("Akun tidak ditemukan.")
    if not active:
        totals = store.totals_by_account(ws.db, dt.date.max).get(account_id, (0, 0))
        if totals[0] != totals[1]:
            raise ValidationError(f"Akun {account.label} masih bersaldo; nolkan saldonya sebelum dinonaktifkan.")
    with ws.db.atomic():
        ws.db.execute("UPDATE accounts SET active = ? WHERE id = ?", [int(active), account_id])
        audit(ws.db, by, "aktifkan_akun" if active else "nonaktifkan_akun", "akun", account_id,
              {"kode": account.code})
    return Changes(accounts=True)


def delete_account(ws: Workspace, account_id: int, by: User) -> Changes:
    """Only an account that was never used may be deleted (a trigger enforces it too)."""
    require(by, Perm.ACCOUNTS)
    account = store.account(ws.db, account_id)
    if account is None:
        raise NotFound("Akun tidak ditemukan.")
    if store.account_used(ws.db, account_id):
        raise ValidationError(f"Akun {account.label} sudah dipakai dan tidak bisa dihapus; nonaktifkan saja.")
    if account.is_group:
        raise ValidationError("Akun induk tidak bisa dihapus.")
    with ws.db.atomic():
        ws.db.execute("DELETE FROM accounts WHERE id = ?", [account_id])
        audit(ws.db, by, "hapus_akun", "akun", account_id, {"kode": account.code, "nama": account.name})
    return Changes(accounts=True)


# ----------------------------------------------------------------------------------------------- posting


def _check_drafts(ws: Workspace, drafts: Sequence[JournalDraft]) -> None:
    accounts = store.accounts_by_ids(ws.db, (line.account_id for d in drafts for line in d.lines))
    locked = store.locked_through(ws.db)
    problems: list[str] = []
    for n, draft in enumerate(drafts, start=1):
        prefix = f"Jurnal {n}: " if len(drafts) > 1 else ""
        problems += [prefix + p for p in validate_journal(draft, accounts)]
        if locked and isinstance(draft.date, dt.date) and draft.date <= locked:
            raise PeriodClosed(f"{prefix}Tanggal {draft.date:%d-%m-%Y} berada dalam periode yang sudah ditutup "
                               f"(sampai {locked:%d-%m-%Y}). Gunakan tanggal sesudahnya.")
        if len(problems) > 50:
            break
    if problems:
        raise ValidationError(problems)


def post_journal(ws: Workspace, draft: JournalDraft, by: User) -> Posted:
    """Post one balanced journal. Refuses an unbalanced, empty or zero journal, an unknown or group account,
    and a date in a closed period. Nothing is written unless everything is valid."""
    require(by, Perm.POST)
    with ws.db.atomic():
        posted = _post_in_transaction(ws, draft, by)
    return posted


def _post_in_transaction(ws: Workspace, draft: JournalDraft, by: User) -> Posted:
    """For other services that post a journal as part of their own transaction (savings, loans...)."""
    _check_drafts(ws, [draft])
    [(jid, number)] = store.insert_journals(ws.db, [draft], by.id, now_iso())
    audit(ws.db, by, "posting_jurnal", "jurnal", jid, {"nomor": number, "jumlah": draft.total_debit,
                                                       "keterangan": draft.description})
    return Posted(jid, number, Changes(ledger=True))


post_in_transaction = _post_in_transaction


def post_journals(ws: Workspace, drafts: Sequence[JournalDraft], by: User) -> tuple[list[tuple[int, str]], Changes]:
    """Post many journals at once, all or nothing (one transaction, bulk inserts)."""
    require(by, Perm.POST)
    if not drafts:
        raise ValidationError("Tidak ada jurnal untuk dibukukan.")
    with ws.db.atomic():
        _check_drafts(ws, drafts)
        posted = store.insert_journals(ws.db, drafts, by.id, now_iso())
        audit(ws.db, by, "posting_jurnal_massal", "jurnal", f"{posted[0][1]}..{posted[-1][1]}",
              {"jumlah_jurnal": len(posted), "total": sum(d.total_debit for d in drafts)})
    return posted, Changes(ledger=True)


def reverse_journal(ws: Workspace, journal_id: int, *, on: dt.date, reason: str, by: User) -> Posted:
    """Correct a posted journal with its linked reversal (the original is never changed)."""
    require(by, Perm.REVERSE)
    journal = store.journal(ws.db, journal_id)
    if journal is None:
        raise NotFound("Jurnal tidak ditemukan.")
    problems = []
    if not reason.strip():
        problems.append("Alasan pembatalan wajib diisi.")
    if journal.reversed_by_id:
        done = store.journal(ws.db, journal.reversed_by_id)
        problems.append(f"Jurnal {journal.number} sudah dibalik dengan {done.number}.")
    if journal.reverses_id:
        problems.append(f"{journal.number} adalah jurnal pembalik dan tidak bisa dibalik lagi; buat jurnal baru.")
    if on < journal.date:
        problems.append("Tanggal pembalik tidak boleh sebelum tanggal jurnal asal.")
    if (journal.source or "").startswith("shu_bayar:"):
        # the SHU tables must learn of it too (the share becomes unpaid again): only services.shu may undo it
        problems.append(f"{journal.number} adalah pembayaran SHU: batalkan lewat Tutup Buku/SHU > Pembagian SHU > "
                        "Batalkan pembayaran.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        posted = _post_in_transaction(ws, reversal_of(journal, on, reason.strip()), by)
        audit(ws.db, by, "balik_jurnal", "jurnal", journal.id, {"nomor": journal.number, "pembalik": posted.number,
                                                                "alasan": reason.strip()})
    return posted


def record_cash(ws: Workspace, *, receipt: bool, cash_account_id: int, counter_account_id: int, amount: int,
                on: dt.date, description: str, reference: str = "", by: User) -> Posted:
    """A cash-book entry: a receipt (kas masuk, KM) or a payment (kas keluar, KK) against one counter account."""
    problems = []
    cash = store.account(ws.db, cash_account_id)
    if cash is None or not cash.is_cash:
        problems.append("Akun kas/bank wajib dipilih.")
    counter = store.account(ws.db, counter_account_id)
    if counter is None:
        problems.append("Akun lawan wajib dipilih.")
    elif counter.is_cash:
        problems.append("Akun lawan tidak boleh akun kas/bank; gunakan jurnal umum untuk pemindahan kas.")
    if not isinstance(amount, int) or amount <= 0:
        problems.append("Jumlah harus lebih dari nol.")
    if not description.strip():
        problems.append("Keterangan wajib diisi.")
    if problems:
        raise ValidationError(problems)
    if not receipt:
        balance = account_balance(ws, cash_account_id, on)
        if amount > balance:
            raise ValidationError(f"Saldo {cash.name} pada {on:%d-%m-%Y} hanya {rupiah(balance)}; "
                                  f"pengeluaran {rupiah(amount)} melebihi saldo.")
    if receipt:
        lines = (LineDraft(cash_account_id, debit=amount), LineDraft(counter_account_id, credit=amount))
    else:
        lines = (LineDraft(counter_account_id, debit=amount), LineDraft(cash_account_id, credit=amount))
    draft = JournalDraft(date=on, description=description.strip(), lines=lines, series="KM" if receipt else "KK",
                         source="kas", reference=reference.strip())
    return post_journal(ws, draft, by)


# ----------------------------------------------------------------------------------------------- reading


def get_journal(ws: Workspace, journal_id: int) -> Journal:
    journal = store.journal(ws.db, journal_id)
    if journal is None:
        raise NotFound("Jurnal tidak ditemukan.")
    return journal


def journals(ws: Workspace, date_from: dt.date, date_to: dt.date, *, search: str = "",
             series: str | None = None) -> list[Journal]:
    return store.journals_between(ws.db, date_from, date_to, search=search, series=series)


def account_balance(ws: Workspace, account_id: int, as_of: dt.date) -> int:
    account = store.account(ws.db, account_id)
    d, c = store.account_totals_before(ws.db, account_id, as_of + dt.timedelta(days=1))
    return signed_balance(account.normal, d, c)


def trial_balance(ws: Workspace, as_of: dt.date, *, include_zero: bool = False) -> TrialBalance:
    """Neraca saldo as of a date: every postable account with its debit or credit balance."""
    totals = store.totals_by_account(ws.db, as_of)
    rows = []
    for account in store.accounts(ws.db).values():
        if account.is_group:
            continue
        d, c = totals.get(account.id, (0, 0))
        if d == c and not include_zero:
            continue
        rows.append(TrialBalanceRow(account, d, c))
    return TrialBalance(as_of, tuple(rows))


def account_ledger(ws: Workspace, account_id: int, date_from: dt.date, date_to: dt.date) -> AccountLedger:
    """Buku besar of one account: opening balance, every line in the period, running balance."""
    account = store.account(ws.db, account_id)
    if account is None:
        raise NotFound("Akun tidak ditemukan.")
    if date_to < date_from:
        raise ValidationError("Tanggal akhir tidak boleh sebelum tanggal awal.")
    d, c = store.account_totals_before(ws.db, account_id, date_from)
    opening = signed_balance(account.normal, d, c)
    rows = store.account_lines(ws.db, account_id, date_from, date_to)
    return AccountLedger(account, date_from, date_to, opening, running_entries(account, opening, rows))


def cash_book(ws: Workspace, cash_account_id: int, date_from: dt.date, date_to: dt.date) -> AccountLedger:
    """Buku kas: the account ledger of a cash or bank account (receipts as debit, payments as credit)."""
    return account_ledger(ws, cash_account_id, date_from, date_to)


# ----------------------------------------------------------------------------------------------- periods


def locked_through(ws: Workspace) -> dt.date | None:
    return store.locked_through(ws.db)


def lock_period(ws: Workspace, through: dt.date, by: User, kind: str = "bulan") -> Changes:
    """Lock the books up to and including ``through``: no journal may be dated on or before it."""
    require(by, Perm.PERIODS)
    current = store.locked_through(ws.db)
    if current and through <= current:
        raise ValidationError(f"Buku sudah terkunci sampai {current:%d-%m-%Y}.")
    if through >= dt.date.today():
        raise ValidationError("Periode yang dikunci harus sudah lewat (sebelum hari ini).")
    with ws.db.atomic():
        pid = ws.db.execute("INSERT INTO closed_periods (period_end, kind, closed_at, closed_by) VALUES (?, ?, ?, ?)",
                            [through.isoformat(), kind, now_iso(), by.id]).lastrowid
        audit(ws.db, by, "kunci_periode", "periode", pid, {"sampai": through.isoformat(), "jenis": kind})
    return Changes(periods=True)


def reopen_period(ws: Workspace, reason: str, by: User) -> Changes:
    """Reopen the most recent lock (admin only, with a reason, audited)."""
    require(by, Perm.PERIODS)
    if not reason.strip():
        raise ValidationError("Alasan membuka kembali periode wajib diisi.")
    row = ws.db.execute("SELECT id, period_end, kind FROM closed_periods WHERE reopened_at IS NULL "
                        "ORDER BY period_end DESC LIMIT 1").fetchone()
    if row is None:
        raise ValidationError("Tidak ada periode yang terkunci.")
    if row[2] == "tahun" and ws.db.execute("SELECT 1 FROM closings WHERE period_end = ? AND reopened_at IS NULL",
                                           [row[1]]).fetchone():
        raise ValidationError(f"Buku sampai {dt.date.fromisoformat(row[1]):%d-%m-%Y} terkunci karena tutup buku; "
                              "bukalah lewat Tutup Buku > Buka kembali tahun buku (jurnal penutupnya dibalik).")
    with ws.db.atomic():
        ws.db.execute("UPDATE closed_periods SET reopened_at = ?, reopened_by = ?, reopen_reason = ? WHERE id = ?",
                      [now_iso(), by.id, reason.strip(), row[0]])
        audit(ws.db, by, "buka_periode", "periode", row[0], {"sampai": row[1], "alasan": reason.strip()})
    return Changes(periods=True)


def latest_journals(ws: Workspace, limit: int = 50) -> list[Journal]:
    """The most recent journals (by date, then posting order), newest first."""
    return [store.journal(ws.db, jid) for jid in store.latest_journal_ids(ws.db, limit)]


@dataclass(frozen=True, slots=True)
class CashSummary:
    date_from: dt.date
    date_to: dt.date
    balances: tuple[tuple[Account, int], ...]   # each cash/bank account and its balance at date_to
    receipts: int
    payments: int

    @property
    def total(self) -> int:
        return sum(b for _, b in self.balances)


def cash_summary(ws: Workspace, date_from: dt.date, date_to: dt.date) -> CashSummary:
    """Cash and bank for the dashboard: balances at the end and money in and out over the period
    (transfers between cash and bank are not counted as receipts or payments)."""
    cash = cash_accounts(ws)
    ids = [a.id for a in cash]
    totals = store.totals_by_account(ws.db, date_to)
    balances = tuple((a, signed_balance(a.normal, *totals.get(a.id, (0, 0)))) for a in cash)
    receipts = payments = 0
    if ids:
        marks = ",".join("?" * len(ids))
        # lines on cash accounts of journals that are not pure transfers between cash accounts
        row = ws.db.execute(
            f"SELECT coalesce(sum(l.debit), 0), coalesce(sum(l.credit), 0) FROM journal_lines l "
            f"WHERE l.account_id IN ({marks}) AND l.date BETWEEN ? AND ? AND EXISTS ("
            f"  SELECT 1 FROM journal_lines o WHERE o.journal_id = l.journal_id AND o.account_id NOT IN ({marks}))",
            [*ids, date_from.isoformat(), date_to.isoformat(), *ids]).fetchone()
        receipts, payments = row
    return CashSummary(date_from, date_to, balances, receipts, payments)
