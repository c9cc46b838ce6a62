"""The classes of error of issue 18 (pages from sites the parser had never seen), one test each.

The pages here are CONSTRUCTED, in the shape the issue describes for each class (the pages the
issue was measured on were not handed over); they are not real pages and are not in the real-page
set. Each would have been parsed wrongly before the change that added it (see the commit).
"""
from __future__ import annotations

import json
from datetime import date

from govsite.parsing import parse_page

AS_OF = date(2026, 11, 20)
_FOOT = ("<div class='footer'><p>主办单位：某某省生态环境厅 网站标识码：3600000012</p>"
         "<p>赣ICP备05004256号 <a href='http://www.beian.gov.cn/portal/registerSystemInfo"
         "?recordcode=36010202000123'>赣公安备案 36010202000123号</a></p></div>")


def _news(n: int, start: int = 1, cls: str = "list") -> str:
    rows = "".join(f"<li><a href='/xw/202405/t202405{d:02d}_{d}.html'>某某厅召开第{d}次工作会议"
                   f"部署重点任务</a><span>2024-05-{d:02d}</span></li>" for d in range(start, start + n))
    return f"<ul class='{cls}'>{rows}</ul>"


def test_home_page_with_a_dated_headline_block_is_home_not_article():
    # a bureau's home under a path of the provincial domain; the headline block carries 时间：
    html = ("<html><head><title>某某省生态环境厅</title><meta name='SiteName' content='某某省生态环境厅'>"
            "</head><body><div class='logo'><img src='/logo.png' alt='某某省生态环境厅'></div>"
            "<div class='headline'><h1><a href='/xw/t1.html'>省生态环境厅召开全省生态环境保护工作会议</a></h1>"
            "<p>时间：2024-05-20 会议总结了一年来的工作，部署了今年的重点任务，要求各地抓好落实。</p></div>"
            + _news(6) + _news(6, 10, "list2") + _FOOT + "</body></html>")
    why: list[str] = []
    page = parse_page("http://www.example.gov.cn/sthjt/index.shtml", html, AS_OF, why=why)
    assert page.kind == "home", why
    assert page.published is None
    assert len(page.items) == 13   # the headline (a dated link) and the two lists of six


def test_home_page_known_by_its_filepath_meta():
    # gov.cn's home page saved to disk: only <meta name="filepath" content="/index.htm"> says so
    html = ("<html><head><title>中国政府网_中央人民政府门户网站</title>"
            "<meta name='filepath' content='/index.htm'></head><body>"
            + _news(8) + "</body></html>")
    page = parse_page("file:///tmp/saved/govcn.html", html, AS_OF)
    assert page.kind == "home"


def _results(n: int) -> str:
    rows = []
    for d in range(1, n + 1):
        rows.append(
            f"<div class='result'><h3><a href='/art/2024/3/{d}/art_1_{d}.html'>关于政务公开第{d}项工作的通知"
            f"</a></h3><p>为进一步做好政务公开工作，现将有关事项通知如下：一是加强组织领导，二是完善制度，"
            f"三是强化监督检查，确保各项任务落到实处。</p><div class='info'>"
            f"<span>发布时间：2024-03-{d:02d}</span> <span>来源：办公室</span></div></div>")
    return "".join(rows)


def test_site_search_results_are_a_list_not_an_article():
    html = ("<html><head><title>搜索结果_某某市人民政府</title></head><body>"
            "<form action='/search/search.jsp'><input name='q' value='政务公开'></form>"
            "<div class='results'>" + _results(10) + "</div>" + _FOOT + "</body></html>")
    why: list[str] = []
    page = parse_page("http://www.example.gov.cn/search/search.jsp?q=%E6%94%BF%E5%8A%A1", html,
                      AS_OF, why=why)
    assert page.kind == "other", why   # a search answer is not a column of the site
    assert page.published is None
    assert len(page.items) == 10
    assert page.items[0].date == date(2024, 3, 1)
    assert page.items[0].title == "关于政务公开第1项工作的通知"


def test_list_only_in_json_inside_a_script_is_read():
    data = [{"title": f"某某局关于第{d}批行政许可事项的公告", "url": f"/gg/2024/{d}.html",
             "pubDate": f"2024-04-{d:02d}"} for d in range(1, 8)]
    html = ("<html><head><title>通知公告_某某局</title><meta name='ColumnName' content='通知公告'>"
            "</head><body><div id='list'></div><script>var listData = "
            + json.dumps(data, ensure_ascii=False) + "; render(listData);</script>"
            + _FOOT + "</body></html>")
    page = parse_page("http://www.example.gov.cn/tzgg/index.html", html, AS_OF)
    assert page.kind == "column"
    assert [i.date for i in page.items] == [date(2024, 4, d) for d in range(1, 8)]
    assert page.items[2].url == "http://www.example.gov.cn/gg/2024/3.html"
    assert page.scripted_list


def test_column_whose_list_is_loaded_later_is_a_column_with_the_meta_code():
    html = ("<html><head><title>政策文件_某某市人民政府</title><meta name='SiteIDCode' content='3601000001'>"
            "<meta name='ColumnName' content='政策文件'></head><body>"
            "<div class='crumb'><a href='/'>首页</a> &gt; <a href='/zcwj/'>政策文件</a></div>"
            "<div id='newsList'></div>"
            "<script>$.ajax({url: '/api/list', data: {columnId: 12, pageNo: 1}, success: draw});</script>"
            "<div id='footer'></div><script src='/js/footer.js'></script></body></html>")
    why: list[str] = []
    page = parse_page("http://www.example.gov.cn/zcwj/index.html", html, AS_OF, why=why)
    assert page.kind == "column", why
    assert page.column == "政策文件"
    # the footer is not in the HTML (loaded by a script): no code is shown in it, but the page
    # declares its code in the SiteIDCode meta, and `govsite page` reports it
    assert page.footer.identifier_code is None
    assert page.to_json()["site_code"] == "3601000001"


def test_single_page_at_an_index_url_stays_other():
    # 联系我们 at …/lxwm/index.html: a ColumnName meta and a breadcrumb, but no list and no loader
    html = ("<html><head><title>联系我们</title><meta name='ColumnName' content='联系我们'></head><body>"
            "<div class='crumb'><a href='/'>首页</a> &gt; 联系我们</div><p>地址：某某路1号</p>"
            + _FOOT + "</body></html>")
    assert parse_page("http://www.example.gov.cn/lxwm/index.html", html, AS_OF).kind == "other"


def test_visible_footer_without_code_does_not_take_the_meta_code():
    html = ("<html><head><title>x</title><meta name='SiteIDCode' content='3601000001'></head><body>"
            "<p>正文</p><div class='footer'>主办单位：某某市人民政府办公室 赣ICP备05004256号</div>"
            "</body></html>")
    assert parse_page("http://www.example.gov.cn/a.html", html, AS_OF).footer.identifier_code is None


def test_breadcrumb_from_the_trail_shape_without_a_label():
    html = ("<html><head><title>工作动态_某某县人民政府</title></head><body>"
            "<div class='wz'><a href='/'>网站首页</a> &gt;&gt; <a href='/zwgk/'>政务公开</a>"
            " &gt;&gt; 工作动态</div>" + _news(4) + _FOOT + "</body></html>")
    page = parse_page("http://www.example.gov.cn/zwgk/gzdt/index.html", html, AS_OF)
    assert page.breadcrumb == ["网站首页", "政务公开", "工作动态"]
    assert page.column == "工作动态"


def test_breadcrumb_trail_in_plain_text():
    html = ("<html><head><title>x</title></head><body><p>首页 » 信息公开 » 法定主动公开内容</p>"
            + _news(3) + "</body></html>")
    page = parse_page("http://www.example.gov.cn/xxgk/index.html", html, AS_OF)
    assert page.breadcrumb == ["首页", "信息公开", "法定主动公开内容"]


def test_police_record_wording_variants():
    for text, police in [
        ("赣公安备案 36010202000123号", "赣公网安备36010202000123号"),
        ("京公网安备 11010202000001号", "京公网安备11010202000001号"),
        ("湘公网安备：43010302000524号", "湘公网安备43010302000524号"),
        ("公安机关备案号：43010302000524", "公网安备43010302000524号"),
        ("粤公安网备44030002017573号", "粤公网安备44030002017573号"),
        ("黔公网安备 52032702000101号", "黔公网安备52032702000101号"),   # 黔 and 贵 both name Guizhou
        ("贵公网安备：52260102556121号", "贵公网安备52260102556121号"),
        ("滇公网安备53010202000123号", "滇公网安备53010202000123号"),
    ]:
        html = f"<html><body><p>正文</p><div class='footer'>{text}</div></body></html>"
        page = parse_page("http://www.example.gov.cn/a.html", html, AS_OF)
        assert page.footer.police == police, text


def test_hidden_footer_is_not_shown_and_counts_for_nothing():
    # RULES.md terms: a footer hidden with display:none is not shown to visitors
    html = ("<html><body><p>正文</p><div class='footer' style='display:none'>"
            "主办单位：某某市人民政府办公室 网站标识码：3601000001 赣ICP备05004256号 "
            "赣公网安备36010202000123号 <a href='https://zfwzgl.www.gov.cn/exposure/jiucuo.html"
            "?site_code=3601000001'>我为政府网站找错</a></div></body></html>")
    f = parse_page("http://www.example.gov.cn/a.html", html, AS_OF).footer
    assert (f.sponsor, f.identifier_code, f.icp, f.police, f.jiucuo) == (None, None, None, None, False)


def test_own_jiucuo_page_is_not_the_national_entry():
    html = ("<html><body><p>正文</p><div class='footer'><a href='/wzjc/'>网站纠错</a> "
            "网站标识码：bm01000001</div></body></html>")
    assert parse_page("http://www.gov.cn/a.html", html, AS_OF).footer.jiucuo is False
