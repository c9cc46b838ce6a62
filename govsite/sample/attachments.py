"""Real, small, valid attachment files made in code: PDF (with a text layer), DOCX, XLSX, PNG.

No third-party writer is needed except openpyxl. Every file is byte-for-byte deterministic, so
ETags stay stable across builds of the same as_of.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

_FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- PDF
def _pdf_segments(line: str) -> list[tuple[str, str]]:
    """Split a line into runs: ASCII runs use Helvetica (F1), the rest STSong-Light (F2)."""
    runs: list[tuple[str, str]] = []
    for ch in line:
        font = "F1" if ord(ch) < 128 else "F2"
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def _pdf_text_op(font: str, text: str) -> str:
    if font == "F1":
        esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"/F1 11 Tf ({esc}) Tj"
    return f"/F2 11 Tf <{text.encode('utf-16-be').hex().upper()}> Tj"


def make_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF whose text is a real text layer (Helvetica + non-embedded STSong-Light).

    Content stream is left uncompressed so the planted text can also be found in the raw bytes.
    """
    ops = ["BT", "14 TL", "50 790 Td"]
    for line in [title, ""] + lines:
        for font, text in _pdf_segments(line):
            ops.append(_pdf_text_op(font, text))
        ops.append("T*")
    ops.append("ET")
    content = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 8 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{num} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


# --------------------------------------------------------------------------- ZIP-based (docx/xlsx)
def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _normalize_zip(data: bytes) -> bytes:
    """Fixed entry times, and a fixed dcterms:modified (openpyxl writes the time of saving)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries = [(n, zf.read(n)) for n in zf.namelist()]
    entries = [(n, _MODIFIED.sub(rb"\g<1>2020-01-01T00:00:00Z\g<2>", b) if n == "docProps/core.xml" else b)
               for n, b in entries]
    return _zip(entries)


_DOCX_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _w_par(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def make_docx(title: str, paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A minimal valid Word document: a title, paragraphs and an optional table."""
    body = [_w_par(title)] + [_w_par(p) for p in paragraphs]
    if table:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc>{_w_par(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in table
        )
        body.append(f"<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>{rows}</w:tbl>")
        body.append(_w_par(""))
    doc = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(body)}<w:sectPr/></w:body></w:document>"
    )
    return _zip([
        ("[Content_Types].xml", _DOCX_CT.encode()),
        ("_rels/.rels", _DOCX_RELS.encode()),
        ("word/document.xml", doc.encode()),
    ])


def make_xlsx(sheet_title: str, rows: list[list[str]]) -> bytes:
    """A valid Excel workbook (openpyxl), every cell stored as text like real 公示 sheets."""
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title[:31]
    for row in rows:
        ws.append([str(c) for c in row])
    fixed = dt.datetime(2020, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    return _normalize_zip(buf.getvalue())


# --------------------------------------------------------------------------- PNG
def make_png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A tiny solid-colour PNG (logos, badges, news photos)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}


# Noto Sans CJK (Debian fonts-noto-cjk, which install.sh installs for the charts)
_CJK_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def make_table_png(rows: list[list[str]], size: int = 28) -> bytes:
    """A picture of a table (a 公示 list posted as an image): black text on white, one line a row.
    Chinese needs Noto CJK; without it the cells are drawn in Pillow's own font (digits read)."""
    from PIL import Image, ImageDraw, ImageFont

    font = None
    for path in _CJK_FONTS:
        try:
            font = ImageFont.truetype(path, size)
            break
        except OSError:
            continue
    if font is None:
        font = ImageFont.load_default(size)
        rows = [[c if c.isascii() else "" for c in row] for row in rows]
    widths = [max(int(font.getlength(row[i])) for row in rows) + 40 for i in range(len(rows[0]))]
    line = size * 2
    img = Image.new("RGB", (sum(widths) + 40, line * len(rows) + 40), "white")
    draw = ImageDraw.Draw(img)
    for r, row in enumerate(rows):
        x = 20
        for c, cell in enumerate(row):
            draw.text((x + 10, 20 + r * line + size // 2), cell, fill="black", font=font)
            x += widths[c]
        draw.line((20, 20 + (r + 1) * line, 20 + sum(widths), 20 + (r + 1) * line), fill="black")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def make_scanned_pdf(png: bytes) -> bytes:
    """A PDF of one page that is only a picture (a scanned document: no text layer)."""
    import time

    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(png)) as img:
        fixed = time.gmtime(1577836800)        # 2020-01-01: Pillow writes the time of saving otherwise
        img.convert("RGB").save(out, "PDF", resolution=150.0, creationDate=fixed, modDate=fixed)
    return out.getvalue()
