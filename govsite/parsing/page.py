"""parse_page: everything the checks need from one HTML page, from ONE lxml parse."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from govsite.models import ParsedPage
from govsite.parsing.challenge import detect_challenge
from govsite.parsing.dates import parse_date
from govsite.parsing.decode import decode_html
from govsite.parsing.footer import extract_footer, script_badges
from govsite.parsing.hidden import hidden_outside_links
from govsite.parsing.info import (
    breadcrumb,
    clean_source,
    find_body,
    info_line_date,
    is_placeholder,
    meta_tags,
    strip_site_suffix,
    visible_published,
    visible_source,
    visible_title,
)
from govsite.parsing.kind import Signals, classify
from govsite.parsing.links import extract_links
from govsite.parsing.lists import (
    extract_items,
    find_placeholder,
    has_empty_list,
    may_show_placeholder,
    scripts_info,
)
from govsite.parsing.tree import (
    NestedTooDeep,
    drop_hidden,
    element_text,
    page_text,
    parse_html,
    squash,
    strip_scripts,
    text_of,
)

TEXT_LIMIT = 200_000
# What a page too deeply nested to parse shows as its title (kind "error"): it is not read at all
# rather than read in part, since the part lxml keeps lacks the footer and the rest.
NOT_PARSED_TOO_DEEP = "页面嵌套过深，未解析"
_SOFT404 = re.compile(
    r"页面不存在|页面未找到|找不到(?:该|此|您要访问的)?页面|您(?:所)?访问的页面(?:不存在|已删除|已被删除|找不到)|"
    r"信息不存在|文章不存在|内容不存在|页面已删除|页面已被删除|该信息已删除|无法找到该页|"
    r"not\s+found|\b404\b|页面出错|访问的资源不存在", re.I)
_SEARCH_URL = re.compile(r"search|sousuo|jsearch|/so/|query\.jsp|searchweb", re.I)
_PUB_METAS = ("pubdate", "firstpublishedtime", "publishdate", "publishtime",
              "article:published_time", "publishedtime", "pubtime", "dc.date")
_SOURCE_METAS = ("contentsource", "source", "dc.source")


def _has_search(doc, links) -> bool:
    for form in doc.iter("form"):
        for inp in form.iter("input"):
            if (inp.get("type") or "text").lower() in ("text", "search", ""):
                return True
    for inp in doc.iter("input"):
        marker = " ".join(filter(None, (inp.get("id"), inp.get("name"), inp.get("class"),
                                        inp.get("placeholder")))).lower()
        if "search" in marker or "搜索" in marker or "关键字" in marker or "keyword" in marker:
            return True
    return any(_SEARCH_URL.search(link.url) for link in links if link.category == "page")


def _logo(doc) -> tuple[bool, str | None]:
    for img in doc.iter("img"):
        marker = " ".join(filter(None, (img.get("src"), img.get("class"), img.get("id"),
                                        img.get("alt")))).lower()
        parent = img.getparent()
        pmarker = ((parent.get("class") or "") + (parent.get("id") or "")).lower() \
            if parent is not None else ""
        if "logo" in marker or "logo" in pmarker:
            alt = (img.get("alt") or img.get("title") or "").strip()
            return True, alt or None
    for el in doc.iter("div", "a", "h1", "span", "p"):
        marker = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
        if "logo" in marker:
            return True, squash(text_of(el))[:60] or None
        if re.search(r"site-?name|web-?name|sitetitle|wzmc", marker):
            return False, squash(text_of(el))[:60] or None
    return False, None


def parse_page(url: str, html: str, as_of: date, *, home_url: str | None = None,
               status: int = 200, headers: dict | None = None,
               why: list[str] | None = None) -> ParsedPage:
    """Parse one page (already decoded) into a ParsedPage; never raises on bad markup.

    `why`, when given, receives the reasons for the page's kind (`govsite page --why`).
    """
    html = html or ""
    page = ParsedPage(url=url, kind="other")
    challenge = detect_challenge(html, status, headers)
    try:
        doc = parse_html(html, refuse_too_deep=True)
    except NestedTooDeep:
        page.kind, page.challenge = ("challenge", challenge) if challenge else ("error", None)
        page.title = NOT_PARSED_TOO_DEEP
        return page
    page.meta = meta_tags(doc)
    encoding = "utf-8"

    # On the full tree: links, lists, pagination, datastore (hidden tabs still hold items).
    # Inline style="background:url(…)" links need every element visited; most pages have none.
    page.links = extract_links(doc, url, encoding, style_urls="url(" in html.lower())
    pagination, store_items, fragments = scripts_info(doc, url, as_of, encoding)
    for frag in fragments:
        seen = {link.url for link in page.links}
        page.links.extend(link for link in extract_links(frag, url, encoding)
                          if link.url not in seen)
    page.pagination = pagination
    page.scripted_list = bool(fragments) or bool(store_items)
    page.items = store_items + extract_items(doc, url, as_of, encoding)
    page.placeholder = find_placeholder(doc) if may_show_placeholder(html) else None
    if page.placeholder is None and fragments:
        for frag in fragments:
            page.placeholder = find_placeholder(frag)
    # 暗链: links to other hosts hidden by the markup (only pages linking out pay for it).
    page.hidden_links = hidden_outside_links(doc, url, page.links)
    scripts = script_badges(doc)
    script_code = [el.text for el in doc.iter("script") if el.text]
    strip_scripts(doc)
    page.text = page_text(doc, TEXT_LIMIT)   # hidden (display:none) text included

    # On the visible tree: what a reader sees.
    # A page that hides nothing shows all its text: the same tree gives the same text again.
    visible = page_text(doc, TEXT_LIMIT) if drop_hidden(doc) else page.text
    page.footer = extract_footer(doc, visible, scripts)
    body = find_body(doc)
    meta = page.meta

    site_name = meta.get("sitename") if not is_placeholder(meta.get("sitename")) else None
    title_el = doc.find(".//title")
    raw_title = squash(text_of(title_el)) if title_el is not None else ""
    meta_title = meta.get("articletitle") if not is_placeholder(meta.get("articletitle")) else None
    hint = meta_title or (strip_site_suffix(raw_title, site_name) if raw_title else None)
    # An article's title is what the page shows (or ArticleTitle); <title> alone is not enough
    # (rule article.missing_title). Other pages fall back to <title> minus the site name.
    art_title = visible_title(doc, hint, body) or meta_title
    if art_title is None and meta_title is None and raw_title:
        art_title = _first_heading(doc, hint)

    # The visible text, when not cut at TEXT_LIMIT, holds every text node of the tree: a page
    # without a label's words skips that label's search.
    whole = visible if len(visible) < TEXT_LIMIT else None
    source, source_el = visible_source(doc, body, whole)
    page.source = clean_source(source) or clean_source(
        next((meta[k] for k in _SOURCE_METAS if meta.get(k)), None))
    # A publication date with its year is read whatever the as-of day: a page dated after it is
    # out of a past day's scope, or dated in the future (article.future_date), never undated.
    published = visible_published(doc, body, None, whole)
    if published is None and source_el is not None:
        published = info_line_date(source_el, None)
    if published is None:
        for key in _PUB_METAS:
            if meta.get(key):
                published = parse_date(meta[key], None) or parse_date(meta[key], as_of)
                if published:
                    break
    page.published = published

    page.breadcrumb = breadcrumb(doc, visible, whole=whole is not None)
    if len(page.breadcrumb) >= 2:
        page.column = page.breadcrumb[-1]
    elif not is_placeholder(meta.get("columnname")):
        page.column = meta.get("columnname")

    page.has_logo, logo_name = _logo(doc)
    if logo_name and not re.search(r"网|政府|委员会|局|厅|办|院", logo_name):
        logo_name = None
    if logo_name and "释义" in logo_name:
        logo_name = None
    # What the header shows (the SiteName meta stays in page.meta): rule header.name_missing.
    page.site_name = logo_name
    page.has_search = _has_search(doc, page.links)

    body_text = element_text(body) if body is not None else ""
    signals = Signals(
        url=url, home_url=home_url, meta_title=bool(meta_title), has_title=art_title is not None,
        has_date=page.published is not None, body_chars=len(body_text), items=len(page.items),
        list_chars=sum(len(i.title) + 10 for i in page.items), pagination=bool(page.pagination),
        placeholder=page.placeholder is not None, scripted_list=page.scripted_list,
        column_meta=not is_placeholder(meta.get("columnname")), breadcrumb=len(page.breadcrumb),
        filepath_meta=_meta_path(meta), scripts=script_code,
        title_is_site=_title_is_site(raw_title, site_name, logo_name))
    status_kind = None
    if challenge:
        status_kind, reasons = "challenge", [f"a WAF / anti-bot challenge ({challenge})"]
    elif status >= 400 or not html.strip():
        status_kind, reasons = "error", [f"HTTP {status}" if status >= 400 else "an empty body"]
    if status_kind is None:
        signals.empty_list = has_empty_list(doc)
        kind, reasons = classify(signals)
    else:
        kind = status_kind
    is_article = kind == "article"
    page.title = art_title if is_article else (art_title or hint or None)
    page.soft404 = (status < 400 and not is_article and not challenge
                    and _looks_missing(raw_title, visible))
    if page.soft404 and kind != "challenge":
        kind, reasons = "error", ["the page says the content does not exist (a soft 404)"]
    page.kind = kind
    if kind == "challenge":
        page.challenge = challenge
    if kind == "article":
        page.body_text = body_text
        page.items = []   # dated sidebars and info lines of an article are not a column list
    if page.kind not in ("article",):
        page.published = None
    if why is not None:
        why.extend(reasons)
    return page


def _meta_path(meta: dict[str, str]) -> str:
    # <meta name="filepath" content="/index.htm"> (gov.cn) or <meta name="Url" content="https://…">
    value = (meta.get("filepath") or "").strip()
    if value:
        return value if value.startswith("/") else "/" + value
    url = (meta.get("url") or "").strip()
    return urlsplit(url).path if url.startswith(("http://", "https://", "//")) else ""


def _title_is_site(raw_title: str, site_name: str | None, logo_name: str | None) -> bool:
    title = re.sub(r"\s+", "", raw_title or "")
    if not title:
        return False
    return any(title == re.sub(r"\s+", "", name) for name in (site_name, logo_name) if name)


def _first_heading(doc, hint: str | None) -> str | None:
    # An h1/h2 sharing its first characters with the <title> hint (titles cut with "…").
    if not hint:
        return None
    for el in doc.iter("h1", "h2"):
        text = element_text(el)
        if len(text) >= 4 and hint.startswith(text[:4]):
            return text
    return None


def _looks_missing(title: str, visible: str) -> bool:
    if title and _SOFT404.search(title):
        return True
    return len(visible) < 1500 and bool(_SOFT404.search(visible))


def parse_file(path: str | Path, as_of: date) -> ParsedPage:
    """Parse a saved page from disk (bytes decoded like a response), with a file:// URL."""
    path = Path(path).resolve()
    text, encoding = decode_html(path.read_bytes(), None)
    page = parse_page(path.as_uri(), text, as_of)
    page.encoding = encoding
    return page
