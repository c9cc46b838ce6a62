"""The browser pass (issue 7): what only a browser sees, stored next to the crawl.

After the crawl, one headless Chromium loads the home page, every column's first page and the
newest articles of each column; it stores load timings (规范 第二十三条(十): 15 s), the lists that
JavaScript builds (AJAX columns a static parse sees as empty), axe-core results and screenshots
for the report.  The checks read those rows (govsite.scan.browser, govsite.checks.browser);
nothing here judges.  The browser never reaches a host outside --allow-host (govsite.browser.fence).

    result = run_browser_pass(store, scan_id, profile, allow_hosts)          # after the crawl
    capture_evidence(store, scan_id, profile, allow_hosts, veto_urls)       # after the checks
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import date

from govsite import progress
from govsite.browser.chromium import BrowserUnavailable, Chromium
from govsite.browser.load import PageLoader, PageResult, parse_rendered
from govsite.browser.plan import AXE, CONTENT, SCREENSHOT, TIMING, BrowserPlan, BrowserTask, plan_browser_pass
from govsite.browser.settings import BrowserSettings
from govsite.lang import tr
from govsite.profile import Profile
from govsite.store.browser_rows import (
    BrowserPageRecord,
    add_screenshots,
    page_kinds,
    replace_browser_pages,
    replace_hidden_links,
    urls_with_screenshot,
)
from govsite.store.db import Store, get_scan
from govsite.urls import host_allowed, host_of

log = logging.getLogger(__name__)

__all__ = ["BrowserPassResult", "BrowserUnavailable", "capture_evidence", "plan_only", "probe_urls",
           "run_browser_pass"]


@dataclass
class BrowserPassResult:
    """What the pass did; `skipped` says why it did nothing (disabled, no browser)."""

    pages: int = 0                 # pages loaded (tasks)
    timed_out: int = 0             # load event not reached within the limit
    errors: int = 0
    rendered_columns: int = 0      # column pages rendered for their list
    rendered_items: int = 0        # list items found in them
    axe_pages: int = 0
    axe_violations: int = 0        # violations (rule x page)
    screenshots: int = 0
    elapsed: float = 0.0
    skipped: str = ""
    plan: dict = field(default_factory=dict)   # purpose -> pages planned

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.elapsed if self.elapsed > 0 else 0.0


def _run_in_thread(coro_factory):
    """Run a coroutine on a loop of its own (the caller may already be inside an event loop, or
    Scrapy's reactor may own the main thread's)."""
    box: dict = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro_factory())
        except BaseException as exc:  # handed back to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="govsite-browser", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _load(settings: BrowserSettings, allow_hosts: list[str], tasks: list[BrowserTask],
          confirm_slow: bool = True) -> list[PageResult]:
    done = [0]

    def loaded(result: PageResult) -> None:
        done[0] += 1
        progress.show("browser", tr(f"已加载{done[0]}/{len(tasks)}个页面", f"{done[0]}/{len(tasks)} pages loaded"))

    async def go() -> list[PageResult]:
        async with Chromium(settings, allow_hosts) as chromium:
            loader = PageLoader(chromium)
            progress.show("browser", tr(f"启动浏览器，计划加载{len(tasks)}个页面", f"starting, {len(tasks)} pages planned"))
            results = await loader.run(tasks, on_result=loaded)
            again = [r.task for r in results if confirm_slow and r.timed_out and TIMING in r.task.purposes]
            if again:
                # A timeout is retried once, with fewer tabs, before it counts: our own load (many
                # tabs starting at once) must not make the site look slow.
                progress.show("browser", tr(f"复查{len(again)}个超时页面", f"loading {len(again)} timed-out pages again"))
                second = await loader.run(again, tabs=max(1, settings.tabs // 2))
                by_task = {id(r.task): r for r in second}
                results = [_merge(r, by_task.get(id(r.task))) for r in results]
            return results
    return _run_in_thread(go)


def _merge(first: PageResult, second: PageResult | None) -> PageResult:
    """The retried load's timing, keeping what the first attempt found and the second did not."""
    if second is None:
        return first
    second.attempts = first.attempts + 1
    for name in ("axe", "rendered_html", "screenshot", "screenshot_height"):
        if getattr(second, name) is None:
            setattr(second, name, getattr(first, name))
    if second.screenshot is first.screenshot:
        second.screenshot_height = first.screenshot_height
    second.a11y_entries = second.a11y_entries or first.a11y_entries
    return second


def probe_urls(urls: list[str], profile: Profile, allow_hosts: list[str],
               purposes: tuple[str, ...] = (TIMING,), kind: str = "other") -> list[PageResult]:
    """Load a list of URLs with the given purposes and return what the browser saw (no store)."""
    tasks = [BrowserTask(u, kind, None, set(purposes)) for u in urls]
    return _load(BrowserSettings.from_profile(profile), allow_hosts, tasks,
                 bool(profile.get("browser.confirm_slow")))


def _record(r: PageResult, settings: BrowserSettings, as_of: date, home_url: str) -> BrowserPageRecord:
    t = r.task
    items = None
    if r.rendered_html is not None:
        items = [[i.title, i.url, i.date.isoformat() if i.date else None, i.date_text]
                 for i in parse_rendered(t.url, r.rendered_html, as_of, home_url)]
    return BrowserPageRecord(url=t.url, kind=t.kind, column_url=t.column_url,
                             purposes=",".join(sorted(t.purposes)), final_url=r.final_url, status=r.status,
                             error=r.error, dcl_ms=_ms(r.dcl_ms), load_ms=_ms(r.load_ms),
                             timed_out=r.timed_out, attempts=r.attempts, limit_s=settings.limit_s,
                             screenshot=r.screenshot, screenshot_height=r.screenshot_height, axe=r.axe,
                             rendered_items=items, mixed_content=r.mixed_content, a11y_entries=r.a11y_entries)


def _ms(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def run_browser_pass(store: Store, scan_id: int, profile: Profile, allow_hosts: list[str], *,
                     evidence_urls: tuple[str, ...] | list[str] = ()) -> BrowserPassResult:
    """Load the planned pages of a stored scan in a headless browser and store what it saw
    (replacing the rows of an earlier pass over the same scan).  Never raises for a missing
    browser: the result says `skipped`."""
    if not profile.get("browser.enabled"):
        return BrowserPassResult(skipped="browser.enabled is false in the profile")
    settings = BrowserSettings.from_profile(profile)
    plan = plan_browser_pass(store, scan_id, profile, allow_hosts, evidence_urls)
    counts = {p: plan.count(p) for p in (TIMING, CONTENT, AXE, SCREENSHOT)}
    t0 = time.monotonic()
    try:
        results = _load(settings, allow_hosts, plan.tasks, bool(profile.get("browser.confirm_slow")))
    except BrowserUnavailable as exc:
        log.warning("browser pass skipped: %s", exc)
        return BrowserPassResult(skipped=str(exc), plan=counts)
    elapsed = time.monotonic() - t0
    records = [_record(r, settings, plan.as_of, plan.start_url) for r in results]
    replace_browser_pages(store, scan_id, records)
    replace_hidden_links(store, scan_id, {r.task.url: r.hidden_links for r in results if r.hidden_links})
    return _summary(records, elapsed, counts)


def _summary(records: list[BrowserPageRecord], elapsed: float, counts: dict) -> BrowserPassResult:
    rendered = [r for r in records if r.rendered_items is not None]
    with_axe = [r for r in records if r.axe is not None]
    return BrowserPassResult(
        pages=len(records), timed_out=sum(r.timed_out for r in records),
        errors=sum(bool(r.error) for r in records),
        rendered_columns=len(rendered), rendered_items=sum(len(r.rendered_items) for r in rendered),
        axe_pages=len(with_axe), axe_violations=sum(len(r.axe) for r in with_axe),
        screenshots=sum(r.screenshot is not None for r in records), elapsed=round(elapsed, 2), plan=counts)


def capture_evidence(store: Store, scan_id: int, profile: Profile, allow_hosts: list[str],
                     urls: list[str]) -> int:
    """Screenshot pages named by findings (e.g. every veto-level finding's page) that have none yet;
    returns how many were taken.  Attachments and hosts outside the allow-list are left out."""
    if not profile.get("browser.enabled"):
        return 0
    scan = get_scan(store, scan_id)
    have = urls_with_screenshot(store, scan_id)
    html_pages = page_kinds(store, scan_id)
    wanted = [u for u in dict.fromkeys(urls) if u not in have and u in html_pages
              and host_allowed(host_of(u), allow_hosts)]
    if not wanted:
        return 0
    settings = BrowserSettings.from_profile(profile)
    tasks = [BrowserTask(u, html_pages[u], None, {SCREENSHOT}) for u in wanted]
    try:
        results = _load(settings, allow_hosts, tasks, confirm_slow=False)
    except BrowserUnavailable as exc:
        log.warning("evidence screenshots skipped: %s", exc)
        return 0
    taken = [_record(r, settings, scan.as_of, scan.start_url) for r in results if r.screenshot is not None]
    add_screenshots(store, scan_id, taken, SCREENSHOT)
    return len(taken)


def plan_only(store: Store, scan_id: int, profile: Profile, allow_hosts: list[str]) -> BrowserPlan:
    """The plan without loading anything (`govsite` diagnostics, benchmarks)."""
    return plan_browser_pass(store, scan_id, profile, allow_hosts)
