"""The sample portal's third snapshot (one finding repaired) and its form titled with markup, as
built (no server, no scan: tests/e2e/test_repaired_rescan.py and test_untrusted_title.py scan)."""
from __future__ import annotations

import datetime as dt

import lxml.html
import pytest

from govsite.sample.answers import answers_for
from govsite.sample.services import HOSTILE_FORM, REPAIRED_FORM
from govsite.sample.site import build_site

AS_OF = dt.date(2026, 11, 27)
BASE, EXT = "http://127.0.0.1:8800", "http://127.0.0.2:8800"
REPAIRED_PAGE = "/zwfw/bgxz/202605/t20260521_8815446.html"


@pytest.fixture(scope="module")
def sites():
    return {n: build_site(AS_OF, 0.0, ext_base_url=EXT, snapshot=n) for n in (1, 2, 3)}


def test_snapshot_three_is_snapshot_one_with_one_form_repaired(sites):
    one, three = sites[1], sites[3]
    changed = sorted(k for k in one.resources.keys() & three.resources.keys()
                     if one.resources[k].body != three.resources[k].body)
    added = sorted(three.resources.keys() - one.resources.keys())
    assert changed == [("site", REPAIRED_PAGE)]
    assert len(added) == 1 and added[0][1].endswith("002.docx") and not one.resources.keys() - three.resources.keys()
    docx = added[0][1]
    assert three.resources[added[0]].body[:2] == b"PK"                 # a real Word file
    page = lxml.html.fromstring(three.resources[("site", REPAIRED_PAGE)].body.decode("utf-8"))
    labels = [a.text_content() for a in page.xpath('//div[@class="attachments"]//a')]
    assert labels == [f"{REPAIRED_FORM}.png", f"{REPAIRED_FORM}.docx"]
    assert page.xpath('//div[@class="attachments"]//a/@href')[1] == "./" + docx.rsplit("/", 1)[1]
    # its column's list pages are published again: the same bytes under a new ETag
    lists = [k for k in one.resources if k[1].startswith("/zwfw/bgxz/index")]
    assert lists and all(one.resources[k].etag != three.resources[k].etag for k in lists)
    assert one.resources[("site", "/")].etag == three.resources[("site", "/")].etag


def test_the_answer_file_names_the_repair(sites):
    one, three = (answers_for(sites[n], BASE, EXT) for n in (1, 3))
    assert one["repaired"] == [] and answers_for(sites[2], BASE, EXT)["repaired"] == []
    (repaired,) = three["repaired"]
    assert (repaired["rule_id"], repaired["url"], repaired["column"]) == \
        ("attachment.not_editable", BASE + REPAIRED_PAGE, "表格下载")
    key = (repaired["rule_id"], repaired["url"])
    as_key = {(a["rule_id"], a["url"]) for a in one["findings"]}
    assert key in as_key
    assert {(a["rule_id"], a["url"]) for a in three["findings"]} == as_key - {key}
    assert key in {(t["rule_id"], t["url"]) for t in three["traps"]}
    # 最低生活保障申请表 stays PDF-only
    assert sum(a["rule_id"] == "attachment.not_editable" for a in three["findings"]) == \
        sum(a["rule_id"] == "attachment.not_editable" for a in one["findings"]) - 1


@pytest.mark.parametrize("snapshot", [1, 2, 3])
def test_every_snapshot_has_the_form_titled_with_markup(sites, snapshot):
    site = sites[snapshot]
    (quirk,) = [q for q in site.quirks if q["kind"] == "markup_title"]
    html = site.resources[("site", quirk["path"])].body.decode("utf-8")
    assert "<script>alert" not in html                      # escaped in the page: valid HTML
    doc = lxml.html.fromstring(html)
    assert doc.findtext(".//title").startswith(HOSTILE_FORM.title)
    assert doc.xpath("string(//h1)") == HOSTILE_FORM.title
    assert not [s for s in doc.iter("script") if "alert" in (s.text or "")]
    lists = [r.body.decode("utf-8") for (h, p), r in site.resources.items() if p.startswith("/zwfw/bgxz/index")]
    anchors = [a.text_content() for body in lists for a in lxml.html.fromstring(body).iter("a")]
    assert HOSTILE_FORM.title in anchors
    planted = {(p.rule_id, p.target if p.rule_id != "link.broken" else p.page) for p in site.plants}
    assert ("attachment.not_editable", quirk["path"]) in planted and ("link.broken", quirk["path"]) in planted
    # in the same place in every snapshot
    assert quirk["path"] == next(q for q in sites[1].quirks if q["kind"] == "markup_title")["path"]
