"""The derivative cache: one folder per content hash, made once, reused by every later build.

A key hashes the source bytes (or what a generated picture is drawn from) with the processing
parameters, so an unchanged image is never processed again and a changed one always is. Entries
appear atomically (written aside, then renamed), so an interrupted build leaves no half entry.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import artwork as art
from .pipeline import Plan, load, render

logger = logging.getLogger(__name__)

# Below this many images to make, a process pool costs more than it saves.
POOL_THRESHOLD = 4


@dataclass(frozen=True)
class ImageJob:
    """Everything a worker process needs to make one cache entry (picklable)."""

    key: str
    plan: Plan
    path: str = ""  # a source image file…
    artwork: art.Artwork | None = None  # …or a picture to draw

    def make(self) -> dict[str, bytes]:
        # What we draw is already plain RGB without metadata: only content images need `normalise`.
        image = art.draw(self.artwork) if self.artwork is not None else load(self.path, self.plan)
        return render(image, self.plan)


class ImageStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def has(self, key: str) -> bool:
        return self.entry(key).is_dir()

    def make_missing(self, jobs: list[ImageJob], processes: int) -> list[str]:
        """Make the entries not cached yet, on every core when there are enough; returns their keys."""
        missing = list({job.key: job for job in jobs if not self.has(job.key)}.values())
        if len(missing) > POOL_THRESHOLD and processes > 1:
            with ProcessPoolExecutor(max_workers=processes) as pool:
                list(pool.map(_make_entry, missing, [self.root] * len(missing)))
        else:
            for job in missing:
                _make_entry(job, self.root)
        return [job.key for job in missing]

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


def _make_entry(job: ImageJob, root: Path) -> None:
    target = root / job.key[:2] / job.key
    target.parent.mkdir(parents=True, exist_ok=True)
    aside = Path(tempfile.mkdtemp(prefix=".partial-", dir=target.parent))
    for name, data in job.make().items():
        (aside / name).write_bytes(data)
    try:
        os.rename(aside, target)
    except OSError:  # made meanwhile by another build: keep theirs
        shutil.rmtree(aside, ignore_errors=True)
