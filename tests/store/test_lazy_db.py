"""The per-thread database object (store.db.LazyDatabase) keeps sqlite-utils off the start: ``execute`` behaves as
sqlite_utils.Database.execute does, everything else is a real sqlite_utils.Database over the same connection, and
opening a workspace whose schema is current checks its migrations with plain SQL against the same names."""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest
import sqlite_utils
from sqlite_utils import Migrations
from sqlite_utils.db import _first_keyword as sqlite_utils_first_keyword

from kopdesk.services import workspace as W
from kopdesk.store import db as store_db
from kopdesk.store import schema


def test_the_static_migration_names_are_the_schema_migrations():
    assert store_db.MIGRATION_NAMES == schema.KNOWN_MIGRATIONS
    assert store_db.SCHEMA_VERSION == schema.SCHEMA_VERSION == len(schema.MIGRATIONS._migrations)
    assert store_db.MIGRATION_SET == schema.MIGRATIONS.name
    assert store_db.MIGRATIONS_TABLE == Migrations.migrations_table


def _both(path):
    """The same file through a LazyDatabase and through sqlite_utils.Database, each on its own connection."""
    return store_db.connect(path), sqlite_utils.Database(sqlite3.connect(str(path)), execute_plugins=False)


def test_migration_checks_read_what_sqlite_utils_migrations_reads(tmp_path):
    lazy, real = _both(tmp_path / "a.kopdesk")
    assert store_db.applied_migrations(lazy) == [] and store_db.unknown_migrations(lazy) == []
    assert store_db.pending_migrations(lazy) == schema.pending(real) == list(schema.KNOWN_MIGRATIONS)

    schema.MIGRATIONS.apply(real, stop_before="0004_closing_shu")   # an older KopDesk's file
    assert store_db.pending_migrations(lazy) == schema.pending(real) == list(schema.KNOWN_MIGRATIONS[3:])
    assert store_db.applied_migrations(lazy) == [m.name for m in schema.MIGRATIONS.applied(real)]

    schema.apply(real)
    assert store_db.pending_migrations(lazy) == schema.pending(real) == []
    assert store_db.unknown_migrations(lazy) == schema.unknown_applied(real) == []

    other = Migrations("another_app")   # another set in the same table is not ours
    other(name="0001_x")(lambda db: None)
    other.apply(real)
    newer = Migrations(schema.MIGRATIONS.name)   # a newer KopDesk recorded one more migration
    newer(name="0099_from_the_future")(lambda db: None)
    newer.apply(real)
    assert store_db.unknown_migrations(lazy) == schema.unknown_applied(real) == ["0099_from_the_future"]
    assert store_db.pending_migrations(lazy) == schema.pending(real) == []
    assert "sqlite_utils.Database" not in repr(type(lazy))
    assert lazy._full is None   # all of it with plain SQL


@pytest.mark.parametrize("sql", [
    "insert into t values (1)", "  \n\tINSERT into t", "-- note\nbegin", "/* x */ SAVEPOINT a", ";;\ufeffCommit",
    "-- only a comment", "/* open comment", "select 1", "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
    "", "   ", "release_it", "end",
])
def test_first_keyword_is_sqlite_utils_own(sql):
    assert store_db._first_keyword(sql) == sqlite_utils_first_keyword(sql)


STEPS = [
    ("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL UNIQUE)", None),
    ("INSERT INTO t (v) VALUES (?)", [1]),                      # outside a transaction: committed at once
    ("-- a comment first\nINSERT INTO t (v) VALUES (:v)", {"v": 2}),
    ("INSERT INTO t (v) VALUES (1)", None),                     # fails: UNIQUE; its implicit transaction ends
    ("BEGIN", None),                                            # explicit: left open
    ("INSERT INTO t (v) VALUES (3)", None),
    ("INSERT INTO t (v) VALUES (2)", None),                     # fails inside: the transaction stays open
    ("ROLLBACK", None),
    ("SAVEPOINT s1", None),                                     # opens a transaction: left open
    ("INSERT INTO t (v) VALUES (4)", None),
    ("RELEASE s1", None),
    ("UPDATE t SET v = v + 10 WHERE v = 4", None),
    ("SELECT v FROM t ORDER BY v", None),
    ("PRAGMA user_version=7", None),
    ("DELETE FROM t WHERE v = 1", None),
]


def _trace(db, path):
    """What each step returns and leaves behind, as another connection sees it."""
    out = []
    for sql, params in STEPS:
        try:
            cur = db.execute(sql, params) if params is not None else db.execute(sql)
            result = ("ok", cur.fetchall(), cur.rowcount, type(cur).__name__)
        except sqlite3.Error as exc:
            result = ("error", type(exc).__name__, str(exc))
        other = sqlite3.connect(str(path))
        seen = [r[0] for r in other.execute("SELECT v FROM t ORDER BY v")] if other.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 't'").fetchone() else None
        other.close()
        out.append((sql, result, db.conn.in_transaction, seen))
    return out


def test_execute_behaves_as_sqlite_utils_database_execute(tmp_path):
    lazy = store_db.LazyDatabase(sqlite3.connect(str(tmp_path / "lazy.db")))
    real = sqlite_utils.Database(sqlite3.connect(str(tmp_path / "real.db")), execute_plugins=False)
    assert _trace(lazy, tmp_path / "lazy.db") == _trace(real, tmp_path / "real.db")
    assert lazy._full is None


def test_the_rest_is_a_real_database_over_the_same_connection(tmp_path):
    db = store_db.connect(tmp_path / "a.kopdesk")
    assert db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1   # as sqlite_utils.Database(conn) sets
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)")
    with db.atomic() as tx:                  # the first use of anything but execute/conn makes the Database
        assert isinstance(tx, sqlite_utils.Database) and tx is db.full and db.full.conn is db.conn
        db.execute("INSERT INTO t (v) VALUES (1)")
        with pytest.raises(RuntimeError), db.atomic():   # nested: a savepoint, rolled back alone
            db.execute("INSERT INTO t (v) VALUES (2)")
            raise RuntimeError
    assert [r[0] for r in db.execute("SELECT v FROM t")] == [1]
    assert db["t"].count == 1 and "t" in db.table_names()
    traced = []
    with db.tracer(lambda sql, params: traced.append(sql)):   # execute is now the Database's own
        db.execute("SELECT 1")
    assert traced == ["SELECT 1"]
    with pytest.raises(AttributeError):
        getattr(db, "no_such_thing")  # noqa: B009 - a Database has no such attribute either
    with pytest.raises(AttributeError):
        db.extra = 1   # nothing is set on the wrapper by mistake: it has no attributes of its own to set
    db.close()


def test_workspace_threads_get_lazy_connections_with_every_pragma(book):
    ws, _admin = book
    db = ws.db
    assert isinstance(db, store_db.LazyDatabase) and ws.db is db
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2   # FULL
    assert db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1


def test_backup_from_a_lazy_database_and_from_a_path(book, tmp_path):
    ws, _admin = book
    store_db.online_backup(ws.db, tmp_path / "one.kopdesk")
    store_db.online_backup(ws.path, tmp_path / "two.kopdesk")
    assert ws.db.execute("SELECT 1").fetchone() == (1,)   # the workspace's own connection stays open
    for name in ("one.kopdesk", "two.kopdesk"):
        assert store_db.verify_copy(tmp_path / name) == []
    assert W.backup_path(ws.path, tmp_path / "cli").exists()


START = textwrap.dedent("""
    import json, sys
    from kopdesk.services import users, workspace
    from kopdesk.store import db as store_db
    ws = workspace.open_workspace(sys.argv[1])
    user = users.default_user(ws)
    info = workspace.workspace_info(ws)
    out = {"opened": [info.name, info.schema_version, user.username],
           "sqlite_utils": "sqlite_utils" in sys.modules, "schema": "kopdesk.store.schema" in sys.modules}
    with ws.db.atomic():
        ws.db.execute("INSERT INTO meta (key, value) VALUES ('lazy_test', 'ya')")
    out["after_atomic"] = "sqlite_utils" in sys.modules
    ws.close()
    print(json.dumps(out))
""")


def test_opening_a_current_workspace_needs_no_sqlite_utils(book, tmp_path):
    ws, _admin = book
    path = ws.path
    ws.close()
    proc = subprocess.run([sys.executable, "-c", START, str(path)], capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout)
    assert out == {"opened": ["KSP Maju Bersama", schema.SCHEMA_VERSION, "admin"], "sqlite_utils": False,
                   "schema": False, "after_atomic": True}
    check = sqlite3.connect(str(path))
    assert check.execute("SELECT value FROM meta WHERE key = 'lazy_test'").fetchone() == ("ya",)
    check.close()


PAINT = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QEvent, QObject
    from kopdesk.ui import app, messages
    messages.use(app._ProbePrompts())
    qapp, win = app._start([sys.argv[1]])
    beranda = win.view.screen("beranda")
    seen = {}
    class Spy(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not seen:
                seen.update({m: m in sys.modules for m in ("sqlite_utils", "babel", "kopdesk.services.rat")})
            return False
    spy = Spy()
    beranda.installEventFilter(spy)
    while not seen:
        qapp.processEvents()
    win.close()
    print(json.dumps(seen))
""")


def test_beranda_is_painted_before_sqlite_utils_and_babel_are_imported(book, tmp_path):
    ws, _admin = book
    path = ws.path
    ws.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KOPDESK_CONFIG_DIR": str(tmp_path / "config")}
    proc = subprocess.run([sys.executable, "-c", PAINT, str(path)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {
        "sqlite_utils": False, "babel": False, "kopdesk.services.rat": False}
