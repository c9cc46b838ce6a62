"""The links and list entries of the pages a re-scan took unchanged, copied set-based from the
last scan (store.rescan_copies)."""
from __future__ import annotations

import sqlite3
from datetime import date

from govsite.store.db import create_scan, open_store
from govsite.store.rescan_copies import (
    copy_links_of_unchanged,
    copy_list_items_of_unchanged,
)

H = "http://127.0.0.1/"


def test_only_the_rows_of_reused_pages_are_copied_in_order(tmp_path):
    store = open_store(tmp_path / "r.sqlite")
    for _ in range(2):
        create_scan(store, H, date(2026, 11, 27), "", {}, {})
    db = sqlite3.connect(tmp_path / "r.sqlite")
    page = ("insert into pages (scan_id, url, final_url, status, content_type, encoding, kind, size, "
            "reused, parsed) values (?, ?, ?, 200, '', '', 'column', 0, ?, x'00')")
    db.executemany(page, [(1, H + "same.html", H + "same.html", 0), (1, H + "changed.html", H + "changed.html", 0),
                          (2, H + "same.html", H + "same.html", 1), (2, H + "changed.html", H + "changed.html", 0)])
    db.executemany("insert into links (scan_id, source_url, target_url, anchor, tag, kind, reason) "
                   "values (1, ?, ?, '', 'a', 'page', '')",
                   [(H + "same.html", H + "z.html"), (H + "changed.html", H + "x.html"), (H + "same.html", H + "a.html")])
    db.executemany("insert into list_items (scan_id, page_url, column_url, title, url, date_text) "
                   "values (1, ?, ?, 't', ?, '')",
                   [(H + "same.html", H, H + "z.html"), (H + "changed.html", H, H + "x.html")])
    db.commit()
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    copy_links_of_unchanged(url, 2, 1)
    copy_list_items_of_unchanged(url, 2, 1)
    assert db.execute("select source_url, target_url from links where scan_id = 2 order by id").fetchall() == \
        [(H + "same.html", H + "z.html"), (H + "same.html", H + "a.html")]
    assert db.execute("select page_url, url from list_items where scan_id = 2").fetchall() == \
        [(H + "same.html", H + "z.html")]
    copy_links_of_unchanged(url, 1, None)           # a first scan has nothing to copy
    copy_list_items_of_unchanged(url, 1, None)
    assert db.execute("select count(*) from links").fetchone()[0] == 5
