"""Profiles: defaults, overrides, and rejection of malformed files with the line and key at fault."""
import pytest

from govsite.profile import ProfileError, load_profile


def test_default_profile_carries_the_rulebook_thresholds():
    p = load_profile()
    assert p.get("thresholds.link_slow_seconds") == 15.0
    news = p.get("column_categories")["news"]
    assert (news["county_days"], news["national_days"], news["key_column"]) == (7, 14, True)
    assert p.get("site.identifier_code") == "5203270001"


def test_override_changes_only_the_keys_it_names(tmp_path):
    f = tmp_path / "site.yaml"
    f.write_text("crawl:\n  concurrent_requests: 4\ncolumn_categories:\n  news: {county_days: 5}\n"
                 "units:\n  工作动态: 县政府办\n", "utf-8")
    p = load_profile(f)
    assert p.get("crawl.concurrent_requests") == 4
    assert p.get("crawl.obey_robots") is True                 # untouched default
    categories = p.get("column_categories")
    assert categories["news"]["county_days"] == 5 and categories["news"]["national_days"] == 14
    assert list(categories) == ["news", "notice", "policy", "personnel", "plan", "other"]
    assert p.get("units") == {"工作动态": "县政府办"}


@pytest.mark.parametrize("text, expected", [
    ("crawl:\n  concurent_requests: 3\n", r"site.yaml:2: unknown key 'crawl.concurent_requests'"),
    ("crawl:\n  obey_robots: maybe\n", r"site.yaml:2: 'crawl.obey_robots' must be bool"),
    ("thresholds:\n  link_slow_seconds: -1\n", r"site.yaml:2: 'thresholds.link_slow_seconds' must be > 0"),
    ("crawl: [1, 2\n", r"site.yaml:\d+: not valid YAML"),
    ("- just\n- a list\n", r"site.yaml:1: a profile is a mapping"),
    ("crawl: 3\n", r"site.yaml:1: 'crawl' must be a mapping"),
    ("freshness:\n  county_days: {news: 5}\n", r"site.yaml:2: 'freshness.county_days' has moved to"),
    ("column_categories:\n  news: {county_days: soon}\n", r"'column_categories.news.county_days' has the wrong type"),
    ("column_categories:\n  budget: {keywords: [预算]}\n", r"'column_categories.budget' lacks name"),
    ("column_categories:\n  news: {colour: red}\n", r"unknown key 'column_categories.news.colour'"),
])
def test_malformed_profiles_name_line_and_key(tmp_path, text, expected):
    f = tmp_path / "site.yaml"
    f.write_text(text, "utf-8")
    with pytest.raises(ProfileError, match=expected):
        load_profile(f)


def test_missing_profile_file(tmp_path):
    with pytest.raises(ProfileError, match="not found"):
        load_profile(tmp_path / "nope.yaml")


def test_a_site_adds_a_column_category(tmp_path):
    """A category is one profile entry: a site adds one and its columns are judged by it."""
    from govsite.checks.columns import classify, key_categories, limits_for
    f = tmp_path / "site.yaml"
    f.write_text("column_categories:\n  budget: {name: 预决算, keywords: [预决算, 预算], county_days: 365,\n"
                 "           national_days: 365, due_soon_days: 30, key_column: false}\n", "utf-8")
    p = load_profile(f)
    assert classify("部门预决算", p) == "budget"
    assert classify("工作动态", p) == "news"
    assert limits_for("部门预决算", "budget", p) == (365, 365, 30)
    assert limits_for("其他栏目", "other", p) == (None, None, None)
    assert "budget" not in key_categories(p) and "news" in key_categories(p)


def test_a_profile_stored_with_an_old_scan_reads_new_keys_from_the_defaults():
    """Reports rebuild a past scan's profile from what it stored; keys added since (here the
    column_categories table) take today's defaults, the stored values win elsewhere."""
    from govsite.profile import stored_profile
    old = {"units": {"工作动态": "县政府办"}, "crawl": {"download_delay": 2.0}}
    p = stored_profile(old, "scan 3")
    assert p.get("units") == {"工作动态": "县政府办"}
    assert p.get("crawl.download_delay") == 2.0 and p.get("crawl.obey_robots") is True
    assert p.get("column_categories")["news"]["county_days"] == 7


def test_a_site_alerts_section_keeps_the_defaults_it_does_not_name(tmp_path):
    f = tmp_path / "site.yaml"
    f.write_text("alerts:\n  smtp_host: 127.0.0.1\n  mail_to: [egov@example.gov.cn]\n", "utf-8")
    p = load_profile(f)
    assert p.get("alerts.smtp_host") == "127.0.0.1" and p.get("alerts.mail_to") == ["egov@example.gov.cn"]
    assert p.get("alerts.stale_within_days") == 2 and p.get("alerts.smtp_port") == 25
