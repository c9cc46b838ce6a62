"""The files a scan writes (RULES.md, "Output contract"): findings.csv, columns.csv, articles.csv.

CSV files are UTF-8 with a BOM so that Excel on a Chinese Windows desktop opens them correctly,
and what the site wrote goes through untrusted.csv_text: a title beginning with "=" is text, not
a formula.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from govsite.deadlines import deadline_text
from govsite.models import COLUMN_REGISTER_COLUMNS, FINDING_COLUMNS, Finding
from govsite.profile import Profile
from govsite.reports.untrusted import csv_text
from govsite.scan.view import ScanView

ARTICLE_COLUMNS = ("url", "column", "title", "published", "source")


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[dict]) -> None:
    header = list(header)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        # a plain writer, cells in the header's order (a DictWriter builds each row twice: tens of
        # thousands of rows in finding_pages.csv)
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if (value := row.get(k)) is None else csv_text(value) for k in header])


# findings.csv: the contract's columns, then what to do, where and by when, and the finding's key
# (finding_pages.csv lists the pages behind a key).
FINDINGS_CSV_COLUMNS = (*FINDING_COLUMNS, "page", "fix", "deadline", "key")
FINDING_PAGES_COLUMNS = ("key", "rule_id", "page")


def write_findings(out: Path, findings: list[Finding], keys: list[str] | None = None,
                   first_seen: dict[str, date] | None = None, as_of: date | None = None,
                   profile: Profile | None = None) -> Path:
    """findings.csv: one row a finding, with the page to edit, the fix (the 整改 part of its rule's
    documentation) and the 整改期限 counted from the day the finding was first seen."""
    from govsite.checks.catalog import fix_for
    path = out / "findings.csv"
    keys = keys or [""] * len(findings)
    first_seen = first_seen or {}
    fixes: dict[str, str] = {}
    # by (first seen, severity): most findings share both, and counting working days is slow
    deadlines: dict[tuple[date | None, str], str] = {}

    def row(f: Finding, key: str) -> dict:
        if f.rule_id not in fixes:
            fixes[f.rule_id] = fix_for(f.rule_id)
        due = ""
        if profile is not None and as_of is not None:
            seen = (first_seen.get(key, as_of), f.severity)
            if seen not in deadlines:
                deadlines[seen] = deadline_text(*seen, profile)
            due = deadlines[seen]
        return {**f.as_row(), "page": f.page, "fix": fixes[f.rule_id], "deadline": due, "key": key}
    _write_csv(path, FINDINGS_CSV_COLUMNS, (row(f, k) for f, k in zip(findings, keys)))
    return path


def write_finding_pages(out: Path, findings: list[Finding], keys: list[str]) -> Path:
    """finding_pages.csv: every page behind a finding (a template defect's pages, the pages that
    carry a broken link), one row a page; a finding about its own URL has none."""
    path = out / "finding_pages.csv"
    _write_csv(path, FINDING_PAGES_COLUMNS,
               ({"key": k, "rule_id": f.rule_id, "page": p} for f, k in zip(findings, keys) for p in f.pages))
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
