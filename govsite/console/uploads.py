"""Screenshots units upload with a claim: at most 5 MB, the type read from the bytes (PNG, JPEG,
GIF or WebP that Pillow can open), stored under the console's data folder by a random name."""
from __future__ import annotations

import io
import secrets
from datetime import datetime
from pathlib import Path

from govsite.errors import BadInput
from govsite.store.claims import Upload, add_upload
from govsite.store.db import Store

MAX_BYTES = 5 * 1024 * 1024
REFUSED_TYPE = "只接受PNG、JPEG、GIF或WebP图片"
TOO_LARGE = "截图不能超过5MB"
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
_PIL_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WEBP"}


class UploadRefused(BadInput):
    """The file is not an image the console takes (the message is shown on the form)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def sniff(data: bytes) -> str | None:
    """The image type the bytes begin with (magic numbers), whatever the file is called."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def image_type(data: bytes) -> str:
    """The type of an acceptable screenshot; UploadRefused for anything else."""
    if len(data) > MAX_BYTES:
        raise UploadRefused(TOO_LARGE, 413)
    kind = sniff(data)
    if kind is None:
        raise UploadRefused(REFUSED_TYPE)
    try:
        from PIL import Image
        with Image.open(io.BytesIO(data)) as image:
            if image.format != _PIL_FORMATS[kind]:
                raise UploadRefused(REFUSED_TYPE)
            image.verify()
    except ImportError:         # Pillow absent: the magic number decides
        pass
    except UploadRefused:
        raise
    except Exception:  # noqa: BLE001 - any decoder error means "not an image"
        raise UploadRefused(REFUSED_TYPE) from None
    return kind


def store_upload(store: Store, data_dir: Path, data: bytes, original_name: str, *, site_id: int, key: str,
                 unit: str, account: str) -> Upload:
    """Check and keep an uploaded screenshot; the row names it by a random id."""
    kind = image_type(data)
    data_dir.mkdir(parents=True, exist_ok=True)
    upload_id = secrets.token_hex(16)
    stored_name = f"{upload_id}.{EXTENSIONS[kind]}"
    (data_dir / stored_name).write_bytes(data)
    upload = Upload(upload_id, site_id, key, unit, stored_name, kind, len(data),
                    (original_name or "")[:200], account, datetime.now())
    add_upload(store, upload)
    return upload


def read_upload(data_dir: Path, upload: Upload) -> bytes | None:
    path = data_dir / Path(upload.stored_name).name
    try:
        return path.read_bytes()
    except OSError:
        return None
