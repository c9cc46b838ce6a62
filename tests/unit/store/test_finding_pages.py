"""The pages behind each finding (store/findings.py): one row per finding with its page list
packed, read back as saved; scans of older stores, one row per page, read the same way."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from govsite.models import Finding
from govsite.store.claims import pages_of_claims, save_claim
from govsite.store.console_schema import ensure_console_tables
from govsite.store.db import create_scan, open_store, site_of
from govsite.store.findings import finding_pages, pack_pages, save_findings, unpack_pages

SITE = "http://127.0.0.1/"
DAY = date(2026, 11, 27)


def _finding(rule: str, url: str, pages: list[str]) -> Finding:
    return Finding(rule, "deduct", "county", "第二十三条", SITE + url, "问题", pages=pages)


# A template defect on three pages, a broken link on two pages, a finding on its own URL only,
# and a second finding with the same key (its pages follow the first's).
FINDINGS = [
    _finding("access.alt", "", [SITE + f"xwzx/{n}.html" for n in range(3)]),
    _finding("link.broken", "files/gone.pdf", [SITE + "zwgk/a.html", SITE + "zwgk/政策 b.html"]),
    _finding("content.typo", "zwgk/c.html", []),
    _finding("link.broken", "files/gone.pdf", [SITE + "zwgk/d.html"]),
]


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "f.sqlite")


def _db(store):
    return sqlite3.connect(store.url.removeprefix("sqlite:///"))


def test_a_scans_finding_pages_are_one_packed_row_per_finding_and_read_back_as_saved(store):
    scan = create_scan(store, SITE, DAY, "", {}, {})
    keys = save_findings(store, scan, SITE, FINDINGS)
    alt, broken, _typo, _again = keys
    expected = {alt: FINDINGS[0].pages, broken: FINDINGS[1].pages + FINDINGS[3].pages}
    assert finding_pages(store, scan) == expected
    assert finding_pages(store, scan, broken) == {broken: expected[broken]}
    db = _db(store)
    assert db.execute("select count(*) from finding_pages").fetchone() == (0,)
    stored = db.execute("select key, pages from finding_page_lists order by id").fetchall()
    assert [(k, unpack_pages(p)) for k, p in stored] == [(alt, FINDINGS[0].pages), (broken, FINDINGS[1].pages),
                                                         (broken, FINDINGS[3].pages)]
    # checked again: replaced, not added to
    save_findings(store, scan, SITE, FINDINGS)
    assert finding_pages(store, scan) == expected
    assert db.execute("select count(*) from finding_page_lists").fetchone() == (3,)


def test_an_older_stores_finding_pages_read_as_before_next_to_new_scans(store):
    old, new = (create_scan(store, SITE, DAY, "", {}, {}) for _ in range(2))
    keys = save_findings(store, old, SITE, FINDINGS)
    # scan `old` as an older govsite stored it: one row per page, no list
    db = _db(store)
    db.execute("delete from finding_page_lists where scan_id = ?", (old,))
    db.executemany('insert into finding_pages (scan_id, "key", page) values (?, ?, ?)',
                   [(old, key, page) for f, key in zip(FINDINGS, keys) for page in f.pages])
    db.commit()
    save_findings(store, new, SITE, FINDINGS)
    assert finding_pages(store, old) == finding_pages(store, new) == {
        keys[0]: FINDINGS[0].pages, keys[1]: FINDINGS[1].pages + FINDINGS[3].pages}
    # the console's claims read the pages of the scan they were made from, in either layout
    ensure_console_tables(store)
    site_id = site_of(store, SITE)
    save_claim(store, site_id, keys[0], state="claimed", seen_scan_id=old)
    save_claim(store, site_id, keys[1], state="claimed", seen_scan_id=new)
    assert pages_of_claims(store, site_id, "claimed") == {
        FINDINGS[0].url, *FINDINGS[0].pages, FINDINGS[1].url, *FINDINGS[1].pages, *FINDINGS[3].pages}


def test_a_packed_list_is_smaller_than_its_urls():
    pages = [SITE + f"xwzx/gzdt/2026/11/t2026112{n}_{n:06d}.html" for n in range(200)]
    assert unpack_pages(pack_pages(pages)) == pages
    assert len(pack_pages(pages)) < sum(map(len, pages)) / 4
