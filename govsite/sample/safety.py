"""Planted harmful content, leaders' names and titles, and numbers inside pictures (issue 15),
with their traps.

Built after every other page (site.py), with its own random numbers, so that the ids and times
of the pages built before stay what they were.  The leadership the sample profile
(profiles/sample.yaml) declares is LEADERS below; a unit test keeps the two equal.  The spam 留言
is a letter of the 县长信箱 (interaction.py draws it).
"""
from __future__ import annotations

import datetime as dt
import random

from .attachments import CONTENT_TYPES, make_scanned_pdf, make_table_png
from .builder import SiteBuilder
from .columns import BY_KEY
from .interaction import _letter_page
from .render import Article
from .util import add_weekdays, make_id_number, mask_id

# (name, title, since, until): as in profiles/sample.yaml
LEADERS = [
    ("王建华", "县委书记", dt.date(2021, 9, 1), None),
    ("张伟", "县委副书记、县长", dt.date(2024, 9, 1), None),
    ("刘志强", "县长", dt.date(2019, 5, 1), dt.date(2024, 8, 31)),
    ("刘志强", "县政协主席", dt.date(2024, 9, 1), None),
    ("陈立新", "常务副县长", dt.date(2023, 1, 1), None),
    ("赵丽萍", "副县长", dt.date(2021, 9, 1), dt.date(2025, 6, 30)),
]

# The spam posted in a 县长信箱 letter (a 留言 board's usual way in)
SPAM_LETTER = ("咨询一下", "澳门新葡京百家乐，真人荷官在线发牌，注册送彩金，日赚千元，加微信fg88888。")


def _p(*paras: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paras)


def build_safety(b: SiteBuilder) -> None:
    _harmful_and_leaders(b)
    _spam_letter(b)
    _pictures(b, random.Random(1515))


def _spam_letter(b: SiteBuilder) -> None:
    col = BY_KEY["xzxx"]
    received = b.when(66)
    replied = dt.datetime.combine(add_weekdays(received.date(), 2), dt.time(16, 30))
    path = _letter_page(b, SPAM_LETTER[0], "咨询", received, replied, "县政府办",
                        f"FG{received:%Y%m%d}0066", SPAM_LETTER[1])
    b.plant("content.harmful", path, col.name,
            "gambling spam posted as a letter: 新葡京, 百家乐, 真人荷官, 送彩金, 日赚千元 with a WeChat id")


def _pictures(b: SiteBuilder, rng: random.Random) -> None:
    """A 低保 list posted as a PNG table and as a scanned PDF (no text layer), read by OCR; the
    same list with the numbers masked, in a picture too."""
    tzgg = BY_KEY["tzgg"]
    people = [(n, make_id_number(rng)) for n in ("王德明", "李秀英", "张国华")]
    header = ["序号", "姓名", "身份证号码", "保障金额"]
    table = make_table_png([header] + [[str(i + 1), n, idn, "620元"] for i, (n, idn) in enumerate(people)])
    when = b.when(50)
    path, doc_id = b.new_doc_path(tzgg, when)
    img = tzgg.path + b.ids.image_rel(when, doc_id, 1)
    b.add(img, table, CONTENT_TYPES["png"])
    scanned = b.attachment_path(tzgg, when.date(), "pdf")
    b.add(scanned, make_scanned_pdf(table), CONTENT_TYPES["pdf"])
    b.add_article(Article(col=tzgg, title="凤冈县2026年第四季度城市低保对象公示", when=when, path=path, body=(
        _p("经审核，现将2026年第四季度城市居民最低生活保障对象公示如下：")
        + f'<p style="text-align:center"><img src="{img.rsplit("/", 1)[1]}" alt="城市低保对象名单"></p>'),
        source="县民政局", attachments=[(scanned, "城市低保对象名单（扫描件）.pdf")]))
    b.plant("privacy.id_number", img, tzgg.name, "PNG picture of a table: 3 full ID numbers (read by OCR)")
    b.plant("privacy.id_number", scanned, tzgg.name, "scanned PDF without a text layer: 3 full ID numbers (OCR)")

    when = b.when(54)
    path, doc_id = b.new_doc_path(tzgg, when)
    img = tzgg.path + b.ids.image_rel(when, doc_id, 1)
    b.add(img, make_table_png([header[:3]] + [[str(i + 1), n, mask_id(idn)] for i, (n, idn) in enumerate(people)]),
          CONTENT_TYPES["png"])
    b.add_article(Article(col=tzgg, title="凤冈县2026年第三季度城市低保对象公示", when=when, path=path, body=(
        _p("现将2026年第三季度城市居民最低生活保障对象公示如下：")
        + f'<p style="text-align:center"><img src="{img.rsplit("/", 1)[1]}" alt="城市低保对象名单"></p>'),
        source="县民政局"))
    b.trap("privacy.id_number", img, tzgg.name, "PNG picture of a table whose ID numbers are masked")


def _harmful_and_leaders(b: SiteBuilder) -> None:
    gzdt, jgsz = BY_KEY["gzdt"], BY_KEY["jgsz"]

    path = b.add_article(Article(col=gzdt, title="凤冈县开展“扫黄打非”专项行动", when=b.when(31), body=_p(
        "为严厉打击网络赌博违法犯罪，县公安局联合县文体广电旅游局开展“扫黄打非”专项行动，"
        "查处利用“百家乐”网站组织赌博案件2起，取缔提供“特殊服务”的场所1处。",
        "县反诈中心提醒广大群众：谨防“刷单返利”骗局，凡是要求先垫付资金的兼职刷单都是诈骗。")))
    b.trap("content.harmful", path, gzdt.name, "crackdown news: 百家乐, 特殊服务, 刷单返利 in sentences "
           "reporting the crackdown (打击, 查处, 谨防)")

    path = b.add_article(Article(col=gzdt, title="县领导到龙泉镇调研茶产业发展", when=b.when(33), body=_p(
        "近日，县委书记王建化一行到龙泉镇调研茶产业发展，实地察看了茶园基地建设情况。",
        "调研组强调，要坚持以市场为导向，做大做强茶产业。")))
    b.plant("wording.leader_name", path, gzdt.name, "县委书记王建化: 王建华 written with 化 (same sound)")

    path = b.add_article(Article(col=gzdt, title="县政府召开常务会议研究冬春农业生产工作", when=b.when(35), body=_p(
        "近日，县长王建华主持召开县政府常务会议，研究部署冬春农业生产工作。",
        "会议要求，各乡镇（街道）要抓好冬季农田水利建设。")))
    b.plant("wording.leader_title", path, gzdt.name, "县长王建华: 王建华 is the 县委书记 (张伟 is the 县长)")

    path = b.add_article(Article(col=gzdt, title="龙泉镇茶农走上致富路", when=b.when(37), body=_p(
        "龙泉镇茶农王建化今年种植茶叶50亩，年收入超过20万元。",
        "原县长刘志强在龙泉镇工作期间曾多次到他的茶园指导生产。")))
    b.trap("wording.leader_name", path, gzdt.name, "villager 王建化 far from any title")
    b.trap("wording.leader_title", path, gzdt.name, "原县长刘志强: a past post (he is now 县政协主席)")

    path = b.add_article(Article(col=jgsz, title="县人民政府领导分工", when=b.when(160), body=_p(
        "县委副书记、县长：张伟，主持县政府全面工作。",
        "常务副县长：陈立新，负责县政府常务工作。",
        "副县长：赵丽萍，负责农业农村、乡村振兴工作。")))
    b.plant("leaders.outdated", path, jgsz.name, "领导分工 still lists 副县长赵丽萍, whose term ended 2025-06-30")
    b.trap("wording.leader_title", path, jgsz.name, "县长：张伟 and 常务副县长：陈立新 are right")
