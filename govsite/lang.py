"""The language of what govsite writes for people: Chinese by default, English on request.

Every reader-facing sentence (a finding's message and evidence, a column's status, a link's
failure) is written once, as a pair, through `tr(zh, en)`; `--lang en` (or GOVSITE_LANG=en)
picks the English one for the README and logs.  The choice lives in the environment so that
worker processes started by a scan inherit it.  Codes that programs read (rule ids, error
classes, status codes) are never translated.
"""
from __future__ import annotations

import os

LANGS = ("zh", "en")
_ENV = "GOVSITE_LANG"


def set_lang(lang: str) -> None:
    """Choose the language of reader-facing text for this process and its children."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (one of {', '.join(LANGS)})")
    os.environ[_ENV] = lang


def current() -> str:
    """The language chosen: 'zh' unless set to 'en'."""
    return "en" if os.environ.get(_ENV, "zh").strip().lower() == "en" else "zh"


def tr(zh: str, en: str) -> str:
    """The sentence in the chosen language."""
    return en if current() == "en" else zh
