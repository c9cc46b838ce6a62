"""footer.* and header.name_missing (规范 第十六条(一)2 and 4; 国办发〔2017〕47号) on hand-made pages.

Planted: each footer field missing on the home page and on one article, a 找错 link carrying another
site code, a header with neither name nor logo.  Traps: a full footer, a WAF challenge page (it
has no footer, and is not the site's page to judge), a 标识码 of the bm+8 digits form, a logo
image without any text, a site name without a logo image."""
from __future__ import annotations

from datetime import date

import pytest
from sample_scandata import scandata_from_html

from govsite.checks import identity
from govsite.profile import load_profile

BASE = "http://www.example.gov.cn/"
COL = BASE + "xwzx/gzdt/"
AS_OF = date(2026, 11, 27)
CODE = "5203270001"          # the bundled profile's site.identifier_code
FOOTER_RULES = {
    "footer.identifier_missing": identity.identifier_missing,
    "footer.sponsor_missing": identity.sponsor_missing,
    "footer.jiucuo_missing": identity.jiucuo_missing,
    "footer.jiucuo_mismatch": identity.jiucuo_mismatch,
    "footer.icp_missing": identity.icp_missing,
    "footer.police_missing": identity.police_missing,
    "footer.conac_missing": identity.conac_missing,
    "footer.contact_missing": identity.contact_missing,
}
ALL_RULES = {**FOOTER_RULES, "header.name_missing": identity.name_missing}
LOGO = '<div class="logo-area"><a href="/"><img class="logo" src="/images/logo.png" alt="凤冈县人民政府网"></a></div>'
CHALLENGE = ("<html><head><meta charset='utf-8'></head><body><script>document.cookie='__jsl_clearance=1563"
             "|0|abc;max-age=3600;path=/';location.href=location.pathname+location.search</script></body></html>")


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def footer(*, drop: str = "", code: str = CODE, jiucuo_code: str = CODE) -> str:
    """The footer of a county portal, without the field named by `drop`."""
    parts = {
        "sponsor": "<p>主办单位：凤冈县人民政府办公室　承办单位：凤冈县大数据发展中心</p>",
        "contact": "<p>联系电话：0851-25221106　地址：贵州省遵义市凤冈县龙泉镇</p>",
        "identifier": f"<p>网站标识码：{code}</p>",
        "icp": '<p><a href="https://beian.miit.gov.cn/">黔ICP备05003238号</a></p>',
        "police": '<p><a href="http://www.beian.gov.cn/"><img src="/images/gaba.png" alt="公安备案">'
                  "黔公网安备 52032702000101号</a></p>",
        "conac": '<p><a href="https://bszs.conac.cn/sitename?method=show&amp;id=1"><img src="/images/red.png" '
                 'alt="党政机关"></a></p>',
        "jiucuo": f'<p><a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={jiucuo_code}">'
                  '<img src="/images/jiucuo.png" alt="找错"></a></p>',
    }
    return '<div class="footer">' + "".join(v for k, v in parts.items() if k != drop) + "</div>"


def page(title: str, footer_html: str, header: str = LOGO, body: str = "") -> str:
    body = body or (f'<h1 class="title">{title}</h1><div class="info"><span>发布时间：2026-11-20 09:00</span>'
                    '<span>来源：县政府办</span></div><div class="TRS_Editor"><p>凤冈县召开冬季森林防火工作会议，'
                    "部署全县森林防火工作。</p></div>")
    return (f'<html><head><title>{title}</title><meta name="ColumnName" content="工作动态"></head><body>'
            f'<div class="header">{header}</div>{body}{footer_html}</body></html>')


def site(home_footer: str, articles: dict[str, tuple[str, str]], extra: dict[str, str] | None = None):
    """The home page, the 工作动态 column listing `articles` (slug -> (footer, header)), and `extra`."""
    rows = "".join(f'<li><a href="{COL}{slug}.html">动态{slug}</a><span>2026-11-20</span></li>' for slug in articles)
    pages = {BASE: page("凤冈县人民政府网", home_footer, body="<p>首页</p>"),
             COL: page("工作动态", footer(), body=f'<ul class="list">{rows}</ul>')}
    for slug, (foot, header) in articles.items():
        pages[f"{COL}{slug}.html"] = page(f"动态{slug}", foot, header)
    pages.update(extra or {})
    return scandata_from_html(pages, AS_OF, BASE)


def test_a_full_chrome_and_a_challenge_page_give_nothing(profile):
    scan = site(footer(), {"a": (footer(), LOGO)}, {BASE + "waf/index.html": CHALLENGE})
    assert scan.page(BASE + "waf/index.html").kind == "challenge"
    for rule_id, func in ALL_RULES.items():
        assert list(func(scan, profile)) == [], rule_id


@pytest.mark.parametrize("rule_id, field, severity", [
    ("footer.identifier_missing", "identifier", "deduct"), ("footer.sponsor_missing", "sponsor", "deduct"),
    ("footer.jiucuo_missing", "jiucuo", "deduct"), ("footer.icp_missing", "icp", "warn"),
    ("footer.police_missing", "police", "warn"), ("footer.conac_missing", "conac", "warn"),
    ("footer.contact_missing", "contact", "warn")])
def test_a_missing_field_on_the_home_page_and_on_an_article(profile, rule_id, field, severity):
    scan = site(footer(drop=field), {"bad": (footer(drop=field), LOGO), "good": (footer(), LOGO)},
                {BASE + "waf/index.html": CHALLENGE})
    found = sorted(FOOTER_RULES[rule_id](scan, profile), key=lambda f: f.url)
    assert [(f.rule_id, f.url) for f in found] == [(rule_id, BASE), (rule_id, COL + "bad.html")]
    home, article = found
    # The home page against both standards, every other page against the national list.
    assert (home.standard, home.severity) == ("both", severity) and home.message.startswith("首页")
    assert (article.standard, article.severity) == ("national", severity)
    assert (article.column, article.column_url) == ("工作动态", COL)
    assert not article.message.startswith("首页")


def test_a_bm_identifier_code_is_ten_characters(profile):
    scan = site(footer(code="bm52030001", jiucuo_code="bm52030001"), {})
    assert scan.parsed(BASE).footer.identifier_code == "bm52030001"
    assert list(identity.identifier_missing(scan, profile)) == []


def test_a_jiucuo_link_with_another_site_code(profile):
    wrong = footer(jiucuo_code="5203270099")
    scan = site(wrong, {"bad": (wrong, LOGO), "good": (footer(), LOGO)})
    found = sorted(identity.jiucuo_mismatch(scan, profile), key=lambda f: f.url)
    assert [(f.url, f.standard, f.severity) for f in found] == [
        (BASE, "national", "deduct"), (COL + "bad.html", "national", "deduct")]
    assert "site_code=5203270099" in found[1].evidence and f"配置文件中的标识码 {CODE}" in found[1].evidence
    # The entry is there, only its code is wrong: not a missing entry.
    assert list(identity.jiucuo_missing(scan, profile)) == []


def test_no_jiucuo_entry_is_missing_not_mismatched(profile):
    scan = site(footer(), {"bad": (footer(drop="jiucuo"), LOGO)})
    assert [f.url for f in identity.jiucuo_missing(scan, profile)] == [COL + "bad.html"]
    assert list(identity.jiucuo_mismatch(scan, profile)) == []


def test_header_without_name_or_logo(profile):
    name_only = '<div class="site-name">凤冈县人民政府网</div>'
    logo_without_text = '<div class="logo"><img src="/images/top.png"></div>'
    scan = site(footer(), {"none": (footer(), '<div class="top-bar"><a href="/wzdt/">网站地图</a></div>'),
                           "name": (footer(), name_only), "logo": (footer(), logo_without_text)})
    found = list(identity.name_missing(scan, profile))
    assert [(f.rule_id, f.url, f.standard, f.severity) for f in found] == [
        ("header.name_missing", COL + "none.html", "county", "warn")]


# The per-page helper stamps "both" on the home page and "national" on every other page for the
# footer rules that hold in both standards; a rule of one standard keeps it everywhere (RULES.md:
# header.name_missing is 规范 第十六条(一)2 with no national indicator, footer.jiucuo_mismatch is
# 47号 with no county clause).
def test_a_header_finding_stays_under_the_county_standard(profile):
    bare = '<div class="top-bar"><a href="/wzdt/">网站地图</a></div>'
    scan = site(footer(), {"none": (footer(), bare)})
    scan_home = scandata_from_html({BASE: page("凤冈县人民政府网", footer(), bare, "<p>首页</p>")}, AS_OF, BASE)
    found = [*identity.name_missing(scan, profile), *identity.name_missing(scan_home, profile)]
    assert len(found) == 2 and {f.standard for f in found} == {"county"}


def test_a_jiucuo_mismatch_on_the_home_page_stays_national(profile):
    scan = site(footer(jiucuo_code="5203270099"), {})
    (f,) = identity.jiucuo_mismatch(scan, profile)
    assert f.standard == "national"
