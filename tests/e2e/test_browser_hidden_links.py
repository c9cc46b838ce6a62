"""暗链 injected by a script at load time: the static HTML has no hidden link, the rendered page
has; the browser pass finds it (computed style, box, colour) and security.hidden_link reports it,
while a visible outside link, a hidden internal menu and a collapsed block of government sites
stay out.  Needs Debian's chromium."""
from __future__ import annotations

import os
from datetime import date

import pytest
from conftest import FAST_PROFILE

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"{CHROMIUM} is absent (apt-get install chromium; scripts/install.sh)")

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>凤冈县召开会议</title></head><body>
<h1>凤冈县召开会议</h1><div class="TRS_Editor"><p>县政府召开会议，研究部署相关工作。</p></div>
<a href="http://www.xinhuanet.com/">新华网</a>
<div class="m-menu" style="display:none"><a href="/xwzx/">新闻中心</a></div>
<div style="display:none"><a href="http://www.gov.cn/">中国政府网</a></div>
<div id="slot"></div>
<script>
  var d = document.createElement('div');
  d.style.position = 'absolute'; d.style.left = '-8000px';
  d.innerHTML = '<a href="http://www.bet365-yule.com/">博彩娱乐城</a>';
  document.body.appendChild(d);
  document.getElementById('slot').innerHTML =
    '<span style="color:#fff;background:#fff"><a href="http://www.dkfp-888.com/" style="color:#fff">代开发票</a></span>';
</script></body></html>"""


def test_links_hidden_by_a_script_are_found_in_the_rendered_page(tmp_path, serve_dir):
    pytest.importorskip("playwright")
    from govsite.browser.run import probe_urls
    from govsite.checks.security import hidden_link
    from govsite.parsing.page import parse_page
    from govsite.profile import load_profile
    from govsite.scan.browser import BrowserData
    from govsite.scan.view import PageInfo, ScanView

    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    base = serve_dir(tmp_path)
    url = base + "/a.html"
    profile = load_profile([str(FAST_PROFILE)])
    # The markup alone hides only the government block: the dark links come with the script.
    assert [h.url for h in parse_page(url, PAGE, date(2026, 11, 27)).hidden_links] == ["http://www.gov.cn/"]
    (result,) = probe_urls([url], profile, ["127.0.0.1"])
    found = {href: method for href, _text, method, _block in result.hidden_links}
    assert found.keys() == {"http://www.bet365-yule.com/", "http://www.dkfp-888.com/", "http://www.gov.cn/"}
    assert found["http://www.bet365-yule.com/"].startswith("移出可视区域")
    assert found["http://www.dkfp-888.com/"].startswith("文字颜色与背景色相同")
    view = ScanView(scan_id=1, start_url=base + "/", as_of=date(2026, 11, 27), status="complete",
                    pages=[PageInfo(url, "article", 200, "凤冈县召开会议", None, None, None, None, 0.1)],
                    browser=BrowserData([], {url: result.hidden_links}))
    (f,) = list(hidden_link(view, profile))
    assert f.url == url and "bet365-yule" in f.evidence and "dkfp-888" in f.evidence and "gov.cn" not in f.evidence
