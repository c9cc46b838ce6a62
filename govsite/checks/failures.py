"""A failed link check told in words a unit head reads: 连接被拒绝, 连接超时, 重定向循环,
域名无法解析, HTTP 404（页面不存在）… — never a Python class name and never "HTTP None".

The crawl stores a stable error class (crawler/classify.py) and a technical detail for the logs;
the sentence is formed here, when a finding is written, so an old stored scan reads the same way.
"""
from __future__ import annotations

import re

from govsite.lang import tr
from govsite.models import LinkCheck

_HTTP_ZH = {400: "请求错误", 401: "需要登录", 403: "禁止访问", 404: "页面不存在", 405: "不允许的请求方法",
            408: "请求超时", 410: "页面已删除", 412: "前提条件不满足", 429: "请求过多", 500: "服务器内部错误",
            502: "网关错误", 503: "服务暂不可用", 504: "网关超时"}
_CHALLENGE = re.compile(r"challenge \(([^)]*)\)")
_CHALLENGE_ZH = {"ruishu": "瑞数", "jiasule": "加速乐", "panyun": "磐云", "js-cookie": "脚本Cookie验证",
                 "waf-redirect": "防火墙跳转", "safedog": "安全狗", "yunsuo": "云锁", "360wzws": "360网站卫士",
                 "cloudflare": "Cloudflare"}
_RETRIES = re.compile(r"after (\d+) retr")
_RETRY_AFTER = re.compile(r"Retry-After: ([^,;]+)")


def connect_reason(detail: str) -> tuple[str, str]:
    """(zh, en) of a connection failure from its stored technical detail."""
    low = detail.lower()
    if "refused" in low:
        return "连接被拒绝", "connection refused"
    if "closed before" in low or "connectionlost" in low or "connection lost" in low or "connectiondone" in low:
        return "连接中断，未收到完整应答", "the connection closed before the whole answer arrived"
    if "noroute" in low or "no route" in low or "unreachable" in low:
        return "网络不可达", "no route to the host"
    if "reset" in low:
        return "连接被重置", "connection reset"
    return "无法建立连接", "cannot connect"


def http_status(status: int | None) -> tuple[str, str]:
    """(zh, en) for an HTTP status: 'HTTP 404（页面不存在）' / 'HTTP 404'."""
    if status is None:
        return "无HTTP状态", "no HTTP status"
    name = _HTTP_ZH.get(status)
    return (f"HTTP {status}（{name}）" if name else f"HTTP {status}"), f"HTTP {status}"


def describe_failure(check: LinkCheck, slow_limit: float) -> str:
    """One sentence for why the link check failed, in the chosen language."""
    detail = check.detail or ""
    cls = check.error_class
    if cls == "http" and check.status is None:
        if "redirect" in detail.lower():
            return tr("重定向循环（重定向次数过多）", "redirect loop (too many redirections)")
        return tr("没有收到HTTP应答", detail or "no HTTP status")
    if cls == "http":
        zh, en = http_status(check.status)
        return tr(zh, en + (f" ({detail})" if detail else ""))
    if cls == "malformed":
        return tr("链接地址格式错误", f"malformed href ({detail or 'not a valid URL'})")
    if cls == "dns":
        return tr("域名无法解析", f"the host name does not resolve ({detail})")
    if cls == "connect":
        zh, en = connect_reason(detail)
        return tr(zh, f"{en} ({detail})" if detail else en)
    if cls == "tls":
        return tr("安全证书或加密连接（TLS）错误", f"TLS error ({detail})")
    if cls == "soft404":
        zh, _ = http_status(check.status)
        return tr(f"{zh}，但页面显示内容不存在",
                  f"HTTP {check.status} but the page says the content does not exist")
    if cls == "timeout":
        secs = check.elapsed or slow_limit
        return tr(f"{secs:.0f}秒内无应答（连接超时）", f"no answer within {secs:.0f} s (timeout)")
    if cls == "blocked":
        m = _CHALLENGE.search(detail)
        kind = f"（{_CHALLENGE_ZH.get(m.group(1), m.group(1))}）" if m else ""
        status = f"HTTP {check.status}：" if check.status is not None else ""
        return tr(f"{status}防火墙/反爬虫验证页{kind}",
                  (f"HTTP {check.status}: " if check.status is not None else "") + (detail or "WAF challenge"))
    if cls == "rate_limited":
        tries = _RETRIES.search(detail)
        after = _RETRY_AFTER.search(detail)
        zh = f"服务器限制访问频率：HTTP {check.status}" + (f"，重试{tries.group(1)}次后仍然如此" if tries else "") \
            + (f"，要求{after.group(1).strip()}后再试" if after else "")
        return tr(zh, detail or f"rate-limited: HTTP {check.status}")
    if cls == "local_file":
        return tr("指向本地电脑或内网共享", "points into a local computer or network share")
    return tr("链接检查失败", detail or (cls or "failed"))


_NET_ERRORS = (("ERR_SSL", "加密连接（SSL/TLS）协议错误"), ("ERR_CERT", "安全证书无效"),
               ("ERR_CONNECTION_REFUSED", "连接被拒绝"), ("ERR_NAME_NOT_RESOLVED", "域名无法解析"),
               ("ERR_CONNECTION_TIMED_OUT", "连接超时"), ("ERR_TIMED_OUT", "连接超时"), ("Timeout", "连接超时"),
               ("ERR_CONNECTION_RESET", "连接被重置"), ("ERR_CONNECTION_CLOSED", "连接中断"),
               ("ERR_TOO_MANY_REDIRECTS", "重定向循环"), ("ERR_ADDRESS_UNREACHABLE", "网络不可达"))


def browser_error(error: str) -> str:
    """A browser's navigation error (`Page.goto: net::ERR_SSL_PROTOCOL_ERROR at …`) in words."""
    for code, zh in _NET_ERRORS:
        if code in error:
            return tr(zh, error)
    return tr("浏览器无法打开", error)


_OPENED_AFTER = re.compile(r"opened after ([\d.]+) s")


def probe_error(error: str) -> str:
    """An availability probe's failure (crawler/probe.py) in words."""
    opened = _OPENED_AFTER.search(error)
    low = error.lower()
    if opened:
        zh = f"{opened.group(1)}秒后才打开"
    elif error.startswith("HTTP "):
        code = error.split()[1]
        zh = http_status(int(code))[0] if code.isdigit() else error
    elif "timed out" in low or "timeout" in low:
        zh = "连接超时"
    elif "refused" in low:
        zh = "连接被拒绝"
    elif "name or service not known" in low or "nodename" in low or "resolution" in low:
        zh = "域名无法解析"
    elif "not probed" in low:
        zh = "未探测（主机不在允许范围内）"
    else:
        zh = "无法访问"
    return tr(zh, error)
