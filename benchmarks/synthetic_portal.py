"""Write a static synthetic county portal shaped like a TRS-built site (清溪县人民政府).

    python benchmarks/synthetic_portal.py --pages 20000 --out /tmp/portal

Shape: home page linking ~40 columns; column list pages of 20 items whose further pages
(index_1.html, index_2.html, ...) are reachable only through an inline
``createPageHTML(countPage, currentPage, "index", "html")`` call; articles at
/<sec>/<col>/YYYYMM/tYYYYMMDD_N.html with the gov meta block, breadcrumb, 发布时间/来源 line,
body text, shared header/footer, images, attachments and ~0.5 % dead internal links.
The output is deterministic: the same --pages always yields byte-identical files.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import time
from html import escape
from pathlib import Path

import portal_assets
from portal_plan import AS_OF, BROKEN_LINK_PROBABILITY, ITEMS_PER_LIST_PAGE, Article, PlannedColumn, SitePlan, plan_site
from portal_text import (
    COLUMNS,
    CONAC_URL,
    CONTACT,
    COUNTY,
    EXTERNAL_GOV,
    EXTERNAL_PROVINCE,
    ICP,
    JIUCUO_URL,
    POLICE,
    SECTIONS,
    SITE_ID_CODE,
    SITE_NAME,
    SPONSOR,
    TOWNS,
    body_paragraphs,
)

GENERATOR_VERSION = 1   # bump when the output changes, so cached portals are regenerated
A_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')

_INLINE_STYLE = "\n".join(
    f".m{i}{{margin:{i}px 0;padding:0 {i % 7}px}} .c{i}{{color:#{(i * 7919) % 0xFFFFFF:06x}}}"
    for i in range(60))
_STATS_SCRIPT = """var _hmt = _hmt || [];
(function () { var hm = document.createElement("script");
  hm.src = "/js/common.js?v=20260101"; hm.async = true;
  var s = document.getElementsByTagName("script")[0]; if (s) s.parentNode.insertBefore(hm, s); })();
function doZoom(size) { var el = document.getElementById("zoom"); if (el) el.style.fontSize = size + "px"; }
function toggleElderMode() { document.body.classList.toggle("elder"); }"""


def _nav_links() -> list[tuple[str, str]]:
    """The 30 header navigation links shared by every page."""
    links = [("/", "首页")] + [(f"/{sec}/index.html", name) for sec, name, _ in SECTIONS]
    links += [(f"/{c.section}/{c.slug}/index.html", c.name) for c in COLUMNS[:21]]
    return links


def _header() -> str:
    nav = "".join(f'<li><a href="{href}">{name}</a></li>' for href, name in _nav_links())
    departments = "".join(f'<option value="http://127.0.0.2/dept/{i}">{s}</option>'
                          for i, s in enumerate(["县发展和改革局", "县财政局", "县教育局", "县公安局",
                                                 "县民政局", "县司法局", "县卫生健康局", "县审计局",
                                                 "县统计局", "县医保局", "县林业局", "县水利局"]
                                                + [t + "人民政府" for t in TOWNS]))
    return f"""<div class="topbar m1"><div class="main">
<span class="c1">欢迎访问{SITE_NAME}门户网站</span>
<a href="javascript:void(0)" onclick="toggleElderMode()">长者模式</a>
<a href="javascript:void(0)" id="wza">无障碍</a>
<a href="/wzdt/index.html">网站地图</a></div></div>
<div class="header"><div class="main">
<a href="/" class="logo"><img src="/images/logo.png" alt="{SITE_NAME}"></a>
<form class="search" action="/search/search.html" method="get">
<input type="text" name="searchword" placeholder="请输入关键字"><button type="submit">搜索</button></form>
</div></div>
<div class="nav"><ul class="main">{nav}</ul></div>
<div class="mobile-nav" style="display:none"><ul>{nav}</ul></div>
<div class="dept-select"><select onchange="if(this.value) window.open(this.value)">
<option value="">部门乡镇网站</option>{departments}</select></div>
"""


def _footer() -> str:
    return f"""<div class="footer"><div class="main">
<p><a href="/gywm/index.html">关于我们</a> | <a href="/lxwm/index.html">联系我们</a> |
<a href="/wzdt/index.html">网站地图</a> | <a href="{EXTERNAL_GOV}" target="_blank">中国政府网</a> |
<a href="{EXTERNAL_PROVINCE}" target="_blank">省人民政府</a></p>
<p>主办单位：{SPONSOR}　　承办：{COUNTY}大数据发展中心　　联系电话：{CONTACT}</p>
<p>网站标识码：{SITE_ID_CODE}　　<a href="http://127.0.0.3/beian/" target="_blank">{ICP}</a>
<a href="http://127.0.0.2/beian/" target="_blank"><img src="/images/jiucuo.png" alt="">{POLICE}</a></p>
<p><a href="{JIUCUO_URL}" target="_blank"><img src="/images/jiucuo.png" alt="我为政府网站找错"></a>
<a href="{CONAC_URL}" target="_blank"><img src="/images/conac.png" alt="党政机关"></a></p>
</div></div>
<script>{_STATS_SCRIPT}</script>
"""


HEADER = _header()
FOOTER = _footer()


def _page(title: str, head_meta: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{escape(title)}</title>
{head_meta}<link rel="stylesheet" href="/css/style.css">
<script src="/js/common.js"></script>
<style>{_INLINE_STYLE}</style>
</head><body>
{HEADER}<div class="main">
{body}</div>
{FOOTER}</body></html>
"""


def _meta(column: str, title: str | None = None, article: Article | None = None) -> str:
    tags = [("SiteName", SITE_NAME), ("SiteDomain", "127.0.0.1"), ("SiteIDCode", SITE_ID_CODE),
            ("ColumnName", column), ("ColumnType", column)]
    if article is not None and title is not None:
        tags += [("ArticleTitle", title), ("PubDate", f"{article.published:%Y-%m-%d} {article.clock}"),
                 ("ContentSource", article.source), ("Keywords", f"{COUNTY},{column}"),
                 ("Description", title)]
    return "".join(f'<meta name="{name}" content="{escape(value)}">\n' for name, value in tags)


class PortalWriter:
    """Renders a SitePlan to files under root."""

    def __init__(self, plan: SitePlan, root: Path):
        self.plan = plan
        self.root = root
        self.rng = random.Random(plan.seed + 1)
        self.images = portal_assets.image_paths()
        self.attachments = portal_assets.attachment_paths()
        self.stats = {"html_pages": 0, "html_bytes": 0, "internal_links": 0, "broken_links": 0,
                      "external_links": 0, "list_pages_script_only": 0}

    def _write(self, site_path: str, text: str) -> None:
        data = text.encode("utf-8")
        target = self.root / site_path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.stats["html_pages"] += 1
        self.stats["html_bytes"] += len(data)
        for href in A_HREF.findall(text):
            if href.startswith("http://127.0.0.2") or href.startswith("http://127.0.0.3"):
                self.stats["external_links"] += 1
            elif not href.startswith("javascript:"):
                self.stats["internal_links"] += 1

    def _broken(self) -> str | None:
        if self.rng.random() < BROKEN_LINK_PROBABILITY:
            self.stats["broken_links"] += 1
            return self.rng.choice(self.plan.broken_urls)
        return None

    def write_all(self) -> dict[str, int]:
        for site_path, data in portal_assets.static_files().items():
            target = self.root / site_path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self._write_home()
        for section, name, _ in SECTIONS:
            self._write_section(section, name)
        self._write_extras()
        for column in self.plan.columns:
            for page in range(column.list_pages):
                self._write_list_page(column, page)
            for position in range(len(column.articles)):
                self._write_article(column, position)
        return self.stats

    def _latest_block(self, column: PlannedColumn, prefix: str, count: int = 5) -> str:
        items = "".join(
            f'<li><a href="{prefix}{column.spec.slug}/{a.month_dir}/{a.file_name}" '
            f'title="{escape(a.title)}">{escape(a.title[:24])}</a>'
            f'<span class="date">{a.published:%m-%d}</span></li>'
            for a in column.articles[:count])
        return (f'<div class="block"><h3><a href="{prefix}{column.spec.slug}/index.html">'
                f'{column.spec.name}</a><a class="more" href="{prefix}{column.spec.slug}/index.html">'
                f'更多&gt;&gt;</a></h3><ul class="list">{items}</ul></div>\n')

    def _write_home(self) -> None:
        blocks = "".join(self._latest_block(c, f"./{c.spec.section}/") for c in self.plan.columns)
        sections = "".join(f'<a href="./{sec}/index.html">{name}</a>' for sec, name, _ in SECTIONS)
        banner = f'<div class="banner"><img src="{self.images[0]}" alt="专题"></div>'
        self._write("/index.html", _page(SITE_NAME, _meta("首页"),
                                         f'<div class="sections">{sections}</div>{banner}{blocks}'))

    def _write_section(self, section: str, name: str) -> None:
        blocks = "".join(self._latest_block(c, "./", 8) for c in self.plan.columns
                         if c.spec.section == section)
        crumb = f'<div class="location">当前位置：<a href="../">首页</a> &gt; <span>{name}</span></div>'
        self._write(f"/{section}/index.html",
                    _page(f"{name}_{SITE_NAME}", _meta(name), crumb + blocks))

    def _write_extras(self) -> None:
        sitemap = "".join(
            f'<dl><dt><a href="/{sec}/index.html">{name}</a></dt>'
            + "".join(f'<dd><a href="/{c.section}/{c.slug}/index.html">{c.name}</a></dd>'
                      for c in COLUMNS if c.section == sec) + "</dl>"
            for sec, name, _ in SECTIONS)
        pages = {"wzdt": ("网站地图", sitemap),
                 "gywm": ("关于我们", f"<p>{SITE_NAME}门户网站由{SPONSOR}主办。</p>"),
                 "lxwm": ("联系我们", f"<p>联系电话：{CONTACT}</p><p>地址：{COUNTY}清溪镇人民路1号</p>")}
        for slug, (name, body) in pages.items():
            crumb = f'<div class="location">当前位置：<a href="../">首页</a> &gt; <span>{name}</span></div>'
            self._write(f"/{slug}/index.html", _page(f"{name}_{SITE_NAME}", _meta(name),
                                                     crumb + body))

    def _write_list_page(self, column: PlannedColumn, page: int) -> None:
        spec = column.spec
        start = page * ITEMS_PER_LIST_PAGE
        items = []
        for article in column.articles[start:start + ITEMS_PER_LIST_PAGE]:
            items.append(f'<li><a href="./{article.month_dir}/{article.file_name}" '
                         f'title="{escape(article.title)}" target="_blank">{escape(article.title)}</a>'
                         f'<span class="date">{article.published:%Y-%m-%d}</span></li>')
        broken = self._broken()
        if broken and items:
            items[-1] = f'<li><a href="{broken}" title="已删除">已删除的信息</a><span class="date"></span></li>'
        script = (f'<div class="page"><script>createPageHTML({column.list_pages}, {page}, '
                  f'"index", "html");</script></div>')
        crumb = (f'<div class="location">当前位置：<a href="../../">首页</a> &gt; '
                 f'<a href="../index.html">{spec.section_name}</a> &gt; <span>{spec.name}</span></div>')
        body = f'{crumb}<div class="list"><ul>{"".join(items)}</ul>{script}</div>'
        name = "index.html" if page == 0 else f"index_{page}.html"
        if page:
            self.stats["list_pages_script_only"] += 1
        self._write(f"{column.path}{name}",
                    _page(f"{spec.name}_{SITE_NAME}", _meta(spec.name), body))

    def _related(self, column: PlannedColumn, position: int) -> list[tuple[str, str]]:
        """Six related links: neighbours in the column, then popular articles site-wide."""
        here = column.articles[position]
        links = []
        for other in column.articles[position + 2:position + 5]:
            links.append((f"../{other.month_dir}/{other.file_name}", other.title))
        for _ in range(6 - len(links)):
            other_col = self.plan.columns[self.rng.randrange(len(self.plan.columns))]
            other = other_col.articles[self.rng.randrange(min(40, len(other_col.articles)))]
            if other is not here:
                links.append((other_col.article_path(other), other.title))
        return links

    def _write_article(self, column: PlannedColumn, position: int) -> None:
        spec, article, rng = column.spec, column.articles[position], self.rng
        paragraphs = body_paragraphs(rng, rng.randint(1000, 2000))
        body_html = "".join(f'<p style="text-indent:2em">{p}</p>' for p in paragraphs)
        for _ in range(rng.choice((0, 1, 1, 2))):
            body_html += (f'<p style="text-align:center"><img src="{rng.choice(self.images)}" '
                          f'alt="{escape(article.title)}"></p>')
        files = rng.sample(self.attachments, rng.choice((0, 0, 1, 1, 2, 3)))
        related = self._related(column, position)
        broken = self._broken()
        if broken:
            if broken.endswith(".pdf"):
                files.append(broken)
            else:
                related[-1] = (broken, "（已失效）" + related[-1][1])
        attach = "".join(f'<li><a href="{f}" target="_blank">附件{i + 1}：{escape(article.title)}'
                         f'{os.path.splitext(f)[1]}</a></li>' for i, f in enumerate(files))
        prev_next = []
        if position > 0:
            newer = column.articles[position - 1]
            prev_next.append(f'上一篇：<a href="../{newer.month_dir}/{newer.file_name}">{escape(newer.title)}</a>')
        if position + 1 < len(column.articles):
            older = column.articles[position + 1]
            prev_next.append(f'下一篇：<a href="../{older.month_dir}/{older.file_name}">{escape(older.title)}</a>')
        related_html = "".join(f'<li><a href="{href}" target="_blank">{escape(t)}</a></li>'
                               for href, t in related)
        body = (f'<div class="location">当前位置：<a href="../../../">首页</a> &gt; '
                f'<a href="../../index.html">{spec.section_name}</a> &gt; '
                f'<a href="../index.html">{spec.name}</a></div>\n'
                f'<div class="article"><h1>{escape(article.title)}</h1>\n'
                f'<div class="info">发布时间：{article.published:%Y-%m-%d} {article.clock}　　'
                f'来源：{article.source}　　【字体：<a href="javascript:doZoom(18)">大</a> '
                f'<a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>\n'
                f'<div class="content" id="zoom"><div class="TRS_Editor">{body_html}</div></div>\n'
                + (f'<div class="attachments"><p>附件：</p><ul>{attach}</ul></div>\n' if files else "")
                + f'<div class="prevnext">{"<br>".join(prev_next)}</div>\n'
                f'<div class="related"><h3>相关信息</h3><ul>{related_html}</ul></div></div>\n')
        self._write(column.article_path(article),
                    _page(f"{article.title}_{spec.name}_{SITE_NAME}",
                          _meta(spec.name, article.title, article), body))


def generate(n_pages: int, out: Path) -> dict:
    """Write the portal to out (replacing it) and return its manifest."""
    started = time.monotonic()
    plan = plan_site(n_pages)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    stats = PortalWriter(plan, tmp).write_all()
    assert stats["html_pages"] == n_pages, stats
    manifest = {
        "generator_version": GENERATOR_VERSION, "pages_requested": n_pages, "as_of": AS_OF.isoformat(),
        **stats,
        "articles": sum(len(c.articles) for c in plan.columns),
        "columns": len(plan.columns),
        "static_files": len(portal_assets.static_files()),
        "distinct_broken_urls": len(plan.broken_urls),
        "broken_link_ratio": round(stats["broken_links"] / max(1, stats["internal_links"]), 5),
        "mean_html_kb": round(stats["html_bytes"] / stats["html_pages"] / 1024, 1),
        "generation_seconds": round(time.monotonic() - started, 1),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return manifest


def ensure_portal(n_pages: int, cache_root: Path) -> tuple[Path, dict]:
    """The portal for n_pages under cache_root, generated only if not cached already."""
    out = cache_root / f"portal-{n_pages}"
    manifest_file = out / "manifest.json"
    if manifest_file.exists():
        manifest = json.loads(manifest_file.read_text())
        if manifest.get("generator_version") == GENERATOR_VERSION:
            return out, manifest
    return out, generate(n_pages, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20000, help="HTML pages to write (default 20000)")
    parser.add_argument("--out", type=Path, required=True, help="directory to (re)create")
    args = parser.parse_args(argv)
    manifest = generate(args.pages, args.out)
    print(json.dumps(manifest, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
