"""What the browser may reach: the crawler's --allow-host globs turned into Chromium's own network
settings, and into the URL pattern of the requests Playwright aborts.

Playwright's routing sees the requests of a page, but not its WebSockets, preconnects or DNS
prefetches, nor Chromium's own background services: with only 127.0.0.1 allowed, a second loopback
host linked from the sample portal received 20-22 connections during a browser pass, and Chromium
looked up update.googleapis.com (issue 17).  So Chromium itself is fenced in:

- its resolver answers "not found" for every host but the allowed ones (`--host-resolver-rules`):
  no other name is ever looked up, and since the rules are applied to the host as written, an IP
  literal outside the list fails the same way;
- every connection goes through a proxy that refuses it (a local port held bound but never
  listening), except those to the allowed hosts (`--proxy-bypass-list`).  `<-loopback>` takes back
  Chromium's implicit bypass of localhost and 127.0.0.0/8, so a second loopback host is fenced
  like any other.  Each of these two walls alone kept the test's outside hosts at zero
  connections (tests/e2e/test_browser_allowlist.py); both stand, in case a Chromium release
  changes one;
- background services are off (`QUIET_ARGS`).

Playwright's routing stays too, as a last fence that also names what it blocked.
"""
from __future__ import annotations

import re
import socket

# Chromium's services that talk to Google on their own (updates, sync, pings, reliability
# reports, DNS prefetch).  `--disable-features` is not used: Chromium keeps only the last one
# given, and Playwright passes its own (HttpsUpgrades, OptimizationHints, ...), which ours would
# silently undo; whatever a feature still tries is stopped by the fence above.
QUIET_ARGS = ("--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--no-pings", "--disable-domain-reliability", "--dns-prefetch-disable",
              "--disable-client-side-phishing-detection", "--disable-default-apps", "--no-first-run",
              "--metrics-recording-only")

_CHAR_CLASS = re.compile(r"\[[^\]]*\]")


def _chromium_glob(glob: str) -> str:
    """An --allow-host glob in Chromium's host pattern syntax (`*` and `?` only): a character
    class `[...]` becomes `?`, one character of any kind, which Playwright's fence narrows again."""
    return _CHAR_CLASS.sub("?", glob.strip().lower())


def resolver_rules(allow_hosts: list[str] | tuple[str, ...]) -> str:
    """--host-resolver-rules: every name resolves to NOTFOUND except the allowed ones."""
    excluded = []
    for glob in allow_hosts:
        host = _chromium_glob(glob).strip("[]")
        # An IPv6 literal is matched as written, with or without its brackets: exclude both.
        excluded += [host, f"[{host}]"] if ":" in host else [host]
    return " , ".join(["MAP * ~NOTFOUND"] + [f"EXCLUDE {h}" for h in excluded])


def proxy_bypass_list(allow_hosts: list[str] | tuple[str, ...]) -> str:
    """--proxy-bypass-list: the allowed hosts go direct; loopback is not bypassed implicitly."""
    hosts = [_chromium_glob(h).strip("[]") for h in allow_hosts]
    return ";".join(["<-loopback>"] + [f"[{h}]" if ":" in h else h for h in hosts])


class RefusingPort:
    """A TCP port on 127.0.0.1 bound but never listening: every connection to it is refused, and
    no other process can take it while this is open.  The fenced browser's proxy."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]

    def close(self) -> None:
        self._sock.close()


def fence_args(allow_hosts: list[str] | tuple[str, ...], refusing_port: int) -> list[str]:
    """Chromium switches that keep its resolver and its connections to the allowed hosts; none when
    there is no allow-list (nothing is fenced, as in the crawler)."""
    if not allow_hosts:
        return []
    return [f"--host-resolver-rules={resolver_rules(allow_hosts)}",
            f"--proxy-server=http://127.0.0.1:{refusing_port}",
            f"--proxy-bypass-list={proxy_bypass_list(allow_hosts)}"]


def _glob_regex(glob: str) -> str:
    host = glob.strip().lower()
    if ":" in host:          # an IPv6 literal: bracketed in a URL
        return re.escape(f"[{host.strip('[]')}]")
    return "".join("[^/:?#]*" if ch == "*" else "[^/:?#]" if ch == "?" else re.escape(ch) for ch in host)


def blocked_hosts_pattern(allow_hosts: list[str] | tuple[str, ...]) -> re.Pattern | None:
    """A URL pattern matching every request to a host outside the allow-list (the crawler's
    --allow-host globs); None when there is no allow-list (nothing blocked, as in the crawler)."""
    if not allow_hosts:
        return None
    hosts = "|".join(_glob_regex(h) for h in allow_hosts)
    return re.compile(rf"^(?:https?|wss?|ftp)://(?:[^/@]*@)?(?!(?:{hosts})(?::\d+)?(?:[/?#]|$))", re.IGNORECASE)
