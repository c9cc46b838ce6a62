"""`govsite scan` of the hostile site (tests/hostile/server.py), through the CLI as a user runs it.

Every trap ends within a bounded time, with exit 0 (a scan that ran), no traceback, and each
hostile target in its honest class (issue 17): too large or too slow is "not scanned",
a persistent 429 "rate-limited", a WAF challenge "blocked" (none of them a broken link); a
redirect loop and a 503 without Retry-After are broken; a page nested 100 000 levels deep is
"not parsed", never a page without a footer; broken encodings still parse.
"""
from __future__ import annotations

import csv
import time

import pytest
from conftest import FAST_PROFILE, run_cli
from hostile.server import HostileSite

from govsite.crawler.classify import NOT_SCANNED, RATE_LIMITED
from govsite.parsing.page import NOT_PARSED_TOO_DEEP
from govsite.scan.load import load_scan_view
from govsite.store.db import open_store

HOST = "127.0.0.7"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    site = HostileSite(HOST).start()
    out = tmp_path_factory.mktemp("hostile-out")
    db = out / "scan.sqlite"
    started = time.monotonic()
    try:
        result = run_cli("scan", site.base + "/", "--as-of", "2026-11-27", "--out", out, "--db", db,
                         "--allow-host", HOST, "--profile", FAST_PROFILE, timeout=240)
    finally:
        elapsed = time.monotonic() - started
        site.stop()
    with open(out / "findings.csv", encoding="utf-8-sig") as fh:
        findings = list(csv.DictReader(fh))
    data = load_scan_view(open_store(db), 1, 3.0)
    return site, result, elapsed, findings, data, out


def _urls(findings, rule_id: str) -> set[str]:
    return {f["url"] for f in findings if f["rule_id"] == rule_id}


def test_the_scan_ends_in_bounded_time_without_a_traceback(scanned):
    site, result, elapsed, _, data, _out = scanned
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert elapsed < 180
    assert data.status == "complete"
    # The calendars were cut by the bounds, not by the server running out of days.
    assert site.hits["/calendar"] == 100 and site.hits["/agenda"] == 200


def test_over_size_and_over_time_downloads_are_not_scanned_not_broken(scanned):
    site, _, _, findings, data, _out = scanned
    not_scanned = ["/bomb.html", "/bigpage.html", "/bigpage-cl.html", "/slow-body.html", "/big.pdf"]
    for path in not_scanned:
        check = data.checks[site.base + path]
        assert check.checked and check.error_class == NOT_SCANNED, (path, check)
        assert check.detail and "None" not in check.detail
    assert "decompressed" in data.checks[site.base + "/bomb.html"].detail
    assert data.checks[site.base + "/slow-body.html"].detail.startswith("too slow")
    broken = _urls(findings, "link.broken") | _urls(findings, "link.slow")
    assert not broken & {site.base + p for p in not_scanned}
    # The attachments say why they were not read.
    attachments = {a.url: a for a in data.attachments}
    for path in ("/big.pdf", "/big-cl.pdf", "/bomb.zip"):
        assert attachments[site.base + path].status == "not scanned", path
    assert "too large" in attachments[site.base + "/bomb.zip"].reason


def test_a_persistent_429_or_503_with_retry_after_is_rate_limited(scanned):
    site, _, _, findings, data, _out = scanned
    for path in ("/busy.html", "/busy503.html", "/busy.pdf", "/busy.png"):
        check = data.checks[site.base + path]
        assert check.error_class == RATE_LIMITED, (path, check)
        assert check.detail.startswith(f"rate-limited: HTTP {check.status} after 1 retry")
    assert not _urls(findings, "link.broken") & {site.base + p for p in ("/busy.html", "/busy503.html",
                                                                       "/busy.pdf", "/busy.png")}
    # Listed for a person with the WAF challenges (link.blocked), never counted as broken.
    assert {site.base + p for p in ("/busy.html", "/busy503.html", "/busy.pdf", "/busy.png")} \
        <= _urls(findings, "link.blocked")
    # Politeness unchanged: one retry (fast profile), after the server's Retry-After.
    assert site.hits["/busy.html"] == 2


def test_loops_and_a_server_that_is_down_are_broken(scanned):
    site, _, _, findings, data, _out = scanned
    assert _urls(findings, "link.broken") == {site.base + p for p in ("/loop/a", "/chain/0", "/down503.html")}
    assert data.checks[site.base + "/loop/a"].detail == "redirect loop (too many redirections)"
    rate_limited = {site.base + p for p in ("/busy.html", "/busy503.html", "/busy.pdf", "/busy.png")}
    assert _urls(findings, "link.blocked") == {site.base + "/waf.html"} | rate_limited
    assert data.checks[site.base + "/slow-headers.html"].error_class == "timeout"


def test_a_page_nested_too_deep_is_not_parsed_and_has_no_footer_findings(scanned):
    site, _, _, findings, data, _out = scanned
    deep = site.base + "/deep.html"
    page = data.page(deep)
    assert page.kind == "error" and page.title == NOT_PARSED_TOO_DEEP
    assert not [f for f in findings if f["url"] == deep]


def test_broken_encodings_still_parse(scanned):
    site, _, _, _, data, _out = scanned
    titles = {"/enc-gb.html": "编码错误的页面", "/enc-bogus.html": "未知字符集",
              "/enc-cut.html": "截断的UTF-8"}
    for path, title in titles.items():
        page = data.page(site.base + path)
        assert page is not None and (page.kind, page.title) == ("other", title), path


def test_a_websocket_in_a_script_is_not_a_link(scanned):
    site, _, _, _, data, _out = scanned
    assert site.hits["/ws"] == 0
    assert not [url for url in data.checks if url.startswith("ws:")]


def test_no_http_none_and_the_cuts_are_told(scanned):
    """A failure without a status says what happened; a bound that cut the crawl is in scan.json."""
    import json
    _site, _result, _elapsed, findings, _data, out = scanned
    assert not [f for f in findings if "HTTP None" in f["evidence"] or "Error:" in f["evidence"]]
    cuts = json.loads((out / "scan.json").read_text("utf-8"))["crawl_cuts"]
    assert any("crawl.max_query_variants=200" in c for c in cuts), cuts
