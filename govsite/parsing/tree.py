"""One lxml parse per page, and the small tree helpers every extractor shares.

Plain lxml.etree (not lxml.html: its element-class lookup costs a third of the time on big
pages). Comments and processing instructions are dropped at parse time, so nothing commented
out is ever seen by an extractor.
"""
from __future__ import annotations

import re

from lxml import etree

_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# libxml2 drops everything after a stray </html> (included fragments bring their own);
# browsers ignore these end tags, so we remove them.
_END_TAGS = re.compile(r"</(?:html|body)\s*>", re.I)
_HTML_TAG = re.compile(r"<html\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_WS = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\r\f\v\xa0\u3000\u200b]+")
_LINE_BREAKS = re.compile(r" ?\n[\s]*")
# Whitespace between two CJK characters is layout, not text (titles broken by <br> and newlines).
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")

SKIP_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "textarea", "select"})
BLOCK_TAGS = ("p", "div", "br", "li", "tr", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4",
              "h5", "h6", "ul", "ol", "table", "section", "article", "header", "footer", "nav",
              "form", "title", "dl")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASSES = frozenset({"ng-hide", "hide", "hidden", "dn", "display-none", "d-none",
                             "sr-only", "visually-hidden"})
# The candidates is_hidden then judges: elements under <body> with a hidden attribute, a style or a
# class holding one of the words.  Asked of the attribute nodes, one test per attribute kind, and
# the three sets joined: four times cheaper in libxml2 than testing every element for all eight
# contains() (an element without the attribute fails each test only after the test is run).
_HIDDEN_XPATH = etree.XPath(
    "//body/descendant::*[@hidden]"
    " | //body/descendant::*/@style[contains(., 'none') or contains(., 'hidden')]/.."
    " | //body/descendant::*/@class[contains(., 'hide') or contains(., 'hidden') or "
    "contains(., 'dn') or contains(., 'none') or contains(., 'sr-only')]/..")


class NestedTooDeep(ValueError):
    """The markup nests deeper than libxml2 parses (256 levels): it stops there and drops the
    rest of the page, footer included, without raising."""


def _cut_by_depth() -> bool:
    # libxml2 reports the cut as a resource-limit error of the parse just made.
    return any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message
               for e in _PARSER.error_log)


def parse_html(text: str, *, refuse_too_deep: bool = False):
    """The page as an lxml tree; never raises (an empty page gives an empty document), except
    NestedTooDeep when `refuse_too_deep` is set and the markup nests too deep to parse whole."""
    if text and text.lstrip().startswith("<?xml"):
        text = _XML_DECL.sub("", text, count=1)
    if text and text.strip():
        if "</" in text:
            text = _END_TAGS.sub("", text)
        try:
            doc = etree.fromstring(text, _PARSER)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            doc = None
        if refuse_too_deep and _cut_by_depth():
            raise NestedTooDeep("nested deeper than 256 levels")
        if doc is not None:
            if "manifest" in text:
                _merge_html_attrs(doc, text)
            _mark_blocks(doc)
            return doc
    return etree.fromstring("<html><head></head><body></body></html>", _PARSER)


def parse_fragment(html: str):
    """An HTML fragment (e.g. a datastore record set) wrapped in one <div>."""
    doc = etree.fromstring(f"<html><body><div>{html}</div></body></html>", _PARSER)
    _mark_blocks(doc)
    return doc.find("body/div")


def _merge_html_attrs(doc, text: str) -> None:
    # HTML5 merges the attributes of a stray second <html> tag into the root; libxml2 drops them.
    for m in _HTML_TAG.finditer(text):
        for a in _ATTR.finditer(m.group(1)):
            name = a.group(1).lower()
            if doc.get(name) is None:
                doc.set(name, a.group(2) or a.group(3) or a.group(4) or "")


def _mark_blocks(doc) -> None:
    # A newline after each block element, so text extraction keeps lines apart.
    for el in doc.iter(*BLOCK_TAGS):
        tail = el.tail
        el.tail = "\n" + tail if tail else "\n"


def text_of(el) -> str:
    """All text under an element (script text included; use element_text for display)."""
    return "".join(el.itertext())


def squash(text: str) -> str:
    """Collapse whitespace; drop it entirely between CJK characters."""
    if not text:
        return ""
    return _CJK_GAP.sub("", _WS.sub(" ", text)).strip()


def iter_text(el, with_tail: bool = True):
    """Text pieces of a subtree in document order, skipping script/style/noscript content."""
    tag = el.tag
    if isinstance(tag, str) and tag not in SKIP_TEXT_TAGS:
        if el.text:
            yield el.text
        for child in el:
            yield from iter_text(child)
    if with_tail and el.tail:
        yield el.tail


def element_text(el) -> str:
    """An element's text without script/style, collapsed (see `squash`)."""
    return squash("".join(iter_text(el, with_tail=False)))


def strip_scripts(doc) -> None:
    """Remove script/style/template/noscript elements (their tails stay)."""
    etree.strip_elements(doc, "script", "style", "template", "noscript", with_tail=False)


def page_text(doc, limit: int = 200_000) -> str:
    """All text of the tree, one line per block, capped. Call after `strip_scripts`."""
    text = etree.tostring(doc, method="text", encoding=str)
    text = _LINE_BREAKS.sub("\n", _SPACES.sub(" ", text)).strip()
    return text[:limit]


def is_hidden(el) -> bool:
    """True when the element itself is hidden by style, class or the hidden attribute."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls = el.get("class")
    return bool(cls) and not _HIDDEN_CLASSES.isdisjoint(cls.split())


def drop_tree(el) -> None:
    """Remove an element and its children, keeping its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def drop_hidden(doc) -> bool:
    """Remove hidden elements (display:none, ng-hide, hidden, …) from the tree, keeping tails;
    whether any was removed (if not, the tree's text is what it was)."""
    dropped = False
    for el in _HIDDEN_XPATH(doc):
        if is_hidden(el) and el.getparent() is not None:
            drop_tree(el)
            dropped = True
    return dropped
