"""Pelican Content classes for each kind of programme content.

Each class gets `<CLASS>_URL` / `<CLASS>_SAVE_AS` from the settings, as Pelican's Page does.
Values come typed from `schema.validate`; relations (`speakers`, `events`…) are set by `linking`.
Properties here prepare what templates print, so templates hold no logic.
"""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from pelican.contents import Content

from . import french
from .models import ACCESSIBILITY_CODES, Schedule, State


class ProgrammeContent(Content):
    kind: ClassVar[str]
    mandatory_properties = ("title",)
    allowed_statuses = ("published", "hidden", "draft")
    default_status = "published"

    def _get_template(self) -> str:
        return getattr(self, "template", None) or self.kind

    # Pelican formats these from every metadata field at each access, and listings ask for them
    # thousands of times per build; our slugs never change once the item is read.
    @cached_property
    def url(self) -> str:
        return super().url

    @cached_property
    def save_as(self) -> str:
        return super().save_as

    @property
    def has_page(self) -> bool:
        return bool(self.save_as)


class Event(ProgrammeContent):
    kind = "event"
    schedule: Schedule
    state: State = State.SCHEDULED
    own_accessibility: tuple[str, ...] = ()
    venue = None
    cycle = None
    episode = None
    online: str = ""
    registration: str = ""
    audience: str = ""
    image: str = ""
    tags: list[str] = []
    previous_schedule: Schedule | None = None

    def __init__(self, *args, **kwargs):
        self.speakers: list[Researcher] = []
        super().__init__(*args, **kwargs)

    @property
    def is_cancelled(self) -> bool:
        return self.state is State.CANCELLED

    @property
    def state_label(self) -> str:
        return french.STATE_LABELS[self.state]

    @property
    def when_label(self) -> str:
        return french.schedule_label(self.schedule)

    @property
    def start_label(self) -> str:
        return french.start_label(self.schedule)

    @property
    def previous_label(self) -> str:
        return french.start_label(self.previous_schedule) if self.previous_schedule else ""

    @property
    def price_label(self) -> str:
        return getattr(self, "price", "") or self.settings["EVENT_DEFAULT_PRICE"]

    @property
    def accessibility(self) -> tuple[str, ...]:
        """The event's own codes, or else its venue's."""
        if self.own_accessibility:
            return self.own_accessibility
        return self.venue.accessibility if self.venue else ()

    @property
    def accessibility_items(self) -> list[tuple[str, str]]:
        return [(code, french.ACCESSIBILITY_LABELS[code]) for code in self.accessibility]

    @property
    def is_online_only(self) -> bool:
        return self.venue is None or self.state is State.MOVED_ONLINE


class Researcher(ProgrammeContent):
    kind = "researcher"
    role: str = ""
    lab: str = ""
    institution: str = ""
    discipline: str = ""
    photo: str = ""
    orcid: str = ""
    website: str = ""

    def __init__(self, *args, **kwargs):
        self.events: list[Event] = []
        self.episodes: list[Episode] = []
        super().__init__(*args, **kwargs)

    @property
    def affiliation(self) -> str:
        return ", ".join(part for part in (self.lab, self.institution) if part)


class Episode(ProgrammeContent):
    kind = "episode"
    published = None
    duration: int | None = None
    poster: str = ""
    captions: str = ""
    event = None

    def __init__(self, *args, **kwargs):
        self.speakers: list[Researcher] = []
        super().__init__(*args, **kwargs)

    @property
    def duration_label(self) -> str:
        return french.duration_label(self.duration) if self.duration else ""

    @property
    def published_label(self) -> str:
        return french.day_label(self.published.date()) if self.published else ""


class Venue(ProgrammeContent):
    kind = "venue"
    address: str = ""
    geo = None
    accessibility: tuple[str, ...] = ()
    accessibility_note: str = ""
    website: str = ""

    def __init__(self, *args, **kwargs):
        self.events: list[Event] = []
        super().__init__(*args, **kwargs)

    @property
    def accessibility_items(self) -> list[tuple[str, str]]:
        return [(code, french.ACCESSIBILITY_LABELS[code]) for code in ACCESSIBILITY_CODES if code in self.accessibility]

    @property
    def map_url(self) -> str:
        """An OpenStreetMap link: a map the visitor chooses to open, nothing embedded."""
        if not self.geo:
            return ""
        lat, lon = self.geo.latitude, self.geo.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"


class Cycle(ProgrammeContent):
    kind = "cycle"
    image: str = ""

    def __init__(self, *args, **kwargs):
        self.events: list[Event] = []
        super().__init__(*args, **kwargs)


class Partner(ProgrammeContent):
    kind = "partner"
    partner_kind: str = ""
    website: str = ""
    logo: str = ""


CONTENT_CLASSES: dict[str, type[ProgrammeContent]] = {
    cls.kind: cls for cls in (Event, Researcher, Episode, Venue, Cycle, Partner)
}
