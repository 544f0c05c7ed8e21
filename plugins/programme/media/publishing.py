"""Puts the derivatives into the output, and keeps every original image out of it.

The staging output is rebuilt from scratch at every build, so derivatives are hard-linked (or
copied) from the cache each time: a removed image simply is not linked again, leaving nothing stale.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .store import ImageStore

if TYPE_CHECKING:
    from ..generator import ProgrammeGenerator

logger = logging.getLogger(__name__)

# Files Pelican would otherwise copy as they are, metadata (GPS positions…) included.
ORIGINAL_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic", ".heif", ".avif", ".bmp")


@contextmanager
def made_meanwhile(generator: ProgrammeGenerator) -> Iterator[None]:
    """Make what the cache lacks in worker processes while the body writes pages, then publish it.

    Every picture is planned by then (`finishing.finish`). If the body fails, the workers are stopped
    before the error goes on: live reload runs the next build in this same process.
    """
    library, options = generator.images, generator.options
    store = ImageStore(options.image_cache_path)
    batch = store.start(library.jobs(), options.image_processes)
    try:
        yield
    except BaseException:
        batch.cancel()
        raise
    made = batch.wait()
    output = Path(generator.output_path)
    for key, name, relative in library.outputs():
        place(store.entry(key) / name, output / relative)
    store.prune(library.keys())
    logger.info("Images : %d fabriquée(s), %d reprise(s) du cache.", len(made), len(library.keys()) - len(made))


def place(cached: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return
    try:
        os.link(cached, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(cached, target)


def withhold_originals(static_generator) -> None:
    """Drop image files from Pelican's static copies (e.g. linked with {static}): only derivatives are public."""
    kept = []
    for item in static_generator.staticfiles:
        if item.source_path.lower().endswith(ORIGINAL_SUFFIXES):
            logger.info("%s : image originale non publiée telle quelle (seules ses versions web le sont).",
                        item.source_path)
        else:
            kept.append(item)
    static_generator.staticfiles[:] = kept
    static_generator.context["staticfiles"] = static_generator.staticfiles
