"""The text of an image through OCR: Debian's tesseract-ocr with its Simplified Chinese model
(tesseract-ocr-chi-sim), run as a program with a time limit.  Nothing is downloaded: without the
engine or its model the image is "not scanned" with NO_ENGINE as the reason, and the scan says
so once (checks/privacy.py).

Used for images in articles (a 公示 table posted as a picture) and for PDF pages without a text
layer (a scanned document), so that the privacy rules see the numbers in them.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import lru_cache

from govsite.attachments.office import ExtractError

LANGS = ("chi_sim",)          # reads digits and Latin letters too; +eng cost ~1.8x the time
NO_ENGINE = "no OCR engine installed (Debian: tesseract-ocr, tesseract-ocr-chi-sim)"
OCR_NOTE = "OCR"               # the reason of a file whose text was read by OCR
_SMALL = 600                   # images narrower than this are scaled up: tesseract reads ~300 dpi text
_TINY = (64, 16)               # narrower or lower than this holds no line of text: not read


@lru_cache(maxsize=1)
def engine() -> tuple[str, str] | None:
    """(the tesseract program, the languages to use), or None when it or a model is missing."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    try:
        out = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=20,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    have = {line.strip() for line in out.splitlines()}
    if not all(lang in have for lang in LANGS):
        return None
    return program, "+".join(LANGS)


def ocr_image(data: bytes, seconds: float, max_pixels: int) -> str:
    """The text tesseract reads in the image `data`; ExtractError when it cannot be read."""
    found = engine()
    if found is None:
        raise ExtractError(NO_ENGINE)
    program, langs = found
    png = _prepared(data, max_pixels)
    if not png:         # an icon, a spacer or a photo: no text to read, and tesseract costs seconds
        return ""
    try:
        done = subprocess.run([program, "stdin", "stdout", "-l", langs, "--psm", "6"], input=png,
                              capture_output=True, timeout=seconds, check=False,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        raise ExtractError(f"OCR took longer than {seconds:g} s") from None
    if done.returncode != 0:
        raise ExtractError(f"OCR failed ({done.stderr.decode('utf-8', 'replace').strip()[:120]})")
    return _joined(done.stdout.decode("utf-8", "replace"))


def _prepared(data: bytes, max_pixels: int) -> bytes:
    """The image as a greyscale PNG tesseract reads well, within `max_pixels` (bombs refused)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            if width * height > max_pixels:
                raise ExtractError(f"image of {width}x{height} pixels is over the OCR limit of "
                                   f"{max_pixels} pixels")
            if width < _TINY[0] or height < _TINY[1]:
                return b""
            img.seek(0)
            grey = img.convert("L")
            if not _looks_like_text(grey):
                return b""
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ExtractError(f"unreadable image ({type(exc).__name__})") from None
    if width < _SMALL and width * height * 4 <= max_pixels:
        grey = grey.resize((width * 2, height * 2), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    grey.save(out, "PNG")
    return out.getvalue()


def _looks_like_text(grey) -> bool:
    """A page of text or a table: mostly a light background with some dark strokes.  A news
    photo, a banner or a solid badge is not sent to tesseract (seconds each on a portal with
    thousands of them); a photo of a document on a desk is missed, a person may look at it."""
    small = grey.copy()
    small.thumbnail((256, 256))
    hist = small.histogram()
    total = sum(hist) or 1
    light = sum(hist[170:]) / total
    dark = sum(hist[:110]) / total
    return light >= 0.4 and 0.002 <= dark <= 0.5


def _joined(text: str) -> str:
    """tesseract writes Chinese with a space between characters: joined again, so that the
    detectors' wording (身份证号) reads as written; spaces between digits and letters stay."""
    out = []
    for line in text.splitlines():
        chars = []
        for i, ch in enumerate(line):
            if ch == " " and 0 < i < len(line) - 1 and (_cjk(line[i - 1]) or _cjk(line[i + 1])):
                continue
            chars.append(ch)
        out.append("".join(chars).strip())
    return "\n".join(line for line in out if line)


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
