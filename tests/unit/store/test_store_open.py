"""Opening the store: a new store created by several processes at once, a --db that cannot be
one, the store's failures told as one sentence, and the true page count of every scan."""
from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import date

import pytest

from govsite.errors import BadInput, CannotRun
from govsite.store.db import (
    StoreNotOpened,
    create_scan,
    mark_own_scans_incomplete,
    open_store,
    scan_listing,
    store_failure,
)
from govsite.store.schema import PageRow


def _open_at_barrier(path: str, barrier, errors) -> None:
    barrier.wait()
    try:
        store = open_store(path)
        create_scan(store, "http://127.0.0.1/", date(2026, 11, 2), "test", {}, {})
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        errors.put(f"{exc.__class__.__name__}: {exc}")


def test_new_store_opened_by_several_processes_at_once(tmp_path):
    """Two first scans on a new store at once: both must find (or make) every table."""
    ctx = multiprocessing.get_context("fork")
    errors = ctx.Queue()
    processes_per_round, rounds = 4, 25
    for round_no in range(rounds):
        path = str(tmp_path / f"new-{round_no}.sqlite")
        barrier = ctx.Barrier(processes_per_round)
        procs = [ctx.Process(target=_open_at_barrier, args=(path, barrier, errors))
                 for _ in range(processes_per_round)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert all(p.exitcode == 0 for p in procs)
        problems = []
        while not errors.empty():
            problems.append(errors.get())
        assert not problems, f"round {round_no}: {problems}"
        count = sqlite3.connect(path).execute("select count(*) from scans").fetchone()[0]
        assert count == processes_per_round


@pytest.mark.parametrize("under", ["a-file", "a-file/deeper"])
def test_db_under_a_file_is_bad_input(tmp_path, under):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(StoreNotOpened) as caught:
        open_store(tmp_path / under / "govsite.sqlite")
    assert isinstance(caught.value, BadInput) and caught.value.exit_code == 2
    assert "a-file" in str(caught.value) and "\n" not in str(caught.value)


def test_a_full_disk_is_told_as_a_store_that_cannot_be_written(tmp_path):
    """SQLite's "database or disk is full" (what a full disk or a file size limit gives) is a
    failure to run, exit 1, looked up through the exception it was raised while handling."""
    store = open_store(tmp_path / "s.sqlite")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA max_page_count = 1")    # the file cannot grow past its size
        with pytest.raises(Exception) as caught:
            conn.exec_driver_sql("CREATE TABLE big (x)")
            conn.exec_driver_sql("INSERT INTO big VALUES (randomblob(100000))")
    try:
        raise RuntimeError("while recording the scan") from caught.value
    except RuntimeError as wrapped:
        told = store_failure(wrapped)
    assert isinstance(told, CannotRun) and told.exit_code == 1
    assert "database or disk is full" in str(told) and "\n" not in str(told)
    assert store_failure(ValueError("a bug")) is None


def test_listing_counts_the_pages_a_killed_scan_kept(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    scan_id = create_scan(store, "http://127.0.0.1/", date(2026, 11, 2), "test", {}, {})
    with store.session() as s:         # what the page workers had committed when it was killed
        s.add_all([PageRow(scan_id=scan_id, url=f"http://127.0.0.1/{n}.html", status=200,
                           final_url=f"http://127.0.0.1/{n}.html", kind="article", parsed=b"")
                   for n in range(7)])
        s.commit()
    # The process that ran it is this one, so the scan still reads as running ...
    (listed,) = scan_listing(store)
    assert (listed.id, listed.status, listed.pages) == (scan_id, "running", 7)
    # ... until it gives up on it.
    assert mark_own_scans_incomplete(store, "stopped: test") == [scan_id]
    (listed,) = scan_listing(store)
    assert (listed.status, listed.pages, listed.note) == ("incomplete", 7, "stopped: test")


def test_listing_shows_the_phase_a_scan_reached(tmp_path):
    from govsite.store.scan_state import set_phase
    store = open_store(tmp_path / "s.sqlite")
    scan_id = create_scan(store, "http://127.0.0.1/", date(2026, 11, 2), "test", {}, {})
    set_phase(store, scan_id, "crawl")
    set_phase(store, scan_id, "checks", pages=12)
    (listed,) = scan_listing(store)
    assert (listed.phase, listed.status) == ("checks", "running")
