"""How much does the browser pass (issue 7) add to a scan?

    python benchmarks/bench_browser.py [--tabs 2,4,6] [--delay-scale 0.05] [--db20k PATH]

1. Serves the sample portal on 127.0.0.1/127.0.0.2, scans it (`govsite scan`), then runs the
   browser pass over the stored scan with each `--tabs` value (axe on every loaded page, the
   profile default) and once without axe (timing and lists only): pages/s of each.
2. Plans the pass over a stored 20 000-page scan (the crawl benchmark's bench.sqlite, found under
   benchmarks/out/work-*/ or given with --db20k) without loading anything: how many pages the
   browser would load there (home + columns + 3 articles per column + <img>-without-alt suspects)
   and what the planning itself costs.
3. Prints the estimate: planned pages / measured pages/s, for that portal and for a portal of 300
   columns (a large county portal), and writes the figures to benchmarks/out/browser-<date>.json.
Only 127.0.0.1 and 127.0.0.2 are contacted.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from govsite.browser.run import plan_only, run_browser_pass  # noqa: E402
from govsite.profile import load_profile  # noqa: E402
from govsite.sample.child import sample_portal  # noqa: E402
from govsite.store.db import open_store  # noqa: E402

AS_OF = date(2026, 11, 27)
HOSTS = ["127.0.0.1", "127.0.0.2"]
ARTICLES_PER_COLUMN = 3


def _profile(tmp: Path, name: str, text: str):
    path = tmp / f"{name}.yaml"
    path.write_text(text, "utf-8")
    return load_profile([str(REPO / "govsite/profiles/sample.yaml"), str(path)])


def _scan(base: str, db: Path, out: Path) -> float:
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "govsite.cli", "scan", base + "/", "--as-of", AS_OF.isoformat(),
                    "--db", str(db), "--out", str(out), "--allow-host", HOSTS[0], "--allow-host", HOSTS[1],
                    "--profile", str(REPO / "govsite/profiles/sample.yaml"), "--quiet"],
                   check=True, cwd=REPO, capture_output=True, text=True, timeout=900)
    return time.monotonic() - t0


def _latest_20k() -> str | None:
    found = sorted(glob.glob(str(REPO / "benchmarks/out/work-*/round-*/bench.sqlite")), key=os.path.getmtime)
    return found[-1] if found else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tabs", default="2,4,6", help="comma-separated tab counts to measure")
    ap.add_argument("--delay-scale", type=float, default=0.05,
                    help="sample portal delays (0.05: the 20-s slow asset takes 1 s)")
    ap.add_argument("--db20k", default=None, help="a stored 20 000-page scan (default: the newest "
                    "benchmarks/out/work-*/round-*/bench.sqlite)")
    ap.add_argument("--json", default=str(REPO / f"benchmarks/out/browser-{AS_OF.isoformat()}.json"))
    args = ap.parse_args()
    tabs_list = [int(t) for t in args.tabs.split(",") if t.strip()]
    figures: dict = {"machine_cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()[0], "runs": []}

    with tempfile.TemporaryDirectory() as tmpdir, sample_portal(AS_OF, delay_scale=args.delay_scale) as (base, _ext):
        tmp = Path(tmpdir)
        db = tmp / "bench.sqlite"
        figures["sample_scan_seconds"] = round(_scan(base, db, tmp / "out"), 2)
        store = open_store(db)
        for tabs in tabs_list:
            prof = _profile(tmp, f"t{tabs}", f"browser:\n  tabs: {tabs}\n")
            r = run_browser_pass(store, 1, prof, HOSTS)
            figures["runs"].append({"tabs": tabs, "axe": "sampled", "pages": r.pages, "seconds": r.elapsed,
                                    "pages_per_s": round(r.pages_per_second, 2), "axe_pages": r.axe_pages,
                                    "timed_out": r.timed_out, "skipped": r.skipped})
            print(f"sample portal, {tabs} tabs, axe on every page: {r.pages} pages in {r.elapsed:.1f} s "
                  f"= {r.pages_per_second:.2f} pages/s ({r.timed_out} slow, {r.screenshots} screenshots)"
                  + (f" SKIPPED: {r.skipped}" if r.skipped else ""), flush=True)
        best_tabs = max(figures["runs"], key=lambda x: x["pages_per_s"])["tabs"]
        prof = _profile(tmp, "timing", f"browser:\n  tabs: {best_tabs}\n  axe_pages: per_kind\n"
                                       "  axe_suspects_max: 0\n")
        r = run_browser_pass(store, 1, prof, HOSTS)
        figures["runs"].append({"tabs": best_tabs, "axe": "per_kind", "pages": r.pages, "seconds": r.elapsed,
                                "pages_per_s": round(r.pages_per_second, 2), "axe_pages": r.axe_pages,
                                "timed_out": r.timed_out})
        print(f"sample portal, {best_tabs} tabs, axe on 3 pages only: {r.pages} pages in {r.elapsed:.1f} s "
              f"= {r.pages_per_second:.2f} pages/s", flush=True)

    full = max((x for x in figures["runs"] if x["axe"] == "sampled"), key=lambda x: x["pages_per_s"])
    lean = figures["runs"][-1]
    db20k = args.db20k or _latest_20k()
    if db20k and os.path.exists(db20k):
        store = open_store(db20k)
        prof = load_profile([str(REPO / "benchmarks/bench-profile.yaml")])
        t0 = time.monotonic()
        plan = plan_only(store, 1, prof, ["127.0.0.1"])
        plan_s = time.monotonic() - t0
        counts = {p: plan.count(p) for p in ("timing", "content", "axe", "screenshot")}
        figures["portal_20k"] = {"db": db20k, "planned_pages": len(plan.tasks), "by_purpose": counts,
                                 "plan_seconds": round(plan_s, 2)}
        print(f"20 000-page scan ({db20k}): the pass would load {len(plan.tasks)} pages {counts}; "
              f"planning took {plan_s:.1f} s", flush=True)
        planned = len(plan.tasks)
    else:
        planned = 1 + 40 * (1 + ARTICLES_PER_COLUMN) + 2
        plan_s = 0.0
        print("no stored 20 000-page scan found (run benchmarks/run_crawl_bench.py): assuming 40 columns")
    large = 1 + 300 * (1 + ARTICLES_PER_COLUMN) + 50 + 2
    est = {
        "portal_20k_seconds_full": round(plan_s + planned / full["pages_per_s"], 1),
        "portal_20k_seconds_lean": round(plan_s + planned / lean["pages_per_s"], 1),
        "portal_300_columns_pages": large,
        "portal_300_columns_seconds_full": round(large / full["pages_per_s"], 1),
        "portal_300_columns_seconds_lean": round(large / lean["pages_per_s"], 1),
    }
    figures["estimate"] = est
    print(f"estimate, 20 000-page portal ({planned} pages): +{est['portal_20k_seconds_full']:.0f} s with axe on "
          f"every loaded page ({full['pages_per_s']:.2f} pages/s, {full['tabs']} tabs), "
          f"+{est['portal_20k_seconds_lean']:.0f} s with axe on 3 pages")
    print(f"estimate, 300-column portal ({large} pages): +{est['portal_300_columns_seconds_full']:.0f} s full, "
          f"+{est['portal_300_columns_seconds_lean']:.0f} s lean")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=1, ensure_ascii=False), "utf-8")
    print(f"figures in {out}")


if __name__ == "__main__":
    main()
