"""First scan and re-scan of the unchanged synthetic portal, two checkouts interleaved (issue 13).

    python benchmarks/bench_rescan.py --pages 5000 --base /work/wt-base [--first-rounds 2] [--rescans 3]

Serves the portal of run_crawl_bench.py with nginx and runs `govsite scan` (SQLite, every check,
bench-profile.yaml) from each checkout in turn: the first scans, each into a new store, then the
re-scans, each on a fresh copy of that checkout's store as its first scan left it, so every
re-scan starts from the same state.  Prints the wall and CPU seconds (the process and its page
workers) of each run and their medians, the speed-up, and whether each re-scan's findings.csv,
columns.csv and score.json equal its first scan's (score.json: the scan id aside).  The machine
is shared: compare the medians of one run, never figures of two runs.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from datetime import datetime
from pathlib import Path

from contenders import BENCH_DIR
from measure import run_measured
from nginx_server import NginxServer
from synthetic_portal import ensure_portal

OUTPUTS = ("findings.csv", "columns.csv", "score.json")


def _scan(checkout: Path, server: NginxServer, db: Path, out: Path, as_of: str, log: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    # the checkout's own package (never an installed `govsite` script, which is another tree's)
    command = [sys.executable, "-c", "import sys; from govsite.cli import main; sys.exit(main())"]
    env = dict(os.environ, PYTHONPATH=str(checkout),
               # a read-only checkout cannot keep its bytecode: keep it here, or every run compiles
               PYTHONPYCACHEPREFIX=str(log.parent / f"pycache-{checkout.name}"))
    measured = run_measured(command + ["scan", server.base_url, "--as-of", as_of, "--out", str(out),
                                       "--db", str(db), "--allow-host", "127.0.0.1", "--quiet",
                                       "--profile", str(checkout / "benchmarks" / "bench-profile.yaml")],
                            log, cwd=checkout, env=env)
    if measured.returncode != 0:
        raise SystemExit(f"scan failed ({checkout}): {measured.stderr_tail()}")
    return {"wall": measured.wall_seconds, "cpu": measured.cpu_seconds}


def _same_outputs(first: Path, again: Path) -> dict[str, bool]:
    same = {}
    for name in OUTPUTS:
        a, b = (first / name).read_bytes(), (again / name).read_bytes()
        if name == "score.json":
            a, b = (json.dumps({**json.loads(x), "scan_id": None}).encode() for x in (a, b))
        same[name] = a == b
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (before)")
    parser.add_argument("--first-rounds", type=int, default=2)
    parser.add_argument("--rescans", type=int, default=3)
    args = parser.parse_args(argv)
    checkouts = {"before": args.base.resolve(), "after": BENCH_DIR.parent}
    out_root = BENCH_DIR / "out"
    work = out_root / f"rescan-work-{datetime.now():%Y%m%d-%H%M%S}"
    work.mkdir(parents=True)
    portal, _manifest = ensure_portal(args.pages, out_root)
    runs: dict[str, dict[str, list[dict]]] = {k: {"first": [], "rescan": []} for k in checkouts}
    same: dict[str, list[dict]] = {k: [] for k in checkouts}
    with NginxServer(portal, work / "nginx") as server:
        for n in range(args.first_rounds):
            for name, checkout in checkouts.items():
                db = work / f"{name}-first-{n}.sqlite"
                run = _scan(checkout, server, db, work / f"{name}-first-{n}", args.as_of,
                            work / f"{name}-first-{n}")
                runs[name]["first"].append(run)
                print(f"first scan {name} #{n}: {run}", file=sys.stderr, flush=True)
        for n in range(args.rescans):
            for name, checkout in checkouts.items():
                db = work / f"{name}-rescan.sqlite"
                shutil.copyfile(work / f"{name}-first-0.sqlite", db)
                out = work / f"{name}-rescan-{n}"
                run = _scan(checkout, server, db, out, args.as_of, out)
                runs[name]["rescan"].append(run)
                same[name].append(_same_outputs(work / f"{name}-first-0", out))
                print(f"re-scan {name} #{n}: {run} outputs equal: {same[name][-1]}", file=sys.stderr,
                      flush=True)
    figures = {"pages": args.pages, "checkouts": {k: str(v) for k, v in checkouts.items()}, "runs": runs,
               "rescan_outputs_equal_first": same, "medians": {}}
    for name, kinds in runs.items():
        med = {kind: {m: statistics.median(r[m] for r in rs) for m in ("wall", "cpu")}
               for kind, rs in kinds.items()}
        med["speedup_wall"] = round(med["first"]["wall"] / med["rescan"]["wall"], 2)
        figures["medians"][name] = med
        print(f"{name}: first scan {med['first']['wall']:.1f} s wall, {med['first']['cpu']:.1f} s CPU; "
              f"re-scan {med['rescan']['wall']:.1f} s wall, {med['rescan']['cpu']:.1f} s CPU; "
              f"speed-up {med['speedup_wall']}x; re-scan outputs equal the first scan's: "
              f"{all(all(s.values()) for s in same[name])}")
    path = out_root / f"rescan-{datetime.now():%Y-%m-%d-%H%M%S}.json"
    path.write_text(json.dumps(figures, indent=1))
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
