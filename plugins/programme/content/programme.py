"""The whole programme of a build: every published item, indexed once, and split by time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from slugify import slugify

from .contents import Cycle, Episode, Event, ProgrammeContent, Researcher, Venue
from .models import Schedule, State
from .network import Partner, Project


def researcher_sort_key(researcher: Researcher) -> tuple[str, str]:
    """Directory order: family name (last word of the full name), then the rest."""
    words = researcher.title.split()
    return slugify(words[-1] if words else ""), slugify(researcher.title)


@dataclass
class Programme:
    now: datetime
    events: list[Event] = field(default_factory=list)
    researchers: list[Researcher] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    venues: list[Venue] = field(default_factory=list)
    cycles: list[Cycle] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    colloquia: list = field(default_factory=list)  # `colloquia.Colloquium`, and their `Translation`s
    translations: list = field(default_factory=list)

    def sort(self) -> None:
        """The order every page and output shows."""
        self.events.sort(key=lambda e: (e.schedule.start, e.schedule.end, e.slug))
        self.researchers.sort(key=researcher_sort_key)
        self.episodes.sort(key=lambda e: (e.published is not None, e.published, e.slug), reverse=True)
        for items in (self.venues, self.cycles, self.partners):
            items.sort(key=lambda item: (slugify(item.title), item.slug))
        self.projects.sort(key=lambda p: (p.start.day, p.slug), reverse=True)  # the newest first
        self.colloquia.sort(key=lambda c: (c.start, c.slug))

    def of_kind(self, kind: str) -> list[ProgrammeContent]:
        return getattr(self, {"event": "events", "researcher": "researchers", "episode": "episodes",
                              "venue": "venues", "cycle": "cycles", "partner": "partners", "project": "projects",
                              "colloquium": "colloquia", "translation": "translations"}[kind])

    def upcoming(self, events: Iterable[Event]) -> list[Event]:
        """Events not over yet (an exhibition that opened last week, a series under way), soonest first."""
        return [event for event in events if not event.span.is_over(self.now)]

    def highlight(self) -> Event | None:
        """What the home page opens with: the event whose next date starts soonest from now, neither cancelled
        nor postponed (a date that is no more); an event under way (an exhibition) only when none is to start."""
        shown = [event for event in self.upcoming(self.events)
                 if event.state not in (State.CANCELLED, State.POSTPONED) and self.upcoming_occurrences(event)]
        starting = [event for event in shown if self.upcoming_occurrences(event)[0].start >= self.now]
        return min(starting or shown, key=lambda e: (self.upcoming_occurrences(e)[0].start, e.slug), default=None)

    def past(self, events: Iterable[Event]) -> list[Event]:
        """Events that are over (every date of a series), most recent first."""
        return sorted((e for e in events if e.span.is_over(self.now)), key=lambda e: e.schedule.start, reverse=True)

    def current_projects(self) -> list[Project]:
        """Projects under way (or to come), the newest first; then `finished_projects`."""
        return [project for project in self.projects if not project.ended_by(self.now.date())]

    def finished_projects(self) -> list[Project]:
        return [project for project in self.projects if project.ended_by(self.now.date())]

    def upcoming_occurrences(self, event: Event) -> list[Schedule]:
        return [schedule for schedule in event.occurrences if not schedule.is_over(self.now)]
