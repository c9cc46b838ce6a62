"""Work the scan runs beside its checks (pipeline._on_a_thread): the search-engine probes."""
from __future__ import annotations

import threading

import pytest

from govsite.pipeline import _on_a_thread


def test_the_result_and_the_error_reach_whoever_waits_and_the_thread_does_not_hold_the_exit():
    release = threading.Event()
    seen: list[threading.Thread] = []

    def probes(n: int) -> list[int]:
        seen.append(threading.current_thread())
        release.wait(5)
        return list(range(n))
    future = _on_a_thread(probes, 3)
    assert not future.done()            # the caller went on while the work waits
    release.set()
    assert future.result(5) == [0, 1, 2]
    assert seen[0] is not threading.main_thread() and seen[0].daemon

    def broken() -> None:
        raise OSError("network unreachable")
    with pytest.raises(OSError, match="unreachable"):
        _on_a_thread(broken).result(5)
