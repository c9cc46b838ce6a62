"""Self-contained HTML reports: jinja2 templates in reports/templates, CSS inline, charts inline."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from govsite.reports.excel import linkable
from govsite.reports.tables import Field, cell

TEMPLATES = Path(__file__).parent / "templates"


def _fmt(value, kind: str = "text") -> str:
    value = cell(value, kind)
    if value is None:
        return ""
    if kind == "float":
        return f"{value:g}"
    return str(value)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["fmt"] = _fmt
    env.tests["linkable"] = linkable
    return env


def rows(frame: pd.DataFrame) -> list[dict]:
    """Frame records for a template (NaN as None)."""
    return [{k: (None if not isinstance(v, (str, list, dict)) and pd.isna(v) else v)
             for k, v in r.items()} for r in frame.to_dict("records")]


def render(template: str, path: Path, **context) -> Path:
    html = environment().get_template(template).render(Field=Field, **context)
    path.write_text(html, "utf-8")
    return path
