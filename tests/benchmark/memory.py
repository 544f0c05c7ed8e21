"""The memory a build's whole process tree holds at once, sampled from Linux's /proc while it runs.

`ru_maxrss` gives the largest single process; a build runs several at once (itself, its forked
process, the image workers, Pagefind), which share part of their pages after a fork. Their
proportional set sizes (PSS: a page shared by n processes counts 1/n in each) add up to what the
tree really holds. Reading a process's PSS makes the kernel walk its page tables, so samples are
a fifth of a second apart: memory peaks last seconds, not milliseconds.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PROC = Path("/proc")
INTERVAL_S = 0.2


def descendants(root: int) -> list[int]:
    """`root` and every process below it, from each process's parent in /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir(PROC):
        if entry.name.isdigit():
            try:
                stat = (PROC / entry.name / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])  # the command name may hold spaces and parentheses
            children.setdefault(parent, []).append(int(entry.name))
    tree, frontier = [root], [root]
    while frontier:
        frontier = [child for pid in frontier for child in children.get(pid, [])]
        tree += frontier
    return tree


def pss_kib(pid: int) -> int:
    """The process's proportional set size, 0 once it has gone."""
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory:
    """Samples the summed PSS of a process tree in a thread, from `start` until `stop`; `peak_mib` is None
    where /proc has no `smaps_rollup` (not Linux, or a kernel older than 4.14)."""

    def __init__(self, root: int):
        self.root = root
        self.peak_kib = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.available = (PROC / str(os.getpid()) / "smaps_rollup").is_file()

    def start(self) -> TreeMemory:
        if self.available:
            self._thread.start()
        return self

    def stop(self) -> float | None:
        """Stop sampling (call it before reaping the root, whose pid could be reused); the peak in MiB."""
        self._stopped.set()
        if self.available:
            self._thread.join()
            return round(self.peak_kib / 1024, 1)
        return None

    def _sample(self) -> None:
        while not self._stopped.is_set():
            self.peak_kib = max(self.peak_kib, sum(map(pss_kib, descendants(self.root))))
            self._stopped.wait(INTERVAL_S)
