import datetime as dt
from decimal import Decimal

import pytest

from kopdesk.domain.coop import AdArt, Official
from kopdesk.domain.errors import PermissionDenied, ValidationError
from kopdesk.domain.users import Role
from kopdesk.services import profile, users


def test_login_needed_only_once_a_password_exists(book):
    ws, admin = book
    assert not users.login_required(ws)
    assert users.default_user(ws).id == admin.id
    users.set_password(ws, admin.id, "rahasia123", by=admin)
    assert users.login_required(ws)
    assert users.login(ws, "ADMIN", "rahasia123").id == admin.id  # user names are not case-sensitive
    with pytest.raises(users.LoginFailed, match="salah"):
        users.login(ws, "admin", "salah123")
    stored = ws.db.execute("SELECT password_hash FROM users WHERE id = ?", [admin.id]).fetchone()[0]
    assert "rahasia123" not in stored and stored.startswith("scrypt$")


def test_users_and_roles(book):
    ws, admin = book
    teller, _ = users.add_user(ws, username="teller", full_name="Nurul", role=Role.BENDAHARA, password="abc12345",
                               by=admin)
    with pytest.raises(ValidationError, match="sudah dipakai"):
        users.add_user(ws, username="teller", full_name="Lain", role=Role.BENDAHARA, password=None, by=admin)
    with pytest.raises(PermissionDenied):
        users.add_user(ws, username="x", full_name="X", role=Role.ADMIN, password=None, by=teller)
    with pytest.raises(ValidationError, match="paling sedikit satu admin"):
        users.update_user(ws, admin.id, full_name=admin.full_name, role=Role.BENDAHARA, active=True, by=admin)
    assert users.default_user(ws).role == Role.ADMIN


def test_profile_adart_and_officials(book):
    ws, admin = book
    p = profile.get_profile(ws)
    assert p.name == "KSP Maju Bersama"
    from dataclasses import replace

    profile.save_profile(ws, replace(p, nik_koperasi="6372030120000045", phone="0511-123"), admin)
    assert profile.get_profile(ws).nik_koperasi == "6372030120000045"
    with pytest.raises(ValidationError, match="NIK koperasi harus 16 digit"):
        profile.save_profile(ws, replace(p, nik_koperasi="123"), admin)

    a = AdArt(simpanan_pokok=150_000, simpanan_wajib=25_000)
    profile.save_adart(ws, a, admin)
    assert profile.get_adart(ws) == a
    bad = AdArt(shu_allocation={**a.shu_allocation, "cadangan": Decimal("41")})
    with pytest.raises(ValidationError, match="harus 100%"):
        profile.save_adart(ws, bad, admin)
    assert profile.get_adart(ws) == a  # nothing written

    oid, _ = profile.save_official(ws, Official(None, "pengurus", "Ketua", "H. Ahmad Fauzi", dt.date(2024, 3, 1),
                                                dt.date(2029, 2, 28)), admin)
    assert [o.name for o in profile.list_officials(ws)] == ["H. Ahmad Fauzi"]
    with pytest.raises(ValidationError, match="Akhir masa jabatan"):
        profile.save_official(ws, Official(oid, "pengurus", "Ketua", "H. Ahmad Fauzi", dt.date(2024, 3, 1),
                                           dt.date(2020, 1, 1)), admin)


def test_logo_must_be_an_image(book):
    ws, admin = book
    with pytest.raises(ValidationError, match="PNG atau JPEG"):
        profile.set_logo(ws, b"GIF89a....", admin)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    profile.set_logo(ws, png, admin)
    assert profile.get_logo(ws) == png and profile.get_profile(ws).has_logo
