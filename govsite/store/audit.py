"""The console's audit log: every state change, sign-in and account change, with who and whence."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from govsite.store.console_schema import AuditRow, console_session
from govsite.store.db import Store


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    account: str
    address: str
    action: str
    site_id: int | None
    target: str
    detail: str


def log(store: Store, account: str, action: str, *, address: str = "", site_id: int | None = None,
        target: str = "", detail: str = "", at: datetime | None = None) -> None:
    with console_session(store) as s:
        s.add(AuditRow(at=at or datetime.now(), account=account, address=address, action=action,
                       site_id=site_id, target=target, detail=detail))
        s.commit()


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(row.at, row.account, row.address, row.action, row.site_id, row.target, row.detail)


def entries_for(store: Store, site_id: int, target: str) -> list[AuditEntry]:
    """The history of one finding (or account) of a site, newest first."""
    with console_session(store) as s:
        rows = s.scalars(select(AuditRow).where(AuditRow.site_id == site_id, AuditRow.target == target)
                         .order_by(AuditRow.id.desc()))
        return [_entry(r) for r in rows]


def recent_entries(store: Store, limit: int = 500) -> list[AuditEntry]:
    """The newest `limit` entries of the whole log, newest first."""
    with console_session(store) as s:
        return [_entry(r) for r in s.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit))]
