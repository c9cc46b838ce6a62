"""The rule registry: every rule is one decorated function that declares its id, its Chinese and
English title, the clause it enforces, its severity and standard, and the profile keys it reads.

A rule is a function `(scan: ScanView, ctx: RuleContext) -> Iterable[Finding]`; it does no I/O of
its own.  `ctx` knows the rule: `ctx.finding(...)` stamps the rule's id, severity, standard and
clause on a finding, and `ctx.get(key)` hands out only the profile keys the rule declared in
`reads` (the profile file is the only source of their values).  The function's docstring is the
rule's documentation — what it checks, why, how a unit fixes it — printed by `govsite rules ID`.
"""
from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from govsite.models import Finding
from govsite.profile import Profile

SEVERITIES = ("veto", "deduct", "warn")
STANDARDS = ("county", "national", "both")


@dataclass(frozen=True)
class Rule:
    rule_id: str
    title: str               # Chinese, as a unit head reads it
    title_en: str
    clause: str              # where the rule comes from, e.g. 规范 第二十三条(十)
    severity: str            # veto, deduct, warn
    standard: str            # county, national, both
    reads: tuple[str, ...]   # profile keys (thresholds, column lists) the rule reads
    func: Callable[..., Iterable[Finding]]
    family: str

    @property
    def doc(self) -> str:
        """The rule's documentation: its function's docstring."""
        return inspect.cleandoc(self.func.__doc__ or "")

    def section(self, label: str) -> str:
        """One part of the documentation: 检查 (what), 依据 (why), 整改 (how a unit fixes it)."""
        for line in self.doc.splitlines():
            if line.startswith(label + "："):
                return line[len(label) + 1:].strip()
        return ""

    def run(self, scan, profile: Profile) -> Iterable[Finding]:
        return self.func(scan, RuleContext(self, profile))


RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, title: str, title_en: str, clause: str, severity: str, standard: str,
         reads: tuple[str, ...] = ()):
    """Register the decorated function as the rule `rule_id`."""
    if severity not in SEVERITIES:
        raise ValueError(f"{rule_id}: bad severity {severity}")
    if standard not in STANDARDS:
        raise ValueError(f"{rule_id}: bad standard {standard}")

    def register(func):
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        if not (func.__doc__ or "").strip():
            raise ValueError(f"rule {rule_id}: its function needs a docstring (what, why, how to fix)")
        family = func.__module__.rsplit(".", 1)[-1]
        RULES[rule_id] = Rule(rule_id, title, title_en, clause, severity, standard, tuple(reads),
                              func, family)

        @functools.wraps(func)
        def with_profile(scan, profile: Profile | RuleContext) -> Iterable[Finding]:
            """The rule called by hand (tests, `govsite check`) with a profile: its context is made here."""
            ctx = profile if isinstance(profile, RuleContext) else RuleContext(RULES[rule_id], profile)
            return func(scan, ctx)
        return with_profile
    return register


class UndeclaredRead(KeyError):
    """A rule read a profile key it did not declare in `reads`."""


class RuleContext:
    """What a rule is handed besides the scan: the profile keys it declared, and `finding()`."""

    def __init__(self, rule: Rule, profile: Profile):
        self.rule = rule
        self._profile = profile

    def _declared(self, key: str) -> bool:
        return any(key == r or key.startswith(r + ".") for r in self.rule.reads)

    def get(self, key: str) -> Any:
        """The profile's value of `key`, which the rule must have declared (or a key under one it
        declared); the bundled profile holds every key, so there is no default here."""
        if not self._declared(key):
            raise UndeclaredRead(f"rule {self.rule.rule_id} reads '{key}' without declaring it")
        return self._profile.get(key)

    def section(self, name: str) -> dict:
        if not self._declared(name):
            raise UndeclaredRead(f"rule {self.rule.rule_id} reads section '{name}' without declaring it")
        return self._profile.section(name)

    def finding(self, url: str, message: str, evidence: str = "", *, rule_id: str | None = None,
                **extra) -> Finding:
        """A Finding of this rule: its id, severity, standard and clause (a rule whose id ends in
        `.*`, e.g. `a11y.*`, names the sub-rule of each finding)."""
        rid = self.rule.rule_id
        if rule_id is not None and rule_id != rid:
            if not (rid.endswith(".*") and rule_id.startswith(rid[:-1])):
                raise ValueError(f"rule {rid} cannot emit findings of {rule_id}")
            rid = rule_id
        r = self.rule
        return Finding(rule_id=rid, severity=extra.pop("severity", r.severity),
                       standard=extra.pop("standard", r.standard), clause=extra.pop("clause", r.clause),
                       url=url, message=message, evidence=evidence, **extra)
