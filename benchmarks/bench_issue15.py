"""Issue 15's content rules and OCR, measured by hand (never in a timed test).

    python benchmarks/bench_issue15.py [--repeat 5] [--images 5]

Per page: every page of ../shared/realpages plus the sample portal's pages, as the parser gives
their visible text; ms per page (median of --repeat passes over all texts) for the content
lexicon's one pass (content.harmful's detector and the leaders' mentions: the three rules' shared
automaton), next to the political lexicon's (wording.political) for scale.  The lexicon is built
once before timing (its build, with the leaders' near misses, is printed apart).

OCR: the sample portal's picture of a 低保 table (4 columns, 4 rows, ~900x230 px) read through
`extract_text` in-process, and the same table as a scanned one-page PDF; seconds per image,
median of --images runs; and a tiny 16x12 news photo.  Prints a table.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from govsite.attachments import ExtractLimits, extract_text  # noqa: E402
from govsite.attachments.ocr import engine  # noqa: E402
from govsite.parsing import decode_html, parse_page  # noqa: E402
from govsite.profile import load_profile  # noqa: E402
from govsite.sample.attachments import make_png, make_scanned_pdf, make_table_png  # noqa: E402
from govsite.sample.site import build_site  # noqa: E402
from govsite.sample.util import make_id_number  # noqa: E402
from govsite.textscan import load_lexicon  # noqa: E402
from govsite.textscan.contentlex import find_harmful, find_leader_mentions, load_content_lexicon  # noqa: E402

AS_OF = date(2026, 11, 27)
SHARED = REPO.parent / "shared" / "realpages"


def texts() -> list[str]:
    out = []
    for path in sorted(SHARED.glob("*.html")):
        text, _ = decode_html(path.read_bytes(), None)
        out.append(parse_page(f"http://example.gov.cn/{path.name}", text, AS_OF).text or "")
    for (host, path), res in build_site(AS_OF, 0.0).resources.items():
        if host == "site" and "html" in res.content_type and res.status == 200:
            text, _ = decode_html(res.body, res.content_type)
            out.append(parse_page("http://127.0.0.1" + path, text, AS_OF).text or "")
    return [t for t in out if t]


def per_page_ms(fn, pages: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text in pages:
            fn(text)
        runs.append((time.perf_counter() - t0) / len(pages) * 1000)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--images", type=int, default=5)
    args = ap.parse_args()

    sample = load_profile(REPO / "govsite" / "profiles" / "sample.yaml")
    leaders = sample.get("leaders")
    names = [e["name"] for e in leaders]
    titles = list(sample.get("content_safety.leadership_titles")) + [e["title"] for e in leaders]
    t0 = time.perf_counter()
    lex = load_content_lexicon(None, names, titles)
    build = time.perf_counter() - t0
    political = load_lexicon()
    pages = texts()
    chars = sum(map(len, pages)) / len(pages)
    print(f"{len(pages)} page texts, {chars:.0f} characters a page on average; content lexicon "
          f"({len(lex.forms)} forms, {len(names)} leaders' names) built in {build * 1000:.0f} ms")

    def both(text: str) -> None:
        find_harmful(text, lex)
        find_leader_mentions(text, lex)
    rows = [("content.harmful + wording.leader_* (one pass)", per_page_ms(both, pages, args.repeat)),
            ("content.harmful alone", per_page_ms(lambda t: find_harmful(t, lex), pages, args.repeat)),
            ("wording.political (for scale)", per_page_ms(political.scan, pages, args.repeat))]
    print(f"\n{'detector':48} ms/page (median of {args.repeat})")
    for name, ms in rows:
        print(f"{name:48} {ms:8.3f}")

    if engine() is None:
        print("\nOCR: no engine installed (tesseract-ocr, tesseract-ocr-chi-sim)")
        return
    rng = random.Random(15)
    table = make_table_png([["序号", "姓名", "身份证号码", "保障金额"]]
                           + [[str(i), n, make_id_number(rng), "620元"] for i, n in enumerate(["王德明", "李秀英", "张国华"], 1)])
    limits = ExtractLimits(seconds_per_file=0, ocr_seconds_per_image=300)
    print(f"\n{'OCR (extract_text in-process)':48} s/image (median of {args.images})")
    for name, data, fname in (("PNG table, 4x4 cells", table, "t.png"),
                              ("scanned PDF of the same table, 1 page", make_scanned_pdf(table), "t.pdf"),
                              ("16x12 news photo (no text)", make_png(16, 12, (40, 120, 60)), "p.png")):
        runs = []
        for _ in range(args.images):
            t0 = time.perf_counter()
            r = extract_text(data, fname, None, limits)
            runs.append(time.perf_counter() - t0)
        print(f"{name:48} {statistics.median(runs):8.2f}  ({r.status})")


if __name__ == "__main__":
    main()
