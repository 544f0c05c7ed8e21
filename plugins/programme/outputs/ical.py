"""iCalendar objects for events, with the `icalendar` library; no I/O here.

Choices real clients need (RFC 5545 and 7986):
- UID `evenement-<slug>@<SITE_DOMAIN>`: stable across rebuilds and edits, and renames (the first slug,
  `Event.identity`, is kept); one UID per series (RRULE/EXDATE).
- Timed events: DTSTART/DTEND with TZID (the site's time zone, defined by a VTIMEZONE). A wall-clock
  time that occurs twice (02:30 on the night clocks go back) is written in UTC instead, since clients
  disagree on which of the two a TZID time means; `fields.parse_moment` reads the first one.
- All-day events: VALUE=DATE with an exclusive DTEND; TRANSP:TRANSPARENT, so that a three-month
  exhibition does not make its subscribers look busy.
- State: STATUS:CANCELLED (the event stays, so subscribers see it go), TENTATIVE for a postponed event
  (its date is no longer sure), CONFIRMED otherwise; every other state is in the SUMMARY, as on the site.
- No METHOD: a METHOD makes the file an iTIP message (RFC 5546), whose PUBLISH needs an ORGANIZER on
  every VEVENT (§3.2.1), and makes DTSTAMP the time the file was created (RFC 5545 §3.8.7.2), so every
  build would change every event. Without it the file is a plain calendar, served as `text/calendar`
  without a `method` parameter, and DTSTAMP is the event's last revision: the memory's.
- DTSTAMP, LAST-MODIFIED and SEQUENCE come from the calendars' memory (`ledger.py`), never from the clock.
- An event that can be followed online gets CONFERENCE (RFC 7986 §5.11), which clients show as a link
  to join; not once it is cancelled.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import icalendar
from icalendar import vDuration

from ..content import repeat
from ..content.ledger import Stamp
from ..content.models import State
from ..content.text import plain_text
from .vtimezone import vtimezone

if TYPE_CHECKING:
    from ..content.contents import Event

STATUS = {State.CANCELLED: "CANCELLED", State.POSTPONED: "TENTATIVE"}
CONFERENCE_LABEL = "Participer en ligne"


def uid(slug: str, domain: str) -> str:
    return f"evenement-{slug}@{domain}"


def _is_ambiguous(moment: datetime) -> bool:
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def _moment(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc) if _is_ambiguous(moment) else moment


def description(event: Event) -> str:
    """Plain text: the state and the facts first (what a phone shows), then the page's text."""
    facts = []
    if event.state_label:
        facts.append(f"{event.state_label}." + (f" Initialement prévu le {event.previous_label}." if event.previous_label else ""))
    if event.repeat:
        facts.append(f"Dates : {event.when_label}.")
    for label, value in (("Avec", event.speakers_label), ("Cycle", event.cycle.title if event.cycle else ""),
                         ("Public", event.audience), ("Tarif", event.price_label),
                         ("Inscription", "" if event.is_cancelled else event.registration),
                         ("En ligne", event.online), ("Accessibilité", event.accessibility_label)):
        if value:
            facts.append(f"{label} : {value}")
    if event.venue and event.venue.accessibility_note and not event.is_online_only:
        facts.append(event.venue.accessibility_note)
    body = plain_text(event.content)
    return "\n\n".join(part for part in ("\n".join(facts), body, f"Plus d'informations : {event.absolute_url}") if part)


def event_component(event: Event, domain: str) -> icalendar.Event:
    """The VEVENT without its stamps: what `digest` compares from one build to the next."""
    component = icalendar.Event()
    component.add("uid", uid(event.identity, domain))
    component.add("summary", event.title_with_state)
    schedule = event.schedule
    if schedule.all_day:
        component.add("dtstart", schedule.start.date())
        component.add("dtend", schedule.end.date())
        component.add("transp", "TRANSPARENT")
    else:
        component.add("dtstart", schedule.start if event.repeat else _moment(schedule.start))
        component.add("dtend", _moment(schedule.end))
    if event.repeat:
        component.add("rrule", repeat.recurrence(event.repeat, schedule))
        if event.repeat.exceptions:
            starts = [repeat.on_day(schedule, day).start for day in event.repeat.exceptions]
            component.add("exdate", [s.date() for s in starts] if schedule.all_day else starts)
    component.add("status", STATUS.get(event.state, "CONFIRMED"))
    component.add("location", event.location_label)
    if event.venue and event.venue.geo and not event.is_online_only:
        component.add("geo", (event.venue.geo.latitude, event.venue.geo.longitude))
    component.add("url", event.absolute_url, parameters={"VALUE": "URI"})
    if event.online and not event.is_cancelled:
        # FEATURE is a list: icalendar quotes a single "AUDIO,VIDEO" string, which is then one unknown feature.
        component.add("conference", event.online,
                      parameters={"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"], "LABEL": CONFERENCE_LABEL})
    component.add("description", description(event))
    categories = [event.cycle.title] if event.cycle else []
    categories += [tag for tag in event.tags if tag not in categories]
    if categories:
        component.add("categories", categories)
    return component


# Content lines already made, by property: (name, id(value)) → (value, line). The value is kept, so that its id
# cannot be another's while the entry lives.
KnownLines = dict[tuple[str, int], tuple[object, str]]


def content_lines(component: icalendar.Component, known: KnownLines | None = None) -> list[str]:
    """`component.content_lines()`, each property's line taken from `known` when it was made before.

    An event's lines are needed twice: without its stamps for `digest`, then with them for `serialise`.
    Making a line (parameters, escaping) is icalendar's slow part; only the stamps' are made twice.
    """
    known = {} if known is None else known
    lines = []
    for name, value in component.property_items():
        entry = known.get((name, id(value)))
        if entry is None or entry[0] is not value:
            entry = known[(name, id(value))] = (value, component.content_line(name, value))
        lines.append(entry[1])
    return [*lines, ""]


def digest(component: icalendar.Event, known: KnownLines | None = None) -> str:
    """What the memory compares: the component's content lines, unfolded (folding them is icalendar's slow part)."""
    return hashlib.sha256("\n".join(content_lines(component, known)).encode()).hexdigest()[:20]


def add_stamp(component: icalendar.Event, stamp: Stamp) -> None:
    component.add("dtstamp", stamp.moment)
    component.add("last-modified", stamp.moment)
    component.add("sequence", stamp.sequence)


def calendar(prodid: str, tz, name: str = "", caption: str = "", source: str = "",
             refresh: timedelta | None = None) -> icalendar.Calendar:
    """A VCALENDAR's own properties (its components are given to `to_ical`): `name`, `source` and `refresh`
    make it a subscription, a single event's file has none."""
    result = icalendar.Calendar()
    result.add("prodid", prodid)
    result.add("version", "2.0")
    result.add("calscale", "GREGORIAN")
    result.add("x-wr-timezone", tz.key)
    if name:
        result.add("name", name)
        result.add("x-wr-calname", name)
    if caption:
        result.add("description", caption)
        result.add("x-wr-caldesc", caption)
    if source:
        result.add("source", source, parameters={"VALUE": "URI"})
    if refresh:
        result.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        result.add("x-published-ttl", vDuration(refresh))
    return result


def years(events: Iterable[Event], fallback_year: int) -> tuple[int, int]:
    """The first and last year the events touch: what their calendar's VTIMEZONE must cover."""
    touched = [year for e in events for year in (e.span.start.year, e.span.end.year)] or [fallback_year]
    return min(touched), max(touched)


@functools.lru_cache(maxsize=64)
def timezone_block(tz: ZoneInfo, first_year: int, last_year: int) -> bytes:
    """The serialised VTIMEZONE: the agenda's thousands of calendars share a handful of year ranges."""
    return serialise(vtimezone(tz, first_year, last_year))


def to_ical(frame: bytes, components: Iterable[bytes]) -> bytes:
    """A calendar's bytes: `frame` (its own properties, `serialise(calendar(...))`) with `components` (its
    VTIMEZONE and VEVENTs, each serialised once per build) before its end.

    An event sits in up to five calendars (agenda, cycle, each speaker's, its own file), and thousands of
    one-event files share one frame: serialising each once instead of once per calendar was most of a
    cold build's calendar time. A component's lines never depend on its parent, so the result is byte for
    byte what `calendar.to_ical()` gives with the same components added (a test holds it to that).
    """
    end = b"END:VCALENDAR\r\n"
    if not frame.endswith(end):
        raise ValueError("icalendar did not end the calendar with END:VCALENDAR")
    return frame[: -len(end)] + b"".join(components) + end


def vevent_block(calendar: bytes) -> bytes:
    """The VEVENT of a one-event calendar, as `to_ical` put it there (a folded line never starts a line)."""
    start = calendar.index(b"\r\nBEGIN:VEVENT\r\n") + 2
    end = calendar.index(b"\r\nEND:VEVENT\r\n", start) + len(b"\r\nEND:VEVENT\r\n")
    return calendar[start:end]


FOLD_OCTETS = 74  # icalendar's folding: at most 74 octets before each CRLF (RFC 5545 §3.1 allows 75)
ESCAPE_OCTETS = b"\\^"  # TEXT and RFC 6868 escapes, which icalendar never separates from what they escape


def fold(line: str) -> bytes:
    """One content line folded exactly as icalendar folds it, computed on its UTF-8 bytes a segment at a time.

    icalendar encodes the line character by character to count octets: that was most of a cold build's
    calendar time. A test holds this function to icalendar's own folding on thousands of lines.
    """
    data = line.encode()
    segments = []
    start = 0
    while len(data) - start > FOLD_OCTETS:
        end = start + FOLD_OCTETS
        while data[end] & 0xC0 == 0x80:  # inside a multi-byte character: fold before it
            end -= 1
        if data[end - 1] in ESCAPE_OCTETS:
            end -= 1
        segments.append(data[start:end])
        start = end
    segments.append(data[start:])
    return b"\r\n ".join(segments)


def serialise(component: icalendar.Component, known: KnownLines | None = None) -> bytes:
    """`component.to_ical()`: icalendar's content lines (names, parameters, escaped values), folded by `fold`."""
    return b"".join(fold(line) + b"\r\n" for line in content_lines(component, known) if line)
