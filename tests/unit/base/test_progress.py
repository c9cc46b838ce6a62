"""The progress line: the phase named, the whole run's time, never wider than 80 columns."""
from __future__ import annotations

import io

import pytest
from rich.cells import cell_len

from govsite import progress
from govsite.lang import set_lang


@pytest.fixture
def english():
    set_lang("en")
    yield
    set_lang("zh")


def _lines(run: progress.RunProgress, stream: io.StringIO) -> list[str]:
    run.stop()
    return [line for line in stream.getvalue().splitlines() if line]


def test_each_phase_prints_one_named_line_within_80_columns():
    stream = io.StringIO()
    run = progress.RunProgress(True, stream)
    long = "页面123456 链接9876543 队列12345 错误678 复用99999 未检查12345 越界678 1234页/秒 " * 3
    run.show("crawl", long)
    run.show("crawl", "页面2")                     # same phase within 30 s: no new line
    run.show("attachments", "等待附件读取完成")
    run.show("browser", "已加载3/52个页面")
    run.show("checks", "12/43 solicitation.no_feedback")
    run.show("reports", "写出 findings.csv、columns.csv、score.json")
    lines = _lines(run, stream)
    assert [line.split("]")[0] for line in lines] == ["[抓取", "[附件", "[浏览器", "[检查", "[报告"]
    assert all(cell_len(line) < progress.WIDTH for line in lines), [cell_len(x) for x in lines]
    assert lines[0].endswith("· 用时 0:00") and "…" in lines[0]       # cut, the time kept
    assert "12/43 solicitation.no_feedback" in lines[3]


def test_english_labels(english):
    stream = io.StringIO()
    run = progress.RunProgress(True, stream)
    run.show("checks", "3/43 link.broken")
    assert _lines(run, stream) == ["[checks] 3/43 link.broken · elapsed 0:00"]


def test_quiet_prints_nothing_but_still_times_the_run():
    stream = io.StringIO()
    run = progress.RunProgress(False, stream)
    run.show("crawl", "页面1")
    assert stream.getvalue() == "" and run.stop() >= 0


def test_stages_report_to_the_run_being_shown_and_to_nothing_otherwise():
    progress.show("checks", "nobody listens")        # no run: a no-op
    stream = io.StringIO()
    run = progress.begin(True, stream)
    assert progress.begin(True) is run               # a demo's scan is part of the demo's run
    progress.show("browser", "已加载1/2个页面")
    assert progress.end() >= 0 and progress.current() is None
    assert stream.getvalue().startswith("[浏览器] 已加载1/2个页面 · 用时 ")


@pytest.mark.parametrize("seconds, shown", [(0, "0:00"), (59.9, "0:59"), (61, "1:01"), (3725, "62:05")])
def test_clock(seconds, shown):
    assert progress.clock(seconds) == shown
