"""Item pipeline: persist what the spider found, in batches, off the crawl's event loop.

Link checks and attachments go through a queue to one writer thread, which inserts them in
batches and commits each batch (pages are written by the page workers, govsite.crawler.page_processing): a scan killed half-way keeps what was committed, and the crawl's
reactor never waits on the disk.
"""
from __future__ import annotations

import hashlib
import logging
import queue
import zlib
from datetime import date
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit
import threading
import time

from sqlalchemy import insert

from govsite.crawler.attachments import AttachmentItem
from govsite.crawler.items import CheckItem
from govsite.store.db import Store
from govsite.store.schema import AttachmentRow, LinkCheckRow

log = logging.getLogger(__name__)

_BATCH_ROWS = 1000
_BATCH_SECONDS = 2.0
_STOP = object()


class AttachmentReader:
    """Reads downloaded attachments on worker threads, so the crawl never waits for a PDF."""

    def __init__(self, limits) -> None:
        self.limits = limits
        # One thread: extraction itself runs in a worker process (govsite.attachments.worker),
        # which is killed and replaced when a file takes longer than the profile allows.
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govsite-extract")

    @classmethod
    def from_profile(cls, profile) -> "AttachmentReader":
        from govsite.attachments import ExtractLimits
        return cls(ExtractLimits.from_profile(profile))

    def submit(self, item: AttachmentItem, done) -> None:
        def work():
            from govsite.attachments import extract_text
            name = urlsplit(item.url).path.rsplit("/", 1)[-1]
            try:
                result = extract_text(item.data, name, item.content_type, self.limits)
                status, reason, text = result.status, result.reason, result.text
            except Exception as exc:  # noqa: BLE001 - a bad file is a "not scanned" row, not a crash
                status, reason, text = "not scanned", f"not scanned: {exc.__class__.__name__}", ""
            done(item, status, reason, text)
        self.pool.submit(work)

    def close(self) -> None:
        self.pool.shutdown(wait=True)


class StoreWriter:
    """A thread that owns the store's write connection for one scan."""

    def __init__(self, store: Store, scan_id: int, extract: AttachmentReader | None = None) -> None:
        self.store = store
        self.scan_id = scan_id
        self.extract = extract
        self.queue: queue.Queue = queue.Queue(maxsize=5000)
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="govsite-store-writer", daemon=True)
        self._thread.start()

    def put(self, item) -> None:
        if self.error is not None:
            raise RuntimeError(f"store writer failed: {self.error}")
        self.queue.put(item)

    def close(self) -> None:
        if self.extract is not None:
            self.extract.close()          # every extraction has queued its row
        self.queue.put(_STOP)
        self._thread.join()
        if self.error is not None:
            raise RuntimeError(f"store writer failed: {self.error}")

    def _run(self) -> None:
        checks, files = [], []
        last_flush = time.monotonic()
        while True:
            try:
                item = self.queue.get(timeout=0.5)
            except queue.Empty:
                item = None
            if item is _STOP:
                break
            if isinstance(item, CheckItem):
                checks.append(self._check_row(item))
            elif isinstance(item, AttachmentItem):
                self._attachment(item, files)
            elif isinstance(item, dict):       # an attachment row finished by the reader
                files.append(item)
            if len(checks) >= _BATCH_ROWS or (time.monotonic() - last_flush > _BATCH_SECONDS
                                              and (checks or files)):
                self._flush(checks, files)
                last_flush = time.monotonic()
        self._flush(checks, files)

    def _flush(self, checks, files) -> None:
        if not (checks or files) or self.error is not None:
            return
        try:
            with self.store.engine.begin() as conn:
                for table, rows in ((LinkCheckRow, checks), (AttachmentRow, files)):
                    if rows:
                        conn.execute(insert(table), rows)
        except Exception as exc:  # noqa: BLE001 - reported to the crawl, which stops
            log.error("store write failed: %s", exc)
            self.error = exc
        finally:
            for rows in (checks, files):
                rows.clear()

    def _attachment(self, item: AttachmentItem, files: list) -> None:
        row = {"scan_id": self.scan_id, "url": item.url, "content_type": item.content_type,
               "size": item.size, "etag": item.etag, "last_modified": item.last_modified,
               "sha1": None, "status": item.status, "reason": item.reason, "reused": False,
               "text": None}
        if item.reuse_id is not None:
            with self.store.session() as s:
                old = s.get(AttachmentRow, item.reuse_id)
                row.update(status=old.status, reason=old.reason, text=old.text, sha1=old.sha1,
                           size=old.size, reused=True)
            files.append(row)
        elif item.data is not None and self.extract is not None:
            row["sha1"] = hashlib.sha1(item.data).hexdigest()

            def done(_item, status, reason, text):
                self.queue.put(dict(row, status=status, reason=reason,
                                    text=zlib.compress(text.encode("utf-8"), 3) if text else None))
            self.extract.submit(item, done)
        else:
            files.append(row)

    def _check_row(self, item: CheckItem) -> dict:
        c = item.check
        return {"scan_id": self.scan_id, "url": c.url, "checked": c.checked, "method": c.method,
                "status": c.status, "final_url": c.final_url, "elapsed": c.elapsed,
                "error_class": c.error_class, "detail": c.detail[:2000],
                "content_type": (c.content_type or "")[:255] or None,
                "content_length": c.content_length,
                "checked_on": c.checked_on or date.today() if c.checked else None}


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
