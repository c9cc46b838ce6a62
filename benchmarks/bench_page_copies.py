"""The close of a re-scan: copying the last scan's unchanged page rows and checks (issue 13).

    python benchmarks/bench_page_copies.py STORE.sqlite [--runs 5]

STORE is a throwaway copy of a store holding a scan (it is written: a scan is added, then its rows
are deleted after each run).  Each run queues a copy of every page row and link check of the
store's last scan, as a re-scan of an unchanged portal does, and times `PageRowWriter.flush`
(CPU time of this process, the SQLite work included) once with the per-row statements the writer
used before and once with its own, interleaved; prints the medians.
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from govsite.store.db import create_scan, open_store
from govsite.store.page_rows import PageRowWriter

# One INSERT … SELECT a copy, as before the copies were written together.
_COPY_PAGE = ("INSERT INTO pages (scan_id, url, final_url, status, content_type, encoding, kind, "
              "title, published, source, column_name, column_url, elapsed, size, etag, "
              "last_modified, reused, parsed, html, content_id) "
              "SELECT ?, url, '', 200, content_type, encoding, kind, title, published, "
              "source, column_name, ?, ?, size, COALESCE(?, etag), "
              "COALESCE(?, last_modified), 1, ?, NULL, ? FROM pages WHERE id = ?")
_COPY_CHECK = ("INSERT INTO link_checks (scan_id, url, checked, method, status, final_url, elapsed, "
               "error_class, detail, content_type, content_length, checked_on) "
               "SELECT ?, url, checked, method, status, "
               "CASE WHEN final_url = url THEN '' ELSE final_url END, elapsed, error_class, ?, "
               "content_type, content_length, checked_on FROM link_checks "
               "WHERE scan_id = ? AND url = ? LIMIT 1")


class OneByOne(PageRowWriter):
    """The writer with the copies of before: one statement a row."""

    def _write_copies(self) -> None:
        if self._copied_pages:
            self.conn.exec_driver_sql(_COPY_PAGE, self._copied_pages)
        if self._copied_checks:
            self.conn.exec_driver_sql(_COPY_CHECK, self._copied_checks)


def one_run(store, writer_class, old_scan: int, new_scan: int) -> float:
    writer = writer_class(store.url)
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("SELECT id, url, etag, content_id, column_url FROM pages "
                                     "WHERE scan_id = ?", (old_scan,)).fetchall()
    for page_id, url, etag, content_id, column_url in pages:
        writer.copy_page(new_scan, column_url, None, etag, None, page_id, content_id)
        writer.copy_check(new_scan, f"unchanged: taken from scan {old_scan}", old_scan, url)
    writer.order_copies()
    writer.page_done()
    start = time.process_time()
    writer.flush()
    spent = time.process_time() - start
    with writer.engine.begin() as conn:
        copied = conn.exec_driver_sql("SELECT COUNT(*) FROM pages WHERE scan_id = ?", (new_scan,)).scalar()
        conn.exec_driver_sql("DELETE FROM pages WHERE scan_id = ?", (new_scan,))
        conn.exec_driver_sql("DELETE FROM link_checks WHERE scan_id = ?", (new_scan,))
    writer.close()
    assert copied == len(pages), (copied, len(pages))
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    store = open_store(args.store)
    with store.engine.connect() as conn:
        old_scan = conn.exec_driver_sql("SELECT MAX(id) FROM scans WHERE status = 'complete'").scalar()
        pages = conn.exec_driver_sql("SELECT COUNT(*) FROM pages WHERE scan_id = ?", (old_scan,)).scalar()
    new_scan = create_scan(store, "http://bench/", date(2026, 11, 27), "", {}, {})
    times: dict[str, list[float]] = {"one by one": [], "together": []}
    for _ in range(args.runs):
        times["one by one"].append(one_run(store, OneByOne, old_scan, new_scan))
        times["together"].append(one_run(store, PageRowWriter, old_scan, new_scan))
    print(f"{pages} page copies and as many check copies, {args.runs} runs, flush CPU seconds:")
    for name, spent in times.items():
        print(f"  {name:10}  median {statistics.median(spent):.3f}  "
              f"runs {' '.join(f'{t:.3f}' for t in spent)}")


if __name__ == "__main__":
    main()
