"""Identity of the site: header and footer (规范 第十六条(一)2 and 4; 国办发〔2017〕47号).

The home page is checked against the county standard and the national guideline; every other
page against the national list (inspectors check the footer on every page).  One finding per
page: the scorecards group them per column and per template.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from govsite.checks.registry import RuleContext, rule
from govsite.lang import tr
from govsite.models import Finding, ParsedPage
from govsite.scan.view import ScanView
from govsite.urls import is_home

_CODE = re.compile(r"^(?:\d{10}|bm\d{8})$", re.IGNORECASE)


def _site_pages(data: ScanView) -> Iterator[ParsedPage]:
    """Every stored page of the site that a visitor sees with its chrome (not challenges)."""
    yield from data.parsed_pages(("home", "column", "article", "other"))


def _per_page_rule(ctx: RuleContext, data: ScanView, missing: Callable[[ParsedPage], str | None],
                   message: str) -> Iterator[Finding]:
    """A rule of both standards judges the home page against both (the county standard speaks of
    the home page) and every other page against the national list (inspectors check every page);
    a rule of one standard keeps it everywhere."""
    both = ctx.rule.standard == "both"
    for parsed in _site_pages(data):
        why = missing(parsed)
        if why is None:
            continue
        if is_home(parsed.url, data.start_url):
            yield ctx.finding(parsed.url, f"首页{message}", why, standard=ctx.rule.standard)
            continue
        info = data.page(parsed.url)
        yield ctx.finding(parsed.url, message, why, standard="national" if both else ctx.rule.standard,
                          column=(info.column_name or "") if info else "",
                          column_url=(info.column_url or "") if info else "")


@rule("footer.identifier_missing", title="底部缺少网站标识码", title_en="no 党政机关网站标识码 in the footer, or not 10 characters",
      clause="规范 第十六条(一)4; 国办发〔2017〕47号", severity="deduct", standard="both")
def identifier_missing(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：页面底部没有党政机关网站标识码，或标识码不是 10 位。
    依据：规范 第十六条(一)4；《政府网站发展指引》（国办发〔2017〕47号）。
    整改：由网站运维单位在公共底部模板加入本站网站标识码，并在 <meta name="SiteIDCode"> 中填写。
    """
    def missing(p: ParsedPage) -> str | None:
        code = p.footer.identifier_code
        if not code:
            return tr("页面底部没有网站标识码", "no 网站标识码 in the footer")
        if not _CODE.match(code):
            return tr(f"网站标识码«{code}»不是10位（10位数字或bm加8位数字）",
                      f"网站标识码 «{code}» is not 10 characters (\\d{{10}} or bm\\d{{8}})")
        return None
    yield from _per_page_rule(ctx, data, missing, "底部缺少党政机关网站标识码")


@rule("footer.sponsor_missing", title="底部缺少主办单位", title_en="no 主办单位 in the footer", clause="规范 第十六条(一)4",
      severity="deduct", standard="both")
def sponsor_missing(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：页面底部没有主办单位。
    依据：规范 第十六条(一)4。
    整改：由网站运维单位在公共底部模板加入“主办单位：……”。
    """
    yield from _per_page_rule(ctx, data,
                              lambda p: None if p.footer.sponsor else tr("页面底部没有主办单位", "no 主办单位 in the footer"),
                              "底部缺少主办单位")


@rule("footer.jiucuo_missing", title="缺少“我为政府网站找错”入口", title_en="no 我为政府网站找错 entry", clause="规范 第十六条(一)4",
      severity="deduct", standard="both")
def jiucuo_missing(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：页面底部没有“我为政府网站找错”入口。
    依据：规范 第十六条(一)4。
    整改：在公共底部模板加入全国政府网站找错平台的入口链接（带本站标识码）。
    """
    yield from _per_page_rule(ctx, data,
                              lambda p: None if p.footer.jiucuo else tr("页面底部没有“我为政府网站找错”入口",
                                                                         "no 我为政府网站找错 entry"),
                              "底部缺少“我为政府网站找错”入口")


@rule("footer.jiucuo_mismatch", title="“找错”入口网站标识码不一致", title_en="the 找错 link carries another site code than the site's",
      clause="国办发〔2017〕47号", severity="deduct", standard="national",
      reads=("site.identifier_code",))
def jiucuo_mismatch(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：“我为政府网站找错”链接中的 site_code 与本站网站标识码不一致。
    依据：《政府网站发展指引》（国办发〔2017〕47号）。
    整改：把找错链接的 site_code 改为本站网站标识码。
    """
    expected = str(ctx.get("site.identifier_code") or "")

    def mismatch(p: ParsedPage) -> str | None:
        code = p.footer.jiucuo_site_code
        if not p.footer.jiucuo or not code:
            return None
        others = {("底部网站标识码", "footer 网站标识码"): p.footer.identifier_code,
                  ("<meta SiteIDCode>", "<meta SiteIDCode>"): p.meta.get("siteidcode"),
                  ("配置文件中的标识码", "profile"): expected}
        wrong = [(f"{zh} {value}", f"{en} {value}") for (zh, en), value in others.items()
                 if value and value != code]
        if not wrong:
            return None
        return tr(f"找错入口 site_code={code}，与" + "、".join(w[0] for w in wrong) + "不一致",
                  f"找错 site_code={code} differs from " + ", ".join(w[1] for w in wrong))
    yield from _per_page_rule(ctx, data, mismatch, "“找错”入口的网站标识码与本站不一致")


def _simple(rule_id: str, field: str, label: str, zh: str):
    def check(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
        yield from _per_page_rule(ctx, data,
                                  lambda p: None if getattr(p.footer, field) else tr(f"页面底部没有{zh}",
                                                                                    f"no {label} in the footer"),
                                  f"底部缺少{zh}")
    check.__doc__ = (f"检查：页面底部没有{zh}。\n依据：规范 第十六条(一)4（根据实际情况）；检查时逐页查看。\n"
                     f"整改：由网站运维单位在公共底部模板加入{zh}。")
    check.__name__ = rule_id.replace(".", "_")
    return rule(rule_id, title=f"底部缺少{zh}", title_en=f"no {label} in the footer",
                clause="规范 第十六条(一)4 (根据实际情况)", severity="warn", standard="both")(check)


icp_missing = _simple("footer.icp_missing", "icp", "ICP备案号", "ICP备案号")
police_missing = _simple("footer.police_missing", "police", "公安机关备案号", "公安机关备案号")
conac_missing = _simple("footer.conac_missing", "conac", "党政机关 badge", "党政机关标识")
contact_missing = _simple("footer.contact_missing", "contact", "contact details", "联系方式")


@rule("header.name_missing", title="页头缺少网站名称", title_en="no site name / logo in the header", clause="规范 第十六条(一)2",
      severity="warn", standard="county")
def name_missing(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：页面头部没有网站名称或标志。
    依据：规范 第十六条(一)2：头部须明确显示网站标识、网站名称。
    整改：由网站运维单位在公共头部模板加入网站名称和标志。
    """
    def missing(p: ParsedPage) -> str | None:
        if p.site_name or p.has_logo:
            return None
        return tr("页面头部既没有网站名称也没有标志", "no site name and no logo in the header")
    yield from _per_page_rule(ctx, data, missing, "头部缺少网站名称或标识")
