"""The checks' output step: what the rules found, settled into the findings a person acts on.

Run once over a scan's findings before anything is stored or scored, so findings.csv, the score,
the scorecards and the notices all see the same findings:
- a defect of the site's template (`ownership.template_rules`: the same footer or header problem
  on page after page) becomes one finding per rule, owned by the site's operator, with the number
  of pages and a sample in its evidence; every page stays in `Finding.pages` (finding_pages.csv);
- a finding about a link target (link.*) names the pages that carry the link, the pages to edit;
- every finding names its unit (ownership.owner_of: column, URL prefix, else the operator).
"""
from __future__ import annotations

from collections import defaultdict

from govsite.models import Finding
from govsite.ownership import is_template_rule, operator, owner_of
from govsite.profile import Profile
from govsite.scan.view import ScanView
from govsite.urls import is_home

_SAMPLE_PAGES = 3


def _carriers(data: ScanView) -> dict[str, list[str]]:
    """target URL -> the pages that link to it, home page first, each once."""
    pages: dict[str, list[str]] = defaultdict(list)
    for link in data.links_to_problems():
        if link.source_url not in pages[link.target_url]:
            pages[link.target_url].append(link.source_url)
    for sources in pages.values():
        sources.sort(key=lambda u: not is_home(u, data.start_url))
    return pages


def _template_finding(items: list[Finding], data: ScanView, profile: Profile) -> Finding:
    """One finding for every page of the site where the template shows the same defect (its URL
    is the site's, so its identity stays while the number of pages changes)."""
    items = sorted(items, key=lambda f: (not is_home(f.url, data.start_url), f.url))
    first = items[0]
    pages = [f.url for f in items]
    shown = "、".join(pages[:_SAMPLE_PAGES]) + ("等" if len(pages) > _SAMPLE_PAGES else "")
    standards = {f.standard for f in items}
    message = first.message.removeprefix("首页") if len(items) > 1 else first.message
    evidence = f"网站模板问题，共{len(pages)}个页面，例如：{shown}；{first.evidence}"
    return Finding(rule_id=first.rule_id, severity=first.severity,
                   standard="both" if len(standards) > 1 else first.standard, clause=first.clause,
                   url=data.start_url, message=message,
                   evidence=evidence, column="", column_url="", unit=operator(profile),
                   on_home=any(f.on_home for f in items), pages=pages)


def settle(findings: list[Finding], data: ScanView, profile: Profile) -> list[Finding]:
    """The findings to store, score and show (see the module's docstring), in the rules' order."""
    carriers: dict[str, list[str]] | None = None
    template: dict[str, list[Finding]] = defaultdict(list)
    out: list[Finding] = []
    for f in findings:
        if is_template_rule(f.rule_id, profile):
            if not template[f.rule_id]:
                out.append(f)       # its place in the order; replaced below
            template[f.rule_id].append(f)
            continue
        if f.rule_id.startswith("link.") and not f.pages:
            if carriers is None:
                carriers = _carriers(data)
            f.pages = list(carriers.get(f.url, []))
        if not f.unit:
            f.unit = owner_of(f.column, f.page, profile)
        out.append(f)
    return [_template_finding(template[f.rule_id], data, profile)
            if is_template_rule(f.rule_id, profile) else f for f in out]
