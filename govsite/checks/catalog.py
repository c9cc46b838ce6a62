"""Every family of rules, imported so that their rules register, in the order they run."""
from __future__ import annotations

from govsite.checks.registry import RULES, Rule


def load_all() -> dict[str, Rule]:
    """Import every family module so that their rules register, and return the registry."""
    # The rules run in this order.  Those reading the scan's links (link.*, and the content rules
    # through attachments' source pages) come last: on a re-scan the links of unchanged pages are
    # still being copied while the first rules run (the crawl's links copy).
    # isort: off
    from govsite.checks import (articles, availability, browser, disclosure, freshness,  # noqa: F401
                                identity, interaction, policy, security, services, structure)
    from govsite.checks import links, privacy, secrecy, wording  # noqa: F401
    # isort: on
    return RULES
