"""Column list pages and article pages, in the markup TRS / Hanweb county portals really use."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from .columns import Column, trail
from .templates import page, rel


@dataclass
class Item:
    """One entry of a column list."""

    title: str
    path: str                 # site path of the target page
    when: dt.datetime
    cells: dict[str, str] = field(default_factory=dict)  # extra table cells by header
    summary: str = ""         # a line of text under the title (some 公示 lists have one)
    image: str | None = None  # site path of a thumbnail (picture lists)


@dataclass
class Article:
    """An article page before rendering."""

    col: Column
    title: str
    when: dt.datetime
    body: str                                  # inner HTML of div.TRS_Editor
    source: str | None = None                  # None: the column's default source
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (site path or URL, label)
    show_title: bool = True
    show_date: bool = True
    show_source: bool = True
    show_body: bool = True
    date_label: str = "发布时间"
    source_label: str = "来源"
    date_style: str = "iso"                    # iso "2026-11-20 09:30" or cn "2026年11月20日"
    extra_meta: dict[str, str] = field(default_factory=dict)
    info_table: list[tuple[str, str]] = field(default_factory=list)  # 信息公开 metadata rows
    in_list: bool = True
    cells: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    image: str | None = None
    path: str = ""                             # filled in by the builder
    # transport quirks
    charset_meta: str | None = None            # declared <meta charset>, when it differs
    encoding: str | None = None                # bytes encoding, when it differs from the column
    http_charset: str | None = None            # charset in the Content-Type header ("" = none)
    delay: float = 0.0


def fmt_date(when: dt.date, style: str) -> str:
    if style == "cn":
        return f"{when.year}年{when.month:02d}月{when.day:02d}日"
    if style == "mmdd":
        return f"[{when.month:02d}-{when.day:02d}]"
    return f"{when:%Y-%m-%d}"


def _list_ul(page_path: str, items: list[Item], date_fmt: str) -> str:
    lis = []
    for it in items:
        summary = f'<p class="summary">{escape(it.summary)}</p>' if it.summary else ""
        lis.append(
            f'<li><a href="{rel(page_path, it.path)}" target="_blank" title="{escape(it.title)}">'
            f'{escape(it.title)}</a><span class="date">{fmt_date(it.when, date_fmt)}</span>{summary}</li>'
        )
    return '<ul class="list">\n' + "\n".join(lis) + "\n</ul>"


def _list_pic(page_path: str, items: list[Item], date_fmt: str) -> str:
    lis = []
    for it in items:
        href = rel(page_path, it.path)
        img = f'<a href="{href}" target="_blank"><img src="{rel(page_path, it.image)}" alt="{escape(it.title)}"></a>' \
            if it.image else ""
        lis.append(f'<li>{img}<p><a href="{href}" target="_blank" title="{escape(it.title)}">{escape(it.title)}</a>'
                   f'</p><span class="date">{fmt_date(it.when, date_fmt)}</span></li>')
    return '<ul class="piclist">\n' + "\n".join(lis) + "\n</ul>"


def _list_table(page_path: str, items: list[Item], col: Column) -> str:
    heads = ["序号", "标题", *col.table_headers, col.date_header]
    rows = []
    for n, it in enumerate(items, start=1):
        cells = "".join(f"<td>{escape(it.cells.get(h, ''))}</td>" for h in col.table_headers)
        rows.append(
            f'<tr><td>{n}</td><td class="title"><a href="{rel(page_path, it.path)}" target="_blank" '
            f'title="{escape(it.title)}">{escape(it.title)}</a></td>{cells}'
            f'<td class="date">{fmt_date(it.when, col.date_fmt)}</td></tr>'
        )
    head = "".join(f"<th>{h}</th>" for h in heads)
    return (f'<table class="list-table" width="100%">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>")


def _list_dl(page_path: str, items: list[Item], col: Column) -> str:
    dls = [
        f'<dl><dt><a href="{rel(page_path, it.path)}" target="_blank" title="{escape(it.title)}">'
        f'{escape(it.title)}</a></dt><dd class="date">{col.date_header}：{fmt_date(it.when, col.date_fmt)}</dd></dl>'
        for it in items
    ]
    return '<div class="guide-list">\n' + "\n".join(dls) + "\n</div>"


def _list_datastore(page_path: str, items: list[Item], col: Column) -> str:
    """Hanweb jpage: records only inside <script type="text/xml">, drawn by JavaScript."""
    records = "\n".join(
        f'<record><![CDATA[<li><a href="{rel(page_path, it.path)}" target="_blank" title="{escape(it.title)}">'
        f'{escape(it.title)}</a><span>{fmt_date(it.when, col.date_fmt)}</span></li>]]></record>'
        for it in items
    )
    return f"""<div class="list-box"><ul class="list" id="list_237612"></ul>
<div id="237612"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=237612&unitid=765432&webname=%E5%87%A4%E5%86%88&permissiontype=0"></a>]]></nextgroup>
<recordset>
{records}
</recordset>
</datastore></script></div>
<script type="text/javascript">
(function () {{
  var box = document.getElementById("237612");
  var xml = box.getElementsByTagName("script")[0].innerHTML;
  var recs = xml.match(/<!\\[CDATA\\[(<li>[\\s\\S]*?<\\/li>)\\]\\]>/g) || [];
  var html = "";
  for (var i = 0; i < recs.length; i++) {{ html += recs[i].replace("<![CDATA[", "").replace("]]>", ""); }}
  document.getElementById("list_237612").innerHTML = html;
}})();
</script></div>"""


def list_html(col: Column, page_path: str, items: list[Item]) -> str:
    if not items:
        if col.placeholder:
            return f'<ul class="list"></ul>\n<div class="list-empty">{col.placeholder}</div>'
        return '<ul class="list">\n</ul>'
    if col.layout == "pic":
        return _list_pic(page_path, items, col.date_fmt)
    if col.layout == "table":
        return _list_table(page_path, items, col)
    if col.layout == "dl":
        return _list_dl(page_path, items, col)
    if col.layout == "datastore":
        return _list_datastore(page_path, items, col)
    return _list_ul(page_path, items, col.date_fmt)


def column_pages(col: Column, items: list[Item], intro: str = "") -> list[tuple[str, str]]:
    """All list pages of a column as (path, html); pages after the first only via createPageHTML."""
    items = sorted(items, key=lambda i: i.when, reverse=True)
    per = col.per_page if col.layout != "datastore" else max(len(items), 1)
    chunks = [items[i:i + per] for i in range(0, len(items), per)] or [[]]
    out = []
    for n, chunk in enumerate(chunks):
        path = col.path + ("index.html" if n == 0 else f"index_{n}.html")
        pager = ""
        if len(chunks) > 1:
            pager = (f'<div class="page"><script type="text/javascript">'
                     f'createPageHTML({len(chunks)}, {n}, "index", "html");</script></div>')
        body = (f'<div class="column-box"><div class="column-title"><h2>{col.name}</h2></div>\n{intro}'
                f"{list_html(col, path, chunk)}\n{pager}</div>")
        html = page(path=path, title=col.name, column=col.name, column_type=col.column_type,
                    trail=trail(col), body=body, header=col.header, footer=col.footer,
                    charset="gb2312" if col.encoding == "gbk" else "utf-8")
        out.append((path, html))
    return out


def _att_href(page_path: str, href: str) -> str:
    """Site paths become relative hrefs; URLs, file: and UNC links are written as given."""
    if href.startswith("/"):
        return rel(page_path, href)
    return escape(href)


def article_html(art: Article) -> str:
    col = art.col
    source = art.source if art.source is not None else col.source
    when_text = (f"{art.when.year}年{art.when.month:02d}月{art.when.day:02d}日" if art.date_style == "cn"
                 else f"{art.when:%Y-%m-%d %H:%M}")
    meta: dict[str, str] = {}
    if art.show_title:
        meta["ArticleTitle"] = art.title
    if art.show_date:
        meta["PubDate"] = f"{art.when:%Y-%m-%d %H:%M}"
    if art.show_source:
        meta["ContentSource"] = source
    meta.update(art.extra_meta)
    spans = []
    if art.show_date:
        spans.append(f"<span>{art.date_label}：{when_text}</span>")
    if art.show_source:
        spans.append(f"<span>{art.source_label}：{escape(source)}</span>")
    spans.append('<span>字号：[<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> '
                 '<a href="javascript:doZoom(12)">小</a>]</span>')
    info_table = ""
    if art.info_table:
        cells = "".join(f"<tr><th>{k}：</th><td>{escape(v)}</td></tr>" for k, v in art.info_table)
        info_table = f'<table class="xxgk-info">{cells}</table>\n'
    atts = ""
    if art.attachments:
        lis = "".join(
            f'<li><a href="{_att_href(art.path, href)}" target="_blank">{escape(label)}</a></li>'
            for href, label in art.attachments
        )
        atts = f'<div class="attachments"><p>附件：</p><ul>{lis}</ul></div>\n'
    title = escape(art.title) if art.show_title else ""
    body = art.body if art.show_body else ""
    html_body = (
        f'<div class="article">\n{info_table}<h1 class="title">{title}</h1>\n'
        f'<div class="info">{"".join(spans)}</div>\n'
        f'<div class="TRS_Editor">{body}</div>\n{atts}'
        f'<div class="share"><a href="javascript:window.print()">【打印本页】</a>'
        f'<a href="javascript:window.close()">【关闭窗口】</a></div>\n</div>'
    )
    charset = art.charset_meta or ("gb2312" if (art.encoding or col.encoding) == "gbk" else "utf-8")
    return page(path=art.path, title=art.title if art.show_title else "", column=col.name,
                column_type=col.column_type, trail=trail(col), body=html_body, extra_meta=meta,
                header=col.header, footer=col.footer, charset=charset)
