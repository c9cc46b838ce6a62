"""The content lexicon: harmful words (data/harmful_lexicon.tsv), the words that make a sentence
a report about them, the leaders' names with their one-character near misses, and the
leadership titles, all in one Aho-Corasick automaton searched once per text.

content.harmful, wording.leader_name and wording.leader_title each read the same matches: the
last text's are kept, so the three rules pay for one pass over it (the political lexicon of
wording.political keeps its own automaton, textscan/lexicon.py).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ahocorasick_rs import BytesAhoCorasick

from govsite.textscan.hits import Hit, make_hit
from govsite.textscan.lexicon import near_misses

HARMFUL_FILE = "harmful_lexicon.tsv"
CONTEXT = "语境"                     # the category of a reporting word
CATEGORIES = ("赌博", "色情", "暴恐", "诈骗")

# A spammer's contact: a web address (not a government one) or a QQ / WeChat id.  A sentence
# carrying one advertises, whatever reporting word it also holds.
_CONTACT = re.compile(
    r"(?:https?://|www\.)(?![\w.-]*\.gov\.cn)[\w.-]+|(?<![\w.])[A-Za-z0-9-]{2,}\.(?:com|net|cc|vip|top|xyz|me|app|club)\b"
    r"|(?:微信|威信|薇信|加V|加v|VX|vx|QQ|qq|扣扣|飞机|电报)[号:：\s]*[A-Za-z0-9_-]{5,}")
_SENTENCE_END = "。！？!?\n"
_SENTENCE_MAX = 120                 # characters searched either side of a hit for its sentence
# Before a title, these make it a past post: 原副县长王某 is not today's leader.
_FORMER = ("原任", "时任", "曾任", "原", "前")
_BETWEEN = " \u3000·•"              # what may stand between a title and a name


@dataclass(frozen=True)
class HarmEntry:
    term: str
    category: str
    note: str = ""


@dataclass(frozen=True)
class Tag:
    kind: str          # harm, context, name (a leader's name), near (its near miss), title
    value: str         # the word; for near: the correct name
    info: str = ""     # harm: category and note


@dataclass
class ContentLexicon:
    forms: dict[str, list[Tag]] = field(default_factory=dict)
    automaton: BytesAhoCorasick | None = None
    automaton_forms: list[str] = field(default_factory=list)
    _last: tuple[str, list[tuple[int, int, Tag]]] | None = None

    @classmethod
    def build(cls, harmful: Iterable[HarmEntry], names: Iterable[str] = (),
              titles: Iterable[str] = ()) -> ContentLexicon:
        lex = cls()

        def add(form: str, tag: Tag) -> None:
            if form:
                lex.forms.setdefault(form, []).append(tag)
        for e in harmful:
            add(e.term, Tag("context" if e.category == CONTEXT else "harm", e.term,
                            f"{e.category}：{e.note}" if e.note else e.category))
        names = sorted(set(names))
        for name in names:
            add(name, Tag("name", name))
        for name in names:
            for variant in sorted(near_misses(name)):
                if variant not in names:
                    add(variant, Tag("near", name))
        for title in sorted(set(titles)):
            add(title, Tag("title", title))
        if lex.forms:
            lex.automaton_forms = list(lex.forms)
            lex.automaton = BytesAhoCorasick([f.encode("utf-8") for f in lex.automaton_forms])
        return lex

    def matches(self, text: str) -> list[tuple[int, int, Tag]]:
        """(start, end, tag) of every form in `text`, overlapping ones too, in character offsets."""
        if self._last is not None and self._last[0] is text:
            return self._last[1]
        out: list[tuple[int, int, Tag]] = []
        if self.automaton is not None and text:
            data = text.encode("utf-8", "surrogatepass")
            raw = self.automaton.find_matches_as_indexes(data, overlapping=True)
            if raw:
                offsets = sorted({o for _i, s, e in raw for o in (s, e)})
                chars, pos, count = {}, 0, 0
                for o in offsets:       # bytes -> characters, one decode of each gap
                    count += len(data[pos:o].decode("utf-8", "surrogatepass"))
                    chars[o], pos = count, o
                for i, s, e in raw:
                    for tag in self.forms[self.automaton_forms[i]]:
                        out.append((chars[s], chars[e], tag))
                out.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        self._last = (text, out)
        return out


def read_harmful(text: str | None = None) -> list[HarmEntry]:
    """Entries of a harmful-content TSV (the shipped one when `text` is None)."""
    if text is None:
        text = resources.files("govsite.data").joinpath(HARMFUL_FILE).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        term = (row.get("term") or "").strip()
        if term:
            out.append(HarmEntry(term, (row.get("category") or "").strip(), (row.get("note") or "").strip()))
    return out


@lru_cache(maxsize=8)
def _cached(extra: tuple[tuple[str, str], ...], names: tuple[str, ...],
            titles: tuple[str, ...]) -> ContentLexicon:
    entries = read_harmful() + [HarmEntry(term, category, "站点补充词库") for term, category in extra]
    return ContentLexicon.build(entries, names, titles)


def load_content_lexicon(harmful_extra: dict | None = None, names: Iterable[str] = (),
                         titles: Iterable[str] = ()) -> ContentLexicon:
    """The shipped harmful lexicon plus a site's words (profile content_safety.harmful_extra),
    the leaders' names and the leadership titles."""
    extra = tuple(sorted((str(k), str(v)) for k, v in (harmful_extra or {}).items()))
    return _cached(extra, tuple(sorted(set(names))), tuple(sorted(set(titles))))


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = start
    while lo > 0 and start - lo < _SENTENCE_MAX and text[lo - 1] not in _SENTENCE_END:
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < _SENTENCE_MAX and text[hi] not in _SENTENCE_END:
        hi += 1
    return lo, hi


def find_harmful(text: str, lex: ContentLexicon, width: int = 15) -> list[Hit]:
    """Harmful words in `text` that are not reported on: a hit's sentence holds no reporting
    word, or it holds a spammer's contact.  Overlapping words keep the longest."""
    found = lex.matches(text)
    contexts = [(s, e) for s, e, t in found if t.kind == "context"]
    hits: list[Hit] = []
    last_end = -1
    for start, end, tag in found:
        if tag.kind != "harm" or start < last_end:
            continue
        last_end = end
        lo, hi = _sentence(text, start, end)
        reporting = any(lo <= s and e <= hi for s, e in contexts)
        if reporting and not _CONTACT.search(text, lo, hi):
            continue
        hits.append(make_hit(text, start, end, text[start:end], width, "", tag.info))
    return hits


def _former(text: str, title_start: int) -> bool:
    head = text[max(0, title_start - 2):title_start]
    return any(head.endswith(p) for p in _FORMER)


def find_leader_mentions(text: str, lex: ContentLexicon, width: int = 15) -> list[Hit]:
    """Leaders' names, and their near misses, written right beside a leadership title
    (县长王建华, 王建华县长).  Each hit: `shown` the name as written, `suggestion` the leader's
    name, `note` "kind|title|former" (kind name or near; former 1 when the title is a past one,
    原副县长…)."""
    found = lex.matches(text)
    if not any(t.kind in ("name", "near") for _s, _e, t in found):
        return []
    title_end: dict[int, tuple[int, str]] = {}      # end -> (start, title), the longest
    title_start: dict[int, tuple[int, str]] = {}    # start -> (end, title), the longest
    for s, e, t in found:
        if t.kind != "title":
            continue
        if e not in title_end or title_end[e][0] > s:
            title_end[e] = (s, t.value)
        if s not in title_start or title_start[s][0] < e:
            title_start[s] = (e, t.value)
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    names = sorted(((s, e, t) for s, e, t in found if t.kind in ("name", "near")),
                   key=lambda m: (m[2].kind != "name", m[0]))      # exact names first
    for start, end, tag in names:
        if any(s < end and start < e for s, e in taken):
            continue
        before = start
        while before > 0 and start - before < 2 and text[before - 1] in _BETWEEN:
            before -= 1
        after = end
        while after < len(text) and after - end < 2 and text[after] in _BETWEEN:
            after += 1
        if before in title_end:
            t_start, title = title_end[before]
            former = _former(text, t_start)
        elif after in title_start:
            title, former = title_start[after][1], _former(text, start)
        else:
            continue
        taken.append((start, end))
        hits.append(make_hit(text, start, end, text[start:end], width, tag.value,
                             f"{tag.kind}|{title}|{int(former)}"))
    hits.sort(key=lambda h: h.start)
    return hits
