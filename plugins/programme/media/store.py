"""The derivative cache: one folder per content hash, made once, reused by every later build.

A key hashes the source bytes (or what a generated picture is drawn from) with the processing
parameters, so an unchanged image is never processed again and a changed one always is. Entries
appear atomically (written aside, then renamed), so an interrupted build leaves no half entry.

Missing entries are made in worker processes while the main process writes the pages (`start`, then
`ImageBatch.wait`): the two cores are busy together instead of one after the other. When the cache is
empty, the workers are forked before the content is read (`early_workers`).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from . import artwork as art
from .icons import ICON_FILES, IconSet
from .pipeline import Plan, load, render

logger = logging.getLogger(__name__)

# Below this many images to make, a process pool costs more than it saves.
POOL_THRESHOLD = 4
# Jobs handed to a worker at once: a card takes ~6 ms, so one job per message would be mostly overhead.
CHUNK = 16

# Pools started and not shut down yet: a build that fails before its image pass leaves its idle workers
# here, for the next build (live reload runs it in this same process) to stop (`stop_abandoned`).
_STARTED: list[ProcessPoolExecutor] = []


class ImageError(Exception):
    """Derivatives could not be made; the message names the source image, so the build's error says which."""


@dataclass(frozen=True)
class ImageJob:
    """Everything a worker process needs to make one cache entry (picklable)."""

    key: str
    plan: Plan | None = None  # None for the site's icons, which are files of their own kinds and sizes
    path: str = ""  # a source image file…
    artwork: art.Artwork | None = None  # …or a picture to draw…
    icons: IconSet | None = None  # …or the site's icons

    @property
    def source(self) -> str:
        """What to name when it fails: the file read, or the picture drawn."""
        if self.icons is not None:
            return "icônes du site"
        if self.artwork is None:
            return self.path
        return self.artwork.photo or f"{self.artwork.kind} « {self.artwork.title} »"

    @property
    def weight(self) -> int:
        """How many files it makes: the longest jobs go first."""
        return len(ICON_FILES) if self.plan is None else len(self.plan.renditions)

    def make(self) -> dict[str, bytes]:
        if self.icons is not None:
            return self.icons.make()
        # What we draw is already plain RGB without metadata: only content images need `normalise`.
        image = art.draw(self.artwork) if self.artwork is not None else load(self.path, self.plan)
        return render(image, self.plan)


class ImageBatch:
    """The entries one build makes; `wait` returns their keys, or raises the first `ImageError`."""

    def __init__(self, jobs: list[ImageJob], root: Path, pool: ProcessPoolExecutor | None):
        self.jobs = jobs
        self.root = root
        self.pool = pool
        self.futures: list[Future] = []
        if pool is not None:
            # The longest jobs (most renditions) first, so that no worker ends alone on a poster.
            ordered = sorted(jobs, key=lambda job: job.weight, reverse=True)
            self.futures = [pool.submit(_make_entries, ordered[i:i + CHUNK], root) for i in range(0, len(ordered), CHUNK)]

    def wait(self) -> list[str]:
        """Block until every entry is made (in this process when no pool was worth starting)."""
        try:
            if self.pool is None:
                _make_entries(self.jobs, self.root)
            else:
                done, _pending = wait(self.futures, return_when=FIRST_EXCEPTION)
                for future in done:
                    future.result()
        except BrokenProcessPool as error:
            raise ImageError("un processus de fabrication des images s'est arrêté brutalement (mémoire épuisée ?) ; "
                             "avec IMAGE_PROCESSES = 1, les images sont faites une à une et l'erreur nomme la fautive.") from error
        finally:
            self.cancel()
        return [job.key for job in self.jobs]

    def cancel(self) -> None:
        """Stop the workers, dropping what they have not started (a failed build must leave no pool running)."""
        if self.pool is not None:
            _stop(self.pool)


class ImageStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def has(self, key: str) -> bool:
        return self.entry(key).is_dir()

    def is_empty(self) -> bool:
        return not self.root.is_dir() or not any(self.root.glob("*/*"))

    def start(self, jobs: list[ImageJob], processes: int, workers: ProcessPoolExecutor | None = None) -> ImageBatch:
        """Start making the entries not cached yet: on `workers` if started early, else on `processes` new
        workers when there are enough entries to make."""
        missing = list({job.key: job for job in jobs if not self.has(job.key)}.values())
        if workers is None and len(missing) > POOL_THRESHOLD and processes > 1:
            workers = _pool(processes)
        return ImageBatch(missing, self.root, workers)

    def prune(self, keep: set[str]) -> list[str]:
        """Delete entries this build did not use (and leftovers of interrupted builds)."""
        removed = []
        for folder in sorted(self.root.glob("*/*")) if self.root.is_dir() else []:
            if folder.is_dir() and folder.name not in keep:
                shutil.rmtree(folder)
                removed.append(folder.name)
        for shard in sorted(self.root.glob("*")) if self.root.is_dir() else []:
            if shard.is_dir() and not any(shard.iterdir()):
                shard.rmdir()
        return removed


def early_workers(root: str | Path, processes: int) -> ProcessPoolExecutor | None:
    """Workers forked now, while this process holds little more than its modules, if the cache is empty
    (a first build, which makes every picture); None otherwise.

    A forked worker keeps the pages of memory it was forked with for as long as it runs, while the build
    goes on changing its own copies (reference counts, as pages are written): at 8 000 events, a worker
    forked once every page was read came to 122 MiB (PSS), one forked before to 41.
    """
    if processes < 2 or not ImageStore(root).is_empty():
        return None
    pool = _pool(processes)
    pool.submit(os.getpid)  # a fork pool starts all its workers on its first task: now, not at the first image
    return pool


def stop_abandoned() -> None:
    """Stop the workers of a build that failed before its image pass."""
    while _STARTED:
        _stop(_STARTED[-1])


def _pool(processes: int) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(max_workers=processes)
    _STARTED.append(pool)
    return pool


def _stop(pool: ProcessPoolExecutor) -> None:
    pool.shutdown(wait=True, cancel_futures=True)
    if pool in _STARTED:
        _STARTED.remove(pool)


def _make_entries(jobs: list[ImageJob], root: Path) -> None:
    for job in jobs:
        _make_entry(job, root)


def _make_entry(job: ImageJob, root: Path) -> None:
    try:
        files = job.make()
    except Exception as error:  # any decoder or encoder failure: say which image
        raise ImageError(f"image « {job.source} » : ses versions web n'ont pas pu être fabriquées "
                         f"({type(error).__name__}: {error}).") from error
    target = root / job.key[:2] / job.key
    target.parent.mkdir(parents=True, exist_ok=True)
    aside = Path(tempfile.mkdtemp(prefix=".partial-", dir=target.parent))
    for name, data in files.items():
        (aside / name).write_bytes(data)
    try:
        os.rename(aside, target)
    except OSError:  # made meanwhile by another build: keep theirs
        shutil.rmtree(aside, ignore_errors=True)
