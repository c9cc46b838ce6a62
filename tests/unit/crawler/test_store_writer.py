"""The crawl's store writer (crawler.pipelines.StoreWriter) loses no row and never fails silently:
closing it right after a burst of items stores every one, the attachments still being read
included, and an error inside its thread comes back from close() (the crawl's writer_error)."""
from __future__ import annotations

import sqlite3
import time
from datetime import date

import pytest

from govsite.attachments import ExtractLimits
from govsite.crawler.attachments import AttachmentItem
from govsite.crawler.items import CheckItem
from govsite.crawler.pipelines import AttachmentReader, StoreWriter
from govsite.models import LinkCheck
from govsite.sample.attachments import make_docx, make_pdf
from govsite.store.db import create_scan, open_store

BASE = "http://127.0.0.1:9/"


@pytest.fixture()
def store(tmp_path):
    return open_store(tmp_path / "w.sqlite")


def _scan(store) -> int:
    return create_scan(store, BASE, date(2026, 11, 27), "", {}, {})


def _count(store, table: str, scan_id: int) -> int:
    path = store.url.removeprefix("sqlite:///")
    return sqlite3.connect(path).execute(f"select count(*) from {table} where scan_id = ?",
                                         (scan_id,)).fetchone()[0]


def _files() -> list[tuple[str, bytes, str]]:
    """Small real attachments of three formats."""
    files = []
    for n in range(12):
        files.append((f"f{n}.txt", f"通知 {n}：请于本周内提交材料。".encode(), "text/plain"))
        files.append((f"f{n}.pdf", make_pdf(f"文件{n}", [f"第{n}号文件"]), "application/pdf"))
        files.append((f"f{n}.docx", make_docx(f"文件{n}", [f"第{n}号通知"]),
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    return files


def test_close_right_after_a_burst_keeps_every_check_and_attachment(store):
    """The writer is busy with thousands of checks when the crawl ends; the attachments queued
    behind them are still read and stored (the reader used to be shut down first, and the writer
    died on "cannot schedule new futures after shutdown", keeping 1 check and 0 attachments)."""
    scan_id = _scan(store)
    writer = StoreWriter(store, scan_id, extract=AttachmentReader(ExtractLimits(seconds_per_file=20)))
    checks = 3000
    for n in range(checks):
        writer.put(CheckItem(LinkCheck(url=f"{BASE}img/{n}.png", checked=True, method="HEAD",
                                       status=200, checked_on=date(2026, 11, 27))))
    files = _files()
    for name, data, ctype in files:
        writer.put(AttachmentItem(BASE + name, ctype, len(data), None, None, data=data))
    writer.close()
    assert writer.error is None
    assert _count(store, "link_checks", scan_id) == checks
    assert _count(store, "attachments", scan_id) == len(files)
    path = store.url.removeprefix("sqlite:///")
    rows = sqlite3.connect(path).execute(
        "select status, count(*), sum(text is not null) from attachments group by status").fetchall()
    assert rows == [("scanned", len(files), len(files))]


def test_an_error_inside_the_writer_thread_comes_back_from_close(store):
    """An attachment reused from a last scan whose row is gone: the thread used to die of an
    AttributeError with `error` unset, so the scan was recorded complete with rows missing."""
    scan_id = _scan(store)
    writer = StoreWriter(store, scan_id, extract=AttachmentReader(ExtractLimits()))
    writer.put(CheckItem(LinkCheck(url=BASE + "a.pdf", checked=True, method="GET", status=200)))
    writer.put(AttachmentItem(BASE + "a.pdf", "application/pdf", 10, '"e"', None, reuse_id=987654))
    with pytest.raises(RuntimeError, match="store writer failed: .*attachment row 987654"):
        writer.close()
    assert isinstance(writer.error, LookupError)


def test_put_after_the_writer_died_raises_instead_of_waiting(store):
    """Once the thread has ended, nothing drains the queue: put and close fail at once, even with
    the queue full, rather than block the crawl for ever."""
    scan_id = _scan(store)
    writer = StoreWriter(store, scan_id)
    writer.put(AttachmentItem(BASE + "gone.pdf", None, 1, None, None, reuse_id=987654))
    deadline = time.monotonic() + 10
    while writer.error is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert writer.error is not None
    with pytest.raises(RuntimeError, match="store writer failed"):
        writer.put(CheckItem(LinkCheck(url=BASE + "x", checked=False)))
    for _ in range(writer.queue.maxsize - writer.queue.qsize()):
        writer.queue.put_nowait(None)                     # a full queue, nobody reading it
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="store writer failed"):
        writer.close()
    assert time.monotonic() - started < 5


def test_a_failed_write_is_the_writers_error_and_later_rows_do_not_hang(store, tmp_path):
    """The store refusing a batch (here a trigger, as a full disk would) is recorded; the writer
    keeps draining so the crawl is never blocked, and close() reports it."""
    scan_id = _scan(store)
    path = store.url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path)
    conn.execute("create trigger no_checks before insert on link_checks "
                 "begin select raise(abort, 'disk I/O error'); end")
    conn.commit()
    writer = StoreWriter(store, scan_id, extract=AttachmentReader(ExtractLimits()))
    for n in range(1500):
        try:
            writer.put(CheckItem(LinkCheck(url=f"{BASE}{n}", checked=True, method="HEAD", status=200)))
        except RuntimeError:
            break           # the crawl stops putting once the writer has failed
    with pytest.raises(RuntimeError, match="disk I/O error"):
        writer.close()
    assert _count(store, "link_checks", scan_id) == 0


def test_a_picture_read_by_ocr_in_the_last_scan_is_not_read_again_wherever_it_moved(store):
    """OCR results are kept by the picture's content hash: the same bytes at a new URL take the
    text the last scan read, and no reader is called."""
    from govsite.attachments.ocr import OCR_NOTE
    from govsite.store.crawl_writes import attachment_row, with_text, write_link_checks_and_attachments

    first = _scan(store)
    picture = b"\x89PNG pretend picture bytes"
    write_link_checks_and_attachments(store, [], [with_text(attachment_row(
        first, f"{BASE}a/W01.png", "image/png", len(picture), None, None, "scanned", "", data=picture),
        "scanned", OCR_NOTE, "身份证号码 520327********1234")])
    second = _scan(store)

    class NoReading(AttachmentReader):
        def submit(self, item, done):
            raise AssertionError(f"{item.url} was read again")

    writer = StoreWriter(store, second, extract=NoReading(ExtractLimits()), previous_scan=first)
    writer.put(AttachmentItem(f"{BASE}b/moved.png", "image/png", len(picture), None, None, data=picture))
    writer.close()
    path = store.url.removeprefix("sqlite:///")
    row = sqlite3.connect(path).execute("select url, status, reason, reused from attachments where scan_id = ?",
                                        (second,)).fetchone()
    assert row == (f"{BASE}b/moved.png", "scanned", OCR_NOTE, 1)


def test_closing_the_reader_ends_the_attachment_process():
    """The reader's worker process (office and PDF libraries, ~40 MB) ends with the crawl's
    attachments instead of living through the browser pass, the checks and the reports."""
    from govsite.attachments import worker

    reader = AttachmentReader(ExtractLimits(seconds_per_file=20))
    got = []
    name, data, ctype = _files()[1]
    reader.submit(AttachmentItem(url=f"{BASE}{name}", content_type=ctype, size=len(data), etag=None,
                                 last_modified=None, data=data), lambda item, status, reason, text: got.append(text))
    reader.pool.shutdown(wait=True)
    process = worker._shared._proc
    assert got and "文件" in got[0] and process.poll() is None
    reader.close()
    assert process.poll() is not None and worker._shared is None
