"""The real crawler over LinkChecker's link-extraction pages, served on 127.0.0.1.

Each page exercises a place where links hide (base href, frames, CSS url(), charsets, odd URLs);
the assertions say what a correct link checker must report for them.
"""
from __future__ import annotations

import csv
import shutil
import sqlite3
from urllib.parse import quote

import pytest
from conftest import FAST_PROFILE, run_cli


@pytest.fixture(scope="module")
def linkchecker_scan(shared_dir, serve_dir, tmp_path_factory):
    site = tmp_path_factory.mktemp("lc-site")
    shutil.copytree(shared_dir / "peer-linkchecker" / "data", site, dirs_exist_ok=True)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.htm*"))
    pages.append("Мошкова.bin")   # a file name in Cyrillic, linked raw as a CMS would
    (site / "index.html").write_text(
        "<html><body>" + "".join(f'<a href="{quote(p)}">{p}</a>\n' for p in pages) + "</body></html>",
        "utf-8")
    base = serve_dir(site)
    out = tmp_path_factory.mktemp("lc-out")
    db = out / "scan.sqlite"
    result = run_cli("scan", base + "/index.html", "--as-of", "2026-11-27", "--out", out, "--db", db,
                     "--allow-host", "127.0.0.1", "--profile", FAST_PROFILE, "--quiet")
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    checks = {row[0]: row[1:] for row in conn.execute(
        "select url, checked, status, error_class, detail from link_checks")}
    links = conn.execute("select l.source_url, l.target_url, l.tag, l.kind from pages p "
                         "join content_links l on l.content_id = p.content_id order by p.id, l.id").fetchall()
    with open(out / "findings.csv", encoding="utf-8-sig") as fh:
        findings = list(csv.DictReader(fh))
    return base, checks, links, findings


def test_every_page_is_crawled(linkchecker_scan):
    base, checks, _, _ = linkchecker_scan
    for page in ("frames.html", "base1.html", "base2.html", "base4.html", "html5.html",
                 "charsets/utf8/utf8.html", "charsets/iso8859-2/iso8859-2.html", "a%20b/el.html"):
        assert checks[f"{base}/{page}"][1] == 200, page


def test_links_in_comments_and_css_comments_are_not_links(linkchecker_scan):
    base, checks, links, _ = linkchecker_scan
    targets = {t for _, t, _, _ in links}
    assert not any("nocheckin" in t for t in targets)
    assert f"{base}/broken.html" not in targets


def test_css_urls_and_html5_media_are_checked(linkchecker_scan):
    base, checks, links, _ = linkchecker_scan
    for target in ("file.asc", "file.txt", "file.wml", "file.php", "favicon.ico"):
        assert checks[f"{base}/{target}"][1] == 200, target
    tags = {(s.rsplit('/', 1)[-1], t.rsplit('/', 1)[-1]) for s, t, _, _ in links}
    assert ("html5.html", "file.wml") in tags        # <track src>


def test_odd_urls_are_malformed_and_local_files_reported(linkchecker_scan):
    _, checks, _, findings = linkchecker_scan
    assert checks["http://"][2] == "malformed"
    assert checks["http://localhost]"][2] == "malformed"
    assert checks["http://.example.org/"][2] == "malformed"
    broken = {f["url"] for f in findings if f["rule_id"] == "link.broken"}
    assert {"http://", "http://localhost]", "http://.example.org/"} <= broken
    local = [f for f in findings if f["rule_id"] == "link.local_file"]
    assert [f["url"] for f in local] == ["file:///example/file"]


def test_missing_targets_are_broken_with_their_status(linkchecker_scan):
    base, checks, _, findings = linkchecker_scan
    for charset in ("utf8", "iso8859-2", "cp1250"):
        assert checks[f"{base}/charsets/{charset}/file.html"][1:3] == (404, "http")
    broken = {f["url"]: f for f in findings if f["rule_id"] == "link.broken"}
    evidence = broken[f"{base}/charsets/cp1250/file.html"]["evidence"]
    assert "HTTP 404" in evidence and "cp1250.html" in evidence


def test_other_hosts_are_never_contacted(linkchecker_scan):
    _, checks, _, findings = linkchecker_scan
    for url in ("http://www.garantiertnixgutt.bla/", "http://www.example.org/", "http://www.example.com/"):
        checked, status, error, detail = checks[url]
        assert not checked and status is None and "not checked" in detail
    on_other_hosts = [f for f in findings if f["url"].startswith("http://www.example")]
    # Only hrefs that are not URLs at all (a stray quote) are reported there, without a request.
    assert all("链接地址格式错误" in f["evidence"] for f in on_other_hosts)


def test_non_ascii_names_are_fetched(linkchecker_scan):
    base, checks, _, _ = linkchecker_scan
    assert checks[f"{base}/" + quote("Мошкова.bin")][1] == 200
    assert checks[f"{base}/a%20b/t.txt"][1] == 200
