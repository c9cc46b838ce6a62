"""Every link a browser would follow or fetch from a page, and nothing a browser would not.

Links inside HTML comments and inside <script> text are not links (wget reads them and reports
thousands of false broken links on TRS pages). The tree must come from `parse_html`, which drops
comments; script text is never an element, so it is never read here.
"""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

from govsite.models import Link
from govsite.parsing.tree import text_of

ATTACHMENT_EXTS = frozenset(
    "pdf doc docx docm xls xlsx xlsm wps et dps ppt pptx pps ppsx zip rar 7z gz tgz bz2 tar "
    "txt csv ofd ceb cebx caj rtf odt ods odp xml json apk exe msi dmg iso epub".split()
)
IMAGE_EXTS = frozenset("jpg jpeg png gif bmp webp svg ico tif tiff jfif avif".split())
RESOURCE_EXTS = frozenset(
    "css js mjs woff woff2 ttf otf eot swf flv mp3 mp4 wav ogg oga ogv webm m4a m4v avi wmv "
    "mov mkv asc vtt srt wml map".split()
)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "clsid:", "about:", "sms:",
                 "callto:", "vbscript:", "blob:", "chrome-extension:", "webcal:")
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)|@import\s+(["'])(.*?)\3""", re.I | re.S)
_META_REFRESH = re.compile(r"""^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"']*)""", re.I)
_LOCAL_PATH = re.compile(r"^(?:\\\\|[A-Za-z]:[\\/])")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HOST_OK = re.compile(r"^[A-Za-z0-9._~%!$&'()*+,;=-]+$")
_PLAIN_URL = re.compile(r"^(https?)://([A-Za-z0-9.-]+(?::\d+)?)(/[A-Za-z0-9\-._~/?&=+,;:@!$*()%]*)?$")
_PLAIN_RELATIVE = re.compile(r"^(?:/|\.{1,2}/|[\w\-.~%]+(?:/|$|\?|\.))[^:\"'<>{}$]*$")
_TEMPLATE = ("{{", "}}", "${", "<%", "%>", "<?", "?>")

# tag -> attributes holding one URL
_URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",), "area": ("href",), "img": ("src", "lowsrc"), "iframe": ("src",),
    "frame": ("src",), "script": ("src",), "embed": ("src",), "audio": ("src",),
    "video": ("src", "poster"), "source": ("src",), "track": ("src",), "form": ("action",),
    "button": ("formaction",), "input": ("src", "formaction"), "html": ("manifest",),
    "object": ("data", "codebase"), "applet": ("codebase", "code", "src"),
    "body": ("background",), "table": ("background",), "td": ("background",),
    "th": ("background",), "tr": ("background",), "bgsound": ("src",),
}
_MEDIA_TAGS = frozenset("audio video source track embed object applet bgsound".split())


def _ext(url: str) -> str:
    path = urlsplit(url).path if "://" in url else url.split("?", 1)[0]
    name = posixpath.basename(path)
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def categorize(url: str, tag: str, rel: str = "") -> str:
    """The Link.category of a well-formed absolute URL found in `tag`."""
    ext = _ext(url)
    if tag in ("img", "input") or (tag == "link" and "icon" in rel):
        return "image"
    if tag == "link":
        if "stylesheet" in rel or "prefetch" in rel or "preconnect" in rel or "preload" in rel:
            return "resource"
    if tag in ("script", "html") or tag in _MEDIA_TAGS:
        return "image" if ext in IMAGE_EXTS else "resource"
    if ext in ATTACHMENT_EXTS:
        return "attachment"
    if ext in IMAGE_EXTS:
        return "image"
    if ext in RESOURCE_EXTS or tag == "css":
        return "resource"
    return "page"


def clean_href(value: str | None) -> str:
    """An attribute value with stray whitespace removed (entities are decoded by lxml)."""
    if not value:
        return ""
    value = value.strip()
    if "\n" in value or "\r" in value or "\t" in value:
        value = re.sub(r"[\r\n\t]+", "", value)
    return value


def malformed_reason(raw: str) -> str:
    """Why `raw` cannot be a URL, or '' when it can."""
    if _PLAIN_RELATIVE.match(raw):
        return ""
    if any(mark in raw for mark in _TEMPLATE):
        return "unrendered template or processing instruction in URL"
    if '"' in raw or "'" in raw and raw.count("'") % 2:
        return "stray quote in URL"
    if "<" in raw or ">" in raw:
        return "markup in URL"
    m = _SCHEME.match(raw)
    if not m:
        return ""
    scheme = m.group(1).lower()
    if scheme not in ("http", "https", "ftp"):
        return ""
    rest = raw[m.end():]
    if not rest.startswith("//"):
        return f"{scheme}: without // before the host"
    try:
        parts = urlsplit(raw)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        return f"invalid host or port ({exc})"
    netloc = parts.netloc.rsplit("@", 1)[-1]
    if not host:
        return "no host"
    if " " in netloc or "[" in netloc.replace(f"[{host}]", "") or "]" in netloc.replace(
            f"[{host}]", ""):
        return "invalid character in host"
    if not netloc.startswith("[") and (not _HOST_OK.match(host) or ".." in host
                                       or host.startswith(".") or host.startswith("-")):
        return "invalid host name"
    return ""


def normalize_url(url: str, encoding: str = "utf-8") -> str:
    """Absolute URL, fragment removed, scheme and host lower-cased, non-ASCII percent-encoded
    (path as UTF-8, query in the page's encoding, as browsers do)."""
    url = url.split("#", 1)[0].strip()
    m = _PLAIN_URL.match(url)
    if m:   # fast path: nothing to percent-encode
        host = m.group(2)
        if host.islower() and m.group(1).islower() and m.group(3):
            return url
        return f"{m.group(1).lower()}://{host.lower()}{m.group(3) or '/'}"
    try:
        url = safe_url_string(url, encoding=encoding if encoding else "utf-8")
    except (LookupError, ValueError):
        url = safe_url_string(url)
    parts = urlsplit(url)
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    path = parts.path or ("/" if netloc and parts.scheme in ("http", "https") else "")
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def make_link(raw: str, base: str, tag: str, anchor: str = "", rel: str = "",
              encoding: str = "utf-8") -> Link | None:
    """One Link for `raw` found in `tag`, or None when it is not a link at all."""
    if not raw:
        return None
    # The cache is shared across the pages of a site: absolute URLs do not depend on the base,
    # and a relative path depends only on the base's directory (every article of a column
    # resolves the same navigation links).  "?q" and "" depend on the whole base.
    if raw.startswith(("http://", "https://")):
        key_base = ""
    elif raw[:1] in ("?", "#", " ") or base.count("/") < 3:
        key_base = base
    else:
        key_base = base[:base.rfind("/") + 1]
    resolved = _resolve(raw, key_base, tag, rel, encoding)
    if resolved is None:
        return None
    url, category, reason = resolved
    return Link(url=url, raw=raw, anchor=anchor, tag=tag, category=category, reason=reason)


@lru_cache(maxsize=65536)
def _resolve(raw: str, base: str, tag: str, rel: str, encoding: str):
    # (url, category, reason) for one href, or None when it is not a link.
    value = clean_href(raw)
    if not value or value.startswith("#"):
        return None
    low = value.lower()
    if low.startswith(_SKIP_SCHEMES):
        return None
    if low.startswith("file:") or _LOCAL_PATH.match(value):
        return value, "local_file", ""
    reason = malformed_reason(value)
    if reason:
        return value, "malformed", reason
    try:
        absolute = urljoin(base, value) if base else value
        url = normalize_url(absolute, encoding)
    except ValueError as exc:
        return value, "malformed", f"cannot be resolved ({exc})"
    return url, categorize(url, tag, rel), ""


def css_urls(css_text: str) -> list[str]:
    """The url() and @import targets of a CSS text, comments excluded."""
    if not css_text or ("url(" not in css_text.lower() and "@import" not in css_text.lower()):
        return []
    css_text = _CSS_COMMENT.sub("", css_text)
    out = []
    for m in _CSS_URL.finditer(css_text):
        value = (m.group(2) if m.group(2) is not None else m.group(4) or "").strip()
        if value:
            out.append(value)
    return out


def extract_css_links(css_text: str, base_url: str, encoding: str = "utf-8") -> list[Link]:
    """Links in a stylesheet response (url() and @import), resolved against its URL."""
    links = []
    for raw in css_urls(css_text):
        link = make_link(raw, base_url, "css", encoding=encoding)
        if link:
            links.append(link)
    return _dedupe(links)


def _text(el) -> str:
    # Most anchors hold one text node: read it without walking a subtree.
    text = el.text if len(el) == 0 else text_of(el)
    return " ".join(text.split()) if text else ""


def _anchor(el) -> str:
    text = _text(el)
    if text:
        return text
    for img in el.iter("img"):
        alt = (img.get("alt") or img.get("title") or "").strip()
        if alt:
            return alt
    return (el.get("title") or "").strip()


def base_href(doc, page_url: str) -> str:
    """The URL relative links resolve against: the first <base href> (relative ones too)."""
    for base in doc.iter("base"):
        href = clean_href(base.get("href"))
        if href:
            try:
                return urljoin(page_url, href)
            except ValueError:
                return page_url
    return page_url


# Elements that can carry a link other than through a style="…url()…" attribute.
_LINK_TAGS = tuple(_URL_ATTRS) + ("link", "meta", "style")


def extract_links(doc, base_url: str, encoding: str = "utf-8", style_urls: bool = True) -> list[Link]:
    """All links of a parsed page (lxml tree from `parse_html`), in document order, one per URL.

    `base_url` is the page's own URL; a <base href> in the page overrides it. `encoding` is the
    page's encoding, used for non-ASCII query strings as browsers do.  `style_urls=False` says
    the page has no "url(" anywhere, so only elements that can hold a link are visited.
    """
    base = normalize_url(base_href(doc, base_url), encoding) if base_url else ""
    links: list[Link] = []
    add = links.append
    for el in (doc.iter() if style_urls else doc.iter(*_LINK_TAGS)):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        attrs = _URL_ATTRS.get(tag)
        if attrs:
            for attr in attrs:
                raw = el.get(attr)
                if raw is None or not raw.strip():
                    continue
                if tag == "object" and attr == "classid":
                    continue
                anchor = ""
                if tag in ("a", "area"):
                    anchor = _anchor(el) if tag == "a" else (el.get("alt") or "").strip()
                elif tag in ("img", "input"):
                    anchor = (el.get("alt") or el.get("title") or "").strip()
                link = make_link(raw, base, tag, anchor, encoding=encoding)
                if link:
                    add(link)
            if tag == "object":
                raw = el.get("classid") or ""
                if raw and not raw.lower().startswith("clsid:"):
                    link = make_link(raw, base, tag, encoding=encoding)
                    if link:
                        add(link)
            if tag in ("object", "applet"):
                for raw in re.split(r"[\s,]+", el.get("archive") or ""):
                    link = make_link(raw, base, tag, encoding=encoding) if raw else None
                    if link:
                        add(link)
        elif tag == "link":
            raw = el.get("href")
            if raw:
                rel = (el.get("rel") or "").lower()
                link = make_link(raw, base, "link", rel=rel, encoding=encoding)
                if link:
                    add(link)
        elif tag == "meta":
            equiv = (el.get("http-equiv") or "").lower()
            if equiv == "refresh":
                m = _META_REFRESH.match(el.get("content") or "")
                if m and m.group(1).strip():
                    link = make_link(m.group(1), base, "meta-refresh", encoding=encoding)
                    if link:
                        add(link)
            elif el.get("href"):
                rel = (el.get("rel") or "").lower()
                link = make_link(el.get("href"), base, "link", rel=rel, encoding=encoding)
                if link:
                    add(link)
        elif tag == "style":
            for raw in css_urls(el.text or ""):
                link = make_link(raw, base, "css", encoding=encoding)
                if link:
                    add(link)
        style = el.get("style")
        if style and "url(" in style.lower():
            for raw in css_urls(style):
                link = make_link(raw, base, "css", encoding=encoding)
                if link:
                    add(link)
    return _dedupe(links)


def _dedupe(links: list[Link]) -> list[Link]:
    seen: dict[str, Link] = {}
    for link in links:
        first = seen.get(link.url)
        if first is None:
            seen[link.url] = link
        elif not first.anchor and link.anchor:
            first.anchor = link.anchor
    return list(seen.values())
