"""Words and site structure of the synthetic county portal (清溪县人民政府).

Kept apart from the page layout so the generator reads as layout only. Everything here is
fixed data; the generator draws from it with a seeded random.Random, so a given page count
always yields the same site.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

SITE_NAME = "清溪县人民政府"
COUNTY = "清溪县"
SITE_ID_CODE = "3399270001"          # 党政机关网站标识码 (fictional)
ICP = "浙ICP备05099999号"
POLICE = "浙公网安备 33992702000999号"
SPONSOR = "清溪县人民政府办公室"
CONTACT = "0571-69999999"

# "External" sites live on other loopback addresses where nothing listens, so a link checker
# that probes them gets a quick connection refusal and no traffic ever leaves the machine.
EXTERNAL_GOV = "http://127.0.0.2/"
EXTERNAL_PROVINCE = "http://127.0.0.3/"
JIUCUO_URL = f"http://127.0.0.2/jiucuo/index?site_code={SITE_ID_CODE}"
CONAC_URL = "http://127.0.0.3/conac/hiddenbutton?site_code=bm99000001"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column (栏目) of the portal: where it lives and how much it publishes."""

    section: str        # first path segment, e.g. "zwgk"
    section_name: str   # e.g. "政务公开"
    slug: str           # second path segment, e.g. "tzgg"
    name: str           # e.g. "通知公告"
    weight: float       # share of the site's articles


# (section slug, section name, [(column slug, column name, weight), ...]) — 40 columns.
SECTIONS: list[tuple[str, str, list[tuple[str, str, float]]]] = [
    ("zwdt", "政务动态", [("jrqx", "今日清溪", 9.0), ("bmdt", "部门动态", 7.0),
                         ("xzdt", "乡镇动态", 7.0), ("tpxw", "图片新闻", 3.0),
                         ("mtgz", "媒体关注", 2.0)]),
    ("zwgk", "政务公开", [("tzgg", "通知公告", 6.0), ("zfwj", "政府文件", 3.0),
                         ("bgtwj", "办公室文件", 2.0), ("rsxx", "人事信息", 1.5),
                         ("czzj", "财政资金", 1.5), ("ghjh", "规划计划", 0.6),
                         ("tjxx", "统计信息", 1.0), ("zfcg", "政府采购", 2.5)]),
    ("xxgk", "信息公开", [("xxgkzn", "信息公开指南", 0.05), ("xxgknb", "信息公开年报", 0.2),
                         ("xxgkzd", "信息公开制度", 0.1), ("ysqgk", "依申请公开", 0.2)]),
    ("zcjd", "政策解读", [("wzjd", "文字解读", 1.5), ("tjjd", "图解政策", 0.8),
                         ("zcwd", "政策问答", 0.5)]),
    ("hdjl", "互动交流", [("xzxx", "县长信箱", 3.0), ("zxft", "在线访谈", 0.4),
                         ("myzj", "民意征集", 0.6), ("rdhy", "热点回应", 0.6)]),
    ("zdly", "重点领域", [("shgy", "社会公益事业", 1.0), ("hjbh", "生态环境", 1.2),
                         ("spaq", "食品药品安全", 0.8), ("aqsc", "安全生产", 1.2),
                         ("jyxx", "教育信息", 1.0), ("ylws", "医疗卫生", 1.0),
                         ("shbz", "社会保障", 0.8), ("xczx", "乡村振兴", 1.0),
                         ("zdxm", "重大建设项目", 0.7)]),
    ("zwfw", "政务服务", [("bszn", "办事指南", 1.0), ("bmfw", "便民服务", 0.4),
                         ("ggfw", "公共服务", 0.3)]),
    ("zjqx", "走进清溪", [("xqgk", "县情概况", 0.05), ("lswh", "历史文化", 0.2),
                         ("lyzy", "旅游资源", 0.3), ("jjfz", "经济发展", 0.4)]),
]

COLUMNS: list[ColumnSpec] = [
    ColumnSpec(sec, sec_name, slug, name, weight)
    for sec, sec_name, cols in SECTIONS
    for slug, name, weight in cols
]

SOURCES = ["县政府办公室", "县发展和改革局", "县财政局", "县教育局", "县卫生健康局", "县人力社保局",
           "县自然资源和规划局", "县农业农村局", "县市场监管局", "县应急管理局", "县生态环境分局",
           "县融媒体中心", "清溪镇人民政府", "石门乡人民政府", "县住房和城乡建设局", "县民政局"]

TOWNS = ["清溪镇", "石门乡", "桃源镇", "白沙镇", "龙潭乡", "黄岭镇", "双溪乡", "云峰镇"]

_TITLE_SUBJECTS = ["我县", "县政府", "县委县政府", "县发改局", "县财政局", "县教育局", "县卫健局",
                   "县农业农村局", "县市场监管局", "县应急管理局"] + TOWNS
_TITLE_ACTIONS = ["召开", "开展", "部署", "推进", "启动", "举办", "组织开展", "扎实推进", "全面落实"]
_TITLE_TOPICS = ["安全生产大检查工作会议", "乡村振兴重点项目建设", "优化营商环境专项行动",
                 "秋冬季森林防火工作", "城乡居民医保集中参保", "义务教育阶段招生工作",
                 "食品安全示范创建活动", "高标准农田建设", "政务公开工作培训会",
                 "防汛防台应急演练", "重点项目集中开工仪式", "文明城市创建推进会",
                 "基层治理现代化试点", "生态环境保护督察整改", "就业援助月活动",
                 "数字政府建设推进会", "消费帮扶产品展销会", "城镇老旧小区改造工程"]
_DOC_KINDS = ["关于印发{}实施方案的通知", "关于开展{}的通知", "关于做好{}有关工作的通知",
              "关于{}的公告", "关于公布{}结果的公示", "{}工作情况的报告"]
_DOC_TOPICS = ["2026年度政府信息公开工作", "城乡居民基本养老保险待遇调整", "重点民生实事项目",
               "第三次全国土壤普查", "农村人居环境整治提升", "耕地保护和粮食安全责任制考核",
               "政府采购意向", "县级预算单位部门决算", "省级文明村镇推荐名单",
               "公开招聘事业单位工作人员", "建设工程项目环境影响评价", "冬春季节安全隐患排查"]

_SENT_OPENERS = ["为深入贯彻落实党中央、国务院决策部署，", "根据省、市有关工作要求，", "近日，",
                 "会议强调，", "会议指出，", "下一步，", "据了解，", "今年以来，", "与此同时，",
                 "为进一步提升群众获得感和满意度，", "按照县委县政府统一安排，"]
_SENT_SUBJECTS = ["各乡镇（街道）", "县级各部门", "相关责任单位", "全县上下", "各村（社区）",
                  "各有关企业", "县直各单位", "工作专班"]
_SENT_VERBS = ["要切实提高政治站位，", "要坚持问题导向，", "要压紧压实工作责任，", "要强化统筹协调，",
               "要聚焦重点难点，", "要加强督促检查，", "要坚持以人民为中心，", "要主动担当作为，"]
_SENT_OBJECTS = ["确保各项工作任务落地见效", "扎实推进项目建设提速增效", "持续优化政务服务水平",
                 "全力守牢安全生产底线", "不断增进民生福祉", "推动经济社会高质量发展",
                 "营造风清气正的良好氛围", "着力解决群众急难愁盼问题", "形成工作合力",
                 "加快补齐基础设施短板"]
_SENT_TAILS = ["。", "，为全县经济社会发展提供有力保障。", "，以实际行动推动各项工作落实落细。",
               "，切实把好事办好、实事办实。", "，确保取得实实在在的成效。"]


def article_title(rng: random.Random, column: ColumnSpec) -> str:
    """A plausible title for an article of this column."""
    if column.section in ("zwgk", "xxgk", "zdly"):
        return rng.choice(_DOC_KINDS).format(rng.choice(_DOC_TOPICS))
    return rng.choice(_TITLE_SUBJECTS) + rng.choice(_TITLE_ACTIONS) + rng.choice(_TITLE_TOPICS)


def sentence(rng: random.Random) -> str:
    """One sentence of government-report prose."""
    return (rng.choice(_SENT_OPENERS) + rng.choice(_SENT_SUBJECTS) + rng.choice(_SENT_VERBS)
            + rng.choice(_SENT_OBJECTS) + rng.choice(_SENT_TAILS))


def body_paragraphs(rng: random.Random, target_chars: int) -> list[str]:
    """Paragraphs adding up to about target_chars Chinese characters."""
    paragraphs: list[str] = []
    total = 0
    while total < target_chars:
        para = "".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(para)
        total += len(para)
    return paragraphs
