"""The crawlers compared by run_crawl_bench.py, each run as its own measured process.

Each function runs one tool once against the portal served at base_url and returns a ToolRun;
a tool that is missing or fails comes back with available=False and the reason, never raises.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from measure import Measured, run_measured
from nginx_server import NginxServer

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
LINKCHECKER_HINT = ("linkchecker not found: install it into this Python with "
                    "`pip install linkchecker` (or pass --skip linkchecker)")
GOVSITE_SUMMARY = re.compile(
    r"pages=(\d+)\s+links=(\d+)\s+findings=(\d+)\s+elapsed=([\d.]+)")
LINKCHECKER_TOTAL = re.compile(r"(\d+) links? in\s+(\d+) URLs? checked")


@dataclass(slots=True)
class ToolRun:
    """One run of one tool: its cost and how much it got through."""

    tool: str                          # "bare spider", "govsite scan", "govsite rescan", "linkchecker"
    available: bool
    unit: str = "pages"                # what `count` counts: HTML pages, or URLs checked
    count: int | None = None
    wall_seconds: float | None = None
    peak_rss_mb: float | None = None
    note: str = ""
    details: dict = field(default_factory=dict)

    @property
    def per_second(self) -> float | None:
        if self.count is None or not self.wall_seconds:
            return None
        return round(self.count / self.wall_seconds, 1)

    def as_dict(self) -> dict:
        return {**asdict(self), "per_second": self.per_second}


def _served(server: NginxServer, offset: int) -> dict:
    """Distinct URLs nginx served since offset (empty when its access log is off)."""
    if not server.access_log_path:
        return {}
    time.sleep(1.2)   # the log buffer is flushed every second
    return server.distinct_urls_since(offset)


def _failed(tool: str, measured: Measured, why: str) -> ToolRun:
    return ToolRun(tool, False, wall_seconds=measured.wall_seconds,
                   peak_rss_mb=measured.peak_rss_mb,
                   note=f"{why} (exit {measured.returncode})",
                   details={"stderr_tail": measured.stderr_tail()})


def run_bare(server: NginxServer, work: Path) -> ToolRun:
    """The bare Scrapy spider (bare_spider.py): the framework's floor."""
    stats_file = work / "bare-stats.json"
    offset = server.access_log_size()
    measured = run_measured([sys.executable, str(BENCH_DIR / "bare_spider.py"), server.base_url,
                             "--stats-out", str(stats_file)], work / "bare", cwd=BENCH_DIR)
    if measured.returncode != 0 or not stats_file.exists():
        return _failed("bare spider", measured, "bare spider failed")
    stats = json.loads(stats_file.read_text())
    return ToolRun("bare spider", True, "pages", stats["html_pages"], measured.wall_seconds,
                   measured.peak_rss_mb, details={**stats, "cpu_seconds": measured.cpu_seconds,
                                                  "served": _served(server, offset)})


def govsite_command() -> list[str] | None:
    """How to invoke the govsite CLI here: the console script, else its module."""
    script = shutil.which("govsite")
    if script:
        return [script]
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    try:
        found = importlib.util.find_spec("govsite.cli") is not None
    except ImportError:
        found = False
    if not found:
        return None
    return [sys.executable, "-c", "import sys; from govsite.cli import main; sys.exit(main())"]


def _count_csv_rows(path: Path) -> int | None:
    if not path.exists():
        return None
    with open(path, newline="", encoding="utf-8-sig") as rows:
        return max(0, sum(1 for _ in csv.reader(rows)) - 1)


def run_govsite(server: NginxServer, work: Path, name: str, out_dir: Path, db: Path,
                as_of: str, profile: Path) -> ToolRun:
    """`govsite scan` with every check on; name is "govsite scan" or "govsite rescan"."""
    command = govsite_command()
    if command is None:
        return ToolRun(name, False, note="not available: no `govsite` on PATH and no govsite.cli module")
    shutil.rmtree(out_dir, ignore_errors=True)
    offset = server.access_log_size()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p))
    measured = run_measured(
        command + ["scan", server.base_url, "--as-of", as_of, "--out", str(out_dir),
                   "--db", str(db), "--allow-host", "127.0.0.1", "--profile", str(profile)],
        work / name.replace(" ", "-"), cwd=REPO_ROOT, env=env)
    if measured.returncode != 0:
        return _failed(name, measured, "not available: govsite scan failed")
    stderr = measured.stderr_path.read_text(errors="replace")
    served = _served(server, offset)
    summary = GOVSITE_SUMMARY.findall(stderr)
    details: dict = {"cpu_seconds": measured.cpu_seconds, "served": served}
    if summary:
        pages, links, findings, elapsed = summary[-1]
        details.update(links=int(links), findings=int(findings), tool_elapsed=float(elapsed))
        count, source = int(pages), "summary line"
    elif served.get("html_ok"):
        count, source = served["html_ok"], "nginx access log (distinct HTML URLs served)"
    else:
        count = _count_csv_rows(out_dir / "articles.csv")
        source = "articles.csv rows (articles only)" if count is not None else "no page count found"
    details["count_source"] = source
    if source == "summary line":
        # The process wall time also covers start-up, the checks and writing the outputs.
        note = f"its own elapsed {details['tool_elapsed']:.1f} s"
    else:
        note = f"pages from {source}"
    if served.get("3xx"):
        note += f"; {served['3xx']} answered 304"
    return ToolRun(name, True, "pages", count, measured.wall_seconds, measured.peak_rss_mb,
                   note=note, details=details)


def linkchecker_binary() -> str | None:
    """The linkchecker script installed beside this Python, else on PATH."""
    beside = Path(sys.executable).with_name("linkchecker")
    return str(beside) if beside.exists() else shutil.which("linkchecker")


def run_linkchecker(server: NginxServer, work: Path, time_cap: float) -> ToolRun:
    """LinkChecker as users run it: defaults, recursive, report to a file, stopped at time_cap."""
    binary = linkchecker_binary()
    if binary is None:
        return ToolRun("linkchecker", False, "URLs", note=LINKCHECKER_HINT)
    lc_dir = work / "linkchecker"
    shutil.rmtree(lc_dir, ignore_errors=True)
    lc_dir.mkdir(parents=True)
    # Run as root, LinkChecker drops to user nobody, who must be able to write its report.
    lc_dir.chmod(0o777)
    report = lc_dir / "linkchecker-out.csv"
    # An empty config home guarantees the defaults (10 threads, ~3 requests/s per host).
    env = dict(os.environ, XDG_CONFIG_HOME=str(lc_dir / "config"), XDG_DATA_HOME=str(lc_dir / "data"))
    offset = server.access_log_size()
    measured = run_measured([binary, "-F", f"csv/utf-8/{report}", server.base_url],
                            lc_dir / "run", env=env, time_cap=time_cap)
    # Its progress lines go to stderr, its closing "That's it. ..." line to stdout: read the
    # closing line last so it wins when both are there.
    output = (measured.stderr_path.read_text(errors="replace") + "\n"
              + measured.stdout_path.read_text(errors="replace"))
    totals = LINKCHECKER_TOTAL.findall(output)
    if not totals:
        return _failed("linkchecker", measured, "linkchecker printed no progress")
    # "N links in M URLs checked": N = checks finished, M = distinct URLs seen (incl. queued).
    checked, discovered = (int(x) for x in totals[-1])
    note = f"stopped at the {time_cap:.0f} s cap" if measured.timed_out else "finished"
    # Count over the time to exit: threads finish their current URL after the interrupt.
    return ToolRun("linkchecker", True, "URLs", checked, measured.exit_seconds,
                   measured.peak_rss_mb, note=note,
                   details={"urls_discovered": discovered, "interrupted_at": measured.wall_seconds,
                            "cpu_seconds": measured.cpu_seconds,
                            "problems_reported": _count_csv_rows_commented(report),
                            "served": _served(server, offset)})


def _count_csv_rows_commented(path: Path) -> int | None:
    """Rows of a LinkChecker csv report (its # comment lines and header excluded)."""
    if not path.exists():
        return None
    lines = [line for line in path.read_text(errors="replace").splitlines() if line and not line.startswith("#")]
    return max(0, len(lines) - 1)
