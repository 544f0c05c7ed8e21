"""The calendars' memory: when each event's calendar content last changed, and how many times.

Clients update an event they already have only when its SEQUENCE grows or its DTSTAMP/LAST-MODIFIED
move; a rebuild with nothing changed must give identical files. Neither can be read from the files
themselves (a fresh clone has no output, and git does not keep mtimes), so the build keeps a small
JSON ledger next to the content, committed with it: slug → digest of the event's calendar content,
sequence, modification time (UTC). When the digest of an event differs from the ledger's, the event
gets the next sequence and the build's "now" as its modification time.

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


@dataclass(frozen=True)
class Stamp:
    digest: str
    sequence: int
    modified: str  # UTC, ISO 8601 with Z, as written in the ledger

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.modified.replace("Z", "+00:00"))


class Ledger:
    def __init__(self, path: Path, stamps: dict[str, Stamp]):
        self.path = path
        self.stamps = stamps
        self.changed = False

    @classmethod
    def load(cls, path: Path) -> Ledger:
        if not path.is_file():
            return cls(path, {})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, {slug: Stamp(**entry) for slug, entry in data.items()})
        except (ValueError, TypeError) as error:
            raise ContentError([Problem(
                path.name, f"le registre des calendriers est illisible ({error}).",
                hint="s'il contient des marques de conflit git (<<<<<<<), gardez pour chaque événement la ligne au "
                     "plus grand « sequence » ; sinon reprenez la version précédente du fichier avec git.",
            )]) from None

    def stamp(self, slug: str, digest: str, now: datetime) -> Stamp:
        """The event's stamp; a new one (next sequence, `now`) when its calendar content changed."""
        known = self.stamps.get(slug)
        if known is not None and known.digest == digest:
            return known
        modified = now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.stamps[slug] = Stamp(digest, 0 if known is None else known.sequence + 1, modified)
        self.changed = True
        return self.stamps[slug]

    def text(self) -> str:
        lines = [f"{json.dumps(slug, ensure_ascii=False)}: {json.dumps(asdict(stamp), sort_keys=True)}"
                 for slug, stamp in sorted(self.stamps.items())]
        return "{\n" + ",\n".join(lines) + "\n}\n"


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
