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

from sqlalchemy import Select, bindparam, or_, select

from govsite.models import EMBED_TAGS, LinkCheck
from govsite.store.contents import html_column, parsed_column, scan_links, scan_list_items, with_content
from govsite.store.db import Store
from govsite.store.probes import probes_between
from govsite.store.retention import pages_pruned_error
from govsite.store.schema import (
    LINK_CHECK_FIELDS,
    AttachmentRow,
    LinkCheckRow,
    PageContentRow,
    PageRow,
    PrunedScanRow,
    ScanRow,
    link_check_of,
)


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
            self.cloak_probes: list[dict] = list((scan.stats or {}).get("cloak_probes") or [])
            self.pages = s.execute(
                select(PageRow.url, PageRow.kind, PageRow.status, PageRow.title, PageRow.published,
                       PageRow.source, PageRow.column_name, PageRow.column_url, PageRow.elapsed)
                .where(PageRow.scan_id == scan_id).order_by(PageRow.id)).all()
            self.checks: list[LinkCheck] = [
                link_check_of(r) for r in s.execute(select(*LINK_CHECK_FIELDS).where(LinkCheckRow.scan_id == scan_id))]
            self.list_items = [row for query in scan_list_items(scan_id) for row in s.execute(query)]
            # (url, status, reason, text, content_type, size), the text decompressed
            self.attachments = [
                (url, status, reason, zlib.decompress(text).decode("utf-8") if text else "", content_type, size)
                for url, status, reason, text, content_type, size in s.execute(
                    select(AttachmentRow.url, AttachmentRow.status, AttachmentRow.reason, AttachmentRow.text,
                           AttachmentRow.content_type, AttachmentRow.size)
                    .where(AttachmentRow.scan_id == scan_id).order_by(AttachmentRow.id))]
            week_before = scan.started_at - timedelta(days=7)
            s.expunge_all()
        self.probes = probes_between(store, self.start_url, week_before, self.started_at)


def _problem_targets(scan_id: int, slow_seconds: float) -> Select:
    return select(LinkCheckRow.url).where(
        LinkCheckRow.scan_id == scan_id,
        or_(LinkCheckRow.error_class.is_not(None), LinkCheckRow.elapsed >= slow_seconds))


def problem_and_attachment_links(store: Store, scan_id: int, slow_seconds: float) -> tuple[set[str], list[tuple]]:
    """(the targets whose check failed or was slow; (source, target, anchor, tag, kind, reason)
    of every link to one of them or to an attachment, in the order the links were stored): the
    scan view's two link reads in one pass over the scan's links (a pass over a million links of a
    20 000-page portal each otherwise)."""
    with store.session() as s:
        targets = set(s.scalars(_problem_targets(scan_id, slow_seconds)))
        rows = [row for query in scan_links(scan_id, where=lambda t: (or_(
                    t.kind == "attachment", t.target_url.in_(_problem_targets(scan_id, slow_seconds))),))
                for row in s.execute(query)]
    return targets, rows


def page_blob_reader(store: Store, scan_id: int, what: str) -> Callable[[str], bytes | None]:
    """A function url -> the stored blob `what` ('parsed' or 'html') of that page of the scan."""
    column = {"parsed": parsed_column, "html": html_column}[what]()
    statement = with_content(select(column).where(PageRow.scan_id == scan_id,
                                                  PageRow.url == bindparam("url"))).limit(1)

    def read(url: str) -> bytes | None:
        with store.engine.connect() as conn:
            return conn.execute(statement, {"url": url}).scalar()
    return read


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


def parsed_by_content(store: Store, scan_id: int) -> Iterator[tuple[str, bytes]]:
    """(content digest, stored parse) of each distinct content the scan's pages refer to (pages
    of the old layout, stored without a content, are not among them)."""
    with store.session() as s:
        contents = select(PageRow.content_id).where(PageRow.scan_id == scan_id)
        yield from s.execute(select(PageContentRow.digest, PageContentRow.parsed)
                             .where(PageContentRow.id.in_(contents), PageContentRow.parsed.is_not(None))
                             .execution_options(yield_per=500))


def parsed_of(store: Store, scan_id: int, urls: list[str]) -> Iterator[tuple[str, bytes]]:
    """(url, stored parse) of the given pages, 500 a statement."""
    with store.session() as s:
        for start in range(0, len(urls), 500):
            yield from s.execute(with_content(select(PageRow.url, parsed_column())).where(
                PageRow.scan_id == scan_id, PageRow.url.in_(urls[start:start + 500])))


def content_keys(store: Store, scan_id: int) -> dict[str, str]:
    """URL -> the digest of its stored content (store.contents: it changes whenever the parse or
    the HTML does), for the scan's pages stored by content (not those of the old layout)."""
    with store.session() as s:
        return dict(s.execute(select(PageRow.url, PageContentRow.digest)
                              .join(PageContentRow, PageContentRow.id == PageRow.content_id)
                              .where(PageRow.scan_id == scan_id)).all())


def fetched_urls(store: Store, scan_id: int) -> set[str]:
    """Pages of the scan that were downloaded, not taken unchanged from the last scan."""
    with store.session() as s:
        return set(s.scalars(select(PageRow.url).where(PageRow.scan_id == scan_id,
                                                      PageRow.reused.is_(False))))


def embedded_targets(store: Store, scan_id: int) -> set[str]:
    """Every script, frame or embedded object the scan's pages load."""
    with store.session() as s:
        return {url for query in scan_links(scan_id, ("target_url",), where=lambda t: (t.tag.in_(EMBED_TAGS),))
                for url in s.scalars(query)}


class PreviousRows:
    """What a re-scan's integrity rules read of the last complete scan of the same site before
    `scan_id`: its day, its pages' titles and dates, its list items (found is False if none)."""

    def __init__(self, store: Store, start_url: str, scan_id: int):
        with store.session() as s:
            prev = s.scalars(select(ScanRow).where(ScanRow.start_url == start_url,
                                                   ScanRow.status == "complete", ScanRow.id < scan_id)
                             .order_by(ScanRow.id.desc()).limit(1)).first()
            self.found = prev is not None
            if prev is None:
                return
            self.scan_id: int = prev.id
            self.as_of: date = prev.as_of
            self.started_at: datetime = prev.started_at
            self.crawl_cuts: list[str] = list((prev.stats or {}).get("crawl_cuts") or [])
            # (url, kind, status, title, published)
            self.pages = s.execute(select(PageRow.url, PageRow.kind, PageRow.status, PageRow.title,
                                          PageRow.published).where(PageRow.scan_id == prev.id)).all()
            # (url, column_url, title, date)
            self.list_items = [row for query in scan_list_items(prev.id, ("url", "column_url", "title", "item_date"))
                               for row in s.execute(query).all()]


def home_and_its_items(store: Store, scan_id: int, home_url: str, limit: int) -> list[str]:
    """The home page and the pages its lists name, in the order they stand (a stored page each)."""
    with store.session() as s:
        stored = set(s.scalars(select(PageRow.url).where(PageRow.scan_id == scan_id,
                                                         PageRow.url.in_([home_url, home_url + "index.html"]))))
        homes = [u for u in (home_url, home_url + "index.html") if u in stored][:1] or [home_url]
        items = [url for query in scan_list_items(scan_id, ("url",), where=lambda t: (t.page_url.in_(homes),))
                 for url in s.scalars(query.limit(limit))][:limit]
        return list(dict.fromkeys([*homes, *items]))
