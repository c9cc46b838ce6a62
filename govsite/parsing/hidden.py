"""Links to other hosts that a visitor cannot see (暗链), read from the page's markup.

A hacked page hides its paid links (gambling, pornography, 代开发票) so that the site's staff do
not notice them while search engines still count them: `display:none` or `visibility:hidden` on
the link or a block around it, a block moved off the screen (`left:-9999px`, `text-indent`), a box
of zero size that hides its overflow, `font-size:0`, text the colour of its background, a
`<marquee>` squeezed to nothing.  This reader finds such links in the static HTML: inline styles,
the `hidden` attribute, and the simple class/id rules of the page's own `<style>` blocks.  Links
injected by a script at load time are the browser pass's (browser/scripts.py HIDDEN_LINKS).

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
_PX = re.compile(r"^(-?\d+(?:\.\d+)?)(px|em|rem|pt|%)?$")
_OFFSCREEN_PX = -500           # further left/up than this is off any screen
_TINY_PX = 1                   # a box this small or smaller shows nothing
_MAX_PER_PAGE = 200


def _decls(style: str) -> dict[str, str]:
    decls: dict[str, str] = {}
    for part in style.split(";"):
        name, colon, value = part.partition(":")
        if colon:
            name = name.strip().lower()
            if name and len(name) < 40:
                decls[name] = value.strip().lower().replace("!important", "").strip()
    return decls


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


_MAX_RULE = 1000
_HIDING = re.compile(r"display|visibility|opacity|left|top|indent|font-size|height|width|color|background", re.I)
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def style_rules(doc, wanted: set[str]) -> dict[str, dict[str, str]]:
    """Declarations of the page's own `<style>` rules whose selector is one of the `wanted`
    classes or ids (".hl", "#links", also written "div.hl"): keyed ".hl" / "#links".  Descendant
    selectors and the rules inside `@media` and other at-rules are not read (a site's responsive
    menu hides itself that way, with internal links).  Only the wanted names are looked up, with
    the string's own find: a page with 400 KB of CSS costs a few finds, not a CSS parse."""
    rules: dict[str, dict[str, str]] = {}
    if not wanted:
        return rules
    for style in doc.iter("style"):
        css = style.text or ""
        if "{" not in css:
            continue
        for key in wanted:
            at = css.find(key)
            while at != -1:
                after = at + len(key)
                if after < len(css) and css[after] in _NAME_CHARS:      # ".hl" inside ".hlx"
                    at = css.find(key, after)
                    continue
                _read_rule(rules, key, css, at)
                at = css.find(key, after)
    return rules


def _read_rule(rules: dict[str, dict[str, str]], key: str, css: str, at: int) -> None:
    opened = css.find("{", at)
    if opened == -1 or css.count("{", 0, at) != css.count("}", 0, at):
        return      # inside a block: a declaration's text, or a rule of @media
    start = max(css.rfind("}", 0, at), css.rfind("*/", 0, at) + 1, 0)
    selectors = css[start + 1 if start else 0:opened]
    if "@" in selectors or not any(_SIMPLE_SELECTOR.match(s.strip()) and s.strip().endswith(key)
                                   for s in selectors.split(",")):
        return
    closed = css.find("}", opened)
    body = css[opened + 1:closed if closed != -1 else len(css)]
    # a hiding rule is short; long bodies are @font-face data and the like
    if len(body) < _MAX_RULE and _HIDING.search(body):
        rules.setdefault(key, {}).update(_decls(body))


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


class _States:
    """What each element passes on to what it holds: how it (or an ancestor) hides it, and the
    text colour and background in force there; computed once per element, shared by its links."""

    def __init__(self, rules: dict[str, dict[str, str]]):
        self.rules = rules
        self.known: dict = {}

    def of(self, el) -> tuple[str | None, str, str | None, str | None]:
        state = self.known.get(el)
        if state is not None:
            return state
        parent = el.getparent()
        if parent is None or not isinstance(el.tag, str) or el.tag in ("body", "html"):
            state = (None, "", None, None)
        else:
            method, block, colour, background = self.of(parent)
            if method is None:
                decls = _element_decls(el, self.rules)
                own = _hiding(el, decls)
                if own:
                    method, block = own, _label(el)
                else:
                    colour = _colour(decls.get("color")) or colour
                    bg = decls.get("background-color") or decls.get("background")
                    if bg and (bg.startswith("#") or bg.isalpha()):
                        background = _colour(bg)
                    if colour and colour == background:
                        method, block = f"文字颜色与背景色相同（{colour}）", _label(el)
            state = (method, block, colour, background)
        self.known[el] = state
        return state


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
    hosts: dict[str, str] = {}

    def host(url: str) -> str:
        # An http(s) URL's host by its authority: a page's ~80 links go to a handful of hosts,
        # and splitting each URL cost more than the rest of this function on a page without 暗链.
        authority = url.split("/", 3)[2]
        found = hosts.get(authority)
        if found is None:
            found = hosts[authority] = host_of(url)
        return found

    outside = {link.raw.strip(): link for link in links
               if link.tag in ("a", "area") and link.category in ("page", "attachment", "image")
               and link.url.startswith(("http://", "https://")) and host(link.url) not in ("", own)
               and domain_of(host(link.url)) not in widgets}
    if not outside:
        return []
    anchors = [(a, link) for a in doc.iter("a", "area")
               if (link := outside.get((a.get("href") or "").strip())) is not None]
    wanted: set[str] = set()
    for a, _ in anchors:        # the classes and ids around the outside links: all the CSS read
        for el in a.iterancestors():
            wanted.update("." + c for c in (el.get("class") or "").split())
            if el.get("id"):
                wanted.add("#" + el.get("id"))
        wanted.update("." + c for c in (a.get("class") or "").split())
    states = _States(style_rules(doc, wanted))
    found: list[HiddenLink] = []
    for a, link in anchors:
        method, block, _, _ = states.of(a)
        if method is not None:
            found.append(HiddenLink(link.url, link.anchor[:60], method, block))
            if len(found) >= _MAX_PER_PAGE:
                break
    return found
