"""政务服务: 办事指南 elements (17 of 规范 第二十一条(三)1, the national veto) and editable forms."""
from datetime import date

import pytest
from sample_scandata import compare, sample_scandata, scandata_from_html

from govsite.checks.services import missing_elements, not_editable
from govsite.models import LinkCheck
from govsite.profile import load_profile
from govsite.records.fields import load_doc
from govsite.records.guides import file_format, form_name, guide_elements

BASE = "http://www.example.gov.cn"
AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def test_guide_as_labelled_paragraphs_and_headings_with_synonyms(profile):
    html = ("<html><body><div class='TRS_Editor'>"
            "<p>事项名称：结婚登记</p><p>事项类型：公共服务</p><p>办理依据：《婚姻登记条例》</p><p>受理机构：县民政局</p>"
            "<p>法定期限：当场办结</p><p>承诺期限：当场办结</p><p>结果名称：结婚证</p><p>结果样本：见附件</p>"
            "<p>收费标准：不收费</p><p>收费依据：无</p><h4>一、申请材料</h4><p>身份证、户口簿</p>"
            "<h4>二、办理流程</h4><p>申请—受理—审查—发证</p><p>办理方式：窗口办理</p><p>审查标准：符合条件</p>"
            "<p>办公地址：政务服务中心</p><p>办公时间：工作日</p><p>咨询电话：0851-25220000</p></div></body></html>")
    g = guide_elements(load_doc(html), "u", "结婚登记办事指南", profile.get("services.guide_elements"))
    assert g.missing == () and len(g.present) == 17


def test_blank_and_absent_elements(profile):
    html = ("<html><body><table><tr><th>事项名称</th><td>临时救助</td></tr><tr><th>办理流程</th><td></td></tr>"
            "</table></body></html>")
    g = guide_elements(load_doc(html), "u", "t", profile.get("services.guide_elements"))
    assert g.blank == ("办理流程",) and "咨询监督电话" in g.absent
    assert g.missing[0] == "事项类型"         # in the order of the standard


def _guide(name: str, rows: dict[str, str]) -> str:
    cells = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows.items())
    return (f'<html><head><title>{name}</title><meta name="ColumnName" content="办事指南"></head><body>'
            f'<h1>{name}</h1><div class="info"><span>发布时间：2026-10-01</span></div><table>{cells}</table></body></html>')


def test_national_veto_counts_guides_lacking_key_elements(profile):
    elements = list(profile.get("services.guide_elements"))
    full = {e: "有" for e in elements}
    key = profile.get("services.key_elements")
    pages, rows = {}, []
    for n in range(6):
        lacking = key[:4] if n < 5 else key[:3]          # five guides lack 4 key elements, one lacks 3
        url = f"{BASE}/zwfw/bszn/g{n}.html"
        pages[url] = _guide(f"事项{n}办事指南", {e: v for e, v in full.items() if e not in lacking})
        rows.append(f'<li><a href="{url}">事项{n}办事指南</a><span>2026-10-01</span></li>')
    pages[BASE + "/zwfw/bszn/index.html"] = ('<html><head><meta name="ColumnName" content="办事指南"></head><body>'
                                             f'<ul>{"".join(rows)}</ul></body></html>')
    found = list(missing_elements(scandata_from_html(pages, AS_OF, BASE), profile))
    vetoes = [f for f in found if f.severity == "veto"]
    assert len(found) == 7 and len(vetoes) == 1
    assert vetoes[0].url == BASE + "/zwfw/bszn/" and vetoes[0].standard == "national"
    assert "5个办事指南" in vetoes[0].message


@pytest.mark.parametrize("label, name", [("凤冈县政府信息公开申请表.docx", "凤冈县政府信息公开申请表"),
                                         ("附件1：临时救助申请审批表.pdf", "临时救助申请审批表"),
                                         ("下载Word版", "FALLBACK"), ("PDF版", "FALLBACK")])
def test_form_names(label, name):
    assert form_name(label, "FALLBACK") == name


def test_file_format_from_extension_or_content_type():
    assert file_format("http://x/a.DOCX") == "docx"
    assert file_format("http://x/download.jsp?id=3", "application/pdf") == "pdf"
    assert file_format("http://x/down?id=3", "application/vnd.ms-excel") == "xls"


def test_forms(profile):
    col = BASE + "/zwfw/bgxz/"

    def form(slug, links):
        atts = "".join(f'<li><a href="{col}{href}">{label}</a></li>' for href, label in links)
        return (f'<html><head><title>{slug}</title><meta name="ColumnName" content="表格下载"></head><body>'
                f'<h1>{slug}</h1><div class="info"><span>发布时间：2026-10-01</span></div>'
                f'<div class="TRS_Editor"><p>请下载。</p></div><ul class="att">{atts}</ul></body></html>')
    pages = {col + "a.html": form("申请表甲", [("a.docx", "申请表甲.docx"), ("a.pdf", "申请表甲.pdf")]),
             col + "b.html": form("申请表乙", [("b1.pdf", "申请表乙.pdf"), ("b2.jpg", "申请表丙.jpg")]),
             col + "c.html": form("申请表丁", [("c1", "申请表丁 Word版"), ("c2.pdf", "PDF版")])}
    pages[col + "index.html"] = ('<html><head><meta name="ColumnName" content="表格下载"></head><body><ul>'
                                 + "".join(f'<li><a href="{col}{s}.html">表格{s}下载</a><span>2026-10-01</span></li>'
                                           for s in "abc") + "</ul></body></html>")
    checks = {col + "c1": LinkCheck(col + "c1", True, content_type="application/msword")}
    found = list(not_editable(scandata_from_html(pages, AS_OF, BASE, checks), profile))
    assert [f.url for f in found] == [col + "b.html"]
    assert "申请表乙：仅有pdf格式" in found[0].evidence and "申请表丙：仅有jpg格式" in found[0].evidence


def test_sample_portal(profile):
    data = sample_scandata()
    findings = [*missing_elements(data, profile), *not_editable(data, profile)]
    missed, traps, extra = compare(findings, ("guide.", "attachment."))
    assert (missed, traps, extra) == ([], [], [])
    # the sample's five guides lacking >= 4 key elements (provisional key list) reach the veto
    assert [f.severity for f in findings if f.url.endswith("/zwfw/bszn/")] == ["veto"]
