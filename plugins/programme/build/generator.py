"""The generator of every kind of programme content, modelled on Pelican's `PagesGenerator`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from pelican.cache import FileStampDataCacher
from pelican.generators import CachingGenerator

from .. import outputs
from ..content import items, ledger, renames, sources
from ..content.contents import ProgrammeContent
from ..content.fields import ParseContext
from ..content.items import CONTENT_CLASSES, Checked, written_slug
from ..content.programme import Programme
from ..content.reading import Reading, decodes, make_markdown, read_body
from ..media.library import ImageLibrary
from ..media.store import ImageStore
from ..outputs import pages, search
from ..outputs.site import Site
from ..problems import Problem, ProblemLog
from ..settings import ProgrammeSettings
from .staging import StagedFiles
from .work import BuildWork


class ProgrammeGenerator(CachingGenerator):
    """Reads, validates and writes every kind of item; all build state lives here (live reload starts clean)."""

    _cache_changed = False  # whether this build read files the content cache lacked

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.settings["CONTENT_CACHING_LAYER"] != "generator":
            # Our files skip Pelican's readers, whose cache is the default layer: ours would cache nothing.
            FileStampDataCacher.__init__(self, self.settings, type(self).__name__,
                                         self.settings["CACHE_CONTENT"], self.settings["LOAD_CONTENT_CACHE"])
        self.options = options = ProgrammeSettings.from_pelican(self.settings)
        self.programme, self.problems = Programme(now=options.now), ProblemLog()
        self.drafts: dict[str, set[str]] = defaultdict(set)
        # Files with mistakes of their own, by kind and slug: a link to one is not said to name nothing (`linking`).
        self.failed: dict[str, dict[str, str]] = defaultdict(dict)
        self.unlinked: dict[str, tuple[str, dict]] = {}  # those files' fields that did parse, by path
        self.scheduled: set[str] = set()  # episodes dated ahead, left out like drafts but linked to silently
        self.memory = ledger.Ledger(Path(self.path) / self.settings["CALENDAR_MEMORY"])  # read with the content
        self.parse_context = ParseContext.of_site(self.settings, options, Path(self.path),
                                                  ledger.RecordedStarts(self.memory.folder))
        self.problems.extend(sources.guard(Path(self.path), self.settings, tuple(CONTENT_CLASSES),
                                           tuple(f".{extension}" for extension in self.readers.extensions)))
        self.images = ImageLibrary(Path(self.path), options.image_output_dir, options.site_url, options.image_widths,
                                   options.image_quality, ImageStore(options.image_cache_path).has)
        self.markdown = make_markdown(self.settings)
        self.sources = {kind: items.own_files(kind, self.get_files(self.settings[f"{kind.upper()}_PATHS"], extensions=["md"]))
                        for kind in CONTENT_CLASSES}
        self.other_sources = sorted(self.get_files([*self.settings["ARTICLE_PATHS"], *self.settings["PAGE_PATHS"]],
                                                   exclude=[*self.settings["ARTICLE_EXCLUDES"]], extensions=["md"]))
        ours = [path for paths in self.sources.values() for path in paths]
        self.work = BuildWork(options, len(ours))  # before anything is read: its image workers carry none of it
        # Pelican reads its news and pages before our turn: our reading starts now, beside theirs.
        self._finish_reading = self._read_all(ours, head_start=len(self.other_sources))

    def generate_context(self) -> None:
        readings, checked = self._finish_reading()
        seen: dict[tuple[str, str], str] = {}  # (kind, slug) → the file that has it, drafts included
        for kind, paths in self.sources.items():
            for path in paths:
                item, problems = self.read_item(path, kind, readings[path], checked.get(path))
                self.problems.extend(problems)
                if item is None:
                    self.failed[kind][written_slug(path, readings[path][0])] = path
                    continue
                first = seen.setdefault((kind, item.slug), path)
                if first != path:
                    self.problems.add(Problem(path, f"l'identifiant « {item.slug} » est déjà pris par {first}.", "Slug",
                                              hint="renommez l'un des deux fichiers, ou donnez-lui un champ « Slug: » différent."))
                    continue
                scheduled = getattr(item, "published", None) is not None and item.published > self.options.now
                if scheduled:  # an episode dated ahead waits for its date (the next build after it publishes it)
                    self.scheduled.add(item.slug)
                if item.status == "draft" or scheduled:
                    self.drafts[kind].add(item.slug)
                    if not self.options.show_drafts:
                        continue
                    item.preview_only = True
                self.programme.of_kind(kind).append(item)
                self.add_source_path(item)
                self.add_static_links(item)
        self.problems.extend(decodes(Path(self.path), self.other_sources))  # Pelican reads them: can it decode them?
        self.memory, damage = ledger.load(self.settings)
        self.problems.extend(damage)
        taken = {**self.failed["event"], **{slug: path for (kind, slug), path in seen.items() if kind == "event"}}
        self.problems.extend(renames.settle(self.programme.events, taken, self.memory))
        self.programme.sort()
        self.context.update(programme=self.programme, PUBLIC_URL=self.options.public_url,
                            site_alternate_links=self.context.get("site_alternate_links", []))
        self.site = Site(self.programme, self.settings, self.options, self.context, self.path, self.output_path,
                         self.memory, StagedFiles(self.settings), self.get_template, self.images)
        for output in outputs.ANNOUNCING:
            output.advertise(self.site)
        if self._cache_changed:  # pickling every body again would cost a no-op build dearly
            self.work.save_cache(self.save_cache)

    def _read_all(self, paths: list[str], head_start: int = 0):
        """Start reading (and validating) what the cache lacks of `paths`; the call returned gives every
        file's reading and the fields validated with it (validating is not cached: it looks at image files)."""
        readings = {path: self.get_cached_data(path) for path in paths}
        missing = [path for path, reading in readings.items() if reading is None]
        kinds = {path: kind for kind, sources in self.sources.items() for path in sources}

        def read_and_check(path: str) -> tuple[Reading, Checked | None]:
            reading = read_body(Path(self.path), path, self.markdown)
            return reading, items.check(kinds[path], path, reading[0], self.parse_context)

        made = self.work.share(missing, head_start, read_and_check)

        def finish() -> tuple[dict[str, Reading], dict[str, Checked]]:
            made_now = dict(zip(missing, made()))
            for path, (reading, _fields) in made_now.items():
                readings[path] = reading
                self.cache_data(path, reading)
            self._cache_changed |= bool(missing)
            return readings, {path: fields for path, (_reading, fields) in made_now.items() if fields is not None}

        return finish

    def read_item(self, path: str, kind: str, reading: Reading | None = None,
                  checked: Checked | None = None) -> tuple[ProgrammeContent | None, list[Problem]]:
        """One file (relative to PATH) read and validated, with its problems; the preview re-reads edited files with it."""
        if reading is None:
            readings, checked_now = self._read_all([path])()
            reading, checked = readings[path], checked_now.get(path)
        checked = checked or items.check(kind, path, reading[0], self.parse_context)
        item, problems = items.make(kind, path, reading, checked, self.settings, self.context, self.path)
        if item is None and checked is not None:  # its slugs are checked all the same (`linking.check_unlinked`)
            self.unlinked[path] = (kind, checked[0])
        return item, problems

    def generate_output(self, writer) -> None:
        # Pelican's news and pages are written before us; each lot of the search index is made once its pages are.
        site = replace(self.site, writer=writer)
        with self.work.alongside_pages(site, self.images) as images:
            with search.indexed_meanwhile(site, pages.searchable(self.programme)) as index:
                pages.write_all(site, index.order, index.written)
                images.place_cached()
                for output in outputs.BESIDE_PAGES:
                    output.write(site)
