"""Trend charts as PNG (matplotlib, Agg canvas, no pyplot state), with Chinese text that renders.

The font is Noto Sans CJK SC (Debian: fonts-noto-cjk).  When it is missing, any installed CJK
font is used with a warning; with none at all, Chinese would come out as empty boxes, so the
warning says which package to install.
"""
from __future__ import annotations

import base64
import io
import warnings
from functools import lru_cache

import pandas as pd
from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

PREFERRED_FONT = "Noto Sans CJK SC"
_CJK_HINTS = ("CJK", "Source Han", "WenQuanYi", "SimHei", "SimSun", "Microsoft YaHei", "PingFang",
              "Hiragino Sans GB", "Heiti", "Droid Sans Fallback", "AR PL", "Noto Sans SC")
SEVERITY_ZH = {"veto": "单项否决", "deduct": "扣分项", "warn": "提醒"}
_SEVERITY_COLOURS = {"veto": "#b71c1c", "deduct": "#ef6c00", "warn": "#fbc02d"}


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The font family used for Chinese text, or None when no CJK font is installed."""
    names = sorted({f.name for f in font_manager.fontManager.ttflist})
    if PREFERRED_FONT in names:
        return PREFERRED_FONT
    fallback = next((n for n in names if any(h.lower() in n.lower() for h in _CJK_HINTS)), None)
    if fallback:
        warnings.warn(f"font {PREFERRED_FONT!r} not found; charts use {fallback!r}", stacklevel=2)
    else:
        warnings.warn("no CJK font found (install fonts-noto-cjk): Chinese text in charts "
                      "will not render", stacklevel=2)
    return fallback


def _rc() -> dict:
    font = cjk_font()
    rc = {"axes.unicode_minus": False, "font.size": 10}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    return rc


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(buf, format="png", dpi=110)   # fixed margins: "tight" would draw twice
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _axes(title: str, size=(6.4, 2.8)):
    fig = Figure(figsize=size)
    fig.subplots_adjust(left=0.11, right=0.98, bottom=0.14, top=0.86)
    ax = fig.add_subplot(1, 1, 1)
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return fig, ax


def _week_axis(ax, labels) -> list[int]:
    """Positions 0..n-1 labelled "W47" ...: every week keeps its slot, even one without data."""
    labels = [str(w).split("-", 1)[-1] for w in labels]   # "2026-W47" -> "W47"
    x = list(range(len(labels)))
    ax.set_xticks(x, labels)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    return x


def _counts_axis(ax, values: pd.Series) -> None:
    """Counts start at 0 and the axis shows at least 0..1 (an all-zero series is not centred on 0)."""
    top = values.max(skipna=True)
    ax.set_ylim(0, max(1.0, float(top) * 1.1 if pd.notna(top) else 1.0))


def site_charts(site_trend: pd.DataFrame, unit_label: str | None = None,
                provisional: bool = True) -> dict[str, str]:
    """name -> base64 PNG: site score, stale columns, open findings by severity."""
    if site_trend.empty:
        return {}
    scope = f"（{unit_label}）" if unit_label else ""
    charts = {}
    with rc_context(_rc()):
        fig, ax = _axes("全站国家指标得分" + ("（暂定）" if provisional else ""))
        x = _week_axis(ax, site_trend["week"])
        ax.plot(x, site_trend["site_score"], marker="o", color="#1565c0")
        ax.set_ylim(0, 105)
        ax.set_ylabel("分", rotation=0, labelpad=10)
        charts["site_score"] = _png(fig)

        fig, ax = _axes(f"超期未更新栏目数{scope}")
        x = _week_axis(ax, site_trend["week"])
        ax.bar(x, site_trend["stale_columns"], color="#6a1b9a")
        _counts_axis(ax, site_trend["stale_columns"])
        ax.set_ylabel("个", rotation=0, labelpad=10)
        charts["stale_columns"] = _png(fig)

        fig, ax = _axes(f"未整改问题（按严重程度）{scope}")
        x = _week_axis(ax, site_trend["week"])
        bottom = pd.Series(0, index=site_trend.index)
        for sev in ("veto", "deduct", "warn"):
            values = site_trend[f"open_{sev}"].fillna(0)
            ax.bar(x, values, bottom=bottom, label=SEVERITY_ZH[sev], color=_SEVERITY_COLOURS[sev])
            bottom = bottom + values
        _counts_axis(ax, bottom)
        ax.set_ylabel("条", rotation=0, labelpad=10)
        fig.subplots_adjust(right=0.84)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
        charts["open_by_severity"] = _png(fig)
    return charts


def unit_chart(unit_trend: pd.DataFrame, unit: str) -> str | None:
    """Base64 PNG of one unit's open findings per week, or None without data."""
    if unit_trend.empty or unit not in unit_trend.columns:
        return None
    with rc_context(_rc()):
        fig, ax = _axes(f"{unit}：未整改问题数", size=(5.2, 2.2))
        x = _week_axis(ax, unit_trend.index)
        ax.plot(x, unit_trend[unit], marker="o", color="#2e7d32")
        _counts_axis(ax, unit_trend[unit])
        ax.set_ylabel("条", rotation=0, labelpad=10)
        return _png(fig)
