"""Text of attachments (pdf, doc/docx, xls/xlsx, wps/et, ofd, rtf, txt, zip) for the content checks.

`extract_text(data, filename, content_type, limits)` gives an `Extracted`: the text, or "not
scanned" with the reason (too large, encrypted, damaged, unsupported, too slow).  Limits come
from the profile: `ExtractLimits.from_profile(profile)`.
"""
from govsite.attachments.formats import extract_inline, sniff
from govsite.attachments.types import NOT_SCANNED, SCANNED, Extracted, ExtractLimits, ScanBudget
from govsite.attachments.worker import Extractor, extract_text

__all__ = ["extract_text", "extract_inline", "sniff", "Extracted", "ExtractLimits", "ScanBudget",
           "Extractor", "SCANNED", "NOT_SCANNED"]
