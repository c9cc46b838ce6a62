"""Twenty scans of a small site with attachments, through the CLI: every scan stores a link check
for each target and an attachment row for each file (issue 17: some scans kept 1 link check and
0 attachments and were still recorded complete)."""
from __future__ import annotations

import functools
import http.server
import sqlite3
import threading
from collections import Counter
from pathlib import Path

import pytest
from conftest import FAST_PROFILE, run_cli

from govsite.sample.attachments import make_docx, make_pdf, make_xlsx

SCANS = 20
LISTS = 4
FILES_PER_LIST = 6


class _NoValidators(http.server.SimpleHTTPRequestHandler):
    """A static site served like a CMS that sends no Last-Modified and ignores conditional
    requests, so every scan downloads and reads every attachment again."""

    def parse_request(self) -> bool:
        ok = super().parse_request()
        if ok:
            del self.headers["If-Modified-Since"]
            del self.headers["If-None-Match"]
        return ok

    def send_header(self, keyword, value):
        if keyword.lower() != "last-modified":
            super().send_header(keyword, value)

    def log_message(self, *args):
        pass


def _attachment(n: int) -> tuple[str, bytes]:
    kind = n % 4
    if kind == 0:
        return f"files/a{n}.pdf", make_pdf(f"公告{n}", [f"第{n}号公告", "联系电话：0851-5221234"])
    if kind == 1:
        return f"files/a{n}.docx", make_docx(f"通知{n}", [f"关于第{n}批项目的通知"])
    if kind == 2:
        return f"files/a{n}.xlsx", make_xlsx("名单", [["序号", "姓名"], [str(n), "张三"]])
    return f"files/a{n}.txt", f"附件{n}：办事指南。".encode()


@pytest.fixture(scope="module")
def attachment_site(tmp_path_factory):
    """index.html -> LISTS list pages -> FILES_PER_LIST attachments each; returns (base URL,
    the site's page URLs, its attachment URLs)."""
    root = tmp_path_factory.mktemp("attachment-site")
    (root / "files").mkdir()
    pages, files = ["index.html"], []
    lists = []
    for k in range(LISTS):
        links = []
        for j in range(FILES_PER_LIST):
            name, data = _attachment(k * FILES_PER_LIST + j)
            (root / name).write_bytes(data)
            files.append(name)
            links.append(f'<li><a href="../{name}">附件{k}-{j}</a><span>2026-11-{10 + j}</span></li>')
        (root / f"list{k}").mkdir()
        (root / f"list{k}" / "index.html").write_text(
            f"<html><head><title>栏目{k}</title></head><body><ul>{''.join(links)}</ul>"
            f'<a href="../index.html">首页</a></body></html>', "utf-8")
        pages.append(f"list{k}/index.html")
        lists.append(f'<a href="list{k}/index.html">栏目{k}</a>')
    (root / "index.html").write_text(
        f"<html><head><title>测试门户</title></head><body>{''.join(lists)}</body></html>", "utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_NoValidators, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    yield base, [base + p for p in pages], [base + f for f in files]
    server.shutdown()


def test_twenty_scans_of_a_site_with_attachments_lose_no_row(attachment_site, tmp_path):
    base, pages, files = attachment_site
    db = tmp_path / "s.sqlite"
    for n in range(1, SCANS + 1):
        result = run_cli("scan", base + "index.html", "--as-of", "2026-11-27", "--out", tmp_path / f"o{n}",
                         "--db", db, "--allow-host", "127.0.0.1", "--profile", FAST_PROFILE, "--quiet")
        assert result.returncode == 0, f"scan {n}: {result.stderr}"
        assert "Traceback" not in result.stderr, f"scan {n}: {result.stderr}"
        # The scan closed its store before exiting (it skips the interpreter's last collection,
        # which closed it before): SQLite folded its write-ahead log back in and removed it.
        assert not Path(f"{db}-wal").exists(), f"scan {n}"
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from scans").fetchone()[0] == SCANS
    for scan_id in range(1, SCANS + 1):
        status, note = conn.execute("select status, note from scans where id = ?", (scan_id,)).fetchone()
        assert status == "complete", (scan_id, note)
        checks = Counter(url for (url,) in conn.execute(
            "select url from link_checks where scan_id = ?", (scan_id,)))
        assert checks == Counter(pages + files), scan_id            # each target once, none missing
        stored = conn.execute("select url, status, text is not null from attachments "
                              "where scan_id = ?", (scan_id,)).fetchall()
        assert sorted(stored) == sorted((url, "scanned", 1) for url in files), scan_id


def test_a_store_writer_that_fails_leaves_the_scan_incomplete(attachment_site, tmp_path):
    """The store refuses the attachment rows (a trigger here, a full disk in life): the writer's
    error is the crawl's writer_error, and the scan is recorded incomplete with it."""
    base, _pages, _files = attachment_site
    db = tmp_path / "f.sqlite"
    assert run_cli("scans", "--db", db).returncode == 0          # creates the store
    conn = sqlite3.connect(db)
    conn.execute("create trigger refuse before insert on attachments "
                 "begin select raise(abort, 'disk I/O error'); end")
    conn.commit()
    result = run_cli("scan", base + "index.html", "--as-of", "2026-11-27", "--out", tmp_path / "o",
                     "--db", db, "--allow-host", "127.0.0.1", "--profile", FAST_PROFILE, "--quiet")
    assert "Traceback" not in result.stderr, result.stderr
    status, note = conn.execute("select status, note from scans").fetchone()
    assert status == "incomplete", note
    assert "store writer failed" in note and "disk I/O error" in note
    assert conn.execute("select count(*) from attachments").fetchone()[0] == 0
