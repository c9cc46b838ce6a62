"""Attachment text extraction on real files made here: pdf, docx, xlsx, xls, rtf, txt, zip (nested,
GBK names), and the files that must come back "not scanned" with a reason: encrypted, damaged,
oversize, over the scan budget, image-only, too slow."""
import io
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from govsite.attachments import NOT_SCANNED, SCANNED, ExtractLimits, Extractor, ScanBudget, extract_text, sniff
from govsite.profile import load_profile
from govsite.sample.attachments import make_docx, make_pdf, make_xlsx
from govsite.textscan import find_id_numbers, find_secrecy_markings

AS_OF = date(2026, 11, 27)
INLINE = ExtractLimits(seconds_per_file=0)


def valid_id() -> str:
    from govsite.textscan.ids import check_char

    first17 = "52032719900101123"
    return first17 + check_char(first17)


ID = valid_id()


def zipped(members: dict[str, bytes], gbk_names: bool = False) -> bytes:
    """A zip archive; with gbk_names, member names are GBK bytes without the UTF-8 flag, as
    Windows archivers write them."""
    buf = io.BytesIO()
    renames = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, (name, body) in enumerate(members.items()):
            if gbk_names and not name.isascii():
                raw = name.encode("gbk")
                placeholder = f"~{n:03d}".ljust(len(raw), "~")
                renames.append((placeholder.encode(), raw))
                name = placeholder
            zf.writestr(name, body)
    data = buf.getvalue()
    for placeholder, raw in renames:
        data = data.replace(placeholder, raw)
    return data


def test_pdf_text_layer():
    pdf = make_pdf("Fenggang", ["凤冈县2026年公开招聘拟聘用人员名单", f"王德明  身份证号 {ID}  教师"])
    r = extract_text(pdf, "P020261016.pdf", "application/pdf", INLINE)
    assert (r.status, r.kind, r.reason) == (SCANNED, "pdf", "")
    assert "拟聘用人员名单" in r.text and len(find_id_numbers(r.text, AS_OF)) == 1


def test_docx_body_table_and_header():
    docx = make_docx("关于做好年底安全保卫工作的通知", ["秘密★1年", "各乡镇（街道）："],
                     table=[["姓名", "身份证号码"], ["王德明", ID]])
    r = extract_text(docx, "通知.docx", None, INLINE)
    assert r.status == SCANNED and r.kind == "docx"
    assert f"王德明\t{ID}" in r.text
    assert [h.shown for h in find_secrecy_markings(r.text)] == ["秘密★1年"]


def test_xlsx_rows_are_lines_and_numbers_read_as_written():
    wb = Workbook()
    ws = wb.active
    ws.title = "救助名单"
    ws.append(["序号", "姓名", "身份证号码", "金额"])
    ws.append([1, "王德明", ID, 1500.0])
    ws2 = wb.create_sheet("第二页")
    ws2.append(["李秀英", ID])
    buf = io.BytesIO()
    wb.save(buf)
    r = extract_text(buf.getvalue(), "名单.xlsx", None, INLINE)
    assert r.status == SCANNED and r.kind == "xlsx"
    assert f"1\t王德明\t{ID}\t1500" in r.text and "【第二页】" in r.text


def test_xls_binary_workbook():
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook()
    ws = wb.add_sheet("低保")
    for c, v in enumerate(["户主姓名", "身份证号码", "人数"]):
        ws.write(0, c, v)
    for c, v in enumerate(["陈玉兰", ID, 3]):
        ws.write(1, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    assert sniff(data, "x.xls") == "xls"
    r = extract_text(data, "低保.et", None, INLINE)      # an ET (WPS) name on an OLE workbook
    assert r.status == SCANNED and f"陈玉兰\t{ID}\t3" in r.text


def rtf_escape(text: str) -> bytes:
    """Text as an RTF writer with code page 936 stores it: \\'xx for each GBK byte."""
    return b"".join(bytes([c]) if c < 128 else b"\\'" + f"{c:02x}".encode() for c in text.encode("gbk"))


def test_rtf_named_doc_and_gbk_text():
    rtf = (rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 " + rtf_escape("宋体")
           + rb";}}\f0 " + rtf_escape("内部资料 注意保存") + rb"\par " + rtf_escape(f"王德明 {ID}")
           + rb"\par }")
    r = extract_text(rtf, "通知.doc", None, INLINE)           # a .doc that is really RTF
    assert r.kind == "rtf" and r.status == SCANNED
    assert "内部资料 注意保存\n王德明 " + ID in r.text and "宋体" not in r.text
    txt = f"申请人：王德明，身份证号：{ID}".encode("gb18030")
    r = extract_text(txt, "名单.txt", "text/plain", INLINE)
    assert r.status == SCANNED and ID in r.text


def test_zip_with_xlsx_nested_zip_and_gbk_names():
    xlsx = make_xlsx("名单", [["姓名", "身份证号"], ["张国华", ID]])
    inner = zipped({"附件2.xlsx": xlsx})
    outer = zipped({"附件1/临时救助对象名单.xlsx": xlsx, "inner.zip": inner}, gbk_names=True)
    r = extract_text(outer, "附件.zip", "application/zip", INLINE)
    assert r.status == SCANNED and r.kind == "zip" and r.reason == ""
    assert "【附件1/临时救助对象名单.xlsx】" in r.text and "【附件2.xlsx】" in r.text
    assert len(find_id_numbers(r.text, AS_OF)) == 2


def test_zip_partly_scanned_names_what_it_left_out():
    outer = zipped({"名单.xlsx": make_xlsx("名单", [["张国华", ID]]), "照片.rar": b"Rar!\x1a\x07\x00rest"})
    r = extract_text(outer, "a.zip", None, INLINE)
    assert r.status == SCANNED and "照片.rar" in r.reason and "rar" in r.reason


def test_zip_limits_depth_and_members():
    deep = make_xlsx("名单", [["张国华", ID]])
    for i in range(4):
        deep = zipped({f"level{i}.zip" if i else "名单.xlsx": deep})
    r = extract_text(deep, "deep.zip", None, ExtractLimits(seconds_per_file=0, max_zip_depth=3))
    assert r.status == NOT_SCANNED and "nested deeper" in r.reason
    many = zipped({f"{i}.txt": f"第{i}行".encode() for i in range(10)})
    r = extract_text(many, "many.zip", None, ExtractLimits(seconds_per_file=0, max_zip_members=4))
    assert r.status == SCANNED and "6 more member(s)" in r.reason and "第3行" in r.text and "第4行" not in r.text


@pytest.mark.skipif(shutil.which("zip") is None, reason="zip (Info-ZIP) not installed")
def test_password_protected_zip(tmp_path):
    (tmp_path / "名单.txt").write_text(f"身份证号：{ID}", "utf-8")
    subprocess.run(["zip", "-q", "-P", "secret", "locked.zip", "名单.txt"], cwd=tmp_path, check=True)
    r = extract_text((tmp_path / "locked.zip").read_bytes(), "locked.zip", None, INLINE)
    assert r.status == NOT_SCANNED and "encrypted" in r.reason and r.text == ""


def test_encrypted_and_image_only_pdf():
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.encrypt("secret", algorithm="RC4-128")
    buf = io.BytesIO()
    w.write(buf)
    r = extract_text(buf.getvalue(), "locked.pdf", None, INLINE)
    assert r.status == NOT_SCANNED and "encrypted PDF" in r.reason
    w = PdfWriter()
    w.add_blank_page(595, 842)
    buf = io.BytesIO()
    w.write(buf)
    r = extract_text(buf.getvalue(), "scan.pdf", None, INLINE)
    assert r.status == NOT_SCANNED and "text layer" in r.reason


@pytest.mark.parametrize("name, data, words", [
    ("cut.docx", make_docx("标题", ["正文"])[:300], "damaged"),
    ("cut.pdf", make_pdf("T", ["正文"])[:200], "unreadable"),
    ("not-word.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "antiword"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(100), "unreadable image"),     # OCR refuses it
    ("archive.rar", b"Rar!\x1a\x07\x00" + bytes(100), "rar"),
])
def test_damaged_and_unsupported_files_are_not_scanned(name, data, words):
    r = extract_text(data, name, None, INLINE)
    assert r.status == NOT_SCANNED and words in r.reason and r.text == ""


def test_oversize_and_budget():
    limits = ExtractLimits(max_bytes=1000, max_total_bytes=1500, seconds_per_file=0)
    r = extract_text(bytes(1001), "big.pdf", None, limits)
    assert r.status == NOT_SCANNED and r.reason.startswith("too large")
    budget = ScanBudget(limits)
    txt = "正文".encode() * 150   # 900 bytes
    assert extract_text(txt, "a.txt", None, limits, budget).status == SCANNED
    r = extract_text(txt, "b.txt", None, limits, budget)
    assert r.status == NOT_SCANNED and "budget" in r.reason


def test_worker_process_timeout_then_recovers():
    """A file slower than seconds_per_file is killed with its worker; the next file still reads."""
    slow = make_pdf("T", [f"第{i}行 王德明 身份证号 {ID} 教师" for i in range(4000)])
    extractor = Extractor()
    # 0.2 s: the 4 000-line PDF takes ~1 s to read here, and less on a fast machine (OCR off: a
    # PDF may otherwise take ocr_seconds_per_image more, for pages without a text layer)
    limits = ExtractLimits(seconds_per_file=0.2, ocr=False)
    try:
        r = extractor.run(slow, "slow.pdf", None, limits)
        assert r.status == NOT_SCANNED and "longer than 0.2 s" in r.reason
        r = extractor.run(make_pdf("T", [f"身份证号 {ID}"]), "ok.pdf", None, ExtractLimits(seconds_per_file=30))
        assert r.status == SCANNED and ID in r.text
    finally:
        extractor.close()


def test_extract_text_uses_a_worker_by_default():
    r = extract_text(make_docx("标题", [f"身份证号 {ID}"]), "a.docx", None, ExtractLimits())
    assert r.status == SCANNED and ID in r.text


def test_limits_from_profile(tmp_path):
    assert ExtractLimits.from_profile(load_profile()) == ExtractLimits()
    f = tmp_path / "site.yaml"
    f.write_text("content_safety:\n  attachments:\n    max_bytes: 1048576\n    seconds_per_file: 5.0\n", "utf-8")
    limits = ExtractLimits.from_profile(load_profile(f))
    assert limits.max_bytes == 1048576 and limits.seconds_per_file == 5.0
    assert limits.max_zip_members == ExtractLimits().max_zip_members
