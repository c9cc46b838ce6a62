"""Every read the scan view makes of one stored scan (scan/load.py turns the rows into a ScanView).

The statements that run per page (a stored parse, a page's HTML) are built once and run on a
bare connection: rules ask for a few thousand pages one by one, and an ORM session a page costs
more than reading them.
"""
from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from itertools import chain

from sqlalchemy import bindparam, or_, select

from govsite.store.contents import html_column, parsed_column, scan_links, scan_list_items, with_content
from govsite.store.db import Store
from govsite.store.probes import probes_between
from govsite.store.retention import pages_pruned_error
from govsite.store.schema import AttachmentRow, LinkCheckRow, PageRow, PrunedScanRow, ScanRow


class ScanRows:
    """The rows of one scan that the view holds in memory, read in one session."""

    def __init__(self, store: Store, scan_id: int):
        with store.session() as s:
            scan = s.get(ScanRow, scan_id)
            if scan is None:
                raise LookupError(f"no scan {scan_id} in {store.url}")
            pruned = s.get(PrunedScanRow, scan_id)
            if pruned is not None:
                raise pages_pruned_error(scan_id, pruned.pruned_at)
            self.start_url: str = scan.start_url
            self.as_of: date = scan.as_of
            self.status: str = scan.status
            self.started_at: datetime = scan.started_at
            self.pages = s.execute(
                select(PageRow.url, PageRow.kind, PageRow.status, PageRow.title, PageRow.published,
                       PageRow.source, PageRow.column_name, PageRow.column_url, PageRow.elapsed)
                .where(PageRow.scan_id == scan_id).order_by(PageRow.id)).all()
            self.checks = list(s.scalars(select(LinkCheckRow).where(LinkCheckRow.scan_id == scan_id)))
            self.list_items = [row for query in scan_list_items(scan_id) for row in s.execute(query)]
            # (url, status, reason, text, content_type, size), the text decompressed
            self.attachments = [
                (a.url, a.status, a.reason, zlib.decompress(a.text).decode("utf-8") if a.text else "",
                 a.content_type, a.size)
                for a in s.scalars(select(AttachmentRow).where(AttachmentRow.scan_id == scan_id)
                                   .order_by(AttachmentRow.id))]
            week_before = scan.started_at - timedelta(days=7)
            s.expunge_all()
        self.probes = probes_between(store, self.start_url, week_before, self.started_at)


def problem_links(store: Store, scan_id: int, slow_seconds: float) -> list[tuple]:
    """(source, target, anchor, tag, kind, reason) of every link to a target whose check failed
    or was slow, in the order the links were stored."""
    problem_targets = select(LinkCheckRow.url).where(
        LinkCheckRow.scan_id == scan_id,
        or_(LinkCheckRow.error_class.is_not(None), LinkCheckRow.elapsed >= slow_seconds))
    with store.session() as s:
        return [row for query in scan_links(scan_id, where=lambda t: (t.target_url.in_(problem_targets),))
                for row in s.execute(query)]


def page_blob_reader(store: Store, scan_id: int, what: str) -> Callable[[str], bytes | None]:
    """A function url -> the stored blob `what` ('parsed' or 'html') of that page of the scan."""
    column = {"parsed": parsed_column, "html": html_column}[what]()
    statement = with_content(select(column).where(PageRow.scan_id == scan_id,
                                                  PageRow.url == bindparam("url"))).limit(1)

    def read(url: str) -> bytes | None:
        with store.engine.connect() as conn:
            return conn.execute(statement, {"url": url}).scalar()
    return read


def attachment_link_sources(store: Store, scan_id: int) -> Iterator[tuple[str, str]]:
    """(target, source) of every attachment link of the scan, first stored first (links are
    indexed by scan only: one pass beats a lookup per target)."""
    with store.session() as s:
        for query in scan_links(scan_id, ("target_url", "source_url"), lambda t: (t.kind == "attachment",)):
            yield from s.execute(query)


def link_sources(store: Store, scan_id: int, url: str, limit: int = 200) -> list[str]:
    """Pages that link to `url`, first linked first, without repeats (from the first `limit` links)."""
    with store.session() as s:
        rows = [source for query in scan_links(scan_id, ("source_url",), lambda t: (t.target_url == url,))
                for source in s.scalars(query.limit(limit))]
        return list(dict.fromkeys(rows[:limit]))


def parsed_in_url_order(store: Store, scan_id: int, first_url: str) -> Iterator[tuple[str, bytes]]:
    """(url, stored parse) of every page of the scan: `first_url` first, then by URL in code point
    order (the (scan, url) index gives it; PostgreSQL's own collation would not), so that the same
    page comes first on every scan and store."""
    this_scan = PageRow.scan_id == scan_id
    by_url = PageRow.url.collate("C") if store.engine.dialect.name == "postgresql" else PageRow.url
    with store.session() as s:
        first = s.execute(with_content(select(PageRow.url, parsed_column()))
                          .where(this_scan, PageRow.url == first_url).limit(1)).all()
        rest = s.execute(with_content(select(PageRow.url, parsed_column()))
                         .where(this_scan, PageRow.url != first_url)
                         .order_by(by_url).execution_options(yield_per=500))
        yield from chain(first, rest)


def parsed_of(store: Store, scan_id: int, urls: list[str]) -> Iterator[tuple[str, bytes]]:
    """(url, stored parse) of the given pages, 500 a statement."""
    with store.session() as s:
        for start in range(0, len(urls), 500):
            yield from s.execute(with_content(select(PageRow.url, parsed_column())).where(
                PageRow.scan_id == scan_id, PageRow.url.in_(urls[start:start + 500])))
