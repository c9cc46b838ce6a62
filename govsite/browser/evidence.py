"""Screenshots kept as evidence for the report: the page's top, as wide as the viewport and cut at
the profile's height (a full-page shot of a long portal page runs to megabytes)."""
from __future__ import annotations

import logging

from govsite.browser.chromium import first_line
from govsite.browser.scripts import PAGE_HEIGHT
from govsite.browser.settings import BrowserSettings

log = logging.getLogger(__name__)


async def take_screenshot(page, settings: BrowserSettings, url: str) -> tuple[bytes, int] | None:
    """(PNG, height in px) of the page as it is now, or None when the shot failed."""
    try:
        height = await page.evaluate(PAGE_HEIGHT)
    except Exception:  # the page went away or the script failed
        height = None
    height = max(1, min(int(height or settings.viewport[1]), settings.screenshot_max_height))
    try:
        png = await page.screenshot(type="png", full_page=True, timeout=10_000, animations="disabled",
                                    clip={"x": 0, "y": 0, "width": settings.viewport[0], "height": height})
    except Exception as exc:
        log.info("screenshot of %s: %s", url, first_line(exc))
        return None
    return png, height
