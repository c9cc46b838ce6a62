"""互动交流 rules: letters answered late (working days, National Day 2026), the 3-month veto, the
channel, and 意见征集 — on small hand-made portals and on the sample portal."""
from datetime import date

import pytest
from sample_scandata import compare, sample_scandata, scandata_from_html

from govsite.checks.interaction import channel_missing, find_letters, no_feedback, reply_overdue, too_few
from govsite.profile import load_profile
from govsite.workdays import add_workdays, is_workday, workdays_between

BASE = "http://www.example.gov.cn"
COL = BASE + "/hdjl/xzxx/"


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _page(column: str, body: str, title: str = "") -> str:
    return (f'<html><head><title>{title or column}</title><meta name="ColumnName" content="{column}">'
            f'</head><body><div class="position">当前位置：<a href="/">首页</a> &gt; {column}</div>'
            f"{body}</body></html>")


def _letter_site(letters, as_of, column="县长信箱"):
    """letters: (slug, title, kind, received, replied or None)."""
    rows, pages = [], {}
    for slug, title, kind, got, answered in letters:
        url = f"{COL}{got:%Y%m}/t{got:%Y%m%d}_{slug}.html"
        status = "已回复" if answered else "待回复"
        reply = (f"<tr><th>回复时间</th><td>{answered:%Y-%m-%d} 15:00</td></tr><tr><th>回复内容</th><td>您好……</td></tr>"
                 if answered else "")
        pages[url] = _page(column, f'<h1>{title}</h1><table class="letter"><tr><th>来信时间</th><td>{got} 09:00</td></tr>'
                                   f"<tr><th>类型</th><td>{kind}</td></tr><tr><th>状态</th><td>{status}</td></tr>"
                                   f"{reply}</table>", title)
        rows.append(f'<tr><td><a href="{url}">{title}</a></td><td>{kind}</td><td>{status}</td>'
                    f'<td>{got}</td></tr>')
    pages[COL + "index.html"] = _page(column, '<table class="list-table"><thead><tr><th>标题</th><th>类型</th>'
                                              '<th>状态</th><th>来信时间</th></tr></thead><tbody>'
                                      + "".join(rows) + "</tbody></table>")
    return scandata_from_html(pages, as_of, BASE)


def test_workdays_across_national_day_2026():
    got, answered = date(2026, 9, 28), date(2026, 10, 20)
    weekdays = sum(1 for n in range(1, (answered - got).days + 1)
                   if date.fromordinal(got.toordinal() + n).weekday() < 5)
    assert weekdays == 16
    assert workdays_between(got, answered) == 12          # 10-01..07 off, Saturday 10-10 worked
    assert not is_workday(date(2026, 10, 1)) and not is_workday(date(2026, 10, 7))
    assert is_workday(date(2026, 10, 10))
    assert add_workdays(got, 15) == date(2026, 10, 23)    # the last day of a 咨询's 15 working days


def test_national_day_letter_in_time_and_the_16th_working_day_late(profile):
    data = _letter_site([("1", "咨询国庆期间社保业务办理安排", "咨询", date(2026, 9, 28), date(2026, 10, 20)),
                         ("2", "咨询国庆后医保报销", "咨询", date(2026, 9, 28), date(2026, 10, 23)),
                         ("3", "咨询国庆后公积金提取", "咨询", date(2026, 9, 28), date(2026, 10, 26))],
                        date(2026, 11, 27))
    assert len(find_letters(data, profile)) == 3
    found = list(reply_overdue(data, profile))
    assert [f.url.rsplit("_", 1)[1] for f in found] == ["3.html"]
    f = found[0]
    assert (f.severity, f.standard, f.clause) == ("warn", "county", "规范 第二十三条(六)")
    assert "16个工作日，时限15个工作日" in f.evidence and f.column == "县长信箱" and f.column_url == COL


def test_unanswered_letters_counted_to_as_of(profile):
    as_of = date(2026, 11, 27)
    data = _letter_site([("1", "反映村道路面破损", "投诉", date(2026, 8, 9), None),       # > 3 months: veto
                         ("2", "咨询优待证办理", "咨询", date(2026, 10, 13), None),        # 33 working days
                         ("3", "咨询不动产登记", "咨询", date(2026, 11, 23), None),        # 4 days: in time
                         ("4", "反映施工扰民", "投诉", date(2026, 10, 30), None)],         # 20 working days
                        as_of)
    found = {f.url.rsplit("_", 1)[1]: f for f in reply_overdue(data, profile)}
    assert set(found) == {"1.html", "2.html"}
    assert (found["1.html"].severity, found["1.html"].standard) == ("veto", "both")
    assert "3个月未回复" in found["1.html"].message
    assert (found["2.html"].severity, found["2.html"].standard) == ("warn", "county")
    assert workdays_between(date(2026, 10, 30), as_of) == 20


def test_calendar_not_covered_is_said_not_guessed(profile):
    data = _letter_site([("1", "咨询春节值班安排", "咨询", date(2026, 12, 20), None)], date(2027, 2, 20))
    found = list(reply_overdue(data, profile))
    assert len(found) == 1 and found[0].severity == "warn"
    assert "无法计算" in found[0].evidence and "2027" in found[0].evidence


def test_late_severity_from_the_profile(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("interaction:\n  late_severity: deduct\n  reply_workdays: {咨询: 30}\n", "utf-8")
    profile = load_profile(f)
    data = _letter_site([("1", "咨询社保", "咨询", date(2026, 9, 1), date(2026, 10, 30))], date(2026, 11, 27))
    found = list(reply_overdue(data, profile))
    assert [x.severity for x in found] == ["deduct"]


def test_channel(profile):
    with_letters = _letter_site([("1", "咨询社保", "咨询", date(2026, 11, 2), date(2026, 11, 5))], date(2026, 11, 27))
    assert list(channel_missing(with_letters, profile)) == []
    pages = {BASE + "/index.html": _page("首页", '<ul><li><a href="/xwzx/1.html">新闻</a><span>2026-11-20</span></li></ul>'),
             BASE + "/xwzx/1.html": _page("工作动态", "<p>正文</p>")}
    found = list(channel_missing(scandata_from_html(pages, date(2026, 11, 27), BASE), profile))
    assert [(f.rule_id, f.severity) for f in found] == [("interaction.channel_missing", "veto")]
    # an empty 信箱 column with a submission form is a working channel
    pages[BASE + "/hdjl/lyb/index.html"] = _page("留言板", '<form action="/submit"><textarea name="c"></textarea></form>'
                                                        '<ul><li><a href="/hdjl/lyb/x.html">留言须知</a><span>2026-01-02</span></li></ul>')
    pages[BASE + "/hdjl/lyb/x.html"] = _page("留言板", "<p>请文明留言。</p>")
    assert list(channel_missing(scandata_from_html(pages, date(2026, 11, 27), BASE), profile)) == []


def test_solicitations(profile):
    col, fb = BASE + "/hdjl/yjzj/", BASE + "/hdjl/yjzj/jgfk/"
    # (slug, title, opened, period end); a result page exists for "b" (by title) and "c" (by link)
    sols = [("a", "凤冈县城区停车管理办法（征求意见稿）", date(2026, 3, 2), date(2026, 3, 16)),   # 15 days, normative
            ("b", "凤冈县茶产业发展规划（征求意见稿）", date(2026, 5, 4), date(2026, 6, 3)),
            ("c", "关于2026年民生实事项目征集意见的公告", date(2026, 6, 1), date(2026, 6, 5)),      # 5 days
            ("d", "凤冈县养犬管理规定（征求意见稿）", date(2025, 9, 1), date(2025, 10, 1))]          # > 12 months
    pages, rows = {}, []
    for slug, title, start, end in sols:
        pages[f"{col}{slug}.html"] = _page("意见征集", f"<h1>{title}</h1><p>征集时间：{start} 至 {end}</p>"
                                                       "<p>意见请发送至邮箱。</p>", title)
        rows.append(f'<li><a href="{col}{slug}.html">{title}</a><span>{start}</span></li>')
    pages[col + "index.html"] = _page("意见征集", '<div class="side"><a href="jgfk/">征集结果反馈</a></div>'
                                                 '<ul class="list">' + "".join(rows) + "</ul>")
    pages[fb + "b.html"] = _page("征集结果反馈", "<h1>关于《凤冈县茶产业发展规划》征求意见采纳情况的反馈</h1>",
                                 "关于《凤冈县茶产业发展规划》征求意见采纳情况的反馈")
    pages[fb + "c.html"] = _page("征集结果反馈", f'<h1>民生实事征集结果</h1><a href="{col}c.html">原公告</a>',
                                 "民生实事征集结果公布")
    pages[fb + "index.html"] = _page("征集结果反馈", '<ul class="list">'
                                     f'<li><a href="{fb}b.html">关于《凤冈县茶产业发展规划》征求意见采纳情况的反馈</a>'
                                     f'<span>2026-06-20</span></li><li><a href="{fb}c.html">民生实事征集结果公布</a>'
                                     "<span>2026-06-20</span></li></ul>")
    data = scandata_from_html(pages, date(2026, 11, 27), BASE)
    found = {f.message: f for f in [*too_few(data, profile), *no_feedback(data, profile)]}
    assert set(found) == {"近12个月开展意见征集3次（少于6次）", "1项意见征集未公开征集结果反馈", "2项意见征集期限过短"}
    assert found["1项意见征集未公开征集结果反馈"].rule_id == "solicitation.no_feedback"
    assert found["2项意见征集期限过短"].rule_id == "solicitation.too_few"
    assert all(f.url == col for f in found.values())
    assert "凤冈县城区停车管理办法" in found["1项意见征集未公开征集结果反馈"].evidence
    short = found["2项意见征集期限过短"].evidence
    assert "共15天，少于30天" in short and "共5天，少于7天" in short


def test_sample_portal(profile):
    data = sample_scandata()
    findings = [*reply_overdue(data, profile), *channel_missing(data, profile), *too_few(data, profile),
                *no_feedback(data, profile)]
    missed, traps, extra = compare(findings, ("interaction.", "solicitation."))
    assert (missed, traps, extra) == ([], [], [])
    by_msg = {f.message for f in findings if f.rule_id == "solicitation.too_few"}
    assert "近12个月开展意见征集4次（少于6次）" in by_msg
    assert "1项意见征集未公开征集结果反馈" in {f.message for f in findings if f.rule_id == "solicitation.no_feedback"}         # 养犬管理规定, closed months ago
    vetoes = [f for f in findings if f.severity == "veto"]
    assert len(vetoes) == 1 and "反映村道路面破损长期未修" in vetoes[0].message
