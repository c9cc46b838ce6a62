"""The rows of a scan's pages, written in batches straight through the database driver.

A page worker (govsite.crawler.page_processing) appends one tuple per row to the lists below, in
the column order of the matching `*_COLUMNS`, and flushes when a batch is due.  SQLAlchemy's ORM
and Core add ~10 µs a row; a 20 000-page portal has 1.5 million link rows, so rows go to the
driver as plain tuples (`exec_driver_sql`), one transaction per batch.

A page unchanged since the last scan is not rebuilt in Python: its page row and its link check
are copied inside the database (`INSERT … SELECT` by row id), queued like the other rows.
"""
from __future__ import annotations

import time

from govsite.store.db import driver_mark, make_engine

# Columns written for each table, in the order of the row tuples the page workers build.
PAGE_COLUMNS = ("scan_id", "url", "final_url", "status", "content_type", "encoding", "kind", "title",
                "published", "source", "column_name", "column_url", "elapsed", "size", "etag",
                "last_modified", "reused", "parsed", "html")
LINK_COLUMNS = ("scan_id", "source_url", "target_url", "anchor", "tag", "kind", "reason")
LIST_ITEM_COLUMNS = ("scan_id", "page_url", "column_url", "title", "url", "item_date", "date_text")
LINK_CHECK_COLUMNS = ("scan_id", "url", "checked", "method", "status", "final_url", "elapsed",
                      "error_class", "detail", "content_type", "content_length", "checked_on")

# An unchanged page's row, taken from the last scan with this scan's column and validators.
# Parameters (copy_page): new scan, column_url, elapsed, etag, last_modified, old page id.
_COPY_PAGE = ("INSERT INTO pages (scan_id, url, final_url, status, content_type, encoding, kind, "
              "title, published, source, column_name, column_url, elapsed, size, etag, "
              "last_modified, reused, parsed, html) "
              "SELECT {p}, url, final_url, 200, content_type, encoding, kind, title, published, "
              "source, column_name, {p}, {p}, size, COALESCE({p}, etag), "
              "COALESCE({p}, last_modified), {true}, parsed, html FROM pages WHERE id = {p}")
# The last scan's check of a page not requested at all (crawl.revalidate_days).
# Parameters (copy_check): new scan, detail, old scan, url.
_COPY_CHECK = ("INSERT INTO link_checks (scan_id, url, checked, method, status, final_url, elapsed, "
               "error_class, detail, content_type, content_length, checked_on) "
               "SELECT {p}, url, checked, method, status, final_url, elapsed, error_class, {p}, "
               "content_type, content_length, checked_on FROM link_checks "
               "WHERE scan_id = {p} AND url = {p} LIMIT 1")
_STORED_PAGE = "SELECT status, content_type, parsed FROM pages WHERE id = {p}"


def _insert(table: str, columns: tuple[str, ...], mark: str) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


class PageRowWriter:
    """Rows of one scan's pages, buffered and inserted in batches; one per page worker.

    Append row tuples to `pages`, `links`, `list_items`, `link_checks` (column order: the
    `*_COLUMNS` of this module) and call `page_done()` once per page; `copy_page` and
    `copy_check` queue rows to be copied from the last scan.  `flush()` writes everything queued
    in one transaction.
    """

    def __init__(self, db_url: str, batch_pages: int = 100) -> None:
        self.engine = make_engine(db_url)
        self.conn = self.engine.connect()
        self.mark = mark = driver_mark(self.engine)
        true = "1" if self.engine.dialect.name == "sqlite" else "TRUE"
        self.pages: list[tuple] = []
        self.links: list[tuple] = []
        self.list_items: list[tuple] = []
        self.link_checks: list[tuple] = []
        self._copied_pages: list[tuple] = []
        self._copied_checks: list[tuple] = []
        # (statement, its queued rows), in the order a batch writes them
        self._batches = (
            (_insert("pages", PAGE_COLUMNS, mark), self.pages),
            (_insert("links", LINK_COLUMNS, mark), self.links),
            (_insert("list_items", LIST_ITEM_COLUMNS, mark), self.list_items),
            (_insert("link_checks", LINK_CHECK_COLUMNS, mark), self.link_checks),
            (_COPY_PAGE.format(p=mark, true=true), self._copied_pages),
            (_COPY_CHECK.format(p=mark), self._copied_checks),
        )
        self._stored_page = _STORED_PAGE.format(p=mark)
        self.batch_pages = batch_pages
        self.pending_pages = 0
        self.first_pending = 0.0
        self.pages_written = 0

    def page_done(self) -> None:
        """Count one more page in the batch (its rows are queued)."""
        if not self.pending_pages:
            self.first_pending = time.monotonic()
        self.pending_pages += 1

    def copy_page(self, scan_id: int, column_url: str | None, elapsed: float | None,
                  etag: str | None, last_modified: str | None, previous_page_id: int) -> None:
        """Queue the copy of a page row of the last scan into `scan_id` (validators: the new ones
        when given, else the old)."""
        self._copied_pages.append((scan_id, column_url, elapsed, etag, last_modified, previous_page_id))

    def copy_check(self, scan_id: int, detail: str, previous_scan_id: int, url: str) -> None:
        """Queue the copy of the last scan's check of `url` into `scan_id`, with a new detail."""
        self._copied_checks.append((scan_id, detail, previous_scan_id, url))

    def stored_page(self, page_id: int) -> tuple[int, str | None, bytes] | None:
        """(status, content_type, encoded parse) of a stored page row, or None when it is gone."""
        try:
            row = self.conn.exec_driver_sql(self._stored_page, (page_id,)).fetchone()
        finally:
            self.conn.rollback()     # a read ends its own transaction; batches begin their own
        return tuple(row) if row is not None else None

    def due(self, max_age: float) -> bool:
        return self.pending_pages >= self.batch_pages or (
            self.pending_pages > 0 and time.monotonic() - self.first_pending > max_age)

    def has_rows(self) -> bool:
        return any(rows for _sql, rows in self._batches)

    def flush(self) -> None:
        """Write every queued row in one transaction (raises when the store refuses them)."""
        if not self.has_rows():
            return
        with self.conn.begin():
            for sql, rows in self._batches:
                if rows:
                    self.conn.exec_driver_sql(sql, rows)
        self.pages_written += self.pending_pages
        for _sql, rows in self._batches:
            rows.clear()
        self.pending_pages = 0

    def close(self) -> None:
        """Release the connection (without writing: flush first)."""
        self.conn.close()
        self.engine.dispose()
