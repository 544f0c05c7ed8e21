"""A timetable as one language's page prints it: labels, times and texts made here, so templates only print."""

from __future__ import annotations

from dataclasses import dataclass

from . import colloquium_words as words
from .timetable import Day, Session, Talk, Text


@dataclass(frozen=True)
class TalkView:
    talk: Talk
    anchor: str
    time_label: str
    title: Text
    abstract: Text
    speakers: list
    language_note: str  # « en anglais » beside a talk given in another language than the page's


@dataclass(frozen=True)
class SessionView:
    session: Session
    anchor: str
    time_label: str
    title: Text
    note: Text
    room: str
    chairs: list
    talks: list[TalkView]
    day_label: str  # for what is said of the session away from its day's heading (calendar links)


@dataclass(frozen=True)
class DayView:
    anchor: str
    label: str
    short_label: str
    sessions: list[SessionView]


def talk_view(talk: Talk, language: str) -> TalkView:
    return TalkView(talk, talk.anchor, words.time_label(talk.start, language), talk.title_in(language),
                    talk.abstract_in(language), talk.speakers, words.language_note(talk.language, language))


def session_view(session: Session, language: str) -> SessionView:
    return SessionView(session, session.anchor, words.span_label(session.start, session.end, language),
                       session.title_in(language), session.note_in(language), session.room_name or session.room,
                       session.chairs, [talk_view(talk, language) for talk in session.talks],
                       words.day_label(session.day, language))


def timetable(days: list[Day], language: str) -> list[DayView]:
    return [DayView(day.anchor, words.capitalised(words.day_label(day.day, language)), words.short_day_label(day.day, language),
                    [session_view(session, language) for session in day.sessions]) for day in days]
