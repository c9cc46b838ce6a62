"""Item pipeline: persist what the spider found, in batches, off the crawl's event loop.

Link checks and attachments go through a queue to one writer thread, which inserts them in
batches and commits each batch (pages are written by the page workers,
govsite.crawler.page_processing): a scan killed half-way keeps what was committed, and the
crawl's reactor never waits on the disk.  Nothing queued is dropped: closing the writer first lets
it go through everything queued, including attachments still being read, and a writer that fails
says so (`StoreWriter.error`, raised by `close`), so the scan is recorded incomplete.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from govsite.attachments.ocr import OCR_NOTE
from govsite.crawler.attachments import AttachmentItem
from govsite.crawler.items import CheckItem
from govsite.store.crawl_writes import (
    attachment_row,
    link_check_row,
    read_before,
    reused_attachment_row,
    with_text,
    write_link_checks_and_attachments,
)
from govsite.store.db import Store

log = logging.getLogger(__name__)

_BATCH_ROWS = 1000
_BATCH_SECONDS = 2.0
_PUT_WAIT = 0.5          # seconds between looks at whether the writer thread still runs
_STOP = object()         # queued by close(): everything the crawl queued comes before it


class AttachmentReader:
    """Reads downloaded attachments on worker threads, so the crawl never waits for a PDF."""

    def __init__(self, limits) -> None:
        self.limits = limits
        # One thread: extraction itself runs in a worker process (govsite.attachments.worker),
        # which is killed and replaced when a file takes longer than the profile allows.
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govsite-extract")

    @classmethod
    def from_profile(cls, profile) -> AttachmentReader:
        from govsite.attachments import ExtractLimits
        return cls(ExtractLimits.from_profile(profile))

    def submit(self, item: AttachmentItem, done) -> Future:
        """Read `item`'s file, then call done(item, status, reason, text) exactly once, whatever
        happens while reading it; the future ends once `done` has returned."""
        def work():
            name = urlsplit(item.url).path.rsplit("/", 1)[-1]
            try:
                from govsite.attachments import extract_text
                result = extract_text(item.data, name, item.content_type, self.limits)
                status, reason, text = result.status, result.reason, result.text
            except Exception as exc:  # noqa: BLE001 - a bad file is a "not scanned" row, not a crash
                status, reason, text = "not scanned", f"not scanned: {exc.__class__.__name__}", ""
            done(item, status, reason, text)
        return self.pool.submit(work)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        from govsite.attachments.worker import close_shared_extractor
        close_shared_extractor()


@dataclass(slots=True)
class _Read:
    """An attachment's row, completed on the reader's thread and handed back to the writer."""

    row: dict


class StoreWriter:
    """A thread that owns the store's write connection for one scan.

    Items go in with `put`; `close` waits until every one of them is stored, the attachments
    being read included, and only then stops the attachment reader it feeds.
    """

    def __init__(self, store: Store, scan_id: int, extract: AttachmentReader | None = None,
                 redact_text: Callable[[str], str] = lambda text: text,
                 previous_scan: int | None = None) -> None:
        self.store = store
        # The last complete scan: a picture it read by OCR is not read again, whatever its URL
        # (OCR costs seconds a picture; the same bytes give the same text).
        self.previous_scan = previous_scan
        # An attachment's text has its personal numbers redacted before it is stored.
        self.redact_text = redact_text
        self.scan_id = scan_id
        self.extract = extract
        self.queue: queue.Queue = queue.Queue(maxsize=5000)
        self.error: BaseException | None = None
        # Attachments handed to the reader and not yet back, and the reader's futures of them
        # (both touched by the writer thread only).
        self.reading = 0
        self._reads: list[Future] = []
        self._thread = threading.Thread(target=self._run, name="govsite-store-writer", daemon=True)
        self._thread.start()

    def put(self, item) -> None:
        if self.error is not None:
            raise RuntimeError(f"store writer failed: {self.error}")
        if not self._put(item):
            raise RuntimeError(f"store writer failed: {self.error or 'its thread ended'}")

    def _put(self, item) -> bool:
        """Queue `item`; False when the writer thread has ended (a full queue would wait forever)."""
        while self._thread.is_alive():
            try:
                self.queue.put(item, timeout=_PUT_WAIT)
                return True
            except queue.Full:
                continue
        return False

    def close(self) -> None:
        """Store everything queued, wait for every attachment being read and store it too, then
        stop the reader; raises RuntimeError when the writer failed (rows were lost)."""
        if not self._put(_STOP) and self.error is None:
            self.error = RuntimeError("the store writer's thread ended before the crawl did")
        self._thread.join()
        if self.extract is not None:
            # Nothing is waiting for it any more (the writer waited for every file it handed
            # over), unless the writer failed: then what is still being read is dropped.
            self.extract.close()
        if self.error is not None:
            raise RuntimeError(f"store writer failed: {self.error}")

    def _run(self) -> None:
        try:
            self._write_until_stopped()
        except BaseException as exc:  # noqa: BLE001 - a dead writer is an error the scan records
            log.error("store writer failed: %s: %s", exc.__class__.__name__, exc)
            self.error = self.error or exc

    def _write_until_stopped(self) -> None:
        checks, files = [], []
        last_flush = time.monotonic()
        stopping = False
        # After _STOP only the reader's rows can still arrive: wait for each one handed over.
        while not (stopping and self.reading == 0):
            try:
                item = self.queue.get(timeout=0.5)
            except queue.Empty:
                item = None
                if stopping:
                    self._check_reads()
            if item is _STOP:
                stopping = True
            elif isinstance(item, CheckItem):
                checks.append(link_check_row(self.scan_id, item.check))
            elif isinstance(item, AttachmentItem):
                self._attachment(item, files)
            elif isinstance(item, _Read):
                self.reading -= 1
                files.append(item.row)
            if len(checks) >= _BATCH_ROWS or (time.monotonic() - last_flush > _BATCH_SECONDS
                                              and (checks or files)):
                self._flush(checks, files)
                last_flush = time.monotonic()
        self._flush(checks, files)

    def _check_reads(self) -> None:
        """Raise when rows the writer waits for can no longer come: every read is over and
        nothing is queued (a read ends only after its row is queued)."""
        self._reads = [f for f in self._reads if not f.done()]
        if not self._reads and self.reading and self.queue.empty():
            raise RuntimeError(f"{self.reading} attachment row(s) never came back from the reader")

    def _flush(self, checks, files) -> None:
        if not (checks or files) or self.error is not None:
            return
        try:
            write_link_checks_and_attachments(self.store, checks, files)
        except Exception as exc:  # noqa: BLE001 - reported to the crawl, which stops
            log.error("store write failed: %s", exc)
            self.error = exc
        finally:
            for rows in (checks, files):
                rows.clear()

    def _attachment(self, item: AttachmentItem, files: list) -> None:
        to_read = item.reuse_id is None and item.data is not None and self.extract is not None
        row = attachment_row(self.scan_id, item.url, item.content_type, item.size, item.etag,
                             item.last_modified, item.status, item.reason,
                             data=item.data if to_read else None)
        if to_read and self.previous_scan is not None:
            before = read_before(self.store, self.previous_scan, row["sha1"], OCR_NOTE)
            if before is not None:
                files.append(reused_attachment_row(self.store, row, before))
                return
        if item.reuse_id is not None:
            files.append(reused_attachment_row(self.store, row, item.reuse_id))
        elif to_read:
            def done(_item, status, reason, text):
                try:
                    read = _Read(with_text(row, status, reason, self.redact_text(text) if text else text))
                except Exception as exc:  # noqa: BLE001 - e.g. a lone surrogate: a row all the same
                    read = _Read(with_text(row, "not scanned", f"not scanned: {exc.__class__.__name__}", ""))
                self._put(read)
            self.reading += 1
            self._reads.append(self.extract.submit(item, done))
        else:
            files.append(row)


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
