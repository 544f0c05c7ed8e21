"""Builds into a sibling folder and moves the result into the output only once the build succeeded.

A failed build (bad content, template error) therefore leaves the published output exactly as
it was, whether the build ran through `invoke` or the plain `pelican` command. Files whose bytes
did not change are left untouched, mtimes included, so rsync and CDNs upload only what changed.

A file written with the bytes it already has in the output is staged as a hard link to the published
one (`write_bytes`, and Pelican's writer through `StagingWriter`): creating and then deleting a new
file for each unchanged page made rebuilds spend half their time in the kernel, and the inodes freed
that way slowed every build that followed (ext4 without a journal skips recently freed inodes).
"""

from __future__ import annotations

import contextlib
import filecmp
import io
import logging
import os
import shutil
import stat
import weakref
from collections.abc import Iterable
from pathlib import Path

from pelican.writers import FileOverwriteFailedError, Writer

from .pelican_content import pelican_problem
from .problems import Problem

logger = logging.getLogger(__name__)

PUBLISHED_MARK = ".published"
_UNCHANGED = "_PROGRAMME_UNCHANGED_OUTPUT"  # paths a build leaves as published, waiting in its settings
_FOLDERS = "_PROGRAMME_STAGED_FOLDERS"  # (staging folder, published output), each ending with a separator


def staging_path(output_path: str) -> str:
    final = Path(output_path).resolve()
    return str(final.parent / f".{final.name}.staging")


class BuildFailed(Exception):
    """Pelican reported errors (a news article it could not read, a template error…): publish nothing."""


# Each Pelican object's recorder, by its settings' identity (the settings themselves are pickled with the content).
_RECORDERS: weakref.WeakValueDictionary[int, _ErrorRecorder] = weakref.WeakValueDictionary()


class _ErrorRecorder(logging.Handler):
    """Remembers what Pelican logged as errors, told in French; Pelican skips such files and carries on.

    Each record it takes is marked `reported_in_french`: the build's own report says it, so a console
    handler may leave Pelican's English line out (`staff.building`)."""

    def __init__(self, content: Path) -> None:
        super().__init__(logging.ERROR)
        self.content = content
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.problems.append(pelican_problem(record, self.content))
        record.reported_in_french = True

    @property
    def messages(self) -> list[str]:
        return [str(problem) for problem in self.problems]


def recorded_problems(settings: dict) -> list[Problem]:
    """What Pelican logged as errors so far in this run, as problems (reported with the content's own)."""
    recorder = _RECORDERS.get(id(settings))
    return list(recorder.problems) if recorder is not None else []


def redirect_output(pelican) -> None:
    """Point Pelican's writer at the staging folder, which we empty ourselves (see `start_run`)."""
    pelican.final_output_path = pelican.output_path
    pelican.output_path = staging_path(pelican.output_path)
    stage_in(pelican.settings, pelican.output_path, pelican.final_output_path)
    pelican.delete_outputdir = False
    pelican.build_errors = _RECORDERS[id(pelican.settings)] = _ErrorRecorder(Path(pelican.settings["PATH"]))
    logging.getLogger("pelican").addHandler(pelican.build_errors)


def start_run(pelican) -> None:
    """Forget the previous run's errors (live reload runs the same Pelican object again) and its files.

    A published run leaves the staging folders in place, empty, and marked: creating and deleting a
    folder per page at every build was most of the cost of a rebuild that changes nothing. Without the
    mark (first run, or the last one failed and may have left files), the staging folder goes whole.
    """
    pelican.settings.pop(_UNCHANGED, None)
    if hasattr(pelican, "build_errors"):
        pelican.build_errors.problems.clear()
        mark = os.path.join(pelican.output_path, PUBLISHED_MARK)
        if os.path.exists(mark):
            os.unlink(mark)
        else:
            shutil.rmtree(pelican.output_path, ignore_errors=True)


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
    unchanged = pelican.settings.get(_UNCHANGED, set())
    sync(Path(pelican.output_path), Path(final), pelican.settings.get("OUTPUT_RETENTION", []), unchanged)
    Path(pelican.output_path, PUBLISHED_MARK).touch()


def stage_in(settings: dict, staged: str, published: str) -> None:
    """Files written under `staged` (`write_bytes`) will replace those of `published` once the build succeeds."""
    settings[_FOLDERS] = (os.path.join(os.path.abspath(staged), ""), os.path.join(os.path.abspath(published), ""))


def write_bytes(settings: dict, path: str, data: bytes) -> None:
    """Write one output file; staged, a link to the published file when that one holds the same bytes.

    A file already at `path` (written twice in one build) is replaced, never written through: it may be
    such a link, and the published file must stay as it is until the build succeeds.
    """
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    published = _published(settings, path)
    if published is not None and _holds(published, data):
        with contextlib.suppress(OSError):  # another file system, or no hard links: write it
            os.link(published, path)
            return
    with open(path, "xb") as file:
        file.write(data)


def _published(settings: dict, path: str) -> str | None:
    """Where the published output holds `path`, a file of the staging folder (None when not staged)."""
    folders = settings.get(_FOLDERS)
    if folders is None or not path.startswith(folders[0]):
        return None
    return folders[1] + path[len(folders[0]):]


def _holds(path: str, data: bytes) -> bool:
    try:
        with open(path, "rb") as file:
            return os.fstat(file.fileno()).st_size == len(data) and file.read() == data
    except OSError:
        return False


class StagingWriter(Writer):
    """Pelican's writer, each file written by `write_bytes` once complete (see the module's docstring)."""

    def _open_w(self, filename, encoding, override=False):
        # Pelican's own rule, as in `Writer._open_w`: a file is written once, unless one write overrides.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            logger.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as Pelican has already written to it '
                                               "previously (set `override=True` if intended)")
            logger.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _StagedText(self.settings, filename, encoding)


class _StagedText(io.StringIO):
    """What Pelican writes to one file, handed to `write_bytes` when closed."""

    def __init__(self, settings: dict, path: str, encoding: str):
        super().__init__()
        self.settings, self.path, self.encoding_name = settings, path, encoding

    def close(self) -> None:
        if not self.closed:
            write_bytes(self.settings, self.path, self.getvalue().encode(self.encoding_name))
        super().close()


def staging_writer(pelican) -> type[Writer] | None:
    """Pelican's `get_writer` signal: our writer while the output is staged."""
    return StagingWriter if pelican.settings.get("STAGED_OUTPUT") else None


def leave_unchanged(settings: dict, paths: Iterable[str]) -> None:
    """Paths of the output (relative, with `/`) that this build found current and did not write again:
    publishing leaves them as they are (the search index's unchanged lots, thousands of files)."""
    settings.setdefault(_UNCHANGED, set()).update(paths)


def sync(staged: Path, final: Path, keep: Iterable[str] = (), unchanged: Iterable[str] = ()) -> None:
    """Make `final` hold exactly the files of `staged`, rewriting only those that differ.

    Every staged file is used up (moved, or deleted when `final` has the same bytes); the staged
    folders stay. A folder that `final` lacks is moved over whole, so a first build costs one rename
    per new folder. Top-level names in `keep` (Pelican's OUTPUT_RETENTION) are left alone, and so are
    the `unchanged` paths (relative, at any depth), whatever the staging folder holds there.
    """
    final.mkdir(parents=True, exist_ok=True)
    staged.mkdir(parents=True, exist_ok=True)
    _sync_folder(str(staged), str(final), set(keep), set(unchanged))


def _sync_folder(staged: str, final: str, keep: set[str], unchanged: set[str]) -> bool:
    """Returns whether `final` holds anything afterwards (a folder left empty holds nothing to publish)."""
    wanted = set()
    for entry in _entries(staged):
        target = os.path.join(final, entry.name)
        if entry.name in unchanged:  # the published one stays; nothing staged there may linger for later
            _remove(entry.path)
        elif not entry.is_dir(follow_symlinks=False):
            wanted.add(entry.name)
            if _same_bytes(entry, target):
                os.unlink(entry.path)
            else:
                _remove(target)
                os.replace(entry.path, target)
        elif os.path.isdir(target) and not os.path.islink(target):
            if _sync_folder(entry.path, target, set(), _inside(unchanged, entry.name)):
                wanted.add(entry.name)
        elif any(files for _parent, _folders, files in os.walk(entry.path)):
            _remove(target)
            os.replace(entry.path, target)
            wanted.add(entry.name)
    held = False
    for name in os.listdir(final):
        path = os.path.join(final, name)
        if name in wanted or name in keep or name in unchanged:
            held = True
        elif _inside(unchanged, name) and os.path.isdir(path) and not os.path.islink(path):
            # Unchanged paths inside a folder the build wrote nothing to: keep them, and only them.
            if _sync_folder(os.path.join(staged, name), path, set(), _inside(unchanged, name)):
                held = True
            else:
                _remove(path)
        else:
            _remove(path)
    return held


def _same_bytes(entry: os.DirEntry, target: str) -> bool:
    """Whether the published `target` is a file with the staged entry's bytes; a link to it is (`write_bytes`)."""
    try:
        published = os.stat(target)
    except OSError:
        return False
    return stat.S_ISREG(published.st_mode) and (os.path.samestat(entry.stat(), published)
                                                 or filecmp.cmp(entry.path, target, shallow=False))


def _entries(folder: str) -> list[os.DirEntry]:
    if not os.path.isdir(folder):
        return []
    with os.scandir(folder) as entries:
        return list(entries)


def _inside(paths: set[str], name: str) -> set[str]:
    """The paths below `name`, relative to it."""
    prefix = f"{name}/"
    return {path[len(prefix):] for path in paths if path.startswith(prefix)}


def _remove(path: str) -> None:
    """Remove whatever stands where a file or a folder must go (a folder became a file, or back)."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)
