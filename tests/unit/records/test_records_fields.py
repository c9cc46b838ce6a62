"""Labelled fields and list rows (govsite.records.fields) on the shapes portals use."""
from datetime import date

from govsite.records.fields import dates_in, labelled_fields, list_rows, load_doc, norm_label

BASE = "http://www.example.gov.cn/hdjl/xzxx/index.html"


def _page(body: str) -> str:
    return (f'<html><head><title>t</title></head><body><div class="header"><p>网站名称：凤冈</p></div>'
            f'<div class="position">当前位置：首页</div>{body}'
            f'<div class="footer"><p>联系电话：0851-25221001</p><p>主办单位：县政府办</p></div></body></html>')


def test_label_normalisation():
    assert norm_label(" 一、设定依据： ") == "设定依据"
    assert norm_label("（三）办理地点") == "办理地点"
    assert norm_label("*索引号:") == "索引号"


def test_dates_in_a_period():
    assert dates_in("征集时间：2026-08-24 至 2026年9月23日") == [date(2026, 8, 24), date(2026, 9, 23)]


def test_table_rows_th_td_and_four_cell_rows():
    f = labelled_fields(load_doc(_page(
        '<table><tr><th>事项名称</th><td>结婚登记</td></tr><tr><th>办理流程</th><td></td></tr></table>'
        '<table><tr><td>索引号：</td><td>1152/2026-00037</td><td>发布机构：</td><td>凤冈县民政局</td></tr>'
        '<tr><td>成文日期：</td><td>2026-10-29</td><td>发布日期：</td><td>2026-11-02</td></tr></table>')))
    assert f.get("事项名称") == "结婚登记"
    assert f.get("办理流程") == ""            # present but empty
    assert f.get("索引号") == "1152/2026-00037" and f.get("发布机构") == "凤冈县民政局"
    assert f.get("成文日期") == "2026-10-29" and f.get("发布日期") == "2026-11-02"
    assert f.get("咨询监督电话") is None


def test_chrome_is_not_read():
    f = labelled_fields(load_doc(_page("<p>办理地点：政务服务中心</p>")))
    assert f.get("联系电话") is None and f.get("主办单位") is None and f.get("网站名称") is None
    assert f.get("当前位置") is None
    assert f.get("办理地点") == "政务服务中心"


def test_definition_list_and_labelled_lines_and_headings():
    f = labelled_fields(load_doc(_page(
        "<dl><dt>办理地点</dt><dd>政务服务中心一楼</dd><dt>办理时间</dt><dd>工作日 9:00-17:30</dd></dl>"
        '<div class="info"><span>来信时间：2026-09-28 09:20</span><span>来源：县长信箱</span></div>'
        "<p>征集时间：2026-08-24 至 2026-09-23　联系人：王** </p>"
        "<h4>一、设定依据</h4><p>《中华人民共和国婚姻法》</p>")))
    assert f.get("办理地点") == "政务服务中心一楼"
    assert f.get("办理时间") == "工作日 9:00-17:30"
    assert f.get("来信时间") == "2026-09-28 09:20" and f.get("来源") == "县长信箱"
    assert f.get("征集时间") == "2026-08-24 至 2026-09-23" and f.get("联系人") == "王**"
    assert f.get("设定依据") == "《中华人民共和国婚姻法》"


def test_label_containment():
    f = labelled_fields(load_doc(_page("<table><tr><th>法定办结时限（工作日）</th><td>20</td></tr></table>")))
    assert f.get("法定办结时限") == "20"


def test_list_rows_table_with_header():
    rows = list_rows(load_doc(_page(
        '<table class="list-table"><thead><tr><th>序号</th><th>标题</th><th>类型</th><th>状态</th>'
        "<th>回复时间</th><th>来信时间</th></tr></thead><tbody>"
        '<tr><td>1</td><td><a href="./202611/t1.html" title="咨询不动产登记">咨询不动产登记</a></td>'
        "<td>咨询</td><td>待回复</td><td></td><td>2026-11-23</td></tr></tbody></table>")), BASE)
    assert len(rows) == 1
    row = rows[0]
    assert row.url == "http://www.example.gov.cn/hdjl/xzxx/202611/t1.html"
    assert row.title == "咨询不动产登记"
    assert row.fields.get("类型") == "咨询" and row.fields.get("状态") == "待回复"
    assert row.fields.get("回复时间") == "" and row.fields.get("来信时间") == "2026-11-23"


def test_list_rows_ul_li():
    rows = list_rows(load_doc(_page(
        '<div class="nav"><ul><li><a href="/">首页</a></li></ul></div><ul class="list">'
        '<li><a href="a.html">咨询社保缴费</a><span>类型：咨询</span><span>状态：已回复</span>'
        '<span class="date">提交时间：2026-10-01</span></li>'
        '<li><a href="b.html">反映路灯不亮</a><span class="zt">办理中</span><span class="date">2026-09-01</span></li>'
        "</ul>")), BASE)
    assert [r.title for r in rows] == ["咨询社保缴费", "反映路灯不亮"]
    assert rows[0].fields.get("提交时间") == "2026-10-01" and rows[0].fields.get("状态") == "已回复"
    assert rows[1].fields.get("zt") == "办理中" and "办理中" in rows[1].text


def test_list_rows_definition_list():
    rows = list_rows(load_doc(_page(
        '<div class="guide-list"><dl><dt><a href="./g1.html" title="结婚登记办事指南">结婚登记办事指南</a></dt>'
        '<dd class="date">更新日期：2026-10-13</dd></dl>'
        '<dl><dt><a href="./c.html">投诉噪音</a></dt><dd>留言时间：2026-09-01</dd><dd>回复时间：2026-09-10</dd>'
        "</dl></div>")), BASE)
    assert [r.title for r in rows] == ["结婚登记办事指南", "投诉噪音"]
    assert rows[0].fields.get("更新日期") == "2026-10-13"
    assert rows[1].fields.get("留言时间") == "2026-09-01" and rows[1].fields.get("回复时间") == "2026-09-10"


def _chrome_removed_by_walking(html: str) -> str:
    """load_doc as first written: every element visited in Python."""
    from lxml import etree

    from govsite.parsing.tree import parse_html
    from govsite.records.fields import _CHROME
    doc = parse_html(html)
    for el in list(doc.iter()):
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        marker = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
        if marker and _CHROME.search(marker) and el.getparent() is not None:
            el.getparent().remove(el)
    return etree.tostring(doc, encoding=str)


def test_load_doc_removes_the_chrome_the_walk_removed_on_real_pages():
    """Nested chrome, comments, empty class attributes and the real pages: the same tree."""
    from lxml import etree
    from realpages import REALPAGES, all_real_pages
    pages = [_page('<div class="nav"><div id="menu2">x</div></div><!-- c --><p class="">正文</p>'
                   '<div id="content"><span class="share-bar">分享</span>索引号：1</div>')]
    pages += [(REALPAGES / name).read_text("utf-8", errors="replace") for name in all_real_pages()]
    for html in pages:
        assert etree.tostring(load_doc(html), encoding=str) == _chrome_removed_by_walking(html)
