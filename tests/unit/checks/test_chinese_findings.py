"""Every finding of the sample portal reads in Chinese: no evidence sentence without a Chinese
character, no English phrase in a message or evidence (site text, URLs and markup aside), and the
column statuses as labels beside their codes; `--lang en` gives English evidence."""
from __future__ import annotations

import re

import pytest
from sample_scandata import sample_scandata

from govsite.checks.columns import STATUS_LABELS, status_label
from govsite.checks.freshness import column_register
from govsite.checks.run import run_checks
from govsite.cli import sample_profile_path
from govsite.lang import set_lang
from govsite.profile import load_profile

_CJK = re.compile(r"[\u4e00-\u9fff]")
# What a finding quotes rather than says: URLs, the site's own text («…», 【…】, 「…」), HTML and
# CSS selectors of axe examples, file formats, HTTP statuses, numbers and dates.
_QUOTED = re.compile(r"https?://\S+|«[^»]*»|【[^】]*】|「[^」]*」|<[^>]*>|\S*[\[\]>:=#.]\S*")
_ENGLISH = re.compile(r"\b[A-Za-z]{3,}\b(?:[ ,;]+\b[A-Za-z]{2,}\b)+")


def english_phrases(text: str) -> list[str]:
    """Runs of two or more English words left once quoted material is taken out."""
    return _ENGLISH.findall(_QUOTED.sub(" ", text))


@pytest.fixture(scope="module")
def findings():
    return run_checks(sample_scandata(), load_profile([sample_profile_path()]))


def test_the_detector_catches_the_old_english_evidence():
    assert english_phrases("newest item 2026-11-07 (http://x/), 20 days before 2026-11-27; over the county limit")
    assert english_phrases("connect error: DownloadConnectionRefusedError: Connection was refused")
    assert english_phrases("no 主办单位 in the footer")
    assert not english_phrases("HTTP 404（页面不存在）；含此链接的页面1个：http://127.0.0.1/a «Home Page Link»")


def test_every_message_and_evidence_is_chinese(findings):
    assert len(findings) > 60
    rules = {f.rule_id for f in findings}
    assert {"column.stale", "column.empty", "footer.identifier_missing", "interaction.reply_overdue",
            "solicitation.no_feedback", "guide.missing_elements", "privacy.id_number"} <= rules
    for f in findings:
        assert _CJK.search(f.message), (f.rule_id, f.message)
        assert not f.evidence or _CJK.search(f.evidence), (f.rule_id, f.evidence)
        assert english_phrases(f.message) == [], (f.rule_id, f.message)
        assert english_phrases(f.evidence) == [], (f.rule_id, f.evidence)
        assert "None" not in f.evidence and "Error" not in f.evidence, (f.rule_id, f.evidence)


def test_column_statuses_are_labels_beside_their_codes():
    profile = load_profile()
    rows = [c.as_row() for c in column_register(sample_scandata(), profile)]
    assert {r["status_code"] for r in rows} <= set(STATUS_LABELS)
    assert all(_CJK.search(r["status"]) and _CJK.search(r["category"]) for r in rows)
    assert {(r["category"], r["category_code"]) for r in rows} >= {("动态要闻", "news"), ("其他", "other")}
    assert status_label("stale (both)") == "超期（县级和国家）" and status_label("no cycle") == "无更新周期要求"


def test_english_on_request():
    set_lang("en")
    try:
        data = sample_scandata()
        (stale,) = [f for f in run_checks(data, load_profile(), only={"column.stale"})
                    if f.column == "图片新闻"]
        assert stale.evidence.startswith("newest item 2026-11-07") and "county limit 7 days" in stale.evidence
        assert status_label("stale (both)") == "stale (both)"
    finally:
        set_lang("zh")
