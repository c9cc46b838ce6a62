"""政策解读: pairing documents with interpretations (link, then title), and the three rules."""
from datetime import date

import pytest
from sample_scandata import compare, sample_scandata, scandata_from_html

from govsite.checks.policy import (
    INTERPRETATION_COLUMNS,
    doc_keys,
    interp_keys,
    interpretation_pairs,
    late,
    looks_like_interpretation,
    missing,
    unlinked,
)
from govsite.profile import load_profile

BASE = "http://www.example.gov.cn"
AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def profile():
    return load_profile()


@pytest.mark.parametrize("title, doc", [
    ("《凤冈县城市绿化管理办法》政策解读", "凤冈县城市绿化管理办法"),
    ("关于《凤冈县城市绿化管理办法》的解读", "凤冈县城市绿化管理办法"),
    ("图解：凤冈县城市绿化管理办法", "凤冈县城市绿化管理办法"),
    ("《凤冈县冬春农业生产工作方案》解读", "凤冈县人民政府关于印发凤冈县冬春农业生产工作方案的通知"),
])
def test_title_keys_meet(title, doc):
    assert interp_keys(title) & doc_keys(doc)


def test_interpretation_titles():
    words = ("解读", "图解", "答记者问")
    assert looks_like_interpretation("《凤冈县城市绿化管理办法》政策解读", words)
    assert looks_like_interpretation("图解：2026年政府工作报告", words)
    assert not looks_like_interpretation("凤冈县重大政策解读回应制度", words)
    assert looks_like_interpretation("县长就《实施意见》答记者问材料。", words)
    assert looks_like_interpretation("《实施意见》有关情况的解读说明", words)          # within 8 after 》
    assert not looks_like_interpretation("《实施意见》出台后各部门落实情况与解读说明", words)
    assert looks_like_interpretation("《办法》(2026)解读会", ("(2026)解读",))        # a word is no pattern
    assert not looks_like_interpretation("《办法》2026解读会", ("(2026)解读",))
    assert not looks_like_interpretation("图解：2026年政府工作报告", ())


def _page(column: str, title: str, day: date, body: str) -> str:
    return (f'<html><head><title>{title}</title><meta name="ColumnName" content="{column}">'
            f'<meta name="PubDate" content="{day} 09:00"></head><body><div class="article"><h1>{title}</h1>'
            f'<div class="info"><span>发布时间：{day} 09:00</span><span>来源：县政府办</span></div>'
            f'<div class="TRS_Editor">{body}</div></div></body></html>')


def _list(column: str, rows: list[str]) -> str:
    return (f'<html><head><title>{column}</title><meta name="ColumnName" content="{column}"></head><body>'
            f'<div class="list"><h2>{column}</h2><ul class="list">{"".join(rows)}</ul></div></body></html>')


def _site():
    """gfxwj: A interpreted same day (linked both ways), B interpreted 2 working days later (title
    only, no links), C without interpretation; an interpretation outside the 解读 column."""
    docs = [("a", "凤冈县城镇住房保障管理办法", date(2026, 11, 2)),
            ("b", "凤冈县城区停车管理办法", date(2026, 11, 9)),
            ("c", "凤冈县养犬管理规定", date(2026, 11, 16))]
    pages, rows, jrows = {}, [], []
    col, jd = BASE + "/zwgk/gfxwj/", BASE + "/zwgk/zcjd/"
    for slug, title, day in docs:
        link = f'<a href="{jd}{slug}.html">相关解读</a>' if slug == "a" else ""
        pages[f"{col}{slug}.html"] = _page("规范性文件", title, day, f"<p>正文。</p>{link}")
        rows.append(f'<li><a href="{col}{slug}.html">{title}</a><span>{day}</span></li>')
    pages[jd + "a.html"] = _page("政策解读", "《凤冈县城镇住房保障管理办法》政策解读", date(2026, 11, 2),
                                 f'<p>解读。</p><a href="{col}a.html">相关文件</a>')
    pages[jd + "b.html"] = _page("政策解读", "关于《凤冈县城区停车管理办法》的解读", date(2026, 11, 11), "<p>解读。</p>")
    pages[BASE + "/xwzx/x.html"] = _page("工作动态", "图解：凤冈县2026年民生实事", date(2026, 11, 20), "<p>图。</p>")
    jrows = [f'<li><a href="{jd}a.html">《凤冈县城镇住房保障管理办法》政策解读</a><span>2026-11-02</span></li>',
             f'<li><a href="{jd}b.html">关于《凤冈县城区停车管理办法》的解读</a><span>2026-11-11</span></li>']
    pages[col + "index.html"] = _list("规范性文件", rows)
    pages[jd + "index.html"] = _list("政策解读", jrows)
    pages[BASE + "/xwzx/index.html"] = _list("工作动态", [f'<li><a href="{BASE}/xwzx/x.html">图解：凤冈县2026年'
                                                         '民生实事</a><span>2026-11-20</span></li>'])
    return scandata_from_html(pages, AS_OF, BASE)


def test_pairs_and_findings(profile):
    data = _site()
    rows = interpretation_pairs(data, profile)
    assert all(set(r) == set(INTERPRETATION_COLUMNS) for r in rows)
    by_doc = {r["doc_title"]: r for r in rows}
    a, b, c = (by_doc[t] for t in ("凤冈县城镇住房保障管理办法", "凤冈县城区停车管理办法", "凤冈县养犬管理规定"))
    assert (a["matched_by"], a["doc_links_interp"], a["interp_links_doc"], a["workdays"], a["status"]) == (
        "link", True, True, 0, "ok")
    assert (b["matched_by"], b["workdays"], b["status"]) == ("title", 2, "not same day (national); unlinked")
    assert (c["matched_by"], c["interp_url"], c["status"]) == ("none", "", "missing")
    orphan = by_doc[""]
    assert orphan["interp_title"] == "图解：凤冈县2026年民生实事" and orphan["status"] == "no document found"

    assert [f.url for f in missing(data, profile)] == [BASE + "/zwgk/gfxwj/c.html"]
    lates = list(late(data, profile))
    assert [(f.url, f.severity, f.standard) for f in lates] == [(BASE + "/zwgk/gfxwj/b.html", "warn", "national")]
    gaps = list(unlinked(data, profile))
    assert [f.url for f in gaps] == [BASE + "/zwgk/gfxwj/b.html"]
    assert "文件未链接到解读" in gaps[0].evidence
    assert "解读未链接到文件" in gaps[0].evidence


def test_an_interpretation_outside_the_scan_is_not_guessed(profile):
    col = BASE + "/zwgk/gfxwj/"
    pages = {col + "a.html": _page("规范性文件", "凤冈县城镇住房保障管理办法", date(2026, 11, 2),
                                   '<p>正文。</p><p>相关解读：<a href="http://jd.example.org/1.html">图文解读</a></p>'),
             col + "index.html": _list("规范性文件", [f'<li><a href="{col}a.html">凤冈县城镇住房保障管理办法</a>'
                                                     "<span>2026-11-02</span></li>"])}
    data = scandata_from_html(pages, AS_OF, BASE)
    assert list(missing(data, profile)) == [] and list(unlinked(data, profile)) == []
    assert list(late(data, profile)) == []
    row = interpretation_pairs(data, profile)[0]
    assert row["interp_url"] == "http://jd.example.org/1.html" and "not in the scan" in row["status"]


def test_sample_portal(profile):
    data = sample_scandata()
    findings = [*missing(data, profile), *late(data, profile), *unlinked(data, profile)]
    assert compare(findings, ("interpretation.",)) == ([], [], [])
    rows = interpretation_pairs(data, profile)
    assert sum(r["status"] == "ok" for r in rows) == 10
    assert {r["status"] for r in rows} == {"ok", "late", "unlinked", "missing"}


def test_the_documents_parses_are_read_together_not_one_page_at_a_time(profile):
    import dataclasses
    plain = dataclasses.replace(sample_scandata())
    one_by_one: list[str] = []
    together: list[list[str]] = []
    view = dataclasses.replace(sample_scandata())
    read = view.load_parsed

    def load_parsed(url):
        one_by_one.append(url)
        return read(url)

    def load_parsed_many(urls):
        together.append(list(urls))
        return ((url, parsed) for url in urls if (parsed := read(url)) is not None)
    view.load_parsed, view.load_parsed_many = load_parsed, load_parsed_many
    got = [(f.rule_id, f.url, f.message) for f in missing(view, profile)]
    assert got == [(f.rule_id, f.url, f.message) for f in missing(plain, profile)]
    assert together and sum(map(len, together)) > 10
    assert one_by_one == []
