"""Column lists: dated items, TRS pagination, Hanweb datastore blocks and "暂无信息" placeholders."""
from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import urljoin

from lxml import etree

from govsite.models import ListItem
from govsite.parsing.dates import find_date_text, parse_date
from govsite.parsing.links import make_link
from govsite.parsing.tree import SKIP_TEXT_TAGS, parse_fragment, squash, text_of

PLACEHOLDERS = ("暂无信息", "暂无数据", "暂无内容", "暂无记录", "暂无相关信息", "暂无相关数据",
                "没有记录", "没有相关记录", "没有找到相关", "无相关信息")
_ROW_TAGS = ("li", "tr", "dd", "dt", "dl", "div", "p")
_INLINE = frozenset("a span em i b strong font label small time img br sup sub u".split())
_MAX_ROW_TEXT = 300
_MAX_RESULT_TEXT = 600   # a search-result entry carries a snippet
_MAX_PAGES = 10_000

_CREATE_PAGE = re.compile(r"(?<![\w.])createPageHTML\s*\(([^()]*)\)")
_VAR_INT = r"(?:var|let|const)?\s*\b{name}\s*=\s*['\"]?(\d+)"
_PAGER_COUNT = re.compile(
    r"\b(?:countPage|pageCount|PageCount|totalPage|totalPages|page_count|nPageCount|pagecount)"
    r"\s*=\s*['\"]?(\d+)")
_PAGER_CURRENT = re.compile(r"\b(?:currentPage|curPage|nCurrIndex|currPage|pageIndex)\s*=\s*(\d+)")
_PAGER_NAME = re.compile(r"""\\?["'](\w+)(?:\.|\\?["']\s*\+\s*\\?["']\.\\?["']\s*\+\s*\\?["'])"""
                         r"""(s?html?)\\?["']""")
_PAGER_NAME2 = re.compile(r"""\\?["'](\w+)\.(s?html?)\\?["']""")
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)


def _split_args(args: str) -> list[str]:
    return [a.strip() for a in re.findall(r"""\s*("[^"]*"|'[^']*'|[^,]+)\s*,?""", args)]


def _resolve_int(token: str, script: str) -> int | None:
    token = token.strip()
    if token.isdigit():
        return int(token)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", token):
        m = re.search(_VAR_INT.format(name=re.escape(token)), script)
        if m:
            return int(m.group(1))
    return None


def _page_urls(page_url: str, count: int, current: int, name: str, ext: str) -> list[str]:
    count = min(count, _MAX_PAGES)
    urls = []
    for i in range(count):
        if i == current:
            continue
        file = f"{name}.{ext}" if i == 0 else f"{name}_{i}.{ext}"
        urls.append(urljoin(page_url, file))
    return urls


def pagination_from_script(script: str, page_url: str) -> list[str]:
    """Absolute URLs of the other list pages announced by a TRS pager script, or []."""
    for m in _CREATE_PAGE.finditer(script):
        args = _split_args(m.group(1))
        numbers = [n for n in (_resolve_int(a, script) for a in args
                               if not a.startswith(("'", '"'))) if n is not None]
        strings = [a[1:-1] for a in args if a.startswith(("'", '"'))]
        if len(numbers) >= 2 and len(strings) >= 2:
            return _page_urls(page_url, numbers[0], numbers[1], strings[0], strings[1])
    if "document.write" in script:
        count = _PAGER_COUNT.search(script)
        if count:
            cur = _PAGER_CURRENT.search(script)
            name = _PAGER_NAME2.search(script) or _PAGER_NAME.search(script)
            if name:
                return _page_urls(page_url, int(count.group(1)),
                                  int(cur.group(1)) if cur else 0, name.group(1), name.group(2))
    return []


def datastore_fragment(script: str):
    """The records of a Hanweb <datastore> block as one HTML fragment, or None."""
    if "<datastore" not in script or "<record" not in script:
        return None
    records = _RECORD.findall(script)
    if not records:
        return None
    return parse_fragment("".join(records))


_PLACEHOLDER_STEMS = ("暂无", "没有", "无相关")
_PLACEHOLDER_TEXTS = etree.XPath("//text()[" + " or ".join(f"contains(., '{w}')" for w in _PLACEHOLDER_STEMS)
                                 + "]")


def may_show_placeholder(html: str) -> bool:
    """False when the markup cannot hold a placeholder: none of its words, and no character
    reference that could spell one (the tree's text is the markup's, references decoded).  Most
    pages have neither, and skip find_placeholder's XPath over every text node."""
    return "&#" in html or any(word in html for word in _PLACEHOLDER_STEMS)


def find_placeholder(doc) -> str | None:
    """The "暂无信息"-style text a template shows for an empty list, when it is shown."""
    for text in _PLACEHOLDER_TEXTS(doc):
        parent = text.getparent()
        if parent is None or parent.tag in SKIP_TEXT_TAGS:
            continue
        value = squash(str(text))
        if len(value) > 30:
            continue
        for word in PLACEHOLDERS:
            if word in value:
                return word
    return None


_LIST_MARKER = re.compile(r"list|liebiao|lb_|_lb|news|xxgk|article", re.I)


def has_empty_list(doc) -> bool:
    """True when the page shows a list container (ul/ol class="list…") with nothing in it."""
    for el in doc.iter("ul", "ol"):
        marker = (el.get("class") or "") + " " + (el.get("id") or "")
        if _LIST_MARKER.search(marker) and len(el) == 0 and not (el.text or "").strip():
            return True
    return False


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NESTED_LIST = ("ul", "ol", "table", "li", "dl", "tr")


def _heading_of(el):
    """A heading child or grandchild (div.result > h3 > a, div.item > div.hd > h4 > a), or None."""
    for child in el:
        if child.tag in _HEADINGS:
            return child
        if len(child) <= 8:
            for grand in child:
                if grand.tag in _HEADINGS:
                    return grand
    return None


def _is_result(el) -> bool:
    """A search-result style entry: a heading holding the link, a snippet, an info line.

    A bounded walk (an entry is small): a big container is rejected after 60 elements.
    """
    if len(el) > 8:
        return False
    heading = _heading_of(el)
    if heading is None or heading.find(".//a") is None:
        return False
    anchors = 0
    for n, node in enumerate(el.iterdescendants()):
        tag = node.tag
        if n > 60 or tag in _NESTED_LIST:
            return False
        if tag == "a":
            anchors += 1
            if anchors > 4:
                return False
    return True


def _is_row(el) -> bool:
    tag = el.tag
    if tag in ("div", "p"):
        # A div/p counts as a row only when everything in it is inline (one entry, not a block),
        # or when it is one search-result style entry (heading link, snippet, info line).
        return all(isinstance(c.tag, str) and c.tag in _INLINE for c in el.iterdescendants()) \
            or (tag == "div" and _is_result(el))
    if tag == "dl":
        return sum(1 for _ in el.iter("a")) == 1
    if tag in ("li", "dd", "dt"):
        return next(el.iterdescendants("li", "tr", "ul", "table"), None) is None
    if tag == "tr":
        return next(el.iterdescendants("tr", "table"), None) is None
    return False


def _link_title(a) -> str:
    text = squash(text_of(a))
    title = squash(a.get("title") or "")
    if title and (not text or (len(title) > len(text) and
                               (text.endswith(("...", "…", "..")) or title.startswith(text[:4])))):
        return title
    return text


_LABELLED_DATE = re.compile(r"(?:发布时间|发布日期|发文日期|成文日期|更新时间|时间|日期)\s*[:：]\s*(?=\d)")
_DATE_HINT = re.compile(r"\d\s*[-/.年月]\s*\d")
_ROW_SET = frozenset(_ROW_TAGS)


def _candidate_rows(doc):
    # Rows are found from their dates: climb from each date-like text to the nearest row
    # holding a link (or an onclick entry). Much cheaper than testing every li/div.
    seen = set()
    hint = _DATE_HINT.search
    starts = []
    for el in doc.iter():
        text = el.text
        if text and hint(text) and el.tag not in ("script", "style"):
            starts.append(el)
        tail = el.tail
        if tail and hint(tail):
            starts.append(el.getparent())
    for el in starts:
        for _ in range(6):
            if el is None or el.tag in ("body", "html", "table", "ul", "ol", "tbody"):
                break
            if el.tag in _ROW_SET and _is_row(el):
                if el.find(".//a") is not None or el.find(".//*[@onclick]") is not None:
                    if el not in seen:
                        seen.add(el)
                        yield el
                    break
            el = el.getparent()


def extract_items(doc, base_url: str, as_of: date | None, encoding: str = "utf-8",
                  used: set | None = None) -> list[ListItem]:
    """Dated entries of the lists on a page: rows (li/tr/dd/dl/div) with a link and a date."""
    items: list[ListItem] = []
    used = set() if used is None else used
    for row in _candidate_rows(doc):
        text = squash(text_of(row))
        if not text or (len(text) > _MAX_ROW_TEXT and not (
                len(text) <= _MAX_RESULT_TEXT and row.tag == "div" and _is_result(row))):
            continue
        anchors = [a for a in row.iter("a") if a not in used]
        best = None
        best_title = ""
        for a in anchors:
            title = _link_title(a)
            if len(title) > len(best_title):
                best, best_title = a, title
        clicker = None
        if best is None or len(best_title) < 2:
            clicker = next((e for e in row.iter() if e.get("onclick") and
                            len(squash(text_of(e))) >= 4), None)
            if clicker is None:
                continue
            best_title = squash(text_of(clicker))
        rest = text.replace(best_title, " ", 1) if best_title else text
        labelled = _LABELLED_DATE.search(rest)   # 发布时间：… beats a date inside a snippet
        if labelled:
            rest = rest[labelled.end():labelled.end() + 24]
        when = parse_date(rest, as_of) or _date_in_cells(row, best, as_of)
        date_text = find_date_text(rest)
        if when is None:
            when = parse_date(best_title, as_of)
            date_text = find_date_text(best_title)
            if when is None:
                continue
            best_title = best_title.replace(date_text, "").strip(" []【】()（）")
        url = ""
        if best is not None:
            used.add(best)
            link = make_link(best.get("href") or "", base_url, "a", encoding=encoding)
            if link and link.category not in ("malformed",):
                url = link.url
        items.append(ListItem(title=best_title, url=url, date=when, date_text=date_text))
    return items


def _date_in_cells(row, link, as_of: date | None) -> date | None:
    # A year-less date alone in its own span/td ("11-20").
    for el in row.iter("span", "td", "em", "i", "font", "b", "small", "time", "dd"):
        if link is not None and (el is link or link in el.iterancestors()):
            continue
        value = (el.text or "").strip()
        if value and len(value) <= 12:
            when = parse_date(value, as_of)
            if when:
                return when
    return None


def scripts_info(doc, page_url: str, as_of: date | None, encoding: str = "utf-8"):
    """(pagination URLs, datastore items, datastore fragment root or None) from the page scripts."""
    pagination: list[str] = []
    items: list[ListItem] = []
    fragments = []
    for script in doc.iter("script"):
        code = script.text
        if not code:
            continue
        if not pagination and ("createPageHTML" in code or "document.write" in code):
            pagination = pagination_from_script(code, page_url)
        if "<datastore" in code:
            try:
                frag = datastore_fragment(code)
            except (etree.ParserError, ValueError):
                frag = None
            if frag is not None:
                fragments.append(frag)
                items.extend(extract_items(frag, page_url, as_of, encoding))
        elif "{" in code and _ARRAY_START.search(code) and _DATE_HINT.search(code):
            items.extend(json_list_items(code, page_url, as_of, encoding))
    return pagination, items, fragments


_JSON_TITLE = re.compile(r"^(?:title|doctitle|doc_title|name|biaoti|subject|articletitle|"
                         r"infotitle|newstitle|wjbt|bt)$", re.I)
_JSON_DATE = re.compile(r"date|time|pub|fbsj|fbrq|rq|day", re.I)
_JSON_URL = re.compile(r"^(?:url|href|link|docurl|doc_url|path|pageurl|infourl|linkurl)$", re.I)
_MAX_JSON_ARRAYS = 20
_ARRAY_START = re.compile(r"\[\s*\{")


def json_list_items(code: str, page_url: str, as_of: date | None,
                    encoding: str = "utf-8") -> list[ListItem]:
    """Entries of a list that exists only as JSON inside a script ([{"title", "url", "pubDate"}, …]).

    Counted only when the JSON is plainly the list: an array of objects where most entries carry
    a title and a parseable date. JavaScript object literals (unquoted keys) are not JSON: skipped.
    """
    decoder = json.JSONDecoder()
    found: list[ListItem] = []
    pos, arrays = 0, 0
    while arrays < _MAX_JSON_ARRAYS:
        m = _ARRAY_START.search(code, pos)
        if m is None:
            break
        arrays += 1
        try:
            value, end = decoder.raw_decode(code, m.start())
        except ValueError:
            pos = m.end()
            continue
        pos = end
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            entries = [_json_entry(v, page_url, as_of, encoding) for v in value]
            good = [e for e in entries if e is not None]
            if len(good) >= max(1, (len(value) * 3 + 4) // 5):   # at least 60 %
                found.extend(good)
    return found


def _json_entry(obj: dict, page_url: str, as_of: date | None, encoding: str) -> ListItem | None:
    title = next((v for k, v in obj.items() if isinstance(v, str) and _JSON_TITLE.match(k)
                  and v.strip()), None)
    if not title:
        return None
    when, date_text = None, ""
    for key, value in obj.items():
        if isinstance(value, str) and _JSON_DATE.search(key):
            when = parse_date(value, as_of)
            if when:
                date_text = find_date_text(value)
                break
    if when is None:
        return None
    href = next((v for k, v in obj.items() if isinstance(v, str) and _JSON_URL.match(k)), "")
    link = make_link(href, page_url, "a", encoding=encoding) if href else None
    url = link.url if link and link.category != "malformed" else ""
    return ListItem(title=squash(title), url=url, date=when, date_text=date_text)
