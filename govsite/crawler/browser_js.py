"""JavaScript the browser probe evaluates in a page, and the vendored axe-core it injects."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

# Navigation Timing level 2: milliseconds from navigation start; 0 means "not reached yet".
TIMING = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  if (!n) { return null; }
  return {dcl: n.domContentLoadedEventEnd || n.domContentLoadedEventStart || 0,
          load: n.loadEventEnd || n.loadEventStart || 0, status: n.responseStatus || 0};
}"""

PAGE_HEIGHT = """() => Math.max(document.documentElement ? document.documentElement.scrollHeight : 0,
                        document.body ? document.body.scrollHeight : 0)"""

# Links, buttons and images on the page whose text, title or alt names an accessibility /
# elder-care mode (无障碍, 长者模式, 适老化 ...): [[keyword, text, href], ...].
A11Y_ENTRIES = """(keywords) => {
  const out = [];
  for (const el of document.querySelectorAll('a, button, img, [role=button], [onclick]')) {
    const text = ((el.innerText || '') + ' ' + (el.title || '') + ' ' + (el.alt || '') + ' ' +
                  (el.getAttribute('aria-label') || '')).trim();
    const hit = keywords.find(k => text.includes(k));
    if (hit) { out.push([hit, text.slice(0, 40), el.href || '']); }
    if (out.length >= 10) { break; }
  }
  return out;
}"""

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
