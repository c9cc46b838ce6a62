"""The article "info line" and head of a page: title, publication date, source, breadcrumb.

Visible text wins over meta tags (what a reader sees is what the rules are about); meta tags
are the fallback. Dates inside the article body, or in a table in the body, are never taken
as the publication date.
"""
from __future__ import annotations

import re
from datetime import date
from functools import cache

from lxml import etree

from govsite.parsing.dates import parse_full_date
from govsite.parsing.tree import SKIP_TEXT_TAGS, element_text, iter_text, squash, text_of

_INLINE_LABEL = frozenset("i b strong em span label font small".split())
_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|发文日期|发表时间|发稿时间|更新时间|上传时间"
                         r"|(?<![\u4e00-\u9fff])(?:时间|日期))\s*[:：]?\s*(?=\d)")
_SOURCE_LABEL = re.compile(
    r"(?:信息|文章|稿件|新闻)?来\s*源\s*[:：]\s*(.{1,40}?)"
    r"(?=\s{2,}|\s+[^\s:：]{1,6}[:：]|\s*(?:作者|责任编辑|编辑|发布|时间|日期|浏览|点击|阅读|字体|字号"
    r"|打印|分享|文章类型|【|\||｜|\[)|$)")
# 当前位置, 您的位置, 您现在的位置, 您当前所在位置, 您所在的位置, 当前的位置, 现在位置, 所在位置 …
_CRUMB_LABEL = re.compile(r"(?:(?:您|你)(?:当前|现在)?(?:所在的?|的)?位置|(?:当前|现在)(?:所在的?|的)?位置"
                          r"|所在的?位置)\s*[:：]?")
_CRUMB_SEP = re.compile(r"\s*(?:->|>>|>|»|›|＞|→|/)\s*|\x00")
_CRUMB_CLASSES = ("crumb", "position", "location", "dqwz", "mbx", "weizhi", "dangqian",
                  "lujing", "currentpath", "path", "bread")
_CRUMB_DROP = {"正文", "详情", "内容", "正文内容", "文章", "详细内容", "阅读文章", "信息详情"}
_UNRENDERED = re.compile(r"\$\w+\.\w+\(|\{\{|\$\{|<%")
_TITLE_SEP = re.compile(r"\s*(?:_+|--+|—+|\s[-|｜—]\s|\||｜)\s*")
_PLACEHOLDER = re.compile(r"^\s*(?:\$|\{\{|\[\w+\]|<!--|<%|栏目名称|columnname)", re.I)
BODY_IDS = ("UCAP-CONTENT", "zoom", "Zoom", "wenzhang-content", "content", "artibody",
            "fontzoom", "font_area", "detailContent", "article_content", "j-show-body")
BODY_CLASSES = ("TRS_Editor", "TRS_UEDITOR", "article-content", "article_content",
                "articleContent", "pages_content", "wenzhang-content", "detil-new-cont",
                "detail-content", "news_content", "content_text", "art_con", "xxgk_content",
                "article-body", "rm_txt_con", "main-text", "Custom_UnionStyle")


def is_placeholder(value: str | None) -> bool:
    """True for template output that never rendered ($pageHelpBean…, {{x}}, [columnName])."""
    return not value or bool(_PLACEHOLDER.match(value)) or "{{" in value


def meta_tags(doc) -> dict[str, str]:
    """name/property -> content, lower-cased names, first real (non-placeholder) value kept."""
    meta: dict[str, str] = {}
    for el in doc.iter("meta"):
        name = el.get("name") or el.get("property") or el.get("itemprop")
        if not name:
            continue
        name = name.strip().lower()
        value = (el.get("content") or "").strip()
        if name not in meta or (not meta[name] and value) or (
                is_placeholder(meta[name]) and not is_placeholder(value)):
            meta[name] = value
    return meta


def find_body(doc):
    """The article body container (TRS_Editor, #zoom, UCAP-CONTENT, …) or the largest text block."""
    by_id = {}
    by_class = {}
    ids = set(BODY_IDS)
    classes = set(BODY_CLASSES)
    for el in doc.iter("div", "td", "article", "section", "span"):
        el_id = el.get("id")
        if el_id in ids and el_id not in by_id:
            by_id[el_id] = el
        cls = el.get("class")
        if cls:
            for token in cls.split():
                if token in classes and token not in by_class:
                    by_class[token] = el
    for name in BODY_IDS:
        if name in by_id and name not in ("content",):
            return by_id[name]
    for name in BODY_CLASSES:
        if name in by_class:
            return by_class[name]
    if "content" in by_id:
        return by_id["content"]
    return largest_text_block(doc)


def largest_text_block(doc):
    """The element holding the most paragraph text, or None."""
    scores: dict = {}
    for p in doc.iter("p"):
        parent = p.getparent()
        if parent is None:
            continue
        text = text_of(p)
        if len(text) > 20:
            scores[parent] = scores.get(parent, 0) + len(text)
    if not scores:
        return None
    best = max(scores, key=scores.get)
    return best if scores[best] >= 200 else None


def _inside(el, container) -> bool:
    if container is None:
        return False
    return el is container or any(a is container for a in el.iterancestors())


def _label_container(text_node):
    parent = text_node.getparent()
    if parent is None:
        return None
    if text_node.is_tail:
        # text after an element belongs to that element's parent
        owner = parent.getparent()
        return owner if owner is not None else parent
    if parent.tag in _INLINE_LABEL and len(squash(text_of(parent))) <= 8:
        grand = parent.getparent()
        return grand if grand is not None else parent
    return parent


@cache
def _text_containing(words: tuple[str, ...]) -> etree.XPath:
    # Compiled once per label set: compiling an XPath costs more than running it on one page.
    return etree.XPath("//text()[" + " or ".join(f"contains(., '{w}')" for w in words) + "]")


def _label_nodes(doc, words: tuple[str, ...], body, text: str | None = None):
    # `text`, the tree's whole text when known (page_text, not cut): a page that does not hold the
    # label words skips the XPath over every text node.
    if text is not None and not any(word in text for word in words):
        return
    for node in _text_containing(words)(doc):
        parent = node.getparent()
        if parent is None or parent.tag in SKIP_TEXT_TAGS:
            continue
        owner = parent if not node.is_tail else parent.getparent()
        if owner is None or _inside(owner, body):
            continue
        container = _label_container(node)
        if container is not None:
            yield container


def visible_published(doc, body, as_of: date | None, text: str | None = None) -> date | None:
    """The date on a visible 发布时间/发布日期/时间 line outside the body (`text`: the tree's whole
    page_text, when known, spares a page without the labels the search)."""
    seen = set()
    for container in _label_nodes(doc, ("时间", "日期"), body, text):
        if container in seen:
            continue
        seen.add(container)
        text = element_text(container)
        if len(text) > 400:
            continue
        for m in _DATE_LABEL.finditer(text):
            value = parse_full_date(text[m.end():m.end() + 24], as_of)
            if value:
                return value
    return None


def spaced_text(el) -> str:
    """Text with a space at every element boundary (keeps adjacent spans apart)."""
    return re.sub(r"\s+", " ", " ".join(iter_text(el, with_tail=False))).strip()


def visible_source(doc, body, text: str | None = None) -> tuple[str | None, object]:
    """(source, the element holding it) from a visible 来源/信息来源 label outside the body
    (`text` as for visible_published)."""
    for container in _label_nodes(doc, ("来源", "来 源"), body, text):
        text = spaced_text(container)
        if len(text) > 400:
            continue
        m = _SOURCE_LABEL.search(text)
        if m:
            value = m.group(1).strip(" ，,。;；")
            if value and not is_placeholder(value):
                return value, container
    return None, None


def info_line_date(container, as_of: date | None) -> date | None:
    """An unlabelled date next to the 来源 label (people.cn, xinhuanet, kepu info lines)."""
    el = container
    for _ in range(3):
        if el is None:
            return None
        text = element_text(el)
        if len(text) > 300:
            return None
        value = parse_full_date(text, as_of)
        if value:
            return value
        el = el.getparent()
    return None


def clean_source(value: str | None) -> str | None:
    """A source value without its '来源：' prefix; None when empty or a placeholder."""
    if not value:
        return None
    value = re.sub(r"^\s*(?:信息|文章)?来源\s*[:：]\s*", "", value).strip()
    return None if is_placeholder(value) or not value else value


def strip_site_suffix(title: str, site_name: str | None = None) -> str:
    """'文章 - 某某政府网' -> '文章'; '某某政府-栏目' -> '栏目' when 某某政府 is the site name."""
    title = squash(title)
    parts = [p for p in _TITLE_SEP.split(title) if p]
    if len(parts) == 1 and "-" in title:
        head, _, tail = title.rpartition("-")
        if head and tail:
            parts = [head.strip(), tail.strip()]
    if len(parts) < 2:
        return title
    if site_name:
        rest = [p for p in parts if not (p in site_name or site_name in p)]
        if rest and len(rest) < len(parts):
            return rest[0]
    if "-" in title and not _TITLE_SEP.search(title):
        head, tail = parts[0], parts[-1]
        if _site_like(head) and not _site_like(tail):
            return tail   # '某某市人民政府-文章' (the site name first)
        if not _site_like(tail):
            return title
    return parts[0]


def _site_like(part: str) -> bool:
    return len(part) <= 20 and bool(re.search(r"网$|网站|政府$|门户|官方|委员会$", part))


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


# The elements visible_title weighs, in document order: headings, emphasis (kept when inside the
# body), and div/p/span/td whose class, id or parent's class holds "tit" in any case.  One XPath
# instead of a Python test of every div of the page; translate() lower-cases T and I only, which is
# all lower() could turn into "tit" (İ lowers to i and a combining dot, never followed by t).
_TITLE_CANDIDATES = etree.XPath(
    "//*[self::h1 or self::h2 or self::h3 or self::strong or self::b or self::font or "
    "((self::div or self::p or self::span or self::td) and ("
    "contains(translate(@class, 'TI', 'ti'), 'tit') or contains(translate(@id, 'TI', 'ti'), 'tit') "
    "or contains(translate(../@class, 'TI', 'ti'), 'tit')))]")


def visible_title(doc, hint: str | None, body) -> str | None:
    """The title a reader sees: the heading-like element that matches the meta / <title> hint."""
    if not hint:
        return None
    target = _norm(hint)
    if len(target) < 2:
        return None
    best, best_score = None, 0.0
    for el in _TITLE_CANDIDATES(doc):
        if el.tag in ("strong", "b", "font") and not _inside(el, body):
            continue
        if next(el.iter("a"), None) is not None or next(el.iterancestors("a"), None) is not None:
            continue
        raw = text_of(el)
        if len(raw) > 400:
            continue
        text = element_text(el)
        norm = _norm(text)
        if len(norm) < 2:
            continue
        if norm == target:
            score = 3.0
        elif target.startswith(norm) and len(norm) >= 0.5 * len(target):
            score = 1.0 + len(norm) / len(target)
        elif norm.startswith(target) and len(target) >= 0.6 * len(norm):
            score = 1.0 + len(target) / len(norm)
        else:
            continue
        if score > best_score:
            best, best_score = text, score
    return best


def breadcrumb(doc, visible_text: str | None = None, whole: bool = False) -> list[str]:
    """The 当前位置 path as a list of names (labels and '正文'-like tails removed).

    With `visible_text` (the page's visible text, one line per block), a trail with no label and
    no class is also found by its shape alone: '网站首页 >> 栏目 >> 子栏目'.  `whole` says that
    text is the tree's whole text (not cut): a page without "位置" in it skips the label search.
    """
    label_free = whole and visible_text is not None and "位置" not in visible_text
    container = None if label_free else _crumb_by_label(doc)
    if container is None:
        container = _crumb_by_class(doc)
    if container is None:
        container = _crumb_by_separator(doc)
    if container is None:
        return _crumb_by_trail(visible_text) if visible_text else []
    parts: list[str] = []
    _crumb_pieces(container, parts)
    text = "".join(parts)
    if _UNRENDERED.search(text):
        return []
    text = _CRUMB_LABEL.sub("\x00", text)
    items = [squash(p) for p in _CRUMB_SEP.split(text)]
    items = [p for p in items if p and not is_placeholder(p)]
    while items and items[-1] in _CRUMB_DROP:
        items.pop()
    return items


def _crumb_pieces(el, out: list[str]) -> None:
    # Text in document order, element boundaries (li, td, a) marked as separators.
    tag = el.tag
    if not isinstance(tag, str) or tag in SKIP_TEXT_TAGS:
        if el.tail:
            out.append(el.tail)
        return
    if tag == "div" and out and re.search(r"print|share|font|tool|size|fx",
                                          el.get("class") or "", re.I):
        # a nested block (share / print buttons) is not part of the path
        if el.tail:
            out.append(el.tail)
        return
    boundary = tag in ("li", "td", "a", "span")
    if boundary:
        out.append("\x00")
    if el.text:
        out.append(el.text)
    for child in el:
        _crumb_pieces(child, out)
    if boundary:
        out.append("\x00")
    if el.tail:
        out.append(el.tail)


def _crumb_by_label(doc):
    for node in _text_containing(("位置",))(doc):
        parent = node.getparent()
        if parent is None or parent.tag in SKIP_TEXT_TAGS or not _CRUMB_LABEL.search(node):
            continue
        el = parent.getparent() if node.is_tail else parent
        for _ in range(5):
            if el is None or len(text_of(el)) > 600:
                break
            text = text_of(el)
            if sum(1 for _ in el.iter("a")) >= 2 or re.search(r"[>»›＞→]", text) or (
                    "$" in text or "{{" in text):
                return el
            el = el.getparent()
    return None


def _crumb_by_class(doc):
    for el in doc.iter("div", "ul", "ol", "p", "nav", "span", "td"):
        marker = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
        if marker.strip() and any(c in marker for c in _CRUMB_CLASSES):
            text = squash(text_of(el))
            links = sum(1 for _ in el.iter("a"))
            if text and len(text) < 300 and 1 <= links <= 8:
                return el
    return None


def _crumb_by_separator(doc):
    for node in doc.xpath("//text()[normalize-space(.)='>' or normalize-space(.)='->' "
                          "or normalize-space(.)='»' or normalize-space(.)='&gt;']"):
        parent = node.getparent()
        if parent is None:
            continue
        el = parent.getparent() if (node.is_tail or parent.tag == "span") else parent
        if el is None:
            continue
        if el.tag == "span" and el.getparent() is not None:
            el = el.getparent()
        links = sum(1 for _ in el.iter("a"))
        if links >= 2 and len(text_of(el)) < 300:
            return el
    return None


_TRAIL_MARKS = (">", "»", "›", "＞", "→")
_HOME_WORD = re.compile(r"^(?:网站)?首\s*页$|^主\s*页$|^home$", re.I)


def _crumb_by_trail(visible_text: str) -> list[str]:
    """A trail known by its shape alone, read from the visible text, one line per block.

    A line with a separator (>>, >, », ›, ＞, →) that splits into 2-8 short parts, the first one
    the home page (首页, 网站首页, 主页); the last part may be plain text (the current column is
    often not a link). Cheap: string work on text the parser already has.
    """
    for line in visible_text.splitlines():
        if len(line) > 300 or not any(mark in line for mark in _TRAIL_MARKS):
            continue
        parts = [p for p in (squash(x) for x in _CRUMB_SEP.split(line)) if p]
        if 2 <= len(parts) <= 8 and _HOME_WORD.match(parts[0]) and all(len(p) <= 30 for p in parts):
            parts = [p for p in parts if not is_placeholder(p)]
            while parts and parts[-1] in _CRUMB_DROP:
                parts.pop()
            return parts
    return []
