"""When each content file last changed, read from git history: the sitemap's `lastmod` comes from here.

A commit date belongs to the content's history: every clone of a given commit agrees on it, so two
builds of the same commit are identical (a file's modification time would not do: a fresh clone resets
it). Outside a git work tree, or for a file not committed yet, there is no such date.
"""

from __future__ import annotations

import subprocess
from datetime import date

_COMMIT = "\x00"


def last_changes(folder: str) -> dict[str, date]:
    """Path relative to `folder` → day of the newest commit that touched the file."""
    try:
        log = subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", folder, "log", "--format=%x00%cs", "--name-only",
             "--relative", "--", "."],
            capture_output=True, text=True, encoding="utf-8", check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    changes: dict[str, date] = {}
    for commit in log.split(_COMMIT)[1:]:
        day, *paths = commit.strip().splitlines()
        for path in filter(None, paths):
            changes.setdefault(path, date.fromisoformat(day))
    return changes
