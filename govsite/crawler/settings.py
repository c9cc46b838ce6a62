"""Scrapy settings for a scan, built from the profile's `crawl` section.

Politeness lives here and only here: a profile overrides any of it per site.
"""
from __future__ import annotations

from govsite.profile import Profile


def build_settings(profile: Profile, *, allow_hosts: list[str], verbose: bool = False) -> dict:
    crawl = profile.section("crawl")
    return {
        "BOT_NAME": "govsite",
        "USER_AGENT": crawl["user_agent"],
        "ROBOTSTXT_OBEY": crawl["obey_robots"],
        "CONCURRENT_REQUESTS": crawl["concurrent_requests"],
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl["concurrent_requests_per_domain"],
        "DOWNLOAD_DELAY": crawl["download_delay"],
        "RANDOMIZE_DOWNLOAD_DELAY": True,
        "AUTOTHROTTLE_ENABLED": crawl["autothrottle"],
        "AUTOTHROTTLE_TARGET_CONCURRENCY": crawl["autothrottle_target_concurrency"],
        "AUTOTHROTTLE_START_DELAY": max(crawl["download_delay"], 0.5),
        "DOWNLOAD_TIMEOUT": crawl["download_timeout"],
        "RETRY_ENABLED": True,
        "RETRY_TIMES": crawl["retry_times"],
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "GOVSITE_BACKOFF_BASE": crawl["backoff_base"],
        "GOVSITE_RETRY_AFTER_MAX": crawl["retry_after_max"],
        "GOVSITE_ALLOW_HOSTS": allow_hosts,
        # Crawl bounds read by the spider (crawl.max_pages comes as a spider argument).
        "GOVSITE_MAX_DEPTH": crawl.get("max_depth", 0),
        "GOVSITE_MAX_QUERY_VARIANTS": crawl.get("max_query_variants", 0),
        "DOWNLOAD_MAXSIZE": crawl["max_attachment_check_bytes"],
        "DOWNLOAD_WARNSIZE": 0,
        "REDIRECT_MAX_TIMES": 10,
        # A meta refresh is recorded and checked as a link; following it as a redirect would
        # hide the page that carries it.
        "METAREFRESH_ENABLED": False,
        "COOKIES_ENABLED": True,     # cookie challenges and session-bound list pages need them
        # No console into the scan's process: Scrapy's telnet console, nor its remote control (an
        # HTTP server on localhost that runs any Python code sent with the token it writes to a
        # file in the user's profile, on by default since Scrapy 2.15; it also cost each scan
        # ~0.1 s of imports).  A scan machine runs many users' and sites' jobs.
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        # Failed requests are data (link checks), not errors of the tool: keep them off the terminal.
        "LOG_LEVEL": "INFO" if verbose else "CRITICAL",
        "LOG_FORMAT": "%(levelname)s %(name)s: %(message)s",
        "DOWNLOADER_MIDDLEWARES": {
            # The allow-list runs first: nothing, not even robots.txt, goes to another host.
            "govsite.crawler.middlewares.AllowHostMiddleware": 50,
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "govsite.crawler.middlewares.PoliteRetryMiddleware": 550,
        },
        "ITEM_PIPELINES": {"govsite.crawler.pipelines.StorePipeline": 100},
        # The remote control is off, and left out of the list: Scrapy imports every listed
        # extension before asking it (its module brings aiohttp, ~0.1 s of a re-scan).
        "EXTENSIONS": {"govsite.crawler.progress.ProgressExtension": 500,
                       "scrapy.extensions.remote_control.RemoteControl": None},
        # The spider de-duplicates before making requests; Scrapy's fingerprinting is not needed.
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
        "DEPTH_PRIORITY": 0,
        # Scrapy starts CONCURRENT_ITEMS (default 100) asyncio tasks for every response to process
        # its output in parallel; our callbacks yield a handful of requests and checks that the
        # pipeline only queues, so a few tasks are plenty (profiled: ~15 % of the crawl process).
        "CONCURRENT_ITEMS": 4,
    }
