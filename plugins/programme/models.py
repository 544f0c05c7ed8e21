"""Plain value types shared by the content classes and every output."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum


class State(str, Enum):
    """What happens to an event; anything but SCHEDULED is shown prominently everywhere."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    RESCHEDULED = "rescheduled"
    MOVED_ONLINE = "moved-online"
    FULL = "full"


ACCESSIBILITY_CODES = ("motor", "hearing", "visual", "intellectual", "psychic")

PARTNER_KINDS = (
    "laboratoire",
    "université",
    "organisme de recherche",
    "société savante",
    "association",
    "collectivité",
)


@dataclass(frozen=True)
class Schedule:
    """When an event takes place. `end` is exclusive; all-day events run midnight to midnight."""

    start: datetime
    end: datetime
    all_day: bool

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last calendar day the event touches (inclusive)."""
        return (self.end - timedelta(microseconds=1)).date()

    @property
    def multi_day(self) -> bool:
        return self.last_day > self.first_day

    def is_over(self, now: datetime) -> bool:
        return self.end <= now


@dataclass(frozen=True)
class Geo:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Ref:
    """A slug written in a field, kept with its line so an unknown one can be reported."""

    slug: str
    field: str
    line: int


@dataclass(frozen=True)
class Video:
    """Where an episode's video lives. `host` is youtube, peertube or file."""

    host: str
    id: str
    url: str
    start: int = 0
    instance: str = ""
