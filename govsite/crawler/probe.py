"""Availability probes: does the home page open within 15 s? (国办秘函〔2019〕19号 站点无法访问)"""
from __future__ import annotations

import time
import urllib.error
import urllib.request
from datetime import datetime

from govsite.store.db import Store
from govsite.store.probes import Probe, save_probe
from govsite.urls import host_allowed, host_of

_USER_AGENT = "Mozilla/5.0 (compatible; govsite/0.1; availability probe)"


def probe_once(url: str, timeout: float = 15.0, allow_hosts: list[str] | None = None) -> Probe:
    """Fetch `url` once; ok when it answers 2xx/3xx with a body within `timeout` seconds."""
    at = datetime.now()
    if not host_allowed(host_of(url), allow_hosts or []):
        return Probe(site=url, at=at, ok=False, error="not probed: host not allowed")
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            resp.read(1 << 20)
            status = resp.status
        elapsed = time.monotonic() - started
        ok = status < 400 and elapsed <= timeout
        return Probe(site=url, at=at, ok=ok, status=status, elapsed=round(elapsed, 3),
                        error="" if ok else f"opened after {elapsed:.1f} s")
    except urllib.error.HTTPError as exc:
        return Probe(site=url, at=at, ok=False, status=exc.code,
                        elapsed=round(time.monotonic() - started, 3), error=f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Probe(site=url, at=at, ok=False, elapsed=round(time.monotonic() - started, 3),
                        error=f"{reason}")


def record_probe(store: Store, url: str, timeout: float = 15.0,
                 allow_hosts: list[str] | None = None) -> Probe:
    """Probe `url` once and store the result."""
    probe = probe_once(url, timeout, allow_hosts)
    save_probe(store, probe)
    return probe
