"""security.hidden_link, security.tampered, article.backdated, article.future_date on hand-made
scans: each with a planted defect and the traps it must pass (government hosts, a script from the
site's own folder, a title changed without harmful words, a new item dated after the last scan,
a page published after a past as-of day)."""
from __future__ import annotations

from datetime import date

import pytest
from sample_scandata import compare, sample_scandata, scandata_from_html

from govsite.checks.articles import backdated, future_date, missing_date
from govsite.checks.security import hidden_link, tampered
from govsite.profile import load_profile
from govsite.scan.previous import PreviousItem, PreviousPage, PreviousScan
from govsite.scan.view import ScanView

BASE = "http://www.gzfg.gov.cn"
COL = BASE + "/xwzx/gzdt/"
AS_OF = date(2026, 11, 27)
PROFILE = load_profile()


def _article(title: str, day: str, body: str = "<p>县政府召开会议，研究部署相关工作。</p>", head: str = "") -> str:
    return (f'<html><head><title>{title}</title>{head}</head><body><div class="position">当前位置：<a href="/">首页</a>'
            f' &gt; <a href="/xwzx/gzdt/">工作动态</a></div><h1>{title}</h1><div class="info">发布时间：{day}　'
            f'来源：县政府办</div><div class="TRS_Editor">{body}</div></body></html>')


def _list(*items: tuple[str, str, str]) -> str:
    lis = "".join(f'<li><a href="{u}">{t}</a><span>{d}</span></li>' for u, t, d in items)
    return f'<html><head><title>工作动态</title></head><body><ul class="list">{lis}</ul></body></html>'


def _scan(pages: dict[str, str], as_of: date = AS_OF, fetched_on: date | None = AS_OF):
    view = scandata_from_html(pages, as_of, BASE)
    view.fetched_on = fetched_on
    return view


# ---------------------------------------------------------------- 暗链

def test_a_hidden_block_of_outside_links_is_one_finding_with_its_method_and_links():
    dark = ('<div style="display:none"><a href="http://www.bet-yule.com/">博彩</a>'
            '<a href="http://www.dkfp.com/">代开发票</a></div>')
    related = ('<div style="display:none"><h4>相关链接</h4><a href="http://www.gov.cn/">中国政府网</a>'
               '<a href="http://www.guizhou.gov.cn/">贵州省人民政府</a></div>')
    view = _scan({COL + "t1.html": _article("一", "2026-11-20", "<p>正文内容一二三四五。</p>" + dark),
                  COL + "t2.html": _article("二", "2026-11-21", "<p>正文内容一二三四五。</p>" + related)})
    (f,) = list(hidden_link(view, PROFILE))
    assert f.url == COL + "t1.html" and f.severity == "veto" and f.column == "工作动态"
    assert "display:none" in f.evidence and "http://www.bet-yule.com/" in f.evidence and "代开发票" in f.evidence


def test_declared_partners_are_not_dark_links():
    profile = load_profile_with({"security": {"partner_hosts": ["*.fgrmt.cn"]}})
    view = _scan({COL + "t1.html": _article("一", "2026-11-20", '<div style="display:none">'
                                             '<a href="http://www.fgrmt.cn/">凤冈融媒</a></div><p>正文内容一二三。</p>')})
    assert list(hidden_link(view, profile)) == []


def test_the_same_hidden_links_on_many_pages_are_one_template_finding():
    dark = '<div style="font-size:0"><a href="http://www.bet-yule.com/">博彩</a></div><p>正文内容一二三。</p>'
    view = _scan({COL + f"t{i}.html": _article(f"文{i}", "2026-11-20", dark) for i in range(6)})
    (f,) = list(hidden_link(view, PROFILE))
    assert "6 个页面" in f.message and "font-size:0" in f.evidence


def test_the_sample_portals_hidden_links_and_traps():
    missed, trapped, extra = compare(list(hidden_link(sample_scandata(), PROFILE)), ("security.hidden_link",))
    assert (missed, trapped, extra) == ([], [], [])


def test_share_panels_and_the_jiucuo_entry_are_not_dark_links():
    share = ('<div id="bsPanel" style="display:none"><a href="http://sns.qzone.qq.com/share?url='
             'http%3A%2F%2Fwww.gzfg.gov.cn%2Fxwzx%2Fgzdt%2Ft1.html">QQ空间</a>'
             '<a href="http://121.43.68.40/exposure/jiucuo.html?site_code=1&amp;url=http%3A%2F%2Fwww.gzfg.gov.cn%2F">'
             '找错</a></div><p>正文内容一二三。</p>')
    view = _scan({COL + "t1.html": _article("一", "2026-11-20", share)})
    assert list(hidden_link(view, PROFILE)) == []


def test_no_hidden_link_on_the_real_pages():
    from realpages import all_real_pages, parse_real

    from govsite.scan.view import PageInfo, ScanView
    found = []
    for name in all_real_pages():
        p = parse_real(name)
        view = ScanView(scan_id=1, start_url=p.url, as_of=AS_OF, status="complete",
                        pages=[PageInfo(p.url, p.kind, 200, p.title, p.published, p.source, p.column, None, 0.1)],
                        load_parsed=lambda url, p=p: p)
        found += [(name, f.evidence) for f in hidden_link(view, PROFILE)]
    assert found == []


def load_profile_with(overrides: dict):
    import tempfile

    import yaml
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as fh:
        yaml.safe_dump(overrides, fh, allow_unicode=True)
    return load_profile(fh.name)


# ---------------------------------------------------------------- dates

def test_a_date_after_the_fetch_day_is_a_future_date():
    view = _scan({COL + "t1.html": _article("未来", "2028-11-27"), COL + "t2.html": _article("今天", "2026-11-27")})
    (f,) = list(future_date(view, PROFILE))
    assert f.url == COL + "t1.html" and "2028-11-27" in f.message


def test_a_past_as_of_day_puts_later_pages_out_of_scope_not_undated():
    # The site fetched on 12-02, judged as it was on 11-20: the 11-25 article did not exist then.
    view = _scan({COL + "t1.html": _article("后来", "2026-11-25"), COL + "t2.html": _article("早先", "2026-11-10")},
                 as_of=date(2026, 11, 20), fetched_on=date(2026, 12, 2))
    assert view.page(COL + "t1.html").published == date(2026, 11, 25)
    assert list(missing_date(view, PROFILE)) == [] and list(future_date(view, PROFILE)) == []


def _previous(items: list[tuple[str, str, date]], pages: dict[str, tuple[str, date]] | None = None,
              cuts: list[str] | None = None, hosts: set[str] | None = None, parsed=None) -> PreviousScan:
    return PreviousScan(
        scan_id=1, as_of=date(2026, 11, 26), crawl_cuts=cuts or [],
        pages={u: PreviousPage(u, "article", 200, t, d) for u, (t, d) in (pages or {}).items()},
        items={u: PreviousItem(u, COL, t, d) for u, t, d in items}, list_columns={COL},
        load_embedded_hosts=lambda: hosts or set(), load_parsed=parsed or (lambda url: None))


def test_a_new_item_dated_before_the_last_scan_is_backdated():
    old = [(COL + "t1.html", "旧闻", date(2026, 11, 20))]
    view = _scan({COL: _list((COL + "t1.html", "旧闻", "2026-11-20"), (COL + "t2.html", "补发", "2026-11-10"),
                             (COL + "t3.html", "新闻", "2026-11-27"))})
    view.load_previous = lambda: _previous(old)
    (f,) = list(backdated(view, PROFILE))
    assert f.url == COL + "t2.html" and f.severity == "veto" and "2026-11-10" in f.message
    # A crawl cut last time: the list was not read whole, so nothing can be called new.
    view = _scan({COL: _list((COL + "t2.html", "补发", "2026-11-10"))})
    view.load_previous = lambda: _previous(old, cuts=["max_pages 100 reached"])
    assert list(backdated(view, PROFILE)) == []
    # A first scan has nothing to compare with.
    assert list(backdated(_scan({COL: _list((COL + "t2.html", "补发", "2026-11-10"))}), PROFILE)) == []


# ---------------------------------------------------------------- 篡改

def _rescan(pages: dict[str, str], previous: PreviousScan):
    view = _scan(pages)
    view.load_previous = lambda: previous
    view.load_fetched = lambda: set(pages)
    return view


def test_a_script_from_a_new_outside_host_is_tampering_one_from_the_sites_folder_is_not():
    t1, t2 = COL + "t1.html", COL + "t2.html"
    prev = _previous([], {t1: ("一", date(2026, 11, 20)), t2: ("二", date(2026, 11, 20))}, hosts={"hm.baidu.com"})
    view = _rescan({t1: _article("一", "2026-11-20", head='<script src="http://js.tj-stat.top/c.js"></script>'),
                    t2: _article("二", "2026-11-20", head='<script src="/js/stat.js"></script>'
                                 '<script src="https://hm.baidu.com/hm.js"></script>')}, prev)
    (f,) = list(tampered(view, PROFILE))
    assert f.url == t1 and "js.tj-stat.top" in f.evidence


class _NotListed(dict):
    """The last scan's pages, looked up one by one but never all listed."""

    def __iter__(self):
        pytest.fail("every page of the last scan was listed")


def test_a_rescan_that_downloaded_no_page_does_not_read_the_last_scans_script_hosts():
    t1 = COL + "t1.html"
    prev = _previous([], {t1: ("一", date(2026, 11, 20))})
    prev.load_embedded_hosts = lambda: pytest.fail("the last scan's links were read")
    prev.pages = _NotListed(prev.pages)
    view = _rescan({t1: _article("一", "2026-11-20", head='<script src="http://js.tj-stat.top/c.js"></script>')}, prev)
    view.load_fetched = lambda: set()       # every page taken unchanged from the last scan
    assert list(tampered(view, PROFILE)) == []


def test_a_title_rewritten_with_harmful_words_is_tampering_an_edited_title_is_not():
    t1, t2 = COL + "t1.html", COL + "t2.html"
    prev = _previous([(t1, "县政府召开常务会议", date(2026, 11, 20)), (t2, "县长调研茶产业", date(2026, 11, 20))],
                     {t1: ("县政府召开常务会议", date(2026, 11, 20)), t2: ("县长调研茶产业", date(2026, 11, 20))})
    view = _rescan({COL: _list((t1, "县政府召开常务会议", "2026-11-20"), (t2, "县长调研茶产业", "2026-11-20")),
                    t1: _article("澳门新葡京百家乐在线", "2026-11-20"),
                    t2: _article("县长调研茶产业发展", "2026-11-20")}, prev)
    (f,) = list(tampered(view, PROFILE))
    assert f.url == t1 and "百家乐" in f.evidence and "县政府召开常务会议" in f.evidence


def test_a_page_that_answers_a_search_engine_with_other_content_is_cloaked():
    view = _scan({COL + "t1.html": _article("一", "2026-11-20")})     # a first scan
    view.cloak_probes = [{"url": COL + "t1.html", "status": 200, "similarity": 0.08, "title": "百家乐"},
                         {"url": COL + "t2.html", "status": 302, "redirect": "http://bc.example/"},
                         {"url": BASE + "/", "status": 200, "similarity": 0.97, "title": "首页"}]
    got = sorted((f.url, f.message) for f in tampered(view, PROFILE))
    assert [u for u, _ in got] == [COL + "t1.html", COL + "t2.html"]
    assert all("快照劫持" in m for _, m in got)


def test_a_past_as_of_on_the_sample_portal_adds_no_missing_date():
    """The portal as built on 11-27, judged as of 11-17: the articles of the last ten days are out
    of scope; only the planted undated article is reported, as on the portal's own day."""
    from datetime import timedelta

    from sample_scandata import AS_OF as SAMPLE_DAY
    from sample_scandata import BASE as SAMPLE_BASE

    from govsite.parsing.decode import decode_html
    from govsite.sample.site import build_site

    html = {}
    for (host, path), res in build_site(SAMPLE_DAY, 0.0).resources.items():
        if host == "site" and res.content_type.startswith("text/html") and res.status == 200:
            html[SAMPLE_BASE + path], _ = decode_html(res.body, res.content_type)
    past = SAMPLE_DAY - timedelta(days=10)
    view = scandata_from_html(html, past, SAMPLE_BASE)
    view.fetched_on = SAMPLE_DAY
    later = [p for p in view.pages if p.kind == "article" and p.published and p.published > past]
    assert len(later) > 20
    on_the_day = {f.url for f in missing_date(sample_scandata(), PROFILE)}
    assert {f.url for f in missing_date(view, PROFILE)} == on_the_day and len(on_the_day) == 1
    assert [f.url for f in future_date(view, PROFILE)] == [f.url for f in future_date(sample_scandata(), PROFILE)]


def test_the_search_engine_probes_are_waited_for_only_when_a_rule_reads_them():
    asked = []
    view = ScanView(1, "http://127.0.0.1/", date(2026, 11, 27), "complete", pages=[])
    view.load_cloak_probes = lambda: asked.append(1) or [{"url": "http://127.0.0.1/", "status": 200}]
    assert asked == []
    assert view.search_engine_probes() == [{"url": "http://127.0.0.1/", "status": 200}]
    assert view.search_engine_probes() == view.cloak_probes and asked == [1]
