"""The workspace schema, built by sqlite-utils Migrations. Append new migrations; never edit a released one.

Posted journals, their lines and the audit log are append-only: triggers refuse UPDATE and DELETE, so even a
bug or a hand-edited file through another tool cannot silently rewrite the books.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

MIGRATIONS = Migrations("kopdesk")


def _run(db: sqlite_utils.Database, statements: list[str]) -> None:
    # One statement at a time: executescript() would COMMIT the surrounding migration transaction.
    for sql in statements:
        db.execute(sql)


IMMUTABLE = "RAISE(ABORT, 'Data yang sudah dibukukan tidak boleh diubah atau dihapus; gunakan jurnal pembalik.')"

INITIAL = [
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE coop_profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL DEFAULT '', legal_number TEXT NOT NULL DEFAULT '', legal_date TEXT,
        nik_koperasi TEXT NOT NULL DEFAULT '', nib TEXT NOT NULL DEFAULT '', npwp TEXT NOT NULL DEFAULT '',
        street TEXT NOT NULL DEFAULT '', desa TEXT NOT NULL DEFAULT '', kecamatan TEXT NOT NULL DEFAULT '',
        kabupaten_kota TEXT NOT NULL DEFAULT '', province TEXT NOT NULL DEFAULT '',
        postal_code TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
        coop_type TEXT NOT NULL DEFAULT 'KSP', fiscal_year_start_month INTEGER NOT NULL DEFAULT 1,
        signing_city TEXT NOT NULL DEFAULT '', logo BLOB)""",
    """CREATE TABLE officials (
        id INTEGER PRIMARY KEY, body TEXT NOT NULL CHECK (body IN ('pengurus', 'pengawas')),
        role TEXT NOT NULL, name TEXT NOT NULL, term_start TEXT, term_end TEXT,
        phone TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE users (
        id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, full_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'bendahara', 'pengurus', 'pengawas', 'petugas_dinas')),
        password_hash TEXT, active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL)""",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER REFERENCES users(id),
        username TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL DEFAULT '',
        entity_id TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '')""",
    f"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT {IMMUTABLE}; END",
    f"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT {IMMUTABLE}; END",
    """CREATE TABLE accounts (
        id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        normal TEXT NOT NULL CHECK (normal IN ('D', 'C')),
        klass TEXT NOT NULL CHECK (klass IN ('1', '2', '3', '4', '5', '6', '7', '8')),
        parent_code TEXT, tags TEXT NOT NULL DEFAULT '', is_group INTEGER NOT NULL DEFAULT 0,
        is_cash INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE journals (
        id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, series TEXT NOT NULL, date TEXT NOT NULL,
        description TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', reference TEXT NOT NULL DEFAULT '',
        reverses_id INTEGER UNIQUE REFERENCES journals(id), created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id))""",
    """CREATE TABLE journal_lines (
        id INTEGER PRIMARY KEY, journal_id INTEGER NOT NULL REFERENCES journals(id),
        line_no INTEGER NOT NULL, account_id INTEGER NOT NULL REFERENCES accounts(id),
        date TEXT NOT NULL, debit INTEGER NOT NULL DEFAULT 0, credit INTEGER NOT NULL DEFAULT 0,
        memo TEXT NOT NULL DEFAULT '',
        CHECK (typeof(debit) = 'integer' AND typeof(credit) = 'integer'),
        CHECK (debit >= 0 AND credit >= 0 AND (debit = 0) <> (credit = 0)))""",
    "CREATE INDEX journal_lines_journal ON journal_lines(journal_id)",
    "CREATE INDEX journal_lines_account_date ON journal_lines(account_id, date, debit, credit)",
    "CREATE INDEX journals_date ON journals(date)",
    "CREATE INDEX journals_source ON journals(source)",
    f"CREATE TRIGGER journals_no_update BEFORE UPDATE ON journals BEGIN SELECT {IMMUTABLE}; END",
    f"CREATE TRIGGER journals_no_delete BEFORE DELETE ON journals BEGIN SELECT {IMMUTABLE}; END",
    f"CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines BEGIN SELECT {IMMUTABLE}; END",
    f"CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines BEGIN SELECT {IMMUTABLE}; END",
    # a line's date is the journal's date (kept on the line for fast trial balances)
    """CREATE TRIGGER journal_lines_date BEFORE INSERT ON journal_lines
       WHEN NEW.date IS NOT (SELECT date FROM journals WHERE id = NEW.journal_id)
       BEGIN SELECT RAISE(ABORT, 'Tanggal baris jurnal harus sama dengan tanggal jurnal.'); END""",
    """CREATE TRIGGER journal_lines_no_group BEFORE INSERT ON journal_lines
       WHEN (SELECT is_group FROM accounts WHERE id = NEW.account_id) = 1
       BEGIN SELECT RAISE(ABORT, 'Akun induk tidak bisa dijurnal.'); END""",
    """CREATE TABLE closed_periods (
        id INTEGER PRIMARY KEY, period_end TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'bulan',
        closed_at TEXT NOT NULL, closed_by INTEGER REFERENCES users(id),
        reopened_at TEXT, reopened_by INTEGER REFERENCES users(id), reopen_reason TEXT)""",
    """CREATE TRIGGER journals_closed_period BEFORE INSERT ON journals
       WHEN NEW.date <= (SELECT max(period_end) FROM closed_periods WHERE reopened_at IS NULL)
       BEGIN SELECT RAISE(ABORT, 'Tanggal jurnal berada dalam periode yang sudah ditutup.'); END""",
    """CREATE TRIGGER accounts_no_delete_used BEFORE DELETE ON accounts
       WHEN EXISTS (SELECT 1 FROM journal_lines WHERE account_id = OLD.id)
       BEGIN SELECT RAISE(ABORT, 'Akun yang sudah dipakai tidak bisa dihapus; nonaktifkan saja.'); END""",
    """CREATE TRIGGER accounts_fixed_when_used BEFORE UPDATE OF code, normal, klass, is_group ON accounts
       WHEN EXISTS (SELECT 1 FROM journal_lines WHERE account_id = OLD.id)
         AND (NEW.code IS NOT OLD.code OR NEW.normal IS NOT OLD.normal OR NEW.klass IS NOT OLD.klass
              OR NEW.is_group IS NOT OLD.is_group)
       BEGIN SELECT RAISE(ABORT, 'Kode, saldo normal dan kelompok akun yang sudah dipakai tidak bisa diubah.'); END""",
    """CREATE TABLE number_series (
        series TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (series, year))""",
]


@MIGRATIONS(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    _run(db, INITIAL)




MEMBERS_SAVINGS = [
    """CREATE TABLE members (
        id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL, nik TEXT NOT NULL,
        gender TEXT NOT NULL CHECK (gender IN ('L', 'P')), birth_place TEXT NOT NULL DEFAULT '', birth_date TEXT,
        address TEXT NOT NULL DEFAULT '', desa TEXT NOT NULL DEFAULT '', kecamatan TEXT NOT NULL DEFAULT '',
        kabupaten_kota TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', occupation TEXT NOT NULL DEFAULT '',
        employer_unit TEXT NOT NULL DEFAULT '', nip TEXT NOT NULL DEFAULT '', join_date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('calon', 'aktif', 'non_aktif', 'keluar', 'diberhentikan', 'meninggal')),
        exit_date TEXT, exit_reason TEXT NOT NULL DEFAULT '', heir_name TEXT NOT NULL DEFAULT '',
        heir_relation TEXT NOT NULL DEFAULT '', wajib_amount INTEGER, notes TEXT NOT NULL DEFAULT '', photo BLOB,
        created_at TEXT NOT NULL)""",
    # a NIK is unique among members who still belong to the cooperative
    """CREATE UNIQUE INDEX members_nik_current ON members(nik)
       WHERE status IN ('calon', 'aktif', 'non_aktif')""",
    "CREATE INDEX members_name ON members(full_name COLLATE NOCASE)",
    "CREATE INDEX members_status ON members(status)",
    """CREATE TABLE savings_products (
        id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('pokok', 'wajib', 'sukarela', 'berjangka', 'khusus')),
        account_id INTEGER NOT NULL REFERENCES accounts(id), interest_rate TEXT NOT NULL DEFAULT '0',
        interest_basis TEXT NOT NULL DEFAULT 'terendah' CHECK (interest_basis IN ('terendah', 'rata_rata')),
        min_balance INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE savings_tx (
        id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id),
        product_id INTEGER NOT NULL REFERENCES savings_products(id), date TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('setoran', 'penarikan', 'jasa', 'saldo_awal', 'pembalik', 'penutupan')),
        deposit INTEGER NOT NULL DEFAULT 0, withdrawal INTEGER NOT NULL DEFAULT 0,
        description TEXT NOT NULL DEFAULT '', period TEXT NOT NULL DEFAULT '',
        journal_id INTEGER NOT NULL REFERENCES journals(id), reverses_id INTEGER UNIQUE REFERENCES savings_tx(id),
        created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id),
        CHECK (typeof(deposit) = 'integer' AND typeof(withdrawal) = 'integer'),
        CHECK (deposit >= 0 AND withdrawal >= 0 AND (deposit = 0) <> (withdrawal = 0)))""",
    "CREATE INDEX savings_tx_member ON savings_tx(member_id, product_id, date)",
    "CREATE INDEX savings_tx_product_date ON savings_tx(product_id, date)",
    "CREATE INDEX savings_tx_journal ON savings_tx(journal_id)",
    f"CREATE TRIGGER savings_tx_no_update BEFORE UPDATE ON savings_tx BEGIN SELECT {IMMUTABLE}; END",
    f"CREATE TRIGGER savings_tx_no_delete BEFORE DELETE ON savings_tx BEGIN SELECT {IMMUTABLE}; END",
    # running balances per member and product, kept in the same transaction as each savings_tx row (by trigger),
    # so the member list shows balances for 100,000 members without summing millions of rows
    """CREATE TABLE savings_balances (
        member_id INTEGER NOT NULL REFERENCES members(id), product_id INTEGER NOT NULL REFERENCES savings_products(id),
        balance INTEGER NOT NULL, PRIMARY KEY (member_id, product_id)) WITHOUT ROWID""",
    """CREATE TRIGGER savings_tx_balance AFTER INSERT ON savings_tx BEGIN
         INSERT INTO savings_balances (member_id, product_id, balance)
         VALUES (NEW.member_id, NEW.product_id, NEW.deposit - NEW.withdrawal)
         ON CONFLICT (member_id, product_id) DO UPDATE SET balance = balance + NEW.deposit - NEW.withdrawal;
       END""",
    """CREATE TRIGGER savings_balance_never_negative BEFORE UPDATE ON savings_balances
       WHEN NEW.balance < 0
       BEGIN SELECT RAISE(ABORT, 'Saldo simpanan tidak boleh negatif.'); END""",
    # where the next line goes in each member's physical passbook (buku simpanan)
    """CREATE TABLE passbooks (
        member_id INTEGER NOT NULL REFERENCES members(id), product_id INTEGER NOT NULL REFERENCES savings_products(id),
        book_no INTEGER NOT NULL DEFAULT 1, next_line INTEGER NOT NULL DEFAULT 1,
        last_tx_id INTEGER REFERENCES savings_tx(id), updated_at TEXT NOT NULL,
        PRIMARY KEY (member_id, product_id))""",
    """CREATE TRIGGER savings_balance_never_negative_new BEFORE INSERT ON savings_balances
       WHEN NEW.balance < 0 AND NOT EXISTS (SELECT 1 FROM savings_balances b
                                            WHERE b.member_id = NEW.member_id AND b.product_id = NEW.product_id)
       BEGIN SELECT RAISE(ABORT, 'Saldo simpanan tidak boleh negatif.'); END""",
]


@MIGRATIONS(name="0002_members_savings")
def m0002_members_savings(db: sqlite_utils.Database) -> None:
    _run(db, MEMBERS_SAVINGS)
    seed_savings_products(db)
    seed_opening_account(db)


DEFAULT_PRODUCTS = (("POKOK", "Simpanan pokok", "pokok", "3-1100"), ("WAJIB", "Simpanan wajib", "wajib", "3-1200"),
                    ("SUKARELA", "Simpanan sukarela", "sukarela", "2-1100"))


def seed_savings_products(db: sqlite_utils.Database) -> None:
    """The three savings every koperasi has, on their chart accounts (when the chart exists: not in Dinas files)."""
    for code, name, kind, account_code in DEFAULT_PRODUCTS:
        row = db.execute("SELECT id FROM accounts WHERE code = ?", [account_code]).fetchone()
        if row and not db.execute("SELECT 1 FROM savings_products WHERE code = ?", [code]).fetchone():
            db.execute("INSERT INTO savings_products (code, name, kind, account_id) VALUES (?, ?, ?, ?)",
                       [code, name, kind, row[0]])


OPENING_ACCOUNT = "3-9000"


def seed_opening_account(db: sqlite_utils.Database) -> None:
    """Equity account that balances opening entries (imported savings, the opening balance sheet); it nets to
    zero once the whole opening position is entered."""
    if db.execute("SELECT 1 FROM accounts WHERE code = '3'").fetchone() and not db.execute(
            "SELECT 1 FROM accounts WHERE code = ?", [OPENING_ACCOUNT]).fetchone():
        db.execute("INSERT INTO accounts (code, name, normal, klass, parent_code, tags) "
                   "VALUES (?, 'Saldo awal (penyeimbang pembukaan)', 'C', '3', '3', 'saldo_awal')", [OPENING_ACCOUNT])


LOAN_STATUSES = "('diajukan', 'disetujui', 'ditolak', 'dibatalkan', 'aktif', 'lunas', 'direstrukturisasi', 'dihapus')"
LOAN_TX_KINDS = ("('pencairan', 'angsuran', 'pelunasan', 'restrukturisasi', 'hapus_buku', 'pemulihan', "
                 "'potong_simpanan', 'pembalik')")

LOANS = [
    """CREATE TABLE loan_products (
        id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('flat', 'declining', 'annuity')),
        rate TEXT NOT NULL, frequency TEXT NOT NULL DEFAULT 'bulanan' CHECK (frequency IN ('bulanan', 'mingguan')),
        tenor_min INTEGER NOT NULL, tenor_max INTEGER NOT NULL,
        provisi_pct TEXT NOT NULL DEFAULT '0', admin_fee INTEGER NOT NULL DEFAULT 0,
        admin_pct TEXT NOT NULL DEFAULT '0', savings_pct TEXT NOT NULL DEFAULT '0',
        denda_kind TEXT NOT NULL DEFAULT 'tanpa' CHECK (denda_kind IN ('tanpa', 'persen_harian', 'tetap')),
        denda_rate TEXT NOT NULL DEFAULT '0', denda_fixed INTEGER NOT NULL DEFAULT 0,
        denda_grace_days INTEGER NOT NULL DEFAULT 0,
        allocation_order TEXT NOT NULL DEFAULT 'denda,jasa,pokok',
        allocation_mode TEXT NOT NULL DEFAULT 'komponen' CHECK (allocation_mode IN ('komponen', 'angsuran')),
        collateral_above INTEGER, max_amount INTEGER, max_savings_multiple TEXT, round_to INTEGER,
        receivable_account_id INTEGER NOT NULL REFERENCES accounts(id),
        jasa_account_id INTEGER NOT NULL REFERENCES accounts(id),
        provisi_account_id INTEGER NOT NULL REFERENCES accounts(id),
        admin_account_id INTEGER NOT NULL REFERENCES accounts(id),
        denda_account_id INTEGER NOT NULL REFERENCES accounts(id),
        recovery_account_id INTEGER NOT NULL REFERENCES accounts(id),
        savings_product_id INTEGER REFERENCES savings_products(id),
        active INTEGER NOT NULL DEFAULT 1)""",
    # the terms are copied from the product at application: a signed agreement never changes with the product
    f"""CREATE TABLE loans (
        id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,
        member_id INTEGER NOT NULL REFERENCES members(id), product_id INTEGER NOT NULL REFERENCES loan_products(id),
        amount INTEGER NOT NULL, tenor INTEGER NOT NULL, method TEXT NOT NULL, rate TEXT NOT NULL,
        frequency TEXT NOT NULL, round_to INTEGER,
        provisi INTEGER NOT NULL DEFAULT 0, admin_fee INTEGER NOT NULL DEFAULT 0,
        savings_withheld INTEGER NOT NULL DEFAULT 0,
        denda_kind TEXT NOT NULL, denda_rate TEXT NOT NULL, denda_fixed INTEGER NOT NULL,
        denda_grace_days INTEGER NOT NULL, allocation_order TEXT NOT NULL, allocation_mode TEXT NOT NULL,
        purpose TEXT NOT NULL DEFAULT '', guarantor TEXT NOT NULL DEFAULT '', collateral TEXT NOT NULL DEFAULT '',
        collateral_value INTEGER, salvageable INTEGER, in_court INTEGER NOT NULL DEFAULT 0,
        related_party INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN {LOAN_STATUSES}),
        applied_on TEXT NOT NULL, applied_by INTEGER REFERENCES users(id),
        decided_on TEXT, decided_by INTEGER REFERENCES users(id), decision_note TEXT NOT NULL DEFAULT '',
        disbursed_on TEXT, closed_on TEXT, restructures_id INTEGER UNIQUE REFERENCES loans(id),
        created_at TEXT NOT NULL,
        CHECK (typeof(amount) = 'integer' AND amount > 0),
        CHECK (typeof(provisi) = 'integer' AND typeof(admin_fee) = 'integer' AND typeof(savings_withheld) = 'integer'),
        CHECK (collateral_value IS NULL OR (typeof(collateral_value) = 'integer' AND collateral_value >= 0)))""",
    "CREATE INDEX loans_member ON loans(member_id)",
    "CREATE INDEX loans_status ON loans(status)",
    """CREATE TRIGGER loans_terms_frozen BEFORE UPDATE OF member_id, product_id, amount, tenor, method, rate,
         frequency, round_to, provisi, admin_fee, savings_withheld, denda_kind, denda_rate, denda_fixed,
         denda_grace_days, allocation_order, allocation_mode, number ON loans
       WHEN OLD.status <> 'diajukan' AND (NEW.member_id IS NOT OLD.member_id OR NEW.product_id IS NOT OLD.product_id
         OR NEW.amount IS NOT OLD.amount OR NEW.tenor IS NOT OLD.tenor OR NEW.method IS NOT OLD.method
         OR NEW.rate IS NOT OLD.rate OR NEW.frequency IS NOT OLD.frequency OR NEW.round_to IS NOT OLD.round_to
         OR NEW.provisi IS NOT OLD.provisi OR NEW.admin_fee IS NOT OLD.admin_fee
         OR NEW.savings_withheld IS NOT OLD.savings_withheld OR NEW.denda_kind IS NOT OLD.denda_kind
         OR NEW.denda_rate IS NOT OLD.denda_rate OR NEW.denda_fixed IS NOT OLD.denda_fixed
         OR NEW.denda_grace_days IS NOT OLD.denda_grace_days OR NEW.allocation_order IS NOT OLD.allocation_order
         OR NEW.allocation_mode IS NOT OLD.allocation_mode OR NEW.number IS NOT OLD.number)
       BEGIN SELECT RAISE(ABORT, 'Syarat pinjaman yang sudah diputuskan tidak bisa diubah; gunakan restrukturisasi.');
       END""",
    "CREATE TRIGGER loans_no_delete BEFORE DELETE ON loans BEGIN SELECT RAISE(ABORT, "
    "'Pinjaman tidak bisa dihapus; tolak atau batalkan pengajuannya.'); END",
    # every money event of a loan: principal is the signed change of the outstanding principal (+ paid out,
    # - repaid or removed); interest and penalty are the jasa and denda received; a reversal carries them negated
    f"""CREATE TABLE loan_tx (
        id INTEGER PRIMARY KEY, loan_id INTEGER NOT NULL REFERENCES loans(id), date TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN {LOAN_TX_KINDS}),
        amount INTEGER NOT NULL DEFAULT 0, principal INTEGER NOT NULL DEFAULT 0,
        interest INTEGER NOT NULL DEFAULT 0, penalty INTEGER NOT NULL DEFAULT 0,
        description TEXT NOT NULL DEFAULT '', journal_id INTEGER NOT NULL REFERENCES journals(id),
        reverses_id INTEGER UNIQUE REFERENCES loan_tx(id), created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id),
        CHECK (typeof(amount) = 'integer' AND typeof(principal) = 'integer' AND typeof(interest) = 'integer'
               AND typeof(penalty) = 'integer'))""",
    "CREATE INDEX loan_tx_loan ON loan_tx(loan_id, date, id)",
    "CREATE INDEX loan_tx_journal ON loan_tx(journal_id)",
    "CREATE INDEX loan_tx_date ON loan_tx(date)",
    # the schedule frozen at disbursement, with due dates; a reversed disbursement keeps its rows (history)
    """CREATE TABLE loan_instalments (
        disbursement_id INTEGER NOT NULL REFERENCES loan_tx(id), loan_id INTEGER NOT NULL REFERENCES loans(id),
        no INTEGER NOT NULL, due_date TEXT NOT NULL, principal INTEGER NOT NULL, interest INTEGER NOT NULL,
        PRIMARY KEY (disbursement_id, no),
        CHECK (typeof(principal) = 'integer' AND typeof(interest) = 'integer'))""",
    "CREATE INDEX loan_instalments_due ON loan_instalments(due_date)",
    "CREATE INDEX loan_instalments_loan ON loan_instalments(loan_id)",
    # what each money event paid on each instalment: every later computation is a replay of these rows
    """CREATE TABLE loan_alloc (
        tx_id INTEGER NOT NULL REFERENCES loan_tx(id), no INTEGER NOT NULL,
        principal INTEGER NOT NULL DEFAULT 0, interest INTEGER NOT NULL DEFAULT 0,
        penalty INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (tx_id, no),
        CHECK (typeof(principal) = 'integer' AND typeof(interest) = 'integer' AND typeof(penalty) = 'integer'))
        WITHOUT ROWID""",
    *(f"CREATE TRIGGER {t}_no_{op.lower()} BEFORE {op} ON {t} BEGIN SELECT {IMMUTABLE}; END"
      for t in ("loan_tx", "loan_instalments", "loan_alloc") for op in ("UPDATE", "DELETE")),
    # a member cannot leave while a loan is open, whatever code path changes the status
    """CREATE TRIGGER members_exit_with_loan BEFORE UPDATE OF status ON members
       WHEN NEW.status IN ('keluar', 'diberhentikan', 'meninggal') AND NEW.status IS NOT OLD.status
         AND EXISTS (SELECT 1 FROM loans WHERE member_id = NEW.id AND status IN ('diajukan', 'disetujui', 'aktif'))
       BEGIN SELECT RAISE(ABORT, 'Anggota masih mempunyai pinjaman atau pengajuan pinjaman yang belum selesai.');
       END""",
    # a member leaving with the loan offset against the savings: the settlement journal's loan lines (memo
    # "Pokok/Jasa/Denda pinjaman PJ-...", written by the loans exit hook) settle the loan in the same transaction
]


@MIGRATIONS(name="0003_loans")
def m0003_loans(db: sqlite_utils.Database) -> None:
    _run(db, LOANS)
    seed_loan_products(db)


# (code, name, method, rate %/month, tenor min-max, provisi %, admin Rp, denda %/day, grace days, collateral above)
DEFAULT_LOAN_PRODUCT = ("UMUM", "Pinjaman Umum", "flat", "1.5", 1, 36, "1", 25_000, "0.1", 3, 10_000_000)
LOAN_ACCOUNTS = ("1-1300", "4-1100", "4-1200", "4-1300", "4-1400", "4-3100")


def seed_loan_products(db: sqlite_utils.Database) -> None:
    """The default loan product on the chart accounts (when the chart exists: not in Dinas files)."""
    ids = []
    for code in LOAN_ACCOUNTS:
        row = db.execute("SELECT id FROM accounts WHERE code = ?", [code]).fetchone()
        if row is None:
            return
        ids.append(row[0])
    if db.execute("SELECT 1 FROM loan_products LIMIT 1").fetchone():
        return
    code, name, method, rate, tmin, tmax, provisi, admin, denda, grace, collateral = DEFAULT_LOAN_PRODUCT
    db.execute("INSERT INTO loan_products (code, name, method, rate, frequency, tenor_min, tenor_max, provisi_pct, "
               "admin_fee, denda_kind, denda_rate, denda_grace_days, collateral_above, receivable_account_id, "
               "jasa_account_id, provisi_account_id, admin_account_id, denda_account_id, recovery_account_id) "
               "VALUES (?, ?, ?, ?, 'bulanan', ?, ?, ?, ?, 'persen_harian', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [code, name, method, rate, tmin, tmax, provisi, admin, denda, grace, collateral, *ids])


# statements, closing, budget and SHU distribution (issue 5)
CLOSING_FROZEN = ("year", "period_start", "period_end", "journal_id", "shu", "shu_member", "shu_non_member",
                  "revenue", "non_member_revenue", "non_member_rule", "non_member_pct", "closed_at", "closed_by")
DISTRIBUTION_FROZEN = ("year", "closing_id", "shu", "shu_non_member", "allocation", "settings", "pools",
                       "rate_jasa_modal", "rate_jasa_usaha", "total_savings", "total_transactions", "total_shares",
                       "residue", "decision_ref", "approved_at", "approved_by")


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in ("id", *columns))


CLOSING_SHU = [
    # a year-end closing (tutup buku): a frozen document with its closing journal; reopening fills the reopen
    # columns once (the reversal journal), and a new closing of the same year is a new row
    """CREATE TABLE closings (
        id INTEGER PRIMARY KEY, year INTEGER NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL,
        journal_id INTEGER REFERENCES journals(id), shu INTEGER NOT NULL, shu_member INTEGER NOT NULL,
        shu_non_member INTEGER NOT NULL, revenue INTEGER NOT NULL, non_member_revenue INTEGER NOT NULL,
        non_member_rule TEXT NOT NULL, non_member_pct TEXT NOT NULL DEFAULT '0',
        closed_at TEXT NOT NULL, closed_by INTEGER REFERENCES users(id),
        reopened_at TEXT, reopened_by INTEGER REFERENCES users(id), reopen_reason TEXT,
        reversal_journal_id INTEGER REFERENCES journals(id),
        CHECK (typeof(shu) = 'integer' AND typeof(shu_member) = 'integer' AND typeof(shu_non_member) = 'integer'
               AND shu = shu_member + shu_non_member))""",
    "CREATE UNIQUE INDEX closings_year_current ON closings(year) WHERE reopened_at IS NULL",
    f"""CREATE TRIGGER closings_frozen BEFORE UPDATE ON closings
       WHEN OLD.reopened_at IS NOT NULL OR NEW.reopened_at IS NULL OR {_changed(CLOSING_FROZEN)}
       BEGIN SELECT RAISE(ABORT, 'Tutup buku adalah dokumen beku; buka kembali tahun bukunya untuk mengoreksi.');
       END""",
    f"CREATE TRIGGER closings_no_delete BEFORE DELETE ON closings BEGIN SELECT {IMMUTABLE}; END",
    # RAPB: the budget per account and financial year
    """CREATE TABLE budget_lines (
        year INTEGER NOT NULL, account_id INTEGER NOT NULL REFERENCES accounts(id), amount INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL, updated_by INTEGER REFERENCES users(id),
        PRIMARY KEY (year, account_id), CHECK (typeof(amount) = 'integer' AND amount >= 0)) WITHOUT ROWID""",
    # the SHU allocation of a financial year (percentages as text, never float), editable until approved
    """CREATE TABLE shu_allocations (
        year INTEGER PRIMARY KEY, allocation TEXT NOT NULL, updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id))""",
    # an approved SHU distribution: frozen; posting fills the journal once; cancelling (before posting) once
    """CREATE TABLE shu_distributions (
        id INTEGER PRIMARY KEY, year INTEGER NOT NULL, closing_id INTEGER NOT NULL REFERENCES closings(id),
        shu INTEGER NOT NULL, shu_non_member INTEGER NOT NULL, allocation TEXT NOT NULL, settings TEXT NOT NULL,
        pools TEXT NOT NULL, rate_jasa_modal TEXT NOT NULL, rate_jasa_usaha TEXT NOT NULL,
        total_savings INTEGER NOT NULL, total_transactions INTEGER NOT NULL, total_shares INTEGER NOT NULL,
        residue INTEGER NOT NULL, decision_ref TEXT NOT NULL DEFAULT '', approved_at TEXT NOT NULL,
        approved_by INTEGER REFERENCES users(id), journal_id INTEGER REFERENCES journals(id), posted_on TEXT,
        posted_at TEXT, posted_by INTEGER REFERENCES users(id), cancelled_at TEXT,
        cancelled_by INTEGER REFERENCES users(id), cancel_reason TEXT,
        CHECK (typeof(shu) = 'integer' AND typeof(total_shares) = 'integer' AND typeof(residue) = 'integer'))""",
    "CREATE UNIQUE INDEX shu_distributions_year_current ON shu_distributions(year) WHERE cancelled_at IS NULL",
    f"""CREATE TRIGGER shu_distributions_frozen BEFORE UPDATE ON shu_distributions
       WHEN {_changed(DISTRIBUTION_FROZEN)}
         OR (OLD.journal_id IS NOT NULL AND (NEW.journal_id IS NOT OLD.journal_id OR NEW.posted_on IS NOT OLD.posted_on
             OR NEW.posted_at IS NOT OLD.posted_at OR NEW.posted_by IS NOT OLD.posted_by
             OR NEW.cancelled_at IS NOT OLD.cancelled_at))
         OR (OLD.cancelled_at IS NOT NULL AND (NEW.cancelled_at IS NOT OLD.cancelled_at
             OR NEW.cancelled_by IS NOT OLD.cancelled_by OR NEW.cancel_reason IS NOT OLD.cancel_reason
             OR NEW.journal_id IS NOT OLD.journal_id))
       BEGIN SELECT RAISE(ABORT, 'Pembagian SHU yang sudah disetujui adalah dokumen beku.'); END""",
    f"CREATE TRIGGER shu_distributions_no_delete BEFORE DELETE ON shu_distributions BEGIN SELECT {IMMUTABLE}; END",
    # each member's share (the member's number and name as they were at approval: the SHU list is a document)
    """CREATE TABLE shu_shares (
        distribution_id INTEGER NOT NULL REFERENCES shu_distributions(id),
        member_id INTEGER NOT NULL REFERENCES members(id), member_number TEXT NOT NULL, member_name TEXT NOT NULL,
        months INTEGER NOT NULL, savings INTEGER NOT NULL, transactions INTEGER NOT NULL,
        jasa_modal INTEGER NOT NULL, jasa_usaha INTEGER NOT NULL, PRIMARY KEY (distribution_id, member_id),
        CHECK (typeof(jasa_modal) = 'integer' AND typeof(jasa_usaha) = 'integer')) WITHOUT ROWID""",
    # the payment of a member's share, in cash or credited to simpanan sukarela, once per member
    """CREATE TABLE shu_payouts (
        id INTEGER PRIMARY KEY, distribution_id INTEGER NOT NULL REFERENCES shu_distributions(id),
        member_id INTEGER NOT NULL REFERENCES members(id), amount INTEGER NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('tunai', 'sukarela')),
        journal_id INTEGER NOT NULL REFERENCES journals(id),
        paid_on TEXT NOT NULL, created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id),
        UNIQUE (distribution_id, member_id), CHECK (typeof(amount) = 'integer' AND amount > 0))""",
    *(f"CREATE TRIGGER {t}_no_{op.lower()} BEFORE {op} ON {t} BEGIN SELECT {IMMUTABLE}; END"
      for t in ("shu_shares", "shu_payouts") for op in ("UPDATE", "DELETE")),
]


@MIGRATIONS(name="0004_closing_shu")
def m0004_closing_shu(db: sqlite_utils.Database) -> None:
    _run(db, CLOSING_SHU)


# the financial statements read journal lines two ways, both answered from an index alone: per account and date
# (balances, and the journals that touch a cash account: journal_id added), and per journal (the counter lines of
# those journals for the direct-method cash flow: account and amounts added); plus journals by series and date
STATEMENT_INDEXES = [
    "DROP INDEX journal_lines_account_date",
    "CREATE INDEX journal_lines_account_date ON journal_lines(account_id, date, debit, credit, journal_id)",
    "DROP INDEX journal_lines_journal",
    "CREATE INDEX journal_lines_journal ON journal_lines(journal_id, account_id, debit, credit)",
    # the few journals of one series in a period (opening balances, JS), without reading the others
    "CREATE INDEX journals_series_date ON journals(series, date)",
    # a closed year's lock is lifted only by reopening the year (which reverses its closing journal first)
    """CREATE TRIGGER closed_periods_closed_year BEFORE UPDATE OF reopened_at ON closed_periods
       WHEN OLD.reopened_at IS NULL AND NEW.reopened_at IS NOT NULL AND OLD.kind = 'tahun'
         AND EXISTS (SELECT 1 FROM closings WHERE period_end = OLD.period_end AND reopened_at IS NULL)
       BEGIN SELECT RAISE(ABORT, 'Tahun buku ini sudah ditutup (tutup buku); bukalah lewat Buka kembali tahun buku.');
       END""",
]


@MIGRATIONS(name="0005_statement_indexes")
def m0005_statement_indexes(db: sqlite_utils.Database) -> None:
    _run(db, STATEMENT_INDEXES)


# health assessments (issue 6): one record per cooperative, year and method; ``coop_key`` '' is the workspace's own
# cooperative (a Dinas workspace will put its registry key there). Figures are text decimals, never floats. A
# finalised record (status 'final') is frozen together with its findings; only a draft may be deleted.
HEALTH = [
    """CREATE TABLE health_assessments (
        id INTEGER PRIMARY KEY, coop_key TEXT NOT NULL DEFAULT '', year INTEGER NOT NULL, method TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
        inputs TEXT NOT NULL DEFAULT '{}', derived TEXT NOT NULL DEFAULT '{}', overrides TEXT NOT NULL DEFAULT '{}',
        answers TEXT, result TEXT NOT NULL DEFAULT '{}', total TEXT, predicate TEXT,
        examiner TEXT NOT NULL DEFAULT '', assessed_on TEXT, notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id),
        updated_at TEXT NOT NULL, updated_by INTEGER REFERENCES users(id),
        finalised_at TEXT, finalised_by INTEGER REFERENCES users(id),
        UNIQUE (coop_key, year, method))""",
    """CREATE TABLE health_findings (
        id INTEGER PRIMARY KEY, assessment_id INTEGER NOT NULL REFERENCES health_assessments(id),
        kind TEXT NOT NULL CHECK (kind IN ('temuan', 'rekomendasi')), seq INTEGER NOT NULL, text TEXT NOT NULL,
        due_on TEXT, status TEXT NOT NULL DEFAULT 'terbuka' CHECK (status IN ('terbuka', 'proses', 'selesai')))""",
    "CREATE INDEX health_findings_assessment ON health_findings(assessment_id)",
    """CREATE TRIGGER health_assessments_frozen BEFORE UPDATE ON health_assessments WHEN OLD.status = 'final'
       BEGIN SELECT RAISE(ABORT, 'Penilaian kesehatan yang sudah final tidak boleh diubah.'); END""",
    """CREATE TRIGGER health_assessments_no_delete BEFORE DELETE ON health_assessments WHEN OLD.status = 'final'
       BEGIN SELECT RAISE(ABORT, 'Penilaian kesehatan yang sudah final tidak boleh dihapus.'); END""",
    *(f"""CREATE TRIGGER health_findings_frozen_{op.lower()} BEFORE {op} ON health_findings
       WHEN (SELECT status FROM health_assessments WHERE id = {row}.assessment_id) = 'final'
       BEGIN SELECT RAISE(ABORT, 'Temuan dan rekomendasi penilaian yang sudah final tidak boleh diubah.'); END"""
      for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD"))),
]


@MIGRATIONS(name="0006_health")
def m0006_health(db: sqlite_utils.Database) -> None:
    _run(db, HEALTH)


# RAT (issue 7), the Dinas registry and supervision (issue 8) and the health-assessment templates (issue 6) keep
# their statements in their own modules; they are applied here, in this order, like every other migration.
@MIGRATIONS(name="0007_rat")
def m0007_rat(db: sqlite_utils.Database) -> None:
    from kopdesk.store.rat_schema import RAT

    _run(db, RAT)


@MIGRATIONS(name="0008_dinas")
def m0008_dinas(db: sqlite_utils.Database) -> None:
    from kopdesk.store.dinas_schema import DINAS

    _run(db, DINAS)


@MIGRATIONS(name="0009_health_templates")
def m0009_health_templates(db: sqlite_utils.Database) -> None:
    from kopdesk.store.health_template_schema import HEALTH_TEMPLATES

    _run(db, HEALTH_TEMPLATES)


# SHU payouts can be reversed (batal bayar): the payment row stays, a reversal row points at it with the linked
# reversal journal, and the share can be paid again. shu_payouts is rebuilt without its UNIQUE (distribution,
# member) (SQLite cannot drop a table constraint): "one payment in force per member" is a trigger now. Both tables
# stay append-only.
SHU_PAYOUT_REVERSAL = [
    """CREATE TABLE shu_payouts_0010 (
        id INTEGER PRIMARY KEY, distribution_id INTEGER NOT NULL REFERENCES shu_distributions(id),
        member_id INTEGER NOT NULL REFERENCES members(id), amount INTEGER NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('tunai', 'sukarela')),
        journal_id INTEGER NOT NULL REFERENCES journals(id),
        paid_on TEXT NOT NULL, created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id),
        CHECK (typeof(amount) = 'integer' AND amount > 0))""",
    "INSERT INTO shu_payouts_0010 (id, distribution_id, member_id, amount, method, journal_id, paid_on, created_at, "
    "created_by) SELECT id, distribution_id, member_id, amount, method, journal_id, paid_on, created_at, created_by "
    "FROM shu_payouts ORDER BY id",
    "DROP TABLE shu_payouts",          # nothing references it; its triggers go with it (no trigger fires)
    "ALTER TABLE shu_payouts_0010 RENAME TO shu_payouts",
    "CREATE INDEX shu_payouts_member ON shu_payouts(distribution_id, member_id)",
    "CREATE INDEX shu_payouts_journal ON shu_payouts(journal_id)",
    # the reversal of a payment: once per payment, on or after the payment date, with its reason
    """CREATE TABLE shu_payout_reversals (
        payout_id INTEGER PRIMARY KEY REFERENCES shu_payouts(id),
        journal_id INTEGER NOT NULL REFERENCES journals(id), reversed_on TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0), created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id))""",
    "CREATE INDEX shu_payout_reversals_journal ON shu_payout_reversals(journal_id)",
    *(f"CREATE TRIGGER {t}_no_{op.lower()} BEFORE {op} ON {t} BEGIN SELECT {IMMUTABLE}; END"
      for t in ("shu_payouts", "shu_payout_reversals") for op in ("UPDATE", "DELETE")),
    """CREATE TRIGGER shu_payouts_one_in_force BEFORE INSERT ON shu_payouts
       WHEN EXISTS (SELECT 1 FROM shu_payouts p WHERE p.distribution_id = NEW.distribution_id
                      AND p.member_id = NEW.member_id
                      AND NOT EXISTS (SELECT 1 FROM shu_payout_reversals r WHERE r.payout_id = p.id))
       BEGIN SELECT RAISE(ABORT, 'SHU anggota ini sudah dibayarkan; batalkan dulu pembayarannya.'); END""",
    """CREATE TRIGGER shu_payout_reversals_after_payment BEFORE INSERT ON shu_payout_reversals
       WHEN NEW.reversed_on < (SELECT paid_on FROM shu_payouts WHERE id = NEW.payout_id)
       BEGIN SELECT RAISE(ABORT, 'Tanggal pembatalan pembayaran SHU tidak boleh sebelum tanggal pembayarannya.');
       END""",
]


@MIGRATIONS(name="0010_shu_payout_reversal")
def m0010_shu_payout_reversal(db: sqlite_utils.Database) -> None:
    _run(db, SHU_PAYOUT_REVERSAL)


# a product's monthly jasa is credited once per member and from one journal (kopdesk.store.members.JASA_ONCE)
@MIGRATIONS(name="0011_jasa_once")
def m0011_jasa_once(db: sqlite_utils.Database) -> None:
    from kopdesk.store.members import JASA_ONCE

    _run(db, JASA_ONCE)


SCHEMA_VERSION = len(MIGRATIONS._migrations)
KNOWN_MIGRATIONS = tuple(m.name for m in MIGRATIONS._migrations)


def pending(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in MIGRATIONS.pending(db)]


def unknown_applied(db: sqlite_utils.Database) -> list[str]:
    """Migrations recorded in the file that this KopDesk does not know: the file comes from a newer version."""
    return [m.name for m in MIGRATIONS.applied(db) if m.name not in KNOWN_MIGRATIONS]


def apply(db: sqlite_utils.Database) -> None:
    MIGRATIONS.apply(db)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
