"""The enlarged real-page set (tests/fixtures/realpages2): every annotated field, page by page.

The annotations were written by reading each page (annotations.yaml); a field where the parser is
allowed to differ is named under the page's `disagree:` with the argument, and listed here.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from govsite.parsing import decode_html, parse_page

HERE = Path(__file__).resolve().parents[2] / "fixtures" / "realpages2"
_DOC = yaml.safe_load((HERE / "annotations.yaml").read_text(encoding="utf-8"))
AS_OF = _DOC["as_of"] if isinstance(_DOC["as_of"], date) else date.fromisoformat(_DOC["as_of"])
PAGES = _DOC["pages"]
_FOOTER = ("identifier_code", "sponsor", "icp", "police", "jiucuo", "conac")


def parsed_fields(name: str) -> dict:
    """What the parser reads from one annotated page, in the annotation's terms."""
    spec = PAGES[name]
    text, _ = decode_html((HERE / name).read_bytes(), None)
    page = parse_page(spec["url"], text, AS_OF)
    got = {"kind": page.kind, "title": page.title, "published": page.published,
           "source": page.source, "column": page.column, "breadcrumb": page.breadcrumb,
           "items": len(page.items), "site_code": page.to_json()["site_code"]}
    got.update({key: getattr(page.footer, key) for key in _FOOTER})
    return got


def compare(name: str) -> tuple[list[str], list[str]]:
    """(fields that agree, fields that disagree without an argued note) for one page."""
    spec = PAGES[name]
    allowed = spec.get("disagree") or {}
    got = parsed_fields(name)
    right, wrong = [], []
    for field, value in got.items():
        if field not in spec:
            continue
        want = spec[field]
        if field == "published" and isinstance(want, str):
            want = date.fromisoformat(want)
        if value == want:
            right.append(field)
        elif field not in allowed:
            wrong.append(f"{field}: annotated {want!r}, parsed {value!r}")
    return right, wrong


def test_every_file_is_in_the_manifest_and_annotated():
    files = {p.name for p in HERE.glob("*.html")}
    manifest = {line.split("\t", 1)[0] for line in
                (HERE / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:] if line}
    assert files == manifest == set(PAGES)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_annotated_fields(name):
    _, wrong = compare(name)
    assert wrong == [], wrong


def score() -> tuple[int, int, list[str]]:
    """(fields right, fields annotated, argued disagreements) over the whole set."""
    right = total = 0
    argued = []
    for name, spec in sorted(PAGES.items()):
        ok, _ = compare(name)
        fields = [f for f in parsed_fields(name) if f in spec]
        right += len(ok)
        total += len(fields)
        argued += [f"{name}: {f}: {why}" for f, why in (spec.get("disagree") or {}).items()]
    return right, total, argued


if __name__ == "__main__":   # python tests/unit/parsing/test_parse_realpages2.py: the score
    r, t, notes = score()
    print(f"{r} of {t} fields right")
    for note in notes:
        print("  argued:", note)
