"""`govsite schedule` with a fast clock: scans, probes, alerts by mail and webhook, SIGTERM, restart.

Everything is real: the sample portal on loopback, the scheduler as its own process, an SMTP
server (aiosmtpd) and an HTTP receiver on 127.0.0.1.
"""
from __future__ import annotations

import http.server
import json
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from conftest import FAST_PROFILE, REPO

from govsite.sample.server import SampleServer

SAMPLE_PROFILE = REPO / "govsite" / "profiles" / "sample.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


class _WebhookHandler(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _WebhookHandler.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _query(db, sql):
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


@pytest.fixture()
def services(tmp_path):
    mailbox = _Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    _WebhookHandler.received = []
    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _WebhookHandler)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    portal = SampleServer(date(2026, 11, 27), port=0, delay_scale=0.2)
    yield mailbox, smtp.port, f"http://127.0.0.1:{hook.server_address[1]}/hook", portal
    portal.stop()
    hook.shutdown()
    smtp.stop()


def _start(site, db, profiles):
    cmd = [sys.executable, "-m", "govsite.cli", "schedule", site, "--db", str(db)]
    for p in profiles:
        cmd += ["--profile", str(p)]
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_scheduler_runs_scans_probes_and_alerts_and_survives_restart(tmp_path, services):
    mailbox, smtp_port, hook_url, portal = services
    site = portal.base_url + "/"
    db = tmp_path / "store.sqlite"
    fast_clock = tmp_path / "clock.yaml"
    fast_clock.write_text(f"""
schedule:
  scan_every_seconds: 3
  report_every_seconds: 3600
  probe_every_seconds: 1
  out_dir: "{tmp_path / 'scans'}"
  allow_hosts: ["127.0.0.1", "127.0.0.2"]
crawl:
  revalidate_days: 0        # every scan requests every page: the second scan takes a while
retention:
  prune_every_seconds: 5
alerts:
  smtp_host: 127.0.0.1
  smtp_port: {smtp_port}
  mail_to: [egov@example.gov.cn]
  webhook_url: "{hook_url}"
""", "utf-8")
    profiles = [SAMPLE_PROFILE, FAST_PROFILE, fast_clock]
    proc = _start(site, db, profiles)
    try:
        _wait(lambda: _query(db, "select id from scans where status = 'complete'"), 240, "a complete scan")
        _wait(lambda: mailbox.messages, 60, "the alert mail")
        # A later scan is running: SIGTERM now must leave it marked incomplete, not running.
        _wait(lambda: _query(db, "select id from scans where status = 'running'"), 60, "a second scan")
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, output
    statuses = [s for (s,) in _query(db, "select status from scans order by id")]
    assert statuses[0] == "complete" and "running" not in statuses
    # The sample's re-scan crawls in a few seconds (its pages refer to stored contents) and then
    # checks for longer: the signal lands in the crawl (the scan is cut: incomplete) or after it
    # (the scan finishes its checks: complete). Never still running.
    assert statuses[-1] in ("incomplete", "complete"), statuses
    assert "stopping" in output, output

    probes = _query(db, "select ok, elapsed from probes")
    assert len(probes) >= 3 and all(ok for ok, _ in probes)

    subject = str(make_header(decode_header(mailbox.messages[0]["Subject"])))
    body = mailbox.messages[0].get_payload(decode=True).decode("utf-8")
    assert site in subject and "veto" in subject
    assert "单项否决" in body and "栏目不更新" in body
    assert _WebhookHandler.received and "单项否决" in _WebhookHandler.received[0]["text"]["content"]

    # The weekly prune ran (every 5 s here) and said what it did; one complete scan: nothing.
    assert "nothing to prune" in output, output
    jobs = _query(db, "select id from scheduler_jobs")
    assert len(jobs) == 4
    # Restart: the persistent job store gives the same four jobs back, not eight.
    again = _start(site, db, profiles)
    try:
        _wait(lambda: len(_query(db, "select id from probes")) > len(probes), 30, "a probe after restart")
        assert len(_query(db, "select id from scheduler_jobs")) == 4
    finally:
        again.send_signal(signal.SIGTERM)
        again.communicate(timeout=180)
    assert again.returncode == 0
