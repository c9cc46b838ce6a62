"""The last scan's light parses, decoded by a child process while a re-scan crawls
(govsite.scan.prefetch), on the store of the demo's scan of the sample portal."""
from __future__ import annotations

import csv
import shutil

import pytest

from govsite.pipeline import check_scan
from govsite.profile import Profile
from govsite.scan import load as scan_load
from govsite.scan.load import load_scan_view
from govsite.scan.prefetch import PREFETCH_MIN_PAGES, LightPrefetch, start_prefetch
from govsite.store import scan_reads
from govsite.store.db import get_scan, open_store


@pytest.fixture()
def demo_store(sample_demo, tmp_path):
    """A copy of the demo's store, and the id of its complete scan."""
    out, _, _ = sample_demo
    db = tmp_path / "govsite.sqlite"
    shutil.copyfile(out / "govsite.sqlite", db)
    store = open_store(db)
    scans = [s for s in scan_reads_scans(store) if s[1] == "complete"]
    assert scans, "the demo stored no complete scan"
    yield store, scans[-1][0]
    store.engine.dispose()


def scan_reads_scans(store):
    with store.engine.connect() as conn:
        return list(conn.exec_driver_sql("select id, status from scans order by id"))


def _stream(store, scan_id, light_by_content=None):
    """The view, and the (url, light parse) its stream gives for its pages (an alias of a page,
    its folder's index.html, is left out by the view either way)."""
    view = load_scan_view(store, scan_id, 5.0, light_by_content=light_by_content)
    wanted = {p.url for p in view.pages}
    return view, [(url, page) for url, page, _read in view.stream_light() if url in wanted]


def test_the_child_decodes_every_content_of_the_scan_as_the_checks_would(demo_store):
    store, scan_id = demo_store
    prefetch = LightPrefetch(store.url, scan_id)
    pages = prefetch.pages()
    prefetch.close()
    _view, stream = _stream(store, scan_id)
    keys = scan_reads.content_keys(store, scan_id)
    assert len(stream) > 100
    # every page stored by content is there, decoded exactly as the checks decode it themselves
    assert all(pages[keys[url]] == page for url, page in stream)


def test_prefetched_pages_are_not_read_from_the_store_and_the_others_are(demo_store, monkeypatch):
    store, scan_id = demo_store
    prefetch = LightPrefetch(store.url, scan_id)
    known = dict(prefetch.pages())
    prefetch.close()
    _view, plain = _stream(store, scan_id)
    keys = scan_reads.content_keys(store, scan_id)
    changed = plain[5][0]               # a page whose content the last scan did not have
    del known[keys[changed]]
    asked: list[str] = []
    real = scan_reads.parsed_of

    def parsed_of(store_, scan_id_, urls):
        asked.extend(urls)
        return real(store_, scan_id_, urls)
    monkeypatch.setattr(scan_load.scan_reads, "parsed_of", parsed_of)
    view, stream = _stream(store, scan_id, lambda: known)
    assert stream == plain              # the same pages, the same parses, in the same order
    assert changed in asked and len(asked) < 5
    # the text of a prefetched page is still read on demand, from the store
    home = next(read for url, _page, read in view.stream_light() if url == view.start_url)
    assert home() == next(text for _url, text in view.load_texts([view.start_url]))


def test_checks_with_the_prefetched_parses_find_what_they_find_without(demo_store, tmp_path):
    store, scan_id = demo_store
    stored = get_scan(store, scan_id)
    profile = Profile(stored.profile, stored.profile_source)
    check_scan(store, scan_id, profile, tmp_path / "plain")
    prefetch = LightPrefetch(store.url, scan_id)
    check_scan(store, scan_id, profile, tmp_path / "prefetched", light_by_content=prefetch.pages)
    prefetch.close()
    for name in ("findings.csv", "finding_pages.csv", "columns.csv", "articles.csv"):
        with open(tmp_path / "plain" / name, encoding="utf-8-sig") as a, \
                open(tmp_path / "prefetched" / name, encoding="utf-8-sig") as b:
            assert list(csv.reader(a)) == list(csv.reader(b)), name


def test_a_child_that_fails_gives_nothing_and_the_checks_decode_every_page(demo_store, tmp_path):
    store, scan_id = demo_store
    broken = LightPrefetch(f"sqlite:///{tmp_path}/no/such/dir/x.sqlite", scan_id)
    assert broken.pages() == {}
    broken.close()
    _view, plain = _stream(store, scan_id)
    _view, stream = _stream(store, scan_id, broken.pages)
    assert stream == plain


def test_no_child_for_a_first_scan_or_a_small_site(demo_store):
    store, scan_id = demo_store
    start_url = get_scan(store, scan_id).start_url
    assert start_prefetch(store, "http://127.0.0.1:9/never-scanned/", scan_id + 1) is None
    pages = len(scan_reads.content_keys(store, scan_id))
    assert pages < PREFETCH_MIN_PAGES       # the sample portal: decoded faster than a child starts
    assert start_prefetch(store, start_url, scan_id + 1) is None


def test_the_texts_of_prefetched_pages_read_in_order_take_a_statement_for_many_pages(demo_store, monkeypatch):
    store, scan_id = demo_store
    prefetch = LightPrefetch(store.url, scan_id)
    known = prefetch.pages()
    prefetch.close()
    plain_view = load_scan_view(store, scan_id, 5.0)
    plain = {url: read() for url, _page, read in plain_view.stream_light()}
    statements: list[int] = []
    real = scan_reads.parsed_of

    def parsed_of(store_, scan_id_, urls):
        statements.append(len(urls))
        return real(store_, scan_id_, urls)
    view = load_scan_view(store, scan_id, 5.0, light_by_content=lambda: known)
    stream = list(view.stream_light())
    monkeypatch.setattr(scan_load.scan_reads, "parsed_of", parsed_of)
    # every page's text, as when the last scan's text keys do not apply (a new govsite)
    texts = {url: read() for url, _page, read in stream}
    assert texts == {url: plain[url] for url in texts}
    assert len(texts) > 300 and len(statements) <= len(texts) // scan_load._TextsAhead.AHEAD + 2
