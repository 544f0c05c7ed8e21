"""Colloquia: several days of sessions and talks, and their English translation (`<name>.en.md` beside `<name>.md`).

A colloquium's file holds its fields, its presentation, then its programme (`programme_text`); a translation's
holds its translated title, presentation and programme, whose texts join the original's sessions and talks
(`timetable_checks.merge_translation`). Both pages are printed from the same properties, in their language
(`ColloquiumPage`); the translation takes every fact (dates, venue, people, deadlines) from its original.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

from ..media.library import ResponsiveImage
from ..problems import Problem
from . import colloquium_views as views
from . import colloquium_words as words
from . import programme_text, timetable_checks
from .colloquium_fields import ends
from .contents import HasCalendar, ProgrammeContent
from .programme import researcher_sort_key
from .reading import decode, make_markdown, render_markdown
from .sanitiser import clean
from .timetable import Day, Session, Talk


def renderer(settings: dict):
    """Markdown (as Pelican's is configured) to clean HTML, for presentations, session notes and abstracts."""
    markdown = make_markdown(settings)
    return lambda text: clean(render_markdown(markdown, text)) if text.strip() else ""


class ColloquiumPage:
    """What a colloquium's page prints, in the page's `language`; facts come from the `original`."""

    language: ClassVar[str]
    template = "colloquium"  # one template for both languages
    slug: str
    url: str
    title: str
    settings: dict

    @property
    def original(self) -> Colloquium:
        raise NotImplementedError

    @property
    def words(self) -> dict[str, str]:
        return words.words(self.language)

    @property
    def lang(self) -> str:
        """The page's language, as `<html lang>` and Pelican read it."""
        return self.language

    @property
    def og_locale(self) -> str:
        return words.LOCALES[self.language]

    @property
    def when_label(self) -> str:
        original = self.original
        return words.days_label(original.start, original.last_day, self.language)

    @property
    def when_heading(self) -> str:
        """The dates as they open a line: « Du jeudi 11 mars 2027… », « Thursday 11 March 2027 – … »."""
        return words.capitalised(self.when_label)

    @property
    def timetable(self) -> list[views.DayView]:
        return views.timetable(self.original.days, self.language)

    @property
    def pdf_url(self) -> str:
        """Its printed programme; none when the site makes none (`PROGRAMME_PDF_NAME` empty)."""
        name = self.settings["PROGRAMME_PDF_NAME"]
        return f"{self.url}{name}" if name else ""

    @property
    def pdf_title(self) -> str:
        return f"{self.words['printed_title']} — {self.title}"

    @property
    def registration_label(self) -> str:
        """« Inscriptions ouvertes jusqu'au … » or « Inscriptions closes. », as of the build's now."""
        original = self.original
        return self._state("registration", original.registration, original.registration_open,
                           original.registration_deadline)

    @property
    def call_label(self) -> str:
        original = self.original
        return self._state("call", original.call, original.call_open, original.call_deadline)

    def _state(self, name: str, link: str, is_open: bool, deadline: date | datetime | None) -> str:
        if not link:
            return ""
        if not is_open:
            return self.words[f"{name}_closed"]
        if deadline is None:
            return self.words[f"{name}_open"]
        return self.words[f"{name}_until"].format(deadline=words.deadline_label(deadline, self.language))

    @property
    def versions(self) -> list[ColloquiumPage]:
        """The page in each language it has, French first: `hreflang` alternates and the language switch."""
        original = self.original
        return [original, original.translation] if original.translation is not None else [original]

    @property
    def other_versions(self) -> list[ColloquiumPage]:
        return [version for version in self.versions if version is not self]

    @property
    def people(self) -> list:
        """Every speaker, in directory order: the printed programme lists them with their affiliation."""
        found = {speaker for day in self.original.days for session in day.sessions for speaker in session.speakers}
        return sorted(found, key=researcher_sort_key)

    @property
    def rooms(self) -> list[str]:
        """The rooms the programme uses, in the order the venue lists them."""
        used = {session.room_name for day in self.original.days for session in day.sessions if session.room_name}
        venue = self.original.venue
        return [room for room in (venue.rooms if venue else []) if room in used]

    def read_timetable(self, file: Path, relative: str, settings: dict) -> list[Problem]:
        """The presentation and the programme, from the file itself: the reading cache keeps only its HTML."""
        read = _read(file, relative, settings)
        if read is None:
            return []
        self._content = renderer(settings)(read.presentation)
        return [*read.problems, *self.take_timetable(read.days, relative)]

    def take_timetable(self, days: list[Day], relative: str) -> list[Problem]:
        raise NotImplementedError

    @property
    def languages(self) -> list[str]:
        """The languages its talks are given in, French first."""
        found = {talk.language for day in self.original.days for session in day.sessions for talk in session.talks}
        return [language for language in words.LANGUAGES if language in found] or ["fr"]


class Colloquium(HasCalendar, ColloquiumPage, ProgrammeContent):
    kind = "colloquium"
    searchable = True
    calendar_kind = "COLLOQUIUM"
    language = "fr"
    start: date
    end: date | None = None
    registration: str = ""
    registration_deadline: date | datetime | None = None
    price: str = ""
    call: str = ""
    call_deadline: date | datetime | None = None
    image: str = ""
    image_alt: str = ""
    picture: ResponsiveImage | None = None
    venue = None
    translation = None
    now: datetime | None = None  # the build's now, set by linking: deadlines and what is past depend on it

    def __init__(self, *args, **kwargs):
        self.days: list[Day] = []
        self.organizers: list = []
        self.committee: list = []
        self.projects: list = []
        super().__init__(*args, **kwargs)

    @property
    def original(self) -> Colloquium:
        return self

    @property
    def last_day(self) -> date:
        return self.end or self.start

    @property
    def sessions(self) -> list[Session]:
        return [session for day in self.days for session in day.sessions]

    @property
    def talks(self) -> list[Talk]:
        return [talk for session in self.sessions for talk in session.talks]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.get("TIMEZONE") or "UTC")

    @property
    def is_over(self) -> bool:
        return self.now is not None and ends(self.last_day, self.zone) <= self.now

    def _open(self, link: str, deadline: date | datetime | None) -> bool:
        if not link or self.is_over:
            return False
        return deadline is None or self.now is None or self.now < ends(deadline, self.zone)

    @property
    def registration_open(self) -> bool:
        return self._open(self.registration, self.registration_deadline)

    @property
    def call_open(self) -> bool:
        return self._open(self.call, self.call_deadline)

    @property
    def map_url(self) -> str:
        return self.venue.map_url if self.venue else ""

    def take_timetable(self, days: list[Day], relative: str) -> list[Problem]:
        self.days = days
        for session in self.sessions:
            session.colloquium = self
        return timetable_checks.check(self.days, relative, self.start, self.last_day)


class Translation(ColloquiumPage, ProgrammeContent):
    """A colloquium in English: its own title, summary, presentation and programme texts; the rest is the original's."""

    kind = "translation"
    language = "en"
    image_alt: str = ""
    _original: Colloquium | None = None

    def __init__(self, *args, **kwargs):
        self.translated_days: list[Day] = []
        super().__init__(*args, **kwargs)

    @property
    def original(self) -> Colloquium:
        return self._original

    @original.setter
    def original(self, colloquium: Colloquium) -> None:
        self._original = colloquium

    @property
    def picture(self) -> ResponsiveImage | None:
        picture = self.original.picture
        if picture is None or not self.image_alt:
            return picture
        return replace(picture, alt=self.image_alt)

    def take_timetable(self, days: list[Day], relative: str) -> list[Problem]:
        self.translated_days = days  # checked against the original's once linked (`colloquium_links.attach`)
        return []


# What a translation takes from its original, as it is.
DELEGATED = ("start", "end", "last_day", "venue", "organizers", "committee", "projects", "days", "sessions", "talks",
             "registration", "registration_deadline", "registration_open", "price", "call", "call_deadline",
             "call_open", "map_url", "is_over", "calendar", "image")


def _delegate(name: str) -> property:
    return property(lambda self: getattr(self.original, name), doc=f"The original's `{name}`.")


for _name in DELEGATED:
    setattr(Translation, _name, _delegate(_name))


def _read(file: Path, relative: str, settings: dict) -> programme_text.ReadProgramme | None:
    text, _problems = decode(file.read_bytes(), relative)  # its decoding problems were reported as it was read
    if text is None:
        return None
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    return programme_text.read(text, relative, zone, renderer(settings))
