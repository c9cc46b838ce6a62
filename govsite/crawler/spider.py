"""The site spider: discovers pages and checks every distinct link target once.

HTML pages go to the page workers (govsite.crawler.page_processing), which parse and store them and send
back their link targets; every other link check is a CheckItem for the store pipeline.  It judges
nothing: whether a 404 or a 16-second answer is a finding is decided later by the checks, over
what was stored.
"""
from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass
from datetime import date

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider, StopDownload

from govsite.crawler.attachments import ARTICLE_IMAGE, AttachmentBudget, AttachmentItem, too_large
from govsite.crawler.bounds import CrawlBounds
from govsite.crawler.classify import (
    HEADERS_SEEN,
    NOT_SCANNED,
    RATE_LIMITED,
    classify_failure,
    status_error_class,
)
from govsite.crawler.items import CheckItem
from govsite.crawler.page_processing import FetchedPage, PageOutcome, UnchangedPage
from govsite.crawler.page_workers import PagePool
from govsite.crawler.previous import PreviousScan
from govsite.models import LinkCheck
from govsite.parsing.challenge import detect_challenge
from govsite.parsing.decode import decode_html
from govsite.parsing.page import parse_page
from govsite.urls import host_allowed, host_of

# Statuses handed to our callbacks instead of being dropped; redirects (30x) stay with the
# redirect middleware so that the final URL is followed.
_HANDLED_STATUSES = [304] + list(range(400, 600))
_HTML_TYPES = ("text/html", "application/xhtml", "text/xml", "application/xml")


@dataclass
class CrawlCounters:
    """What the progress display shows; updated by the spider as it goes."""

    pages: int = 0
    checks: int = 0
    errors: int = 0
    not_checked: int = 0
    requested: int = 0
    answered: int = 0
    reused: int = 0
    cut: int = 0            # page URLs a crawl bound kept out (see CrawlBounds)

    @property
    def queued(self) -> int:
        return max(0, self.requested - self.answered)


def _header(response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _is_html(content_type: str) -> bool:
    return not content_type or content_type.split(";")[0].strip().lower().startswith(_HTML_TYPES)


class SiteSpider(scrapy.Spider):
    name = "govsite"

    def __init__(self, *, start_url: str, as_of: date, site_hosts: set[str],
                 allow_hosts: list[str], pages: PagePool, max_pages: int = 0,
                 check_external: bool = True, previous: PreviousScan | None = None, writer=None,
                 budget: AttachmentBudget | None = None, revalidate_days: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url
        self.as_of = as_of
        self.site_hosts = {h.lower() for h in site_hosts}
        self.allow_hosts = allow_hosts
        self.max_pages = max_pages
        # max_depth and max_query_variants come from the settings (from_crawler).
        self.bounds = CrawlBounds(max_pages=max_pages)
        self.max_download_bytes = 0
        self.check_external = check_external
        self.previous = previous or PreviousScan.empty()
        self.writer = writer
        self.pages = pages
        # Unchanged pages waiting to be taken from the store, with their depth.
        self.stored: list[tuple[UnchangedPage, int]] = []
        self.today = date.today()
        self.revalidate_days = revalidate_days
        self.budget = budget or AttachmentBudget(enabled=False, max_bytes=0, max_total_bytes=0)
        self.seen: set[str] = set()
        self.attachments: set[str] = set()    # targets scheduled as attachments (see _schedule)
        self.checked: set[str] = set()        # targets whose HEAD/GET check was stored
        self.pages_requested = 0
        self.counters = CrawlCounters()
        self.callback_errors: list[str] = []
        # Requests made and not yet answered (url -> kind, column, depth): swept again when the
        # crawl goes idle, so that no target ends without a result.
        self.pending: dict[str, tuple[str, str | None, int]] = {}
        self.sweeps = 0
        self._hosts: dict[str, str] = {}      # "scheme://authority" -> host (see _host)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.bounds.max_depth = crawler.settings.getint("GOVSITE_MAX_DEPTH", 0)
        spider.bounds.max_query_variants = crawler.settings.getint("GOVSITE_MAX_QUERY_VARIANTS", 0)
        spider.max_download_bytes = crawler.settings.getint("DOWNLOAD_MAXSIZE", 0)
        crawler.signals.connect(spider._on_headers, signal=signals.headers_received)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        return spider

    @property
    def crawl_cuts(self) -> list[str]:
        """One sentence per crawl bound that cut this crawl (which bound, where, how many URLs
        were not followed); empty when the crawl was whole."""
        return self.bounds.notes()

    def _on_idle(self, spider=None):
        """Targets requested but never answered are requested once more (twice at most)."""
        if not self.pending:
            return
        if self.sweeps >= 2:
            self.callback_errors.append(f"{len(self.pending)} link target(s) got no answer, e.g. "
                                        f"{next(iter(self.pending))}")
            return
        self.sweeps += 1
        again = list(self.pending.items())
        self.pending.clear()
        for url, (kind, column, depth) in again:
            self.seen.discard(url)
            if kind == "page":
                self.pages_requested -= 1     # counted when it was first requested
            request = self._schedule(url, kind, column, depth=depth, bounded=False)
            if isinstance(request, scrapy.Request):
                self.crawler.engine.crawl(request)
        raise DontCloseSpider

    # -- scheduling -------------------------------------------------------------------------

    async def start(self):
        first = self._schedule(self.start_url, "page", None)
        if first is not None:
            yield first

    def _not_checked(self, url: str, why: str) -> CheckItem:
        self.counters.not_checked += 1
        return CheckItem(LinkCheck(url=url, checked=False, detail=f"not checked: {why}"))

    def _schedule(self, url: str, kind: str, column_url: str | None, unchanged_parent: bool = False,
                  *, depth: int = 0, source: str | None = None, bounded: bool = True):
        """A Request (or a ready CheckItem, or a page to take from the store) for a link target
        not seen before, else None.  A target first seen as something else (a <source> or <link>
        to a .txt, say) and later linked as an attachment is downloaded after all: which page
        the crawl reads first must not decide whether a file's content is checked.

        `depth` counts links from the start page and `source` is the page the link is on: a page
        of the site beyond a crawl bound (CrawlBounds) is not followed, and not marked as seen
        either, so that the same page reached by a shorter path is."""
        if kind == ARTICLE_IMAGE:
            # an image in an article: read by OCR for the privacy rules, within the budget;
            # one first seen elsewhere (a logo of the template) is only checked
            if url in self.seen:
                return None
            image = self._host(url) in self.site_hosts and self.budget.take_image(url)
            kind = "attachment" if image else "image"
        else:
            image = False
        if url in self.seen:
            if kind != "attachment" or url in self.attachments or not self.budget.enabled \
                    or self._host(url) not in self.site_hosts:
                return None
        if bounded and kind == "page" and url.lower().startswith(("http://", "https://")) \
                and self._host(url) in self.site_hosts \
                and self.bounds.admit(url, depth, source) is not None:
            self.counters.cut = self.bounds.cut_count
            return None
        self.seen.add(url)
        if kind == "attachment":
            self.attachments.add(url)
        if unchanged_parent and url.lower().startswith(("http://", "https://")):
            reuse = self._reuse(url, kind, column_url)
            if reuse is not None:
                return reuse
        if kind == "malformed":
            self.counters.errors += 1
            return CheckItem(LinkCheck(url=url, checked=True, error_class="malformed"))
        if kind == "local_file":
            self.counters.errors += 1
            return CheckItem(LinkCheck(url=url, checked=True, error_class="local_file",
                                       detail="points into a local computer or network share"))
        if not url.lower().startswith(("http://", "https://")):
            return self._not_checked(url, "not an http(s) link")
        host = self._host(url)
        if not host_allowed(host, self.allow_hosts):
            return self._not_checked(url, "host not allowed (--allow-host)")
        same_site = host in self.site_hosts
        meta = {"handle_httpstatus_list": _HANDLED_STATUSES, "govsite_url": url,
                "govsite_column": column_url, "govsite_depth": depth}
        self.counters.requested += 1
        if kind == "page" and same_site:
            if bounded and self.bounds.page_limit(url, self.pages_requested, source):
                self.counters.requested -= 1
                self.counters.cut = self.bounds.cut_count
                return self._not_checked(url, f"page limit of {self.max_pages} reached")
            self.pages_requested += 1
            self.pending[url] = (kind, column_url, depth)
            headers = self.previous.conditional_headers(url)
            return scrapy.Request(url, callback=self.on_page, errback=self.on_error, meta=meta,
                                  headers=headers, dont_filter=True)
        if kind == "attachment" and same_site and self.budget.enabled:
            if self.budget.exhausted():
                return [self._head(url, meta), AttachmentItem(
                    url, None, None, None, None, status="not scanned",
                    reason="not scanned: the scan's total download limit for attachments was reached")]
            limit = min(self.budget.max_bytes, self.budget.image_max_bytes) if image else self.budget.max_bytes
            meta.update(govsite_attachment=True, download_maxsize=limit, govsite_max_bytes=limit)
            self.pending[url] = (kind, column_url, depth)
            return scrapy.Request(url, callback=self.on_attachment, errback=self.on_error, meta=meta,
                                  headers=self.previous.attachment_headers(url), dont_filter=True,
                                  priority=-1)
        if not same_site and not self.check_external:
            self.counters.requested -= 1
            return self._not_checked(url, "external links are not checked (profile)")
        # A page on another host is fetched with GET: only its body shows a WAF challenge or a
        # "page not found" served with 200.  Files and images are checked with HEAD.
        method = "GET" if kind == "external" and self._looks_like_page(url) else "HEAD"
        self.pending[url] = (kind, column_url, depth)
        if method == "GET":
            meta["govsite_headers_only"] = True   # stops early if it turns out to be a file
        return scrapy.Request(url, method=method, callback=self.on_check, errback=self.on_error,
                              meta=meta, dont_filter=True, priority=-1)

    def _host(self, url: str) -> str:
        """host_of(url), memoised by the URL's "scheme://authority": a re-scan schedules ~40 000
        targets on a handful of hosts, and splitting each URL again cost a tenth of its crawl."""
        end = url.find("/", 8) if url.startswith(("http://", "https://")) else -1
        if end < 0:
            return host_of(url)
        key = url[:end]
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = host_of(url)
        return host

    def _head(self, url: str, meta: dict) -> scrapy.Request:
        return scrapy.Request(url, method="HEAD", callback=self.on_check, errback=self.on_error,
                              meta=meta, dont_filter=True, priority=-1)

    @staticmethod
    def _looks_like_page(url: str) -> bool:
        path = url.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1].lower()
        return "." not in path or path.endswith((".html", ".htm", ".shtml", ".jsp", ".php", ".asp", ".aspx"))

    def _reuse(self, url: str, kind: str, column_url: str | None):
        """A link of an unchanged page whose target the last scan checked recently: the stored
        result stands (crawl.revalidate_days), so the re-scan of an unchanged site is quick."""
        if kind == "page" and self._host(url) in self.site_hosts:
            if self.previous.stored_page(url, self.today, self.revalidate_days):
                return UnchangedPage(url, self.previous.page_ids[url], column_url, answered_304=False)
            return None
        if kind == "attachment" and self.previous.attachment(url) is None:
            return None     # never read: download it now
        check = self.previous.fresh_check(url, self.today, self.revalidate_days)
        if check is None:
            return None
        check.detail = (check.detail + "; " if check.detail else "") + \
            f"unchanged: taken from scan {self.previous.scan_id}"
        self.counters.checks += 1
        items = [CheckItem(check)]
        attachment = self.previous.attachment(url) if kind == "attachment" else None
        if attachment is not None:
            items.append(AttachmentItem(url, check.content_type, attachment.size, attachment.etag,
                                        attachment.last_modified, reuse_id=attachment.row_id))
        return items

    # -- callbacks --------------------------------------------------------------------------

    def _on_headers(self, headers, body_length, request, spider=None):
        """A GET that only checks a non-HTML target stops after the headers."""
        # Which attempt got its headers: a timeout or a size cancellation after this point
        # happened while the body streamed in (classify_failure: not scanned, not broken).
        request.meta[HEADERS_SEEN] = request.meta.get("retry_times", 0)
        if request.meta.get("govsite_headers_only"):
            ctype = (headers.get(b"Content-Type") or b"").decode("latin-1")
            if not _is_html(ctype):
                raise StopDownload(fail=False)
        if request.meta.get("govsite_attachment") and \
                body_length > request.meta.get("govsite_max_bytes", self.budget.max_bytes):
            request.meta["govsite_oversize"] = body_length
            raise StopDownload(fail=False)

    def _elapsed(self, response) -> float | None:
        latency = response.meta.get("download_latency")
        return round(latency, 3) if latency is not None else None

    async def on_page(self, response):
        # Scrapy drops the rest of an async callback's output without a word when the callback
        # raises: catch it here so that a bug shows in the scan's note instead of losing pages.
        try:
            async for item in self._on_page(response):
                yield item
        except Exception as exc:  # noqa: BLE001
            self.callback_errors.append(f"{response.url}: {exc.__class__.__name__}: {exc}")
            return
        self.pending.pop(response.meta["govsite_url"], None)

    async def _on_page(self, response):
        self.counters.answered += 1
        if self.pages.store_error or (self.writer is not None and self.writer.error is not None):
            raise CloseSpider("store write failed")
        url = response.meta["govsite_url"]
        ctype = _header(response, "Content-Type") or ""
        column = response.meta.get("govsite_column")
        if response.status == 304 and self.previous.has(url):
            self.counters.reused += 1
            job = UnchangedPage(url, self.previous.page_ids[url], column, answered_304=True,
                                elapsed=self._elapsed(response), etag=_header(response, "ETag"),
                                last_modified=_header(response, "Last-Modified"))
        elif not _is_html(ctype):
            # A "page" link that serves a file: checked, not parsed.
            check = LinkCheck(url=url, checked=True, method="GET", status=response.status,
                              final_url=response.url, elapsed=self._elapsed(response),
                              content_type=ctype or None)
            check.error_class, check.detail = self._status_class(response)
            if check.error_class:
                self.counters.errors += 1
            yield CheckItem(check)
            return
        elif self._rate_limited(response, ctype):
            # Still refused after the retries: the server limits the crawler, the page is not
            # broken.  Not parsed: the body is the server's refusal, not the page.
            check = LinkCheck(url=url, checked=True, method="GET", status=response.status,
                              final_url=response.url, elapsed=self._elapsed(response),
                              content_type=ctype or None)
            check.error_class, check.detail = self._status_class(response)
            self.counters.errors += 1
            yield CheckItem(check)
            return
        else:
            headers = {k.decode("latin-1").lower(): v[0].decode("latin-1")
                       for k, v in response.headers.items() if v}
            job = FetchedPage(url, response.url, response.status, ctype, headers, response.body,
                              column, self._elapsed(response), _header(response, "ETag"),
                              _header(response, "Last-Modified"))
        outcome = await self.pages.run(job)
        if response.url != url:
            self.seen.add(response.url)
        depth = response.meta.get("govsite_depth", 0)
        for item in self._follow(outcome, unchanged=isinstance(job, UnchangedPage), depth=depth):
            yield item
        # Pages reached only through unchanged pages come from the store, without a request.
        while self.stored:
            wave, self.stored = self.stored, []
            outcomes = await asyncio.gather(*(self.pages.run(job) for job, _ in wave))
            self.counters.reused += len(wave)
            for item in itertools.chain.from_iterable(
                    self._follow(o, unchanged=True, depth=d) for o, (_, d) in zip(outcomes, wave)):
                yield item

    @staticmethod
    def _status_class(response) -> tuple[str | None, str]:
        return status_error_class(response.status, response.headers,
                                  response.meta.get("retry_times", 0))

    def _rate_limited(self, response, ctype: str) -> bool:
        """A 429 (or 503 with Retry-After) that is not a WAF challenge (a challenge page goes to
        the page workers, which file it as `blocked`)."""
        if self._status_class(response)[0] != RATE_LIMITED:
            return False
        if not response.body:
            return True
        text, _ = decode_html(response.body, ctype)
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        return detect_challenge(text, response.status, headers) is None

    def _follow(self, outcome: PageOutcome, unchanged: bool, depth: int):
        """Count a handled page and schedule what its links lead to: requests and ready checks
        (pages to take from the store go to self.stored).  `depth` is the page's own."""
        if outcome.failure:
            self.callback_errors.append(f"{outcome.url}: {outcome.failure}")
            return
        if outcome.error_class:
            self.counters.errors += 1
        if not outcome.followed:
            return
        self.counters.pages += 1
        for target, kind in outcome.targets:
            scheduled = self._schedule(target, kind, outcome.child_column, unchanged_parent=unchanged,
                                       depth=depth + 1, source=outcome.url)
            if scheduled is None:
                continue
            if isinstance(scheduled, UnchangedPage):
                self.stored.append((scheduled, depth + 1))
            elif isinstance(scheduled, list):
                yield from scheduled
            else:
                yield scheduled

    def _check_once(self, check: LinkCheck) -> list[CheckItem]:
        """The check to store, unless the target was already checked: a file first linked as a
        resource (HEAD) and then as an attachment (GET, see _schedule) keeps one check, the first
        to answer."""
        if check.url in self.checked:
            return []
        self.checked.add(check.url)
        return [CheckItem(check)]

    def on_check(self, response):
        url = response.meta["govsite_url"]
        method = response.request.method
        if method == "HEAD" and response.status >= 400:
            # Many servers answer HEAD with 405/501 or even 404/412; only a GET can tell.
            self.counters.answered += 1
            self.counters.requested += 1
            meta = dict(response.meta)
            meta.pop("govsite_sent", None)
            meta["govsite_headers_only"] = True
            yield scrapy.Request(url, callback=self.on_check, errback=self.on_error, meta=meta,
                                 dont_filter=True, priority=-1)
            return
        self.counters.answered += 1
        self.counters.checks += 1
        self.pending.pop(url, None)
        ctype = _header(response, "Content-Type") or ""
        length = _header(response, "Content-Length")
        check = LinkCheck(url=url, checked=True, method=method, status=response.status,
                          final_url=response.url, elapsed=self._elapsed(response),
                          content_type=ctype or None,
                          content_length=int(length) if length and length.isdigit() else None)
        if method == "GET" and _is_html(ctype) and response.body:
            text, _ = decode_html(response.body, ctype)
            parsed = parse_page(response.url, text, self.as_of, status=response.status)
            if parsed.kind == "challenge":
                check.error_class = "blocked"
                check.detail = f"WAF / anti-bot challenge ({parsed.challenge})"
            elif parsed.soft404 and response.status < 400:
                check.error_class = "soft404"
                check.detail = "page says the content does not exist"
        if check.error_class is None:
            check.error_class, check.detail = self._status_class(response)
        if check.error_class:
            self.counters.errors += 1
        yield from self._check_once(check)

    def on_attachment(self, response):
        """An attachment of the site, downloaded: its link check, then the file for extraction."""
        self.counters.answered += 1
        self.counters.checks += 1
        url = response.meta["govsite_url"]
        self.pending.pop(url, None)
        ctype = _header(response, "Content-Type") or None
        etag, modified = _header(response, "ETag"), _header(response, "Last-Modified")
        check = LinkCheck(url=url, checked=True, method="GET", status=response.status,
                          final_url=response.url, elapsed=self._elapsed(response), content_type=ctype)
        reuse = self.previous.attachment(url) if response.status == 304 else None
        if reuse is not None:
            check.status = 200
            yield from self._check_once(check)
            yield AttachmentItem(url, ctype, reuse.size, reuse.etag, reuse.last_modified,
                                 reuse_id=reuse.row_id)
            return
        if response.status >= 400:
            check.error_class, check.detail = self._status_class(response)
            self.counters.errors += 1
            yield from self._check_once(check)
            return
        oversize = response.meta.get("govsite_oversize")
        check.content_length = oversize or len(response.body)
        yield from self._check_once(check)
        if oversize:
            yield AttachmentItem(url, ctype, oversize, etag, modified, status="not scanned",
                                 reason=too_large(oversize, response.meta.get("govsite_max_bytes",
                                                                             self.budget.max_bytes)))
            return
        self.budget.take(len(response.body))
        yield AttachmentItem(url, ctype, len(response.body), etag, modified, data=response.body)

    def on_error(self, failure):
        self.counters.answered += 1
        request = failure.request
        url = request.meta.get("govsite_url", request.url)
        self.pending.pop(url, None)
        error_class, checked, detail = classify_failure(
            failure, max_bytes=request.meta.get("download_maxsize", self.max_download_bytes))
        sent = request.meta.get("govsite_sent")
        elapsed = round(time.monotonic() - sent, 3) if sent else None
        if not checked:
            self.counters.not_checked += 1
        elif error_class:
            self.counters.errors += 1
        yield CheckItem(LinkCheck(url=url, checked=checked, method=request.method,
                                  elapsed=elapsed if checked else None,
                                  error_class=error_class, detail=detail))
        if request.meta.get("govsite_attachment") and error_class == NOT_SCANNED:
            # Scrapy stopped a download without Content-Length at the size limit, or the body
            # trickled in slower than the download timeout.
            yield AttachmentItem(url, None, None, None, None, status="not scanned",
                                 reason=f"not scanned: {detail}")
