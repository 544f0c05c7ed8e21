"""Calendars are assembled from VEVENTs serialised once each: the bytes must be icalendar's own."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from icalendar.parser.string import _foldline  # icalendar's own folding: the reference `ical.fold` must match
from programme.content.ledger import Stamp
from programme.outputs import ical
from programme.outputs.vtimezone import vtimezone

PARIS = ZoneInfo("Europe/Paris")


def vevent(number: int, description: str) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", f"evenement-{number}@example.org")
    component.add("summary", f"Bar des sciences n° {number} : « l'eau, ça se partage ? »")
    component.add("dtstart", datetime(2026, 12, 3, 19, tzinfo=PARIS) + timedelta(days=number))
    component.add("dtend", datetime(2026, 12, 3, 21, tzinfo=PARIS) + timedelta(days=number))
    component.add("description", description)
    component.add("categories", ["Bar des sciences", "Écologie"])
    return component


DESCRIPTIONS = [
    "Court.",
    "Une très longue description, accentuée à souhait — éàèùç œ « guillemets » — " * 6,
    "Ligne un\nLigne deux ; virgule, point-virgule; barre \\ oblique",
    "€" * 40 + "😀" * 30,  # multi-byte characters right where lines fold
]


@pytest.mark.parametrize("subscription", [{}, {"name": "Agenda", "caption": "Les rendez-vous", "source": "https://example.org/agenda.ics",
                                               "refresh": timedelta(hours=12)}])
def test_a_calendar_assembled_from_serialised_vevents_is_byte_for_byte_icalendars(subscription):
    components = [vevent(number, text) for number, text in enumerate(DESCRIPTIONS)]
    assembled = ical.to_ical(ical.serialise(ical.calendar("-//t//T//FR", PARIS, **subscription)),
                             [ical.timezone_block(PARIS, 2025, 2027), *map(ical.serialise, components)])
    whole = ical.calendar("-//t//T//FR", PARIS, **subscription)
    whole.add_component(vtimezone(PARIS, 2025, 2027))
    for component in components:
        whole.add_component(component)
    assert assembled == whole.to_ical()
    parsed = icalendar.Calendar.from_ical(assembled)
    assert [str(event["uid"]) for event in parsed.walk("VEVENT")] == [f"evenement-{n}@example.org" for n in range(4)]


def test_the_digest_follows_the_content_and_ignores_nothing_that_a_client_shows():
    first, same = vevent(1, DESCRIPTIONS[1]), vevent(1, DESCRIPTIONS[1])
    assert ical.digest(first) == ical.digest(same)
    assert ical.digest(first) != ical.digest(vevent(1, DESCRIPTIONS[1] + "!"))
    assert ical.digest(first) != ical.digest(vevent(2, DESCRIPTIONS[1]))


def test_the_vevent_of_a_one_event_calendar_is_the_bytes_icalendar_made():
    component = vevent(7, DESCRIPTIONS[1] + "\nBEGIN:VEVENT\nEND:VEVENT")  # even text that looks like a component
    data = ical.to_ical(ical.serialise(ical.calendar("-//t//T//FR", PARIS)),
                        [ical.timezone_block(PARIS, 2025, 2027), ical.serialise(component)])
    assert ical.vevent_block(data) == component.to_ical()


def test_the_lines_made_for_the_digest_are_reused_when_the_stamped_event_is_serialised(monkeypatch):
    component, known = vevent(2, DESCRIPTIONS[1]), {}
    unstamped = ical.digest(component, known)
    ical.add_stamp(component, Stamp(digest=unstamped, sequence=3, modified="2026-11-02T09:00:00Z"))
    made = []
    make = component.content_line
    monkeypatch.setattr(component, "content_line", lambda name, value, **options: made.append(name) or make(name, value, **options))
    data = ical.serialise(component, known)
    assert sorted(set(made) - {"BEGIN", "END"}) == ["DTSTAMP", "LAST-MODIFIED", "SEQUENCE"]  # only the stamps are new
    monkeypatch.undo()
    assert data == component.to_ical()
    assert ical.digest(vevent(2, DESCRIPTIONS[1])) == unstamped  # a digest made with or without `known` is the same


@pytest.mark.parametrize("line", [
    "", "DESCRIPTION:court", "X" * 73, "X" * 74, "X" * 75, "X" * 76, "X" * 148, "X" * 149,
    "X" * 73 + "\\n" + "Y" * 10,  # an escape where the line folds stays with what it escapes
    "X" * 72 + "\\," + "Y" * 10, "X" * 73 + "^n" + "Y" * 10, "\\" * 100, "^" * 100,
    "X" * 73 + "é" * 5, "X" * 72 + "€" * 5, "X" * 71 + "😀" * 5, "é" * 100, "😀" * 100,
])
def test_fold_is_icalendars_folding(line):
    assert ical.fold(line) == _foldline(line).encode()


def test_fold_is_icalendars_folding_on_random_lines():
    rng = random.Random(5545)
    alphabet = "abcXYZ 0123,;:\\^\"'éèàçœ€«»—😀𝄞"
    for _ in range(3000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))
        assert ical.fold(line) == _foldline(line).encode(), line


@pytest.mark.parametrize("component", [vevent(3, text) for text in DESCRIPTIONS] + [vtimezone(PARIS, 2020, 2030)],
                         ids=lambda component: component.name)
def test_serialise_is_icalendars_to_ical(component):
    assert ical.serialise(component) == component.to_ical()
