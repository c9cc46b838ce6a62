"""The national score (国办秘函〔2019〕19号), computed from a scan's findings and column register.

Veto items (单项否决) first: one is enough to fail.  Then 100 points minus the deductions of the
profile's `points` table, then the bonus part for portals above `bonus_threshold`.  Bonus items
(创新, 特色) need a person's judgement, so the tool reports 0 and says so.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from govsite.checks.catalog import title_of
from govsite.checks.columns import ColumnState, key_categories
from govsite.models import Finding
from govsite.profile import Profile

_EVIDENCE_SHOWN = 10
# The national veto item (国办秘函〔2019〕19号 单项否决) a veto rule's findings fall under, where its
# own message does not name it.
VETO_ITEMS = {"content.harmful": "出现反动、暴力、色情等内容",
              "wording.leader_name": "严重错别字（领导姓名错误）",
              "wording.leader_title": "严重表述错误（领导职务错误）",
              "security.hidden_link": "安全攻击未处置（网页存在暗链）",
              "security.tampered": "安全攻击未处置（网页被篡改）",
              "article.backdated": "弄虚作假（伪造发稿日期）"}


@dataclass
class Veto:
    indicator: str
    rule_ids: list[str]
    evidence: list[str]


@dataclass
class Deduction:
    indicator: str
    rule_id: str
    count: int
    points: float
    why: str
    key: str = ""       # the points table's key: the rule id, or link.broken@home for the home page


@dataclass
class Score:
    scan_id: int
    as_of: str
    vetoes: list[Veto] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    bonus: dict = field(default_factory=dict)
    total: float = 100.0
    passed: bool = True
    provisional: bool = True
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"scan_id": self.scan_id, "as_of": self.as_of,
                "vetoes": [asdict(v) for v in self.vetoes],
                "deductions": [asdict(d) for d in self.deductions],
                "bonus": self.bonus, "total": self.total, "pass": self.passed,
                "provisional": self.provisional, "notes": self.notes}


def _vetoes(findings: list[Finding], register: list[ColumnState], profile: Profile) -> list[Veto]:
    limits = profile.get("scoring.veto") or {}
    vetoes: list[Veto] = []
    stale = [c for c in register if c.stale_national]
    stale_key = [c for c in stale if c.category in key_categories(profile)]

    def columns_evidence(cols):
        return [f"{c.name}（{c.url}）：最新信息{c.newest_date}，已{c.age_days}天未更新，"
                f"国家指标时限{c.limit_national_days}天" for c in cols][:_EVIDENCE_SHOWN]

    if len(stale_key) >= limits.get("stale_key_columns", 5):
        vetoes.append(Veto(f"栏目不更新：{len(stale_key)}个动态要闻、通知公告、政策文件类栏目未按时更新"
                           f"（≥{limits.get('stale_key_columns', 5)}）", ["column.stale"],
                           columns_evidence(stale_key)))
    if len(stale) >= limits.get("stale_any_columns", 10):
        vetoes.append(Veto(f"栏目不更新：{len(stale)}个栏目未按时更新（≥{limits.get('stale_any_columns', 10)}）",
                           ["column.stale"], columns_evidence(stale)))
    empty = [f for f in findings if f.rule_id == "column.empty"]
    if len(empty) >= limits.get("empty_columns", 5):
        vetoes.append(Veto(f"空白栏目：{len(empty)}个（≥{limits.get('empty_columns', 5)}）",
                           ["column.empty"],
                           [f"{f.column}（{f.url}）：{f.evidence}" for f in empty][:_EVIDENCE_SHOWN]))
    # Rules whose single finding is a veto (home page not updated, unreachable site, 泄密, ...).
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.severity == "veto":
            by_rule[f.rule_id].append(f)
    for rule_id, items in sorted(by_rule.items()):
        if rule_id in VETO_ITEMS:       # the national item names the rule: the count, or the one finding
            what = f"{VETO_ITEMS[rule_id]}：" + (items[0].message if len(items) == 1 else f"{len(items)}处")
        else:
            what = items[0].message if len(items) == 1 else f"{title_of(rule_id)}：{len(items)}处"
        vetoes.append(Veto(what,
                           [rule_id], [f"{f.url}：{f.evidence}" for f in items][:_EVIDENCE_SHOWN]))
    return vetoes


def _deductions(findings: list[Finding], profile: Profile) -> list[Deduction]:
    points = profile.get("points") or {}
    counts: dict[str, int] = defaultdict(int)
    for f in findings:
        if f.standard not in ("national", "both") or f.severity == "veto":
            continue
        key = f.rule_id
        if f.rule_id == "link.broken" and f.on_home:
            key = "link.broken@home"
        if key in points:
            counts[key] += 1
    deductions = []
    for key, n in sorted(counts.items()):
        spec = points[key]
        lost = round(min(n * float(spec["each"]), float(spec["cap"])), 2)
        rule_id = key.split("@")[0]
        where = "首页" if key.endswith("@home") else ""
        deductions.append(Deduction(spec.get("indicator", rule_id), rule_id, n, lost,
                                    f"{where}{n}处 × {spec['each']:g}分（最多扣{spec['cap']:g}分）", key))
    return deductions


def compute_score(scan_id: int, as_of: str, findings: list[Finding], register: list[ColumnState],
                  profile: Profile) -> Score:
    score = Score(scan_id=scan_id, as_of=as_of,
                  provisional=bool(profile.get("scoring.provisional")))
    score.vetoes = _vetoes(findings, register, profile)
    score.deductions = _deductions(findings, profile)
    score.total = round(max(0.0, 100.0 - sum(d.points for d in score.deductions)), 2)
    threshold = float(profile.get("scoring.bonus_threshold"))
    score.bonus = {"points": 0.0, "eligible": score.total > threshold and not score.vetoes,
                   "note": "加分项（创新、特色）需人工评定，工具不计分"}
    score.passed = not score.vetoes and score.total >= float(profile.get("scoring.pass_mark"))
    if score.provisional:
        score.notes.append("分值为暂定，尚未与国家指标原表核对")
    return score
