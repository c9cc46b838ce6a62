"""parse_page on every real page in ../shared/realpages, with values read from the files by eye.

Each test names the MANIFEST quirk it covers.
"""
from __future__ import annotations

from datetime import date

import pytest
from realpages import AS_OF, REALPAGES, all_real_pages, parse_real

from govsite.parsing import decode_html, parse_page
from govsite.parsing.page import parse_file

pytestmark = pytest.mark.skipif(not REALPAGES.is_dir(),
                                reason=f"real pages not found at {REALPAGES}")
_parse, _all_pages = parse_real, all_real_pages


@pytest.mark.parametrize("name", _all_pages())
def test_every_page_parses(name):
    page = _parse(name)
    assert page.kind in ("home", "column", "article", "challenge", "error", "other")
    assert len(page.text) <= 200_000
    page.to_json()


def test_parse_file_reads_bytes_and_sets_encoding():
    page = parse_file(REALPAGES / "bjjs-waf-redirect.html", AS_OF)
    assert page.url.startswith("file://")
    assert page.encoding == "gb18030"
    assert page.kind == "challenge"


# --- kinds and challenges -------------------------------------------------------------------

@pytest.mark.parametrize("name, family", [
    ("antibot-rs6-challenge.html", "ruishu"),            # <meta r="m"> + $_ss, empty body
    ("antibot-jsl-challenge.html", "jiasule"),           # 知道创宇 浏览器安全检查
    ("antibot-yunnan-cookie-challenge.html", "panyun"),  # packed eval() cookie challenge
    ("bjjs-waf-redirect.html", "waf-redirect"),          # window.location='/?adfwkey=…'
])
def test_challenges(name, family):
    page = _parse(name)
    assert page.kind == "challenge"
    assert page.challenge == family


def test_rs_token_on_a_served_page_is_not_a_challenge():
    # nmpa: RS meta token and $_ts bootstrap stay in the real (Vue shell) page.
    page = _parse("nmpa-datasearch-home.html")
    assert page.challenge is None
    assert page.kind == "other"
    assert page.title == "国家药品监督管理局数据查询"


def test_empty_response_does_not_crash():
    text, encoding = decode_html((REALPAGES / "empty-response.html").read_bytes(), None)
    assert text == ""
    page = parse_page("http://zjw.beijing.gov.cn/x.shtml", text, AS_OF)
    assert page.kind == "error"
    assert page.links == [] and page.title is None


def test_yunnan_double_encoded_title_is_repaired():
    page = _parse("antibot-yunnan-cookie-challenge.html")
    assert page.title == "请稍候..."


def test_waf_redirect_is_gbk_without_declaration():
    page = _parse("bjjs-waf-redirect.html")
    assert page.encoding == "gb18030"
    assert "如果您的页面没有自动跳转，请点击这里" in page.text
    assert [link.url for link in page.links] == ["http://zjw.beijing.gov.cn/?adfwkey=mqo82"]


def test_people_declares_gb2312_but_is_utf8():
    page = _parse("people-news-article.html")
    assert page.encoding == "utf-8"
    assert page.title == "女儿出嫁，郑板桥画了几笔兰花当嫁妆"


@pytest.mark.parametrize("name, kind", [
    ("shanxi-gov-article.html", "article"), ("zj-fgw-article.html", "article"),
    ("govcn-gongbao-article.html", "article"), ("cmse-article.html", "article"),
    ("nfra-penalty-article.html", "article"), ("nfra-zhejiang-penalty-article.html", "article"),
    ("handan-xxgk-article.html", "article"), ("kepu-article.html", "article"),
    ("theorychina-article.html", "article"), ("people-news-article.html", "article"),
    ("xinhuanet-news-article.html", "article"), ("handan-xxgk-home.html", "home"),
    ("handan-xxgk-list.html", "column"),
    # no dated list, pager, placeholder or datastore: a breadcrumb or a ColumnName meta alone
    # does not make a column page (联系我们-style single pages have both)
    ("handan-xxgk-guide.html", "other"), ("bjjs-column-2018.html", "other"),
    ("bjjs-column-2019.html", "other"), ("bjjs-column-2023.html", "other"),
    ("bjjs-domain-notice.html", "other"),
    ("nfra-table-fragment.html", "other"),
])
def test_kinds(name, kind):
    assert _parse(name).kind == kind


# --- title, date, source, column ------------------------------------------------------------

@pytest.mark.parametrize("name, title, published, source, column", [
    # span alt= attributes hold another date/source: the visible text wins
    ("shanxi-gov-article.html", "山西品牌丝路行（南美站）正式启动", date(2019, 9, 18), "山西日报",
     "山西要闻"),
    # labels wrapped in template comments; Maketime meta (2019) is not the publication date
    ("zj-fgw-article.html", "1-10月德清县固定资产投资结构趋稳趋优", date(2016, 11, 22), "省发改委",
     "投资运行"),
    # only firstpublishedtime meta 'YYYY-MM-DD-HH:MM:SS'; title split by <br> in the body
    ("govcn-gongbao-article.html",
     "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007年末国债余额限额的决议",
     date(2007, 8, 20), None, "2007年第23号"),
    # '发布日期:' with an ASCII colon; no 来源 (only 责任编辑)
    ("cmse-article.html", "天宫一号与神舟九号载人交会对接任务第二场新闻发布会", date(2012, 6, 24), None,
     "新闻发布会"),
    # ArticleTitle meta carries the document number, shown only in a hidden div
    ("nfra-penalty-article.html", "国家金融监督管理总局行政处罚信息公开表", date(2024, 7, 12),
     "保险和非银机构检查局", "总局机关"),
    # visible title broken by <br>; ContentSource meta '浙江' vs visible '浙江监管局'
    ("nfra-zhejiang-penalty-article.html",
     "国家金融监督管理总局浙江监管局行政处罚信息公开表（浙金罚决字〔2024〕52号）", date(2025, 6, 3),
     "浙江监管局", "监管局本级"),
    # 'YYYY年MM月DD日' dates; no 来源 label (ContentSource meta); no breadcrumb (ColumnName meta)
    ("handan-xxgk-article.html", "邯郸市教育局关于印发《全市教育系统安全专项整治三年行动实施方案》的通知",
     date(2020, 8, 2), "邯郸市教育局", "部门信息公开"),
    # info <ul> with 来源 / empty 作者 / unlabelled time; breadcrumb ends in a bare '>'
    ("kepu-article.html", "习近平主持召开深入推进长三角一体化发展座谈会", date(2023, 12, 1), "新华社",
     "时政新闻"),
    ("theorychina-article.html", "《中国式现代化发展之路》全文", date(2024, 5, 5), None, "重点推荐"),
    # info line 'date time  来源：<a>…</a>'; source meta has a '来源：' prefix and extra words
    ("people-news-article.html", "女儿出嫁，郑板桥画了几笔兰花当嫁妆", date(2019, 6, 15),
     "人民网-文化频道", "文化"),
    # breadcrumb with an empty channel link: only '新华网 … 正文', so no column
    ("xinhuanet-news-article.html", "法国全国大罢工再次严重影响交通", date(2019, 12, 10), "新华网", None),
])
def test_article_fields(name, title, published, source, column):
    page = _parse(name)
    assert page.title == title
    assert page.published == published
    assert page.source == source
    assert page.column == column


def test_shanxi_breadcrumb_and_body():
    page = _parse("shanxi-gov-article.html")
    assert page.breadcrumb == ["首页", "要闻", "山西要闻"]
    assert page.body_text.startswith("图为山西品牌丝路行（南美站）启动仪式")
    assert page.pagination == []   # createPageHTML(1, 0, …) on an article: a single page


def test_zj_breadcrumb_in_nested_tables():
    assert _parse("zj-fgw-article.html").breadcrumb == ["首页", "发展改革工作", "投资管理和项目推进",
                                                        "投资运行"]


def test_nfra_word_table_dates_are_not_publication_dates():
    page = _parse("nfra-penalty-article.html")
    assert page.breadcrumb == ["首页", "政务信息", "行政处罚", "总局机关"]
    assert page.meta["pubdate"] == "2024-07-12 17:33"


def test_fragment_decision_date_is_not_a_publication_date():
    page = _parse("nfra-table-fragment.html")
    assert page.published is None and page.title is None


def test_handan_list_path_line_beats_column_meta():
    page = _parse("handan-xxgk-list.html")
    assert page.meta["columnname"] == "邯郸市政府信息公开"
    assert page.breadcrumb == ["首页", "政府文件", "近期信息公开"]
    assert page.column == "近期信息公开"


@pytest.mark.parametrize("name, breadcrumb, column", [
    ("bjjs-column-2018.html", ["首页", "房屋管理", "房地产交易", "房屋交易"], "房屋交易"),
    # unrendered $pageHelpBean… breadcrumb; the commented-out [columnName] meta is ignored
    ("bjjs-column-2019.html", [], "房屋交易"),
    # ColumnName meta is the placeholder '栏目名称'; breadcrumb links are javascript:void(0)
    ("bjjs-column-2023.html", ["首页", "房屋管理", "房地产交易", "房屋交易"], "房屋交易"),
])
def test_bjjs_columns(name, breadcrumb, column):
    page = _parse(name)
    assert page.breadcrumb == breadcrumb
    assert page.column == column
    assert page.title == "房屋交易"


# --- footers --------------------------------------------------------------------------------

@pytest.mark.parametrize("name, code, sponsor, icp, police, jiucuo, site_code, conac", [
    ("shanxi-gov-article.html", "1400000045", "山西省人民政府办公厅", "晋ICP备12000773号",
     "晋公网安备14010502050691号", True, "1400000045", True),
    # SiteIDCode meta empty, code only in the footer; jiucuo link hidden on an IP host and a
    # commented-out 纠错 span: no jiucuo
    ("zj-fgw-article.html", "3300000020", None, "浙ICP备05018911号", "浙公网安备33010602009328号",
     False, None, True),
    # identifier label without colon; 网站纠错 to a gov.cn page is not the national 找错 entry
    ("govcn-gongbao-article.html", "bm01000001", "国务院办公厅", "京ICP备05070218号",
     "京公网安备11010202000001号", False, None, True),
    # ICP with a -1 suffix; 纠错 commented out; no code, police number, conac
    ("cmse-article.html", None, "中国载人航天工程办公室", "京ICP备20027467号-1", None, False, None,
     False),
    ("nfra-penalty-article.html", "bm55000001", "国家金融监督管理总局", "京ICP备19014889号",
     "京公网安备11010202008000号", True, "bm55000001", True),
    # jiucuo.js saved locally as 'jiucuo.js.下载'; conac as document.write plus rendered span
    ("handan-xxgk-home.html", "1304000009", "邯郸市人民政府办公室", "冀ICP备05029117号-1",
     "冀公网安备13042002000523号", True, "1304000009", True),
    # '政府网站标识码：'; conac only as document.write; jiucuo.js with SRI attributes
    ("kepu-article.html", "bm06000004", None, "京ICP备05022684号-3", None, True, "bm06000004",
     True),
    # ICP and 公网安备 run together and split by a newline
    ("theorychina-article.html", None, None, "京ICP备11039383号-6", "京公网安备11010202000010号",
     False, None, True),
    # no 网站标识码 text, the code only as the jiucuo sitecode; old 12-digit police number
    ("bjjs-column-2018.html", None, "北京市住房和城乡建设委员会", "京ICP备17053655号",
     "京公网安备110401300020号", True, "1100000159", True),
    ("bjjs-column-2019.html", "1100000159", "北京市住房和城乡建设委员会", "京ICP备17053655号",
     "京公网安备11040102700048号", True, "1100000159", True),
    # footer injected by an external script: nothing in the HTML
    ("bjjs-column-2023.html", None, None, None, None, False, None, False),
    ("people-news-article.html", None, None, None, None, False, None, False),
    # the site's own 【纠错】 link is not the government one
    ("xinhuanet-news-article.html", None, None, None, None, False, None, False),
])
def test_footer(name, code, sponsor, icp, police, jiucuo, site_code, conac):
    f = _parse(name).footer
    assert (f.identifier_code, f.sponsor, f.icp, f.police) == (code, sponsor, icp, police)
    assert (f.jiucuo, f.jiucuo_site_code, f.conac) == (jiucuo, site_code, conac)


def test_handan_article_footer_and_no_body():
    page = _parse("handan-xxgk-article.html")
    assert page.footer.identifier_code == "1304000009"
    assert page.footer.jiucuo_site_code == "1304000009"
    assert page.body_text == ""


# --- lists ----------------------------------------------------------------------------------

def test_handan_list_items_and_pagination():
    page = _parse("handan-xxgk-list.html")
    assert [(i.title, i.url, i.date) for i in page.items] == [(
        "邯郸市教育局关于印发《邯郸市学校安全工作目标管理考核办法》的通知",
        "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html",
        date(2020, 8, 5))]
    # var countPage=56 in the inline document.write pager: index_1 … index_55
    assert len(page.pagination) == 55
    assert page.pagination[0] == "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_1.html"
    assert page.pagination[-1] == "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_55.html"
    assert not page.scripted_list and page.placeholder is None


def test_handan_home_items_onclick_and_hidden_tabs():
    page = _parse("handan-xxgk-home.html")
    assert page.kind == "home"
    assert [(i.title, i.date) for i in page.items] == [
        ("邯郸市教育局关于印发《全市教育系统安全专项整治三年行动实施方案》的通知", date(2020, 8, 2)),
        ("邯郸市人民政府关于岳芝国等同志任职的通知", date(2020, 7, 29)),
        ("邯郸市人民政府办公室关于促进建筑业持续健康发展的实施意见", date(2020, 7, 27)),
        ("邯郸市人民政府令第175号", date(2020, 1, 23)),
        ("邯郸市人民政府关于废止邯郸市军人抚恤优待实施办法等两件政府规章的决定", date(2020, 4, 24)),
    ]
    assert page.items[0].url == ""   # opened by onclick="xq(1)", no href
    assert page.has_search


def test_handan_guide_lists_without_dates_are_not_items():
    page = _parse("handan-xxgk-guide.html")
    assert page.items == []
    assert page.title == "政府信息公开指南"
    assert page.column == "政府信息公开指南"


def test_xinhuanet_dated_sidebar_is_not_an_item_list_of_the_article():
    assert _parse("xinhuanet-news-article.html").items == []


def test_domain_notice():
    page = _parse("bjjs-domain-notice.html")
    assert page.title == "域名变更公告"
    assert page.breadcrumb == [] and page.footer.sponsor is None


# --- links on real pages --------------------------------------------------------------------

def test_links_in_comments_and_scripts_are_not_links():
    page = _parse("shanxi-gov-article.html")
    urls = {link.url for link in page.links}
    # relative ../../../ links resolve against the page
    assert "http://www.shanxi.gov.cn/images/red.png" in urls
    # createPageHTML writes t20190918_693227_N.shtml inside <script>: not a link
    assert not any("t20190918_693227_" in u for u in urls)
    assert all(not link.url.startswith("javascript") for link in page.links)


def test_cmse_commented_links_absent():
    page = _parse("cmse-article.html")
    assert not any(link.url.endswith("####") for link in page.links)

