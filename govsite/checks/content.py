"""The content-safety rules' one loop (a detector over every page and attachment text of a scan,
one finding per text with hits, the hits of unchanged texts taken from the last scan), and the
harmful-content rule (content.harmful)."""
from __future__ import annotations

from collections.abc import Callable, Iterator

from govsite.checks.registry import RuleContext, rule
from govsite.models import Finding
from govsite.scan.texts import content_texts
from govsite.scan.view import ScanView
from govsite.textscan.contentlex import find_harmful, load_content_lexicon
from govsite.textscan.hits import Hit, summarize


def scan_texts(ctx: RuleContext, data: ScanView, detect: Callable[[str], list[Hit]],
               message: Callable[[int], str], min_count: int = 1,
               evidence: Callable[[list[Hit], int], str] = summarize) -> Iterator[Finding]:
    """Run `detect` over every page and scanned attachment; one finding per text with hits.

    Shared by the content-safety rules (checks/privacy.py, secrecy.py, wording.py, here)."""
    limit = int(ctx.get("content_safety.examples_per_finding"))
    cache = data.text_cache
    for src in content_texts(data):
        hits = cache.hits(ctx.rule.rule_id, src.body, detect) if cache is not None else detect(src.text)
        if len(hits) >= min_count:
            where = "附件" if src.attachment else "页面"
            shown = evidence(hits, limit)
            if src.ocr:     # a picture or a scanned PDF: read by OCR, named with its page
                where = "图片或扫描件"
                shown += f"（OCR 识别；所在页面 {src.page}）"
            yield ctx.finding(src.url, f"{where}{message(len(hits))}", shown,
                              column=src.column, column_url=src.column_url)


@rule("content.harmful", title="有害信息", title_en="gambling, pornography, violence/terror or fraud spam in a page, message board or attachment",
      clause="国办秘函〔2019〕19号 单项否决: 反动暴力色情 (needs human confirmation)", severity="veto", standard="national",
      reads=("content_safety.context_chars", "content_safety.harmful_extra", "content_safety.examples_per_finding"))
def harmful(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：页面、留言板和附件中出现赌博、色情、暴恐、诈骗类有害信息（如“百家乐注册送彩金”“代开发票”），需人工确认；报道打击整治的新闻（如“严厉打击网络赌博违法犯罪”“扫黄打非”）不算。
    依据：国办秘函〔2019〕19号：出现反动、暴力、色情等内容单项否决。
    整改：人工核实后立即删除有害内容，排查留言审核和网站防篡改措施，必要时向网信、公安部门报告。
    """
    extra = ctx.get("content_safety.harmful_extra") or {}
    width = int(ctx.get("content_safety.context_chars"))

    def detect(text: str) -> list[Hit]:
        return find_harmful(text, load_content_lexicon(extra), width)
    yield from scan_texts(ctx, data, detect, lambda n: f"有{n}处疑似有害信息（需人工确认）",
                          evidence=summarize_zh)


def summarize_zh(hits: list[Hit], limit: int = 5) -> str:
    """Evidence in Chinese: the count and up to `limit` examples, each with its note and context."""
    shown = []
    for h in hits[:limit]:
        why = f"（{h.note}）" if h.note else ""
        fix = f" → {h.suggestion}" if h.suggestion else ""
        shown.append(f"{h.shown}{fix}{why}«{h.context}»")
    more = f"；另有{len(hits) - limit}处" if len(hits) > limit else ""
    return f"共{len(hits)}处：" + "；".join(shown) + more
