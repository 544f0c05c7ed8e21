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

# What staff may write for each value: its code first, then French words (compared without case, accents,
# spaces or hyphens). The first French word is the one the guide and `invoke new` show.
STATE_WORDS = {
    State.SCHEDULED: ("scheduled", "prévu", "prévue", "maintenu", "maintenue"),
    State.CANCELLED: ("cancelled", "annulé", "annulée", "canceled"),
    State.POSTPONED: ("postponed", "reporté", "reportée"),
    State.RESCHEDULED: ("rescheduled", "nouvelle date", "déplacé", "déplacée", "reprogrammé", "reprogrammée"),
    State.MOVED_ONLINE: ("moved-online", "en ligne", "en ligne uniquement"),
    State.FULL: ("full", "complet", "complète"),
}
STATUS_WORDS = {
    "published": ("published", "publié", "publiée"),
    "draft": ("draft", "brouillon"),
    "hidden": ("hidden", "caché", "cachée", "masqué", "masquée"),
}
ACCESSIBILITY_WORDS = {
    "motor": ("motor", "moteur", "motrice", "fauteuil"),
    "hearing": ("hearing", "auditif", "auditive", "sourd"),
    "visual": ("visual", "visuel", "visuelle", "aveugle"),
    "intellectual": ("intellectual", "mental", "intellectuel", "intellectuelle"),
    "psychic": ("psychic", "psychique"),
}

# A partner's kind (`Type`): the word staff write, then the heading of its group on the partners' page.
PARTNER_KINDS = {
    "laboratoire": "Laboratoires",
    "université": "Universités",
    "organisme de recherche": "Organismes de recherche",
    "société savante": "Sociétés savantes",
    "association": "Associations",
    "collectivité": "Collectivités",
    "entreprise": "Entreprises",
    "financeur": "Financeurs",
}
YES_NO_WORDS = {True: ("yes", "oui", "true", "vrai"), False: ("no", "non", "false", "faux")}


@dataclass(frozen=True)
class ProjectDate:
    """When a project starts or ends: a day, or a month when that is all its funder's agreement says."""

    day: date  # a month is its first day as a start, its last as an end
    month_only: bool = False


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
class Repeat:
    """How an event repeats after its `Date`: every `interval` weeks or months, up to a date or a count.

    Monthly series fall on the same day of the month, or on the `ordinal` `weekday` (1 to 4, or -1 for
    the last) when one is given. `exceptions` are dates of the series that do not take place.
    """

    frequency: str  # "weekly" or "monthly"
    interval: int = 1
    weekday: int | None = None  # Monday is 0, as in `date.weekday()`
    ordinal: int | None = None
    until: date | None = None
    count: int | None = None
    exceptions: tuple[date, ...] = ()


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
