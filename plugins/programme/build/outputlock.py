"""One build at a time per output folder: a lock file beside it, held with `flock`, naming its holder.

Two builds into one output (an `invoke build` while `invoke serve` rebuilds, two colleagues) would write
into the same staging folder and could publish a mix of both. Each build holds `.<output>.lock`, a
sibling of the output (never inside what is published), for its whole run; the file holds the pid of
the process that has it. A second build waits for the first, saying so once, and refuses in French
after `OUTPUT_LOCK_TIMEOUT` seconds. The kernel releases a `flock` when its holder exits, however it
exits (Ctrl+C, `kill -9`), so a lock file left behind blocks nobody; the file itself is never deleted
(deleting it would let a waiter lock a file that a third build no longer sees).

The lock is re-entrant within one process: `staff.building` holds it around the whole run, the preview's
builder around its fast path and the build together, and the plugin takes it at the start of each run
only when the process does not hold it already, so that a plain `pelican` run is protected too.
Processes forked while it is held (image workers, the calendars' process) close their copy at once:
the lock belongs to the build's own process and ends with it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

TIMEOUT_SETTING = "OUTPUT_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 900.0  # seconds: far longer than a cold build of the largest programme
POLL_SECONDS = 0.1

Announce = Callable[[str], None]


class OutputBusy(Exception):
    """Another build kept the output for longer than the timeout; the message says what to do, in French."""


class _Hold:
    def __init__(self, fd: int):
        self.fd, self.depth = fd, 1


_held: dict[str, _Hold] = {}  # lock file → this process's hold on it
_run_holds: set[str] = set()  # lock files the plugin took for a run (`hold_run`)
_guard = threading.Lock()


def lock_path(output_path: str | os.PathLike) -> str:
    """`.<output>.lock` beside the output, as the staging folder is."""
    final = Path(output_path).resolve()
    return str(final.parent / f".{final.name}.lock")


def timeout_of(settings: dict) -> float:
    return float(settings.get(TIMEOUT_SETTING, DEFAULT_TIMEOUT))


def held(output_path: str | os.PathLike) -> bool:
    """Whether this process holds the output's lock."""
    return lock_path(output_path) in _held


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def acquire(output_path: str | os.PathLike, timeout: float = DEFAULT_TIMEOUT, announce: Announce = _stderr) -> None:
    """Hold the output's lock, waiting up to `timeout` seconds for another build to end (said once, in French)."""
    path = lock_path(output_path)
    with _guard:
        if path in _held:
            _held[path].depth += 1
            return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        _wait(fd, path, output_path, timeout, announce)
        pid = f"{os.getpid()}\n".encode()
        os.pwrite(fd, pid, 0)  # then cut what a longer pid left: a waiter never reads an empty file
        os.ftruncate(fd, len(pid))
    except BaseException:
        os.close(fd)
        raise
    with _guard:
        _held[path] = _Hold(fd)


def _wait(fd: int, path: str, output_path: str | os.PathLike, timeout: float, announce: Announce) -> None:
    deadline = time.monotonic() + timeout
    announced = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = holder_of(path)
        if time.monotonic() >= deadline:
            raise OutputBusy(
                f"une autre construction du site ({_who(holder)}) occupe {output_path} depuis plus de "
                f"{timeout:.0f} s. Attendez qu'elle se termine (ou arrêtez-la : Ctrl+C dans son terminal, "
                f"ou « kill {holder} »), puis relancez la construction." if holder else
                f"une autre construction du site occupe {output_path} depuis plus de {timeout:.0f} s. "
                "Attendez qu'elle se termine, puis relancez la construction.")
        if not announced:
            announce(f"Une autre construction du site est en cours ({_who(holder)}) : attente de sa fin…")
            announced = True
        time.sleep(POLL_SECONDS)


def _who(pid: int | None) -> str:
    return f"processus {pid}" if pid else "processus inconnu"


def holder_of(path: str) -> int | None:
    """The pid written in a lock file (it may be stale: only `flock` says whether the lock is held)."""
    try:
        return int(Path(path).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def release(output_path: str | os.PathLike) -> None:
    """Give back one hold; the last one unlocks, even if forked processes still hold a copy of the file."""
    path = lock_path(output_path)
    with _guard:
        hold = _held.get(path)
        if hold is None:
            return
        hold.depth -= 1
        if hold.depth:
            return
        del _held[path]
    try:
        fcntl.flock(hold.fd, fcntl.LOCK_UN)
    finally:
        os.close(hold.fd)


@contextlib.contextmanager
def holding(output_path: str | os.PathLike, timeout: float = DEFAULT_TIMEOUT,
            announce: Announce = _stderr) -> Iterator[None]:
    """The output's lock for the body, whatever the body raises."""
    acquire(output_path, timeout, announce)
    try:
        yield
    finally:
        release(output_path)


def hold_run(output_path: str | os.PathLike, settings: dict) -> None:
    """At the start of a run: the lock for it, unless this process holds it already (around the run, or
    since an earlier run that failed before `end_run`)."""
    if held(output_path):
        return
    acquire(output_path, timeout_of(settings))
    _run_holds.add(lock_path(output_path))


def end_run(output_path: str | os.PathLike) -> None:
    """The run is over (published, or refused): give back the lock `hold_run` took, if it took one."""
    path = lock_path(output_path)
    if path in _run_holds:
        _run_holds.discard(path)
        release(output_path)


def _close_in_child() -> None:
    """A forked process must not keep the output locked once the build's own process is gone."""
    for hold in _held.values():
        with contextlib.suppress(OSError):
            os.close(hold.fd)
    _held.clear()
    _run_holds.clear()
    global _guard
    _guard = threading.Lock()  # another thread may have held it at the fork


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)
