"""Fetching a single page for `govsite page URL|FILE` (no crawl, no store)."""
from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from govsite.urls import BadURL, validate_start_url

_MAX_BYTES = 20 * 1024 * 1024
_USER_AGENT = "Mozilla/5.0 (compatible; govsite/0.1; government website inspection)"


def fetch_for_cli(target: str, timeout: float = 15.0) -> tuple[str, bytes, str | None, int, dict]:
    """(url, body, content_type, status, headers) for a URL or a local file.

    Raises BadURL with a one-line reason when the target cannot be read.
    """
    path = Path(target)
    if "://" not in target or target.startswith("file://"):
        if target.startswith("file://"):
            path = Path(target[len("file://"):])
        if not path.is_file():
            raise BadURL(f"'{target}' is neither a readable file nor an http(s) URL")
        if path.stat().st_size > _MAX_BYTES:
            raise BadURL(f"'{target}' is larger than {_MAX_BYTES // 2**20} MB: not a web page")
        return path.resolve().as_uri(), path.read_bytes(), None, 200, {}
    url = validate_start_url(target)
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            body = resp.read(_MAX_BYTES + 1)
            headers = {k.lower(): v for k, v in resp.headers.items()}
            return resp.geturl(), body[:_MAX_BYTES], resp.headers.get("Content-Type"), resp.status, headers
    except urllib.error.HTTPError as exc:
        body = exc.read(_MAX_BYTES)
        headers = {k.lower(): v for k, v in exc.headers.items()} if exc.headers else {}
        return url, body, headers.get("content-type"), exc.code, headers
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise BadURL(f"cannot fetch {url}: {reason}") from None
