"""The store grows with what changes, not with the number of scans: the sample portal scanned
again unchanged stores no page content again and finds the same; `govsite prune` deletes the pages of old scans but not their findings, says so when a
pruned scan is checked, and the next re-scan works as before."""
from __future__ import annotations

import csv
import json
import socket
import sqlite3

import pytest
from conftest import FAST_PROFILE, run_cli
from test_sample_scan import AS_OF

from govsite.store.db import open_store
from govsite.store.retention import store_size


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _findings(out) -> list[tuple[str, str, str]]:
    with open(out / "findings.csv", encoding="utf-8-sig") as fh:
        return sorted((r["rule_id"], r["url"], r["message"]) for r in csv.DictReader(fh))


def _used(db) -> int:
    store = open_store(db)
    try:
        return store_size(store).used
    finally:
        store.engine.dispose()


def _rows(db, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """Four scans of the unchanged sample portal (the same port: the same URLs), with a prune
    keeping only the last complete scan (and the first of the month, scan 1) before the fourth;
    the bytes in use before each."""
    root, port = tmp_path_factory.mktemp("growth"), _free_port()
    db = root / "govsite.sqlite"
    sizes = [_used(db)]
    contents = []
    outs = [root / f"scan-{n}" for n in (1, 2, 3, 4)]
    pruned = None
    for n, out in enumerate(outs):
        if n == 3:
            pruned = run_cli("prune", "--db", db, "--keep-last", "1")
        done = run_cli("demo", "--out", out, "--as-of", AS_OF.isoformat(), "--port", port,
                       "--delay-scale", "0.2", "--profile", FAST_PROFILE, "--quiet", "--db", db, timeout=900)
        assert done.returncode == 0, done.stderr or done.stdout
        sizes.append(_used(db))
        contents.append((_rows(db, "page_contents"), _rows(db, "content_links"), _rows(db, "content_list_items")))
    return db, outs, sizes, pruned, contents


def test_a_rescan_of_an_unchanged_site_stores_no_page_content_again_and_finds_the_same(scans):
    db, outs, sizes, _, contents = scans
    first, second = sizes[1] - sizes[0], sizes[2] - sizes[1]
    assert first > 1_000_000
    # No parse, HTML, link or list entry is stored again, before or after the prune.
    assert contents[0][0] >= 456 and contents[0] == contents[1] == contents[2] == contents[3]
    # What the re-scan adds is its own rows: 456 page rows and 525 link checks, its 169 findings,
    # column register and score (kept for ever) and the detectors' reuse caches (two generations
    # kept, so replaced from the third scan on): ~14 % of the first scan here, not the 5 % aimed
    # at (README, "Storage and retention"); before page contents it was ~100 %.
    assert second < 0.2 * first, f"the re-scan added {second} bytes, the first scan {first}"
    assert _findings(outs[0]) == _findings(outs[1])


def test_prune_keeps_findings_and_says_a_pruned_scan_has_no_pages(scans, tmp_path):
    db, outs, _, pruned, _ = scans
    assert pruned.returncode == 0, pruned.stderr
    # scan 1 is the first of the month and scan 3 the last complete one: scan 2 goes
    assert "pruned the pages of 1 scan(s) (2)" in pruned.stdout
    listed = run_cli("scans", "--db", db, "--json")
    assert listed.returncode == 0, listed.stderr
    by_id = {s["id"]: s for s in json.loads(listed.stdout)}
    assert [by_id[i]["pruned"] for i in (1, 2, 3, 4)] == [False, True, False, False]
    # scan 1 stored every content; the others none
    assert by_id[1]["content_bytes"] > 1_000_000
    assert [by_id[i]["content_bytes"] for i in (2, 3, 4)] == [0, 0, 0]
    again = run_cli("check", "2", "--db", db, "--out", tmp_path / "c2")
    assert again.returncode == 2
    assert again.stderr.strip().splitlines()[-1].endswith(
        "its findings, column register and score are still stored")
    assert "Traceback" not in again.stderr
    # the re-scan after the prune builds on the kept scans and finds the same
    assert _findings(outs[3]) == _findings(outs[0])
    table = run_cli("scans", "--db", db)
    assert "store:" in table.stdout and "pruned" in table.stdout
