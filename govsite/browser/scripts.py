"""JavaScript evaluated in a loaded page: its timing, its height, its accessibility entries."""
from __future__ import annotations

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
