"""Downloader middlewares: the host allow-list and polite retries that honour Retry-After."""
from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from datetime import UTC, datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest

from govsite.urls import host_allowed, host_of

log = logging.getLogger(__name__)


class HostNotAllowed(IgnoreRequest):
    """A request (or a redirect) to a host outside --allow-host: never sent."""


class AllowHostMiddleware:
    """Drops every request to a host outside the allow-list, redirects included.

    It runs before the robots.txt middleware, so not even robots.txt is fetched from a host that
    is not allowed.  It also stamps the time a request leaves, to time failures.
    """

    def __init__(self, globs: list[str]) -> None:
        self.globs = globs

    @classmethod
    def from_crawler(cls, crawler):
        return cls(list(crawler.settings.getlist("GOVSITE_ALLOW_HOSTS")))

    def process_request(self, request):
        host = host_of(request.url)
        if not host_allowed(host, self.globs):
            raise HostNotAllowed(f"host {host} is not in --allow-host")
        request.meta.setdefault("govsite_sent", time.monotonic())
        return None


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class PoliteRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, but a 429 or 503 waits for the server's Retry-After before trying again.

    Without Retry-After the wait doubles on each attempt (backoff_base, 2x, 4x ...).  The wait is
    capped by crawl.retry_after_max so one server cannot stall a nightly scan.
    """

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("GOVSITE_BACKOFF_BASE", 2.0)
        self.retry_after_max = settings.getfloat("GOVSITE_RETRY_AFTER_MAX", 120.0)

    async def process_response(self, request, response):
        if response.status not in (429, 503) or request.meta.get("dont_retry"):
            return super().process_response(request, response)
        attempt = request.meta.get("retry_times", 0)
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            wait = self.backoff_base * (2 ** attempt)
        wait = min(wait, self.retry_after_max)
        retry = self._retry(request, f"{response.status}, retry after {wait:.1f}s")
        if retry is None:
            return response
        log.info("server asked to wait %.1fs before retrying %s", wait, request.url)
        await asyncio.sleep(wait)
        retry.meta.pop("govsite_sent", None)
        return retry
