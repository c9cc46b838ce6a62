"""guide.missing_elements (规范 第二十一条(三)1; 国办秘函〔2019〕19号) through the rule, on a
hand-made 办事指南 column; test_checks_services.py reads a complete guide through the records
reader only, and its column has no guide that passes.

Planted: four guides each lacking four key elements.  Traps: a complete guide written as labelled
paragraphs and headings with synonyms (办公地址, 咨询电话) is not reported; four serious guides and a
guide kept in an attachment are not the five that make the national veto."""
from __future__ import annotations

from datetime import date

import pytest
from sample_scandata import scandata_from_html

from govsite.checks.services import missing_elements
from govsite.profile import load_profile

BASE = "http://www.example.gov.cn"
COL = BASE + "/zwfw/bszn/"
AS_OF = date(2026, 11, 27)
COMPLETE = ("<p>事项名称：结婚登记</p><p>事项类型：公共服务</p><p>办理依据：《婚姻登记条例》</p><p>受理机构：县民政局</p>"
            "<p>法定期限：当场办结</p><p>承诺期限：当场办结</p><p>结果名称：结婚证</p><p>结果样本：见附件</p>"
            "<p>收费标准：不收费</p><p>收费依据：无</p><h4>一、申请材料</h4><p>身份证、户口簿</p>"
            "<h4>二、办理流程</h4><p>申请—受理—审查—发证</p><p>办理方式：窗口办理</p><p>审查标准：符合条件</p>"
            "<p>办公地址：政务服务中心</p><p>办公时间：工作日</p><p>咨询电话：0851-25220000</p>")


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _guide(name: str, body: str) -> str:
    return (f'<html><head><title>{name}</title><meta name="ColumnName" content="办事指南"></head><body>'
            f'<h1>{name}</h1><div class="info"><span>发布时间：2026-10-01</span></div>'
            f"<div class='TRS_Editor'>{body}</div></body></html>")


@pytest.fixture(scope="module")
def scan(profile):
    key = list(profile.get("services.key_elements"))
    full = {e: "有" for e in profile.get("services.guide_elements")}
    lacking = "".join(f"<p>{e}：{v}</p>" for e, v in full.items() if e not in key[:4])
    guides = {"complete": ("结婚登记办事指南", COMPLETE),
              **{f"g{n}": (f"事项{n}办事指南", lacking) for n in range(4)},
              "file": ("临时救助办事指南", '<p>详见附件：<a href="/zwfw/bszn/P020261001.docx">临时救助办事指南.docx</a></p>')}
    pages = {f"{COL}{slug}.html": _guide(title, body) for slug, (title, body) in guides.items()}
    rows = "".join(f'<li><a href="{COL}{slug}.html">{title}</a><span>2026-10-01</span></li>'
                   for slug, (title, _) in guides.items())
    pages[COL + "index.html"] = (f'<html><head><meta name="ColumnName" content="办事指南"></head><body>'
                                 f'<ul class="list">{rows}</ul></body></html>')
    return scandata_from_html(pages, AS_OF, BASE)


def test_guides_lacking_elements_are_found_and_the_complete_one_is_not(scan, profile):
    found = {f.url: f for f in missing_elements(scan, profile)}
    assert set(found) == {f"{COL}g{n}.html" for n in range(4)} | {COL + "file.html"}
    serious = found[COL + "g0.html"]
    assert (serious.rule_id, serious.severity, serious.standard) == ("guide.missing_elements", "warn", "county")
    assert serious.message == "办事指南「事项0办事指南」缺少4项要素"
    assert "计入国家单项否决" in serious.evidence
    assert (serious.column, serious.column_url) == ("办事指南", COL)
    assert "未列出任何要素" in found[COL + "file.html"].message


def test_four_serious_guides_and_one_in_an_attachment_are_not_a_veto(scan, profile):
    assert [f for f in missing_elements(scan, profile) if f.severity == "veto"] == []
