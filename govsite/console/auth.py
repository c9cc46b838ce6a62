"""Accounts of the console: argon2 password hashes, sign-in with a lockout, CSRF tokens and the
key that signs session cookies (kept in the store, so a restart keeps sessions)."""
from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from govsite.errors import BadInput
from govsite.store import accounts, audit
from govsite.store.accounts import Account
from govsite.store.db import Store
from govsite.store.secrets import store_secret

ROLES = ("admin", "unit", "inspector")
ROLE_ZH = {"admin": "电子政务中心（管理员）", "unit": "单位", "inspector": "检查人员（只读）"}
MIN_PASSWORD = 8
LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES_ACCOUNT = 5
MAX_FAILURES_ADDRESS = 20
WRONG = "用户名或密码错误"
LOCKED = "尝试次数过多，请15分钟后再试"
_NAME = re.compile(r"^[\w.@\-\u4e00-\u9fff]{1,64}$")
_UNIT_SPLIT = re.compile(r"[,，、\s]+")

# argon2id with argon2-cffi's defaults (RFC 9106 low-memory: 64 MiB, 3 passes).  A hash carries
# its own parameters, so verifying never depends on this object's.
DEFAULT_HASHER = PasswordHasher()
HASHER = DEFAULT_HASHER


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def split_units(text: str) -> list[str]:
    """Units typed in one field, separated by `,` `，` `、` or spaces."""
    return [u for u in _UNIT_SPLIT.split(text.strip()) if u]


def check_new_account(name: str, role: str, units: list[str], password: str) -> None:
    """BadInput (one line) for a name, role, unit list or password the console refuses."""
    if not _NAME.match(name or ""):
        raise BadInput(f"account name {name!r}: 1 to 64 letters, digits, Chinese characters or . @ - _")
    if role not in ROLES:
        raise BadInput(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if role == "unit" and not units:
        raise BadInput("a unit account needs at least one --unit (the units whose findings it sees)")
    check_password(password)


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise BadInput(f"the password is too short: at least {MIN_PASSWORD} characters")


def create_account(store: Store, name: str, role: str, units: list[str], password: str, *,
                   by: str = "命令行", address: str = "") -> Account:
    check_new_account(name, role, units, password)
    account = accounts.add_account(store, name, role, units if role == "unit" else [], hash_password(password))
    audit.log(store, by, "添加账号", address=address, target=name,
              detail=f"{role}" + (f"：{'、'.join(account.units)}" if account.units else ""))
    return account


def change_password(store: Store, name: str, password: str, *, by: str = "命令行", address: str = "") -> None:
    check_password(password)
    if not accounts.set_password_hash(store, name, hash_password(password)):
        raise BadInput(f"no account named {name}")
    audit.log(store, by, "修改密码", address=address, target=name)


def disable_account(store: Store, name: str, *, by: str = "命令行", address: str = "") -> None:
    if not accounts.set_disabled(store, name, True):
        raise BadInput(f"no account named {name}")
    audit.log(store, by, "停用账号", address=address, target=name)


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt came to: the account, or the message to show and the HTTP status."""

    account: Account | None
    message: str = ""
    status: int = 200


def locked_out(store: Store, name: str, address: str, now: datetime) -> bool:
    since = now - LOCK_WINDOW
    return (accounts.failures_since(store, since, name=name) >= MAX_FAILURES_ACCOUNT
            or accounts.failures_since(store, since, address=address) >= MAX_FAILURES_ADDRESS)


def sign_in(store: Store, name: str, password: str, address: str, now: datetime | None = None) -> SignIn:
    """Check a name and password: after 5 failures for an account (or 20 from an address) within
    15 minutes, every attempt is refused for 15 minutes, even with the right password."""
    now = now or datetime.now()
    name = (name or "").strip()[:128]
    if locked_out(store, name, address, now):
        audit.log(store, name or "?", "登录被锁定", address=address, target=name)
        return SignIn(None, LOCKED, 429)
    stored = accounts.password_hash_of(store, name)
    if stored:
        ok = password_matches(stored, password)
    else:
        hash_password(password or "x")   # an unknown name costs a hash too: timing tells nothing
        ok = False
    accounts.record_attempt(store, name, address, ok, now)
    if not ok:
        audit.log(store, name or "?", "登录失败", address=address, target=name)
        return SignIn(None, WRONG, 200)
    audit.log(store, name, "登录", address=address, target=name)
    return SignIn(accounts.find_account(store, name))


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def session_key(store: Store) -> str:
    """The key that signs the console's session cookies, made once per store."""
    return store_secret(store, "console_session_key").hex()
