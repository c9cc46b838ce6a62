"""Parsing pages in a worker process, so the crawl uses both cores.

Scrapy's engine keeps one core busy on its own; parsing a page (lxml, ~5-10 ms) on that same core
halves the crawl's speed.  Pages are parsed in a separate process instead, and the spider awaits
the result without blocking other downloads.  `crawl.parse_workers: 0` parses in the crawl's own
process (simpler to debug).
"""
from __future__ import annotations

import asyncio
import multiprocessing
import zlib
from concurrent.futures import ProcessPoolExecutor
from datetime import date

from govsite.models import ParsedPage
from govsite.parsing.decode import decode_html
from govsite.parsing.page import parse_page
from govsite.store.pagecodec import encode_page


def parse_for_store(url: str, body: bytes, content_type: str, headers: dict, status: int,
                    as_of: date, home_url: str) -> tuple[ParsedPage, bytes, bytes]:
    """(parse without its texts, encoded parse to store, compressed HTML to store)."""
    text, encoding = decode_html(body, content_type)
    parsed = parse_page(url, text, as_of, home_url=home_url, status=status, headers=headers)
    parsed.encoding = encoding
    blob = encode_page(parsed)
    html = zlib.compress(text.encode("utf-8"), 1)
    parsed.text = parsed.body_text = ""      # both travel in the blob; keep the reply small
    return parsed, blob, html


class ParsePool:
    """Worker processes for parse_for_store; must be created before any thread is started."""

    def __init__(self, workers: int) -> None:
        self.executor = (ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
                         if workers > 0 else None)

    async def parse(self, *args) -> tuple[ParsedPage, bytes, bytes]:
        if self.executor is None:
            return parse_for_store(*args)
        return await asyncio.wrap_future(self.executor.submit(parse_for_store, *args))

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
