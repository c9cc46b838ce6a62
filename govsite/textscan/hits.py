"""What every content detector returns: a Hit with its masked value and masked context.

A detector never hands back the full personal number it found: `shown` is already masked, and
`context` has every long run of digits masked too, so nothing printed or stored from a Hit can
leak what the check is there to report (issue 5).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from govsite.lang import current
from govsite.textscan.tokens import KEEP_FIRST, KEEP_LAST, OPEN, SHAPES, View, view

# Full-width digits and letters are rewritten to ASCII one character for one character, so
# offsets stay valid (NFKC could change the length).
_FULL_WIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)}
                            | {"Ｘ": "X", "ｘ": "x", "－": "-", "　": " "})
_FULL_WIDTH_CHARS = re.compile("[\uff10-\uff19Ｘｘ－\u3000]")
# 17 digits and an x are an ID number: its last four characters, not digits, may show
_DIGIT_RUN = re.compile(r"\d{17}[Xx](?![0-9A-Za-z])|\d{7,}")
# a number written in groups (138-1234-5678, 6217 0000 1111 2222): mask_digits sees only groups
_GROUPED = re.compile(r"\d[ -]\d")
_NUMBERISH = frozenset("0123456789 -Xx")
_WIDEN = 64     # longer than any grouped number (a card: 19 digits and 3 separators)

DEFAULT_CONTEXT = 15


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence found in a text."""

    start: int
    end: int
    shown: str             # the masked number, or the wrong wording as written
    context: str           # about ±15 characters around it, numbers masked
    suggestion: str = ""   # the correct wording (wording checks)
    note: str = ""         # why it is a hit (lexicon note, marking kind, ...)


def normalize(text: str) -> str:
    """Full-width digits/letters to ASCII, same length as the input."""
    return text.translate(_FULL_WIDTH) if _FULL_WIDTH_CHARS.search(text) else text


def mask_digits(text: str) -> str:
    """Mask every run of 7+ digits but its last 4 (dates of 8 digits lose their year: harmless)."""
    return _DIGIT_RUN.sub(lambda m: "*" * (len(m.group()) - 4) + m.group()[-4:], text)


def mask_grouped(text: str, lo: int, hi: int) -> str:
    """text[lo:hi] with every number written in groups that touches it masked as a report masks
    it (138-****-5678, 520327 ******** 1234, 6217 **** **** 2222), same length.

    Without this a neighbour's mobile written 138 1234 5678 stood in clear in a hit's context."""
    # widen to whole runs of digits and separators, so a number cut by the window is seen whole
    a, b = lo, hi
    while a > 0 and lo - a < _WIDEN and text[a - 1] in _NUMBERISH:
        a -= 1
    while b < len(text) and b - hi < _WIDEN and text[b] in _NUMBERISH:
        b += 1
    if not _GROUPED.search(text, a, b):
        return text[lo:hi]
    hidden: set[int] = set()
    for kind, pattern in SHAPES.items():
        for m in pattern.finditer(text, a):
            if m.start() >= b:
                break
            if " " in m.group() or "-" in m.group():
                hidden.update(hidden_positions(text, m.start(), m.end(), kind))
    if not hidden:
        return text[lo:hi]
    return "".join("*" if i in hidden else text[i] for i in range(lo, hi))


def hidden_positions(text: str, start: int, end: int, kind: str) -> list[int]:
    """Positions of the digits of text[start:end] that a report of a `kind` number hides."""
    places = [i for i in range(start, end) if text[i] not in " -"]
    return places[KEEP_FIRST[kind]:len(places) - KEEP_LAST]


def context(text: str, start: int, end: int, shown: str, width: int = DEFAULT_CONTEXT) -> str:
    """The text around [start, end) with the hit itself replaced by `shown`, on one line.

    A text holding redaction tokens is read through its view, so the context is the one the
    original text gave."""
    if OPEN in text:
        v = _view_of(text)
        text, start, end = v.text, v.to_view(start), v.to_view(end, end=True)
    lo, hi = max(0, start - width), min(len(text), end + width)
    # widen to whole runs of digits, so a neighbour's number is masked whole, not cut to a tail
    while lo > 0 and start - lo < width + 20 and text[lo - 1].isdigit() and text[lo].isdigit():
        lo -= 1
    while hi < len(text) and hi - end < width + 20 and text[hi].isdigit() and text[hi - 1].isdigit():
        hi += 1
    if hi < len(text) and text[hi] in "Xx" and text[hi - 1].isdigit():
        hi += 1         # an ID number's check character: with it its digits mask as an ID's
    before = mask_digits(mask_grouped(text, lo, start))
    after = mask_digits(mask_grouped(text, end, hi))
    return " ".join(f"{before}【{shown}】{after}".split())


_last_view: tuple[str, View] | None = None


def _view_of(text: str) -> View:
    # a detector asks for the context of each of its hits in one text: build its view once
    global _last_view
    if _last_view is None or _last_view[0] is not text and _last_view[0] != text:
        _last_view = (text, view(text))
    return _last_view[1]


def make_hit(text: str, start: int, end: int, shown: str, width: int = DEFAULT_CONTEXT,
             suggestion: str = "", note: str = "") -> Hit:
    return Hit(start, end, shown, context(text, start, end, shown, width), suggestion, note)


def view_hit(v: View, vstart: int, vend: int, shown: str, width: int = DEFAULT_CONTEXT) -> Hit:
    """A hit found in a view: its context read there, its offsets those of the text itself."""
    return Hit(v.to_text(vstart), v.to_text(vend, end=True), shown,
               context(v.text, vstart, vend, shown, width))


def summarize(hits: list[Hit], limit: int = 5) -> str:
    """Evidence for a finding: the count and up to `limit` examples with their context."""
    shown = []
    for h in hits[:limit]:
        fix = f" → {h.suggestion}" if h.suggestion else ""
        shown.append(f"{h.shown}{fix} «{h.context}»")
    extra = len(hits) - limit
    if current() == "en":
        return f"{len(hits)} hit(s): " + "; ".join(shown) + (f"; and {extra} more" if extra > 0 else "")
    return f"共{len(hits)}处：" + "；".join(shown) + (f"；另有{extra}处" if extra > 0 else "")
