"""政策解读: every policy document has an interpretation, published with it and linked both ways
(重大政策解读回应制度; 国办秘函〔2019〕19号).

Documents and interpretations are paired by link first and by title second; the pairing is
returned by `interpretation_pairs` so the pipeline can write it to interpretations.csv, where a
person can see (and correct, through the profile's columns) what was paired with what.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from govsite.checks.registry import RuleContext, rule
from govsite.lang import tr
from govsite.models import Finding, ParsedPage
from govsite.profile import Profile
from govsite.records.scan import cached, calendar_note, canon, column_names, columns_matching, members, workdays
from govsite.scan.view import ScanView

_MATCHED_ZH = {"link": "链接", "title": "标题"}
INTERPRETATION_COLUMNS = ("doc_title", "doc_url", "doc_column", "doc_date", "interp_title", "interp_url",
                          "interp_date", "matched_by", "doc_links_interp", "interp_links_doc", "workdays",
                          "status")

_QUOTED = re.compile(r"《(.+?)》")
_ISSUED = re.compile(r"关于(?:印发|转发|公布)(.+?)的(?:通知|决定|批复)")
_INTERP_WORDS = re.compile(r"^(?:图解|一图读懂|图说|解读|政策解读|文字解读|专家解读)[：:]?|(?:的)?(?:政策)?(?:解读|问答|答记者问)"
                           r"(?:材料|稿)?$|^关于")
_NOISE = re.compile(r"[\s《》〈〉“”\"'「」]|（[^）]*稿）")


@dataclass
class Doc:
    url: str
    title: str
    day: date | None
    column: str
    column_url: str
    links: set[str] = field(default_factory=set)
    seen: bool = True          # False: known only from a link (the page is not in the scan)

    def links_to(self, url: str) -> bool:
        return canon(url) in self.links


def _norm(text: str) -> str:
    return _NOISE.sub("", text or "")


def doc_keys(title: str) -> set[str]:
    """Names a document goes by: its title, and what a 关于印发X的通知 issues (X)."""
    keys = {_norm(title)}
    m = _ISSUED.search(title or "")
    if m:
        keys.add(_norm(m.group(1)))
    return {k for k in keys if k}


def interp_keys(title: str) -> set[str]:
    """The document an interpretation names: 《X》政策解读, 关于《X》的解读, 图解：X -> X."""
    quoted = _QUOTED.findall(title or "")
    if quoted:
        keys = {_norm(q) for q in quoted}
        keys |= {k2 for q in quoted for k2 in doc_keys(q)}
        return {k for k in keys if k}
    core = title or ""
    for _ in range(2):
        core = _INTERP_WORDS.sub("", core).strip("：: ")
    return {k for k in {_norm(core)} if k}


def looks_like_interpretation(title: str, words: tuple[str, ...]) -> bool:
    """A title that announces an interpretation: 图解…, 《…》政策解读, …答记者问 (not a rule *about*
    解读 such as 重大政策解读回应制度)."""
    t = (title or "").strip(" 。：:")
    if not words:
        return False
    starts, ends, after_name = _title_shapes(words)
    return t.startswith(starts) or t.endswith(ends) or after_name.search(t) is not None


@lru_cache(maxsize=8)
def _title_shapes(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], re.Pattern]:
    """What looks_like_interpretation tests, made once for the words (it reads every page's title)."""
    return (words, tuple(e for w in words for e in (w, w + "材料")),
            re.compile("》.{0,8}(?:" + "|".join(map(re.escape, words)) + ")"))


def _date(data: ScanView, url: str, listed: date | None) -> date | None:
    info = data.page(url)
    return listed or (info.published if info else None)


def _links(parsed: ParsedPage | None) -> set[str]:
    return {canon(link.url) for link in parsed.links} if parsed else set()


def _collect(data: ScanView, profile: Profile) -> tuple[list[Doc], list[Doc]]:
    policy_cols = columns_matching(data, profile.get("interpretation.policy_columns") or [])
    interp_cols = columns_matching(data, profile.get("interpretation.interpretation_columns") or [])
    policy_members = members(data, policy_cols)
    interp_members = members(data, interp_cols)
    words = tuple(profile.get("interpretation.title_keywords") or ())
    titled = [p for p in data.pages if p.title and looks_like_interpretation(p.title, words)]
    # The parses of every page a document may be, read together: one by one, they were ~500
    # round trips to a PostgreSQL server on a 20 000-page portal.
    parses = data.parsed_of([m.url for m in policy_members + interp_members] + [p.url for p in titled])
    docs: dict[str, Doc] = {}
    for m in policy_members:
        if canon(m.url) not in docs:
            docs[canon(m.url)] = Doc(m.url, m.title, _date(data, m.url, m.listed_date), m.column, m.column_url,
                                     _links(parses.get(m.url)))
    interps: dict[str, Doc] = {}
    for m in interp_members:
        if canon(m.url) not in docs:
            interps[canon(m.url)] = Doc(m.url, m.title, _date(data, m.url, m.listed_date), m.column,
                                        m.column_url, _links(parses.get(m.url)))
    # interpretations standing outside the 解读 columns, found by their titles
    listing = set(column_names(data))
    for p in titled:
        key = canon(p.url)
        if key in docs or key in interps or key in listing:
            continue
        interps[key] = Doc(p.url, p.title, p.published, p.column_name or "", p.column_url or "",
                           _links(parses.get(p.url)))
    # a document's own "相关解读 / 图解" link names its interpretation even when that page stands
    # outside the crawl (another platform, an image)
    named = [(d, link) for d in list(docs.values()) for link in (parses[d.url].links if d.url in parses else ())
             if link.category not in ("malformed", "local_file", "resource")
             and any(w in (link.anchor or "") for w in words)]
    targets = data.parsed_of([link.url for _d, link in named])
    for _d, link in named:
        key = canon(link.url)
        if key in docs or key in interps:
            continue
        info = data.page(link.url)
        target = targets.get(link.url)
        interps[key] = Doc(link.url, (info.title if info and info.title else link.anchor),
                           info.published if info else None, (info.column_name or "") if info else "",
                           (info.column_url or "") if info else "", _links(target), seen=target is not None)
    return list(docs.values()), list(interps.values())


@dataclass
class Pair:
    doc: Doc | None
    interp: Doc | None
    matched_by: str          # link, title, none

    @property
    def both_ways(self) -> bool:
        return bool(self.doc and self.interp and self.doc.links_to(self.interp.url)
                    and self.interp.links_to(self.doc.url))


def pair_up(docs: list[Doc], interps: list[Doc]) -> list[Pair]:
    """Each document with its interpretation(s): by link, then exact title, then title containment."""
    pairs: list[Pair] = []
    used: set[str] = set()
    paired: set[str] = set()
    for d in docs:
        for i in interps:
            if d.links_to(i.url) or i.links_to(d.url):
                pairs.append(Pair(d, i, "link"))
                used.add(i.url)
                paired.add(d.url)
    for exact in (True, False):
        for d in docs:
            if d.url in paired:
                continue
            keys = doc_keys(d.title)
            for i in interps:
                if i.url in used:
                    continue
                ikeys = interp_keys(i.title)
                hit = keys & ikeys if exact else any(
                    len(a) >= 6 and len(b) >= 6 and (a in b or b in a) for a in keys for b in ikeys)
                if hit:
                    pairs.append(Pair(d, i, "title"))
                    used.add(i.url)
                    paired.add(d.url)
    pairs += [Pair(d, None, "none") for d in docs if d.url not in paired]
    pairs += [Pair(None, i, "none") for i in interps if i.url not in used]
    return pairs


def _pairs(data: ScanView, profile: Profile) -> list[Pair]:
    return cached(data, "interpretation_pairs", lambda: pair_up(*_collect(data, profile)))


def _in_scope(d: Doc, data: ScanView, profile: Profile) -> bool:
    days = int(profile.get("interpretation.lookback_days") or 0)
    return not days or d.day is None or d.day >= data.as_of - timedelta(days=days)


def _first_interps(data: ScanView, profile: Profile) -> dict[str, Pair]:
    """Per document, its earliest-published interpretation."""
    first: dict[str, Pair] = {}
    for p in _pairs(data, profile):
        if p.doc and p.interp:
            prev = first.get(p.doc.url)
            if prev is None or (p.interp.day and (prev.interp.day is None or p.interp.day < prev.interp.day)):
                first[p.doc.url] = p
    return first


def interpretation_pairs(data: ScanView, profile: Profile) -> list[dict]:
    """The document/interpretation pairing, one row per pair (columns INTERPRETATION_COLUMNS), for
    interpretations.csv: unpaired documents and interpretations have the other side empty."""
    rows = []
    late, sync = int(profile.get("interpretation.late_workdays")), int(
        profile.get("interpretation.national_sync_workdays"))
    for p in _pairs(data, profile):
        d, i = p.doc, p.interp
        wd = workdays(d.day, i.day) if d and i and d.day and i.day else None
        if d is None:
            status = "no document found"
        elif not _in_scope(d, data, profile):
            status = "not checked (older than lookback_days)"
        elif i is None:
            status = "missing"
        else:
            notes = []
            if d.day and i.day and wd is None:
                notes.append("calendar not covered")
            elif wd is not None and wd > late:
                notes.append("late")
            elif wd is not None and wd > sync:
                notes.append("not same day (national)")
            if not i.seen:
                notes.append("interpretation not in the scan: date and back link not checked")
            elif not p.both_ways:
                notes.append("unlinked")
            status = "; ".join(notes) or "ok"
        rows.append({
            "doc_title": d.title if d else "", "doc_url": d.url if d else "",
            "doc_column": d.column if d else "", "doc_date": d.day.isoformat() if d and d.day else "",
            "interp_title": i.title if i else "", "interp_url": i.url if i else "",
            "interp_date": i.day.isoformat() if i and i.day else "", "matched_by": p.matched_by,
            "doc_links_interp": bool(d and i and d.links_to(i.url)),
            "interp_links_doc": bool(d and i and i.links_to(d.url)),
            "workdays": "" if wd is None else wd, "status": status})
    return rows


def _extra(d: Doc) -> dict:
    return dict(column=d.column, column_url=d.column_url)


@rule("interpretation.missing", title="政策文件缺少解读", title_en="a policy document (规范性文件 / 政府文件) with no interpretation",
      clause="重大政策解读回应制度 第一条; 国办秘函〔2019〕19号（暂定）", severity="deduct", standard="both",
      reads=("interpretation.title_keywords", "interpretation.policy_columns", "interpretation.interpretation_columns",
             "interpretation.lookback_days"))
def missing(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：政策文件栏目中的文件没有对应的政策解读（既无相互链接，解读也未提及文件名称）。
    依据：重大政策解读回应制度 第一条；国办秘函〔2019〕19号（暂定扣分）。
    整改：起草单位编写解读材料，与文件同步发布并相互链接。
    """
    for p in _pairs(data, ctx):
        if p.doc and p.interp is None and _in_scope(p.doc, data, ctx):
            d = p.doc
            yield ctx.finding(d.url, f"政策文件「{d.title}」未发布解读",
                          tr(f"{d.day or '无日期'} 发布于「{d.column}」；没有解读与其相互链接或在标题中提及它"
                             "（配对情况见 interpretations.csv）",
                             f"published {d.day or 'undated'} in {d.column}; no interpretation links to it, is "
                             "linked from it or names it (see interpretations.csv)"), **_extra(d))


@rule("interpretation.late", title="政策解读发布不及时", title_en="interpretation published more than 3 working days after the document",
      clause="重大政策解读回应制度 第三条(四); 国家要求同步", severity="deduct", standard="both",
      reads=("interpretation.lookback_days", "interpretation.late_workdays", "interpretation.national_sync_workdays"))
def late(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：解读晚于文件发布：县级要求最晚 3 个工作日内；国家要求同步发布。
    依据：重大政策解读回应制度 第三条(四)。
    整改：今后文件与解读同步发布；已发布的在台账中说明。
    """
    limit = int(ctx.get("interpretation.late_workdays"))
    sync = int(ctx.get("interpretation.national_sync_workdays"))
    for p in _first_interps(data, ctx).values():
        d, i = p.doc, p.interp
        if not (d.day and i.day) or not _in_scope(d, data, ctx):
            continue
        wd = workdays(d.day, i.day)
        span = tr(f"文件 {d.day}，解读 {i.day}（{i.url}）", f"document {d.day}, interpretation {i.day} ({i.url})")
        if wd is None:
            if (i.day - d.day).days > sync:
                yield ctx.finding(d.url, f"政策文件「{d.title}」解读发布时间无法按工作日判断",
                              tr(f"{span}；", f"{span}; ") + calendar_note(d.day, i.day), severity="warn",
                              **_extra(d))
        elif wd > limit:
            yield ctx.finding(d.url,
                          f"政策文件「{d.title}」的解读晚{wd}个工作日发布（限{limit}个工作日）",
                          tr(f"{span}：晚{wd}个工作日；县级时限{limit}个工作日，国家要求同步",
                             f"{span}: {wd} working days later; county limit {limit}, national 同步"), **_extra(d))
        elif wd > sync:
            yield ctx.finding(d.url, f"政策文件「{d.title}」的解读未同步发布",
                          tr(f"{span}：晚{wd}个工作日；在县级{limit}个工作日时限内，但未按国家要求同步（暂定）",
                             f"{span}: {wd} working days later; within the county limit of {limit}, "
                             "not 同步 (national, provisional)"), severity="warn", standard="national", **_extra(d))


@rule("interpretation.unlinked", title="政策文件与解读未相互关联", title_en="policy and interpretation do not link to each other both ways",
      clause="国办秘函〔2019〕19号（暂定）", severity="deduct", standard="national",
      reads=("interpretation.lookback_days", "interpretation.policy_columns",))
def unlinked(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：政策文件与其解读没有相互链接。
    依据：国办秘函〔2019〕19号（暂定扣分）。
    整改：在文件页加入“相关解读”链接，在解读页加入“原文链接”。
    """
    for p in _first_interps(data, ctx).values():
        d, i = p.doc, p.interp
        if p.both_ways or not i.seen or not _in_scope(d, data, ctx):
            continue
        gaps = []
        if not d.links_to(i.url):
            gaps.append(tr("文件未链接到解读", "the document does not link to the interpretation"))
        if not i.links_to(d.url):
            gaps.append(tr("解读未链接到文件", "the interpretation does not link to the document"))
        yield ctx.finding(d.url, f"政策文件「{d.title}」与其解读未相互链接",
                      tr(f"{'；'.join(gaps)}（解读 {i.url}，按{_MATCHED_ZH.get(p.matched_by, p.matched_by)}配对）",
                         f"{'; '.join(gaps)} (interpretation {i.url}, paired by {p.matched_by})"), **_extra(d))
