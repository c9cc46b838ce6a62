"""Political wording: a wrongly written country name, political formulation or leader's name is a
严重表述错误, a national veto item (国办秘函〔2019〕19号).

The lexicon (govsite/data/political_lexicon.tsv, extended by the profile's wording_extra) lists
the correct expressions and their known wrong forms; one-character same-sound or similar-shape
near misses are derived from it.  A finding is a candidate for a person to confirm.
"""
from __future__ import annotations

from collections.abc import Iterator

from govsite.checks.content import scan_texts
from govsite.checks.registry import RuleContext, rule
from govsite.models import Finding
from govsite.scan.view import ScanView
from govsite.textscan import load_lexicon


@rule("wording.political", title="严重表述错误", title_en="a wrongly written political expression, country name or leader's name",
      clause="国办秘函〔2019〕19号 单项否决: 严重表述错误（需人工确认）", severity="veto", standard="national",
      reads=("content_safety.context_chars", "content_safety.wording_extra", "content_safety.examples_per_finding"))
def political_wording(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：严重表述错误，如“中华人民共合国”“社会主意”；每处给出正确写法和上下文，需人工确认。
    依据：国办秘函〔2019〕19号：严重表述错误单项否决。
    整改：人工核实后立即更正，并加强发布前校对。
    """
    extra = ctx.get("content_safety.wording_extra") or {}
    width = int(ctx.get("content_safety.context_chars"))

    def detect(text: str):
        # Built on first use: with every text's hits taken from the last scan (a re-scan of an
        # unchanged site), the lexicon and its pinyin tables (~60 MB) are never loaded.
        return load_lexicon(extra).scan(text, width)
    yield from scan_texts(ctx, data, detect,
                          lambda n: f"有{n}处疑似严重表述错误（需人工确认）")
