"""The files a scan writes (RULES.md, "Output contract"): findings.csv, columns.csv, articles.csv.

CSV files are UTF-8 with a BOM so that Excel on a Chinese Windows desktop opens them correctly,
and what the site wrote goes through untrusted.csv_text: a title beginning with "=" is text, not
a formula.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from govsite.models import COLUMN_REGISTER_COLUMNS, FINDING_COLUMNS, Finding
from govsite.reports.untrusted import csv_text
from govsite.scan.view import ScanView

ARTICLE_COLUMNS = ("url", "column", "title", "published", "source")


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[dict]) -> None:
    header = list(header)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if row.get(k) is None else csv_text(row.get(k))) for k in header})


def write_findings(out: Path, findings: list[Finding]) -> Path:
    path = out / "findings.csv"
    _write_csv(path, FINDING_COLUMNS, (f.as_row() for f in findings))
    return path


def write_columns(out: Path, register: list[dict]) -> Path:
    path = out / "columns.csv"
    _write_csv(path, COLUMN_REGISTER_COLUMNS, register)
    return path


def write_articles(out: Path, data: ScanView) -> Path:
    """The information ledger (信息台账): every article page with its column, title, date, source."""
    path = out / "articles.csv"
    rows = ({"url": p.url, "column": p.column_name or "", "title": p.title or "",
             "published": p.published.isoformat() if p.published else "", "source": p.source or ""}
            for p in data.pages if p.kind == "article")
    _write_csv(path, ARTICLE_COLUMNS, rows)
    return path


def write_score(out: Path, score) -> Path:
    """score.json: vetoes, deductions, bonus, total, pass (issue 3's contract)."""
    path = out / "score.json"
    path.write_text(json.dumps(score.to_json(), ensure_ascii=False, indent=2), "utf-8")
    return path


def write_interpretations(out: Path, pairs: list[dict]) -> Path:
    """interpretations.csv: each policy document paired with its interpretation (by link, then
    by title), so a person can see and correct the pairing the interpretation rules judged."""
    from govsite.checks.policy import INTERPRETATION_COLUMNS
    path = out / "interpretations.csv"
    _write_csv(path, INTERPRETATION_COLUMNS, pairs)
    return path
