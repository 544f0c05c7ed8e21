"""The publish record: every switch of the live site, kept on the target beside the releases.

    <target>/publications.jsonl         one line per switch (a publication or a rollback), oldest first
    <target>/manifests/<release>.json   what each kept release published (`manifest`)

A line says when the switch happened, which release it made live, which one it replaced, what that changed,
and the live history after it: the releases a rollback can step back through, oldest first, ending with the
live one. Publishing pushes onto that history and rolling back pops the live release off it, so a rollback
never makes a withdrawn release live again (publish A, B, rollback, publish C, rollback: A is live, not B).
The history is also what publishing keeps on the target: at most DEPLOY_KEEP releases; the rest is pruned.

Pure logic: `deploy` reads and writes these files, on a local folder or over ssh.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from .manifest import Changes, EventEntry

JOURNAL = "publications.jsonl"
MANIFESTS = "manifests"
PUBLISH, ROLLBACK = "publish", "rollback"


@dataclass(frozen=True)
class Switch:
    """One line of the journal."""

    time: str  # UTC, ISO 8601
    action: str  # PUBLISH or ROLLBACK
    release: str  # made live
    replaced: str | None  # live until then (None: the first publication)
    history: tuple[str, ...]  # after the switch: what rollback can step back through, ending with `release`
    changes: Changes | None  # on the public site (None: unknown)

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.time)

    def line(self) -> str:
        """One line of JSON, without a newline (titles with line breaks are escaped by JSON)."""
        return json.dumps({"time": self.time, "action": self.action, "release": self.release,
                           "replaced": self.replaced, "history": list(self.history),
                           "changes": self.changes.data() if self.changes else None},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def parse(cls, line: str) -> Switch | None:
        """None for a line that is not one (a damaged journal loses that line, never the others)."""
        try:
            data = json.loads(line)
            switch = cls(str(data["time"]), str(data["action"]), str(data["release"]),
                         str(data["replaced"]) if data.get("replaced") else None,
                         tuple(str(name) for name in data["history"]), Changes.from_data(data.get("changes")))
            switch.moment  # noqa: B018  (a time that does not parse makes the line unreadable)
            return switch
        except (ValueError, TypeError, KeyError):
            return None


def parse_journal(text: str) -> list[Switch]:
    return [switch for line in text.splitlines() if line.strip() and (switch := Switch.parse(line))]


@dataclass(frozen=True)
class TargetState:
    """What the target holds: its live release, its releases, the journal's last line, the live manifest."""

    current: str | None
    releases: tuple[str, ...] = ()
    last: Switch | None = None
    live_manifest: list[EventEntry] | None = None  # None: nothing live, or no manifest for it

    def history(self) -> list[str]:
        """The live history, ending with the live release (empty when nothing is live).

        The journal's, when it knows the live release (if someone switched `current` by hand to an earlier
        release of it, as if by rollbacks). Otherwise (a target published before the journal was kept) the
        releases up to the live one, in order: what rollback used to assume."""
        if self.current is None:
            return []
        if self.last is not None and self.current in self.last.history:
            history = self.last.history[: self.last.history.index(self.current) + 1]
            return [name for name in history if name in self.releases or name == self.current]
        return [name for name in self.releases if name <= self.current]

    def rollback_target(self) -> str | None:
        """The release that was live before the live one went live; None if there is none left."""
        history = self.history()
        return history[-2] if len(history) > 1 else None


def now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def published(state: TargetState, release: str, keep: int, changes: Changes | None) -> Switch:
    """The journal's line for publishing `release` over `state`."""
    history = [*state.history(), release][-max(keep, 1):]
    return Switch(now_utc(), PUBLISH, release, state.current, tuple(history), changes)


def rolled_back(state: TargetState, changes: Changes | None) -> Switch:
    """The journal's line for a rollback from `state` (which must have a `rollback_target`)."""
    history = state.history()[:-1]
    return Switch(now_utc(), ROLLBACK, history[-1], state.current, tuple(history), changes)


def prunable(switch: Switch, releases: tuple[str, ...] | list[str]) -> list[str]:
    """Releases no rollback can reach any more once `switch` is made: withdrawn ones, and the oldest."""
    return [name for name in releases if name not in switch.history and name != switch.release]
