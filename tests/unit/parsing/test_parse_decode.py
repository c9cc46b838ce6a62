import codecs

from govsite.parsing.decode import decode_html

TEXT = "<html><head><title>凤冈县人民政府</title></head><body>通知公告 镕</body></html>"


def test_gbk_without_declaration():
    text, enc = decode_html(TEXT.encode("gbk"), None)
    assert enc == "gb18030" and text == TEXT


def test_gbk_declared_in_header_and_meta():
    body = ('<meta charset="gb2312">' + TEXT).encode("gbk")
    assert decode_html(body, None) == ('<meta charset="gb2312">' + TEXT, "gb18030")
    assert decode_html(TEXT.encode("gb18030"), "text/html; charset=GBK")[1] == "gb18030"


def test_wrong_declaration_utf8_bytes():
    body = ('<meta http-equiv="content-type" content="text/html;charset=GB2312">' + TEXT)
    text, enc = decode_html(body.encode("utf-8"), "text/html; charset=gb2312")
    assert enc == "utf-8" and "凤冈县人民政府" in text


def test_bom_and_empty():
    assert decode_html(codecs.BOM_UTF8 + TEXT.encode(), None) == (TEXT, "utf-8")
    assert decode_html(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), None)[0] == TEXT
    assert decode_html(b"", "text/html") == ("", "utf-8")


def test_double_encoded_utf8_is_repaired():
    mojibake = "请稍候".encode().decode("latin-1").encode("utf-8")
    assert decode_html(b"<title>" + mojibake + b"</title>", None)[0] == "<title>请稍候</title>"


def test_garbage_never_raises():
    text, enc = decode_html(b"\x80\xff\xfa\x81" * 3 + b"<p>x</p>", "text/html; charset=bogus")
    assert "<p>x</p>" in text


def test_latin_declaration_is_windows_1252():
    text, enc = decode_html('<meta charset="iso-8859-1"><p>Müller “x”</p>'.encode("cp1252"), None)
    assert enc == "cp1252" and "Müller “x”" in text
