"""Password hashes, account rules and the sign-in lockout, on a real SQLite store."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from console_store import cheap_hashes  # noqa: F401 - autouse

from govsite.console.auth import (
    LOCKED,
    WRONG,
    create_account,
    csrf_ok,
    disable_account,
    hash_password,
    new_csrf_token,
    password_matches,
    session_key,
    sign_in,
    split_units,
)
from govsite.errors import BadInput
from govsite.store import audit
from govsite.store.accounts import password_hash_of
from govsite.store.db import open_store


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "a.sqlite")


def test_production_hashes_are_argon2id_with_64_mib():
    from argon2 import PasswordHasher

    from govsite.console import auth
    default = PasswordHasher()
    assert default.memory_cost >= 65536 and default.time_cost >= 3
    # the module's own hasher (the tests swap HASHER for a cheap one) is made with those defaults
    production = auth.DEFAULT_HASHER
    assert (production.memory_cost, production.time_cost) == (default.memory_cost, default.time_cost)
    assert production.hash("x" * 8).startswith("$argon2id$v=19$m=65536")


def test_passwords_are_argon2_hashes_that_verify_only_the_right_password(store):
    create_account(store, "zhang", "admin", [], "correct horse")
    stored = password_hash_of(store, "zhang")
    assert stored.startswith("$argon2") and "correct horse" not in stored
    assert password_matches(stored, "correct horse")
    assert not password_matches(stored, "correct hors")
    assert hash_password("same password") != hash_password("same password")      # salted


@pytest.mark.parametrize("name, role, units, password, words", [
    ("li", "root", [], "12345678", "unknown role"),
    ("li", "unit", [], "12345678", "at least one --unit"),
    ("li", "admin", [], "1234567", "too short"),
    ("a b", "admin", [], "12345678", "account name"),
])
def test_bad_accounts_are_refused_in_one_line(store, name, role, units, password, words):
    with pytest.raises(BadInput, match=words):
        create_account(store, name, role, units, password)


def test_duplicate_name_is_refused(store):
    create_account(store, "wang", "inspector", [], "12345678")
    with pytest.raises(BadInput, match="exists already"):
        create_account(store, "wang", "admin", [], "12345678")


def test_units_typed_in_one_field_are_split_on_commas_enumeration_commas_and_spaces():
    assert split_units("县统计局, 县民政局，县信访局、 蜂岩镇人民政府  县政府办") == [
        "县统计局", "县民政局", "县信访局", "蜂岩镇人民政府", "县政府办"]


def test_sixth_attempt_is_locked_even_with_the_right_password_and_the_lock_ends(store):
    create_account(store, "unit1", "unit", ["县政府办"], "right-password")
    t0 = datetime(2026, 12, 1, 9, 0)
    for i in range(5):
        result = sign_in(store, "unit1", "wrong", "10.0.0.1", t0 + timedelta(seconds=i))
        assert (result.account, result.message, result.status) == (None, WRONG, 200)
    locked = sign_in(store, "unit1", "right-password", "10.0.0.2", t0 + timedelta(minutes=1))
    assert (locked.account, locked.message, locked.status) == (None, LOCKED, 429)
    # 15 minutes after the failures the account signs in again
    later = sign_in(store, "unit1", "right-password", "10.0.0.2", t0 + timedelta(minutes=15, seconds=5))
    assert later.account is not None and later.account.name == "unit1"
    actions = [e.action for e in audit.recent_entries(store)]
    assert actions.count("登录失败") == 5 and "登录被锁定" in actions and actions[0] == "登录"


def test_twenty_failures_from_one_address_lock_that_address_for_every_account(store):
    create_account(store, "admin1", "admin", [], "right-password")
    t0 = datetime(2026, 12, 1, 9, 0)
    for i in range(20):     # 20 different names, so no account reaches its own limit
        sign_in(store, f"guess{i}", "x", "10.9.9.9", t0 + timedelta(seconds=i))
    assert sign_in(store, "admin1", "right-password", "10.9.9.9", t0 + timedelta(minutes=2)).status == 429
    assert sign_in(store, "admin1", "right-password", "10.1.1.1", t0 + timedelta(minutes=2)).account is not None


def test_a_disabled_account_cannot_sign_in(store):
    create_account(store, "old", "inspector", [], "right-password")
    disable_account(store, "old")
    assert sign_in(store, "old", "right-password", "127.0.0.1").account is None


def test_csrf_tokens_compare_exactly_and_the_session_key_is_kept_in_the_store(store, tmp_path):
    token = new_csrf_token()
    assert csrf_ok(token, token) and not csrf_ok(token, token[:-1] + "x")
    assert not csrf_ok(token, None) and not csrf_ok(None, None) and not csrf_ok("", "")
    assert session_key(store) == session_key(open_store(tmp_path / "a.sqlite"))
    assert session_key(store) != session_key(open_store(tmp_path / "b.sqlite"))


def test_a_new_password_replaces_the_old_one_and_is_logged(store):
    from govsite.console.auth import change_password
    create_account(store, "liu", "unit", ["县政府办"], "first-password")
    change_password(store, "liu", "second-password")
    assert sign_in(store, "liu", "first-password", "127.0.0.1").account is None
    assert sign_in(store, "liu", "second-password", "127.0.0.1").account is not None
    with pytest.raises(BadInput, match="too short"):
        change_password(store, "liu", "short")
    with pytest.raises(BadInput, match="no account"):
        change_password(store, "nobody", "long-enough")
    assert "修改密码" in [e.action for e in audit.recent_entries(store)]
