"""Planted link defects (link.* rules) and the targets that make them real: 404s, redirects,
a redirect loop, a soft 404, slow pages, WAF challenges and rate limits on the ext host.

Each defect is declared once: the same call writes the link into a page and records the plant.
"""
from __future__ import annotations

from .attachments import CONTENT_TYPES, make_docx, make_pdf
from .builder import SiteBuilder
from .columns import BY_KEY
from .render import Article

CLOSED_PORT_URL = "http://127.0.0.2:9/zwfw/"   # the ext host on a port where nothing listens
NOT_ALLOWED_URL = "https://www.gov.cn/zhengce/"
SLOW_SECONDS = 20.0
SLOWISH_SECONDS = 9.0

RS6_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta content="qZLmGrT7oUh66F9BfMPARtbr64aTGnLmiivMZ7lPw0oyuiDvdA31g06Si5SNQuffXZrL6Fi2mPvv.Gs55Kh1MJTr13V4m6G3" r="m"><script type="text/javascript" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=2143;$_ts.cd="qtrqrpAloS3qWqlarGguWqAycr3qWqEaqag4Wq3iEGWarkqmqflErr0KckqrWq3iWuqmkPEcmGqAJAlKqkqcWqWiWuqrlA9lEkqikPEkmGqarkqmkOWKqkqkiqqiWS3qWq3araguWqApcGaMmGqAJA7KqkqqWqliWuqWkPEmmGqaqfqTmAlpcaA3oGqaqOqkkOWKqkqrWq3iWuGmkPEcWqEpxx";if($_ts.lcd)$_ts.lcd();</script><script type="text/javascript" charset="utf-8" src="/rs/khy8TTLck25V.294cc83.js" r='m'></script></head>
<body>
</body>
</html>
"""

JSL_PAGE = """<!DOCTYPE html>
<html>
<head>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
    <meta charset="utf-8" />
    <title>知道创宇云防御-浏览器安全检查</title>
</head>
<body>
    <div class="content"><div class="content_box"><div class="content_text">
        <h2>浏览器安全检查</h2>
        <h3><span>创宇盾</span>将在您访问 <span id="host"></span> 前对浏览器访问环境进行安全检查，请等待 <span id="second"></span> 秒…</h3>
        <ul><li>异常网络链路检查</li><li>浏览器恶意插件检查</li><li>请求执行环境检查</li><li>机器流量检查</li></ul>
    </div></div></div>
<script charset="utf-8">
  var second = 5; document.getElementById('second').innerText = second;
  var eid = setInterval(function() { second--; if (second <= 0) { clearInterval(eid); location.reload(); } }, 1000);
</script>
</body>
</html>
"""

SOFT_404_BODY = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>凤冈县人民政府网</title></head>
<body><div class="error-box"><img src="/images/404.png" alt=""><h2>对不起，您访问的页面不存在或已被删除！</h2>
<p>您访问的页面不存在，请检查网址是否正确。<a href="/">返回首页</a></p></div></body></html>
"""


def build_ext_host(b: SiteBuilder) -> None:
    """Pages of the second host (127.0.0.2): a small media-centre site plus WAF and rate limits."""
    page = lambda title, body: (  # noqa: E731
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><h1>{title}</h1>{body}</body></html>')
    b.add_html("/", page("凤冈县融媒体中心", '<ul><li><a href="/news/fgxw_1.html">凤冈新闻</a></li></ul>'), host="ext")
    b.add_html("/index.html", page("凤冈县融媒体中心", '<a href="/news/fgxw_1.html">凤冈新闻</a>'), host="ext")
    b.add_html("/news/fgxw_1.html", page("凤冈新闻", "<p>凤冈县融媒体中心报道。</p>"), host="ext")
    b.add("/robots.txt", b"User-agent: *\nDisallow:\n", "text/plain", host="ext")
    b.add("/files/fgcy_report.pdf", make_pdf("Fenggang tea report", ["凤冈县茶产业发展报告"]),
          CONTENT_TYPES["pdf"], host="ext", allow_head=False)
    b.add_html("/limited/index.html", page("数据开放平台", "<p>凤冈县公共数据开放目录。</p>"), host="ext",
               fail_first=1, retry_after=1)
    b.add_html("/rs/index.html", RS6_PAGE, host="ext", status=412)
    b.add("/rs/khy8TTLck25V.294cc83.js", b"/* rs6 */", "application/javascript", host="ext")
    b.add_html("/jsl/index.html", JSL_PAGE, host="ext", status=200)


def home_links(b: SiteBuilder) -> list[tuple[str, str]]:
    """友情链接 of the home page, two of them broken (reported apart from other pages)."""
    links = [
        (f"{b.ext}/", "凤冈县融媒体中心"),
        ("https://www.gzzy.gov.cn/", "遵义市人民政府网"),
        ("/ztzl/2019zt/index.html", "2019年专题（已下线）"),
        (f"{b.ext}/old/index.html", "凤冈县旅游网"),
    ]
    b.plant("link.broken", "/ztzl/2019zt/index.html", "首页", "home page link, internal 404", page="/")
    b.plant("link.broken", "/old/index.html", "首页", "home page link, ext host 404", host="ext", page="/")
    return links


def build_links(b: SiteBuilder) -> None:
    gzdt, tzgg, bmdt, tpxw = (BY_KEY[k] for k in ("gzdt", "tzgg", "bmdt", "tpxw"))
    build_ext_host(b)

    # --- targets on the site host
    b.add("/xwzx/gzdt/old_index.html", b"", "text/html", status=301, location="/xwzx/gzdtold/")
    b.add("/zwgk/redirect_a.html", b"", "text/html", status=302, location="/zwgk/redirect_b.html")
    b.add("/zwgk/redirect_b.html", b"", "text/html", status=302, location="/zwgk/redirect_a.html")
    soft = tzgg.path + b.ids.article_rel(b.day(320), 7700001)
    b.add_html(soft, SOFT_404_BODY)
    slow = b.add_article(Article(col=tzgg, title="关于公布凤冈县政务服务事项清单的通知", when=b.when(35),
                                 body="<p>现将凤冈县政务服务事项清单予以公布。</p>", in_list=False,
                                 delay=SLOW_SECONDS))
    slowish = b.add_article(Article(col=tzgg, title="关于公布凤冈县公共服务事项清单的通知", when=b.when(36),
                                    body="<p>现将凤冈县公共服务事项清单予以公布。</p>", in_list=False,
                                    delay=SLOWISH_SECONDS))
    dead = gzdt.path + b.ids.article_rel(b.day(440), 7711234)

    # --- A1: a news article whose 相关链接 hold the internal link defects and traps
    a1_when = b.when(11)
    a1_path, _ = b.new_doc_path(gzdt, a1_when)
    body = f"""<p>11月，凤冈县召开政府网站与政务新媒体工作推进会，通报了全县政府网站检查情况。</p>
<p>相关链接：</p><ul class="related">
<li><a href="{dead}">往期：凤冈县政府网站年度工作报表</a></li>
<li><a href="/xwzx/gzdt/old_index.html">原“工作动态”栏目</a></li>
<li><a href="/zwgk/redirect_a.html">政务公开专栏（旧版）</a></li>
<li><a href="{soft}">凤冈县政府网站管理办法（已调整）</a></li>
<li><a href="{slow}">凤冈县政务服务事项清单</a></li>
<li><a href="{slowish}">凤冈县公共服务事项清单</a></li>
<li><a href="javascript:void(0)" onclick="window.print()">打印</a> <a href="mailto:fgxzfb@163.com">联系县政府办</a></li>
</ul>
<!-- 旧版链接，已停用 <a href="/xwzx/gzdt/201812/t20181203_1000001.html">2018年工作动态</a> -->
<script type="text/javascript">var backupUrl = "/xwzx/gzdt/201901/t20190101_1000002.html";
if (false) {{ document.write('<a href="/zwgk/removed/index.html">旧栏目</a>'); }}</script>"""
    b.add_article(Article(col=gzdt, title="凤冈县召开政府网站与政务新媒体工作推进会", when=a1_when, body=body,
                          path=a1_path))
    b.plant("link.broken", dead, gzdt.name, "internal page link answers 404", page=a1_path)
    b.plant("link.broken", "/xwzx/gzdt/old_index.html", gzdt.name, "301 redirect to /xwzx/gzdtold/ which is 404",
            page=a1_path)
    b.plant("link.broken", "/zwgk/redirect_a.html", gzdt.name, "redirect loop redirect_a <-> redirect_b",
            page=a1_path)
    b.plant("link.broken", soft, gzdt.name, "soft 404: HTTP 200 page saying 您访问的页面不存在", page=a1_path)
    b.plant("link.slow", slow, gzdt.name, f"page answers after {SLOW_SECONDS:g} s x delay_scale", page=a1_path)
    b.trap("link.broken", slow, gzdt.name, "slow page is slow, not broken (it does open)", page=a1_path)
    b.trap("link.slow", slowish, gzdt.name, f"answers after {SLOWISH_SECONDS:g} s x delay_scale, under the limit",
           page=a1_path)
    b.trap("link.broken", "/xwzx/gzdt/201812/t20181203_1000001.html", gzdt.name,
           "404 target only inside an HTML comment: not a link", page=a1_path)
    b.trap("link.broken", "/xwzx/gzdt/201901/t20190101_1000002.html", gzdt.name,
           "404 target only inside a <script> string: not a link", page=a1_path)
    b.trap("link.broken", "/zwgk/removed/index.html", gzdt.name,
           "404 target only inside a document.write string in <script>", page=a1_path)
    b.trap("link.broken", "javascript:void(0)", gzdt.name, "javascript: pseudo-link", host="raw", page=a1_path)
    b.trap("link.broken", "mailto:fgxzfb@163.com", gzdt.name, "mailto: link", host="raw", page=a1_path)

    # --- A2: a notice with attachments: good, 404, and two links into someone's own computer
    a2_when = b.when(13)
    a2_path, _ = b.new_doc_path(tzgg, a2_when)
    good_docx = b.attachment_path(tzgg, a2_when.date(), "docx", 1)
    b.add(good_docx, make_docx("报名回执", ["单位：", "联系人：", "联系电话："]), CONTENT_TYPES["docx"])
    bad_pdf = b.attachment_path(tzgg, a2_when.date(), "pdf", 2)
    local = "file:///C:/Users/Administrator/Desktop/附件3：报名汇总表.docx"
    unc = "\\\\192.168.10.5\\共享文件\\附件4：培训安排.xls"
    b.add_article(Article(col=tzgg, title="关于举办全县政府网站内容保障培训班的通知", when=a2_when, path=a2_path,
                          body="<p>各乡镇（街道）、县直各部门：为提升政府网站内容保障水平，定于近期举办培训班。</p>",
                          attachments=[(good_docx, "附件1：报名回执.docx"), (bad_pdf, "附件2：培训课程表.pdf"),
                                       (local, "附件3：报名汇总表.docx"), (unc, "附件4：培训安排.xls")]))
    b.plant("link.broken", bad_pdf, tzgg.name, "attachment answers 404", page=a2_path)
    b.plant("link.local_file", local, tzgg.name, "file:///C:/Users/... link pasted from Word", host="raw",
            page=a2_path)
    b.plant("link.local_file", unc, tzgg.name, "UNC share path \\\\192.168.10.5\\...", host="raw", page=a2_path)

    # --- A3: a picture news with one missing image (age keeps 图片新闻 stale)
    a3_when = b.when(26)
    a3_path, a3_id = b.new_doc_path(tpxw, a3_when)
    img_ok = tpxw.path + b.ids.image_rel(a3_when, a3_id, 1)
    img_bad = tpxw.path + b.ids.image_rel(a3_when, a3_id, 2)
    from .attachments import make_png
    b.add(img_ok, make_png(16, 12, (30, 90, 160)), "image/png")
    b.add_article(Article(col=tpxw, title="凤冈县举办第十届茶文化节", when=a3_when, path=a3_path, image=img_ok,
                          body=f'<p><img src="{img_ok.rsplit("/", 1)[1]}" alt="开幕式现场"></p>'
                               f'<p><img src="{img_bad.rsplit("/", 1)[1]}" alt="茶艺表演"></p><p>茶文化节开幕。</p>'))
    b.plant("link.broken", img_bad, tpxw.name, "image answers 404", page=a3_path)

    # --- A4: a department news with external links, good and bad, and the not-to-report cases
    a4_when = b.when(9)
    a4_path, _ = b.new_doc_path(bmdt, a4_when)
    ext = b.ext
    body = f"""<p>县融媒体中心推出系列报道，详见以下链接：</p><ul class="related">
<li><a href="{ext}/news/fgxw_1.html">凤冈新闻</a></li>
<li><a href="{ext}/news/missing.html">凤冈新闻（专题）</a></li>
<li><a href="{ext}/files/fgcy_report.pdf">凤冈县茶产业发展报告.pdf</a></li>
<li><a href="{ext}/limited/index.html">凤冈县公共数据开放平台</a></li>
<li><a href="{ext}/rs/index.html">贵州政务服务网凤冈站</a></li>
<li><a href="{ext}/jsl/index.html">凤冈县智慧旅游平台</a></li>
<li><a href="{CLOSED_PORT_URL}">凤冈县政务服务平台</a></li>
<li><a href="{NOT_ALLOWED_URL}">中国政府网政策库</a></li>
<li><a href="http://">在线办事</a></li>
<li><a href="http://localhost]">内网办公系统</a></li>
</ul>"""
    b.add_article(Article(col=bmdt, title="县融媒体中心推出系列报道", when=a4_when, path=a4_path, body=body,
                          source="县融媒体中心"))
    b.plant("link.broken", "/news/missing.html", bmdt.name, "ext host link answers 404", host="ext", page=a4_path)
    b.trap("link.broken", "/news/fgxw_1.html", bmdt.name, "good ext host link", host="ext", page=a4_path)
    b.trap("link.broken", "/files/fgcy_report.pdf", bmdt.name,
           "HEAD answers 405; GET answers 200 (retry with GET)", host="ext", page=a4_path)
    b.trap("link.broken", "/limited/index.html", bmdt.name,
           "first request 429 with Retry-After: 1, then 200", host="ext", page=a4_path)
    for path, fam in (("/rs/index.html", "瑞数 rs6-style challenge, HTTP 412"),
                      ("/jsl/index.html", "加速乐/创宇盾-style challenge, HTTP 200")):
        b.plant("link.blocked", path, bmdt.name, f"WAF: {fam}", host="ext", page=a4_path)
        b.trap("link.broken", path, bmdt.name, f"WAF challenge ({fam}) is blocked, not broken", host="ext",
               page=a4_path)
    b.plant("link.broken", CLOSED_PORT_URL, bmdt.name, "connection refused (nothing listens on port 9)",
            host="raw", page=a4_path)
    b.trap("link.broken", NOT_ALLOWED_URL, bmdt.name, "host not allowed: recorded as not checked", host="raw",
           page=a4_path)
    b.plant("link.broken", "http://", bmdt.name, "malformed href", host="raw", page=a4_path)
    b.plant("link.broken", "http://localhost]", bmdt.name, "malformed href", host="raw", page=a4_path)
