"""The sites of a store (`govsite sites`): register, list, find by name or URL, remove.

A site's scans keep their history when it is removed (their `site_id` is cleared); scanning its
URL again registers it anew."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from govsite.errors import BadInput
from govsite.store.db import Store
from govsite.store.schema import ScanRow, SiteRow


class UnknownSite(BadInput):
    """A site named on the command line that the store does not know."""


@dataclass(frozen=True)
class Site:
    """A registered site: what a scan of it needs (URL, allowed hosts, profiles) and who owns it."""

    name: str
    start_url: str
    allow_hosts: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    owner_unit: str = ""
    server_group: str = ""
    id: int = 0

    @property
    def group(self) -> str:
        """The server group a fleet keeps one scan at a time for: the one given, else the
        site's own host."""
        from govsite.urls import host_of
        return self.server_group or host_of(self.start_url)


def _site(row: SiteRow) -> Site:
    return Site(row.name, row.start_url, list(row.allow_hosts or []), list(row.profiles or []),
                row.owner_unit or "", row.server_group or "", row.id)


def add_sites(store: Store, sites: Iterable[Site]) -> list[Site]:
    """Register `sites` in one transaction: all of them, or none when one clashes with a site
    already there (same name or same start URL)."""
    sites = list(sites)
    with store.session() as s:
        for site in sites:
            clash = s.scalars(select(SiteRow).where(or_(SiteRow.name == site.name,
                                                        SiteRow.start_url == site.start_url))).first()
            if clash is not None:
                raise BadInput(f"a site named {clash.name} with start URL {clash.start_url} is "
                               f"already registered (govsite sites remove it first)")
            s.add(SiteRow(name=site.name, start_url=site.start_url, allow_hosts=site.allow_hosts,
                          profiles=site.profiles, owner_unit=site.owner_unit,
                          server_group=site.server_group, created_at=datetime.now()))
        try:
            s.commit()
        except IntegrityError:          # another process registered one of them meanwhile
            raise BadInput("one of these sites was registered meanwhile by another process") from None
    return [find_site(store, site.start_url) for site in sites]


def list_sites(store: Store) -> list[Site]:
    """Every registered site, by name."""
    with store.session() as s:
        return [_site(row) for row in s.scalars(select(SiteRow).order_by(SiteRow.name))]


def find_site(store: Store, name_or_url: str) -> Site:
    """The site named `name_or_url`, or whose start URL it is (with or without the final
    slash); UnknownSite when there is none."""
    text = name_or_url.strip()
    candidates = {text, text.rstrip("/") + "/", text.rstrip("/")}
    with store.session() as s:
        row = (s.scalars(select(SiteRow).where(SiteRow.name == text)).first()
               or s.scalars(select(SiteRow).where(SiteRow.start_url.in_(candidates))).first())
    if row is None:
        raise UnknownSite(f"no site '{text}' in this store (`govsite sites list` shows them; "
                          f"`govsite sites add URL --name NAME` registers one)")
    return _site(row)


def remove_site(store: Store, name_or_url: str) -> tuple[Site, int]:
    """Forget the site; its scans stay (unlinked).  Returns the site and how many scans it had."""
    site = find_site(store, name_or_url)
    with store.session() as s:
        scans = s.scalar(select(func.count()).select_from(ScanRow).where(ScanRow.site_id == site.id))
        s.execute(update(ScanRow).where(ScanRow.site_id == site.id).values(site_id=None))
        s.execute(SiteRow.__table__.delete().where(SiteRow.id == site.id))
        s.commit()
    return site, int(scans or 0)


def site_scan_counts(store: Store) -> dict[int, tuple[int, str | None]]:
    """Per site id: how many scans it has and the as-of day of the newest (ISO), for listings."""
    query = (select(ScanRow.site_id, func.count(), func.max(ScanRow.as_of))
             .where(ScanRow.site_id.is_not(None)).group_by(ScanRow.site_id))
    with store.session() as s:
        return {sid: (n, last.isoformat() if last else None) for sid, n, last in s.execute(query)}
