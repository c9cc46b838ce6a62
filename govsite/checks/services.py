"""政务服务: 办事指南 elements and editable forms (规范 第二十一条(三); 国办秘函〔2019〕19号)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from govsite.checks.registry import RuleContext, rule
from govsite.lang import tr
from govsite.models import Finding
from govsite.parsing.links import make_link
from govsite.profile import Profile
from govsite.records.guides import FormFile, GuideElements, elements_in, file_format, form_name, group_forms
from govsite.records.markup import page_markup
from govsite.records.scan import Member, cached, columns_matching, members
from govsite.scan.view import ScanView


def _guides(data: ScanView, profile: Profile) -> list[tuple[Member, GuideElements]]:
    def build():
        elements = profile.get("services.guide_elements") or {}
        cols = columns_matching(data, profile.get("services.guide_columns") or [])
        out = []
        for m in members(data, cols):
            markup = page_markup(data, m.url)
            if markup is not None:     # a guide on another platform (no HTML in the scan) is not judged
                out.append((m, elements_in(markup.fields, m.url, m.title, elements)))
        return out
    return cached(data, "guides", build)


@rule("guide.missing_elements", title="办事指南要素缺失", title_en="a 办事指南 lacks required elements",
      clause="规范 第二十一条(三)1; 国办秘函〔2019〕19号（5个以上指南各缺4项以上关键要素为单项否决）",
      severity="warn", standard="county",
      reads=("services.guide_columns", "services.guide_elements", "services.key_elements", "services.veto_guides",
             "services.veto_missing_key"))
def missing_elements(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：办事指南缺少规定要素（共 17 项）；5 个以上指南各缺 4 项以上关键要素为国家单项否决。
    依据：规范 第二十一条(三)1；国办秘函〔2019〕19号。
    整改：按 17 项要素补全办事指南，尤其是办理依据、材料、流程、时限、地点和咨询方式。
    """
    key = tuple(ctx.get("services.key_elements") or ())
    need_guides = int(ctx.get("services.veto_guides"))
    need_missing = int(ctx.get("services.veto_missing_key"))
    total = len(ctx.get("services.guide_elements") or {})
    serious: list[tuple[Member, list[str]]] = []
    for m, g in _guides(data, ctx):
        if not g.missing:
            continue
        if not g.present:
            yield ctx.finding(m.url, f"办事指南「{m.title}」未列出任何要素",
                          tr("表格、定义列表或带标签的行中都没有找到要素；指南可能在附件或图片中（不计入单项否决）",
                             "none of the elements found in a table, definition list or labelled lines; the "
                             "guide may live in an attachment or an image (not counted toward the veto)"),
                          column=m.column, column_url=m.column_url)
            continue
        lacking_key = [e for e in g.missing if e in key]
        evidence = tr(f"{total}项要素中缺少{len(g.missing)}项：{'、'.join(g.missing)}",
                      f"lacks {len(g.missing)} of {total}: {'、'.join(g.missing)}")
        if g.blank:
            evidence += tr(f"（{'、'.join(g.blank)}有标题但内容为空）", f" ({'、'.join(g.blank)} present but empty)")
        if len(lacking_key) >= need_missing:
            serious.append((m, lacking_key))
            evidence += tr(f"；缺少{len(lacking_key)}项关键要素（计入国家单项否决）",
                           f"; {len(lacking_key)} key elements missing (counts toward the national veto)")
        yield ctx.finding(m.url,
                      f"办事指南「{m.title}」缺少{len(g.missing)}项要素", evidence,
                      column=m.column, column_url=m.column_url)
    if len(serious) >= need_guides:
        column_url, column = Counter((m.column_url, m.column) for m, _ in serious).most_common(1)[0][0]
        listed = tr("；".join(f"{m.title}：{'、'.join(k)}（{m.url}）" for m, k in serious),
                    "; ".join(f"{m.title}: {'、'.join(k)} ({m.url})" for m, k in serious))
        yield ctx.finding(column_url,
                      f"{len(serious)}个办事指南各缺少{need_missing}项及以上关键要素（单项否决）",
                      tr(f"{need_guides}个及以上办事指南各缺少{need_missing}项及以上关键要素"
                         f"（关键要素暂定为{'、'.join(key)}）：{listed}",
                         f">= {need_guides} guides each lacking >= {need_missing} of the key elements "
                         f"{'、'.join(key)} (provisional list): {listed}"),
                      severity="veto", standard="national",
                      clause="国办秘函〔2019〕19号 办事指南要素缺失（暂定）",
                      column=column, column_url=column_url)


# --------------------------------------------------------------------------- forms

def _form_files(data: ScanView, url: str, title: str, keywords: tuple[str, ...] | None,
                known: set[str]) -> list[FormFile]:
    markup = page_markup(data, url)
    if markup is None:
        return []
    files = []
    for href, label in markup.anchors:
        link = make_link(href, url, "a")
        if link is None or link.category not in ("attachment", "image", "page"):
            continue
        check = data.checks.get(link.url)
        fmt = file_format(link.url, check.content_type if check else None)
        if fmt not in known:
            continue
        if keywords is not None and not any(k in label for k in keywords):
            continue
        files.append(FormFile(link.url, label, fmt, form_name(label, title)))
    return files


@rule("attachment.not_editable", title="表格未提供可编辑格式", title_en="a form to fill in offered only as PDF or image",
      clause="规范 第二十一条(三)2(3)", severity="warn", standard="county",
      reads=("services.guide_columns", "services.form_columns", "services.editable_formats", "services.fixed_formats",
             "services.form_keywords"))
def not_editable(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：需要填写的表格只提供 PDF、OFD 或图片，没有可编辑的版本。
    依据：规范 第二十一条(三)2(3)：办事表格应支持常用办公软件编辑。
    整改：同时提供 doc/docx、xls/xlsx 或 wps 格式的表格。
    """
    editable = set(ctx.get("services.editable_formats") or ())
    fixed = set(ctx.get("services.fixed_formats") or ())
    form_cols = columns_matching(data, ctx.get("services.form_columns") or [])
    guide_cols = columns_matching(data, ctx.get("services.guide_columns") or [])
    keywords = tuple(ctx.get("services.form_keywords") or ())
    pages = [(m, None) for m in members(data, form_cols)]
    pages += [(m, keywords) for m in members(data, {u: n for u, n in guide_cols.items() if u not in form_cols})]
    seen = set()
    for m, kw in pages:
        if m.url in seen:
            continue
        seen.add(m.url)
        files = _form_files(data, m.url, m.title, kw, editable | fixed)
        groups = group_forms(files)
        named = [g for g in groups if g.form != m.title]
        nameless = [g for g in groups if g.form == m.title]
        if len(named) == 1 and nameless:   # "Word版 / PDF版" links beside one named form
            named[0].files.extend(f for g in nameless for f in g.files)
            groups = named
        bad = [g for g in groups if g.formats and g.formats <= fixed]
        if not bad:
            continue
        detail = tr("；".join(f"{g.form}：仅有{'/'.join(sorted(g.formats))}格式"
                             f"（{', '.join(f.url for f in g.files)}）" for g in bad),
                    "; ".join(f"{g.form}: only {'/'.join(sorted(g.formats))} "
                              f"({', '.join(f.url for f in g.files)})" for g in bad))
        kinds = "、".join(sorted({"图片" if f.fmt not in ("pdf", "ofd") else f.fmt.upper()
                                 for g in bad for f in g.files}))
        yield ctx.finding(m.url, f"「{m.title}」表格仅提供{kinds}格式，不可编辑",
                      tr(f"没有{'/'.join(sorted(editable))}等可编辑格式：{detail}",
                         f"no {'/'.join(sorted(editable))} version: {detail}"),
                      column=m.column, column_url=m.column_url)


