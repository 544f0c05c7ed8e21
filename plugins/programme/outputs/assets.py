"""Versioned URLs for theme files: `{{ "css/site.css"|asset }}` gives `/theme/css/site.css?v=3f2a9c1b7e`.

The version is a hash of the file's bytes, so a changed stylesheet gets a new URL: browsers may then
keep theme files for a year (see deploy/nginx.conf) and still never show a stale one.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path


@functools.lru_cache(maxsize=256)
def _digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def version(path: Path) -> str:
    stat = path.stat()
    return _digest(path, stat.st_mtime_ns, stat.st_size)


class AssetFilter:
    """The `asset` filter: the URL of a file of the theme's `static/` folder, with its version.

    Built from the settings rather than the template context, so that macros imported without context
    (`{% from "_macros.html" import … %}`) can use it too; a class, so that Pelican can pickle the
    settings into its content cache.
    """

    def __init__(self, settings: dict):
        self.static = Path(settings["THEME"]) / "static"
        self.base = f"{settings['SITEURL']}/{settings['THEME_STATIC_DIR']}"

    def __call__(self, path: str) -> str:
        return f"{self.base}/{path}?v={version(self.static / path)}"
