"""The flow of a scan, end to end: crawl -> store -> check -> score -> report.

The CLI, the demo and the scheduler all call these two functions; nothing else strings the
stages together.
"""
from __future__ import annotations

import ctypes
import gc
import json
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from govsite.checks.data import load_scan_data
from govsite.checks.freshness import register
from govsite.checks.run import run_checks, save_findings, save_register
from govsite.crawler.browser import capture_evidence, run_browser_pass
from govsite.crawler.run import run_crawl
from govsite.errors import ScanFailed
from govsite.models import Finding
from govsite.profile import Profile
from govsite.rectification import active_acks
from govsite.checks.policy import interpretation_pairs
from govsite.reports.outputs import (write_articles, write_columns, write_findings,
                                     write_interpretations, write_score)
from govsite.reports.score import compute_score
from govsite.store.db import Store, create_scan, finish_scan, get_scan, save_score
from govsite.store.carried import load_markup_cache, load_text_cache, save_markup_cache, save_text_cache
from govsite.textscan.cache import fingerprint

log = logging.getLogger(__name__)


@dataclass
class ScanOutcome:
    scan_id: int
    status: str
    out_dir: Path
    findings: list[Finding]
    stats: dict = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def _release_crawl_memory() -> None:
    """The crawl's objects are garbage once it ends; hand their memory back to the system before
    the checks load the scan (glibc keeps freed heap otherwise, and the scan's peak would be the
    crawl's leftovers plus the checks)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass        # not glibc: nothing to trim


def scan_site(store: Store, start_url: str, as_of: date, out_dir: Path, profile: Profile,
              allow_hosts: list[str], *, progress: bool = True, verbose: bool = False) -> ScanOutcome:
    """Crawl the site into a new scan, run every check, write the outputs."""
    options = {"allow_hosts": allow_hosts, "out": str(out_dir)}
    scan_id = create_scan(store, start_url, as_of, profile.source, profile.data, options)
    try:
        result = run_crawl(store, scan_id, start_url, as_of, profile, allow_hosts,
                           progress=progress, verbose=verbose)
    except BaseException as exc:
        finish_scan(store, scan_id, "incomplete", note=f"crawl failed: {exc.__class__.__name__}: {exc}")
        raise
    c = result.counters
    stats = {"pages": result.pages_written, "links_checked": c.checks, "errors": c.errors,
             "not_checked": c.not_checked, "reused": c.reused, "elapsed": round(result.elapsed, 2),
             "close_reason": result.reason, "callback_errors": result.callback_errors[:20]}
    if result.pages_written == 0:
        _wait_for_links(result)
    if result.pages_written == 0 and result.writer_error:
        finish_scan(store, scan_id, "incomplete", note=result.writer_error, stats=stats)
        raise ScanFailed(f"cannot scan {start_url}: {result.writer_error} (scan {scan_id} marked incomplete)")
    if result.pages_written == 0:
        data = load_scan_data(store, scan_id, float(profile.get("thresholds.link_slow_seconds")))
        start = data.checks.get(start_url)
        why = (f"{start.error_class or 'HTTP ' + str(start.status)}: {start.detail}".strip(": ")
               if start else "no page could be fetched")
        finish_scan(store, scan_id, "incomplete", note=f"site unreachable: {why}", stats=stats)
        raise ScanFailed(f"cannot scan {start_url}: {why} (scan {scan_id} marked incomplete)")
    status = "complete" if result.complete else "incomplete"
    note = "" if result.complete else (result.writer_error or f"crawl stopped early ({result.reason})")
    if result.callback_errors:
        note = (note + "; " if note else "") + (f"{len(result.callback_errors)} page(s) could not be "
                                                f"processed: {result.callback_errors[0]}")
    recorded = False

    def record_crawl() -> None:
        """The crawl's verdict, recorded once the links of the pages taken from the last scan are
        in the store (they are copied while the checks start), and before any check can fail: a
        check that fails does not make a complete crawl look incomplete (`govsite check` can be
        rerun on it)."""
        nonlocal recorded, status, note
        if recorded:
            return
        recorded = True
        error = _wait_for_links(result)
        if error:
            status, note = "incomplete", (note + "; " if note else "") + error
        finish_scan(store, scan_id, status, note=note, stats=stats)

    _release_crawl_memory()
    try:
        # What only a browser sees: load times, lists built by JavaScript, axe-core, mixed
        # content.  Its plan reads the scan's links.
        if profile.get("browser.enabled", True):
            record_crawl()
        browser = run_browser_pass(store, scan_id, profile, allow_hosts)
        stats["browser"] = {"pages": browser.pages, "skipped": browser.skipped}
        outcome = check_scan(store, scan_id, profile, out_dir, links_ready=record_crawl)
    finally:
        record_crawl()
    vetoed = sorted({f.url for f in outcome.findings if f.severity == "veto"})
    if vetoed and not browser.skipped:
        capture_evidence(store, scan_id, profile, allow_hosts, vetoed)
    stats["findings"] = len(outcome.findings)
    finish_scan(store, scan_id, status, note=note, stats=stats)
    outcome.stats = stats
    return outcome


def _wait_for_links(result) -> str | None:
    return result.links_copy.wait() if result.links_copy is not None else None


def check_scan(store: Store, scan_id: int, profile: Profile, out_dir: Path,
               links_ready: Callable[[], None] | None = None) -> ScanOutcome:
    """Run the checks over a stored scan (no crawling) and write its output files.  `links_ready`
    is called before the scan's links are first read, and before anything is written."""
    scan = get_scan(store, scan_id)
    if scan is None:
        raise ScanFailed(f"no scan {scan_id} in the store {store.url}")
    links_ready = links_ready or (lambda: None)
    data = load_scan_data(store, scan_id, float(profile.get("thresholds.link_slow_seconds")),
                          links_ready=links_ready)
    data.text_cache = load_text_cache(store, scan_id, fingerprint(profile.section("content_safety")))
    data.markup_cache = load_markup_cache(store, scan_id)
    findings = run_checks(data, profile)
    links_ready()       # SQLite has one writer: the copy of the links must be done
    scan = get_scan(store, scan_id)     # and the crawl's verdict recorded
    save_text_cache(store, scan_id, data.text_cache)
    save_markup_cache(store, scan_id, data.markup_cache)
    accepted = active_acks(store, profile, scan.start_url, scan.as_of)
    keys = save_findings(store, scan_id, scan.start_url, findings, accepted)
    out_dir.mkdir(parents=True, exist_ok=True)
    columns = register(data, profile)
    save_register(store, scan_id, columns)
    scored = [f for f, key in zip(findings, keys) if key not in accepted]
    score = compute_score(scan_id, scan.as_of.isoformat(), scored, columns, profile)
    if len(scored) < len(findings):
        score.notes.append(f"{len(findings) - len(scored)} accepted finding(s) left out of the score")
    save_score(store, scan_id, score.to_json())
    files = [write_findings(out_dir, findings), write_columns(out_dir, [c.as_row() for c in columns]),
             write_articles(out_dir, data), write_score(out_dir, score),
             write_interpretations(out_dir, interpretation_pairs(data, profile))]
    status = scan.status
    summary = {"scan_id": scan_id, "start_url": scan.start_url, "as_of": scan.as_of.isoformat(),
               "status": status, "findings": len(findings), "score": score.total,
               "pass": score.passed,
               # texts the content detectors read again vs. took from the last scan's hits
               "content_texts": {"scanned": data.text_cache.computed, "reused": data.text_cache.reused},
               # pages whose markup the record rules read again vs. took from the last scan
               "page_markup": {"read": data.markup_cache.read, "reused": data.markup_cache.reused}}
    (out_dir / "scan.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), "utf-8")
    files.append(out_dir / "scan.json")
    return ScanOutcome(scan_id, status, out_dir, findings, files=files)
