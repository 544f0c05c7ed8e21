"""schema.org `Event` for each event page, as JSON-LD that search engines read.

The state maps onto `eventStatus` (a full event stays scheduled, with a sold-out offer; a cancelled one's
offer is discontinued), the venue and the online address onto `location` and `eventAttendanceMode`.
Accessibility codes become the place's `amenityFeature` (schema.org has no accessibility property for
events). A repeating event is an `EventSeries` carrying its rule (`eventSchedule`), with one `Event` per
date still to come (the next `OCCURRENCES`), each linked to it by `superEvent`: a search engine then
shows the next date, not a series that ended with its first date. Images are crops in the shapes
search engines ask for, published beside the other derivatives. The text is safe inside <script>:
every `<`, `>` and `&` is escaped.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from ..content.models import Schedule, State

if TYPE_CHECKING:
    from ..content.contents import Event

SCHEMA = "https://schema.org/"
STATUS = {
    State.SCHEDULED: "EventScheduled",
    State.CANCELLED: "EventCancelled",
    State.POSTPONED: "EventPostponed",
    State.RESCHEDULED: "EventRescheduled",
    State.MOVED_ONLINE: "EventMovedOnline",
    State.FULL: "EventScheduled",
}
AVAILABILITY = {State.FULL: "SoldOut", State.CANCELLED: "Discontinued"}
OCCURRENCES = 12  # the dates of a series described one by one: a year of a monthly series, a term of a weekly one
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FREE = re.compile(r"\b(libre|gratuit|gratuite|free)\b", re.IGNORECASE)
AMOUNT = re.compile(r"(\d+(?:[.,]\d{1,2})?)\s*(?:€|euros?|EUR)", re.IGNORECASE)


def moment(schedule: Schedule, value) -> str:
    """ISO 8601 with the offset; a bare date for all-day events (the last day, not the exclusive end)."""
    return value.date().isoformat() if schedule.all_day else value.isoformat()


def dates(schedule: Schedule) -> dict[str, str]:
    last = schedule.last_day.isoformat() if schedule.all_day else schedule.end.isoformat()
    return {"startDate": moment(schedule, schedule.start), "endDate": last}


def place(venue, features: list[tuple[str, str]] | None = None) -> dict:
    """A venue as `Place`; `features` are the accessibility of the event held there (else the venue's own)."""
    data: dict = {"@type": "Place", "name": venue.title, "url": venue.absolute_url}
    if venue.address:
        data["address"] = postal_address(venue.address)
    if venue.geo:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": venue.geo.latitude, "longitude": venue.geo.longitude}
    features = venue.accessibility_items if features is None else features
    if features:
        data["amenityFeature"] = [
            {"@type": "LocationFeatureSpecification", "name": f"Accessible : {label}", "value": True}
            for _code, label in features
        ]
    return data


def postal_address(text: str) -> dict:
    """« 6 rue Marcel Proust, 45000 Orléans » → street, postal code, locality; otherwise the whole line."""
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    street, _, town = text.rpartition(",")
    match = re.fullmatch(r"\s*(\d{5})\s+(.+)", town)
    if street and match:
        address.update(streetAddress=street.strip(), postalCode=match[1], addressLocality=match[2].strip())
    else:
        address["streetAddress"] = text.strip()
    return address


def _location(event: Event) -> tuple[str, list[dict]]:
    """The attendance mode and where to attend."""
    online = [{"@type": "VirtualLocation", "url": event.online}] if event.online else []
    if event.is_online_only:
        return "OnlineEventAttendanceMode", online
    mode = "MixedEventAttendanceMode" if online else "OfflineEventAttendanceMode"
    return mode, [place(event.venue, event.accessibility_items), *online]


def offer(event: Event) -> dict | None:
    """An Offer when there is something to say: a price (« Entrée libre » is 0 €) or a registration."""
    price_text = event.price_label
    free = FREE.search(price_text) and not AMOUNT.search(price_text)
    amount = AMOUNT.search(price_text)
    if not (free or amount or event.registration):
        return None
    result = {"@type": "Offer", "url": event.registration or event.absolute_url, "description": price_text,
              "availability": SCHEMA + AVAILABILITY.get(event.state, "InStock")}
    if free or amount:
        result.update(price="0" if free else amount[1].replace(",", "."), priceCurrency="EUR")
    return result


def _schedule(event: Event) -> dict:
    """A repeating event's rule, in schema.org's words for RRULE."""
    repeat, first = event.repeat, event.schedule
    result = {
        "@type": "Schedule",
        "repeatFrequency": f"P{repeat.interval}W" if repeat.frequency == "weekly" else f"P{repeat.interval}M",
        "startDate": first.first_day.isoformat(),
        "endDate": event.occurrences[-1].first_day.isoformat(),
        "scheduleTimezone": first.start.tzinfo.key,
    }
    if repeat.frequency == "weekly" or repeat.ordinal:
        result["byDay"] = SCHEMA + WEEKDAYS[first.first_day.weekday()]
    else:
        result["byMonthDay"] = first.first_day.day
    if repeat.ordinal:
        result["byMonthWeek"] = repeat.ordinal
    if not first.all_day:
        result.update(startTime=first.start.strftime("%H:%M:%S"), endTime=first.end.strftime("%H:%M:%S"))
    if repeat.exceptions:
        result["exceptDate"] = [day.isoformat() for day in repeat.exceptions]
    return result


def event_data(event: Event, base: str, schedule: Schedule | None = None) -> dict:
    """The `Event` of one date of it (`schedule`, the first by default), without `@context`."""
    mode, locations = _location(event)
    data = {
        "@type": "Event",
        "name": event.title,
        "url": event.absolute_url,
        "description": f"{event.state_label}. {event.summary}" if event.state_label else event.summary,
        **dates(schedule or event.schedule),
        "eventStatus": SCHEMA + STATUS[event.state],
        "eventAttendanceMode": SCHEMA + mode,
        "location": locations[0] if len(locations) == 1 else locations,
        "inLanguage": "fr",
    }
    if event.previous_schedule and event.state is State.RESCHEDULED:
        data["previousStartDate"] = moment(event.previous_schedule, event.previous_schedule.start)
    if event.speakers:
        data["performer"] = [person(speaker) for speaker in event.speakers]
    organizer = organisation(event.settings, base)
    if organizer:
        data["organizer"] = organizer
    if event.search_images:
        data["image"] = [f"{base}/{path}" for path in event.search_images]
    if event.cycle:
        data["superEvent"] = {"@type": "EventSeries", "@id": f"{event.cycle.absolute_url}#cycle",
                              "name": event.cycle.title, "url": event.cycle.absolute_url}
    if event.audience:
        data["audience"] = {"@type": "Audience", "audienceType": event.audience}
    found = offer(event)
    if found:
        data["offers"] = found
        data["isAccessibleForFree"] = found.get("price") == "0"
    return data


def event_graph(event: Event, base: str) -> dict:
    """An event's JSON-LD: its `Event`; for a repeating event, the series and its coming dates."""
    if not event.repeat:
        return {"@context": "https://schema.org", **event_data(event, base)}
    whole = event_data(event, base)
    series_id = f"{event.absolute_url}#serie"
    series = {key: value for key, value in whole.items() if key not in ("offers", "isAccessibleForFree",
                                                                          "previousStartDate", "performer")}
    series.update({"@type": "EventSeries", "@id": series_id, "eventSchedule": _schedule(event),
                   **dates(Schedule(event.occurrences[0].start, event.occurrences[-1].end, event.schedule.all_day))})
    occurrences = event.upcoming_occurrences[:OCCURRENCES] or [event.occurrences[-1]]
    events = []
    for schedule in occurrences:
        occurrence = event_data(event, base, schedule)
        occurrence["@id"] = f"{event.absolute_url}#{moment(schedule, schedule.start)}"
        occurrence["superEvent"] = {"@id": series_id}
        events.append(occurrence)
    return {"@context": "https://schema.org", "@graph": [series, *events]}


def organisation(settings: dict, base: str) -> dict | None:
    """The museum, as organiser of every event: the `Organization` the home page describes in full."""
    name = settings.get("ORGANIZER_NAME")
    if not name:
        return None
    return {"@type": "Organization", "@id": f"{base}/#organisation", "name": name,
            "url": settings.get("ORGANIZER_URL") or f"{base}/"}


def person(researcher) -> dict:
    """A researcher as `Person`: who they are, where they work, and their other profiles (ORCID, website)."""
    data = {"@type": "Person", "@id": f"{researcher.absolute_url}#personne", "name": researcher.title,
            "url": researcher.absolute_url}
    if researcher.role:
        data["jobTitle"] = researcher.role
    if researcher.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": researcher.affiliation}
    same_as = [f"https://orcid.org/{researcher.orcid}"] if researcher.orcid else []
    if researcher.website:
        same_as.append(researcher.website)
    if same_as:
        data["sameAs"] = same_as
    return data


def script_json(data: object) -> str:
    """JSON to print inside `<script type="application/ld+json">`: compact (Python's C encoder, not the
    slow indenting one) and unable to close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Only strings can hold these characters, and \u escapes are valid JSON: nothing can close the <script>.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
