"""Response time of the console's findings page with 10 000 findings in the store (issue 16).

    python benchmarks/bench_console.py [--findings 10000] [--requests 30] [--db URL]

Builds a store (a SQLite file in a temporary directory, or the database `--db` names) holding one
complete scan of a made-up county portal with `--findings` findings spread over 40 columns and 25
units, adds an admin and a unit account with `govsite users add`, starts `govsite serve` on a free
127.0.0.1 port as its own process and, signed in over real HTTP, requests each page `--requests`
times: the findings page as the admin (the first 100 of all of them, and page 50), filtered by
rule, and as a unit account (its own findings only), plus the finding detail and the overview.
Prints the median and 90th percentile wall time of each, as the client saw it.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

REPO = Path(os.environ.get("BENCH_REPO") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(REPO))

from govsite.models import Finding  # noqa: E402
from govsite.profile import load_profile  # noqa: E402
from govsite.store.db import create_scan, finish_scan, open_store  # noqa: E402
from govsite.store.findings import save_findings  # noqa: E402

AS_OF = date(2026, 11, 27)
SITE = "http://127.0.0.9/"
PASSWORD = "bench-password-1"
RULES = [("link.broken", "deduct"), ("column.stale", "deduct"), ("privacy.id_number", "veto"),
         ("wording.political", "veto"), ("article.missing_source", "warn"), ("attachment.not_editable", "warn")]


def build_store(db: str, count: int) -> None:
    store = open_store(db)
    profile = load_profile(REPO / "govsite" / "profiles" / "sample.yaml")
    scan_id = create_scan(store, SITE, AS_OF, profile.source, profile.data, {})
    findings = []
    for i in range(count):
        rule, severity = RULES[i % len(RULES)]
        column = f"栏目{i % 40:02d}"
        findings.append(Finding(rule_id=rule, severity=severity, standard="both", clause="第二十三条",
                                url=f"{SITE}c{i % 40}/2026{i % 12 + 1:02d}/t2026_{i}.html",
                                message=f"文章「关于第{i}号事项的通知」有问题", evidence=f"证据 {i} " * 8,
                                column=column, column_url=f"{SITE}c{i % 40}/", unit=f"单位{i % 25:02d}"))
    save_findings(store, scan_id, SITE, findings)
    finish_scan(store, scan_id, "complete", stats={"pages": count, "crawl": "complete", "phase": "done"})
    store.engine.dispose()


def govsite(*args: str, stdin: str | None = None) -> None:
    done = subprocess.run([sys.executable, "-m", "govsite.cli", *args], input=stdin, text=True,
                          capture_output=True, cwd=REPO, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"govsite {' '.join(args)}: {done.stderr.strip()}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(base: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120, follow_redirects=False)
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
    if answer.status_code != 303:
        raise SystemExit(f"cannot sign in as {name}: HTTP {answer.status_code}")
    return client


def timed(client: httpx.Client, path: str, requests: int) -> tuple[float, float, int]:
    times = []
    size = 0
    for _ in range(requests):
        start = time.perf_counter()
        answer = client.get(path)
        times.append(time.perf_counter() - start)
        if answer.status_code != 200:
            raise SystemExit(f"GET {path}: HTTP {answer.status_code}")
        size = len(answer.content)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.9 * (len(times) - 1))] * 1000, size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--findings", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--db", help="a store URL (default: a SQLite file in a temporary directory)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-console-") as work:
        db = args.db or str(Path(work) / "console.sqlite")
        started = time.perf_counter()
        build_store(db, args.findings)
        print(f"store: {args.findings} findings in one complete scan ({time.perf_counter() - started:.1f} s to build)")
        govsite("users", "add", "centre", "--role", "admin", "--db", db, "--password-stdin", stdin=PASSWORD + "\n")
        govsite("users", "add", "unit07", "--role", "unit", "--unit", "单位07", "--db", db, "--password-stdin",
                stdin=PASSWORD + "\n")
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "govsite.cli", "serve", "--db", db, "--port", str(port),
                                   "--data-dir", str(Path(work) / "uploads")], cwd=REPO,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if server.poll() is not None:
                    raise SystemExit(f"govsite serve exited: {server.stderr.read().decode()[-500:]}")
                time.sleep(0.1)
            admin, unit = sign_in(base, "centre"), sign_in(base, "unit07")
            sites = admin.get("/").text
            site = re.search(r'href="/sites/(\d+)/', sites).group(1)
            listing = admin.get(f"/sites/{site}/findings").text
            key = re.search(r'data-key="([^"]+)"', listing).group(1)
            cases = [
                ("findings, admin, page 1", admin, f"/sites/{site}/findings"),
                ("findings, admin, page 50", admin, f"/sites/{site}/findings?page=50"),
                ("findings, admin, rule filter", admin, f"/sites/{site}/findings?rule=privacy.id_number"),
                ("findings, unit account", unit, f"/sites/{site}/findings"),
                ("finding detail", admin, f"/sites/{site}/findings/{key}"),
                ("overview", admin, f"/sites/{site}/"),
                ("units table", admin, f"/sites/{site}/units"),
            ]
            print(f"govsite serve on {base}, {args.requests} requests each, load average "
                  f"{os.getloadavg()[0]:.2f}")
            print(f"{'page':32} {'median ms':>10} {'p90 ms':>10} {'bytes':>10}")
            for name, client, path in cases:
                median, p90, size = timed(client, path, args.requests)
                print(f"{name:32} {median:10.1f} {p90:10.1f} {size:10d}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
