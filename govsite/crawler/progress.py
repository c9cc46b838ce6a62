"""The crawl's part of the progress line (govsite/progress.py): pages, links, queue, errors."""
from __future__ import annotations

import time

from scrapy import signals
from twisted.internet import task

from govsite import progress
from govsite.lang import current, tr


class ProgressExtension:
    """Hands the spider's counters to the run's progress line once a second."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("GOVSITE_PROGRESS", True)
        self.loop: task.LoopingCall | None = None
        self.started = time.monotonic()
        self.own = False

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        """The crawl's counters, short enough for the 80-column line."""
        c = self.crawler.spider.counters
        elapsed = time.monotonic() - self.started
        rate = c.pages / elapsed if elapsed > 0 else 0.0
        # Counts that are usually 0 show only when they are not: a trap is worth seeing live.
        if current() == "en":
            extra = (f" unchecked {c.not_checked}" if c.not_checked else "") + (f" cut {c.cut}" if c.cut else "")
            return (f"pages {c.pages} links {c.checks} queue {c.queued} errors {c.errors} reused {c.reused}"
                    f"{extra} {rate:.0f}/s")
        extra = (f" 未检查{c.not_checked}" if c.not_checked else "") + (f" 越界{c.cut}" if c.cut else "")
        return (f"页面{c.pages} 链接{c.checks} 队列{c.queued} 错误{c.errors} 复用{c.reused}{extra}"
                f" {rate:.0f}页/秒")

    def opened(self, spider) -> None:
        if not self.enabled:
            return
        self.started = time.monotonic()
        # `govsite scan` shows the whole run; a crawl started on its own shows itself.
        self.own = progress.current() is None
        progress.begin(True)
        progress.show("crawl", self.line())
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(1.0, now=False)

    def tick(self) -> None:
        progress.show("crawl", self.line())

    def closed(self, spider, reason) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.enabled:
            progress.show("attachments", tr("等待附件读取完成", "waiting for the attachments being read"))
            if self.own:
                progress.end()
