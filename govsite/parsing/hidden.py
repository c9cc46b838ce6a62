"""Links to other hosts that a visitor cannot see (暗链), read from the page's markup.

A hacked page hides its paid links (gambling, pornography, 代开发票) so that the site's staff do
not notice them while search engines still count them: `display:none` or `visibility:hidden` on
the link or a block around it, a block moved off the screen (`left:-9999px`, `text-indent`), a box
of zero size that hides its overflow, `font-size:0`, text the colour of its background, a
`<marquee>` squeezed to nothing.  This reader finds such links in the static HTML: inline styles,
the `hidden` attribute, and the simple class/id rules of the page's own `<style>` blocks.  Links
injected by a script at load time are the browser pass's (browser/hidden.js).

Cost: the page's links are already extracted; only a page with a link to another host walks its
`<a>` elements and their ancestors, so an ordinary page pays one pass over its links.  Which hosts
are the site's partners (government hosts, declared partners) is the rule's business
(checks/security.py): here every other host counts.
"""
from __future__ import annotations

import re

from govsite.models import HiddenLink, Link
from govsite.urls import host_of

_CSS_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^(?:[a-z0-9]*)(?:([.#])([\w-]+))$", re.I)
_DECL = re.compile(r"([a-z-]+)\s*:\s*([^;]+)", re.I)
_PX = re.compile(r"^(-?\d+(?:\.\d+)?)(px|em|rem|pt|%)?$")
_OFFSCREEN_PX = -500           # further left/up than this is off any screen
_TINY_PX = 1                   # a box this small or smaller shows nothing
_MAX_PER_PAGE = 200


def _decls(style: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2).strip().lower().replace("!important", "").strip()
            for m in _DECL.finditer(style)}


def _px(value: str | None) -> float | None:
    if not value:
        return None
    m = _PX.match(value.strip())
    if not m:
        return None
    number, unit = float(m.group(1)), m.group(2) or "px"
    if unit in ("em", "rem"):
        return number * 16
    if unit == "%":
        return None if number else 0.0
    return number


def style_rules(doc) -> dict[str, dict[str, str]]:
    """Declarations of the page's own `<style>` rules whose selector is one class or one id
    (".hl", "div#links"): keyed ".hl" / "#links".  Descendant selectors and media queries are
    not read (a site's responsive menu hides itself that way, with internal links)."""
    rules: dict[str, dict[str, str]] = {}
    for style in doc.iter("style"):
        css = style.text or ""
        if "{" not in css:
            continue
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        if "@media" in css:         # rules inside a media query apply to some screens only
            css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
        for m in _CSS_RULE.finditer(css):
            decls = _decls(m.group(2))
            if not decls:
                continue
            for selector in m.group(1).split(","):
                sm = _SIMPLE_SELECTOR.match(selector.strip())
                if sm:
                    rules.setdefault(sm.group(1) + sm.group(2), {}).update(decls)
    return rules


def _element_decls(el, rules: dict[str, dict[str, str]]) -> dict[str, str]:
    decls: dict[str, str] = {}
    if rules:
        for cls in (el.get("class") or "").split():
            decls.update(rules.get("." + cls, {}))
        ident = el.get("id")
        if ident:
            decls.update(rules.get("#" + ident, {}))
    style = el.get("style")
    if style:
        decls.update(_decls(style))
    return decls


def _hiding(el, decls: dict[str, str]) -> str | None:
    """How `el` hides itself and what it holds, or None."""
    if el.get("hidden") is not None:
        return "hidden 属性"
    if el.tag == "marquee":
        sizes = [_px(el.get(a)) for a in ("width", "height")] + [_px(decls.get(k)) for k in ("width", "height")]
        if any(s is not None and s <= _TINY_PX for s in sizes):
            return "<marquee> 宽或高为 0"
    if not decls:
        return None
    if decls.get("display", "").startswith("none"):
        return "display:none"
    if decls.get("visibility", "").startswith(("hidden", "collapse")):
        return "visibility:hidden"
    if decls.get("opacity", "").strip() in ("0", "0.0", ".0"):
        return "opacity:0"
    for key in ("left", "top", "margin-left", "margin-top", "text-indent"):
        value = _px(decls.get(key))
        if value is not None and value <= _OFFSCREEN_PX:
            if key == "text-indent" or decls.get("position", "") in ("absolute", "fixed", "relative") \
                    or key.startswith("margin"):
                return f"移出可视区域（{key}:{decls[key]}）"
    size = _px(decls.get("font-size"))
    if size is not None and size <= 0:
        return "font-size:0"
    overflow = decls.get("overflow", "")
    if overflow.startswith(("hidden", "clip")):
        for key in ("height", "width", "max-height", "max-width"):
            value = _px(decls.get(key))
            if value is not None and value <= _TINY_PX:
                return f"尺寸为零（{key}:{decls[key]}，overflow:hidden）"
    return None


def _colour(value: str | None) -> str | None:
    if not value:
        return None
    value = value.split()[0] if value.startswith("#") else value.strip()
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    return {"white": "#ffffff", "#fff": "#ffffff", "black": "#000000"}.get(value, value)


def _label(el) -> str:
    label = el.tag
    if el.get("id"):
        label += "#" + el.get("id")
    if el.get("class"):
        label += "." + ".".join(el.get("class").split()[:2])
    return label


def _how_hidden(a, rules: dict[str, dict[str, str]]) -> tuple[str, str] | None:
    """(method, hiding element) for a link hidden by itself or an ancestor, else None."""
    colour = background = None
    el = a
    while el is not None and isinstance(el.tag, str) and el.tag not in ("body", "html"):
        decls = _element_decls(el, rules)
        method = _hiding(el, decls)
        if method:
            return method, _label(el)
        if colour is None:
            colour = _colour(decls.get("color"))
        if background is None:
            bg = decls.get("background-color") or decls.get("background")
            background = _colour(bg) if bg and (bg.startswith("#") or bg.isalpha()) else None
        if colour and background and colour == background:
            return f"文字颜色与背景色相同（{colour}）", _label(el)
        el = el.getparent()
    return None


_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "ac"})


def domain_of(host: str) -> str:
    """The registrable part of a host: static.bshare.cn -> bshare.cn, www.a.com.cn -> a.com.cn."""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def hidden_outside_links(doc, page_url: str, links: list[Link]) -> list[HiddenLink]:
    """The links of the page to hosts other than the page's own that its markup hides (call on
    the whole tree, before scripts and styles are stripped).  A widget's own menu is left out:
    links to the domain of a script the page loads (a share button's panel of bShare or JiaThis,
    shown on hover) belong to that script; a script newly loaded from an outside host is
    security.tampered's."""
    own = host_of(page_url)
    widgets = {domain_of(host_of(link.url)) for link in links if link.tag == "script"}
    outside = {link.raw.strip(): link for link in links
               if link.tag in ("a", "area") and link.category in ("page", "attachment", "image")
               and link.url.startswith(("http://", "https://")) and host_of(link.url) not in ("", own)
               and domain_of(host_of(link.url)) not in widgets}
    if not outside:
        return []
    rules = style_rules(doc)
    found: list[HiddenLink] = []
    for a in doc.iter("a", "area"):
        link = outside.get((a.get("href") or "").strip())
        if link is None:
            continue
        how = _how_hidden(a, rules)
        if how is not None:
            found.append(HiddenLink(link.url, link.anchor[:60], how[0], how[1]))
            if len(found) >= _MAX_PER_PAGE:
                break
    return found
