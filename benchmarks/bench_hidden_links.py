"""Cost of reading hidden links (暗链) in the per-page lxml pass: median milliseconds per page of
parse_page with and without the hidden-link reader, and of the reader alone, over the real pages
of ../shared/realpages and the sample portal's pages (snapshot 1).

    PYTHONPATH=. python benchmarks/bench_hidden_links.py [--repeat 5]

The reader returns at once on a page without a link to another host; a page with some walks its
<a> elements and their ancestors (and reads its <style> blocks once).
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from functools import partial
from pathlib import Path

import govsite.parsing.page as page_module
from govsite.parsing.decode import decode_html
from govsite.parsing.hidden import hidden_outside_links
from govsite.parsing.links import extract_links
from govsite.parsing.page import parse_page
from govsite.parsing.tree import parse_html
from govsite.sample.site import build_site
from govsite.urls import host_of

AS_OF = dt.date(2026, 11, 27)
REALPAGES = Path(__file__).resolve().parents[1].parent / "shared" / "realpages"


def pages() -> dict[str, list[tuple[str, str]]]:
    real = []
    for path in sorted(REALPAGES.glob("*.htm*")):
        html, _ = decode_html(path.read_bytes(), None)
        real.append(("https://x.gov.cn/" + path.name, html))
    sample = []
    for (host, path), res in sorted(build_site(AS_OF, 0.0).resources.items()):
        if host == "site" and "html" in (res.content_type or ""):
            html, _ = decode_html(res.body, res.content_type)
            sample.append(("http://127.0.0.1" + path, html))
    return {"realpages": real, "sample": sample}


def _best(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def measure(items: list[tuple[str, str]], repeat: int) -> dict[str, float]:
    reader_alone, with_reader, without_reader, outside = [], [], [], 0
    original = page_module.hidden_outside_links
    for url, html in items:
        doc = parse_html(html)
        links = extract_links(doc, url)
        own = host_of(url)
        outside += any(link.tag in ("a", "area") and host_of(link.url) not in ("", own) for link in links)
        reader_alone.append(_best(partial(hidden_outside_links, doc, url, links), repeat))
        with_reader.append(_best(partial(parse_page, url, html, AS_OF), repeat))
        page_module.hidden_outside_links = _none
        try:
            without_reader.append(_best(partial(parse_page, url, html, AS_OF), repeat))
        finally:
            page_module.hidden_outside_links = original
    return {"pages": len(items), "with_outside_links": outside, "reader_ms": _ms(reader_alone),
            "reader_max_ms": max(reader_alone) * 1000, "parse_ms": _ms(with_reader),
            "parse_without_reader_ms": _ms(without_reader)}


def _none(doc, url, links) -> list:
    return []


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for name, items in pages().items():
        m = measure(items, args.repeat)
        print(f"{name:10s} pages={m['pages']:4d} (with outside links {m['with_outside_links']:4d})  "
              f"hidden-link reader {m['reader_ms']:.3f} ms/page (max {m['reader_max_ms']:.2f})  "
              f"parse_page {m['parse_ms']:.2f} ms/page, without the reader {m['parse_without_reader_ms']:.2f}")


if __name__ == "__main__":
    main()
