"""Bad input ends in one clear line and a non-zero exit, never a traceback, never lost data."""
from __future__ import annotations

import http.server
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest

from conftest import FAST_PROFILE, REPO, run_cli


def _one_line_error(result: subprocess.CompletedProcess, code: int, needle: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:") and needle in lines[0], lines[0]


@pytest.mark.parametrize("url, needle", [
    ("www.gzfg.gov.cn", "has no scheme"),
    ("ftp://www.gzfg.gov.cn/", "only http and https"),
    ("http://", "no valid host"),
    ("http://exa mple.gov.cn/", "no valid host"),
])
def test_malformed_start_url(tmp_path, url, needle):
    result = run_cli("scan", url, "--db", tmp_path / "db.sqlite", "--out", tmp_path, "--quiet")
    _one_line_error(result, 2, needle)


@pytest.mark.parametrize("as_of, needle", [("2026-13-45", "YYYY-MM-DD"), ("1999-01-01", "out of range"),
                                           ("yesterday", "YYYY-MM-DD")])
def test_bad_as_of(tmp_path, as_of, needle):
    result = run_cli("scan", "http://127.0.0.1:9/", "--as-of", as_of, "--db", tmp_path / "d.sqlite")
    _one_line_error(result, 2, needle)


def test_broken_profile(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("crawl:\n  concurrent_requests: many\n", "utf-8")
    result = run_cli("scan", "http://127.0.0.1:9/", "--profile", bad, "--db", tmp_path / "d.sqlite")
    _one_line_error(result, 2, "bad.yaml:2: 'crawl.concurrent_requests' must be int")


def test_unreachable_site_is_an_incomplete_scan(tmp_path):
    db = tmp_path / "d.sqlite"
    result = run_cli("scan", "http://127.0.0.1:9/", "--db", db, "--out", tmp_path, "--quiet",
                     "--allow-host", "127.0.0.1", "--profile", FAST_PROFILE)
    _one_line_error(result, 1, "cannot scan http://127.0.0.1:9/: connect")
    status, note = sqlite3.connect(db).execute("select status, note from scans").fetchone()
    assert status == "incomplete" and "unreachable" in note


def test_unknown_scan_and_unreadable_page(tmp_path):
    _one_line_error(run_cli("check", "999", "--db", tmp_path / "d.sqlite"), 2, "no scan 999")
    _one_line_error(run_cli("page", tmp_path / "nope.html"), 2, "neither a readable file")
    garbled = tmp_path / "garbled.html"
    garbled.write_bytes(os.urandom(4096))
    result = run_cli("page", garbled, "--json")
    assert result.returncode == 0 and '"kind"' in result.stdout   # garbage parses, never crashes


class _SlowEndlessSite(http.server.BaseHTTPRequestHandler):
    """Every page answers after 0.3 s and links to five more: a crawl that never ends by itself."""

    def do_GET(self):
        time.sleep(0.3)
        n = int(self.path.strip("/").split("/")[-1] or 0) if self.path.strip("/").isdigit() else 0
        body = "".join(f'<a href="/{n * 5 + i}">p{i}</a>' for i in range(1, 6)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def endless_scan(db, out, *profiles):
    """`govsite scan` running (in its own process) against _SlowEndlessSite on 127.0.0.1."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowEndlessSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    extra = [arg for p in profiles for arg in ("--profile", str(p))]
    try:
        yield subprocess.Popen([sys.executable, "-m", "govsite.cli", "scan",
                                f"http://127.0.0.1:{server.server_address[1]}/", "--db", str(db),
                                "--out", str(out), "--quiet", "--allow-host", "127.0.0.1",
                                "--profile", str(FAST_PROFILE), *extra], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        server.shutdown()


def test_sigkill_mid_scan_keeps_earlier_scans_and_marks_it_incomplete(tmp_path, serve_dir):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<a href="a.html">a</a>', "utf-8")
    (site / "a.html").write_text("<p>a</p>", "utf-8")
    db = tmp_path / "d.sqlite"
    first = run_cli("scan", serve_dir(site) + "/", "--db", db, "--out", tmp_path / "o1", "--quiet",
                    "--allow-host", "127.0.0.1", "--profile", FAST_PROFILE)
    assert first.returncode == 0, first.stderr

    with endless_scan(db, tmp_path / "o2") as proc:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:   # wait until pages of the second scan are committed
            time.sleep(0.5)
            rows = sqlite3.connect(db).execute("select count(*) from pages where scan_id = 2").fetchone()[0]
            if rows >= 10:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    listing = run_cli("scans", "--db", db)
    assert listing.returncode == 0, listing.stderr
    conn = sqlite3.connect(db)
    statuses = dict(conn.execute("select id, status from scans"))
    assert statuses == {1: "complete", 2: "incomplete"}
    assert conn.execute("select count(*) from pages where scan_id = 1").fetchone()[0] == 2
    assert conn.execute("select count(*) from pages where scan_id = 2").fetchone()[0] >= 10
    # The earlier scan can still be checked again, without crawling.
    again = run_cli("check", "1", "--db", db, "--out", tmp_path / "o3")
    assert again.returncode == 0, again.stderr
