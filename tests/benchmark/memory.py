"""The peak memory of a build's whole process tree (PSS summed, see `programme.footprint`), sampled while it runs.

Reading a process's PSS makes the kernel walk its page tables, so samples are a fifth of a second
apart: memory peaks last seconds, not milliseconds.
"""

from __future__ import annotations

import threading

from programme.build.footprint import descendants, pss_kib, readable

INTERVAL_S = 0.2


class TreeMemory:
    """Samples the summed PSS of a process tree in a thread, from `start` until `stop`; `peak_mib` is None
    where /proc has no `smaps_rollup` (not Linux, or a kernel older than 4.14)."""

    def __init__(self, root: int):
        self.root = root
        self.peak_kib = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.available = readable()

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
