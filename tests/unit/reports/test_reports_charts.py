"""Trend charts: a CJK font is used and every Chinese glyph is found (no empty boxes)."""
from __future__ import annotations

import base64
import warnings

import pandas as pd
import pytest
from matplotlib import font_manager

from govsite.reports.charts import PREFERRED_FONT, cjk_font, site_charts, unit_chart

TREND = pd.DataFrame({"week": ["2026-W46", "2026-W47", "2026-W48"], "site_score": [None, 97.0, 96.8],
                      "stale_columns": [None, 2, 1], "open_veto": [None, 0, 1],
                      "open_deduct": [None, 3, 5], "open_warn": [None, 2, 0]})


def test_the_preferred_font_is_used_when_installed():
    installed = {f.name for f in font_manager.fontManager.ttflist}
    if PREFERRED_FONT not in installed:
        pytest.skip(f"{PREFERRED_FONT} is not installed (apt-get install fonts-noto-cjk)")
    assert cjk_font() == PREFERRED_FONT


def test_charts_render_chinese_without_missing_glyphs():
    if cjk_font() is None:
        pytest.skip("no CJK font installed")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts = site_charts(TREND, "县政府办")
        one = unit_chart(TREND.set_index("week")[["open_deduct"]].rename(columns={"open_deduct": "县政府办"}),
                         "县政府办")
    assert not [w for w in caught if "missing from" in str(w.message)]   # matplotlib's tofu warning
    assert set(charts) == {"site_score", "stale_columns", "open_by_severity"}
    for png in [*charts.values(), one]:
        assert base64.b64decode(png).startswith(b"\x89PNG")
