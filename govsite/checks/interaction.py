"""互动交流: letters answered in time, a working channel, and enough 意见征集 (规范 第二十二条, 第二十三条)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from govsite.checks.registry import RuleContext, rule
from govsite.lang import tr
from govsite.models import Finding
from govsite.profile import Profile
from govsite.records import letters as L
from govsite.records import solicitations as S
from govsite.records.fields import ListRow
from govsite.records.markup import page_markup
from govsite.records.scan import (
    Member,
    add_months,
    cached,
    calendar_note,
    canon,
    column_names,
    columns_matching,
    list_pages,
    members,
    workdays,
)
from govsite.scan.view import ScanView

_VETO_CLAUSE = "规范 第二十三条(六); 国办秘函〔2019〕19号 (留言超过3个月未回复, 单项否决)"


@dataclass(frozen=True)
class Placed:
    """A record with the column it was found in."""

    record: L.Letter | S.Solicitation | Member
    column_url: str
    column: str


def _rows_by_url(data: ScanView, column_url: str) -> dict[str, ListRow]:
    """The rows of every list page of a column, by the URL they link to."""
    rows: dict[str, ListRow] = {}
    for page_url in list_pages(data, column_url):
        markup = page_markup(data, page_url)
        for row in (markup.rows if markup is not None else ()):
            if row.url:
                rows.setdefault(row.url, row)
    return rows


def letter_columns(data: ScanView, profile: Profile) -> dict[str, str]:
    return columns_matching(data, profile.get("interaction.letter_columns") or [],
                            profile.get("interaction.exclude_columns") or [])


def find_letters(data: ScanView, profile: Profile) -> list[Placed]:
    """Every letter of the letter columns: its page merged with its list row."""
    def build() -> list[Placed]:
        out = []
        for col_url, name in letter_columns(data, profile).items():
            rows = _rows_by_url(data, col_url)
            seen = set()
            for m in members(data, {col_url: name}):
                markup = page_markup(data, m.url)
                page = (L.letter_from_page_fields(markup.fields, m.url, m.title, data.as_of)
                        if markup is not None else None)
                row = rows.get(m.url)
                letter = L.merge(page, L.letter_from_row(row, data.as_of) if row else None)
                seen.add(m.url)
                if letter is not None and (letter.submitted or letter.status or letter.replied):
                    out.append(Placed(letter, col_url, name))
            for url, row in rows.items():     # listed letters whose page was not stored
                if url not in seen and canon(url) != canon(col_url):
                    letter = L.letter_from_row(row, data.as_of)
                    if letter.submitted or letter.status:
                        out.append(Placed(letter, col_url, name))
        return out
    return cached(data, "letters", build)


def _limit(letter: L.Letter, profile: Profile) -> tuple[int, str]:
    limits = profile.get("interaction.reply_workdays") or {}
    default = int(profile.get("interaction.default_reply_workdays"))
    if letter.kind in limits:
        note = "" if letter.kind_from == "field" else tr(f"信件类型“{letter.kind}”由标题判断",
                                                         f"type {letter.kind} read from the title")
        return int(limits[letter.kind]), note
    if letter.kind:
        return default, tr(f"{letter.kind}类信件按{default}个工作日计（暂定）",
                           f"{letter.kind}: held to {default} working days (provisional)")
    return default, tr(f"未标明信件类型，按{default}个工作日计（暂定）",
                       f"type not shown: held to {default} working days (provisional)")


def _overdue(span: str, days: int, limit: int, note: str) -> str:
    return tr(f"{span}：{days}个工作日，时限{limit}个工作日" + (f"；{note}" if note else ""),
              f"{span}: {days} working days, limit {limit}" + (f"; {note}" if note else ""))


@rule("interaction.reply_overdue", title="留言答复超期", title_en="a letter answered late or still unanswered",
      clause="规范 第二十三条(六); 国办秘函〔2019〕19号", severity="veto", standard="both",
      reads=("interaction.exclude_columns", "interaction.letter_columns", "interaction.reply_workdays", "interaction.default_reply_workdays",
             "interaction.veto_unanswered_months", "interaction.late_severity"))
def reply_overdue(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：留言（咨询 15 个工作日、投诉 20 个工作日）超期答复或至今未答复；未答复的留言计算到本次检查日；超过 3 个月未答复为国家单项否决。
    依据：规范 第二十三条(六)；国办秘函〔2019〕19号。
    整改：承办单位尽快答复并在网站公开答复内容；建立留言办理台账，按期答复。
    """
    months = int(ctx.get("interaction.veto_unanswered_months"))
    late_severity = ctx.get("interaction.late_severity")
    if late_severity not in ("veto", "deduct", "warn"):
        late_severity = "warn"
    for placed in find_letters(data, ctx):
        letter: L.Letter = placed.record
        if letter.submitted is None:
            continue
        limit, note = _limit(letter, ctx)
        kind = f"{letter.kind}类信件" if letter.kind else "信件"
        extra = dict(column=placed.column, column_url=placed.column_url, unit=letter.unit or "")
        got = letter.submitted
        if letter.answered:
            if letter.replied is None:
                continue                      # answered, date not shown: nothing to count
            days = workdays(got, letter.replied)
            span = tr(f"{got} 收到，{letter.replied} 回复", f"received {got}, answered {letter.replied}")
            if days is None:
                if (letter.replied - got).days > limit:
                    yield ctx.finding(letter.url, f"{kind}「{letter.title}」回复时限无法按工作日判断",
                                  tr(f"{span}；", f"{span}; ") + calendar_note(got, letter.replied), severity="warn",
                                  standard="county", clause="规范 第二十三条(六)", **extra)
                continue
            if days > limit:
                yield ctx.finding(letter.url,
                              f"{kind}「{letter.title}」{days}个工作日后才回复（限{limit}个工作日）",
                              _overdue(span, days, limit, note),
                              severity=late_severity, standard="county", clause="规范 第二十三条(六)",
                              **extra)
            continue
        if not letter.unanswered:
            continue
        veto = data.as_of > add_months(got, months)
        days = workdays(got, data.as_of)
        span = tr(f"{got} 收到，截至 {data.as_of} {letter.status or '未回复'}",
                  f"received {got}, {letter.status or 'no reply'} as of {data.as_of}")
        if veto:
            counted = tr(f"{days}个工作日", f"{days} working days") if days is not None \
                else calendar_note(got, data.as_of)
            age = (data.as_of - got).days
            yield ctx.finding(letter.url,
                          f"{kind}「{letter.title}」超过{months}个月未回复",
                          tr(f"{span}（{age}天，{counted}）；超过{months}个月未回复属国家单项否决，"
                             f"也超过县级规范{limit}个工作日的时限" + (f"；{note}" if note else ""),
                             f"{span} ({age} days, {counted}); over {months} months "
                             f"unanswered is a national veto, and over the county limit of {limit} working days"
                             + (f"; {note}" if note else "")),
                          severity="veto", standard="both", clause=_VETO_CLAUSE, **extra)
        elif days is None:
            if (data.as_of - got).days > limit:
                yield ctx.finding(letter.url, f"{kind}「{letter.title}」未回复，工作日无法计算",
                              tr(f"{span}；", f"{span}; ") + calendar_note(got, data.as_of), severity="warn",
                              standard="county", clause="规范 第二十三条(六)", **extra)
        elif days > limit:
            yield ctx.finding(letter.url,
                          f"{kind}「{letter.title}」{days}个工作日未回复（限{limit}个工作日）",
                          _overdue(span, days, limit, note),
                          severity=late_severity, standard="county", clause="规范 第二十三条(六)", **extra)


def _page_has_form(data: ScanView, url: str) -> bool:
    markup = page_markup(data, url)
    return markup is not None and markup.has_form


@rule("interaction.channel_missing", title="缺少咨询投诉渠道", title_en="no working consultation channel (信箱 / 留言)",
      clause="规范 第二十二条(一); 国办秘函〔2019〕19号", severity="veto", standard="both",
      reads=("interaction.exclude_columns", "interaction.letter_columns",))
def channel_missing(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：网站没有可用的咨询投诉渠道（显示留言的信箱、留言栏目，或带提交表单的页面）。
    依据：规范 第二十二条(一)；国办秘函〔2019〕19号：互动交流渠道不可用单项否决。
    整改：开设并维护县长信箱或咨询投诉栏目，确保提交表单可用。
    """
    columns = letter_columns(data, ctx)
    if find_letters(data, ctx):
        return
    for col_url in columns:
        for url in list_pages(data, col_url) + [m.url for m in members(data, {col_url: columns[col_url]})]:
            if _page_has_form(data, url):
                return
    if columns:
        names = "、".join(sorted(set(columns.values())))
        why = tr(f"栏目{names}中没有信件，也没有提交表单", f"columns {names} show no letter and no submission form")
    else:
        named = "/".join((ctx.get("interaction.letter_columns") or [])[:6])
        why = tr(f"未找到名为{named}的栏目", f"no column named {named} found")
    yield ctx.finding(data.start_url, "未发现可用的咨询投诉渠道（信箱/留言）", why,
                  column=next(iter(columns.values()), ""), column_url=next(iter(columns), ""))


# --------------------------------------------------------------------------- 意见征集

def find_solicitations(data: ScanView, profile: Profile) -> tuple[list[Placed], list[Placed]]:
    """(solicitations, result pages) of the 意见征集 columns."""
    def build():
        sols, results = [], []
        feedback_cols = columns_matching(data, profile.get("solicitation.feedback_columns") or [])
        cols = columns_matching(data, profile.get("solicitation.columns") or [],
                                profile.get("solicitation.feedback_columns") or [])
        for m in members(data, feedback_cols):
            results.append(Placed(m, m.column_url, m.column))
        for col_url, name in cols.items():
            rows = _rows_by_url(data, col_url)
            for m in members(data, {col_url: name}):
                if S.is_result_title(m.title):
                    results.append(Placed(m, col_url, name))
                    continue
                info = data.page(m.url)
                published = (info.published if info else None) or m.listed_date
                markup = page_markup(data, m.url)
                if markup is not None:
                    sol = S.solicitation_from_reading(markup.fields, markup.text, markup.feedback,
                                                      m.url, m.title, published, data.as_of)
                else:
                    sol = S.Solicitation(m.url, m.title, published, None, None)
                row = rows.get(m.url)
                if row is not None and (sol.start is None or sol.end is None):
                    r = S.solicitation_from_row(row, published, data.as_of)
                    sol = S.Solicitation(sol.url, sol.title, sol.published, sol.start or r.start,
                                         sol.end or r.end, sol.feedback_urls)
                sols.append(Placed(sol, col_url, name))
        return sols, results
    return cached(data, "solicitations", build)


def _has_result(sol: S.Solicitation, results: list[Placed], data: ScanView) -> bool:
    """A result page linked from the solicitation, linking to it, or titled after its subject; a
    link to a whole column (a sidebar's 征集结果反馈 entry) does not count."""
    listing = {canon(u) for u in column_names(data)}
    if any(canon(u) not in listing for u in sol.feedback_urls):
        return True
    key = canon(sol.url)
    subject = S.subject(sol.title)
    for placed in results:
        m = placed.record
        if any(canon(u) == key for u in _links_of(data, m.url)):
            return True
        other = S.subject(m.title or "")
        if subject and other and len(min(subject, other, key=len)) >= 4 and (subject in other or other in subject):
            return True
    return False


def _links_of(data: ScanView, url: str) -> list[str]:
    parsed = data.parsed(url)
    return [link.url for link in parsed.links] if parsed else []


def _min_days(sol: S.Solicitation, profile: Profile) -> int:
    normative = any(k in sol.title for k in profile.get("solicitation.normative_keywords") or [])
    key = "solicitation.min_days_normative" if normative else "solicitation.min_days_other"
    return int(profile.get(key))


_SOLICITATION_READS = ("solicitation.columns", "solicitation.feedback_columns", "solicitation.normative_keywords",
                       "solicitation.window_days", "solicitation.min_days_normative", "solicitation.min_days_other")


def _recent_solicitations(data: ScanView, ctx: RuleContext):
    """(solicitations of the window, all, result pages, the window's first day, main column fields,
    main column URL)."""
    sols, results = find_solicitations(data, ctx)
    window = int(ctx.get("solicitation.window_days"))
    since = data.as_of - timedelta(days=window)
    recent = [p for p in sols if p.record.opened and since < p.record.opened <= data.as_of]
    columns = {p.column_url: p.column for p in sols} or columns_matching(
        data, ctx.get("solicitation.columns") or [], ctx.get("solicitation.feedback_columns") or [])
    main_url = max(columns, key=lambda u: sum(p.column_url == u for p in recent), default=data.start_url)
    main = dict(column=columns.get(main_url, "意见征集"), column_url=main_url if columns else "")
    return recent, sols, results, since, main, main_url


@rule("solicitation.too_few", title="意见征集次数不足", title_en="fewer than 6 意见征集 in the last 12 months (also: "
      "comment period too short)", clause="规范 第二十三条(八)", severity="warn", standard="county",
      reads=(*_SOLICITATION_READS, "solicitation.min_per_year"))
def too_few(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：近一年开展的意见征集少于 6 次，或征集期短于规定天数。
    依据：规范 第二十三条(八)：一年内开展征集活动不少于 6 次；重大行政决策预公开制度。
    整改：按计划开展意见征集，征集期不少于规定天数。
    """
    recent, sols, _results, since, main, main_url = _recent_solicitations(data, ctx)
    window = int(ctx.get("solicitation.window_days"))
    minimum = int(ctx.get("solicitation.min_per_year"))
    if len(recent) < minimum:
        listed = "; ".join(f"{p.record.opened} {p.record.title}" for p in recent)
        first, older = since + timedelta(days=1), len(sols) - len(recent)
        yield ctx.finding(main_url,
                      f"近{window // 30}个月开展意见征集{len(recent)}次（少于{minimum}次）",
                      tr(f"{first} 至 {data.as_of} 开始的意见征集{len(recent)}次："
                         f"{listed.replace('; ', '；') or '无'}；更早的{older}次",
                         f"{len(recent)} solicitations opened {first}..{data.as_of}: {listed or 'none'}; "
                         f"{older} older"), **main)
    short, short_en = [], []
    for p in recent:
        sol: S.Solicitation = p.record
        need = _min_days(sol, ctx)
        if sol.period_days is not None and sol.period_days < need:
            short.append(f"{sol.title}：{sol.start} 至 {sol.end} 共{sol.period_days}天，少于{need}天 {sol.url}")
            short_en.append(f"{sol.title}: {sol.start}..{sol.end} = {sol.period_days} days < {need} {sol.url}")
    if short:
        yield ctx.finding(main_url, f"{len(short)}项意见征集期限过短",
                      tr("征集期短于配置的最少天数（暂定：规范性文件/重大决策30天，其他7天）：" + "；".join(short),
                         "comment period shorter than the profile minimum (provisional: 30 days for "
                         "规范性文件/重大决策, 7 otherwise): " + "; ".join(short_en)),
                      clause="规范 第二十二条(二)（征集期限暂定）", **main)


@rule("solicitation.no_feedback", title="意见征集结果未反馈", title_en="a closed 意见征集 whose result (征集结果反馈) is "
      "not published within the profile's days", clause="规范 第二十二条(二)2; 重大行政决策预公开制度",
      severity="warn", standard="county", reads=(*_SOLICITATION_READS, "solicitation.feedback_grace_days"))
def no_feedback(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：意见征集结束超过规定天数，仍未公开征集结果反馈（结果页既未与征集公告相互链接，标题也未提及征集事项）。
    依据：规范 第二十二条(二)2；重大行政决策预公开制度：征集结束后应公开意见采纳情况。
    整改：在“征集结果反馈”栏目发布意见收集和采纳情况，并与原征集公告相互链接。
    """
    recent, _sols, results, _since, main, main_url = _recent_solicitations(data, ctx)
    grace = int(ctx.get("solicitation.feedback_grace_days"))
    no_result, no_result_en = [], []
    for p in recent:
        sol: S.Solicitation = p.record
        closed = sol.end or (sol.opened + timedelta(days=_min_days(sol, ctx)))
        if closed + timedelta(days=grace) < data.as_of and not _has_result(sol, results, data):
            no_result.append(f"{sol.title}（{closed} 结束）{sol.url}")
            no_result_en.append(f"{sol.title} (closed {closed}) {sol.url}")
    if no_result:
        yield ctx.finding(main_url, f"{len(no_result)}项意见征集未公开征集结果反馈",
                      tr(f"截至 {data.as_of} 已结束{grace}天以上，未找到与其链接或以其命名的结果页："
                         + "；".join(no_result),
                         f"closed over {grace} days before {data.as_of}, no result page linked or titled after "
                         "them: " + "; ".join(no_result_en)), **main)
