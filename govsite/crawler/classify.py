"""Turning a failed request into an error class: dns, connect, tls, timeout, http, not-checked."""
from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
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


def _inner(failure: Failure) -> list[BaseException]:
    """The exception and, for twisted.web wrappers, the reasons it wraps."""
    exc = failure.value
    found = [exc]
    if isinstance(exc, (ResponseNeverReceived, ResponseFailed)):
        for reason in getattr(exc, "reasons", []) or []:
            found.append(reason.value if isinstance(reason, Failure) else reason)
    return found


def classify_failure(failure: Failure) -> tuple[str | None, bool, str]:
    """(error_class, checked, detail) for a request that produced no response.

    `checked` is False when the request was never sent on purpose (host not allowed, robots.txt):
    such a link is "not checked", never "broken".
    """
    exc = failure.value
    detail = f"{exc.__class__.__name__}: {exc}".strip()
    if isinstance(exc, HostNotAllowed):
        return None, False, "not checked: host not allowed (--allow-host)"
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "max redirections" in text:
            return "http", True, "redirect loop (too many redirections)"
        if "robots" in text.lower() or "Forbidden by robots.txt" in text:
            return None, False, "not checked: forbidden by robots.txt"
        return None, False, f"not checked: {text or 'request ignored'}"
    for inner in _inner(failure):
        if isinstance(inner, tx_error.DNSLookupError):
            return "dns", True, detail
        if isinstance(inner, (tx_error.TimeoutError, tx_error.TCPTimedOutError, DeferTimeoutError)):
            return "timeout", True, detail
        if SSLError and isinstance(inner, SSLError):
            return "tls", True, detail
        if isinstance(inner, CancelledError) and "max size" in str(inner).lower():
            return None, True, "larger than the download limit"
    for inner in _inner(failure):
        if isinstance(inner, (tx_error.ConnectionRefusedError, tx_error.ConnectError,
                              tx_error.NoRouteError, tx_error.ConnectionLost,
                              tx_error.ConnectionDone)):
            return "connect", True, detail
    if isinstance(exc, (ResponseNeverReceived, ResponseFailed)):
        return "connect", True, detail
    if "timed out" in detail.lower() or "took longer than" in detail.lower():
        return "timeout", True, detail
    return "connect", True, detail
