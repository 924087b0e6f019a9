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
