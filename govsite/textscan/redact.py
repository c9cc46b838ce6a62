"""Personal numbers redacted before anything of a page or attachment is stored (issue 17).

The content-safety rules report ID, bank-card and private mobile numbers masked, but the store
kept the texts and the HTML they were found in.  `redact` replaces every number the detectors
report by a token (tokens.py) that shows it masked, carries a keyed digest so a re-scan can
recognise the same number, and is read by the detectors as the number it stands for: the
privacy findings of a redacted text, counts and evidence, are those of the original.  Numbers
the detectors do not report (a unit's service number, a masked number, a serial that fails its
check digit, a card number with no card label near it) are left as they are.

The caller holds the key (one per store); this module only uses it.
"""
from __future__ import annotations

import bisect
import hashlib
import hmac
import html as htmllib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from govsite.textscan.hits import hidden_positions, normalize
from govsite.textscan.ids import find_id_numbers, is_valid_id15, is_valid_id18
from govsite.textscan.numbers import (
    find_bank_cards,
    find_private_mobiles,
    is_card_number,
    is_mobile_number,
)
from govsite.textscan.tokens import SHAPES, View, make_token, view

# The bundled profile's content_safety.phone_service_labels (a unit test keeps them equal).
DEFAULT_SERVICE_LABELS = ("值班", "服务", "咨询", "办公", "热线", "监督", "投诉", "举报", "联系人", "传真",
                          "客服", "报名", "受理", "24小时", "业务", "专线", "应急")
DIGEST_CHARS = 16
# no shape has fewer than 3 digits in a row: a text without them holds nothing to redact
_DIGITS = re.compile("[0-9\uff10-\uff19]{3}")


@dataclass(frozen=True)
class RedactionRules:
    """The detector settings a redaction judges numbers by (the profile's content_safety).

    as_of None: an ID number born on any real day counts (the scan's as_of is the safer choice:
    a number born after it is no hit and stays as it is)."""

    as_of: date | None = None
    min_birth_year: int = 1900
    service_labels: tuple[str, ...] = DEFAULT_SERVICE_LABELS


DEFAULT_RULES = RedactionRules()


@dataclass(frozen=True, slots=True)
class Redaction:
    """One token to put at [start, end) of a text."""

    start: int
    end: int
    token: str
    shape: str      # the token's SHAPE: '*' where a digit is hidden


def redact(text: str, key: bytes, rules: RedactionRules = DEFAULT_RULES) -> str:
    """`text` with every personal number the detectors report replaced by its token; the rest of
    the text is kept character for character, and a redacted text comes back unchanged."""
    if not text or not _DIGITS.search(text):
        return text
    out, pos = [], 0
    for r in redactions(text, key, rules):
        out.append(text[pos:r.start])
        out.append(r.token)
        pos = r.end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def redactions(text: str, key: bytes, rules: RedactionRules = DEFAULT_RULES) -> list[Redaction]:
    """Where the tokens of `text` go, in order, none overlapping (offsets of `text`)."""
    if not text or not _DIGITS.search(text):
        return []
    norm = normalize(text)
    v = view(norm)
    as_of = rules.as_of or date.max
    found = {"IJ": find_id_numbers(norm, as_of, rules.min_birth_year, 0), "C": find_bank_cards(norm, 0),
             "M": find_private_mobiles(norm, rules.service_labels, 0)}
    hit_spans = {(kinds, v.to_view(h.start), v.to_view(h.end, end=True))
                 for kinds, hits in found.items() for h in hits if not _is_token(v, h.start, h.end)}
    if not hit_spans:
        return []
    spans = sorted({(s, e) for _, s, e in hit_spans})
    matches = sorted((m.start(), m.end(), kind) for kind, pattern in SHAPES.items()
                     for m in pattern.finditer(v.text))
    hit_matches = {(s, e, k) for s, e, k in matches
                   if any(k in kinds and (s, e) == (hs, he) for kinds, hs, he in hit_spans)}
    out = []
    for start, end in _clusters(spans, matches):
        if v.token_at(start, end) is not None:
            continue        # run together with an earlier token: cannot happen for our own tokens
        inside = [(s, e, k) for s, e, k in matches if start <= s and e <= end]
        out.append(_redaction(v, start, end, inside, hit_matches, key, as_of, rules.min_birth_year))
    return out


def _is_token(v: View, start: int, end: int) -> bool:
    return any(t.start == start and t.end == end for t in v.tokens)


def _clusters(spans: list[tuple[int, int]], matches: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Each hit widened over every number shape that overlaps it, and overlapping ones merged.

    A number almost always stands alone, so its cluster is itself; 138 5234 5678 9012 3456 is a
    mobile whose last groups also read as a card, and both go into one token, so that no shape
    the detectors try reaches into a token half-way."""
    merged: list[list[int]] = []
    for start, end in spans:
        grown = True
        while grown:
            grown = False
            for s, e, _ in matches:
                if s < end and e > start and (s < start or e > end):
                    start, end, grown = min(s, start), max(e, end), True
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _redaction(v: View, start: int, end: int, inside: list[tuple[int, int, str]],
               hit_matches: set[tuple[int, int, str]], key: bytes, as_of: date, min_year: int) -> Redaction:
    text = v.text
    hidden: set[int] = set()
    shown: set[int] = set()
    items = []
    for s, e, kind in inside:
        digits = re.sub(r"[ -]", "", text[s:e]).upper()
        if _valid(kind, digits, as_of, min_year):
            items.append((kind, s - start, e - start))
        # What a report or a context may show stays: a digit that any shape around it hides is
        # hidden (as contexts mask it), unless a hit's own masked form shows it (an ID that also
        # reads as a card keeps its area code, as its report shows it).
        hides = set(hidden_positions(text, s, e, kind))
        hidden |= hides
        if (s, e, kind) in hit_matches:
            shown.update(i for i in range(s, e) if i not in hides)
    hidden -= shown
    shape = "".join("*" if i in hidden else text[i] for i in range(start, end))
    digits = re.sub(r"[ -]", "", text[start:end]).upper()
    digest = hmac.new(key, digits.encode("ascii"), hashlib.sha256).hexdigest()[:DIGEST_CHARS]
    items.sort(key=lambda it: (it[1], it[2], it[0]))
    return Redaction(v.to_text(start), v.to_text(end, end=True), make_token(items, shape, digest), shape)


def _valid(kind: str, digits: str, as_of: date, min_year: int) -> bool:
    """Whether digits of a `kind` shape are a real number of that kind (not its context)."""
    if kind == "I":
        return is_valid_id18(digits, as_of, min_year)
    if kind == "J":
        return is_valid_id15(digits, as_of)
    if kind == "C":
        return is_card_number(digits)
    return is_mobile_number(digits)


# --- HTML ---------------------------------------------------------------------------------

_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"                                   # comment
    r"|<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)"          # script / style with its content
    r"|<[!?/]?[A-Za-z][^>]*>?"                             # a tag (a doctype, a processing instruction)
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.DOTALL | re.IGNORECASE)
_ATTR_VALUE = re.compile(r"""(=\s*)(?:"([^"]*)"|'([^']*)')""")
# tags that break a line in the page text: a name and a number in two cells of a row must stay
# two words, as in the text the detectors read
_BLOCK = re.compile(r"</?(?:p|div|br|tr|td|th|li|ul|ol|table|tbody|thead|h[1-6]|dl|dt|dd|section|"
                    r"article|header|footer|form|blockquote|pre|hr)\b", re.IGNORECASE)
_INNER = re.compile(r"(<(?:script|style)\b[^>]*>)(.*?)(</(?:script|style)\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_COMMENT = re.compile(r"(<!--)(.*?)(-->|\Z)", re.DOTALL)


def redact_html(html: str, key: bytes, rules: RedactionRules = DEFAULT_RULES) -> str:
    """`html` with the personal numbers of its text and attribute values redacted; tags,
    entities and everything else kept as they are.

    The text is judged as the page text is (tags between cells break words), so a mobile in a
    cell beside a name's cell is found as it is in the page text.  Attribute values, comments
    and scripts are judged each on its own."""
    if not html or not _DIGITS.search(html) or not _any_shape(html):
        return html
    text, origin, pieces = _flatten(html)
    edits: list[tuple[int, int, str]] = []
    for r in redactions(text, key, rules):
        edits.extend(_html_edits(html, origin, r))
    for start, end, markup in pieces:
        rewritten = _redact_markup(markup, key, rules)
        if rewritten != markup:
            edits.append((start, end, rewritten))
    if not edits:
        return html
    edits.sort()
    out, pos = [], 0
    for start, end, new in edits:
        out.append(html[pos:start])
        out.append(new)
        pos = end
    out.append(html[pos:])
    return "".join(out)


_ANY_TAG = re.compile(r"<[^>]*>")


# A candidate for a reported number (tokens.SHAPES) in one pass over the raw markup: a cluster of
# at least 11 digits that may be split by separators, tags or entities (138<span>1234</span>5678,
# cells side by side), whose digits could make a mobile (11, from 13-19), an ID (15 or 18) or a
# card (16-19).  Most pages have none, and then nothing else is done: normalising a 20 KB page and
# trying each shape on it cost 1.3 ms a page, a tenth of a first scan's time.
# The pattern opens with the digit itself and checks the character before it afterwards, so that
# the regex engine can skip to the next digit at C speed (a leading look-behind disables that:
# 3x slower), and asks for 11 digits in the pattern so that dates and short numbers fail inside
# the engine instead of in a Python loop.  Digits inside a tag between two pieces are not the
# cluster's (the page text, which the detectors read, does not have them).
_D = "[0-9\uff10-\uff19]"
_GAP = "(?:[ \\-\uff0d\u3000]|<[^>]*>|&[#0-9A-Za-z]{1,8};)*"
_CLUSTER = re.compile(f"{_D}(?<![0-9A-Za-z]{_D})(?:{_GAP}{_D}){{10,}}[Xx]?(?![0-9A-Za-z])")
_TAG_OR_ENTITY = re.compile(r"<[^>]*>|&[#0-9A-Za-z]{1,8};")
_PIECE = re.compile("[0-9]+[Xx]?")


def _shaped(digits: str) -> bool:
    """Digits a mobile (11, from 13-19), an ID (15 or 18) or a card (16-19) could be made of."""
    n = len(digits)
    return n in (15, 18) or (n == 11 and digits[0] == "1" and digits[1] in "3456789") or \
        (16 <= n <= 19 and digits[0] in "34569")


def _any_shape(html: str) -> bool:
    """Whether anything shaped like a reported number may stand in the markup: some run of the
    digit pieces of a cluster (a number may span pieces, or be one of them) makes a shape."""
    for m in _CLUSTER.finditer(html):
        pieces = _PIECE.findall(normalize(_TAG_OR_ENTITY.sub(" ", m.group())))
        for i in range(len(pieces)):
            run = ""
            for piece in pieces[i:]:
                run += piece
                if len(run) > 19:
                    break
                if len(run) >= 11 and _shaped(run):
                    return True
    return False


class _Flat:
    """The page's text as the detectors read it, built from atoms of the HTML (a run of text, a
    whitespace run, an entity, a tag that breaks a line), with where each atom came from."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.origin: list[tuple[int, int, int, bool]] = []   # (text start, html start, html end, literal)
        self.size = 0
        self.last = "\n"

    def add(self, chars: str, hstart: int, hend: int, literal: bool) -> None:
        if chars.isspace():
            # whitespace as the page text has it: one space, or one line break for any run
            # holding one, never two in a row
            chars = "\n" if "\n" in chars else " "
            if self.last == "\n" or (self.last == " " and chars == " "):
                return
            if self.last == " " and chars == "\n":
                self.parts[-1] = "\n"
                self.last = "\n"
                return
            literal = False
        self.origin.append((self.size, hstart, hend, literal))
        self.parts.append(chars)
        self.size += len(chars)
        self.last = chars[-1]


_WORDS = re.compile(r"\s+|\S+")


def _flatten(html: str) -> tuple[str, list[tuple[int, int, int, bool]], list[tuple[int, int, str]]]:
    flat = _Flat()
    pieces: list[tuple[int, int, str]] = []     # markup judged on its own
    pos = 0

    def literal(a: int, b: int) -> None:
        for w in _WORDS.finditer(html, a, b):
            flat.add(w.group(), w.start(), w.end(), True)

    for m in _MARKUP.finditer(html):
        literal(pos, m.start())
        token = m.group()
        if token.startswith("&"):
            char = htmllib.unescape(token)
            flat.add(char, m.start(), m.end(), False)
        else:
            if _BLOCK.match(token) or token.startswith("<!--") or m.group(1):
                flat.add("\n", m.start(), m.end(), False)
            pieces.append((m.start(), m.end(), token))
        pos = m.end()
    literal(pos, len(html))
    return "".join(flat.parts), flat.origin, pieces


def _html_edits(html: str, origin: list[tuple[int, int, int, bool]], r: Redaction) -> list[tuple[int, int, str]]:
    """The edits of the HTML that put one redaction of its text in place."""
    starts = [o[0] for o in origin]

    def where(j: int) -> tuple[int, int, int, bool]:
        return origin[bisect.bisect_right(starts, j) - 1]

    first, last = where(r.start), where(r.end - 1)
    if first[3] and last[3]:
        hstart = first[1] + r.start - first[0]
        hend = last[1] + r.end - last[0]
        if "<" not in html[hstart:hend] and "&" not in html[hstart:hend]:
            # the number stands in one stretch of text: the token takes its place
            return [(hstart, hend, r.token)]
    # Split by a tag or written with an entity: each literal digit it hides becomes '*', so no
    # tag is touched (the token's digest is lost; the number is masked all the same).
    edits = []
    for j in range(r.start, r.end):
        fstart, hstart, _, literal = where(j)
        if r.shape[j - r.start] == "*" and literal:
            at = hstart + j - fstart
            edits.append((at, at + 1, "*"))
    return edits


def _redact_markup(markup: str, key: bytes, rules: RedactionRules) -> str:
    """A tag's attribute values, a comment's or a script's content, each judged on its own."""
    if not _DIGITS.search(markup):
        return markup
    if markup.startswith("<!--"):
        return _COMMENT.sub(lambda m: m.group(1) + redact(m.group(2), key, rules) + m.group(3), markup)
    inner = _INNER.match(markup)
    if inner:
        head = _redact_tag(inner.group(1), key, rules)
        return head + redact(inner.group(2), key, rules) + inner.group(3)
    return _redact_tag(markup, key, rules)


def _redact_tag(tag: str, key: bytes, rules: RedactionRules) -> str:
    def one(m: re.Match) -> str:
        value = m.group(2) if m.group(2) is not None else m.group(3)
        quote = '"' if m.group(2) is not None else "'"
        return f"{m.group(1)}{quote}{redact(value, key, rules)}{quote}"
    return _ATTR_VALUE.sub(one, tag)


def redaction_rules(as_of: date | None, min_birth_year: int | None,
                    service_labels: Iterable[str] | None) -> RedactionRules:
    """Rules from a profile's content_safety values (None: the default)."""
    return RedactionRules(as_of, 1900 if min_birth_year is None else int(min_birth_year),
                          DEFAULT_SERVICE_LABELS if service_labels is None else tuple(service_labels))
