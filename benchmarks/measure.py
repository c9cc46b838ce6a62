"""Run one command as a child process and measure its wall time and peak memory.

Peak RSS is the larger of two readings: the process tree's summed VmRSS, polled every 0.2 s
(from /proc, or psutil where the kernel lacks /proc/.../children), and the kernel's own
high-water mark for the child from wait4(2), which catches spikes shorter than a poll.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

try:
    import psutil
except ImportError:    # measured from /proc instead
    psutil = None

POLL_SECONDS = 0.2


@dataclass(slots=True)
class Measured:
    """What one child process cost."""

    returncode: int
    wall_seconds: float       # start to exit, or to the interrupt when stopped at the time cap
    exit_seconds: float       # start to exit, including the wind-down after an interrupt
    peak_rss_mb: float
    cpu_seconds: float        # user + system time of the child and the children it waited for
    timed_out: bool
    stdout_path: Path
    stderr_path: Path

    def stderr_tail(self, lines: int = 15) -> str:
        text = self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""
        return "\n".join(text.rstrip().splitlines()[-lines:])


def _tree_rss_proc(pid: int) -> int:
    """Summed RSS in bytes of pid and its descendants, read from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


# /proc/<pid>/task/<tid>/children needs CONFIG_PROC_CHILDREN; psutil scans every process instead,
# which costs the benchmark's own CPU on a small machine, so it is only the fallback.
_PROC_CHILDREN = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def _tree_rss(pid: int) -> int:
    if _PROC_CHILDREN or psutil is None:
        return _tree_rss_proc(pid)
    try:
        root = psutil.Process(pid)
        processes = [root] + root.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_measured(command: list[str], log_prefix: Path, *, cwd: Path | None = None,
                 env: dict[str, str] | None = None, time_cap: float | None = None,
                 grace_seconds: float = 20.0) -> Measured:
    """Run command to completion (or SIGINT it after time_cap seconds) and measure it.

    stdout and stderr go to <log_prefix>.stdout / .stderr.
    """
    stdout_path = log_prefix.with_name(log_prefix.name + ".stdout")
    stderr_path = log_prefix.with_name(log_prefix.name + ".stderr")
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err,
                                   start_new_session=True)
        peak, timed_out, stop_clock, killed_at = 0, False, None, None
        while True:
            # wait4 reaps the child and reports its own peak RSS (ru_maxrss, in KiB on Linux).
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(process.pid))
            now = time.monotonic()
            if time_cap is not None and not timed_out and now - started >= time_cap:
                timed_out, stop_clock, killed_at = True, now, now
                os.killpg(process.pid, signal.SIGINT)     # let the tool print its summary
            elif killed_at is not None and now - killed_at > grace_seconds:
                os.killpg(process.pid, signal.SIGKILL)
                killed_at = float("inf")
            time.sleep(POLL_SECONDS)
        ended = time.monotonic()
        wall = (stop_clock or ended) - started
    process.returncode = os.waitstatus_to_exitcode(status)   # keep Popen from waiting again
    peak = max(peak, usage.ru_maxrss * 1024)
    return Measured(process.returncode, round(wall, 2), round(ended - started, 2),
                    round(peak / 2**20, 1), round(usage.ru_utime + usage.ru_stime, 1),
                    timed_out, stdout_path, stderr_path)
