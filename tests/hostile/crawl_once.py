"""Crawl one site into a fresh store, the way `govsite scan` does, and print what the spider
saw as JSON: the crawl bounds' notes (`crawl_cuts`), the counters and the close reason.

Run in its own process (Scrapy's reactor runs once per process):
    python tests/hostile/crawl_once.py URL DB [--allow-host H ...] [--profile FILE ...]
Only the spider class is swapped for a subclass that records itself when the crawl closes; the
crawl, the store and the server are the real ones.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date

import govsite.crawler.run as crawl_run
from govsite.profile import load_profile
from govsite.store.db import create_scan, open_store

SEEN: dict = {}


class RecordingSpider(crawl_run.SiteSpider):
    def closed(self, reason):
        SEEN.update(crawl_cuts=list(self.crawl_cuts), reason=reason,
                    counters=dataclasses.asdict(self.counters), pages_requested=self.pages_requested)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("db")
    parser.add_argument("--allow-host", action="append", default=[])
    parser.add_argument("--profile", action="append", default=[])
    args = parser.parse_args()
    profile = load_profile(args.profile or None)
    store = open_store(args.db)
    as_of = date(2026, 11, 27)
    scan_id = create_scan(store, args.url, as_of, profile.source, profile.data, {})
    crawl_run.SiteSpider = RecordingSpider
    result = crawl_run.run_crawl(store, scan_id, args.url, as_of, profile, args.allow_host,
                                 progress=False)
    if result.links_copy is not None:
        result.links_copy.wait()
    SEEN.update(scan_id=scan_id, pages_written=result.pages_written, elapsed=result.elapsed,
                writer_error=result.writer_error, callback_errors=result.callback_errors)
    json.dump(SEEN, sys.stdout)


if __name__ == "__main__":
    main()
