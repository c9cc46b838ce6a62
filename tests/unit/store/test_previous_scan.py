"""What a re-scan reads of the last complete scan of its site (store.previous_scan)."""
from __future__ import annotations

import sqlite3
from datetime import date

from govsite.store.db import create_scan, finish_scan, open_store
from govsite.store.previous_scan import StoredAttachment, StoredPage, last_complete_scan

H = "http://127.0.0.1/"


def test_the_newest_complete_scan_of_the_same_site_before_this_one(tmp_path):
    store = open_store(tmp_path / "v.sqlite")
    day = date(2026, 11, 27)
    ids = [create_scan(store, url, day, "", {}, {}) for url in (H, H, "http://127.0.0.2/", H, H)]
    for scan_id, status in zip(ids, ("complete", "complete", "complete", "incomplete", "running")):
        if status != "running":
            finish_scan(store, scan_id, status)
    db = sqlite3.connect(tmp_path / "v.sqlite")
    db.execute("insert into pages (scan_id, url, final_url, status, content_type, encoding, kind, size, "
               "etag, last_modified, reused, parsed) values (2, ?, ?, 200, '', '', 'home', 0, '\"e\"', NULL, 0, x'00')",
               (H, H))
    db.executemany("insert into attachments (scan_id, url, status, reason, reused, etag, size) "
                   "values (2, ?, ?, '', 0, '\"a\"', 7)", [(H + "a.pdf", "scanned"), (H + "b.pdf", "not scanned")])
    db.executemany("insert into link_checks (scan_id, url, checked, method, status, detail, checked_on) "
                   "values (2, ?, ?, 'GET', 200, '', ?)",
                   [(H, 1, "2026-11-26"), (H + "x.png", 0, None), (H + "y.png", 1, None)])
    # A final URL equal to the URL is stored as '' (schema.SAME_URL) and read back as the URL.
    db.executemany("insert into link_checks (scan_id, url, checked, method, status, final_url, detail, checked_on) "
                   "values (2, ?, 1, 'GET', 200, ?, '', '2026-11-25')",
                   [(H + "same.html", ""), (H + "moved.html", H + "new.html")])
    db.commit()
    assert last_complete_scan(store, H, ids[0]) is None           # nothing before the first
    last = last_complete_scan(store, H, ids[4])                    # skips incomplete 4, other site 3
    page_id = db.execute("select id from pages").fetchone()[0]
    assert last.scan_id == 2
    assert last.pages == [StoredPage(H, page_id, '"e"', None, 200)]
    assert [a._replace(row_id=0) for a in last.attachments] == [StoredAttachment(H + "a.pdf", 0, '"a"', None, 7)]
    assert {c.url: (c.checked_on, c.final_url) for c in last.checks} == {
        H: (date(2026, 11, 26), None), H + "same.html": (date(2026, 11, 25), H + "same.html"),
        H + "moved.html": (date(2026, 11, 25), H + "new.html")}
