"""What the console's pages read, each query filtered on the server by the units an account may
see (`units=None`: every unit)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, select, update

from govsite.store.console_schema import ClaimRow, console_session
from govsite.store.db import Store
from govsite.store.history import StoredColumn, StoredFinding
from govsite.store.schema import ColumnRow, FindingRow, ScanRow, SiteRow
from govsite.store.site_rows import site_id_for

_FINDING = tuple(getattr(FindingRow, name) for name in StoredFinding.__dataclass_fields__)
_COLUMN = tuple(getattr(ColumnRow, name) for name in StoredColumn.__dataclass_fields__)


@dataclass(frozen=True)
class SiteLine:
    id: int
    name: str
    start_url: str
    owner_unit: str


@dataclass(frozen=True)
class ScanLine:
    id: int
    as_of: date
    status: str
    pages: int
    started_at: datetime
    finished_at: datetime | None
    note: str
    stats: dict
    score: dict


def link_unsited_scans(store: Store) -> None:
    """Scans without a site (a site removed since, a store of old) get the site of their start
    URL, registered now if needed: the console addresses every scan through its site."""
    with store.engine.begin() as conn:
        urls = conn.execute(select(ScanRow.start_url).where(ScanRow.site_id.is_(None)).distinct()).scalars().all()
        for url in sorted(urls):
            conn.execute(update(ScanRow).where(ScanRow.start_url == url, ScanRow.site_id.is_(None))
                         .values(site_id=site_id_for(conn, url)))


def sites(store: Store) -> list[SiteLine]:
    with store.session() as s:
        return [SiteLine(*r) for r in s.execute(select(SiteRow.id, SiteRow.name, SiteRow.start_url,
                                                       SiteRow.owner_unit).order_by(SiteRow.id))]


def site(store: Store, site_id: int) -> SiteLine | None:
    with store.session() as s:
        row = s.execute(select(SiteRow.id, SiteRow.name, SiteRow.start_url, SiteRow.owner_unit)
                        .where(SiteRow.id == site_id)).first()
    return SiteLine(*row) if row is not None else None


_SCAN_LINE = (ScanRow.id, ScanRow.as_of, ScanRow.status, ScanRow.pages, ScanRow.started_at,
              ScanRow.finished_at, ScanRow.note, ScanRow.stats, ScanRow.score)


def _scan_lines(store: Store, query) -> list[ScanLine]:
    with store.session() as s:
        return [ScanLine(r[0], r[1], r[2], r[3] or 0, r[4], r[5], r[6] or "", dict(r[7] or {}),
                         dict(r[8] or {})) for r in s.execute(query)]


def scans(store: Store, site_id: int, limit: int = 200) -> list[ScanLine]:
    """The site's scans, newest first."""
    return _scan_lines(store, select(*_SCAN_LINE).where(ScanRow.site_id == site_id)
                       .order_by(ScanRow.id.desc()).limit(limit))


def latest_complete(store: Store, site_id: int) -> ScanLine | None:
    """The site's complete scan with the latest as-of day (then the highest id)."""
    found = _scan_lines(store, select(*_SCAN_LINE).where(ScanRow.site_id == site_id, ScanRow.status == "complete")
                        .order_by(ScanRow.as_of.desc(), ScanRow.id.desc()).limit(1))
    return found[0] if found else None


def _filtered(query, units: Iterable[str] | None, rule: str = "", severity: str = "", unit: str = ""):
    if units is not None:
        query = query.where(FindingRow.unit.in_(list(units)))
    if unit:
        query = query.where(FindingRow.unit == unit)
    if rule:
        query = query.where(FindingRow.rule_id == rule)
    if severity:
        query = query.where(FindingRow.severity == severity)
    return query


def scan_findings(store: Store, scan_id: int, units: Iterable[str] | None = None, *, rule: str = "",
                  severity: str = "", unit: str = "") -> list[StoredFinding]:
    """The findings of a scan visible to `units`, as filtered, in stored order."""
    query = _filtered(select(*_FINDING).where(FindingRow.scan_id == scan_id), units, rule, severity, unit)
    with store.session() as s:
        return [StoredFinding(*r) for r in s.execute(query.order_by(FindingRow.id))]


def findings_of_claims(store: Store, site_id: int, state: str, units: Iterable[str] | None = None, *,
                       rule: str = "", severity: str = "", unit: str = "") -> list[StoredFinding]:
    """The findings whose claim is in `state`, as the scan they were claimed from stored them."""
    query = (select(*_FINDING).join(ClaimRow, and_(ClaimRow.seen_scan_id == FindingRow.scan_id,
                                                   ClaimRow.key == FindingRow.key))
             .where(ClaimRow.site_id == site_id, ClaimRow.state == state))
    query = _filtered(query, units, rule, severity, unit)
    with console_session(store) as s:
        return [StoredFinding(*r) for r in s.execute(query.order_by(FindingRow.id))]


def finding(store: Store, scan_ids: Iterable[int], key: str,
            units: Iterable[str] | None = None) -> StoredFinding | None:
    """The finding `key` in the first of `scan_ids` that has it and that `units` may see."""
    for scan_id in scan_ids:
        query = _filtered(select(*_FINDING).where(FindingRow.scan_id == scan_id, FindingRow.key == key),
                          units)
        with store.session() as s:
            row = s.execute(query.order_by(FindingRow.id).limit(1)).first()
        if row is not None:
            return StoredFinding(*row)
    return None


def scan_columns(store: Store, scan_id: int, units: Iterable[str] | None = None) -> list[StoredColumn]:
    """The column register of a scan (only the columns of `units` when given), by URL."""
    query = select(*_COLUMN).where(ColumnRow.scan_id == scan_id)
    if units is not None:
        query = query.where(ColumnRow.unit.in_(list(units)))
    with store.session() as s:
        return [StoredColumn(*r) for r in s.execute(query.order_by(ColumnRow.column_url))]
