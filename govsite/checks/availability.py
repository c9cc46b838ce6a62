"""Availability of the site: 国办秘函〔2019〕19号 站点无法访问 (veto).

The scheduler probes the home page at least 20 times a day; a probe fails when the page has not
opened within 15 s.  Over the week before the scan, a failure ratio of 5 % or more is a veto.
"""
from __future__ import annotations

from collections.abc import Iterator

from govsite.checks.failures import probe_error
from govsite.checks.registry import RuleContext, rule
from govsite.lang import tr
from govsite.models import Finding
from govsite.scan.view import ScanView


@rule("site.unreachable", title="网站无法访问", title_en="the home page does not open within 15 s at >= 5 % of a week's probes",
      clause="国办秘函〔2019〕19号 站点无法访问 (监测1周, 每天20次以上, 失败 >= 5%)", severity="veto",
      standard="national", reads=("scoring.veto.unreachable_ratio", "schedule.probes_per_day"))
def unreachable(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：一周内首页可用性探测失败的比例（每天探测不少于 20 次时才判断）。
    依据：国办秘函〔2019〕19号：站点无法访问，监测 1 周失败率达 5% 即单项否决。
    整改：检查服务器、带宽、防火墙与域名解析，必要时联系托管单位；恢复后持续观察探测结果。
    """
    probes = data.probes
    if not probes:
        return
    failed = [p for p in probes if not p.ok]
    ratio = len(failed) / len(probes)
    limit = float(ctx.get("scoring.veto.unreachable_ratio"))
    days = max(1.0, (max(p.at for p in probes) - min(p.at for p in probes)).total_seconds() / 86400)
    if len(probes) / days < 20:
        return   # too few probes to judge (the report says so through the probe count)
    if ratio >= limit:
        examples = tr("；", "; ").join(f"{p.at:%Y-%m-%d %H:%M} {probe_error(p.error)}" for p in failed[:5])
        yield ctx.finding(data.start_url,
                      f"首页一周内{len(failed)}/{len(probes)}次监测无法访问（{ratio:.1%}）",
                      tr(f"{len(probes)}次监测中{len(failed)}次失败（{ratio:.1%}，达到{limit:.0%}）：{examples}",
                         f"{len(failed)} of {len(probes)} probes failed ({ratio:.1%} >= {limit:.0%}): {examples}"))
