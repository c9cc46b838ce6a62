"""Freshness of columns and of the home page (规范 第二十三条; 国办秘函〔2019〕19号 单项否决)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from govsite.checks.columns import REGISTER_READS, build_register, category_name
from govsite.checks.registry import RuleContext, rule
from govsite.lang import tr
from govsite.models import Finding
from govsite.profile import Profile
from govsite.scan.view import ScanView


def column_register(data: ScanView, profile: Profile):
    """The column register, computed once per ScanView (several rules and outputs read it)."""
    return data.memo("register", lambda: build_register(data, profile))


@rule("column.stale", title="栏目更新不及时", title_en="the newest item of a column is older than its category allows",
      clause="规范 第二十三条(一)(二)(三)(五); 国办秘函〔2019〕19号", severity="deduct", standard="both",
      reads=REGISTER_READS)
def stale_columns(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：栏目最新一条信息的日期超过该类栏目的更新周期（动态要闻 1 周；通知公告、政策文件 6 个月；人事、规划计划 6 个月；工作计划/总结按年度）。
    依据：规范 第二十三条；国办秘函〔2019〕19号（动态、通知公告、政策文件类栏目超期 5 个以上，或任意栏目超期 10 个以上，单项否决）。
    整改：栏目内容保障单位及时发布新信息；确无信息可发的栏目应与电子政务中心商议合并或撤销。
    """
    for col in column_register(data, ctx):
        if not (col.stale_county or col.stale_national):
            continue
        standard = "both" if col.stale_county and col.stale_national else (
            "county" if col.stale_county else "national")
        limits, limits_en = [], []
        if col.stale_county:
            limits.append(f"县级规范时限{col.limit_county_days}天")
            limits_en.append(f"county limit {col.limit_county_days} days")
        if col.stale_national:
            limits.append(f"国家指标时限{col.limit_national_days}天")
            limits_en.append(f"national limit {col.limit_national_days} days")
        yield ctx.finding(
            col.url,
            f"{category_name(col.category, ctx)}类栏目「{col.name}」{col.age_days}天未更新",
            tr(f"最新信息 {col.newest_date}（{col.newest_url}），距 {data.as_of} 已{col.age_days}天；"
               f"超过" + "和".join(limits),
               f"newest item {col.newest_date} ({col.newest_url}), {col.age_days} days before "
               f"{data.as_of}; over the " + " and the ".join(limits_en)),
            standard=standard, severity="deduct" if col.stale_national else "warn",
            column=col.name, column_url=col.url, unit=col.unit)


@rule("column.empty", title="空白栏目", title_en="a column that exists but has no item (空白栏目), incl. 暂无信息",
      clause="国办秘函〔2019〕19号 空白栏目（5个以上单项否决）", severity="deduct", standard="national",
      reads=REGISTER_READS)
def empty_columns(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：栏目存在但没有任何信息，或只显示“暂无信息”（由脚本或数据源生成的列表不算空白）。
    依据：国办秘函〔2019〕19号：空白栏目 5 个以上单项否决。
    整改：补充栏目内容；无内容可发的栏目应撤销或合并。
    """
    for col in column_register(data, ctx):
        if col.empty and not col.scripted:
            why = (tr(f"页面显示«{col.placeholder}»", f"the page says «{col.placeholder}»") if col.placeholder
                   else tr("列表中没有任何信息", "no item in the list"))
            yield ctx.finding(col.url, f"空白栏目「{col.name}」", why,
                          column=col.name, column_url=col.url, unit=col.unit)


@rule("home.stale", title="首页长期未更新", title_en="no new item on the home page within 2 weeks",
      clause="国办秘函〔2019〕19号 首页 2 周未更新（单项否决）", severity="veto", standard="national",
      reads=("thresholds.home_stale_days",))
def home_stale(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：首页最新一条有日期的信息超过 2 周未更新；首页仅为导航、没有带日期的信息时，检查首页链接的二级页面中最新的信息。
    依据：国办秘函〔2019〕19号：首页 2 周未更新单项否决（首页仅为网站导航页的，检查二级页面）。
    整改：及时在首页发布新信息，检查首页信息列表是否正常调用栏目数据。
    """
    limit = int(ctx.get("thresholds.home_stale_days"))
    home = data.home()
    if home is None:
        return
    parsed = data.parsed(home.url)
    dates = [i.date for i in (parsed.items if parsed else []) if i.date and i.date <= data.as_of]
    if not dates:
        # 首页仅为导航页 (2019 indicator): its second-level pages are judged instead
        yield from _second_level_stale(data, ctx, home.url, parsed.links if parsed else [], limit)
        return
    newest = max(dates)
    age = (data.as_of - newest).days
    if age > limit:
        yield ctx.finding(home.url, f"首页{age}天未更新",
                      tr(f"首页最新带日期信息 {newest}，距 {data.as_of} 已{age}天（限{limit}天）",
                         f"newest dated item on the home page: {newest}, {age} days before {data.as_of} "
                         f"(limit {limit} days)"))


def _second_level_stale(data: ScanView, ctx: RuleContext, home_url: str, links, limit: int
                        ) -> Iterator[Finding]:
    """A home page of navigation only: the newest dated item of the pages it links to (same
    site, stored, with a dated list) must be within `limit` days."""
    newest: tuple[date, str] | None = None
    judged = 0
    seen = {home_url}
    for link in links:
        if link.category != "page" or link.url in seen or data.page(link.url) is None:
            continue
        seen.add(link.url)
        page = data.parsed(link.url)
        if page is None or page.kind == "article":
            continue
        dates = [i.date for i in page.items if i.date and i.date <= data.as_of]
        if not dates:
            continue
        judged += 1
        if newest is None or max(dates) > newest[0]:
            newest = (max(dates), link.url)
    if newest is None:
        yield ctx.finding(home_url, "首页没有带日期的更新信息",
                          tr("首页及其链接的二级页面均未见带日期的信息",
                             "no dated item on the home page nor on the second-level pages it links to"))
        return
    age = (data.as_of - newest[0]).days
    if age > limit:
        yield ctx.finding(home_url, f"首页为导航页，二级页面{age}天未更新",
                          tr(f"首页没有带日期的信息；其链接的{judged}个二级页面中最新一条信息为{newest[0]}"
                             f"（{newest[1]}），距{data.as_of}已{age}天（上限{limit}天）",
                             f"no dated item on the home page; the newest of the {judged} second-level pages "
                             f"it links to is {newest[0]} ({newest[1]}), {age} days before {data.as_of} "
                             f"(limit {limit} days)"))
