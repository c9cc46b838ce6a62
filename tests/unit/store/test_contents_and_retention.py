"""Page contents stored once by content hash and read in both store layouts (store.contents), and
retention (store.retention): which scans keep their pages, which contents are freed, what is kept
for ever.  On SQLite and on the tests' own PostgreSQL server."""
from __future__ import annotations

import zlib
from datetime import date, datetime

import pytest
from sqlalchemy import event, func, select, text

from govsite.scan.load import load_scan_view
from govsite.scan.view import LinkSource
from govsite.store.contents import content_digest
from govsite.store.db import create_scan, finish_scan, open_store, save_score
from govsite.store.page_rows import PageRowWriter
from govsite.store.retention import PagesPruned, prune, pruned_scans, scans_to_prune, store_size
from govsite.store.scan_reads import (
    ScanRows,
    link_sources,
    page_blob_reader,
    parsed_in_url_order,
    problem_and_attachment_links,
)
from govsite.store.schema import (
    ContentLinkRow,
    FindingRow,
    LinkCheckRow,
    PageContentRow,
    PageRow,
)

A = "http://127.0.0.1/"
B = "http://127.0.0.2/"


@pytest.fixture
def store(store_on_both):
    return store_on_both


def _page_row(scan_id, url, content, parsed=b"", html=None):
    return (scan_id, url, url, 200, "text/html", "utf-8", "column", "标题", None, None, "通知", A,
            0.1, 100, None, None, False, parsed, html, content)


def _links(url):
    return [(url, A + "gone.html", "坏链", "a", "page", ""), (url, A + "f.pdf", "附件", "a", "attachment", ""),
            (url, A + "ok.html", "好链", "a", "page", "")]


def _items(url):
    return [(url, A, "条目一", A + "ok.html", "2026-11-01", "2026-11-01"),
            (url, A, "条目二", A + "x.html", None, "")]


def _checks(scan_id):
    return [(scan_id, A + "gone.html", True, "GET", 404, A + "gone.html", 0.1, "http", "", None, None, "2026-11-27"),
            (scan_id, A + "ok.html", True, "GET", 200, A + "ok.html", 0.1, None, "", None, None, "2026-11-27")]


def _write_scan(store, site, as_of, pages, status="complete", old_layout=False):
    """A scan of `site` with `pages` {url: content text}; its findings and score."""
    scan_id = create_scan(store, site, as_of, "", {}, {})
    writer = PageRowWriter(store.url)
    for url, body in pages.items():
        parsed, html = zlib.compress(f"P:{url}:{body}".encode()), zlib.compress(body.encode())
        if old_layout:
            writer.pages.append(_page_row(scan_id, url, None, parsed, html))
            writer.links.extend((scan_id, *row) for row in _links(url))
            writer.list_items.extend((scan_id, *row) for row in _items(url))
        else:
            digest = writer.add_content(content_digest(parsed, html, "127.0.0.1"), parsed, html,
                                        _links(url), _items(url))
            writer.pages.append(_page_row(scan_id, url, digest))
        writer.page_done()
    writer.link_checks.extend(_checks(scan_id))
    writer.flush()
    writer.close()
    with store.session() as s:
        s.add(FindingRow(scan_id=scan_id, rule_id="link.broken", severity="一般", standard="county",
                         clause="", url=A + "gone.html", message="坏链", key=f"k{scan_id}"))
        s.commit()
    save_score(store, scan_id, {"total": 90 + scan_id % 10})
    if status != "running":
        finish_scan(store, scan_id, status, stats={"pages": len(pages)})
    return scan_id


def _count(store, what, *where):
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(what).where(*where))


# -- contents ------------------------------------------------------------------------------
def test_an_unchanged_page_is_stored_once_however_many_scans_see_it(store):
    for day in (1, 2, 3):
        _write_scan(store, A, date(2026, 11, day), {A + "a.html": "same", A + "b.html": f"day {day}"})
    assert _count(store, PageRow) == 6
    assert _count(store, PageContentRow) == 4       # a.html once, b.html three times
    assert _count(store, ContentLinkRow) == 4 * 3


def test_both_layouts_read_the_same(store):
    pages = {A + "a.html": "一", A + "b.html": "二"}
    old = _write_scan(store, A, date(2026, 11, 1), pages, old_layout=True)
    new = _write_scan(store, A, date(2026, 11, 2), pages)
    with store.engine.connect() as conn:     # the old scan's rows are really of the old layout
        assert conn.execute(select(func.count()).select_from(PageRow).where(
            PageRow.scan_id == old, PageRow.content_id.is_(None))).scalar() == 2
    reads = []
    for scan_id in (old, new):
        rows = ScanRows(store, scan_id)
        blob = page_blob_reader(store, scan_id, "html")
        problems, links = problem_and_attachment_links(store, scan_id, 10.0)
        reads.append((
            [tuple(r) for r in rows.pages], [tuple(r) for r in rows.list_items],
            [tuple(r) for r in links if r[1] in problems],
            [(r[1], r[0]) for r in links if r[4] == "attachment"], link_sources(store, scan_id, A + "ok.html"),
            zlib.decompress(blob(A + "b.html")),
            [(u, zlib.decompress(p)) for u, p in parsed_in_url_order(store, scan_id, A + "b.html")]))
    assert reads[0] == reads[1]
    assert reads[1][2] == [(A + "a.html", A + "gone.html", "坏链", "a", "page", ""),
                           (A + "b.html", A + "gone.html", "坏链", "a", "page", "")]
    assert reads[1][5] == "二".encode()


def test_an_old_store_gets_the_content_column_and_keeps_its_scans(tmp_path):
    path = tmp_path / "old.sqlite"
    store = open_store(path)
    old = _write_scan(store, A, date(2026, 11, 1), {A + "a.html": "一"}, old_layout=True)
    with store.engine.begin() as conn:      # the pages table as govsite made it before contents
        conn.execute(text("DROP INDEX ix_pages_content_id"))
        conn.execute(text("ALTER TABLE pages DROP COLUMN content_id"))
    store.engine.dispose()
    store = open_store(path)
    with store.engine.connect() as conn:
        assert "content_id" in [r[1] for r in conn.execute(text("PRAGMA table_info(pages)"))]
    assert [r.url for r in ScanRows(store, old).pages] == [A + "a.html"]
    new = _write_scan(store, A, date(2026, 11, 2), {A + "a.html": "一"})
    assert len(ScanRows(store, new).list_items) == 2


# -- retention -----------------------------------------------------------------------------
def _history(store):
    """Site A: ten scans from September to November (complete, incomplete, one running); site B:
    one complete scan.  a.html never changes, b.html changes every scan."""
    plan = [(date(2026, 9, 3), "complete"), (date(2026, 9, 10), "complete"), (date(2026, 9, 17), "incomplete"),
            (date(2026, 10, 1), "complete"), (date(2026, 10, 8), "complete"), (date(2026, 10, 15), "incomplete"),
            (date(2026, 10, 22), "complete"), (date(2026, 10, 29), "complete"), (date(2026, 11, 5), "complete"),
            (date(2026, 11, 12), "running")]
    ids = [_write_scan(store, A, day, {A + "a.html": "same", A + "b.html": f"{day}"}, status,
                       old_layout=(n == 1))
           for n, (day, status) in enumerate(plan)]
    ids.append(_write_scan(store, B, date(2026, 10, 1), {B + "a.html": "b"}))
    return ids


def test_retention_keeps_the_last_scans_and_the_first_of_each_month(store):
    ids = _history(store)
    # last 3 complete: 7, 8, 9; first of each month: 1, 4, 9; running 10; site B's only scan 11.
    # Going: complete 2 and 5, incomplete 3 and 6 (older than scan 7).
    assert scans_to_prune(store, keep_last=3) == [ids[1], ids[2], ids[4], ids[5]]
    assert scans_to_prune(store, keep_last=5) == [ids[1], ids[2]]
    assert scans_to_prune(store, keep_last=8) == []
    with pytest.raises(Exception, match="at least 1"):
        scans_to_prune(store, keep_last=0)


def test_prune_deletes_page_rows_and_freed_contents_and_keeps_findings_and_scores(store):
    ids = _history(store)
    going = [ids[1], ids[2], ids[4], ids[5]]
    contents_before = _count(store, PageContentRow)
    dry = prune(store, keep_last=3, dry_run=True)
    assert dry.scans == going and dry.dry_run
    # scan 2 is of the old layout: its own rows; 3, 5, 6 free their b.html contents
    assert (dry.rows["pages"], dry.rows["links"], dry.rows["list_items"], dry.rows["link_checks"]) == (8, 6, 4, 8)
    assert dry.contents == 3 and dry.content_bytes > 0
    assert _count(store, PageContentRow) == contents_before and not pruned_scans(store)

    done = prune(store, keep_last=3)
    assert done.scans == going and done.rows == dry.rows
    assert (done.contents, done.content_bytes) == (dry.contents, dry.content_bytes)
    assert "pruned the pages of 4 scan(s)" in done.summary()
    assert pruned_scans(store) == set(going)
    for scan_id in ids:
        kept = scan_id not in going
        pages = 1 if scan_id == ids[-1] else 2       # site B's scan has one page
        assert _count(store, PageRow, PageRow.scan_id == scan_id) == (pages if kept else 0)
        assert bool(_count(store, LinkCheckRow, LinkCheckRow.scan_id == scan_id)) == kept
        # findings and scores stay for every scan
        assert _count(store, FindingRow, FindingRow.scan_id == scan_id) == 1
    with store.session() as s:
        assert s.execute(text("SELECT count(*) FROM scans WHERE score IS NOT NULL")).scalar() == len(ids)
    # a.html's content, shared by the kept scans, stays; no content is left without a page row
    assert _count(store, PageContentRow) == contents_before - 3
    assert _count(store, PageContentRow, PageContentRow.id.not_in(
        select(PageRow.content_id).where(PageRow.content_id.is_not(None)))) == 0
    assert _count(store, ContentLinkRow, ContentLinkRow.content_id.not_in(select(PageContentRow.id))) == 0
    # a kept scan reads whole; a pruned one says so in one line
    assert len(ScanRows(store, ids[6]).list_items) == 4
    with pytest.raises(PagesPruned, match=rf"pages of scan {ids[1]} were pruned on {datetime.now():%Y-%m-%d}"):
        ScanRows(store, ids[1])
    # nothing more to do the second time
    again = prune(store, keep_last=3)
    assert (again.scans, again.contents, again.summary()) == ([], 0, "nothing to prune")
    assert store_size(store).used > 0


def test_the_view_reads_problem_links_and_attachment_pages_in_one_pass_over_the_links(store):
    scan_id = _write_scan(store, A, date(2026, 11, 1), {A + "a.html": "一", A + "b.html": "二"})
    passes = []

    def count(conn, cursor, statement, *rest):
        if "links" in statement and "target_url" in statement:
            passes.append(statement)
    event.listen(store.engine, "before_cursor_execute", count)
    view = load_scan_view(store, scan_id, 10.0)
    assert view.links_to_problems() == [LinkSource(A + "a.html", A + "gone.html", "坏链", "a", "page", ""),
                                        LinkSource(A + "b.html", A + "gone.html", "坏链", "a", "page", "")]
    assert view.sources(A + "f.pdf") == [A + "a.html", A + "b.html"]
    assert len(passes) == 2     # one statement a store layout (scan_links), for both
