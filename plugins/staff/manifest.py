"""What a release published: one entry per event page, kept on the target beside the release.

Comparing two of them says what a switch changed on the public site (`invoke versions`: « 3 événements
ajoutés, 1 modifié, 1 retiré »); comparing the live one with the content is how `check` and `publish` notice
that a published upcoming event would lose its address (`vanished`). The build that made the release writes
it (`staff.building --manifest`), from the very events it published.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

FORMAT = 1
NAMED_UP_TO = 3  # titles quoted in a summary when a kind of change counts no more than this


@dataclass(frozen=True)
class EventEntry:
    """One published event, as the public saw it: its address (slug), title, dates and state."""

    slug: str
    title: str
    path: str  # its file, from content/
    start: str  # ISO 8601 with offset: the first start
    end: str  # the last end (exclusive)
    upcoming: bool  # not over when the release was built
    state: str
    previous_slugs: tuple[str, ...] = ()

    def upcoming_at(self, now: datetime) -> bool:
        """Still to come at `now` (the manifest may be days old: an event can have ended since)."""
        return self.upcoming and datetime.fromisoformat(self.end) > now

    def differs_from(self, other: EventEntry) -> bool:
        """What a visitor or a subscribed calendar would notice: title, dates or state."""
        return (self.title, self.start, self.end, self.state) != (other.title, other.start, other.end, other.state)


def entries(events: Iterable) -> list[EventEntry]:
    """The manifest of these events (`programme.contents.Event`, linked for the build's now)."""
    found = []
    for event in events:
        if not event.has_page:
            continue
        span = event.span
        found.append(EventEntry(
            slug=event.slug, title=event.title, path=getattr(event, "relative_source_path", "") or "",
            start=span.start.isoformat(), end=span.end.isoformat(), upcoming=bool(event.upcoming_occurrences),
            state=getattr(event.state, "value", str(event.state)),
            previous_slugs=tuple(getattr(event, "previous_slugs", ()) or ()),
        ))
    return sorted(found, key=lambda entry: entry.slug)


def dumps(events: list[EventEntry], built: datetime) -> str:
    """One line of JSON (read back over ssh line by line, see `deploy.RemoteTarget`)."""
    data = {"format": FORMAT, "built": built.isoformat(), "events": [asdict(entry) for entry in events]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> list[EventEntry] | None:
    """The events of a manifest; None if the text is not one (damaged, or from an unknown format)."""
    try:
        data = json.loads(text)
        return [EventEntry(**{**item, "previous_slugs": tuple(item.get("previous_slugs", ()))})
                for item in data["events"]]
    except (ValueError, TypeError, KeyError):
        return None


@dataclass(frozen=True)
class Changes:
    """What a switch changed, as titles (a renamed event counts as changed, not as removed and added)."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    first: bool = False  # nothing was live before: all `total` events are new
    compared: bool = True  # False: the release replaced has no manifest (published before manifests were kept)
    total: int = 0  # events live after the switch

    def data(self) -> dict:
        return {"added": list(self.added), "changed": list(self.changed), "removed": list(self.removed),
                "first": self.first, "compared": self.compared, "total": self.total}

    @classmethod
    def from_data(cls, data: object) -> Changes | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(tuple(map(str, data.get("added", ()))), tuple(map(str, data.get("changed", ()))),
                       tuple(map(str, data.get("removed", ()))), bool(data.get("first")),
                       bool(data.get("compared", True)), int(data.get("total", 0)))
        except (TypeError, ValueError):
            return None


def compare(old: list[EventEntry] | None, new: list[EventEntry] | None, nothing_live: bool = False) -> Changes | None:
    """From the events live before a switch to those live after it. `nothing_live`: a first publication;
    `old` None otherwise: the replaced release has no manifest, so only the new count is known; `new` None:
    nothing is known."""
    if new is None:
        return None
    if nothing_live or old is None:  # everything is new: the count says it all
        return Changes(first=nothing_live, compared=nothing_live, total=len(new))
    before = {entry.slug: entry for entry in old}
    after = {entry.slug: entry for entry in new}
    renamed = {previous: entry.slug for entry in new for previous in entry.previous_slugs
               if previous in before and previous not in after}
    added, changed = [], []
    for entry in new:
        earlier = before.get(entry.slug)
        if earlier is None:
            renaming = any(renamed.get(previous) == entry.slug for previous in entry.previous_slugs)
            (changed if renaming else added).append(entry.title)
        elif entry.differs_from(earlier):
            changed.append(entry.title)
    removed = [entry.title for entry in old if entry.slug not in after and entry.slug not in renamed]
    return Changes(tuple(added), tuple(changed), tuple(removed), total=len(new))


def summary(changes: Changes | None) -> str:
    """« 3 événements ajoutés, 1 modifié (« Les sols vivants »), 1 retiré », in one line."""
    if changes is None:
        return "contenu non enregistré (version publiée avant que le site ne garde cette liste)"
    if changes.first:
        return f"première publication : {_count(changes.total, 'événement', 'événements')} en ligne"
    if not changes.compared:
        return (f"{_count(changes.total, 'événement', 'événements')} en ligne (la version remplacée n'avait pas "
                "de liste d'événements à comparer)")
    parts = []
    for titles, singular, plural in ((changes.added, "ajouté", "ajoutés"), (changes.changed, "modifié", "modifiés"),
                                     (changes.removed, "retiré", "retirés")):
        if not titles:
            continue
        count = len(titles)
        words = f"{count} {singular if count < 2 else plural}"
        if not parts:
            words = f"{count} {'événement' if count < 2 else 'événements'} {singular if count < 2 else plural}"
        if count <= NAMED_UP_TO:
            words += " (" + ", ".join(f"« {title} »" for title in titles) + ")"
        parts.append(words)
    return ", ".join(parts) if parts else "aucun événement ajouté, modifié ni retiré"


def _count(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count < 2 else plural}"
