"""Validates a whole site without writing anything: what `invoke check` runs.

It reads every file exactly as a build does (Pelican's own generators for news and pages, ours for the
programme), cross-links through the same `check_and_link` the build calls, and stops there: no template
is rendered, no file written, no cache saved. What Pelican would only log as an error (a news item it
skips) becomes a French `Problem` too, since the build refuses to publish on those (see `staging`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator

from . import check_and_link
from .generator import ProgrammeGenerator
from .problems import ContentError, Problem
from .settings import apply_defaults

# DEBUG keeps Pelican's exceptions; one image process: no image is made, so no worker is started early.
READ_ONLY = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "DEBUG": True, "IMAGE_PROCESSES": 1}


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # kind (or "article", "page") → published items
    drafts: int = 0


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
            check_and_link(generators)
        except ContentError as error:
            report.problems += error.problems
    articles, pages, programme = generators
    root = Path(settings["PATH"])
    for record in recorder.records:
        if record.levelno >= logging.ERROR and record.name.startswith("pelican"):
            report.problems.append(pelican_problem(record, root))
        else:
            report.warnings.append(record.getMessage())
    report.problems.sort(key=lambda p: (p.path, p.line or 0, p.field or ""))
    report.counts = {kind: len(programme.programme.of_kind(kind)) for kind in
                     ("event", "researcher", "episode", "venue", "cycle", "partner")}
    report.counts |= {"article": len(articles.articles), "page": len(pages.pages)}
    report.drafts = sum(len(slugs) for slugs in programme.drafts.values()) + len(articles.drafts) + len(pages.draft_pages)
    return report


def pelican_problem(record: logging.LogRecord, root: Path) -> Problem:
    """Pelican's English error about a news item or page, told in French with the field and the fix."""
    args = record.args if isinstance(record.args, tuple) else ()
    if record.msg.startswith("Skipping %s: could not find information about") and len(args) == 2:
        path = _relative(args[0], root)
        name = str(args[1]).capitalize()
        return Problem(path, "champ obligatoire manquant, la page ne serait pas publiée.", name,
                       hint=f"ajoutez une ligne « {name}: … » en tête du fichier.")
    if record.msg.startswith("Unknown status") and len(args) == 3:
        path = _relative(args[1], root)
        return Problem(path, f"« {args[0]} » n'est pas un statut possible.", "Status", _line_of(root / path, "Status"),
                       f"valeurs possibles : {', '.join(args[2])}.")
    if record.msg.startswith("Could not process") and args:
        path = _relative(args[0], root)
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and "date" in f"{type(error).__name__} {error}".lower():
            return Problem(path, "la date n'est pas reconnue.", "Date", _line_of(root / path, "Date"),
                           "forme attendue pour les actualités et les pages : « 2026-12-03 10:00 » ou « 2026-12-03 ».")
        return Problem(path, f"Pelican n'a pas pu lire ce fichier ({error or 'erreur inconnue'}).",
                       hint="vérifiez l'en-tête : une ligne « Champ: valeur » par champ, puis une ligne vide.")
    return Problem("(construction)", f"Pelican signale une erreur : {record.getMessage()}",
                   hint="lancez « invoke build » pour voir le détail.")


def _relative(path: object, root: Path) -> str:
    text = str(path)
    return os.path.relpath(text, root) if os.path.isabs(text) else text


def _line_of(path: Path, name: str) -> int | None:
    """The line where a header field is written, for files Pelican read (it keeps no line numbers)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^{re.escape(name)}\s*:", re.IGNORECASE)
    return next((number for number, line in enumerate(lines, 1) if pattern.match(line)), None)
