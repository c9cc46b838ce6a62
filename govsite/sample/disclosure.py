"""政府信息公开: the disclosure directory (索引号/发布机构/成文日期/发布日期) and the annual reports."""
from __future__ import annotations

import datetime as dt

from .builder import SiteBuilder
from .columns import BY_KEY
from .render import Article
from .util import workdays_between

CREDIT_CODE = "11520327009390574P"

# (title, 发布机构, age of 发布日期, calendar days from 成文日期 to 发布日期, planted?)
DIRECTORY = [
    ("凤冈县人民政府关于印发凤冈县冬春农业生产工作方案的通知", "凤冈县人民政府", 12, 2, ""),
    ("凤冈县2026年第三批临时救助对象名单", "凤冈县民政局", 25, 4, ""),
    ("凤冈县财政局关于下达农业生产发展资金的通知", "凤冈县财政局", 33, 50, "late"),
    ("凤冈县交通运输局2026年农村公路养护计划", "凤冈县交通运输局", 41, 21, "trap"),
    ("凤冈县自然资源局关于集体土地征收的预公告", "凤冈县自然资源局", 55, 3, ""),
    ("凤冈县教育局关于义务教育阶段招生工作的通知", "凤冈县教育局", 70, 1, ""),
    ("凤冈县卫生健康局2026年基本公共卫生服务项目实施方案", "凤冈县卫生健康局", 85, 64, "late"),
    ("凤冈县应急管理局关于开展安全生产大检查的通知", "凤冈县应急管理局", 100, 5, ""),
    ("凤冈县农业农村局关于印发高标准农田建设方案的通知", "凤冈县农业农村局", 130, 0, ""),
    ("凤冈县市场监督管理局2026年双随机抽查计划", "凤冈县市场监督管理局", 160, 2, ""),
]
LATE_LIMIT = 20  # working days (政务公开工作制度 第九条; 条例 第二十六条)


def build_directory(b: SiteBuilder) -> None:
    col = BY_KEY["ml"]
    for seq, (title, org, age, gap, kind) in enumerate(DIRECTORY, start=1):
        published = b.when(age)
        written = published.date() - dt.timedelta(days=gap)
        index_no = f"{CREDIT_CODE}/{published.year}-{seq * 37:05d}"
        info = [("索引号", index_no), ("发布机构", org), ("名称", title), ("成文日期", f"{written:%Y-%m-%d}"),
                ("发布日期", f"{published:%Y-%m-%d}")]
        path = b.add_article(Article(col=col, title=title, when=published, source=org, info_table=info,
                                     body=f"<p>{title}。</p><p>（此件主动公开）</p>",
                                     cells={"索引号": index_no, "发布机构": org, "成文日期": f"{written:%Y-%m-%d}"}))
        wd = workdays_between(written, published.date())
        if kind == "late":
            assert wd > LATE_LIMIT, wd
            b.plant("disclosure.late", path, col.name,
                    f"发布日期 {gap} calendar days ({wd} working days) after 成文日期")
        elif kind == "trap":
            assert wd <= LATE_LIMIT, wd
            b.trap("disclosure.late", path, col.name,
                   f"发布日期 {gap} calendar days ({wd} working days) after 成文日期: within 20")


def report_year(as_of: dt.date) -> int:
    """The latest year whose reports are all due (county report deadline 3月31日) by as_of."""
    return as_of.year - 1 if as_of >= dt.date(as_of.year, 4, 1) else as_of.year - 2


def build_annual_reports(b: SiteBuilder) -> None:
    col = BY_KEY["ndbg"]
    y = report_year(b.as_of)
    reports = [
        ("凤冈县人民政府", y, dt.date(y + 1, 3, 20)),
        ("凤冈县发展和改革局", y, dt.date(y + 1, 1, 25)),
        ("龙泉镇人民政府", y, dt.date(y + 1, 1, 27)),
        ("凤冈县人民政府", y - 1, dt.date(y, 3, 25)),
        ("凤冈县发展和改革局", y - 1, dt.date(y, 1, 20)),
        ("凤冈县教育局", y - 1, dt.date(y, 1, 22)),
        ("龙泉镇人民政府", y - 1, dt.date(y, 1, 26)),
    ]
    county_path = ""
    for unit, year, pub in reports:
        title = f"{unit}{year}年政府信息公开工作年度报告"
        when = dt.datetime.combine(pub, dt.time(10, 0))
        path = b.add_article(Article(col=col, title=title, when=when, source=unit, body=(
            "<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。</p>"
            "<p>一、总体情况　二、主动公开政府信息情况　三、收到和处理政府信息公开申请情况　"
            "四、政府信息公开行政复议、行政诉讼情况　五、存在的主要问题及改进情况　六、其他需要报告的事项</p>")))
        if unit == "凤冈县人民政府" and year == y:
            county_path = path
    b.plant("report.annual_missing", col.path, col.name,
            f"凤冈县教育局 has no {y}年 report (its {y - 1}年 one is there); due {y + 1}-01-31 (national) / "
            f"{y + 1}-02-28 (county)")
    b.trap("report.annual_missing", county_path, col.name, f"county government's {y}年 report published {y + 1}-03-20")
