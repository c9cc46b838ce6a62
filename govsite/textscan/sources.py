"""The texts the content checks read from one scan: every page's visible text and every scanned
attachment's text, each with the column it belongs to.

Read once per ScanData and kept on it (as ScanData keeps its page index), because six rules
read the same texts and loading a parsed page from the store is the costly part.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from govsite.textscan.hits import Hit, summarize

if TYPE_CHECKING:
    from govsite.checks.data import ScanData
    from govsite.models import Finding
    from govsite.profile import Profile

_SKIP_KINDS = ("challenge", "error")
_CACHE_KEY = "_content_texts"


@dataclass(frozen=True, slots=True)
class ContentText:
    url: str
    text: str
    column: str
    column_url: str
    attachment: bool     # True: the text of an attachment, url is the file's URL


def content_texts(data: "ScanData") -> list[ContentText]:
    """Page texts (not WAF challenges or error pages), then scanned attachments' texts."""
    return data.memo(_CACHE_KEY, lambda: _collect(data))


def _collect(data: "ScanData") -> list[ContentText]:
    out: list[ContentText] = []
    for url, text in data.page_texts():     # repeated header/footer lines are read once
        info = data.page(url)
        if info is None or info.kind in _SKIP_KINDS or not text:
            continue
        out.append(ContentText(url, text, info.column_name or "", info.column_url or "", False))
    for att in data.attachments:
        if att.status != "scanned" or not att.text:
            continue
        column = column_url = ""
        sources = data.sources(att.url)
        holder = data.page(sources[0]) if sources else None
        if holder is not None:
            column, column_url = holder.column_name or "", holder.column_url or ""
        out.append(ContentText(att.url, att.text, column, column_url, True))
    return out


def scan_texts(rule_id: str, data: "ScanData", profile: "Profile", detect: Callable[[str], list[Hit]],
               message: Callable[[int], str], min_count: int = 1) -> Iterator["Finding"]:
    """Run `detect` over every page and scanned attachment; one finding per text with hits.

    Shared by the content-safety rules (checks/privacy.py, secrecy.py, wording.py)."""
    from govsite.checks.registry import finding

    limit = int(profile.get("content_safety.examples_per_finding", 5))
    cache = data.text_cache
    for src in content_texts(data):
        hits = cache.hits(rule_id, src.text, detect) if cache is not None else detect(src.text)
        if len(hits) >= min_count:
            where = "附件" if src.attachment else "页面"
            yield finding(rule_id, src.url, f"{where}{message(len(hits))}", summarize(hits, limit),
                          column=src.column, column_url=src.column_url)
