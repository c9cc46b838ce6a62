"""The rule registry: every check declares its rule id, clause, severity and what it reads.

A check is a plain function from stored scan data (ScanView) and the profile to Findings; it does
no I/O of its own.  `govsite rules` lists this registry.  Adding a rule means writing one function
with the @rule decorator in the module of its family, and its test.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from govsite.models import Finding


@dataclass(frozen=True)
class Rule:
    rule_id: str
    title: str
    clause: str          # where the rule comes from, e.g. 规范 第二十三条(十)
    severity: str        # veto, deduct, warn
    standard: str        # county, national, both
    reads: tuple[str, ...]   # profile keys (thresholds) the check reads
    func: Callable[..., Iterable[Finding]]
    family: str


RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, title: str, clause: str, severity: str, standard: str,
         reads: tuple[str, ...] = ()):
    """Register a check function under `rule_id`."""
    if severity not in ("veto", "deduct", "warn"):
        raise ValueError(f"{rule_id}: bad severity {severity}")
    if standard not in ("county", "national", "both"):
        raise ValueError(f"{rule_id}: bad standard {standard}")

    def register(func):
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        family = func.__module__.rsplit(".", 1)[-1]
        RULES[rule_id] = Rule(rule_id, title, clause, severity, standard, reads, func, family)
        return func
    return register


def load_all() -> dict[str, Rule]:
    """Import every family module so that their rules register, and return the registry."""
    # The rules run in this order.  Those reading the scan's links (link.*, and the content rules
    # through attachments' source pages) come last: on a re-scan the links of unchanged pages are
    # still being copied while the first rules run (crawler.pagework.LinksCopy).
    from govsite.checks import (articles, availability, browser, disclosure, freshness,  # noqa: F401
                                identity, interaction, policy, services, structure)
    from govsite.checks import links, privacy, secrecy, wording  # noqa: F401
    return RULES


def finding(rule_id: str, url: str, message: str, evidence: str = "", **extra) -> Finding:
    """A Finding carrying the severity, standard and clause its rule declares."""
    r = RULES[rule_id]
    return Finding(rule_id=rule_id, severity=extra.pop("severity", r.severity),
                   standard=extra.pop("standard", r.standard), clause=extra.pop("clause", r.clause),
                   url=url, message=message, evidence=evidence, **extra)
