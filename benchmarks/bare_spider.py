"""The framework's floor: a bare Scrapy spider that only follows same-host links.

    python benchmarks/bare_spider.py http://127.0.0.1:8080/ --stats-out stats.json

It fetches the start page, follows every same-host <a href> and every TRS list page announced
by an inline createPageHTML(countPage, currentPage, "index", "html") call, de-duplicates URLs in
a set before yielding requests, and does nothing else: no parsing beyond that, no storage.
Whatever govsite spends on top of this is the cost of its own work.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import HtmlResponse

# Same rule the govsite crawler applies: TRS writes further list pages with this script call.
CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']\s*\)")

SETTINGS = {
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "ROBOTSTXT_OBEY": False,
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": False,
}


def pagination_urls(text: str) -> list[str]:
    """Relative URLs of the list pages a createPageHTML call would link to."""
    urls = []
    for count, _current, prefix, ext in CREATE_PAGE_HTML.findall(text):
        urls += [f"{prefix}_{page}.{ext}" for page in range(1, int(count))]
    return urls


class BareSpider(scrapy.Spider):
    """Follows links on one host; counts what it saw."""

    name = "bare"

    def __init__(self, start_url: str, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start_url]
        self.host = urlsplit(start_url).netloc
        self.seen: set[str] = {start_url}
        self.html_pages = 0
        self.other_responses = 0

    def parse(self, response):
        if not isinstance(response, HtmlResponse):   # attachments, images
            self.other_responses += 1
            return
        self.html_pages += 1
        hrefs = response.xpath("//a/@href").getall() + pagination_urls(response.text)
        for href in hrefs:
            url = urldefrag(response.urljoin(href.strip()))[0]
            if url in self.seen or not url.startswith("http") or urlsplit(url).netloc != self.host:
                continue
            self.seen.add(url)
            # The set above already de-duplicates; skip Scrapy's fingerprint filter as well.
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bare Scrapy crawl of one host (benchmark floor).")
    parser.add_argument("start_url")
    parser.add_argument("--stats-out", help="write pages/elapsed/Scrapy stats as JSON here")
    args = parser.parse_args(argv)

    process = CrawlerProcess(settings=SETTINGS)
    crawler = process.create_crawler(BareSpider)
    started = time.monotonic()
    process.crawl(crawler, start_url=args.start_url)
    process.start()
    elapsed = time.monotonic() - started
    spider, stats = crawler.spider, crawler.stats.get_stats()
    summary = {
        "html_pages": spider.html_pages,
        "other_responses": spider.other_responses,
        "urls_requested": len(spider.seen),
        "responses": stats.get("response_received_count", 0),
        "status_404": stats.get("downloader/response_status_count/404", 0),
        "elapsed": round(elapsed, 3),
        "finish_reason": stats.get("finish_reason"),
    }
    if args.stats_out:
        with open(args.stats_out, "w") as out:
            json.dump(summary, out)
    print(f"pages={summary['html_pages']} responses={summary['responses']} "
          f"elapsed={summary['elapsed']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
