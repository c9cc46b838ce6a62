"""The cyclic garbage collector's settings while a scan runs.

A scan keeps hundreds of thousands of long-lived objects (the spider's seen targets, the light
parses and texts of every page the checks read, the rows read from the store) and makes little
cyclic garbage.  With CPython's default thresholds (700, 10, 10) the collector went over that heap
again and again: a re-scan of an unchanged 20 000-page portal ran 15 full collections, ~2 s of
CPU out of ~13 s (counted with gc.callbacks); with the settings below 1, and ~0.2 s.

The objects the imports made are frozen (never garbage, never traversed again), and a collection
starts after 50 000 new objects instead of 700.  Reference counting still frees everything
that is not in a cycle at once; the cycles (Twisted's Deferreds and Failures) wait a little
longer, and pipeline._release_crawl_memory collects them all when the crawl ends.

When the block ends, what the scan left goes to the oldest generation at once, not through the
young ones: with the raised thresholds the middle generation holds the survivors of up to 50
young collections (millions of objects on a big portal), and the defaults put back would make the
next allocation go over them all (~0.4 s at the end of a 20 000-page re-scan, in a process that
is about to exit).  They are traversed at the next full collection instead, with their cycles.

When a scan command is done, the process skips the collector's last pass over everything it
made (exit_without_collecting).
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

SCAN_THRESHOLDS = (50_000, 50, 100)


@contextmanager
def scan_collector() -> Iterator[None]:
    """Freeze what exists and raise the thresholds for the block; both undone after it (a test
    run or a long-lived scheduler process goes on with the defaults)."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*SCAN_THRESHOLDS)
    try:
        yield
    finally:
        gc.freeze()         # every generation, the young ones too, into the permanent one...
        gc.set_threshold(*before)
        gc.unfreeze()       # ...and back into the oldest: no young collection over the scan's leftovers


def exit_without_collecting() -> None:
    """The process ends once this command returns: freeze what is left, so that the interpreter's
    shutdown does not go over it once more to free cycles the system reclaims anyway (the checks'
    view of a 20 000-page scan: ~0.4 s of a 12 s re-scan).  Callers close their store first:
    what sits in a frozen cycle is never finalised."""
    gc.collect(0)       # the youngest garbage, cheaply, so that no recent cycle is left unfinalised
    gc.freeze()
