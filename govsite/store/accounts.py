"""Console accounts and sign-in attempts (govsite/console/auth.py decides; this stores)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from govsite.errors import BadInput
from govsite.store.console_schema import AccountRow, LoginAttemptRow, console_session
from govsite.store.db import Store


@dataclass(frozen=True)
class Account:
    """A console account as the console reads it (its hash stays in the store)."""

    name: str
    role: str
    units: list[str] = field(default_factory=list)
    disabled: bool = False
    created_at: datetime | None = None


def _account(row: AccountRow) -> Account:
    return Account(row.name, row.role, list(row.units or []), bool(row.disabled), row.created_at)


def add_account(store: Store, name: str, role: str, units: list[str], password_hash: str) -> Account:
    """A new account; BadInput when the name is taken."""
    with console_session(store) as s:
        if s.scalar(select(AccountRow.id).where(AccountRow.name == name)) is not None:
            raise BadInput(f"an account named {name} exists already")
        row = AccountRow(name=name, role=role, units=list(units), password_hash=password_hash,
                         disabled=False, created_at=datetime.now())
        s.add(row)
        try:
            s.commit()
        except IntegrityError:
            raise BadInput(f"an account named {name} exists already") from None
        return _account(row)


def find_account(store: Store, name: str) -> Account | None:
    with console_session(store) as s:
        row = s.scalar(select(AccountRow).where(AccountRow.name == name))
        return _account(row) if row is not None else None


def password_hash_of(store: Store, name: str) -> str | None:
    """The stored hash of an enabled account, None for an unknown or disabled one."""
    with console_session(store) as s:
        return s.scalar(select(AccountRow.password_hash)
                        .where(AccountRow.name == name, AccountRow.disabled.is_(False)))


def list_accounts(store: Store) -> list[Account]:
    with console_session(store) as s:
        return [_account(r) for r in s.scalars(select(AccountRow).order_by(AccountRow.name))]


def set_password_hash(store: Store, name: str, password_hash: str) -> bool:
    """Replace the account's hash; False when there is no such account."""
    with console_session(store) as s:
        done = s.execute(update(AccountRow).where(AccountRow.name == name)
                         .values(password_hash=password_hash)).rowcount
        s.commit()
    return bool(done)


def set_disabled(store: Store, name: str, disabled: bool = True) -> bool:
    with console_session(store) as s:
        done = s.execute(update(AccountRow).where(AccountRow.name == name)
                         .values(disabled=disabled)).rowcount
        s.commit()
    return bool(done)


def record_attempt(store: Store, name: str, address: str, ok: bool, at: datetime) -> None:
    with console_session(store) as s:
        s.add(LoginAttemptRow(at=at, name=name, address=address, ok=ok))
        s.commit()


def failures_since(store: Store, since: datetime, name: str | None = None,
                   address: str | None = None) -> int:
    """Failed sign-ins since `since` for the account `name` or from `address`."""
    query = select(func.count()).select_from(LoginAttemptRow).where(
        LoginAttemptRow.at >= since, LoginAttemptRow.ok.is_(False))
    if name is not None:
        query = query.where(LoginAttemptRow.name == name)
    if address is not None:
        query = query.where(LoginAttemptRow.address == address)
    with console_session(store) as s:
        return int(s.scalar(query) or 0)
