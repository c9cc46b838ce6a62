"""Turning a failed request, or an answer that is not the target, into an error class.

The classes a link check can carry: dns, connect, tls, timeout, http (a link that does not open:
broken or slow), blocked and rate_limited (the server refused us, not the visitor: listed for a
person, never counted as broken), not_scanned (the target answered but was too large or too slow
to read to the end: not broken either), soft404, malformed, local_file.
"""
from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet import error as tx_error
from twisted.internet.defer import CancelledError
from twisted.internet.defer import TimeoutError as DeferTimeoutError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from govsite.crawler.middlewares import HostNotAllowed

try:  # pyOpenSSL is a Scrapy dependency; keep the import defensive all the same.
    from OpenSSL.SSL import Error as SSLError
except ImportError:  # pragma: no cover
    SSLError = ()  # type: ignore[assignment]

NOT_SCANNED = "not_scanned"
RATE_LIMITED = "rate_limited"

# Request meta set by the spider when a response's headers arrive (the attempt they belong to):
# a timeout or a cancellation after that point happened while the body was streaming.
HEADERS_SEEN = "govsite_headers_seen"


def _inner(failure: Failure) -> list[BaseException]:
    """The exception and what it wraps: Scrapy's own download errors keep the Twisted error as
    their cause, and twisted.web's wrappers list their reasons."""
    found: list[BaseException] = []
    todo: list[BaseException] = [failure.value]
    while todo and len(found) < 16:
        exc = todo.pop(0)
        found.append(exc)
        if isinstance(exc, (ResponseNeverReceived, ResponseFailed)):
            for reason in getattr(exc, "reasons", []) or []:
                todo.append(reason.value if isinstance(reason, Failure) else reason)
        if exc.__cause__ is not None:
            todo.append(exc.__cause__)
    return found


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size} bytes"


def headers_seen(failure: Failure) -> bool:
    """Whether the failed attempt had received its response headers (see HEADERS_SEEN)."""
    request = getattr(failure, "request", None)
    if request is None or HEADERS_SEEN not in request.meta:
        return False
    return request.meta[HEADERS_SEEN] == request.meta.get("retry_times", 0)


def classify_failure(failure: Failure, *, max_bytes: int = 0) -> tuple[str | None, bool, str]:
    """(error_class, checked, detail) for a request that produced no response.

    `checked` is False when the request was never sent on purpose (host not allowed, robots.txt):
    such a link is "not checked", never "broken".  `max_bytes` is the download limit the request
    ran under, for the message when a body was cut.  A detail always says what happened in words:
    never an empty exception name.
    """
    exc = failure.value
    detail = f"{exc.__class__.__name__}: {exc}".strip(": ")
    streaming = headers_seen(failure)
    limit = f" of {_megabytes(max_bytes)}" if max_bytes else ""
    if isinstance(exc, HostNotAllowed):
        return None, False, "not checked: host not allowed (--allow-host)"
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "max redirections" in text:
            return "http", True, "redirect loop (too many redirections)"
        if "robots" in text.lower() or "Forbidden by robots.txt" in text:
            return None, False, "not checked: forbidden by robots.txt"
        if "DOWNLOAD_MAXSIZE" in text and "decompress" in text:
            # A small compressed body that inflates past the limit (a gzip bomb, or just huge).
            return NOT_SCANNED, True, f"larger than the download limit{limit} once decompressed"
        return None, False, f"not checked: {text or 'request ignored'}"
    inner = _inner(failure)
    for one in inner:
        if isinstance(one, (CancelledError, DownloadCancelledError)):
            # Scrapy cancels a download at DOWNLOAD_MAXSIZE (announced or reached while reading);
            # before the headers, only the crawl stopping cancels one.
            if streaming:
                return NOT_SCANNED, True, f"larger than the download limit{limit}: download stopped"
            return None, False, "not checked: the download was cancelled before the server answered"
    for one in inner:
        if isinstance(one, (CannotResolveHostError, tx_error.DNSLookupError)):
            return "dns", True, detail
        if isinstance(one, (DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError,
                            DeferTimeoutError)):
            if streaming:
                return NOT_SCANNED, True, (f"too slow: the body was still arriving when the "
                                           f"download timed out ({exc})")
            return "timeout", True, detail
        if SSLError and isinstance(one, SSLError):
            return "tls", True, detail
    for one in inner:
        if isinstance(one, ResponseDataLossError):
            return "connect", True, "the connection closed before the whole answer arrived"
        if isinstance(one, (DownloadConnectionRefusedError, tx_error.ConnectionRefusedError,
                            tx_error.ConnectError, tx_error.NoRouteError, tx_error.ConnectionLost,
                            tx_error.ConnectionDone)):
            return "connect", True, detail
    if isinstance(exc, (ResponseNeverReceived, ResponseFailed, DownloadFailedError)):
        return "connect", True, detail
    if "timed out" in detail.lower() or "took longer than" in detail.lower():
        return "timeout", True, detail
    return "connect", True, detail


def status_error_class(status: int, headers=None, retries: int = 0) -> tuple[str | None, str]:
    """(error_class, detail) for an answer by its status alone: a 429, or a 503 that asks to come
    back later (Retry-After), still there after the retries, is the server limiting us, not a
    broken link; other statuses from 400 up are `http`."""
    if status < 400:
        return None, ""
    retry_after = None
    if headers is not None:
        value = headers.get("Retry-After") if hasattr(headers, "get") else None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        retry_after = value.strip() if value else None
    if status == 429 or (status == 503 and retry_after):
        tries = f" after {retries} retr{'y' if retries == 1 else 'ies'}" if retries else ""
        asked = f", Retry-After: {retry_after}" if retry_after else ""
        return RATE_LIMITED, f"rate-limited: HTTP {status}{tries}{asked}"
    return "http", ""
