"""The allow-list fence on hand-made inputs (no browser needed): Playwright's URL pattern, and the
Chromium switches that keep its resolver and connections to the allowed hosts."""
from __future__ import annotations

import socket

import pytest

from govsite.browser.chromium import chromium_args
from govsite.browser.fence import RefusingPort, blocked_hosts_pattern, fence_args, proxy_bypass_list, resolver_rules
from govsite.browser.settings import BrowserSettings
from govsite.profile import load_profile


def test_blocked_hosts_pattern():
    p = blocked_hosts_pattern(["127.0.0.1", "*.gzfg.gov.cn"])
    assert not p.search("http://127.0.0.1:8800/a.css") and not p.search("https://www.gzfg.gov.cn/")
    for url in ("https://zfwzgl.www.gov.cn/exposure/jiucuo.html", "http://127.0.0.2/", "http://127.0.0.1.evil.cn/",
                "https://hm.baidu.com/hm.js", "wss://push.example/"):
        assert p.search(url), url
    assert not p.search("data:image/png;base64,AAAA")
    assert blocked_hosts_pattern([]) is None
    v6 = blocked_hosts_pattern(["::1"])      # the crawler's host of http://[::1]:8800/ is ::1
    assert not v6.search("http://[::1]:8800/") and v6.search("http://[::2]:8800/") and v6.search("http://127.0.0.1/")


def test_resolver_rules_resolve_only_the_allowed_names():
    assert resolver_rules(["127.0.0.1", "*.GZFG.gov.cn", "www.gzfg.gov.c[nm]", "::1"]) == (
        "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE *.gzfg.gov.cn , EXCLUDE www.gzfg.gov.c? , "
        "EXCLUDE ::1 , EXCLUDE [::1]")


def test_proxy_bypass_list_takes_back_the_loopback_bypass():
    # Chromium never proxies localhost and 127.0.0.0/8 unless told "<-loopback>": without it a
    # second loopback host would be reached directly.
    assert proxy_bypass_list(["127.0.0.1", "*.gzfg.gov.cn", "::1"]) == "<-loopback>;127.0.0.1;*.gzfg.gov.cn;[::1]"


def test_fence_args():
    args = fence_args(["127.0.0.1"], 4321)
    assert args == ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                    "--proxy-server=http://127.0.0.1:4321", "--proxy-bypass-list=<-loopback>;127.0.0.1"]
    assert fence_args([], 4321) == []      # no allow-list: nothing fenced, as in the crawler


def test_the_fence_comes_last_and_background_services_are_off():
    settings = BrowserSettings.from_profile(load_profile())
    args = chromium_args(settings, ["127.0.0.1"], 4321)
    assert args[:len(settings.args)] == list(settings.args) and args[-1].startswith("--proxy-bypass-list=")
    assert len(args) == len(set(args))
    for switch in ("--no-sandbox", "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-pings", "--disable-domain-reliability", "--dns-prefetch-disable"):
        assert switch in args, switch
    # Chromium keeps only the last --disable-features; Playwright's own list must survive.
    assert not any(a.startswith("--disable-features") for a in args)


def test_refusing_port_refuses_and_is_held():
    port = RefusingPort()
    try:
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port.port)) != 0       # refused: nobody listens
        with socket.socket() as other, pytest.raises(OSError):
            other.bind(("127.0.0.1", port.port))                           # and nobody else can
    finally:
        port.close()
