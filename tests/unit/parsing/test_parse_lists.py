"""Column lists from small hand-made HTML: layouts, pagers, datastore, placeholders."""
from datetime import date

from govsite.parsing import parse_page
from govsite.parsing.lists import extract_items, pagination_from_script
from govsite.parsing.tree import parse_html

AS_OF = date(2026, 11, 20)
URL = "http://www.gzfg.gov.cn/zwgk/tzgg/index.html"


def items(html, as_of=AS_OF):
    return [(i.title, i.url, i.date) for i in extract_items(parse_html(html), URL, as_of)]


def test_ul_li_with_span_date_and_menu_skipped():
    html = """<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul>
    <ul class="list">
      <li><a href="./202611/t20261118_1.html" title="关于做好冬季安全生产工作的通知">关于做好冬季安全…</a>
          <span>2026-11-18</span></li>
      <li><a href="./202611/t20261102_2.html">凤冈县2026年第三季度财政收支情况</a><span>[11-02]</span></li>
    </ul>"""
    assert items(html) == [
        ("关于做好冬季安全生产工作的通知", "http://www.gzfg.gov.cn/zwgk/tzgg/202611/t20261118_1.html",
         date(2026, 11, 18)),
        ("凤冈县2026年第三季度财政收支情况", "http://www.gzfg.gov.cn/zwgk/tzgg/202611/t20261102_2.html",
         date(2026, 11, 2)),
    ]


def test_table_rows():
    html = """<table><tr><th>标题</th><th>发布日期</th></tr>
      <tr><td><a href="/a.html">县政府常务会议纪要</a></td><td>凤冈县政府办</td><td>2026年11月03日</td></tr>
      <tr><td><a href="/b.pdf">招聘公告</a></td><td>2026/10/30</td></tr></table>"""
    assert items(html) == [("县政府常务会议纪要", "http://www.gzfg.gov.cn/a.html", date(2026, 11, 3)),
                           ("招聘公告", "http://www.gzfg.gov.cn/b.pdf", date(2026, 10, 30))]


def test_dl_layout_and_date_in_link_text():
    html = """<dl><dt><a href="/c.html">乡镇动态一则</a></dt><dd>2026-11-01</dd></dl>
    <div class="row"><a href="/d.html">部门动态二则 2026-10-01</a></div>"""
    assert items(html) == [("乡镇动态一则", "http://www.gzfg.gov.cn/c.html", date(2026, 11, 1)),
                           ("部门动态二则", "http://www.gzfg.gov.cn/d.html", date(2026, 10, 1))]


def test_yearless_dates_across_new_year():
    html = """<ul><li><a href="/e.html">新年致辞</a><span>01-02</span></li>
              <li><a href="/f.html">年终总结</a><span>[12-28]</span></li></ul>"""
    assert [d for _, _, d in items(html, date(2027, 1, 5))] == [date(2027, 1, 2), date(2026, 12, 28)]


def test_create_page_html_calls():
    assert pagination_from_script('createPageHTML(3, 0, "index", "html");', URL) == [
        "http://www.gzfg.gov.cn/zwgk/tzgg/index_1.html",
        "http://www.gzfg.gov.cn/zwgk/tzgg/index_2.html"]
    script = 'var countPage = 4; var currentPage = 2;\ncreatePageHTML(countPage, currentPage, "index", "shtml");'
    assert pagination_from_script(script, URL.replace("index.html", "index_2.shtml")) == [
        "http://www.gzfg.gov.cn/zwgk/tzgg/index.shtml",
        "http://www.gzfg.gov.cn/zwgk/tzgg/index_1.shtml",
        "http://www.gzfg.gov.cn/zwgk/tzgg/index_3.shtml"]
    # a variant with a div id first and extra arguments
    assert len(pagination_from_script("createPageHTML('page_div',5, 0,'index','html',96);", URL)) == 4
    # the function definition is not a call
    assert pagination_from_script(
        "function createPageHTML(_nPageCount,_nCurrIndex,_sPageName,_sPageExt){}", URL) == []


def test_page_with_pager_script_is_a_column():
    html = """<html><head><title>通知公告_凤冈县人民政府</title></head><body>
    <ul><li><a href="./t20261118_1.html">关于停水的通知</a><span>2026-11-18</span></li></ul>
    <script>createPageHTML(2, 0, "index", "html");</script></body></html>"""
    page = parse_page(URL, html, AS_OF)
    assert page.kind == "column"
    assert page.pagination == ["http://www.gzfg.gov.cn/zwgk/tzgg/index_1.html"]
    assert page.title == "通知公告"
    assert page.items[0].date == date(2026, 11, 18)


def test_hanweb_datastore():
    html = """<html><body><div id="1234"><script type="text/xml"><datastore>
    <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1"></a>]]></nextgroup>
    <recordset>
    <record><![CDATA[<li><a href="/art/2026/11/19/art_1_1.html" title="工作动态一">工作动态一</a><span>2026-11-19</span></li>]]></record>
    <record><![CDATA[<li><a href="/art/2026/11/10/art_1_2.html">工作动态二</a><span>2026-11-10</span></li>]]></record>
    </recordset></datastore></script></div></body></html>"""
    page = parse_page("http://www.gzfg.gov.cn/col/col123/index.html", html, AS_OF)
    assert page.scripted_list and page.kind == "column"
    assert [(i.title, i.url, i.date) for i in page.items] == [
        ("工作动态一", "http://www.gzfg.gov.cn/art/2026/11/19/art_1_1.html", date(2026, 11, 19)),
        ("工作动态二", "http://www.gzfg.gov.cn/art/2026/11/10/art_1_2.html", date(2026, 11, 10))]
    assert "http://www.gzfg.gov.cn/art/2026/11/10/art_1_2.html" in {link.url for link in page.links}


def test_placeholders():
    for word in ("暂无信息", "暂无数据", "暂无内容", "没有记录"):
        html = f"<html><body><div class='list'><p>{word}</p></div></body></html>"
        page = parse_page(URL, html, AS_OF)
        assert page.placeholder == word and page.kind == "column"
    page = parse_page(URL, "<html><body><p>通知公告</p><script>var s='暂无信息';</script></body></html>",
                      AS_OF)
    assert page.placeholder is None


def test_soft404_and_home():
    page = parse_page("http://www.gzfg.gov.cn/x.html",
                      "<html><head><title>404</title></head><body>您访问的页面不存在</body></html>", AS_OF)
    assert page.soft404 and page.kind == "error"
    page = parse_page("http://www.gzfg.gov.cn/index.shtml",
                      "<html><body><form><input type=text name=q></form></body></html>", AS_OF)
    assert page.kind == "home" and page.has_search


def test_empty_list_container_is_an_empty_column():
    html = "<html><head><title>社会公益事业</title></head><body><ul class='list'>\n</ul></body></html>"
    page = parse_page(URL, html, AS_OF)
    assert page.kind == "column" and page.items == [] and page.placeholder is None
    single = "<html><head><title>联系我们</title></head><body><p>联系电话：0851-25221001</p></body></html>"
    assert parse_page(URL, single, AS_OF).kind == "other"
