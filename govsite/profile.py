"""Site profiles: thresholds, politeness and site facts, loaded from YAML.

The shipped default (profiles/gzfg.yaml) doubles as the schema: a site's own profile may only
name keys the default has, with values of the same type, except inside the free-form maps listed
in FREE_FORM (per-column overrides, units, ...).  Anything else is rejected with the file, line
and key at fault, because a silently ignored typo in a threshold would change every score.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from govsite.errors import BadInput

DEFAULT_PROFILE = "gzfg.yaml"

# Maps whose keys are data (column names, unit names), not settings: any key is accepted.
FREE_FORM = {"columns", "units", "acks", "column_overrides", "required_columns",
             "unit_prefixes", "unit_emails",
             "points", "smtp", "alerts",
             "reply_workdays",
             "wording_extra", "harmful_extra"}


class ProfileError(BadInput, ValueError):
    """A profile that cannot be used; the message names file, line and key.  (Still a ValueError
    for callers that caught it as one.)"""


@dataclass(frozen=True)
class Profile:
    """A loaded, validated profile. `data` is the merged dict; `source` says where it came from."""

    data: dict
    source: str

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def section(self, name: str) -> dict:
        return dict(self.data.get(name) or {})


def stored_profile(data: dict, source: str) -> Profile:
    """A profile saved with an earlier scan, over today's bundled defaults: keys added since then
    read their defaults (it was validated when it was loaded; it is not validated again)."""
    def over(base: dict, top: dict) -> dict:
        merged = dict(base)
        for key, value in top.items():
            merged[key] = over(base[key], value) if isinstance(value, dict) and isinstance(
                base.get(key), dict) and key not in FREE_FORM else value
        return merged
    return Profile(over(load_profile().data, data), source)


def _default_text() -> str:
    return resources.files("govsite.profiles").joinpath(DEFAULT_PROFILE).read_text("utf-8")


# libyaml's parser when PyYAML was built with it (about 10x faster: the profiles are read at every
# scan's start), else the pure-Python one; both are the safe loader.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ProfileError(f"{where}: not valid YAML ({problem})") from None
    except ValueError as exc:       # an impossible date (2024-13-01) fails in PyYAML's constructor
        raise ProfileError(f"{source}: not valid YAML ({exc})") from None
    return data, node


def _key_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """Line number (1-based) of every dotted key in a YAML mapping tree."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            dotted = f"{prefix}{key_node.value}"
            lines[dotted] = key_node.start_mark.line + 1
            lines.update(_key_lines(value_node, dotted + "."))
    return lines


def _type_ok(default: Any, value: Any) -> bool:
    if default is None or value is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, type(default))


# Free-form sections that are settings, not data: a site's entries are merged over the defaults
# (its `alerts:` names an SMTP host; the day margin of alerts keeps its default).
MERGED_FREE_FORM = {"alerts", "smtp", "points"}

# Keys of earlier profile layouts, and where their values live now.
MOVED = {"categories": "column_categories.<category>.keywords",
         "freshness.county_days": "column_categories.<category>.county_days",
         "freshness.national_days": "column_categories.<category>.national_days",
         "freshness.due_soon_days": "column_categories.<category>.due_soon_days"}

# One entry of column_categories: its fields and their types (None: the field may be null).
_CATEGORY_FIELDS = {"name": (str,), "keywords": (list,), "county_days": (int, type(None)),
                    "national_days": (int, type(None)), "due_soon_days": (int, type(None)),
                    "key_column": (bool,)}


def _merge_categories(default: dict, override: Any, where: str) -> dict:
    """column_categories merge entry by entry: a site changes one field of a category, or adds a
    category with every field."""
    if not isinstance(override, dict):
        raise ProfileError(f"{where}: 'column_categories' must be a mapping of categories")
    merged = copy.deepcopy(default)
    for category, spec in override.items():
        if not isinstance(spec, dict):
            raise ProfileError(f"{where}: 'column_categories.{category}' must be a mapping")
        entry = {**merged.get(category, {}), **spec}
        for field, value in entry.items():
            if field not in _CATEGORY_FIELDS:
                raise ProfileError(f"{where}: unknown key 'column_categories.{category}.{field}'")
            if not isinstance(value, _CATEGORY_FIELDS[field]) or (
                    isinstance(value, bool) and bool not in _CATEGORY_FIELDS[field]):
                raise ProfileError(f"{where}: 'column_categories.{category}.{field}' has the wrong "
                                   f"type ({value!r})")
        missing = [f for f in _CATEGORY_FIELDS if f not in entry]
        if missing:
            raise ProfileError(f"{where}: 'column_categories.{category}' lacks {', '.join(missing)}")
        merged[category] = entry
    return merged


def _merge(default: dict, override: dict, lines: dict[str, int], source: str, prefix: str = "") -> dict:
    merged = copy.deepcopy(default)
    for key, value in override.items():
        dotted = f"{prefix}{key}"
        where = f"{source}:{lines.get(dotted, '?')}"
        top = dotted.split(".")[0]
        if dotted in MOVED:
            raise ProfileError(f"{where}: '{dotted}' has moved to '{MOVED[dotted]}'")
        if dotted == "column_categories":
            merged[key] = _merge_categories(default.get(key) or {}, value, where)
            continue
        if key not in default:
            if top in FREE_FORM or prefix.rstrip(".").split(".")[-1] in FREE_FORM:
                merged[key] = value
                continue
            raise ProfileError(f"{where}: unknown key '{dotted}'")
        if isinstance(default[key], dict) and key not in FREE_FORM:
            if not isinstance(value, dict):
                raise ProfileError(f"{where}: '{dotted}' must be a mapping")
            merged[key] = _merge(default[key], value, lines, source, dotted + ".")
        elif key in FREE_FORM:
            if not isinstance(value, (dict, list)) and value is not None:
                raise ProfileError(f"{where}: '{dotted}' must be a mapping or a list")
            if key in MERGED_FREE_FORM and isinstance(value, dict) and isinstance(default[key], dict):
                # settings with open keys: a site names the ones it changes, the rest keep theirs
                merged[key] = {**default[key], **value}
            else:
                merged[key] = value
        else:
            if not _type_ok(default[key], value):
                want = type(default[key]).__name__
                raise ProfileError(f"{where}: '{dotted}' must be {want}, not {value!r}")
            merged[key] = value
    return merged


def load_profile(path: str | Path | list | tuple | None = None) -> Profile:
    """The default profile, overridden by the file at `path` when one is given.

    Several files may be given (a site profile, then a local override): each overrides the
    result of the ones before it.
    """
    data, _ = _compose(_default_text(), DEFAULT_PROFILE)
    paths = [] if path is None else list(path) if isinstance(path, (list, tuple)) else [path]
    for one in paths:
        data = _apply_file(data, Path(one))
    return Profile(data, ", ".join(str(p) for p in paths) or DEFAULT_PROFILE)


def _apply_file(base: dict, path: Path) -> dict:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ProfileError(f"{path}: profile file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read profile ({exc.__class__.__name__})") from None
    data, node = _compose(text, str(path))
    if data is None:
        return base
    if not isinstance(data, dict):
        raise ProfileError(f"{path}:1: a profile is a mapping of sections, not {type(data).__name__}")
    merged = _merge(base, data, _key_lines(node), str(path))
    _check_ranges(merged, _key_lines(node), str(path))
    _check_leaders(merged.get("leaders"), _key_lines(node), str(path))
    return merged


def _iso_day(value: Any) -> bool:
    """A date kept as ISO text (as an earlier profile file of the same load left it)."""
    try:
        return isinstance(value, str) and bool(date.fromisoformat(value))
    except ValueError:
        return False


_LEADER_FIELDS = {"name": (str,), "title": (str,), "since": (date, type(None)), "until": (date, type(None))}


def _check_leaders(leaders: Any, lines: dict[str, int], source: str) -> None:
    """`leaders:` is a list of {name, title, since, until} (dates YYYY-MM-DD, or null); the
    dates are kept as ISO text."""
    where = f"{source}:{lines.get('leaders', '?')}"
    for i, entry in enumerate(leaders or []):
        if not isinstance(entry, dict):
            raise ProfileError(f"{where}: 'leaders[{i}]' must be a mapping of name, title, since, until")
        for key, value in entry.items():
            if key not in _LEADER_FIELDS:
                raise ProfileError(f"{where}: unknown key 'leaders[{i}].{key}'")
            if not (isinstance(value, _LEADER_FIELDS[key]) and not isinstance(value, datetime)
                    or key in ("since", "until") and _iso_day(value)):
                raise ProfileError(f"{where}: 'leaders[{i}].{key}' has the wrong type ({value!r})")
        for key in ("name", "title"):
            if not (entry.get(key) or "").strip():
                raise ProfileError(f"{where}: 'leaders[{i}]' lacks a {key}")
        for key in ("since", "until"):
            if isinstance(entry.get(key), str):
                entry[key] = date.fromisoformat(entry[key])
        if entry.get("since") and entry.get("until") and entry["until"] < entry["since"]:
            raise ProfileError(f"{where}: 'leaders[{i}]' ends ({entry['until']}) before it starts "
                               f"({entry['since']})")
        for key in ("since", "until"):      # kept as text: a scan stores its profile as JSON
            if isinstance(entry.get(key), date):
                entry[key] = entry[key].isoformat()


def _check_ranges(data: dict, lines: dict[str, int], source: str) -> None:
    """Values whose type is right but whose range makes no sense."""
    positive = ["crawl.concurrent_requests", "crawl.concurrent_requests_per_domain",
                "crawl.download_timeout", "thresholds.link_slow_seconds"]
    for dotted in positive:
        section, key = dotted.split(".")
        value = data.get(section, {}).get(key)
        if value is not None and value <= 0:
            raise ProfileError(f"{source}:{lines.get(dotted, '?')}: '{dotted}' must be > 0, not {value}")
    keep = data.get("retention", {}).get("keep_last_scans")
    if keep is not None and keep < 1:
        raise ProfileError(f"{source}:{lines.get('retention.keep_last_scans', '?')}: "
                           f"'retention.keep_last_scans' must be >= 1 (a re-scan builds on the last "
                           f"complete scan), not {keep}")
    # Crawl bounds: 0 turns a bound off, a negative one means nothing.
    for key in ("max_pages", "max_depth", "max_query_variants"):
        value = data.get("crawl", {}).get(key)
        if value is not None and value < 0:
            dotted = f"crawl.{key}"
            raise ProfileError(f"{source}:{lines.get(dotted, '?')}: '{dotted}' must be >= 0 "
                               f"(0: no bound), not {value}")
