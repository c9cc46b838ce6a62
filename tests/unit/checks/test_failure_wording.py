"""A failed link is told in words (连接被拒绝, 重定向循环 …), never a class name or "HTTP None";
English stays available with --lang en (GOVSITE_LANG=en)."""
from __future__ import annotations

import pytest

from govsite.checks.failures import browser_error, describe_failure, probe_error
from govsite.lang import set_lang, tr
from govsite.models import LinkCheck

U = "http://127.0.0.1:8800/x"


def _c(error_class, status=None, detail="", elapsed=None):
    return LinkCheck(U, True, "GET", status=status, error_class=error_class, detail=detail, elapsed=elapsed)


@pytest.fixture
def english():
    set_lang("en")
    yield
    set_lang("zh")


@pytest.mark.parametrize(("check", "words"), [
    (_c("connect", detail="DownloadConnectionRefusedError: Connection was refused by other side: 111: "
                          "Connection refused."), "连接被拒绝"),
    (_c("connect", detail="the connection closed before the whole answer arrived"), "连接中断"),
    (_c("http", detail="redirect loop (too many redirections)"), "重定向循环"),
    (_c("dns", detail="DNSLookupError: no such host"), "域名无法解析"),
    (_c("timeout", detail="TimeoutError: took longer than 15 s", elapsed=15.0), "连接超时"),
    (_c("http", status=404), "HTTP 404（页面不存在）"),
    (_c("http", status=500), "HTTP 500（服务器内部错误）"),
    (_c("soft404", status=200), "页面显示内容不存在"),
    (_c("malformed", detail="not a valid URL"), "链接地址格式错误"),
    (_c("tls", detail="SSL routines"), "TLS"),
    (_c("blocked", status=200, detail="WAF / anti-bot challenge (jiasule)"), "加速乐"),
    (_c("rate_limited", status=429, detail="rate-limited: HTTP 429 after 2 retries, Retry-After: 60"),
     "重试2次后仍然如此"),
])
def test_failures_in_chinese_without_internals(check, words):
    text = describe_failure(check, 15.0)
    assert words in text
    assert "Error" not in text and "None" not in text and "refused" not in text


def test_english_on_request(english):
    assert describe_failure(_c("http", detail="redirect loop (too many redirections)"), 15) == \
        "redirect loop (too many redirections)"
    assert describe_failure(_c("http", status=404), 15) == "HTTP 404"
    assert tr("中文", "English") == "English"


def test_browser_errors():
    assert browser_error("Page.goto: net::ERR_SSL_PROTOCOL_ERROR at https://127.0.0.1/") == "加密连接（SSL/TLS）协议错误"
    assert browser_error("Page.goto: net::ERR_CONNECTION_REFUSED at https://x/") == "连接被拒绝"
    assert tr("中文", "English") == "中文"


@pytest.mark.parametrize(("error", "words"), [("timeout after 15 s", "连接超时"), ("HTTP 503", "HTTP 503（服务暂不可用）"),
                                             ("opened after 16.2 s", "16.2秒后才打开"),
                                             ("[Errno 111] Connection refused", "连接被拒绝")])
def test_probe_errors(error, words):
    assert probe_error(error) == words
