"""Progress of a whole run on the terminal: one line, the phase named, the run's total time.

A scan goes through phases — 抓取 (crawl), 附件 (attachments still being read when the crawl
ends), 浏览器 (the browser pass), 检查 (the rules), 报告 (the output files and reports) — and the
line says which one is running, what it has done and how long the whole run has taken, in at
most 80 columns (a Chinese character is two).  On a terminal it is one live line (rich);
otherwise a plain line at each phase change and every 30 s, for logs.

The stages report through `show(phase, detail)`, a no-op when no run is being shown, so the
crawl, the browser pass and the checks need no progress object passed down to them.
"""
from __future__ import annotations

import sys
import threading
import time

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.live import Live
from rich.text import Text

from govsite.lang import tr

WIDTH = 80
PHASES = {"crawl": ("抓取", "crawl"), "attachments": ("附件", "attachments"),
          "browser": ("浏览器", "browser"), "checks": ("检查", "checks"), "reports": ("报告", "reports")}
_PLAIN_EVERY = 30.0


def clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def fit(text: str, width: int = WIDTH - 1) -> str:
    """`text` cut to `width` terminal cells (with an ellipsis when cut); the last column stays
    free so a terminal never wraps the line."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


class RunProgress:
    """The progress line of one run (a scan, a demo, a re-check)."""

    def __init__(self, enabled: bool = True, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.started = time.monotonic()
        self.phase: str | None = None
        self.detail = ""
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.live: Live | None = None
        self.last_plain = 0.0
        self.lock = threading.Lock()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def line(self) -> str:
        """`[检查] 12/42 link.broken · 用时 1:23`, at most 79 cells."""
        label = tr(*PHASES.get(self.phase or "", (self.phase or "", self.phase or "")))
        used = tr("用时", "elapsed")
        tail = f" · {used} {clock(self.elapsed)}"
        head = f"[{label}] "
        room = WIDTH - 1 - cell_len(head) - cell_len(tail)
        detail = self.detail if cell_len(self.detail) <= room else fit(self.detail, max(room, 1))
        return fit(head + detail + tail)

    def show(self, phase: str, detail: str = "") -> None:
        if not self.enabled:
            return
        with self.lock:
            changed = phase != self.phase
            self.phase, self.detail = phase, detail
            if self.tty:
                if self.live is None:
                    self.live = Live(Text(self.line()), console=Console(file=self.stream),
                                     refresh_per_second=2, transient=True,
                                     get_renderable=lambda: Text(self.line(), no_wrap=True, overflow="crop"))
                    self.live.start()
                return
            now = time.monotonic()
            if changed or now - self.last_plain >= _PLAIN_EVERY:
                self.last_plain = now
                print(self.line(), file=self.stream, flush=True)

    def stop(self) -> float:
        """End the live line; the run's total seconds."""
        with self.lock:
            if self.live is not None:
                self.live.stop()
                self.live = None
        return self.elapsed


_current: RunProgress | None = None


def begin(enabled: bool = True, stream=None) -> RunProgress:
    """Start showing a run (a run already being shown goes on: a demo's scan is part of it)."""
    global _current
    if _current is None:
        _current = RunProgress(enabled, stream)
    return _current


def current() -> RunProgress | None:
    return _current


def show(phase: str, detail: str = "") -> None:
    """What a stage is doing now; nothing when no run is shown."""
    if _current is not None:
        _current.show(phase, detail)


def end() -> float:
    """Stop the line; the total seconds of the run (0 when none was shown)."""
    global _current
    run, _current = _current, None
    return run.stop() if run is not None else 0.0
