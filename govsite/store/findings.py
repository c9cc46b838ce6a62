"""A scan's judgement in the store: its findings and its column register, each replaced whole
when the scan is checked again (a re-check overwrites, never duplicates).

The pages behind a finding are one row per finding with the list packed (`finding_page_lists`,
pack_pages); scans of older stores have one row per page (`finding_pages`), read the same way.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, func, insert, select

from govsite.models import Finding
from govsite.store.db import Store, insert_rows, refresh_statistics
from govsite.store.schema import ColumnRow, FindingPageListRow, FindingPageRow, FindingRow, ScanRow

_FINDING_COLUMNS = ("scan_id", "rule_id", "severity", "standard", "clause", "url", "column",
                    "column_url", "unit", "message", "evidence", "key", "accepted")


def save_findings(store: Store, scan_id: int, site_url: str, findings: list[Finding],
                  accepted: dict[str, str] | None = None) -> list[str]:
    """Replace the stored findings of `scan_id`; returns each finding's key (Finding.identity),
    in order."""
    accepted = accepted or {}
    keys = [f.identity(site_url) for f in findings]
    # Plain tuples through the driver: a big portal has 40 000 findings.
    rows = [(scan_id, f.rule_id, f.severity, f.standard, f.clause, f.url, f.column, f.column_url,
             f.unit, f.message, f.evidence, key, accepted.get(key, "")) for f, key in zip(findings, keys)]
    with store.engine.begin() as conn:
        conn.execute(delete(FindingRow).where(FindingRow.scan_id == scan_id))
        insert_rows(conn, "findings", _FINDING_COLUMNS, rows)
        conn.execute(delete(FindingPageRow).where(FindingPageRow.scan_id == scan_id))
        conn.execute(delete(FindingPageListRow).where(FindingPageListRow.scan_id == scan_id))
        insert_rows(conn, "finding_page_lists", ("scan_id", "key", "pages"),
                    [(scan_id, key, pack_pages(f.pages)) for f, key in zip(findings, keys) if f.pages])
    # The rectification history and the reports read these rows next, across scans.
    refresh_statistics(store.engine, "findings")
    return keys


def pack_pages(pages: Iterable[str]) -> bytes:
    """The stored form of a finding's page list (zlib of a JSON array: the URLs of one site
    share long prefixes, which compress to a few bytes a page)."""
    return zlib.compress(json.dumps(list(pages), ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack_pages(blob: bytes) -> list[str]:
    """The page list pack_pages stored."""
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def finding_pages(store: Store, scan_id: int, key: str | None = None) -> dict[str, list[str]]:
    """key -> the pages behind that finding of scan `scan_id` (empty for a finding on its URL);
    with `key`, that finding's only.  Reads both layouts (a scan has rows of one of them)."""
    old = select(FindingPageRow.key, FindingPageRow.page).where(FindingPageRow.scan_id == scan_id)
    new = select(FindingPageListRow.key, FindingPageListRow.pages).where(FindingPageListRow.scan_id == scan_id)
    if key is not None:
        old = old.where(FindingPageRow.key == key)
        new = new.where(FindingPageListRow.key == key)
    with store.session() as s:
        old_rows = s.execute(old.order_by(FindingPageRow.id)).all()
        new_rows = s.execute(new.order_by(FindingPageListRow.id)).all()
    out: dict[str, list[str]] = {}
    for key, page in old_rows:
        out.setdefault(key, []).append(page)
    for key, blob in new_rows:
        out.setdefault(key, []).extend(unpack_pages(blob))
    return out


def first_seen_days(store: Store, site: str, before_scan: int) -> dict[str, date]:
    """key -> the as-of day of the earliest complete scan of `site` before `before_scan` that
    had it, for the keys of scan `before_scan`: where a finding's 整改期限 is counted from."""
    mine = select(FindingRow.key).where(FindingRow.scan_id == before_scan)
    with store.session() as s:
        rows = s.execute(select(FindingRow.key, func.min(ScanRow.as_of))
                         .join(ScanRow, ScanRow.id == FindingRow.scan_id)
                         .where(ScanRow.start_url == site, ScanRow.status == "complete",
                                ScanRow.id < before_scan, FindingRow.key.in_(mine))
                         .group_by(FindingRow.key)).all()
    return {key: day for key, day in rows}


def save_register(store: Store, scan_id: int, columns) -> None:
    """Replace the stored column register of `scan_id` (read by the weekly scorecards)."""
    rows = [{"scan_id": scan_id, "column": c.name, "column_url": c.url, "category": c.category,
             "unit": c.unit, "newest_date": c.newest_date, "age_days": c.age_days,
             "limit_county_days": c.limit_county_days, "limit_national_days": c.limit_national_days,
             "status": c.status, "items": c.items} for c in columns]
    with store.engine.begin() as conn:
        conn.execute(delete(ColumnRow).where(ColumnRow.scan_id == scan_id))
        if rows:
            conn.execute(insert(ColumnRow), rows)
    refresh_statistics(store.engine, "columns")
