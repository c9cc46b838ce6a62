"""The fleet: six sample portals scanned by 1 worker, then by 3 workers (same politeness).

    python benchmarks/fleet_bench.py [--portals 6] [--workers 1 3] [--delay-scale 0.2]

Starts a temporary PostgreSQL cluster (as the tests do: tests/conftest.py PostgresCluster),
serves the portals on 127.0.0.31.. (second hosts on 127.0.0.51..) in this process, and for each
worker count: a new database, `govsite sites import`, `govsite enqueue --all`, N `govsite worker`
processes (concurrency 1 each), wall time until every job has succeeded.  Every scan keeps the
profile's per-host concurrency (tests/fixtures/fast.yaml, 16), and the figure printed beside the
wall time is the most requests any one host had in flight.  Prints one line per run and the
ratio; run it by hand (never from the tests)."""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from conftest import FAST_PROFILE, PostgresCluster, _postgres_bindir, run_cli  # noqa: E402

from govsite.sample.server import InFlight, SampleServer  # noqa: E402

AS_OF = date(2026, 11, 27)


def _jobs_left(db: str) -> int:
    import psycopg
    with psycopg.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')").fetchone()[0]


def run(cluster: PostgresCluster, portals: int, workers: int, delay_scale: float, work: Path) -> tuple[float, int]:
    in_flight = InFlight()
    servers = [SampleServer(AS_OF, delay_scale=delay_scale, host=f"127.0.0.{31 + i}",
                            ext_host=f"127.0.0.{51 + i}", in_flight=in_flight) for i in range(portals)]
    try:
        db = cluster.new_database(f"bench_{workers}")
        csv = work / f"sites-{workers}.csv"
        csv.write_text("name,start_url,allow_hosts,profiles\n" + "".join(
            f"portal-{i},{s.base_url}/,127.0.0.{31 + i};127.0.0.{51 + i},{FAST_PROFILE}\n"
            for i, s in enumerate(servers)), "utf-8")
        for args in (("sites", "import", csv), ("enqueue", "--all", "--as-of", AS_OF.isoformat())):
            done = run_cli(*args, "--db", db)
            assert done.returncode == 0, done.stderr
        started = time.monotonic()
        procs = [subprocess.Popen([sys.executable, "-m", "govsite.cli", "worker", "--db", db, "--no-schedule",
                                   "--out", str(work / f"out-{workers}-{i}")], start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(workers)]
        try:
            while _jobs_left(db):
                time.sleep(0.5)
            wall = time.monotonic() - started
        finally:
            for p in procs:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(60)
        return wall, max(in_flight.most.values())
    finally:
        for s in servers:
            s.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=6)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--delay-scale", type=float, default=0.2)
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")
    cluster = PostgresCluster(_postgres_bindir())
    walls = {}
    try:
        with tempfile.TemporaryDirectory(prefix="fleet-bench-") as tmp:
            for n in args.workers:
                wall, most = run(cluster, args.portals, n, args.delay_scale, Path(tmp))
                walls[n] = wall
                print(f"{args.portals} portals, {n} worker(s): {wall:.1f} s wall, "
                      f"at most {most} requests in flight to one host", flush=True)
    finally:
        cluster.stop()
    first, *rest = args.workers
    for n in rest:
        print(f"{first} -> {n} workers: {walls[first] / walls[n]:.2f}x faster")


if __name__ == "__main__":
    main()
