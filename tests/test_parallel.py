"""Calendars and feeds are written by a forked process while the pages are written (`programme.parallel`)."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from programme import parallel
from programme.problems import ContentError, Problem


@pytest.mark.parametrize("fork", [True, False])
def test_the_result_comes_back_from_the_child_or_is_made_here(fork):
    with parallel.meanwhile(lambda: {"pid": os.getpid(), "values": [1, 2]}, fork) as pending:
        result = pending.result()
    assert result["values"] == [1, 2]
    assert (result["pid"] != os.getpid()) is fork
    assert multiprocessing.active_children() == []


def test_the_work_runs_while_the_body_goes_on(tmp_path):
    started = tmp_path / "started"

    def work():
        started.touch()
        return "done"

    with parallel.meanwhile(work) as pending:
        while not started.exists():  # the child got there on its own: nothing here asked for the result yet
            time.sleep(0.01)
    assert pending.result() == "done"


def test_a_content_error_in_the_child_is_raised_here_with_its_problems():
    def work():
        raise ContentError([Problem(".calendar-ledger.json", "le registre des calendriers est illisible.")])

    with pytest.raises(ContentError) as raised, parallel.meanwhile(work) as pending:
        pending.result()
    assert raised.value.problems[0].path == ".calendar-ledger.json"
    assert any("processus parallèle" in note for note in raised.value.__notes__)  # where it happened, for debugging
    assert multiprocessing.active_children() == []


def test_an_error_that_cannot_cross_processes_arrives_as_its_traceback():
    class Local(Exception):  # defined in a function: pickle cannot find it again
        pass

    def work():
        raise Local("introuvable ailleurs")

    with pytest.raises(RuntimeError, match="introuvable ailleurs"), parallel.meanwhile(work):
        pass


def test_a_child_that_dies_without_answering_is_an_error():
    with pytest.raises(RuntimeError, match="code 3"), parallel.meanwhile(lambda: os._exit(3)):
        pass


def test_a_failing_body_stops_the_child(tmp_path):
    finished = tmp_path / "finished"

    def work():
        time.sleep(30)
        finished.touch()

    with pytest.raises(ValueError, match="a template failed"), parallel.meanwhile(work):
        raise ValueError("a template failed")
    assert multiprocessing.active_children() == []
    assert not finished.exists()


def test_a_build_writes_the_same_files_and_ledger_with_and_without_the_child(site, tmp_path):
    forked = tmp_path / "forked"
    site.build(OUTPUT_PATH=str(forked), PARALLEL_OUTPUTS=True)
    ledger = (site.content / ".calendar-ledger.json").read_bytes()
    site.build(PARALLEL_OUTPUTS=False)
    assert (site.content / ".calendar-ledger.json").read_bytes() == ledger
    files = site.files()
    assert any(name.endswith(".ics") for name in files) and any(name.startswith("flux/") for name in files)
    assert {str(p.relative_to(forked)): p.read_bytes() for p in sorted(forked.rglob("*")) if p.is_file()} == files
