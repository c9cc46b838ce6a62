"""Named leases in the store (table `leases`): one holder at a time, until an expiry the holder
keeps pushing forward.  The embedded scheduler holds "schedule" so that a second scheduler on
the same store refuses to start, on this machine or another."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from govsite.store.db import Store, utc_now
from govsite.store.schema import LeaseRow


@dataclass(frozen=True)
class Lease:
    name: str
    holder: str
    expires_at: datetime        # UTC


def take_lease(store: Store, name: str, holder: str, seconds: float) -> Lease | None:
    """Take the lease `name` for `holder` for `seconds` (or renew it, if `holder` has it).
    Returns None when it is now `holder`'s, else the unexpired lease someone else holds.  One
    conditional UPDATE (or the INSERT of a new row) decides, so two takers never both win."""
    now = utc_now()
    until = now + timedelta(seconds=seconds)
    with store.session() as s:
        taken = s.execute(update(LeaseRow).where(LeaseRow.name == name,
                                                 or_(LeaseRow.holder == holder, LeaseRow.expires_at < now))
                          .values(holder=holder, expires_at=until)).rowcount
        if taken:
            s.commit()
            return None
        if s.get(LeaseRow, name) is None:
            s.add(LeaseRow(name=name, holder=holder, expires_at=until))
            try:
                s.commit()
                return None
            except IntegrityError:      # inserted meanwhile by another process
                s.rollback()
    return lease_holder(store, name)


def release_lease(store: Store, name: str, holder: str) -> None:
    """Give the lease back (only if `holder` still has it)."""
    with store.session() as s:
        s.execute(delete(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder))
        s.commit()


def lease_holder(store: Store, name: str) -> Lease | None:
    with store.session() as s:
        row = s.execute(select(LeaseRow.name, LeaseRow.holder, LeaseRow.expires_at)
                        .where(LeaseRow.name == name)).first()
    return Lease(*row) if row else None
