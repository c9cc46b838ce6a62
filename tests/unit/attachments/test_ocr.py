"""Numbers inside pictures (issue 15): an ID number in a PNG of a table and in a scanned PDF (no
text layer) is read by OCR (Debian's tesseract-ocr + tesseract-ocr-chi-sim) and found by the
privacy detector; a masked one is not.  Without the engine such files are "not scanned" with
the reason, never a crash; a picture over the pixel limit is not read."""
from __future__ import annotations

import os
import random
from datetime import date

import pytest

from govsite.attachments import ExtractLimits, extract_text
from govsite.attachments.ocr import NO_ENGINE, OCR_NOTE, engine
from govsite.sample.attachments import make_scanned_pdf, make_table_png
from govsite.sample.util import make_id_number, mask_id
from govsite.textscan import find_id_numbers

INLINE = ExtractLimits(seconds_per_file=0, ocr_seconds_per_image=120)
RNG = random.Random(15)
PEOPLE = [(n, make_id_number(RNG)) for n in ("王德明", "李秀英", "张国华")]
HEADER = ["序号", "姓名", "身份证号码", "保障金额"]

if engine() is None and os.environ.get("CI"):
    pytest.fail("tesseract-ocr with chi_sim is not installed (scripts/install.sh installs it)")
needs_engine = pytest.mark.skipif(engine() is None, reason=NO_ENGINE)


def _table(masked: bool = False) -> bytes:
    return make_table_png([HEADER] + [[str(i + 1), n, mask_id(idn) if masked else idn, "620元"]
                                      for i, (n, idn) in enumerate(PEOPLE)])


def _ids(text: str) -> list[str]:
    return [h.shown for h in find_id_numbers(text, date(2026, 11, 27), 1900, 15)]


@pytest.fixture(scope="module")
def table_png():
    return _table()


@needs_engine
def test_an_id_number_in_a_png_table_is_read_and_found(table_png):
    r = extract_text(table_png, "W020261120.png", "image/png", INLINE)
    assert (r.status, r.kind, r.reason) == ("scanned", "image", OCR_NOTE)
    assert "姓名" in r.text                     # Chinese read too, without tesseract's spaces
    assert sorted(_ids(r.text)) == sorted(mask_id(idn) for _n, idn in PEOPLE)


@needs_engine
def test_a_masked_id_number_in_a_png_is_not_found():
    r = extract_text(_table(masked=True), "W020261121.png", "image/png", INLINE)
    assert r.status == "scanned" and _ids(r.text) == []


@needs_engine
def test_a_scanned_pdf_without_a_text_layer_is_read(table_png):
    r = extract_text(make_scanned_pdf(table_png), "P020261120.pdf", "application/pdf", INLINE)
    assert (r.status, r.kind, r.reason) == ("scanned", "pdf", OCR_NOTE)
    assert len(_ids(r.text)) == 3


@needs_engine
def test_a_picture_over_the_pixel_limit_is_not_read(table_png):
    r = extract_text(table_png, "big.png", "image/png", ExtractLimits(seconds_per_file=0, ocr_max_pixels=1000))
    assert r.status == "not scanned" and "over the OCR limit of 1000 pixels" in r.reason


def test_ocr_off_in_the_profile_leaves_pictures_unread(table_png):
    r = extract_text(table_png, "a.png", "image/png", ExtractLimits(seconds_per_file=0, ocr=False))
    assert r.status == "not scanned" and "needs OCR" in r.reason


def test_without_an_engine_a_picture_is_not_scanned_with_the_reason(table_png, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")      # no tesseract on the path: as if not installed
    engine.cache_clear()
    try:
        r = extract_text(table_png, "a.png", "image/png", INLINE)
    finally:
        engine.cache_clear()
    assert (r.status, r.reason) == ("not scanned", NO_ENGINE)


def test_photos_and_badges_are_not_sent_to_tesseract(monkeypatch):
    """A solid badge or a photo-like picture gives no text without running tesseract (seconds
    each on a portal with thousands of pictures)."""
    from PIL import Image

    from govsite.attachments import ocr
    from govsite.sample.attachments import make_png

    monkeypatch.setattr(ocr.subprocess, "run", lambda *a, **k: pytest.fail("tesseract was run"))
    monkeypatch.setattr(ocr, "engine", lambda: ("tesseract", "chi_sim"))
    noise = Image.effect_noise((400, 300), 60)      # a grey, photo-like picture
    buf = __import__("io").BytesIO()
    noise.save(buf, "PNG")
    for data in (make_png(64, 48, (40, 120, 60)), make_png(360, 60, (183, 28, 28)), buf.getvalue()):
        r = extract_text(data, "p.png", "image/png", INLINE)
        assert (r.status, r.text) == ("scanned", "")
