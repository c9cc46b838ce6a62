"""Detector hits carried from one scan to the next, keyed by the text they were found in.

Scanning every page for ID numbers, bank cards, phones, markings and wording is the costliest part
of the checks (about half of them on a 20 000-page portal), and on a nightly re-scan almost every
text is the one scanned the night before.  A text's hits depend only on the text, the detectors'
code and data, and the profile's `content_safety` section; all of them go into the key, so a
changed lexicon, rule or setting simply misses the cache.

Two more kinds of entry let a re-scan find an unchanged page's hits without reading its text
(scan/view.py): the site's template lines, by the sampled pages' contents; and a page's text key
(its text's digest once the template's lines are dropped, and which template lines it holds),
by the page's content and the template.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from govsite.textscan.hits import Hit

_PACKAGE = Path(__file__).resolve().parent.parent
# Everything a detector's answer depends on besides the text and the profile (and, for the text
# keys, how a page's text loses the template's lines: scan/view.py).
_SOURCES = ("textscan", "checks/content.py", "checks/leaders.py", "checks/privacy.py",
            "checks/secrecy.py", "checks/wording.py", "data", "scan/view.py", "scan/texts.py")


@lru_cache(maxsize=4)
def code_fingerprint(sources: tuple[str, ...] = _SOURCES) -> str:
    """A digest of the package's files under `sources` (folders or files, relative to it)."""
    digest = hashlib.sha1()
    for name in sources:
        path = _PACKAGE / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_file() and f.suffix in (".py", ".tsv", ".txt", ".json"):
                digest.update(f.relative_to(_PACKAGE).as_posix().encode())
                digest.update(f.read_bytes())
    return digest.hexdigest()


def fingerprint(content_safety: dict) -> str:
    """The detectors' code and data plus the profile's settings for them."""
    settings = json.dumps(content_safety, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1((code_fingerprint() + settings).encode("utf-8")).hexdigest()


class LazyText:
    """A text whose digest may be known without it: a re-scan reads an unchanged page's text
    from the store only when a detector must run over it (`read`)."""

    __slots__ = ("_text", "_read", "digest", "empty")

    def __init__(self, text: str | None = None, *, digest: str | None = None,
                 read: Callable[[], str] | None = None, empty: bool | None = None) -> None:
        if text is None and (digest is None or read is None or empty is None):
            raise ValueError("a text not given needs its digest, its reader and whether it is empty")
        self._text, self._read, self.digest = text, read, digest
        self.empty = (text == "") if empty is None else empty

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._read()
        return self._text


class TextHitCache:
    """Hits by (text, rule): those of the last scan, and those this scan used or found; and the
    entries that let a re-scan skip unchanged pages' texts (template lines, page text keys)."""

    def __init__(self, fingerprint: str, known: dict[str, bytes | dict[str, list]] | None = None,
                 source_scan: int | None = None) -> None:
        self.fingerprint = fingerprint
        self.known = known or {}
        self.used: dict[str, dict[str, list]] = {}
        self._digests: dict[str, str] = {}
        # Stored entries decoded, by their bytes: most texts of a site have the same hits (none),
        # so 20 000 known entries are a handful of distinct blobs, each decoded once.
        self._decoded: dict[bytes, dict[str, list]] = {}
        self.reused = 0
        self.computed = 0
        self.source_scan = source_scan     # the scan the known hits were stored by
        self.used_keys: dict[str, bytes] = {}    # template entries this scan used or made
        self._pages: dict | None = None          # the known page text keys, decoded on first use
        self.used_pages: dict[str, list] = {}    # content: [text digest, template lines held]
        self.page_template: str | None = None    # the template those keys are under
        self._hits: tuple[list, dict[str, int]] | None = None   # the known hits entry, decoded

    def digest(self, text: str) -> str:
        d = self._digests.get(text)
        if d is None:
            d = hashlib.sha1((self.fingerprint + "\0" + text).encode("utf-8", "surrogatepass")).hexdigest()
            self._digests[text] = d
        return d

    def hits(self, rule_id: str, text: str | LazyText, detect: Callable[[str], list[Hit]]) -> list[Hit]:
        """The hits of `rule_id`'s `detect` in `text`: the known ones, or found now.  A LazyText
        whose digest is known is read only when they must be found."""
        lazy = isinstance(text, LazyText)
        digest = (text.digest if lazy else None) or self.digest(text.text if lazy else text)
        entry = self._entry(digest)
        stored = entry.get(rule_id) if entry else None
        if stored is not None:
            self.reused += 1
            hits = [Hit(*h) for h in stored]
        else:
            self.computed += 1
            hits = detect(text.text if lazy else text)
            stored = [[h.start, h.end, h.shown, h.context, h.suggestion, h.note] for h in hits]
        self.used.setdefault(digest, {})[rule_id] = stored
        return hits

    # -- what a re-scan needs to skip an unchanged page's text (scan/view.py) --------------------
    def template(self, sample: str) -> list[str] | None:
        """The template lines found from the sampled pages `sample` (their URLs and contents)."""
        blob = self._known_key(self._key("template", sample))
        return decode_entry(blob) if blob is not None else None

    def keep_template(self, sample: str, lines: list[str]) -> None:
        self.used_keys[self._key("template", sample)] = encode_entry(lines)

    def page_text(self, content: str, template: str) -> tuple[str, list[int]] | None:
        """(the digest of the page's text without the template's lines, the indices of the
        template lines it holds) of the stored content `content` under the template `template`."""
        known = self._known_pages()
        if known.get("template") != template:
            return None
        entry = known["pages"].get(content)
        if entry is None:
            return None
        self.used_pages[content] = entry
        self.page_template = template
        return entry[0], entry[1]

    def keep_page_text(self, content: str, template: str, digest: str, held: list[int]) -> None:
        self.used_pages[content] = [digest, held]
        self.page_template = template

    # Every page's text key is in one entry, not one each: a re-scan moves each entry it used to
    # itself, and PostgreSQL's UPDATE writes a new version of each moved row (20 000 rows, 12 MB
    # more on the first re-scan of a 20 000-page portal); one compressed entry moves as one row.
    def _known_pages(self) -> dict:
        if self._pages is None:
            self._pages = self._known_entry("pages") or {}
            self._pages.setdefault("pages", {})
        return self._pages

    def _encoded_pages(self) -> bytes | None:
        if not self.used_pages:
            return None
        known = self._known_pages()
        if known.get("template") == self.page_template and known["pages"] == self.used_pages:
            return self.known[self._key("pages")]       # as stored: the row moves
        return encode_entry({"template": self.page_template, "pages": dict(sorted(self.used_pages.items()))},
                            level=6)

    def _key(self, kind: str, *parts: str) -> str:
        joined = "\0".join((self.fingerprint, kind, *parts))
        return hashlib.sha1(joined.encode("utf-8", "surrogatepass")).hexdigest()

    def _known_key(self, key: str) -> bytes | None:
        blob = self.known.get(key)
        if not isinstance(blob, bytes):
            return None
        self.used_keys[key] = blob          # carried on to the next scan
        return blob

    def _entry(self, digest: str) -> dict[str, list] | None:
        """The known hits of a text by rule, decoded when first needed."""
        entry = self.known.get(digest)
        if entry is None:
            entries, texts = self._known_hits()
            n = texts.get(digest)
            return entries[n] if n is not None else None
        if not isinstance(entry, bytes):
            return entry
        decoded = self._decoded.get(entry)
        if decoded is None:
            decoded = self._decoded[entry] = decode_entry(entry)
        return decoded

    def encoded(self) -> dict[str, bytes]:
        """The entries this scan used, as stored: one used as the last scan stored it keeps its
        bytes (not encoded again, and its row can move to this scan: store/reuse.py)."""
        out: dict[str, bytes] = dict(self.used_keys)
        pages = self._encoded_pages()
        if pages is not None:
            out[self._key("pages")] = pages
        hits = self._encoded_hits()
        if hits is not None:
            out[self._key("hits")] = hits
        return out

    # Every text's hits are in one entry as well: the distinct entries once (most texts have the
    # same, no hit at all), and each text's index among them.  A re-scan moved 20 000 rows of one
    # entry a text before, ~0.25 s of UPDATEs and, on PostgreSQL, 20 000 dead row versions.
    # Stores written before keep their rows of one text each, read by _entry.
    def _known_hits(self) -> tuple[list, dict[str, int]]:
        if self._hits is None:
            data = self._known_entry("hits")
            self._hits = (data["entries"], data["texts"]) if data else ([], {})
        return self._hits

    def _known_entry(self, kind: str) -> dict | None:
        """The last scan's entry of `kind` for all its pages or texts, decoded."""
        blob = self.known.get(self._key(kind))
        return decode_entry(blob) if isinstance(blob, bytes) else None

    def _encoded_hits(self) -> bytes | None:
        if not self.used:
            return None
        entries, texts = self._known_hits()
        if len(texts) == len(self.used) and all(
                (n := texts.get(digest)) is not None and entries[n] == entry for digest, entry in self.used.items()):
            return self.known[self._key("hits")]        # as stored: the row moves
        distinct: dict[str, int] = {}
        out_entries: list[dict[str, list]] = []
        out_texts: dict[str, int] = {}
        for digest, entry in sorted(self.used.items()):
            shape = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            n = distinct.get(shape)
            if n is None:
                n = distinct[shape] = len(out_entries)
                out_entries.append(entry)
            out_texts[digest] = n
        return encode_entry({"entries": out_entries, "texts": out_texts})


def encode_entry(entry: dict | list, level: int = 3) -> bytes:
    # surrogatepass: a hit's context may hold a lone surrogate, as the page's text may
    return zlib.compress(json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
                         .encode("utf-8", "surrogatepass"), level)


def decode_entry(blob: bytes) -> dict | list:
    return json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
