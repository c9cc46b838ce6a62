"""ScanData: what the checks read, loaded once from the store for one scan.

Checks receive a ScanData and never touch the database themselves, so tests can build one by
hand.  Heavy parts (every parsed page) are loaded lazily through `parsed()`.
"""
from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain
from typing import TYPE_CHECKING, Callable, Iterator, TypeVar

from sqlalchemy import bindparam, or_, select

from govsite.models import LinkCheck, ParsedPage
from govsite.textscan.cache import TextHitCache
from govsite.store.db import Store
from govsite.store.pagecodec import decode_light, decode_page, decode_text, light_view
from govsite.urls import is_home
from govsite.store.schema import (AttachmentRow, LinkCheckRow, LinkRow, ListItemRow, PageRow,
                                  ProbeRow, ScanRow)

if TYPE_CHECKING:     # records.markup reads ScanData: imported for the annotation only
    from govsite.records.markup import MarkupCache


T = TypeVar("T")


@dataclass(slots=True)
class PageInfo:
    url: str
    kind: str
    status: int
    title: str | None
    published: date | None
    source: str | None
    column_name: str | None
    column_url: str | None
    elapsed: float | None


@dataclass(slots=True)
class LinkSource:
    """A link, as it stands on a page, to a target whose check failed or was slow."""

    source_url: str
    target_url: str
    anchor: str
    tag: str
    kind: str
    reason: str


@dataclass(slots=True)
class StoredListItem:
    page_url: str
    column_url: str
    title: str
    url: str
    date: date | None
    date_text: str


@dataclass(slots=True)
class StoredAttachment:
    """An attachment read for the content checks: its text, or why it could not be read."""

    url: str
    status: str               # scanned, not scanned
    reason: str
    text: str
    content_type: str | None = None
    size: int | None = None


@dataclass
class ScanData:
    scan_id: int
    start_url: str
    as_of: date
    status: str
    pages: list[PageInfo] = field(default_factory=list)
    checks: dict[str, LinkCheck] = field(default_factory=dict)
    # Links to targets whose check failed or was slow: None until first read (links_to_problems).
    problem_links: list[LinkSource] | None = None
    list_items: list[StoredListItem] = field(default_factory=list)
    attachments: list[StoredAttachment] = field(default_factory=list)
    probes: list = field(default_factory=list)     # ProbeRow of the week before the scan
    browser: object | None = None                  # BrowserData of the browser pass, if it ran
    load_parsed: Callable[[str], ParsedPage | None] = lambda url: None
    load_html: Callable[[str], str | None] = lambda url: None
    load_sources: Callable[[str], list[str]] = lambda url: []
    load_problem_links: Callable[[], list[LinkSource]] = lambda: []
    # One pass over every stored parse, light (pagecodec.decode_light) with the page's text, the
    # start URL first, then by URL; and the texts of given pages.  By default through load_parsed.
    stream_light: Callable[[], Iterator[tuple[str, ParsedPage, str]]] | None = None
    load_texts: Callable[[list[str]], Iterator[tuple[str, str]]] | None = None
    # Hits of the content detectors in texts the last scan already read (textscan.cache).
    text_cache: "TextHitCache | None" = None
    # What the record rules read from pages' markup, by the last scan too (records.markup).
    markup_cache: "MarkupCache | None" = None

    def memo(self, key: str, build: Callable[[], "T"]) -> "T":
        """A value computed once per ScanData and kept (several rules read the same register,
        texts or records)."""
        store = self.__dict__.setdefault("_memo", {})
        if key not in store:
            store[key] = build()
        return store[key]

    def home(self) -> PageInfo | None:
        """The home page: the start URL itself when it was stored, else a page at the site's root
        (one without a query before one with, e.g. "/?lang=en"); never chosen by storage order."""
        page = self.page(self.start_url)
        if page is not None:
            return page
        homes = [p for p in self.pages if is_home(p.url, self.start_url)]
        return min(homes, key=lambda p: ("?" in p.url, len(p.url), p.url)) if homes else None

    def links_to_problems(self) -> list[LinkSource]:
        """Every link, as it stands on its page, to a target whose check failed or was slow."""
        if self.problem_links is None:
            self.problem_links = self.load_problem_links()
        return self.problem_links

    def page(self, url: str) -> PageInfo | None:
        return self._by_url().get(url)

    def _by_url(self) -> dict[str, PageInfo]:
        cache = self.__dict__.get("_page_index")
        if cache is None:
            cache = {p.url: p for p in self.pages}
            self.__dict__["_page_index"] = cache
        return cache

    def parsed(self, url: str) -> ParsedPage | None:
        return self.load_parsed(url)

    def sources(self, url: str) -> list[str]:
        """Pages that link to `url`, first linked first (e.g. the page an attachment hangs on);
        from the store, the first 200 links only: a file linked from the template of every page
        has 20 000 of them."""
        return self.load_sources(url)

    def html(self, url: str) -> str | None:
        """The page as decoded at crawl time, for rules that need its markup."""
        return self.load_html(url)

    def parsed_pages(self, kinds: tuple[str, ...] | None = None) -> Iterator[ParsedPage]:
        """Every page's parse, light: no text, no list items, only the attachment links, and the
        body cut to 40 characters (enough to tell an empty body).  Built in one pass over the
        store and kept, so that a dozen per-page rules do not each decode 20 000 pages."""
        self._preload()
        light = self.__dict__["_light"]
        for p in self.pages:
            if kinds is None or p.kind in kinds:
                parsed = light.get(p.url)
                if parsed is not None:
                    yield parsed

    def light(self, url: str) -> ParsedPage | None:
        """The light parse of one page (see parsed_pages)."""
        self._preload()
        return self.__dict__["_light"].get(url)

    def page_texts(self) -> list[tuple[str, str]]:
        """(url, text) of every page (home page first, then by URL) without the template's lines:
        a line that stands on many pages (header, navigation, footer) is kept only on the first of
        them, so it is read once, not 20 000 times."""
        self._preload()
        return self.__dict__["_texts"]

    def _stream(self) -> Iterator[tuple[str, ParsedPage, str]]:
        """(url, light parse, text) of every page, the home page first, then by URL."""
        wanted = {p.url for p in self.pages}
        if self.stream_light:
            stream = self.stream_light()
        else:
            stream = ((url, light_view(parsed), parsed.text) for url in sorted(wanted, key=self._text_order)
                      if (parsed := self.load_parsed(url)) is not None)
        for url, light, text in stream:
            if url in wanted:
                yield url, light, text

    def _text_order(self, url: str) -> tuple[bool, str]:
        return url != self.start_url, url

    def _template_lines(self) -> tuple[Counter, int]:
        """On how many of ~2 000 pages spread over the site each text line stands (by hash), and
        how many pages were counted.  Template lines (header, navigation, footer) stand on nearly
        every page, so the sample finds them all; counting every distinct line of a 20 000-page
        site would hold a million entries."""
        stride = max(1, len(self.pages) // _LINE_SAMPLE)
        # Sampled by URL, not by storage order, which page workers do not keep from scan to scan:
        # the same site gives the same sample, hence the same template lines.
        urls = [p.url for p in self.pages if zlib.crc32(p.url.encode("utf-8", "surrogatepass")) % stride == 0]
        if self.load_texts is not None:
            texts = self.load_texts(urls)
        else:
            texts = ((url, parsed.text) for url in urls if (parsed := self.load_parsed(url)) is not None)
        counts: Counter = Counter()
        sampled = 0
        for _url, text in texts:
            sampled += 1
            counts.update({hash(line) for line in text.splitlines()})
        return counts, sampled

    def _preload(self) -> None:
        """One pass over the stored parses: the light parse of every page, and its text without
        the template's lines (counted first on a sample)."""
        if "_light" in self.__dict__:
            return
        line_pages, sampled = self._template_lines()
        chrome = max(5, sampled // 50)       # on more than 2 % of the sampled pages: template text
        kept: set[int] = set()
        light: dict[str, ParsedPage] = {}
        texts = []
        # The page that keeps a template line is the home page, else the first by URL (the
        # stream's order): the same page on every scan, whatever order the pages were stored in.
        for url, page, text in self._stream():
            light[url] = page
            lines = []
            for line in text.splitlines():
                h = hash(line)
                if line_pages[h] > chrome:
                    if h in kept:
                        continue
                    kept.add(h)
                lines.append(line)
            texts.append((url, "\n".join(lines)))
        self.__dict__["_light"], self.__dict__["_texts"] = light, texts


_LINE_SAMPLE = 2000


_INDEX_NAMES = ("index.html", "index.htm", "index.shtml")


def _without_aliases(pages: list[PageInfo]) -> list[PageInfo]:
    """A folder and its index.html are one page, linked both ways on TRS sites: keep the folder."""
    urls = {p.url for p in pages}
    return [p for p in pages
            if not (p.url.endswith(_INDEX_NAMES) and p.url.rsplit("/", 1)[0] + "/" in urls)]


def load_scan_data(store: Store, scan_id: int, slow_seconds: float,
                   links_ready: Callable[[], None] = lambda: None) -> ScanData:
    """Everything the checks need for `scan_id`; links only where their target had a problem,
    read when first needed, after `links_ready()` (a re-scan's links may still be being copied)."""
    with store.session() as s:
        scan = s.get(ScanRow, scan_id)
        if scan is None:
            raise LookupError(f"no scan {scan_id} in {store.url}")
        pages = _without_aliases([PageInfo(*row) for row in s.execute(
            select(PageRow.url, PageRow.kind, PageRow.status, PageRow.title, PageRow.published,
                   PageRow.source, PageRow.column_name, PageRow.column_url, PageRow.elapsed)
            .where(PageRow.scan_id == scan_id).order_by(PageRow.id))])
        checks = {}
        for row in s.scalars(select(LinkCheckRow).where(LinkCheckRow.scan_id == scan_id)):
            checks[row.url] = LinkCheck(url=row.url, checked=row.checked, method=row.method,
                                        status=row.status, final_url=row.final_url,
                                        elapsed=row.elapsed, error_class=row.error_class,
                                        detail=row.detail, content_type=row.content_type,
                                        content_length=row.content_length)
        items = [StoredListItem(*row) for row in s.execute(
            select(ListItemRow.page_url, ListItemRow.column_url, ListItemRow.title, ListItemRow.url,
                   ListItemRow.item_date, ListItemRow.date_text)
            .where(ListItemRow.scan_id == scan_id).order_by(ListItemRow.id))]
        attachments = [
            StoredAttachment(url=a.url, status=a.status, reason=a.reason,
                             text=zlib.decompress(a.text).decode("utf-8") if a.text else "",
                             content_type=a.content_type, size=a.size)
            for a in s.scalars(select(AttachmentRow).where(AttachmentRow.scan_id == scan_id)
                               .order_by(AttachmentRow.id))]
        week_before = scan.started_at - timedelta(days=7)
        probes = list(s.scalars(select(ProbeRow).where(ProbeRow.site == scan.start_url,
                                                       ProbeRow.at >= week_before,
                                                       ProbeRow.at <= scan.started_at)))
        data = ScanData(scan_id=scan_id, start_url=scan.start_url, as_of=scan.as_of, probes=probes,
                        status=scan.status, pages=pages, checks=checks,
                        list_items=items, attachments=attachments)

    def load_problem_links() -> list[LinkSource]:
        links_ready()
        problem_targets = select(LinkCheckRow.url).where(
            LinkCheckRow.scan_id == scan_id,
            or_(LinkCheckRow.error_class.is_not(None), LinkCheckRow.elapsed >= slow_seconds))
        with store.session() as s:
            return [LinkSource(*row) for row in s.execute(
                select(LinkRow.source_url, LinkRow.target_url, LinkRow.anchor, LinkRow.tag,
                       LinkRow.kind, LinkRow.reason)
                .where(LinkRow.scan_id == scan_id, LinkRow.target_url.in_(problem_targets))
                .order_by(LinkRow.id))]

    def blob_of_page(column):
        # One statement built once and a bare connection: the rules ask for a few thousand pages
        # one by one, and an ORM session a page cost more than reading them.
        statement = select(column).where(PageRow.scan_id == scan_id, PageRow.url == bindparam("url")).limit(1)

        def read(url: str) -> bytes | None:
            with store.engine.connect() as conn:
                return conn.execute(statement, {"url": url}).scalar()
        return read

    parsed_blob, html_blob = blob_of_page(PageRow.parsed), blob_of_page(PageRow.html)

    def load_parsed(url: str) -> ParsedPage | None:
        blob = parsed_blob(url)
        return decode_page(blob) if blob else None

    def load_html(url: str) -> str | None:
        blob = html_blob(url)
        return zlib.decompress(blob).decode("utf-8") if blob else None

    attachment_sources: dict[str, list[str]] = {}

    def load_sources(url: str) -> list[str]:
        links_ready()
        if not attachment_sources:
            # Every attachment link of the scan in one pass (links are indexed by scan only).
            with store.session() as s:
                for target, source in s.execute(
                        select(LinkRow.target_url, LinkRow.source_url)
                        .where(LinkRow.scan_id == scan_id, LinkRow.kind == "attachment")
                        .order_by(LinkRow.id)):
                    known = attachment_sources.setdefault(target, [])
                    if len(known) < 200 and source not in known:
                        known.append(source)
            attachment_sources.setdefault("", [])      # loaded, even when the scan has none
        if url in attachment_sources:
            return attachment_sources[url]
        with store.session() as s:
            rows = s.scalars(select(LinkRow.source_url)
                             .where(LinkRow.scan_id == scan_id, LinkRow.target_url == url)
                             .order_by(LinkRow.id).limit(200))
            return list(dict.fromkeys(rows))

    def stream_light() -> Iterator[tuple[str, ParsedPage, str]]:
        this_scan = PageRow.scan_id == scan_id
        # By URL in code point order (the (scan, url) index gives it; PostgreSQL's own collation
        # would not), so that the same page keeps a template line on every scan and store.
        by_url = PageRow.url.collate("C") if store.engine.dialect.name == "postgresql" else PageRow.url
        with store.session() as s:
            home = s.execute(select(PageRow.url, PageRow.parsed)
                             .where(this_scan, PageRow.url == data.start_url).limit(1)).all()
            rest = s.execute(select(PageRow.url, PageRow.parsed)
                             .where(this_scan, PageRow.url != data.start_url)
                             .order_by(by_url).execution_options(yield_per=500))
            for url, blob in chain(home, rest):
                yield url, *decode_light(blob)

    def load_texts(urls: list[str]) -> Iterator[tuple[str, str]]:
        with store.session() as s:
            for start in range(0, len(urls), 500):
                for url, blob in s.execute(select(PageRow.url, PageRow.parsed).where(
                        PageRow.scan_id == scan_id, PageRow.url.in_(urls[start:start + 500]))):
                    yield url, decode_text(blob)

    from govsite.checks.browser import load_browser_data, rendered_list_items
    data.browser = load_browser_data(store, scan_id)
    # Lists a browser read from pages built by JavaScript (AJAX lists) count like static ones.
    data.list_items.extend(rendered_list_items(data))
    data.load_parsed = load_parsed
    data.stream_light = stream_light
    data.load_texts = load_texts
    data.load_sources = load_sources
    data.load_problem_links = load_problem_links
    data.load_html = load_html
    return data
