"""Planted integrity defects and their traps: hidden links (暗链) in snapshot 1, and the second
snapshot of the portal (`govsite sample serve --snapshot 2`), the site some days later, tampered
with (an outside script, a title rewritten with gambling words, a page cloaked for Baiduspider),
with an article published late and dated back, and with innocent changes (new list items, a
counter, a rotated banner, a new script from the site's own folder).

Both are built after every other content builder, so the random dates and TRS ids of the rest of
the portal do not move.
"""
from __future__ import annotations

import datetime as dt

from .builder import Resource, SiteBuilder
from .columns import BY_KEY
from .render import Article

# Hosts that stand for a hacker's paid links: never contacted (the scan's --allow-host).
DARK_HOSTS = ("www.bet365-yule.com", "www.xpj-casino.net", "www.dkfp-888.com", "www.av-99sex.com")
TAMPER_SCRIPT = "http://js.tj-cnzz-stat.top/c.js"
REWRITTEN_TITLE = "澳门新葡京娱乐城百家乐在线博彩官方网站"
BACKDATED_AGE = 20            # days before the first snapshot's day
FUTURE_DAYS = 730            # article.future_date: dated two years after the as-of day
SNAPSHOT_DAYS = 1             # snapshot 2 is the site this many days after snapshot 1


def _p(*paras: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paras)


def build_hidden_links(b: SiteBuilder) -> None:
    """Two pages with dark links, three pages with hidden links that are no dark links."""
    gzdt, bmdt, tzgg = BY_KEY["gzdt"], BY_KEY["bmdt"], BY_KEY["tzgg"]
    dark = "".join(f'<a href="http://{h}/" target="_blank">{t}</a>'
                   for h, t in zip(DARK_HOSTS[:3], ("博彩娱乐城", "澳门新葡京", "代开发票"), strict=True))
    path = b.add_article(Article(col=gzdt, title="凤冈县开展国家网络安全宣传周活动", when=b.when(33), body=(
        _p("为提升全民网络安全意识，我县在县城广场开展网络安全宣传周活动。", "活动现场发放宣传资料3000余份。")
        + f'<div style="display:none">{dark}</div>')))
    b.plant("security.hidden_link", path, gzdt.name, "display:none block of three gambling/invoice links")
    b.plant("content.harmful", path, gzdt.name, "the dark links' gambling/invoice words are in the page's text")
    path = b.add_article(Article(col=bmdt, title="县市场监管局开展电梯安全专项检查", when=b.when(35), body=(
        "<style>.lj8{position:absolute;left:-9999px;top:-9999px}</style>"
        + _p("县市场监管局对城区住宅小区电梯开展安全专项检查。", "共检查电梯126台，发现隐患12处，已督促整改。")
        + f'<div class="lj8"><a href="http://{DARK_HOSTS[3]}/">成人视频</a></div>')))
    b.plant("security.hidden_link", path, bmdt.name, "class rule in a <style> block moves a link off-screen")
    b.plant("content.harmful", path, bmdt.name, "the dark link's pornographic words are in the page's text")
    # An article dated two years ahead (article.future_date), linked from the next one only.
    ahead = b.as_of + dt.timedelta(days=FUTURE_DAYS)
    future = b.add_article(Article(col=gzdt, title="凤冈县2027年度重点项目建设推进会召开", in_list=False,
                                   when=dt.datetime(ahead.year, ahead.month, ahead.day, 10, 0),
                                   body=_p("会议听取了各重点项目建设进展情况汇报。")))
    b.plant("article.future_date", future, gzdt.name, f"发布时间 {FUTURE_DAYS} days after the as-of day")
    # Traps: hidden, but internal or to government sites.
    path = b.add_article(Article(col=gzdt, title="凤冈县召开政务公开工作推进会", when=b.when(37), body=(
        '<div class="m-menu" style="display:none"><a href="/xwzx/">新闻中心</a><a href="/zwgk/">政务公开</a>'
        '<a href="/hdjl/">互动交流</a></div>'
        + _p("县政府办召开政务公开工作推进会，部署下一阶段重点工作。")
        + f'<p>相关阅读：<a href="{future}">凤冈县2027年度重点项目建设推进会召开</a></p>')))
    b.trap("security.hidden_link", path, gzdt.name, "hidden mobile menu with internal links")
    path = b.add_article(Article(col=tzgg, title="关于开展2026年度政府网站自查工作的通知", when=b.when(39), body=(
        '<a class="skip" href="#content" style="position:absolute;left:-9999px">跳到主要内容</a>'
        + _p("各乡镇人民政府、县直各部门：", "请于12月15日前完成本单位网站自查工作。"))))
    b.trap("security.hidden_link", path, tzgg.name, "off-screen 跳到主要内容 link to the page itself")
    path = b.add_article(Article(col=tzgg, title="关于做好政务服务事项梳理工作的通知", when=b.when(41), body=(
        _p("各乡镇人民政府、县直各部门：", "请按要求做好政务服务事项梳理工作。")
        + '<div class="xglj" style="display:none"><h4>相关链接</h4><a href="http://www.gov.cn/">中国政府网</a>'
        '<a href="http://www.guizhou.gov.cn/">贵州省人民政府</a><a href="http://www.zunyi.gov.cn/">遵义市人民政府</a></div>')))
    b.trap("security.hidden_link", path, tzgg.name, "collapsed 相关链接 block of other government sites")


def build_snapshot_two_articles(b: SiteBuilder) -> None:
    """Articles of snapshot 2 (before the lists are rendered): new items, one backdated."""
    gzdt, tzgg = BY_KEY["gzdt"], BY_KEY["tzgg"]
    later = b.as_of + dt.timedelta(days=SNAPSHOT_DAYS)
    for n, (title, col) in enumerate((("凤冈县召开冬季农业生产工作会议", gzdt),
                                      ("关于做好2026年冬季安全生产工作的通知", tzgg))):
        when = dt.datetime(later.year, later.month, later.day, 9 + n, 30)
        path = b.add_article(Article(col=col, title=title, when=when, body=_p(f"{title}。会议对相关工作进行了部署。")))
        b.trap("security.tampered", path, col.name, "snapshot 2: a new list item, dated the re-scan's day")
        b.trap("article.backdated", path, col.name, "snapshot 2: a new list item, dated the re-scan's day")
    path = b.add_article(Article(col=gzdt, title="凤冈县召开第三季度安全生产工作会议", when=b.when(BACKDATED_AGE),
                                 body=_p("会议通报了第三季度全县安全生产形势，部署下一阶段工作。")))
    b.plant("article.backdated", path, gzdt.name,
            f"snapshot 2: first listed after snapshot 1 but dated {BACKDATED_AGE} days before it")


def _edit(b: SiteBuilder, path: str, old: str, new: str) -> None:
    res = b.resources[("site", path)]
    body = res.body.decode("utf-8")
    assert old in body, (path, old)
    res.body = body.replace(old, new).encode("utf-8")
    res.last_modified = b.as_of + dt.timedelta(days=SNAPSHOT_DAYS)


def tamper_snapshot_two(b: SiteBuilder) -> None:
    """Changes of snapshot 2 to pages already built (after the lists and the home page)."""
    gzdt = BY_KEY["gzdt"]
    recent = sorted((i for i in b.items["gzdt"] if i.when.date() <= b.as_of and "安全" not in i.title),
                    key=lambda i: i.when, reverse=True)
    script_page, title_page, cloak_page = recent[2].path, recent[3].path, recent[4].path
    _edit(b, script_page, "</body>", f'<script type="text/javascript" src="{TAMPER_SCRIPT}"></script></body>')
    b.plant("security.tampered", script_page, gzdt.name, "snapshot 2: a <script> from a host never used before")
    old_title = recent[3].title
    res = b.resources[("site", title_page)]
    body = res.body.decode("utf-8").replace(old_title, REWRITTEN_TITLE)
    res.body, res.last_modified = body.encode("utf-8"), b.as_of + dt.timedelta(days=SNAPSHOT_DAYS)
    b.plant("security.tampered", title_page, gzdt.name,
            "snapshot 2: <title> and h1 rewritten with gambling words; list entry and date unchanged")
    res = b.resources[("site", cloak_page)]
    res.cloak_body = ("<html><head><meta charset=\"utf-8\"><title>" + REWRITTEN_TITLE + "</title></head><body>"
                      "<h1>" + REWRITTEN_TITLE + "</h1><p>真人视讯 百家乐 老虎机 在线注册送彩金</p>"
                      "</body></html>").encode("utf-8")
    b.plant("security.tampered", cloak_page, gzdt.name, "snapshot 2: another page for Baiduspider (快照劫持)")
    # Innocent changes: a counter, a rotated banner, a new script from the site's own folder.
    b.add("/js/stat.js", b"/* site statistics */ var visits = 0;", "application/javascript")
    _edit(b, "/", '<img src="/images/banner.png" alt="凤冈茶海之心">',
          '<img src="/images/zt_banner.png" alt="凤冈生态茶城"><script src="/js/stat.js"></script>'
          '<span class="counter">本站访问量：1234567</span>')
    b.resources[("site", "/index.html")] = Resource(**{**b.resources[("site", "/")].__dict__})
    b.trap("security.tampered", "/", "首页", "snapshot 2: a rotated banner, a visit counter, a script from /js/")
