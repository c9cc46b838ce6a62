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
