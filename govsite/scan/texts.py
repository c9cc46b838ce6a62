"""The texts the content checks read from one scan: every page's visible text (without the
template's lines) and every scanned attachment's text, each with the column it belongs to.

Read once per ScanView and kept on it (as ScanView keeps its page index), because six rules
read the same texts and loading a parsed page from the store is the costly part.
"""
from __future__ import annotations

from dataclasses import dataclass

from govsite.attachments.ocr import OCR_NOTE
from govsite.scan.view import ScanView
from govsite.textscan.cache import LazyText

_SKIP_KINDS = ("challenge", "error")
_CACHE_KEY = "_content_texts"


@dataclass(frozen=True, slots=True)
class ContentText:
    url: str
    body: LazyText       # the text, read from the store on first use where its digest is known
    column: str
    column_url: str
    attachment: bool     # True: the text of an attachment, url is the file's URL
    page: str = ""       # an attachment's page (the first linking to it)
    ocr: bool = False    # the text was read by OCR (a picture, a scanned PDF)

    @property
    def text(self) -> str:
        return self.body.text


def content_texts(data: ScanView) -> list[ContentText]:
    """Page texts (not WAF challenges or error pages), then scanned attachments' texts."""
    return data.memo(_CACHE_KEY, lambda: _collect(data))


def _collect(data: ScanView) -> list[ContentText]:
    out: list[ContentText] = []
    for url, text in data.page_texts():     # repeated header/footer lines are read once
        info = data.page(url)
        if info is None or info.kind in _SKIP_KINDS or text.empty:
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
        out.append(ContentText(att.url, LazyText(att.text), column, column_url, True,
                               sources[0] if sources else "", att.reason == OCR_NOTE))
    return out
