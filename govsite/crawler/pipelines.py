"""Item pipeline: persist what the spider found, in batches, off the crawl's event loop.

Rows go through a queue to one writer thread, which inserts them in batches of a few hundred
pages and commits each batch: a scan killed half-way keeps what was committed, and the crawl's
reactor never waits on the disk.
"""
from __future__ import annotations

import logging
import queue
import threading
import time

from sqlalchemy import insert

from govsite.crawler.items import CheckItem, PageItem
from govsite.store.db import Store
from govsite.store.schema import LinkCheckRow, LinkRow, ListItemRow, PageRow
from govsite.urls import column_url_of

log = logging.getLogger(__name__)

_BATCH_PAGES = 200
_BATCH_SECONDS = 2.0
_STOP = object()


class StoreWriter:
    """A thread that owns the store's write connection for one scan."""

    def __init__(self, store: Store, scan_id: int) -> None:
        self.store = store
        self.scan_id = scan_id
        self.queue: queue.Queue = queue.Queue(maxsize=5000)
        self.error: BaseException | None = None
        self.pages_written = 0
        self._thread = threading.Thread(target=self._run, name="govsite-store-writer", daemon=True)
        self._thread.start()

    def put(self, item) -> None:
        if self.error is not None:
            raise RuntimeError(f"store writer failed: {self.error}")
        self.queue.put(item)

    def close(self) -> None:
        self.queue.put(_STOP)
        self._thread.join()
        if self.error is not None:
            raise RuntimeError(f"store writer failed: {self.error}")

    def _run(self) -> None:
        pages, links, checks, items = [], [], [], []
        last_flush = time.monotonic()
        while True:
            try:
                item = self.queue.get(timeout=0.5)
            except queue.Empty:
                item = None
            if item is _STOP:
                break
            if isinstance(item, PageItem):
                self._rows_for_page(item, pages, links, items)
            elif isinstance(item, CheckItem):
                checks.append(self._check_row(item))
            if len(pages) >= _BATCH_PAGES or (time.monotonic() - last_flush > _BATCH_SECONDS
                                               and (pages or checks)):
                self._flush(pages, links, checks, items)
                last_flush = time.monotonic()
        self._flush(pages, links, checks, items)

    def _flush(self, pages, links, checks, items) -> None:
        if not (pages or links or checks or items) or self.error is not None:
            return
        try:
            with self.store.engine.begin() as conn:
                for table, rows in ((PageRow, pages), (LinkRow, links), (LinkCheckRow, checks),
                                    (ListItemRow, items)):
                    if rows:
                        conn.execute(insert(table), rows)
            self.pages_written += len(pages)
        except Exception as exc:  # noqa: BLE001 - reported to the crawl, which stops
            log.error("store write failed: %s", exc)
            self.error = exc
        finally:
            pages.clear(), links.clear(), checks.clear(), items.clear()

    def _rows_for_page(self, item: PageItem, pages: list, links: list, items: list) -> None:
        p = item.parsed
        pages.append({
            "scan_id": self.scan_id, "url": item.url, "final_url": item.final_url,
            "status": item.status, "content_type": item.content_type[:255],
            "encoding": p.encoding, "kind": p.kind, "title": p.title, "published": p.published,
            "source": p.source, "column_name": p.column, "column_url": item.column_url,
            "elapsed": item.elapsed, "size": item.size, "etag": item.etag,
            "last_modified": item.last_modified, "reused": item.reused, "parsed": item.blob, "html": item.html,
        })
        for link in item.links:
            links.append({"scan_id": self.scan_id, "source_url": item.url,
                          "target_url": link.target_url, "anchor": link.anchor[:500],
                          "tag": link.tag, "kind": link.kind, "reason": link.reason})
        if p.items:
            column = column_url_of(item.url)
            for li in p.items:
                items.append({"scan_id": self.scan_id, "page_url": item.url, "column_url": column,
                              "title": li.title, "url": li.url, "item_date": li.date,
                              "date_text": li.date_text})

    def _check_row(self, item: CheckItem) -> dict:
        c = item.check
        return {"scan_id": self.scan_id, "url": c.url, "checked": c.checked, "method": c.method,
                "status": c.status, "final_url": c.final_url, "elapsed": c.elapsed,
                "error_class": c.error_class, "detail": c.detail[:2000],
                "content_type": (c.content_type or "")[:255] or None,
                "content_length": c.content_length}


class StorePipeline:
    """Scrapy item pipeline handing every item to the scan's StoreWriter (held by the spider)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.writer: StoreWriter | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        self.writer = self.crawler.spider.writer

    def process_item(self, item, spider=None):
        self.writer.put(item)
        return item
