"""What the reports, the rectification loop and the alerts read of stored scans: which scan
stands for a week, a scan's findings and column register, the items it saw dated in a week.

Every function returns plain dataclasses or tuples, never table rows, so that nothing above the
store touches a table.  Only *complete* scans stand for a site's state: a crawl that died
half-way (status "incomplete", or still "running") has too few findings, and reading it as a
result would report everything it missed as fixed.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import select

from govsite.store.contents import scan_list_items
from govsite.store.db import Store
from govsite.store.retention import pages_pruned_error
from govsite.store.schema import ColumnRow, FindingRow, PageRow, PrunedScanRow, ScanRow

COMPLETE = "complete"


@dataclass(frozen=True)
class StoredScan:
    """One scan as the reports see it: where, on which day, how it ended, what it scored."""

    id: int
    start_url: str
    as_of: date
    status: str
    score: dict
    profile: dict
    profile_source: str

    @property
    def complete(self) -> bool:
        return self.status == COMPLETE


@dataclass(frozen=True)
class StoredFinding:
    """A finding as a scan stored it (the rectification loop follows it by `key`)."""

    scan_id: int
    key: str
    rule_id: str
    severity: str
    standard: str
    clause: str
    url: str
    column: str
    column_url: str
    unit: str
    message: str
    evidence: str
    accepted: str


@dataclass(frozen=True)
class StoredColumn:
    """One column of a scan's column register (栏目台账)."""

    column: str
    column_url: str
    category: str
    unit: str
    newest_date: date | None
    age_days: int | None
    limit_county_days: int | None
    limit_national_days: int | None
    status: str
    items: int


class ScanDay(NamedTuple):
    scan_id: int
    as_of: date


_SCAN_FIELDS = (ScanRow.id, ScanRow.start_url, ScanRow.as_of, ScanRow.status, ScanRow.score,
                ScanRow.profile, ScanRow.profile_source)
_FINDING_FIELDS = tuple(getattr(FindingRow, name) for name in StoredFinding.__dataclass_fields__)
_COLUMN_FIELDS = tuple(getattr(ColumnRow, name) for name in StoredColumn.__dataclass_fields__)


def _scan(row) -> StoredScan:
    sid, start_url, as_of, status, score, profile, source = row
    return StoredScan(sid, start_url, as_of, status, dict(score or {}), dict(profile or {}),
                      source or "")


def read_scan(store: Store, scan_id: int) -> StoredScan | None:
    """The scan `scan_id`, whatever its status, or None when there is no such scan."""
    with store.session() as s:
        row = s.execute(select(*_SCAN_FIELDS).where(ScanRow.id == scan_id)).first()
    return _scan(row) if row is not None else None


def latest_scan(store: Store, site: str) -> StoredScan | None:
    """The most recently started scan of `site` (highest id), whatever its status."""
    with store.session() as s:
        row = s.execute(select(*_SCAN_FIELDS).where(ScanRow.start_url == site)
                        .order_by(ScanRow.id.desc()).limit(1)).first()
    return _scan(row) if row is not None else None


def latest_complete_scan(store: Store, site: str, first_day: date | None = None,
                         last_day: date | None = None) -> StoredScan | None:
    """The complete scan of `site` with the latest as-of day (then the highest id), among those
    whose as-of day lies within [first_day, last_day] when given."""
    query = select(*_SCAN_FIELDS).where(ScanRow.start_url == site, ScanRow.status == COMPLETE)
    if first_day is not None:
        query = query.where(ScanRow.as_of >= first_day)
    if last_day is not None:
        query = query.where(ScanRow.as_of <= last_day)
    with store.session() as s:
        row = s.execute(query.order_by(ScanRow.as_of.desc(), ScanRow.id.desc()).limit(1)).first()
    return _scan(row) if row is not None else None


def previous_complete_scan(store: Store, site: str, before_scan: int) -> StoredScan | None:
    """The complete scan of `site` started last before scan `before_scan` (by id)."""
    with store.session() as s:
        row = s.execute(select(*_SCAN_FIELDS)
                        .where(ScanRow.start_url == site, ScanRow.status == COMPLETE,
                               ScanRow.id < before_scan)
                        .order_by(ScanRow.id.desc()).limit(1)).first()
    return _scan(row) if row is not None else None


def complete_scan_days(store: Store, site: str, until_scan: int | None = None) -> list[ScanDay]:
    """Every complete scan of `site` (up to id `until_scan`), oldest as-of day first."""
    query = select(ScanRow.id, ScanRow.as_of).where(ScanRow.start_url == site,
                                                    ScanRow.status == COMPLETE)
    if until_scan is not None:
        query = query.where(ScanRow.id <= until_scan)
    with store.session() as s:
        rows = s.execute(query.order_by(ScanRow.as_of, ScanRow.id)).all()
    return [ScanDay(sid, as_of) for sid, as_of in rows]


def scan_findings(store: Store, scan_ids: Iterable[int],
                  severity: str | None = None) -> list[StoredFinding]:
    """The findings of the scans `scan_ids` (only those of `severity` when given), in the order
    they were stored."""
    ids = list(scan_ids)
    if not ids:
        return []
    query = select(*_FINDING_FIELDS).where(FindingRow.scan_id.in_(ids))
    if severity is not None:
        query = query.where(FindingRow.severity == severity)
    with store.session() as s:
        rows = s.execute(query.order_by(FindingRow.scan_id, FindingRow.id)).all()
    return [StoredFinding(*row) for row in rows]


def finding_keys(store: Store, scan_id: int) -> set[str]:
    """The keys of every finding of scan `scan_id`."""
    with store.session() as s:
        return set(s.scalars(select(FindingRow.key).where(FindingRow.scan_id == scan_id)))


def last_findings_with_keys(store: Store, site: str, keys: Iterable[str],
                            until_scan: int) -> list[StoredFinding]:
    """The findings with one of `keys` in the complete scans of `site` up to id `until_scan`,
    latest scan first: the first row of a key is its last sighting (the evidence of a finding
    that has since been fixed)."""
    keys = list(keys)
    if not keys:
        return []
    with store.session() as s:
        rows = s.execute(select(*_FINDING_FIELDS).join(ScanRow, ScanRow.id == FindingRow.scan_id)
                         .where(ScanRow.start_url == site, ScanRow.status == COMPLETE,
                                ScanRow.id <= until_scan, FindingRow.key.in_(keys))
                         .order_by(ScanRow.as_of.desc(), ScanRow.id.desc(), FindingRow.id)).all()
    return [StoredFinding(*row) for row in rows]


def scan_columns(store: Store, scan_id: int) -> list[StoredColumn]:
    """The column register of scan `scan_id`, sorted by column URL."""
    with store.session() as s:
        rows = s.execute(select(*_COLUMN_FIELDS).where(ColumnRow.scan_id == scan_id)
                         .order_by(ColumnRow.column_url)).all()
    return [StoredColumn(*row) for row in rows]


def items_dated_between(store: Store, scan_id: int, first_day: date,
                        last_day: date) -> list[tuple[str, str]]:
    """(column URL, item URL) of every list entry and article page of scan `scan_id` dated
    within [first_day, last_day]; an item both listed and fetched appears twice."""
    with store.session() as s:
        pruned = s.get(PrunedScanRow, scan_id)
        if pruned is not None:
            raise pages_pruned_error(scan_id, pruned.pruned_at)
        listed = [row for query in scan_list_items(
            scan_id, ("column_url", "url"), lambda t: (t.item_date >= first_day, t.item_date <= last_day))
            for row in s.execute(query)]
        pages = s.execute(select(PageRow.column_url, PageRow.url)
                          .where(PageRow.scan_id == scan_id, PageRow.kind == "article",
                                 PageRow.column_url.is_not(None),
                                 PageRow.published >= first_day,
                                 PageRow.published <= last_day)).all()
    return [(c, u) for c, u in listed] + [(c, u) for c, u in pages]
