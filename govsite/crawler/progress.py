"""Progress of a long scan on the terminal: pages, queue, errors, elapsed."""
from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy import signals
from twisted.internet import task

_PLAIN_EVERY = 30.0  # seconds between plain progress lines when stderr is not a terminal


class ProgressExtension:
    """Shows the spider's counters once a second (a live line on a TTY, a log line otherwise)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.console = Console(stderr=True)
        self.enabled = crawler.settings.getbool("GOVSITE_PROGRESS", True)
        self.live: Live | None = None
        self.loop: task.LoopingCall | None = None
        self.started = time.monotonic()
        self.last_plain = self.started

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        c = self.crawler.spider.counters
        elapsed = time.monotonic() - self.started
        rate = c.pages / elapsed if elapsed > 0 else 0.0
        # Pages a crawl bound kept out show only when there are some: a trap is worth seeing live.
        cut = f"  cut by bounds {c.cut}" if c.cut else ""
        return (f"pages {c.pages}  links checked {c.checks}  queue {c.queued}  errors {c.errors}"
                f"  not checked {c.not_checked}  reused {c.reused}{cut}  {rate:.0f} pages/s"
                f"  elapsed {int(elapsed) // 60}:{int(elapsed) % 60:02d}")

    def opened(self, spider) -> None:
        if not self.enabled:
            return
        self.started = self.last_plain = time.monotonic()
        if sys.stderr.isatty():
            self.live = Live(Text(self.line()), console=self.console, refresh_per_second=2,
                             transient=True)
            self.live.start()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(1.0, now=False)

    def tick(self) -> None:
        if self.live is not None:
            self.live.update(Text(self.line()))
        elif time.monotonic() - self.last_plain >= _PLAIN_EVERY:
            self.last_plain = time.monotonic()
            print(self.line(), file=sys.stderr, flush=True)

    def closed(self, spider, reason) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is not None:
            self.live.stop()
