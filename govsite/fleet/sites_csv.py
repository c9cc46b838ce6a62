"""`govsite sites import FILE.csv`: one row a site.

Header (UTF-8, a BOM allowed; only name and start_url are required):

    name,start_url,allow_hosts,profiles,owner_unit,server_group

`allow_hosts` and `profiles` hold several values separated by spaces or semicolons.  Every row is
checked before anything is stored: the first bad one is told as `FILE:LINE: reason` and nothing
is imported."""
from __future__ import annotations

import csv
import re
from pathlib import Path

from govsite.errors import BadInput, GovsiteError
from govsite.store.sites import Site

COLUMNS = ("name", "start_url", "allow_hosts", "profiles", "owner_unit", "server_group")
REQUIRED = ("name", "start_url")


class BadSiteRow(BadInput):
    """A row of a sites file that cannot be a site."""


def _several(value: str) -> list[str]:
    return [part for part in re.split(r"[\s;]+", value.strip()) if part]


def read_sites_csv(path: Path) -> list[Site]:
    """The sites listed in `path`, each checked (URL, profiles readable, no name or URL twice)."""
    from govsite.profile import load_profile
    from govsite.urls import validate_start_url
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror or exc.__class__.__name__})") from None
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not UTF-8 text (save the sheet as CSV UTF-8)") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        raise BadSiteRow(f"{path}:1: empty file (expected the header {','.join(COLUMNS)})")
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise BadSiteRow(f"{path}:1: unknown column '{unknown[0]}' (columns: {', '.join(COLUMNS)})")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise BadSiteRow(f"{path}:1: no '{missing[0]}' column")
    sites: list[Site] = []
    names: dict[str, int] = {}
    urls: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise BadSiteRow(f"{path}:{line}: {len(row)} fields where the header has {len(header)}")
        cells = {h: cell.strip() for h, cell in zip(header, row, strict=True)}
        if not cells["name"]:
            raise BadSiteRow(f"{path}:{line}: the name is empty")
        try:
            url = validate_start_url(cells["start_url"])
            profiles = _several(cells.get("profiles", ""))
            if profiles:
                load_profile([Path(p) for p in profiles])
        except GovsiteError as exc:
            raise BadSiteRow(f"{path}:{line}: {exc}") from None
        for seen, key, what in ((names, cells["name"], "name"), (urls, url, "start URL")):
            if key in seen:
                raise BadSiteRow(f"{path}:{line}: {what} {key} is already on line {seen[key]}")
            seen[key] = line
        sites.append(Site(cells["name"], url, _several(cells.get("allow_hosts", "")), profiles,
                          cells.get("owner_unit", ""), cells.get("server_group", "")))
    return sites
