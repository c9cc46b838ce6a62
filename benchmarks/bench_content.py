"""Content-safety benchmark: attachment reading throughput and the text checks' cost per page.

    python benchmarks/bench_content.py [--repeat 5]

Attachments: a 30-page PDF (text layer, 40 lines a page), a 5 000-row XLSX and a DOCX of 200
paragraphs plus a 500-row table, all made here with the sample portal's writers (the kind of
公示 lists where ID numbers leak).  Each is read in-process (the readers' own speed) and through
`extract_text` with its worker process (what a scan pays); MB/s is the file size over the median
time of --repeat runs.  Checks: every page of shared/realpages, as the parser gives its visible
text; ms per page for the wording check and for all six detectors together.  Prints a table.
"""
from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from govsite.attachments import ExtractLimits, Extractor, extract_inline  # noqa: E402
from govsite.sample.attachments import make_docx, make_pdf, make_xlsx  # noqa: E402
from govsite.sample.util import make_id_number, make_mobile  # noqa: E402

AS_OF = date(2026, 11, 27)
NAMES = ["王德明", "李秀英", "张国华", "陈玉兰", "刘正军", "杨光荣", "赵春梅", "黄建国"]


def _rows(n: int, rng: random.Random) -> list[list[str]]:
    return [[str(i + 1), rng.choice(NAMES), make_id_number(rng), make_mobile(rng), "龙泉镇", "1500"]
            for i in range(n)]


def make_files() -> dict[str, bytes]:
    from pypdf import PdfReader, PdfWriter

    rng = random.Random(11)
    writer = PdfWriter()
    for page in range(30):
        lines = [f"凤冈县2026年农村低保对象名单（第{page + 1}页）"] + [
            "  ".join(r) for r in _rows(40, rng)]
        writer.add_page(PdfReader(io.BytesIO(make_pdf(f"page {page + 1}", lines))).pages[0])
    pdf = io.BytesIO()
    writer.write(pdf)
    xlsx = make_xlsx("名单", [["序号", "姓名", "身份证号码", "联系电话", "乡镇", "金额"]] + _rows(5000, rng))
    paragraphs = ["各乡镇人民政府（街道办事处），县政府各工作部门：现将有关事项通知如下，请认真贯彻执行。"] * 200
    docx = make_docx("关于公布2026年临时救助对象的通知", paragraphs, table=_rows(500, rng))
    return {"pdf": pdf.getvalue(), "xlsx": xlsx, "docx": docx}


def _median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_attachments(repeat: int) -> list[tuple[str, ...]]:
    files = make_files()
    rows = []
    extractor = Extractor()
    worker_limits = ExtractLimits(seconds_per_file=120)
    inline_limits = ExtractLimits(seconds_per_file=0)
    try:
        extractor.run(files["docx"], "warm.docx", None, worker_limits)   # start the worker once
        for kind, data in files.items():
            name = f"bench.{kind}"
            result = extract_inline(data, name, None, inline_limits)
            assert result.status == "scanned", result.reason
            inline = _median_seconds(lambda data=data, name=name: extract_inline(data, name, None, inline_limits), repeat)
            worker = _median_seconds(lambda data=data, name=name: extractor.run(data, name, None, worker_limits), repeat)
            mb = len(data) / 1e6
            rows.append((kind, f"{len(data) / 1024:.0f} KB", f"{len(result.text):,}",
                         f"{inline * 1000:.0f} ms", f"{mb / inline:.2f}",
                         f"{worker * 1000:.0f} ms", f"{mb / worker:.2f}"))
    finally:
        extractor.close()
    return rows


def page_texts() -> list[str]:
    from govsite.parsing.decode import decode_html
    from govsite.parsing.page import parse_page

    folder = REPO.parent / "shared" / "realpages"
    texts = []
    for path in sorted(folder.glob("*.html")):
        html, _ = decode_html(path.read_bytes())
        text = parse_page("http://example.invalid/", html, AS_OF).text
        if text.strip():
            texts.append(text)
    return texts


def bench_checks(repeat: int) -> list[tuple[str, ...]]:
    from govsite.textscan import (
        find_bank_cards,
        find_id_numbers,
        find_not_public,
        find_private_mobiles,
        find_secrecy_markings,
        load_lexicon,
    )

    t0 = time.perf_counter()
    lexicon = load_lexicon()
    build = time.perf_counter() - t0
    texts = page_texts()
    if not texts:
        return [("(no shared/realpages: skipped)", "", "", "")]
    labels = ["值班", "服务", "咨询", "办公", "热线", "监督", "投诉", "举报", "联系人"]
    chars = sum(len(t) for t in texts)

    def wording():
        for t in texts:
            lexicon.scan(t)

    def everything():
        for t in texts:
            lexicon.scan(t)
            find_id_numbers(t, AS_OF)
            find_bank_cards(t)
            find_private_mobiles(t, labels)
            find_secrecy_markings(t)
            find_not_public(t)

    rows = [("lexicon build (once per process)", f"{len(lexicon.forms):,} forms", f"{build * 1000:.0f} ms", "")]
    for label, fn in (("wording.political", wording), ("all six detectors", everything)):
        seconds = _median_seconds(fn, repeat)
        rows.append((label, f"{len(texts)} pages, {chars:,} chars", f"{seconds / len(texts) * 1000:.2f} ms/page",
                     f"{seconds / chars * 1e6:.2f} ms per 1000 chars"))
    return rows


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths))  # noqa: E731
    return "\n".join([line(header), line(tuple("-" * w for w in widths))] + [line(r) for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("Attachment reading (median of", args.repeat, "runs)")
    print(_table(("format", "size", "text chars", "in-process", "MB/s", "via worker", "MB/s"),
                 bench_attachments(args.repeat)))
    print()
    print("Text checks on shared/realpages (median of", args.repeat, "runs)")
    print(_table(("check", "input", "cost", "rate"), bench_checks(args.repeat)))


if __name__ == "__main__":
    main()
