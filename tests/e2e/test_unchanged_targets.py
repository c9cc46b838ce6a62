"""An unchanged page not requested again is followed from its content's stored targets (the
`page_contents.targets` column) without decoding its parse; a content stored before that column
existed is followed from its parse, to the same targets, column and rows."""
from __future__ import annotations

import shutil
import sqlite3
from datetime import date

from test_page_workers import WORKERS, _rows, _scan
from test_rescan import _findings, site  # noqa: F401 - the LinkChecker pages as one site

from govsite.crawler.page_processing import PageWork, UnchangedPage, WorkConfig
from govsite.store.db import create_scan, open_store


def _follow_every_page(db, base) -> list[tuple]:
    """What PageWork.unchanged says of every page of scan 1, in a new scan of its own."""
    store = open_store(str(db))
    scan_id = create_scan(store, base + "/index.html", date(2026, 11, 27), "test", {}, {})
    store.engine.dispose()
    config = WorkConfig(db_url=f"sqlite:///{db}", scan_id=scan_id, previous_scan_id=1,
                        as_of=date(2026, 11, 27), today=date(2026, 11, 27), home_url=base + "/index.html",
                        site_hosts=frozenset({"127.0.0.1"}))
    work = PageWork(config)
    pages = sqlite3.connect(db).execute("select id, url from pages where scan_id = 1 order by id").fetchall()
    outcomes = [work.unchanged(UnchangedPage(url, page_id, None, answered_304=False)) for page_id, url in pages]
    assert work.close() is None
    return [(o.url, o.followed, o.targets, o.child_column, o.failure) for o in outcomes]


def test_a_content_without_stored_targets_is_followed_as_one_with_them(site, serve_dir, tmp_path):  # noqa: F811
    base = serve_dir(site)
    db = tmp_path / "s.sqlite"
    _scan(base, db, tmp_path / "o1", WORKERS)
    conn = sqlite3.connect(db)
    contents, with_targets = conn.execute("select count(*), count(targets) from page_contents").fetchone()
    assert contents > 20 and with_targets == contents
    older = tmp_path / "older.sqlite"
    shutil.copy(db, older)
    sqlite3.connect(older).execute("update page_contents set targets = null").connection.commit()
    fast, slow = _follow_every_page(db, base), _follow_every_page(older, base)
    assert sum(len(o[2]) for o in fast) > 50 and not any(o[4] for o in fast)
    assert {k for o in fast for _url, k in o[2]} >= {"page", "external"}
    assert fast == slow


def test_a_rescan_over_contents_without_stored_targets_stores_the_same_rows(site, serve_dir, tmp_path):  # noqa: F811
    base = serve_dir(site)
    db = tmp_path / "s.sqlite"
    _scan(base, db, tmp_path / "o1", WORKERS)
    older = tmp_path / "older.sqlite"
    shutil.copy(db, older)
    sqlite3.connect(older).execute("update page_contents set targets = null").connection.commit()
    _scan(base, db, tmp_path / "o2", WORKERS)
    _scan(base, older, tmp_path / "o3", WORKERS)
    assert _rows(db, 2) == _rows(older, 2)
    order = [[url for (url,) in sqlite3.connect(d).execute("select url from pages where scan_id = 2 order by id")]
             for d in (db, older)]
    assert order[0] == order[1]
    assert _findings(tmp_path / "o1") == _findings(tmp_path / "o2") == _findings(tmp_path / "o3")
