"""Shared fixtures and builders. Tests read like the cooperative's own bookkeeping."""

from __future__ import annotations

import datetime as dt
import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="kopdesk-xdg-")
os.environ.setdefault("KOPDESK_CONFIG_DIR", tempfile.mkdtemp(prefix="kopdesk-config-"))

import pytest  # noqa: E402

from kopdesk.domain.coop import CoopProfile  # noqa: E402
from kopdesk.domain.ledger import JournalDraft, LineDraft  # noqa: E402
from kopdesk.services import ledger as ledger_svc  # noqa: E402
from kopdesk.services import workspace as ws_svc  # noqa: E402

PROFILE = CoopProfile(
    name="KSP Maju Bersama", legal_number="188.4/123/BH/XIX/2015", legal_date=dt.date(2015, 3, 2),
    street="Jl. A. Yani Km 33 No. 12", desa="Loktabat Utara", kecamatan="Banjarbaru Utara",
    kabupaten_kota="Kota Banjarbaru", province="Kalimantan Selatan", postal_code="70714", coop_type="KSP",
)


@pytest.fixture
def book(tmp_path):
    """A fresh koperasi workspace and its admin user: ``ws, admin = book``."""
    ws, admin = ws_svc.create_workspace(tmp_path / "koperasi.kopdesk", profile=PROFILE,
                                        admin_full_name="Siti Rahmah")
    yield ws, admin
    ws.close()


def acct(ws, code: str) -> int:
    return ledger_svc.get_account(ws, code).id


def post(ws, by, on: dt.date, description: str, *lines: tuple[str, int, int], series: str = "JU"):
    """post(ws, admin, date, "Setoran", ("1-1100", 100_000, 0), ("3-1100", 0, 100_000))"""
    draft = JournalDraft(on, description, tuple(LineDraft(acct(ws, c), debit=d, credit=k) for c, d, k in lines),
                         series=series)
    return ledger_svc.post_journal(ws, draft, by)
