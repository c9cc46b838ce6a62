"""The collector's settings while a scan runs (govsite.gc_settings)."""
from __future__ import annotations

import gc
import weakref
from datetime import date

import pytest

from govsite import pipeline
from govsite.gc_settings import SCAN_THRESHOLDS, scan_collector


def test_the_block_runs_with_frozen_objects_and_raised_thresholds_then_both_are_undone():
    before = gc.get_threshold()
    assert before != SCAN_THRESHOLDS
    with scan_collector():
        assert gc.get_threshold() == SCAN_THRESHOLDS
        assert gc.get_freeze_count() > 0       # what existed is in the permanent generation
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_settings_are_undone_when_the_block_raises():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), scan_collector():
        raise RuntimeError("scan failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_what_the_block_leaves_goes_to_the_oldest_generation_and_its_cycles_are_still_collected():
    gc.collect()
    with scan_collector():
        kept = [[n] for n in range(200_000)]       # survivors of the young collections of a scan
        cycle = []
        cycle.append(cycle)
        watch = weakref.ref(_Cyclic(cycle))
        del cycle
        assert sum(gc.get_count()[:2]) > 0
    # nothing left in the young generations: the defaults put back start no pass over `kept`
    assert gc.get_count()[1] == 0 and gc.get_count()[0] < 700
    assert gc.get_freeze_count() == 0
    assert watch() is not None
    gc.collect()
    assert watch() is None          # the garbage cycle made in the block is freed all the same
    assert len(kept) == 200_000


class _Cyclic:
    def __init__(self, other):
        self.me, self.other = self, other


def test_a_scan_runs_under_the_scan_settings(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(pipeline, "_scan_site", lambda *a, **k: seen.append(gc.get_threshold()))
    pipeline.scan_site(None, "http://127.0.0.1/", date(2026, 11, 27), tmp_path, None, [], progress=False)
    assert seen == [SCAN_THRESHOLDS]
    assert gc.get_threshold() != SCAN_THRESHOLDS
