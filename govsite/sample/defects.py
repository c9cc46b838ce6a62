"""Planted content defects: article fields, privacy, secrecy, political wording; and the page
chrome defects (footer/header variants) derived from the column definitions.

Each defect is declared once: the same code writes the page and records the plant.
"""
from __future__ import annotations

from .attachments import CONTENT_TYPES, make_pdf, make_png, make_xlsx
from .builder import SiteBuilder
from .columns import BY_KEY, COLUMNS
from .render import Article
from .util import make_bad_checksum_serial, make_bank_card, make_id_number, make_mobile, mask_id

FOOTER_RULES = {
    "no_idcode": [("footer.identifier_missing", "footer has no 网站标识码 (the jiucuo link still carries it)")],
    "jiucuo_mismatch": [("footer.jiucuo_mismatch", "找错 link carries site_code=5203000001, SiteIDCode is 5203270001")],
    "minimal": [("footer.jiucuo_missing", "old special-topic footer: no 我为政府网站找错"),
                ("footer.icp_missing", "old special-topic footer: no ICP备案号"),
                ("footer.police_missing", "old special-topic footer: no 公网安备"),
                ("footer.conac_missing", "old special-topic footer: no 党政机关 badge"),
                ("footer.contact_missing", "old special-topic footer: no 联系电话")],
    "no_sponsor": [("footer.sponsor_missing", "footer has no 主办单位")],
}

# ID number that appears in a list summary on a page reachable only through createPageHTML
ID_ON_PAGED_LIST_AGE = 170


def _p(*paras: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paras)


def build_article_defects(b: SiteBuilder) -> None:
    gzdt, bmdt = BY_KEY["gzdt"], BY_KEY["bmdt"]
    base = dict(col=gzdt, body=_p("近日，县政府召开专题会议，研究部署相关工作。", "会议要求，各地各部门要抓好落实。"))
    for age, field_name, rule, note in (
        (16, "show_title", "article.missing_title", "h1 empty, no ArticleTitle meta"),
        (18, "show_date", "article.missing_date", "no 发布时间 in the info line, no PubDate meta"),
        (20, "show_source", "article.missing_source", "no 来源 in the info line, no ContentSource meta"),
        (22, "show_body", "article.missing_body", "empty div.TRS_Editor"),
    ):
        art = Article(title=f"凤冈县召开第{age}次县长办公会", when=b.when(age), **base)
        setattr(art, field_name, False)
        path = b.add_article(art)
        b.plant(rule, path, gzdt.name, note)
    path = b.add_article(Article(title="凤冈县召开县长办公会研究重点项目建设", when=b.when(24), date_label="发布日期",
                                 date_style="cn", source_label="信息来源", **base))
    for rule in ("article.missing_date", "article.missing_source", "article.missing_title", "article.missing_body"):
        b.trap(rule, path, gzdt.name, "labels 发布日期 (YYYY年MM月DD日) and 信息来源 are valid variants")

    # political wording: seed errors, a near miss, and correct text
    path = b.add_article(Article(col=gzdt, title="凤冈县举行国家宪法日宣传活动", when=b.when(12), body=_p(
        "12月4日是国家宪法日，凤冈县组织开展《中华人民共合国宪法》宣传活动。", "活动现场发放宣传资料2000余份。")))
    b.plant("wording.political", path, gzdt.name, "中华人民共合国 (should be 中华人民共和国; seed list)")
    path = b.add_article(Article(col=bmdt, title="县文明办开展社会主义核心价值观宣传活动", when=b.when(15), body=_p(
        "县文明办组织开展社会主意核心价值观宣传进社区活动。", "活动引导群众积极参与文明创建。")))
    b.plant("wording.political", path, bmdt.name, "社会主意 (near miss of 社会主义; not in the seed list)")
    path = b.add_article(Article(col=gzdt, title="凤冈县召开扫黑除恶常态化工作领导小组会议", when=b.when(14), body=_p(
        "根据《中华人民共和国反有组织犯罪法》，会议总结了扫黑除恶常态化工作。",
        "会议指出，要坚持以社会主义核心价值观为引领，领导小组各成员单位要拿定主意、形成合力。")))
    b.trap("wording.political", path, gzdt.name, "correct 中华人民共和国, 社会主义, 扫黑除恶, 领导小组; 拿定主意 is a normal word")
    path = b.add_article(Article(col=gzdt, title="凤冈县召开保密工作会议", when=b.when(26), body=_p(
        "会议强调，严禁在互联网上发布涉及国家秘密的信息，各单位要落实保密审查制度。")))
    b.trap("secrecy.marking", path, gzdt.name, "the word 秘密 in a sentence about rules, no marking")

    # accessibility (warn): a news photo without any alt attribute
    when = b.when(28)
    path, doc_id = b.new_doc_path(gzdt, when)
    img = gzdt.path + b.ids.image_rel(when, doc_id, 1)
    b.add(img, make_png(16, 12, (90, 90, 90)), "image/png")
    b.add_article(Article(col=gzdt, title="凤冈县开展秋季植树造林活动", when=when, path=path, body=(
        f'<p style="text-align:center"><img src="{img.rsplit("/", 1)[1]}" width="600"></p>'
        + _p("凤冈县组织干部职工开展秋季植树造林活动。"))))
    b.plant("a11y.image-alt", path, gzdt.name, "news photo <img> without an alt attribute")

    tzgg = BY_KEY["tzgg"]
    for age, wrong, note in ((30, "扫黑险恶", "扫黑险恶 (should be 扫黑除恶; seed list)"),
                             (34, "领导小姐", "领导小姐 (should be 领导小组; seed list)")):
        # The wrong form is in the body only: in a title it would stand on the list pages too.
        text = ("关于深入推进扫黑除恶常态化工作的通知" if wrong == "扫黑险恶"
                else "关于调整凤冈县安全生产委员会领导小组成员的通知")
        body = _p(f"各乡镇（街道）、县直各部门：现就{'扫黑险恶常态化工作' if wrong == '扫黑险恶' else '领导小姐成员调整'}有关事项通知如下。")
        path = b.add_article(Article(col=tzgg, title=text, when=b.when(age), body=body))
        b.plant("wording.political", path, tzgg.name, note)
    path = b.add_article(Article(col=tzgg, title="关于做好年底安全保卫工作的通知", when=b.when(38), body=_p(
        "秘密★1年", "各乡镇（街道）、县直各部门：现将年底安全保卫工作有关事项通知如下。")))
    b.plant("secrecy.marking", path, tzgg.name, "secrecy marking 秘密★1年 at the top of the body")


def build_privacy_defects(b: SiteBuilder) -> None:
    rng = b.rng
    tzgg, xzdt, rsxx = BY_KEY["tzgg"], BY_KEY["xzdt"], BY_KEY["rsxx"]
    names = ["王德明", "李秀英", "张国华", "陈玉兰", "刘正军"]

    # 临时救助 notice: cards and mobiles beside names in the page, full IDs in the xlsx
    when = b.when(42)
    ids = [make_id_number(rng) for _ in names]
    xlsx = b.attachment_path(tzgg, when.date(), "xlsx")
    b.add(xlsx, make_xlsx("救助名单", [["序号", "姓名", "身份证号码", "救助金额（元）"]]
                          + [[str(i + 1), n, ids[i], "1500"] for i, n in enumerate(names)]), CONTENT_TYPES["xlsx"])
    rows = "".join(f"<tr><td>{n}</td><td>{mask_id(ids[i])}</td><td>{make_bank_card(rng)}</td>"
                   f"<td>{make_mobile(rng)}</td></tr>" for i, n in enumerate(names[:3]))
    body = (_p("根据《社会救助暂行办法》，经审核，现将2026年第三批临时救助对象予以公示。")
            + f'<table border="1"><tr><th>姓名</th><th>身份证号</th><th>银行卡号</th><th>联系电话</th></tr>{rows}</table>'
            + _p("公示期间如有异议，请向县民政局反映。监督电话：0851-25221106（县民政局），"
                 "值班手机：13908521106（县应急管理局值班室），政务服务便民热线：12345。"))
    path = b.add_article(Article(col=tzgg, title="凤冈县2026年第三批临时救助对象公示", when=when, body=body,
                                 source="县民政局", attachments=[(xlsx, "临时救助对象名单.xlsx")]))
    b.plant("privacy.bank_card", path, tzgg.name, "Luhn-valid 19-digit card numbers beside names")
    b.plant("privacy.phone", path, tzgg.name, "private mobile numbers beside names")
    b.trap("privacy.id_number", path, tzgg.name, "ID numbers on the page are masked 520327********NNNN")
    b.trap("privacy.phone", path, tzgg.name, "unit service numbers: 0851-25221106, 值班手机 of a unit, 12345")
    b.plant("privacy.id_number", xlsx, tzgg.name, "xlsx attachment: 5 full checksum-valid ID numbers")

    path = b.add_article(Article(col=tzgg, title="凤冈县公共资源交易中心项目交易结果公告", when=b.when(46), body=_p(
        "项目名称：凤冈县城区道路改造工程。", f"交易流水号：{make_bad_checksum_serial(rng)}。",
        "成交金额：3865420.00元。")))
    b.trap("privacy.id_number", path, tzgg.name, "18-digit serial number shaped like an ID, checksum fails")

    # the ID that sits on a list page reachable only through createPageHTML
    idn = make_id_number(rng)
    path = b.add_article(Article(col=tzgg, title="关于王某某申请困难群众救助的公示", when=b.when(ID_ON_PAGED_LIST_AGE),
                                 body=_p("经审核，申请人符合救助条件，现予公示。"), source="县民政局",
                                 summary=f"申请人：王某某，身份证号：{idn}，申请事项：困难群众临时救助。"))
    # site.py plants the list page holding it once the column is cut into pages
    b.quirk("id_on_paged_list", path, "list summary carries a full ID number", value=idn)

    # GBK township page: full IDs and mobiles beside names
    people = [(n, make_id_number(rng), make_mobile(rng)) for n in names[:4]]
    rows = "".join(f"<tr><td>{n}</td><td>{i}</td><td>{m}</td><td>一类</td></tr>" for n, i, m in people)
    path = b.add_article(Article(col=xzdt, title="龙泉镇2026年第四季度农村低保对象公示", when=b.when(14), body=(
        _p("经村（居）民委员会评议、镇人民政府审核，现将第四季度农村低保对象公示如下。")
        + f'<table border="1"><tr><th>户主姓名</th><th>身份证号码</th><th>联系电话</th><th>类别</th></tr>{rows}</table>'),
        source="龙泉镇人民政府"))
    b.plant("privacy.id_number", path, xzdt.name, "GBK page: 4 full ID numbers in a 低保 table")
    b.plant("privacy.phone", path, xzdt.name, "GBK page: mobile numbers beside names")
    path = b.add_article(Article(col=xzdt, title="龙泉镇关于做好换届选举准备工作的意见", when=b.when(20), body=_p(
        "内部资料 注意保存", "各村（社区）：为做好换届选举准备工作，现提出如下意见。"), source="龙泉镇人民政府"))
    b.plant("secrecy.marking", path, xzdt.name, "GBK page carries 内部资料 注意保存")

    # PDF attachment with IDs (text layer), masked IDs on the page itself
    when = b.when(210)
    people = [(n, make_id_number(rng)) for n in names[:3]]
    pdf = b.attachment_path(rsxx, when.date(), "pdf")
    b.add(pdf, make_pdf("Fenggang 2026 recruitment", ["凤冈县2026年公开招聘事业单位工作人员拟聘用人员名单"]
                        + [f"{n}  身份证号 {i}  教师" for n, i in people]), CONTENT_TYPES["pdf"])
    path = b.add_article(Article(col=rsxx, title="凤冈县2026年公开招聘事业单位工作人员拟聘用人员公示", when=when,
                                 body=_p("现将拟聘用人员予以公示：") + "".join(
                                     _p(f"{n}，身份证号：{mask_id(i)}") for n, i in people),
                                 attachments=[(pdf, "拟聘用人员名单.pdf")]))
    b.plant("privacy.id_number", pdf, rsxx.name, "pdf attachment text layer: 3 full ID numbers")
    b.trap("privacy.id_number", path, rsxx.name, "masked ID numbers on the page")


def plant_chrome_defects(b: SiteBuilder) -> None:
    """Footer/header defects follow from each column's template variant: every page of it."""
    for col in COLUMNS:
        rules = list(FOOTER_RULES.get(col.footer, []))
        if not col.header:
            rules.append(("header.name_missing", "special-topic template without header, logo or site name"))
        if not rules:
            continue
        pages = sorted(p for (h, p) in b.resources if h == "site" and p.startswith(col.path) and p.endswith(".html")
                       and p.count("/") - col.path.count("/") <= 1)
        for page_path in pages:
            for rule, note in rules:
                b.plant(rule, page_path, col.name, note)
