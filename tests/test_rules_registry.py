"""The registry against the rulebook: every rule id the code can emit is one of RULES.md's."""
import re

from govsite.checks.registry import load_all

from conftest import run_cli


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
