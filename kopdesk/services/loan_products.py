"""Loan products (produk pinjaman) and the workspace's loan policy: maker-checker, the single-borrower limit
(BMPP, spec §7.4), and the collectibility thresholds and PPAP rates (spec §2.1-2.2)."""

from __future__ import annotations

import re
from dataclasses import asdict, fields, replace
from decimal import Decimal

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import NotFound, ValidationError
from kopdesk.domain.ledger import AccountClass
from kopdesk.domain.loans import CollectibilityRules, LoanProduct, LoanSettings, product_problems, settings_problems
from kopdesk.domain.savings import SavingsKind, SavingsProduct
from kopdesk.domain.users import Perm, User
from kopdesk.services.base import audit, require
from kopdesk.services.savings import LOAN_SAVINGS_CODE
from kopdesk.services.workspace import Workspace
from kopdesk.store import admin as admin_store
from kopdesk.store import ledger as ledger_store
from kopdesk.store import loans as store
from kopdesk.store import members as members_store
from kopdesk.store import schema

SETTINGS_KEY = "pinjaman"
LOAN_SAVINGS_ACCOUNT = ("2-1110", "Simpanan khusus pinjaman (simpanan pagar)")

# ------------------------------------------------------------------------------------------------ settings


def get_settings(ws: Workspace) -> LoanSettings:
    raw = admin_store.get_setting(ws.db, SETTINGS_KEY, {}) or {}
    known = {f.name for f in fields(LoanSettings)} - {"rules"}
    values = {k: v for k, v in raw.items() if k in known}
    for k in ("bmpp_unrelated_pct", "bmpp_related_pct"):
        if k in values:
            values[k] = Decimal(values[k])
    rules_raw = dict(raw.get("kolektibilitas", {}))
    rule_fields = {f.name for f in fields(CollectibilityRules)}
    rules_values = {k: v for k, v in rules_raw.items() if k in rule_fields}
    if "ppap_rates" in rules_values:
        rules_values["ppap_rates"] = tuple(Decimal(x) for x in rules_values["ppap_rates"])
    return LoanSettings(**values, rules=CollectibilityRules(**rules_values))


def _settings_raw(s: LoanSettings) -> dict:
    raw = {f.name: getattr(s, f.name) for f in fields(LoanSettings) if f.name != "rules"}
    for k in ("bmpp_unrelated_pct", "bmpp_related_pct"):
        raw[k] = str(raw[k])                    # Decimal as text, never float
    rules = asdict(s.rules)
    rules["ppap_rates"] = [str(x) for x in s.rules.ppap_rates]
    raw["kolektibilitas"] = rules
    return raw


def save_settings(ws: Workspace, s: LoanSettings, by: User) -> Changes:
    """Maker-checker, BMPP percentages, collectibility thresholds, the 21-month rule and the PPAP rates."""
    require(by, Perm.PROFILE)
    problems = settings_problems(s)
    for code in (s.ppap_account, s.ppap_expense_account):
        a = ledger_store.account_by_code(ws.db, code)
        if a is None or a.is_group:
            problems.append(f"Akun {code} untuk PPAP tidak ada atau akun induk.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        admin_store.set_setting(ws.db, SETTINGS_KEY, _settings_raw(s))
        audit(ws.db, by, "ubah_pengaturan_pinjaman", "pengaturan", SETTINGS_KEY, _settings_raw(s))
    return Changes(settings=True, loans=True)


# ------------------------------------------------------------------------------------------------ products


def products(ws: Workspace, *, active_only: bool = False) -> list[LoanProduct]:
    return [p for p in store.products(ws.db) if p.active or not active_only]


def get_product(ws: Workspace, product_id: int) -> LoanProduct:
    p = store.product(ws.db, product_id)
    if p is None:
        raise NotFound("Produk pinjaman tidak ditemukan.")
    return p


def product_by_code(ws: Workspace, code: str) -> LoanProduct:
    p = store.product_by_code(ws.db, code.strip().upper())
    if p is None:
        raise NotFound(f"Produk pinjaman {code} tidak ada.")
    return p


def new_product(ws: Workspace, code: str, name: str, **terms) -> LoanProduct:
    """A product record on the standard accounts (1-1300, 4-1100 ... 4-1400, 4-3100), for a form or a test."""
    ids = {}
    for key, code_ in (("receivable_account_id", "1-1300"), ("jasa_account_id", "4-1100"),
                       ("provisi_account_id", "4-1200"), ("admin_account_id", "4-1300"),
                       ("denda_account_id", "4-1400"), ("recovery_account_id", "4-3100")):
        a = ledger_store.account_by_code(ws.db, code_)
        ids[key] = a.id if a else 0
    return LoanProduct(None, code, name, **{**ids, **terms})


def check_product(ws: Workspace, p: LoanProduct) -> tuple[list[str], list[str]]:
    """(errors, warnings) for a product form, without saving."""
    errors, warnings = product_problems(p)
    code = p.code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9_]{2,20}", code):
        errors.append("Kode produk 2-20 huruf besar/angka, misalnya UMUM.")
    other = store.product_by_code(ws.db, code)
    if other and other.id != p.id:
        errors.append(f"Kode produk {code} sudah dipakai.")
    for label, account_id, klass in (("Akun piutang pinjaman", p.receivable_account_id, AccountClass.ASET),
                                     ("Akun jasa pinjaman", p.jasa_account_id, AccountClass.PENDAPATAN),
                                     ("Akun provisi", p.provisi_account_id, AccountClass.PENDAPATAN),
                                     ("Akun administrasi", p.admin_account_id, AccountClass.PENDAPATAN),
                                     ("Akun denda", p.denda_account_id, AccountClass.PENDAPATAN),
                                     ("Akun pemulihan pinjaman dihapus buku", p.recovery_account_id,
                                      AccountClass.PENDAPATAN)):
        a = ledger_store.account(ws.db, account_id)
        if a is None or a.is_group:
            errors.append(f"{label} wajib dipilih (bukan akun induk).")
        elif a.klass != klass:
            errors.append(f"{label} harus akun kelompok {klass.value} ({klass.label}); {a.label} tidak bisa.")
        elif a.is_cash:
            errors.append(f"{label} tidak boleh akun kas/bank.")
    if p.id is not None:
        before = get_product(ws, p.id)
        accounts = ("receivable_account_id", "jasa_account_id", "provisi_account_id", "admin_account_id",
                    "denda_account_id", "recovery_account_id")
        if any(getattr(before, k) != getattr(p, k) for k in accounts) and store.product_used(ws.db, p.id):
            errors.append("Akun buku besar produk yang sudah dipakai pinjaman tidak bisa diubah; buat produk baru.")
    return errors, warnings


def save_product(ws: Workspace, p: LoanProduct, by: User) -> tuple[LoanProduct, tuple[str, ...], Changes]:
    """Add or edit a loan product. Loans keep the terms they were granted on; only new applications see a change.
    A product withholding loan savings gets the SIMPANAN_PINJAMAN savings product (kind khusus, with its own
    liability account), created here on first use. Product terms are policy: they need the settings permission."""
    require(by, Perm.PROFILE)
    p = replace(p, code=p.code.strip().upper(), name=p.name.strip())
    errors, warnings = check_product(ws, p)
    if errors:
        raise ValidationError(errors)
    with ws.db.atomic():
        if p.savings_pct > 0 and p.savings_product_id is None:
            p = replace(p, savings_product_id=_loan_savings_product(ws, by).id)
        pid = store.save_product(ws.db, p)
        audit(ws.db, by, "simpan_produk_pinjaman", "produk_pinjaman", pid,
              {"kode": p.code, "nama": p.name, "metode": p.method.value, "jasa": str(p.rate)})
    return store.product(ws.db, pid), tuple(warnings), Changes(loans=True)


def _loan_savings_product(ws: Workspace, by: User) -> SavingsProduct:
    """The khusus savings product for withheld loan savings, with its liability account (inside a transaction)."""
    existing = members_store.product_by_code(ws.db, LOAN_SAVINGS_CODE)
    if existing:
        return existing
    code, name = LOAN_SAVINGS_ACCOUNT
    account = ledger_store.account_by_code(ws.db, code)
    while account is not None and (account.klass != AccountClass.LIABILITAS or account.is_group or account.is_cash):
        code = f"2-{int(code[2:]) + 1:04d}"           # the preferred code is taken by something else
        account = ledger_store.account_by_code(ws.db, code)
    if account is None:
        aid = ledger_store.insert_account(ws.db, code=code, name=name, normal="C", klass="2", parent_code="2",
                                          tags=("kewajiban_lancar", "mt50"))
        audit(ws.db, by, "tambah_akun", "akun", aid, {"kode": code, "nama": name})
    else:
        aid = account.id
    pid = members_store.save_product(ws.db, SavingsProduct(None, LOAN_SAVINGS_CODE, "Simpanan pinjaman",
                                                           SavingsKind.KHUSUS, aid))
    audit(ws.db, by, "simpan_produk_simpanan", "produk_simpanan", pid, {"kode": LOAN_SAVINGS_CODE})
    return members_store.product(ws.db, pid)


def ensure_default_product(ws: Workspace, by: User) -> Changes:
    """Seed the default product ("Pinjaman Umum") in a koperasi workspace that has none yet (a file created before
    the loan book, or by a KopDesk whose new-file step does not seed loan products)."""
    require(by, Perm.PROFILE)
    if store.products(ws.db):
        return Changes()
    with ws.db.atomic():
        schema.seed_loan_products(ws.db)
        added = store.products(ws.db)
        if added:
            audit(ws.db, by, "simpan_produk_pinjaman", "produk_pinjaman", added[0].id, {"kode": added[0].code})
    return Changes(loans=bool(added))
