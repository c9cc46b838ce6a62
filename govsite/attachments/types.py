"""What attachment extraction takes (limits from the profile) and gives (text, or why not)."""
from __future__ import annotations

import threading
from dataclasses import dataclass

SCANNED = "scanned"
NOT_SCANNED = "not scanned"


@dataclass(frozen=True, slots=True)
class ExtractLimits:
    """Bounds on reading one attachment; from the profile's content_safety.attachments."""

    max_bytes: int = 20 * 1024 * 1024          # a larger file is not scanned
    seconds_per_file: float = 20.0             # wall time for one file, archives included; <= 0: no worker
    max_total_bytes: int = 500 * 1024 * 1024   # per scan (see ScanBudget)
    max_zip_members: int = 200                 # members read from one archive, nested ones included
    max_zip_depth: int = 3                     # archives inside archives
    max_unpacked_bytes: int = 100 * 1024 * 1024  # uncompressed bytes read from one archive
    max_text_chars: int = 5_000_000            # extracted text kept per file
    worker_memory_mb: int = 2048               # address-space cap of the extraction process
    ocr: bool = True                           # read images and image-only PDF pages by OCR
    ocr_seconds_per_image: float = 60.0        # tesseract's wall time for one image
    ocr_max_pixels: int = 25_000_000           # a larger image is not read (decompression bombs)
    ocr_max_pdf_pages: int = 20                # image-only PDF pages read from one file

    @classmethod
    def from_profile(cls, profile) -> ExtractLimits:
        """Limits from `content_safety.attachments` of a Profile; missing keys keep the defaults."""
        section = profile.get("content_safety.attachments") or {}
        known = {k: section[k] for k in cls.__dataclass_fields__ if section.get(k) is not None}
        return cls(**known)


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text of an attachment, or the reason it could not be read."""

    status: str          # "scanned" or "not scanned"
    reason: str          # why not scanned; for scanned files, what was left out (or "")
    text: str
    kind: str = ""       # the format found by content sniffing: pdf, docx, xlsx, xls, doc, zip, ...

    @classmethod
    def ok(cls, text: str, kind: str, reason: str = "") -> Extracted:
        return cls(SCANNED, reason, text, kind)

    @classmethod
    def fail(cls, reason: str, kind: str = "") -> Extracted:
        return cls(NOT_SCANNED, reason, "", kind)


class ScanBudget:
    """The bytes one scan may still spend on attachments (max_total_bytes); thread-safe."""

    def __init__(self, limits: ExtractLimits):
        self.left = limits.max_total_bytes
        self.total = limits.max_total_bytes
        self._lock = threading.Lock()

    def take(self, size: int) -> bool:
        """Reserve `size` bytes; False when the budget cannot cover them."""
        with self._lock:
            if size > self.left:
                return False
            self.left -= size
            return True
