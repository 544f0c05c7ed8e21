"""Every address the build will publish, known before anything is written.

Links written in bodies are checked against it (`file_links`), whatever their form (`/evenements/x/`,
`../agenda/`, `https://<SITE_DOMAIN>/media/x.mp3`): a broken one is reported like any other mistake,
before the site is published. Pages are known from the programme, the listings and Pelican's content;
files from the folders they are copied from.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.contents import Content

from ..content.items import CONTENT_CLASSES
from ..content.sources import resolve
from ..outputs import pages
from ..problems import FieldError

if TYPE_CHECKING:
    from .generator import ProgrammeGenerator


class Addresses:
    """Answers "does the built site hold this path?" for output-relative paths (`evenements/x/index.html`)."""

    def __init__(self, paths: Iterable[str], content_root: Path, static_folders: Iterable[str],
                 theme_static: tuple[str, Path], open_prefixes: Iterable[str]):
        self.paths = set(paths)
        self.content_root = content_root
        self.static_folders = [folder.strip("/") for folder in static_folders]
        self.theme_static = theme_static  # (output folder, the theme's static folder)
        self.open_prefixes = tuple(f"{prefix.strip('/')}/" for prefix in open_prefixes)

    def holds(self, path: str) -> bool:
        """Whether a request for `path` (site-relative, decoded, no query) finds a file, as nginx would serve it."""
        path = posixpath.normpath(path.lstrip("/")) if path.strip("/") else ""
        if path.startswith("../") or path == "..":
            return False
        path = "" if path == "." else path
        candidates = [path, posixpath.join(path, "index.html")] if path else ["index.html"]
        return any(self._holds_file(candidate) for candidate in candidates)

    def _holds_file(self, path: str) -> bool:
        if path in self.paths or path.startswith(self.open_prefixes):
            return True
        if any(path.startswith(f"{folder}/") for folder in self.static_folders):
            try:
                return resolve(self.content_root, path) is not None
            except FieldError:
                return False
        folder, static = self.theme_static
        if path.startswith(f"{folder}/"):
            return (static / path[len(folder) + 1:]).is_file()
        return False


def site_addresses(generator: ProgrammeGenerator, contents: Iterable[Content]) -> Addresses:
    """What this build publishes: its pages, Pelican's, the feeds and calendars, static and theme files."""
    settings, programme = generator.settings, generator.programme
    paths = {item.save_as for kind in pages.PAGE_KINDS for item in programme.of_kind(kind) if item.save_as}
    paths |= {save_as for _url, save_as, _template in settings["PROGRAMME_LISTINGS"].values()}
    paths |= {save_as for _url, save_as in pages.archives(generator.site)[1].values()}
    paths |= {item.save_as for item in contents if getattr(item, "save_as", "")}
    paths |= {f"{template}.html" for template in settings["DIRECT_TEMPLATES"] if template != "index"}
    paths.add(settings["INDEX_SAVE_AS"])
    paths |= {link.url for feed in generator.context.get("feeds", []) for link in feed.links}
    calendars = [settings["AGENDA_CALENDAR_SAVE_AS"]]
    for kind in CONTENT_CLASSES:  # each item's own calendar (`calendar_files.calendar_file`), without its objects
        for item in programme.of_kind(kind):
            if item.calendar_kind:
                calendars.append(settings[f"{item.calendar_kind}_CALENDAR_SAVE_AS"].format(slug=item.slug))
    paths |= {*calendars, settings["SITEMAP_SAVE_AS"], settings["ROBOTS_SAVE_AS"]}
    theme_static = (settings["THEME_STATIC_DIR"].strip("/"), Path(settings["THEME"]) / "static")
    return Addresses(paths, Path(generator.path), settings["STATIC_PATHS"], theme_static, (settings["SEARCH_BUNDLE"],))
