"""The page parse of this checkout against another one (the "before"): same output, CPU per page.

Run by hand: `python benchmarks/bench_parse_equal.py [--before /work/wt-base] [--rounds 5]`.

The pages: every HTML file under ../shared/realpages (recursively, bytes as saved, decoded as a
response would be), tests/fixtures/realpages2, the sample portal's HTML pages (snapshots 1 and 2,
as govsite.sample.site.build_site makes them) and a synthetic portal of `--synthetic` pages
(benchmarks/synthetic_portal.py, cached under --cache).

Each checkout runs in a worker process of its own (PYTHONPATH set to it) and handles each page as
a page worker does (crawler/page_processing.parse_for_store: decode, redact the personal numbers,
parse_page, encode the parse for the store, compress the redacted HTML). The script compares,
page by page, every field of the ParsedPage, the `why` reasons, the stored parse bytes and the
stored HTML bytes, and prints the first difference.  Then it times the two workers in turn, round
after round (interleaved, so a busy machine slows both alike), with the process's CPU clock:
parse_page alone and the whole parse_for_store, median over rounds for each page, then the
median and the mean over the pages.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
AS_OF = date(2026, 11, 27)
KEY = b"bench-parse-equal-key"
SAMPLE_BASE = "http://127.0.0.1:8000"
SAMPLE_EXT = "http://127.0.0.2:8001"


# --- the pages (built in the parent, with this checkout) ----------------------------------------

def _file_pages(folder: Path, base: str) -> list[tuple]:
    pages = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".html", ".htm", ".shtml", ".jsp", ".asp", ".php"):
            rel = path.relative_to(folder).as_posix()
            pages.append((f"{base}/{rel}", path.read_bytes(), "", 200, {}, base + "/"))
    return pages


def _sample_pages() -> list[tuple]:
    from govsite.sample.site import build_site
    pages = []
    for snapshot in (1, 2):
        site = build_site(AS_OF, delay_scale=0.0, ext_base_url=SAMPLE_EXT, snapshot=snapshot)
        for (host, path), res in sorted(site.resources.items()):
            if "html" not in res.content_type or res.location:
                continue
            base = SAMPLE_BASE if host == "site" else SAMPLE_EXT
            pages.append((base + path, res.body, res.content_type, res.status, dict(res.headers),
                          SAMPLE_BASE + "/"))
    return pages


def _synthetic_pages(n: int, cache: Path) -> list[tuple]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic_portal import ensure_portal
    portal, _ = ensure_portal(n, cache)
    return [(url, body, "text/html; charset=utf-8", status, headers, home)
            for url, body, _, status, headers, home in _file_pages(portal, "http://bench.example.gov.cn")]


def corpus(args) -> list[tuple]:
    """(set name, url, body bytes, content type, status, headers, home URL) of every page."""
    sets = [("realpages", _file_pages(SHARED / "realpages", "http://real.example.gov.cn")),
            ("realpages2", _file_pages(ROOT / "tests" / "fixtures" / "realpages2",
                                       "http://real2.example.gov.cn")),
            ("sample", _sample_pages()),
            ("synthetic", _synthetic_pages(args.synthetic, args.cache))]
    return [(name, *page) for name, pages in sets for page in pages]


# --- a worker (runs with PYTHONPATH set to one checkout) ----------------------------------------

def _plain(value):
    """Dataclasses as dicts of their fields, recursively (the classes of two checkouts differ)."""
    if dataclasses.is_dataclass(value):
        return {"__class__": type(value).__name__,
                **{f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def worker(corpus_file: str) -> None:
    from govsite.crawler.page_processing import parse_for_store
    from govsite.parsing.decode import decode_html
    from govsite.parsing.page import parse_page
    from govsite.textscan.redact import RedactionRules, redact_html

    with open(corpus_file, "rb") as fh:
        pages = pickle.load(fh)
    rules = RedactionRules(as_of=AS_OF)
    texts = []
    for page in pages:
        text, _ = decode_html(page[2], page[3] or None)
        texts.append(redact_html(text, KEY, rules))
    for line in sys.stdin:
        command, out = line.split()
        if command == "check":
            results = []
            for (_, url, body, ctype, status, headers, home), text in zip(pages, texts, strict=True):
                parsed, blob, html = parse_for_store(url, body, ctype, headers, status, AS_OF, home,
                                                     KEY, rules)
                why: list[str] = []
                parse_page(url, text, AS_OF, home_url=home, status=status, headers=headers, why=why)
                results.append((_plain(parsed), why, blob, html))
            result = results
        else:   # "time": one round, CPU seconds per page (parse_page alone, parse_for_store)
            clock = time.process_time
            result = []
            for (_, url, body, ctype, status, headers, home), text in zip(pages, texts, strict=True):
                t0 = clock()
                parse_page(url, text, AS_OF, home_url=home, status=status, headers=headers)
                t1 = clock()
                parse_for_store(url, body, ctype, headers, status, AS_OF, home, KEY, rules)
                result.append((t1 - t0, clock() - t1))
        with open(out, "wb") as fh:
            pickle.dump(result, fh)
        print("done", flush=True)


# --- the parent ----------------------------------------------------------------------------------

class Worker:
    def __init__(self, checkout: Path, corpus_file: str, tmp: str, name: str):
        env = dict(os.environ, PYTHONPATH=str(checkout))
        self.proc = subprocess.Popen([sys.executable, __file__, "--worker", corpus_file],
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.out = os.path.join(tmp, name + ".pickle")

    def ask(self, command: str):
        self.proc.stdin.write(f"{command} {self.out}\n")
        self.proc.stdin.flush()
        if self.proc.stdout.readline().strip() != "done":
            raise SystemExit(f"worker failed on {command}")
        with open(self.out, "rb") as fh:
            return pickle.load(fh)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def _first_difference(a, b, where: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{where}: {a!r:.300} != {b!r:.300}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'after' if key in b else 'before'}"
            found = _first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list | tuple):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = _first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return f"{where}: {len(a)} != {len(b)} entries" if len(a) != len(b) else None
    return None if a == b else f"{where}: {a!r:.300} != {b!r:.300}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, default=ROOT.parent / "wt-base")
    ap.add_argument("--after", type=Path, default=ROOT)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--synthetic", type=int, default=1000, help="synthetic portal pages (default 1000)")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "govsite-parse-bench")
    ap.add_argument("--worker")
    args = ap.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    pages = corpus(args)
    counts = {}
    for page in pages:
        counts[page[0]] = counts.get(page[0], 0) + 1
    print("pages: " + ", ".join(f"{k} {v}" for k, v in counts.items()), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus_file = os.path.join(tmp, "corpus.pickle")
        with open(corpus_file, "wb") as fh:
            pickle.dump(pages, fh)
        before = Worker(args.before, corpus_file, tmp, "before")
        after = Worker(args.after, corpus_file, tmp, "after")
        try:
            old, new = before.ask("check"), after.ask("check")
            differ = 0
            for page, a, b in zip(pages, old, new, strict=True):
                if a != b:
                    differ += 1
                    if differ == 1:
                        names = ("parse", "why", "stored parse", "stored html")
                        which = next(n for n, x, y in zip(names, a, b, strict=True) if x != y)
                        print(f"first difference: {page[0]} {page[1]}: {which}: "
                              f"{_first_difference(a, b)}")
            print(f"pages compared: {len(pages)}; pages whose parse differs: {differ}", flush=True)
            times = {"before": [], "after": []}
            for r in range(args.rounds):
                # alternate which one goes first, so neither always runs on a warmer machine
                order = (("before", before), ("after", after)) if r % 2 == 0 else \
                    (("after", after), ("before", before))
                for name, w in order:
                    times[name].append(w.ask("time"))
        finally:
            before.close()
            after.close()
    if not args.rounds:     # --rounds 0: the comparison only
        return 1 if differ else 0
    print(f"CPU ms per page, {args.rounds} interleaved rounds (median over rounds, per page):")
    summary = {}
    for name, rounds in times.items():
        for i, part in enumerate(("parse_page", "parse_for_store")):
            per_page = [statistics.median(r[p][i] for r in rounds) * 1000 for p in range(len(pages))]
            summary[name, part] = (statistics.median(per_page), statistics.fmean(per_page))
    for part in ("parse_page", "parse_for_store"):
        (bm, bmean), (am, amean) = summary["before", part], summary["after", part]
        print(f"  {part:16} before median {bm:.3f} mean {bmean:.3f} | after median {am:.3f} "
              f"mean {amean:.3f} | mean {100 * (amean - bmean) / bmean:+.1f} %")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
