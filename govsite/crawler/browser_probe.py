"""The headless browser itself: one Chromium, `tabs` pages at a time, hosts outside the allow-list
aborted inside the browser.  It loads a BrowserTask and reports what it saw; it judges nothing.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from dataclasses import dataclass, field
from datetime import date

from govsite.crawler.browser_js import A11Y_ENTRIES, AXE_RUN, PAGE_HEIGHT, TIMING, axe_source
from govsite.crawler.browser_plan import AXE, CONTENT, HTTPS, SCREENSHOT, BrowserTask
from govsite.profile import Profile

log = logging.getLogger(__name__)

_MIXED = re.compile(r"Mixed Content: .*?requested an insecure \w+ '(http://[^']+)'")


class BrowserUnavailable(RuntimeError):
    """Chromium or Playwright cannot be started; the message says what to install."""


@dataclass(frozen=True)
class BrowserSettings:
    """The profile's `browser:` section and the load limit, read once."""

    executable_path: str
    args: tuple[str, ...]
    tabs: int
    limit_s: float                  # thresholds.link_slow_seconds: 规范 第二十三条(十)
    render_wait_s: float
    axe_tags: tuple[str, ...]
    axe_examples: int
    screenshot_max_height: int
    viewport: tuple[int, int]
    elder_keywords: tuple[str, ...]

    @classmethod
    def from_profile(cls, profile: Profile) -> "BrowserSettings":
        b = profile.section("browser")
        width, height = (list(b.get("viewport") or [1366, 900]) + [900])[:2]
        return cls(executable_path=str(b.get("executable_path") or ""),
                   args=tuple(b.get("args") or ()), tabs=max(1, int(b.get("tabs", 6))),
                   limit_s=float(profile.get("thresholds.link_slow_seconds")),
                   render_wait_s=float(b.get("render_wait_seconds", 3.0)),
                   axe_tags=tuple(b.get("axe_tags") or ("wcag2a", "wcag2aa")),
                   axe_examples=int(b.get("axe_examples", 3)),
                   screenshot_max_height=int(b.get("screenshot_max_height", 4000)),
                   viewport=(int(width), int(height)),
                   elder_keywords=tuple(b.get("elder_mode_keywords") or ()))


@dataclass
class PageResult:
    """What the browser saw of one task (a BrowserPageRow before it is stored)."""

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


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else exc.__class__.__name__)[:300]


class BrowserProbe:
    """`async with BrowserProbe(settings, allow_hosts) as probe: await probe.run(tasks)`."""

    def __init__(self, settings: BrowserSettings, allow_hosts: list[str] | tuple[str, ...]):
        self.settings = settings
        self.allow_hosts = list(allow_hosts)
        self._pw = None
        self.browser = None
        self.user_agent: str | None = None

    async def __aenter__(self) -> "BrowserProbe":
        s = self.settings
        if s.executable_path and not os.path.exists(s.executable_path):
            raise BrowserUnavailable(f"no browser at {s.executable_path} (apt-get install chromium, or set "
                                     f"browser.executable_path in the profile)")
        try:
            from playwright.async_api import async_playwright
            self._pw = await async_playwright().start()
            self.browser = await self._pw.chromium.launch(
                executable_path=s.executable_path or None, headless=True, args=list(s.args))
        except Exception as exc:  # playwright missing, chromium refusing to start, ...
            await self._stop()
            raise BrowserUnavailable(f"cannot start the browser: {_first_line(exc)}") from None
        # Chromium's own user agent without "Headless" (WAFs turn that away), naming govsite.
        self.user_agent = (f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                           f"Chrome/{self.browser.version} Safari/537.36 govsite/0.1")
        return self

    async def __aexit__(self, *exc) -> None:
        await self._stop()

    async def _stop(self) -> None:
        if self.browser is not None:
            try:
                await self.browser.close()
            except Exception:  # already gone
                pass
        if self._pw is not None:
            await self._pw.stop()
        self.browser = self._pw = None

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
                        tab = await self._open_tab()
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

    async def _open_tab(self) -> "_Tab":
        """A context and page reused for many tasks; HTTP cache off, so every load is a first visit."""
        s = self.settings
        context = await self.browser.new_context(
            viewport={"width": s.viewport[0], "height": s.viewport[1]}, user_agent=self.user_agent,
            bypass_csp=True, service_workers="block", locale="zh-CN")
        tab = _Tab(context)
        blocked = blocked_hosts_pattern(self.allow_hosts)
        if blocked is not None:
            await context.route(blocked, tab.abort)
        tab.page = await context.new_page()
        cdp = await context.new_cdp_session(tab.page)
        await cdp.send("Network.enable")
        await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        tab.page.on("console", tab.console)
        tab.page.on("response", tab.response)
        tab.page.on("request", tab.request)
        return tab

    async def load(self, tab: "_Tab", task: BrowserTask) -> PageResult:
        """Open one page in the tab and look at it; never raises."""
        s = self.settings
        result = tab.result = PageResult(task)
        budget = s.limit_s + s.render_wait_s + 60.0
        try:
            await asyncio.wait_for(self._visit(tab.page, task, result), budget)
        except asyncio.TimeoutError:
            result.error = result.error or f"gave up after {budget:.0f} s"
        except Exception as exc:  # a crashed tab must not stop the pass
            result.error = result.error or _first_line(exc)
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
            result.error = _first_line(exc)
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
        if task.kind == "home" and s.elder_keywords and not result.error:
            result.a11y_entries = await _safe(page.evaluate(A11Y_ENTRIES, list(s.elder_keywords))) or []
        if AXE in task.purposes and not result.error:
            result.axe = await self._axe(page)
        if SCREENSHOT in task.purposes or result.timed_out:
            await self._screenshot(page, result)

    async def _axe(self, page) -> list | None:
        s = self.settings
        try:
            await page.add_script_tag(content=axe_source())
            return await page.evaluate(AXE_RUN, [list(s.axe_tags), s.axe_examples])
        except Exception as exc:
            log.warning("axe on %s: %s", page.url, _first_line(exc))
            return None

    async def _screenshot(self, page, result: PageResult) -> None:
        s = self.settings
        height = await _safe(page.evaluate(PAGE_HEIGHT)) or s.viewport[1]
        height = max(1, min(int(height), s.screenshot_max_height))
        try:
            result.screenshot = await page.screenshot(
                type="png", full_page=True, timeout=10_000, animations="disabled",
                clip={"x": 0, "y": 0, "width": s.viewport[0], "height": height})
            result.screenshot_height = height
        except Exception as exc:
            log.info("screenshot of %s: %s", result.task.url, _first_line(exc))


class _Tab:
    """One browser context and its page; the listeners write into the task being loaded."""

    def __init__(self, context):
        self.context = context
        self.page = None
        self.result: PageResult | None = None

    async def close(self) -> None:
        try:
            await self.context.close()
        except Exception:
            pass

    async def abort(self, route) -> None:
        if self.result is not None:
            self.result.blocked.append(route.request.url)
        await route.abort("blockedbyclient")

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


def _glob_regex(glob: str) -> str:
    return "".join("[^/:?#]*" if ch == "*" else "[^/:?#]" if ch == "?" else re.escape(ch)
                   for ch in glob.lower())


def blocked_hosts_pattern(allow_hosts: list[str] | tuple[str, ...]) -> re.Pattern | None:
    """A URL pattern matching every request to a host outside the allow-list (the crawler's
    --allow-host globs); None when there is no allow-list (nothing blocked, as in the crawler)."""
    if not allow_hosts:
        return None
    hosts = "|".join(_glob_regex(h) for h in allow_hosts)
    return re.compile(rf"^(?:https?|wss?|ftp)://(?:[^/@]*@)?(?!(?:{hosts})(?::\d+)?(?:[/?#]|$))", re.IGNORECASE)


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
