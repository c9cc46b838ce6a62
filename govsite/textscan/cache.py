"""Detector hits carried from one scan to the next, keyed by the text they were found in.

Scanning every page for ID numbers, bank cards, phones, markings and wording is the costliest part
of the checks (about half of them on a 20 000-page portal), and on a nightly re-scan almost every
text is the one scanned the night before.  A text's hits depend only on the text, the detectors'
code and data, and the profile's `content_safety` section; all of them go into the key, so a
changed lexicon, rule or setting simply misses the cache.
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
# Everything a detector's answer depends on besides the text and the profile.
_SOURCES = ("textscan", "checks/content.py", "checks/leaders.py", "checks/privacy.py",
            "checks/secrecy.py", "checks/wording.py", "data")


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


class TextHitCache:
    """Hits by (text, rule): those of the last scan, and those this scan used or found."""

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

    def digest(self, text: str) -> str:
        d = self._digests.get(text)
        if d is None:
            d = hashlib.sha1((self.fingerprint + "\0" + text).encode("utf-8", "surrogatepass")).hexdigest()
            self._digests[text] = d
        return d

    def hits(self, rule_id: str, text: str, detect: Callable[[str], list[Hit]]) -> list[Hit]:
        digest = self.digest(text)
        entry = self._entry(digest)
        stored = entry.get(rule_id) if entry else None
        if stored is not None:
            self.reused += 1
            hits = [Hit(*h) for h in stored]
        else:
            self.computed += 1
            hits = detect(text)
            stored = [[h.start, h.end, h.shown, h.context, h.suggestion, h.note] for h in hits]
        self.used.setdefault(digest, {})[rule_id] = stored
        return hits

    def _entry(self, digest: str) -> dict[str, list] | None:
        """The known hits of a text by rule, decoded when first needed."""
        entry = self.known.get(digest)
        if not isinstance(entry, bytes):
            return entry
        decoded = self._decoded.get(entry)
        if decoded is None:
            decoded = self._decoded[entry] = decode_entry(entry)
        return decoded

    def encoded(self) -> dict[str, bytes]:
        """The entries this scan used, as stored: one used as the last scan stored it keeps its
        bytes (not encoded again, and its row can move to this scan: store/reuse.py)."""
        out: dict[str, bytes] = {}
        for digest, entry in self.used.items():
            blob = self.known.get(digest)
            if not isinstance(blob, bytes) or self._decoded.get(blob) != entry:
                blob = encode_entry(entry)
            out[digest] = blob
        return out


def encode_entry(entry: dict[str, list]) -> bytes:
    return zlib.compress(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 3)


def decode_entry(blob: bytes) -> dict[str, list]:
    return json.loads(zlib.decompress(blob).decode("utf-8"))
