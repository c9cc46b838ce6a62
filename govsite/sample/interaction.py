"""互动交流: 县长信箱 letters and 意见征集 with their result feedback pages.

Letters are dated relative to as_of with wide margins, except the National-Day trap letter,
whose dates are fixed in 2026 because its point is the fixed 2026 holiday (see NATIONAL_DAY_LETTER).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .builder import SiteBuilder
from .columns import BY_KEY
from .render import Article
from .util import add_weekdays, weekdays_between, workdays_between


@dataclass(frozen=True)
class Letter:
    title: str
    kind: str                    # 咨询 or 投诉
    age: int                     # days before as_of the letter came in
    reply_weekdays: int | None   # None: unanswered
    dept: str
    rule: str = ""               # planted rule id, or the trap rule id
    note: str = ""
    trap: bool = False


LETTERS = [
    Letter("咨询城乡居民医保缴费时间", "咨询", 20, 3, "县医疗保障局"),
    Letter("反映小区噪音扰民问题", "投诉", 33, 8, "县综合行政执法局"),
    Letter("咨询创业担保贷款申请条件", "咨询", 48, 5, "县人力资源和社会保障局"),
    Letter("咨询农村建房审批流程", "咨询", 150, 2, "县自然资源局"),
    Letter("反映农贸市场占道经营问题", "投诉", 200, 12, "县市场监督管理局"),
    Letter("咨询义务教育入学报名时间", "咨询", 260, 4, "县教育局"),
    Letter("咨询高龄津贴发放标准", "咨询", 75, 32, "县民政局", "interaction.reply_overdue",
           "咨询 answered after 32 weekdays (> 15 working days)"),
    Letter("反映工地夜间施工扰民", "投诉", 95, 40, "县住房和城乡建设局", "interaction.reply_overdue",
           "投诉 answered after 40 weekdays (> 20 working days)"),
    Letter("反映村道路面破损长期未修", "投诉", 110, None, "县交通运输局", "interaction.reply_overdue",
           "投诉 unanswered for 110 days: over 3 months (national veto) and over 20 working days"),
    Letter("咨询退役军人优待证办理", "咨询", 45, None, "县退役军人事务局", "interaction.reply_overdue",
           "咨询 unanswered for 45 days: over 15 working days, under 3 months"),
    Letter("咨询不动产登记办理时限", "咨询", 4, None, "县自然资源局", "interaction.reply_overdue",
           "trap: unanswered but received 4 days ago, within 15 working days", True),
]

# Fixed in 2026 on purpose: 16 weekdays after receipt, but the 2026 国庆 holiday (chinese_calendar:
# 10-01..10-07 off, Saturday 10-10 worked) makes it 12 working days, within the 15 for 咨询.
NATIONAL_DAY_LETTER = (dt.date(2026, 9, 28), dt.date(2026, 10, 20))


@dataclass(frozen=True)
class Solicitation:
    title: str
    age: int          # days before as_of the solicitation opened
    days: int = 30
    feedback: bool = False


SOLICITATIONS = [
    Solicitation("凤冈县城区停车管理办法（征求意见稿）", 20),
    Solicitation("凤冈县茶产业发展规划（征求意见稿）", 95, feedback=True),
    Solicitation("凤冈县城乡供水一体化实施方案（征求意见稿）", 180, feedback=True),
    Solicitation("凤冈县养犬管理规定（征求意见稿）", 300),
    Solicitation("凤冈县城市绿化管理办法（征求意见稿）", 400, feedback=True),
    Solicitation("凤冈县农村宅基地管理办法（征求意见稿）", 450),
    Solicitation("凤冈县国土空间总体规划（征求意见稿）", 520),
]


def _letter_page(b: SiteBuilder, title: str, kind: str, received: dt.datetime, replied: dt.datetime | None,
                 dept: str, number: str, content: str = "") -> str:
    col = BY_KEY["xzxx"]
    status = "已回复" if replied else "待回复"
    reply_rows = ""
    if replied:
        reply_rows = (f"<tr><th>回复单位</th><td>{dept}</td></tr><tr><th>回复时间</th><td>{replied:%Y-%m-%d %H:%M}</td></tr>"
                      f"<tr><th>回复内容</th><td>您好！您反映的问题已收悉，经核实，现答复如下：……感谢您的来信。</td></tr>")
    body = (f'<table class="letter" border="1"><tr><th>信件编号</th><td>{number}</td></tr>'
            f"<tr><th>信件标题</th><td>{title}</td></tr><tr><th>来信人</th><td>张**</td></tr>"
            f"<tr><th>来信时间</th><td>{received:%Y-%m-%d %H:%M}</td></tr><tr><th>类型</th><td>{kind}</td></tr>"
            f"<tr><th>状态</th><td>{status}</td></tr><tr><th>信件内容</th><td>{content or f'您好，{title}，望答复。'}</td></tr>"
            f"{reply_rows}</table>")
    return b.add_article(Article(col=col, title=title, when=received, body=body, source="县长信箱",
                                 date_label="来信时间",
                                 cells={"类型": kind, "状态": status,
                                        "回复时间": f"{replied:%Y-%m-%d}" if replied else ""}))


def build_letters(b: SiteBuilder) -> None:
    col = BY_KEY["xzxx"]
    for n, letter in enumerate(LETTERS, start=1):
        received = b.when(letter.age)
        replied = None
        if letter.reply_weekdays is not None:
            day = add_weekdays(received.date(), letter.reply_weekdays)
            replied = dt.datetime.combine(day, dt.time(16, 30))
        path = _letter_page(b, letter.title, letter.kind, received, replied, letter.dept,
                            f"FG{received:%Y%m%d}{n:04d}")
        if letter.rule:
            b.plant(letter.rule, path, col.name, letter.note, trap=letter.trap)
    got, answered = NATIONAL_DAY_LETTER
    if b.as_of > answered:
        wd, wk = workdays_between(got, answered), weekdays_between(got, answered)
        path = _letter_page(b, "咨询国庆期间社保业务办理安排", "咨询", dt.datetime.combine(got, dt.time(9, 20)),
                            dt.datetime.combine(answered, dt.time(15, 0)), "县人力资源和社会保障局", "FG202609280099")
        b.trap("interaction.reply_overdue", path, col.name,
               f"咨询 received {got}, answered {answered}: {wk} weekdays but {wd} working days across the 2026 "
               "National Day holiday (dates fixed in 2026)")
    b.trap("interaction.channel_missing", col.path, col.name, "县长信箱 exists and shows answered letters")


def build_solicitations(b: SiteBuilder) -> None:
    col, fb_col = BY_KEY["yjzj"], BY_KEY["jgfk"]
    recent = 0
    for s in SOLICITATIONS:
        start = b.when(s.age)
        end = start.date() + dt.timedelta(days=s.days)
        status = "征集中" if end >= b.as_of else "已结束"
        recent += s.age <= 365
        path, _ = b.new_doc_path(col, start)
        fb_link = ""
        if s.feedback:
            fb_when = b.when(s.age - s.days - 10)
            fb_title = f"关于《{s.title.replace('（征求意见稿）', '')}》征求意见采纳情况的反馈"
            fb_path, _ = b.new_doc_path(fb_col, fb_when)
            b.add_article(Article(col=fb_col, title=fb_title, when=fb_when, path=fb_path, body=(
                f"<p>征集时间：{start:%Y-%m-%d} 至 {end:%Y-%m-%d}</p><p>征集期间共收到意见建议12条，采纳5条。</p>"
                f'<p>原征集公告：<a href="{path}">{s.title}</a></p>')))
            fb_link = f'<p>征集结果反馈：<a href="{fb_path}">{fb_title}</a></p>'
        b.add_article(Article(col=col, title=s.title, when=start, path=path, body=(
            f'<p class="zjsj">征集时间：{start:%Y-%m-%d} 至 {end:%Y-%m-%d}</p>'
            "<p>为广泛听取社会各界意见，现将征求意见稿全文公布。意见请发送至 fgsfj@163.com。</p>" + fb_link),
            cells={"征集开始": f"{start:%Y-%m-%d}", "征集结束": f"{end:%Y-%m-%d}", "状态": status}))
    b.plant("solicitation.too_few", col.path, col.name,
            f"{recent} solicitations opened in the last 12 months (< 6); {len(SOLICITATIONS) - recent} older ones")
    b.plant("solicitation.no_feedback", col.path, col.name,
            "凤冈县养犬管理规定（征求意见稿） closed months ago and no 征集结果反馈 was published")
