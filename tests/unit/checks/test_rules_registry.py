"""The registry against the rulebook: every rule id the code can emit is one of RULES.md's."""
import re

import pytest
from conftest import run_cli

from govsite.checks.catalog import load_all


def test_every_registered_rule_is_in_the_rulebook(shared_dir):
    text = (shared_dir / "standard" / "RULES.md").read_text("utf-8")
    ids = set(re.findall(r"`([a-z0-9_]+\.[a-z0-9_.<>*-]+)`", text))
    for rule_id, r in load_all().items():
        if rule_id == "a11y.*":                       # the a11y.<axe-rule-id> family
            assert "a11y.<axe-rule-id>" in text
            continue
        assert rule_id in ids, rule_id
        assert r.clause and r.func.__doc__, rule_id


def test_rules_command_lists_every_rule():
    result = run_cli("rules", "--json")
    assert result.returncode == 0, result.stderr
    import json
    listed = {r["rule_id"] for r in json.loads(result.stdout)}
    assert listed == set(load_all())
    assert {"link.broken", "column.stale", "privacy.id_number", "guide.missing_elements"} <= listed


def test_every_rule_declares_chinese_title_doc_and_existing_reads():
    """A rule is written once: its declaration carries a Chinese title, its docstring is its
    documentation, and every profile key it reads exists in the bundled profile."""
    from govsite.profile import load_profile
    profile = load_profile()
    for rule_id, r in load_all().items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.title), rule_id
        assert r.title_en and r.doc, rule_id
        # the documentation `govsite rules ID` prints: what, why, how a unit fixes it, in Chinese
        assert all(r.section(part) for part in ("检查", "依据", "整改")), rule_id
        for key in r.reads:
            assert profile.get(key) is not None, f"{rule_id} reads {key}, which the profile lacks"


def test_a_rule_reading_an_undeclared_key_fails():
    from govsite.checks.registry import RULES, RuleContext, UndeclaredRead
    from govsite.profile import load_profile
    ctx = RuleContext(load_all()["link.slow"], load_profile())
    assert ctx.get("thresholds.link_slow_seconds") > 0
    with pytest.raises(UndeclaredRead):
        ctx.get("thresholds.home_stale_days")
    with pytest.raises(ValueError):
        ctx.finding("http://x/", "m", rule_id="link.broken")     # a rule emits only its own id
    assert RULES["link.slow"].run is not None


def test_rules_id_prints_the_rule_documentation():
    result = run_cli("rules", "link.broken")
    assert result.returncode == 0, result.stderr
    assert "链接不可用" in result.stdout and "整改：" in result.stdout
    assert "thresholds.link_slow_seconds = 15.0" in result.stdout
    unknown = run_cli("rules", "link.nope")
    assert unknown.returncode == 2 and unknown.stderr.strip().startswith("govsite: no rule 'link.nope'")
