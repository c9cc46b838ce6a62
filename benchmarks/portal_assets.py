"""Small real files the synthetic portal links to: images, attachments, script, style, robots.txt.

They are shared by many pages (as on a real portal, where a logo or a template attachment is
linked everywhere), so a crawl fetches only a few dozen distinct non-HTML files.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The sample portal already writes small valid files; the benchmark portal uses the same ones.
from govsite.sample.attachments import make_docx, make_pdf, make_png  # noqa: E402

N_IMAGES = 16
N_PDFS = 8
N_DOCX = 4


def image_paths() -> list[str]:
    """Site paths of the shared content images."""
    return [f"/uploads/images/W020260101{index:06d}.png" for index in range(N_IMAGES)]


def attachment_paths() -> list[str]:
    """Site paths of the shared attachments (pdf first, then docx)."""
    pdfs = [f"/uploads/files/P020260101{index:06d}.pdf" for index in range(N_PDFS)]
    docs = [f"/uploads/files/P020260102{index:06d}.docx" for index in range(N_DOCX)]
    return pdfs + docs


COMMON_JS = """/* TRS-style list pagination: writes links to index.html, index_1.html, ... */
function createPageHTML(countPage, currentPage, prefix, ext) {
  if (countPage <= 1) return;
  var html = [], name = function (i) { return i === 0 ? prefix + "." + ext : prefix + "_" + i + "." + ext; };
  html.push('<a href="' + name(0) + '">首页</a>');
  if (currentPage > 0) html.push('<a href="' + name(currentPage - 1) + '">上一页</a>');
  if (currentPage < countPage - 1) html.push('<a href="' + name(currentPage + 1) + '">下一页</a>');
  html.push('<a href="' + name(countPage - 1) + '">尾页</a>');
  html.push('<span>共' + countPage + '页</span>');
  document.write(html.join(" "));
}
"""

SITE_CSS = """body{margin:0;font:14px/1.8 "Microsoft YaHei",SimSun,sans-serif;color:#333}
.header{background:#b71c1c;color:#fff}.nav a{color:#fff;padding:0 12px}.main{width:1200px;margin:0 auto}
.list li{border-bottom:1px dashed #ddd;line-height:36px}.list .date{float:right;color:#999}
.article h1{font-size:24px;text-align:center}.info{text-align:center;color:#888}
.footer{background:#f3f3f3;font-size:12px;text-align:center;padding:20px 0}
"""

ROBOTS_TXT = "User-agent: *\nDisallow: /search/\nDisallow: /cgi-bin/\n"


def static_files() -> dict[str, bytes]:
    """Every shared non-HTML file, keyed by site path."""
    files: dict[str, bytes] = {
        "/robots.txt": ROBOTS_TXT.encode(),
        "/js/common.js": COMMON_JS.encode(),
        "/css/style.css": SITE_CSS.encode(),
        "/images/logo.png": make_png(360, 60, (183, 28, 28)),
        "/images/conac.png": make_png(60, 72, (200, 0, 0)),
        "/images/jiucuo.png": make_png(110, 55, (220, 40, 40)),
    }
    for index, path in enumerate(image_paths()):
        files[path] = make_png(64, 48, ((index * 37) % 256, (index * 91) % 256, (index * 53) % 256))
    for index, path in enumerate(attachment_paths()):
        label = f"Qingxi county attachment {index}"
        files[path] = (make_pdf(label, [label]) if path.endswith(".pdf")
                       else make_docx(label, [label]))
    return files
