"""政务服务: 办事指南 with the 17 elements of 规范 第二十一条(三)1, and 表格下载 forms."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .attachments import CONTENT_TYPES, make_docx, make_pdf, make_png, make_xlsx
from .builder import SiteBuilder
from .columns import BY_KEY
from .render import Article
from .templates import rel

ELEMENTS = ("事项名称", "事项类型", "设定依据", "实施机构", "法定办结时限", "承诺办结时限", "结果名称", "结果样本",
            "收费标准", "收费依据", "申请材料", "办理流程", "办理形式", "审查标准", "办理地点", "办理时间",
            "咨询监督电话")


@dataclass(frozen=True)
class Guide:
    name: str
    dept: str
    age: int
    missing: tuple[str, ...] = ()   # elements absent from the table
    blank: tuple[str, ...] = ()     # elements present with an empty cell (also missing)


GUIDES = [
    Guide("城乡居民基本养老保险参保登记", "县人力资源和社会保障局", 30),
    Guide("结婚登记", "县民政局", 45),
    Guide("个体工商户设立登记", "县市场监督管理局", 60),
    Guide("建设工程消防验收", "县住房和城乡建设局", 90, ("设定依据", "法定办结时限", "承诺办结时限", "收费标准", "办理地点")),
    Guide("食品经营许可", "县市场监督管理局", 120, ("申请材料", "办理流程", "办理地点", "办理时间", "咨询监督电话")),
    Guide("临时救助申请", "县民政局", 150, ("设定依据", "承诺办结时限", "申请材料"), ("办理流程", "咨询监督电话")),
    Guide("残疾人证办理", "县残疾人联合会", 180, ("法定办结时限", "收费标准", "收费依据", "办理地点", "办理时间")),
    Guide("高龄津贴申领", "县民政局", 210, ("实施机构", "申请材料", "办理流程", "办理地点", "咨询监督电话")),
    Guide("医疗救助申请", "县医疗保障局", 240, ("结果样本", "收费依据")),
]

_VALUES = {
    "事项类型": "行政许可", "设定依据": "《中华人民共和国行政许可法》及相关法规", "法定办结时限": "20个工作日",
    "承诺办结时限": "5个工作日", "结果名称": "准予办理决定书", "结果样本": "见附件样本", "收费标准": "不收费",
    "收费依据": "无", "申请材料": "1.申请表；2.身份证明材料", "办理流程": "申请—受理—审查—决定—送达",
    "办理形式": "窗口办理、网上办理", "审查标准": "材料齐全、符合法定形式", "办理地点": "凤冈县政务服务中心一楼",
    "办理时间": "工作日上午9:00-12:00，下午14:00-17:30", "咨询监督电话": "0851-25223456",
}


@dataclass(frozen=True)
class Form:
    title: str
    age: int
    formats: tuple[str, ...]       # pdf, docx, xlsx, png


FORMS = [
    Form("凤冈县政府信息公开申请表", 40, ("docx", "pdf")),
    Form("城乡居民养老保险参保登记表", 70, ("xlsx",)),
    Form("临时救助申请审批表", 100, ("pdf",)),
    Form("最低生活保障申请表", 130, ("pdf",)),
    Form("个体工商户登记申请书", 160, ("docx",)),
    Form("残疾人证申请表", 190, ("png",)),
]

# A form whose title is markup (issue 16): every report and the console must show it as text.
# Offered only as PDF, so attachment.not_editable carries the title in its message.
HOSTILE_FORM = Form("<script>alert(1)</script>医疗救助申请表", 50, ("pdf",))
# Snapshot 3: the unit owning 表格下载 repaired this form (an editable docx beside the image).
REPAIRED_FORM = "残疾人证申请表"


def build_guides(b: SiteBuilder) -> None:
    col = BY_KEY["bszn"]
    for g in GUIDES:
        rows = []
        for el in ELEMENTS:
            if el in g.missing:
                continue
            value = g.name if el == "事项名称" else g.dept if el == "实施机构" else _VALUES[el]
            rows.append(f"<tr><th>{el}</th><td>{'' if el in g.blank else value}</td></tr>")
        body = f'<table class="bszn" border="1" width="100%">{"".join(rows)}</table>'
        path = b.add_article(Article(col=col, title=f"{g.name}办事指南", when=b.when(g.age), body=body,
                                     source=g.dept, date_label="更新时间"))
        lacking = g.missing + g.blank
        if lacking:
            b.plant("guide.missing_elements", path, col.name,
                    f"lacks {len(lacking)} of 17 elements: {'、'.join(lacking)}"
                    + (f" ({'、'.join(g.blank)} present but empty)" if g.blank else ""))
        else:
            b.trap("guide.missing_elements", path, col.name, "all 17 elements present")
    # Five of the guides above each lack at least 4 key elements: the national veto, on the column.
    b.plant("guide.missing_elements", col.path, col.name,
            "veto: >= 5 guides each lacking >= 4 key elements (国办秘函〔2019〕19号)")


def _form_file(fmt: str, title: str) -> bytes:
    rows = [["姓名", "", "性别", ""], ["身份证号码", "", "联系电话", ""], ["申请事由", "", "", ""]]
    if fmt == "pdf":
        return make_pdf("Form", [title, "姓名：________  性别：____", "身份证号码：________________",
                                 "申请事由：________________", "申请人签字：        年  月  日"])
    if fmt == "docx":
        return make_docx(title, ["填表说明：请用黑色签字笔填写。"], table=rows)
    if fmt == "xlsx":
        return make_xlsx(title, [[title], *rows])
    return make_png(40, 56, (245, 245, 245))


def _build_form(b: SiteBuilder, f: Form, note: str = "", extra: str = "") -> str:
    col = BY_KEY["bgxz"]
    when = b.when(f.age)
    atts = []
    for seq, fmt in enumerate(f.formats, start=1):
        path = b.attachment_path(col, when.date(), fmt, seq)
        b.add(path, _form_file(fmt, f.title), CONTENT_TYPES[fmt])
        atts.append((path, f"{f.title}.{fmt}"))
    page = b.add_article(Article(col=col, title=f.title, when=when, attachments=atts,
                                 body=f"<p>{escape(f.title)}，请下载后填写，并携带相关材料到凤冈县政务服务中心办理。</p>"
                                 + extra))
    b.forms[f.title] = (page, atts)
    if not set(f.formats) & {"docx", "xlsx"}:
        kind = "image" if "png" in f.formats else "PDF"
        b.plant("attachment.not_editable", page, col.name, f"form offered only as {kind}: {atts[0][0]}{note}")
    elif "pdf" in f.formats:
        b.trap("attachment.not_editable", page, col.name, "PDF offered together with an editable docx")
    return page


def build_forms(b: SiteBuilder) -> None:
    for f in FORMS:
        _build_form(b, f)


def build_hostile_form(b: SiteBuilder) -> None:
    """The form titled <script>alert(1)</script>…: its <title>, h1, list anchors and attachment
    label carry the markup (escaped in the page, so the page is valid HTML and the title text is
    literally the markup). Built after every older page, so that their URLs stay."""
    col = BY_KEY["bgxz"]
    # a 相关链接 to a guide taken down, its anchor text the markup too: link.broken is national, so
    # the inspection report (national findings only) shows the markup in its evidence
    dead = col.path + b.ids.article_rel(b.day(400), 7711241)
    assert ("site", dead) not in b.resources, dead
    anchor = f"{HOSTILE_FORM.title}填写说明"
    page = _build_form(b, HOSTILE_FORM, "; its title is markup: shown escaped in every report (untrusted)",
                       f'<p>相关链接：<a href="{dead}">{escape(anchor)}</a></p>')
    b.plant("link.broken", dead, col.name, "internal page link answers 404; its anchor text is markup", page=page)
    b.quirk("markup_title", page, "page title and a link's anchor text are literally <script>alert(1)</script>…",
            value=HOSTILE_FORM.title)


def repair_snapshot_three(b: SiteBuilder) -> None:
    """Snapshot 3: 县政务服务中心 repaired one finding: 残疾人证申请表 (an image only) now also
    offers an editable docx, added as the document's second attachment. Nothing else changes."""
    page, atts = b.forms[REPAIRED_FORM]
    (png, png_label), = atts
    docx = png.rsplit("001.png", 1)[0] + "002.docx"
    assert png.endswith("001.png") and ("site", docx) not in b.resources, png
    b.add(docx, _form_file("docx", REPAIRED_FORM), CONTENT_TYPES["docx"])
    res = b.resources[("site", page)]
    body = res.body.decode("utf-8")
    old = f'{escape(png_label)}</a></li>'
    assert body.count(old) == 1, (page, old)
    body = body.replace(old, old + f'<li><a href="{rel(page, docx)}" target="_blank">{REPAIRED_FORM}.docx</a></li>')
    res.body, res.last_modified = body.encode("utf-8"), b.as_of
    # TRS publishes the column's list pages again with the article (the same bytes, a new ETag): a
    # re-scan asks again for the articles of a list that changed, and takes the others' from the
    # last scan
    col = BY_KEY["bgxz"]
    lists = [p for (h, p) in b.resources if h == "site" and p.startswith(col.path + "index")]
    assert lists, col.path
    for path in lists:
        b.resources[("site", path)].published += 1
        b.resources[("site", path)].last_modified = b.as_of
    b.repair("attachment.not_editable", page, BY_KEY["bgxz"].name,
             f"snapshot 3: repaired, the image form now also offered as an editable docx: {docx}")
