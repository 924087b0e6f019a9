"""Double-entry ledger records and rules: accounts, journal drafts and their validation.

A journal is valid when it has at least two lines, every line is either a debit or a credit of a positive whole
number of rupiah, every account exists, is active and is postable (not a group header), and debits equal credits.
``validate_journal`` returns every problem at once, in Indonesian.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NewType

from kopdesk.domain.money import rp

AccountId = NewType("AccountId", int)
JournalId = NewType("JournalId", int)


class Side(StrEnum):
    DEBIT = "D"
    CREDIT = "C"


class AccountClass(StrEnum):
    ASET = "1"
    LIABILITAS = "2"
    EKUITAS = "3"
    PENDAPATAN = "4"
    BEBAN_POKOK = "5"
    BEBAN_USAHA = "6"
    BEBAN_PERKOPERASIAN = "7"
    PAJAK = "8"

    @property
    def label(self) -> str:
        return CLASS_LABELS[self]

    @property
    def is_nominal(self) -> bool:
        """Income and expense classes: closed into SHU at year end."""
        return self in (AccountClass.PENDAPATAN, AccountClass.BEBAN_POKOK, AccountClass.BEBAN_USAHA,
                        AccountClass.BEBAN_PERKOPERASIAN, AccountClass.PAJAK)


CLASS_LABELS = {
    AccountClass.ASET: "Aset",
    AccountClass.LIABILITAS: "Liabilitas",
    AccountClass.EKUITAS: "Ekuitas",
    AccountClass.PENDAPATAN: "Partisipasi & Pendapatan",
    AccountClass.BEBAN_POKOK: "Beban Pokok",
    AccountClass.BEBAN_USAHA: "Beban Usaha",
    AccountClass.BEBAN_PERKOPERASIAN: "Beban Perkoperasian",
    AccountClass.PAJAK: "Pajak",
}

# Journal number series: code -> Indonesian label. Numbers look like KM-2026-000123.
SERIES = {
    "KM": "Kas Masuk",
    "KK": "Kas Keluar",
    "JU": "Jurnal Umum",
    "JB": "Jurnal Pembalik",
    "JS": "Saldo Awal",
}


def journal_number(series: str, year: int, seq: int) -> str:
    return f"{series}-{year}-{seq:06d}"


@dataclass(frozen=True, slots=True)
class Account:
    id: AccountId
    code: str
    name: str
    normal: Side
    klass: AccountClass
    parent_code: str | None = None
    tags: tuple[str, ...] = ()
    is_group: bool = False
    is_cash: bool = False
    active: bool = True

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True, slots=True)
class LineDraft:
    account_id: int
    debit: int = 0
    credit: int = 0
    memo: str = ""


@dataclass(frozen=True, slots=True)
class JournalDraft:
    date: dt.date
    description: str
    lines: tuple[LineDraft, ...]
    series: str = "JU"
    source: str = ""          # e.g. "kas", "simpanan:123"; free text for manual journals
    reference: str = ""       # the document number on paper (kuitansi, nota), optional
    reverses_id: int | None = None

    @property
    def total_debit(self) -> int:
        return sum(line.debit for line in self.lines)

    @property
    def total_credit(self) -> int:
        return sum(line.credit for line in self.lines)


@dataclass(frozen=True, slots=True)
class JournalLine:
    account_id: AccountId
    account_code: str
    account_name: str
    debit: int
    credit: int
    memo: str = ""


@dataclass(frozen=True, slots=True)
class Journal:
    id: JournalId
    number: str
    date: dt.date
    description: str
    series: str
    source: str
    reference: str
    created_at: str
    created_by: str
    reverses_id: int | None
    reversed_by_id: int | None
    lines: tuple[JournalLine, ...] = field(default=())

    @property
    def total(self) -> int:
        return sum(line.debit for line in self.lines)


def validate_journal(draft: JournalDraft, accounts: Mapping[int, Account]) -> list[str]:
    """Every problem with a journal draft, in Indonesian; an empty list means it may be posted."""
    problems: list[str] = []
    if not isinstance(draft.date, dt.date):
        problems.append("Tanggal jurnal wajib diisi.")
    if not draft.description.strip():
        problems.append("Keterangan jurnal wajib diisi.")
    if draft.series not in SERIES:
        problems.append(f"Seri nomor jurnal '{draft.series}' tidak dikenal.")
    if len(draft.lines) == 0:
        problems.append("Jurnal kosong: isi paling sedikit dua baris (debit dan kredit).")
        return problems
    if len(draft.lines) < 2:
        problems.append("Jurnal harus punya paling sedikit dua baris (debit dan kredit).")
    for n, line in enumerate(draft.lines, start=1):
        where = f"Baris {n}"
        for name, value in (("debit", line.debit), ("kredit", line.credit)):
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(f"{where}: jumlah {name} harus bilangan bulat rupiah.")
        if isinstance(line.debit, int) and isinstance(line.credit, int):
            if line.debit < 0 or line.credit < 0:
                problems.append(f"{where}: jumlah tidak boleh negatif.")
            elif line.debit and line.credit:
                problems.append(f"{where}: isi debit atau kredit saja, tidak keduanya.")
            elif not line.debit and not line.credit:
                problems.append(f"{where}: jumlah debit atau kredit wajib diisi (tidak boleh nol).")
        account = accounts.get(line.account_id)
        if account is None:
            problems.append(f"{where}: akun tidak dikenal (id {line.account_id}).")
        elif account.is_group:
            problems.append(f"{where}: akun {account.label} adalah akun induk dan tidak bisa dijurnal.")
        elif not account.active:
            problems.append(f"{where}: akun {account.label} sudah tidak aktif.")
    try:
        debit, credit = draft.total_debit, draft.total_credit
    except TypeError:
        return problems
    if debit != credit:
        problems.append(
            f"Jurnal tidak seimbang: total debit {rp(debit)} tidak sama dengan total kredit {rp(credit)} "
            f"(selisih {rp(abs(debit - credit))})."
        )
    elif debit == 0:
        problems.append("Jurnal bernilai nol tidak bisa dibukukan.")
    return problems


def reversal_of(journal: Journal, on: dt.date, reason: str) -> JournalDraft:
    """The linked reversal of a posted journal: the same lines with debit and credit swapped."""
    return JournalDraft(
        date=on,
        description=f"Pembalik {journal.number}: {reason}".strip(),
        lines=tuple(LineDraft(l.account_id, debit=l.credit, credit=l.debit, memo=l.memo) for l in journal.lines),
        series="JB",
        source=f"pembalik:{journal.id}",
        reference=journal.number,
        reverses_id=journal.id,
    )


def signed_balance(normal: Side, debit: int, credit: int) -> int:
    """Balance on the account's normal side (positive when the account holds its normal balance)."""
    return debit - credit if normal == Side.DEBIT else credit - debit


@dataclass(frozen=True, slots=True)
class TrialBalanceRow:
    account: Account
    debit: int   # total debits up to the date
    credit: int  # total credits up to the date

    @property
    def balance_debit(self) -> int:
        net = self.debit - self.credit
        return net if net > 0 else 0

    @property
    def balance_credit(self) -> int:
        net = self.credit - self.debit
        return net if net > 0 else 0


@dataclass(frozen=True, slots=True)
class TrialBalance:
    as_of: dt.date
    rows: tuple[TrialBalanceRow, ...]

    @property
    def total_debit(self) -> int:
        return sum(r.balance_debit for r in self.rows)

    @property
    def total_credit(self) -> int:
        return sum(r.balance_credit for r in self.rows)

    @property
    def balanced(self) -> bool:
        return self.total_debit == self.total_credit


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    journal_id: int
    number: str
    date: dt.date
    description: str
    memo: str
    debit: int
    credit: int
    balance: int  # running, on the account's normal side


@dataclass(frozen=True, slots=True)
class AccountLedger:
    account: Account
    date_from: dt.date
    date_to: dt.date
    opening: int
    entries: tuple[LedgerEntry, ...]

    @property
    def total_debit(self) -> int:
        return sum(e.debit for e in self.entries)

    @property
    def total_credit(self) -> int:
        return sum(e.credit for e in self.entries)

    @property
    def closing(self) -> int:
        return self.entries[-1].balance if self.entries else self.opening


def running_entries(account: Account, opening: int, rows: Sequence[tuple]) -> tuple[LedgerEntry, ...]:
    """rows: (journal_id, number, date, description, memo, debit, credit) in posting order."""
    balance = opening
    out = []
    for jid, number, date, desc, memo, debit, credit in rows:
        balance += signed_balance(account.normal, debit, credit)
        out.append(LedgerEntry(jid, number, date, desc, memo, debit, credit, balance))
    return tuple(out)
