"""Tables of the web console (`govsite serve`, govsite/console/): accounts, sign-in attempts, the
audit log, the rectification claims of units and their uploaded screenshots.  On the store's one
`Base`, so that opening a store creates them (db._create_tables) like every other table."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from govsite.store.schema import Base


class AccountRow(Base):
    """A console account: admin (电子政务中心), unit (its `units` only) or inspector (reads all)."""

    __tablename__ = "console_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    units: Mapped[list] = mapped_column(JSON, default=list)
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class LoginAttemptRow(Base):
    """One sign-in attempt, counted by account name and by address for the lockout."""

    __tablename__ = "console_login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)


class AuditRow(Base):
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


class ClaimRow(Base):
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


class UploadRow(Base):
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
