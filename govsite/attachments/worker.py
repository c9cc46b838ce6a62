"""extract_text: read one attachment in a worker process that is killed when it overruns.

A thread cannot be stopped, and a damaged PDF can keep pypdf busy for minutes or eat memory, so
the readers run in a child Python process (`python -m govsite.attachments.worker`: a plain
subprocess, neither a fork of a crawler that runs threads nor a re-import of its main script).
The worker is kept between files; when one overruns `seconds_per_file` it is killed and the next
file gets a fresh one.  Callers may share one extractor between threads: files are read one at
a time.
"""
from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection

from govsite.attachments.formats import extract_inline, sniff
from govsite.attachments.types import Extracted, ExtractLimits, ScanBudget

_MB = 1024 * 1024


def _serve(memory_mb: int) -> None:
    """Worker loop on stdin/stdout: receive (data, filename, content_type, limits), send an Extracted."""
    try:
        import resource

        cap = memory_mb * _MB
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the protocol
    while True:
        try:
            job = inbox.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            result = extract_inline(*job)
        except BaseException as exc:  # never let the worker die silently on one file
            result = Extracted.fail(f"extraction failed ({type(exc).__name__})")
        outbox.send(result)


class Extractor:
    """A worker process reading attachments one at a time, replaced after a timeout or crash."""

    def __init__(self, memory_mb: int = 2048):
        self.memory_mb = memory_mb
        self._proc: subprocess.Popen | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None
        self._lock = threading.Lock()

    def _start(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "govsite.attachments.worker", str(self.memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            close_fds=True)
        self._send = Connection(os.dup(self._proc.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(self._proc.stdout.fileno()), writable=False)
        self._proc.stdin.close()
        self._proc.stdout.close()

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(5)
        for conn in (self._send, self._recv):
            if conn is not None:
                conn.close()
        self._proc = self._send = self._recv = None

    def run(self, data: bytes, filename: str, content_type: str | None, limits: ExtractLimits) -> Extracted:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._kill()
                self._start()
            try:
                self._send.send((data, filename, content_type, limits))
                # a picture or a scanned PDF may take its OCR time on top of the reading time
                seconds = limits.seconds_per_file
                if limits.ocr and sniff(data, filename, content_type) in ("image", "pdf"):
                    seconds += limits.ocr_seconds_per_image
                if self._recv.poll(seconds):
                    return self._recv.recv()
            except (EOFError, OSError):
                self._kill()
                return Extracted.fail("the reader crashed on this file (damaged or hostile file)")
            self._kill()
            return Extracted.fail(f"took longer than {seconds:g} s to read")

    def close(self) -> None:
        with self._lock:
            if self._send is not None:
                try:
                    self._send.send(None)
                    self._proc.wait(2)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            self._kill()


_shared: Extractor | None = None
_shared_lock = threading.Lock()


def _shared_extractor(memory_mb: int) -> Extractor:
    global _shared
    with _shared_lock:
        if _shared is None or _shared.memory_mb != memory_mb:
            if _shared is not None:
                _shared.close()
            _shared = Extractor(memory_mb)
            atexit.register(_shared.close)
        return _shared


def close_shared_extractor() -> None:
    """End the shared reader process now (the crawl calls this when its attachments are read).

    Without it the process, which holds the office and PDF libraries (~40 MB), lived on until
    the interpreter exited: through the browser pass, the checks and the reports of the scan.
    The next extract_text starts a new one.
    """
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
            _shared = None


def _size(n: int) -> str:
    return f"{n / _MB:.1f} MB"


def extract_text(data: bytes, filename: str, content_type: str | None, limits: ExtractLimits,
                 budget: ScanBudget | None = None) -> Extracted:
    """The text of an attachment, or "not scanned" with the reason; never raises.

    Over `max_bytes`, over the scan's `budget`, encrypted, damaged, unsupported or slower than
    `seconds_per_file`: not scanned, with the reason.  seconds_per_file <= 0 reads in this
    process with no time limit (tests, benchmarks, a caller that is itself a worker).
    """
    try:
        if len(data) > limits.max_bytes:
            return Extracted.fail(f"too large: {_size(len(data))} (limit {_size(limits.max_bytes)})")
        if budget is not None and not budget.take(len(data)):
            return Extracted.fail(f"the scan's attachment budget ({_size(budget.total)}) is used up")
        if limits.seconds_per_file <= 0:
            return extract_inline(data, filename, content_type, limits)
        return _shared_extractor(limits.worker_memory_mb).run(data, filename, content_type, limits)
    except Exception as exc:  # the contract is: never an exception to the caller
        return Extracted.fail(f"extraction failed ({type(exc).__name__}: {str(exc)[:160]})")


if __name__ == "__main__":
    _serve(int(sys.argv[1]) if len(sys.argv) > 1 else 2048)
