"""Uploaded screenshots: the type comes from the bytes, never the name; 5 MB at most; stored by a
random name."""
from __future__ import annotations

import io

import pytest
from console_store import cheap_hashes  # noqa: F401 - autouse
from PIL import Image

from govsite.console.uploads import MAX_BYTES, REFUSED_TYPE, UploadRefused, image_type, sniff, store_upload
from govsite.store.claims import get_upload
from govsite.store.db import open_store


def image_bytes(fmt: str, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt, kind", [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"),
                                       ("WEBP", "image/webp")])
def test_real_images_are_recognised_by_their_bytes(fmt, kind):
    data = image_bytes(fmt)
    assert sniff(data) == kind and image_type(data) == kind


@pytest.mark.parametrize("data", [
    b"<!DOCTYPE html><html><script>alert(1)</script></html>",      # an HTML file renamed .png
    b"\x89PNG\r\n\x1a\n" + b"<html>not really a png</html>",          # a PNG signature and garbage
    b"%PDF-1.7\n",
    b"",
])
def test_anything_else_is_refused_with_the_message(data):
    with pytest.raises(UploadRefused) as refused:
        image_type(data)
    assert str(refused.value) == REFUSED_TYPE == "只接受PNG、JPEG、GIF或WebP图片"


def test_more_than_five_megabytes_is_refused_as_too_large():
    data = image_bytes("PNG") + b"\0" * MAX_BYTES
    with pytest.raises(UploadRefused) as refused:
        image_type(data)
    assert refused.value.status == 413


def test_stored_under_a_random_name_never_the_given_one(tmp_path):
    store = open_store(tmp_path / "u.sqlite")
    data = image_bytes("PNG")
    upload = store_upload(store, tmp_path / "uploads", data, "../../etc/passwd.png", site_id=1, key="k",
                          unit="县政府办", account="unit1")
    files = list((tmp_path / "uploads").iterdir())
    assert [f.name for f in files] == [upload.stored_name] and "passwd" not in upload.stored_name
    assert files[0].read_bytes() == data and upload.content_type == "image/png"
    assert get_upload(store, upload.id, ["县政府办"]) == upload
    assert get_upload(store, upload.id, ["蜂岩镇人民政府"]) is None        # another unit's
    assert get_upload(store, upload.id) == upload                          # admin, inspector
