"""The browser stage: what only a browser sees of a stored scan.

    plan.py       which pages to load, and why (timing, content, axe, screenshot, https)
    fence.py      the allow-list turned into Chromium's resolver and proxy settings
    chromium.py   Debian's Chromium started headless through Playwright, inside the fence
    load.py       loading pages: timing, lists built by JavaScript, mixed content
    axe.py        axe-core in a page;  evidence.py  screenshots;  scripts.py  page JavaScript
    run.py        the stage: run_browser_pass after the crawl, capture_evidence after the checks
"""
from govsite.browser.run import capture_evidence, run_browser_pass

__all__ = ["capture_evidence", "run_browser_pass"]
