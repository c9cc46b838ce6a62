"""Downloading the site's attachments for the content checks (issue 5), within the profile's limits.

An attachment of the site (pdf, doc, xls, ...) is fetched with GET instead of HEAD: the download is
its link check and the input of the content checks.  Limits come from the profile's
`content_safety.attachments:` section; a file over a limit is recorded as "not scanned" with the reason, never
skipped in silence.  An attachment unchanged since the last scan (304 to a conditional GET) is not
downloaded again: its stored text is reused.
"""
from __future__ import annotations

from dataclasses import dataclass

from govsite.profile import Profile

# The kind of a link target that is an image on an article page (PageWork sends it so; the link's
# own row stays "image").
ARTICLE_IMAGE = "article_image"


@dataclass(slots=True)
class AttachmentItem:
    """An attachment fetched by the crawl, on its way to extraction and the store."""

    url: str
    content_type: str | None
    size: int | None
    etag: str | None
    last_modified: str | None
    data: bytes | None = None          # the file, when it is to be read
    status: str = "scanned"            # or "not scanned" (with reason) when data is None
    reason: str = ""
    reuse_id: int | None = None        # row id of the previous scan's attachment (304)


@dataclass
class AttachmentBudget:
    """How much the crawl may download for the content checks: attachments, and the images of
    articles for OCR (a number of them, each within image_max_bytes, of image_types)."""

    enabled: bool
    max_bytes: int
    max_total_bytes: int
    used_bytes: int = 0
    images_left: int = 0
    image_max_bytes: int = 0
    image_types: tuple[str, ...] = ()

    @classmethod
    def from_profile(cls, profile: Profile) -> AttachmentBudget:
        section = profile.get("content_safety.attachments") or {}
        ocr = bool(section.get("ocr", True))
        return cls(enabled=bool(section.get("scan", True)),
                   max_bytes=int(section.get("max_bytes", 20 * 2**20)),
                   max_total_bytes=int(section.get("max_total_bytes", 500 * 2**20)),
                   images_left=int(section.get("images_per_scan", 0)) if ocr else 0,
                   image_max_bytes=int(section.get("image_max_bytes", 5 * 2**20)),
                   image_types=tuple(str(t).lower() for t in section.get("image_types") or ()))

    def take_image(self, url: str) -> bool:
        """Whether the article image at `url` is downloaded for OCR (and counted), or only
        checked: OCR on, images left, and a listed type."""
        if not self.enabled or self.images_left <= 0 or self.exhausted():
            return False
        path = url.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1].lower()
        if "." not in path or path.rsplit(".", 1)[1] not in self.image_types:
            return False
        self.images_left -= 1
        return True

    def exhausted(self) -> bool:
        return self.used_bytes >= self.max_total_bytes

    def take(self, size: int) -> None:
        self.used_bytes += size


def too_large(size: int, limit: int) -> str:
    return f"not scanned: {size / 2**20:.1f} MB is over the {limit / 2**20:.0f} MB limit"
