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

# Links to other hosts that the rendered page hides (暗链), injected by a script at load time
# included: the computed style of the link and its ancestors, its box on the page, its text
# colour against the nearest background.  [[href, text, method, block], ...], at most 200.
HIDDEN_LINKS = """() => {
  const own = location.hostname, out = [];
  const label = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
  const bg = el => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c)) { return c; }
      if (getComputedStyle(e).backgroundImage !== 'none') { return null; }
    }
    return 'rgb(255, 255, 255)';
  };
  const width = document.documentElement.scrollWidth, height = document.documentElement.scrollHeight;
  for (const a of document.querySelectorAll('a[href]')) {
    let url;
    try { url = new URL(a.href, location.href); } catch (e) { continue; }
    if (!/^https?:$/.test(url.protocol) || url.hostname === own) { continue; }
    let method = null, block = a;
    for (let e = a; e && e.nodeType === 1 && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none') { method = 'display:none'; block = e; break; }
      if (s.visibility === 'hidden' || s.visibility === 'collapse') { method = 'visibility:hidden'; block = e; break; }
      if (parseFloat(s.opacity) === 0) { method = 'opacity:0'; block = e; break; }
      if (e.tagName === 'MARQUEE') {
        const r = e.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) { method = '<marquee> 宽或高为 0'; block = e; break; }
      }
      if ((s.overflow === 'hidden' || s.overflow === 'clip') && e !== a) {
        const r = e.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) { method = '尺寸为零（overflow:hidden）'; block = e; break; }
      }
    }
    if (!method) {
      const s = getComputedStyle(a), r = a.getBoundingClientRect();
      const x = r.left + window.scrollX, y = r.top + window.scrollY;
      if (parseFloat(s.fontSize) === 0) { method = 'font-size:0'; }
      else if (x + r.width <= 0 || y + r.height <= 0 || x >= width + 100 || y >= height + 100) {
        method = '移出可视区域（' + Math.round(x) + ',' + Math.round(y) + '）';
      } else if (a.textContent.trim() && s.color === bg(a)) { method = '文字颜色与背景色相同（' + s.color + '）'; }
      else if (a.textContent.trim() && r.width === 0 && r.height === 0) { method = '尺寸为零'; }
    }
    if (method) {
      out.push([url.href, (a.textContent || a.title || '').trim().slice(0, 60), method, label(block)]);
      if (out.length >= 200) { break; }
    }
  }
  return out;
}"""
