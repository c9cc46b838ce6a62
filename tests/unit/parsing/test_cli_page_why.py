"""`govsite page FILE --why`: the reasons for the page's kind, in text and in --json."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from govsite.cli import app

PAGE = Path(__file__).resolve().parents[2] / "fixtures" / "realpages2" / "kaili-tzgg-article.excerpt.html"


def test_page_why_text():
    result = CliRunner().invoke(app, ["page", str(PAGE), "--why", "--as-of", "2026-11-20"])
    assert result.exit_code == 0, result.output
    assert "why: article signals: a visible title, a publication date, a body" in result.output


def test_page_why_json_and_site_code():
    result = CliRunner().invoke(app, ["page", str(PAGE), "--why", "--json", "--as-of", "2026-11-20"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "article"
    assert data["why"] and data["why"][0].startswith("article signals")
    assert data["site_code"] is None       # this saved copy has no meta block
    assert "why" not in json.loads(CliRunner().invoke(
        app, ["page", str(PAGE), "--json", "--as-of", "2026-11-20"]).output)
