"""Puts the derivatives into the output, and keeps every original image out of it.

The staging output is rebuilt from scratch at every build, so derivatives are hard-linked (or
copied) from the cache each time: a removed image simply is not linked again, leaving nothing stale.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from ..content.sources import CODE_SUFFIXES, resolve
from ..media.library import ImageLibrary
from ..media.store import ImageStore
from ..problems import FieldError
from ..settings import ProgrammeSettings

logger = logging.getLogger(__name__)

# Files Pelican would otherwise copy as they are, metadata (GPS positions…) included.
ORIGINAL_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic", ".heif", ".avif", ".bmp")


@contextmanager
def made_meanwhile(library: ImageLibrary, options: ProgrammeSettings, output_path: str,
                   workers: ProcessPoolExecutor | None) -> Iterator[Placement]:
    """Make what the cache lacks in worker processes while the body writes pages, then publish it.

    Every picture is planned by then (`finishing.finish`). The body may place the cached derivatives
    early (`Placement.place_cached`); the rest are placed on leaving. If the body fails, the workers
    are stopped before the error goes on: live reload runs the next build in this same process. `workers`,
    started early (`store.early_workers`), are the batch's to shut down.
    """
    store = ImageStore(options.image_cache_path)
    batch = store.start(library.jobs(), options.image_processes, workers)
    placement = Placement(store, Path(output_path), library.outputs(), {job.key for job in batch.jobs})
    try:
        yield placement
    except BaseException:
        batch.cancel()
        raise
    made = batch.wait()
    placement.place_rest()
    store.prune(library.keys())
    logger.info("Images : %d fabriquée(s), %d reprise(s) du cache.", len(made), len(library.keys()) - len(made))


class Placement:
    """Links derivatives into the output once their cache entry is whole.

    The entries a build finds cached can go in while pages are still written, with both cores busy,
    rather than alone at the end (0.2 s of one core for 4 000 files); those the workers make wait
    for them.
    """

    def __init__(self, store: ImageStore, output: Path, outputs: list[tuple[str, str, str]], pending: set[str]):
        self.store, self.output, self.pending = store, output, pending
        self.waiting = outputs  # (cache key, file name in the entry, output-relative path)
        self.folders: set[Path] = set()

    def place_cached(self) -> None:
        ready = [output for output in self.waiting if output[0] not in self.pending]
        self.waiting = [output for output in self.waiting if output[0] in self.pending]
        self._place(ready)

    def place_rest(self) -> None:
        self._place(self.waiting)
        self.waiting = []

    def _place(self, outputs: list[tuple[str, str, str]]) -> None:
        for key, name, relative in outputs:
            target = self.output / relative
            if target.parent not in self.folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self.folders.add(target.parent)
            place(self.store.entry(key) / name, target)


def _publishable(root: Path, relative: str) -> bool:
    try:
        return resolve(root, relative) is not None and not relative.lower().endswith(CODE_SUFFIXES)
    except FieldError:
        return False


def place(cached: Path, target: Path) -> None:
    if target.exists():
        return
    try:
        os.link(cached, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(cached, target)


def withhold_originals(static_generator) -> None:
    """Drop image files from Pelican's static copies (e.g. linked with {static}): only derivatives are public.

    Also drop, whatever linked it, anything `sources.resolve` refuses (outside content/, through a
    symbolic link, hidden) and any file a browser would run: the checks that report those in French
    (`sources.scan`, `file_links`) stop the build first; this keeps them out should one be missed.
    """
    root = Path(static_generator.path)
    kept = []
    for item in static_generator.staticfiles:
        relative = Path(os.path.relpath(item.source_path, root)).as_posix()
        if item.source_path.lower().endswith(ORIGINAL_SUFFIXES):
            logger.info("%s : image originale non publiée telle quelle (seules ses versions web le sont).",
                        item.source_path)
        elif not _publishable(root, relative):
            logger.warning("%s : fichier non publié (hors du dossier content/, lien symbolique, fichier caché ou "
                           "code exécutable).", relative)
        else:
            kept.append(item)
    static_generator.staticfiles[:] = kept
    static_generator.context["staticfiles"] = static_generator.staticfiles
