"""Which images of articles the crawl downloads for OCR (issue 15): a listed type, within the
scan's count, while OCR and the attachment budget are on; the rest are only checked."""
from __future__ import annotations

import pytest

from govsite.crawler.attachments import AttachmentBudget
from govsite.profile import load_profile


def _budget(**kw) -> AttachmentBudget:
    budget = AttachmentBudget.from_profile(load_profile())
    for key, value in kw.items():
        setattr(budget, key, value)
    return budget


def test_the_profile_bounds_images():
    b = AttachmentBudget.from_profile(load_profile())
    assert (b.images_left, b.image_max_bytes) == (2000, 5 * 2**20)
    assert "png" in b.image_types and "svg" not in b.image_types


@pytest.mark.parametrize("url, taken", [
    ("http://x.gov.cn/a/W020261120001.png", True),
    ("http://x.gov.cn/a/photo.JPG?v=2", True),
    ("http://x.gov.cn/a/logo.svg", False),
    ("http://x.gov.cn/a/image", False),
])
def test_types(url, taken):
    assert _budget().take_image(url) is taken


def test_the_count_is_spent_and_then_images_are_only_checked():
    b = _budget(images_left=2)
    assert [b.take_image(f"http://x.gov.cn/{n}.png") for n in range(3)] == [True, True, False]


def test_ocr_off_or_budget_used_up_takes_none():
    assert not _budget(images_left=0).take_image("http://x.gov.cn/a.png")
    full = _budget()
    full.take(full.max_total_bytes)
    assert not full.take_image("http://x.gov.cn/a.png")
