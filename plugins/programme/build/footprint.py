"""The memory a build's whole process tree holds at once, read from Linux's /proc.

A build runs several processes (itself, its forked process, image workers, Pagefind), which share part
of their pages after a fork. Their proportional set sizes (PSS: a page shared by n processes counts
1/n in each) add up to what the tree really holds; `ru_maxrss` would give one process only. Reading a
process's PSS makes the kernel walk its page tables: a few milliseconds, to be done now and then,
not in a loop.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


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


def readable() -> bool:
    """Whether /proc gives PSS (Linux 4.14 or later)."""
    return (PROC / str(os.getpid()) / "smaps_rollup").is_file()


def tree_mib(root: int | None = None) -> float | None:
    """What `root` (this process by default) and its descendants hold together, in MiB; None without /proc."""
    if not readable():
        return None
    return sum(map(pss_kib, descendants(os.getpid() if root is None else root))) / 1024
