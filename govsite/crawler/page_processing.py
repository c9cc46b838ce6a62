"""The work done for every HTML page of a scan, off the crawl's event loop.

A fetched page is decoded, parsed, and queued for the store (its page row, its content — parse,
HTML, links, list entries, stored once by content hash — and its own link check:
govsite.store.page_rows writes them in batches); a page that has not changed since the last scan
gets a page row copied inside the database that refers to the content already stored.  Either way the
spider gets back only what it needs to go on: the page's link targets with their kinds.  This runs
in worker processes (govsite.crawler.page_workers) so the crawl uses every core, or in the crawl's
own process when `crawl.parse_workers` is 0.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date

from govsite.crawler.attachments import ARTICLE_IMAGE
from govsite.models import ParsedPage
from govsite.parsing.decode import decode_html
from govsite.parsing.page import parse_page
from govsite.scan.ownership import list_column
from govsite.store.contents import content_digest, hosts_key
from govsite.store.page_rows import SAME_URL, PageRowWriter, stored_final_url
from govsite.store.pagecodec import (
    decode_page,
    decode_targets,
    decode_targets_column,
    encode_page,
    encode_targets,
)
from govsite.textscan.redact import DEFAULT_RULES, RedactionRules, redact_html
from govsite.urls import host_of


@dataclass(frozen=True)
class WorkConfig:
    """What every page worker of one scan shares."""

    db_url: str
    scan_id: int
    previous_scan_id: int | None
    as_of: date
    today: date
    home_url: str
    site_hosts: frozenset[str]
    # Personal numbers are redacted before anything of a page is stored (textscan.redact): the
    # store's key for their digests, and the detectors' settings they are judged by.
    redaction_key: bytes = b""
    redaction: RedactionRules = DEFAULT_RULES


@dataclass(slots=True)
class FetchedPage:
    """An HTML answer of the site (2xx or an error page), as downloaded."""

    url: str                 # the URL requested (the link target)
    final_url: str           # after redirects
    status: int
    content_type: str
    headers: dict[str, str]
    body: bytes
    column_url: str | None   # the list that linked to it
    elapsed: float | None
    etag: str | None
    last_modified: str | None


@dataclass(slots=True)
class UnchangedPage:
    """A page to take from the last scan: answered 304, or reached only through unchanged pages."""

    url: str
    previous_page_id: int
    column_url: str | None
    answered_304: bool       # False: not requested at all (crawl.revalidate_days)
    elapsed: float | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class PageOutcome:
    """What the spider needs back: how the page's own check ended and where its links lead."""

    url: str
    error_class: str | None = None      # blocked / http / soft404: the page is not followed
    followed: bool = False
    targets: list[tuple[str, str]] = field(default_factory=list)   # (url, kind), first sighting only
    child_column: str | None = None     # the column its targets belong to, when it is a list page
    failure: str | None = None          # a bug or a store error while handling it


def parse_for_store(url: str, body: bytes, content_type: str, headers: dict, status: int,
                    as_of: date, home_url: str, redaction_key: bytes = b"",
                    redaction: RedactionRules = DEFAULT_RULES) -> tuple[ParsedPage, bytes, bytes]:
    """(parse, encoded parse to store, compressed HTML to store), the personal numbers of the page
    redacted first when a key is given: neither the HTML nor the parse keeps one in clear."""
    text, encoding = decode_html(body, content_type)
    if redaction_key:
        text = redact_html(text, redaction_key, redaction)
    parsed = parse_page(url, text, as_of, home_url=home_url, status=status, headers=headers)
    parsed.encoding = encoding
    return parsed, encode_page(parsed), zlib.compress(text.encode("utf-8"), 1)


def _target_line(url: str, kind: str, article: bool) -> str:
    """A link target as the spider is given it and the content stores it ("url<TAB>kind"); a
    picture in an article is told apart from the template's."""
    return f"{url}\t{ARTICLE_IMAGE if article and kind == 'image' else kind}"


class PageWork:
    """Handles the pages of one scan; one instance per worker process (or in the crawl process)."""

    def __init__(self, config: WorkConfig, batch_pages: int = 100) -> None:
        self.config = config
        self.writer = PageRowWriter(config.db_url, batch_pages)
        # Targets this worker already returned, as "url<TAB>kind": the spider has seen them, so
        # they need not cross the pipe again (a portal's navigation repeats on every page).  The
        # same URL linked as another kind goes once more: an attachment must reach the spider.
        self.returned: set[str] = set()
        self._hosts: dict[str, str] = {}
        self.hosts_key = hosts_key(config.site_hosts)

    def kind(self, category: str, url: str) -> str:
        if category in ("page", "attachment", "image", "resource") and \
                self._host(url) not in self.config.site_hosts:
            return "external"
        return category

    def _host(self, url: str) -> str:
        # By the URL's authority (scheme://user@host:port): a page has ~80 links on a handful of
        # hosts, and parsing each URL for its host cost more than the rest of the link's handling.
        parts = url.split("/", 3)
        authority = parts[2] if len(parts) > 2 else url
        host = self._hosts.get(authority)
        if host is None:
            host = self._hosts[authority] = host_of(url)
        return host

    def _new_targets(self, lines: list[str]) -> list[tuple[str, str]]:
        """(url, kind) of the targets ("url<TAB>kind") not returned yet, each once, in order."""
        returned = self.returned
        # Compared as the strings they are stored as: no tuple is made for the ~60 targets a page
        # repeats from the pages before it, and most pages have no new one to deduplicate.
        fresh = [line for line in lines if line not in returned]
        if not fresh:
            return []
        fresh = list(dict.fromkeys(fresh))
        returned.update(fresh)
        return [tuple(line.rsplit("\t", 1)) for line in fresh]

    def fetched(self, page: FetchedPage) -> PageOutcome:
        """Parse a downloaded page, queue its rows, and say where its links lead."""
        c = self.config
        parsed, blob, html = parse_for_store(page.final_url, page.body, page.content_type,
                                             page.headers, page.status, c.as_of, c.home_url,
                                             c.redaction_key, c.redaction)
        outcome = PageOutcome(page.url)
        detail = ""
        if parsed.kind == "challenge":
            outcome.error_class, detail = "blocked", f"WAF / anti-bot challenge ({parsed.challenge})"
        elif page.status >= 400:
            outcome.error_class = "http"
        elif parsed.soft404:
            outcome.error_class, detail = "soft404", "page says the content does not exist"
        self.writer.link_checks.append((
            c.scan_id, page.url, True, "GET", page.status, stored_final_url(page.url, page.final_url), page.elapsed,
            outcome.error_class, detail, page.content_type[:255] or None, None, c.today.isoformat()))
        if outcome.error_class:
            return outcome
        url = page.final_url
        own_column = list_column(url, parsed.kind, bool(parsed.items), bool(parsed.pagination))
        links, items, targets = self._content_rows(url, parsed, own_column)
        digest = self.writer.add_content(content_digest(blob, html, self.hosts_key), blob, html,
                                         links, items, self._stored_targets(parsed, targets))
        self.writer.pages.append((
            c.scan_id, url, SAME_URL, page.status, page.content_type[:255], parsed.encoding, parsed.kind,
            parsed.title, parsed.published.isoformat() if parsed.published else None, parsed.source,
            parsed.column, own_column or page.column_url, page.elapsed, len(page.body), page.etag, page.last_modified,
            False, b"", None, digest))
        self.writer.page_done()
        outcome.followed = True
        outcome.targets = self._new_targets(targets)
        outcome.child_column = own_column
        return outcome

    @staticmethod
    def _stored_targets(parsed: ParsedPage, targets: list[str]) -> bytes | None:
        return encode_targets(parsed.kind, bool(parsed.items), bool(parsed.pagination), targets)

    def _content_rows(self, url: str, parsed: ParsedPage, own_column: str | None
                      ) -> tuple[list[tuple], list[tuple], list[str]]:
        """(link rows, list entry rows) of a page's content, and its link targets with their
        kinds ("url<TAB>kind")."""
        targets = []
        links = []
        article = parsed.kind == "article"
        for link in parsed.links:
            kind = self.kind(link.category, link.url)
            links.append((url, link.url, link.anchor[:500], link.tag, kind, link.reason))
            targets.append(_target_line(link.url, kind, article))
        for target in parsed.pagination:
            links.append((url, target, "", "pager", "page", ""))
            targets.append(f"{target}\tpage")
        items = [(url, own_column, li.title, li.url, li.date.isoformat() if li.date else None,
                  li.date_text) for li in parsed.items]
        return links, items, targets

    def unchanged(self, page: UnchangedPage) -> PageOutcome:
        """Copy an unchanged page's row from the last scan, referring to the same content, and
        say where its links lead.  A row of the old layout (stored before contents existed) gets
        its content made from its own parse and HTML, as a fetched page would."""
        c = self.config
        old = c.previous_scan_id
        found = self.writer.stored_page(page.previous_page_id, old)
        if found is None or not (found[3] or found[4]):
            return PageOutcome(page.url, failure=f"page {page.previous_page_id} of scan {old} is gone")
        status, content_type, content, stored_targets, blob = found
        if content is None:
            parsed = decode_page(blob)
            own_column = list_column(page.url, parsed.kind, bool(parsed.items), bool(parsed.pagination))
            html = self.writer.stored_html(page.previous_page_id)
            links, items, targets = self._content_rows(page.url, parsed, own_column)
            content = self.writer.add_content(content_digest(blob, html, self.hosts_key), blob, html,
                                              links, items, self._stored_targets(parsed, targets))
        elif stored_targets is not None:
            kind, has_items, has_pagination, targets = decode_targets_column(stored_targets)
            own_column = list_column(page.url, kind, has_items, has_pagination)
        else:       # a content stored before its targets were: from its parse
            kind, links, pagination, has_items = decode_targets(blob)
            own_column = list_column(page.url, kind, has_items, bool(pagination))
            article = kind == "article"
            targets = [_target_line(url, self.kind(category, url), article) for url, category in links]
            targets += [f"{url}\tpage" for url in pagination]
        if page.answered_304:
            self.writer.link_checks.append((
                c.scan_id, page.url, True, "GET", status, SAME_URL, page.elapsed, None, "",
                content_type or None, None, c.today.isoformat()))
        else:
            self.writer.copy_check(c.scan_id, f"unchanged: taken from scan {old}", old, page.url)
        self.writer.copy_page(c.scan_id, own_column or page.column_url,
                              page.elapsed if page.answered_304 else None,
                              page.etag, page.last_modified, page.previous_page_id, content)
        self.writer.page_done()
        return PageOutcome(page.url, followed=True, targets=self._new_targets(targets),
                           child_column=own_column)

    def handle(self, job: FetchedPage | UnchangedPage) -> PageOutcome:
        """One page; a bug in the parser or the store becomes the outcome's `failure`."""
        try:
            if isinstance(job, FetchedPage):
                return self.fetched(job)
            return self.unchanged(job)
        except Exception as exc:  # noqa: BLE001 - reported by the spider in the scan's note
            return PageOutcome(job.url, failure=f"{exc.__class__.__name__}: {exc}")

    def flush(self) -> str | None:
        """Write the batch; the error message if the store refused it."""
        try:
            self.writer.flush()
        except Exception as exc:  # noqa: BLE001
            return f"store write failed: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
        return None

    def close(self) -> str | None:
        error = self.flush()
        self.writer.close()
        return error
