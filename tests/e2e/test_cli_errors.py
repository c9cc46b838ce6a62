"""Bad input and store failures end in one clear line and the exit code they mean (2 bad input,
1 could not run), never a traceback, never "internal error", never lost data."""
from __future__ import annotations

import http.server
import json
import os
import random
import resource
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
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("govsite: ") and needle in lines[0], lines[0]
    assert "internal error" not in lines[0]


@pytest.mark.parametrize("url, needle", [
    ("www.gzfg.gov.cn", "has no scheme"),
    ("ftp://www.gzfg.gov.cn/", "only http and https"),
    ("http://", "no valid host"),
    ("http://exa mple.gov.cn/", "no valid host"),
    ("http://[::1", "Invalid IPv6 URL"),
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


def test_prune_refuses_to_keep_no_scan(tmp_path):
    _one_line_error(run_cli("prune", "--db", tmp_path / "d.sqlite", "--keep-last", "0"), 2,
                    "--keep-last must be at least 1")
    empty = run_cli("prune", "--db", tmp_path / "d.sqlite", "--dry-run")
    assert empty.returncode == 0 and "nothing to prune" in empty.stdout


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
    listing = run_cli("scans", "--db", db, "--json")
    assert listing.returncode == 0, listing.stderr
    conn = sqlite3.connect(db)
    statuses = dict(conn.execute("select id, status from scans"))
    assert statuses == {1: "complete", 2: "incomplete"}
    assert conn.execute("select count(*) from pages where scan_id = 1").fetchone()[0] == 2
    kept = conn.execute("select count(*) from pages where scan_id = 2").fetchone()[0]
    assert kept >= 10
    # The listing shows the pages the killed scan kept, not the 0 it never got to record.
    assert _listed_pages(listing.stdout) == {1: 2, 2: kept}
    # The earlier scan can still be checked again, without crawling.
    again = run_cli("check", "1", "--db", db, "--out", tmp_path / "o3")
    assert again.returncode == 0, again.stderr


def _listed_pages(listing: str) -> dict[int, int]:
    """{scan id: pages} from what `govsite scans --json` prints."""
    return {scan["id"]: scan["pages"] for scan in json.loads(listing)}


def test_db_under_a_file(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    for db in (tmp_path / "a-file" / "d.sqlite", tmp_path / "a-file" / "deeper" / "d.sqlite"):
        _one_line_error(run_cli("scans", "--db", db), 2, "cannot create the store")
        _one_line_error(run_cli("scan", "http://127.0.0.1:9/", "--db", db, "--out", tmp_path / "o"),
                        2, "cannot create the store")


@pytest.mark.parametrize("kind", ["a file", "under a file", "read-only"])
def test_unwritable_out_stops_before_the_crawl(tmp_path, serve_dir, kind):
    """--out is checked before anything is crawled: no scan is started, the site not contacted."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<a href="a.html">a</a>', "utf-8")
    (site / "a.html").write_text("<p>a</p>", "utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    out = {"a file": blocker, "under a file": blocker / "out", "read-only": tmp_path / "ro"}[kind]
    if kind == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root writes into a read-only folder: the permission cannot be tested as root")
        out.mkdir(mode=0o555)
    db = tmp_path / "d.sqlite"
    started = time.monotonic()
    result = run_cli("scan", serve_dir(site) + "/", "--db", db, "--out", out, "--quiet",
                     "--allow-host", "127.0.0.1", "--profile", FAST_PROFILE)
    _one_line_error(result, 2, f"--out {out}: cannot write there")
    assert not db.exists() or sqlite3.connect(db).execute("select count(*) from scans").fetchone()[0] == 0
    assert time.monotonic() - started < 60


def test_inspection_for_one_unit_is_refused(tmp_path):
    """The inspection report covers the whole site: `--unit` is refused, not ignored."""
    result = run_cli("report", "--inspection", "--unit", "县统计局", "--out", tmp_path / "r",
                     "--db", tmp_path / "db.sqlite")
    _one_line_error(result, 2, "--unit is for the weekly scorecards")
    assert not (tmp_path / "r").exists()


def test_notices_without_a_scan_of_the_week(tmp_path):
    result = run_cli("notices", "--week", "2026-W48", "--out", tmp_path / "n", "--db", tmp_path / "db.sqlite")
    _one_line_error(result, 2, "no scan in")


def test_usage_mistake_is_one_line(tmp_path):
    _one_line_error(run_cli("check", "abc", "--db", tmp_path / "d.sqlite"), 2,
                    "Invalid value for 'scan_id'")
    _one_line_error(run_cli("scan", "--no-such-option"), 2, "No such option: --no-such-option")
    _one_line_error(run_cli("nosuchcommand"), 2, "No such command 'nosuchcommand'")


def test_an_unexpected_error_is_one_line_saying_internal_error(tmp_path):
    """A bug still ends in one line (and exit 1), pointing at --verbose for the traceback."""
    program = ("import sys\n"
               "from govsite import cli\n"
               "@cli.app.command('boom')\n"
               "@cli.guarded\n"
               "def boom(verbose: bool = False):\n"
               "    raise RuntimeError('first line\\nsecond line')\n"
               "sys.argv = ['govsite', 'boom']\n"
               "cli.main()\n")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            cwd=REPO, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [("govsite: internal error: RuntimeError: first line second line "
                      "(rerun with --verbose for the traceback)")], result.stderr


def _big_site(root) -> None:
    """150 articles of 6 000 random CJK characters: ~4.5 MB of text that compresses badly."""
    rng = random.Random(17)
    root.mkdir()
    links = "".join(f'<li><a href="p{n}.html">第{n}篇</a></li>' for n in range(150))
    (root / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", "utf-8")
    for n in range(150):
        text = "".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(6000))
        (root / f"p{n}.html").write_text(f"<html><head><title>第{n}篇</title></head>"
                                         f"<body><p>{text}</p></body></html>", "utf-8")


def _file_size_limit(limit: int):
    """For preexec_fn: no file the child writes may grow past `limit` bytes.  Python ignores
    SIGXFSZ, so the write fails with EFBIG, as on a full disk, instead of killing the process."""
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_full_disk_during_a_scan(tmp_path, serve_dir):
    """The store stops growing in the middle of a scan: one line, exit 1, the scan incomplete
    (never left running), and `govsite scans` still lists it, even with no room to write."""
    _big_site(tmp_path / "site")
    db = tmp_path / "d.sqlite"
    assert run_cli("scans", "--db", db).returncode == 0          # the empty store, made beforehand
    limit = db.stat().st_size + 1_500_000
    result = subprocess.run([sys.executable, "-m", "govsite.cli", "scan", serve_dir(tmp_path / "site") + "/",
                             "--db", str(db), "--out", str(tmp_path / "out"), "--quiet",
                             "--allow-host", "127.0.0.1", "--profile", str(FAST_PROFILE)],
                            capture_output=True, text=True, cwd=REPO, timeout=600, check=False,
                            preexec_fn=_file_size_limit(limit))
    # Whether the limit is met by the crawl's page writes or by the checks' findings, the
    # store's own words for it end the line (EFBIG is SQLite's "disk I/O error").
    _one_line_error(result, 1, "disk I/O error")
    assert "store" in result.stderr
    # No file of the store may grow now: the listing must still work.
    biggest = max(p.stat().st_size for p in tmp_path.glob("d.sqlite*"))
    listing = subprocess.run([sys.executable, "-m", "govsite.cli", "scans", "--db", str(db), "--json"],
                             capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
                             preexec_fn=_file_size_limit(biggest))
    assert listing.returncode == 0, listing.stderr
    status, kept = sqlite3.connect(db).execute(
        "select status, (select count(*) from pages where scan_id = scans.id) from scans").fetchone()
    assert status == "incomplete"
    assert _listed_pages(listing.stdout) == {1: kept}
