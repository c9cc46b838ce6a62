"""Who owns a finding: the 内容保障单位 of its column, or of its URL, or the site's operator.

One function answers it for the column register, the findings and every report, so a finding
is charged to the same unit in findings.csv, the weekly scorecards and the 整改通知单:
- the column's unit from the profile's `units` (column name -> unit);
- else the longest of `ownership.unit_prefixes` that the URL starts with (a path within the site
  or a whole URL), for pages outside any column;
- else the site's operator (`ownership.operator`, 规范 第七条(二) 建设运维单位), who also owns every
  defect of the site's template (`ownership.template_rules`).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from govsite.profile import Profile


def operator(profile: Profile) -> str:
    """The site's 建设运维单位 (e.g. 县政府电子政务中心)."""
    return str(profile.get("ownership.operator") or "")


def is_template_rule(rule_id: str, profile: Profile) -> bool:
    """Whether findings of `rule_id` are defects of the site's template (footer, header)."""
    for entry in profile.get("ownership.template_rules") or []:
        entry = str(entry)
        if rule_id == entry or (entry.endswith(".") and rule_id.startswith(entry)):
            return True
    return False


def unit_of_column(column: str, profile: Profile) -> str:
    """The unit that feeds the column named `column` ("" when the profile names none)."""
    return str((profile.get("units") or {}).get(column or "", "") or "")


def unit_of_url(url: str, profile: Profile) -> str:
    """The unit of the longest `ownership.unit_prefixes` entry `url` starts with ("" for none)."""
    prefixes = profile.get("ownership.unit_prefixes") or {}
    if not url or not prefixes:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    path = parts.path or "/"
    best, unit = -1, ""
    for prefix, owner in prefixes.items():
        prefix = str(prefix)
        target = url if "://" in prefix else path
        if target.startswith(prefix) and len(prefix) > best:
            best, unit = len(prefix), str(owner)
    return unit


def owner_of(column: str, url: str, profile: Profile, *, template: bool = False) -> str:
    """The unit a finding on `url` in `column` is charged to (see the module's docstring)."""
    if template:
        return operator(profile)
    return unit_of_column(column, profile) or unit_of_url(url, profile) or operator(profile)
