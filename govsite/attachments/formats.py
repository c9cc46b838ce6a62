"""Read the text of one attachment, in-process: sniff the format from the bytes (names lie: a .doc
is often RTF or HTML, a .wps is OLE or OOXML), then hand it to its reader.  ZIP archives are
opened recursively within the limits.  Never raises: every failure is an Extracted with status
"not scanned" and the reason.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import PurePosixPath

from govsite.attachments import office
from govsite.attachments.ocr import OCR_NOTE, ocr_image
from govsite.attachments.office import ExtractError
from govsite.attachments.types import Extracted, ExtractLimits

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_EXT = {"txt", "csv", "tsv", "log", "md", "xml", "json"}
_UNSUPPORTED = {b"Rar!": "rar", b"7z\xbc\xaf": "7z", b"\x89PNG": "image", b"\xff\xd8\xff": "image",
                b"GIF8": "image", b"BM": "image", b"II*\x00": "image", b"MM\x00*": "image"}


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes, filename: str = "", content_type: str | None = None) -> str:
    """The format of `data`: pdf, docx, xlsx, pptx, ofd, zip, doc, xls, ppt, encrypted-ooxml,
    rtf, html, txt, rar, 7z, image or unknown."""
    head = data[:8]
    ext = PurePosixPath(filename.lower()).suffix.lstrip(".")
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "ppt/presentation.xml" in names:
            return "pptx"
        if "OFD.xml" in names or "ofd.xml" in names:
            return "ofd"
        return "zip"
    if head.startswith(_OLE):
        window = data[: min(len(data), 4 * 1024 * 1024)]
        if _utf16("EncryptedPackage") in window:
            return "encrypted-ooxml"
        if _utf16("WordDocument") in window:
            return "doc"
        if _utf16("Workbook") in window or _utf16("Book") in window:
            return "xls"
        if _utf16("PowerPoint Document") in window:
            return "ppt"
        return {"xls": "xls", "et": "xls", "ppt": "ppt", "dps": "ppt"}.get(ext, "doc")
    if head.startswith(b"{\\rtf"):
        return "rtf"
    for magic, kind in _UNSUPPORTED.items():
        if head.startswith(magic):
            return kind
    start = data[:2048].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"mime-version")) or b"<html" in start[:512]:
        return "html"
    if ext in _TEXT_EXT or (content_type or "").startswith("text/plain"):
        return "txt"
    return "unknown" if b"\x00" in data[:4096] else ("txt" if data.strip() else "unknown")


def extract_inline(data: bytes, filename: str, content_type: str | None, limits: ExtractLimits,
                   depth: int = 0) -> Extracted:
    """Text of `data`, read in this process (the caller bounds the time)."""
    kind = sniff(data, filename, content_type)
    try:
        text, note = _read(kind, data, filename, limits, depth)
    except ExtractError as exc:
        return Extracted.fail(str(exc), kind)
    except MemoryError:
        return Extracted.fail("out of memory while reading", kind)
    except Exception as exc:  # a damaged file may raise anything from a third-party reader
        return Extracted.fail(f"unreadable {kind} ({type(exc).__name__}: {str(exc)[:160]})", kind)
    if len(text) > limits.max_text_chars:
        text = text[:limits.max_text_chars]
        note = "; ".join(filter(None, [note, f"text cut at {limits.max_text_chars} characters"]))
    return Extracted.ok(text, kind, note)


def _read(kind: str, data: bytes, filename: str, limits: ExtractLimits, depth: int) -> tuple[str, str]:
    if kind == "pdf":
        try:
            return _pdf_text(data), ""
        except ExtractError as exc:
            if not (limits.ocr and str(exc).startswith(_NO_TEXT_LAYER)):
                raise
            text = _pdf_ocr(data, limits)
            if not text.strip():
                raise ExtractError(f"{exc}; OCR read nothing") from None
            return text, OCR_NOTE
    if kind in ("docx", "pptx", "ofd"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if any(i.flag_bits & 0x1 for i in zf.infolist()):
                raise ExtractError("encrypted archive (password required)")
            if kind == "docx":
                return office.docx_text(zf), ""
            if kind == "ofd":
                return office.ofd_text(zf), ""
            return _pptx_text(zf), ""
    if kind == "xlsx":
        return office.xlsx_text(data), ""
    if kind == "xls":
        return office.xls_text(data, limits.seconds_per_file), ""
    if kind == "doc":
        return office.doc_text(data, limits.seconds_per_file), ""
    if kind == "ppt":
        return office._run_tool(["catppt", "-d", "utf-8"], data, ".ppt", limits.seconds_per_file), ""
    if kind == "encrypted-ooxml":
        raise ExtractError("encrypted Office document (password required)")
    if kind == "rtf":
        return rtf_text(data), ""
    if kind in ("txt", "html"):
        return _plain_text(data, kind), ""
    if kind == "zip":
        return _zip_text(data, limits, depth)
    if kind == "image":
        if not limits.ocr:
            raise ExtractError("image file: no text layer (needs OCR)")
        return ocr_image(data, limits.ocr_seconds_per_image, limits.ocr_max_pixels), OCR_NOTE
    raise ExtractError(f"unsupported format ({kind}, {filename or 'no name'})")


# --------------------------------------------------------------------------- PDF
def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                raise ExtractError("encrypted PDF (password required)")
        except (DependencyError, NotImplementedError) as exc:
            raise ExtractError(f"encrypted PDF ({exc})") from None
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError:
        raise ExtractError("encrypted PDF (password required)") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ExtractError(f"{_NO_TEXT_LAYER} ({len(pages)} page(s) of images; needs OCR)")
    return text


_NO_TEXT_LAYER = "PDF without a text layer"


def _pdf_ocr(data: bytes, limits: ExtractLimits) -> str:
    """The text of a scanned PDF: each page's images read by OCR, up to ocr_max_pdf_pages pages."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    texts = []
    for page in reader.pages[:max(0, limits.ocr_max_pdf_pages)]:
        for image in page.images:
            texts.append(ocr_image(image.data, limits.ocr_seconds_per_image, limits.ocr_max_pixels))
    return "\n".join(t for t in texts if t)


# --------------------------------------------------------------------------- plain text, HTML, RTF
def _plain_text(data: bytes, kind: str) -> str:
    from govsite.parsing.decode import decode_html

    text, _ = decode_html(data)
    if kind == "html":
        from govsite.parsing.tree import page_text, parse_html, strip_scripts

        doc = parse_html(text)
        strip_scripts(doc)
        return page_text(doc, limit=10**9)
    return text


_RTF_TOKEN = re.compile(rb"\\'([0-9a-fA-F]{2})|\\u(-?\d+)\??|\\([a-zA-Z]+)(-?\d+)? ?|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+")
_RTF_SKIP = {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"header", b"footer",
             b"themedata", b"colorschememapping", b"latentstyles", b"datastore", b"listtable",
             b"listoverridetable", b"rsidtbl", b"generator", b"xmlnstbl", b"mmathPr"}


def rtf_text(data: bytes) -> str:
    """Plain text of an RTF file: \\'xx bytes decoded with its \\ansicpg code page, \\uN kept."""
    m = re.search(rb"\\ansicpg(\d+)", data[:2048])
    codepage = f"cp{m.group(1).decode()}" if m else "cp936"
    if codepage in ("cp936", "cp54936"):
        codepage = "gb18030"
    out: list[str] = []
    pending = bytearray()
    stack: list[bool] = []
    skip = False
    uc_skip = 0

    def flush():
        if pending:
            out.append(pending.decode(codepage, "replace"))
            pending.clear()

    for tok in _RTF_TOKEN.finditer(data):
        hexbyte, uni, word, _num, sym, brace, plain = tok.groups()
        if brace == b"{":
            stack.append(skip)
        elif brace == b"}":
            flush()
            skip = stack.pop() if stack else False
        elif skip:
            continue
        elif hexbyte:
            if uc_skip:
                uc_skip -= 1
                continue
            pending.append(int(hexbyte, 16))
        elif uni:
            flush()
            out.append(chr(int(uni) % 65536))
            uc_skip = 1
        elif word:
            flush()
            if word in _RTF_SKIP:
                skip = True
            elif word in (b"par", b"line", b"row", b"sect", b"page"):
                out.append("\n")
            elif word in (b"tab", b"cell"):
                out.append("\t")
        elif sym == b"*":
            skip = True
        elif sym in (b"\\", b"{", b"}"):
            flush()
            out.append(sym.decode())
        elif sym == b"~":
            flush()
            out.append(" ")
        elif plain:
            flush()
            if uc_skip:  # the ANSI fallback written after a \uN
                plain, uc_skip = plain[1:], 0
            out.append(plain.decode(codepage, "replace"))
    flush()
    return "".join(out)


def _pptx_text(zf: zipfile.ZipFile) -> str:
    from lxml import etree

    slides = sorted((n for n in zf.namelist() if n.startswith("ppt/slides/slide") and n.endswith(".xml")),
                    key=office._natural)
    out = []
    for name in slides:
        root = etree.fromstring(zf.read(name), office._XML)
        for p in root.iter("{*}p"):
            line = "".join(t.text or "" for t in p.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
            if line:
                out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------- ZIP
def _member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    try:  # Windows archivers write GBK names without the UTF-8 flag; zipfile read them as cp437
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _zip_text(data: bytes, limits: ExtractLimits, depth: int) -> tuple[str, str]:
    if depth >= limits.max_zip_depth:
        raise ExtractError(f"archive nested deeper than {limits.max_zip_depth} levels")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ExtractError(f"damaged zip archive ({exc})") from None
    parts, skipped = [], []
    unpacked = 0
    with zf:
        members = [i for i in zf.infolist() if not i.is_dir()]
        for n, info in enumerate(members):
            name = _member_name(info)
            if n >= limits.max_zip_members:
                skipped.append(f"{len(members) - n} more member(s) (limit {limits.max_zip_members})")
                break
            if info.flag_bits & 0x1:
                skipped.append(f"{name} (encrypted, password required)")
                continue
            if info.file_size > limits.max_bytes:
                skipped.append(f"{name} (too large: {info.file_size} bytes)")
                continue
            if unpacked + info.file_size > limits.max_unpacked_bytes:
                skipped.append(f"{name} (archive over {limits.max_unpacked_bytes} unpacked bytes)")
                continue
            with zf.open(info) as f:
                body = f.read(limits.max_bytes + 1)
            unpacked += len(body)
            if len(body) > limits.max_bytes:
                skipped.append(f"{name} (too large once unpacked)")
                continue
            result = extract_inline(body, name, None, limits, depth + 1)
            if result.status == "scanned":
                parts.append(f"【{name}】\n{result.text}")
                if result.reason:
                    skipped.append(f"{name} ({result.reason})")
            else:
                skipped.append(f"{name} ({result.reason})")
    if not parts:
        raise ExtractError("no member could be read" + (": " + "; ".join(skipped) if skipped else " (empty archive)"))
    note = f"partly scanned: {'; '.join(skipped)}" if skipped else ""
    return "\n".join(parts), note
