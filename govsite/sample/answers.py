"""The answer file: every planted finding and every trap of the sample portal, as absolute URLs.

Built from the same SampleSite as the pages (single source of truth): a defect is declared once,
in the module that writes its page, and both the page and this file derive from that call.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .builder import Plant, SampleSite
from .site import build_site


def _url(p: Plant, base_url: str, ext_base_url: str) -> str:
    if p.host == "raw":
        return p.target
    return (ext_base_url if p.host == "ext" else base_url).rstrip("/") + p.target


def answers_for(site: SampleSite, base_url: str, ext_base_url: str) -> dict:
    """The answer dict for an already built site."""
    base = base_url.rstrip("/")
    findings, traps = [], []
    for p in site.plants:
        row = {"rule_id": p.rule_id, "url": _url(p, base_url, ext_base_url), "column": p.column, "note": p.note}
        if p.page:
            row["page"] = base + p.page  # the page the link stands on (link rules)
        (traps if p.trap else findings).append(row)
    quirks = [{**q, "url": (ext_base_url if q["host"] == "ext" else base).rstrip("/") + q["path"]}
              for q in site.quirks]
    repaired = [{"rule_id": p.rule_id, "url": _url(p, base_url, ext_base_url), "column": p.column, "note": p.note}
                for p in site.repairs]
    return {"as_of": site.as_of.isoformat(), "base_url": base, "ext_base_url": ext_base_url.rstrip("/"),
            "findings": findings, "traps": traps, "quirks": quirks, "repaired": repaired}


def answers(as_of: dt.date, base_url: str, ext_base_url: str) -> dict:
    """{"as_of", "findings": [{rule_id, url, column, note, page?}], "traps": [...], "quirks": [...],
    "repaired": [...]}.

    For column-level rules url is the column URL, for site-level rules the home URL, for link rules
    the link target (raw href for malformed/local links) with "page" the page it stands on.
    "quirks" lists parser hazards that are not findings (GBK, lying charsets, scripted lists...).
    "repaired" (snapshot 3 only; empty otherwise) lists the findings of snapshot 1 that the site's
    unit repaired: they are no longer in "findings" and their page is a trap of the same rule.
    """
    site = build_site(as_of, 1.0, ext_base_url=ext_base_url)
    return answers_for(site, base_url, ext_base_url)


def write_answers(path: str | Path, as_of: dt.date, base_url: str, ext_base_url: str) -> Path:
    """Write answers() as UTF-8 JSON."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(answers(as_of, base_url, ext_base_url), ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return path
