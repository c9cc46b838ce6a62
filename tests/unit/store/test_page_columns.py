"""A scan's pages filed under the column that owns them, read and written by store.page_columns
with the decision of scan.ownership."""
from __future__ import annotations

import sqlite3
from datetime import date

from govsite.scan.ownership import owner_columns
from govsite.store.db import create_scan, open_store
from govsite.store.page_columns import reassign_page_columns

H = "http://127.0.0.1/"


def test_pages_move_to_the_deepest_listing_column_of_their_own_scan_only(tmp_path):
    store = open_store(tmp_path / "c.sqlite")
    for _ in range(2):
        create_scan(store, H, date(2026, 11, 27), "", {}, {})
    db = sqlite3.connect(tmp_path / "c.sqlite")
    article, about = H + "xxgk/tzgg/t1.html", H + "about.html"
    page = ("insert into pages (scan_id, url, final_url, status, content_type, encoding, kind, size, "
            "column_url, reused, parsed) values (?, ?, ?, 200, '', '', ?, 0, ?, 0, x'00')")
    for scan in (1, 2):
        db.executemany(page, [(scan, article, article, "article", H),      # reached from the home page
                              (scan, about, about, "other", H)])
    item = "insert into list_items (scan_id, page_url, column_url, title, url, date_text) values (?, ?, ?, 't', ?, '')"
    db.executemany(item, [(1, H + "index.html", H, article),
                          (1, H + "xxgk/tzgg/index.html", H + "xxgk/tzgg/", article)])
    db.commit()
    assert reassign_page_columns(f"sqlite:///{tmp_path / 'c.sqlite'}", 1, owner_columns) == 1
    assert dict(db.execute("select url, column_url from pages where scan_id = 1")) == \
        {article: H + "xxgk/tzgg/", about: H}
    assert dict(db.execute("select url, column_url from pages where scan_id = 2")) == {article: H, about: H}
    assert reassign_page_columns(f"sqlite:///{tmp_path / 'c.sqlite'}", 1, owner_columns) == 0


def test_on_postgres_the_space_of_the_moved_page_rows_goes_to_the_next_scan(postgres_url):
    """Settling the columns UPDATEs the moved page rows (a re-scan of the unchanged 5 000-page
    benchmark portal moves ~840 pages back from the column the crawl reached them by); on
    PostgreSQL their old versions are vacuumed right after (db.reclaim_dead_rows), so the next
    scan's rows go into that space.  Here every scan moves all its pages: from the third scan
    on each grows the table by ~0.65x what the first did (~0.95x without the VACUUM, until
    autovacuum came by)."""
    from govsite.store.page_rows import PAGE_COLUMNS, PageRowWriter

    store = open_store(postgres_url)
    n = 2000

    def table_bytes() -> int:
        with store.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT pg_total_relation_size('pages')").scalar_one()

    def everything_listed_under(column):
        def decide(_listings, pages):
            return {url: column for url, _kind, stored in pages if stored != column}
        return decide

    grown = []
    for _ in range(4):
        scan = create_scan(store, H, date(2026, 11, 27), "", {}, {})
        before = table_bytes()
        writer = PageRowWriter(store.url, batch_pages=n)
        for i in range(n):
            values = dict.fromkeys(PAGE_COLUMNS)
            values.update(scan_id=scan, url=f"{H}xxgk/tzgg/t{i:05d}.html", final_url="", status=200,
                          content_type="text/html", encoding="utf-8", kind="article", title="标题",
                          column_url=H, size=100, reused=False, parsed=b"P")
            writer.pages.append(tuple(values[c] for c in PAGE_COLUMNS))
            writer.page_done()
        writer.flush()
        writer.close()
        inserted = table_bytes() - before
        assert reassign_page_columns(store.url, scan, everything_listed_under(H + "xxgk/tzgg/")) == n
        grown.append((inserted, table_bytes() - before))
    store.engine.dispose()
    first = grown[0][1]
    for _inserted, total in grown[2:]:
        assert total < 0.8 * first, grown
