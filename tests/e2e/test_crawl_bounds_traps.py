"""Crawl traps on the hostile site stop at the profile's bounds within seconds, with a note that
says which bound, where, and how many URLs were not followed (spider.crawl_cuts, issue 17)."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time

import pytest
from conftest import FAST_PROFILE, REPO
from hostile.server import CALENDAR_DAYS, HostileSite

CRAWL_ONCE = REPO / "tests" / "hostile" / "crawl_once.py"


@pytest.fixture(scope="module")
def site():
    hostile = HostileSite("127.0.0.8").start()
    yield hostile
    hostile.stop()


def _crawl(site: HostileSite, path: str, db, *profiles) -> tuple[dict, float]:
    args = [sys.executable, str(CRAWL_ONCE), site.base + path, str(db), "--allow-host", site.host]
    for profile in (FAST_PROFILE, *profiles):
        args += ["--profile", str(profile)]
    started = time.monotonic()
    done = subprocess.run(args, check=False, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout), time.monotonic() - started


def test_a_calendar_linking_the_next_day_stops_at_the_depth_bound(site, tmp_path):
    seen, elapsed = _crawl(site, "/calendar?date=2026-01-01", tmp_path / "c.sqlite")
    assert elapsed < 60
    assert seen["reason"] == "finished"
    assert seen["pages_written"] == 101                # depth 0 to 100
    [note] = seen["crawl_cuts"]
    assert "crawl.max_depth=100" in note
    assert f"{site.base}/calendar?date=2026-04-11" in note     # the first day not followed


def test_a_calendar_of_months_stops_at_the_query_variant_bound(site, tmp_path):
    seen, elapsed = _crawl(site, "/agenda?month=2026-01", tmp_path / "a.sqlite")
    assert elapsed < 60
    assert seen["pages_written"] == 200
    [note] = seen["crawl_cuts"]
    assert f"crawl.max_query_variants=200 reached at {site.base}/agenda:" in note
    assert "query variant(s) not followed" in note


def test_the_page_bound_stops_any_crawl_with_a_note(site, tmp_path):
    profile = tmp_path / "small.yaml"
    profile.write_text("crawl:\n  max_pages: 25\n", "utf-8")
    seen, _ = _crawl(site, "/agenda?month=2026-01", tmp_path / "p.sqlite", profile)
    assert seen["pages_written"] == 25
    [note] = seen["crawl_cuts"]
    assert note.startswith("crawl bound crawl.max_pages=25 reached:")
    assert seen["counters"]["cut"] > 0


def test_a_bound_set_to_0_is_off(site, tmp_path):
    profile = tmp_path / "wide.yaml"
    profile.write_text("crawl:\n  max_depth: 0\n", "utf-8")
    seen, _ = _crawl(site, "/calendar?date=2033-12-01", tmp_path / "w.sqlite", profile)
    # The server's calendar links nowhere after its last day: every day to it is crawled.
    last = dt.date(2026, 1, 1) + dt.timedelta(days=CALENDAR_DAYS - 1)
    assert seen["pages_written"] == (last - dt.date(2033, 12, 1)).days + 1 > 100
    assert seen["crawl_cuts"] == []
