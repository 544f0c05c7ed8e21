"""Runs one Pelican build exactly as the `pelican` command does, and notes where its time went.

Usage: python probe.py REPORT.json -- <pelican arguments>

The report holds the phases of the build (read and link, write, publish), how many files were
rendered, and the image work: every Pillow `open`, `load` (decode) and `save` (encode), timed in
whichever process runs it, with that process's CPU time. Worker processes forked by an image pipeline
inherit these hooks and append to the same event log: their CPU time from their first decode or encode
to their last (drawing and resizing included) over the pass's span is how many cores the pass used.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from pathlib import Path

EVENTS_ENV = "BENCH_IMAGE_EVENTS"


def _log_image_event(kind: str, started: float, cpu_started: float) -> None:
    with open(os.environ[EVENTS_ENV], "a", encoding="ascii") as log:
        log.write(f"{kind} {started:.6f} {time.perf_counter():.6f} {os.getpid()} {cpu_started:.6f} "
                  f"{time.process_time():.6f}\n")


def _timed(kind: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            _log_image_event(kind, started, cpu_started)

    return wrapper


def hook_pillow() -> None:
    from PIL import Image, ImageFile

    Image.open = _timed("open", Image.open)
    Image.Image.save = _timed("save", Image.Image.save)
    load = ImageFile.ImageFile.load
    timed_load = _timed("load", load)

    def decode(self, *args, **kwargs):  # `load` on decoded pixels returns at once: not a decode
        return (timed_load if self.tile else load)(self, *args, **kwargs)

    ImageFile.ImageFile.load = decode


def image_summary(log: Path, build_pid: int) -> dict[str, float]:
    """Counts per operation; `seconds` spans the first decode/encode to the last, `busy` adds up their
    durations, `worker_cpu` adds up each worker's CPU time from its first decode/encode to its last.

    The build's own process is not a worker: between two of its image calls it writes pages.
    """
    counts = {"open": 0, "load": 0, "save": 0}
    spans: list[tuple[float, float]] = []
    workers: dict[str, tuple[float, float]] = {}  # pid → CPU time at its first operation's start, at its last's end
    if log.exists():
        for line in log.read_text(encoding="ascii").splitlines():
            kind, start, end, pid, cpu_start, cpu_end = line.split()
            counts[kind] += 1
            if kind == "open":  # opening reads a header; decoding and encoding are the work
                continue
            spans.append((float(start), float(end)))
            if int(pid) != build_pid:
                first, last = workers.get(pid, (float(cpu_start), float(cpu_end)))
                workers[pid] = (min(first, float(cpu_start)), max(last, float(cpu_end)))
    seconds = max(end for _s, end in spans) - min(start for start, _e in spans) if spans else 0.0
    busy = sum(end - start for start, end in spans)
    worker_cpu = sum(last - first for first, last in workers.values())
    return {"opened": counts["open"], "decoded": counts["load"], "encoded": counts["save"],
            "seconds": round(seconds, 4), "busy_seconds": round(busy, 4), "worker_cpu_seconds": round(worker_cpu, 4)}


def main(report: Path, pelican_args: list[str]) -> int:
    started = time.perf_counter()
    log = report.with_suffix(".images.log")
    log.unlink(missing_ok=True)
    os.environ[EVENTS_ENV] = str(log)
    hook_pillow()

    import pelican
    from pelican.plugins import signals

    marks: dict[str, float] = {"imported": time.perf_counter()}
    written = [0]
    signals.all_generators_finalized.connect(lambda _generators: marks.setdefault("read", time.perf_counter()), weak=False)
    signals.finalized.connect(lambda _pelican: marks.setdefault("written", time.perf_counter()), weak=False)
    signals.content_written.connect(lambda _path, context=None: written.__setitem__(0, written[0] + 1), weak=False)
    status = 0
    try:
        pelican.main(pelican_args)
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    ended = time.perf_counter()
    phases = {
        "startup": marks["imported"] - started,
        "read": marks.get("read", ended) - marks["imported"],
        "write": marks.get("written", ended) - marks.get("read", ended),
        "publish": ended - marks.get("written", ended),
    }
    report.write_text(json.dumps({
        "status": status,
        "phases": {name: round(value, 4) for name, value in phases.items()},
        "rendered": written[0],
        "images": image_summary(log, os.getpid()),
    }), encoding="utf-8")
    return status


if __name__ == "__main__":
    separator = sys.argv.index("--")
    sys.exit(main(Path(sys.argv[1]), sys.argv[separator + 1 :]))
