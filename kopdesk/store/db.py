"""Opening a workspace file: header checks that never touch the file, connection pragmas, the process lock,
and verified online backups."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

APPLICATION_ID = 0x4B505344  # "KPSD": marks a file as a KopDesk workspace (PRAGMA application_id)
SQLITE_MAGIC = b"SQLite format 3\x00"


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


def connect(path: str | os.PathLike, *, readonly: bool = False) -> sqlite_utils.Database:
    """A connection with the pragmas every KopDesk connection needs. Each connection is used by one thread only
    (services.workspace keeps one per thread); check_same_thread is off so the workspace can close them all."""
    if readonly:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=10,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    if not readonly:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")  # the cooperative's only copy of its books: durability first
    return db


def stamp_new(db: sqlite_utils.Database) -> None:
    db.execute(f"PRAGMA application_id={APPLICATION_ID}")


def set_schema_version(db: sqlite_utils.Database, version: int) -> None:
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
        import socket  # not at the top: ~4 ms of start-up for the host name written here

        fh.seek(0)
        fh.truncate()
        fh.write(f"{socket.gethostname()} pid {os.getpid()} sejak {dt.datetime.now():%d-%m-%Y %H:%M}")
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


def online_backup(source: sqlite_utils.Database | str | os.PathLike, dest: str | os.PathLike) -> None:
    """Copy a live database with SQLite's online backup API (consistent even while it is in use)."""
    dest = Path(dest)
    if dest.exists():
        raise FileExistsError(dest)
    src_conn = source.conn if isinstance(source, sqlite_utils.Database) else sqlite3.connect(str(source))
    try:
        out = sqlite3.connect(str(dest))
        try:
            src_conn.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")  # a backup is a single self-contained file
        finally:
            out.close()
    finally:
        if not isinstance(source, sqlite_utils.Database):
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
