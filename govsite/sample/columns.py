"""Column (栏目) definitions of the sample portal: path, layout, date format, how fresh it is.

A column's freshness defects are declared right here, next to the ages that cause them
(`expect`), so the pages and the answer file cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# (rule_id, note, trap)
Expect = tuple[str, str, bool]


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    path: str                 # site path of the column directory, e.g. "/xwzx/gzdt/"
    section: str              # key of templates.SECTIONS
    column_type: str          # value of <meta name="ColumnType">
    layout: str = "ul"        # ul, pic, table, dl, datastore
    date_fmt: str = "iso"     # iso 2026-11-20, cn 2026年11月20日, mmdd [11-20]
    count: int = 0            # generic items (special builders add their own)
    newest_age: int = 1       # days between as_of and the newest generic item
    step: float = 3.0         # days between generic items
    per_page: int = 20
    placeholder: str | None = None   # 暂无信息-style text shown when the column is empty
    footer: str = "full"
    header: bool = True
    encoding: str = "utf-8"
    source: str = "县政府办"
    parent: str | None = None        # key of a parent column (breadcrumb)
    special: str = ""                 # name of the builder that fills it ("" = generic text)
    span_new_year: bool = False       # spread items so the list crosses 1 January
    table_headers: tuple[str, ...] = ()  # extra table columns between 标题 and the date
    date_header: str = "发布日期"
    expect: tuple[Expect, ...] = field(default_factory=tuple)


_STALE_BOTH = "column.stale"
_EMPTY = "column.empty"

COLUMNS: list[Column] = [
    # 走进凤冈
    Column("dqgk", "地区概况", "/zjfg/dqgk/", "zjfg", "概况", count=5, newest_age=200, step=30),
    Column("jgsz", "机构设置", "/zjfg/jgsz/", "zjfg", "概况", count=6, newest_age=150, step=20),
    # 新闻中心
    Column("gzdt", "工作动态", "/xwzx/gzdt/", "xwzx", "新闻动态", count=62, newest_age=1, step=1.4,
           expect=((_STALE_BOTH, "trap: newest item 1 day old", True),)),
    Column("ldhd", "领导活动", "/xwzx/ldhd/", "xwzx", "新闻动态", layout="datastore", count=12,
           newest_age=2, step=4,
           expect=((_EMPTY, "trap: items exist only in a Hanweb <script type=text/xml> datastore", True),
                   (_STALE_BOTH, "trap: newest item (inside the datastore) 2 days old", True))),
    Column("bmdt", "部门动态", "/xwzx/bmdt/", "xwzx", "新闻动态", date_fmt="mmdd", count=40, newest_age=3,
           span_new_year=True, per_page=25, source="县发展和改革局",
           expect=((_STALE_BOTH, "trap: newest [MM-DD] item 3 days old; list crosses 1 January so the "
                    "year must be inferred", True),)),
    Column("tpxw", "图片新闻", "/xwzx/tpxw/", "xwzx", "新闻动态", layout="pic", count=9, newest_age=20, step=6,
           expect=((_STALE_BOTH, "news column, newest item 20 days old: county (7 d) and national (14 d)", False),)),
    # 乡镇之窗: the whole section is served as GBK
    Column("xzdt", "乡镇动态", "/xzzx/xzdt/", "xzzx", "新闻动态", date_fmt="cn", count=15, newest_age=10, step=5,
           encoding="gbk", source="龙泉镇人民政府",
           expect=((_STALE_BOTH, "news column, newest 10 days old: county only (7 d < 10 d < 14 d)", False),)),
    Column("lqz", "龙泉镇动态", "/xzzx/lqz/", "xzzx", "新闻动态", date_fmt="cn", count=8, newest_age=25, step=9,
           encoding="gbk", source="龙泉镇人民政府",
           expect=((_STALE_BOTH, "news column, newest 25 days old: county and national", False),)),
    Column("fyz", "蜂岩镇动态", "/xzzx/fyz/", "xzzx", "新闻动态", date_fmt="cn", count=8, newest_age=40, step=12,
           encoding="gbk", source="蜂岩镇人民政府",
           expect=((_STALE_BOTH, "news column, newest 40 days old: county and national", False),)),
    Column("jhz", "进化镇动态", "/xzzx/jhz/", "xzzx", "新闻动态", date_fmt="cn", count=10, newest_age=6, step=7,
           encoding="gbk", source="进化镇人民政府",
           expect=((_STALE_BOTH, "trap: news column, newest 6 days old (within 7 d)", True),)),
    # 政务公开
    Column("tzgg", "通知公告", "/zwgk/tzgg/", "zwgk", "通知公告", count=44, newest_age=2, step=4),
    Column("gsgg", "公示公告", "/zwgk/gsgg/", "zwgk", "通知公告", date_fmt="cn", count=6, newest_age=250, step=30,
           expect=((_STALE_BOTH, "notice column, newest 250 days old: over 6 months", False),)),
    Column("zcwj", "政策文件", "/zwgk/zcwj/", "zwgk", "政策文件", layout="table", special="policy",
           table_headers=("文号",)),
    Column("xzfwj", "县政府文件", "/zwgk/zcwj/xzfwj/", "zwgk", "政策文件", layout="table", special="policy",
           parent="zcwj", table_headers=("文号",)),
    Column("xzfbwj", "县政府办文件", "/zwgk/zcwj/xzfbwj/", "zwgk", "政策文件", layout="table", special="policy",
           parent="zcwj", table_headers=("文号",),
           expect=((_STALE_BOTH, "policy column, newest document 230 days old: over 6 months", False),)),
    Column("gfxwj", "规范性文件", "/zwgk/zcwj/gfxwj/", "zwgk", "政策文件", layout="table", special="policy",
           parent="zcwj", table_headers=("文号",)),
    Column("zcjd", "政策解读", "/zwgk/zcjd/", "zwgk", "政策解读", special="policy"),
    Column("ghjh", "规划计划", "/zwgk/ghjh/", "zwgk", "规划计划", count=6, newest_age=100, step=60,
           source="县发展和改革局"),
    Column("gzjh", "工作计划", "/zwgk/ghjh/gzjh/", "zwgk", "规划计划", count=4, newest_age=420, step=365,
           parent="ghjh",
           expect=((_STALE_BOTH, "工作计划 newest 420 days old: over 1 year", False),)),
    Column("gzzj", "工作总结", "/zwgk/ghjh/gzzj/", "zwgk", "规划计划", count=4, newest_age=250, step=365,
           parent="ghjh",
           expect=((_STALE_BOTH, "trap: 工作总结 newest 250 days old, within the 1-year cycle of "
                    "规范 第二十三条(五)", True),)),
    Column("tjxx", "统计信息", "/zwgk/tjxx/", "zwgk", "统计信息", layout="table", count=8, newest_age=20, step=30,
           footer="no_idcode", source="县统计局"),
    Column("czxx", "财政信息", "/zwgk/czxx/", "zwgk", "财政信息", count=8, newest_age=40, step=30,
           footer="jiucuo_mismatch", source="县财政局"),
    Column("qzqd", "权责清单", "/zwgk/qzqd/", "zwgk", "政务公开", placeholder="暂无信息",
           expect=((_EMPTY, "column shows only 暂无信息", False),)),
    Column("zdxm", "重大项目", "/zwgk/zdxm/", "zwgk", "政务公开", placeholder="暂无数据",
           expect=((_EMPTY, "column shows only 暂无数据", False),)),
    Column("rsxx", "人事信息", "/zwgk/rsxx/", "zwgk", "人事信息", count=6, newest_age=200, step=40,
           source="县人力资源和社会保障局",
           expect=((_STALE_BOTH, "personnel column, newest 200 days old: county only (6 months; national "
                    "1 year provisional)", False),)),
    Column("shgysy", "社会公益事业", "/zwgk/shgysy/", "zwgk", "政务公开",
           expect=((_EMPTY, "column list is an empty <ul> (no placeholder text)", False),)),
    Column("sdzl", "政务公开试点专栏", "/zwgk/sdzl/", "zwgk", "政务公开", placeholder="暂无信息",
           expect=((_EMPTY, "column shows only 暂无信息", False),)),
    # 政府信息公开
    Column("zn", "政府信息公开指南", "/zfxxgk/zn/", "zfxxgk", "信息公开", count=2, newest_age=300, step=365),
    Column("zd", "政府信息公开制度", "/zfxxgk/zd/", "zfxxgk", "信息公开", count=5, newest_age=120, step=90),
    Column("ml", "政府信息公开目录", "/zfxxgk/ml/", "zfxxgk", "信息公开", layout="table", special="directory",
           table_headers=("索引号", "发布机构", "成文日期")),
    Column("ndbg", "政府信息公开工作年度报告", "/zfxxgk/ndbg/", "zfxxgk", "信息公开", special="annual"),
    Column("ysqgk", "依申请公开", "/zfxxgk/ysqgk/", "zfxxgk", "信息公开", count=3, newest_age=60, step=200),
    # 政务服务
    Column("bszn", "办事指南", "/zwfw/bszn/", "zwfw", "政务服务", layout="dl", special="guides",
           date_header="更新日期"),
    Column("bgxz", "表格下载", "/zwfw/bgxz/", "zwfw", "政务服务", special="forms"),
    # 互动交流
    Column("xzxx", "县长信箱", "/hdjl/xzxx/", "hdjl", "互动交流", layout="table", special="letters",
           table_headers=("类型", "状态", "回复时间"), date_header="来信时间"),
    Column("yjzj", "意见征集", "/hdjl/yjzj/", "hdjl", "互动交流", layout="table", special="solicit",
           table_headers=("征集开始", "征集结束", "状态"), date_header="发布日期"),
    Column("jgfk", "征集结果反馈", "/hdjl/yjzj/jgfk/", "hdjl", "互动交流", special="solicit", parent="yjzj"),
    Column("zxft", "在线访谈", "/hdjl/zxft/", "hdjl", "互动交流", placeholder="暂无信息",
           expect=((_EMPTY, "column shows only 暂无信息", False),)),
    # 专题专栏
    Column("xczx", "乡村振兴", "/ztzl/xczx/", "ztzl", "专题专栏", count=6, newest_age=8, step=10,
           header=False, footer="minimal"),
    Column("yhyshj", "优化营商环境", "/ztzl/yhyshj/", "ztzl", "专题专栏", count=6, newest_age=12, step=10,
           footer="no_sponsor", source="县投资促进局"),
]

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}

# Required columns (RULES.md, 规范 第十八条(二)) deliberately left out of the portal.
MISSING_COLUMNS: list[tuple[str, str]] = [
    ("执法监督", "no 执法监督 column anywhere on the site (规范 第十八条(二)9)"),
    ("政策执行和落实情况", "no 政策执行和落实情况 column anywhere on the site (规范 第十八条(二)11)"),
]
# Required columns present only under a synonym: must not be reported missing.
SYNONYM_TRAPS: list[tuple[str, str]] = [
    ("法规文件", "present as 政策文件 (/zwgk/zcwj/)"),
    ("咨询投诉", "present as 县长信箱 (/hdjl/xzxx/)"),
]


def trail(col: Column) -> list[tuple[str, str]]:
    """Breadcrumb trail (after 首页) for a column page."""
    from .templates import SECTIONS

    sec = next(s for s in SECTIONS if s[0] == col.section)
    out = [(sec[1], sec[2])]
    if col.parent:
        p = BY_KEY[col.parent]
        out.append((p.name, p.path))
    out.append((col.name, col.path))
    return out
