"""ScanView: what the checks read of one stored scan, loaded once (scan/load.py).

Checks receive a ScanView and never touch the database themselves, so tests can build one by
hand.  Heavy parts (every parsed page) are loaded lazily through `parsed()`.
"""
from __future__ import annotations

import functools
import hashlib
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

from govsite.models import LinkCheck, ParsedPage
from govsite.scan.browser import BrowserData
from govsite.scan.previous import PreviousScan
from govsite.store.pagecodec import light_view
from govsite.textscan.cache import LazyText, TextHitCache
from govsite.urls import folder_url, is_home, is_index_page

T = TypeVar("T")


class MarkupReadings(Protocol):
    """What the scan holds of the record rules' markup readings (records.markup.MarkupCache, which
    reads this view: declared here so that the view does not import its readers)."""

    read: int
    reused: int
    used: dict[str, bytes]
    source_scan: int | None

    def stored(self, url: str, content: str) -> Any: ...

    def markup(self, url: str, html: str, content: str | None = None) -> Any: ...


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
class ScanView:
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
    browser: BrowserData | None = None             # the browser pass, if it ran
    load_parsed: Callable[[str], ParsedPage | None] = lambda url: None
    load_parsed_many: Callable[[list[str]], Iterator[tuple[str, ParsedPage]]] | None = None
    load_html: Callable[[str], str | None] = lambda url: None
    # A key of the page's stored content, which changes whenever its HTML does (None: not known)
    load_content_key: Callable[[str], str | None] = lambda url: None
    load_sources: Callable[[str], list[str]] = lambda url: []
    load_problem_links: Callable[[], list[LinkSource]] = lambda: []
    # One pass over every stored parse, light (pagecodec.decode_light_only) with a reader of the
    # page's text, the start URL first, then by URL; and the texts of given pages.  By default
    # through load_parsed.
    stream_light: Callable[[], Iterator[tuple[str, ParsedPage, Callable[[], str]]]] | None = None
    load_texts: Callable[[list[str]], Iterator[tuple[str, str]]] | None = None
    # Hits of the content detectors in texts the last scan already read (textscan.cache).
    text_cache: TextHitCache | None = None
    # What the record rules read from pages' markup, by the last scan too (records.markup).
    markup_cache: MarkupReadings | None = None
    # The day the crawl ran (Asia/Shanghai); as_of may lie before it (a scan judging a past day).
    fetched_on: date | None = None
    # The last complete scan of the site before this one, and the pages this scan downloaded
    # (not taken unchanged from it): read on first use by the integrity rules.
    load_previous: Callable[[], PreviousScan | None] = lambda: None
    load_fetched: Callable[[], set[str]] = lambda: set()
    # Pages fetched again as a search-engine crawler after the crawl (crawler/cloaking.py): url,
    # redirect, similarity to the stored page, title.  Read through search_engine_probes(): a
    # scan's probes may still be under way, on a thread, when its checks start.
    cloak_probes: list[dict] = field(default_factory=list)
    load_cloak_probes: Callable[[], list[dict]] | None = None

    def previous(self) -> PreviousScan | None:
        """The last complete scan of the same site before this one, or None."""
        return self.memo("_previous", self.load_previous)

    def search_engine_probes(self) -> list[dict]:
        """The pages fetched again as a search-engine crawler, once they all are."""
        if self.load_cloak_probes is not None:
            self.cloak_probes, self.load_cloak_probes = self.load_cloak_probes(), None
        return self.cloak_probes

    def fetched(self) -> set[str]:
        """URLs of the pages this scan downloaded (a re-scan copies unchanged ones)."""
        return self.memo("_fetched", self.load_fetched)

    def in_scope(self, published: date | None) -> bool:
        """A page published after the as-of day is not part of the site on that day (a scan
        judging a past day); the fetch day's later pages are article.future_date's."""
        return published is None or published <= self.as_of or (
            self.fetched_on is not None and self.fetched_on <= self.as_of)

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """A value computed once per ScanView and kept (several rules read the same register,
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

    def parsed_of(self, urls: Iterable[str]) -> dict[str, ParsedPage]:
        """The whole parses of the given pages (those stored), read together: asked one at a
        time, each is a round trip to the database server."""
        urls = list(dict.fromkeys(urls))
        if self.load_parsed_many is not None:
            return dict(self.load_parsed_many(urls))
        return {url: parsed for url in urls if (parsed := self.load_parsed(url)) is not None}

    def sources(self, url: str) -> list[str]:
        """Pages that link to `url`, first linked first (e.g. the page an attachment hangs on);
        from the store, the first 200 links only: a file linked from the template of every page
        has 20 000 of them."""
        return self.load_sources(url)

    def html(self, url: str) -> str | None:
        """The page as decoded at crawl time, for rules that need its markup."""
        return self.load_html(url)

    def content_key(self, url: str) -> str | None:
        """A key of the page's stored content that changes whenever its HTML does (the store's
        content digest), or None when the store keeps none for it: lets a reading of the page
        carried from the last scan be found without reading the HTML."""
        return self.load_content_key(url)

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

    def page_texts(self) -> list[tuple[str, LazyText]]:
        """(url, text) of every page (home page first, then by URL) without the template's lines:
        a line that stands on many pages (header, navigation, footer) is kept only on the first of
        them, so it is read once, not 20 000 times.  On a re-scan an unchanged page's text is
        known by its digest and read only if a detector must run over it."""
        self._preload()
        return self.__dict__["_texts"]

    def _stream(self) -> Iterator[tuple[str, ParsedPage, Callable[[], str]]]:
        """(url, light parse, reader of its text) of every page, the home page first, then by URL."""
        wanted = {p.url for p in self.pages}
        if self.stream_light:
            stream = self.stream_light()
        else:
            stream = ((url, light_view(parsed), functools.partial(getattr, parsed, "text"))
                      for url in sorted(wanted, key=self._text_order)
                      if (parsed := self.load_parsed(url)) is not None)
        for url, light, read_text in stream:
            if url in wanted:
                yield url, light, read_text

    def _text_order(self, url: str) -> tuple[bool, str]:
        return url != self.start_url, url

    def _texts_of(self, urls: list[str]) -> Iterator[tuple[str, str]]:
        if self.load_texts is not None:
            return self.load_texts(urls)
        return ((url, parsed.text) for url in urls if (parsed := self.load_parsed(url)) is not None)

    def _template(self) -> list[str]:
        """The template's lines (header, navigation, footer), sorted: those standing on more than
        2 % of ~2 000 pages spread over the site.  They stand on nearly every page, so the sample
        finds them all; counting every distinct line of a 20 000-page site would hold a million
        entries.  Taken from the last scan when the sampled pages' contents are unchanged."""
        stride = max(1, len(self.pages) // _LINE_SAMPLE)
        # Sampled by URL, not by storage order, which page workers do not keep from scan to scan:
        # the same site gives the same sample, hence the same template lines.
        urls = [p.url for p in self.pages if zlib.crc32(p.url.encode("utf-8", "surrogatepass")) % stride == 0]
        cache, sample = self.text_cache, None
        if cache is not None:
            contents = [self.content_key(url) for url in urls]
            if all(contents):
                sample = "\n".join(f"{url}\t{content}" for url, content in zip(urls, contents))
                known = cache.template(sample)
                if known is not None:
                    return known
        counts: Counter = Counter()
        sampled = 0
        for _url, text in self._texts_of(urls):
            sampled += 1
            counts.update(set(text.splitlines()))
        chrome = max(5, sampled // 50)       # on more than 2 % of the sampled pages: template text
        lines = sorted(line for line, n in counts.items() if n > chrome)
        if sample is not None:
            cache.keep_template(sample, lines)
        return lines

    def _preload(self) -> None:
        """One pass over the stored parses: the light parse of every page, and its text without
        the template's lines.  A page's text key (the digest of that text, and which template
        lines the page holds) is kept by its content, so that a re-scan reads no unchanged
        page's text unless the page keeps a template line or a detector must run over it."""
        if "_light" in self.__dict__:
            return
        lines = self._template()
        line_hashes = [hash(line) for line in lines]
        index = {h: n for n, h in enumerate(line_hashes)}
        # as a set: a line's test is one lookup (a Counter's miss goes through Python code)
        template = set(index)
        template_key = hashlib.sha1("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()
        cache = self.text_cache
        empty = cache.digest("") if cache is not None else ""
        kept: set[int] = set()
        light: dict[str, ParsedPage] = {}
        texts: list[tuple[str, LazyText]] = []
        # The page that keeps a template line is the home page, else the first by URL (the
        # stream's order): the same page on every scan, whatever order the pages were stored in.
        for url, page, read_text in self._stream():
            light[url] = page
            content = self.content_key(url) if cache is not None else None
            known = cache.page_text(content, template_key) if content else None
            if known is not None:
                shared = {line_hashes[n] for n in known[1]}
                if not shared or shared <= kept:
                    # Most pages of a re-scan: unchanged, and every template line they hold is
                    # kept elsewhere already; their text is read only if a detector needs it.
                    reader = functools.partial(self._text_without, url, template)
                    texts.append((url, LazyText(digest=known[0], read=reader, empty=known[0] == empty)))
                    continue
            page_lines = read_text().splitlines()
            hashes = list(map(hash, page_lines))
            shared = template.intersection(hashes)
            if not shared or shared <= kept:
                # Every template line the page holds is kept elsewhere already: each one goes
                # (one lookup a line, no bookkeeping).
                if shared:
                    page_lines = [line for line, h in zip(page_lines, hashes) if h not in shared]
                text = "\n".join(page_lines)
                if content:
                    digest = cache.digest(text)
                    cache.keep_page_text(content, template_key, digest, sorted(index[h] for h in shared))
                    texts.append((url, LazyText(text, digest=digest)))
                    continue
            else:
                # A page that keeps some template line (the home page, the first pages by URL):
                # its first occurrence stays, any later one goes.
                own = []
                for line, h in zip(page_lines, hashes):
                    if h in shared:
                        if h in kept:
                            continue
                        kept.add(h)
                    own.append(line)
                text = "\n".join(own)
            texts.append((url, LazyText(text)))
        self.__dict__["_light"], self.__dict__["_texts"] = light, texts

    def _text_without(self, url: str, template: set[int]) -> str:
        """The text of a page that keeps no template line, without the template's lines."""
        text = next((text for _url, text in self._texts_of([url])), "")
        return "\n".join(line for line in text.splitlines() if hash(line) not in template)


_LINE_SAMPLE = 2000


def without_aliases(pages: list[PageInfo]) -> list[PageInfo]:
    """A folder and its index.html are one page, linked both ways on TRS sites: keep the folder."""
    urls = {p.url for p in pages}
    return [p for p in pages
            if not (is_index_page(p.url) and folder_url(p.url) in urls)]
