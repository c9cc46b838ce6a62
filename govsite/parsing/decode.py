"""Turn a response body into text, whatever its declared (or wrong) charset says."""
from __future__ import annotations

import codecs
import re

# The GB family is always read as gb18030, its superset: real pages labelled GB2312 use GBK
# characters all the time.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "gb_2312", "gb_2312-80", "cp936", "euc-cn",
              "csgb2312", "chinese", "iso-ir-58", "x-euc-cn", "ms936", "windows-936"}
# WHATWG: these labels mean windows-1252, not true ISO-8859-1.
_LATIN1 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819",
           "ibm819", "iso_8859-1", "iso-ir-100", "windows-1252", "cp1252", "x-cp1252"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# Mojibake left by UTF-8 read as Latin-1 and re-encoded: a lead byte char + continuation chars.
_DOUBLE_UTF8 = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a charset label, or None when the label is unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    if label in _LATIN1:
        return "cp1252"
    if label in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return "utf-8"
    if label in ("big5", "big5-hkscs", "x-x-big5"):
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset the server or the page declares: HTTP header first, then the first <meta>."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m:
            enc = normalize_charset(m.group(1))
            if enc:
                return enc
    m = _META_CHARSET.search(body[:4096])
    if m:
        return normalize_charset(m.group(1).decode("ascii", "ignore"))
    return None


def repair_double_utf8(text: str) -> str:
    """Undo UTF-8 text that was read as Latin-1 and re-encoded, when it round-trips exactly."""
    if not _DOUBLE_UTF8.search(text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML body to (text, encoding name); never raises.

    Order: BOM; strict UTF-8 when the bytes are valid UTF-8 (declarations are often wrong);
    the declared charset; gb18030; finally UTF-8 with replacement characters.
    """
    if not body:
        return "", "utf-8"
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(enc, errors="replace"), enc
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        repaired = repair_double_utf8(text)
        return repaired, "utf-8"
    declared = declared_charset(body, content_type)
    if declared and declared not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            return body.decode(declared), declared
        except UnicodeDecodeError:
            pass
    try:
        return body.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    if declared and declared != "utf-8":
        return body.decode(declared, errors="replace"), declared
    return body.decode("utf-8", errors="replace"), "utf-8"
