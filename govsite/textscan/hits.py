"""What every content detector returns: a Hit with its masked value and masked context.

A detector never hands back the full personal number it found: `shown` is already masked, and
`context` has every long run of digits masked too, so nothing printed or stored from a Hit can
leak what the check is there to report (issue 5).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width digits and letters are rewritten to ASCII one character for one character, so
# offsets stay valid (NFKC could change the length).
_FULL_WIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)}
                            | {"Ｘ": "X", "ｘ": "x", "－": "-", "　": " "})
_FULL_WIDTH_CHARS = re.compile("[\uff10-\uff19Ｘｘ－\u3000]")
_DIGIT_RUN = re.compile(r"\d{7,}")

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


def context(text: str, start: int, end: int, shown: str, width: int = DEFAULT_CONTEXT) -> str:
    """The text around [start, end) with the hit itself replaced by `shown`, on one line."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    # widen to whole runs of digits, so a neighbour's number is masked whole, not cut to a tail
    while lo > 0 and start - lo < width + 20 and text[lo - 1].isdigit() and text[lo].isdigit():
        lo -= 1
    while hi < len(text) and hi - end < width + 20 and text[hi].isdigit() and text[hi - 1].isdigit():
        hi += 1
    before = mask_digits(text[lo:start])
    after = mask_digits(text[end:hi])
    return " ".join(f"{before}【{shown}】{after}".split())


def make_hit(text: str, start: int, end: int, shown: str, width: int = DEFAULT_CONTEXT,
             suggestion: str = "", note: str = "") -> Hit:
    return Hit(start, end, shown, context(text, start, end, shown, width), suggestion, note)


def summarize(hits: list[Hit], limit: int = 5) -> str:
    """Evidence for a finding: the count and up to `limit` examples with their context."""
    shown = []
    for h in hits[:limit]:
        fix = f" → {h.suggestion}" if h.suggestion else ""
        shown.append(f"{h.shown}{fix} «{h.context}»")
    more = f"; and {len(hits) - limit} more" if len(hits) > limit else ""
    return f"{len(hits)} hit(s): " + "; ".join(shown) + more
