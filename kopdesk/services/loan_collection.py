"""The loan side of a collection sheet (potong gaji): what every active loan owes up to a date (denda accrued to
the date, then the pokok and jasa of the instalments due), how an amount would be allocated (exactly as
``loan_payments.repay_many`` will allocate it), and the sheet exchanged with the payroll office as .xlsx
(member number, loan number, amount). Nothing here writes to the workspace: posting is ``repay_many``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.loans import (
    Allocation,
    Loan,
    LoanPosition,
    LoanStatus,
    allocate,
    apply_allocations,
    replay,
    sum_allocations,
)
from kopdesk.fmt import date_long, rupiah
from kopdesk.services import loans as loans_svc
from kopdesk.services import members as members_svc
from kopdesk.services.spreadsheet import cell_money, cell_text, column_index, read_sheet
from kopdesk.services.workspace import Workspace
from kopdesk.store import loans as store

MEMBER_COLUMN = ("Nomor Anggota", "No Anggota", "No. Anggota")
LOAN_COLUMN = ("Nomor Pinjaman", "No Pinjaman", "No. Pinjaman")
AMOUNT_COLUMN = ("Jumlah Dipotong", "Jumlah", "Dipotong", "Jumlah Dibayar", "Dibayar")


@dataclass(frozen=True, slots=True)
class DueLoan:
    """One active loan on a collection sheet as of a date."""

    loan: Loan
    member_number: str
    member_name: str
    employer_unit: str
    nip: str
    position: LoanPosition        # as of the date, denda accrued, before any payment of the sheet
    blocked: str = ""             # why no payment can be recorded on this date ("" when it can)

    @property
    def due_instalments(self) -> tuple[int, ...]:
        """The numbers of the instalments due on or before the date with pokok, jasa or denda unpaid."""
        return tuple(i.no for i in self.position.instalments if i.due <= self.position.as_of
                     and (i.unpaid > 0 or i.penalty_unpaid > 0))

    @property
    def principal_due(self) -> int:
        return sum(max(i.principal_unpaid, 0) for i in self._due())

    @property
    def interest_due(self) -> int:
        return sum(max(i.interest_unpaid, 0) for i in self._due())

    @property
    def penalty_due(self) -> int:
        return self.position.penalty_due

    @property
    def due(self) -> int:
        """What the member owes on the date: denda plus the pokok and jasa of every instalment due by then."""
        return 0 if self.blocked else self.principal_due + self.interest_due + self.penalty_due

    @property
    def max_payable(self) -> int:
        return 0 if self.blocked else self.position.max_payable

    @property
    def outstanding(self) -> int:
        return self.position.principal_outstanding

    def _due(self):
        return [i for i in self.position.instalments if i.due <= self.position.as_of]


@dataclass(frozen=True, slots=True)
class Split:
    """How an amount paid on a loan is allocated (the sums of ``repay_many``'s per-instalment allocation)."""

    principal: int
    interest: int
    penalty: int
    outstanding_after: int        # principal still owed after the payment
    closes: bool                  # the payment clears the loan (lunas)
    allocations: tuple[Allocation, ...] = ()


def amount_problem(line: DueLoan, amount: int) -> str:
    """Why this amount cannot be paid on this loan on the sheet's date ("" when it can; 0 means: not paid)."""
    if amount == 0:
        return ""
    if amount < 0:
        return "jumlah tidak boleh negatif"
    if line.blocked:
        return line.blocked
    if amount > line.max_payable:
        return f"{rupiah(amount)} melebihi sisa angsuran dan denda {rupiah(line.max_payable)}"
    return ""


def split(line: DueLoan, amount: int) -> Split:
    """The allocation of ``amount`` (denda, jasa, pokok by the loan's order; beyond what is due, the next
    instalments). An amount of 0, or one that cannot be paid, allocates nothing."""
    if amount <= 0 or amount_problem(line, amount):
        return Split(0, 0, 0, line.outstanding, False)
    allocations = allocate(line.position, amount, line.loan.allocation, line.loan.allocation_mode)
    total = sum_allocations(allocations)
    after = apply_allocations(line.position, allocations)
    return Split(total.principal, total.interest, total.penalty, after.principal_outstanding, after.cleared,
                 allocations)


def due_loans(ws: Workspace, on: dt.date) -> list[DueLoan]:
    """Every active loan paid out on or before ``on``, by member number then loan number, with what it owes up to
    the date. A loan with a transaction dated after ``on`` is listed as blocked (a payment cannot be dated before
    the loan's last transaction)."""
    rows = [r for r in loans_svc.search(ws, statuses=(LoanStatus.AKTIF,), limit=1_000_000)
            if r.loan.disbursed_on is not None and r.loan.disbursed_on <= on]
    ids = [r.loan.id for r in rows]
    if not ids:
        return []
    schedules = store.schedules(ws.db, ids)
    events = store.events_many(ws.db, ids)
    last = store.last_event_dates(ws.db, ids)
    members = {mid: members_svc.get_member(ws, mid) for mid in {r.loan.member_id for r in rows}}
    out = []
    for r in rows:
        loan, m = r.loan, members[r.loan.member_id]
        blocked = ""
        if loan.id in last and on < last[loan.id]:
            blocked = f"ada transaksi pinjaman tanggal {last[loan.id]:%d-%m-%Y}, sesudah tanggal pembayaran"
        pos = replay(schedules[loan.id], events[loan.id], on, loan.denda)
        out.append(DueLoan(loan, m.number, m.full_name, m.employer_unit.strip(), m.nip.strip(), pos, blocked))
    return sorted(out, key=lambda x: (x.member_number, x.loan.number))


# ------------------------------------------------------------------------------------------------ the .xlsx sheet

HEADERS = ("Nomor Anggota", "Nama", "Unit Kerja", "NIP", "Nomor Pinjaman", "Angsuran Ke", "Pokok", "Jasa", "Denda",
           "Tagihan", "Jumlah Dipotong")


def instalments_text(line: DueLoan) -> str:
    """'3' or '3-4' (of the tenor): the instalments due by the date, for the payroll office and the screen."""
    nos = line.due_instalments
    if not nos:
        return ""
    text = str(nos[0]) if len(nos) == 1 else f"{nos[0]}-{nos[-1]}"
    return f"{text} dari {line.loan.tenor}"


def write_sheet(path: str | os.PathLike, on: dt.date, lines: Sequence[tuple[DueLoan, int]],
                title: str = "") -> Path:
    """The potong-gaji list for the payroll office: one row per loan with what it owes up to ``on`` and the amount
    to deduct (the sheet's current amount); the office changes 'Jumlah Dipotong' and returns it for import."""
    import xlsxwriter  # only when a sheet is written: the Pinjaman screen imports this module

    path = Path(path)
    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True})
    money = wb.add_format({"num_format": "#,##0"})
    bold = wb.add_format({"bold": True})
    bold_money = wb.add_format({"bold": True, "num_format": "#,##0"})
    sheet = wb.add_worksheet(f"Angsuran {on:%d-%m-%Y}")
    widths = (16, 28, 20, 20, 18, 12, 13, 13, 13, 14, 16)
    for i, (h, w) in enumerate(zip(HEADERS, widths, strict=True)):
        sheet.write_string(0, i, h, head)
        sheet.set_column(i, i, w)
    totals = [0] * 5
    r = 0
    for r, (line, amount) in enumerate(lines, start=1):
        for i, v in enumerate((line.member_number, line.member_name, line.employer_unit, line.nip, line.loan.number,
                               instalments_text(line))):
            sheet.write_string(r, i, v)
        figures = (line.principal_due, line.interest_due, line.penalty_due, line.due, amount)
        for j, v in enumerate(figures):
            sheet.write_number(r, 6 + j, v, money)
            totals[j] += v
    sheet.write_string(r + 1, 1, "Jumlah", bold)
    for j, v in enumerate(totals):
        col = chr(ord("G") + j)
        sheet.write_formula(r + 1, 6 + j, f"=SUM({col}2:{col}{r + 1})", bold_money, v)
    sheet.freeze_panes(1, 2)
    info = wb.add_worksheet("Keterangan")
    info.set_column(0, 0, 110)
    info.write_string(0, 0, title or f"Daftar potongan angsuran pinjaman per {date_long(on)}.")
    info.write_string(1, 0, "Tagihan = denda sampai tanggal itu + pokok dan jasa angsuran yang jatuh tempo sampai "
                            "tanggal itu. Ubah 'Jumlah Dipotong' sesuai yang benar-benar dipotong; isi 0 atau "
                            "kosongkan bila tidak dipotong. Jangan mengubah Nomor Anggota dan Nomor Pinjaman.")
    wb.close()
    return path


@dataclass(frozen=True, slots=True)
class SheetAmount:
    row: int                  # the row in the file
    member_number: str
    loan_number: str
    amount: int               # 0: not deducted


def read_sheet_amounts(ws: Workspace, path: str | os.PathLike, on: dt.date) -> list[SheetAmount]:
    """The returned potong-gaji list: every row checked (the loan exists, belongs to that member, is active and can
    take the amount on ``on``); every problem of every row reported at once, or the amounts (zeros included)."""
    sheet = read_sheet(path)
    cols = {name: column_index(sheet, names) for name, names in
            (("member", MEMBER_COLUMN), ("loan", LOAN_COLUMN), ("amount", AMOUNT_COLUMN))}
    missing = [label for key, label in (("member", "Nomor Anggota"), ("loan", "Nomor Pinjaman"),
                                         ("amount", "Jumlah Dipotong")) if cols[key] is None]
    if missing:
        raise ValidationError(f"Kolom {', '.join(repr(x) for x in missing)} tidak ada di baris judul "
                              "(gunakan daftar yang diekspor dari KopDesk).")
    lines = {x.loan.number.upper(): x for x in due_loans(ws, on)}
    problems: list[str] = []
    out: list[SheetAmount] = []
    seen: dict[str, int] = {}
    for row_no, cells in sheet.rows:
        member = cell_text(cells[cols["member"]]).upper()
        number = cell_text(cells[cols["loan"]]).upper()
        if not member and not number:
            if any(cell_text(c).lower() == "jumlah" for c in cells):
                continue           # the totals row of an exported sheet
            problems.append(f"Baris {row_no}: Nomor Anggota dan Nomor Pinjaman wajib diisi.")
            continue
        where = f"Baris {row_no}"
        try:
            amount = cell_money(cells[cols["amount"]]) or 0
        except ValueError as exc:
            problems.append(f"{where}, kolom Jumlah Dipotong: {exc}.")
            amount = None
        if not number:
            problems.append(f"{where}: Nomor Pinjaman wajib diisi.")
            continue
        if number in seen:
            problems.append(f"{where}: pinjaman {number} sudah ada di baris {seen[number]}; gabungkan jumlahnya.")
            continue
        seen[number] = row_no
        line = lines.get(number)
        if line is None:
            loan = store.loan_by_number(ws.db, number)
            if loan is None:
                problems.append(f"{where}: nomor pinjaman {number} tidak ditemukan.")
            elif loan.status != LoanStatus.AKTIF:
                problems.append(f"{where}: pinjaman {number} berstatus {loan.status.label.lower()}.")
            else:
                problems.append(f"{where}: pinjaman {number} belum dicairkan pada {on:%d-%m-%Y}.")
            continue
        if member != line.member_number.upper():
            problems.append(f"{where}: pinjaman {number} milik anggota {line.member_number} ({line.member_name}), "
                            f"bukan {member or '(kosong)'}.")
            continue
        if amount is None:
            continue
        problem = amount_problem(line, amount)
        if problem:
            problems.append(f"{where}: pinjaman {number}: {problem}.")
            continue
        out.append(SheetAmount(row_no, line.member_number, line.loan.number, amount))
    if problems:
        raise ValidationError(problems)
    if not out:
        raise ValidationError("Tidak ada baris pinjaman di file.")
    return out
