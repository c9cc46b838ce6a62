"""Labelled fields and list rows read from a page's markup (lxml only).

Government pages put a record's fields in a handful of shapes, and this module knows them all so
that each record type (letters, guides, directory entries, ...) only says which labels it wants:

- table rows of label/value cells: ``<tr><th>来信时间</th><td>2026-09-28</td></tr>``, also
  ``<td>索引号：</td><td>…</td><td>发布机构：</td><td>…</td>``;
- definition lists: ``<dt>办理地点</dt><dd>…</dd>``;
- labelled text: ``<span>来信时间：2026-09-28</span>``, ``<p>征集时间：A 至 B</p>``, several per line;
- headings followed by their value: ``<h4>一、设定依据</h4><p>《…》</p>``.

List pages (letters, solicitations, directory) become `ListRow`s from tables with a header row,
``ul/li`` and ``dl/dt/dd`` lists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from govsite.parsing.dates import parse_full_date
from govsite.parsing.links import make_link
from govsite.parsing.tree import element_text, parse_html, squash

# Elements that are page chrome, never part of a record (class/id tokens).
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:footer|foot|bottom|copyright|dibu|header|top-?bar|nav|navbar|menu|position|"
    r"crumbs?|breadcrumbs?|location|dqwz|share|search|friend-?links?)(?:$|[\s_-]|\d)", re.I)
_BLOCK = frozenset("p div li ul ol table tbody thead tr td th dl dt dd h1 h2 h3 h4 h5 h6 section "
                   "article form".split())
_LEAF_TAGS = ("p", "span", "li", "div", "td", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "font",
              "label", "strong", "b", "em")
_ORDINAL = re.compile(r"^(?:[（(]?[一二三四五六七八九十]+[)）、.．]|\d{1,2}\s*[、.．)）]|[（(]\d{1,2}[)）])\s*")
_LABEL_TEXT = re.compile(r"^[\u4e00-\u9fffA-Za-z（）()/、]{2,16}$")
# "label：" inside running text; a label starts a line or follows a separator.
_IN_TEXT = re.compile(r"(?:^|(?<=[\s　|｜丨,，;；。、】\]]))([\u4e00-\u9fff][\u4e00-\u9fff（）()/A-Za-z]{1,15})\s*[：:]")
_SEPARATORS = " 　|｜丨,，;；"
_DATE = re.compile(r"(?<![\d.])(?:19|20)\d{2}\s*(?:[-/.]|年)\s*\d{1,2}\s*(?:[-/.]|月)\s*\d{1,2}(?!\d)\s*日?")


def norm_label(text: str) -> str:
    """A label as compared: no spaces, no ordinal (一、 1. （一）), no trailing colon or stars."""
    text = squash(text or "").replace(" ", "").strip("*★※:：【】[]")
    return _ORDINAL.sub("", text).strip("*★※:：")


def is_label(text: str) -> bool:
    """Short Chinese text without digits: a field name rather than a value."""
    return bool(_LABEL_TEXT.match(norm_label(text)))


def dates_in(text: str, as_of: date | None = None) -> list[date]:
    """Every full date (with a year) in `text`, in order: 征集时间 A 至 B gives [A, B]."""
    out = []
    for m in _DATE.finditer(text or ""):
        value = parse_full_date(m.group(0), as_of)
        if value:
            out.append(value)
    return out


def first_date(text: str | None, as_of: date | None = None) -> date | None:
    found = dates_in(text or "", as_of)
    return found[0] if found else None


@dataclass
class Fields:
    """(label, value) pairs of one page or row, in document order; labels normalised."""

    pairs: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        label = norm_label(label)
        if label:
            self.pairs.append((label, squash(value).strip(_SEPARATORS)))

    def get(self, *names: str) -> str | None:
        """The value of the first label equal to one of `names`, else of the first label that
        contains one of them ("法定办结时限（工作日）" answers 法定办结时限); None when absent,
        "" when the label is there with an empty value."""
        wanted = [norm_label(n) for n in names if n]
        for name in wanted:
            for label, value in self.pairs:
                if label == name:
                    return value
        for name in wanted:
            for label, value in self.pairs:
                if name in label and len(label) <= len(name) + 8:
                    return value
        return None

    def labels(self) -> list[str]:
        return [label for label, _ in self.pairs]

    def extend(self, other: Fields) -> None:
        self.pairs.extend(other.pairs)


@dataclass
class ListRow:
    """One entry of a list page: its link and the other cells, by header or label."""

    title: str
    url: str
    fields: Fields
    text: str = ""          # the whole row's text, for status words and dates without a label


# The elements that can be chrome: those with a class or an id, found by lxml in C rather than
# by walking every element of the page in Python.
_MARKED = etree.XPath("//*[@class or @id]")


def load_doc(html: str):
    """The page as an lxml tree with its chrome (header, navigation, breadcrumb, footer) removed."""
    doc = parse_html(html or "")
    for el in _MARKED(doc):
        if el.tag in ("html", "body"):
            continue
        marker = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
        if marker and _CHROME.search(marker) and el.getparent() is not None:
            el.getparent().remove(el)
    return doc


def _is_leaf(el) -> bool:
    return not any(isinstance(c.tag, str) and (c.tag in _BLOCK or c.tag == "span") for c in el)


def _heading_like(el) -> bool:
    """Another heading rather than a value: numbered (一、…), ending with a colon, or an h1-h6."""
    text = element_text(el)
    return is_label(text) and (bool(_ORDINAL.match(text)) or text.endswith(("：", ":"))
                               or el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"))


def _text_fields(text: str, out: Fields) -> None:
    matches = list(_IN_TEXT.finditer(text))
    for n, m in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        out.add(m.group(1), text[m.end():end])


def _row_pairs(tr, out: Fields, used: set) -> None:
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    if len(cells) < 2 or len(cells) % 2 or all(c.tag == "th" for c in cells):
        return
    labels, values = cells[0::2], cells[1::2]
    for cell in labels:
        if cell.find(".//a") is not None or not is_label(element_text(cell)):
            return
    if any(v.tag == "th" for v in values) and not all(label.tag == "th" for label in labels):
        return
    for label, value in zip(labels, values):
        out.add(element_text(label), element_text(value))
        used.add(label)
        used.add(value)


def labelled_fields(doc) -> Fields:
    """Every label/value pair on a page (see the module docstring for the shapes read)."""
    out = Fields()
    used: set = set()
    for tr in doc.iter("tr"):
        if tr.getparent() is not None and tr.getparent().tag == "thead":
            continue
        _row_pairs(tr, out, used)
    for dt in doc.iter("dt"):
        if dt.find(".//a") is not None:
            continue
        values = []
        sib = dt.getnext()
        while sib is not None and sib.tag == "dd":
            values.append(element_text(sib))
            used.add(sib)
            sib = sib.getnext()
        if values or is_label(element_text(dt)):
            out.add(element_text(dt), " ".join(values))
            used.add(dt)
    for el in doc.iter(*_LEAF_TAGS):
        if el in used or not _is_leaf(el):
            continue
        text = element_text(el)
        if not text or len(text) > 2000:
            continue
        if is_label(text) and el.tag not in ("td", "dd", "span", "li"):
            # a heading: its value is the next element's text
            nxt = el.getnext()
            if nxt is None and el.getparent() is not None and el.getparent().tag in ("p", "strong", "b"):
                nxt = el.getparent().getnext()
            value = element_text(nxt) if nxt is not None and not _heading_like(nxt) else ""
            out.add(text, value)
            continue
        _text_fields(text, out)
    return out


def _link(a, base_url: str) -> tuple[str, str]:
    title = squash(a.get("title") or "") or element_text(a)
    text = element_text(a)
    if text and not text.endswith(("...", "…")) and len(text) >= len(title):
        title = text
    link = make_link((a.get("href") or "").strip(), base_url, "a")
    url = link.url if link is not None and link.category not in ("malformed", "local_file") else ""
    return title, url


def _title_anchor(el):
    best = None
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#")):
            continue
        if best is None or len(element_text(a)) > len(element_text(best)):
            best = a
    return best


def _table_rows(table, base_url: str) -> list[ListRow]:
    rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table")) is table]
    headers: list[str] | None = None
    out = []
    for tr in rows:
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if headers is None and cells and all(c.tag == "th" for c in cells):
            headers = [norm_label(element_text(c)) for c in cells]
            continue
        a = _title_anchor(tr)
        if a is None:
            continue
        title, url = _link(a, base_url)
        fields = Fields()
        for n, cell in enumerate(cells):
            name = headers[n] if headers and n < len(headers) else ""
            text = element_text(cell)
            if name:
                fields.add(name, text)
            elif text and text != title:
                _text_fields(text, fields)
        out.append(ListRow(title, url, fields, element_text(tr)))
    return out


def _item_fields(el, anchor, fields: Fields) -> None:
    for child in el.iter("span", "em", "i", "font", "p", "div", "dd", "small", "time"):
        if child is el or anchor in child.iterancestors() or child is anchor:
            continue
        if not _is_leaf(child):
            continue
        text = element_text(child)
        if not text:
            continue
        before = len(fields.pairs)
        _text_fields(text, fields)
        if len(fields.pairs) == before:
            key = (child.get("class") or "").split()
            fields.add(key[0] if key else child.tag, text)


def _new_entry(el, base_url: str, seen: set):
    """(anchor, title, url) of a list entry whose link was not met before, else None."""
    a = _title_anchor(el)
    if a is None:
        return None
    title, url = _link(a, base_url)
    if not url or url in seen:
        return None
    seen.add(url)
    return a, title, url


def list_rows(doc, base_url: str) -> list[ListRow]:
    """The entries of every list on a page: table rows under a header, li items, dl/dt items."""
    out: list[ListRow] = []
    seen: set = set()
    for table in doc.iter("table"):
        for row in _table_rows(table, base_url):
            if row.url not in seen:
                seen.add(row.url)
                out.append(row)
    for li in doc.iter("li"):
        if next(li.iterdescendants("li", "table"), None) is not None:
            continue
        entry = _new_entry(li, base_url, seen)
        if entry is None:
            continue
        a, title, url = entry
        fields = Fields()
        _item_fields(li, a, fields)
        out.append(ListRow(title, url, fields, element_text(li)))
    for dt in doc.iter("dt"):
        entry = _new_entry(dt, base_url, seen)
        if entry is None:
            continue
        a, title, url = entry
        fields = Fields()
        texts = [element_text(dt)]
        sib = dt.getnext()
        while sib is not None and sib.tag == "dd":
            _item_fields(sib, a, fields)
            text = element_text(sib)
            texts.append(text)
            if not any(True for _ in sib.iter("span", "em", "p", "div")):
                before = len(fields.pairs)
                _text_fields(text, fields)
                if len(fields.pairs) == before:
                    key = (sib.get("class") or "").split()
                    fields.add(key[0] if key else "dd", text)
            sib = sib.getnext()
        out.append(ListRow(title, url, fields, " ".join(texts)))
    return out
