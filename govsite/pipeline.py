"""The flow of a scan, end to end, in one straight line:
crawl -> links in -> browser pass -> checks -> score -> record the scan -> write outputs -> evidence.

The CLI, the demo and the scheduler all call these two functions; nothing else strings the
stages together, and no later stage writes an earlier stage's state.  The scan row says which
phase a scan reached (store/scan_state.py); it is recorded complete once, at the end, when the
crawl was whole and its findings, register and score are all stored.  A scan killed in any phase
stays "running" until the store is next opened, which marks it incomplete.
"""
from __future__ import annotations

import ctypes
import gc
import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from govsite import progress as run_progress
from govsite.browser import capture_evidence, run_browser_pass
from govsite.checks.failures import describe_failure
from govsite.checks.freshness import column_register
from govsite.checks.policy import interpretation_pairs
from govsite.checks.privacy import ocr_missing_note
from govsite.checks.run import run_checks
from govsite.checks.settle import settle
from govsite.claims import pages_to_recheck, verify_claims
from govsite.crawler.cloaking import probe_cloaking
from govsite.crawler.run import run_crawl
from govsite.errors import ScanFailed
from govsite.gc_settings import scan_collector
from govsite.lang import tr
from govsite.models import Finding, ParsedPage
from govsite.profile import Profile
from govsite.records.markup import MarkupCache
from govsite.rectification import active_acks
from govsite.reports.outputs import (
    write_articles,
    write_columns,
    write_finding_pages,
    write_findings,
    write_interpretations,
    write_score,
)
from govsite.reports.score import compute_score
from govsite.scan.load import load_scan_view
from govsite.scan.prefetch import LightPrefetch, start_prefetch
from govsite.store.db import Store, create_scan, finish_scan, get_scan, save_score
from govsite.store.findings import first_seen_days, save_findings, save_register
from govsite.store.reuse import load_reusable, save_reusable
from govsite.store.scan_state import link_check_of, set_phase
from govsite.textscan.cache import TextHitCache, fingerprint

log = logging.getLogger(__name__)


@dataclass
class ScanOutcome:
    scan_id: int
    status: str
    out_dir: Path
    findings: list[Finding]
    stats: dict = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    summary: dict = field(default_factory=dict)      # what scan.json says
    # Why the store could not take every row of the crawl (a full disk): the scan is incomplete
    # and the command must not exit 0.
    store_error: str | None = None
    note: str = ""          # what the checks could not do (no OCR engine), for the scan's note


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
    """Crawl the site into a new scan, run every check, store and write the outputs."""
    own = run_progress.current() is None     # the CLI may have begun the run's line (a demo's is longer)
    run = run_progress.begin(progress)
    try:
        with scan_collector():
            return _scan_site(run, store, start_url, as_of, out_dir, profile, allow_hosts, verbose=verbose)
    finally:
        if own:
            run_progress.end()


def _scan_site(run: run_progress.RunProgress, store: Store, start_url: str, as_of: date, out_dir: Path,
               profile: Profile, allow_hosts: list[str], *, verbose: bool) -> ScanOutcome:
    options = {"allow_hosts": allow_hosts, "out": str(out_dir)}
    scan_id = create_scan(store, start_url, as_of, profile.source, profile.data, options, lease=True)
    # the last scan's light parses are decoded on the core the crawl leaves idle (scan/prefetch.py)
    prefetch = start_prefetch(store, start_url, scan_id)
    try:
        return _crawl_and_check(run, store, scan_id, start_url, as_of, out_dir, profile, allow_hosts,
                                verbose=verbose, prefetch=prefetch)
    finally:
        if prefetch is not None:
            prefetch.close()


def _crawl_and_check(run: run_progress.RunProgress, store: Store, scan_id: int, start_url: str, as_of: date,
                     out_dir: Path, profile: Profile, allow_hosts: list[str], *, verbose: bool,
                     prefetch: LightPrefetch | None) -> ScanOutcome:
    set_phase(store, scan_id, "crawl")
    run_progress.show("crawl", tr("开始抓取", "starting"))
    try:
        # The pages of findings a unit marked fixed are fetched again, whatever their age.
        result = run_crawl(store, scan_id, start_url, as_of, profile, allow_hosts,
                           progress=run.enabled, verbose=verbose, recheck=pages_to_recheck(store, scan_id))
    except BaseException as exc:
        finish_scan(store, scan_id, "incomplete", note=f"crawl failed: {exc.__class__.__name__}: {exc}")
        raise
    c = result.counters
    stats = {"pages": result.pages_written, "links_checked": c.checks, "errors": c.errors,
             "not_checked": c.not_checked, "reused": c.reused, "elapsed": round(result.elapsed, 2),
             "close_reason": result.reason, "callback_errors": result.callback_errors[:20],
             "crawl_cuts": result.crawl_cuts}
    if result.pages_written == 0:
        _unreachable(store, scan_id, start_url, result, stats)
    crawl_whole = result.complete
    note = "" if crawl_whole else (result.writer_error or f"crawl stopped early ({result.reason})")
    if result.callback_errors:
        note = _join(note, f"{len(result.callback_errors)} page(s) could not be processed: "
                           f"{result.callback_errors[0]}")
    if result.crawl_cuts:
        # The crawl did what the profile allows: the scan stays complete, and says where it stopped.
        note = _join(note, "; ".join(result.crawl_cuts[:3]))
    _release_crawl_memory()
    # A few pages again as a search engine's crawler (快照劫持), judged by security.tampered: on a
    # thread beside the checks, one request at a time with the crawl's delay between them (five
    # probes of a site crawled with a 1 s delay kept the checks waiting 5 s).
    cloaking = _on_a_thread(probe_cloaking, store, scan_id, start_url, as_of, profile, allow_hosts)

    links_error: str | None = None
    links_waited = False
    # Three threads may ask at once (the checks, the scan view's links reader, the phase writer):
    # each must return only once the copy is done, not as soon as another began to wait for it.
    links_lock = threading.Lock()

    def links_in() -> None:
        """The links of the pages taken from the last scan are copied on a thread while the
        checks start (a million rows on a big portal); whatever reads links waits here first."""
        nonlocal links_error, links_waited
        with links_lock:
            if not links_waited:
                links_error = _wait_for_links(result)
                links_waited = True

    verdict = {"crawl": "complete" if crawl_whole else "incomplete", **stats}
    if profile.get("browser.enabled"):
        run_progress.show("browser", tr("等待链接入库", "waiting for the links to be stored"))
        links_in()          # the browser's plan reads the scan's links
        # the browser's requests come after the probes': one request at a time to the site
        verdict["cloak_probes"] = cloaking.result()
        set_phase(store, scan_id, "browser", **verdict)
        browser = run_browser_pass(store, scan_id, profile, allow_hosts)
        stats["browser"] = {"pages": browser.pages, "skipped": browser.skipped}
        set_phase(store, scan_id, "checks", browser=stats["browser"])
        links_ready = links_in
    else:
        browser = run_browser_pass(store, scan_id, profile, allow_hosts)     # skipped, no I/O
        stats["browser"] = {"pages": browser.pages, "skipped": browser.skipped}
        # The links of unchanged pages may still be being copied, holding SQLite's one write
        # lock: the checks start meanwhile, and the phase (with the crawl's verdict) is recorded
        # once the links are in, on a thread; whatever the checks write waits for it.
        def record_phase() -> None:
            links_in()
            probes = cloaking.result() if cloaking.exception() is None else []  # raised below
            set_phase(store, scan_id, "checks", **verdict, cloak_probes=probes, browser=stats["browser"])
        phase = threading.Thread(target=record_phase, name="govsite-phase")
        phase.start()

        def links_ready() -> None:
            links_in()
            phase.join()
    outcome = check_scan(store, scan_id, profile, out_dir, links_ready=links_ready,
                         crawl_whole=lambda: crawl_whole and links_error is None,
                         cloak_probes=cloaking.result,
                         light_by_content=prefetch.pages if prefetch is not None else None)
    stats["cloak_probes"] = cloaking.result()
    if links_error:
        note = _join(note, links_error)
    if outcome.note:
        note = _join(note, outcome.note)
    stats["findings"] = len(outcome.findings)
    # The closing elapsed= is the whole run's; the crawl's own time is kept apart.
    stats["crawl_elapsed"], stats["elapsed"] = stats["elapsed"], round(run.elapsed, 2)
    status = "complete" if crawl_whole and links_error is None else "incomplete"
    finish_scan(store, scan_id, status, note=note, stats={**stats, "phase": "done"})
    verify_claims(store, scan_id)       # the console's 已整改待复核 claims (complete scans only)
    outcome.status = status
    outcome.store_error = result.writer_error or links_error
    # the crawl's own cuts: the scan row may not hold them yet when the checks read it
    outcome.summary["crawl_cuts"] = result.crawl_cuts
    _write_scan_json(outcome, status)
    vetoed = sorted({f.url for f in outcome.findings if f.severity == "veto"})
    if vetoed and not browser.skipped:
        run_progress.show("reports", tr(f"为{len(vetoed)}个否决项页面截图", f"screenshots of {len(vetoed)} veto pages"))
        capture_evidence(store, scan_id, profile, allow_hosts, vetoed)
    stats["elapsed"] = round(run.elapsed, 2)
    outcome.stats = stats
    return outcome


def _on_a_thread(work: Callable, *args) -> Future:
    """`work(*args)` on a daemon thread: a scan that fails or is stopped does not wait at exit
    for the requests it still makes (an executor's threads are joined at exit)."""
    future: Future = Future()

    def run() -> None:
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(work(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the result
                future.set_exception(exc)
    threading.Thread(target=run, name=f"govsite-{work.__name__}", daemon=True).start()
    return future


def _join(note: str, more: str) -> str:
    return (note + "; " if note else "") + more


def _unreachable(store: Store, scan_id: int, start_url: str, result, stats: dict) -> None:
    """A crawl that stored no page: the scan ends incomplete, with why, from the start URL's
    own check (or the store writer's error)."""
    _wait_for_links(result)
    if result.writer_error:
        why = note = result.writer_error
    else:
        start = link_check_of(store, scan_id, start_url)
        status = f"HTTP {start.status}" if start and start.status is not None else ""
        # The error class for scripts, then what happened in words (never a class name).
        why = (f"{start.error_class or status} ({describe_failure(start, 0)})" if start and start.error_class
               else (status or "no page could be fetched"))
        note = f"site unreachable: {why}"
    finish_scan(store, scan_id, "incomplete", note=note, stats=stats)
    raise ScanFailed(f"cannot scan {start_url}: {why} (scan {scan_id} marked incomplete)")


def _wait_for_links(result) -> str | None:
    return result.links_copy.wait() if result.links_copy is not None else None


def check_scan(store: Store, scan_id: int, profile: Profile, out_dir: Path,
               links_ready: Callable[[], None] | None = None,
               crawl_whole: Callable[[], bool] | None = None,
               cloak_probes: Callable[[], list[dict]] | None = None,
               light_by_content: Callable[[], dict[str, ParsedPage]] | None = None) -> ScanOutcome:
    """Run the checks over a stored scan (no crawling), store findings, register and score, and
    write its output files.  `links_ready` is called before the scan's links are first read, and
    before anything is written.  Called on its own (`govsite check N`), it finishes a scan whose
    crawl was whole but which was killed later: the scan is then recorded complete."""
    scan = get_scan(store, scan_id)
    if scan is None:
        raise ScanFailed(f"no scan {scan_id} in the store {store.url}")
    links_ready = links_ready or (lambda: None)
    view = load_scan_view(store, scan_id, float(profile.get("thresholds.link_slow_seconds")),
                          links_ready=links_ready, light_by_content=light_by_content)
    if cloak_probes is not None:    # still being fetched, and not in the scan row yet
        view.load_cloak_probes = cloak_probes
    # the leaders' names are read by the detectors too (wording.leader_*)
    view.text_cache = TextHitCache(fingerprint({**profile.section("content_safety"),
                                                "leaders": profile.get("leaders") or []}),
                                   *_reusable(store, scan_id, "text_hits"))
    view.markup_cache = MarkupCache(*_reusable(store, scan_id, "markup"))
    run_progress.show("checks", tr("读取扫描数据", "loading the scan"))
    # one finding per template defect, the pages to edit, every finding's unit (checks/settle.py)
    findings = settle(run_checks(view, profile), view, profile)
    run_progress.show("checks", tr(f"保存{len(findings)}条检查结果", f"storing {len(findings)} findings"))
    links_ready()       # SQLite has one writer: the copy of the links must be done
    save_reusable(store, scan_id, "text_hits", view.text_cache.encoded(), view.text_cache.source_scan)
    save_reusable(store, scan_id, "markup", view.markup_cache.used, view.markup_cache.source_scan)
    accepted = active_acks(store, profile, scan.start_url, scan.as_of)
    keys = save_findings(store, scan_id, scan.start_url, findings, accepted)
    columns = column_register(view, profile)
    save_register(store, scan_id, columns)
    scored = [f for f, key in zip(findings, keys) if key not in accepted]
    score = compute_score(scan_id, scan.as_of.isoformat(), scored, columns, profile)
    if len(scored) < len(findings):
        score.notes.append(tr(f"{len(findings) - len(scored)}个已说明的问题不计分",
                              f"{len(findings) - len(scored)} accepted finding(s) left out of the score"))
    ocr_note = ocr_missing_note(view)
    if ocr_note:
        score.notes.append(ocr_note)
    save_score(store, scan_id, score.to_json())
    outcome = ScanOutcome(scan_id, scan.status, out_dir, findings, note=ocr_note)
    if crawl_whole is None:
        # `govsite check N`: the judgement is stored; a scan whose crawl was whole is now complete.
        stats = dict(scan.stats or {})
        if scan.status != "complete" and stats.get("crawl") == "complete":
            stats.update(phase="done", findings=len(findings))
            finish_scan(store, scan_id, "complete", note=scan.note, stats=stats)
            verify_claims(store, scan_id)
            outcome.status = "complete"
    else:
        set_phase(store, scan_id, "outputs", findings=len(findings))
    out_dir.mkdir(parents=True, exist_ok=True)
    run_progress.show("reports", tr("写出 findings.csv、columns.csv、score.json", "writing findings.csv, columns.csv, score.json"))
    first_seen = first_seen_days(store, scan.start_url, scan_id)
    outcome.files = [write_findings(out_dir, findings, keys, first_seen, scan.as_of, profile),
                     write_finding_pages(out_dir, findings, keys),
                     write_columns(out_dir, [c.as_row() for c in columns]),
                     write_articles(out_dir, view), write_score(out_dir, score),
                     write_interpretations(out_dir, interpretation_pairs(view, profile))]
    outcome.summary = {
        "scan_id": scan_id, "start_url": scan.start_url, "as_of": scan.as_of.isoformat(),
        "status": outcome.status, "findings": len(findings), "score": score.total, "pass": score.passed,
        # texts the content detectors read again vs. took from the last scan's hits
        "content_texts": {"scanned": view.text_cache.computed, "reused": view.text_cache.reused},
        # pages whose markup the record rules read again vs. took from the last scan
        "page_markup": {"read": view.markup_cache.read, "reused": view.markup_cache.reused},
        # bounds of the profile that cut the crawl (a crawl trap, a site larger than allowed)
        "crawl_cuts": (scan.stats or {}).get("crawl_cuts", [])}
    if crawl_whole is None:
        _write_scan_json(outcome, outcome.status)
    return outcome


def _reusable(store: Store, scan_id: int, kind: str) -> tuple[dict[str, bytes], int | None]:
    source, known = load_reusable(store, scan_id, kind)
    return known, source


def _write_scan_json(outcome: ScanOutcome, status: str) -> None:
    """scan.json: the scan's summary, with the status it was recorded with."""
    summary = {**outcome.summary, "status": status}
    path = outcome.out_dir / "scan.json"
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), "utf-8")
    if path not in outcome.files:
        outcome.files.append(path)
