"""办事指南: which of the required elements a guide shows (规范 第二十一条(三)1), and its forms."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from govsite.parsing.tree import element_text
from govsite.records.fields import Fields, labelled_fields


@dataclass(frozen=True)
class GuideElements:
    url: str
    title: str
    present: tuple[str, ...]          # elements shown with a value
    blank: tuple[str, ...]            # elements whose label is there but whose value is empty
    absent: tuple[str, ...]           # elements not found at all
    missing: tuple[str, ...] = ()     # blank or absent, in the order of the standard


def guide_elements(doc, url: str, title: str, elements: dict[str, list[str]]) -> GuideElements:
    """Each element of `elements` (name -> synonyms) looked up among the page's labelled fields."""
    return elements_in(labelled_fields(doc), url, title, elements)


def elements_in(fields: Fields, url: str, title: str, elements: dict[str, list[str]]) -> GuideElements:
    present, blank, absent = [], [], []
    for name, synonyms in elements.items():
        value = fields.get(name, *(synonyms or []))
        if value is None:
            absent.append(name)
        elif not value.strip(" -—/、：:"):
            blank.append(name)
        else:
            present.append(name)
    missing = tuple(name for name in elements if name in blank or name in absent)
    return GuideElements(url, title, tuple(present), tuple(blank), tuple(absent), missing)


# --------------------------------------------------------------------------- forms (表格下载)

_FORMAT_WORDS = re.compile(r"(?i)(?:\.(?:docx?|xlsx?|wps|et|pdf|png|jpe?g|gif|bmp|tiff?|ofd|rtf|odt|ods))$|"
                           r"[（(【\[]?(?:word|excel|pdf|wps|图片|可编辑)?(?:版|格式|文档|文件)?[)）】\]]?$")
_DOWNLOAD_WORDS = re.compile(r"(?i)点击|下载|附件\d*[：:]?|word|excel|pdf|wps|版本?|格式|[\s（）()【】\[\]：:.]")


@dataclass(frozen=True)
class FormFile:
    url: str
    label: str           # anchor text
    fmt: str             # file extension or the format told by the content type ("" unknown)
    form: str            # the form's name the file belongs to


@dataclass
class FormGroup:
    form: str
    files: list[FormFile] = field(default_factory=list)

    @property
    def formats(self) -> set[str]:
        return {f.fmt for f in self.files}


_CT_FORMATS = {"pdf": "pdf", "msword": "doc", "wordprocessingml": "docx", "ms-excel": "xls",
               "spreadsheetml": "xlsx", "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
               "kswps": "wps", "ofd": "ofd", "opendocument.text": "odt", "opendocument.spreadsheet": "ods"}


def file_format(url: str, content_type: str | None = None) -> str:
    """A file's format from its extension, else from the content type the link check saw."""
    name = posixpath.basename(urlsplit(url).path)
    ext = name.rsplit(".", 1)[1].lower() if "." in name else ""
    if ext and ext not in ("html", "htm", "shtml", "jsp", "aspx", "php", "do", "action"):
        return "jpg" if ext == "jpeg" else ext
    for key, fmt in _CT_FORMATS.items():
        if content_type and key in content_type.lower():
            return fmt
    return ext if ext not in ("html", "htm", "shtml") else ""


def form_name(label: str, fallback: str) -> str:
    """The form a file belongs to: its anchor text without format words ('申请表.pdf', 'PDF版')."""
    text = (label or "").strip()
    for _ in range(2):
        text = _FORMAT_WORDS.sub("", text).strip()
    core = _DOWNLOAD_WORDS.sub("", text)
    return core or fallback


def group_forms(files: list[FormFile]) -> list[FormGroup]:
    """Files grouped by form name; when a page offers nameless versions (Word版 / PDF版) of one form,
    they are all that form."""
    groups: dict[str, FormGroup] = {}
    for f in files:
        groups.setdefault(f.form, FormGroup(f.form)).files.append(f)
    return list(groups.values())


def anchor_text(a) -> str:
    return element_text(a) or (a.get("title") or "").strip()
