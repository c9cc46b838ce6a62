"""Crawl bounds (issue 17): pages per scan, depth, query variants of one path; each cut leaves
a sentence saying which bound, where, and how many URLs were not followed."""
from __future__ import annotations

import pytest

from govsite.crawler.bounds import CrawlBounds
from govsite.profile import ProfileError, load_profile

SITE = "http://127.0.0.1:8800"


def test_the_default_profile_bounds_every_crawl():
    crawl = load_profile().section("crawl")
    assert crawl["max_pages"] > 0 and crawl["max_depth"] > 0 and crawl["max_query_variants"] > 0


@pytest.mark.parametrize("key", ["max_pages", "max_depth", "max_query_variants"])
def test_a_negative_bound_is_refused(tmp_path, key):
    path = tmp_path / "p.yaml"
    path.write_text(f"crawl:\n  {key}: -1\n", "utf-8")
    with pytest.raises(ProfileError, match=f"crawl.{key}"):
        load_profile(path)


def test_a_calendar_chain_stops_at_the_depth_bound():
    bounds = CrawlBounds(max_depth=30)
    url = f"{SITE}/calendar?date=0"
    depth = 0
    while bounds.admit(url, depth, None if depth == 0 else f"{SITE}/calendar?date={depth - 1}") is None:
        depth += 1
        url = f"{SITE}/calendar?date={depth}"
    assert depth == 31
    [note] = bounds.notes()
    assert "crawl.max_depth=30" in note and "1 page URL(s)" in note and url in note


def test_variants_reached_from_the_same_path_stop_at_the_bound():
    bounds = CrawlBounds(max_query_variants=5)
    month = f"{SITE}/agenda?month=1"
    assert bounds.admit(month, 1, SITE + "/") is None
    admitted = [d for d in range(10) if bounds.admit(f"{SITE}/agenda?day={d}", 2, month) is None]
    assert admitted == [0, 1, 2, 3]            # the month page itself is the first variant
    [note] = bounds.notes()
    assert f"at {SITE}/agenda: 6 more query variant(s) not followed" in note
    assert "crawl.max_query_variants=5" in note


def test_variants_linked_from_other_pages_are_followed():
    # detail.jsp?id=N articles listed by their column pages are not a trap.
    bounds = CrawlBounds(max_query_variants=5)
    assert all(bounds.admit(f"{SITE}/detail.jsp?id={n}", 3, f"{SITE}/list/index_{n // 20}.html")
               is None for n in range(100))
    assert bounds.notes() == []


def test_a_page_cut_by_depth_and_found_again_nearer_is_followed():
    bounds = CrawlBounds(max_depth=3)
    assert bounds.admit(f"{SITE}/a.html", 4, f"{SITE}/deep.html") == "max_depth"
    assert bounds.admit(f"{SITE}/a.html", 2, f"{SITE}/") is None
    assert bounds.notes() == []


def test_the_page_limit_names_the_first_page_left_out():
    bounds = CrawlBounds(max_pages=2)
    assert not bounds.page_limit(f"{SITE}/1.html", 1, SITE + "/")
    assert bounds.page_limit(f"{SITE}/2.html", 2, SITE + "/")
    assert bounds.page_limit(f"{SITE}/3.html", 2, SITE + "/")
    [note] = bounds.notes()
    assert "crawl.max_pages=2" in note and "2 page URL(s) not followed" in note
    assert f"{SITE}/2.html" in note


def test_no_bound_cuts_nothing():
    bounds = CrawlBounds()
    assert all(bounds.admit(f"{SITE}/c?d={n}", n, f"{SITE}/c?d={n - 1}") is None for n in range(500))
    assert not bounds.page_limit(f"{SITE}/x", 10**6, None)
    assert bounds.notes() == []
