"""A colloquium's timetable: days, sessions (a time slot, a room, chairs) and talks (speakers, title, abstract).

Staff write it as text below the colloquium's presentation (`programme_text` reads it); linking resolves
speakers, chairs and rooms (`colloquium_links`); a translation adds its own titles and abstracts to the
same sessions and talks, keyed by language, so that every language shows one timetable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from slugify import slugify

from . import french
from .models import Ref, Schedule


@dataclass(frozen=True)
class Text:
    """Words in one language: printed with `lang` when it is not the page's."""

    value: str
    lang: str


def translated(translations: dict[str, tuple[str, str]], language: str, part: int, own: str, own_language: str) -> Text:
    """A title (`part` 0) or a text (1) in `language` when a translation gives it, else as written."""
    given = translations.get(language, ("", ""))[part]
    return Text(given, language) if given else Text(own, own_language)


@dataclass(eq=False)
class Talk:
    start: datetime
    end: datetime
    title: str
    line: int
    language: str = "fr"  # the language it is given in, which its title and abstract are written in
    speaker_refs: list[Ref] = field(default_factory=list)
    abstract: str = ""  # HTML, cleaned
    explicit_end: bool = False  # written, or taken from the next talk or the end of its session
    speakers: list = field(default_factory=list)  # `Researcher`s, set by linking
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)  # language → (title, abstract)
    session: Session | None = None

    @property
    def key(self) -> str:
        """What a translation names it by: its start in its session."""
        return f"{self.start:%H%M}"

    @property
    def anchor(self) -> str:
        """Its id on the colloquium's pages, which speakers' pages link to."""
        return f"intervention-{self.start:%Y-%m-%d-%H%M}-{self.session.room_slug}" if self.session else ""

    def title_in(self, language: str) -> Text:
        return translated(self.translations, language, 0, self.title, self.language)

    @property
    def url(self) -> str:
        """Where it is on its colloquium's French page (a speaker's page links there)."""
        return f"{self.session.colloquium.url}#{self.anchor}"

    @property
    def when_label(self) -> str:
        return f"{french.day_label(self.start)}, {french.time_label(self.start)}"

    def abstract_in(self, language: str) -> Text:
        return translated(self.translations, language, 1, self.abstract, self.language)


@dataclass(eq=False)
class Session:
    start: datetime
    end: datetime
    title: str
    line: int
    room: str = ""  # as written; `room_name` once checked against the venue's rooms
    room_line: int = 0
    room_field: str = "Salle"
    chair_refs: list[Ref] = field(default_factory=list)
    note: str = ""  # HTML, cleaned: a sentence under the session's heading
    talks: list[Talk] = field(default_factory=list)
    chairs: list = field(default_factory=list)  # `Researcher`s, set by linking
    room_name: str = ""  # the venue's own spelling of the room
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)  # language → (title, note)
    colloquium: object = None  # the `Colloquium`, set once it is made

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def schedule(self) -> Schedule:
        return Schedule(self.start, self.end, False)

    @property
    def room_slug(self) -> str:
        return slugify(self.room_name or self.room) or "salle"

    @property
    def key(self) -> str:
        """What identifies it from one build to the next: its day, its start and its room. Its calendar UID and
        the calendars' memory are made of it; a translation names it by the same."""
        return f"{self.start:%Y%m%d-%H%M}-{self.room_slug}"

    @property
    def anchor(self) -> str:
        return f"seance-{self.start:%Y-%m-%d-%H%M}-{self.room_slug}"

    def title_in(self, language: str) -> Text:
        return translated(self.translations, language, 0, self.title, "fr")

    def note_in(self, language: str) -> Text:
        return translated(self.translations, language, 1, self.note, "fr")

    @property
    def speakers(self) -> list:
        """Everyone who speaks in it, in order, once each."""
        found: list = []
        for talk in self.talks:
            found += [speaker for speaker in talk.speakers if speaker not in found]
        return found

    @property
    def languages(self) -> list[str]:
        """The languages its talks are given in, French first."""
        found = {talk.language for talk in self.talks} or {"fr"}
        return sorted(found, key=lambda code: (code != "fr", code))


@dataclass(eq=False)
class Day:
    day: date
    line: int
    sessions: list[Session] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"jour-{self.day.isoformat()}"
