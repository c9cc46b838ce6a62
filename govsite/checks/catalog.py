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
    from govsite.checks import content, leaders, links, privacy, secrecy, wording  # noqa: F401
    # isort: on
    return RULES


def rule_of(rule_id: str) -> Rule | None:
    """The registered rule of `rule_id`, or of its family's `x.*` rule (a11y.color-contrast)."""
    rules = load_all()
    if rule_id in rules:
        return rules[rule_id]
    family = rule_id.split(".", 1)[0] + ".*"
    return rules.get(family)


def fix_for(rule_id: str) -> str:
    """How a unit fixes a finding of `rule_id`: the 整改 part of its rule's documentation."""
    r = rule_of(rule_id)
    return r.section("整改") if r else ""


def title_of(rule_id: str) -> str:
    """The rule's Chinese title (the rule id itself for a rule no longer registered)."""
    r = rule_of(rule_id)
    return r.title if r else rule_id
