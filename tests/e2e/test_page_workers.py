"""Page workers (crawl.parse_workers > 0): the same rows as parsing in the crawl process, copies of
unchanged pages on a re-scan, and no page lost or worker left behind when the crawl is killed."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from conftest import FAST_PROFILE, REPO, run_cli
from test_cli_errors import endless_scan
from test_rescan import _findings, site  # noqa: F401 - the LinkChecker pages as one site

from govsite.crawler.page_processing import FetchedPage, UnchangedPage, WorkConfig
from govsite.crawler.page_workers import PagePool
from govsite.store.db import create_scan, open_store

WORKERS = REPO / "tests" / "fixtures" / "workers.yaml"


def _scan(base, db, out, *profiles):
    extra = [arg for p in profiles for arg in ("--profile", p)]
    result = run_cli("scan", base + "/index.html", "--as-of", "2026-11-27", "--out", out, "--db", db,
                     "--allow-host", "127.0.0.1", "--profile", FAST_PROFILE, *extra, "--quiet")
    assert result.returncode == 0, result.stderr
    return json.loads((Path(out) / "scan.json").read_text("utf-8"))


def _rows(db, scan_id):
    """Every stored row of a scan that the crawl writes, without ids (a multiset per table)."""
    conn = sqlite3.connect(db)
    # A page's parse, HTML, links and list entries are its content's (store/contents.py).
    with_content = "from pages p join page_contents c on c.id = p.content_id"
    q = {
        "pages": "select url, final_url, status, kind, title, published, source, column_name, "
                 f"column_url, encoding, p.size, length(c.parsed) > 0, length(c.html) > 0 {with_content} "
                 "where p.scan_id = ?",
        "links": "select l.source_url, l.target_url, l.anchor, l.tag, l.kind, l.reason from pages p "
                 "join content_links l on l.content_id = p.content_id where p.scan_id = ?",
        "list_items": "select i.page_url, i.column_url, i.title, i.url, i.item_date, i.date_text from pages p "
                      "join content_list_items i on i.content_id = p.content_id where p.scan_id = ?",
        "checks": "select url, checked, status, error_class from link_checks where scan_id = ?",
    }
    return {name: Counter(conn.execute(sql, (scan_id,)).fetchall()) for name, sql in q.items()}


def test_workers_store_exactly_what_the_crawl_process_stores(site, serve_dir, tmp_path):  # noqa: F811
    base = serve_dir(site)
    _scan(base, tmp_path / "one.sqlite", tmp_path / "o1")
    _scan(base, tmp_path / "two.sqlite", tmp_path / "o2", WORKERS)
    alone, workers = _rows(tmp_path / "one.sqlite", 1), _rows(tmp_path / "two.sqlite", 1)
    assert sum(alone["pages"].values()) > 20 and sum(alone["links"].values()) > 100
    for table in alone:
        assert workers[table] == alone[table], table
    assert _findings(tmp_path / "o1") == _findings(tmp_path / "o2")


def test_rescan_with_workers_copies_unchanged_pages_and_reuses_text_hits(site, serve_dir, tmp_path):  # noqa: F811
    base, db = serve_dir(site), tmp_path / "s.sqlite"
    first = _scan(base, db, tmp_path / "o1", WORKERS)
    second = _scan(base, db, tmp_path / "o2", WORKERS)
    one, two = _rows(db, 1), _rows(db, 2)
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from pages where scan_id = 2 and reused").fetchone()[0] == \
        sum(two["pages"].values())
    # Copied row for row: same pages (elapsed and validators aside), links and list entries.
    assert two["links"] == one["links"] and two["list_items"] == one["list_items"]
    assert {r[0] for r in two["pages"]} == {r[0] for r in one["pages"]}
    assert _findings(tmp_path / "o1") == _findings(tmp_path / "o2")
    # The content detectors read every text once, then took the hits from the first scan.
    assert first["content_texts"]["reused"] == 0 and first["content_texts"]["scanned"] > 0
    assert second["content_texts"] == {"scanned": 0, "reused": first["content_texts"]["scanned"]}
    # The links are copied while the checks start; the scan is complete once they are in.
    assert first["status"] == second["status"] == "complete"
    assert conn.execute("select status from scans where id = 2").fetchone()[0] == "complete"


@pytest.mark.parametrize("profiles", [(WORKERS,), ()], ids=["workers", "crawl-process"])
def test_rescan_of_an_unchanged_site_stores_and_writes_what_the_first_scan_did(site, serve_dir, tmp_path,  # noqa: F811
                                                                             profiles):
    """The unchanged pages' rows come in the first scan's order (not the order the re-scan reached
    them), so every output that lists pages in row order is the first scan's, byte for byte."""
    base, db = serve_dir(site), tmp_path / "s.sqlite"
    _scan(base, db, tmp_path / "o1", *profiles)
    second = _scan(base, db, tmp_path / "o2", *profiles)
    conn = sqlite3.connect(db)
    order = [[url for (url,) in conn.execute("select url from pages where scan_id = ? order by id", (n,))]
             for n in (1, 2)]
    assert len(order[0]) > 20 and order[1] == order[0]
    assert second["status"] == "complete"
    for name in ("findings.csv", "finding_pages.csv", "columns.csv", "articles.csv", "interpretations.csv"):
        assert (tmp_path / "o2" / name).read_bytes() == (tmp_path / "o1" / name).read_bytes(), name


def test_an_unchanged_page_is_copied_in_the_crawl_process_not_sent_to_a_worker(site, serve_dir, tmp_path):  # noqa: F811
    """Copying a row costs less than the round trip to a worker: a re-scan's unchanged pages are
    handled beside the spider, while the workers wait for pages that were fetched."""
    base, db = serve_dir(site), tmp_path / "s.sqlite"
    _scan(base, db, tmp_path / "o1", WORKERS)
    store = open_store(str(db))
    scan_id = create_scan(store, base + "/index.html", date(2026, 11, 27), "test", {}, {})
    store.engine.dispose()
    conn = sqlite3.connect(db)
    # the start page, which links to every page (the first row by id depends on which worker
    # wrote first, and may be a page without a link, e.g. anchor.html)
    page_id, url = conn.execute("select id, url from pages where scan_id = 1 and url = ?",
                                (base + "/index.html",)).fetchone()
    config = WorkConfig(db_url=f"sqlite:///{db}", scan_id=scan_id, previous_scan_id=1, as_of=date(2026, 11, 27),
                        today=date.today(), home_url=base + "/index.html", site_hosts=frozenset({"127.0.0.1"}))
    pool = PagePool(config, workers=1)
    try:
        outcome = asyncio.run(pool.run(UnchangedPage(url, page_id, None, answered_304=False)))
    finally:
        pool.close()
    assert outcome.followed and outcome.targets and outcome.failure is None
    assert pool.workers == []       # no worker started: none got a page
    assert pool.pages_written == 1 and pool.store_error is None
    assert conn.execute("select url, reused from pages where scan_id = ?", (scan_id,)).fetchall() == [(url, 1)]


def test_closing_the_pool_tells_every_worker_before_waiting_for_one(tmp_path):
    """The workers write their last rows and exit side by side: the crawl's end waits for the
    slowest of them, not for their sum."""
    db = tmp_path / "s.sqlite"
    store = open_store(str(db))
    scan_id = create_scan(store, "http://127.0.0.1/", date(2026, 11, 27), "test", {}, {})
    store.engine.dispose()
    config = WorkConfig(db_url=f"sqlite:///{db}", scan_id=scan_id, previous_scan_id=None,
                        as_of=date(2026, 11, 27), today=date.today(), home_url="http://127.0.0.1/",
                        site_hosts=frozenset({"127.0.0.1"}))
    pool = PagePool(config, workers=2)
    events = []

    class Spy:
        """The worker's socket or process, noting when the worker is told to end and waited for."""

        def __init__(self, real, method: str, event: str, number: int) -> None:
            self.real, self.method, self.event, self.number = real, method, event, number

        def __getattr__(self, name):
            value = getattr(self.real, name)
            if name != self.method:
                return value

            def noted(*args, **kwargs):
                events.append((self.event, self.number))
                return value(*args, **kwargs)
            return noted

    for worker in pool.workers:
        worker.sock = Spy(worker.sock, "shutdown", "told", worker.number)
        worker.process = Spy(worker.process, "wait", "waited", worker.number)
    pool.close()
    assert pool.store_error is None
    assert sorted(events[:2]) == [("told", 1), ("told", 2)]
    assert sorted(events[2:]) == [("waited", 1), ("waited", 2)]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_sigkill_of_the_crawl_leaves_no_worker_and_keeps_written_pages(tmp_path):
    db = tmp_path / "d.sqlite"
    with endless_scan(db, tmp_path / "o", WORKERS) as proc:
        workers: list[int] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.5)
            workers = [c for c in _children(proc.pid)
                       if b"govsite.crawler.page_workers" in Path(f"/proc/{c}/cmdline").read_bytes()]
            if len(workers) == 2 and db.exists() and sqlite3.connect(db).execute(
                    "select count(*) from pages").fetchone()[0] >= 10:
                break
        assert len(workers) == 2
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        # A worker reads end-of-file, writes the pages it holds, and exits.
        deadline = time.monotonic() + 20
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers)
    listing = run_cli("scans", "--db", db)
    assert listing.returncode == 0, listing.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("select status from scans").fetchall() == [("incomplete",)]
    assert conn.execute("select count(*) from pages").fetchone()[0] >= 10


def test_the_links_copy_copies_nothing_any_more(tmp_path):
    """A re-scan's unchanged pages refer to the contents the last scan stored: LinksCopy only
    refreshes the statistics (nothing on SQLite), so it needs no links table and ends without
    an error, first scan or re-scan."""
    from govsite.crawler.run import LinksCopy
    db = tmp_path / "bare.sqlite"
    sqlite3.connect(db).execute("create table pages (url text)").connection.commit()   # no links table
    assert LinksCopy(f"sqlite:///{db}", 2, 1).wait() is None
    assert LinksCopy(f"sqlite:///{db}", 1, None).wait() is None


def _rescan_pool(tmp_path, workers: int) -> tuple[PagePool, Path]:
    """A pool for scan 2 of a store whose scan 1 is the last one (a re-scan)."""
    db = tmp_path / "s.sqlite"
    store = open_store(str(db))
    for _ in range(2):
        scan_id = create_scan(store, "http://127.0.0.1/", date(2026, 11, 27), "test", {}, {})
    store.engine.dispose()
    config = WorkConfig(db_url=f"sqlite:///{db}", scan_id=scan_id, previous_scan_id=1,
                        as_of=date(2026, 11, 27), today=date(2026, 11, 27), home_url="http://127.0.0.1/",
                        site_hosts=frozenset({"127.0.0.1"}))
    return PagePool(config, workers=workers), db


def _fetched(n: int) -> FetchedPage:
    url = f"http://127.0.0.1/p{n}.html"
    body = (f'<html><head><title>第{n}页</title></head><body><h1>第{n}页</h1>'
            f'<a href="/p{n + 1}.html">下一篇</a><a href="/list/">列表</a></body></html>').encode()
    return FetchedPage(url, url, 200, "text/html; charset=utf-8", {}, body, None, 0.01, None, None)


def _run_all(pool: PagePool, jobs) -> list:
    async def run():
        return [await pool.run(job) for job in jobs]
    try:
        return asyncio.run(run())
    finally:
        pool.close()


def test_a_rescan_fetching_few_pages_starts_no_worker(tmp_path):
    """An unchanged site's re-scan fetches its start page and error pages: the crawl's process
    parses them, rather than start worker processes that cost more than those pages."""
    pool, db = _rescan_pool(tmp_path, workers=2)
    outcomes = _run_all(pool, [_fetched(n) for n in range(5)])
    assert pool.workers == []
    assert all(o.followed and o.failure is None for o in outcomes)
    assert ("http://127.0.0.1/list/", "page") in outcomes[0].targets
    assert pool.pages_written == 5 and pool.store_error is None
    assert sqlite3.connect(db).execute("select count(*) from pages where scan_id = 2").fetchone()[0] == 5


def test_a_rescan_fetching_many_pages_starts_the_workers_and_parses_every_page(tmp_path, monkeypatch):
    # Any parse spends the budget: the first page is parsed here, the others by the workers.
    monkeypatch.setattr("govsite.crawler.page_workers.RESCAN_PARSE_SECONDS_BEFORE_WORKERS", 1e-9)
    pool, db = _rescan_pool(tmp_path, workers=2)
    outcomes = _run_all(pool, [_fetched(n) for n in range(8)])
    assert len(pool.workers) == 2 and any(w.connected is not None for w in pool.workers)
    assert all(o.followed and o.failure is None for o in outcomes)
    assert pool.pages_written == 8 and pool.store_error is None
    urls = {url for (url,) in sqlite3.connect(db).execute("select url from pages where scan_id = 2")}
    assert urls == {f"http://127.0.0.1/p{n}.html" for n in range(8)}


def test_a_first_scan_starts_its_workers_at_once(tmp_path):
    db = tmp_path / "s.sqlite"
    store = open_store(str(db))
    scan_id = create_scan(store, "http://127.0.0.1/", date(2026, 11, 27), "test", {}, {})
    store.engine.dispose()
    config = WorkConfig(db_url=f"sqlite:///{db}", scan_id=scan_id, previous_scan_id=None,
                        as_of=date(2026, 11, 27), today=date(2026, 11, 27), home_url="http://127.0.0.1/",
                        site_hosts=frozenset({"127.0.0.1"}))
    pool = PagePool(config, workers=2)
    started = len(pool.workers)
    outcomes = _run_all(pool, [_fetched(n) for n in range(2)])
    assert started == 2 and pool.local is None
    assert all(o.followed for o in outcomes) and pool.pages_written == 2
