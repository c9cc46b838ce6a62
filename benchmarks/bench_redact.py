"""Cost of redacting what a scan stores: median microseconds per page for redact_html (the HTML)
and redact (the page text), over the real pages of ../shared/realpages and the sample portal.

    PYTHONPATH=. python benchmarks/bench_redact.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path

from govsite.parsing.decode import decode_html
from govsite.parsing.page import parse_page
from govsite.sample.site import build_site
from govsite.textscan.redact import RedactionRules, redact, redact_html

AS_OF = dt.date(2026, 11, 27)
KEY = b"bench-key-0123456789abcdef012345"
RULES = RedactionRules(as_of=AS_OF)
REALPAGES = Path(__file__).resolve().parents[1].parent / "shared" / "realpages"


def pages() -> dict[str, list[tuple[str, str]]]:
    real = []
    for path in sorted(REALPAGES.glob("*.htm*")):
        html, _ = decode_html(path.read_bytes(), None)
        real.append((html, parse_page("https://x.gov.cn/" + path.name, html, AS_OF).text))
    sample = []
    for (_, path), res in sorted(build_site(AS_OF, 0.0).resources.items()):
        if "html" in (res.content_type or ""):
            html, _ = decode_html(res.body, res.content_type)
            sample.append((html, parse_page("http://127.0.0.1" + path, html, AS_OF).text))
    return {"realpages": real, "sample": sample}


def per_page_us(func, items: list[str], repeat: int) -> float:
    times = []
    for item in items:
        best = min(_time(func, item) for _ in range(repeat))
        times.append(best)
    return statistics.median(times) * 1e6


def _time(func, item: str) -> float:
    t0 = time.perf_counter()
    func(item, KEY, RULES)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for name, items in pages().items():
        html_us = per_page_us(redact_html, [h for h, _ in items], args.repeat)
        text_us = per_page_us(redact, [t for _, t in items], args.repeat)
        kb = statistics.median(len(h) for h, _ in items) / 1024
        print(f"{name:10s} pages={len(items):4d} median html {kb:6.1f} KB  "
              f"redact_html {html_us:8.0f} us/page  redact(text) {text_us:7.0f} us/page")


if __name__ == "__main__":
    main()
