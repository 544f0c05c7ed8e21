"""The agenda's views: upcoming dates by month, with what the filter needs; past events by year."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from itertools import groupby

from slugify import slugify

from ..content import french
from ..content.contents import Event
from ..content.models import ACCESSIBILITY_CODES, Schedule

ONLINE = "en-ligne"


@dataclass(frozen=True)
class Group:
    """A heading and what it holds: « Décembre 2026 » and its dates, « 2026 » and its past events."""

    key: str
    label: str
    items: list


@dataclass(frozen=True)
class AgendaEntry:
    """One date of an event on the agenda (a repeating event has one per date), with its filter keys."""

    event: Event
    schedule: Schedule
    lazy: bool = True  # its picture waits until it is scrolled near: all but the first cards of the page

    @property
    def when_label(self) -> str:
        return french.schedule_label(self.schedule)

    @property
    def series_label(self) -> str:
        return self.event.when_label if self.event.repeat else ""

    @property
    def end(self) -> str:
        """When the browser may hide this date: the site is rebuilt daily, visitors come at any time."""
        return self.schedule.end.isoformat()

    @property
    def first_day(self) -> str:
        """The Paris calendar day it begins on, and below the last it touches: the quick dates (« Ce week-end »)
        compare days, so the browser never has to place a time in Paris itself."""
        return self.schedule.first_day.isoformat()

    @property
    def last_day(self) -> str:
        return self.schedule.last_day.isoformat()

    @property
    def cycle(self) -> str:
        return self.event.cycle.slug if self.event.cycle else ""

    @property
    def venue(self) -> str:
        return ONLINE if self.event.is_online_only else self.event.venue.slug

    @property
    def audience(self) -> str:
        return slugify(self.event.audience)

    @property
    def accessibility(self) -> str:
        return " ".join(self.event.accessibility)


@dataclass(frozen=True)
class Filter:
    """One menu of the agenda's filter: `name` is the entry attribute it compares."""

    name: str
    label: str
    everything: str
    options: list[tuple[str, str]]


# The agenda's quick dates, as the script names them (agenda-filter.js works out each one's days from the
# visitor's own date in Paris: « Ce week-end » is the Saturday and Sunday of this week, or just today on a Sunday).
PERIODS = (("", "Toutes les dates"), ("today", "Aujourd'hui"), ("weekend", "Ce week-end"),
           ("week", "Cette semaine"), ("month", "Ce mois-ci"))


def entries(events: list[Event], now: datetime) -> list[AgendaEntry]:
    return [AgendaEntry(event, schedule) for event in events for schedule in event.occurrences if not schedule.is_over(now)]


def by_month(agenda: list[AgendaEntry], now: datetime, seen_at_once: int = 0) -> list[Group]:
    """Upcoming dates under the month they (still) happen in: an ongoing exhibition sits in this month; the first
    `seen_at_once` of the page load their pictures at once."""

    def month(entry: AgendaEntry) -> tuple[int, int]:
        moment = max(entry.schedule.start, now)
        return moment.year, moment.month

    ordered = [replace(entry, lazy=position >= seen_at_once) for position, entry in
               enumerate(sorted(agenda, key=lambda e: (month(e), e.schedule.start, e.event.slug)))]
    return [
        Group(f"{year}-{number:02d}", french.month_label(year, number), list(group))
        for (year, number), group in groupby(ordered, key=month)
    ]


def filters(agenda: list[AgendaEntry]) -> list[Filter]:
    """The menus of the filter, offering only what the listed dates have."""
    events = [entry.event for entry in agenda]
    cycles = {e.cycle.slug: e.cycle.title for e in events if e.cycle}
    venues = {(ONLINE if e.is_online_only else e.venue.slug): ("En ligne" if e.is_online_only else e.venue.title) for e in events}
    audiences = {slugify(e.audience): e.audience for e in events if e.audience}
    codes = {code for e in events for code in e.accessibility}

    def by_label(options: dict[str, str]) -> list[tuple[str, str]]:
        return sorted(options.items(), key=lambda item: (slugify(item[1]), item[0]))

    menus = [
        Filter("cycle", "Cycle", "Tous les cycles", by_label(cycles)),
        Filter("audience", "Public", "Tous les publics", by_label(audiences)),
        Filter("venue", "Lieu", "Tous les lieux", by_label(venues)),
        Filter("accessibility", "Accessibilité", "Sans préférence",
               [(code, french.ACCESSIBILITY_LABELS[code]) for code in ACCESSIBILITY_CODES if code in codes]),
    ]
    return [menu for menu in menus if menu.options]


def view(events: list[Event], now: datetime, seen_at_once: int) -> dict:
    """What agenda.html prints."""
    agenda = entries(events, now)
    return {"months": by_month(agenda, now, seen_at_once), "filters": filters(agenda), "periods": PERIODS}


def by_year(events: list[Event]) -> list[Group]:
    """Past events, newest year first and newest event first within it."""
    ordered = sorted(events, key=lambda e: e.schedule.start, reverse=True)
    return [
        Group(str(year), str(year), list(group))
        for year, group in groupby(ordered, key=lambda e: e.schedule.start.year)
    ]
