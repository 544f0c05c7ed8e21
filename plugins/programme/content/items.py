"""An item of the programme made of one file: its reading, its checked fields and its slug."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from slugify import slugify

from ..problems import Problem
from .colloquia import Colloquium, Translation
from .contents import Cycle, Episode, Event, ProgrammeContent, Researcher, Venue
from .fields import ParseContext
from .network import Partner, Project
from .reading import Reading, header_source
from .validation import validate

# Every kind, by name: the folders `<KIND>_PATHS` hold its files, `<KIND>_URL` and `<KIND>_SAVE_AS` its page.
CONTENT_CLASSES: dict[str, type[ProgrammeContent]] = {
    cls.kind: cls for cls in (Event, Researcher, Episode, Venue, Cycle, Partner, Project, Colloquium, Translation)
}
# A translation is named after the file it translates: `loire-2027.en.md` beside `loire-2027.md`.
TRANSLATION_SUFFIX = ".en.md"
Checked = tuple[dict[str, Any], list[Problem]]  # a file's typed fields and its field problems (`validation.validate`)


def check(kind: str, path: str, header: str | None, ctx: ParseContext) -> Checked | None:
    """A file's fields validated (None when its header could not be read)."""
    return None if header is None else validate(kind, header_source(path, header), ctx)


def make(kind: str, path: str, reading: Reading, checked: Checked | None, settings: dict, context: dict,
         root: str) -> tuple[ProgrammeContent | None, list[Problem]]:
    """The item of a file (`path` relative to `root`) with its problems; none when one of them is an error
    (warnings only: the item is made all the same)."""
    header, html, summary, problems = reading
    if header is None or checked is None:
        return None, problems
    values, invalid = checked
    problems = [*problems, *invalid]
    if any(not problem.warning for problem in problems):
        return None, problems
    values.setdefault("slug", slugify(stem(path)))
    if not values["slug"]:
        return None, [*problems, Problem(path, "le nom du fichier ne donne aucun identifiant (ni lettre ni chiffre).",
                                         "Slug", hint="renommez le fichier, ex. « bar-des-sciences.md », ou "
                                         "ajoutez « Slug: bar-des-sciences ».")]
    values.setdefault("written_summary", values.get("summary", ""))  # a post's text prefers it to the excerpt
    values.setdefault("summary", summary)
    item = CONTENT_CLASSES[kind](html, metadata=values, settings=settings, source_path=os.path.join(root, path),
                                 context=context)
    timetable = getattr(item, "read_timetable", None)  # a colloquium's programme, below its presentation
    if timetable is not None:
        problems = [*problems, *timetable(Path(root, path), path, settings)]
    return item, problems


def stem(path: str) -> str:
    """A file's name without `.md`, nor `.en` for a translation: the slug it gives."""
    name = Path(path).name
    return name[: -len(TRANSLATION_SUFFIX)] if name.endswith(TRANSLATION_SUFFIX) else Path(path).stem


def own_files(kind: str, paths: list[str]) -> list[str]:
    """The files of a kind among those its folders hold: colloquia and their translations share one."""
    if kind == "translation":
        return sorted(path for path in paths if path.endswith(TRANSLATION_SUFFIX))
    return sorted(path for path in paths if kind != "colloquium" or not path.endswith(TRANSLATION_SUFFIX))


def written_slug(path: str, header: str | None) -> str:
    """The slug a file that failed would have had: its `Slug` field as written, else its name's."""
    source = header_source(path, header) if header else None
    written = (source.get("Slug") or source.get("Identifiant")) if source else None
    return slugify(written.value if written and written.value else stem(path))
