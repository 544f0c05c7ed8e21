"""Builds into a sibling folder and moves the result into the output only once the build succeeded.

A failed build (bad content, template error) therefore leaves the published output exactly as
it was, whether the build ran through `invoke` or the plain `pelican` command. Files whose bytes
did not change are left untouched, mtimes included, so rsync and CDNs upload only what changed.
"""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path


def staging_path(output_path: str) -> str:
    final = Path(output_path).resolve()
    return str(final.parent / f".{final.name}.staging")


class BuildFailed(Exception):
    """Pelican reported errors (a news article it could not read, a template error…): publish nothing."""


class _ErrorRecorder(logging.Handler):
    """Remembers what Pelican logged as errors; Pelican skips such files and carries on."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def redirect_output(pelican) -> None:
    """Point Pelican's writer at the staging folder, emptied at every run."""
    pelican.final_output_path = pelican.output_path
    pelican.output_path = staging_path(pelican.output_path)
    pelican.delete_outputdir = True
    pelican.build_errors = _ErrorRecorder()
    logging.getLogger("pelican").addHandler(pelican.build_errors)


def start_run(pelican) -> None:
    """Live reload runs the same Pelican object again: forget the previous run's errors."""
    if hasattr(pelican, "build_errors"):
        pelican.build_errors.messages.clear()


def publish(pelican) -> None:
    final = getattr(pelican, "final_output_path", None)
    if final is None:
        return
    errors = pelican.build_errors.messages
    if errors:
        raise BuildFailed(
            f"{len(errors)} erreur{'s' if len(errors) > 1 else ''} pendant la construction, le site n'a pas été publié :\n"
            + "\n".join(f"  - {message}" for message in errors)
        )
    sync(Path(pelican.output_path), Path(final), pelican.settings.get("OUTPUT_RETENTION", []))
    shutil.rmtree(pelican.output_path, ignore_errors=True)


def sync(staged: Path, final: Path, keep: Iterable[str] = ()) -> None:
    """Make `final` hold exactly the files of `staged`, rewriting only those that differ."""
    keep = set(keep)
    final.mkdir(parents=True, exist_ok=True)
    wanted: set[Path] = set()
    for source in sorted(p for p in staged.rglob("*") if p.is_file()):
        relative = source.relative_to(staged)
        wanted.add(relative)
        target = final / relative
        if target.is_file() and filecmp.cmp(source, target, shallow=False):
            continue
        _make_room(final, relative)
        os.replace(source, target)
    for path in sorted(final.rglob("*"), reverse=True):  # children before their folder
        relative = path.relative_to(final)
        if relative.parts[0] in keep:
            continue
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif relative not in wanted:
            path.unlink()


def _make_room(final: Path, relative: Path) -> None:
    """Remove whatever stands where a file or its folders must go (a folder became a file, or back)."""
    target = final / relative
    if target.is_dir():
        shutil.rmtree(target)
    for parent in list(relative.parents)[::-1][1:]:
        if (final / parent).is_file():
            (final / parent).unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
