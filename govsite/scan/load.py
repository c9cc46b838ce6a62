"""Loading one stored scan as a ScanView: the rows it holds in memory, and the readers of what
it loads lazily (stored parses, HTML, the links to problem targets, an attachment's pages)."""
from __future__ import annotations

import functools
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from zoneinfo import ZoneInfo

from govsite.models import ParsedPage
from govsite.scan.browser import browser_of, load_browser_data
from govsite.scan.previous import PreviousItem, PreviousPage, PreviousScan
from govsite.scan.view import LinkSource, PageInfo, ScanView, StoredAttachment, StoredListItem, without_aliases
from govsite.store import scan_reads
from govsite.store.db import Store
from govsite.store.pagecodec import decode_light_only, decode_page, decode_text
from govsite.urls import host_of


def load_scan_view(store: Store, scan_id: int, slow_seconds: float,
                   links_ready: Callable[[], None] = lambda: None,
                   light_by_content: Callable[[], dict[str, ParsedPage]] | None = None) -> ScanView:
    """Everything the checks need for `scan_id`; links only where their target had a problem,
    read on a thread from the start, after `links_ready()` (a re-scan's links may still be being
    copied).  `light_by_content()` gives light parses already decoded, by content digest (the
    last scan's: scan/prefetch.py)."""
    rows = scan_reads.ScanRows(store, scan_id)
    checks = {c.url: c for c in rows.checks}
    view = ScanView(scan_id=scan_id, start_url=rows.start_url, as_of=rows.as_of, probes=rows.probes,
                    status=rows.status, pages=without_aliases([PageInfo(*r) for r in rows.pages]),
                    checks=checks, list_items=[StoredListItem(*r) for r in rows.list_items],
                    attachments=[StoredAttachment(*r) for r in rows.attachments])

    attachment_sources: dict[str, list[str]] = {}
    problem_links: list[LinkSource] = []
    # The one pass over the scan's links (a million rows of a 20 000-page portal, ~0.5 s of
    # SQLite stepping, which lets the GIL go) runs on a thread from the start, beside the checks
    # that come first; whatever reads links waits for it.
    links_read = _LINK_READER.submit(_read_links, store, scan_id, slow_seconds, links_ready)

    def read_links() -> None:
        """The links to problem targets and the pages linking to each attachment, taken from the
        one pass over the scan's links on first use of either."""
        if "" in attachment_sources:
            return
        targets, rows = links_read.result()
        for row in rows:
            source, target, kind = row[0], row[1], row[4]
            if target in targets:
                problem_links.append(LinkSource(*row))
            if kind == "attachment":
                known = attachment_sources.setdefault(target, [])
                if len(known) < 200 and source not in known:
                    known.append(source)
        attachment_sources.setdefault("", [])      # read, even when the scan has no attachment link

    def load_problem_links() -> list[LinkSource]:
        read_links()
        return list(problem_links)

    parsed_blob = scan_reads.page_blob_reader(store, scan_id, "parsed")
    html_blob = scan_reads.page_blob_reader(store, scan_id, "html")

    def load_parsed(url: str) -> ParsedPage | None:
        blob = parsed_blob(url)
        return decode_page(blob) if blob else None

    def load_parsed_many(urls: list[str]) -> Iterator[tuple[str, ParsedPage]]:
        for url, blob in scan_reads.parsed_of(store, scan_id, urls):
            yield url, decode_page(blob)

    def load_html(url: str) -> str | None:
        blob = html_blob(url)
        return zlib.decompress(blob).decode("utf-8") if blob else None

    content_keys: list[dict[str, str]] = []

    def content_keys_of() -> dict[str, str]:
        """URL -> content digest of every page, read once."""
        if not content_keys:
            content_keys.append(scan_reads.content_keys(store, scan_id))
        return content_keys[0]

    def load_content_key(url: str) -> str | None:
        return content_keys_of().get(url)

    def load_sources(url: str) -> list[str]:
        read_links()
        if url in attachment_sources:
            return attachment_sources[url]
        return scan_reads.link_sources(store, scan_id, url)

    def stream_light() -> Iterator[tuple[str, ParsedPage, Callable[[], str]]]:
        # the text is decompressed only if asked for (most unchanged pages' are not: scan/view.py)
        known = light_by_content() if light_by_content is not None else {}
        if not known:
            for url, blob in scan_reads.parsed_in_url_order(store, scan_id, view.start_url):
                yield url, decode_light_only(blob), functools.partial(decode_text, blob)
            return
        # The pages whose content the last scan had come decoded already (scan/prefetch.py):
        # only the others' stored parses are read.  In the same order: the start URL, then by URL
        # in code point order.
        keys = content_keys_of()
        urls = sorted((p.url for p in view.pages), key=lambda u: (u != view.start_url, u))
        ready = {url: page for url in urls
                 if (page := known.get(keys.get(url))) is not None and page.url == url}
        blobs = dict(scan_reads.parsed_of(store, scan_id, [u for u in urls if u not in ready]))
        read_text = _TextsAhead([url for url in urls if url in ready], load_texts)
        for url in urls:
            if url in ready:
                yield url, ready[url], functools.partial(read_text, url)
            elif (blob := blobs.get(url)) is not None:
                yield url, decode_light_only(blob), functools.partial(decode_text, blob)

    def load_texts(urls: list[str]) -> Iterator[tuple[str, str]]:
        for url, blob in scan_reads.parsed_of(store, scan_id, urls):
            yield url, decode_text(blob)

    def load_previous() -> PreviousScan | None:
        return previous_scan(store, view.start_url, scan_id)

    view.fetched_on = _shanghai_day(rows.started_at)
    view.cloak_probes = rows.cloak_probes
    view.load_previous = load_previous
    view.load_fetched = lambda: scan_reads.fetched_urls(store, scan_id)
    view.browser = load_browser_data(store, scan_id)
    # Lists a browser read from pages built by JavaScript (AJAX lists) count like static ones.
    view.list_items.extend(rendered_list_items(view))
    view.load_parsed = load_parsed
    view.load_parsed_many = load_parsed_many
    view.stream_light = stream_light
    view.load_texts = load_texts
    view.load_sources = load_sources
    view.load_problem_links = load_problem_links
    view.load_html = load_html
    view.load_content_key = load_content_key
    return view


class _TextsAhead:
    """The texts of pages whose light parse came decoded (scan/prefetch.py), read when asked for,
    with the next pages' in the same statement.  Usually only the few pages that keep a template
    line are asked for; but when the last scan's text keys do not apply (a new govsite, another
    content_safety section), every page is, in order, and a statement a page was 20 000 round
    trips to a PostgreSQL server (18 s)."""

    AHEAD = 200

    def __init__(self, urls: list[str], load_texts: Callable[[list[str]], Iterator[tuple[str, str]]]) -> None:
        self._urls = urls
        self._position = {url: n for n, url in enumerate(urls)}
        self._load = load_texts
        self._ahead: dict[str, str] = {}

    def __call__(self, url: str) -> str:
        text = self._ahead.pop(url, None)
        if text is None:
            n = self._position.get(url)
            window = [url] if n is None else self._urls[n:n + self.AHEAD]
            self._ahead = dict(self._load(window))
            text = self._ahead.pop(url, "")
        return text


# One thread for every view's pass over its links (a process checks one scan at a time).
_LINK_READER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govsite-links-read")


def _read_links(store: Store, scan_id: int, slow_seconds: float,
                links_ready: Callable[[], None]) -> tuple[set[str], list[tuple]]:
    links_ready()       # a re-scan's links may still be being copied
    return scan_reads.problem_and_attachment_links(store, scan_id, slow_seconds)


def _shanghai_day(started: datetime | None) -> date | None:
    # started_at is the machine's local time, naive; astimezone() reads it as such.
    return started.astimezone(ZoneInfo("Asia/Shanghai")).date() if started else None


def previous_scan(store: Store, start_url: str, scan_id: int) -> PreviousScan | None:
    """The last complete scan of `start_url` before `scan_id`, as the integrity rules read it."""
    rows = scan_reads.PreviousRows(store, start_url, scan_id)
    if not rows.found:
        return None
    items: dict[str, PreviousItem] = {}
    for r in rows.list_items:
        items.setdefault(r[0], PreviousItem(*r))
    parsed_blob = scan_reads.page_blob_reader(store, rows.scan_id, "parsed")

    def load_parsed(url: str) -> ParsedPage | None:
        blob = parsed_blob(url)
        return decode_page(blob) if blob else None

    return PreviousScan(
        scan_id=rows.scan_id, as_of=rows.as_of, crawl_cuts=rows.crawl_cuts,
        pages={r[0]: PreviousPage(*r) for r in rows.pages}, items=items,
        list_columns={i.column_url for i in items.values()},
        load_embedded_hosts=lambda: {host_of(u) for u in scan_reads.embedded_targets(store, rows.scan_id)},
        load_parsed=load_parsed)


def rendered_list_items(view) -> list[StoredListItem]:
    """The lists the browser read from pages built by JavaScript (scan.browser.rendered_lists), as
    list items like the static ones, ready to extend the scan's list items with."""
    return [StoredListItem(page_url=p.url, column_url=p.column_url or p.url, title=t, url=u,
                           date=date.fromisoformat(d) if d else None, date_text=text or "")
            for p in browser_of(view).pages if p.rendered_items for t, u, d, text in p.rendered_items]
