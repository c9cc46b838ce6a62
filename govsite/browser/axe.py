"""axe-core in a loaded page: the vendored script injected, its violations trimmed to what a
finding shows.  The rules that judge them are govsite.checks.browser's."""
from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib import resources

from govsite.browser.chromium import first_line
from govsite.browser.settings import BrowserSettings
from govsite.lang import current

log = logging.getLogger(__name__)

# axe-core, trimmed to what a finding shows: rule, impact, help, node count, the elements' selectors
# (50 at most: a template fault is told from a page's own by the selector) and a few HTML examples.
AXE_RUN = """async ([tags, examples]) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, count: v.nodes.length,
    nodes: v.nodes.slice(0, 50).map((n, i) => ({target: n.target.join(' '),
                                                 html: i < examples ? (n.html || '').slice(0, 200) : ''}))
  }));
}"""


@lru_cache(maxsize=1)
def axe_source() -> str:
    """axe.min.js as shipped in govsite/vendor (MPL-2.0, see LICENSE beside it); never a CDN."""
    return resources.files("govsite.vendor").joinpath("axe.min.js").read_text("utf-8")


@lru_cache(maxsize=1)
def _zh_locale() -> dict:
    """axe-core's own zh_CN locale (locales/zh_CN.json of the npm package, vendored beside it)."""
    text = resources.files("govsite.vendor").joinpath("axe-locale-zh_CN.json").read_text("utf-8")
    return json.loads(text).get("rules") or {}


def axe_help(rule_id: str, help_en: str) -> str:
    """An axe rule's one-line help in the chosen language: axe-core's zh_CN wording in Chinese
    (also for scans stored before, whose axe ran in English), axe's own English otherwise."""
    if current() == "en":
        return help_en
    return (_zh_locale().get(rule_id) or {}).get("help") or help_en


async def run_axe(page, settings: BrowserSettings) -> list | None:
    """The page's axe-core violations for the profile's tags, or None when axe could not run."""
    try:
        await page.add_script_tag(content=axe_source())
        return await page.evaluate(AXE_RUN, [list(settings.axe_tags), settings.axe_examples])
    except Exception as exc:
        log.warning("axe on %s: %s", page.url, first_line(exc))
        return None
