"""Calendars and feeds are written by a forked process while the pages are written (`programme.parallel`)."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time

import pytest
from programme import outputs
from programme.build import parallel, work
from programme.problems import ContentError, Problem


@pytest.mark.parametrize("fork", [True, False])
def test_the_result_comes_back_from_the_child_or_is_made_here(fork):
    with parallel.awaited(parallel.Pending(lambda: {"pid": os.getpid(), "values": [1, 2]}, fork)) as pending:
        result = pending.result()
    assert result["values"] == [1, 2]
    assert (result["pid"] != os.getpid()) is fork
    assert multiprocessing.active_children() == []


def test_a_nice_child_yields_the_cores_and_this_process_keeps_its_priority():
    own = os.nice(0)
    with parallel.awaited(parallel.Pending(lambda: os.nice(0), True, niceness=5)) as pending:
        assert pending.result() == min(own + 5, 19)
    assert os.nice(0) == own


def test_the_work_runs_while_the_body_goes_on(tmp_path):
    started = tmp_path / "started"

    def work():
        started.touch()
        return "done"

    with parallel.awaited(parallel.Pending(work, True)) as pending:
        for _ in range(3000):  # up to 30 s, so that a child that never starts fails the test instead of hanging it
            if started.exists():
                break
            time.sleep(0.01)
        assert started.exists()  # the child got there on its own: nothing here asked for the result yet
    assert pending.result() == "done"


def test_a_content_error_in_the_child_is_raised_here_with_its_problems():
    def work():
        raise ContentError([Problem(".calendar-ledger.json", "le registre des calendriers est illisible.")])

    with pytest.raises(ContentError) as raised, parallel.awaited(parallel.Pending(work, True)) as pending:
        pending.result()
    assert raised.value.problems[0].path == ".calendar-ledger.json"
    assert any("processus parallèle" in note for note in raised.value.__notes__)  # where it happened, for debugging
    assert multiprocessing.active_children() == []


def test_an_error_that_cannot_cross_processes_arrives_as_its_traceback():
    class Local(Exception):  # defined in a function: pickle cannot find it again
        pass

    def work():
        raise Local("introuvable ailleurs")

    with pytest.raises(RuntimeError, match="introuvable ailleurs"), parallel.awaited(parallel.Pending(work, True)):
        pass


def test_a_child_that_dies_without_answering_is_an_error():
    with pytest.raises(RuntimeError, match="code 3"), parallel.awaited(parallel.Pending(lambda: os._exit(3), True)):
        pass


def test_a_failing_body_stops_the_child(tmp_path):
    finished = tmp_path / "finished"

    def work():
        time.sleep(30)
        finished.touch()

    with pytest.raises(ValueError, match="a template failed"), parallel.awaited(parallel.Pending(work, True)):
        raise ValueError("a template failed")
    assert multiprocessing.active_children() == []
    assert not finished.exists()


def test_a_build_writes_the_same_files_and_ledger_with_and_without_the_child(site, tmp_path, call_log, monkeypatch):
    from programme.build import generator
    from programme.content import items

    monkeypatch.setattr(work, "FORK_READING_FROM", 1)  # the fixture is small: have its reading shared too
    call_log.spy(generator, "read_body", lambda root, path, markdown: ["read", os.getpid()])
    call_log.spy(items, "validate", lambda kind, source, ctx: ["validated", os.getpid()])
    forked = tmp_path / "forked"
    site.build(OUTPUT_PATH=str(forked), PARALLEL_BUILD=True)
    calls = call_log.calls()
    readers = [pid for what, pid in calls if what == "read"]
    # The child starts as the generator is made, while Pelican reads its news and pages here: it reads
    # half of our files plus half of theirs, and validates what it read.
    others = len([*(site.content / "actualites").glob("*.md"), *(site.content / "pages").glob("*.md")])
    assert len(set(readers)) == 2 and others > 0
    assert len(readers) - readers.count(os.getpid()) == (len(readers) + others) // 2
    assert sorted(pid for what, pid in calls if what == "validated") == sorted(readers)
    memory = {path.name: path.read_bytes() for path in (site.content / ".memoire-calendriers").iterdir()}
    shutil.rmtree(site.content / ".memoire-calendriers")  # recorded again, this time without the child
    site.build(PARALLEL_BUILD=False)
    assert {path.name: path.read_bytes() for path in (site.content / ".memoire-calendriers").iterdir()} == memory
    files = site.files()
    assert any(name.endswith(".ics") for name in files) and any(name.startswith("flux/") for name in files)
    assert {str(p.relative_to(forked)): p.read_bytes() for p in sorted(forked.rglob("*")) if p.is_file()} == files


def test_the_child_starts_reading_before_pelican_reads_its_news(site, monkeypatch):
    from pelican.generators import ArticlesGenerator

    monkeypatch.setattr(work, "FORK_READING_FROM", 1)
    events = []
    start, news = parallel.Pending.__init__, ArticlesGenerator.generate_context
    monkeypatch.setattr(parallel.Pending, "__init__",
                        lambda self, work, fork, *args, **kwargs: events.append(("child", fork))
                        or start(self, work, fork, *args, **kwargs))
    monkeypatch.setattr(ArticlesGenerator, "generate_context", lambda self: events.append("news") or news(self))
    site.build(PARALLEL_BUILD=True)
    assert events[:2] == [("child", True), "news"]


def test_calendars_and_feeds_start_once_everything_is_linked_before_pelican_writes_its_news(site, monkeypatch):
    from pelican.generators import ArticlesGenerator

    events = []
    start, news = parallel.Pending.__init__, ArticlesGenerator.generate_output
    monkeypatch.setattr(parallel.Pending, "__init__",
                        lambda self, work, *args, **kwargs: events.append(getattr(work, "__name__", ""))
                        or start(self, work, *args, **kwargs))
    monkeypatch.setattr(ArticlesGenerator, "generate_output", lambda self, writer: events.append("news") or news(self, writer))
    site.build(PARALLEL_BUILD=True)
    assert events.count("write_subscriptions") == 1
    assert events.index("write_subscriptions") < events.index("news")


@pytest.mark.parametrize("fork", [True, False])
def test_a_child_made_not_to_start_forks_only_when_started_or_the_work_is_made_here(fork):
    later = parallel.Pending(os.getpid, fork, start=False)
    assert multiprocessing.active_children() == []
    later.start()
    assert len(multiprocessing.active_children()) == int(fork)
    later.start()  # once only
    assert len(multiprocessing.active_children()) == int(fork)
    assert (later.result() != os.getpid()) is fork
    never = parallel.Pending(os.getpid, fork, start=False)
    assert never.result() == os.getpid() and multiprocessing.active_children() == []


def subscriptions_and_lots(site, monkeypatch) -> list[tuple[str, object]]:
    """A build's forks of the calendars-and-feeds process (with its niceness) and the ends of its search lots, in order."""
    from programme.outputs import search

    steps: list[tuple[str, object]] = []
    start, index_lot = parallel.Pending.start, search.index_lot

    def started(self):
        forked = self._process is None
        start(self)
        if forked and self._process is not None and self._work.__name__ == "write_subscriptions":
            steps.append(("subscriptions", self._niceness))

    monkeypatch.setattr(parallel.Pending, "start", started)
    monkeypatch.setattr(search, "index_lot", lambda *args: index_lot(*args) or steps.append(("lot", None)))
    site.build(PARALLEL_BUILD=True, IMAGE_PROCESSES=2, SEARCH_SHARD_PAGES=5, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    return steps


def test_a_first_build_forks_calendars_and_feeds_once_its_pages_are_indexed_and_a_rebuild_at_once(site, monkeypatch):

    monkeypatch.setattr(work, "EARLY_IMAGE_WORKERS_FROM", 1)  # the fixture's few files make a first build
    first = subscriptions_and_lots(site, monkeypatch)
    # Every picture to make: the image workers take the cores until long after the pages, so the
    # calendars' process waits for the last search lot, then runs as they do.
    assert first == [("lot", None)] * 3 + [("subscriptions", 0)]
    edited = site.content / "evenements" / "sols-vivants.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    again = subscriptions_and_lots(site, monkeypatch)  # the images cached: it takes the idle core while pages are written
    assert again[0] == ("subscriptions", work.SUBSCRIPTIONS_NICENESS) and again.count(("lot", None)) >= 1


def test_a_build_that_fails_before_awaiting_its_child_leaves_none_to_the_next(site, tmp_path, monkeypatch):
    from pelican.generators import ArticlesGenerator

    finished = tmp_path / "finished"
    monkeypatch.setattr(outputs, "write_subscriptions", lambda site: time.sleep(30) or finished.touch())
    monkeypatch.setattr(ArticlesGenerator, "generate_output", lambda self, writer: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        site.build(PARALLEL_BUILD=True)
    abandoned = [child for child in multiprocessing.active_children() if child.name == parallel.CHILD_NAME]
    assert len(abandoned) == 1  # still writing calendars when the build failed
    monkeypatch.undo()
    site.build(PARALLEL_BUILD=True)  # live reload: the next build, in this process
    assert not abandoned[0].is_alive() and multiprocessing.active_children() == []
    assert not finished.exists()


def test_problems_found_by_the_child_are_reported_with_the_others(site, monkeypatch):

    monkeypatch.setattr(work, "FORK_READING_FROM", 1)
    site.write("evenements/aaa-casse.md", "Title: Cassé\nStart: pas une date\n\nTexte.")  # read first, here
    site.write("webtv/zzz-casse.md", "Title: Cassé\nVideo: pas une vidéo\n\nTexte.")  # read last, by the child
    (site.content / "chercheurs/illisible.md").write_bytes(b"Title: \xff\xfe\n\nTexte.")
    messages = []
    for parallel_build in (True, False):
        with pytest.raises(ContentError) as raised:
            site.build(PARALLEL_BUILD=parallel_build)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]
    assert all(name in messages[0] for name in ("aaa-casse.md", "zzz-casse.md", "illisible.md"))


@pytest.mark.parametrize("fork", [True, False])
def test_a_cancelled_or_failed_work_never_answers_with_a_value(fork):
    pending = parallel.Pending(lambda: time.sleep(30) if fork else "unused", fork)
    pending.cancel()
    with pytest.raises(RuntimeError, match="annulé"):
        pending.result()
    assert multiprocessing.active_children() == []

    def fail():
        raise ValueError("cassé")

    failed = parallel.Pending(fail, fork)
    for _ in range(2):  # asked twice, it fails twice
        with pytest.raises(ValueError, match="cassé"):
            failed.result()
