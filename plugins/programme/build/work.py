"""Where a build's work runs: the generator says what to do, this decides which process does it.

With `PARALLEL_BUILD`, a cold build keeps every core busy:
- a forked process reads and validates half of the Markdown the cache lacks (a file's reading depends on
  the file alone), from the moment the generator is made, while Pelican reads its news and pages here;
- on a first build (no image cached), image workers are forked before anything is read, so that they
  carry none of the content (`store.early_workers`);
- the calendars and feeds, which only read the programme, are written by a forked process while the pages
  are, niced so that it takes the cores the pages and Pagefind leave idle;
- the content cache is pickled in a forked process.
Without it, every piece runs here, in the same order, and the output is byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from .. import outputs
from ..content import ledger
from ..media import store
from ..media.library import ImageLibrary
from ..outputs.site import Site
from ..settings import ProgrammeSettings
from . import images, parallel
from .images import Placement

T = TypeVar("T")
R = TypeVar("R")

FORK_READING_FROM = 50  # files for the forked process to read: fewer are read sooner than a process starts
EARLY_IMAGE_WORKERS_FROM = 200  # files: below, what image workers forked later would carry is a few MiB
# The calendars and feeds are awaited last: their process yields the cores to the pages and Pagefind, and
# takes what they leave idle (while the last search lot is indexed, one core).
SUBSCRIPTIONS_NICENESS = 10


class BuildWork:
    """The processes of one build; made with the generator, before anything is read."""

    def __init__(self, options: ProgrammeSettings, files: int):
        self.parallel = options.parallel_build
        self.options = options
        self.image_workers = (store.early_workers(options.image_cache_path, options.image_processes)
                              if files >= EARLY_IMAGE_WORKERS_FROM else None)
        self.first_build = self.image_workers is not None  # every picture to make
        self._subscriptions: parallel.Pending[ledger.Ledger] | None = None
        self._cache_saved: parallel.Pending[None] | None = None

    def share(self, items: list[T], head_start: int, job: Callable[[T], R]) -> Callable[[], list[R]]:
        """`job` over `items`, a forked process taking the last ones from now: half of them plus half of
        `head_start`, the work this process does meanwhile before it asks. The call returned does the rest
        here, then gives every result in order."""
        theirs = min(len(items), (len(items) + head_start) // 2)
        ours = len(items) - theirs
        pending = parallel.Pending(lambda: [job(item) for item in items[ours:]],
                                   self.parallel and theirs >= FORK_READING_FROM)

        def finish() -> list[R]:
            try:
                return [job(item) for item in items[:ours]] + pending.result()
            except BaseException:
                pending.cancel()
                raise

        return finish

    def save_cache(self, save: Callable[[], None]) -> None:
        """In a forked process: pickling a str makes CPython keep a UTF-8 copy inside it, which would double
        every body's memory here for the rest of the build (~13 MiB at 2 000 events)."""
        self._cache_saved = parallel.Pending(save, self.parallel)

    def start_subscriptions(self, site: Site) -> None:
        """Start writing the calendars and feeds, once the programme is read, linked and finished: their
        process starts while Pelican writes its news, one core being idle meanwhile.

        Not in a first build: its image pass keeps both cores busy until long after the pages, so a process
        forked now would get little of them, and would hold for the whole pass its own copy of the programme,
        which the pages change here, beside Pagefind's (~150 MiB at 8 000 events). It is forked once the
        pages are indexed (`alongside_pages`), as nice as the image workers, with the programme then shared.
        """
        def write_subscriptions() -> ledger.Ledger:
            return outputs.write_subscriptions(site)

        self._subscriptions = parallel.Pending(write_subscriptions, self.parallel,
                                               0 if self.first_build else SUBSCRIPTIONS_NICENESS,
                                               start=not self.first_build)

    @contextmanager
    def alongside_pages(self, site: Site, library: ImageLibrary) -> Iterator[Placement]:
        """The body writes the pages while image workers make the pictures the cache lacks and another
        process the calendars and feeds; on leaving, both are awaited and the calendars' memory staged."""
        if self._subscriptions is None:
            self.start_subscriptions(site)
        workers, self.image_workers = self.image_workers, None  # the image batch shuts them down
        try:
            with images.made_meanwhile(library, self.options, site.output_path, workers) as placement, \
                    parallel.awaited(self._subscriptions) as subscriptions:
                yield placement
                subscriptions.start()  # a first build's (see `start_subscriptions`); started already otherwise
                ledger.stage(site.settings, subscriptions.result())
        finally:
            self.await_cache_saved()

    def await_cache_saved(self) -> None:
        """No build ends with the content cache half written (the next one, under live reload, would stop its writer)."""
        if self._cache_saved is not None:
            self._cache_saved.result()

    def abandon(self) -> None:
        """The build stops before writing: its image workers go now, not at the next build, and the content
        cache it read is saved whole (live reload starts the next build at once)."""
        store.stop_abandoned()
        self.await_cache_saved()
