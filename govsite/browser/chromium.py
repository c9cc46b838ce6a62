"""Debian's Chromium, started headless through Playwright inside the allow-list fence
(govsite.browser.fence); it hands out fresh browser contexts and judges nothing."""
from __future__ import annotations

import os
from collections.abc import Callable

from govsite.browser.fence import QUIET_ARGS, RefusingPort, blocked_hosts_pattern, fence_args
from govsite.browser.settings import BrowserSettings


class BrowserUnavailable(RuntimeError):
    """Chromium or Playwright cannot be started; the message says what to install."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (Playwright's run to a page of call log)."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else exc.__class__.__name__)[:300]


def chromium_args(settings: BrowserSettings, allow_hosts: list[str] | tuple[str, ...],
                  refusing_port: int) -> list[str]:
    """The profile's switches, then the quiet ones and the fence: given last, so that a profile
    cannot switch the fence off by accident (Chromium keeps the last value of a switch)."""
    return list(dict.fromkeys([*settings.args, *QUIET_ARGS, *fence_args(allow_hosts, refusing_port)]))


class Chromium:
    """`async with Chromium(settings, allow_hosts) as chromium: context = await chromium.new_context(...)`."""

    def __init__(self, settings: BrowserSettings, allow_hosts: list[str] | tuple[str, ...]):
        self.settings = settings
        self.allow_hosts = list(allow_hosts)
        self.user_agent: str | None = None
        self._pw = None
        self._browser = None
        self._proxy: RefusingPort | None = None

    async def __aenter__(self) -> Chromium:
        s = self.settings
        if s.executable_path and not os.path.exists(s.executable_path):
            raise BrowserUnavailable(f"no browser at {s.executable_path} (apt-get install chromium, or set "
                                     f"browser.executable_path in the profile)")
        self._proxy = RefusingPort()
        try:
            from playwright.async_api import async_playwright
            self._pw = await async_playwright().start()
            self._browser = await self._pw.chromium.launch(
                executable_path=s.executable_path or None, headless=True,
                args=chromium_args(s, self.allow_hosts, self._proxy.port))
        except Exception as exc:  # playwright missing, chromium refusing to start, ...
            await self._stop()
            raise BrowserUnavailable(f"cannot start the browser: {first_line(exc)}") from None
        # Chromium's own user agent without "Headless" (WAFs turn that away), naming govsite.
        self.user_agent = (f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                           f"Chrome/{self._browser.version} Safari/537.36 govsite/0.1")
        return self

    async def __aexit__(self, *exc) -> None:
        await self._stop()

    async def _stop(self) -> None:
        if self._browser is not None:
            try:
                await self._browser.close()
            except Exception:  # already gone
                pass
        if self._pw is not None:
            await self._pw.stop()
        if self._proxy is not None:
            self._proxy.close()
        self._browser = self._pw = self._proxy = None

    async def new_context(self, on_blocked: Callable[[str], None]):
        """A fresh context (HTTP cache off, so every load is a first visit) with one page; requests
        to hosts outside the allow-list are aborted and handed to `on_blocked`.  (context, page)."""
        s = self.settings
        context = await self._browser.new_context(
            viewport={"width": s.viewport[0], "height": s.viewport[1]}, user_agent=self.user_agent,
            bypass_csp=True, service_workers="block", locale="zh-CN")
        blocked = blocked_hosts_pattern(self.allow_hosts)
        if blocked is not None:
            async def abort(route) -> None:
                on_blocked(route.request.url)
                await route.abort("blockedbyclient")
            await context.route(blocked, abort)
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        await cdp.send("Network.enable")
        await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        return context, page
