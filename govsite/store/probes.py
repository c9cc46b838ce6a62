"""Availability probes of a site's home page (the scheduler's, >= 20 a day): stored and read back."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from govsite.store.db import Store
from govsite.store.schema import ProbeRow


@dataclass(frozen=True)
class Probe:
    """One probe: when, whether the page opened in time, its HTTP status, seconds, why not."""

    site: str
    at: datetime
    ok: bool
    status: int | None = None
    elapsed: float | None = None
    error: str = ""


def save_probe(store: Store, probe: Probe) -> None:
    with store.session() as s:
        s.add(ProbeRow(site=probe.site, at=probe.at, ok=probe.ok, status=probe.status,
                       elapsed=probe.elapsed, error=probe.error))
        s.commit()


def probes_between(store: Store, site: str, first: datetime, last: datetime) -> list[Probe]:
    """The probes of `site` taken from `first` to `last` (both included), oldest first."""
    with store.session() as s:
        rows = s.execute(select(ProbeRow.site, ProbeRow.at, ProbeRow.ok, ProbeRow.status,
                                ProbeRow.elapsed, ProbeRow.error)
                         .where(ProbeRow.site == site, ProbeRow.at >= first, ProbeRow.at <= last)
                         .order_by(ProbeRow.at, ProbeRow.id)).all()
    return [Probe(*row) for row in rows]
