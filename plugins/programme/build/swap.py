"""Puts a complete staged site in the output's place with one atomic operation.

On Linux, `renameat2(…, RENAME_EXCHANGE)` swaps the two folders in one step: `output/` is a real folder
at every instant, holding the old site until the exchange and the new one after, whatever stops the
build (Ctrl+C, `kill -9`). Afterwards the staging name holds the previous site, whose folders the next
build reuses (`staging.start_run` empties them), so a rebuild does not create a folder per page again.

Where the exchange is missing (another system, a file system without it), the output is renamed aside
(`.<output>.previous`), then the staging folder into its place: between those two renames `output/`
does not exist. Ctrl+C and SIGTERM are held back meanwhile (in the main thread); a `kill -9` or a
crash in that window leaves the previous site aside, and the next build puts it back before anything
else (`recover`), under the output's lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

RENAME_EXCHANGE = 1 << 1  # linux/fs.h
_AT_FDCWD = -100
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def aside_path(final: Path) -> Path:
    """Where the fallback puts the published site while the new one takes its name."""
    return final.parent / f".{final.name}.previous"


def _load_renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange(first: Path, second: Path) -> None:
    """Swap two paths atomically; OSError (ENOSYS when the C library lacks it) if the system cannot."""
    if _renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 est indisponible")
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def switch(staged: Path, final: Path) -> None:
    """Make the complete site `staged` the output `final`; the previous site ends up under `staged`, if any."""
    if not os.path.lexists(final):
        os.rename(staged, final)
        return
    try:
        exchange(staged, final)
    except OSError as error:
        if error.errno not in _UNSUPPORTED:
            raise
        _switch_aside(staged, final)


def _switch_aside(staged: Path, final: Path) -> None:
    aside = aside_path(final)
    _remove(aside)
    with signals_held():
        os.rename(final, aside)
        os.rename(staged, final)
    os.rename(aside, staged)


def recover(staged: Path, final: Path) -> None:
    """After a fallback switch cut short: the previous site back in place if the output is missing."""
    aside = aside_path(final)
    if not os.path.lexists(aside):
        return
    if _is_empty_folder(final):  # `invoke serve` makes an empty output to serve before its first build
        os.rmdir(final)
    if not os.path.lexists(final):
        os.rename(aside, final)
    elif not os.path.lexists(staged):
        os.rename(aside, staged)
    else:
        _remove(aside)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl+C and SIGTERM wait until the body is done, then take effect (main thread only: Python's rule)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {number: signal.signal(number, lambda number, _frame: received.append(number))
                for number in _HELD_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)  # None: set outside Python
        for number in dict.fromkeys(received):
            signal.raise_signal(number)


def _is_empty_folder(path: Path) -> bool:
    try:
        return not os.path.islink(path) and not os.listdir(path)
    except OSError:
        return False


def _remove(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)
