"""The content-safety rules' one loop: a detector over every page and attachment text of a scan,
one finding per text with hits, the hits of unchanged texts taken from the last scan."""
from __future__ import annotations

from collections.abc import Callable, Iterator

from govsite.checks.registry import RuleContext
from govsite.models import Finding
from govsite.scan.texts import content_texts
from govsite.scan.view import ScanView
from govsite.textscan.hits import Hit, summarize


def scan_texts(ctx: RuleContext, data: ScanView, detect: Callable[[str], list[Hit]],
               message: Callable[[int], str], min_count: int = 1) -> Iterator[Finding]:
    """Run `detect` over every page and scanned attachment; one finding per text with hits.

    Shared by the content-safety rules (checks/privacy.py, secrecy.py, wording.py)."""
    limit = int(ctx.get("content_safety.examples_per_finding"))
    cache = data.text_cache
    for src in content_texts(data):
        hits = cache.hits(ctx.rule.rule_id, src.text, detect) if cache is not None else detect(src.text)
        if len(hits) >= min_count:
            where = "附件" if src.attachment else "页面"
            yield ctx.finding(src.url, f"{where}{message(len(hits))}", summarize(hits, limit),
                              column=src.column, column_url=src.column_url)
