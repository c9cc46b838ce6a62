"""Tables of the web console (`govsite serve`, govsite/console/): accounts, sign-in attempts, the
audit log, the rectification claims of units and their uploaded screenshots.  On a declarative
base of their own (ConsoleBase), so that opening a store does not make them: they are
made by ensure_console_tables the first time the console is used on a store (a store that is only
scanned keeps its size and its pages), with CREATE … IF NOT EXISTS, so that a store of any age
gets them."""
from __future__ import annotations

import time
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Index, Integer, String, Text, UniqueConstraint, inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class ConsoleBase(DeclarativeBase):
    pass


class AccountRow(ConsoleBase):
    """A console account: admin (电子政务中心), unit (its `units` only) or inspector (reads all)."""

    __tablename__ = "console_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    units: Mapped[list] = mapped_column(JSON, default=list)
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class LoginAttemptRow(ConsoleBase):
    """One sign-in attempt, counted by account name and by address for the lockout."""

    __tablename__ = "console_login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)


class AuditRow(ConsoleBase):
    """One entry of the audit log: who (account, address) did what to which finding or account."""

    __tablename__ = "console_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    account: Mapped[str] = mapped_column(String(128))
    address: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))
    site_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_console_audit_site_target", "site_id", "target"),)


class ClaimRow(ConsoleBase):
    """The rectification state of one finding (by key) of one site, when a unit or the centre
    acted on it (a finding without a row is 待整改).  `seen_scan_id`: the complete scan the finding
    was shown from; `claimed_scan_id`: the newest scan of the site when it was marked fixed (the
    next complete scan after it verifies the claim)."""

    __tablename__ = "console_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    seen_scan_id: Mapped[int] = mapped_column(Integer)
    claimed_scan_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    verified_scan_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    failed_times: Mapped[int] = mapped_column(Integer, default=0)     # 整改未通过, counted against the unit
    until: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(128), default="")

    __table_args__ = (UniqueConstraint("site_id", "key", name="uq_console_claims_site_key"),)


class UploadRow(ConsoleBase):
    """A screenshot a unit uploaded with a claim: stored under the console's data folder by a
    random name (`stored_name`), never by the name it came with."""

    __tablename__ = "console_uploads"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)     # random, the URL's id
    site_id: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(Text, default="")
    stored_name: Mapped[str] = mapped_column(String(128))
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(Text, default="")
    account: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime)


CONSOLE_TABLES = [AccountRow.__table__, LoginAttemptRow.__table__, AuditRow.__table__, ClaimRow.__table__,
                  UploadRow.__table__]
_READY: set[int] = set()        # engines whose store has the console's tables


def has_console_tables(store) -> bool:
    """Whether the store was ever used by the console (its claims table exists)."""
    if id(store.engine) in _READY:
        return True
    with store.engine.connect() as conn:
        return inspect(conn).has_table(ClaimRow.__tablename__)


def ensure_console_tables(store) -> None:
    """Create the console's tables (and their indexes) in the store, once, when the console is
    first used on it: a store only scanned never carries them (nor their pages), and a store of
    any age gets them on its first `govsite users` or `govsite serve`."""
    if id(store.engine) in _READY:
        return
    for attempt in range(20):
        try:
            with store.engine.connect() as conn:
                if conn.dialect.name == "sqlite":
                    conn.exec_driver_sql("BEGIN IMMEDIATE")       # one creator at a time
                ConsoleBase.metadata.create_all(conn, tables=CONSOLE_TABLES, checkfirst=True)
                for table in CONSOLE_TABLES:
                    for index in table.indexes:
                        index.create(conn, checkfirst=True)
                conn.commit()
            break
        except SQLAlchemyError as exc:
            if "already exists" not in str(exc) or attempt == 19:
                raise
            time.sleep(0.05 * (attempt + 1))
    _READY.add(id(store.engine))


def console_session(store) -> Session:
    """A session on the store, its console tables made first if needed."""
    ensure_console_tables(store)
    return store.session()
