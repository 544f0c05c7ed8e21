"""Ctrl+C, SIGTERM and SIGHUP around a build process: the build stops cleanly and no traceback shows.

`invoke build` runs the build in a session of its own (`run_passing_signals`), so that Ctrl+C in the
terminal reaches `invoke` alone, which passes it on to the build only: the build then stops its own
workers and Pagefind, instead of each of them printing a traceback, and says what became of the output.
A build process stopped while it still loads its modules exits quietly too (`quiet_while_loading`).
Imports nothing heavy: build processes call it before loading Pelican.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import threading

STOPPED_EARLY = "Construction interrompue : le site précédent est resté en place, entier."
_PASSED_ON = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def quiet_while_loading() -> None:
    """Until `loaded`, Ctrl+C ends the process with a French line instead of a traceback from an import."""
    signal.signal(signal.SIGINT, _stop_early)


def loaded() -> None:
    """From now on Ctrl+C raises KeyboardInterrupt, which the build turns into a French message."""
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _stop_early(_number: int, _frame) -> None:
    print(STOPPED_EARLY, flush=True)
    sys.exit(130)


def run_passing_signals(argv: list[str], **options) -> int:
    """Run `argv` in a session of its own, passing it Ctrl+C, SIGTERM and SIGHUP; its exit status.

    Ctrl+C (even several) is passed on and the build waited for. SIGTERM and SIGHUP (a closed terminal)
    are passed on, then end this process as they would have. A signal that comes while the process is
    being started is passed on as soon as it exists. Handlers can only be set in the main thread;
    elsewhere the process simply runs.
    """
    started: list[subprocess.Popen] = []
    caught: list[int] = []

    def pass_on(number: int, _frame) -> None:
        caught.append(number)
        if started:
            _send(started[0], number)
            if number != signal.SIGINT:
                _die_of(number)

    main = threading.current_thread() is threading.main_thread()
    previous = {number: signal.signal(number, pass_on) for number in _PASSED_ON} if main else {}
    try:
        process = subprocess.Popen(argv, start_new_session=True, **options)
        started.append(process)
        for number in dict.fromkeys(caught):  # while it was being started
            _send(process, number)
            if number != signal.SIGINT:
                _die_of(number)
        code = process.wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
    if code == -signal.SIGINT:  # Ctrl+C before Python could catch it: the build had not started
        print(STOPPED_EARLY, flush=True)
        return 130
    return code


def _send(process: subprocess.Popen, number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(number)


def _die_of(number: int) -> None:
    signal.signal(number, signal.SIG_DFL)
    signal.raise_signal(number)
