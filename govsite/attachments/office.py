"""Office formats: DOCX/WPS-X (zip + XML), XLSX/ET-X (openpyxl), XLS/ET (xlrd), DOC/WPS (antiword,
then catdoc), OFD (zip + XML).  Each reader returns text, or raises ExtractError with the reason.

Tables come out one row a line, cells separated by a tab, so a name and the numbers beside it
stay on one line for the content checks.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile

from lxml import etree

_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class ExtractError(Exception):
    """A file that cannot be read: the message is the reason shown in reports."""


# --------------------------------------------------------------------------- DOCX
def _w_paragraph(p) -> str:
    parts = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag == f"{_W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _w_block(el, out: list[str]) -> None:
    for child in el:
        if child.tag == f"{_W}p":
            out.append(_w_paragraph(child))
        elif child.tag == f"{_W}tbl":
            for tr in child.iter(f"{_W}tr"):
                cells = [" ".join(_w_paragraph(p) for p in tc.iter(f"{_W}p")) for tc in tr.iter(f"{_W}tc")]
                out.append("\t".join(cells))
        elif child.tag == f"{_W}sdt" or child.tag.endswith("}sdtContent") or child.tag.endswith("}customXml"):
            _w_block(child, out)


def docx_text(zf: zipfile.ZipFile) -> str:
    """Body, then headers, footers, footnotes and comments (a 密级 mark often sits in a header)."""
    names = zf.namelist()
    out: list[str] = []
    body = etree.fromstring(zf.read("word/document.xml"), _XML)
    root = body.find(f"{_W}body")
    _w_block(root if root is not None else body, out)
    extra = sorted(n for n in names if n.startswith("word/") and n.endswith(".xml")
                   and os.path.basename(n).startswith(("header", "footer", "footnotes", "endnotes", "comments")))
    for name in extra:
        part = etree.fromstring(zf.read(name), _XML)
        out.extend(_w_paragraph(p) for p in part.iter(f"{_W}p"))
    return "\n".join(out)


# --------------------------------------------------------------------------- spreadsheets
def cell_text(value) -> str:
    """A cell as a person reads it: whole floats without .0, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e20:
        return str(int(value))
    return str(value)


_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _col_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + (ord(ch.upper()) - 64)
    return max(n - 1, 0)


def _si_text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{_S}t"))


def xlsx_text(data: bytes) -> str:
    """Cell text of every sheet, streamed with lxml (ten times openpyxl's speed on big 公示 lists);
    openpyxl in read-only mode when the package is laid out unusually."""
    try:
        return _xlsx_stream(data)
    except (KeyError, etree.XMLSyntaxError, ValueError):
        return _xlsx_openpyxl(data)


def _xlsx_stream(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            with zf.open("xl/sharedStrings.xml") as f:
                for _, si in etree.iterparse(f, tag=f"{_S}si", resolve_entities=False, huge_tree=False):
                    shared.append(_si_text(si))
                    si.clear()
                    while si.getprevious() is not None:
                        del si.getparent()[0]
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"), _XML)
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_PKG_REL)}
        book = etree.fromstring(zf.read("xl/workbook.xml"), _XML)
        out = []
        for sheet in book.iter(f"{_S}sheet"):
            target = targets[sheet.get(_R_ID)].lstrip("/")
            path = target if target.startswith("xl/") else "xl/" + target
            out.append(f"【{sheet.get('name', '')}】")
            with zf.open(path) as f:
                for _, row in etree.iterparse(f, tag=f"{_S}row", resolve_entities=False, huge_tree=False):
                    cells: list[str] = []
                    for c in row.iter(f"{_S}c"):
                        col = _col_index(c.get("r", "")) if c.get("r") else len(cells)
                        kind = c.get("t", "n")
                        v = c.find(f"{_S}v")
                        if kind == "s" and v is not None and v.text:
                            value = shared[int(v.text)]
                        elif kind == "inlineStr":
                            value = _si_text(c)
                        elif kind == "n" and v is not None and v.text:
                            try:
                                value = cell_text(float(v.text))
                            except ValueError:
                                value = v.text
                        else:
                            value = v.text or "" if v is not None else ""
                        cells.extend([""] * (col - len(cells)))
                        cells.append(value)
                    row.clear()
                    while row.getprevious() is not None:   # free parsed rows: keeps iterparse linear
                        del row.getparent()[0]
                    while cells and not cells[-1]:
                        cells.pop()
                    if cells:
                        out.append("\t".join(cells))
        return "\n".join(out)


def _xlsx_openpyxl(data: bytes) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out = []
    try:
        for ws in wb.worksheets:
            out.append(f"【{ws.title}】")
            for row in ws.iter_rows(values_only=True):
                cells = [cell_text(v) for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    out.append("\t".join(cells))
    finally:
        wb.close()
    return "\n".join(out)


def xls_text(data: bytes, seconds: float) -> str:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise ExtractError("encrypted workbook (password required)") from None
        return _run_tool(["xls2csv", "-d", "utf-8", "-c", "\t"], data, ".xls", seconds, str(exc))
    out = []
    try:
        for sheet in book.sheets():
            out.append(f"【{sheet.name}】")
            for r in range(sheet.nrows):
                cells = [cell_text(v) for v in sheet.row_values(r)]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    out.append("\t".join(cells))
    finally:
        book.release_resources()
    return "\n".join(out)


# --------------------------------------------------------------------------- DOC / WPS (OLE)
def _run_tool(cmd: list[str], data: bytes, suffix: str, seconds: float, why: str = "") -> str:
    if shutil.which(cmd[0]) is None:
        raise ExtractError(f"{cmd[0]} not installed" + (f" ({why})" if why else ""))
    with tempfile.NamedTemporaryFile(suffix=suffix) as f:
        f.write(data)
        f.flush()
        try:
            done = subprocess.run(cmd + [f.name], capture_output=True, timeout=max(1.0, seconds))
        except subprocess.TimeoutExpired:
            raise ExtractError(f"{cmd[0]} took longer than {seconds:g} s") from None
    err = done.stderr.decode("utf-8", "replace").replace(f.name, "the file").strip()
    if done.returncode != 0:
        raise ExtractError(f"{cmd[0]} failed: {err[:200] or done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def doc_text(data: bytes, seconds: float) -> str:
    """Word 97-2003 and WPS Writer (OLE) files: antiword, or catdoc when antiword refuses."""
    problems = []
    for cmd in (["antiword", "-m", "UTF-8.txt", "-w", "0"], ["catdoc", "-d", "utf-8", "-w"]):
        try:
            text = _run_tool(cmd, data, ".doc", seconds)
        except ExtractError as exc:
            problems.append(str(exc))
            if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
                raise ExtractError("encrypted document (password required)") from None
            continue
        if text.strip():
            return text
        problems.append(f"{cmd[0]}: no text")
    raise ExtractError("; ".join(problems))


# --------------------------------------------------------------------------- OFD (GB/T 33190)
def ofd_text(zf: zipfile.ZipFile) -> str:
    """Text of an OFD document: each TextObject one line, pages in order."""
    pages = sorted((n for n in zf.namelist() if n.lower().endswith("content.xml") and "/pages/" in n.lower()),
                   key=_natural)
    out = []
    for name in pages:
        root = etree.fromstring(zf.read(name), _XML)
        for obj in root.iter("{*}TextObject"):
            out.append("".join(code.text or "" for code in obj.iter("{*}TextCode")))
    return "\n".join(out)


def _natural(name: str) -> list:
    import re

    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]
