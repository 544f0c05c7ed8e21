"""The calendars' memory: when each event was first seen, when its calendar content last changed, and
how many times.

Clients update an event they already have only when its SEQUENCE grows or its DTSTAMP/LAST-MODIFIED
move; a rebuild with nothing changed must give identical files. Neither can be read from the files
themselves (a fresh clone has no output, and git does not keep mtimes), so the build keeps a small
JSON ledger next to the content, committed with it: slug → digest of the event's calendar content,
sequence, modification time and first-seen time (UTC). When the digest of an event differs from the
ledger's, the event gets the next sequence and the build's "now" as its modification time; a new event
gets that "now" as its first-seen time too, which the feeds take as its announcement.

Entries written before `first_seen` existed have none: they are read as first seen when they last
changed (the earliest time the ledger knows of), and rewritten with it only when their event changes,
so that an older ledger neither churns nor needs migrating.

The ledger is written only once the whole build has succeeded (`commit`, called after the staged
output was published), and only when something changed. One line per event keeps git merges easy.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from .problems import ContentError, Problem

_PENDING = "_PROGRAMME_PENDING_LEDGER"  # a build's updated ledger, waiting in its settings for success


REQUIRED_KEYS = frozenset({"digest", "sequence", "modified"})
OPTIONAL_KEYS = frozenset({"first_seen"})


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _moment(written: str) -> datetime:
    return datetime.fromisoformat(written.replace("Z", "+00:00"))


@dataclass(frozen=True)
class Stamp:
    digest: str
    sequence: int
    modified: str  # UTC, ISO 8601 with Z, as written in the ledger
    first_seen: str | None = None  # the same form; None in entries written before it was kept

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
        """The entry as the ledger writes it: an older entry keeps its form until its event changes."""
        return {key: value for key, value in asdict(self).items() if value is not None}


class Ledger:
    def __init__(self, path: Path, stamps: dict[str, Stamp]):
        self.path = path
        self.stamps = stamps
        self.changed = False

    @classmethod
    def load(cls, path: Path) -> Ledger:
        """The ledger at `path` (empty if there is none); a ContentError, in French, if it is damaged."""
        if not path.is_file():
            return cls(path, {})
        text = path.read_bytes().decode("utf-8", errors="replace")
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except ValueError as error:
            marker = next((number for number, line in enumerate(text.splitlines(), 1)
                           if line.startswith(("<<<<<<<", "=======", ">>>>>>>"))), None)
            what = "il contient des marques de conflit git" if marker else "ce n'est plus un fichier JSON lisible"
            raise ContentError([_damaged(path, what, marker or getattr(error, "lineno", None))]) from None
        stamps, problems = {}, []
        for slug, entry in data.items():
            try:
                stamps[slug] = _stamp(entry)
            except (TypeError, ValueError):
                line = next((n for n, line in enumerate(text.splitlines(), 1) if line.startswith(json.dumps(slug, ensure_ascii=False))), None)
                problems.append(_damaged(path, f"l'entrée de « {slug} » n'a pas la forme attendue (« digest », "
                                         "« sequence », « modified », et « first_seen » s'il y est)", line))
        if problems:
            raise ContentError(problems)
        return cls(path, stamps)

    def stamp(self, slug: str, digest: str, now: datetime) -> Stamp:
        """The event's stamp; a new one (next sequence, `now`) when its calendar content changed."""
        known = self.stamps.get(slug)
        if known is not None and known.digest == digest:
            return known
        modified = _utc(now)
        if known is None:
            self.stamps[slug] = Stamp(digest, 0, modified, first_seen=modified)
        else:
            first_seen = known.first_seen or known.modified
            self.stamps[slug] = Stamp(digest, known.sequence + 1, modified, first_seen=first_seen)
        self.changed = True
        return self.stamps[slug]

    def text(self) -> str:
        lines = [f"{json.dumps(slug, ensure_ascii=False)}: {json.dumps(stamp.fields(), sort_keys=True)}"
                 for slug, stamp in sorted(self.stamps.items())]
        return "{\n" + ",\n".join(lines) + "\n}\n"


def _stamp(entry: object) -> Stamp:
    if not isinstance(entry, dict) or not REQUIRED_KEYS <= set(entry) <= REQUIRED_KEYS | OPTIONAL_KEYS:
        raise ValueError("unexpected keys")
    stamp = Stamp(**entry)
    moments = [stamp.modified] + ([stamp.first_seen] if "first_seen" in entry else [])
    if not isinstance(stamp.digest, str) or not isinstance(stamp.sequence, int) or stamp.sequence < 0 \
            or not all(isinstance(moment, str) and moment.endswith("Z") for moment in moments):
        raise ValueError("unexpected types")
    for moment in moments:
        _moment(moment)  # raises ValueError on a date that does not parse
    return stamp


def _damaged(path: Path, what: str, line: int | None) -> Problem:
    return Problem(path.name, f"la mémoire des calendriers est endommagée : {what}.", line=line,
                   hint="s'il contient des marques de conflit git (<<<<<<<, =======, >>>>>>>), gardez pour chaque "
                        "événement la ligne au plus grand « sequence » et effacez les marques ; sinon reprenez la "
                        "version précédente du fichier avec « git checkout -- content/" + path.name + " ».")


def check(settings: dict) -> list[Problem]:
    """The ledger's damage, found before anything is written (`invoke check` reports it like the build)."""
    try:
        Ledger.load(Path(settings["PATH"], settings["CALENDAR_LEDGER"]))
    except ContentError as error:
        return error.problems
    return []


def stage(settings: dict, ledger: Ledger) -> None:
    """Keep the updated ledger until the build is known to have succeeded."""
    settings[_PENDING] = ledger if ledger.changed else None


def forget(settings: dict) -> None:
    """At the start of a run: whatever an earlier, failed run staged is dropped."""
    settings.pop(_PENDING, None)


def commit(settings: dict) -> None:
    ledger = settings.pop(_PENDING, None)
    if ledger is not None:
        ledger.path.write_text(ledger.text(), encoding="utf-8")
