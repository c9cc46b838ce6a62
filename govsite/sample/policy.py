"""Policy documents (县政府文件, 县政府办文件, 规范性文件) and their interpretations (政策解读).

Planted here: interpretation.missing / late / unlinked, attribute.not_public; the trap is a
document interpreted the same day and linked both ways.
"""
from __future__ import annotations

from dataclasses import dataclass

from .builder import SiteBuilder
from .columns import BY_KEY
from .render import Article
from .util import workdays_between


@dataclass(frozen=True)
class PolicyDoc:
    col: str
    age: int
    title: str
    number: str                  # 文号, {y} replaced by the document's year
    interp: str = "same_day"     # same_day, none, late, one_way
    attribute: str = "此件主动公开"
    trap: bool = False           # the well-behaved document recorded as a trap


LATE_DAYS = 21  # calendar days between document and interpretation: > 3 working days in any season

DOCS = [
    PolicyDoc("xzfwj", 12, "凤冈县人民政府关于印发凤冈县冬春农业生产工作方案的通知", "凤府发〔{y}〕21号"),
    PolicyDoc("xzfwj", 35, "凤冈县人民政府关于进一步加强森林防火工作的意见", "凤府发〔{y}〕19号", interp="none"),
    PolicyDoc("xzfwj", 60, "凤冈县人民政府关于印发凤冈县促进茶产业高质量发展若干措施的通知", "凤府发〔{y}〕17号",
              interp="late"),
    PolicyDoc("xzfwj", 95, "凤冈县人民政府关于印发凤冈县就业创业补贴实施办法的通知", "凤府发〔{y}〕15号"),
    PolicyDoc("xzfwj", 130, "凤冈县人民政府关于调整县城区土地征收补偿标准的通知", "凤府发〔{y}〕12号",
              attribute="此件不予公开"),
    PolicyDoc("xzfwj", 170, "凤冈县人民政府关于印发凤冈县城乡居民医疗保障实施意见的通知", "凤府发〔{y}〕9号"),
    PolicyDoc("gfxwj", 20, "凤冈县城镇住房保障管理办法", "凤府规〔{y}〕3号", trap=True),
    PolicyDoc("gfxwj", 80, "凤冈县农村宅基地管理办法", "凤府规〔{y}〕2号", interp="one_way"),
    PolicyDoc("gfxwj", 150, "凤冈县城市绿化管理办法", "凤府规〔{y}〕1号"),
    PolicyDoc("gfxwj", 260, "凤冈县城区环境卫生管理办法", "凤府规〔{y}〕4号"),
    PolicyDoc("xzfbwj", 230, "凤冈县人民政府办公室关于印发凤冈县防汛抗旱应急预案的通知", "凤府办发〔{y}〕33号"),
    PolicyDoc("xzfbwj", 280, "凤冈县人民政府办公室关于做好信访维稳工作的通知", "凤府办发〔{y}〕28号",
              attribute="此件依申请公开"),
    PolicyDoc("xzfbwj", 330, "凤冈县人民政府办公室关于印发凤冈县食品安全工作要点的通知", "凤府办发〔{y}〕21号"),
]


def build_policy(b: SiteBuilder) -> None:
    zcjd, zcwj = BY_KEY["zcjd"], BY_KEY["zcwj"]
    for doc in DOCS:
        col = BY_KEY[doc.col]
        when = b.when(doc.age)
        number = doc.number.format(y=when.year)
        doc_path, _ = b.new_doc_path(col, when)
        interp_path = ""
        interp_title = f"《{doc.title}》政策解读"
        if doc.interp != "none":
            i_when = b.when(doc.age - LATE_DAYS) if doc.interp == "late" else when.replace(hour=min(when.hour + 1, 23))
            interp_path, _ = b.new_doc_path(zcjd, i_when)
            i_body = (f"<p>一、出台背景。为贯彻落实上级决策部署，县人民政府制定了《{doc.title}》。</p>"
                      "<p>二、主要内容。文件明确了目标任务、主要措施和保障措施。</p>"
                      f'<p class="related">相关文件：<a href="{doc_path}">{doc.title}</a></p>')
            b.add_article(Article(col=zcjd, title=interp_title, when=i_when, body=i_body, path=interp_path,
                                  source=col.source))
        related = ""
        if doc.interp in ("same_day", "late"):
            related = f'<p class="related">相关解读：<a href="{interp_path}">{interp_title}</a></p>'
        body = (f'<p style="text-align:center">{number}</p>'
                f"<p>各乡镇人民政府（街道办事处），县政府各工作部门：</p><p>现将《{doc.title}》有关事项通知如下，"
                f"请认真贯彻执行。</p><p style=\"text-align:right\">凤冈县人民政府</p>"
                f"<p>（{doc.attribute}）</p>{related}")
        b.add_article(Article(col=col, title=doc.title, when=when, body=body, path=doc_path,
                              cells={"文号": number}, extra_meta={"Wenhao": number}))
        b.items[zcwj.key].append(b.items[col.key][-1])

        if doc.interp == "none":
            b.plant("interpretation.missing", doc_path, col.name, "policy document without any interpretation")
        elif doc.interp == "late":
            wd = workdays_between(when.date(), b.day(doc.age - LATE_DAYS))
            assert wd > 3, wd
            b.plant("interpretation.late", doc_path, col.name,
                    f"interpretation published {LATE_DAYS} calendar days ({wd} working days) after the document")
        elif doc.interp == "one_way":
            b.plant("interpretation.unlinked", doc_path, col.name,
                    "interpretation links to the document, the document does not link back")
        if doc.attribute != "此件主动公开":
            b.plant("attribute.not_public", doc_path, col.name, f"published document marked （{doc.attribute}）")
        if doc.trap:
            for rule in ("interpretation.missing", "interpretation.late", "interpretation.unlinked"):
                b.trap(rule, doc_path, col.name, "interpretation published the same day, linked both ways")
            b.trap("attribute.not_public", doc_path, col.name, "marked （此件主动公开）")
