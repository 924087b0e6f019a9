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
