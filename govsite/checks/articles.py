"""Article pages: 规范 第十六条(二) 文章内容页须明确显示标题、信息发布日期、信息来源、信息正文."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from govsite.checks.registry import RuleContext, rule
from govsite.lang import tr
from govsite.models import Finding, ParsedPage
from govsite.scan.view import ScanView


def article_pages(data: ScanView) -> Iterator[ParsedPage]:
    """Pages the parser calls articles, plus pages listed as items of a column (an article missing
    its date or title may not look like one to the parser, which is the very defect)."""
    listed = {i.url for i in data.list_items}
    for p in data.pages:
        if p.kind == "article" or (p.url in listed and p.kind == "other"):
            parsed = data.light(p.url)
            if parsed is not None:
                yield parsed


def _article_rule(ctx: RuleContext, data: ScanView, test, message: str, evidence: tuple[str, str]) -> Iterator[Finding]:
    for parsed in article_pages(data):
        if not data.in_scope(parsed.published):
            continue        # published after the day the scan judges: not part of the site then
        if test(parsed):
            info = data.page(parsed.url)
            yield ctx.finding(parsed.url, message, tr(f"{evidence[0]}（标题：{parsed.title or '—'}）",
                                                      f"{evidence[1]} (title: {parsed.title or '—'})"),
                          column=(info.column_name or "") if info else "",
                          column_url=(info.column_url or "") if info else "")


@rule("article.missing_title", title="文章页缺少标题", title_en="an article page lacks its title", clause="规范 第十六条(二)",
      severity="warn", standard="county")
def missing_title(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：文章页没有可见的标题。
    依据：规范 第十六条(二)：文章内容页须明确显示标题。
    整改：在内容管理系统中补填文章标题，并确认页面模板输出标题字段。
    """
    yield from _article_rule(ctx, data, lambda p: not (p.title or "").strip(),
                             "文章页缺少标题", ("页面没有可见的标题", "no visible title"))


@rule("article.missing_date", title="文章页缺少发布日期", title_en="an article page lacks its publication date",
      clause="规范 第十六条(二)", severity="warn", standard="county")
def missing_date(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：文章页没有“发布时间/发布日期”。
    依据：规范 第十六条(二)：文章内容页须明确显示信息发布日期。
    整改：补填发布日期，并确认文章页模板显示“发布时间”字段。
    """
    yield from _article_rule(ctx, data, lambda p: p.published is None,
                             "文章页缺少发布日期", ("页面没有“发布时间/发布日期”", "no 发布时间 / 发布日期"))


@rule("article.missing_source", title="文章页缺少信息来源", title_en="an article page lacks its source (信息来源)",
      clause="规范 第十六条(二)", severity="warn", standard="county")
def missing_source(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：文章页没有“来源/信息来源”。
    依据：规范 第十六条(二)：文章内容页须明确显示信息来源。
    整改：补填信息来源（发布单位），并确认模板显示“来源”字段。
    """
    yield from _article_rule(ctx, data, lambda p: not (p.source or "").strip(),
                             "文章页缺少信息来源", ("页面没有“来源/信息来源”", "no 来源 / 信息来源"))


@rule("article.missing_body", title="文章页缺少正文", title_en="an article page lacks its body", clause="规范 第十六条(二)",
      severity="warn", standard="county")
def missing_body(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：文章页正文为空（图片下的简短说明或附件链接都算正文）。
    依据：规范 第十六条(二)：文章内容页须明确显示信息正文。
    整改：补充正文内容或附件；无内容的页面应撤下。
    """
    def no_body(p: ParsedPage) -> bool:
        has_attachment = any(link.category == "attachment" for link in p.links)
        return not (p.body_text or "").strip() and not has_attachment
    yield from _article_rule(ctx, data, no_body, "文章页缺少正文", ("页面没有正文", "no body text"))


@rule("article.future_date", title="文章发布日期晚于抓取日期", title_en="an article dated after the day it was fetched",
      clause="规范 第十六条(二)", severity="warn", standard="county")
def future_date(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：文章页显示的发布日期晚于检查抓取该页面的日期。
    依据：规范 第十六条(二)：文章内容页须明确显示信息发布日期；未来的日期不是真实的发布日期。
    整改：在内容管理系统中把发布日期改为实际发布的日期，并检查发稿模板是否允许手工填写日期。
    """
    fetched = max(data.fetched_on, data.as_of) if data.fetched_on else data.as_of
    for p in data.pages:
        if p.kind == "article" and p.published is not None and p.published > fetched:
            # The fetch day stays out of the text: the finding is the same whichever day finds it.
            yield ctx.finding(p.url, f"文章发布日期 {p.published} 晚于页面被抓取的日期",
                              f"发布日期：{p.published}（检查日期：{data.as_of}）；标题：{p.title or '—'}",
                              column=p.column_name or "", column_url=p.column_url or "")


@rule("article.backdated", title="伪造发稿日期（新增信息的日期早于上次检查）",
      title_en="an item first listed after the previous complete scan but dated before it",
      clause="国办秘函〔2019〕19号 单项否决（弄虚作假）", severity="veto", standard="national",
      reads=("security.backdate_tolerance_days",))
def backdated(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：本次检查首次出现的列表信息，所在栏目的列表在上一次完整检查中已全部读取，但其发布日期早于上一次检查的日期（容差见 profile）。
    依据：国办秘函〔2019〕19号 单项否决“弄虚作假”：伪造发稿日期（事后补发信息并把日期提前，以规避栏目不更新）。
    整改：按实际发布日期发布信息；补发的历史信息应如实标注发布日期，并说明补发原因。
    """
    prev = data.previous()
    if prev is None or prev.crawl_cuts:
        return      # without a whole list read last time, a "new" item may only be newly reached
    limit = prev.as_of - timedelta(days=int(ctx.get("security.backdate_tolerance_days")))
    seen: set[str] = set()
    for item in data.list_items:
        if item.url in seen or item.url in prev.items or item.url in prev.pages:
            continue
        seen.add(item.url)
        if item.column_url not in prev.list_columns:
            continue
        info = data.page(item.url)
        day = item.date or (info.published if info else None)
        if day is None or day >= limit or not data.in_scope(day):
            continue
        yield ctx.finding(
            item.url, f"新增信息的发布日期 {day} 早于上次检查日期 {prev.as_of}",
            f"上次完整检查（第 {prev.scan_id} 次，{prev.as_of}）已读取该栏目的全部列表，当时没有此条；"
            f"列表：{item.column_url}；标题：{item.title}；标注日期：{item.date_text or day}",
            column=(info.column_name or "") if info else "",
            column_url=(info.column_url or item.column_url) if info else item.column_url)
