"""Re-scans: conditional requests, stored parses reused, pages behind unchanged pages not requested,
and a changed page noticed."""
from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import time
from urllib.parse import quote

import pytest
from conftest import FAST_PROFILE, run_cli


def _findings(out):
    with open(out / "findings.csv", encoding="utf-8-sig") as fh:
        return sorted((r["rule_id"], r["url"]) for r in csv.DictReader(fh))


@pytest.fixture()
def site(shared_dir, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(shared_dir / "peer-linkchecker" / "data", root)
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.htm*"))
    (root / "index.html").write_text(
        "<html><body>" + "".join(f'<a href="{quote(p)}">{p}</a>\n' for p in pages) + "</body></html>",
        "utf-8")
    return root


def _scan(base, db, out):
    result = run_cli("scan", base + "/index.html", "--as-of", "2026-11-27", "--out", out, "--db", db,
                     "--allow-host", "127.0.0.1", "--profile", FAST_PROFILE, "--quiet")
    assert result.returncode == 0, result.stderr
    return json.loads(sqlite3.connect(db).execute(
        "select stats from scans order by id desc limit 1").fetchone()[0])


def test_rescan_of_unchanged_site_reuses_everything(site, serve_dir, tmp_path):
    base, db = serve_dir(site), tmp_path / "s.sqlite"
    first = _scan(base, db, tmp_path / "o1")
    second = _scan(base, db, tmp_path / "o2")
    assert first["reused"] == 0
    assert second["pages"] == first["pages"] and second["reused"] == second["pages"]
    assert _findings(tmp_path / "o1") == _findings(tmp_path / "o2")
    conn = sqlite3.connect(db)
    # The start page was revalidated (304); the pages behind it were not requested at all.
    details = [d for (d,) in conn.execute("select detail from link_checks where scan_id = 2")]
    assert sum("unchanged: taken from scan 1" in d for d in details) >= first["pages"] - 1
    # The new scan's pages refer to the parses and HTML the first stored (each stored once), so
    # checks rerun on it without crawling.
    assert conn.execute("select count(*) from pages p join page_contents c on c.id = p.content_id "
                        "where p.scan_id = 2 and c.html is not null").fetchone()[0] == second["pages"]
    assert conn.execute("select count(*) from page_contents").fetchone()[0] == first["pages"]


def test_a_changed_start_page_is_fetched_and_its_new_link_checked(site, serve_dir, tmp_path):
    base, db = serve_dir(site), tmp_path / "s.sqlite"
    _scan(base, db, tmp_path / "o1")
    index = site / "index.html"
    index.write_text(index.read_text("utf-8").replace("</body>", '<a href="gone.html">gone</a></body>'),
                     "utf-8")
    later = time.time() + 5
    os.utime(index, (later, later))          # a new Last-Modified
    third = _scan(base, db, tmp_path / "o3")
    assert third["reused"] < third["pages"]
    assert ("link.broken", base + "/gone.html") in _findings(tmp_path / "o3")


def test_revalidate_days_zero_requests_every_page(site, serve_dir, tmp_path):
    base, db = serve_dir(site), tmp_path / "s.sqlite"
    always = tmp_path / "always.yaml"
    always.write_text("crawl:\n  revalidate_days: 0\n", "utf-8")
    for out in ("o1", "o2"):
        result = run_cli("scan", base + "/index.html", "--as-of", "2026-11-27", "--out", tmp_path / out,
                         "--db", db, "--allow-host", "127.0.0.1", "--profile", FAST_PROFILE,
                         "--profile", always, "--quiet")
        assert result.returncode == 0, result.stderr
    details = [d for (d,) in sqlite3.connect(db).execute("select detail from link_checks where scan_id = 2")]
    assert not any("taken from scan" in d for d in details)
