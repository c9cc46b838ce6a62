"""The light parses of the last scan's pages, decoded by a child process while the crawl runs.

A re-scan's checks start by decoding the light parse of every page (scan/view.py): ~1 s of a
20 000-page portal's ~10 s re-scan, on one core, after the crawl.  Meanwhile the crawl itself
keeps one core busy and leaves the other idle.  Nearly every page of a nightly re-scan has the
content it had the night before, and a stored content is decoded the same whatever scan refers
to it, so a child process (a fresh `python -m govsite.scan.prefetch`, carrying none of Scrapy)
decodes the last complete scan's contents during the crawl and hands them back pickled, by
content digest.  The checks then take an unchanged page's light parse from there, without
reading its stored parse at all, and decode only the pages whose content changed.

Only when the last scan is big enough to be worth a second Python (PREFETCH_MIN_PAGES); if the
child fails, the checks decode every page themselves, as on a first scan.
"""
from __future__ import annotations

import gc
import json
import pickle
import subprocess
import sys
import threading

from govsite.models import ParsedPage
from govsite.store import scan_reads
from govsite.store.db import Store, make_engine
from govsite.store.history import previous_complete_scan
from govsite.store.pagecodec import decode_light_only
from govsite.store.scan_state import stored_page_count

# Below this many pages the checks decode them in well under the ~0.5 s of CPU a child takes
# to start.
PREFETCH_MIN_PAGES = 2000


class LightPrefetch:
    """The child process decoding one scan's contents, and what it sent back."""

    def __init__(self, store_url: str, scan_id: int) -> None:
        # The store's URL (a PostgreSQL password with it) goes on stdin, never on the command line.
        self._process = subprocess.Popen([sys.executable, "-m", "govsite.scan.prefetch"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
        self._process.stdin.write(json.dumps({"db": store_url, "scan": scan_id}).encode())
        self._process.stdin.close()
        self._data = b""
        # read on a thread: a full pipe would stall the child (~15 MB for 20 000 pages)
        self._reader = threading.Thread(target=self._read, name="govsite-prefetch-read", daemon=True)
        self._reader.start()
        self._pages: dict[str, ParsedPage] | None = None

    def _read(self) -> None:
        self._data = self._process.stdout.read()

    def pages(self) -> dict[str, ParsedPage]:
        """Content digest -> light parse, once the child is done; empty if it failed."""
        if self._pages is None:
            self._reader.join()
            ok = self._process.wait() == 0 and self._data
            try:
                # our own child's output, made by this same code (not a scanned site's bytes)
                self._pages = pickle.loads(self._data) if ok else {}
            except (pickle.UnpicklingError, EOFError, ValueError):
                self._pages = {}
            self._data = b""
        return self._pages

    def close(self) -> None:
        """Stop the child if it still runs (a crawl that failed)."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._reader.join()


def start_prefetch(store: Store, start_url: str, scan_id: int) -> LightPrefetch | None:
    """The prefetch of the last complete scan of `start_url` before `scan_id`, when it has at
    least PREFETCH_MIN_PAGES pages."""
    last = previous_complete_scan(store, start_url, scan_id)
    if last is None or stored_page_count(store, last.id) < PREFETCH_MIN_PAGES:
        return None
    try:
        return LightPrefetch(store.url, last.id)
    except OSError:
        return None         # no process to spare: the checks decode the pages themselves


def light_parses(store: Store, scan_id: int) -> dict[str, ParsedPage]:
    """Content digest -> light parse (pagecodec.decode_light_only) of the scan's contents."""
    return {digest: decode_light_only(blob) for digest, blob in scan_reads.parsed_by_content(store, scan_id)}


def main() -> int:
    gc.disable()        # a short life making ~200 000 objects and no cycle
    config = json.loads(sys.stdin.buffer.read())
    # only reads: not open_store, which creates tables and recovers dead scans
    store = Store(make_engine(config["db"]), config["db"])
    pages = light_parses(store, int(config["scan"]))
    store.engine.dispose()
    sys.stdout.buffer.write(pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
