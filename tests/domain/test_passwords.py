from kopdesk.domain.users import ROLE_PERMS, Perm, Role, User, UserId, hash_password, verify_password


def test_password_hash_is_scrypt_salted_and_verifiable():
    h1, h2 = hash_password("rahasia123"), hash_password("rahasia123")
    assert h1.startswith("scrypt$") and "rahasia123" not in h1
    assert h1 != h2  # salted
    assert verify_password("rahasia123", h1)
    assert not verify_password("rahasia124", h1)
    assert not verify_password("x", "not-a-hash")


def test_read_only_roles_cannot_post():
    pengawas = User(UserId(2), "pengawas", "H. Rasyid", Role.PENGAWAS)
    assert pengawas.can(Perm.VIEW) and not pengawas.can(Perm.POST)
    assert ROLE_PERMS[Role.ADMIN] == frozenset(Perm)
    assert not User(UserId(1), "a", "A", Role.ADMIN, active=False).can(Perm.VIEW)
