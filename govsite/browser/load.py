"""Loading pages in the browser: `tabs` pages at a time, each load timed against the limit, lists
that JavaScript builds read once the network settles, axe-core and screenshots where the task
asks for them.  It reports what it saw (PageResult); it judges nothing.
"""
from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date

from govsite.browser.axe import run_axe
from govsite.browser.chromium import Chromium, first_line
from govsite.browser.evidence import take_screenshot
from govsite.browser.plan import AXE, CONTENT, HTTPS, SCREENSHOT, BrowserTask
from govsite.browser.scripts import A11Y_ENTRIES, HIDDEN_LINKS, TIMING
from govsite.browser.settings import BrowserSettings

log = logging.getLogger(__name__)

_MIXED = re.compile(r"Mixed Content: .*?requested an insecure \w+ '(http://[^']+)'")


@dataclass
class PageResult:
    """What the browser saw of one task (a stored browser row before it is stored)."""

    task: BrowserTask
    final_url: str | None = None
    status: int | None = None
    error: str = ""
    dcl_ms: float | None = None
    load_ms: float | None = None
    timed_out: bool = False
    attempts: int = 1
    wall_s: float = 0.0
    screenshot: bytes | None = None
    screenshot_height: int | None = None
    axe: list | None = None
    rendered_html: str | None = None
    mixed_content: list[str] = field(default_factory=list)
    a11y_entries: list = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    hidden_links: list = field(default_factory=list)   # [[href, text, method, block]] (暗链)


class PageLoader:
    """`await PageLoader(chromium).run(tasks)`: every task loaded, results in task order."""

    def __init__(self, chromium: Chromium):
        self.chromium = chromium
        self.settings: BrowserSettings = chromium.settings

    async def run(self, tasks: list[BrowserTask], on_result=None, tabs: int | None = None) -> list[PageResult]:
        """Load every task, `tabs` at a time (default: the profile's); results in task order."""
        queue: asyncio.Queue = asyncio.Queue()
        for n, task in enumerate(tasks):
            queue.put_nowait((n, task))
        results: list[PageResult | None] = [None] * len(tasks)

        async def worker() -> None:
            tab: _Tab | None = None
            try:
                while True:
                    try:
                        n, task = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    if tab is None:
                        tab = await _Tab.open(self.chromium)
                    result = results[n] = await self.load(tab, task)
                    if result.timed_out or result.error:   # still loading, or broken: start afresh
                        await tab.close()
                        tab = None
                    if on_result is not None:
                        on_result(result)
            finally:
                if tab is not None:
                    await tab.close()

        await asyncio.gather(*(worker() for _ in range(min(tabs or self.settings.tabs, max(1, len(tasks))))))
        return [r for r in results if r is not None]

    async def load(self, tab: _Tab, task: BrowserTask) -> PageResult:
        """Open one page in the tab and look at it; never raises."""
        s = self.settings
        result = tab.result = PageResult(task)
        budget = s.limit_s + s.render_wait_s + 60.0
        try:
            await asyncio.wait_for(self._visit(tab.page, task, result), budget)
        except TimeoutError:
            result.error = result.error or f"gave up after {budget:.0f} s"
        except Exception as exc:  # a crashed tab must not stop the pass
            result.error = result.error or first_line(exc)
            log.warning("browser: %s: %s", task.url, result.error)
        tab.result = None
        return result

    async def _visit(self, page, task: BrowserTask, result: PageResult) -> None:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        s = self.settings
        t0 = time.monotonic()
        try:
            await page.goto(task.url, wait_until="load", timeout=s.limit_s * 1000)
        except PlaywrightTimeout:
            result.timed_out = True
        except PlaywrightError as exc:
            result.error = first_line(exc)
        result.wall_s = time.monotonic() - t0
        if result.error and HTTPS not in task.purposes and SCREENSHOT not in task.purposes:
            return
        if HTTPS in task.purposes:
            result.final_url = result.final_url or (None if result.error else page.url)
            return
        timing = await _safe(page.evaluate(TIMING))
        if timing:
            result.dcl_ms = timing["dcl"] or None
            result.load_ms = None if result.timed_out else (timing["load"] or result.wall_s * 1000)
            result.status = result.status or timing["status"] or None
        if CONTENT in task.purposes and not result.error:
            try:   # AJAX lists arrive after the load event: wait for the network to settle
                await page.wait_for_load_state("networkidle", timeout=s.render_wait_s * 1000)
            except PlaywrightTimeout:
                pass
            result.rendered_html = await _safe(page.content())
        if not result.error:        # outside links the rendered page hides, script-inserted ones too
            result.hidden_links = await _safe(page.evaluate(HIDDEN_LINKS)) or []
        if task.kind == "home" and s.elder_keywords and not result.error:
            result.a11y_entries = await _safe(page.evaluate(A11Y_ENTRIES, list(s.elder_keywords))) or []
        if AXE in task.purposes and not result.error:
            result.axe = await run_axe(page, s)
        if SCREENSHOT in task.purposes or result.timed_out:
            shot = await take_screenshot(page, s, task.url)
            if shot is not None:
                result.screenshot, result.screenshot_height = shot


class _Tab:
    """One browser context and its page, reused for many tasks; the listeners write into the task
    being loaded."""

    def __init__(self) -> None:
        self.context = None
        self.page = None
        self.result: PageResult | None = None

    @classmethod
    async def open(cls, chromium: Chromium) -> _Tab:
        tab = cls()
        tab.context, tab.page = await chromium.new_context(on_blocked=tab.blocked)
        tab.page.on("console", tab.console)
        tab.page.on("response", tab.response)
        tab.page.on("request", tab.request)
        return tab

    async def close(self) -> None:
        try:
            await self.context.close()
        except Exception:
            pass

    def blocked(self, url: str) -> None:
        if self.result is not None:
            self.result.blocked.append(url)

    def request(self, req) -> None:
        r = self.result
        if r is not None and r.task.url.startswith("https://") and req.url.startswith("http://") \
                and req.url not in r.mixed_content:
            r.mixed_content.append(req.url)

    def console(self, msg) -> None:
        m = _MIXED.search(msg.text or "")
        if m and self.result is not None and m.group(1) not in self.result.mixed_content:
            self.result.mixed_content.append(m.group(1))

    def response(self, resp) -> None:
        try:
            if self.result is not None and resp.request.is_navigation_request() \
                    and resp.frame == self.page.main_frame:
                self.result.status, self.result.final_url = resp.status, resp.url
        except Exception:
            pass


async def _safe(awaitable):
    """The value, or None when the page went away or the script failed (navigation, crash)."""
    try:
        return await awaitable
    except Exception:
        return None


def parse_rendered(url: str, html: str, as_of: date, home_url: str):
    """The list items of a rendered page, by the same parser the crawler uses on static HTML."""
    from govsite.parsing.page import parse_page
    return parse_page(url, html, as_of, home_url=home_url).items
