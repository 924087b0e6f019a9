"""The workspace file (*.kopdesk): create, inspect, open (with verified backup before migrating), close, back up.

A file that is not a KopDesk workspace, comes from a newer KopDesk, is corrupt, or is open in another KopDesk
process is refused with a clear Indonesian message, and left untouched: the header is read without SQLite first.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from kopdesk import __version__
from kopdesk.domain.coop import AdArt, CoopProfile, WorkspaceKind, adart_problems, profile_problems
from kopdesk.domain.errors import ValidationError, WorkspaceError
from kopdesk.domain.users import Role, User, hash_password, password_problems
from kopdesk.services.base import audit, now_iso
from kopdesk.store import admin as admin_store
from kopdesk.store import db as store_db

# Not imported here: kopdesk.store.schema and sqlite-utils (50-70 ms), the chart and the ledger store. Opening a
# workspace whose schema is current needs none of them (store_db checks the migrations with plain SQL, and
# Workspace.db makes the sqlite_utils.Database only when something needs more than ``execute``); creating a
# workspace and migrating one import them.
if TYPE_CHECKING:
    import sqlite_utils

EXTENSION = ".kopdesk"


class Status(StrEnum):
    OK = "ok"
    NEEDS_MIGRATION = "perlu_pembaruan"
    NEWER = "versi_lebih_baru"
    NOT_KOPDESK = "bukan_kopdesk"
    MISSING = "tidak_ada"
    CORRUPT = "rusak"
    LOCKED = "sedang_dibuka"


@dataclass(frozen=True, slots=True)
class Inspection:
    status: Status
    message: str
    schema_version: int = 0


def inspect(path: str | os.PathLike) -> Inspection:
    """What opening this file would do, read from its header only (the file is not opened by SQLite)."""
    p = Path(path)
    if not p.exists():
        return Inspection(Status.MISSING, f"File tidak ditemukan: {p}")
    if p.is_dir():
        return Inspection(Status.NOT_KOPDESK, f"{p.name} adalah folder, bukan file KopDesk.")
    try:
        header = store_db.read_header(p)
    except OSError as exc:
        return Inspection(Status.CORRUPT, f"File {p.name} tidak bisa dibaca: {exc.strerror or exc}.")
    if not header.is_sqlite or header.application_id != store_db.APPLICATION_ID:
        return Inspection(Status.NOT_KOPDESK,
                          f"File {p.name} bukan file kerja KopDesk. Pilih file berakhiran {EXTENSION}.")
    if header.user_version > store_db.SCHEMA_VERSION:
        return Inspection(Status.NEWER,
                          f"File {p.name} dibuat dengan KopDesk versi yang lebih baru (skema {header.user_version}, "
                          f"aplikasi ini skema {store_db.SCHEMA_VERSION}). Perbarui KopDesk untuk membukanya. "
                          "File tidak diubah.", header.user_version)
    if header.user_version < store_db.SCHEMA_VERSION:
        return Inspection(Status.NEEDS_MIGRATION,
                          f"File {p.name} akan diperbarui ke skema {store_db.SCHEMA_VERSION}. Salinan cadangan dibuat "
                          "lebih dulu.", header.user_version)
    return Inspection(Status.OK, "", header.user_version)


class Workspace:
    """An open workspace. Each thread gets its own SQLite connection (sqlite3 connections belong to one thread),
    wrapped in a ``store_db.LazyDatabase``: ``execute`` and ``conn`` as sqlite3 gives them, anything else through a
    sqlite_utils.Database over the same connection, made when first needed."""

    def __init__(self, path: Path, lock: store_db.ProcessLock | None, *, readonly: bool = False,
                 db: store_db.LazyDatabase | None = None):
        """``db``: a connection to ``path`` made by ``store_db.connect`` on this thread (open_workspace's, used for
        the checks), kept as this thread's connection instead of opening another."""
        self.path = path
        self._lock = lock
        self.readonly = readonly
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self.closed = False
        if db is not None:
            self._local.db = db
            self._conns.append(db.conn)
        self.kind = WorkspaceKind(admin_store.get_meta(self.db, "kind", WorkspaceKind.KOPERASI.value))

    @property
    def db(self) -> store_db.LazyDatabase:
        if self.closed:
            raise WorkspaceError("File kerja sudah ditutup.")
        db = getattr(self._local, "db", None)
        if db is None:
            db = store_db.connect(self.path, readonly=self.readonly)
            self._local.db = db
            with self._guard:
                self._conns.append(db.conn)
        return db

    @property
    def name(self) -> str:
        return admin_store.load_profile(self.db).name or self.path.stem

    def close(self) -> None:
        if self.closed:
            return
        if not self.readonly:
            try:
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # leave one self-contained file for copying
            except sqlite3.Error:
                pass
        self.closed = True
        with self._guard:
            for conn in self._conns:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._conns.clear()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _acquire(p: Path) -> store_db.ProcessLock:
    lock = store_db.ProcessLock(p)
    try:
        lock.acquire()
    except store_db.LockedError as exc:
        holder = f" ({exc.holder})" if exc.holder else ""
        raise WorkspaceError(f"File {p.name} sedang dibuka di KopDesk lain{holder}. Tutup di sana dulu, "
                             "lalu coba lagi.") from None
    except OSError as exc:
        raise WorkspaceError(f"File {p.name} tidak bisa dikunci untuk dibuka: {exc.strerror or exc}.") from None
    return lock


def open_workspace(path: str | os.PathLike, *, backup_dir: str | os.PathLike | None = None,
                   readonly: bool = False) -> Workspace:
    """Open an existing workspace, migrating it (after a verified backup) when it is from an older KopDesk.

    ``readonly=True`` (reports and checks from the command line) takes no lock, never migrates and cannot write,
    so it works while the application has the file open.
    """
    p = Path(path).resolve()
    info = inspect(p)
    if info.status not in (Status.OK, Status.NEEDS_MIGRATION):
        raise WorkspaceError(info.message)
    if readonly:
        if info.status == Status.NEEDS_MIGRATION:
            raise WorkspaceError(f"File {p.name} dari KopDesk versi lama; buka sekali di aplikasi untuk "
                                 "memperbaruinya.")
        try:
            return Workspace(p, None, readonly=True)
        except sqlite3.DatabaseError:
            raise WorkspaceError(f"File {p.name} rusak dan tidak bisa dibuka.") from None
    lock = _acquire(p)
    try:
        db = store_db.connect(p)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails fast on a damaged header/schema
            if store_db.unknown_migrations(db):
                raise WorkspaceError(f"File {p.name} dibuat dengan KopDesk versi yang lebih baru. "
                                     "Perbarui KopDesk untuk membukanya. File tidak diubah.")
            if store_db.pending_migrations(db):
                from kopdesk.store import schema  # sqlite-utils: only when there is something to migrate

                copy = backup_file(db, p, backup_dir, reason=f"sebelum-pembaruan-skema-{schema.SCHEMA_VERSION}")
                schema.apply(db)
                admin_store.set_meta(db, "last_migration_backup", str(copy))
            return Workspace(p, lock, db=db)   # the checked connection becomes this thread's
        except BaseException:
            db.conn.close()
            raise
    except sqlite3.DatabaseError:
        lock.release()
        raise WorkspaceError(f"File {p.name} rusak dan tidak bisa dibuka. Pulihkan dari salinan cadangan "
                             "terakhir (menu Berkas > Pulihkan). File tidak diubah.") from None
    except BaseException:
        lock.release()
        raise


def create_workspace(path: str | os.PathLike, *, kind: WorkspaceKind = WorkspaceKind.KOPERASI,
                     profile: CoopProfile, admin_username: str = "admin", admin_full_name: str = "Administrator",
                     admin_password: str | None = None, adart: AdArt | None = None) -> tuple[Workspace, User]:
    """Create a new workspace with its schema, chart of accounts, profile, AD/ART and one admin user."""
    p = Path(path).resolve()
    problems = []
    if p.suffix != EXTENSION:
        problems.append(f"Nama file harus berakhiran {EXTENSION}.")
    if p.exists():
        problems.append(f"File {p.name} sudah ada. Pilih nama lain atau buka file itu.")
    if not p.parent.is_dir():
        problems.append(f"Folder {p.parent} tidak ada.")
    if kind == WorkspaceKind.KOPERASI:
        problems += profile_problems(profile)
    elif not profile.name.strip():
        problems.append("Nama kantor Dinas wajib diisi.")
    adart = adart or AdArt()
    problems += adart_problems(adart)
    if not admin_username.strip():
        problems.append("Nama pengguna admin wajib diisi.")
    if not admin_full_name.strip():
        problems.append("Nama lengkap admin wajib diisi.")
    if admin_password:
        problems += password_problems(admin_password)
    if problems:
        raise ValidationError(problems)

    import uuid

    from kopdesk.domain.chart import DEFAULT_CHART
    from kopdesk.store import ledger as ledger_store
    from kopdesk.store import schema

    tmp = p.with_name(f".{p.name}.baru")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    db = store_db.connect(tmp)
    try:
        store_db.stamp_new(db)
        schema.apply(db)
        with db.atomic():
            now = now_iso()
            admin_store.set_meta(db, "kind", kind.value)
            admin_store.set_meta(db, "workspace_id", str(uuid.uuid4()))
            admin_store.set_meta(db, "created_at", now)
            admin_store.set_meta(db, "created_by_version", __version__)
            admin_store.save_profile(db, profile)
            admin_store.save_adart(db, adart)
            if kind == WorkspaceKind.KOPERASI:
                for line in DEFAULT_CHART:
                    ledger_store.insert_account(db, code=line.code, name=line.name, normal=line.normal.value,
                                                klass=line.klass.value, parent_code=line.parent_code,
                                                tags=line.tags, is_group=line.group, is_cash=line.cash)
                schema.seed_savings_products(db)
                schema.seed_loan_products(db)
            uid = admin_store.insert_user(db, admin_username.strip(), admin_full_name.strip(), Role.ADMIN,
                                          hash_password(admin_password) if admin_password else None, now)
            user = admin_store.user(db, uid)
            audit(db, user, "buat_file_kerja", "workspace", "", {"jenis": kind.value, "nama": profile.name})
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.conn.close()
    os.replace(tmp, p)  # the new file appears whole or not at all
    ws = open_workspace(p)
    return ws, user


def backup_dir_for(path: Path, backup_dir: str | os.PathLike | None = None) -> Path:
    d = Path(backup_dir) if backup_dir else path.parent / "cadangan-kopdesk"
    d.mkdir(parents=True, exist_ok=True)
    return d


def backup_file(source: store_db.LazyDatabase | sqlite_utils.Database, path: Path,
                backup_dir: str | os.PathLike | None = None, reason: str = "cadangan") -> Path:
    """Online backup of an open database to a dated file, then verify the copy. Raises if the copy is bad."""
    d = backup_dir_for(path, backup_dir)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = d / f"{path.stem}-{reason}-{stamp}{EXTENSION}"
    n = 1
    while dest.exists():
        n += 1
        dest = d / f"{path.stem}-{reason}-{stamp}-{n}{EXTENSION}"
    store_db.online_backup(source, dest)
    problems = store_db.verify_copy(dest)
    if problems:
        dest.unlink(missing_ok=True)
        raise WorkspaceError("Salinan cadangan gagal diperiksa, proses dihentikan: " + " ".join(problems))
    return dest


def backup_workspace(ws: Workspace, out_dir: str | os.PathLike, by: User | None = None) -> Path:
    """Back up an open workspace into ``out_dir`` (verified). Records the backup in the audit log."""
    dest = backup_file(ws.db, ws.path, out_dir, reason="cadangan")
    with ws.db.atomic():
        admin_store.set_meta(ws.db, "last_backup_at", now_iso())
        admin_store.set_meta(ws.db, "last_backup_path", str(dest))
        audit(ws.db, by, "cadangan", "workspace", "", {"file": str(dest)})
    return dest


def backup_path(path: str | os.PathLike, out_dir: str | os.PathLike) -> Path:
    """Back up a workspace file that is not open in this process (CLI). Refuses non-KopDesk and newer files."""
    p = Path(path).resolve()
    info = inspect(p)
    if info.status not in (Status.OK, Status.NEEDS_MIGRATION):
        raise WorkspaceError(info.message)
    conn = sqlite3.connect(f"{p.as_uri()}?mode=ro", uri=True)
    try:
        return backup_file(store_db.LazyDatabase(conn), p, out_dir, reason="cadangan")
    except sqlite3.DatabaseError:
        raise WorkspaceError(f"File {p.name} rusak dan tidak bisa dicadangkan.") from None
    finally:
        conn.close()


@dataclass(frozen=True, slots=True)
class WorkspaceInfo:
    path: Path
    kind: WorkspaceKind
    name: str
    schema_version: int
    created_at: str | None
    last_backup_at: dt.datetime | None
    last_backup_path: str | None


def workspace_info(ws: Workspace) -> WorkspaceInfo:
    """Facts about the open file for the status bar and Beranda (last backup, schema, kind)."""
    last = admin_store.get_meta(ws.db, "last_backup_at")
    return WorkspaceInfo(
        path=ws.path, kind=ws.kind, name=ws.name,
        schema_version=ws.db.execute("PRAGMA user_version").fetchone()[0],
        created_at=admin_store.get_meta(ws.db, "created_at"),
        last_backup_at=dt.datetime.fromisoformat(last) if last else None,
        last_backup_path=admin_store.get_meta(ws.db, "last_backup_path"),
    )
