"""Opening a workspace file: header checks that never touch the file, connection pragmas, the process lock,
verified online backups, and the per-thread database object (``LazyDatabase``).

sqlite-utils (with click, pluggy and dateutil: 50-70 ms of imports) is not imported to open a workspace whose
schema is current, nor to read it: ``LazyDatabase`` runs ``execute`` itself, with sqlite-utils' semantics, and makes
the real ``sqlite_utils.Database`` over the same connection the first time anything else is asked of it.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

APPLICATION_ID = 0x4B505344  # "KPSD": marks a file as a KopDesk workspace (PRAGMA application_id)
SQLITE_MAGIC = b"SQLite format 3\x00"

# The schema's migrations by name, in order: kopdesk.store.schema registers them with sqlite-utils Migrations
# (set "kopdesk"); this copy lets opening a workspace check for pending or unknown migrations with plain SQL.
# tests/store/test_lazy_db.py asserts it equals schema.KNOWN_MIGRATIONS: add each new migration's name here too.
MIGRATION_SET = "kopdesk"
MIGRATION_NAMES = ("0001_initial", "0002_members_savings", "0003_loans", "0004_closing_shu", "0005_statement_indexes",
                   "0006_health", "0007_rat", "0008_dinas", "0009_health_templates",
                   "0010_shu_payout_reversal", "0011_jasa_once")
SCHEMA_VERSION = len(MIGRATION_NAMES)
MIGRATIONS_TABLE = "_sqlite_migrations"   # sqlite_utils.Migrations.migrations_table


@dataclass(frozen=True, slots=True)
class Header:
    is_sqlite: bool
    application_id: int
    user_version: int
    size: int


def read_header(path: str | os.PathLike) -> Header:
    """Read the SQLite header directly from the file, without opening it through SQLite (nothing is written)."""
    p = Path(path)
    size = p.stat().st_size
    with open(p, "rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        return Header(False, 0, 0, size)
    user_version = struct.unpack(">i", head[60:64])[0]
    application_id = struct.unpack(">i", head[68:72])[0]
    return Header(True, application_id, user_version, size)


def connect(path: str | os.PathLike, *, readonly: bool = False) -> LazyDatabase:
    """A connection with the pragmas every KopDesk connection needs. Each connection is used by one thread only
    (services.workspace keeps one per thread); check_same_thread is off so the workspace can close them all."""
    if readonly:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=10,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    db = LazyDatabase(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    if not readonly:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")  # the cooperative's only copy of its books: durability first
    return db


# sqlite_utils.db: statements after which Database.execute does not commit an implicit transaction
_TRANSACTION_CONTROL_KEYWORDS = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})


def _first_keyword(sql: str) -> str:
    """The first keyword of a statement, upper-cased, after whitespace, ``--`` and ``/* */`` comments, bare ``;``
    and a byte order mark ("" when there is none): sqlite_utils.db._first_keyword, which Database.execute uses
    (tests/store/test_lazy_db.py compares the two)."""
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] in (";", "\ufeff"):
            i += 1
        elif sql.startswith("--", i):
            newline = sql.find("\n", i)
            if newline == -1:
                return ""
            i = newline + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end == -1:
                return ""
            i = end + 2
        else:
            break
    j = i
    while j < n and (sql[j].isalpha() or sql[j] == "_"):
        j += 1
    return sql[i:j].upper()


class LazyDatabase:
    """The database object of one connection: ``execute`` and ``conn`` go straight to the sqlite3 connection;
    anything else (``atomic``, ``db[table]``, ``executescript``, what sqlite_utils.Migrations uses, ...) is served
    by a ``sqlite_utils.Database`` over the SAME connection, made the first time it is needed (``full``).

    ``execute`` has sqlite_utils.Database.execute's semantics (4.2): it returns the cursor; a write outside a
    transaction is committed at once; a failed statement that opened an implicit transaction rolls it back. Once
    the real Database exists, ``execute`` is its own (tracer and all).

    The Database is made with ``recursive_triggers=False`` because ``connect`` ran that pragma already (sqlite-utils
    runs ``PRAGMA recursive_triggers=on`` when it makes one) and ``execute_plugins=False`` as before."""

    __slots__ = ("conn", "_full")

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._full: sqlite_utils.Database | None = None
        self.execute("PRAGMA recursive_triggers=on;")   # what sqlite_utils.Database(conn) does first

    @property
    def full(self) -> sqlite_utils.Database:
        """The sqlite_utils.Database over this connection (made on first use)."""
        if self._full is None:
            import sqlite_utils

            self._full = sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)
        return self._full

    def execute(self, sql: str, parameters: Sequence | dict[str, Any] | None = None) -> sqlite3.Cursor:
        if self._full is not None:
            return self._full.execute(sql, parameters)
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql, parameters) if parameters is not None else conn.execute(sql)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")   # the failed statement opened an implicit transaction: end it
            raise
        if (not was_in_transaction and conn.in_transaction and cursor.description is None
                and _first_keyword(sql) not in _TRANSACTION_CONTROL_KEYWORDS):
            conn.execute("COMMIT")   # a write outside a transaction is committed at once, as sqlite-utils does
        return cursor

    def atomic(self):
        """sqlite_utils.Database.atomic: one transaction; nested = savepoint. Yields the real Database."""
        return self.full.atomic()

    def close(self) -> None:
        self.conn.close()

    def __getitem__(self, table_name: str):
        return self.full[table_name]

    def __getattr__(self, name: str):
        if name.startswith("__") or name in LazyDatabase.__slots__:
            raise AttributeError(name)   # copy/pickle probes, and a slot read before __init__ set it
        return getattr(self.full, name)

    def __repr__(self) -> str:
        return f"<LazyDatabase {self.conn!r}{' (sqlite-utils made)' if self._full is not None else ''}>"


def applied_migrations(db: LazyDatabase | sqlite_utils.Database) -> list[str]:
    """The names of the migrations recorded in the file (set "kopdesk"), in the order they were applied: what
    sqlite_utils.Migrations.applied reads, with plain SQL."""
    if not db.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                           [MIGRATIONS_TABLE]).fetchone():
        return []
    return [r[0] for r in db.conn.execute(f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? "
                                          "ORDER BY rowid", [MIGRATION_SET])]


def pending_migrations(db: LazyDatabase | sqlite_utils.Database) -> list[str]:
    applied = set(applied_migrations(db))
    return [name for name in MIGRATION_NAMES if name not in applied]


def unknown_migrations(db: LazyDatabase | sqlite_utils.Database) -> list[str]:
    """Migrations recorded in the file that this KopDesk does not know: the file comes from a newer version."""
    return [name for name in applied_migrations(db) if name not in MIGRATION_NAMES]


def stamp_new(db: LazyDatabase | sqlite_utils.Database) -> None:
    db.execute(f"PRAGMA application_id={APPLICATION_ID}")


def set_schema_version(db: LazyDatabase | sqlite_utils.Database, version: int) -> None:
    db.execute(f"PRAGMA user_version={int(version)}")


class LockedError(Exception):
    def __init__(self, holder: str):
        super().__init__(holder)
        self.holder = holder


class ProcessLock:
    """An OS-level exclusive lock on ``<workspace>-lock``; the OS releases it if the process dies."""

    def __init__(self, workspace: str | os.PathLike):
        self.path = Path(f"{workspace}-lock")
        self._fh = None

    def acquire(self) -> None:
        fh = open(self.path, "a+")
        try:
            _lock(fh)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip()
            fh.close()
            raise LockedError(holder) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{_host_name()} pid {os.getpid()} sejak {dt.datetime.now():%d-%m-%Y %H:%M}")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            self._fh.seek(0)
            self._fh.truncate()
            _unlock(self._fh)
        finally:
            self._fh.close()
            self._fh = None
            try:
                self.path.unlink()
            except OSError:
                pass


def _host_name() -> str:
    """socket.gethostname() without importing socket (~4 ms of start-up) where the OS gives the same name directly:
    on POSIX systems it is uname's node name."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # pragma: no cover - Windows

    return socket.gethostname()


if os.name == "nt":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def online_backup(source: LazyDatabase | sqlite_utils.Database | str | os.PathLike,
                  dest: str | os.PathLike) -> None:
    """Copy a live database with SQLite's online backup API (consistent even while it is in use). ``source`` is an
    open database (its connection is used and left open) or a path (opened and closed here)."""
    dest = Path(dest)
    if dest.exists():
        raise FileExistsError(dest)
    is_path = isinstance(source, (str, os.PathLike))
    src_conn = sqlite3.connect(str(source)) if is_path else source.conn
    try:
        out = sqlite3.connect(str(dest))
        try:
            src_conn.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")  # a backup is a single self-contained file
        finally:
            out.close()
    finally:
        if is_path:
            src_conn.close()


def verify_copy(path: str | os.PathLike) -> list[str]:
    """Open a copy read-only and check it. Returns problems (Indonesian); empty means the copy is good."""
    problems = []
    header = read_header(path)
    if not header.is_sqlite or header.application_id != APPLICATION_ID:
        return ["Salinan bukan file KopDesk yang utuh."]
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            problems.append("Pemeriksaan integritas salinan gagal: " + "; ".join(r[0] for r in result[:5]))
    except sqlite3.DatabaseError as exc:
        problems.append(f"Salinan tidak bisa dibaca: {exc}")
    finally:
        conn.close()
    return problems
