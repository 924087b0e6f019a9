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
