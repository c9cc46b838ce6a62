"""The content-safety rules' one loop: a detector over every page and attachment text of a scan,
one finding per text with hits, the hits of unchanged texts taken from the last scan."""
from __future__ import annotations

from typing import Callable, Iterator

from govsite.checks.registry import finding
from govsite.models import Finding
from govsite.profile import Profile
from govsite.scan.texts import content_texts
from govsite.scan.view import ScanView
from govsite.textscan.hits import Hit, summarize


def scan_texts(rule_id: str, data: ScanView, profile: Profile, detect: Callable[[str], list[Hit]],
               message: Callable[[int], str], min_count: int = 1) -> Iterator[Finding]:
    """Run `detect` over every page and scanned attachment; one finding per text with hits.

    Shared by the content-safety rules (checks/privacy.py, secrecy.py, wording.py)."""
    limit = int(profile.get("content_safety.examples_per_finding", 5))
    cache = data.text_cache
    for src in content_texts(data):
        hits = cache.hits(rule_id, src.text, detect) if cache is not None else detect(src.text)
        if len(hits) >= min_count:
            where = "附件" if src.attachment else "页面"
            yield finding(rule_id, src.url, f"{where}{message(len(hits))}", summarize(hits, limit),
                          column=src.column, column_url=src.column_url)
