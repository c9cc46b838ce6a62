"""Leaders' names and titles (RULES.md "Leaders"): a leader's name written wrong or given a title
not theirs is a 严重错别字 / 严重表述错误, a national veto item (国办秘函〔2019〕19号; the 2015 普查
named 领导姓名错误 as its example); a 领导信息 page still presenting a leader who has left is
概况信息 not updated on change (规范 第二十三条).

The leadership is the profile's `leaders:` list.  Names and titles are found by the content
lexicon's one pass (textscan/contentlex.py), which also carries the harmful words.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from govsite.checks.content import summarize_zh
from govsite.checks.registry import RuleContext, rule
from govsite.models import Finding
from govsite.scan.texts import ContentText, content_texts
from govsite.scan.view import ScanView
from govsite.textscan.contentlex import find_leader_mentions, load_content_lexicon
from govsite.textscan.hits import Hit

_READS = ("leaders", "content_safety.leadership_titles", "content_safety.context_chars",
          "content_safety.examples_per_finding")
_FORMER = ("原任", "时任", "曾任", "原", "前")


@dataclass(frozen=True)
class Leader:
    name: str
    title: str
    since: date | None = None
    until: date | None = None

    def serves(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)

    @property
    def titles(self) -> list[str]:
        """The posts of one entry: 县委副书记、县长 is two."""
        return [t.strip() for t in self.title.replace("，", "、").replace(",", "、").split("、") if t.strip()]


def leaders_of(ctx: RuleContext) -> list[Leader]:
    return [Leader(str(e["name"]).strip(), str(e["title"]).strip(), _day(e.get("since")), _day(e.get("until")))
            for e in ctx.get("leaders") or []]


def _day(value) -> date | None:
    """A profile date: ISO text (as the profile keeps it), or a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _mentions(data: ScanView, ctx: RuleContext, leaders: list[Leader]
              ) -> Iterator[tuple[ContentText, list[Hit]]]:
    """Every text with its leader mentions (name or near miss beside a title), cached per text."""
    titles = list(ctx.get("content_safety.leadership_titles") or [])
    titles += [t for leader in leaders for t in leader.titles]
    names = [leader.name for leader in leaders]
    width = int(ctx.get("content_safety.context_chars"))

    def detect(text: str) -> list[Hit]:
        return find_leader_mentions(text, load_content_lexicon(None, names, titles), width)
    cache = data.text_cache
    for src in content_texts(data):
        hits = cache.hits(ctx.rule.rule_id, src.body, detect) if cache is not None else detect(src.text)
        if hits:
            yield src, hits


def _note(hit: Hit) -> tuple[str, str, bool]:
    kind, title, former = hit.note.split("|")
    return kind, title, former == "1"


def _where(src: ContentText) -> str:
    return "附件" if src.attachment else "页面"


@rule("wording.leader_name", title="领导姓名错误", title_en="a leader's name written with a wrong character next to a leadership title",
      clause="国办秘函〔2019〕19号 单项否决: 严重错别字 (领导姓名错误; needs human confirmation)",
      severity="veto", standard="national", reads=_READS)
def leader_name(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：领导职务旁边的姓名与站点配置的领导名单中某位领导的姓名只差一个同音字或形近字（如“县长王建化”应为“王建华”），需人工确认；远离职务的同名群众和“原副县长…”不算。
    依据：国办秘函〔2019〕19号：严重错别字（如领导姓名错误）单项否决。
    整改：人工核实后立即更正领导姓名，并加强发布前校对；领导名单变动时及时更新配置。
    """
    leaders = leaders_of(ctx)
    if not leaders:
        return
    limit = int(ctx.get("content_safety.examples_per_finding"))
    for src, hits in _mentions(data, ctx, leaders):
        wrong = []
        for h in hits:
            kind, title, former = _note(h)
            if kind == "near" and not former:
                wrong.append(Hit(h.start, h.end, h.shown, h.context, h.suggestion, f"紧邻职务“{title}”"))
        if wrong:
            yield ctx.finding(src.url, f"{_where(src)}有{len(wrong)}处疑似领导姓名错误（需人工确认）",
                              summarize_zh(wrong, limit), column=src.column, column_url=src.column_url)


def _title_fits(found: str, held: list[str]) -> bool:
    """The title as written is one the leader holds, maybe shortened (书记 for 县委书记, 副县长
    for 常务副县长), never a deputy's post for the chief's or the other way round."""
    for post in held:
        if post == found:
            return True
        longer, shorter = (post, found) if len(post) > len(found) else (found, post)
        if longer.endswith(shorter) and not longer[: -len(shorter)].endswith("副"):
            return True
    return False


@rule("wording.leader_title", title="领导职务错误", title_en="a leader named with a title that is not theirs",
      clause="国办秘函〔2019〕19号 单项否决: 严重表述错误 (needs human confirmation)",
      severity="veto", standard="national", reads=_READS)
def leader_title(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：领导姓名前后的职务不是其本人在发布之日担任的职务（如王建华任县委书记，页面写作“县长王建华”），需人工确认；“原副县长…”等过去职务不算。
    依据：国办秘函〔2019〕19号：严重表述错误单项否决。
    整改：人工核实后立即更正领导职务，领导职务变动时同步更新站点配置的领导名单。
    """
    leaders = leaders_of(ctx)
    if not leaders:
        return
    limit = int(ctx.get("content_safety.examples_per_finding"))
    by_name: dict[str, list[Leader]] = {}
    for leader in leaders:
        by_name.setdefault(leader.name, []).append(leader)
    for src, hits in _mentions(data, ctx, leaders):
        day = _day_of(data, src)
        wrong = []
        for h in hits:
            kind, title, former = _note(h)
            if kind != "name" or former:
                continue
            entries = by_name.get(h.shown, [])
            current = [e for e in entries if day is not None and e.serves(day)] or entries
            held = [t for e in current for t in e.titles]
            if held and not _title_fits(title, held):
                wrong.append(Hit(h.start, h.end, h.shown, h.context, "",
                                 f"职务写作“{title}”，其职务为“{'、'.join(held)}”"))
        if wrong:
            yield ctx.finding(src.url, f"{_where(src)}有{len(wrong)}处疑似领导职务错误（需人工确认）",
                              summarize_zh(wrong, limit), column=src.column, column_url=src.column_url)


def _day_of(data: ScanView, src: ContentText) -> date | None:
    """The day a text speaks for: its page's publication date, else the as-of day."""
    url = src.url
    if src.attachment:
        sources = data.sources(src.url)
        url = sources[0] if sources else ""
    info = data.page(url) if url else None
    return (info.published if info is not None and info.published else None) or data.as_of


@rule("leaders.outdated", title="领导信息未及时更新", title_en="the 领导信息 pages still present a leader whose term has ended",
      clause="规范 第二十三条 (概况信息 updated on change)", severity="deduct", standard="county",
      reads=("leaders", "content_safety.leader_pages"))
def outdated(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：领导信息类页面（栏目名或标题含“领导信息”“领导之窗”“领导分工”等）仍列出任期已结束、现已不在任的领导；写作“原…”“前…”的不算。
    依据：规范 第二十三条：概况信息应随变动及时更新。
    整改：领导职务变动后及时更新领导信息栏目，撤下离任领导的信息或注明“原任”。
    """
    leaders = leaders_of(ctx)
    words = [w for w in ctx.get("content_safety.leader_pages") or [] if w]
    if not leaders or not words:
        return
    serving = {leader.name for leader in leaders if leader.serves(data.as_of)}
    gone = [leader for leader in leaders
            if leader.until is not None and leader.until < data.as_of and leader.name not in serving]
    if not gone:
        return
    for src in content_texts(data):
        if src.attachment:
            continue
        info = data.page(src.url)
        label = f"{src.column} {info.title if info is not None and info.title else ''}"
        if not any(w in label for w in words):
            continue
        shown = [f"{leader.name}（{leader.title}，任期至{leader.until}）" for leader in gone
                 if _presented(src.text, leader.name)]
        if shown:
            yield ctx.finding(src.url, f"领导信息仍列出{len(shown)}位已离任的领导",
                              "；".join(shown), column=src.column, column_url=src.column_url)


def _presented(text: str, name: str) -> bool:
    """`name` stands in `text` at least once without 原 / 前 / 时任 before it or its title."""
    pos = text.find(name)
    while pos != -1:
        head = text[max(0, pos - 12):pos]
        cut = max(head.rfind(c) for c in "，。；、：:,;\n ()（）")
        if not head[cut + 1:].startswith(_FORMER):      # 原副县长李明: a past post
            return True
        pos = text.find(name, pos + 1)
    return False
