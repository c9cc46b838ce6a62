"""Retention: a store that grows with what changes on the sites, not with the number of scans.

Findings, column registers and scores of every scan are kept for ever (the history the scorecards
chart).  Page-level rows — pages, links, list entries, link checks, attachments, browser rows and
the reuse caches — are kept only for
- the last `keep_last` complete scans of each site (profile `retention.keep_last_scans`, default 8),
- the first complete scan of each month of each site,
- scans still running, and incomplete scans newer than the oldest of those last complete scans
  (`govsite check` may still finish one).
Every other scan loses its page-level rows and is recorded in `pruned_scans`; page contents no
page row refers to any more are deleted with their links and list entries.

`prune(store, keep_last)` does it (`govsite prune`, the schedulers weekly); `dry_run=True` only
says what it would free.  A pruned scan's reports and `govsite check` end with one line saying its
pages were pruned (`PagesPruned`).
"""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from govsite.errors import BadInput
from govsite.store.db import Store, StoreError, driver_mark
from govsite.store.schema import PageContentRow, PageRow, PrunedScanRow, ScanRow

DEFAULT_KEEP_LAST = 8
# Tables whose rows belong to one scan's pages and go when the scan is pruned (pages last: the
# others are looked up by scan only).
PAGE_LEVEL_TABLES = ("links", "list_items", "link_checks", "attachments", "browser_pages", "browser_hidden_links",
                     "text_hits", "markup_readings", "pages")


class PagesPruned(StoreError, BadInput):
    """The scan asked for lost its page-level rows to retention: exit 2."""


def pages_pruned_error(scan_id: int, pruned_at: datetime) -> PagesPruned:
    return PagesPruned(f"the pages of scan {scan_id} were pruned on {pruned_at:%Y-%m-%d} by retention "
                       f"(govsite prune); its findings, column register and score are still stored")


@dataclass
class PruneResult:
    """What a prune deleted (or, dry run, would delete)."""

    scans: list[int] = field(default_factory=list)             # scans whose pages go
    rows: dict[str, int] = field(default_factory=dict)          # table -> rows
    contents: int = 0                                           # page contents no longer referred to
    content_bytes: int = 0                                      # their parse and HTML bytes
    dry_run: bool = False
    size_before: int | None = None                              # bytes in use by the store
    size_after: int | None = None

    def summary(self) -> str:
        verb = "would prune" if self.dry_run else "pruned"
        if not self.scans and not self.contents:
            return "nothing to prune"
        rows = sum(self.rows.values())
        line = (f"{verb} the pages of {len(self.scans)} scan(s) "
                f"({', '.join(map(str, self.scans[:20]))}{' …' if len(self.scans) > 20 else ''}): "
                f"{rows} page-level rows, {self.contents} page contents ({_mb(self.content_bytes)} of "
                f"parses and HTML)")
        if self.size_before is not None and self.size_after is not None and not self.dry_run:
            line += f"; store in use {_mb(self.size_before)} -> {_mb(self.size_after)}"
        return line


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def scans_to_prune(store: Store, keep_last: int = DEFAULT_KEEP_LAST) -> list[int]:
    """The scans whose page-level rows retention deletes now (none already pruned)."""
    if keep_last < 1:
        raise BadInput(f"keep_last must be at least 1 (the last complete scan is what a re-scan "
                       f"builds on), not {keep_last}")
    with store.session() as s:
        pruned = set(s.scalars(select(PrunedScanRow.scan_id)))
        rows = s.execute(select(ScanRow.id, ScanRow.start_url, ScanRow.as_of, ScanRow.status)
                         .order_by(ScanRow.id)).all()
    by_site: dict[str, list] = defaultdict(list)
    for row in rows:
        by_site[row.start_url].append(row)
    doomed = []
    for scans in by_site.values():
        complete = [r for r in scans if r.status == "complete"]
        keep = {r.id for r in complete[-keep_last:]}
        months: set[tuple[int, int]] = set()
        for r in complete:
            if (r.as_of.year, r.as_of.month) not in months:
                months.add((r.as_of.year, r.as_of.month))
                keep.add(r.id)
        oldest_kept_last = complete[-keep_last:][0].id if complete else None
        for r in scans:
            if r.id in keep or r.id in pruned or r.status == "running":
                continue
            if r.status != "complete" and (oldest_kept_last is None or r.id > oldest_kept_last):
                continue
            doomed.append(r.id)
    return doomed


def prune(store: Store, keep_last: int = DEFAULT_KEEP_LAST, dry_run: bool = False) -> PruneResult:
    """Apply retention to the whole store (see the module's docstring); what it freed."""
    result = PruneResult(scans=scans_to_prune(store, keep_last), dry_run=dry_run)
    result.size_before = store_size(store).used
    if dry_run:
        with store.engine.connect() as conn:
            for table in PAGE_LEVEL_TABLES:
                result.rows[table] = _count(conn, table, result.scans)
            result.contents, result.content_bytes = _freed_contents(conn, result.scans)
        return result
    mark = driver_mark(store.engine)
    for scan_id in result.scans:
        # One transaction a scan: a SQLite store is locked for one scan's rows at a time, and a
        # prune stopped half-way leaves every scan either whole or recorded as pruned.
        with store.engine.begin() as conn:
            pages = 0
            for table in PAGE_LEVEL_TABLES:
                deleted = max(conn.exec_driver_sql(f"DELETE FROM {table} WHERE scan_id = {mark}",
                                                   (scan_id,)).rowcount, 0)
                result.rows[table] = result.rows.get(table, 0) + deleted
                pages = deleted if table == "pages" else pages
            conn.execute(PrunedScanRow.__table__.insert().values(
                scan_id=scan_id, pruned_at=datetime.now(), pages=pages))
    if result.scans:
        # Contents lose their last page row only here (a content and the page rows referring to
        # it are committed together): without a pruned scan there is nothing to sweep, and a
        # frequent prune does not take the write lock from a scan that is writing.
        result.contents, result.content_bytes = sweep_contents(store)
    result.size_after = store_size(store).used
    return result


def _count(conn: Connection, table: str, scan_ids: list[int]) -> int:
    total = 0
    mark = driver_mark(conn)
    for start in range(0, len(scan_ids), 500):
        part = scan_ids[start:start + 500]
        total += conn.exec_driver_sql(
            f"SELECT count(*) FROM {table} WHERE scan_id IN ({', '.join([mark] * len(part))})",
            tuple(part)).scalar() or 0
    return total


def _freed_contents(conn: Connection, scan_ids: list[int]) -> tuple[int, int]:
    """(contents, bytes) referred to by no page row outside `scan_ids`."""
    going = PageRow.scan_id.in_(scan_ids) if scan_ids else PageRow.scan_id.is_(None)
    referred = (select(PageRow.content_id).where(PageRow.content_id.is_not(None), ~going))
    row = conn.execute(select(func.count(), func.coalesce(func.sum(PageContentRow.size), 0))
                       .where(PageContentRow.id.not_in(referred))).one()
    return int(row[0]), int(row[1])


def sweep_contents(store: Store) -> tuple[int, int]:
    """Delete the page contents no page row refers to, with their links and list entries;
    (contents, bytes of parse and HTML) deleted.

    Writers never see a content disappear under them: on SQLite the sweep holds the write lock;
    on PostgreSQL it locks `page_contents` against inserts (EXCLUSIVE), and a page worker's batch
    inserts (or re-finds) its contents before anything else, so the sweep waits for the batch,
    whose page rows then refer to them, or the batch waits for the sweep and inserts them again."""
    orphans = ("SELECT c.id FROM page_contents c WHERE NOT EXISTS "
               "(SELECT 1 FROM pages p WHERE p.content_id = c.id)")
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("LOCK TABLE page_contents IN EXCLUSIVE MODE")
        else:
            conn.exec_driver_sql("DELETE FROM page_contents WHERE 0")   # take the write lock first
        count, size = conn.exec_driver_sql(
            f"SELECT count(*), COALESCE(SUM(size), 0) FROM page_contents WHERE id IN ({orphans})").one()
        if count:
            for table in ("content_links", "content_list_items"):
                conn.exec_driver_sql(f"DELETE FROM {table} WHERE content_id IN ({orphans})")
            conn.exec_driver_sql(f"DELETE FROM page_contents WHERE id IN ({orphans})")
    return int(count), int(size)


@dataclass(frozen=True)
class StoreSize:
    """How big the store is: `total` on disk (SQLite: the file, its WAL and shared memory;
    PostgreSQL: pg_database_size), `used` by data (SQLite: pages not on the free list; equal to
    total on PostgreSQL), and PostgreSQL's largest tables."""

    total: int
    used: int
    tables: tuple[tuple[str, int], ...] = ()


def store_size(store: Store) -> StoreSize:
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            path = store.url.removeprefix("sqlite:///")
            total = sum(os.path.getsize(p) for p in (path, path + "-wal", path + "-shm")
                        if os.path.exists(p))
            page_size = conn.exec_driver_sql("PRAGMA page_size").scalar()
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            free = conn.exec_driver_sql("PRAGMA freelist_count").scalar()
            return StoreSize(total, (pages - free) * page_size)
        if conn.dialect.name == "postgresql":
            total = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
            tables = conn.exec_driver_sql(
                "SELECT relname, pg_total_relation_size(relid) FROM pg_catalog.pg_statio_user_tables "
                "ORDER BY 2 DESC").all()
            return StoreSize(int(total), int(total), tuple((t, int(n)) for t, n in tables))
    return StoreSize(0, 0)


def new_content_bytes(store: Store) -> dict[int, int]:
    """scan id -> bytes of the page contents that scan was the first (still stored) to refer to:
    what storing its pages added beyond the page rows."""
    first = (select(PageRow.content_id, func.min(PageRow.scan_id).label("scan_id"))
             .where(PageRow.content_id.is_not(None)).group_by(PageRow.content_id).subquery())
    with store.session() as s:
        rows = s.execute(select(first.c.scan_id, func.sum(PageContentRow.size))
                         .join(PageContentRow, PageContentRow.id == first.c.content_id)
                         .group_by(first.c.scan_id)).all()
    return {scan_id: int(size or 0) for scan_id, size in rows}


def pruned_scans(store: Store) -> set[int]:
    """Ids of the scans whose pages were pruned."""
    with store.session() as s:
        return set(s.scalars(select(PrunedScanRow.scan_id)))
