"""Storage that grows with change: bytes a re-scan of the unchanged synthetic portal adds, and
re-scan time on SQLite and on PostgreSQL against a first scan.

    python benchmarks/bench_storage.py --pages 20000 [--rescans N] [--skip-postgres]

Generates (or reuses) the synthetic portal of run_crawl_bench.py, serves it with nginx on
127.0.0.1, and on each store (a SQLite file; a database on a temporary PostgreSQL cluster made
like the tests' own, tests/conftest.py) runs `govsite scan` and then `--rescans` re-scans (1 by
default) with every check on, measuring wall time and the store's bytes in use before and after
each (SQLite: pages not on the free list; PostgreSQL: pg_database_size).  Prints the figures and the targets (re-scan adds < 5 % of the
first scan's bytes; re-scan on PostgreSQL within 1.5x of SQLite; re-scan >= 10x faster than the
first scan); writes them to benchmarks/out/storage-<date>.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

from contenders import BENCH_DIR, REPO_ROOT, run_govsite
from nginx_server import NginxServer
from synthetic_portal import ensure_portal

sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "tests")]

from govsite.store.db import open_store  # noqa: E402
from govsite.store.retention import store_size  # noqa: E402

TARGET_RESCAN_BYTES = 0.05
TARGET_PG_RATIO = 1.5
TARGET_RESCAN_SPEEDUP = 10


def _used(db: str) -> int:
    store = open_store(db)
    try:
        return store_size(store).used
    finally:
        store.engine.dispose()


def _by_table(db: str) -> dict[str, int]:
    """Bytes of each table and index (SQLite: dbstat; PostgreSQL: each table with its indexes)."""
    if db.startswith("postgresql"):
        store = open_store(db)
        try:
            return dict(store_size(store).tables)
        finally:
            store.engine.dispose()
    import sqlite3
    con = sqlite3.connect(db)
    try:
        return dict(con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
    except sqlite3.OperationalError:       # SQLite built without dbstat
        return {}
    finally:
        con.close()


def _added(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    grown = {name: size - before.get(name, 0) for name, size in after.items()}
    return dict(sorted(((n, b) for n, b in grown.items() if b), key=lambda nb: -nb[1]))


def measure_store(server: NginxServer, work: Path, db: str, as_of: str, profile: Path,
                  rescans: int = 1) -> dict:
    """A first scan of the portal into the store `db` and `rescans` re-scans after it: wall
    seconds and bytes added by each (the figures without a number are the first re-scan's)."""
    sizes, walls, counts, tables = [_used(db)], [], [], [_by_table(db)]
    runs = ["govsite scan"] + ["govsite rescan"] * rescans
    for number, name in enumerate(runs):
        out = work / (name.replace(" ", "-") + (f"-{number}" if number > 1 else ""))
        run = run_govsite(server, work, name, out, db, as_of, profile)
        if not run.available:
            raise SystemExit(f"{name} failed on {db}: {run.note} {run.details.get('stderr_tail', '')}")
        walls.append(run.wall_seconds)
        counts.append(run.count)
        sizes.append(_used(db))
        tables.append(_by_table(db))
        added = sizes[-1] - sizes[-2]
        share = f" ({100 * added / (sizes[1] - sizes[0]):.2f} % of the first scan)" if number else ""
        print(f"  {name}: {run.count} pages in {run.wall_seconds:.1f} s, store in use "
              f"{sizes[-1] / 1e6:.1f} MB, +{added / 1e6:.2f} MB{share}", file=sys.stderr, flush=True)
    first = sizes[1] - sizes[0]
    added = [b - a for a, b in zip(sizes[1:], sizes[2:])]
    return {"pages": counts, "wall_seconds": walls, "bytes_first": first, "bytes_rescan": added[0],
            "rescan_bytes_share": round(added[0] / first, 4) if first else None,
            "bytes_rescans": added,
            "rescan_bytes_shares": [round(b / first, 4) if first else None for b in added],
            "rescan_bytes_by_table": _added(tables[1], tables[2]),
            "rescans_bytes_by_table": [_added(a, b) for a, b in zip(tables[1:], tables[2:])],
            "rescan_speedup": round(walls[0] / walls[1], 2) if walls[1] else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--rescans", type=int, default=1,
                        help="re-scans after the first scan, each one's bytes and time printed")
    args = parser.parse_args(argv)
    now = datetime.now()
    out_root = BENCH_DIR / "out"
    work = out_root / f"storage-work-{now:%Y%m%d-%H%M%S}"
    work.mkdir(parents=True, exist_ok=True)
    portal, manifest = ensure_portal(args.pages, out_root)
    profile = BENCH_DIR / "bench-profile.yaml"
    figures: dict = {"date": now.isoformat(timespec="seconds"), "pages": args.pages,
                     "load_average_at_start": os.getloadavg(), "portal": manifest, "stores": {}}
    cluster = None
    try:
        with NginxServer(portal, work / "nginx") as server:
            print("SQLite:", file=sys.stderr, flush=True)
            (work / "sqlite").mkdir()
            figures["stores"]["sqlite"] = measure_store(server, work / "sqlite", str(work / "bench.sqlite"),
                                                        args.as_of, profile, args.rescans)
            if not args.skip_postgres:
                from conftest import PostgresCluster, _postgres_bindir
                bindir = _postgres_bindir()
                if bindir is None:
                    raise SystemExit("no initdb/pg_ctl: apt-get install postgresql, or --skip-postgres")
                cluster = PostgresCluster(bindir)
                print("PostgreSQL:", file=sys.stderr, flush=True)
                (work / "postgres").mkdir()
                figures["stores"]["postgresql"] = measure_store(
                    server, work / "postgres", cluster.new_database("bench"), args.as_of, profile, args.rescans)
    finally:
        if cluster is not None:
            cluster.stop()
    lite = figures["stores"]["sqlite"]
    pg = figures["stores"].get("postgresql")
    targets = [("re-scan adds < 5 % of the first scan's bytes (SQLite)", lite["rescan_bytes_share"],
                lite["rescan_bytes_share"] is not None and lite["rescan_bytes_share"] < TARGET_RESCAN_BYTES),
               ("re-scan >= 10x faster than the first scan (SQLite)", lite["rescan_speedup"],
                (lite["rescan_speedup"] or 0) >= TARGET_RESCAN_SPEEDUP)]
    if pg:
        ratio = round(pg["wall_seconds"][1] / lite["wall_seconds"][1], 2)
        figures["pg_rescan_ratio"] = ratio
        targets += [("re-scan on PostgreSQL within 1.5x of SQLite", ratio, ratio <= TARGET_PG_RATIO),
                    ("re-scan adds < 5 % of the first scan's bytes (PostgreSQL)", pg["rescan_bytes_share"],
                     pg["rescan_bytes_share"] is not None and pg["rescan_bytes_share"] < TARGET_RESCAN_BYTES)]
    figures["targets"] = [{"target": t, "value": v, "met": ok} for t, v, ok in targets]
    for kind, f in figures["stores"].items():
        print(f"{kind}: first scan {f['wall_seconds'][0]:.1f} s, {f['bytes_first'] / 1e6:.1f} MB; "
              f"re-scan {f['wall_seconds'][1]:.1f} s, {f['bytes_rescan'] / 1e6:.2f} MB "
              f"({100 * (f['rescan_bytes_share'] or 0):.2f} %), speed-up {f['rescan_speedup']}x")
        for number, (added, share, wall, by_table) in enumerate(zip(
                f["bytes_rescans"], f["rescan_bytes_shares"], f["wall_seconds"][1:],
                f["rescans_bytes_by_table"]), 1):
            print(f"  re-scan {number}: {wall:.1f} s, +{added / 1e6:.2f} MB ({100 * (share or 0):.2f} %); added: "
                  + ", ".join(f"{name} {size / 1e3:.0f} kB" for name, size in by_table.items()))
    for t in figures["targets"]:
        print(f"  {'met ' if t['met'] else 'MISS'} {t['target']}: {t['value']}")
    path = out_root / f"storage-{now:%Y-%m-%d}.json"
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    print(f"figures written to {path}")
    shutil.rmtree(work / "sqlite", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
