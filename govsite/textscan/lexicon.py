"""The political-expression lexicon (data/political_lexicon.tsv) and the wording check over it.

Each entry holds a correct expression, its known wrong forms and whether one-character near
misses are derived from it (see confusables.py).  All wrong forms of all entries are compiled
into one Aho-Corasick automaton (ahocorasick-rs), which finds every form in one pass over a text;
at each position the longest form starting there is kept.  Forms written `re:` are regular
expressions (省省委, 罪犯 before a judgment).  A hit inside one of the entry's `allow` words
(境内港口 for 内港) is ordinary text and dropped; so is any text that is itself a correct
expression of the lexicon.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ahocorasick_rs import BytesAhoCorasick

from govsite.textscan.confusables import confusables, readings
from govsite.textscan.hits import Hit, make_hit
from govsite.textscan.required import may_match

LEXICON_FILE = "political_lexicon.tsv"
NEAR_MIN_LENGTH = 3   # no near misses of 2-character words: too many real words differ by one


@dataclass(frozen=True)
class Entry:
    correct: str
    wrong: tuple[str, ...] = ()
    near: bool = False
    allow: tuple[str, ...] = ()
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class _Form:
    entry: Entry
    kind: str          # listed (a known wrong form) or near (derived)


@dataclass
class Lexicon:
    """Compiled lexicon: literal wrong forms by text, regex forms, and the correct expressions."""

    entries: list[Entry]
    forms: dict[str, _Form] = field(default_factory=dict)
    patterns: list[tuple[re.Pattern, Entry]] = field(default_factory=list)
    # The literal forms in one automaton (and in its order): a 20 000-page portal has tens of
    # millions of characters to scan, 20x too slow as a lookup per character in Python (and 8x
    # as pyahocorasick).
    automaton: BytesAhoCorasick | None = None
    automaton_forms: list[_Form] = field(default_factory=list)

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> Lexicon:
        lex = cls(list(entries))
        correct = {e.correct for e in lex.entries}
        for e in lex.entries:
            for w in e.wrong:
                if w.startswith("re:"):
                    lex.patterns.append((re.compile(w[3:]), e))
                elif w and w not in correct:
                    lex.forms[w] = _Form(e, "listed")
        for e in lex.entries:
            if e.near and len(e.correct) >= NEAR_MIN_LENGTH:
                for variant in near_misses(e.correct):
                    if variant not in correct and variant not in lex.forms:
                        lex.forms[variant] = _Form(e, "near")
        if lex.forms:
            lex.automaton = BytesAhoCorasick([form.encode("utf-8") for form in lex.forms])
            lex.automaton_forms = list(lex.forms.values())
        return lex

    def literal_matches(self, text: str) -> list[tuple[int, int, _Form]]:
        """(start, end, form) of the longest literal wrong form starting at each position."""
        if self.automaton is None or not text:
            return []
        # Searched as UTF-8 bytes: given the str, the automaton would make Python keep a UTF-8
        # copy inside every text scanned (~100 MB over a 20 000-page portal's texts).
        data = text.encode("utf-8", "surrogatepass")
        longest: dict[int, tuple[int, int]] = {}      # start -> (end, form index), in bytes
        for index, start, end in self.automaton.find_matches_as_indexes(data, overlapping=True):
            if start not in longest or longest[start][0] < end:
                longest[start] = (end, index)
        if not longest:
            return []
        # A match of whole UTF-8 forms starts and ends on character boundaries.
        offsets = sorted({o for start, (end, _i) in longest.items() for o in (start, end)})
        chars = {o: len(data[:o].decode("utf-8", "surrogatepass")) for o in offsets}
        return sorted((chars[start], chars[end], self.automaton_forms[i])
                      for start, (end, i) in longest.items())

    def scan(self, text: str, width: int = 15) -> list[Hit]:
        """Wrong forms in `text`; overlapping hits keep the longest."""
        found: list[tuple[int, int, Entry, str]] = [
            (start, end, form.entry, form.kind) for start, end, form in self.literal_matches(text)]
        for pattern, entry in self.patterns:
            if not may_match(pattern, text):    # 省省委 opens with a lookbehind: tried everywhere
                continue
            for m in pattern.finditer(text):
                found.append((m.start(), m.end(), entry, "listed"))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[Hit] = []
        last_end = -1
        for start, end, entry, kind in found:
            if start < last_end or _allowed(text, start, end, entry):
                continue
            last_end = end
            note = entry.note + ("；近形/同音误写" if kind == "near" else "")
            hits.append(make_hit(text, start, end, text[start:end], width, entry.correct, note))
        return hits


def _allowed(text: str, start: int, end: int, entry: Entry) -> bool:
    """True when the hit lies inside one of the entry's allow words."""
    for word in entry.allow:
        lo = max(0, end - len(word))
        pos = text.find(word, lo, start + len(word))
        if pos != -1 and pos <= start and end <= pos + len(word):
            return True
    return False


def near_misses(term: str) -> set[str]:
    """Every one-character same-sound or similar-shape substitution of `term`."""
    out = set()
    for i, (ch, reading) in enumerate(zip(term, readings(term))):
        if not ("\u4e00" <= ch <= "\u9fff"):
            continue
        for other in confusables(ch, reading):
            out.add(term[:i] + other + term[i + 1:])
    out.discard(term)
    return out


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def _split_wrong(value: str | None) -> tuple[str, ...]:
    """Wrong forms split on |, except that a re: form runs to the end of the field (its own |
    are alternation)."""
    value = value or ""
    head, sep, regex = value.partition("re:")
    return _split(head) + ((f"re:{regex.strip()}",) if sep else ())


def read_entries(path: str | Path | None = None) -> list[Entry]:
    """Entries of a lexicon TSV (the shipped one when `path` is None)."""
    if path is None:
        text = resources.files("govsite.data").joinpath(LEXICON_FILE).read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    entries = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        correct = (row.get("correct") or "").strip()
        if not correct:
            continue
        entries.append(Entry(correct, _split_wrong(row.get("wrong")), (row.get("match") or "").strip() == "near",
                             _split(row.get("allow")), (row.get("note") or "").strip(),
                             (row.get("source") or "").strip()))
    return entries


@lru_cache(maxsize=8)
def _cached(extra: tuple[tuple[str, str], ...]) -> Lexicon:
    entries = read_entries()
    entries += [Entry(correct, (wrong,), note="站点补充词库") for wrong, correct in extra]
    return Lexicon.build(entries)


def load_lexicon(extra: Mapping[str, str] | None = None) -> Lexicon:
    """The shipped lexicon plus a site's own wrong → correct pairs (profile wording_extra)."""
    return _cached(tuple(sorted((extra or {}).items())))


def find_wording(text: str, lexicon: Lexicon | None = None, width: int = 15) -> list[Hit]:
    """Wrongly written political expressions in `text`, each with its suggestion."""
    return (lexicon or load_lexicon()).scan(text, width)
