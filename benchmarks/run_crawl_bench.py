"""Crawl throughput and memory: govsite against a bare Scrapy spider and LinkChecker.

    python benchmarks/run_crawl_bench.py --pages 20000

Generates (or reuses) the synthetic portal, serves it with a private nginx on 127.0.0.1, then
runs each tool as its own process — bare spider, govsite scan, govsite rescan of the unchanged
site, LinkChecker (time-capped) — and reports wall time, pages/s and peak RSS, with medians
over --repeat runs, the ratios and the targets. Figures also go to benchmarks/out/crawl-<date>.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from datetime import datetime
from importlib import metadata
from pathlib import Path

from contenders import (
    BENCH_DIR,
    LINKCHECKER_HINT,
    REPO_ROOT,
    ToolRun,
    linkchecker_binary,
    run_bare,
    run_govsite,
    run_linkchecker,
)
from nginx_server import NginxError, NginxServer, nginx_binary, nginx_version
from synthetic_portal import ensure_portal

TOOLS = ("bare", "govsite", "linkchecker")
ORDER = ("bare spider", "govsite scan", "govsite rescan", "linkchecker")
# Targets from the project brief.
TARGET_PAGES_PER_SECOND = 100
TARGET_WALL_RATIO = 1.5
TARGET_PEAK_RSS_MB = 500
TARGET_RESCAN_SPEEDUP = 5


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 2) if present else None


def summarise(runs: list[ToolRun]) -> dict[str, dict]:
    """Median figures per tool over its available runs."""
    summary: dict[str, dict] = {}
    for tool in ORDER:
        mine = [r for r in runs if r.tool == tool]
        if not mine:
            continue
        ok = [r for r in mine if r.available]
        summary[tool] = {
            "runs": len(mine), "available": len(ok), "unit": mine[0].unit,
            "wall_seconds": _median([r.wall_seconds for r in ok]),
            "count": _median([r.count for r in ok]),
            "per_second": _median([r.per_second for r in ok]),
            "peak_rss_mb": _median([r.peak_rss_mb for r in ok]),
            # Notes carry per-run figures; the last run's stands for all (the JSON keeps each).
            "note": mine[-1].note,
        }
        summary[tool]["cpu_seconds"] = _median([r.details.get("cpu_seconds") for r in ok])
        elapsed = _median([r.details.get("tool_elapsed") for r in ok])
        if elapsed is not None:
            summary[tool]["tool_elapsed"] = elapsed
    return summary


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def judge(summary: dict[str, dict]) -> tuple[dict, list[dict]]:
    """The ratios, and each target with its measured value and verdict."""
    scan, rescan = summary.get("govsite scan", {}), summary.get("govsite rescan", {})
    bare = summary.get("bare spider", {})
    ratios = {"govsite_wall_over_bare": _ratio(scan.get("wall_seconds"), bare.get("wall_seconds")),
              "rescan_speedup": _ratio(scan.get("wall_seconds"), rescan.get("wall_seconds"))}

    def target(name: str, value: float | None, ok: bool | None, goal: str) -> dict:
        verdict = "n/a" if value is None else ("PASS" if ok else "FAIL")
        return {"target": name, "goal": goal, "value": value, "verdict": verdict}

    pps, rss = scan.get("per_second"), scan.get("peak_rss_mb")
    wall_ratio, speedup = ratios["govsite_wall_over_bare"], ratios["rescan_speedup"]
    targets = [
        target("govsite pages/s", pps, pps is not None and pps >= TARGET_PAGES_PER_SECOND,
               f">= {TARGET_PAGES_PER_SECOND}"),
        target("govsite wall / bare spider wall", wall_ratio,
               wall_ratio is not None and wall_ratio <= TARGET_WALL_RATIO, f"<= {TARGET_WALL_RATIO}"),
        target("govsite peak RSS MB", rss, rss is not None and rss < TARGET_PEAK_RSS_MB,
               f"< {TARGET_PEAK_RSS_MB}"),
        target("rescan speed-up (scan wall / rescan wall)", speedup,
               speedup is not None and speedup >= TARGET_RESCAN_SPEEDUP, f">= {TARGET_RESCAN_SPEEDUP}"),
    ]
    return ratios, targets


def _fmt(value) -> str:
    return "-" if value is None else (f"{value:,.1f}" if isinstance(value, float) else f"{value:,}")


def render(summary: dict[str, dict], ratios: dict, targets: list[dict], repeat: int) -> str:
    """The text table printed at the end of a run."""
    label = "median " if repeat > 1 else ""
    lines = [f"{'tool':<16} {'runs':>4} {label + 'wall s':>13} {label + 'CPU s':>12} {'count':>14} "
             f"{label + 'rate/s':>13} {label + 'peak RSS MB':>18}  note"]
    for tool, row in summary.items():
        count = "-" if row["count"] is None else f"{row['count']:,.0f} {row['unit']}"
        lines.append(f"{tool:<16} {row['runs']:>4} {_fmt(row['wall_seconds']):>13} "
                     f"{_fmt(row.get('cpu_seconds')):>12} {count:>14} "
                     f"{_fmt(row['per_second']):>13} {_fmt(row['peak_rss_mb']):>18}  {row['note']}")
    lines.append("")
    lines.append(f"govsite wall / bare spider wall: {_fmt(ratios['govsite_wall_over_bare'])}   "
                 f"rescan speed-up: {_fmt(ratios['rescan_speedup'])}")
    lines.append("targets:")
    for t in targets:
        lines.append(f"  {t['verdict']:<4} {t['target']}: {_fmt(t['value'])} (goal {t['goal']})")
    return "\n".join(lines)


def _command_output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout or done.stderr).strip()


def machine_info() -> dict:
    """What the figures were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    linkchecker = linkchecker_binary()
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_kb / 2**20, 1),
        "load_average_at_start": os.getloadavg(), "kernel": platform.release(),
        "python": platform.python_version(), "scrapy": metadata.version("scrapy"),
        "nginx": nginx_version(),
        "linkchecker": (_command_output([linkchecker, "--version"]).splitlines() or [""])[0]
                       if linkchecker else None,
        "govsite_commit": _command_output(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"]),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20000, help="portal size in HTML pages (20000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; medians are reported")
    parser.add_argument("--linkchecker-seconds", type=float, default=120,
                        help="stop LinkChecker after this many seconds (120)")
    parser.add_argument("--as-of", default="2026-11-27", help="--as-of passed to govsite scan")
    parser.add_argument("--skip", action="append", default=[], choices=TOOLS,
                        help="leave a tool out (repeatable)")
    parser.add_argument("--access-log", action="store_true",
                        help="let nginx log requests, to count distinct URLs served per tool")
    parser.add_argument("--work", type=Path, help="work dir (default benchmarks/out/work-<time>)")
    parser.add_argument("--json", type=Path, help="figures file (default benchmarks/out/crawl-<date>.json)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    now = datetime.now()
    out_root = BENCH_DIR / "out"
    work = (args.work or out_root / f"work-{now:%Y%m%d-%H%M%S}").resolve()
    json_path = args.json or out_root / f"crawl-{now:%Y-%m-%d}.json"
    try:
        nginx_binary()
    except NginxError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if "linkchecker" not in args.skip and linkchecker_binary() is None:
        print(f"error: {LINKCHECKER_HINT}", file=sys.stderr)
        return 2
    work.mkdir(parents=True, exist_ok=True)

    print(f"portal: {args.pages} pages ...", file=sys.stderr, flush=True)
    portal, manifest = ensure_portal(args.pages, out_root)
    print(f"portal: {portal} ({manifest['html_pages']} HTML pages, {manifest['mean_html_kb']} KB "
          f"mean, {manifest['broken_links']} dead links to {manifest['distinct_broken_urls']} missing URLs)", file=sys.stderr, flush=True)
    profile = BENCH_DIR / "bench-profile.yaml"
    runs: list[ToolRun] = []
    try:
        with NginxServer(portal, work / "nginx", access_log=args.access_log) as server:
            print(f"nginx: {server.base_url}  work: {work}", file=sys.stderr, flush=True)
            for round_number in range(1, args.repeat + 1):
                run_dir = work / f"round-{round_number}"
                run_dir.mkdir(exist_ok=True)
                for result in run_round(server, run_dir, args, profile):
                    runs.append(result)
                    _report_run(round_number, result)
    except NginxError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    summary = summarise(runs)
    ratios, targets = judge(summary)
    print()
    print(render(summary, ratios, targets, args.repeat))
    figures = {
        "date": now.isoformat(timespec="seconds"),
        "command": " ".join(["python", "benchmarks/run_crawl_bench.py"]
                            + (argv if argv is not None else sys.argv[1:])),
        "machine": machine_info(), "portal": manifest,
        "settings": {"repeat": args.repeat, "linkchecker_seconds": args.linkchecker_seconds,
                     "as_of": args.as_of, "access_log": args.access_log,
                     "bench_profile": str(profile.relative_to(REPO_ROOT))},
        "summary": summary, "ratios": ratios, "targets": targets,
        "runs": [r.as_dict() for r in runs], "work_dir": str(work),
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    print(f"\nfigures written to {json_path}")
    return 0


def run_round(server: NginxServer, run_dir: Path, args: argparse.Namespace, profile: Path):
    """Run every tool once, in a fixed order, yielding each result as it comes."""
    if "bare" not in args.skip:
        yield run_bare(server, run_dir)
    if "govsite" not in args.skip:
        db = run_dir / "bench.sqlite"
        db.unlink(missing_ok=True)      # the first scan starts from an empty store
        scan = run_govsite(server, run_dir, "govsite scan", run_dir / "scan1", db, args.as_of, profile)
        yield scan
        if scan.available:
            yield run_govsite(server, run_dir, "govsite rescan", run_dir / "scan2", db,
                              args.as_of, profile)
        else:
            yield ToolRun("govsite rescan", False, note="not run: no first scan to compare with")
    if "linkchecker" not in args.skip:
        yield run_linkchecker(server, run_dir, args.linkchecker_seconds)


def _report_run(round_number: int, run: ToolRun) -> None:
    """One progress line per finished run; the stderr tail when a tool failed."""
    if run.available:
        print(f"[round {round_number}] {run.tool}: {_fmt(run.count)} {run.unit} in "
              f"{_fmt(run.wall_seconds)} s = {_fmt(run.per_second)}/s, peak RSS "
              f"{_fmt(run.peak_rss_mb)} MB {run.note}", file=sys.stderr, flush=True)
        return
    print(f"[round {round_number}] {run.tool}: {run.note}", file=sys.stderr, flush=True)
    tail = run.details.get("stderr_tail")
    if tail:
        print("    " + tail.replace("\n", "\n    "), file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
