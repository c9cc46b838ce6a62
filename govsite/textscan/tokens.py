"""Personal numbers as the store keeps them: redaction tokens, and the view the detectors read.

What a scan stores of a page or an attachment never holds a personal number in clear (issue 17):
govsite.textscan.redact replaces each one by a token

    \\ue000 SPEC : SHAPE # DIGEST \\ue001        e.g.  \\ue000I:520327********1234#3f09c2d1a6b4e857\\ue001

- SPEC: the number shapes it passed as a number (I: an 18-digit ID number, J: a 15-digit one,
  C: a Luhn-valid card number, M: a mobile prefix), each with its offsets inside SHAPE when the
  token holds several numbers run together (520327 19900101 5678 9012 3456 7890);
- SHAPE: the number as written (spaces, hyphens, x) with every digit that no report shows
  replaced by '*': the area code and last four of an ID, the first and last four of a card,
  the first three and last four of a mobile stay;
- DIGEST: HMAC-SHA256 of the digits under the store's key, truncated, so that a later scan can
  recognise the same number without it being kept.

The private-use characters around it cannot come from a page's text, so a token is never taken
for text and never matches as a number itself.  The detectors read a text with tokens through
`view()`: every token turned back into a number of the same length and layout (hidden digits
read as 0) whose validity is the one the token records.  Windows counted in characters (a name
within 80 characters, a card label within 300) and the masked context of a hit then come out
as they did on the original text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPEN, CLOSE = "\ue000", "\ue001"
TOKEN = re.compile("\ue000((?:[IJCM](?:\\d+-\\d+)?)+):([0-9*Xx \\-]{1,200})#([0-9a-f]{16})\ue001")
_ITEM = re.compile(r"([IJCM])(?:(\d+)-(\d+))?")

# The number shapes the detectors look for, in one place because the detectors, the context
# masking (hits.py) and the redaction must agree on them.
# Each opens with its first digit and only then looks behind it (`\d(?<![0-9A-Za-z]\d)` is "a
# digit with no letter or digit before it"): a pattern that opens with a character class lets
# the regex engine skip every position that cannot start a number, where one that opens with a
# lookbehind is tried at every character of the page (2-20x slower on text with few digits).
# 18 digits as 6-8-4, optionally split by one space or hyphen per group boundary.
ID18 = re.compile(r"(\d(?<![0-9A-Za-z]\d)\d{5})[ -]?(\d{8})[ -]?(\d{3}[0-9Xx])(?![0-9A-Za-z])")
ID15 = re.compile(r"\d(?<![0-9A-Za-z]\d)\d{14}(?![0-9A-Za-z])")
CARD = re.compile(r"([3-69](?<![0-9A-Za-z][3-69])\d{3}(?:[ -]?\d{4}){2}[ -]?\d{4,7})(?![0-9A-Za-z])")
MOBILE = re.compile(r"(1(?<![0-9A-Za-z]1)[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![0-9A-Za-z])")
SHAPES = {"I": ID18, "J": ID15, "C": CARD, "M": MOBILE}
# Digits a report shows of each shape: this many first ones and the last four.
KEEP_FIRST = {"I": 6, "J": 6, "C": 4, "M": 3}
KEEP_LAST = 4
HIDDEN_DIGIT = "0"      # what a hidden digit reads as in a view: no shape starts with 0


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text: where it stands there and in the view, and what it passed."""

    start: int
    end: int
    vstart: int
    vend: int
    shape: str
    digest: str
    valid: frozenset[tuple[str, int, int]]   # (kind, start, end) in view offsets


def parse_spec(spec: str, length: int) -> list[tuple[str, int, int]] | None:
    """SPEC as (kind, start, end) relative to the shape; None when malformed."""
    items = []
    for m in _ITEM.finditer(spec):
        kind, a, b = m.group(1), m.group(2), m.group(3)
        start, end = (0, length) if a is None else (int(a), int(b))
        if not 0 <= start < end <= length:
            return None
        items.append((kind, start, end))
    return items


def make_spec(items: list[tuple[str, int, int]], length: int) -> str:
    """The inverse of parse_spec: letters alone when every item spans the whole shape."""
    return "".join(kind if (a, b) == (0, length) else f"{kind}{a}-{b}" for kind, a, b in items)


def make_token(items: list[tuple[str, int, int]], shape: str, digest: str) -> str:
    return f"{OPEN}{make_spec(items, len(shape))}:{shape}#{digest}{CLOSE}"


class View:
    """A text with its tokens turned back into numbers of the same length (see the module doc)."""

    __slots__ = ("_vstarts", "text", "tokens")

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self._vstarts = [t.vstart for t in tokens]

    def token_at(self, vstart: int, vend: int) -> Token | None:
        """The token overlapping [vstart, vend) of the view, if any."""
        i = bisect.bisect_right(self._vstarts, vend - 1) - 1
        if i >= 0 and self.tokens[i].vend > vstart:
            return self.tokens[i]
        return None

    def verdict(self, kind: str, vstart: int, vend: int) -> bool | None:
        """Whether a number of `kind` at [vstart, vend) is valid, when a token decides it.

        None: no token there, the detector checks the digits itself."""
        if not self.tokens:
            return None
        token = self.token_at(vstart, vend)
        if token is None:
            return None
        return (kind, vstart, vend) in token.valid

    def to_text(self, vpos: int, end: bool = False) -> int:
        """A view offset as an offset of the text (a token's inside maps to its edges)."""
        if not self.tokens:
            return vpos
        i = bisect.bisect_right(self._vstarts, vpos) - 1
        if i < 0:
            return vpos
        t = self.tokens[i]
        if vpos < t.vend:
            return t.end if end and vpos > t.vstart else t.start
        return vpos - t.vend + t.end

    def to_view(self, pos: int, end: bool = False) -> int:
        """A text offset as an offset of the view (a token's inside maps to its edges)."""
        if not self.tokens:
            return pos
        starts = [t.start for t in self.tokens]
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return pos
        t = self.tokens[i]
        if pos < t.end:
            return t.vend if end and pos > t.start else t.vstart
        return pos - t.end + t.vend


def view(text: str) -> View:
    """`text` with its tokens read back as numbers; the text itself when it holds none."""
    if OPEN not in text:
        v = View.__new__(View)
        v.text, v.tokens, v._vstarts = text, [], []
        return v
    parts: list[str] = []
    tokens: list[Token] = []
    pos = vpos = 0
    for m in TOKEN.finditer(text):
        spec, shape, digest = m.groups()
        items = parse_spec(spec, len(shape))
        if items is None:
            continue
        parts.append(text[pos:m.start()])
        vpos += m.start() - pos
        vstart = vpos
        parts.append(shape.replace("*", HIDDEN_DIGIT))
        vpos += len(shape)
        valid = frozenset((kind, vstart + a, vstart + b) for kind, a, b in items)
        tokens.append(Token(m.start(), m.end(), vstart, vpos, shape, digest, valid))
        pos = m.end()
    parts.append(text[pos:])
    return View("".join(parts), tokens)
