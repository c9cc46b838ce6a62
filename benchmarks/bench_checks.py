"""CPU of the checks phase on a stored scan: every rule over the scan, as on a first scan.

    python benchmarks/bench_checks.py [--pages 4000 | --db STORE --scan ID] [--repeat 5] [--per-rule]
        [--compare ../other-checkout] [--rescan]

Each run is its own Python process (so no memo or compiled regex outlives a run), importing
govsite from this checkout, or in turn from the checkout given with --compare: the runs of the
two alternate, so both see the same load on a shared machine.  A run loads the scan's view, then
runs every rule and the settling step (checks/run.py, checks/settle.py) with empty detector and
markup caches, as a first scan does (a re-scan reuses the last scan's hits; that is not measured
here, unless --rescan: each checkout first runs the checks once, untimed, and its runs then start
with the hits and readings that run used, as a re-scan of the unchanged site finds them; they
are kept in a file per checkout, as the store would keep them, because the detectors' code is
part of their key).  CPU seconds are the process's own (time.process_time); the figures printed are medians.

Without --db, the store is made once and kept: run_crawl_bench.py's synthetic portal of --pages
pages, served by nginx on 127.0.0.1 and scanned by this checkout (benchmarks/out/checks-<pages>/).
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent


def build_store(pages: int) -> str:
    """A store holding one scan (id 1) of the synthetic portal of `pages` pages, made if absent."""
    from nginx_server import NginxServer
    from synthetic_portal import ensure_portal

    out = BENCH_DIR / "out"
    work = out / f"checks-{pages}"
    db = work / "bench.sqlite"
    if db.exists():
        return str(db)
    portal, _manifest = ensure_portal(pages, out)
    work.mkdir(parents=True, exist_ok=True)
    with NginxServer(portal, work / "nginx") as server:
        env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
        subprocess.run([sys.executable, "-m", "govsite.cli", "scan", server.base_url, "--as-of", "2026-11-27",
                        "--out", str(work / "scan-out"), "--db", str(db), "--allow-host", "127.0.0.1",
                        "--profile", str(BENCH_DIR / "bench-profile.yaml")],
                       env=env, cwd=REPO_ROOT, check=True)
    return str(db)


def measure_once(db: str, scan_id: int, per_rule: bool, caches: str | None = None,
                 keep_caches: str | None = None) -> dict:
    """One run in this process: CPU seconds of loading the view, of each rule, of settling;
    starting with the caches pickled in `caches`, and pickling those it used to `keep_caches`."""
    from govsite.checks.catalog import load_all
    from govsite.checks.settle import settle
    from govsite.profile import Profile
    from govsite.records.markup import MarkupCache
    from govsite.scan.load import load_scan_view
    from govsite.store.db import get_scan, open_store
    from govsite.textscan.cache import TextHitCache, fingerprint

    store = open_store(db)
    stored = get_scan(store, scan_id)
    profile = Profile(stored.profile, stored.profile_source)
    rules = load_all()
    started = time.process_time()
    view = load_scan_view(store, scan_id, float(profile.get("thresholds.link_slow_seconds")))
    known = {"text_hits": {}, "markup": {}}
    if caches:
        known = pickle.loads(Path(caches).read_bytes())
    view.text_cache = TextHitCache(fingerprint({**profile.section("content_safety"),
                                                "leaders": profile.get("leaders") or []}), known["text_hits"])
    view.markup_cache = MarkupCache(known["markup"])
    loaded = time.process_time()
    by_rule: dict[str, float] = {}
    findings = []
    for rule_id, r in rules.items():
        before = time.process_time()
        findings.extend(r.run(view, profile))
        by_rule[rule_id] = time.process_time() - before
    settled = time.process_time()
    findings = settle(findings, view, profile)
    done = time.process_time()
    if keep_caches:     # as check_scan stores them (pipeline.py)
        Path(keep_caches).write_bytes(pickle.dumps({
            "text_hits": view.text_cache.encoded(), "markup": view.markup_cache.used}))
    import govsite
    figures = {"govsite": govsite.__file__, "load": loaded - started, "rules": settled - loaded, "settle": done - settled,
               "checks": done - loaded, "findings": len(findings)}
    if per_rule:
        figures["by_rule"] = by_rule
    return figures


def _run_child(checkout: Path, db: str, scan_id: int, per_rule: bool, *options: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    command = [sys.executable, str(Path(__file__).resolve()), "--db", db, "--scan", str(scan_id), "--once",
               *options]
    if per_rule:
        command.append("--per-rule")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if not Path(figures["govsite"]).resolve().is_relative_to(checkout):
        raise SystemExit(f"the run meant for {checkout} imported {figures['govsite']}")
    return figures


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="the store holding the scan (a SQLite file or a URL); "
                                      "default: made from the synthetic portal")
    parser.add_argument("--scan", type=int, default=1, help="the stored scan's id (default 1)")
    parser.add_argument("--pages", type=int, default=4000, help="the synthetic portal's pages, without --db")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--per-rule", action="store_true", help="also the median CPU of each rule")
    parser.add_argument("--compare", type=Path, help="another checkout, measured in alternation")
    parser.add_argument("--rescan", action="store_true",
                        help="as a re-scan of the unchanged site: with the detector hits and markup readings "
                             "of a first run of the same checkout")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--caches", help=argparse.SUPPRESS)
    parser.add_argument("--keep-caches", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.once:
        print(json.dumps(measure_once(args.db, args.scan, args.per_rule, args.caches, args.keep_caches)))
        return 0
    if args.db is None:
        args.db = build_store(args.pages)
    checkouts = {"this": REPO_ROOT}
    if args.compare:
        checkouts["compare"] = args.compare.resolve()
    runs: dict[str, list[dict]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        options: dict[str, list[str]] = {name: [] for name in checkouts}
        if args.rescan:
            for name, checkout in checkouts.items():
                kept = str(Path(tmp) / f"{name}.pickle")
                _run_child(checkout, args.db, args.scan, False, "--keep-caches", kept)
                options[name] = ["--caches", kept]
        for n in range(args.repeat):
            for name, checkout in checkouts.items():
                figures = _run_child(checkout, args.db, args.scan, args.per_rule, *options[name])
                runs[name].append(figures)
                print(f"run {n + 1} {name} ({checkout}): checks {figures['checks']:.2f} s CPU, "
                      f"load {figures['load']:.2f} s, {figures['findings']} findings", file=sys.stderr, flush=True)
    print(f"{'checkout':<10} {'runs':>4} {'median checks CPU s':>20} {'rules':>8} {'settle':>8} "
          f"{'load view':>10} {'findings':>9}")
    for name, mine in runs.items():
        print(f"{name:<10} {len(mine):>4} {_median([r['checks'] for r in mine]):>20} "
              f"{_median([r['rules'] for r in mine]):>8} {_median([r['settle'] for r in mine]):>8} "
              f"{_median([r['load'] for r in mine]):>10} {mine[0]['findings']:>9}  {checkouts[name]}")
    if args.per_rule:
        names = list(runs)
        rule_ids = sorted(runs[names[0]][0]["by_rule"],
                          key=lambda r: -statistics.median(x["by_rule"][r] for x in runs[names[0]]))
        print("\nmedian CPU s per rule: " + " / ".join(names))
        for rule_id in rule_ids:
            cells = [f"{_median([x['by_rule'].get(rule_id, 0.0) for x in runs[name]]):>7}" for name in names]
            print(f"  {rule_id:<40} " + " ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
