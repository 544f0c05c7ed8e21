"""`outputlock`: one build per output at a time, the holder named, never stuck on a process that is gone.

Other holders are real processes (a small script holding the lock, as a build does); "is it free?" is
asked the way another process would, with a `flock` on a file description of our own.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT
from programme.build import outputlock
from programme.build.outputlock import OutputBusy, lock_path

WAITING = "Une autre construction du site est en cours (processus {pid}) : attente de sa fin…"

# Holds the lock of argv[1], says so on stdout, then does what argv[2] says.
HOLDER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {plugins!r})
    from programme import outputlock
    outputlock.acquire(sys.argv[1])
    then = sys.argv[2]
    if then == "fork":  # a worker forked during the build outlives it
        child = os.fork()
        if child == 0:
            time.sleep(60)
            os._exit(0)
        print(child, flush=True)
    print("held", flush=True)
    if then == "release-after-a-second":
        time.sleep(1)
        outputlock.release(sys.argv[1])
        print("released", flush=True)
    if then == "exit-at-once":
        os._exit(0)
    time.sleep(60)
""")


class Holder:
    """Another process holding the lock of `output`."""

    def __init__(self, output: Path, then: str = "sleep"):
        script = HOLDER.format(plugins=str(ROOT / "plugins"))
        self.process = subprocess.Popen([sys.executable, "-c", script, str(output), then],
                                        stdout=subprocess.PIPE, text=True)
        first = self.process.stdout.readline().strip()
        self.child = int(first) if then == "fork" else None
        assert (self.process.stdout.readline() if then == "fork" else first + "\n") == "held\n"

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        for pid in (self.child, self.pid):
            if pid is not None:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.process.wait()


def free(output: Path) -> bool:
    """Whether another process could take the lock now."""
    fd = os.open(lock_path(output), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


@pytest.fixture
def output(tmp_path) -> Path:
    return tmp_path / "output"


def test_the_lock_file_sits_beside_the_output_and_names_its_holder(output):
    with outputlock.holding(output):
        assert lock_path(output) == str(output.parent / ".output.lock")
        assert Path(lock_path(output)).read_text() == f"{os.getpid()}\n"
        assert not free(output)
        assert not output.exists()  # nothing inside the published folder, nor the folder itself
    assert free(output)


def test_it_is_reentrant_within_a_process(output):
    outputlock.acquire(output)
    with outputlock.holding(output):
        assert outputlock.held(output)
    assert not free(output)  # the outer hold still stands
    outputlock.release(output)
    assert free(output) and not outputlock.held(output)


def test_a_second_build_waits_saying_so_once_in_french_then_goes_on(output):
    holder = Holder(output, "release-after-a-second")
    said = []
    try:
        outputlock.acquire(output, timeout=60, announce=said.append)
        assert holder.process.stdout.readline() == "released\n"  # we got it only once the holder let go
        outputlock.release(output)
    finally:
        holder.stop()
    assert said == [WAITING.format(pid=holder.pid)]


def test_after_the_timeout_it_refuses_in_french_naming_the_holder(output):
    holder = Holder(output)
    said = []
    try:
        with pytest.raises(OutputBusy) as refusal:
            outputlock.acquire(output, timeout=0.5, announce=said.append)
    finally:
        holder.stop()
    assert said == [WAITING.format(pid=holder.pid)]
    message = str(refusal.value)
    assert f"une autre construction du site (processus {holder.pid}) occupe {output}" in message
    assert f"« kill {holder.pid} »" in message and "relancez la construction" in message
    assert not outputlock.held(output)


def test_a_lock_file_left_by_a_dead_process_blocks_nobody(output):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    Path(lock_path(output)).parent.mkdir(parents=True, exist_ok=True)
    Path(lock_path(output)).write_text(f"{dead.pid}\n")
    said = []
    with outputlock.holding(output, timeout=0, announce=said.append):
        assert Path(lock_path(output)).read_text() == f"{os.getpid()}\n"
    assert said == []


def test_a_holder_killed_with_sigkill_releases_it(output):
    holder = Holder(output)
    os.kill(holder.pid, signal.SIGKILL)
    holder.process.wait()
    said = []
    with outputlock.holding(output, timeout=0, announce=said.append):
        pass
    assert said == []


def test_a_worker_forked_by_the_holder_does_not_keep_it_once_the_holder_is_gone(output):
    holder = Holder(output, "fork")
    try:
        os.kill(holder.pid, signal.SIGKILL)
        holder.process.wait()
        os.kill(holder.child, 0)  # the worker still runs…
        assert free(output)  # …and holds nothing
    finally:
        holder.stop()


def test_releasing_unlocks_even_while_a_forked_worker_lives(output):
    outputlock.acquire(output)
    child = os.fork()
    if child == 0:
        time.sleep(30)
        os._exit(0)
    try:
        outputlock.release(output)
        assert free(output)
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


def test_a_plain_pelican_run_takes_it_and_gives_it_back_even_when_it_fails(site):
    holder = Holder(site.output)
    try:
        with pytest.raises(OutputBusy):
            site.build(OUTPUT_LOCK_TIMEOUT=0.3)
    finally:
        holder.stop()
    assert not site.output.exists()  # refused before writing anything
    site.build()
    assert free(site.output) and not outputlock.held(site.output)
    site.edit("evenements/sols-vivants.md", "Venue: museum", "Venue: musee")
    from programme.problems import ContentError

    with pytest.raises(ContentError):
        site.build()
    assert free(site.output) and not outputlock.held(site.output)
