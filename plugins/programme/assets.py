"""Versioned URLs for theme files: `{{ "css/site.css"|asset }}` gives `/theme/css/site.css?v=3f2a9c1b7e`.

The version is a hash of the file's bytes, so a changed stylesheet gets a new URL: browsers may then
keep theme files for a year (see deploy/nginx.conf) and still never show a stale one.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from jinja2 import pass_context


@functools.lru_cache(maxsize=256)
def _digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def version(path: Path) -> str:
    stat = path.stat()
    return _digest(path, stat.st_mtime_ns, stat.st_size)


@pass_context
def asset(context, path: str) -> str:
    """The URL of a file of the theme's `static/` folder, with its version."""
    source = Path(context["THEME"]) / "static" / path
    return f"{context['SITEURL']}/{context['THEME_STATIC_DIR']}/{path}?v={version(source)}"
