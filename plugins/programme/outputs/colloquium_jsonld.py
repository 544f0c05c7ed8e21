"""A colloquium as schema.org sees it: one `Event` whose `subEvent`s are its sessions, each with its room,
speakers (`performer`) and languages; the organisers; the registration as an `Offer` valid until its deadline.

Each language's page describes the colloquium in its language (names of the page, `inLanguage` of the
talks): the same facts, so that either page found by a search engine reads whole.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from . import jsonld

if TYPE_CHECKING:
    from ..content.colloquia import ColloquiumPage
    from ..content.colloquium_views import SessionView

SCHEMA = jsonld.SCHEMA


def _languages(codes: list[str]) -> str | list[str]:
    return codes[0] if len(codes) == 1 else codes


def _organisers(page: ColloquiumPage, base: str) -> list[dict]:
    museum = jsonld.organisation(page.settings, base)
    partners = [{"@type": "Organization", "name": partner.title, "url": partner.absolute_url}
                for partner in page.organizers]
    return [*([museum] if museum else []), *partners]


def _room(page: ColloquiumPage, room: str) -> dict:
    venue = page.venue
    if not room:
        return jsonld.place(venue)
    return {"@type": "Place", "name": room, "containedInPlace": {"@type": "Place", "name": venue.title,
                                                                 "url": venue.absolute_url}}


def _offer(page: ColloquiumPage) -> dict | None:
    if not page.registration:
        return None
    offer = {"@type": "Offer", "url": page.registration}
    text = page.price
    free = text and jsonld.FREE.search(text) and not jsonld.AMOUNT.search(text)
    amount = jsonld.AMOUNT.search(text) if text else None
    if text:
        offer["description"] = text
    if free or amount:
        offer.update(price="0" if free else amount[1].replace(",", "."), priceCurrency="EUR")
    deadline = page.registration_deadline
    if deadline is not None:
        offer["validThrough"] = deadline.isoformat() if isinstance(deadline, datetime) else deadline.isoformat()
    offer["availability"] = SCHEMA + ("InStock" if page.registration_open else "SoldOut")
    return offer


def session_node(page: ColloquiumPage, session: SessionView, parent: str) -> dict:
    data = {
        "@type": "Event",
        "@id": f"{page.absolute_url}#{session.anchor}",
        "name": session.title.value,
        "url": f"{page.absolute_url}#{session.anchor}",
        "startDate": session.session.start.isoformat(),
        "endDate": session.session.end.isoformat(),
        "eventStatus": SCHEMA + "EventScheduled",
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": _room(page, session.room),
        "inLanguage": _languages(session.session.languages),
        "superEvent": {"@id": parent},
    }
    speakers = session.session.speakers
    if speakers:
        data["performer"] = [jsonld.person(speaker) for speaker in speakers]
    talks = [talk.title.value for talk in session.talks]
    if talks:
        data["description"] = " ; ".join(talks)
    return data


def nodes(page: ColloquiumPage, base: str) -> list[dict]:
    """The colloquium and its sessions, as one `Event` with its `subEvent`s."""
    identifier = f"{page.absolute_url}#colloque"
    data: dict = {
        "@type": "Event",
        "@id": identifier,
        "name": page.title,
        "url": page.absolute_url,
        "description": page.summary,
        "startDate": page.start.isoformat(),
        "endDate": page.last_day.isoformat(),
        "eventStatus": SCHEMA + "EventScheduled",
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "inLanguage": _languages(page.languages),
    }
    if page.venue is not None:
        data["location"] = jsonld.place(page.venue)
    organisers = _organisers(page, base)
    if organisers:
        data["organizer"] = organisers
    if page.picture is not None:
        data["image"] = f"{base}/{page.picture.largest}"
    offer = _offer(page)
    if offer:
        data["offers"] = offer
    sessions = [session_node(page, session, identifier) for day in page.timetable for session in day.sessions]
    if sessions:
        data["subEvent"] = sessions
    return [data]
