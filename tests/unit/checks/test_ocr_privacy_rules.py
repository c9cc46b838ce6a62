"""privacy.id_number over the text OCR read from a picture (issue 15): the finding names the
picture and the page that shows it, and says the text was read by OCR; a picture whose numbers
are masked gives none.  Without an OCR engine the scan says so once (ocr_missing_note)."""
from __future__ import annotations

import random
from datetime import date

import yaml
from sample_scandata import scandata_from_html

from govsite.attachments.ocr import NO_ENGINE, OCR_NOTE
from govsite.checks.privacy import id_numbers, ocr_missing_note
from govsite.cli import sample_profile_path
from govsite.profile import load_profile
from govsite.sample.safety import LEADERS
from govsite.sample.util import make_id_number, mask_id
from govsite.scan.view import StoredAttachment

BASE = "http://www.example.gov.cn/"
PAGE = BASE + "zwgk/tzgg/202611/t20261120_1.html"
PNG = BASE + "zwgk/tzgg/202611/W020261120001.png"
MASKED = BASE + "zwgk/tzgg/202611/W020261120002.png"
AS_OF = date(2026, 11, 27)
IDS = [make_id_number(random.Random(7)) for _ in range(2)]


def _scan(attachments):
    html = ('<html><head><title>城市低保对象公示</title></head><body><h1>城市低保对象公示</h1>'
            '<div class="info">发布时间：2026-11-20</div><div class="TRS_Editor"><p>公示如下：</p>'
            f'<img src="{PNG}" alt="名单"><img src="{MASKED}" alt="名单"></div></body></html>')
    scan = scandata_from_html({PAGE: html}, AS_OF, BASE)
    scan.attachments = attachments
    return scan


def test_an_id_number_read_by_ocr_names_the_picture_and_its_page():
    text = "序号姓名身份证号码\n" + "\n".join(f"{i} 王德明{idn} 620元" for i, idn in enumerate(IDS, 1))
    masked = "序号姓名身份证号码\n" + "\n".join(f"{i} 王德明{mask_id(idn)}" for i, idn in enumerate(IDS, 1))
    scan = _scan([StoredAttachment(PNG, "scanned", OCR_NOTE, text, "image/png"),
                  StoredAttachment(MASKED, "scanned", OCR_NOTE, masked, "image/png")])
    (f,) = id_numbers(scan, load_profile())
    assert (f.url, f.message) == (PNG, "图片或扫描件公开了2个未脱敏的居民身份证号码")
    assert f.evidence.endswith(f"（OCR 识别；所在页面 {PAGE}）")
    assert IDS[0] not in f.evidence and mask_id(IDS[0]) in f.evidence
    assert ocr_missing_note(scan) == ""


def test_without_an_ocr_engine_the_scan_says_so_once():
    scan = _scan([StoredAttachment(PNG, "not scanned", NO_ENGINE, "", "image/png"),
                  StoredAttachment(MASKED, "not scanned", NO_ENGINE, "", "image/png")])
    assert list(id_numbers(scan, load_profile())) == []
    assert ocr_missing_note(scan) == (f"2 image(s) or scanned PDF(s) not read for the privacy rules: "
                                      f"{NO_ENGINE}; e.g. {PNG}")


def test_the_sample_profile_declares_the_sample_leadership():
    declared = yaml.safe_load(sample_profile_path().read_text("utf-8"))["leaders"]
    assert [(e["name"], e["title"], e["since"], e["until"]) for e in declared] == LEADERS
