"""The planner's pre-filter: which stored pages are worth running axe-core on for image-alt."""
from __future__ import annotations

from govsite.browser.plan import has_img_without_alt


def test_img_without_alt_prefilter():
    assert has_img_without_alt(b'<p><img src="a.png" width="600"></p>')
    assert not has_img_without_alt(b'<img src="a.png" alt="">')
    assert not has_img_without_alt(b'<img src="a.png" role="presentation">')
    assert not has_img_without_alt(b"<script>document.write('<img src=x.png>')</script><!-- <img src=y> -->")
