"""Page rows written in batches through the driver (store.page_rows), contents stored once by
digest, and an unchanged page's row and check copied from the last scan inside the database."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from govsite.crawler.page_processing import FetchedPage, PageWork, WorkConfig
from govsite.store.db import create_scan, open_store
from govsite.store.page_rows import (
    LINK_CHECK_COLUMNS,
    LINK_COLUMNS,
    LIST_ITEM_COLUMNS,
    PAGE_COLUMNS,
    PageRowWriter,
    stored_final_url,
)

H = "http://127.0.0.1/"


def _row(columns: tuple[str, ...], **values) -> tuple:
    """A row tuple in the writer's column order."""
    return tuple(values[c] for c in columns)


def _page(scan_id, url, column=H, etag=None, content=None):
    return _row(PAGE_COLUMNS, scan_id=scan_id, url=url, final_url=url, status=200,
                content_type="text/html", encoding="utf-8", kind="article", title="标题",
                published="2026-11-20", source="县政府办", column_name="通知公告", column_url=column,
                elapsed=0.1, size=100, etag=etag, last_modified="Wed, 25 Nov 2026 08:00:00 GMT",
                reused=False, parsed=b"" if content else b"P", html=None if content else b"H",
                content_id=content)


@pytest.fixture()
def store(tmp_path):
    store = open_store(tmp_path / "p.sqlite")
    for _ in range(2):
        create_scan(store, H, date(2026, 11, 27), "", {}, {})
    return store


def _db(store):
    return sqlite3.connect(store.url.removeprefix("sqlite:///"))


def test_a_batch_is_written_in_one_flush_and_counted(store):
    writer = PageRowWriter(store.url, batch_pages=2)
    writer.pages.append(_page(1, H + "a.html"))
    writer.links.append(_row(LINK_COLUMNS, scan_id=1, source_url=H + "a.html", target_url=H + "b.pdf",
                             anchor="附件", tag="a", kind="attachment", reason=""))
    writer.list_items.append(_row(LIST_ITEM_COLUMNS, scan_id=1, page_url=H + "a.html", column_url=H,
                                  title="t", url=H + "c.html", item_date="2026-11-01",
                                  date_text="2026-11-01"))
    writer.link_checks.append(_row(LINK_CHECK_COLUMNS, scan_id=1, url=H + "a.html", checked=True,
                                   method="GET", status=200, final_url=H + "a.html", elapsed=0.1,
                                   error_class=None, detail="", content_type="text/html",
                                   content_length=None, checked_on="2026-11-27"))
    writer.page_done()
    assert not writer.due(max_age=60) and writer.has_rows()
    writer.flush()
    assert writer.pages_written == 1 and not writer.has_rows()
    db = _db(store)
    for table in ("pages", "links", "list_items", "link_checks"):
        assert db.execute(f"select count(*) from {table} where scan_id = 1").fetchone()[0] == 1, table
    writer.close()


def test_an_unchanged_page_and_its_check_are_copied_with_the_new_column_and_validators(store):
    writer = PageRowWriter(store.url)
    writer.pages.append(_page(1, H + "a.html", column=H + "old/", etag='"v1"'))
    writer.link_checks.append((1, H + "a.html", True, "GET", 200, H + "a.html", 0.1, None, "",
                               "text/html", None, "2026-11-20"))
    writer.page_done()
    writer.flush()
    old_id = _db(store).execute("select id from pages where scan_id = 1").fetchone()[0]
    # a row of the old layout: its parse in the row, no content
    assert writer.stored_page(old_id) == (200, "text/html", None, None, b"P")
    assert writer.stored_html(old_id) == b"H"
    assert writer.stored_page(old_id + 100) is None
    digest = writer.add_content("d" * 40, b"P", b"H", [], [])
    writer.copy_page(2, H + "new/", None, None, None, old_id, digest)   # not requested: old validators
    writer.copy_check(2, "unchanged: taken from scan 1", 1, H + "a.html")
    writer.page_done()
    writer.flush()
    db = _db(store)
    content_id = db.execute("select id from page_contents where digest = ?", ("d" * 40,)).fetchone()[0]
    assert db.execute("select url, column_url, etag, reused, parsed, html, elapsed, content_id from pages "
                      "where scan_id = 2").fetchall() == [(H + "a.html", H + "new/", '"v1"', 1, b"", None, None,
                                                           content_id)]
    new_id = db.execute("select id from pages where scan_id = 2").fetchone()[0]
    assert writer.stored_page(new_id) == (200, "text/html", content_id, None, b"P")
    assert db.execute("select url, detail, checked_on from link_checks where scan_id = 2").fetchall() == \
        [(H + "a.html", "unchanged: taken from scan 1", "2026-11-20")]
    writer.close()


def test_a_refused_batch_raises_and_keeps_its_rows(store):
    db = _db(store)
    db.execute("create trigger full before insert on pages begin select raise(abort, 'database or disk is full'); end")
    db.commit()
    writer = PageRowWriter(store.url)
    writer.pages.append(_page(1, H + "a.html"))
    writer.page_done()
    with pytest.raises(Exception, match="disk is full"):
        writer.flush()
    assert writer.has_rows() and writer.pages_written == 0
    writer.close()


def test_a_content_is_stored_once_with_its_links_and_entries_and_shared_by_page_rows(store):
    writer = PageRowWriter(store.url)
    link = (H + "a.html", H + "b.pdf", "附件", "a", "attachment", "")
    item = (H + "a.html", H, "t", H + "c.html", "2026-11-01", "2026-11-01")
    for scan_id in (1, 2):      # the same page in two scans, in two batches
        digest = writer.add_content("e" * 40, b"P", b"H", [link], [item])
        writer.pages.append(_page(scan_id, H + "a.html", content=digest))
        writer.page_done()
        writer.flush()
    db = _db(store)
    assert db.execute("select count(*), sum(size) from page_contents").fetchone() == (1, 2)
    (content_id,) = db.execute("select id from page_contents").fetchone()
    assert db.execute("select content_id from pages order by id").fetchall() == [(content_id,)] * 2
    assert db.execute("select content_id, source_url, target_url, kind from content_links").fetchall() == \
        [(content_id, H + "a.html", H + "b.pdf", "attachment")]
    assert db.execute("select content_id, url from content_list_items").fetchall() == [(content_id, H + "c.html")]
    assert db.execute("select count(*) from links").fetchone()[0] == 0
    writer.close()


def test_final_urls_are_stored_compactly_and_read_back_as_they_were(store):
    """A page row's final URL is not stored (nothing reads it), a link check's only when it is
    not the URL checked; every check reads back with the final URL it was made with, whichever
    way it was written (the page workers, the crawl's writer thread, the re-scan's copy)."""
    from govsite.models import LinkCheck
    from govsite.store.crawl_writes import link_check_row, write_link_checks_and_attachments
    from govsite.store.scan_state import link_check_of

    work = PageWork(WorkConfig(store.url, 1, None, date(2026, 11, 27), date(2026, 11, 27), H,
                               frozenset({"127.0.0.1"})))
    same, moved, failed = H + "a.html", H + "old.html", H + "gone.html"
    for url, final in ((same, same), (moved, H + "new.html")):
        work.fetched(FetchedPage(url, final, 200, "text/html", {}, "<html><title>标题</title></html>".encode(),
                                 H, 0.1, None, None))
    work.writer.link_checks.append(_row(LINK_CHECK_COLUMNS, scan_id=1, url=failed, checked=True, method="GET",
                                        status=None, final_url=stored_final_url(failed, None), elapsed=0.1,
                                        error_class="dns", detail="", content_type=None,
                                        content_length=None, checked_on="2026-11-27"))
    work.writer.flush()
    writer = work.writer
    checks = [LinkCheck(url=H + "x.pdf", checked=True, method="HEAD", status=200, final_url=H + "x.pdf"),
              LinkCheck(url=H + "y", checked=True, method="HEAD", status=200, final_url=H + "y/")]
    write_link_checks_and_attachments(store, [link_check_row(1, c) for c in checks], [])
    for url in (same, moved, failed):      # the re-scan's copies of the first scan's checks
        writer.copy_check(2, "unchanged: taken from scan 1", 1, url)
    writer.page_done()
    writer.flush()
    writer.close()
    db = _db(store)
    # stored under the URL after redirects, as before
    assert db.execute("select url, final_url from pages order by id").fetchall() == [(same, ""), (H + "new.html", "")]
    assert dict(db.execute("select url, final_url from link_checks where scan_id = 1")) == {
        same: "", moved: H + "new.html", failed: None, H + "x.pdf": "", H + "y": H + "y/"}
    assert dict(db.execute("select url, final_url from link_checks where scan_id = 2")) == {
        same: "", moved: H + "new.html", failed: None}
    for scan_id in (1, 2):
        assert link_check_of(store, scan_id, same).final_url == same
        assert link_check_of(store, scan_id, moved).final_url == H + "new.html"
        assert link_check_of(store, scan_id, failed).final_url is None
    assert link_check_of(store, 1, H + "x.pdf").final_url == H + "x.pdf"
    assert link_check_of(store, 1, H + "y").final_url == H + "y/"


def test_a_rescan_copies_an_older_stores_full_final_url_compactly(store):
    """A check stored before the compact final URL (the URL itself in `final_url`) is copied by
    the next re-scan as the compact form and still reads back the same."""
    from govsite.store.scan_state import link_check_of

    db = _db(store)
    db.execute("insert into link_checks (scan_id, url, checked, method, status, final_url, detail, checked_on) "
               "values (1, ?, 1, 'GET', 200, ?, '', '2026-11-20')", (H + "a.html", H + "a.html"))
    db.commit()
    writer = PageRowWriter(store.url)
    writer.copy_check(2, "unchanged: taken from scan 1", 1, H + "a.html")
    writer.page_done()
    writer.flush()
    writer.close()
    assert db.execute("select final_url from link_checks where scan_id = 2").fetchall() == [("",)]
    assert link_check_of(store, 1, H + "a.html").final_url == link_check_of(store, 2, H + "a.html").final_url \
        == H + "a.html"


def test_the_last_scans_rows_are_read_in_one_query_and_a_parse_only_without_targets(store):
    """A re-scan takes thousands of unchanged pages: their rows come in one query, not one each,
    and a content's parse is read only when it has no stored targets (stored before them)."""
    from sqlalchemy import event
    writer = PageRowWriter(store.url)
    for n in range(6):
        digest = writer.add_content(f"{n:040d}", b"P%d" % n, b"H", [], [],
                                    targets=b"T%d" % n if n % 2 else None)
        writer.pages.append(_page(1, f"{H}{n}.html", content=digest))
        writer.page_done()
    writer.flush()
    rows = _db(store).execute("select p.id, c.id from pages p join page_contents c on c.id = p.content_id "
                              "where p.scan_id = 1 order by p.id").fetchall()
    reads = []
    event.listen(writer.engine, "before_cursor_execute", lambda *args: reads.append(args[2]))
    got = [writer.stored_page(page_id, 1) for page_id, _content in rows]
    assert got == [(200, "text/html", content, b"T%d" % n if n % 2 else None, None if n % 2 else b"P%d" % n)
                   for n, (_page_id, content) in enumerate(rows)]
    assert len(reads) == 1 + 3          # the scan's rows, then the parse of each content without targets
    assert writer.stored_page(rows[0][0], 1) == got[0]      # read again, alone
    assert writer.stored_page(rows[-1][0] + 100, 1) is None
    writer.close()


# What a re-scan wrote for each copied page and check before the copies were written together:
# one INSERT … SELECT a row.  The tests below compare the rows written now with these.
_COPY_PAGE_ONE_BY_ONE = (
    "INSERT INTO pages (scan_id, url, final_url, status, content_type, encoding, kind, "
    "title, published, source, column_name, column_url, elapsed, size, etag, "
    "last_modified, reused, parsed, html, content_id) "
    "SELECT {p}, url, '', 200, content_type, encoding, kind, title, published, "
    "source, column_name, {p}, {p}, size, COALESCE({p}, etag), "
    "COALESCE({p}, last_modified), {true}, {p}, NULL, {p} FROM pages WHERE id = {p}")
_COPY_CHECK_ONE_BY_ONE = (
    "INSERT INTO link_checks (scan_id, url, checked, method, status, final_url, elapsed, "
    "error_class, detail, content_type, content_length, checked_on) "
    "SELECT {p}, url, checked, method, status, "
    "CASE WHEN final_url = url THEN '' ELSE final_url END, elapsed, error_class, {p}, "
    "content_type, content_length, checked_on FROM link_checks "
    "WHERE scan_id = {p} AND url = {p} LIMIT 1")


def _last_scan(url: str) -> dict[str, int]:
    """Scan 1 of the store at `url`: pages with a content, of the old layout, with and without
    validators, and their checks (a moved one, a failed one, one URL checked twice); its page ids
    by URL."""
    writer = PageRowWriter(url)
    for n in range(8):
        content = writer.add_content(f"{n:040d}", b"P", b"H", [], []) if n % 3 else None
        writer.pages.append(_page(1, f"{H}{n}.html", column=f"{H}c{n % 2}/",
                                  etag=f'"e{n}"' if n % 2 else None, content=content))
        final = {0: f"{H}{n}.html", 1: f"{H}moved{n}.html", 2: None}[n % 3]
        for detail in ("first", "second") if n == 5 else ("first",):
            writer.link_checks.append((1, f"{H}{n}.html", True, "GET", 200 if final else None, final,
                                       0.25 * n, None if final else "timeout", detail, "text/html",
                                       1000 + n, "2026-11-20"))
        writer.page_done()
    writer.flush()
    ids = dict(writer.conn.exec_driver_sql("SELECT url, id FROM pages WHERE scan_id = 1").fetchall())
    writer.close()
    return ids


def _queue_copies(writer: PageRowWriter, scan_id: int, ids: dict[str, int], content_of) -> None:
    """Queue, out of order, copies of scan 1's pages (one gone) and checks (one never made) into
    `scan_id`, each with other values of its own."""
    for n in (6, 2, 7, 0, 4, 1, 5, 3):
        url = f"{H}{n}.html"
        writer.copy_page(scan_id, f"{H}new{n}/" if n % 2 else None, 0.5 * n if n % 4 else None,
                         f'"n{n}"' if n in (1, 2) else None, "Fri, 27 Nov 2026" if n == 3 else None,
                         ids[url], content_of(n))
        writer.copy_check(scan_id, f"unchanged {n}", 1, url)
    writer.copy_page(scan_id, None, None, None, None, max(ids.values()) + 100, None)   # gone
    writer.copy_check(scan_id, "never checked", 1, H + "none.html")
    writer.order_copies()


def _copies(conn, scan_id: int) -> tuple[list, list]:
    """The pages and checks of `scan_id`, every column but the id and scan, in id order."""
    pages = conn.exec_driver_sql(f"SELECT {', '.join(PAGE_COLUMNS[1:])} FROM pages "
                                 f"WHERE scan_id = {scan_id} ORDER BY id").fetchall()
    checks = conn.exec_driver_sql(f"SELECT {', '.join(LINK_CHECK_COLUMNS[1:])} FROM link_checks "
                                  f"WHERE scan_id = {scan_id} ORDER BY id").fetchall()
    return [tuple(row) for row in pages], [tuple(row) for row in checks]


def test_copied_pages_and_checks_are_the_rows_one_copy_a_row_wrote(store_on_both):
    """A re-scan's copies, written together, are the rows (every column, in id order) that one
    INSERT … SELECT a row wrote: scan 2 by the writer, scan 3 by the old statements."""
    for _ in range(3):
        create_scan(store_on_both, H, date(2026, 11, 27), "", {}, {})
    ids = _last_scan(store_on_both.url)
    with store_on_both.engine.connect() as conn:
        content_ids = dict(conn.exec_driver_sql(
            "SELECT p.url, p.content_id FROM pages p WHERE p.scan_id = 1").fetchall())
    writer = PageRowWriter(store_on_both.url)
    new_digest = writer.add_content("f" * 40, b"P", b"H", [], [])

    def content_of(n):    # the old content, a new one (queued) for page 4, none for the old layout
        return new_digest if n == 4 else content_ids[f"{H}{n}.html"]

    _queue_copies(writer, 2, ids, content_of)
    expected_pages = list(writer._copied_pages)
    expected_checks = list(writer._copied_checks)
    writer.page_done()
    writer.flush()
    assert not writer.has_rows()
    mark = writer.mark
    true = "1" if writer.engine.dialect.name == "sqlite" else "TRUE"
    with writer.engine.begin() as conn:
        new_content = conn.exec_driver_sql(f"SELECT id FROM page_contents WHERE digest = {mark}",
                                           ("f" * 40,)).scalar_one()
        for row in expected_pages:
            row = (3, *row[1:6], new_content if row[6] == new_digest else row[6], row[7])
            conn.exec_driver_sql(_COPY_PAGE_ONE_BY_ONE.format(p=mark, true=true), row)
        for row in expected_checks:
            conn.exec_driver_sql(_COPY_CHECK_ONE_BY_ONE.format(p=mark), (3, *row[1:]))
    with writer.engine.connect() as conn:
        written, one_by_one = _copies(conn, 2), _copies(conn, 3)
    writer.close()
    assert written == one_by_one
    pages, checks = written
    assert [row[0] for row in pages] == sorted(ids, key=ids.get)    # the last scan's order
    assert len(checks) == 8 and [row[7] for row in checks][:2] == ["unchanged 6", "unchanged 2"]
    assert [row[7] for row in checks if row[0] == f"{H}5.html"] == ["unchanged 5"]   # checked twice


def test_a_rescans_copies_are_written_in_a_few_statements_however_many(store):
    """Copies of 40 pages and checks are written by as many INSERT … SELECTs as copies of 2: one
    for the pages, one for the checks (only the copies' own values are sent row by row)."""
    create_scan(store, H, date(2026, 11, 27), "", {}, {})
    ids = _last_scan(store.url)
    statements = []
    for scan_id, pages in ((2, dict(list(ids.items())[:2])), (3, ids)):
        writer = PageRowWriter(store.url)
        writer.conn.connection.dbapi_connection.set_trace_callback(statements.append)
        for _ in range(5 if scan_id == 3 else 1):
            for url, page_id in pages.items():
                writer.copy_page(scan_id, None, None, None, None, page_id, None)
                writer.copy_check(scan_id, "unchanged", 1, url)
        writer.page_done()
        statements.clear()
        writer.flush()
        counted = sum(sql.startswith(("INSERT INTO pages", "INSERT INTO link_checks"))
                      for sql in statements)
        writer.close()
        if scan_id == 2:
            few = counted
    assert _db(store).execute("select count(*) from pages where scan_id = 3").fetchone()[0] == 40
    assert counted == few == 2


def test_rows_go_in_whole_by_copy_or_insert_within_the_callers_transaction(store_on_both):
    from govsite.store.db import insert_rows
    blob = "BLOB" if store_on_both.engine.dialect.name == "sqlite" else "BYTEA"
    rows = [(n, f"第{n}页\ttab", bytes([n % 256, 0, 255]) if n % 3 else None) for n in range(1000)]
    with store_on_both.engine.connect() as conn:
        with conn.begin():
            conn.exec_driver_sql(f"CREATE TEMPORARY TABLE staged (seq INTEGER, title TEXT, parsed {blob})")
            insert_rows(conn, "staged", ("seq", "title", "parsed"), rows)
        got = [(seq, title, bytes(parsed) if parsed is not None else None)
               for seq, title, parsed in conn.exec_driver_sql("SELECT seq, title, parsed FROM staged ORDER BY seq")]
        assert got == rows
        conn.commit()
        with pytest.raises(RuntimeError), conn.begin():      # refused with the transaction: none kept
            insert_rows(conn, "staged", ("seq", "title", "parsed"), [(5000, "x", None)])
            raise RuntimeError("the batch failed")
        assert conn.exec_driver_sql("SELECT count(*) FROM staged").scalar() == 1000
