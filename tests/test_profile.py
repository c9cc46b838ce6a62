"""Profiles: defaults, overrides, and rejection of malformed files with the line and key at fault."""
import pytest

from govsite.profile import ProfileError, load_profile


def test_default_profile_carries_the_rulebook_thresholds():
    p = load_profile()
    assert p.get("thresholds.link_slow_seconds") == 15.0
    assert p.get("freshness.county_days")["news"] == 7
    assert p.get("freshness.national_days")["news"] == 14
    assert p.get("site.identifier_code") == "5203270001"


def test_override_changes_only_the_keys_it_names(tmp_path):
    f = tmp_path / "site.yaml"
    f.write_text("crawl:\n  concurrent_requests: 4\nfreshness:\n  county_days: {news: 5}\n"
                 "units:\n  工作动态: 县政府办\n", "utf-8")
    p = load_profile(f)
    assert p.get("crawl.concurrent_requests") == 4
    assert p.get("crawl.obey_robots") is True                 # untouched default
    assert p.get("freshness.county_days") == {"news": 5, "notice": 183, "policy": 183,
                                              "personnel": 183, "plan": 183}
    assert p.get("units") == {"工作动态": "县政府办"}


@pytest.mark.parametrize("text, expected", [
    ("crawl:\n  concurent_requests: 3\n", r"site.yaml:2: unknown key 'crawl.concurent_requests'"),
    ("crawl:\n  obey_robots: maybe\n", r"site.yaml:2: 'crawl.obey_robots' must be bool"),
    ("thresholds:\n  link_slow_seconds: -1\n", r"site.yaml:2: 'thresholds.link_slow_seconds' must be > 0"),
    ("crawl: [1, 2\n", r"site.yaml:\d+: not valid YAML"),
    ("- just\n- a list\n", r"site.yaml:1: a profile is a mapping"),
    ("crawl: 3\n", r"site.yaml:1: 'crawl' must be a mapping"),
])
def test_malformed_profiles_name_line_and_key(tmp_path, text, expected):
    f = tmp_path / "site.yaml"
    f.write_text(text, "utf-8")
    with pytest.raises(ProfileError, match=expected):
        load_profile(f)


def test_missing_profile_file(tmp_path):
    with pytest.raises(ProfileError, match="not found"):
        load_profile(tmp_path / "nope.yaml")
