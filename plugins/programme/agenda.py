"""The agenda's views: upcoming events by month, past events by year, ready to print."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from . import french
from .contents import Event


@dataclass(frozen=True)
class EventGroup:
    """A heading and its events, e.g. « Décembre 2026 »."""

    key: str
    label: str
    events: list[Event]


def by_month(events: list[Event], now: datetime) -> list[EventGroup]:
    """Upcoming events under the month they (still) happen in: an ongoing exhibition sits in this month."""

    def month(event: Event) -> tuple[int, int]:
        moment = max(event.schedule.start, now)
        return moment.year, moment.month

    ordered = sorted(events, key=lambda e: (month(e), e.schedule.start, e.slug))
    return [
        EventGroup(f"{year}-{number:02d}", french.month_label(year, number), list(group))
        for (year, number), group in groupby(ordered, key=month)
    ]


def by_year(events: list[Event]) -> list[EventGroup]:
    """Past events, newest year first and newest event first within it."""
    ordered = sorted(events, key=lambda e: e.schedule.start, reverse=True)
    return [
        EventGroup(str(year), str(year), list(group))
        for year, group in groupby(ordered, key=lambda e: e.schedule.start.year)
    ]
