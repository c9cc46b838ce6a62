"""Error classes of failed downloads and refusing answers (issue 17): too large or too slow is
"not scanned", a persistent 429 is "rate-limited", neither is a broken link, and no detail
reads "None"."""
from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Headers
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from govsite.crawler.classify import (
    HEADERS_SEEN,
    NOT_SCANNED,
    RATE_LIMITED,
    classify_failure,
    status_error_class,
)

URL = "http://127.0.0.1:9/file.pdf"


def _failure(exc: Exception, *, headers_at: int | None = None, retries: int = 0) -> Failure:
    """A failure as Scrapy hands it to an errback: the exception, with the request attached."""
    request = Request(URL, meta={"retry_times": retries} if retries else {})
    if headers_at is not None:
        request.meta[HEADERS_SEEN] = headers_at
    try:
        raise exc
    except Exception:  # noqa: BLE001 - a real Failure needs a raised exception
        failure = Failure()
    failure.request = request
    return failure


def _cancelled() -> DownloadCancelledError:
    # What Scrapy 2.19's http11 handler raises when a body passes DOWNLOAD_MAXSIZE mid-stream.
    exc = DownloadCancelledError("")
    exc.__cause__ = CancelledError()
    return exc


def test_a_body_cut_at_the_size_limit_is_not_scanned_not_broken():
    error_class, checked, detail = classify_failure(_failure(_cancelled(), headers_at=0),
                                                    max_bytes=20 * 2**20)
    assert (error_class, checked) == (NOT_SCANNED, True)
    assert "larger than the download limit of 20.0 MB" in detail


def test_an_announced_size_over_the_limit_is_not_scanned():
    exc = DownloadCancelledError("Expected to receive 209715200 bytes which is larger than "
                                 "download max size (52428800) in request <GET http://x/>.")
    assert classify_failure(_failure(exc, headers_at=0))[0] == NOT_SCANNED


def test_a_cancellation_before_any_answer_is_not_checked():
    error_class, checked, detail = classify_failure(_failure(_cancelled()))
    assert (error_class, checked) == (None, False)
    assert detail.startswith("not checked:")


def test_a_gzip_bomb_cut_while_decompressing_is_not_scanned():
    exc = IgnoreRequest("Ignored response <200 http://x/bomb.html> because its body (203902 B "
                        "compressed, 52428800 B decompressed so far) exceeded DOWNLOAD_MAXSIZE "
                        "(52428800 B) during decompression.")
    error_class, checked, detail = classify_failure(_failure(exc), max_bytes=50 * 2**20)
    assert (error_class, checked) == (NOT_SCANNED, True)
    assert "decompressed" in detail


def test_a_timeout_while_the_body_streams_is_too_slow_not_a_timeout():
    exc = DownloadTimeoutError(f"Getting {URL} took longer than 6.0 seconds.")
    error_class, checked, detail = classify_failure(_failure(exc, headers_at=0))
    assert (error_class, checked) == (NOT_SCANNED, True)
    assert detail.startswith("too slow")


def test_a_timeout_before_the_headers_stays_a_timeout():
    exc = DownloadTimeoutError(f"Getting {URL} took longer than 6.0 seconds.")
    assert classify_failure(_failure(exc))[0] == "timeout"
    # The headers came on the first attempt, the retry timed out before any: a timeout.
    assert classify_failure(_failure(exc, headers_at=0, retries=1))[0] == "timeout"


def test_a_name_that_does_not_resolve_is_dns():
    exc = CannotResolveHostError("DNS lookup failed: no results for hostname lookup: x.invalid.")
    assert classify_failure(_failure(exc))[:2] == ("dns", True)


@pytest.mark.parametrize("status, headers, expected", [
    (429, {}, RATE_LIMITED),
    (429, {"Retry-After": "1"}, RATE_LIMITED),
    (503, {"Retry-After": "120"}, RATE_LIMITED),
    (503, {}, "http"),                 # down, not throttling: a broken link
    (404, {}, "http"),
    (200, {}, None),
])
def test_status_classes(status, headers, expected):
    error_class, detail = status_error_class(status, Headers(headers), retries=2)
    assert error_class == expected
    assert "None" not in detail
    if expected == RATE_LIMITED:
        assert detail == f"rate-limited: HTTP {status} after 2 retries" + (
            f", Retry-After: {headers['Retry-After']}" if headers else "")
