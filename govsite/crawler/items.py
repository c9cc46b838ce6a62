"""What the spider yields to the store pipeline (pages go to the page workers instead)."""
from __future__ import annotations

from dataclasses import dataclass

from govsite.models import LinkCheck


@dataclass(slots=True)
class CheckItem:
    """The result of checking one distinct link target."""

    check: LinkCheck
