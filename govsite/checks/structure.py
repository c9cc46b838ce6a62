"""Structure of the site: required columns and site search (规范 第十八条(二), 第十九条, 第二十条,
第二十二条, 第二十四条(一))."""
from __future__ import annotations

from collections.abc import Iterator

from govsite.checks.registry import RuleContext, rule
from govsite.lang import tr
from govsite.models import Finding
from govsite.scan.view import ScanView


def present_column_names(data: ScanView) -> set[str]:
    """Names of the columns a visitor can reach from the home page: every crawled page's column
    (breadcrumb or ColumnName) and every column page's title; a crawl only reaches what is
    linked from the home page, directly or not."""
    names: set[str] = set()
    for p in data.pages:
        if p.column_name:
            names.add(p.column_name.strip())
        if p.kind == "column" and p.title:
            names.add(p.title.strip())
    return names


def _matches(required: str, synonyms: list[str], names: set[str]) -> str | None:
    for candidate in [required, *synonyms]:
        for name in names:
            if candidate in name:
                return name
    return None


@rule("column.missing", title="缺少必设栏目", title_en="a required column is absent",
      clause="规范 第十八条(二), 第十九条, 第二十条, 第二十二条", severity="warn", standard="county",
      reads=("required_columns",))
def missing_columns(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：规范要求的栏目（含同义名称）从首页无法到达。
    依据：规范 第十八条(二)、第十九条、第二十条、第二十二条。
    整改：开设缺少的栏目，或在首页导航中加入已有栏目的入口。
    """
    names = present_column_names(data)
    for required, synonyms in (ctx.get("required_columns") or {}).items():
        if _matches(required, list(synonyms or []), names) is None:
            yield ctx.finding(data.start_url, f"缺少必设栏目「{required}」",
                          tr(f"从首页无法到达名为「{required}」"
                             + (f"或{'、'.join(synonyms)}" if synonyms else "") + "的栏目",
                             f"no reachable column named {required}"
                             + (f" or {', '.join(synonyms)}" if synonyms else "")),
                          column=required)


@rule("site.search_missing", title="缺少站内搜索", title_en="no site search", clause="规范 第二十四条(一)", severity="deduct",
      standard="both")
def search_missing(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：首页没有站内搜索。
    依据：规范 第二十四条(一)：政府网站应提供搜索功能。
    整改：在公共头部模板加入站内搜索框并确保可用。
    """
    home = data.home()
    parsed = data.parsed(home.url) if home else None
    if parsed is not None and not parsed.has_search:
        yield ctx.finding(home.url, "首页没有站内搜索",
                      tr("首页没有搜索框或搜索入口", "no search form or search link found on the home page"))
