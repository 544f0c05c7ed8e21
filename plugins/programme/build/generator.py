"""The generator that reads, validates and writes every kind of programme content."""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican.cache import FileStampDataCacher
from pelican.generators import CachingGenerator
from slugify import slugify

from ..content import ledger, renames, sources
from ..content.contents import CONTENT_CLASSES, ProgrammeContent
from ..content.fields import ParseContext
from ..content.programme import Programme
from ..content.reading import Reading, decode, header_source, make_markdown, read_body
from ..content.validation import validate
from ..media import store
from ..media.library import ImageLibrary
from ..outputs import calendars, csp, feeds, pages, robots, search, sitemap, webapp
from ..problems import Problem, ProblemLog
from ..settings import ProgrammeSettings
from . import images, parallel

logger = logging.getLogger(__name__)

FORK_READING_FROM = 50  # files for the forked process to read: fewer are read sooner than a process starts
EARLY_IMAGE_WORKERS_FROM = 200  # files: below, what image workers forked later would carry is a few MiB
# The calendars and feeds are awaited last: their process yields the cores to the pages and Pagefind, and
# takes what they leave idle (while the last search lot is indexed, one core).
SUBSCRIPTIONS_NICENESS = 10

Checked = tuple[dict[str, Any], list[Problem]]  # a file's typed fields and its field problems (`validation.validate`)


class ProgrammeGenerator(CachingGenerator):
    """Modelled on Pelican's PagesGenerator; all build state lives here, so live reload starts clean."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.settings["CONTENT_CACHING_LAYER"] != "generator":
            # Our files never go through Pelican's readers, whose cache is the default layer:
            # without this, CACHE_CONTENT would cache nothing and every build would re-render every body.
            FileStampDataCacher.__init__(self, self.settings, type(self).__name__,
                                         self.settings["CACHE_CONTENT"], self.settings["LOAD_CONTENT_CACHE"])
        self.options = ProgrammeSettings.from_pelican(self.settings)
        self.programme = Programme(now=self.options.now)
        self.problems = ProblemLog()
        self.drafts: dict[str, set[str]] = defaultdict(set)
        # Files that could not be read for their own mistakes, by kind and slug: a link to one of them is not
        # reported as naming nothing (`linking`), since its own problems are.
        self.failed: dict[str, dict[str, str]] = defaultdict(dict)
        self.scheduled: set[str] = set()  # episodes dated ahead, left out like drafts but linked to silently
        self._cache_changed = False
        self._subscriptions: parallel.Pending[ledger.Ledger] | None = None
        self._cache_saved: parallel.Pending[None] | None = None
        self.memory = ledger.Ledger(Path(self.path) / self.settings["CALENDAR_MEMORY"])  # read with the content
        self.parse_context = ParseContext(self.options.timezone, Path(self.path), self.options.default_duration,
                                          tuple(folder.strip("/") for folder in self.settings["STATIC_PATHS"]),
                                          tuple(self.settings["CONTENT_YEARS"]),
                                          ledger.RecordedStarts(self.memory.folder))
        self._guard_tree()
        self.images = ImageLibrary(Path(self.path), self.options.image_output_dir, self.options.site_url,
                                   self.options.image_widths, self.options.image_quality,
                                   store.ImageStore(self.options.image_cache_path).has)
        self.markdown = make_markdown(self.settings)
        self.sources = {kind: sorted(self.get_files(self.settings[f"{kind.upper()}_PATHS"], extensions=["md"]))
                        for kind in CONTENT_CLASSES}
        self.other_sources = sorted(self.get_files([*self.settings["ARTICLE_PATHS"], *self.settings["PAGE_PATHS"]],
                                                   exclude=[*self.settings["ARTICLE_EXCLUDES"]], extensions=["md"]))
        ours = [path for paths in self.sources.values() for path in paths]
        # Before anything is read, so that the image workers of a first build carry none of it.
        self.image_workers = (store.early_workers(self.options.image_cache_path, self.options.image_processes)
                              if len(ours) >= EARLY_IMAGE_WORKERS_FROM else None)
        # Pelican makes every generator, then reads its news and pages before our turn: a forked process
        # starts reading our files now, and takes a larger share for it.
        self._finish_reading = self._read_all(ours, self.markdown, head_start=len(self.other_sources))

    def _guard_tree(self) -> None:
        """Before any generator lists its files: links are never followed (every generator ignores them by name,
        and the build stops on them), hidden files never read, Markdown no reader takes is said so."""
        pelican_suffixes = tuple(f".{extension}" for extension in self.readers.extensions)
        read_folders = {folder: (".md",) for kind in CONTENT_CLASSES for folder in self.settings[f"{kind.upper()}_PATHS"]}
        read_folders |= {folder: pelican_suffixes for folder in [*self.settings["ARTICLE_PATHS"], *self.settings["PAGE_PATHS"]]}
        tree = sources.scan(Path(self.path), read_folders, self.settings["STATIC_PATHS"])
        self.settings["IGNORE_FILES"] = [*self.settings["SITE_IGNORE_FILES"], *tree.ignore_patterns()]
        self.problems.extend(tree.problems)
        for path, name in tree.unread:
            self.problems.add(Problem(path, "ce fichier n'est pas lu : seuls les fichiers « .md » le sont.",
                                      hint=f"renommez-le « {name} ».", warning=True))

    def generate_context(self) -> None:
        readings, checked = self._finish_reading()
        seen: dict[tuple[str, str], str] = {}  # (kind, slug) → the file that has it, drafts included
        for kind, paths in self.sources.items():
            for path in paths:
                item, problems = self.read_item(path, kind, self.markdown, readings[path], checked.get(path))
                self.problems.extend(problems)
                if item is None:
                    self.failed[kind][self._slug_of(path, readings[path][0])] = path
                    continue
                first = seen.setdefault((kind, item.slug), path)
                if first != path:
                    self.problems.add(Problem(path, f"l'identifiant « {item.slug} » est déjà pris par {first}.", "Slug",
                                              hint="renommez l'un des deux fichiers, ou donnez-lui un champ « Slug: » différent."))
                    continue
                if item.status == "draft" or self._scheduled(item):
                    self.drafts[kind].add(item.slug)
                    if not self.options.show_drafts:
                        continue
                    item.preview_only = True
                self.programme.of_kind(kind).append(item)
                self.add_source_path(item)
                self.add_static_links(item)
        self._check_other_sources()
        self.memory, damage = ledger.load(self.settings)
        self.problems.extend(damage)
        taken = {**self.failed["event"], **{slug: path for (kind, slug), path in seen.items() if kind == "event"}}
        self.problems.extend(renames.settle(self.programme.events, taken, self.memory))
        self.programme.sort()
        self.context["programme"] = self.programme
        self.context["PUBLIC_URL"] = self.options.public_url
        self.context["content_security_policy"] = csp.embed_policy(self.programme)
        self.context.setdefault("site_alternate_links", [])
        feeds.advertise(self)
        calendars.advertise(self)
        webapp.plan(self)
        if self._cache_changed:  # pickling every body again would cost a no-op build dearly
            # In a forked process: pickling a str makes CPython keep a UTF-8 copy inside it, which would
            # double every body's memory here for the rest of the build (~13 MiB at 2 000 events).
            self._cache_saved = parallel.Pending(self.save_cache, self.options.parallel_build)

    def _read_all(self, paths: list[str], markdown,
                  head_start: int = 0) -> Callable[[], tuple[dict[str, Reading], dict[str, Checked]]]:
        """Start reading what the cache lacks of `paths`, a share of it in a forked process; the call
        returned reads the rest here, then gives every file's reading, and the fields the forked process
        validated (`Checked`, for its share: validating is not cached, since it looks at image files too).

        The child's share is half of the files plus half of `head_start`, the files this process
        reads meanwhile before it calls. Its validation would otherwise wait for every file to be read,
        on one core.
        """
        readings = {path: self.get_cached_data(path) for path in paths}
        missing = [path for path, reading in readings.items() if reading is None]
        theirs = min(len(missing), (len(missing) + head_start) // 2)
        ours = len(missing) - theirs
        root = Path(self.path)
        fork = self.options.parallel_build and theirs >= FORK_READING_FROM
        kinds = {path: kind for kind, sources in self.sources.items() for path in sources}

        def read_and_check(path: str) -> tuple[Reading, Checked | None]:
            reading = read_body(root, path, markdown)
            header, kind = reading[0], kinds.get(path)
            if header is None or kind is None:
                return reading, None
            return reading, validate(kind, header_source(path, header), self.parse_context)

        pending = parallel.Pending(lambda: [read_and_check(path) for path in missing[ours:]], fork)

        def finish() -> tuple[dict[str, Reading], dict[str, Checked]]:
            try:
                made = [read_body(root, path, markdown) for path in missing[:ours]]
                theirs_made = pending.result()
            except BaseException:
                pending.cancel()
                raise
            made += [reading for reading, _checked in theirs_made]
            checked = {path: pair[1] for path, pair in zip(missing[ours:], theirs_made) if pair[1] is not None}
            for path, reading in zip(missing, made):
                readings[path] = reading
                self.cache_data(path, reading)
            self._cache_changed |= bool(missing)
            return readings, checked

        return finish

    def read_item(self, path: str, kind: str, markdown, reading: Reading | None = None,
                  checked: Checked | None = None) -> tuple[ProgrammeContent | None, list[Problem]]:
        """One file (relative to PATH) read and validated, with its problems; the preview re-reads edited files with it."""
        if reading is None:
            reading = self._read_all([path], markdown)()[0][path]
        header, html, summary, problems = reading
        if header is None:
            return None, problems
        if checked is None:
            checked = validate(kind, header_source(path, header), self.parse_context)
        values, invalid = checked
        if any(not problem.warning for problem in [*problems, *invalid]):
            return None, [*problems, *invalid]
        problems = [*problems, *invalid]  # warnings only: the item is read all the same
        if "slug" not in values:
            values["slug"] = slugify(Path(path).stem)
            if not values["slug"]:
                return None, [*problems, Problem(path, "le nom du fichier ne donne aucun identifiant (ni lettre ni chiffre).",
                                                 "Slug", hint="renommez le fichier, ex. « bar-des-sciences.md », ou "
                                                 "ajoutez « Slug: bar-des-sciences ».")]
        values.setdefault("summary", summary)
        item = CONTENT_CLASSES[kind](html, metadata=values, settings=self.settings,
                                     source_path=os.path.join(self.path, path), context=self.context)
        return item, problems

    def _scheduled(self, item: ProgrammeContent) -> bool:
        """An episode dated ahead waits for its date (the first build after it publishes it), as a draft does."""
        if getattr(item, "published", None) is None or item.published <= self.options.now:
            return False
        self.scheduled.add(item.slug)
        return True

    @staticmethod
    def _slug_of(path: str, header: str | None) -> str:
        """The slug a file that failed would have had: its `Slug` field as written, else its name's."""
        source = header_source(path, header) if header else None
        written = (source.get("Slug") or source.get("Identifiant")) if source else None
        return slugify(written.value if written and written.value else Path(path).stem)

    def _check_other_sources(self) -> None:
        """News and pages go through Pelican's readers; make sure they can at least be decoded."""
        for path in self.other_sources:
            self.problems.extend(decode(Path(self.path, path).read_bytes(), path)[1])

    def abandon(self) -> None:
        """The build stops before writing (its content has problems): its image workers go now, not at the
        next build, and the content cache it read is saved whole (live reload starts the next build at once)."""
        store.stop_abandoned()
        self._await_cache_saved()

    def _await_cache_saved(self) -> None:
        """No build ends with the content cache half written (the next one, under live reload, would stop its writer)."""
        if self._cache_saved is not None:
            self._cache_saved.result()

    def start_subscriptions(self) -> None:
        """Start writing the calendars and feeds, which need the programme read, linked and finished and
        nothing else: their process starts while Pelican writes its news, one core being idle meanwhile.

        Not in a first build (no image cached: the early image workers exist). Its image pass keeps both
        cores busy until long after the pages, so a process forked now would get little of them, and would
        hold for the whole pass its own copy of the programme, which the pages change here, beside Pagefind's
        (~150 MiB at 8 000 events). It is forked once the pages are indexed (`generate_output`), as
        nice as the image workers, with the programme then shared.
        """
        first_build = self.image_workers is not None
        self._subscriptions = parallel.Pending(self._write_subscriptions, self.options.parallel_build,
                                               0 if first_build else SUBSCRIPTIONS_NICENESS, start=not first_build)

    def generate_output(self, writer) -> None:
        # Images, then calendars and feeds, are made by other processes while pages are written.
        # Pelican's news and pages are written before us; each lot of the search index is made once its pages are.
        if self._subscriptions is None:
            self.start_subscriptions()
        try:
            with images.made_meanwhile(self) as placed, parallel.awaited(self._subscriptions) as subscriptions:
                with search.indexed_meanwhile(self, pages.searchable(self.programme)) as index:
                    listings = pages.write_all(self, writer, index.order, index.written)
                    placed.place_cached()
                    sitemap.write(self, listings)
                    robots.write(self)
                    webapp.write(self)
                    renames.write(self)
                subscriptions.start()  # a first build's (see `start_subscriptions`); started already otherwise
                ledger.stage(self.settings, subscriptions.result())
        finally:
            self._await_cache_saved()

    def _write_subscriptions(self) -> ledger.Ledger:
        memory = calendars.write_all(self)  # first: it stamps each event with its last change, which the feeds use
        feeds.write_all(self)
        return memory
