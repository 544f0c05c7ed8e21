"""Builds into a sibling folder, completes it into a whole site, and swaps it in only once the build succeeded.

A failed build (bad content, template error) therefore leaves the published output exactly as it was,
whether the build ran through `invoke` or the plain `pelican` command. The build writes into
`.<output>.staging`; publishing then makes that folder a complete site (`complete`) and exchanges it
with the output in one atomic step (`swap.switch`): at every instant `output/` holds one whole site, the
old one or the new one, even if the build is killed (Ctrl+C, `kill -9`) in the middle of publishing.

Files whose bytes did not change keep their inode and mtime, so rsync and CDNs upload only what changed:
a file written with the bytes it already has in the output is staged as a hard link to the published
one (`write_bytes`, and Pelican's writer through `StagingWriter`), and completing links the published
file in place of any other staged copy with the same bytes (the static files Pelican copies, the search
lots Pagefind made again). Creating and then deleting a new file for each unchanged page made rebuilds
spend half their time in the kernel, and the inodes freed that way slowed every build that followed
(ext4 without a journal skips recently freed inodes). After the exchange the staging name holds the
previous site; the next build empties its files and keeps its folders (`start_run`), so a rebuild makes
neither a folder nor an inode per unchanged page.
"""

from __future__ import annotations

import contextlib
import filecmp
import io
import logging
import os
import shutil
import stat
import time
import weakref
from collections.abc import Iterable
from pathlib import Path

from pelican.writers import FileOverwriteFailedError, Writer

from ..content.pelican_content import pelican_problem
from ..problems import Problem
from . import footprint, swap

logger = logging.getLogger(__name__)

_UNCHANGED = "_PROGRAMME_UNCHANGED_OUTPUT"  # paths a build leaves as published, waiting in its settings
_FOLDERS = "_PROGRAMME_STAGED_FOLDERS"  # (staging folder, published output), each ending with a separator
# For the tests that stop a build at one step of publishing: `<step>=<file>` makes the build create <file>
# when it reaches <step> ("complete", "swap" or "swapped") and wait while the file exists (a minute at
# most). It only delays: what the build does is the same with or without it.
PAUSE_VARIABLE = "PROGRAMME_PAUSE_AT"
PAUSE_SECONDS = 60.0


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

    The staging folder holds the previous site (or what a failed build left): its files go, its folders
    stay, empty, for this build to write into; creating and deleting a folder per page at every build
    was most of the cost of a rebuild that changes nothing. Runs under the output's lock (`outputlock`).
    """
    pelican.settings.pop(_UNCHANGED, None)
    pelican.output_published = False
    if hasattr(pelican, "build_errors"):
        pelican.build_errors.problems.clear()
        swap.recover(Path(pelican.output_path), Path(pelican.final_output_path).resolve())
        clear(Path(pelican.output_path))


def publish(pelican) -> None:
    """Complete the staged site and swap it in; nothing is published if Pelican logged an error."""
    final = getattr(pelican, "final_output_path", None)
    if final is None:
        return
    errors = pelican.build_errors.messages
    if errors:
        raise BuildFailed(
            f"{len(errors)} erreur{'s' if len(errors) > 1 else ''} pendant la construction, le site n'a pas été publié :\n"
            + "\n".join(f"  - {message}" for message in errors)
        )
    staged, final = Path(pelican.output_path), Path(final).resolve()
    pause("complete")
    complete(staged, final, pelican.settings.get("OUTPUT_RETENTION", []), pelican.settings.get(_UNCHANGED, set()))
    pause("swap")
    with swap.signals_held():  # Ctrl+C lands before or after, so that the build can say which site is in place
        swap.switch(staged, final)
        pelican.output_published = True
    pause("swapped")


def replace_output(staged: Path, final: Path, keep: Iterable[str] = (), unchanged: Iterable[str] = ()) -> None:
    """Make `staged` a whole site (`complete`), then the output `final`, in one atomic step (`swap.switch`)."""
    complete(staged, final, keep, unchanged)
    swap.switch(staged, final)


def pause(step: str) -> None:
    """Wait at `step` while the file `PROGRAMME_PAUSE_AT` names for it exists (see `PAUSE_VARIABLE`)."""
    setting = os.environ.get(PAUSE_VARIABLE)
    if not setting:
        return
    wanted, _, marker = setting.partition("=")
    if wanted != step or not marker:
        return
    Path(marker).touch()
    deadline = time.monotonic() + PAUSE_SECONDS
    while os.path.exists(marker) and time.monotonic() < deadline:
        time.sleep(0.01)


def stage_in(settings: dict, staged: str, published: str) -> None:
    """Files written under `staged` (`write_bytes`) will replace those of `published` once the build succeeds."""
    settings[_FOLDERS] = (os.path.join(os.path.abspath(staged), ""), os.path.join(os.path.abspath(published), ""))


def write_bytes(settings: dict, path: str, data: bytes) -> None:
    """Write one output file; staged, a link to the published file when that one holds the same bytes.

    A file already at `path` (written twice in one build) is replaced, never written through: it may be
    such a link, and the published file must stay as it is until the build succeeds.
    """
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:  # an empty folder the previous site had where this build writes a file
        shutil.rmtree(path)
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
    publishing takes them as published (the search index's unchanged lots, thousands of files)."""
    settings.setdefault(_UNCHANGED, set()).update(paths)


def clear(staged: Path) -> None:
    """Delete every file under `staged`, keeping its folders (a symbolic link there goes, never its target)."""
    if os.path.islink(staged) or os.path.isfile(staged):
        os.unlink(staged)
        return
    pending = [str(staged)]
    while pending:
        for entry in _entries(pending.pop()):
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            else:
                os.unlink(entry.path)


def complete(staged: Path, final: Path, keep: Iterable[str] = (), unchanged: Iterable[str] = ()) -> None:
    """Make `staged` hold the whole site that is to replace `final`, unchanged files as links to `final`'s.

    A staged file with the bytes of the published one is replaced by a link to it (same inode, same
    mtime); the `unchanged` paths (relative, at any depth) are linked from `final` whatever the staging
    folder holds there, and so are the top-level names in `keep` (Pelican's OUTPUT_RETENTION) that the
    build did not write. Folders left empty go: a folder holding nothing is not published.
    """
    staged.mkdir(parents=True, exist_ok=True)
    published = str(final) if _is_folder(str(final)) else None
    _complete_folder(str(staged), published, set(unchanged), set(keep), os.stat(staged).st_dev)


def _complete_folder(staged: str, final: str | None, unchanged: set[str], keep: set[str], device: int) -> bool:
    """Returns whether `staged` holds anything afterwards."""
    held = False
    below = {path.split("/", 1)[0] for path in unchanged if "/" in path}  # folders with unchanged paths inside
    present = set()
    for entry in _entries(staged):
        name = entry.name
        present.add(name)
        target = os.path.join(final, name) if final is not None else None
        if name in unchanged:  # taken from the published output below, whatever was staged there
            _remove(entry.path)
            present.discard(name)
        elif entry.is_dir(follow_symlinks=False):
            inner = target if target is not None and _is_folder(target) else None
            if _complete_folder(entry.path, inner, _inside(unchanged, name), set(), device):
                held = True
            else:
                os.rmdir(entry.path)
                present.discard(name)
        else:
            held = True
            if target is not None and entry.is_file(follow_symlinks=False):
                _link_if_same(entry, target, device)
    if final is None:
        return held
    for name in unchanged | (keep - present):
        if "/" not in name and _link_tree(os.path.join(final, name), os.path.join(staged, name)):
            held = True
    for name in below - present:  # a folder this build wrote nothing to, with unchanged paths inside
        source, target = os.path.join(final, name), os.path.join(staged, name)
        if _is_folder(source) and not os.path.lexists(target):
            os.mkdir(target)
            if _complete_folder(target, source, _inside(unchanged, name), set(), device):
                held = True
            else:
                os.rmdir(target)
    return held


def _link_if_same(entry: os.DirEntry, target: str, device: int) -> None:
    """Replace the staged file by a link to the published `target` when both hold the same bytes."""
    try:
        published = os.lstat(target)
    except OSError:
        return
    if not stat.S_ISREG(published.st_mode) or (published.st_ino == entry.inode() and published.st_dev == device):
        return  # not a file, or the staged file is the published one already (`write_bytes`)
    if published.st_size == entry.stat(follow_symlinks=False).st_size and filecmp.cmp(entry.path, target, shallow=False):
        os.unlink(entry.path)
        os.link(target, entry.path)


def _link_tree(source: str, target: str) -> bool:
    """Hard links at `target` to the files under `source` (folders made, symbolic links copied); whether any."""
    try:
        found = os.lstat(source)
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(found.st_mode):
        os.makedirs(target, exist_ok=True)
        linked = False
        for entry in _entries(source):
            linked = _link_tree(entry.path, os.path.join(target, entry.name)) or linked
        if not linked:
            os.rmdir(target)
        return linked
    if stat.S_ISLNK(found.st_mode):
        os.symlink(os.readlink(source), target)
    else:
        try:
            os.link(source, target)
        except OSError:  # no hard links there: a copy, with the published mtime
            shutil.copy2(source, target)
    return True


def _is_folder(path: str) -> bool:
    return os.path.isdir(path) and not os.path.islink(path)


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


class StagedFiles:
    """`outputs.site.Files` for a staged build: how outputs write beside Pelican's writer."""

    def __init__(self, settings: dict):
        self.settings = settings

    def write_bytes(self, path: str, data: bytes) -> None:
        write_bytes(self.settings, path, data)

    def leave_unchanged(self, paths: Iterable[str]) -> None:
        leave_unchanged(self.settings, paths)

    def tree_mib(self) -> float | None:
        return footprint.tree_mib()
