"""政府信息公开: directory entries published in time, and the annual reports (政务公开工作制度 第九条;
年度报告制度; 条例 第二十六条, 第四十九条)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from govsite.checks.registry import RuleContext, rule
from govsite.lang import tr
from govsite.models import Finding
from govsite.profile import Profile
from govsite.records.disclosure import AnnualReport, directory_entry, missing_headings, report_title
from govsite.records.markup import page_markup
from govsite.records.scan import (
    Member,
    cached,
    calendar_note,
    canon,
    column_names,
    columns_matching,
    list_pages,
    members,
    workdays,
)
from govsite.scan.view import ScanView


@rule("disclosure.late", title="公开目录信息发布不及时", title_en="a directory entry published more than 20 working days after its 成文日期",
      clause="政务公开工作制度 第九条; 条例 第二十六条", severity="deduct", standard="both",
      reads=("disclosure.directory_columns", "disclosure.late_workdays"))
def late(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：公开目录中的信息，其发布日期晚于成文日期超过规定的工作日（按法定节假日和调休计算）。
    依据：政务公开工作制度 第九条；《政府信息公开条例》第二十六条：自信息形成或变更之日起 20 个工作日内公开。
    整改：今后在成文后 20 个工作日内发布；已超期的信息在台账中说明原因。
    """
    limit = int(ctx.get("disclosure.late_workdays"))
    cols = columns_matching(data, ctx.get("disclosure.directory_columns") or [])
    for col_url, name in cols.items():
        rows = {}
        for page_url in list_pages(data, col_url):
            markup = page_markup(data, page_url)
            for row in (markup.rows if markup is not None else []):
                rows.setdefault(row.url, row)
        for m in members(data, {col_url: name}):
            markup = page_markup(data, m.url)
            fields = markup.fields if markup is not None else None
            row = rows.get(m.url)
            if fields is None and row is None:
                continue
            info = data.page(m.url)
            entry = directory_entry(m.url, m.title, fields or row.fields, row.fields if row else None,
                                    (info.published if info else None) or m.listed_date, data.as_of)
            if entry.written is None or entry.published is None:
                continue
            extra = dict(column=name, column_url=col_url, unit=entry.org or "")
            span = tr(f"成文日期 {entry.written}，发布日期 {entry.published}" + (
                f"，索引号 {entry.index_no}" if entry.index_no else ""),
                f"成文日期 {entry.written}, 发布日期 {entry.published}" + (
                f", 索引号 {entry.index_no}" if entry.index_no else ""))
            wd = workdays(entry.written, entry.published)
            if wd is None:
                if (entry.published - entry.written).days > limit:
                    yield ctx.finding(m.url, f"「{entry.title}」公开时限无法按工作日判断",
                                  tr(f"{span}；", f"{span}; ") + calendar_note(entry.written, entry.published),
                                  severity="warn", **extra)
            elif wd > limit:
                yield ctx.finding(m.url,
                              f"「{entry.title}」成文后{wd}个工作日才公开（限{limit}个工作日）",
                              tr(f"{span}：{wd}个工作日，时限{limit}个工作日",
                                 f"{span}: {wd} working days, limit {limit}"), **extra)


# --------------------------------------------------------------------------- annual reports

@dataclass(frozen=True)
class _Placed:
    report: AnnualReport
    column_url: str
    column: str


def _deadline(year: int, month_day: str) -> date:
    month, day = (int(x) for x in month_day.split("-"))
    return date(year + 1, month, day)


def annual_reports(data: ScanView, profile: Profile) -> list[_Placed]:
    """Every 政府信息公开工作年度报告 of the scan: in the report columns, or anywhere by its title."""
    def build() -> list[_Placed]:
        headings = profile.get("disclosure.annual_headings") or {}
        since = int(profile.get("disclosure.annual_headings_since"))
        cols = columns_matching(data, profile.get("disclosure.annual_columns") or [])
        found = {canon(m.url): m for m in members(data, cols)}
        listing = set(column_names(data))
        for p in data.pages:
            if canon(p.url) not in found and p.url not in listing and report_title(p.title or ""):
                found[canon(p.url)] = Member(p.url, p.title or "", p.published, p.column_url or "",
                                             p.column_name or "")
        out = []
        for m in found.values():
            info = data.page(m.url)
            title = (info.title if info and info.title else m.title) or ""
            parsed = report_title(title) or report_title(m.title)
            if parsed is None:
                continue
            unit, year = parsed
            markup = page_markup(data, m.url) if year >= since else None
            gaps = missing_headings(markup.text, headings) if markup is not None else ()
            published = (info.published if info else None) or m.listed_date
            out.append(_Placed(AnnualReport(m.url, title, unit, year, published, gaps), m.column_url, m.column))
        return out
    return cached(data, "annual_reports", build)


def _is_county(unit: str, county: str) -> bool:
    return unit in ("", county, county.replace("人民政府", ""), county.replace("人民", ""))


@rule("report.annual_missing", title="政府信息公开工作年度报告未按期发布", title_en="the previous year's 政府信息公开工作年度报告 is not published by its deadline",
      clause="年度报告制度 第四条; 条例 第四十九条", severity="deduct", standard="both",
      reads=("disclosure.annual_headings_since", "disclosure.annual_columns", "disclosure.county_unit", "disclosure.county_deadline",
             "disclosure.unit_deadline_county", "disclosure.unit_deadline_national",
             "disclosure.annual_headings"))
def annual_missing(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：上一年度政府信息公开工作年度报告未在期限内发布（县政府 3月31日；部门 2月28日，国家要求 1月31日）。
    依据：年度报告制度 第四条；《政府信息公开条例》第四十九条。
    整改：尽快在年度报告栏目发布上年度报告，并按规定格式编写。
    """
    county = ctx.get("disclosure.county_unit") or ""
    reports = annual_reports(data, ctx)
    years = [data.as_of.year - 1]
    if data.as_of <= _deadline(data.as_of.year - 1, ctx.get("disclosure.county_deadline")):
        years.append(data.as_of.year - 2)    # this year's deadlines still open: last year's must be there
    cols = columns_matching(data, ctx.get("disclosure.annual_columns") or [])
    default_col = (next(iter(cols), data.start_url), next(iter(cols.values()), ""))
    for year in years:
        expected: dict[str, _Placed | None] = {}
        for p in reports:
            key = "" if _is_county(p.report.unit, county) else p.report.unit
            if p.report.year < year:
                expected.setdefault(key, p)
        expected.setdefault("", None)
        present = {("" if _is_county(p.report.unit, county) else p.report.unit): p
                   for p in reports if p.report.year == year}
        for unit, earlier in sorted(expected.items()):
            yield from _judge(data, ctx, year, unit or county, unit == "", present.get(unit), earlier,
                              default_col)
    for p in reports:
        r = p.report
        if r.headings_missing:
            yield ctx.finding(r.url, f"「{r.title}」缺少标准章节：{'、'.join(r.headings_missing)}",
                          tr("报告正文中未找到以下章节标题：", "section headings not found in the report's text: ")
                          + "、".join(r.headings_missing),
                          severity="warn", standard="county", clause="年度报告制度 第五条",
                          column=p.column, column_url=p.column_url, unit=r.unit)


def _judge(data: ScanView, ctx: RuleContext, year: int, unit: str, is_county: bool,
           report: _Placed | None, earlier: _Placed | None, default_col) -> Iterator[Finding]:
    if is_county:
        due = [(_deadline(year, ctx.get("disclosure.county_deadline")), ("县级和国家", "county and national"),
                "年度报告制度 第四条(一); 条例 第四十九条")]
    else:
        due = [(_deadline(year, ctx.get("disclosure.unit_deadline_national")), ("国家", "national"),
                "条例 第四十九条"),
               (_deadline(year, ctx.get("disclosure.unit_deadline_county")), ("县级", "county"),
                "年度报告制度 第四条(一)")]
    published = report.report.published if report else None
    missed = [(d, who, clause) for d, who, clause in due
              if data.as_of > d and (published is None or published > d)]
    if not missed:
        return
    whos = {w[1] for _, w, _ in missed}
    standard = "both" if is_county or whos == {"national", "county"} else next(iter(whos))
    deadlines = tr("；".join(f"{who[0]}期限 {d}（{clause}）" for d, who, clause in due),
                   "; ".join(f"due {d} ({who[1]}, {clause})" for d, who, clause in due))
    clause = "; ".join(c for _, _, c in missed)
    if report is None:
        col_url, col = (earlier.column_url, earlier.column) if earlier and earlier.column_url else default_col
        last = tr(f"；其{earlier.report.year}年报告：{earlier.report.url}",
                  f"; its {earlier.report.year}年 report: {earlier.report.url}") if earlier else ""
        yield ctx.finding(col_url, f"{unit}{year}年政府信息公开工作年度报告未发布",
                      tr(f"截至 {data.as_of} 未找到{year}年报告；{deadlines}{last}",
                         f"no {year} report found as of {data.as_of}; {deadlines}{last}"),
                      standard=standard, clause=clause, column=col, column_url=col_url, unit=unit)
    else:
        r = report.report
        yield ctx.finding(r.url, f"{unit}{year}年政府信息公开工作年度报告逾期发布",
                      tr(f"{published} 发布；{deadlines}", f"published {published}; {deadlines}"),
                      standard=standard, clause=clause,
                      column=report.column, column_url=report.column_url, unit=unit)
