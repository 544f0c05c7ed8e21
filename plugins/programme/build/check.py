"""Validates a whole site without writing anything: what `invoke check` runs.

It reads every file exactly as a build does (Pelican's own generators for news and pages, ours for the
programme), cross-links through the same `link_and_check` the build calls, and stops there: no template
is rendered, no file written, no cache saved. What Pelican would only log as an error (a news item it
skips) becomes a French `Problem` too, since the build refuses to publish on those (see `staging`).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from .. import link_and_check
from ..content.pelican_content import french_metadata, pelican_problem
from ..problems import ContentError, Problem
from .configure import apply_defaults
from .generator import ProgrammeGenerator

# DEBUG keeps Pelican's exceptions; one image process: no image is made, so no worker is started early.
# Drafts count as drafts, whatever the preview shows (`SHOW_DRAFTS`): check says what `./site publish` would publish.
READ_ONLY = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "DEBUG": True, "IMAGE_PROCESSES": 1,
             "SHOW_DRAFTS": False}


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # kind (or "article", "page") → published items
    drafts: int = 0
    events: list = field(default_factory=list)  # the events a build would publish, linked for its now
    draft_events: set[str] = field(default_factory=set)  # slugs of events left out as drafts
    unreadable_events: set[str] = field(default_factory=set)  # slugs of event files that could not be read


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _recording(*names: str) -> Iterator[_Recorder]:
    """Collect what these loggers say instead of letting it reach the terminal in English."""
    recorder = _Recorder()
    loggers = [logging.getLogger(name) for name in names]
    saved = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(recorder)
        logger.propagate = False
    try:
        yield recorder
    finally:
        for logger, propagate in zip(loggers, saved):
            logger.removeHandler(recorder)
            logger.propagate = propagate


def check_site(settings: dict) -> CheckReport:
    """Every problem a build of these settings would stop on, plus its warnings, found without writing."""
    settings = {**settings, **READ_ONLY}
    apply_defaults(settings)
    # What `register` connects for reading (no Pelican object runs here): French names in news and pages.
    signals.article_generator_context.connect(french_metadata)
    signals.page_generator_context.connect(french_metadata)
    context = {**settings, "generated_content": {}, "static_links": set(), "static_content": {},
               "localsiteurl": settings["SITEURL"]}
    report = CheckReport()
    with _recording("pelican", "programme") as recorder:
        generators = [
            cls(context=context, settings=settings, path=settings["PATH"], theme=settings["THEME"],
                output_path=settings["OUTPUT_PATH"])
            for cls in (ArticlesGenerator, PagesGenerator, ProgrammeGenerator)
        ]
        for generator in generators:
            generator.generate_context()
        try:
            link_and_check(generators)
        except ContentError as error:
            report.problems += error.problems
    articles, pages, programme = generators
    report.warnings += [str(warning) for warning in programme.problems.warnings]
    root = Path(settings["PATH"])
    for record in recorder.records:
        if record.levelno >= logging.ERROR and record.name.startswith("pelican"):
            report.problems.append(pelican_problem(record, root))
        else:
            report.warnings.append(record.getMessage())
    report.problems.sort(key=lambda p: (p.path, p.line or 0, p.field or ""))
    report.counts = {kind: len(programme.programme.of_kind(kind)) for kind in
                     ("event", "researcher", "episode", "venue", "cycle", "partner", "project")}
    report.counts |= {"article": len(articles.articles), "page": len(pages.pages)}
    report.counts |= {kind: len(programme.programme.of_kind(kind)) for kind in ("colloquium", "translation")}
    report.events = list(programme.programme.events)
    report.draft_events = set(programme.drafts.get("event", ()))
    report.unreadable_events = set(programme.failed.get("event", {}))
    report.drafts = sum(len(slugs) for slugs in programme.drafts.values()) + len(articles.drafts) + len(pages.draft_pages)
    return report
