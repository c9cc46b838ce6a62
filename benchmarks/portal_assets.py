"""Small real files the synthetic portal links to: images, attachments, script, style, robots.txt.

They are shared by many pages (as on a real portal, where a logo or a template attachment is
linked everywhere), so a crawl fetches only a few dozen distinct non-HTML files.
"""
from __future__ import annotations

import io
import struct
import zlib
import zipfile

N_IMAGES = 16
N_PDFS = 8
N_DOCX = 4


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid single-colour PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def pdf(text: str) -> bytes:
    """A valid one-page PDF showing an ASCII line of text."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def docx(text: str) -> bytes:
    """A minimal valid .docx with one paragraph."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("[Content_Types].xml", content_types), ("_rels/.rels", rels),
                           ("word/document.xml", document)):
            # A fixed timestamp keeps the bytes (and so ETags) identical across generations.
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(info, data)
    return out.getvalue()


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
        "/images/logo.png": png(360, 60, (183, 28, 28)),
        "/images/conac.png": png(60, 72, (200, 0, 0)),
        "/images/jiucuo.png": png(110, 55, (220, 40, 40)),
    }
    for index, path in enumerate(image_paths()):
        files[path] = png(64, 48, ((index * 37) % 256, (index * 91) % 256, (index * 53) % 256))
    for index, path in enumerate(attachment_paths()):
        label = f"Qingxi county attachment {index}"
        files[path] = pdf(label) if path.endswith(".pdf") else docx(label)
    return files
