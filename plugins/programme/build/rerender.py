"""The preview's fast path: the pages of edited items written again at once, from the last build.

Hugo's "fast render" idea: the page being edited first, the full build right after. An edited file
is read and validated by the generator's own reader, linked against the last build's programme
(`linking.relink`), finished (`finishing.finish_item`) and written with the same template call as
the full build (`pages.write_item`), straight into the published output. Anything this cannot do
exactly (a new, deleted or draft file, a changed slug, any problem) is left to the full build, which
follows in any case and publishes everything else (listings, calendars, feeds, search).

The page is the one the full build writes (tested for each kind), except where it prints what other
files or the whole programme decide, taken from the last build until the full build replaces it:
a renamed researcher, venue or cycle still reads under its old name in the cards of its events (they
point to the old object); an episode moved to a new video host keeps the last build's
Content-Security-Policy; a new picture's derivatives and share card exist only once the full build
made them. Nothing set after pages are written (`event.modified`, by the calendars) can be on a page,
so nothing needs carrying over from the old item beyond its relations (`linking.relink`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.writers import Writer

from ..content.items import own_files
from ..content.linking import relink
from ..outputs.pages import PAGE_KINDS, write_item
from ..problems import Problem
from .finishing import finish_item

if TYPE_CHECKING:
    from ..content.contents import ProgrammeContent
    from .generator import ProgrammeGenerator


def rerender(generator: ProgrammeGenerator, paths: Iterable[Path], output_path: str) -> list[str] | None:
    """Write the pages of the edited files into `output_path`; their URLs, or None if the full build must do it.

    `generator` is the last successful build's: its programme is already linked and finished. All the
    files must qualify, or no page is written (a half-updated preview would be more confusing than none).
    """
    items = []
    for path in paths:
        pair = _reread(generator, Path(path))
        if pair is None:
            return None
        items.append(pair)
    for old, new in items:
        if errors(relink(generator.programme, generator.drafts, old, new)) or errors(finish_item(generator, new)):
            return None
    site = replace(generator.site, writer=Writer(output_path, settings=generator.settings))
    for _old, new in items:
        write_item(site, new)
    return [new.url for _old, new in items]


def _reread(generator: ProgrammeGenerator, path: Path) -> tuple[ProgrammeContent, ProgrammeContent] | None:
    """The item the last build made of `path`, and the file as it is now; None unless both exist alike."""
    relative = os.path.relpath(path, generator.path)
    kind = kind_of(generator.settings, relative)
    if kind is None or not path.is_file():
        return None
    old = next((item for item in generator.programme.of_kind(kind) if Path(item.source_path) == path), None)
    if old is None:
        return None
    new, problems = generator.read_item(relative, kind)
    if errors(problems) or new is None or new.slug != old.slug or new.status != old.status:
        return None
    return old, new


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build (warnings do not: the full build reports them)."""
    return [problem for problem in problems if not problem.warning]


def kind_of(settings: dict, relative: str) -> str | None:
    """The kind with pages whose folders (`<KIND>_PATHS`) hold this Markdown file, if any."""
    if not relative.endswith(".md"):
        return None
    for kind in PAGE_KINDS:
        if any(Path(relative).is_relative_to(folder) for folder in settings[f"{kind.upper()}_PATHS"]) \
                and own_files(kind, [relative]):  # colloquia and their translations share a folder
            return kind
    return None
