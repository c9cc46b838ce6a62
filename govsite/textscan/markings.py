"""Secrecy markings (保密审查制度 第十三条) and publication attributes (公文公开属性源头认定工作制度 第六条).

A marking is what stands on a classified document: 秘密★1年, 机密★, 绝密★长期, a 密级：秘密 field,
a line holding only 机密, or 内部资料 注意保存.  The word 秘密 inside a sentence about secrecy
(不得公开涉及国家秘密的信息, 保守国家秘密法) is not a marking, nor is a marking quoted in a rule
(标注“秘密★”的文件).
"""
from __future__ import annotations

import re

from govsite.textscan.hits import Hit, make_hit, normalize
from govsite.textscan.required import may_match

_LEVEL = r"(?:绝\s*密|机\s*密|秘\s*密)"
_MARKINGS = [
    (re.compile(_LEVEL + r"\s*[★☆＊*]\s*(?:\d+\s*(?:年|个月)|长期)?"), "密级标志（★）"),
    (re.compile(r"密\s*级\s*[：:]\s*(?:绝密|机密|秘密|内部)"), "密级栏"),
    (re.compile(r"^[ \t]*" + _LEVEL + r"[ \t]*$", re.M), "单独一行的密级"),
    (re.compile(r"内部(?:资料|文件|材料|刊物|明电)\s*[，,、。 ]?\s*(?:注意保存|注意保管|妥善保管|严禁外传|"
                r"不得外传|请勿外传|不得翻印|注意保密|严禁翻印)"), "内部资料标志"),
    (re.compile(r"^[ \t]*(?:内部资料|内部文件|内部明电|内部刊物)[ \t]*$", re.M), "单独一行的内部资料标志"),
    (re.compile(r"内部明电"), "内部明电"),
]
_QUOTES_OPEN = "“\"「『‘'《"

_NOT_PUBLIC = [
    re.compile(r"此\s*件\s*(?:不\s*予\s*公\s*开|依\s*申\s*请\s*公\s*开)"),
    re.compile(r"公开(?:属性|方式|形式|类型|选项)\s*[：:]\s*(?:不予公开|依申请公开)"),
]


def _quoted(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] in _QUOTES_OPEN


def find_secrecy_markings(text: str, width: int = 15) -> list[Hit]:
    """Secrecy markings in `text` (one hit per place, the first pattern that matches it)."""
    text = normalize(text)
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _MARKINGS:
        if not may_match(pattern, text):     # most texts hold no 密 or 内部 at all
            continue
        for m in pattern.finditer(text):
            start, end = m.span()
            shown = m.group().strip()
            start += len(m.group()) - len(m.group().lstrip())
            if _quoted(text, start) or any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            hits.append(make_hit(text, start, end, shown, width, note=kind))
    hits.sort(key=lambda h: h.start)
    return hits


def find_not_public(text: str, width: int = 15) -> list[Hit]:
    """此件不予公开 / 此件依申请公开 (and 公开方式：不予公开 fields) in a published text."""
    text = normalize(text)
    hits = []
    for pattern in _NOT_PUBLIC:
        if not may_match(pattern, text):
            continue
        for m in pattern.finditer(text):
            hits.append(make_hit(text, m.start(), m.end(), "".join(m.group().split()), width))
    hits.sort(key=lambda h: h.start)
    return hits
