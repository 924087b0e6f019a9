"""The budget (RAPB, rencana anggaran pendapatan dan belanja): an amount per account per financial year, set by
hand or copied from a year's actual figures, and the budget-versus-actual read with variance and realisation %.

Income and expense accounts are compared with the year's movements to a date (closing journals excluded);
balance-sheet accounts, when budgeted (e.g. a target for loans outstanding), with their balance at that date.
A closed year's budget is frozen with the year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.money import HUNDRED, dec, round_rupiah
from kopdesk.domain.statements import (
    BUDGET_GROUPS,
    Budget,
    BudgetGroup,
    BudgetLine,
    BudgetVsActual,
    budget_group,
    presented,
    shu_of_budget,
)
from kopdesk.domain.users import Perm, User
from kopdesk.services import statements
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.workspace import Workspace
from kopdesk.store import closing as store
from kopdesk.store import ledger as ledger_store


def get_budget(ws: Workspace, year: int) -> Budget:
    accounts = ledger_store.accounts(ws.db)
    rows = sorted(((accounts[a].code, accounts[a].name, amount) for a, amount, _ in store.budget_rows(ws.db, year)),
                  key=lambda x: x[0])
    return Budget(year, tuple(rows))


def _closed_problem(ws: Workspace, year: int) -> list[str]:
    if store.current_closing(ws.db, year):
        return [f"Tahun buku {year} sudah ditutup; RAPB-nya tidak bisa diubah lagi."]
    return []


def set_budget(ws: Workspace, year: int, amounts: Mapping[str, int], by: User, *, replace: bool = False,
               notes: Mapping[str, str] | None = None) -> Changes:
    """Set budget lines by account code (an amount of 0 removes the line; ``replace`` clears the others first).
    Every problem is reported at once, naming the account."""
    require(by, Perm.POST)
    problems = _closed_problem(ws, year)
    rows = []
    for code, amount in amounts.items():
        a = ledger_store.account_by_code(ws.db, str(code).strip())
        if a is None:
            problems.append(f"Akun {code}: tidak ada di daftar akun.")
            continue
        if a.is_group:
            problems.append(f"Akun {a.label}: akun induk tidak bisa dianggarkan; pilih akun rinciannya.")
        if not isinstance(amount, int) or isinstance(amount, bool):
            problems.append(f"Akun {a.label}: anggaran harus rupiah bulat.")
        elif amount < 0:
            problems.append(f"Akun {a.label}: anggaran tidak boleh negatif.")
        else:
            rows.append((a.id, amount, (notes or {}).get(code, "")))
    if not amounts:
        problems.append("Isi paling sedikit satu baris anggaran.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        if replace:
            store.clear_budget(ws.db, year)
        store.upsert_budget(ws.db, year, rows, now_iso(), by.id)
        audit(ws.db, by, "ubah_rapb", "rapb", year, {"baris": len(rows), "ganti_semua": replace})
    return Changes(settings=True)


def copy_from_actual(ws: Workspace, year: int, by: User, *, from_year: int | None = None,
                     growth_pct: Decimal | int | str = 0, replace: bool = False) -> Changes:
    """A budget for ``year`` from the income and expense actually realised in ``from_year`` (default the year
    before), each raised by ``growth_pct`` % and rounded to the rupiah."""
    require(by, Perm.POST)
    from_year = year - 1 if from_year is None else from_year
    growth = dec(growth_pct)
    problems = _closed_problem(ws, year)
    if store.budget_rows(ws.db, year) and not replace:
        problems.append(f"RAPB tahun buku {year} sudah ada; pilih ganti semua untuk menimpanya.")
    if growth <= -100:
        problems.append("Pertumbuhan harus lebih dari -100%.")
    if problems:
        raise ValidationError(problems)
    p = statements.fiscal_year(ws, from_year)
    sums = statements.Sums(ws, [p.start - dt.timedelta(days=1), p.end])
    moves = sums.phu_movement(p.start, p.end)
    rows = []
    for a in sums.account_list:
        if a.is_group or not a.klass.is_nominal:
            continue
        actual = presented(a, *moves.get(a.id, (0, 0)))
        if actual > 0:
            rows.append((a.id, round_rupiah(Decimal(actual) * (HUNDRED + growth) / HUNDRED),
                         f"Realisasi {from_year}" + (f" + {growth.normalize():f}%" if growth else "")))
    if not rows:
        raise ValidationError(f"Tahun buku {from_year} tidak mempunyai pendapatan atau beban untuk disalin.")
    with ws.db.atomic():
        store.clear_budget(ws.db, year)
        store.upsert_budget(ws.db, year, rows, now_iso(), by.id)
        audit(ws.db, by, "salin_rapb", "rapb", year, {"dari": from_year, "pertumbuhan": str(growth),
                                                      "baris": len(rows)})
    return Changes(settings=True)


def budget_vs_actual(ws: Workspace, year: int, *, through: dt.date | None = None) -> BudgetVsActual:
    """Every budgeted account and every income or expense account with activity, grouped as in the PHU, with the
    budget, the realisation to ``through`` (default the year's end, or yesterday while the year runs), the
    variance and the realisation %."""
    p = statements.fiscal_year(ws, year)
    through = through or min(p.end, dt.date.today() - dt.timedelta(days=1))
    if not p.start <= through <= p.end:
        raise ValidationError(f"Tanggal realisasi harus di dalam tahun buku {year} ({p.start:%d-%m-%Y} s.d. "
                              f"{p.end:%d-%m-%Y}).")
    sums = statements.Sums(ws, [p.start - dt.timedelta(days=1), through])
    moves = sums.phu_movement(p.start, through)
    balances = sums.cumulative(through)
    budget = {a: amount for a, amount, _ in store.budget_rows(ws.db, year)}
    groups: dict[str, list[BudgetLine]] = {k: [] for k in BUDGET_GROUPS}
    for a in sorted(sums.account_list, key=lambda x: x.code):
        if a.is_group:
            continue
        if a.klass.is_nominal:
            actual = presented(a, *moves.get(a.id, (0, 0)))
        else:
            actual = presented(a, *balances.get(a.id, (0, 0)))
        if a.id in budget or (a.klass.is_nominal and actual):
            groups[budget_group(a)].append(BudgetLine(a.code, a.name, budget_group(a), budget.get(a.id, 0), actual))
    out = tuple(BudgetGroup(k, BUDGET_GROUPS[k], tuple(v)) for k, v in groups.items() if v)
    lines = [x for g in out for x in g.lines]
    settings = statements.shu_settings(ws)
    actual_shu = statements.income_from(sums, statements.Period(p.start, through, year, ""), False,
                                        settings).current.shu_setelah_pajak
    return BudgetVsActual(year, p, through, out, shu_of_budget(lines), actual_shu)
