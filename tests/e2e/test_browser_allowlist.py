"""The browser pass never leaves --allow-host (issue 17): a page on 127.0.0.1 links to, embeds,
preconnects to, fetches from and opens a WebSocket to a second server on 127.0.0.3, a raw TCP
listener that counts every connection it accepts, and likewise to a third one reached by the name
`localhost` (a name, not an IP literal; Chromium never proxies it by default).  With only
127.0.0.1 allowed neither may accept a connection; with both allowed both must (the counters
work).  Real Chromium."""
from __future__ import annotations

import os
import socket
import threading
import time
from datetime import date

import pytest
from conftest import FAST_PROFILE, run_cli

CHROMIUM = "/usr/bin/chromium"
AS_OF = date(2026, 11, 27)
OUTSIDE_HOST = "127.0.0.3"
OUTSIDE_NAME = "localhost"          # served on 127.0.0.1, another port: allowed as an IP, not by name

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"{CHROMIUM} is absent (apt-get install chromium; scripts/install.sh)")


class ConnectionCounter:
    """A TCP listener that accepts every connection, notes its first line, answers an empty 200
    and closes: whatever reaches it, HTTP, WebSocket upgrade or a bare preconnect, is counted."""

    def __init__(self, host: str, name: str | None = None):
        self.sock = socket.create_server((host, 0))
        self.sock.settimeout(0.2)
        self.host, self.port = name or host, self.sock.getsockname()[1]
        self.first_lines: list[str] = []
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.first_lines)

    def reset(self) -> None:
        with self.lock:
            self.first_lines.clear()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _addr = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    head = conn.recv(2048)
                except OSError:
                    head = b""
                with self.lock:
                    self.first_lines.append(head.split(b"\r\n", 1)[0].decode("latin-1") or "(no bytes)")
                try:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(5)
        self.sock.close()


def _reach_for(outside: str) -> tuple[str, str]:
    """(head, body) markup that reaches for `outside` in every way a page can."""
    head = f"""<link rel="preconnect" href="http://{outside}">
<link rel="dns-prefetch" href="http://{outside}">
<link rel="prefetch" href="http://{outside}/prefetch.html">
<link rel="stylesheet" href="http://{outside}/style.css">
<script src="http://{outside}/script.js"></script>"""
    body = f"""<p><a href="http://{outside}/page.html">外部链接</a></p>
<img src="http://{outside}/image.png" alt="图">
<iframe src="http://{outside}/frame.html" title="框"></iframe>
<script>
fetch("http://{outside}/api.json").catch(function () {{}});
try {{ new WebSocket("ws://{outside}/ws"); }} catch (e) {{}}
navigator.sendBeacon && navigator.sendBeacon("http://{outside}/beacon");
</script>"""
    return head, body


def _leaky_home(outsides: list[str]) -> str:
    parts = [_reach_for(o) for o in outsides]
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>测试首页</title>\n'
            + "\n".join(h for h, _b in parts) + '\n</head><body>\n<h1>测试首页</h1><p><a href="/col/">栏目</a></p>\n'
            + "\n".join(b for _h, b in parts) + "\n</body></html>")


@pytest.fixture(scope="module")
def leaky_site(tmp_path_factory, serve_dir):
    counters = {OUTSIDE_HOST: ConnectionCounter(OUTSIDE_HOST), OUTSIDE_NAME: ConnectionCounter("127.0.0.1", OUTSIDE_NAME)}
    root = tmp_path_factory.mktemp("leaky")
    (root / "index.html").write_text(_leaky_home([c.base for c in counters.values()]), "utf-8")
    (root / "col").mkdir()
    (root / "col" / "index.html").write_text(
        '<html><head><meta charset="utf-8"><title>栏目</title></head><body>'
        + "".join(f'<img src="http://{c.base}/col.png" alt="图">' for c in counters.values())
        + '<ul><li><a href="/">首页</a></li></ul></body></html>', "utf-8")
    base = serve_dir(root)
    db = root / "govsite.sqlite"
    result = run_cli("scan", base + "/", "--as-of", AS_OF.isoformat(), "--db", db, "--out", root / "out",
                     "--allow-host", "127.0.0.1", "--profile", FAST_PROFILE, "--quiet", timeout=300)
    assert result.returncode == 0, result.stderr
    # The crawl itself keeps to the allow-list: what reaches a counter from here on is the browser's.
    assert all(c.count == 0 for c in counters.values()), {h: c.first_lines for h, c in counters.items()}
    yield {"base": base, "db": db, "counters": counters, "root": root}
    for c in counters.values():
        c.close()


def _browser_pass(site, allow_hosts: list[str]) -> dict[str, list[str]]:
    """Run the browser pass over the stored scan: the first lines of what reached each counter."""
    pytest.importorskip("playwright")
    from govsite.browser import run_browser_pass
    from govsite.profile import load_profile
    from govsite.store.db import open_store

    prof = site["root"] / "browser.yaml"
    prof.write_text("browser:\n  enabled: true\n  tabs: 2\n  render_wait_seconds: 1.0\n", "utf-8")
    profile = load_profile([str(FAST_PROFILE), str(prof)])
    for c in site["counters"].values():
        c.reset()
    result = run_browser_pass(open_store(site["db"]), 1, profile, allow_hosts)
    assert not result.skipped and result.pages >= 2, result
    time.sleep(1.0)        # a WebSocket or beacon still on its way when the tab closed
    return {host: list(c.first_lines) for host, c in site["counters"].items()}


def test_browser_reaches_no_host_outside_the_allow_list(leaky_site):
    reached = _browser_pass(leaky_site, ["127.0.0.1"])
    assert reached == {OUTSIDE_HOST: [], OUTSIDE_NAME: []}, f"connections outside --allow-host: {reached}"


def test_the_counters_see_the_browser_when_the_hosts_are_allowed(leaky_site):
    reached = _browser_pass(leaky_site, ["127.0.0.1", OUTSIDE_HOST, OUTSIDE_NAME])
    for host, lines in reached.items():
        assert len(lines) >= 3, (host, lines)
        assert any("/ws" in line for line in lines), (host, lines)
