"""The store maps records to rows faithfully and keeps its guards."""

import datetime as dt
from decimal import Decimal

import pytest

from kopdesk.domain.coop import AdArt
from kopdesk.store import admin, ledger, schema
from kopdesk.store import db as store_db
from tests.conftest import PROFILE


def test_header_is_read_without_sqlite(tmp_path):
    f = tmp_path / "x.kopdesk"
    f.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    h = store_db.read_header(f)
    assert h.is_sqlite and h.application_id == 0 and h.user_version == 0
    f.write_text("halo")
    assert not store_db.read_header(f).is_sqlite


def test_number_series_reserve_ranges(tmp_path):
    db = store_db.connect(tmp_path / "a.kopdesk")
    schema.apply(db)
    assert ledger.next_number(db, "KM", 2026) == 1
    assert ledger.next_number(db, "KM", 2026, count=10) == 2
    assert ledger.next_number(db, "KM", 2026) == 12
    assert ledger.next_number(db, "KM", 2027) == 1


def test_profile_and_adart_round_trip_without_floats(tmp_path):
    db = store_db.connect(tmp_path / "a.kopdesk")
    schema.apply(db)
    admin.save_profile(db, PROFILE)
    assert admin.load_profile(db) == PROFILE
    a = AdArt(simpanan_pokok=250_000, shu_allocation={**AdArt().shu_allocation, "dana_sosial": Decimal("2.5")})
    admin.save_adart(db, a)
    loaded = admin.load_adart(db)
    assert loaded == a and isinstance(loaded.shu_allocation["dana_sosial"], Decimal)
    raw = db.execute("SELECT value FROM settings WHERE key = 'adart'").fetchone()[0]
    assert '"dana_sosial": "2.5"' in raw  # stored as text, never as a float


def test_money_columns_refuse_non_integers(tmp_path):
    db = store_db.connect(tmp_path / "a.kopdesk")
    schema.apply(db)
    ledger.insert_account(db, code="1-1100", name="Kas", normal="D", klass="1", parent_code="1")
    db.execute("INSERT INTO journals (number, series, date, description, created_at) VALUES "
               "('JU-1', 'JU', '2026-01-01', 'x', 'now')")
    with pytest.raises(Exception, match="CHECK"):
        db.execute("INSERT INTO journal_lines (journal_id, line_no, account_id, date, debit, credit) "
                   "VALUES (1, 1, 1, '2026-01-01', 10.5, 0)")


def test_process_lock_is_exclusive_and_released(tmp_path):
    a, b = store_db.ProcessLock(tmp_path / "w.kopdesk"), store_db.ProcessLock(tmp_path / "w.kopdesk")
    a.acquire()
    with pytest.raises(store_db.LockedError) as err:
        b.acquire()
    assert "pid" in err.value.holder
    a.release()
    b.acquire()
    b.release()
    assert not (tmp_path / "w.kopdesk-lock").exists()


def test_locked_through_ignores_reopened_periods(tmp_path):
    db = store_db.connect(tmp_path / "a.kopdesk")
    schema.apply(db)
    db.execute("INSERT INTO closed_periods (period_end, closed_at) VALUES ('2026-01-31', 'x'), ('2026-02-28', 'x')")
    assert ledger.locked_through(db) == dt.date(2026, 2, 28)
    db.execute("UPDATE closed_periods SET reopened_at = 'y' WHERE period_end = '2026-02-28'")
    assert ledger.locked_through(db) == dt.date(2026, 1, 31)
