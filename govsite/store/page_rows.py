"""The rows of a scan's pages, written in batches straight through the database driver.

A page worker (govsite.crawler.page_processing) queues one page row per page, and the page's
content (parse, HTML, links, list entries: store/contents.py) by its digest; `flush()` writes the
contents not stored yet, then the rows that refer to them.  SQLAlchemy's ORM and Core add ~10 µs
a row; a 20 000-page portal has 1.5 million link rows, so rows go to the driver as plain tuples
(`exec_driver_sql`), one transaction per batch.

A page unchanged since the last scan is not rebuilt in Python: its page row is copied inside the
database (one `INSERT … SELECT` joining the queued copies to the old rows by id) and refers to the
same content; a content is written once, however many scans see it.  Its link check is copied the
same way when it was not requested.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from govsite.store.db import driver_mark, insert_rows, make_engine
from govsite.store.schema import SAME_URL

# Columns written for each table, in the order of the row tuples the page workers build.  A page
# row's `content_id` is the digest of a content queued with `add_content` (or the id of a stored
# one); rows of the old layout (no content) carry their own parse and HTML.
PAGE_COLUMNS = ("scan_id", "url", "final_url", "status", "content_type", "encoding", "kind", "title",
                "published", "source", "column_name", "column_url", "elapsed", "size", "etag",
                "last_modified", "reused", "parsed", "html", "content_id")
LINK_COLUMNS = ("scan_id", "source_url", "target_url", "anchor", "tag", "kind", "reason")
LIST_ITEM_COLUMNS = ("scan_id", "page_url", "column_url", "title", "url", "item_date", "date_text")
LINK_CHECK_COLUMNS = ("scan_id", "url", "checked", "method", "status", "final_url", "elapsed",
                      "error_class", "detail", "content_type", "content_length", "checked_on")
# A content's links and list entries, as add_content takes them (without the content's id).
CONTENT_LINK_COLUMNS = ("source_url", "target_url", "anchor", "tag", "kind", "reason")
CONTENT_ITEM_COLUMNS = ("page_url", "column_url", "title", "url", "item_date", "date_text")

# A page row's final URL is stored empty: a page row is stored under the URL it was found at
# after redirects (both columns held the same URL, and nothing reads `final_url` back), and the
# column costs a URL per page per scan.  A link check's final URL is stored empty when it is the
# URL checked (most are: SAME_URL), and LinkCheckRow.as_link_check reads it back as that URL.
def stored_final_url(url: str, final_url: str | None) -> str | None:
    """What a link check row stores for `final_url`: SAME_URL when it is `url` itself."""
    return SAME_URL if final_url == url else final_url


# Unchanged pages' rows, taken from the last scan with this scan's column and validators, and the
# content given (the old row's, or the one made from an old-layout row).  A re-scan copies
# thousands at its close: one INSERT … SELECT a row cost ~20 µs each on SQLite, so the queued
# copies' own values go into a temporary table (one executemany) and one INSERT … SELECT joins it
# to the old rows, in queue order (`seq`) so that the new rows get their ids in that order.  On
# SQLite `seq` is the temporary table's rowid ({seq}: INTEGER PRIMARY KEY): the rows are appended
# and read back in that order without a sort (~50 ms of 20 000 copies).
# Columns of _PAGE_COPIES (copy_page's tuple, after `seq`): new scan, column_url, elapsed, etag,
# last_modified, empty parse, content, old page id.
_PAGE_COPY_COLUMNS = ("seq", "scan_id", "column_url", "elapsed", "etag", "last_modified", "parsed",
                      "content_id", "old_id")
_PAGE_COPIES = ("CREATE TEMPORARY TABLE IF NOT EXISTS page_copies (seq {seq}, scan_id INTEGER, "
                "column_url TEXT, elapsed DOUBLE PRECISION, etag TEXT, last_modified TEXT, "
                "parsed {blob}, content_id INTEGER, old_id INTEGER)")
_COPY_PAGES = ("INSERT INTO pages (scan_id, url, final_url, status, content_type, encoding, kind, "
               "title, published, source, column_name, column_url, elapsed, size, etag, "
               "last_modified, reused, parsed, html, content_id) "
               "SELECT q.scan_id, p.url, '', 200, p.content_type, p.encoding, p.kind, p.title, "
               "p.published, p.source, p.column_name, q.column_url, q.elapsed, p.size, "
               "COALESCE(q.etag, p.etag), COALESCE(q.last_modified, p.last_modified), {true}, "
               "q.parsed, NULL, q.content_id "
               "FROM page_copies q JOIN pages p ON p.id = q.old_id ORDER BY q.seq")
# The last scan's checks of pages not requested at all (crawl.revalidate_days), the same way.
# Columns of _CHECK_COPIES (copy_check's tuple, after `seq`): new scan, detail, old scan, url.
# The old check is the first the (scan, url) index gives, as the LIMIT 1 of one query a check did.
_CHECK_COPY_COLUMNS = ("seq", "scan_id", "detail", "old_scan_id", "url")
_CHECK_COPIES = ("CREATE TEMPORARY TABLE IF NOT EXISTS check_copies (seq {seq}, scan_id INTEGER, "
                 "detail TEXT, old_scan_id INTEGER, url TEXT)")
_COPY_CHECKS = ("INSERT INTO link_checks (scan_id, url, checked, method, status, final_url, "
                "elapsed, error_class, detail, content_type, content_length, checked_on) "
                "SELECT q.scan_id, c.url, c.checked, c.method, c.status, "
                "CASE WHEN c.final_url = c.url THEN '' ELSE c.final_url END, c.elapsed, "
                "c.error_class, q.detail, c.content_type, c.content_length, c.checked_on "
                "FROM check_copies q JOIN link_checks c ON c.id = ("
                "SELECT o.id FROM link_checks o WHERE o.scan_id = q.old_scan_id AND o.url = q.url "
                "LIMIT 1) ORDER BY q.seq")
# What an unchanged page's row needs of the last scan's, for every page of that scan at once (one
# query, where one query a page was a third of a re-scan's crawl): status, content type, content
# and its targets (~0.5 KB a page).  The parse is read page by page, only for a row without targets
# (a content stored before that column existed, or a row of the old layout).
_SCAN_PAGES = ("SELECT p.id, p.status, p.content_type, p.content_id, c.targets "
               "FROM pages p LEFT JOIN page_contents c ON c.id = p.content_id WHERE p.scan_id = {p}")
_STORED_PAGE = ("SELECT p.status, p.content_type, p.content_id, c.targets "
                "FROM pages p LEFT JOIN page_contents c ON c.id = p.content_id WHERE p.id = {p}")
_STORED_PARSE = ("SELECT COALESCE(c.parsed, p.parsed) "
                 "FROM pages p LEFT JOIN page_contents c ON c.id = p.content_id WHERE p.id = {p}")
_STORED_HTML = "SELECT html FROM pages WHERE id = {p}"
# A content not stored yet is inserted; one stored already (by this scan, an earlier one, or
# another worker at the same moment) is left as it is and only its id is read.  The insert comes
# first: it holds the write lock (SQLite) or the table's ROW EXCLUSIVE lock (PostgreSQL) that
# retention's sweep of unreferenced contents waits for, so a content found here is not deleted
# before the page row referring to it is committed.
_INSERT_CONTENT = ("INSERT INTO page_contents (digest, parsed, html, size, targets) "
                   "VALUES ({p}, {p}, {p}, {p}, {p}) "
                   "ON CONFLICT (digest) DO NOTHING RETURNING id")
_CONTENT_ID = "SELECT id FROM page_contents WHERE digest = {p}"


@dataclass(slots=True)
class _Content:
    parsed: bytes
    html: bytes | None
    links: list[tuple]
    items: list[tuple]
    targets: bytes | None


def _insert(table: str, columns: tuple[str, ...], mark: str) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


class PageRowWriter:
    """Rows of one scan's pages, buffered and inserted in batches; one per page worker.

    Queue a page's content with `add_content`, append row tuples to `pages` and `link_checks`
    (column order: the `*_COLUMNS` of this module; `links` and `list_items` take rows of the old
    layout) and call `page_done()` once per page; `copy_page` and `copy_check` queue rows to be
    copied from the last scan.  `flush()` writes everything queued in one transaction.
    """

    def __init__(self, db_url: str, batch_pages: int = 100) -> None:
        self.engine = make_engine(db_url)
        self.conn = self.engine.connect()
        # Reads (an unchanged page's stored row) go through a connection of their own in
        # autocommit: one round trip each, where a read on `conn` needed a ROLLBACK after it to
        # leave the batches their own transactions (5 000 more round trips a 5 000-page re-scan
        # on PostgreSQL).  Opened at the first read.
        self._reader = None
        self.mark = mark = driver_mark(self.engine)
        true = "1" if self.engine.dialect.name == "sqlite" else "TRUE"
        self.pages: list[tuple] = []
        self.links: list[tuple] = []
        self.list_items: list[tuple] = []
        self.link_checks: list[tuple] = []
        self._copied_pages: list[tuple] = []
        self._copied_checks: list[tuple] = []
        self.contents: dict[str, _Content] = {}
        # (statement, its queued rows), in the order a batch writes them
        self._batches = (
            (_insert("pages", PAGE_COLUMNS, mark), self.pages),
            (_insert("links", LINK_COLUMNS, mark), self.links),
            (_insert("list_items", LIST_ITEM_COLUMNS, mark), self.list_items),
            (_insert("link_checks", LINK_CHECK_COLUMNS, mark), self.link_checks),
        )
        # (temporary table, its creation, its columns, the copy joining it, its queued rows),
        # written after the batches above
        sqlite = self.engine.dialect.name == "sqlite"
        blob, seq = ("BLOB", "INTEGER PRIMARY KEY") if sqlite else ("BYTEA", "INTEGER")
        self._copies = (
            ("page_copies", _PAGE_COPIES.format(blob=blob, seq=seq), _PAGE_COPY_COLUMNS,
             _COPY_PAGES.format(true=true), self._copied_pages),
            ("check_copies", _CHECK_COPIES.format(seq=seq), _CHECK_COPY_COLUMNS, _COPY_CHECKS,
             self._copied_checks),
        )
        self._scan_pages = _SCAN_PAGES.format(p=mark)
        self._stored_page = _STORED_PAGE.format(p=mark)
        self._stored_parse = _STORED_PARSE.format(p=mark)
        # The rows of the scan stored_page reads (read at its first call), by page id; each is
        # taken once.
        self._scan_read: int | None = None
        self._read_ahead: dict[int, tuple] = {}
        self._stored_html = _STORED_HTML.format(p=mark)
        self._insert_content = _INSERT_CONTENT.format(p=mark)
        self._content_id = _CONTENT_ID.format(p=mark)
        self._insert_content_links = _insert("content_links", ("content_id", *CONTENT_LINK_COLUMNS), mark)
        self._insert_content_items = _insert("content_list_items", ("content_id", *CONTENT_ITEM_COLUMNS), mark)
        self.batch_pages = batch_pages
        self.pending_pages = 0
        self.first_pending = 0.0
        self.pages_written = 0

    def page_done(self) -> None:
        """Count one more page in the batch (its rows are queued)."""
        if not self.pending_pages:
            self.first_pending = time.monotonic()
        self.pending_pages += 1

    def add_content(self, digest: str, parsed: bytes, html: bytes | None, links: list[tuple],
                    items: list[tuple], targets: bytes | None = None) -> str:
        """Queue a page content (its links and list entries in CONTENT_LINK_COLUMNS and
        CONTENT_ITEM_COLUMNS order, its `targets`: pagecodec.encode_targets), written by the next
        flush unless stored already; `digest` (store.contents.content_digest), for the page row's
        `content_id`."""
        self.contents[digest] = _Content(parsed, html, links, items, targets)
        return digest

    def copy_page(self, scan_id: int, column_url: str | None, elapsed: float | None,
                  etag: str | None, last_modified: str | None, previous_page_id: int,
                  content: int | str | None = None) -> None:
        """Queue the copy of a page row of the last scan into `scan_id` (validators: the new ones
        when given, else the old), referring to `content` (a content id, or the digest of one
        queued with add_content)."""
        self._copied_pages.append((scan_id, column_url, elapsed, etag, last_modified, b"", content,
                                   previous_page_id))

    def copy_check(self, scan_id: int, detail: str, previous_scan_id: int, url: str) -> None:
        """Queue the copy of the last scan's check of `url` into `scan_id`, with a new detail."""
        self._copied_checks.append((scan_id, detail, previous_scan_id, url))

    def order_copies(self) -> None:
        """Queued page copies in the order of the rows they copy (the last scan's order)."""
        self._copied_pages.sort(key=lambda row: row[-1])

    def stored_page(self, page_id: int, scan_id: int | None = None) -> tuple[
            int, str | None, int | None, bytes | None, bytes | None] | None:
        """(status, content_type, content id: None for a row of the old layout, the content's
        stored targets, the encoded parse: None when there are targets) of a stored page row of
        scan `scan_id` (when given, every row of that scan is read at the first call), or None
        when it is gone."""
        if scan_id is not None and self._scan_read != scan_id:
            self._scan_read = scan_id
            rows = self._read().exec_driver_sql(self._scan_pages, (scan_id,))
            self._read_ahead = {r[0]: tuple(r[1:]) for r in rows}
        row = self._read_ahead.pop(page_id, None)
        if row is None:
            row = self._read().exec_driver_sql(self._stored_page, (page_id,)).first()
            if row is None:
                return None
        parse = None
        if row[3] is None:
            parse = self._read().exec_driver_sql(self._stored_parse, (page_id,)).scalar()
        return (*row, parse)

    def stored_html(self, page_id: int) -> bytes | None:
        """The HTML kept in a page row of the old layout."""
        return self._read().exec_driver_sql(self._stored_html, (page_id,)).scalar()

    def _read(self):
        if self._reader is None:
            self._reader = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return self._reader

    def due(self, max_age: float) -> bool:
        return self.pending_pages >= self.batch_pages or (
            self.pending_pages > 0 and time.monotonic() - self.first_pending > max_age)

    def has_rows(self) -> bool:
        return (bool(self.contents) or any(rows for _sql, rows in self._batches)
                or bool(self._copied_pages) or bool(self._copied_checks))

    def flush(self) -> None:
        """Write every queued row in one transaction (raises when the store refuses them)."""
        if not self.has_rows():
            return
        with self.conn.begin():
            ids = self._write_contents()
            if ids:
                self.pages[:] = [row[:-1] + (ids.get(row[-1], row[-1]),) for row in self.pages]
                self._copied_pages[:] = [row[:-2] + (ids.get(row[-2], row[-2]), row[-1])
                                         for row in self._copied_pages]
            for sql, rows in self._batches:
                if rows:
                    self.conn.exec_driver_sql(sql, rows)
            self._write_copies()
        self.pages_written += self.pending_pages
        for _sql, rows in self._batches:
            rows.clear()
        self._copied_pages.clear()
        self._copied_checks.clear()
        self.contents.clear()
        self.pending_pages = 0

    def _write_copies(self) -> None:
        """Copy the queued rows of the last scan: each kind in four statements, however many."""
        for table, create, columns, copy, rows in self._copies:
            if not rows:
                continue
            self.conn.exec_driver_sql(create)
            insert_rows(self.conn, table, columns, [(seq, *row) for seq, row in enumerate(rows)])
            self.conn.exec_driver_sql(copy)
            # emptied in the same transaction: a refused batch leaves the table empty (rolled
            # back) and its rows queued, for the next flush
            self.conn.exec_driver_sql(f"DELETE FROM {table}")

    def _write_contents(self) -> dict[str, int]:
        """Store the queued contents not stored yet, with their links and list entries; the id
        of every queued digest."""
        ids: dict[str, int] = {}
        links: list[tuple] = []
        items: list[tuple] = []
        for digest, c in self.contents.items():
            size = len(c.parsed) + len(c.html or b"")
            inserted = self.conn.exec_driver_sql(self._insert_content,
                                                 (digest, c.parsed, c.html, size, c.targets)).fetchall()
            if inserted:
                content_id = ids[digest] = inserted[0][0]
                links.extend((content_id, *row) for row in c.links)
                items.extend((content_id, *row) for row in c.items)
            else:
                ids[digest] = self.conn.exec_driver_sql(self._content_id, (digest,)).scalar_one()
        if links:
            self.conn.exec_driver_sql(self._insert_content_links, links)
        if items:
            self.conn.exec_driver_sql(self._insert_content_items, items)
        return ids

    def close(self) -> None:
        """Release the connections (without writing: flush first)."""
        if self._reader is not None:
            self._reader.close()
        self.conn.close()
        self.engine.dispose()
