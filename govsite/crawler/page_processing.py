"""The work done for every HTML page of a scan, off the crawl's event loop.

A fetched page is decoded, parsed, and written to the store (its page row, links, list entries
and its own link check); a page that has not changed since the last scan is copied there, row for
row, by SQL.  Either way the spider gets back only what it needs to go on: the page's link targets
with their kinds.  This runs in worker processes (govsite.crawler.page_workers) so the crawl uses every
core, or in the crawl's own process when `crawl.parse_workers` is 0.
"""
from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import date

from govsite.models import ParsedPage
from govsite.parsing.decode import decode_html
from govsite.parsing.page import parse_page
from govsite.store.db import driver_mark, make_engine
from govsite.store.pagecodec import decode_targets, encode_page
from govsite.urls import column_url_of, host_of


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
                    as_of: date, home_url: str) -> tuple[ParsedPage, bytes, bytes]:
    """(parse, encoded parse to store, compressed HTML to store)."""
    text, encoding = decode_html(body, content_type)
    parsed = parse_page(url, text, as_of, home_url=home_url, status=status, headers=headers)
    parsed.encoding = encoding
    return parsed, encode_page(parsed), zlib.compress(text.encode("utf-8"), 1)


# Columns written for each table, in the order of the row tuples built below.
_COLUMNS = {
    "pages": ("scan_id", "url", "final_url", "status", "content_type", "encoding", "kind", "title",
              "published", "source", "column_name", "column_url", "elapsed", "size", "etag",
              "last_modified", "reused", "parsed", "html"),
    "links": ("scan_id", "source_url", "target_url", "anchor", "tag", "kind", "reason"),
    "list_items": ("scan_id", "page_url", "column_url", "title", "url", "item_date", "date_text"),
    "link_checks": ("scan_id", "url", "checked", "method", "status", "final_url", "elapsed",
                    "error_class", "detail", "content_type", "content_length", "checked_on"),
}

# The links and list entries of every page taken from the last scan, copied in one statement each
# when the crawl ends (LinksCopy, copy_unchanged_items; parameters: new scan, old scan, new scan).
# Set-based: SQLite reads the old rows in one pass instead of one index lookup per page.
_COPY_LINKS = ("INSERT INTO links (scan_id, source_url, target_url, anchor, tag, kind, reason) "
               "SELECT {p}, source_url, target_url, anchor, tag, kind, reason FROM links "
               "WHERE scan_id = {p} AND source_url IN "
               "(SELECT url FROM pages WHERE scan_id = {p} AND reused) ORDER BY id")
_COPY_ITEMS = ("INSERT INTO list_items (scan_id, page_url, column_url, title, url, item_date, date_text) "
               "SELECT {p}, page_url, column_url, title, url, item_date, date_text FROM list_items "
               "WHERE scan_id = {p} AND page_url IN "
               "(SELECT url FROM pages WHERE scan_id = {p} AND reused) ORDER BY id")
# parameters: new scan, column_url, elapsed, etag, last_modified, old page id
_COPY_PAGE = ("INSERT INTO pages (scan_id, url, final_url, status, content_type, encoding, kind, "
              "title, published, source, column_name, column_url, elapsed, size, etag, "
              "last_modified, reused, parsed, html) "
              "SELECT {p}, url, final_url, 200, content_type, encoding, kind, title, published, "
              "source, column_name, {p}, {p}, size, COALESCE({p}, etag), "
              "COALESCE({p}, last_modified), {true}, parsed, html FROM pages WHERE id = {p}")
# parameters: new scan, detail, old scan, url
_COPY_CHECK = ("INSERT INTO link_checks (scan_id, url, checked, method, status, final_url, elapsed, "
               "error_class, detail, content_type, content_length, checked_on) "
               "SELECT {p}, url, checked, method, status, final_url, elapsed, error_class, {p}, "
               "content_type, content_length, checked_on FROM link_checks "
               "WHERE scan_id = {p} AND url = {p} LIMIT 1")


class RowWriter:
    """Rows of one scan's pages, buffered and inserted in batches through the database driver.

    SQLAlchemy's ORM and Core add ~10 µs a row; a 20 000-page portal has 1.5 million link rows,
    so rows go to the driver as plain tuples (`exec_driver_sql`), one transaction per batch.
    """

    def __init__(self, db_url: str, batch_pages: int = 100) -> None:
        self.engine = make_engine(db_url)
        self.conn = self.engine.connect()
        self.mark = driver_mark(self.engine)
        true = "1" if self.engine.dialect.name == "sqlite" else "TRUE"
        self.insert = {table: f"INSERT INTO {table} ({', '.join(cols)}) "
                              f"VALUES ({', '.join([self.mark] * len(cols))})"
                       for table, cols in _COLUMNS.items()}
        self.copy = {name: sql.format(p=self.mark, true=true) for name, sql in
                     (("pages", _COPY_PAGE), ("link_checks", _COPY_CHECK))}
        self.rows: dict[str, list[tuple]] = {table: [] for table in _COLUMNS}
        self.copies: dict[str, list[tuple]] = {name: [] for name in self.copy}
        self.batch_pages = batch_pages
        self.pending_pages = 0
        self.first_pending = 0.0
        self.pages_written = 0

    def add_page(self) -> None:
        if not self.pending_pages:
            self.first_pending = time.monotonic()
        self.pending_pages += 1

    def due(self, max_age: float) -> bool:
        return self.pending_pages >= self.batch_pages or (
            self.pending_pages > 0 and time.monotonic() - self.first_pending > max_age)

    def has_rows(self) -> bool:
        return any(self.rows.values()) or any(self.copies.values())

    def flush(self) -> None:
        if not self.has_rows():
            return
        with self.conn.begin():
            for table, rows in self.rows.items():
                if rows:
                    self.conn.exec_driver_sql(self.insert[table], rows)
            for name in ("pages", "link_checks"):
                if self.copies[name]:
                    self.conn.exec_driver_sql(self.copy[name], self.copies[name])
        self.pages_written += self.pending_pages
        for rows in list(self.rows.values()) + list(self.copies.values()):
            rows.clear()
        self.pending_pages = 0

    def read(self, sql: str, params: tuple) -> list[tuple]:
        try:
            return list(self.conn.exec_driver_sql(sql.format(p=self.mark), params).fetchall())
        finally:
            self.conn.rollback()     # a read ends its own transaction; batches begin their own

    def close(self) -> None:
        """Release the connection (without writing: flush first)."""
        self.conn.close()
        self.engine.dispose()


def _copy_unchanged(db_url: str, scan_id: int, previous_scan_id: int | None, sql: str) -> None:
    if previous_scan_id is None:
        return
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(sql.format(p=driver_mark(engine)), (scan_id, previous_scan_id, scan_id))
    finally:
        engine.dispose()


def copy_unchanged_items(db_url: str, scan_id: int, previous_scan_id: int | None) -> None:
    """List entries of the pages this scan took from the last one (called once, when every page
    row is written)."""
    _copy_unchanged(db_url, scan_id, previous_scan_id, _COPY_ITEMS)


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
            _copy_unchanged(db_url, scan_id, previous_scan_id, _COPY_LINKS)
        except Exception as exc:  # noqa: BLE001 - reported by wait(): the scan ends incomplete
            self.error = f"store write failed: {exc.__class__.__name__}: {exc}"

    def wait(self) -> str | None:
        """Block until the links are copied; the store error, if the copy failed."""
        self._thread.join()
        return self.error


def settle_columns(db_url: str, scan_id: int) -> int:
    """Give every page that a list names the deepest column listing it (an article is listed by
    its column and by the home page's newest block: its column is the column), instead of the
    list page the crawl happened to reach it from first, which varies from scan to scan.  Pages
    that list items themselves keep their own column.  Returns the number of pages changed."""
    engine = make_engine(db_url)
    mark = driver_mark(engine)
    try:
        with engine.begin() as conn:
            deepest: dict[str, str] = {}
            lists: set[str] = set()
            for page_url, column_url, url in conn.exec_driver_sql(
                    f"SELECT page_url, column_url, url FROM list_items WHERE scan_id = {mark}", (scan_id,)):
                lists.add(page_url)
                known = deepest.get(url)
                if known is None or (-len(column_url), column_url) < (-len(known), known):
                    deepest[url] = column_url
            changes = [(deepest[url], scan_id, url) for url, kind, column_url in conn.exec_driver_sql(
                f"SELECT url, kind, column_url FROM pages WHERE scan_id = {mark}", (scan_id,))
                if url in deepest and url not in lists and kind != "column" and column_url != deepest[url]]
            if changes:
                conn.exec_driver_sql(f"UPDATE pages SET column_url = {mark} WHERE scan_id = {mark} "
                                     f"AND url = {mark}", changes)
            return len(changes)
    finally:
        engine.dispose()


def _own_column(url: str, kind: str, has_items: bool, has_pagination: bool) -> str | None:
    """The column a page is the list of (its folder), or None when it lists nothing: then it
    belongs to the column that linked to it, and its links to no column."""
    return column_url_of(url) if kind == "column" or has_items or has_pagination else None


class PageWork:
    """Handles the pages of one scan; one instance per worker process (or in the crawl process)."""

    def __init__(self, config: WorkConfig, batch_pages: int = 100) -> None:
        self.config = config
        self.writer = RowWriter(config.db_url, batch_pages)
        # Targets this worker already returned, with their kind: the spider has seen them, so
        # they need not cross the pipe again (a portal's navigation repeats on every page).  The
        # same URL linked as another kind goes once more: an attachment must reach the spider.
        self.returned: set[tuple[str, str]] = set()
        self._hosts: dict[str, str] = {}

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

    def _new_targets(self, pairs) -> list[tuple[str, str]]:
        fresh = []
        for pair in pairs:
            if pair not in self.returned:
                self.returned.add(pair)
                fresh.append(pair)
        return fresh

    def fetched(self, page: FetchedPage) -> PageOutcome:
        """Parse a downloaded page, queue its rows, and say where its links lead."""
        c = self.config
        parsed, blob, html = parse_for_store(page.final_url, page.body, page.content_type,
                                             page.headers, page.status, c.as_of, c.home_url)
        outcome = PageOutcome(page.url)
        detail = ""
        if parsed.kind == "challenge":
            outcome.error_class, detail = "blocked", f"WAF / anti-bot challenge ({parsed.challenge})"
        elif page.status >= 400:
            outcome.error_class = "http"
        elif parsed.soft404:
            outcome.error_class, detail = "soft404", "page says the content does not exist"
        self.writer.rows["link_checks"].append((
            c.scan_id, page.url, True, "GET", page.status, page.final_url, page.elapsed,
            outcome.error_class, detail, page.content_type[:255] or None, None, c.today.isoformat()))
        if outcome.error_class:
            return outcome
        url = page.final_url
        own_column = _own_column(url, parsed.kind, bool(parsed.items), bool(parsed.pagination))
        self.writer.rows["pages"].append((
            c.scan_id, url, url, page.status, page.content_type[:255], parsed.encoding, parsed.kind,
            parsed.title, parsed.published.isoformat() if parsed.published else None, parsed.source,
            parsed.column, own_column or page.column_url, page.elapsed, len(page.body), page.etag, page.last_modified,
            False, blob, html))
        targets = []
        links = self.writer.rows["links"]
        for link in parsed.links:
            kind = self.kind(link.category, link.url)
            links.append((c.scan_id, url, link.url, link.anchor[:500], link.tag, kind, link.reason))
            targets.append((link.url, kind))
        for target in parsed.pagination:
            links.append((c.scan_id, url, target, "", "pager", "page", ""))
            targets.append((target, "page"))
        if parsed.items:
            items = self.writer.rows["list_items"]
            for li in parsed.items:
                items.append((c.scan_id, url, own_column, li.title, li.url,
                              li.date.isoformat() if li.date else None, li.date_text))
        self.writer.add_page()
        outcome.followed = True
        outcome.targets = self._new_targets(targets)
        outcome.child_column = own_column
        return outcome

    def unchanged(self, page: UnchangedPage) -> PageOutcome:
        """Copy an unchanged page's row from the last scan and say where its links lead (its
        links and list entries are copied for all such pages at the end: LinksCopy,
        copy_unchanged_items)."""
        c = self.config
        old = c.previous_scan_id
        found = self.writer.read("SELECT status, content_type, parsed FROM pages WHERE id = {p}",
                                 (page.previous_page_id,))
        if not found:
            return PageOutcome(page.url, failure=f"page {page.previous_page_id} of scan {old} is gone")
        status, content_type, blob = found[0]
        kind, links, pagination, has_items = decode_targets(blob)
        own_column = _own_column(page.url, kind, has_items, bool(pagination))
        if page.answered_304:
            self.writer.rows["link_checks"].append((
                c.scan_id, page.url, True, "GET", status, page.url, page.elapsed, None, "",
                content_type or None, None, c.today.isoformat()))
        else:
            self.writer.copies["link_checks"].append(
                (c.scan_id, f"unchanged: taken from scan {old}", old, page.url))
        self.writer.copies["pages"].append((c.scan_id, own_column or page.column_url,
                                            page.elapsed if page.answered_304 else None,
                                            page.etag, page.last_modified, page.previous_page_id))
        self.writer.add_page()
        targets = [(url, self.kind(category, url)) for url, category in links]
        targets += [(url, "page") for url in pagination]
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
