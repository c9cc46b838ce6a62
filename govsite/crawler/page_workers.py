"""Page workers: separate processes doing govsite.crawler.page_processing beside the crawl.

Scrapy's engine keeps one core busy on its own; parsing a page and writing its ~80 link rows
costs more than downloading it.  `crawl.parse_workers: N` starts N worker processes (a fresh
`python -m govsite.crawler.page_workers`, so they carry none of Scrapy's memory), each with its own
store connection.  The spider sends a page over a socket pair and awaits the outcome on the event
loop: no threads, no lock shared with the reactor.  With 0 workers the same work runs in the crawl's
own process (simplest to debug, and enough for a polite crawl of a real site).  A page unchanged
since the last scan is handled in the crawl's process whatever N: its row is copied inside the
database, cheaper than the round trip to a worker, and the copies are written once the crawl ends,
in the last scan's row order.  A re-scan starts its workers only once parsing its fetched pages
in the crawl's process has cost RESCAN_PARSE_SECONDS_BEFORE_WORKERS: an unchanged site's re-scan
fetches its start page and a few hundred small error pages, which cost less to parse than a
worker costs to start.

A worker writes its rows in batches and flushes whenever it has nothing else to do; when the crawl
process dies, even by SIGKILL, the worker reads end-of-file, writes what it holds, and exits.
"""
from __future__ import annotations

import asyncio
import itertools
import math
import pickle
import select
import signal
import socket
import struct
import subprocess
import sys
import time

from govsite.crawler.page_processing import (
    FetchedPage,
    PageOutcome,
    PageWork,
    UnchangedPage,
    WorkConfig,
)
from govsite.scan.ownership import owner_columns
from govsite.store.page_columns import reassign_page_columns
from govsite.store.rescan_copies import copy_list_items_of_unchanged

_HEADER = struct.Struct("!I")
_CLOSED = 0                 # job id of the worker's last frame: (0, (pages_written, store_error))
_SOCKET_BUFFER = 4 << 20    # a page is ~20 KB: let dozens wait in the pipe instead of the loop
_IDLE_FLUSH_SECONDS = 0.3   # a worker with nothing to do writes its batch after this long
_MAX_BATCH_AGE = 2.0        # a busy writer (worker or crawl process) writes a batch this old
# A re-scan fetches few pages (the changed ones, the broken links' error pages): the crawl's
# process handles fetched pages itself until they have cost it this much CPU (seconds), and only
# then starts the workers, which cost ~1.5 s of CPU each to start (a fresh Python importing
# everything).  By CPU time, not by pages: an error page costs ~1 ms, a changed article ~10 ms.
RESCAN_PARSE_SECONDS_BEFORE_WORKERS = 1.0


def _frame(obj) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


class _Worker:
    """The crawl's end of one worker process."""

    def __init__(self, number: int, config: WorkConfig) -> None:
        self.number = number
        self.sock, child = socket.socketpair()
        for s in (self.sock, child):
            s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SOCKET_BUFFER)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _SOCKET_BUFFER)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "govsite.crawler.page_workers", str(child.fileno())],
            pass_fds=[child.fileno()], stdin=subprocess.PIPE)
        self.process.stdin.write(pickle.dumps(config))
        self.process.stdin.close()
        child.close()
        self.waiting: dict[int, tuple[asyncio.Future, str]] = {}
        self.connected: asyncio.Future | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.reader_task: asyncio.Task | None = None
        self.alive = True
        self.stopping = False
        self.store_error: str | None = None

    async def send(self, job_id: int, job) -> PageOutcome:
        if self.connected is None:
            # Opened once, by the first page; pages arriving meanwhile wait for the same opening.
            self.connected = asyncio.ensure_future(self._connect())
        await self.connected
        if not self.alive:      # ended while this page was on its way
            return PageOutcome(job.url, failure=f"page worker {self.number} ended")
        future = asyncio.get_running_loop().create_future()
        self.waiting[job_id] = (future, job.url)
        self.writer.write(_frame((job_id, job)))
        return await future

    async def _connect(self) -> None:
        reader, self.writer = await asyncio.open_unix_connection(sock=self.sock, limit=1 << 20)
        self.reader_task = asyncio.get_running_loop().create_task(self._read(reader))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                size = _HEADER.unpack(await reader.readexactly(_HEADER.size))[0]
                job_id, outcome, store_error = pickle.loads(await reader.readexactly(size))
                if store_error:
                    self.store_error = store_error
                entry = self.waiting.pop(job_id, None)
                if entry is not None and not entry[0].done():
                    entry[0].set_result(outcome)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass            # the worker ended: its waiting pages fail below
        except Exception as exc:  # noqa: BLE001 - a garbled frame must not hang the crawl
            self.store_error = self.store_error or f"page worker {self.number}: {exc!r}"
        self.alive = False
        for future, url in self.waiting.values():
            if not future.done():
                future.set_result(PageOutcome(url, failure=f"page worker {self.number} ended "
                                                          f"(exit code {self.process.poll()})"))
        self.waiting.clear()

    def stop(self) -> None:
        """Ask the worker to write what it holds and end (close() collects what it says)."""
        try:
            self.sock.shutdown(socket.SHUT_WR)            # end-of-file: the worker's signal to stop
        except OSError:
            pass            # gone already: close() reports it
        self.stopping = True

    def close(self, timeout: float = 120.0) -> tuple[int, str | None]:
        """Ask the worker to write what it holds and end; (pages written, store error)."""
        written, error = 0, self.store_error
        try:
            self.sock.setblocking(True)
            self.sock.settimeout(timeout)
            if not self.stopping:
                self.sock.shutdown(socket.SHUT_WR)
            data = b""
            while True:
                chunk = self.sock.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
            while len(data) >= _HEADER.size:
                size = _HEADER.unpack_from(data)[0]
                job_id, result, store_error = pickle.loads(data[_HEADER.size:_HEADER.size + size])
                data = data[_HEADER.size + size:]
                if job_id == _CLOSED:
                    written, error = result[0], result[1] or error
                elif store_error:
                    error = store_error
        except OSError as exc:
            error = error or f"page worker {self.number}: {exc}"
        finally:
            self.sock.close()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            error = error or f"page worker {self.number} did not finish writing in {timeout:.0f} s"
        if self.process.returncode not in (0, None) and error is None:
            error = f"page worker {self.number} exited with code {self.process.returncode}"
        return written, error


class PagePool:
    """Where the spider sends its pages: worker processes, or the crawl's own process."""

    def __init__(self, config: WorkConfig, workers: int = 0) -> None:
        self.config = config
        self.worker_count = max(0, workers)
        rescan = config.previous_scan_id is not None
        # Fetched pages handled in this process: all of them without workers; on a re-scan, those
        # that come before RESCAN_PARSE_SECONDS_BEFORE_WORKERS is spent on them, the workers
        # starting then.  A first scan starts its workers at once.
        self.local = PageWork(config, batch_pages=50) if workers <= 0 or rescan else None
        self.local_seconds_left = (math.inf if workers <= 0 else
                                   RESCAN_PARSE_SECONDS_BEFORE_WORKERS if rescan else 0.0)
        self.workers: list[_Worker] = []
        if not rescan:
            self._start_workers()
        # Unchanged pages are handled here, with workers or without: copying a page's row costs
        # less than sending it to a worker and reading the answer back (pickling both ways), and
        # a re-scan of an unchanged site is nothing but such pages.  Opened at the first one; its
        # copies are written at close, in the last scan's row order (see close).
        self.copier: PageWork | None = None
        self.ids = itertools.count(1)
        self.pages_written = 0
        self.store_error: str | None = None

    async def run(self, job: FetchedPage | UnchangedPage) -> PageOutcome:
        """Handle one page; never raises (a failure is in the outcome)."""
        if isinstance(job, UnchangedPage):
            if self.copier is None:
                self.copier = PageWork(self.config, batch_pages=sys.maxsize)
            return self.copier.handle(job)
        if self.local is not None and self.local_seconds_left > 0:
            started = time.thread_time()
            outcome = self.local.handle(job)
            self.local_seconds_left -= time.thread_time() - started
            if self.local.writer.due(_MAX_BATCH_AGE):
                self.store_error = self.local.flush() or self.store_error
            return outcome
        if not self.workers:
            # What this process holds is written now, not at the crawl's end.
            self.store_error = self.local.flush() or self.store_error
            self._start_workers()
        live = [w for w in self.workers if w.alive]
        if not live:
            return PageOutcome(job.url, failure="every page worker has ended")
        worker = min(live, key=lambda w: len(w.waiting))
        outcome = await worker.send(next(self.ids), job)
        self.store_error = self.store_error or worker.store_error
        return outcome

    def _start_workers(self) -> None:
        self.workers = [_Worker(n + 1, self.config) for n in range(self.worker_count)]

    def close(self) -> None:
        """Write everything still held, then the list entries of the pages taken from the last
        scan (their links: crawler.run.LinksCopy), and settle the pages' columns; sets pages_written
        and store_error."""
        if self.copier is not None:
            # The rows in the order the last scan stored them, not the order the crawl reached
            # them: the outputs list pages in row order, and an unchanged site's re-scan must
            # list them as its first scan did.
            self.copier.writer.order_copies()
        for work in (self.local, self.copier):
            if work is not None:
                self.store_error = work.close() or self.store_error
                self.pages_written += work.writer.pages_written
        # Every worker is told first, so that they write their last rows and exit side by side
        # instead of one after the other.
        for worker in self.workers:
            worker.stop()
        for worker in self.workers:
            written, error = worker.close()
            self.pages_written += written
            self.store_error = self.store_error or error
        c = self.config
        try:
            copy_list_items_of_unchanged(c.db_url, c.scan_id, c.previous_scan_id)
            # Only now is every list entry stored: a listed page goes to the deepest column
            # listing it, whichever list the crawl reached it from first.
            reassign_page_columns(c.db_url, c.scan_id, owner_columns)
        except Exception as exc:  # noqa: BLE001 - the scan ends incomplete with this note
            self.store_error = self.store_error or f"store write failed: {exc.__class__.__name__}: {exc}"


# -- the worker process -----------------------------------------------------------------------

def _serve(sock: socket.socket, work: PageWork) -> None:
    """Read jobs, answer each, flush batches when idle; on end-of-file, flush and say goodbye."""
    buffer = bytearray()
    store_error: str | None = None
    while True:
        if work.writer.has_rows():
            ready, _, _ = select.select([sock], [], [], _IDLE_FLUSH_SECONDS)
            if not ready:
                store_error = work.flush() or store_error
                continue
        try:
            chunk = sock.recv(1 << 20)
        except OSError:
            chunk = b""
        if not chunk:
            break
        buffer += chunk
        replies = []
        while len(buffer) >= _HEADER.size:
            size = _HEADER.unpack_from(buffer)[0]
            if len(buffer) < _HEADER.size + size:
                break
            job_id, job = pickle.loads(bytes(buffer[_HEADER.size:_HEADER.size + size]))
            del buffer[:_HEADER.size + size]
            outcome = work.handle(job)
            if work.writer.due(_MAX_BATCH_AGE):
                store_error = work.flush() or store_error
            replies.append(_frame((job_id, outcome, store_error)))
        if replies:
            try:
                sock.sendall(b"".join(replies))
            except OSError:
                break           # the crawl process is gone: write what is held, then end
    store_error = work.close() or store_error
    try:
        sock.sendall(_frame((_CLOSED, (work.writer.pages_written, store_error), None)))
    except OSError:
        pass            # the crawl process is gone; what could be written was written


def main() -> int:
    # Ctrl-C and SIGTERM go to the whole process group: the crawl process decides when to stop,
    # and its end-of-file is this worker's signal to write what it holds.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    config: WorkConfig = pickle.loads(sys.stdin.buffer.read())
    sock = socket.socket(fileno=int(sys.argv[1]))
    sock.setblocking(True)
    _serve(sock, PageWork(config))
    return 0


if __name__ == "__main__":
    sys.exit(main())
