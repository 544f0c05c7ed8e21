"""A colloquium's calendar, `colloques/<slug>.ics`: one VEVENT per session, stamped like events.

Each session's UID is `seance--<colloquium>--<day>-<start>-<room>@<SITE_DOMAIN>`: it stays while the session
keeps its slot (day, start, room), whatever is edited in it, and the calendars' memory (`content.ledger`)
gives it DTSTAMP, LAST-MODIFIED and SEQUENCE as it does events, under its UID's first part (two hyphens: no
event's slug has them). A session moved to another slot is a new entry for calendars. As for events, a
calendar whose sessions did not change is taken from the published output (`calendars.PublishedCalendars`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import icalendar

from ..content import colloquium_words as words
from ..content.calendar_files import calendar_file
from . import colloquia, ical
from .calendars import PublishedCalendars
from .site import Site

if TYPE_CHECKING:
    from ..content.colloquia import Colloquium
    from ..content.ledger import Ledger
    from ..content.timetable import Session


def memory_key(colloquium: Colloquium, session: Session) -> str:
    return f"seance--{colloquium.slug}--{session.key}"


def uid(colloquium: Colloquium, session: Session, domain: str) -> str:
    return f"{memory_key(colloquium, session)}@{domain}"


def description(colloquium: Colloquium, session: Session) -> str:
    """Plain text: the chairs, each talk with its speakers and their affiliations, then the page."""
    lines = []
    if session.chairs:
        lines.append("Présidence : " + ", ".join(chair.title for chair in session.chairs))
    for talk in session.talks:
        speakers = ", ".join(f"{s.title} ({s.affiliation})" if s.affiliation else s.title for s in talk.speakers)
        note = words.language_note(talk.language, "fr")
        lines.append(f"{words.time_label(talk.start, 'fr')} : {talk.title}" + (f" ({note})" if note else "")
                     + (f" — {speakers}" if speakers else ""))
    lines.append(f"Programme complet : {colloquium.absolute_url}#{session.anchor}")
    return "\n".join(lines)


def session_component(colloquium: Colloquium, session: Session, domain: str) -> icalendar.Event:
    """The VEVENT without its stamps: what the memory compares from one build to the next."""
    component = icalendar.Event()
    component.add("uid", uid(colloquium, session, domain))
    component.add("summary", f"{session.title} — {colloquium.title}")
    component.add("dtstart", ical._moment(session.start))
    component.add("dtend", ical._moment(session.end))
    component.add("status", "CONFIRMED")
    component.add("location", colloquia.location_label(colloquium, session.room_name or session.room))
    venue = colloquium.venue
    if venue is not None and venue.geo:
        component.add("geo", (venue.geo.latitude, venue.geo.longitude))
    component.add("url", f"{colloquium.absolute_url}#{session.anchor}", parameters={"VALUE": "URI"})
    component.add("description", description(colloquium, session))
    component.add("categories", [colloquium.title])
    return component


def calendar_name(site: Site, colloquium: Colloquium) -> str:
    return f"{site.settings['SITENAME']} — {colloquium.title}"


def write_all(site: Site, memory: Ledger) -> None:
    """Every colloquium's calendar, each session stamped in `memory` (this may run in the calendars' process)."""
    options = site.options
    prodid = f"-//{options.site_domain}//{site.settings['SITENAME']}//FR"
    published = PublishedCalendars(site.settings, "colloquium-calendars.json")
    for colloquium in site.programme.colloquia:
        url = calendar_file(site.settings, site.public_url, "COLLOQUIUM", "", colloquium.slug).url
        stamped = []
        for session in colloquium.sessions:
            component = session_component(colloquium, session, options.site_domain)
            stamp = memory.stamp(memory_key(colloquium, session), ical.digest(component), options.now)
            stamped.append((component, stamp))
        headers = {"name": calendar_name(site, colloquium), "caption": colloquium.when_label,
                   "source": f"{site.public_url}/{url}", "refresh": site.settings["CALENDAR_REFRESH"]}
        inputs = [prodid, options.timezone.key, str(sorted((k, str(v)) for k, v in headers.items())),
                  [(stamp.digest, stamp.sequence) for _component, stamp in stamped]]
        data = published.unchanged(url, inputs)
        if data is None:
            for component, stamp in stamped:
                ical.add_stamp(component, stamp)
            frame = ical.serialise(ical.calendar(prodid, options.timezone, **headers))
            zone = ical.timezone_block(options.timezone, colloquium.start.year, colloquium.last_day.year)
            data = ical.to_ical(frame, [zone, *(ical.serialise(component) for component, _stamp in stamped)])
            published.record(url, data)
        site.write(url, data)
    published.save()
