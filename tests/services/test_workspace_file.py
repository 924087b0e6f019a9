"""The workspace file is the cooperative's only copy of its books: it must refuse what it cannot open and never
touch a file it refuses."""

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlite_utils import Migrations

from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.errors import ValidationError, WorkspaceError
from kopdesk.services import ledger
from kopdesk.services import workspace as W
from kopdesk.services.check import check_workspace
from kopdesk.store import db as store_db
from kopdesk.store import schema
from tests.builders import post
from tests.conftest import PROFILE

DATA = Path(__file__).parent.parent / "data"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_workspace_has_id_version_wal_and_foreign_keys(tmp_path):
    ws, admin = W.create_workspace(tmp_path / "k.kopdesk", profile=PROFILE)
    with ws:
        assert ws.db.execute("PRAGMA application_id").fetchone()[0] == store_db.APPLICATION_ID
        assert ws.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert ws.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert ws.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert ws.kind == WorkspaceKind.KOPERASI
        assert len(ledger.list_accounts(ws)) > 50
        assert ledger.get_account(ws, "1-1390").normal.value == "C"  # PPAP is a contra asset
        assert "ppap" in ledger.get_account(ws, "1-1390").tags
        from kopdesk.services import loan_products, savings

        assert [p.code for p in savings.products(ws)] == ["POKOK", "WAJIB", "SUKARELA"]
        assert [p.code for p in loan_products.products(ws)] == ["UMUM"]
    assert not Path(f"{tmp_path / 'k.kopdesk'}-lock").exists()


def test_dinas_workspace_stores_its_kind_and_has_no_chart(tmp_path):
    ws, _ = W.create_workspace(tmp_path / "dinas.kopdesk", kind=WorkspaceKind.DINAS,
                               profile=CoopProfile(name="Dinas Koperasi dan UKM Kota Banjarbaru"))
    with ws:
        assert ws.kind == WorkspaceKind.DINAS
        assert ledger.list_accounts(ws) == []


def test_creation_refuses_bad_input_and_writes_nothing(tmp_path):
    with pytest.raises(ValidationError) as err:
        W.create_workspace(tmp_path / "k.txt", profile=CoopProfile(name=""), admin_password="123")
    assert set(err.value.problems) >= {"Nama file harus berakhiran .kopdesk.", "Nama koperasi wajib diisi.",
                                       "Kata sandi minimal 6 karakter."}
    assert list(tmp_path.iterdir()) == []
    existing = tmp_path / "ada.kopdesk"
    existing.write_bytes(b"x")
    with pytest.raises(ValidationError, match="sudah ada"):
        W.create_workspace(existing, profile=PROFILE)
    assert existing.read_bytes() == b"x"


def test_not_a_kopdesk_file_is_refused_untouched(tmp_path):
    text = tmp_path / "catatan.kopdesk"
    text.write_text("bukan database")
    other = tmp_path / "lain.kopdesk"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for f in (text, other):
        before = sha(f)
        with pytest.raises(WorkspaceError, match="bukan file kerja KopDesk"):
            W.open_workspace(f)
        assert sha(f) == before
    with pytest.raises(WorkspaceError, match="tidak ditemukan"):
        W.open_workspace(tmp_path / "hilang.kopdesk")


def test_file_from_a_newer_kopdesk_is_refused_untouched(book):
    ws, _ = book
    path = ws.path
    ws.close()
    raw = bytearray(path.read_bytes())
    raw[60:64] = struct.pack(">i", schema.SCHEMA_VERSION + 1)  # user_version as a newer KopDesk would write it
    path.write_bytes(bytes(raw))
    before = sha(path)
    with pytest.raises(WorkspaceError, match="versi yang lebih baru"):
        W.open_workspace(path)
    assert sha(path) == before
    assert W.inspect(path).status == W.Status.NEWER


def test_corrupt_file_gives_a_clear_message_and_stays_untouched(book):
    ws, admin = book
    for i in range(50):
        post(ws, admin, dt.date(2026, 1, 1 + i % 28), f"Jurnal {i}", ("1-1100", 1000, 0), ("3-2100", 0, 1000))
    path = ws.path
    ws.close()
    raw = bytearray(path.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page
    path.write_bytes(bytes(raw))
    before = sha(path)
    with pytest.raises(WorkspaceError, match="rusak"):
        W.open_workspace(path)
    assert sha(path) == before
    report = check_workspace(path)
    assert not report.ok


def test_workspace_open_in_another_process_is_refused(book, tmp_path):
    ws, _ = book
    path = ws.path
    ws.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from kopdesk.services.workspace import open_workspace
            ws = open_workspace({str(path)!r})
            print("open", flush=True)
            time.sleep(30)
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = sha(path)
        with pytest.raises(WorkspaceError, match="sedang dibuka di KopDesk lain"):
            W.open_workspace(path)
        assert sha(path) == before
        # reading for a report is still allowed, without the lock
        ro = W.open_workspace(path, readonly=True)
        assert ro.name == "KSP Maju Bersama"
        ro.close()
    finally:
        holder.kill()
        holder.wait()
    W.open_workspace(path).close()  # the OS released the dead process's lock


def test_older_file_is_backed_up_and_verified_before_migrating(book, tmp_path, monkeypatch):
    ws, admin = book
    post(ws, admin, dt.date(2026, 1, 2), "Setoran", ("1-1100", 50_000, 0), ("4-3100", 0, 50_000))
    path = ws.path
    ws.close()
    current = schema.SCHEMA_VERSION
    newer = Migrations("kopdesk")
    for m in schema.MIGRATIONS._migrations:
        newer(name=m.name)(m.fn)

    @newer(name="9999_test_column")
    def m2(db):
        db.execute("ALTER TABLE officials ADD COLUMN email TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(schema, "MIGRATIONS", newer)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(schema, "KNOWN_MIGRATIONS", (*schema.KNOWN_MIGRATIONS, "9999_test_column"))
    monkeypatch.setattr(store_db, "MIGRATION_NAMES", (*store_db.MIGRATION_NAMES, "9999_test_column"))
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", current + 1)
    assert W.inspect(path).status == W.Status.NEEDS_MIGRATION
    backups = tmp_path / "cadangan"
    with W.open_workspace(path, backup_dir=backups) as migrated:
        assert migrated.db.execute("PRAGMA user_version").fetchone()[0] == current + 1
        assert "email" in migrated.db["officials"].columns_dict
    [copy] = list(backups.iterdir())
    assert f"sebelum-pembaruan-skema-{current + 1}" in copy.name
    assert store_db.verify_copy(copy) == []
    old = sqlite3.connect(copy)
    assert old.execute("PRAGMA user_version").fetchone()[0] == current
    assert old.execute("SELECT count(*) FROM journals").fetchone()[0] == 1
    old.close()


def test_released_schema_1_file_still_opens_and_checks(tmp_path):
    """tests/data keeps a small workspace of every released schema; each must open in this version."""
    for released in sorted(DATA.glob("workspace-schema-*.kopdesk")):
        copy = tmp_path / released.name
        shutil.copy(released, copy)
        assert check_workspace(copy).ok
        with W.open_workspace(copy, backup_dir=tmp_path / "bk") as ws:
            tb = ledger.trial_balance(ws, dt.date(2026, 12, 31))
            assert tb.balanced and tb.total_debit == 1_120_000
            assert ws.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
            codes = [r[0] for r in ws.db.execute("SELECT code FROM savings_products ORDER BY id")]
            assert codes == ["POKOK", "WAJIB", "SUKARELA"]  # 0002 seeded the savings of an older koperasi file
            assert ledger.get_account(ws, "3-9000").name.startswith("Saldo awal")
        assert check_workspace(copy).ok
    assert list(DATA.glob("workspace-schema-1.kopdesk"))


def test_backup_is_an_online_verified_copy(book, tmp_path):
    ws, admin = book
    post(ws, admin, dt.date(2026, 1, 2), "Setoran", ("1-1100", 50_000, 0), ("4-3100", 0, 50_000))
    dest = W.backup_workspace(ws, tmp_path / "bk", by=admin)
    assert store_db.verify_copy(dest) == []
    assert check_workspace(dest).ok
    assert sqlite3.connect(dest).execute("SELECT count(*) FROM journals").fetchone()[0] == 1


BULK = textwrap.dedent("""
    import datetime as dt, sys
    from kopdesk.domain.ledger import JournalDraft, LineDraft
    from kopdesk.services import ledger, users
    from kopdesk.services.workspace import open_workspace
    ws = open_workspace(sys.argv[1])
    admin = users.default_user(ws)
    kas, sw = ledger.get_account(ws, "1-1100").id, ledger.get_account(ws, "4-3100").id
    drafts = [JournalDraft(dt.date(2026, 1, 1 + i % 28), f"Pendapatan {i}",
                           (LineDraft(kas, 50_000, 0), LineDraft(sw, 0, 50_000))) for i in range(200_000)]
    print("posting", flush=True)
    ledger.post_journals(ws, drafts, admin)
    print("done", flush=True)
""")


def test_a_process_killed_mid_bulk_posting_leaves_no_partial_journal(book, tmp_path):
    ws, admin = book
    post(ws, admin, dt.date(2026, 1, 2), "Sebelumnya", ("1-1100", 50_000, 0), ("4-3100", 0, 50_000))
    path = ws.path
    ws.close()
    proc = subprocess.Popen([sys.executable, "-c", BULK, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "posting"
    # wait until the writer is inside its transaction (the WAL grows), then kill it hard
    wal = Path(f"{path}-wal")
    import time

    deadline = time.time() + 20
    while time.time() < deadline and (not wal.exists() or wal.stat().st_size < 2_000_000):
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    assert check_workspace(path).ok
    with W.open_workspace(path) as reopened:
        n = reopened.db.execute("SELECT count(*) FROM journals").fetchone()[0]
        assert n == 1, "the killed bulk posting must leave nothing behind"
        assert ledger.trial_balance(reopened, dt.date(2026, 12, 31)).balanced
    if os.name != "nt":
        assert proc.returncode == -9


def test_close_also_closes_the_connections_of_other_threads(book):
    import threading

    ws, _ = book
    seen = []
    t = threading.Thread(target=lambda: seen.append(ws.db.execute("SELECT count(*) FROM accounts").fetchone()[0]))
    t.start()
    t.join()
    assert seen and seen[0] > 50
    conns = list(ws._conns)
    assert len(conns) == 2
    ws.close()
    for conn in conns:
        with pytest.raises(sqlite3.ProgrammingError):
            conn.execute("SELECT 1")
