"""The site search: a Pagefind index of the built pages, written beside them, searched offline in the browser.

Pagefind reads the finished HTML, so it starts once every page is written (`indexed_meanwhile`), on the
folder Pelican writes (the staging folder when the output is staged), and runs while the calendars and
feeds are made: it is another process, so it has the other core. Only pages marked with
`data-pagefind-body` (events, researchers, episodes, news) are indexed; `<html lang="fr">` gives French
stemming (« abeille » finds « abeilles ») and Pagefind ignores accents (« ecologie » finds « Écologie »).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from pagefind.index import IndexConfig, PagefindIndex

if TYPE_CHECKING:
    from .generator import ProgrammeGenerator


# The extra bundles, listed for the search page (relative to the main bundle); see `write_index`.
SHARDS_FILE = "lots.json"
INDEXED_MARK = b"data-pagefind-body"


@contextmanager
def indexed_meanwhile(generator: ProgrammeGenerator) -> Iterator[None]:
    """Index the pages already written while the body writes everything else (which must not be HTML)."""
    settings = generator.settings
    published = settings["OUTPUT_PATH"] if settings["STAGED_OUTPUT"] else None
    with ThreadPoolExecutor(max_workers=1) as pool:
        indexing = pool.submit(write_index, generator.output_path, settings, published)
        try:
            yield
        except BaseException:
            wait([indexing])  # no Pagefind process outlives a failed build (live reload reruns it here)
            raise
        indexing.result()


def write_index(output_path: str, settings: dict, published_path: str | None = None) -> None:
    """Index the item pages under `output_path` into its `SEARCH_BUNDLE` folder.

    Pagefind holds its whole index in memory (about 0.2 MB per page): the pages are indexed in lots of
    `SEARCH_SHARD_PAGES`, one Pagefind process after the other, the first lot into the bundle itself,
    the next ones into `lots/2/`, `lots/3/`… which the search page merges (`SHARDS_FILE` lists them).
    With `published_path` (the output that `output_path` will replace), an index built from the very
    same pages is copied from there instead: Pagefind re-reading every page was a third of a rebuild.
    """
    published = PublishedIndex(settings, output_path, published_path)
    if published.reuse():
        return
    site = Path(output_path)
    bundle = site / settings["SEARCH_BUNDLE"]
    pages = [path for path in published.html_pages if INDEXED_MARK in path.read_bytes()]
    size = settings["SEARCH_SHARD_PAGES"]
    lots = [pages[start : start + size] for start in range(0, len(pages), size)] or [[]]
    folders = [bundle] + [bundle / "lots" / str(number) for number in range(2, len(lots) + 1)]
    for folder, lot in zip(folders, lots):
        config: IndexConfig = {"output_path": str(folder), "force_language": settings["DEFAULT_LANG"]}
        index_lot(output_path, _glob(site, lot, bundle), config)
    extra = [f"{folder.relative_to(bundle).as_posix()}/" for folder in folders[1:]]
    (bundle / SHARDS_FILE).write_text(json.dumps(extra), encoding="utf-8")
    published.record()


def index_lot(site: str, glob: str, config: IndexConfig) -> None:
    """Pagefind over the pages of `site` that `glob` matches, into `config["output_path"]`."""
    # In a thread of its own: the caller's thread may already run an event loop (Playwright, an async server).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _index(site, glob, config)).result()


async def _index(site: str, glob: str, config: IndexConfig) -> None:
    # One request per lot: the Python API answers file by file at most ten times a second.
    async with PagefindIndex(config=config) as index:
        await index.add_directory(site, glob=glob)


def _glob(site: Path, pages: list[Path], bundle: Path) -> str:
    """A glob matching exactly `pages` (paths under `site`): `{a/index.html,b/index.html}`.

    No page (a programme with no item yet): a page inside the bundle, which only Pagefind writes to.
    """
    if not pages:
        return f"{bundle.relative_to(site).as_posix()}/index.html"
    escaped = (re.sub(r"([\\?*$:<>()\[\]{},!])", r"\\\1", page.relative_to(site).as_posix()) for page in pages)
    return "{" + ",".join(escaped) + "}"


class PublishedIndex:
    """The published index, reused when the pages it was built from are byte for byte the staged ones.

    The record (in the cache) pairs a digest of every page Pagefind reads with a digest of the bundle
    it made. Reuse needs both to match, so the bundle of a build that failed before publishing, or a
    published bundle touched since, is never taken. Only with `CACHE_CONTENT`, like the content cache:
    production builds (`publishconf.py`) always index.
    """

    def __init__(self, settings: dict, output_path: str, published_path: str | None):
        name = settings["SEARCH_BUNDLE"]
        self.enabled = bool(settings.get("CACHE_CONTENT")) and published_path is not None
        self.staged = Path(output_path)
        self.bundle = self.staged / name
        self.published = Path(published_path) / name if published_path else None
        self.record_path = Path(settings["CACHE_PATH"]) / "search.json"
        self.html_pages = _files(self.staged, exclude=name, suffix=".html")
        salt = f"{version('pagefind')}|{settings['DEFAULT_LANG']}|{settings['SEARCH_SHARD_PAGES']}"
        self.pages = _digest(self.staged, self.html_pages, salt)

    def reuse(self) -> bool:
        if not self.enabled or not self.record_path.is_file() or not self.published.is_dir():
            return False
        known = json.loads(self.record_path.read_text(encoding="utf-8"))
        if known != {"pages": self.pages, "bundle": _digest(self.published, _files(self.published))}:
            return False
        shutil.rmtree(self.bundle, ignore_errors=True)
        shutil.copytree(self.published, self.bundle)
        return True

    def record(self) -> None:
        if self.enabled:
            self.record_path.parent.mkdir(parents=True, exist_ok=True)
            self.record_path.write_text(json.dumps({"pages": self.pages, "bundle": _digest(self.bundle, _files(self.bundle))}), encoding="utf-8")


def _files(folder: Path, exclude: str = "", suffix: str = "") -> list[Path]:
    """The files under `folder` ending with `suffix`, outside its `exclude` subfolder, in a fixed order."""
    return [path for path in sorted(folder.rglob(f"*{suffix}"))
            if path.is_file() and path.relative_to(folder).parts[0] != exclude]


def _digest(folder: Path, files: list[Path], salt: str = "") -> str:
    """One hash of the names and bytes of `files`."""
    total = hashlib.sha256(salt.encode())
    for path in files:
        total.update(path.relative_to(folder).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()
