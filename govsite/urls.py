"""URL helpers shared by the crawler and the checks: hosts, allow-lists, column URLs."""
from __future__ import annotations

import fnmatch
import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from govsite.errors import BadInput

# The one definition of an index page: the file names under which a server shows a folder's
# page (TRS, Hanweb, JSP and PHP sites), so that /a/b/index.html and /a/b/ are one page.
INDEX_NAMES = ("index.html", "index.htm", "index.shtml", "index.jsp", "index.php")
# TRS list pages: index.html is page 0 of a column, index_1.html ... the next ones.
_LIST_PAGE = re.compile(r"/index(?:_\d+)?\.(?:s?html?|jsp|php)$", re.IGNORECASE)
# The checks ask the same questions of the same URLs rule after rule (each page's URL several
# times over a scan): the answers of the pure helpers below are kept for as many URLs as a large
# portal holds.
_URL_MEMO = 1 << 15
# The paths a site's home page is served under: the root, or an index, default (IIS) or home page.
_ROOT_PAGE = re.compile(r"^/?(?:(?:index|default|home)\.(?:html?|shtml|jsp|php|aspx?))?$", re.IGNORECASE)


class BadURL(BadInput, ValueError):
    """A start URL the scanner cannot use.  (Still a ValueError for callers that caught it as one.)"""


def validate_start_url(url: str) -> str:
    """The start URL normalised (scheme and host lower-cased, '/' path), or BadURL with why."""
    url = (url or "").strip()
    if not url:
        raise BadURL("empty URL")
    if "://" not in url:
        raise BadURL(f"'{url}' has no scheme: write it as http://{url} or https://{url}")
    try:
        parts = urlsplit(url)       # raises on a bracketed host left open: http://[::1
    except ValueError as exc:
        raise BadURL(f"'{url}': {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BadURL(f"'{url}': only http and https sites can be scanned")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise BadURL(f"'{url}': {exc}") from None
    if not host or not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+", parts.netloc.rsplit("@", 1)[-1]):
        raise BadURL(f"'{url}' has no valid host")
    # urlsplit hands back an IPv6 host without its brackets; the URL needs them again.
    host = f"[{host}]" if ":" in host else host
    netloc = host.lower() + (f":{port}" if port else "")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def host_allowed(host: str, globs: list[str] | tuple[str, ...]) -> bool:
    """True when no allow-list is given, or the host matches one of its glob patterns."""
    if not globs:
        return True
    return any(fnmatch.fnmatchcase(host, g.lower()) for g in globs)


@lru_cache(maxsize=_URL_MEMO)
def column_url_of(url: str) -> str:
    """The column a list page belongs to: /a/b/index_3.html -> /a/b/ (query and fragment dropped)."""
    parts = urlsplit(url)
    path = _LIST_PAGE.sub("/", parts.path)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


@lru_cache(maxsize=_URL_MEMO)
def is_home(url: str, home_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(home_url)
    return a.netloc.lower() == b.netloc.lower() and (
        is_root_path(a.path) and is_root_path(b.path) or a.path == b.path)


def is_root_path(path: str) -> bool:
    """True for the paths a home page is served under (/, /index.html, /default.aspx, …)."""
    return bool(_ROOT_PAGE.match(path))


def is_index_page(url: str) -> bool:
    """True for a folder's index page (…/index.html and the like, INDEX_NAMES)."""
    return urlsplit(url).path.rsplit("/", 1)[-1] in INDEX_NAMES


def folder_url(url: str) -> str:
    """The URL as pages are compared: an index page in its folder form, no fragment."""
    url = (url or "").split("#", 1)[0]
    for name in INDEX_NAMES:
        if url.endswith("/" + name):
            return url[: -len(name)]
    return url
