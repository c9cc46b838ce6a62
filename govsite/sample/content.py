"""Ordinary (defect-free) column content: plausible titles, bodies and pictures.

Every character used here is in GB2312, because the 乡镇之窗 section is served as GBK.
"""
from __future__ import annotations

import datetime as dt

from .attachments import make_png
from .builder import SiteBuilder
from .columns import COLUMNS, Column
from .render import Article

TOPICS = ["茶产业发展", "安全生产", "森林防火", "乡村振兴", "营商环境", "防汛抗旱", "耕地保护", "基层治理",
          "民生实事", "文明城市创建", "生态环境保护", "就业创业", "医疗保障", "义务教育", "农村人居环境整治",
          "招商引资", "食品安全", "道路交通安全", "冬春农业生产", "信访维稳"]
TOWNS = ["龙泉镇", "进化镇", "琊川镇", "蜂岩镇", "永安镇", "绥阳镇", "土溪镇", "何坝街道", "天桥镇", "新建镇"]
DEPTS = ["县发展和改革局", "县教育局", "县民政局", "县财政局", "县农业农村局", "县卫生健康局", "县应急管理局",
         "县自然资源局", "县市场监督管理局", "县人力资源和社会保障局"]

TITLES: dict[str, list[str]] = {
    "dqgk": ["凤冈概况", "自然地理", "行政区划", "历史沿革", "经济社会发展"],
    "jgsz": ["县人民政府领导分工", "县政府工作部门", "{dept}机构职能", "{dept}领导班子", "乡镇（街道）机构设置"],
    "gzdt": ["凤冈县召开{topic}工作推进会", "县领导调研{topic}工作", "凤冈县开展{topic}专项行动",
             "凤冈县{topic}工作取得新成效", "县政府常务会议研究部署{topic}工作"],
    "ldhd": ["县长主持召开县政府常务会议", "县领导到{town}调研{topic}工作", "县领导督导检查{topic}工作",
             "县领导带队开展{topic}专项督查"],
    "bmdt": ["{dept}召开{topic}专题会议", "{dept}扎实推进{topic}工作", "{dept}开展{topic}宣传活动"],
    "tpxw": ["凤冈茶海之心迎来赏茶游客", "{town}{topic}现场", "凤冈县举办{topic}培训班"],
    "xzdt": ["{town}召开{topic}工作会议", "{town}扎实开展{topic}工作", "{town}多措并举推进{topic}"],
    "lqz": ["龙泉镇召开{topic}工作会议", "龙泉镇开展{topic}专项行动"],
    "fyz": ["蜂岩镇推进{topic}工作", "蜂岩镇召开{topic}工作部署会"],
    "jhz": ["进化镇召开{topic}工作会议", "进化镇开展{topic}宣传活动"],
    "tzgg": ["关于做好{topic}工作的通知", "关于开展{topic}专项检查的通知", "凤冈县{topic}工作公告",
             "关于{topic}有关事项的通知"],
    "gsgg": ["{dept}关于{topic}项目的公示", "凤冈县{topic}名单公示"],
    "ghjh": ["凤冈县国民经济和社会发展第十五个五年规划纲要", "凤冈县{topic}专项规划", "凤冈县国土空间总体规划"],
    "gzjh": ["凤冈县人民政府{year}年工作要点", "{dept}{year}年工作计划"],
    "gzzj": ["凤冈县人民政府{year}年工作总结", "{dept}{year}年工作总结"],
    "tjxx": ["凤冈县{year}年{month}月主要经济指标", "凤冈县{year}年国民经济和社会发展统计公报"],
    "czxx": ["凤冈县{year}年财政预算执行情况", "凤冈县{year}年“三公”经费预算公开说明", "{dept}{year}年部门预算"],
    "rsxx": ["凤冈县{year}年公开招聘事业单位工作人员公告", "凤冈县人民政府关于{name}等同志职务任免的通知"],
    "zn": ["凤冈县人民政府信息公开指南"],
    "zd": ["凤冈县政府信息公开保密审查制度", "凤冈县政务公开工作制度", "凤冈县重大政策解读回应制度",
           "凤冈县政府信息公开工作年度报告制度", "凤冈县公文公开属性源头认定工作制度"],
    "ysqgk": ["凤冈县政府信息公开申请表", "依申请公开办理流程", "依申请公开受理机构及联系方式"],
    "xczx": ["凤冈县{topic}助力乡村振兴", "{town}乡村振兴工作推进情况"],
    "yhyshj": ["凤冈县持续优化营商环境", "{dept}推进{topic}便利化改革"],
}
NAMES = ["王明", "李华", "张建国", "陈红", "刘勇", "杨帆", "赵丽", "黄伟", "周敏", "吴强"]


def body_text(title: str, rng) -> str:
    """Two or three plain paragraphs of official-sounding text."""
    t1 = rng.choice(TOPICS)
    paras = [
        f"为深入贯彻落实县委、县政府决策部署，进一步做好{t1}相关工作，近日，{title}。",
        f"会议强调，各乡镇（街道）、各部门要提高政治站位，压实工作责任，细化工作措施，"
        f"确保{t1}各项任务落到实处、取得实效。",
        "下一步，将持续加强统筹协调和督促检查，及时总结推广经验做法，推动各项工作再上新台阶。",
    ]
    return "".join(f"<p>{p}</p>" for p in paras[: rng.choice([2, 3])])


def make_title(col: Column, when: dt.date, rng) -> str:
    pool = TITLES.get(col.key) or ["{dept}{topic}工作信息"]
    return rng.choice(pool).format(topic=rng.choice(TOPICS), town=rng.choice(TOWNS), dept=rng.choice(DEPTS),
                                   year=when.year - 1 if col.key in ("gzzj", "tjxx") else when.year,
                                   month=max(when.month - 1, 1), name=rng.choice(NAMES))


def item_ages(b: SiteBuilder, col: Column) -> list[float]:
    step = col.step
    if col.span_new_year:
        # cover more than a year (410 days), so the list crosses 1 January whatever as_of is;
        # a constant step keeps every date a pure shift of as_of
        step = max(step, 410 / max(col.count - 1, 1))
    return [col.newest_age + i * step for i in range(col.count)]


def build_generic(b: SiteBuilder) -> None:
    """Fill every generic column with ordinary articles (pictures for picture lists)."""
    for col in COLUMNS:
        if col.special or not col.count:
            continue
        for age in item_ages(b, col):
            when = b.when(age)
            title = make_title(col, when.date(), b.rng)
            art = Article(col=col, title=title, when=when, body=body_text(title, b.rng))
            if col.layout == "pic" or (col.key == "gzdt" and b.rng.random() < 0.2):
                path, doc_id = b.new_doc_path(col, when)
                img = col.path + b.ids.image_rel(when, doc_id, 1)
                b.add(img, make_png(16, 12, (40, 120, 60)), "image/png")
                art.path = path
                art.body = f'<p style="text-align:center"><img src="{img.rsplit("/", 1)[1]}" alt="{title}"></p>' \
                    + art.body
                art.image = img if col.layout == "pic" else None
            b.add_article(art)
