"""The site search: a Pagefind index of the built pages, written beside them, searched offline in the browser.

Pagefind reads the finished HTML. The pages it indexes are split into lots before they are written
(`LotIndexer`), and each lot is indexed as soon as its last page is written, on the folder Pelican
writes (the staging folder when the output is staged), while the other pages, the calendars and the
feeds are still being made. Only pages marked with `data-pagefind-body` (events, researchers,
episodes, news, projects, partners) are indexed, each with its kind as the `type` filter the search page
narrows results by; `<html lang="fr">` gives French stemming (« abeille » finds « abeilles ») and
Pagefind ignores accents (« ecologie » finds « Écologie »).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

from pagefind.index import IndexConfig
from pagefind.service import get_executable

from . import pagefind_filters
from .site import Files, Site

logger = logging.getLogger(__name__)

# The extra bundles, listed for the search page (relative to the main bundle), and where they go.
SHARDS_FILE = "lots.json"
LOTS_FOLDER = "lots"
# What the search page fetches from a merged lot besides its folders (`mergeIndex`): Pagefind's script,
# WebAssembly and UI are loaded from the main bundle only, so a lot's copies of them (~630 KB) are dropped.
MERGED_LOT_FILES = ("pagefind-entry.json", "*.pf_meta")
INDEXED_MARK = b"data-pagefind-body"
# Pagefind's Linux build allocates with jemalloc, which keeps the pages it frees for ten seconds: a lot of
# 2 000 pages then peaks at 346 MiB, and at 297 MiB when they go back to the system after 0.1 s, for the
# same time. A variable already set in the environment wins; another allocator ignores it.
PAGEFIND_ENVIRONMENT = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:100"}
# What one Pagefind process holds, measured alone on lots of the 8 000-event site: 58, 88, 159 and 297 MiB
# for 254, 515, 1 025 and 2 062 pages.
PAGEFIND_MIB, PAGEFIND_MIB_PER_PAGE = 25, 0.14


@contextmanager
def indexed_meanwhile(site: Site, to_come: Iterable[str]) -> Iterator[LotIndexer]:
    """Index lot by lot while the body writes the pages, `to_come` (site-relative paths) among them.

    The body reports each page it writes (`LotIndexer.written`), the pages of one lot after the other
    (`LotIndexer.order`); leaving waits for the last lot.
    """
    settings = site.settings
    published = settings["OUTPUT_PATH"] if settings["STAGED_OUTPUT"] else None
    indexer = LotIndexer(site.output_path, settings, site.files, published, to_come)
    try:
        yield indexer
    except BaseException:
        indexer.abandon()  # no Pagefind process outlives a failed build (live reload reruns it here)
        raise
    indexer.finish()


class LotIndexer:
    """The search index, made lot by lot as the pages are written.

    Pagefind holds its whole index in memory (about 0.14 MiB per page): the pages are indexed in lots of
    about `SEARCH_SHARD_PAGES`, the first lot into the bundle itself, the next ones into `lots/2/`,
    `lots/3/`… which the search page merges (`SHARDS_FILE` lists them; a merged lot loads its index, not
    Pagefind's WebAssembly again). Lots are indexed one at a time, or side by side when the memory allows
    (`lots_at_once`): each Pagefind process takes one core, and once the pages are written, the last lots
    are what the build waits for. A page's lot comes from a hash
    of its path, so it stays in the same lot from build to build; with `published_path` (the output
    that `output_path` will replace), a lot whose pages are byte for byte the published ones is left
    there, as published, instead of indexed again (`PublishedLots`).

    Lots are drawn up before the pages exist, from the marked pages already written (Pelican's news)
    and the paths `to_come`. Once every page is written the site is scanned: if the marked pages are
    not exactly those the lots were made of (a theme that marks other pages), the whole index is made
    again from the scan (`write_index`), so the result never depends on the guess.
    """

    def __init__(self, output_path: str, settings: dict, files: Files, published_path: str | None,
                 to_come: Iterable[str]):
        self.output_path, self.settings, self.files, self.published_path = output_path, settings, files, published_path
        self.site = Path(output_path)
        self.bundle = self.site / settings["SEARCH_BUNDLE"]
        to_come = set(to_come)  # waited for even if an earlier build left them (an output not staged)
        self.pages = {page: digest for page, digest in _indexed_pages(self.site, exclude=self.bundle.name).items()
                      if page not in to_come}  # path → digest, as written
        self.lots = assign_lots(sorted(to_come.union(self.pages)), settings["SEARCH_SHARD_PAGES"])
        self.lot_of = {page: number for number, lot in enumerate(self.lots) for page in lot}
        self.waiting = [to_come.intersection(lot) for lot in self.lots]
        self.published = PublishedLots(settings, files, self.site, published_path)
        self.pool = ThreadPoolExecutor(max_workers=lots_at_once(settings, [len(lot) for lot in self.lots], files.tree_mib))
        self.indexing: list[Future] = []
        for number, waiting in enumerate(self.waiting):
            if not waiting:
                self._start(number)

    def order(self, page: str) -> int:
        """A sort key for the pages to write: the first lot's first, so it is indexed while the next are written."""
        return self.lot_of.get(page, len(self.lots))

    def written(self, page: str) -> None:
        """`page` (site-relative) is written: index its lot if it was the last one missing."""
        number = self.lot_of.get(page)
        if number is None or page not in self.waiting[number]:
            return
        data = (self.site / page).read_bytes()
        if INDEXED_MARK in data:
            self.pages[page] = hashlib.sha256(data).digest()
        self.waiting[number].discard(page)
        if not self.waiting[number]:
            self._start(number)

    def _start(self, number: int) -> None:
        lot = {page: self.pages[page] for page in self.lots[number] if page in self.pages}
        self.indexing.append(self.pool.submit(_index_lot_once, self.output_path, self.settings,
                                              _lot_folder(self.bundle, number), lot, self.published, number > 0))

    def finish(self) -> None:
        """Wait for the lots; make the index again from the site if it does not match what was indexed."""
        for number, waiting in enumerate(self.waiting):
            if waiting:  # announced but never written: the scan below finds the mismatch
                self.waiting[number] = set()
                self._start(number)
        scanned = _indexed_pages(self.site, exclude=self.bundle.name)  # every page is written: while the last lot runs
        self.pool.shutdown(wait=True)
        for done in self.indexing:
            done.result()
        if scanned != self.pages or set(self.pages) != set(self.lot_of):
            logger.info("Recherche : les pages indexées ne sont pas celles attendues, l'index est refait.")
            shutil.rmtree(self.bundle, ignore_errors=True)
            write_index(self.output_path, self.settings, self.files, self.published_path)
            return
        _write_lot_list(self.bundle, len(self.lots))
        self.published.save()

    def abandon(self) -> None:
        """The build failed: start no other lot, and wait for the one running."""
        self.pool.shutdown(wait=True, cancel_futures=True)


def lots_at_once(settings: dict, lot_pages: list[int], measure: Callable[[], float | None],
                 cores: int | None = None) -> int:
    """How many Pagefind processes may run side by side: one per core, as many as `BUILD_MEMORY_MIB` holds
    beside what the build already uses (`measure`, read only when there is a choice; None, unknown: one)."""
    used_mib = measure() if len(lot_pages) > 1 and settings["PARALLEL_BUILD"] else None
    if used_mib is None:
        return 1
    lot_mib = PAGEFIND_MIB + PAGEFIND_MIB_PER_PAGE * max(lot_pages)
    room = int((settings["BUILD_MEMORY_MIB"] - used_mib) // lot_mib)
    at_once = max(1, min(room, cores or os.cpu_count() or 1, len(lot_pages)))
    logger.debug("Recherche : %d lots, %d à la fois (build : %d Mio).", len(lot_pages), at_once, used_mib)
    return at_once


def write_index(output_path: str, settings: dict, files: Files, published_path: str | None = None) -> None:
    """Index the marked pages under `output_path`, every one of them already written (see `LotIndexer`)."""
    LotIndexer(output_path, settings, files, published_path, to_come=()).finish()


def _index_lot_once(output_path: str, settings: dict, folder: Path, pages: dict[str, bytes],
                    published: PublishedLots, merged: bool) -> None:
    """One lot (path → digest of its pages) into `folder`, unless the published one is current; a `merged`
    lot (not the main bundle) keeps only what the search page fetches from it (`MERGED_LOT_FILES`)."""
    if not pages:  # no item yet: Pagefind makes no empty bundle, and the search page says it is unavailable
        return
    site = Path(output_path)
    ordered = sorted(pages)
    key = hashlib.sha256(f"{version('pagefind')}|{settings['DEFAULT_LANG']}".encode())
    for page in ordered:
        key.update(page.encode() + b"\0" + pages[page])
    if not published.reuse(folder, key.hexdigest()):
        config: IndexConfig = {"output_path": str(folder), "force_language": settings["DEFAULT_LANG"]}
        index_lot(output_path, _glob(site, [site / page for page in ordered]), config)
        if merged:
            _keep_index_only(folder)
        published.record(folder, key.hexdigest())


def _lot_folder(bundle: Path, number: int) -> Path:
    """The first lot is the bundle itself; the next ones go in `lots/2/`, `lots/3/`…"""
    return bundle if number == 0 else bundle / LOTS_FOLDER / str(number + 1)


def _keep_index_only(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file() and not any(path.match(pattern) for pattern in MERGED_LOT_FILES):
            path.unlink()


def _write_lot_list(bundle: Path, count: int) -> None:
    """The lots the search page merges with the main bundle, relative to it."""
    bundle.mkdir(parents=True, exist_ok=True)
    extra = [f"{_lot_folder(bundle, number).relative_to(bundle).as_posix()}/" for number in range(1, count)]
    (bundle / SHARDS_FILE).write_text(json.dumps(extra), encoding="utf-8")


def assign_lots(pages: list[str], size: int) -> list[list[str]]:
    """About `size` pages per lot, each page in the lot its path's hash picks: an edit re-indexes one lot."""
    count = max(1, -(-len(pages) // size))
    lots: list[list[str]] = [[] for _ in range(count)]
    for page in sorted(pages):
        lots[int.from_bytes(hashlib.sha256(page.encode()).digest()[:8], "big") % count].append(page)
    return lots


def index_lot(site: str, glob: str, config: IndexConfig) -> None:
    """Pagefind over the pages of `site` that `glob` matches, into `config["output_path"]`.

    Pagefind's command, not its Python API: the API's service answers that the files are written and is
    then stopped, which under load left bundle files cut short. The options go in a configuration file:
    the glob (one entry per page) can be longer than one command-line argument may be.
    """
    executable = get_executable()
    if executable is None:
        raise RuntimeError("Pagefind est introuvable : installez le paquet « pagefind[bin] ».")
    options = {"site": os.path.abspath(site), "glob": glob, **config,
               "output_path": os.path.abspath(config["output_path"])}
    with tempfile.TemporaryDirectory(prefix="pagefind-") as folder:
        Path(folder, "pagefind.json").write_text(json.dumps(options), encoding="utf-8")
        run = subprocess.run([str(executable), "--quiet"], cwd=folder, capture_output=True, text=True, check=False,
                             env={**PAGEFIND_ENVIRONMENT, **os.environ})
    if run.returncode != 0:
        raise RuntimeError(f"Pagefind a échoué (code {run.returncode}) :\n{run.stderr or run.stdout}")
    pagefind_filters.settle(Path(options["output_path"]))  # the same bytes for the same pages


def _glob(site: Path, pages: list[Path]) -> str:
    """A glob matching exactly `pages` (paths under `site`): `{a/index.html,b/index.html}`."""
    escaped = (re.sub(r"([\\?*$:<>()\[\]{},!])", r"\\\1", page.relative_to(site).as_posix()) for page in pages)
    return "{" + ",".join(escaped) + "}"


class PublishedLots:
    """Published lots, reused when the pages a lot was built from are byte for byte the staged ones.

    The record (in the cache) pairs, for each lot folder, a digest of its pages with a digest of the
    bundle Pagefind made of them. Reuse needs both to match, so the lot of a build that failed before
    publishing, or a published lot touched since, is never taken. A reused lot is not copied: publishing
    leaves it in place (thousands of files at 8 000 events). Only with `CACHE_CONTENT`, like the content
    cache: production builds (`publishconf.py`) always index.
    """

    def __init__(self, settings: dict, files: Files, site: Path, published_path: str | None):
        self.settings, self.files = settings, files
        self.enabled = bool(settings.get("CACHE_CONTENT")) and published_path is not None
        self.site = site
        self.published = Path(published_path) if published_path else None
        self.path = Path(settings["CACHE_PATH"]) / "search.json"
        self.known = json.loads(self.path.read_text(encoding="utf-8")) if self.enabled and self.path.is_file() else {}
        self.current: dict[str, list[str]] = {}
        self.left: set[str] = set()  # the reused lots' files, left in place by publishing once `save` confirms them

    def reuse(self, folder: Path, key: str) -> bool:
        """Whether the published lot is current; if so, publishing leaves it where it is (`staging`)."""
        name = folder.relative_to(self.site).as_posix()
        source = self.published / name if self.enabled else None
        if source is None or self.known.get(name, [None])[0] != key or not source.is_dir():
            return False
        files = _bundle_files(source)
        if self.known[name][1] != _digest(source, files):
            return False
        self.left.update(f"{name}/{file.relative_to(source).parts[0]}" for file in files)
        self.current[name] = self.known[name]
        return True

    def record(self, folder: Path, key: str) -> None:
        """A lot this build indexed."""
        if self.enabled:
            self.current[folder.relative_to(self.site).as_posix()] = [key, _digest(folder, _bundle_files(folder))]

    def save(self) -> None:
        self.files.leave_unchanged(self.left)
        if self.enabled and self.current != self.known:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.current, sort_keys=True), encoding="utf-8")


def _bundle_files(folder: Path) -> list[Path]:
    """What Pagefind wrote for one lot: the main bundle without the other lots and their list."""
    return [path for path in _files(folder, exclude=LOTS_FOLDER) if path.relative_to(folder).as_posix() != SHARDS_FILE]


def _indexed_pages(site: Path, exclude: str) -> dict[str, bytes]:
    """Path → hash of every page Pagefind indexes (marked `data-pagefind-body`), each page read once."""
    pages = {}
    for path in _files(site, exclude=exclude, suffix=".html"):
        data = path.read_bytes()
        if INDEXED_MARK in data:
            pages[path.relative_to(site).as_posix()] = hashlib.sha256(data).digest()
    return pages


def _files(folder: Path, exclude: str = "", suffix: str = "") -> list[Path]:
    """The files under `folder` ending with `suffix`, in a fixed order. Its `exclude` subfolder is not even
    looked into: another lot may be being written there."""
    if not folder.is_dir():
        return []
    found = []
    pending = [entry for entry in os.scandir(folder) if entry.name != exclude]
    while pending:
        entry = pending.pop()
        if entry.is_dir(follow_symlinks=False):
            pending += os.scandir(entry.path)
        elif entry.name.endswith(suffix) and entry.is_file():
            found.append(Path(entry.path))
    return sorted(found)


def _digest(folder: Path, files: list[Path]) -> str:
    """One hash of the names (relative to `folder`) and bytes of `files`."""
    total = hashlib.sha256()
    for path in files:
        total.update(path.relative_to(folder).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()
