"""What a regular expression cannot match without: a cheap test run before the full regex.

Most page texts hold none of the words a marking or a lexicon `re:` form is built around, and
`word in text` is a fast scan in C where a pattern opening with a lookbehind or `^` is tried at
every character.  `required(pattern)` reads the pattern's parse and returns strings of which
every match contains at least one (or None when it cannot tell); `may_match` runs the full
regex only on a text holding one of them.  It never skips a text the regex would match: a
string is required only when it is a run of plain characters that every match must contain
(outside optional parts, repetitions that may be empty and lookarounds); case-insensitive
patterns are not reduced.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

try:                                     # the parser behind `re` (named sre_parse before 3.11)
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:                      # pragma: no cover - older Pythons
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_c = _sre_parse
_LITERAL, _SUBPATTERN, _BRANCH = _c.LITERAL, _c.SUBPATTERN, _c.BRANCH
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))
_CASE_FLAGS = re.IGNORECASE


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The cheapest alternative set to test: the fewest strings, then the longest shortest one."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: (-len(c), min(map(len, c))))


def _needs(items: Iterable) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence `items` contains."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, arg in items:
        if op is _LITERAL:
            run.append(chr(arg))
            continue
        flush()
        found = None
        if op is _SUBPATTERN:
            _group, add_flags, _del_flags, sub = arg
            if not add_flags & _CASE_FLAGS:
                found = _needs(sub)
        elif op is _BRANCH:
            alternatives = [_needs(alt) for alt in arg[1]]
            if all(a is not None for a in alternatives):
                found = frozenset().union(*alternatives)
        elif op in _REPEATS:
            low, _high, sub = arg
            if low >= 1:
                found = _needs(sub)
        # anything else (a class, a lookaround, ^, a backreference) requires no string
        if found:
            candidates.append(found)
    flush()
    return _best(candidates)


@lru_cache(maxsize=256)
def _required(pattern: str, flags: int) -> frozenset[str] | None:
    if flags & _CASE_FLAGS:
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except Exception:        # a parser other than the one expected: always run the regex
        return None
    if parsed.state.flags & _CASE_FLAGS:     # an inline (?i) at the start
        return None
    try:
        return _needs(parsed)
    except (TypeError, ValueError):
        return None


def required(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings of which every match of `pattern` contains one; None when none is known."""
    if not isinstance(pattern.pattern, str):
        return None
    return _required(pattern.pattern, pattern.flags)


def may_match(pattern: re.Pattern, text: str) -> bool:
    """False only when `pattern` cannot match anywhere in `text`."""
    needs = required(pattern)
    if needs is None:
        return True
    for s in needs:
        if s in text:
            return True
    return False
