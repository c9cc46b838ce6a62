"""Pages only a browser judges right (issue 7): a page whose load event waits on a slow,
script-inserted image; a column whose list arrives by AJAX from a JSON endpoint; an article with
accessibility faults axe-core reports.

Each is declared once: the same call writes the page and records the plant or trap.
"""
from __future__ import annotations

import datetime as dt
import json

from .attachments import make_png
from .builder import SiteBuilder
from .columns import BY_KEY, Column
from .render import Article
from .templates import page

SLOW_ASSET_SECONDS = 20.0      # x delay_scale: the load event of the slow-rendering page waits on it
AJAX_ITEMS = 8                 # entries served by the JSON endpoint, newest 1 day old, one every 3 days

# Not in COLUMNS: the crawler finds it through a link, its list only through JavaScript.
AJAX_COLUMN = Column("rmdt", "融媒动态", "/xwzx/rmdt/", "xwzx", "新闻动态", source="县融媒体中心")

_AJAX_SCRIPT = """<script type="text/javascript">
(function () {
  var xhr = new XMLHttpRequest();
  xhr.open("GET", "./data.json?t=" + new Date().getTime(), true);
  xhr.onreadystatechange = function () {
    if (xhr.readyState !== 4 || xhr.status !== 200) { return; }
    var rows = JSON.parse(xhr.responseText).data, html = "";
    for (var i = 0; i < rows.length; i++) {
      html += '<li><a href="' + rows[i].url + '" target="_blank" title="' + rows[i].title + '">' + rows[i].title
        + '</a><span class="date">' + rows[i].date + '</span></li>';
    }
    document.getElementById("rmdt_list").innerHTML = html;
  };
  xhr.send(null);
})();
</script>"""


def _at(b: SiteBuilder, age_days: int, hour: int = 9) -> dt.datetime:
    # Fixed times, not b.when(): the shared random stream of the other builders stays untouched.
    return dt.datetime.combine(b.day(age_days), dt.time(hour, 30))


def _ajax_column(b: SiteBuilder) -> str:
    """融媒动态: an empty <ul> in the HTML, filled from data.json by XMLHttpRequest."""
    col = AJAX_COLUMN
    rows = []
    for n in range(AJAX_ITEMS):
        when = _at(b, 1 + 3 * n, hour=10)
        title = f"凤冈县融媒体中心第{AJAX_ITEMS - n}期全媒体新闻汇编"
        path = b.add_article(Article(col=col, title=title, when=when, in_list=False,
                                     body=f"<p>{title}，汇集本期全县重点新闻。</p>"))
        rows.append({"title": title, "url": path, "date": f"{when:%Y-%m-%d}"})
    b.add(col.path + "data.json", json.dumps({"total": len(rows), "data": rows}, ensure_ascii=False).encode(),
          "application/json; charset=utf-8")
    path = col.path + "index.html"
    body = (f'<div class="column-box"><div class="column-title"><h2>{col.name}</h2></div>\n'
            f'<ul class="list" id="rmdt_list"></ul>\n{_AJAX_SCRIPT}</div>')
    b.add_html(path, page(path=path, title=col.name, column=col.name, column_type=col.column_type,
                          trail=[("新闻中心", "/xwzx/"), (col.name, col.path)], body=body))
    b.trap("column.empty", col.path, col.name, "list only filled by XMLHttpRequest from ./data.json "
           "(8 entries): a browser sees them, a static parse does not")
    b.trap("column.stale", col.path, col.name, "AJAX list: newest entry 1 day old")
    b.quirk("ajax_list", col.path, "list items only from XMLHttpRequest ./data.json", items=len(rows),
            newest=rows[0]["date"])
    return col.path


def _slow_render_article(b: SiteBuilder, ajax_path: str) -> str:
    """A news article whose HTML answers at once but whose load event waits 20 s x delay_scale for an
    image a script writes into the page (crawlers never see that image)."""
    gzdt = BY_KEY["gzdt"]
    asset = "/slow-asset/cyh_2026.png"
    b.add(asset, make_png(32, 18, (60, 130, 70)), "image/png", delay=SLOW_ASSET_SECONDS)
    body = ("<p>凤冈县举办茶园秋冬管护现场观摩会，各乡镇（街道）分管负责同志参加。</p>\n"
            '<p style="text-align:center"><script type="text/javascript">'
            f"document.write('<img src=\"{asset}\" alt=\"茶园管护现场\" width=\"600\">');</script></p>\n"
            f'<p>更多报道见<a href="{ajax_path}">融媒动态</a>。</p>')
    path = b.add_article(Article(col=gzdt, title="凤冈县举办茶园秋冬管护现场观摩会", when=_at(b, 0, 8),
                                 body=body))
    b.plant("link.slow", path, gzdt.name, f"browser: the HTML answers at once, the load event waits "
            f"{SLOW_ASSET_SECONDS:g} s x delay_scale for a script-inserted image")
    b.trap("link.broken", path, gzdt.name, "slow to render, not broken")
    return path


def _a11y_article(b: SiteBuilder) -> str:
    """A notice with a registration form whose inputs have no label and a grey-on-white note."""
    tzgg = BY_KEY["tzgg"]
    body = ("<p>各乡镇（街道）、县直各部门：定于近期开展政府网站内容保障业务培训，请在线报名。</p>\n"
            '<div class="baoming"><p>姓名 <input type="text" name="xm"></p>'
            '<p>联系电话 <input type="text" name="dh"></p>'
            '<p><button type="button">提交报名</button></p></div>\n'
            '<p style="color:#d0d0d0;background:#ffffff">温馨提示：报名截止后不再受理。</p>')
    path = b.add_article(Article(col=tzgg, title="关于开展政府网站内容保障业务培训的通知", when=_at(b, 0, 9),
                                 body=body))
    b.plant("a11y.label", path, tzgg.name, "two <input type=text> without any label (the text beside them "
            "is not a <label>)")
    b.plant("a11y.color-contrast", path, tzgg.name, "note in #d0d0d0 on white: contrast 1.5:1 (needs 4.5:1)")
    return path


def build_js_pages(b: SiteBuilder) -> None:
    """Add the browser-only pages; call before the column lists are rendered."""
    ajax = _ajax_column(b)
    _slow_render_article(b, ajax)
    _a11y_article(b)
    # The shared header (templates.header_html) leaves its top-bar links in the default link
    # blue on the red header: a template fault axe sees on every page, reported once.
    b.plant("a11y.color-contrast", "/", "首页", "header top-bar link 网站地图: default blue on the red "
            "header (#b71c1c), on every page; one finding for the template")
