"""Per-page parse cost on the real pages (../shared/realpages): median and p90 ms/page.

Run by hand: `python benchmarks/bench_parse.py [--rounds N]`. Prints one line per page and the
median over all pages; the target is under 1 ms per page (issue 18). Each page is decoded once
and parsed `rounds` times; the page's time is the median of its rounds. `--clock cpu` (the
default) counts the process's CPU time, so the figure holds on a machine shared with other
work; `--clock wall` counts elapsed time.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from govsite.parsing import decode_html, parse_page

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "realpages"
AS_OF = date(2026, 11, 20)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--dir", type=Path, default=PAGES)
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = ap.parse_args()
    files = sorted(args.dir.glob("*.html"))
    if not files:
        print(f"no pages in {args.dir}", file=sys.stderr)
        return 1
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    per_page = []
    for path in files:
        text, _ = decode_html(path.read_bytes(), None)
        url = f"http://example.gov.cn/col/{path.name}"
        parse_page(url, text, AS_OF)   # warm-up
        times = []
        for _ in range(args.rounds):
            t0 = clock()
            parse_page(url, text, AS_OF)
            times.append((clock() - t0) * 1000)
        ms = statistics.median(times)
        per_page.append(ms)
        print(f"{ms:8.3f} ms  {len(text):>8} chars  {path.name}")
    per_page.sort()
    p90 = per_page[int(0.9 * (len(per_page) - 1))]
    print(f"clock={args.clock} pages={len(per_page)} median={statistics.median(per_page):.3f} ms/page "
          f"p90={p90:.3f} max={per_page[-1]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
