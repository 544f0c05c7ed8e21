"""`output/` is always one whole site: builds into one output take turns, and a build stopped at any step
of publishing (`kill -9`, Ctrl+C) leaves the old site or the new one, byte for byte, never a mix.

Every build is a real process, `python -m staff.building` as `invoke build` runs it (or `invoke build`
itself). A build is held at one step of publishing with `PROGRAMME_PAUSE_AT` (`staging.PAUSE_VARIABLE`),
which only makes it wait there while a file exists; what it does is the same with or without it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DEFAULT_NOW, FIXTURE, ROOT
from programme.build.staging import PAUSE_VARIABLE
from staff.building import command
from staff.preview import WarmProcess
from staff.project import Project
from test_outputlock import WAITING, free

from tests.benchmark import synthetic

pytestmark = pytest.mark.slow

EVENTS = 300  # several hundred events: about 1 800 files, a few hundred of which change between A and B
PATIENCE = 240.0  # seconds: a bound on waiting for a build, not a timing assertion
PUBLISHED_NEW = "Construction interrompue après la publication : output/ contient le nouveau site, entier."
KEPT_OLD = "Construction interrompue : le site précédent est resté en place, entier."
STARTED: list[subprocess.Popen] = []  # every process a test started, each leading a process group of its own


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`: two trees are equal only if nothing differs."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        found[relative] = None if path.is_dir() and not path.is_symlink() else path.read_bytes()
    return found


class Build:
    """One build process of `root/content` into `root/output`; what it prints is collected as it comes.

    It runs in a process group of its own, so that whatever it leaves behind when killed (a `kill -9`
    orphans its image workers) is stopped after the test (`_stop_leftovers`).
    """

    def __init__(self, root: Path, now: str = DEFAULT_NOW, pause: tuple[str, Path] | None = None,
                 cache: Path | None = None):
        project = Project(ROOT, root / "content", root / "output", cache)
        argv, env = command(project, "staff.building")
        env = {**env, "SITE_NOW": now}
        env.pop(PAUSE_VARIABLE, None)
        if pause:
            env[PAUSE_VARIABLE] = f"{pause[0]}={pause[1]}"
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, start_new_session=True)
        STARTED.append(self.process)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True)
        self.reader.start()

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def said(self) -> str:
        return "".join(self.lines)

    def wait_until(self, condition, what: str) -> None:
        deadline = time.monotonic() + PATIENCE
        while not condition():
            assert self.process.poll() is None, f"the build ended before {what}:\n{self.said}"
            assert time.monotonic() < deadline, f"the build never reached {what}:\n{self.said}"
            time.sleep(0.01)

    def finish(self) -> tuple[int, str]:
        code = self.process.wait(timeout=PATIENCE)
        self.reader.join(timeout=PATIENCE if code >= 0 else 5)  # orphans of a kill -9 keep the pipe open
        return code, self.said


@pytest.fixture(autouse=True)
def _stop_leftovers():
    yield
    while STARTED:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(STARTED.pop().pid, signal.SIGKILL)


def built(root: Path, now: str = DEFAULT_NOW) -> dict[str, bytes | None]:
    """Build `root` to the end and return its output."""
    code, said = Build(root, now).finish()
    assert code == 0 and "Site construit" in said, said
    return tree(root / "output")


def reference(tmp_path: Path, content: Path = FIXTURE) -> dict[str, bytes | None]:
    """One complete build of `content` in a folder of its own, at the same SITE_NOW."""
    root = tmp_path / "reference"
    shutil.copytree(content, root / "content")
    return built(root)


# -- Two builds into one output -------------------------------------------------------------------------


def test_a_build_started_while_another_publishes_waits_for_it(site, tmp_path):
    expected = reference(tmp_path)
    marker = tmp_path / "paused"
    first = Build(site.root, pause=("swap", marker))
    first.wait_until(marker.exists, "the swap")
    second = Build(site.root)
    second.wait_until(lambda: WAITING.format(pid=first.pid) in second.said, "the waiting message")
    assert second.process.poll() is None  # it waits: nothing of it is written over the paused build
    marker.unlink()
    for code, said in (first.finish(), second.finish()):
        assert code == 0 and "Site construit" in said and "Traceback" not in said, said
    assert tree(site.output) == expected


def test_two_builds_started_at_the_same_moment_make_one_whole_site(site, tmp_path):
    expected = reference(tmp_path)
    for _ in range(2):
        builds = [Build(site.root), Build(site.root)]
        results = [build.finish() for build in builds]
        for code, said in results:
            assert "Traceback" not in said, said
            assert (code == 0 and "Site construit" in said) or (code == 1 and "une autre construction du site" in said)
        assert any(code == 0 for code, _said in results)
        assert tree(site.output) == expected


def test_invoke_build_waits_for_the_preview_which_never_keeps_the_lock(site, tmp_path, monkeypatch):
    expected = reference(tmp_path)
    marker = tmp_path / "paused"
    monkeypatch.setenv("SITE_NOW", DEFAULT_NOW)
    monkeypatch.setenv(PAUSE_VARIABLE, f"swap={marker}")
    warm = WarmProcess(Project(ROOT, site.content, site.output, site.root / "cache"))
    warm.start()
    monkeypatch.delenv(PAUSE_VARIABLE)
    try:
        first: list[dict] = []
        requesting = threading.Thread(target=lambda: first.extend(warm.request([])))
        requesting.start()
        deadline = time.monotonic() + PATIENCE
        while not marker.exists():
            assert time.monotonic() < deadline and requesting.is_alive(), first
            time.sleep(0.01)
        build = Build(site.root, cache=site.root / "cache")
        build.wait_until(lambda: WAITING.format(pid=warm.pid) in build.said, "the waiting message")
        marker.unlink()
        requesting.join(PATIENCE)
        assert first[-1]["reply"] == "build" and not first[-1]["problems"] and not first[-1]["errors"]
        code, said = build.finish()
        assert code == 0 and "Site construit" in said, said
        assert tree(site.output) == expected

        site.edit("evenements/sols-vivants.md", "Venue: museum", "Venue: musee")
        [failed] = warm.request([])
        assert failed["problems"]
        assert free(site.output)  # a failed preview build keeps nobody waiting
    finally:
        warm.stop()


# -- A build stopped while it publishes, on a programme of several hundred events ----------------------------


@dataclass
class Programme:
    state: Path  # a root whose output is site A and whose content is site B's
    a: dict[str, bytes | None]
    b: dict[str, bytes | None]

    def copy(self, tmp_path: Path) -> Path:
        root = tmp_path / "site"
        shutil.copytree(self.state, root, symlinks=True)
        return root


@pytest.fixture(scope="module")
def programme(tmp_path_factory) -> Programme:
    base = tmp_path_factory.mktemp("programme")
    root = base / "state"
    site = synthetic.generate(root, EVENTS)
    a = built(root, synthetic.SITE_NOW)
    for venue in sorted((site.content / "lieux").glob("*.md")):  # every event page shows its venue's name
        venue.write_text(venue.read_text(encoding="utf-8").replace("Title: Salle", "Title: Grande salle", 1),
                         encoding="utf-8")
    recorded = {line.split(":", 1)[1].strip() for episode in (site.content / "webtv").glob("*.md")
                for line in episode.read_text(encoding="utf-8").splitlines() if line.startswith("Event:")}
    for path in [path for path in site.event_paths if path.stem not in recorded][-20:]:  # pages B no longer has
        path.unlink()
    shutil.copytree(root / "content", base / "reference" / "content")
    b = built(base / "reference", synthetic.SITE_NOW)
    changed = {path for path in a.keys() | b.keys() if a.get(path) != b.get(path)}
    assert len(changed) > 300 and set(a) - set(b)
    return Programme(root, a, b)


def run_b(root: Path, pause: tuple[str, Path] | None = None) -> Build:
    return Build(root, synthetic.SITE_NOW, pause)


def assert_next_build_publishes_b(root: Path, programme: Programme) -> None:
    """Whatever the stopped build left behind, the next one starts from it and publishes B, whole."""
    code, said = run_b(root).finish()
    assert code == 0 and "Site construit" in said, said
    published = tree(root / "output")
    assert published == programme.b, sorted(path for path in published.keys() | programme.b.keys()
                                            if published.get(path) != programme.b.get(path))[:20]


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
@pytest.mark.parametrize("step", ["complete", "swap", "swapped"])
def test_a_build_stopped_at_a_step_of_publishing_leaves_one_whole_site(programme, tmp_path, step, stop):
    root = programme.copy(tmp_path)
    marker = tmp_path / "paused"
    build = run_b(root, (step, marker))
    build.wait_until(marker.exists, step)
    assert tree(root / "output") == (programme.b if step == "swapped" else programme.a)
    os.kill(build.pid, stop)
    code, said = build.finish()
    assert tree(root / "output") == (programme.b if step == "swapped" else programme.a)
    if stop == signal.SIGINT:
        assert code == 130 and "Traceback" not in said, said
        assert (PUBLISHED_NEW if step == "swapped" else KEPT_OLD) in said
    assert_next_build_publishes_b(root, programme)


@pytest.mark.parametrize("delay", [0.0, 0.003, 0.01, 0.03])
def test_a_build_killed_while_it_completes_and_swaps_leaves_one_whole_site(programme, tmp_path, delay):
    root = programme.copy(tmp_path)
    marker = tmp_path / "paused"
    build = run_b(root, ("complete", marker))
    build.wait_until(marker.exists, "publishing")
    marker.unlink()  # it goes on: completing the staged site, then the exchange…
    time.sleep(delay)
    os.kill(build.pid, signal.SIGKILL)  # …and dies somewhere in there
    build.finish()
    assert tree(root / "output") in (programme.a, programme.b)
    assert_next_build_publishes_b(root, programme)


def test_a_build_killed_as_soon_as_a_changed_file_shows_in_the_output_leaves_one_whole_site(programme, tmp_path):
    """No pause: the output is watched, and the build killed the moment any changed file is there."""
    root = programme.copy(tmp_path)
    output = root / "output"
    changed = sorted(path for path, data in programme.a.items()
                     if data is not None and programme.b.get(path) not in (None, data))
    watched = [output / path for path in changed[:: max(1, len(changed) // 80)]]
    before = [path.stat().st_ino for path in watched]
    build = run_b(root)
    while build.process.poll() is None:
        if any(_inode(path) != inode for path, inode in zip(watched, before)):
            os.kill(build.pid, signal.SIGKILL)
            break
    build.finish()
    assert tree(output) in (programme.a, programme.b)
    assert_next_build_publishes_b(root, programme)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def test_a_build_killed_while_it_writes_pages_leaves_the_old_site(programme, tmp_path):
    root = programme.copy(tmp_path)
    staging = root / ".output.staging"
    build = run_b(root)
    build.wait_until(lambda: any((staging / "evenements").glob("*/index.html")), "the pages")
    os.kill(build.pid, signal.SIGKILL)
    build.finish()
    assert tree(root / "output") in (programme.a, programme.b)  # A, unless the build beat the poll to the end
    assert_next_build_publishes_b(root, programme)


def invoke_build(root: Path, pause: tuple[str, Path] | None = None) -> subprocess.Popen:
    """`invoke build` in a terminal's place: its own process group, which Ctrl+C signals as a whole."""
    env = {**os.environ, "SITE_CONTENT": str(root / "content"), "SITE_OUTPUT": str(root / "output"),
           "SITE_NOW": synthetic.SITE_NOW}
    env.pop(PAUSE_VARIABLE, None)
    if pause:
        env[PAUSE_VARIABLE] = f"{pause[0]}={pause[1]}"
    process = subprocess.Popen([sys.executable, "-m", "invoke", "build"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    STARTED.append(process)
    return process


def test_ctrl_c_on_invoke_build_at_the_swap_keeps_the_old_site_without_a_traceback(programme, tmp_path):
    root = programme.copy(tmp_path)
    marker = tmp_path / "paused"
    process = invoke_build(root, ("swap", marker))
    deadline = time.monotonic() + PATIENCE
    while not marker.exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=PATIENCE)
    assert process.returncode == 130
    assert KEPT_OLD in out and "Traceback" not in out + err, out + err
    assert tree(root / "output") == programme.a


def test_ctrl_c_while_the_build_process_still_loads_ends_it_quietly(site, tmp_path):
    site.build()
    before = tree(site.output)
    env = {**os.environ, "SITE_CONTENT": str(site.content), "SITE_OUTPUT": str(site.output), "SITE_NOW": DEFAULT_NOW}
    process = subprocess.Popen([sys.executable, "-m", "invoke", "build"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    STARTED.append(process)
    deadline = time.monotonic() + PATIENCE
    while _build_process_of(process.pid) is None:  # it exists, and imports Pelican and the plugin
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=PATIENCE)
    assert "Traceback" not in out + err, out + err
    assert process.returncode == 130 and KEPT_OLD in out
    assert tree(site.output) == before


def _build_process_of(parent: int) -> int | None:
    """The `staff.building` process `parent` started, if it exists yet."""
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(status.read_text().rsplit(")", 1)[1].split()[1]) == parent and \
                    b"staff.building" in (status.parent / "cmdline").read_bytes():
                return int(status.parent.name)
        except (OSError, IndexError, ValueError):
            continue
    return None


def test_invoke_build_terminated_takes_its_build_along(programme, tmp_path):
    root = programme.copy(tmp_path)
    marker = tmp_path / "paused"
    process = invoke_build(root, ("swap", marker))
    deadline = time.monotonic() + PATIENCE
    while not marker.exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.01)
    builder = int((root / ".output.lock").read_text())  # the build process, in a session of its own
    os.killpg(process.pid, signal.SIGTERM)  # as a CI job's timeout, or a closed terminal (SIGHUP), would
    process.communicate(timeout=PATIENCE)
    while _alive(builder):
        assert time.monotonic() < deadline, "the build outlived `invoke build`"
        time.sleep(0.01)
    assert tree(root / "output") == programme.a


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_on_invoke_build_while_images_and_pages_are_made_prints_no_traceback(programme, tmp_path):
    root = programme.copy(tmp_path)
    shutil.rmtree(root / ".output.cache")  # a cold build: image workers, Pagefind and the calendars' process run
    process = invoke_build(root)
    staging = root / ".output.staging"
    deadline = time.monotonic() + PATIENCE
    while not any((staging / "evenements").glob("*/index.html")) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=PATIENCE)
    assert "Traceback" not in out + err, out + err
    assert process.returncode in (0, 130), out + err
    assert tree(root / "output") == (programme.b if process.returncode == 0 else programme.a)
    assert_next_build_publishes_b(root, programme)
