"""Article pages: 规范 第十六条(二) 文章内容页须明确显示标题、信息发布日期、信息来源、信息正文."""
from __future__ import annotations

from collections.abc import Iterator

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
