"""The calendars' memory: when each event was first seen, when its calendar content last changed, how
many times, and where it started then.

Clients update an event they already have only when its SEQUENCE grows or its DTSTAMP/LAST-MODIFIED
move; a rebuild with nothing changed must give identical files. Neither can be read from the files
themselves (a fresh clone has no output, and git does not keep mtimes), so the site keeps a memory next
to the content, committed with it: one small JSON file per event, `<CALENDAR_MEMORY>/<slug>.json`, with
the digest of the event's calendar content, its sequence, its modification and first-seen times (UTC),
its start as staff write it, and, once it was renamed, the slug its UID and feed id keep (`first_slug`).
One file per event: colleagues who publish edits of different events never touch the same file.

When the digest of an event differs from the memory's, the event gets the next sequence and the build's
"now" as its modification time; a new event gets that "now" as its first-seen time too, which the feeds
take as its announcement. Entries written before `first_seen` existed have none: they are read as first
seen when they last changed, and rewritten with it only when their event changes.

Only a build that is published records anything (`RECORD_CALENDAR_CHANGES`, on in publishconf.py): a
preview computes the same stamps from the recorded state and writes nothing, so nine saves of one edit
are one change, recorded by the publish that carries it. The memory is written once the whole build has
succeeded (`commit`, after the staged output was published), and only what changed: each file is replaced
whole (written beside it, then renamed), the files of renamed events' old slugs are removed once their new
file exists (`take_over`), and the single-file memory of earlier versions (`CALENDAR_LEDGER`) is read too,
written out as per-event files, and removed last.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from ..problems import ContentError, Problem

_PENDING = "_PROGRAMME_PENDING_LEDGER"  # a build's updated memory, waiting in its settings for success
_WRITTEN = "_PROGRAMME_MEMORY_WRITTEN"  # the files the last commit wrote or removed (the preview's own files)

REQUIRED_KEYS = frozenset({"digest", "sequence", "modified"})
OPTIONAL_KEYS = frozenset({"first_seen", "start", "first_slug"})
SUFFIX = ".json"
_START = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MARKERS = ("<<<<<<<", "=======", ">>>>>>>")


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _moment(written: str) -> datetime:
    return datetime.fromisoformat(written.replace("Z", "+00:00"))


@dataclass(frozen=True)
class Stamp:
    digest: str
    sequence: int
    modified: str  # UTC, ISO 8601 with Z, as written in the memory
    first_seen: str | None = None  # the same form; None in entries written before it was kept
    start: str | None = None  # the start as staff write it (« 2026-12-03 19:00 »): what `Date initiale` quotes
    first_slug: str | None = None  # the slug its UID and feed id are made of, once the event was renamed

    @property
    def moment(self) -> datetime:
        """When the event's calendar content last changed."""
        return _moment(self.modified)

    @property
    def first_moment(self) -> datetime:
        """When a build first saw the event; an older entry's earliest known time, its last change."""
        return _moment(self.first_seen or self.modified)

    @property
    def changed(self) -> datetime | None:
        """When the event last changed after it was first seen; None if it never did (sequence 0)."""
        return self.moment if self.sequence else None

    def fields(self) -> dict[str, object]:
        """The entry as the memory writes it: an older entry keeps its form until its event changes."""
        return {key: value for key, value in asdict(self).items() if value is not None}

    def text(self) -> str:
        """One event's file: a key a line, in a fixed order, ending with a newline (git-friendly)."""
        return json.dumps(self.fields(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def written_start(start: datetime, all_day: bool) -> str:
    """An event's start as staff write it in `Début` or `Date initiale`: « 2026-12-03 19:00 », « 2026-12-03 »."""
    return start.strftime("%Y-%m-%d" if all_day else "%Y-%m-%d %H:%M")


class Ledger:
    """The memory as a build reads it and, for a published build, writes it back."""

    def __init__(self, folder: Path, legacy: Path | None = None, stamps: dict[str, Stamp] | None = None):
        self.folder = folder
        self.legacy = legacy  # the single-file memory of earlier versions, if there is one to migrate
        self.stamps: dict[str, Stamp] = dict(stamps or {})
        self.stored: set[str] = set()  # slugs that have a file of their own
        self.dirty: set[str] = set()  # slugs whose file must be (re)written
        self.retired: set[str] = set()  # slugs whose file goes: a renamed event took their memory over

    @property
    def changed(self) -> bool:
        return bool(self.dirty or self.retired or self.legacy)

    @classmethod
    def load(cls, settings: dict) -> Ledger:
        """The site's memory (empty if there is none); a ContentError, in French, listing every damaged file."""
        root = Path(settings["PATH"])
        folder = root / settings["CALENDAR_MEMORY"]
        legacy = root / settings["CALENDAR_LEDGER"] if settings.get("CALENDAR_LEDGER") else None
        memory = cls(folder, legacy if legacy is not None and legacy.is_file() else None)
        problems: list[Problem] = []
        if memory.legacy is not None:
            entries, problems = _read_legacy(memory.legacy, root)
            memory.stamps.update(entries)
            memory.dirty.update(entries)  # each becomes a file of its own at the next recorded build
        for path in _files(folder):
            slug = path.name[: -len(SUFFIX)]
            stamp, problem = _read_one(path, root)
            if problem is not None:
                problems.append(problem)
                continue
            memory.stamps[slug] = stamp
            memory.stored.add(slug)
            memory.dirty.discard(slug)  # its own file is newer than the single-file memory
        if problems:
            raise ContentError(problems)
        return memory

    def take_over(self, slug: str, previous: tuple[str, ...] | list[str]) -> str:
        """The memory of a renamed event's old slugs becomes its own; returns the slug its UID and feed id
        are made of: the one its memory kept, else its oldest name (the first of `previous`), else its slug."""
        names = [*previous, slug]  # at equal first-seen times, the oldest name first
        known = [(name, self.stamps[name]) for name in names if name in self.stamps]
        if not known:
            return previous[0] if previous else slug
        oldest_name, oldest = min(known, key=lambda pair: (pair[1].first_moment, names.index(pair[0])))
        identity = oldest.first_slug or oldest_name
        if [name for name, _stamp in known] == [slug]:
            return identity  # nothing to take over
        latest = max((stamp for _name, stamp in known), key=lambda stamp: (stamp.moment, stamp.sequence))
        merged = replace(latest, sequence=max(stamp.sequence for _name, stamp in known),
                         first_seen=min((stamp.first_seen or stamp.modified for _name, stamp in known), key=_moment),
                         first_slug=identity if identity != slug else None)
        for name, _stamp in known:
            if name != slug:
                del self.stamps[name]
                self.dirty.discard(name)
                if name in self.stored:
                    self.retired.add(name)
        if merged != self.stamps.get(slug):
            self.stamps[slug] = merged
            self.dirty.add(slug)
        return identity

    def stamp(self, slug: str, digest: str, now: datetime, start: str | None = None) -> Stamp:
        """The event's stamp; a new one (next sequence, `now`) when its calendar content changed. `start` is
        noted with it, and added to an entry recorded before starts were kept."""
        known = self.stamps.get(slug)
        if known is not None and known.digest == digest:
            if start is not None and known.start is None:
                self.stamps[slug] = known = replace(known, start=start)
                self.dirty.add(slug)
            return known
        modified = _utc(now)
        if known is None:
            self.stamps[slug] = Stamp(digest, 0, modified, first_seen=modified, start=start)
        else:
            self.stamps[slug] = replace(known, digest=digest, sequence=known.sequence + 1, modified=modified,
                                        first_seen=known.first_seen or known.modified, start=start or known.start)
        self.dirty.add(slug)
        return self.stamps[slug]

    def write(self) -> list[Path]:
        """Write what changed: new and changed files first, then remove the taken-over ones, then the
        single-file memory (only once every entry it held has a file). Returns every path touched."""
        touched = []
        if self.dirty:
            self.folder.mkdir(parents=True, exist_ok=True)
        for slug in sorted(self.dirty):
            path = self.folder / f"{slug}{SUFFIX}"
            temporary = path.with_name(f".{path.name}.tmp")
            temporary.write_text(self.stamps[slug].text(), encoding="utf-8")
            os.replace(temporary, path)
            touched.append(path)
        for slug in sorted(self.retired):
            path = self.folder / f"{slug}{SUFFIX}"
            path.unlink(missing_ok=True)
            touched.append(path)
        if self.legacy is not None:
            self.legacy.unlink(missing_ok=True)
            touched.append(self.legacy)
        self.stored |= self.dirty
        self.stored -= self.retired
        self.dirty, self.retired, self.legacy = set(), set(), None
        return touched


def _files(folder: Path) -> list[Path]:
    """The memory's files: `<slug>.json`, hidden and editor files left aside."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [Path(entry.path) for entry in entries if entry.name.endswith(SUFFIX) and not entry.name.startswith(".")
            and entry.is_file(follow_symlinks=False)]


def _read_one(path: Path, root: Path) -> tuple[Stamp | None, Problem | None]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except ValueError as error:
        return None, _damaged(path, root, text, getattr(error, "lineno", None))
    try:
        return _stamp(data), None
    except (TypeError, ValueError):
        return None, _damaged(path, root, text, None, wrong=True)


def _read_legacy(path: Path, root: Path) -> tuple[dict[str, Stamp], list[Problem]]:
    """The single file of earlier versions: one line per event."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError as error:
        return {}, [_damaged(path, root, text, getattr(error, "lineno", None))]
    stamps, problems = {}, []
    for slug, entry in data.items():
        try:
            stamps[slug] = _stamp(entry, legacy=True)
        except (TypeError, ValueError):
            line = next((n for n, line in enumerate(text.splitlines(), 1)
                         if line.startswith(json.dumps(slug, ensure_ascii=False))), None)
            problems.append(_damaged(path, root, text, line, wrong=True, slug=slug))
    return stamps, problems


def _stamp(entry: object, legacy: bool = False) -> Stamp:
    allowed = REQUIRED_KEYS | ({"first_seen"} if legacy else OPTIONAL_KEYS)
    if not isinstance(entry, dict) or not REQUIRED_KEYS <= set(entry) <= allowed:
        raise ValueError("unexpected keys")
    stamp = Stamp(**entry)
    moments = [stamp.modified] + ([stamp.first_seen] if "first_seen" in entry else [])
    if not isinstance(stamp.digest, str) or not isinstance(stamp.sequence, int) or isinstance(stamp.sequence, bool) \
            or stamp.sequence < 0 or not all(isinstance(moment, str) and moment.endswith("Z") for moment in moments):
        raise ValueError("unexpected types")
    for moment in moments:
        _moment(moment)  # raises ValueError on a date that does not parse
    if "start" in entry and not (isinstance(stamp.start, str) and _START.fullmatch(stamp.start)):
        raise ValueError("unexpected start")
    if "first_slug" in entry and not (isinstance(stamp.first_slug, str) and _SLUG.fullmatch(stamp.first_slug)):
        raise ValueError("unexpected first slug")
    return stamp


def _damaged(path: Path, root: Path, text: str, line: int | None, wrong: bool = False, slug: str = "") -> Problem:
    relative = path.relative_to(root).as_posix()
    marker = next((number for number, written in enumerate(text.splitlines(), 1) if written.startswith(_MARKERS)), None)
    restore = f"sinon, reprenez la version enregistrée avec « git checkout -- content/{relative} »."
    if marker:
        what, line = "git y a laissé deux versions, entre des marques de conflit", marker
        hint = ("gardez le bloc dont le nombre « sequence » est le plus grand (entre <<<<<<< et =======, ou entre "
                "======= et >>>>>>>) ; si c'est le même, ou si « sequence » est hors des blocs, gardez l'un ou "
                "l'autre. Effacez l'autre bloc et les trois lignes de marques, puis enregistrez.")
    elif wrong:
        optional = "« first_seen » s'il y est" if slug else "s'ils y sont « first_seen », « start », « first_slug »"
        what = (f"l'entrée de « {slug} »" if slug else "son contenu") + (" n'a pas la forme attendue (« digest », "
                f"« sequence », « modified », et {optional})")
        hint = "si vous l'avez modifié à la main, annulez la modification ; " + restore
    else:
        what = "ce n'est plus un fichier JSON lisible"
        hint = "si vous l'avez modifié à la main, annulez la modification ; " + restore
    return Problem(relative, f"la mémoire des calendriers est endommagée : {what}. Ce fichier est tenu par le site "
                   "(il dit aux agendas abonnés qu'un événement a changé).", line=line, hint=hint)


def load(settings: dict) -> tuple[Ledger, list[Problem]]:
    """The memory, and its damage found before anything is written (`invoke check` reports it like the build):
    with damage, an empty memory (the build stops on the problems anyway)."""
    try:
        return Ledger.load(settings), []
    except ContentError as error:
        return Ledger(Path(settings["PATH"]) / settings["CALENDAR_MEMORY"]), error.problems


@dataclass(frozen=True)
class RecordedStarts:
    """Where an event started when the memory last recorded it, read from its one file on demand: the hint
    for a missing `Date initiale` quotes it (validation may run in another process: no open files here)."""

    folder: Path

    def __call__(self, slug: str) -> str | None:
        path = self.folder / f"{slug}{SUFFIX}"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        start = data.get("start") if isinstance(data, dict) else None
        return start if isinstance(start, str) and _START.fullmatch(start) else None


def stage(settings: dict, ledger: Ledger) -> None:
    """Keep the updated memory until the build is known to have succeeded; only a build that is published
    records it (`RECORD_CALENDAR_CHANGES`)."""
    settings[_PENDING] = ledger if ledger.changed and settings.get("RECORD_CALENDAR_CHANGES") else None


def forget(settings: dict) -> None:
    """At the start of a run: whatever an earlier, failed run staged is dropped."""
    settings.pop(_PENDING, None)
    settings[_WRITTEN] = []


def commit(settings: dict) -> None:
    ledger = settings.pop(_PENDING, None)
    if ledger is not None:
        settings[_WRITTEN] = [str(path) for path in ledger.write()]


def written(settings: dict) -> list[str]:
    """The content files the last run wrote or removed (none for a preview): what the preview must not take for edits."""
    return list(settings.get(_WRITTEN, []))
