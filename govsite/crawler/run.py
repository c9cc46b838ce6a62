"""Running one crawl of a site into the store (Scrapy's CrawlerProcess, one per process)."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

# Scrapy's HTTP handler, imported here rather than when the crawl starts: importing it builds a
# deprecated class, which calls inspect.stack(), reading the source file of every frame on the
# stack; deep inside a scan that cost ~0.25 s, here at import it costs ~0.03 s.
import scrapy.core.downloader.handlers.http11  # noqa: F401
from scrapy import signals
from scrapy.crawler import CrawlerProcess

from govsite.crawler.attachments import AttachmentBudget
from govsite.crawler.page_processing import WorkConfig
from govsite.crawler.page_workers import PagePool
from govsite.crawler.pipelines import AttachmentReader, StoreWriter
from govsite.crawler.previous import PreviousScan
from govsite.crawler.settings import build_settings
from govsite.crawler.spider import CrawlCounters, SiteSpider
from govsite.profile import Profile
from govsite.store.db import Store
from govsite.store.rescan_copies import copy_links_of_unchanged
from govsite.store.secrets import redaction_key
from govsite.textscan.redact import redact, redaction_rules
from govsite.urls import host_of


class LinksCopy:
    """The links of the pages this scan took from the last one, copied on a thread once every page
    row is written.  A big portal's re-scan copies a million link rows (~5 s of SQLite writing);
    the driver lets other threads run while a statement executes, so the checks start meanwhile
    and wait (`wait`) only where they read links."""

    def __init__(self, db_url: str, scan_id: int, previous_scan_id: int | None) -> None:
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, args=(db_url, scan_id, previous_scan_id),
                                        name="govsite-links-copy")
        self._thread.start()

    def _run(self, db_url: str, scan_id: int, previous_scan_id: int | None) -> None:
        try:
            copy_links_of_unchanged(db_url, scan_id, previous_scan_id)
        except Exception as exc:  # noqa: BLE001 - reported by wait(): the scan ends incomplete
            self.error = f"store write failed: {exc.__class__.__name__}: {exc}"

    def wait(self) -> str | None:
        """Block until the links are copied; the store error, if the copy failed."""
        self._thread.join()
        return self.error


@dataclass
class CrawlResult:
    reason: str              # Scrapy's close reason: finished, shutdown, closespider_..., ...
    counters: CrawlCounters
    elapsed: float
    pages_written: int
    writer_error: str | None
    callback_errors: list[str] = field(default_factory=list)
    # The links of the pages taken from the last scan, still being copied when the crawl returns:
    # wait() before reading the scan's links or calling it complete.
    links_copy: LinksCopy | None = None
    # One sentence per crawl bound (crawl.max_pages, max_depth, max_query_variants) that cut the
    # crawl: a crawl trap or a site larger than the profile allows, told in scan.json and the note.
    crawl_cuts: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.reason == "finished" and self.writer_error is None


def run_crawl(store: Store, scan_id: int, start_url: str, as_of: date, profile: Profile,
              allow_hosts: list[str], *, progress: bool = True, verbose: bool = False,
              recheck: Iterable[str] = ()) -> CrawlResult:
    """Crawl `start_url` into scan `scan_id`; blocks until the crawl ends or is interrupted.
    The URLs in `recheck` are requested again even where the last scan's result is recent."""
    key = redaction_key(store)
    rules = redaction_rules(as_of, profile.get("content_safety.id_min_birth_year"),
                            profile.get("content_safety.phone_service_labels"))
    previous = PreviousScan.latest(store, start_url, scan_id)
    previous.recheck(recheck)
    writer = StoreWriter(store, scan_id, extract=AttachmentReader.from_profile(profile),
                         redact_text=lambda text: redact(text, key, rules),
                         previous_scan=previous.scan_id)
    site_hosts = {host_of(start_url)} | {h.lower() for h in profile.get("site.extra_hosts")}
    pages = PagePool(WorkConfig(db_url=store.url, scan_id=scan_id, previous_scan_id=previous.scan_id,
                                as_of=as_of, today=date.today(), home_url=start_url,
                                site_hosts=frozenset(site_hosts), redaction_key=key, redaction=rules),
                     workers=int(profile.get("crawl.parse_workers")))
    settings = build_settings(profile, allow_hosts=allow_hosts, verbose=verbose)
    settings["GOVSITE_PROGRESS"] = progress
    settings["LOG_INSTALL_ROOT_HANDLER"] = True
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    outcome: dict = {"reason": "not started"}

    def closed(spider, reason):
        outcome["reason"] = reason
        outcome["counters"] = spider.counters
        outcome.setdefault("callback_errors", []).extend(spider.callback_errors)
        outcome["crawl_cuts"] = list(spider.crawl_cuts)

    def callback_failed(failure, response, spider):
        # A bug in a callback loses what it had not yielded yet: count it, never hide it.
        outcome.setdefault("callback_errors", []).append(
            f"{response.url}: {failure.value.__class__.__name__}: {failure.value}")

    crawler.signals.connect(closed, signal=signals.spider_closed)
    crawler.signals.connect(callback_failed, signal=signals.spider_error)
    started = time.monotonic()
    process.crawl(crawler, start_url=start_url, as_of=as_of, site_hosts=site_hosts,
                  allow_hosts=allow_hosts, max_pages=profile.get("crawl.max_pages"),
                  check_external=profile.get("crawl.check_external"),
                  previous=previous, writer=writer, budget=AttachmentBudget.from_profile(profile),
                  pages=pages, revalidate_days=int(profile.get("crawl.revalidate_days")))
    try:
        process.start()
    finally:
        pages.close()       # the workers write what they hold, whatever ended the crawl
    elapsed = time.monotonic() - started
    error = pages.store_error
    try:
        writer.close()
    except RuntimeError as exc:
        error = error or str(exc)
    # Started once nothing else of the crawl writes: the copy holds SQLite's write lock.
    links_copy = LinksCopy(store.url, scan_id, previous.scan_id)
    return CrawlResult(reason=outcome["reason"], counters=outcome.get("counters", CrawlCounters()),
                       elapsed=elapsed, pages_written=pages.pages_written, writer_error=error,
                       callback_errors=outcome.get("callback_errors", []), links_copy=links_copy,
                       crawl_cuts=outcome.get("crawl_cuts", []))
