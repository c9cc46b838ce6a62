"""The detectors' hits carried from one scan to the next (textscan/cache.py)."""
from __future__ import annotations

from govsite.textscan import cache as cache_module
from govsite.textscan.cache import LazyText, TextHitCache, decode_entry, encode_entry
from govsite.textscan.hits import Hit


def _never(text: str) -> list[Hit]:
    raise AssertionError("a known text must not be scanned again")


def _known(cache: TextHitCache, entries: dict[str, dict[str, list]]) -> dict[str, bytes]:
    return {cache.digest(text): encode_entry(entry) for text, entry in entries.items()}


def test_texts_with_the_same_stored_hits_decode_them_once(monkeypatch):
    probe = TextHitCache("fp")
    none = {"privacy.id": [], "content.harmful": []}
    texts = [f"第{n}篇文章的正文" for n in range(50)]
    cache = TextHitCache("fp", _known(probe, {t: none for t in texts}), source_scan=1)
    decoded = []
    monkeypatch.setattr(cache_module, "decode_entry", lambda blob: decoded.append(blob) or decode_entry(blob))
    for rule_id in ("privacy.id", "content.harmful"):
        assert all(cache.hits(rule_id, t, _never) == [] for t in texts)
    assert len(decoded) == 1
    assert cache.reused == 100 and cache.computed == 0


def test_every_texts_hits_are_one_entry_carried_as_stored_while_no_text_changes():
    first = TextHitCache("fp")
    hit = Hit(3, 5, "张三", "…张三…", "", "")
    texts = [f"第{n}篇" for n in range(200)]
    for text in texts:
        first.hits("privacy.id", text, lambda text: [hit] if text == "第7篇" else [])
    stored = first.encoded()
    assert len(stored) == 1                     # one row, however many texts
    [(key, blob)] = stored.items()
    # the distinct entries once (two here: with the hit, without), an index a text
    assert len(decode_entry(blob)["entries"]) == 2 and len(decode_entry(blob)["texts"]) == 200
    again = TextHitCache("fp", stored, source_scan=1)
    assert [again.hits("privacy.id", t, _never) for t in texts] == [[hit] if t == "第7篇" else [] for t in texts]
    assert again.encoded()[key] is blob          # used as stored: the row moves to the new scan
    changed = TextHitCache("fp", stored, source_scan=1)
    for text in texts[:-1]:                      # a text gone, another new, a new rule on one
        changed.hits("privacy.id", text, _never)
    changed.hits("privacy.id", "新的一篇", lambda text: [])
    changed.hits("wording.banned", "第0篇", lambda text: [Hit(0, 1, "第", "第", "", "")])
    carried = TextHitCache("fp", changed.encoded(), source_scan=2)
    assert carried.hits("privacy.id", "新的一篇", _never) == []
    assert carried.hits("wording.banned", "第0篇", _never) == [Hit(0, 1, "第", "第", "", "")]
    assert carried.hits("privacy.id", "第7篇", _never) == [hit]
    again_found = Hit(0, 2, "第1", "第1", "", "")     # the text gone from the last scan: scanned again
    assert carried.hits("privacy.id", texts[-1], lambda text: [again_found]) == [again_found]


def test_hits_stored_a_row_a_text_by_an_older_govsite_are_read_and_carried_on_in_one_entry():
    probe = TextHitCache("fp")
    hit = [3, 5, "张三", "…张三…", "", ""]
    known = _known(probe, {"甲": {"privacy.id": [hit]}, "乙": {"privacy.id": []}})
    cache = TextHitCache("fp", known, source_scan=1)
    assert cache.hits("privacy.id", "甲", _never) == [Hit(*hit)]
    assert cache.hits("privacy.id", "乙", _never) == []
    carried = TextHitCache("fp", cache.encoded(), source_scan=2)
    assert carried.hits("privacy.id", "甲", _never) == [Hit(*hit)]
    assert carried.hits("privacy.id", "乙", _never) == []


def test_a_text_known_by_its_digest_is_read_only_when_a_detector_must_run():
    first = TextHitCache("fp")
    hit = Hit(0, 1, "甲", "…甲…", "", "")
    first.hits("privacy.id", "甲", lambda text: [hit])
    cache = TextHitCache("fp", first.encoded(), source_scan=1)

    def unreadable() -> str:
        raise AssertionError("the text was read")
    assert cache.hits("privacy.id", LazyText(digest=first.digest("甲"), read=unreadable, empty=False),
                      _never) == [hit]
    read = []
    lazy = LazyText(digest=first.digest("甲"), read=lambda: read.append(1) or "甲", empty=False)
    assert cache.hits("wording.banned", lazy, lambda text: [Hit(0, 1, text, text, "", "")])[0].shown == "甲"
    assert read == [1] and lazy.text == "甲" and read == [1]        # read once, then kept


def test_template_and_page_text_entries_are_carried_by_fingerprint():
    first = TextHitCache("fp")
    first.keep_template("sample", ["首页", "网站标识码"])
    first.keep_page_text("content", "template", "digest", [0, 1])
    carried = TextHitCache("fp", first.encoded())
    assert carried.template("sample") == ["首页", "网站标识码"]
    assert carried.page_text("content", "template") == ("digest", [0, 1])
    assert carried.page_text("content", "another template") is None
    assert carried.encoded() == first.encoded()          # used as stored: carried on unchanged
    other = TextHitCache("another fingerprint", first.encoded())
    assert other.template("sample") is None and other.page_text("content", "template") is None


def test_every_page_text_key_is_one_entry_carried_as_stored_while_no_page_changes():
    first = TextHitCache("fp")
    for n in range(100):
        first.keep_page_text(f"content-{n}", "template", f"digest-{n}", [0, 2])
    stored = first.encoded()
    assert len(stored) == 1                        # one row, however many pages
    again = TextHitCache("fp", stored)
    assert all(again.page_text(f"content-{n}", "template") == (f"digest-{n}", [0, 2]) for n in range(100))
    [(key, blob)] = again.encoded().items()
    assert blob is stored[key]                     # used as stored: the row moves to the new scan
    changed = TextHitCache("fp", stored)
    for n in range(99):                            # a page gone, another new
        changed.page_text(f"content-{n}", "template")
    changed.keep_page_text("content-new", "template", "digest-new", [])
    carried = TextHitCache("fp", changed.encoded())
    assert carried.page_text("content-new", "template") == ("digest-new", [])
    assert carried.page_text("content-99", "template") is None
