"""Work done by a forked process while this one goes on: a cold build's second core.

Two pieces of a build need nothing from what runs beside them: half of the Markdown bodies the cache
lacks (a file's reading depends on the file alone), and, once everything is read and linked, the
calendars and feeds, which only read the programme and write files of their own while the pages are
written (`generator.py`). A forked child starts from this process's memory as it is (copy-on-write), so
nothing is copied but the child's result and its error, if any, which are sent back pickled.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")
CHILD_NAME = "programme-parallel"


class Pending(Generic[T]):
    """The result of `work`, made in a child process or, without one, here when it is asked for.

    A child with a `niceness` (Unix `nice`) yields the cores to this process and to the others it runs,
    and takes what they leave idle: for work that is not awaited first. With `start=False` the child is
    forked only when `start` is called (or the work made here, if it never is): a child keeps a copy of
    every page of memory this process changes after the fork, so forking later can cost less memory.
    """

    def __init__(self, work: Callable[[], T], fork: bool, niceness: int = 0, *, start: bool = True):
        self._work = work
        self._niceness = niceness
        self._fork = fork and "fork" in multiprocessing.get_all_start_methods()  # otherwise made here, when asked for
        self._process = None
        self._done = False
        self._value: T | None = None
        self._error: BaseException | None = None
        if start:
            self.start()

    def start(self) -> None:
        """Fork the child, unless it is started already, the work is made here, or it is over."""
        if not self._fork or self._process is not None or self._done:
            return
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(self._work, sender, self._niceness), name=CHILD_NAME,
                                        daemon=True)
        gc.freeze()  # the child's collector leaves the inherited objects alone, so their pages stay shared
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        sender.close()  # the child holds the only sending end: a child that dies makes `recv` fail, not hang

    def result(self) -> T:
        """The work's value; the work's own exception (with the child's traceback as a note) if it failed,
        every time it is asked for."""
        if not self._done:
            self._done = True
            try:
                self._value = self._make()
            except BaseException as error:
                self._error = error
        if self._error is not None:
            raise self._error
        return self._value

    def _make(self) -> T:
        if self._process is None:
            return self._work()
        try:
            kind, payload = self._receiver.recv()
        except EOFError:  # the child died without answering; its exit code is known once it is joined
            kind, payload = "died", None
        finally:
            self._receiver.close()
            self._process.join()
        if kind == "died":
            raise RuntimeError(f"le processus parallèle s'est arrêté (code {self._process.exitcode})")
        if kind == "error":
            raise payload
        return payload

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere): live reload runs the next build in this process."""
        if self._done:
            return
        self._done = True
        self._error = RuntimeError("le travail parallèle a été annulé")
        if self._process is not None:
            if self._process.exitcode is None:
                self._process.kill()
            self._process.join()
            self._receiver.close()


def stop_abandoned() -> None:
    """Stop the children of a build that failed before awaiting them: under live reload the next build
    runs in this process, and a child still writing calendars would write them into its staging folder."""
    for child in multiprocessing.active_children():
        if child.name == CHILD_NAME:
            child.kill()
            child.join()


@contextmanager
def awaited(pending: Pending[T]) -> Iterator[Pending[T]]:
    """Work started in a child: the body asks for its `result()`, which is awaited on leaving anyway (its
    error raised); if the body fails, the child is stopped."""
    try:
        yield pending
    except BaseException:
        pending.cancel()
        raise
    pending.result()


def _run(work: Callable[[], object], sender, niceness: int) -> None:
    if niceness:
        os.nice(niceness)
    try:
        outcome = ("value", work())
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        outcome = ("error", _portable(error))
    try:
        sender.send(outcome)
    except OSError:  # the parent gave up on the result (its build failed before asking): nothing to say
        pass
    sender.close()


def _portable(error: BaseException) -> BaseException:
    """The error itself when it survives pickling, noted with where it happened in the child."""
    text = "".join(traceback.format_exception(error))
    try:
        copy = pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - an exception that cannot cross processes travels as its text
        return RuntimeError(f"échec dans le processus parallèle :\n{text}")
    copy.add_note(f"Dans le processus parallèle :\n{text}")
    return copy
