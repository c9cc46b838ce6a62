"""The sample portal in a child process, for `govsite demo`.

In the scanning process the server's threads would share the interpreter lock with the crawl and
its parser, and every page would look slower than it is; in a process of its own the timings the
demo reports are the portal's own.
"""
from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date


def _run(conn, as_of: date, port: int, delay_scale: float) -> None:
    from govsite.sample.server import SampleServer
    try:
        server = SampleServer(as_of, port=port, delay_scale=delay_scale)   # serving from here on
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        conn.send(("error", f"{exc.__class__.__name__}: {exc}"))
        return
    conn.send(("ok", (server.base_url, server.ext_base_url)))
    try:
        conn.recv()      # blocks until the parent says stop (or dies: then EOFError)
    except EOFError:
        pass
    server.stop()


@contextmanager
def sample_portal(as_of: date, port: int = 0, delay_scale: float = 1.0,
                  timeout: float = 60.0) -> Iterator[tuple[str, str]]:
    """(base_url, ext_base_url) of a sample portal served by a child process while in the block."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_run, args=(child, as_of, port, delay_scale), daemon=True)
    proc.start()
    if not parent.poll(timeout):
        proc.terminate()
        raise RuntimeError("the sample portal did not start")
    status, value = parent.recv()
    if status != "ok":
        proc.join(5)
        raise RuntimeError(f"the sample portal did not start: {value}")
    try:
        yield value
    finally:
        try:
            parent.send("stop")
        except (BrokenPipeError, OSError):
            pass
        proc.join(5)
        if proc.is_alive():
            proc.terminate()
