"""Reads the programme staff write below a colloquium's presentation, line by line, with French errors.

The body of a colloquium (or of its translation) is its presentation, then a line `# Programme`, then:

    ## 2027-06-10                                   ← a day (« jeudi 10 juin 2027 », « 10/06/2027 » too)
    ### 09:30-11:00 | Les sédiments de la Loire     ← a session: its times, then its title
    Salle: Amphithéâtre                             ← its room, among the venue's `Salles`
    Présidence: claire-morvan                       ← who chairs it (researchers' identifiers)
    Une phrase sur la session, si besoin.
    - 09:30 | amina-haddad | Titre de l'intervention            ← a talk: start (and end), speakers, title
      Son résumé, en retrait, sur autant de lignes qu'il faut.
    - 10:00-10:30 | thomas-le-gall, sophie-renard | A talk in English | anglais

Each mistake is a `Problem` at its line; what a broken heading holds is skipped silently, so that one typo
gives one message. Whether days, sessions and talks fit together is `timetable_checks`' part.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_month_names

from ..problems import Problem
from .fields import fold, is_skipped
from .models import Ref
from .timetable import Day, Session, Talk

MARKERS = ("programme", "program")
_MARKER = re.compile(r"^#\s+(?:programme|program)\s*:?\s*$", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*$")
_ITEM = re.compile(r"^[-*+]\s+(.*)$")
_INDENTED = re.compile(r"^(?: {2,}|\t)\S")
_TIME = r"\d{1,2}\s*[:hH]\s*\d{0,2}"
_TIMES = re.compile(rf"^\s*(?P<start>{_TIME})\s*(?:(?:-|–|—|à|to)\s*(?P<end>{_TIME}))?\s*$")
_HEADING_TIMES = re.compile(rf"^\s*(?P<times>{_TIME}\s*(?:(?:-|–|—|à|to)\s*{_TIME})?)\s*(?:\||·|:)?\s*(?P<title>.*)$")
_FIELD_LINE = re.compile(r"^(?P<name>[^\W\d_][\w'’ -]{1,30}?)\s*:\s*(?P<value>.*)$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_LONG_DAY = re.compile(r"^(?:(?P<weekday>[^\W\d_]+)\s*,?\s+)?(?P<d>\d{1,2})(?:er|st|nd|rd|th)?\s+(?P<m>[^\W\d_]+)\.?"
                       r"\s+(?P<y>\d{4})$")

ROOM_NAMES = ("salle", "room")
CHAIR_NAMES = ("presidence", "president", "presidente", "chair", "chairs", "moderation")
LANGUAGES = {"fr": ("fr", "francais", "french"), "en": ("en", "anglais", "english", "eng")}
_LANGUAGE_INDEX = {word: code for code, words in LANGUAGES.items() for word in words}
DAY_FORMS = "« 2027-06-10 », « 10/06/2027 » ou « jeudi 10 juin 2027 »"
SESSION_FORM = "« ### 09:30-11:00 | Titre de la session »"
TALK_FORM = "« - 09:30 | identifiant-du-chercheur | Titre de l'intervention » (la fin, « 09:30-10:00 », est facultative)"


def _names(kind: str) -> dict[str, int]:
    """Folded month (or weekday) names of French and English → their number (month 1–12, weekday 0–6)."""
    found: dict[str, int] = {}
    for locale in ("fr_FR", "en_GB"):
        names = get_month_names("wide", locale=locale) if kind == "month" else get_day_names("wide", locale=locale)
        for number, name in names.items():
            found[fold(name)] = number
            found[fold(name)[:3]] = number  # « juin », « Jun. »
    return found


MONTHS, WEEKDAYS = _names("month"), _names("weekday")


@dataclass
class ReadProgramme:
    """What a body holds: its presentation (Markdown) and its timetable, with the mistakes found reading it."""

    presentation: str
    days: list[Day] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    marker_line: int = 0  # where `# Programme` is, 0 without one


def parse_day(text: str) -> date:
    """A day heading; ValueError (with a French reason) when it is none."""
    written = " ".join(text.replace(",", " ").split())
    match = _ISO_DAY.match(written)
    numeric = _NUMERIC_DAY.match(written)
    long = _LONG_DAY.match(written)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        if numeric:
            return date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
    except ValueError:
        raise ValueError(f"« {text} » n'est pas une date du calendrier.") from None
    if not long or fold(long["m"]) not in MONTHS:
        raise ValueError(f"« {text} » n'est pas une journée reconnue.")
    try:
        day = date(int(long["y"]), MONTHS[fold(long["m"])], int(long["d"]))
    except ValueError:
        raise ValueError(f"« {text} » n'est pas une date du calendrier.") from None
    weekday = long["weekday"]
    if weekday and WEEKDAYS.get(fold(weekday)) != day.weekday():
        raise ValueError(f"« {text} » : le {day:%d/%m/%Y} n'est pas un {weekday.lower()}.")
    return day


def parse_time(text: str) -> time:
    hours, _, minutes = re.split(r"\s*([:hH])\s*", text.strip(), maxsplit=1)
    hour, minute = int(hours), int(minutes or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"« {text.strip()} » n'est pas une heure.")
    return time(hour, minute)


def parse_times(text: str) -> tuple[time, time | None]:
    match = _TIMES.match(text)
    if not match:
        raise ValueError(f"« {text.strip()} » n'est pas un horaire.")
    return parse_time(match["start"]), parse_time(match["end"]) if match["end"] else None


class _Reader:
    """One pass over the programme's lines; `line` numbers are the file's."""

    def __init__(self, path: str, tz: ZoneInfo, render: Callable[[str], str]):
        self.path, self.tz, self.render = path, tz, render
        self.days: list[Day] = []
        self.problems: list[Problem] = []
        self.day: Day | None = None
        self.session: Session | None = None
        self.talk: Talk | None = None
        self.skipping = False  # inside a heading or talk that could not be read: its lines are not reported again
        self.note: list[str] = []
        self.abstract: list[str] = []
        self.seen_days: dict[date, int] = {}
        self.lost_day = False  # the last day heading could not be read: what it holds is not reported again

    def problem(self, line: int, message: str, hint: str | None = None, name: str | None = None) -> None:
        self.problems.append(Problem(self.path, message, name, line, hint))

    def moment(self, day: date, when: time, line: int) -> datetime | None:
        moment = datetime.combine(day, when, self.tz)
        if is_skipped(moment):
            self.problem(line, f"{when:%H:%M} n'existe pas le {day:%d/%m/%Y} (passage à l'heure d'été).",
                         "choisissez une heure à partir de 03:00.")
            return None
        return moment

    def read(self, lines: list[tuple[int, str]]) -> None:
        for number, line in lines:
            self.read_line(number, line)
        self.close_talk()
        self.close_session()

    def read_line(self, number: int, line: str) -> None:
        if not line.strip():
            if self.talk is not None and self.abstract:
                self.abstract.append("")
            return
        heading = _HEADING.match(line)
        if heading:
            self.close_talk()
            return self.read_heading(number, len(heading[1]), (heading[2] or "").strip())
        if _INDENTED.match(line) and (self.talk is not None or self.skipping):
            if self.talk is not None:
                self.abstract.append(line)
            return
        self.close_talk()
        item = _ITEM.match(line)
        if item:
            return self.read_talk(number, item[1])
        if self.skipping:
            return
        if self.session is None:
            where = "journée" if self.day is None else "session"
            return self.problem(number, f"ce texte est hors de toute {where} du programme.",
                                f"placez-le dans la présentation, avant la ligne « # Programme », ou sous une session "
                                f"({SESSION_FORM}) ; ou supprimez-le.")
        if self.session.talks:
            return self.problem(number, "ce texte suit une intervention sans être en retrait : il n'est rattaché à rien.",
                                "pour le résumé de l'intervention, commencez la ligne par deux espaces ; pour "
                                "présenter la session, placez-le juste sous son titre.")
        if not self.note and self.read_field(number, line):
            return
        self.note.append(line)

    def read_heading(self, number: int, level: int, text: str) -> None:
        self.close_session()
        self.skipping = False
        if level == 2:
            self.session, self.lost_day = None, True
            try:
                day = parse_day(text)
            except ValueError as error:
                self.day, self.skipping = None, True
                return self.problem(number, f"{error} Une journée du programme s'écrit en titre « ## ».",
                                    f"formes acceptées : {DAY_FORMS}.")
            if day in self.seen_days:
                self.day, self.skipping = None, True
                return self.problem(number, f"cette journée est déjà donnée ligne {self.seen_days[day]}.",
                                    "réunissez ses sessions sous un seul titre « ## ».")
            self.seen_days[day] = number
            self.day, self.lost_day = Day(day, number), False
            self.days.append(self.day)
        elif level == 3:
            self.read_session(number, text)
        else:
            self.skipping = True
            self.problem(number, f"un titre de niveau {level} (« {'#' * level} ») n'a pas de sens dans le programme.",
                         f"« ## » pour une journée, « ### » pour une session ({SESSION_FORM}) ; dans un résumé, "
                         "écrivez le texte en retrait, sans « # ».")

    def read_session(self, number: int, text: str) -> None:
        if self.day is None:
            self.skipping = True
            if not self.lost_day:  # under a day that could not be read, it is not reported again
                self.problem(number, "cette session n'est sous aucune journée.",
                             f"ajoutez au-dessus un titre de journée, ex. « ## 2027-06-10 » ({DAY_FORMS}).")
            return
        match = _HEADING_TIMES.match(text)
        try:
            if not match:
                raise ValueError(f"« {text} » ne commence pas par un horaire.")
            start, end = parse_times(match["times"])
        except ValueError as error:
            self.skipping = True
            return self.problem(number, f"{error} Une session commence par son horaire.", f"forme attendue : {SESSION_FORM}.")
        if end is None:
            self.skipping = True
            return self.problem(number, "la session n'a pas d'heure de fin.", f"forme attendue : {SESSION_FORM}.")
        if not match["title"].strip():
            self.skipping = True
            return self.problem(number, "la session n'a pas de titre.", f"forme attendue : {SESSION_FORM}.")
        if end <= start:
            self.skipping = True
            return self.problem(number, f"la session finit ({end:%H:%M}) avant de commencer ({start:%H:%M}).",
                                "vérifiez ses horaires : « début-fin », ex. « 09:30-11:00 ».")
        begin, finish = self.moment(self.day.day, start, number), self.moment(self.day.day, end, number)
        if begin is None or finish is None:
            self.skipping = True
            return
        self.session = Session(begin, finish, match["title"].strip(), number)
        self.day.sessions.append(self.session)

    def read_field(self, number: int, line: str) -> bool:
        """`Salle:` or `Présidence:` under a session's heading; a near miss is a mistake, other text its note."""
        match = _FIELD_LINE.match(line.strip())
        if not match:
            return False
        name, value, folded = match["name"].strip(), match["value"].strip(), fold(match["name"])
        if folded in ROOM_NAMES:
            self.session.room, self.session.room_line, self.session.room_field = value, number, name
            if not value:
                self.problem(number, "la salle est vide.", "donnez le nom d'une salle du lieu, ou retirez la ligne.", name)
            return True
        if folded in CHAIR_NAMES:
            slugs = [part.strip() for part in value.split(",") if part.strip()]
            self.session.chair_refs = [Ref(slug, name, number) for slug in slugs]
            return True
        close = difflib.get_close_matches(folded, [*ROOM_NAMES, *CHAIR_NAMES], n=1, cutoff=0.7)
        if close:
            right = "Salle" if close[0] in ROOM_NAMES else "Présidence"
            self.problem(number, f"« {name} » n'est pas un champ de session.", f"vouliez-vous écrire « {right}: » ?", name)
            return True
        return False

    def read_talk(self, number: int, text: str) -> None:
        if self.session is None:
            if not self.skipping:  # under a heading that could not be read, it is not reported again
                self.skipping = True
                self.problem(number, "cette intervention n'est dans aucune session.",
                             f"ajoutez au-dessus le titre de sa session, ex. {SESSION_FORM}.")
            return
        self.skipping = False
        parts = [part.strip() for part in text.split("|")]
        if len(parts) not in (3, 4):
            self.skipping = True
            return self.problem(number, "une intervention s'écrit en trois parties séparées par « | » : l'horaire, les "
                                "intervenants, le titre.", f"forme attendue : {TALK_FORM}.")
        try:
            start, end = parse_times(parts[0])
        except ValueError as error:
            self.skipping = True
            return self.problem(number, f"{error} Une intervention commence par son horaire.", f"forme attendue : {TALK_FORM}.")
        language = "fr"
        if len(parts) == 4:
            language = _LANGUAGE_INDEX.get(fold(parts[3]), "")
            if not language:
                self.skipping = True
                return self.problem(number, f"« {parts[3]} » n'est pas une langue connue.",
                                    "écrivez « anglais » (ou « en ») pour une intervention en anglais ; rien pour le français.")
        if not parts[2]:
            self.skipping = True
            return self.problem(number, "l'intervention n'a pas de titre.", f"forme attendue : {TALK_FORM}.")
        day = self.session.day
        begin = self.moment(day, start, number)
        finish = self.moment(day, end, number) if end else None
        if begin is None or (end and finish is None):
            self.skipping = True
            return
        if finish is not None and finish <= begin:
            self.skipping = True
            return self.problem(number, f"l'intervention finit ({end:%H:%M}) avant de commencer ({start:%H:%M}).",
                                "vérifiez ses horaires : « début-fin », ex. « 09:30-10:00 ».")
        speakers = [Ref(slug.strip(), "Intervenants", number) for slug in parts[1].split(",") if slug.strip()]
        self.talk = Talk(begin, finish or begin, parts[2], number, language, speakers, explicit_end=finish is not None)
        self.talk.session = self.session
        self.session.talks.append(self.talk)

    def close_talk(self) -> None:
        if self.talk is not None and self.abstract:
            self.talk.abstract = self.render(textwrap.dedent("\n".join(self.abstract)).strip())
        self.talk, self.abstract = None, []

    def close_session(self) -> None:
        self.close_talk()
        if self.session is not None and self.note:
            self.session.note = self.render("\n".join(self.note).strip())
        self.session, self.note = None, []


def split(body: str, first_line: int) -> tuple[str, list[tuple[int, str]], int]:
    """The presentation's Markdown, the programme's lines (numbered from `first_line`, the body's first line in the
    file) and the marker's line (0: no programme)."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if _MARKER.match(line.strip()):
            numbered = [(first_line + index + 1 + offset, text) for offset, text in enumerate(lines[index + 1:])]
            return "\n".join(lines[:index]).rstrip() + "\n", numbered, first_line + index
    return body, [], 0


def read(text: str, path: str, tz: ZoneInfo, render: Callable[[str], str]) -> ReadProgramme:
    """A colloquium's (or translation's) whole file: the presentation and the timetable below its marker."""
    lines = text.split("\n")
    blank = next((index for index, line in enumerate(lines) if not line.strip()), len(lines))
    presentation, programme, marker = split("\n".join(lines[blank + 1:]), blank + 2)
    reader = _Reader(path, tz, render)
    reader.read(programme)
    return ReadProgramme(presentation, reader.days, reader.problems, marker)
