"""The site search: a Pagefind index of the built pages, written beside them, searched offline in the browser.

Pagefind reads the finished HTML, so it runs at `finalized`, on the folder Pelican wrote (the staging
folder when the output is staged), before that folder is published. Only pages marked with
`data-pagefind-body` (events, researchers, episodes, news) are indexed; `<html lang="fr">` gives French
stemming (« abeille » finds « abeilles ») and Pagefind ignores accents (« ecologie » finds « Écologie »).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex


def write_index(output_path: str, settings: dict, published_path: str | None = None) -> None:
    """Index every HTML page under `output_path` into its `SEARCH_BUNDLE` folder.

    With `published_path` (the output that `output_path` will replace), an index built from the very same
    pages is copied from there instead: Pagefind re-reading every page was a third of a rebuild.
    """
    bundle = os.path.join(output_path, settings["SEARCH_BUNDLE"])
    config: IndexConfig = {"output_path": bundle, "force_language": settings["DEFAULT_LANG"]}
    published = PublishedIndex(settings, output_path, published_path)
    if published.reuse():
        return
    # In a thread of its own: the caller's thread may already run an event loop (Playwright, an async server).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _index(output_path, config)).result()
    published.record()


async def _index(site: str, config: IndexConfig) -> None:
    async with PagefindIndex(config=config) as index:
        await index.add_directory(site)


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
        self.pages = _digest(self.staged, exclude=name, suffix=".html", salt=f"{version('pagefind')}|{settings['DEFAULT_LANG']}")

    def reuse(self) -> bool:
        if not self.enabled or not self.record_path.is_file() or not self.published.is_dir():
            return False
        known = json.loads(self.record_path.read_text(encoding="utf-8"))
        if known != {"pages": self.pages, "bundle": _digest(self.published)}:
            return False
        shutil.rmtree(self.bundle, ignore_errors=True)
        shutil.copytree(self.published, self.bundle)
        return True

    def record(self) -> None:
        if self.enabled:
            self.record_path.parent.mkdir(parents=True, exist_ok=True)
            self.record_path.write_text(json.dumps({"pages": self.pages, "bundle": _digest(self.bundle)}), encoding="utf-8")


def _digest(folder: Path, exclude: str = "", suffix: str = "", salt: str = "") -> str:
    """One hash of the names and bytes of the files under `folder` (ending with `suffix`, outside `exclude`)."""
    total = hashlib.sha256(salt.encode())
    for path in sorted(folder.rglob(f"*{suffix}")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] != exclude:
            total.update(relative.as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()
