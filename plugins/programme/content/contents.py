"""Pelican Content classes for each kind of programme content.

Each class gets `<CLASS>_URL` / `<CLASS>_SAVE_AS` from the settings, as Pelican's Page does.
Values come typed from `validation.validate`; relations (`speakers`, `events`…) are set by `linking`.
Properties here prepare what templates print, so templates hold no logic.
"""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from pelican.contents import Content

from ..media.library import ResponsiveImage, ShareImage
from ..settings import public_url
from . import french, players, repeat, text
from .calendar_files import CalendarFile, calendar_file
from .models import ACCESSIBILITY_CODES, Repeat, Schedule, State


class ProgrammeContent(Content):
    kind: ClassVar[str]
    mandatory_properties = ("title",)
    allowed_statuses = ("published", "hidden", "draft")
    default_status = "published"
    share_image: ShareImage | None = None  # set by `illustrations` once everything is linked
    preview_only = False  # a draft (or an episode dated ahead) shown by a preview build (`SHOW_DRAFTS`)
    searchable: ClassVar[bool] = False  # its template marks the page for the search index (`data-pagefind-body`)
    calendar_kind: ClassVar[str] = ""  # the `<KIND>_CALENDAR_SAVE_AS` of its own .ics file, if it has one

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
    def preview_banner(self) -> str:
        """What a page shown only in the preview says about itself (nothing on the public site)."""
        if not self.preview_only:
            return ""
        if self.status != "draft":
            return "Programmé : cette page sera publiée à sa date ; vous la voyez ici parce que c'est l'aperçu."
        return ("Brouillon : cette page n'est visible que dans l'aperçu. Elle sera publiée quand la ligne "
                "« Statut: brouillon » sera retirée de sa fiche.")

    @property
    def has_page(self) -> bool:
        return bool(self.save_as)

    @property
    def own_alternate_links(self) -> list[dict[str, str]]:
        """What the page's <head> advertises after the site-wide `site_alternate_links` (feeds, the agenda's calendar)."""
        return []

    @property
    def followed_pages(self) -> tuple[str, ...]:
        """Other pages whose own feeds this page advertises too (an event: its cycle's and its projects'; an
        episode: its projects'); see `feeds.page_links`."""
        return ()

    @property
    def absolute_url(self) -> str:
        return f"{public_url(self.settings)}/{self.url}"


class HasCalendar:
    """A page whose events can be subscribed to (a cycle, a researcher): its .ics, advertised in <head>."""

    @property
    def calendar_label(self) -> str:
        """What its calendar is named after: its title (a project's name, with its acronym)."""
        return self.title

    @property
    def calendar(self) -> CalendarFile:
        title = f"{self.calendar_label} — {self.settings['SITENAME']} (calendrier)"
        return calendar_file(self.settings, public_url(self.settings), self.calendar_kind, title, self.slug)

    @property
    def own_alternate_links(self) -> list[dict[str, str]]:
        return [self.calendar.alternate_link]


class Event(ProgrammeContent):
    kind = "event"
    calendar_kind = "EVENT"
    searchable = True
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
    image_alt: str = ""
    picture: ResponsiveImage | None = None
    card_picture: ResponsiveImage | None = None  # its own picture, its cycle's, or a drawn one (`illustrations`)
    search_images: tuple[str, ...] = ()  # output-relative: crops in search engines' shapes, or the share card
    kit_images: tuple[ShareImage, ...] = ()  # an upcoming event's pictures for social networks (`illustrations.kit`)
    tags: list[str] = []
    previous_schedule: Schedule | None = None
    repeat: Repeat | None = None
    previous_slugs: tuple[str, ...] = ()  # `Anciens noms`: the slugs it was published under, oldest first
    previous_slugs_at: tuple[str, int] | None = None  # that field's name as written, and its line
    _identity: str | None = None

    def __init__(self, *args, **kwargs):
        self.speakers: list[Researcher] = []
        self.projects: list = []  # its research projects (`network.Project`), and its co-organisers
        self.partners: list = []
        self.upcoming_occurrences: list[Schedule] = []  # set by `linking` for the build's now
        super().__init__(*args, **kwargs)

    @property
    def followed_pages(self) -> tuple[str, ...]:
        return ((self.cycle.url,) if self.cycle else ()) + tuple(project.url for project in self.projects)

    @property
    def identity(self) -> str:
        """The slug its calendar UID and feed entry id are made of: its first one, kept through renames
        (`renames.settle` sets it from the calendars' memory)."""
        return self._identity or (self.previous_slugs[0] if self.previous_slugs else self.slug)

    @identity.setter
    def identity(self, slug: str) -> None:
        self._identity = slug

    @cached_property
    def occurrences(self) -> tuple[Schedule, ...]:
        """Each date that takes place: one, or a repeating event's series without its exceptions."""
        return repeat.occurrences(self.schedule, self.repeat)

    @property
    def span(self) -> Schedule:
        """From the first start to the last end: what decides whether the event is upcoming or past."""
        first, last = self.occurrences[0], self.occurrences[-1]
        return Schedule(first.start, last.end, first.all_day)

    @property
    def recording(self) -> Episode | None:
        """The episode to watch again: once the event has taken place (a first date of a series will do), never
        for a cancelled one, nor before (an episode named in advance waits for its event)."""
        if self.episode is None or self.is_cancelled:
            return None
        return self.episode if len(self.upcoming_occurrences) < len(self.occurrences) else None

    @property
    def player(self) -> players.VideoPlayer | None:
        """The recording's player, shown on the event page (a facade: nothing loads before a click)."""
        return self.recording.player if self.recording else None

    @property
    def is_cancelled(self) -> bool:
        return self.state is State.CANCELLED

    @property
    def state_label(self) -> str:
        return french.STATE_LABELS[self.state]

    @property
    def title_with_state(self) -> str:
        """« Annulé : Les sols vivants »: how the title reads wherever it stands alone (page title, calendars)."""
        return f"{self.state_label} : {self.title}" if self.state_label else self.title

    @property
    def when_label(self) -> str:
        if self.repeat:
            return french.series_label(self.repeat, self.occurrences[0], self.occurrences[-1])
        return french.schedule_label(self.schedule)

    @property
    def upcoming_date_labels(self) -> list[str]:
        """A repeating event's dates still to come, for its page."""
        return [french.schedule_label(s) for s in self.upcoming_occurrences] if self.repeat else []

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
    def accessibility_label(self) -> str:
        return ", ".join(label for _code, label in self.accessibility_items)

    @property
    def is_online_only(self) -> bool:
        return self.venue is None or self.state is State.MOVED_ONLINE

    @property
    def location_label(self) -> str:
        """« Muséum d'Orléans, 6 rue Marcel Proust, 45000 Orléans », or « En ligne : https://… »."""
        if self.is_online_only:
            return f"En ligne : {self.online}" if self.online else "En ligne"
        return ", ".join(part for part in (self.venue.title, self.venue.address) if part)

    @cached_property
    def teaser(self) -> str:
        """Its `Summary` as written, else its text's first sentence: what a letter or a post says of it (asked once
        its body is finished, and many times: a letter, five posts and their shorter tries)."""
        return getattr(self, "written_summary", "") or text.first_sentence(text.plain_text(self.content or ""))

    @property
    def speakers_label(self) -> str:
        return ", ".join(f"{s.title} ({s.affiliation})" if s.affiliation else s.title for s in self.speakers)

    @property
    def calendar(self) -> CalendarFile:
        return calendar_file(self.settings, public_url(self.settings), self.calendar_kind, self.title, self.slug)




class Researcher(HasCalendar, ProgrammeContent):
    kind = "researcher"
    searchable = True
    calendar_kind = "RESEARCHER"
    role: str = ""
    lab: str = ""
    institution: str = ""
    discipline: str = ""
    photo: str = ""
    portrait: ResponsiveImage | None = None
    card_picture: ResponsiveImage | None = None  # its portrait, or its initials drawn (`illustrations`)
    orcid: str = ""
    website: str = ""
    mastodon: str = ""  # « @nom@serveur »: the kits' posts mention it
    bluesky: str = ""  # « @nom.bsky.social »

    def __init__(self, *args, **kwargs):
        self.events: list[Event] = []
        self.episodes: list[Episode] = []
        self.projects: list = []  # the projects it leads or takes part in (`network.Project`)
        self.partners: list = []  # its lab or institution, when it has a partner's page (`Organismes`)
        self.talks: list = []  # its talks in colloquia (`timetable.Talk`), and the colloquia whose committee it sits on
        self.committees: list = []
        super().__init__(*args, **kwargs)

    @property
    def affiliation(self) -> str:
        return ", ".join(part for part in (self.lab, self.institution) if part)


class Episode(ProgrammeContent):
    kind = "episode"
    searchable = True
    published = None
    duration: int | None = None
    poster: str = ""
    poster_image: ResponsiveImage | None = None
    captions: str = ""
    event = None

    def __init__(self, *args, **kwargs):
        self.speakers: list[Researcher] = []
        self.projects: list = []
        super().__init__(*args, **kwargs)

    @property
    def followed_pages(self) -> tuple[str, ...]:
        return tuple(project.url for project in self.projects)

    @property
    def duration_label(self) -> str:
        return french.duration_label(self.duration) if self.duration else ""

    @property
    def published_label(self) -> str:
        return french.day_label(self.published.date()) if self.published else ""

    @property
    def player(self) -> players.VideoPlayer:
        return players.player_for(self.video, self.title, self.duration_label, self.poster_image,
                                  self.settings["SITEURL"], self.captions)

    @property
    def card_picture(self) -> ResponsiveImage | None:
        """Its poster: its own, or the one drawn from its title."""
        return self.poster_image

    @property
    def poster_url(self) -> str:
        """The poster's absolute URL (largest JPEG): for feeds, JSON-LD and anything outside the page."""
        return f"{public_url(self.settings)}/{self.poster_image.largest}" if self.poster_image else ""



class Venue(ProgrammeContent):
    kind = "venue"
    address: str = ""
    geo = None
    accessibility: tuple[str, ...] = ()
    accessibility_note: str = ""
    website: str = ""
    rooms: list[str] = []  # where a colloquium's sessions take place

    def __init__(self, *args, **kwargs):
        self.events: list[Event] = []
        self.colloquia: list = []
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


class Cycle(HasCalendar, ProgrammeContent):
    kind = "cycle"
    calendar_kind = "CYCLE"
    image: str = ""
    image_alt: str = ""
    picture: ResponsiveImage | None = None

    def __init__(self, *args, **kwargs):
        self.events: list[Event] = []
        super().__init__(*args, **kwargs)
