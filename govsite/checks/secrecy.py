"""Secrecy markings and publication attributes on published content.

保密审查制度 第十三条: 明确标识为“秘密”“机密”“绝密”的信息不得公开 (national: 泄密 is a veto).
公文公开属性源头认定工作制度 第六条: a document marked 此件不予公开 or 此件依申请公开 is not to be
published actively.
"""
from __future__ import annotations

from collections.abc import Iterator

from govsite.checks.content import scan_texts
from govsite.checks.registry import RuleContext, rule
from govsite.models import Finding
from govsite.scan.view import ScanView
from govsite.textscan import find_not_public, find_secrecy_markings


@rule("secrecy.marking", title="发布带密级标志的内容", title_en="published content carrying a secrecy marking (秘密/机密/绝密 ★, 内部资料)",
      clause="保密审查制度 第十三条; 规范 第十八条(一)8", severity="veto", standard="both",
      reads=("content_safety.context_chars", "content_safety.examples_per_finding",))
def secrecy_markings(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：公开的页面或附件带有密级标志（秘密★、机密★、绝密、内部资料）；谈论保密工作的句子不算。
    依据：保密审查制度 第十三条；国家单项否决（泄密）。
    整改：立即撤下该信息，报保密审查负责人核查，并履行保密审查程序。
    """
    width = int(ctx.get("content_safety.context_chars"))
    yield from scan_texts(ctx, data, lambda text: find_secrecy_markings(text, width),
                          lambda n: f"带有{n}处密级或内部资料标志，涉嫌泄密，需立即核查撤下")


@rule("attribute.not_public", title="发布标注不予公开的文件", title_en="a published document marked 此件不予公开 or 此件依申请公开",
      clause="公文公开属性源头认定工作制度 第六条", severity="warn", standard="county",
      reads=("content_safety.context_chars", "content_safety.examples_per_finding",))
def not_public(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：已公开的公文附注为“此件不予公开”或“此件依申请公开”。
    依据：公文公开属性源头认定工作制度 第六条。
    整改：核实公开属性，不应公开的立即撤下；属性认定错误的更正附注。
    """
    width = int(ctx.get("content_safety.context_chars"))
    yield from scan_texts(ctx, data, lambda text: find_not_public(text, width),
                          lambda n: "发布了公开属性为不予公开或依申请公开的公文")
