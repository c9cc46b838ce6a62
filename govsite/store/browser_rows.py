"""The browser pass's rows: what it reads of a stored scan to plan its loads, what it writes
(`browser_pages`), and what the scan view reads back.

The browser stage (govsite.browser) and the scan view (govsite.scan.browser) call these functions;
neither holds a statement of its own.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, fields

from sqlalchemy import delete, or_, select

from govsite.models import ParsedPage
from govsite.store.contents import html_column, parsed_column, scan_links, scan_list_items, with_content
from govsite.store.db import Store
from govsite.store.pagecodec import decode_page
from govsite.store.schema import BrowserHiddenLinkRow, BrowserPageRow, LinkCheckRow, PageRow

# A link check that failed in one of these ways is a problem worth a screenshot.
_PROBLEM_ERRORS = ("dns", "connect", "tls", "http", "soft404", "timeout", "blocked")


@dataclass
class BrowserPageRecord:
    """One page as the browser saw it, as it is written to `browser_pages`."""

    url: str
    kind: str
    column_url: str | None
    purposes: str                     # comma-separated, sorted
    final_url: str | None = None
    status: int | None = None
    error: str = ""
    dcl_ms: float | None = None
    load_ms: float | None = None
    timed_out: bool = False
    attempts: int = 1
    limit_s: float = 15.0
    screenshot: bytes | None = None
    screenshot_height: int | None = None
    axe: list | None = None
    rendered_items: list | None = None
    mixed_content: list = field(default_factory=list)
    a11y_entries: list = field(default_factory=list)


_RECORD_FIELDS = tuple(f.name for f in fields(BrowserPageRecord))


def _row(scan_id: int, record: BrowserPageRecord) -> BrowserPageRow:
    return BrowserPageRow(scan_id=scan_id, **{name: getattr(record, name) for name in _RECORD_FIELDS})


# ------------------------------------------------------------------ what the planner reads
def scan_pages(store: Store, scan_id: int) -> list[tuple[str, str, str | None]]:
    """(url, kind, column_url) of every stored page of the scan, in the order they were stored."""
    with store.session() as s:
        return [tuple(r) for r in s.execute(select(PageRow.url, PageRow.kind, PageRow.column_url)
                                            .where(PageRow.scan_id == scan_id).order_by(PageRow.id))]


def list_items_newest_first(store: Store, scan_id: int) -> Iterator[tuple[str, str]]:
    """(column_url, url) of every list entry of the scan, by column, newest first (undated last)."""
    with store.session() as s:
        for query in scan_list_items(scan_id, ("column_url", "url"),
                                     order=lambda t: (t.column_url, t.item_date.desc().nulls_last())):
            yield from ((col, url) for col, url in s.execute(query))


def links_to_problem_pages(store: Store, scan_id: int, slow_seconds: float) -> list[tuple[str, str]]:
    """(source_url, target_url) of page links whose target's check failed or took `slow_seconds`
    or more, in link order."""
    with store.session() as s:
        problem = select(LinkCheckRow.url).where(
            LinkCheckRow.scan_id == scan_id, LinkCheckRow.checked.is_(True),
            or_(LinkCheckRow.error_class.in_(_PROBLEM_ERRORS), LinkCheckRow.elapsed >= slow_seconds))
        return [tuple(r) for query in scan_links(
            scan_id, ("source_url", "target_url"),
            lambda t: (t.kind.in_(("page", "external")), t.target_url.in_(problem)))
            for r in s.execute(query)]


def stored_html_pages(store: Store, scan_id: int, kinds: tuple[str, ...]
                      ) -> Iterator[tuple[str, str, str | None, bytes]]:
    """(url, kind, column_url, html bytes) of the scan's stored pages of `kinds`, in stored order;
    read in batches, so a caller may stop early."""
    with store.session() as s:
        html = html_column()
        rows = s.execute(with_content(select(PageRow.url, PageRow.kind, PageRow.column_url, html))
                         .where(PageRow.scan_id == scan_id, html.is_not(None),
                                PageRow.kind.in_(kinds))
                         .order_by(PageRow.id)).yield_per(200)
        for url, kind, col, blob in rows:
            yield url, kind, col, zlib.decompress(blob)


def page_parse_and_html(store: Store, scan_id: int, url: str) -> tuple[ParsedPage | None, bytes | None]:
    """The stored parse and HTML of one page of the scan (None for what was not stored)."""
    with store.session() as s:
        parsed_blob, html_blob = s.execute(with_content(select(parsed_column(), html_column())).where(
            PageRow.scan_id == scan_id, PageRow.url == url).limit(1)).one()
    return (decode_page(parsed_blob) if parsed_blob else None,
            zlib.decompress(html_blob) if html_blob else None)


def page_kinds(store: Store, scan_id: int) -> dict[str, str]:
    """url -> kind of every stored page of the scan."""
    with store.session() as s:
        return dict(s.execute(select(PageRow.url, PageRow.kind).where(PageRow.scan_id == scan_id)).all())


# ------------------------------------------------------------------ what the browser writes
def replace_browser_pages(store: Store, scan_id: int, records: list[BrowserPageRecord]) -> None:
    """Store a browser pass over the scan, replacing the rows of an earlier pass, in one transaction."""
    with store.session() as s, s.begin():
        s.execute(delete(BrowserPageRow).where(BrowserPageRow.scan_id == scan_id))
        s.add_all([_row(scan_id, r) for r in records])


def replace_hidden_links(store: Store, scan_id: int, by_page: dict[str, list]) -> None:
    """Store the outside links each rendered page hides, replacing an earlier pass's."""
    with store.session() as s, s.begin():
        s.execute(delete(BrowserHiddenLinkRow).where(BrowserHiddenLinkRow.scan_id == scan_id))
        s.add_all([BrowserHiddenLinkRow(scan_id=scan_id, url=url, links=links)
                   for url, links in by_page.items() if links])


def hidden_links_of(store: Store, scan_id: int) -> dict[str, list]:
    """{page: [[href, text, method, block]]} of the scan's browser pass."""
    with store.session() as s:
        return {url: links for url, links in s.execute(
            select(BrowserHiddenLinkRow.url, BrowserHiddenLinkRow.links)
            .where(BrowserHiddenLinkRow.scan_id == scan_id).order_by(BrowserHiddenLinkRow.id))}


def urls_with_screenshot(store: Store, scan_id: int) -> set[str]:
    """The URLs the browser has a screenshot of in the scan."""
    with store.session() as s:
        return set(s.scalars(select(BrowserPageRow.url).where(BrowserPageRow.scan_id == scan_id,
                                                              BrowserPageRow.screenshot.is_not(None))))


def add_screenshots(store: Store, scan_id: int, records: list[BrowserPageRecord], purpose: str) -> None:
    """Keep the screenshots of `records`: on the URL's existing row (adding `purpose` to its
    purposes), or as a new row when the pass had not loaded the URL."""
    with store.session() as s, s.begin():
        for r in records:
            row = s.scalar(select(BrowserPageRow).where(BrowserPageRow.scan_id == scan_id,
                                                        BrowserPageRow.url == r.url).limit(1))
            if row is None:
                s.add(_row(scan_id, r))
            else:
                row.screenshot, row.screenshot_height = r.screenshot, r.screenshot_height
                row.purposes = ",".join(sorted(set(filter(None, row.purposes.split(","))) | {purpose}))


# ------------------------------------------------------------------ what the scan view reads
_VIEW_COLUMNS = [c for c in BrowserPageRow.__table__.columns if c.name not in ("id", "scan_id", "screenshot")]


def browser_pages(store: Store, scan_id: int) -> list[dict[str, object]]:
    """Every stored browser row of the scan, in stored order, as {column name: value} without the
    screenshot bytes; `has_screenshot` says whether there is one."""
    names = [c.name for c in _VIEW_COLUMNS]
    with store.session() as s:
        rows = s.execute(select(*_VIEW_COLUMNS, BrowserPageRow.screenshot.is_not(None))
                         .where(BrowserPageRow.scan_id == scan_id).order_by(BrowserPageRow.id))
        return [dict(zip(names, row[:-1]), has_screenshot=bool(row[-1])) for row in rows]


def screenshot_of(store: Store, scan_id: int, url: str) -> bytes | None:
    """The PNG the browser took of `url` in the scan, or None."""
    with store.session() as s:
        return s.scalar(select(BrowserPageRow.screenshot).where(
            BrowserPageRow.scan_id == scan_id, BrowserPageRow.url == url,
            BrowserPageRow.screenshot.is_not(None)).limit(1))
