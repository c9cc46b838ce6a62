"""Cloaking (快照劫持, black-hat SEO): after the crawl, a few pages are fetched again as a search
engine's crawler (Baiduspider's User-Agent) and compared with what the crawl stored.  A page that
then redirects, or shows other text, is served to search engines by someone else's code
(security.tampered judges the probes; this module only fetches and measures).

The pages: the home page and the first items its lists link to (what a hijacker targets: the
pages search engines rank highest), `security.cloak_sample` in all, one at a time, within
`--allow-host`, without following redirects.
"""
from __future__ import annotations

import time
import urllib.error
import urllib.request
from datetime import date

from govsite.parsing.decode import decode_html
from govsite.parsing.page import parse_page
from govsite.profile import Profile
from govsite.store import scan_reads
from govsite.store.db import Store
from govsite.store.pagecodec import decode_text
from govsite.urls import host_allowed, host_of

_MAX_BODY = 4 << 20


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 - urllib's hook
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def similarity(a: str, b: str) -> float:
    """Shared character pairs of two texts (Jaccard, 0..1): 1 for the same text; a counter or a
    date that changed moves it little, another page entirely leaves it near 0."""
    pa = {a[i:i + 2] for i in range(len(a) - 1)}
    pb = {b[i:i + 2] for i in range(len(b) - 1)}
    if not pa and not pb:
        return 1.0
    return len(pa & pb) / len(pa | pb)


def _fetch(url: str, user_agent: str, timeout: float) -> tuple[int, str | None, bytes, str | None]:
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with _OPENER.open(request, timeout=timeout) as resp:
            return resp.status, None, resp.read(_MAX_BODY), resp.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location"), b"", None


def probe_cloaking(store: Store, scan_id: int, start_url: str, as_of: date, profile: Profile,
                   allow_hosts: list[str]) -> list[dict]:
    """Fetch a sample of the scan's pages as a search-engine crawler: one dict a page, with the
    redirect it answered (if any) and the similarity of its text to the stored page's."""
    count = int(profile.get("security.cloak_sample") or 0)
    if count <= 0:
        return []
    agent = str(profile.get("security.cloak_user_agent"))
    timeout = float(profile.get("crawl.download_timeout") or 15)
    delay = float(profile.get("crawl.download_delay") or 0)
    stored = scan_reads.page_blob_reader(store, scan_id, "parsed")
    probes: list[dict] = []
    for url in scan_reads.home_and_its_items(store, scan_id, start_url, count * 2):
        if len(probes) >= count:
            break
        blob = stored(url)
        if blob is None or not host_allowed(host_of(url), allow_hosts):
            continue
        try:
            status, location, body, ctype = _fetch(url, agent, timeout)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            probes.append({"url": url, "error": str(getattr(exc, "reason", exc))[:200]})
            continue
        probe: dict = {"url": url, "status": status}
        if 300 <= status < 400 and location:
            probe["redirect"] = location
        elif status < 300:
            html, _ = decode_html(body, ctype)
            seen = parse_page(url, html, as_of, home_url=start_url)
            probe["similarity"] = round(similarity(seen.text, decode_text(blob)), 3)
            probe["title"] = (seen.title or "")[:100]
        probes.append(probe)
        if delay:
            time.sleep(delay)
    return probes
