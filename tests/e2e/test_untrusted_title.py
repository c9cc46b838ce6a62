"""What a scanned site wrote is text in every HTML report: the sample portal's 表格下载 form titled
`<script>alert(1)</script>医疗救助申请表` (its page title, h1, list anchors and a broken link's anchor
text; govsite/sample/services.py) reaches the findings (attachment.not_editable, link.broken),
and every HTML output of `govsite report` shows it escaped, never as markup."""
from __future__ import annotations

import shutil

import lxml.html
import pytest
from conftest import run_cli

from govsite.sample.services import HOSTILE_FORM

RAW = "<script>alert"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(scope="module")
def reports(sample_demo, tmp_path_factory):
    """Every HTML report of the demo's scan, written from a copy of its store: {name: html}."""
    out, _, _ = sample_demo
    work = tmp_path_factory.mktemp("untrusted")
    db = work / "govsite.sqlite"
    shutil.copyfile(out / "govsite.sqlite", db)
    written = {}
    for name, args in (("weekly", ()), ("unit", ("--unit", "县政务服务中心")), ("inspection", ("--inspection",)),
                       ("overview", ("--overview",))):
        done = run_cli("report", "--db", db, "--out", work / name, *args)
        assert done.returncode == 0, done.stderr
        (html,) = sorted((work / name).glob("*.html"))
        written[name] = html.read_text("utf-8")
    for html in sorted(out.glob("*.html")):           # what the demo itself wrote
        written[f"demo/{html.name}"] = html.read_text("utf-8")
    assert {n for n in written if n.startswith("demo/weekly")} and {n for n in written if n.startswith("demo/insp")}
    return written


def test_the_findings_carry_the_markup(sample_demo):
    import csv

    out, _, _ = sample_demo
    with open(out / "findings.csv", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if HOSTILE_FORM.title in r["message"] + r["evidence"]]
    assert sorted(r["rule_id"] for r in rows) == ["attachment.not_editable", "link.broken"]
    assert {r["unit"] for r in rows} == {"县政务服务中心"}


@pytest.mark.parametrize("name", ["weekly", "unit", "inspection", "demo/weekly", "demo/inspection"])
def test_reports_show_the_title_as_text(reports, name):
    (html,) = [v for k, v in reports.items() if k == name or (name.startswith("demo/") and k.startswith(name))]
    assert ESCAPED in html
    assert RAW not in html
    doc = lxml.html.fromstring(html)
    assert not [s for s in doc.iter("script") if "alert" in (s.text or "")]
    shown = doc.text_content()
    assert HOSTILE_FORM.title in shown           # what a reader sees: the markup, as text


def test_overview_shows_no_markup(reports):
    """The overview lists sites with their scores and veto summaries, not single findings (the
    title stands in no veto): it shows the site's veto texts, escaped like the rest, and no raw
    markup."""
    html = reports["overview"]
    assert "反映村道路面破损长期未修" in html       # a letter title of the site, in a veto summary
    assert RAW not in html
    assert not [s for s in lxml.html.fromstring(html).iter("script") if "alert" in (s.text or "")]
