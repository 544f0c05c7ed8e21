"""schema.org `Event` for each event page, as JSON-LD that search engines read.

The state maps onto `eventStatus` (a full event stays scheduled, with a sold-out offer), the venue and
the online address onto `location` and `eventAttendanceMode`. Accessibility codes become the place's
`amenityFeature` (schema.org has no accessibility property for events). A repeating event carries its
rule as an `eventSchedule`. The text is safe inside <script>: every `<`, `>` and `&` is escaped.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from .models import Schedule, State

if TYPE_CHECKING:
    from .contents import Event

SCHEMA = "https://schema.org/"
STATUS = {
    State.SCHEDULED: "EventScheduled",
    State.CANCELLED: "EventCancelled",
    State.POSTPONED: "EventPostponed",
    State.RESCHEDULED: "EventRescheduled",
    State.MOVED_ONLINE: "EventMovedOnline",
    State.FULL: "EventScheduled",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FREE = re.compile(r"\b(libre|gratuit|gratuite|free)\b", re.IGNORECASE)
AMOUNT = re.compile(r"(\d+(?:[.,]\d{1,2})?)\s*(?:€|euros?|EUR)", re.IGNORECASE)


def moment(schedule: Schedule, value) -> str:
    """ISO 8601 with the offset; a bare date for all-day events (the last day, not the exclusive end)."""
    return value.date().isoformat() if schedule.all_day else value.isoformat()


def _dates(schedule: Schedule) -> dict[str, str]:
    last = schedule.last_day.isoformat() if schedule.all_day else schedule.end.isoformat()
    return {"startDate": moment(schedule, schedule.start), "endDate": last}


def _place(event: Event) -> dict:
    venue = event.venue
    place: dict = {"@type": "Place", "name": venue.title, "url": venue.absolute_url}
    if venue.address:
        place["address"] = postal_address(venue.address)
    if venue.geo:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.geo.latitude, "longitude": venue.geo.longitude}
    if event.accessibility:
        place["amenityFeature"] = [
            {"@type": "LocationFeatureSpecification", "name": f"Accessible : {label}", "value": True}
            for _code, label in event.accessibility_items
        ]
    return place


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
    return mode, [_place(event), *online]


def offer(event: Event) -> dict | None:
    """An Offer when there is something to say: a price (« Entrée libre » is 0 €) or a registration."""
    price_text = event.price_label
    free = FREE.search(price_text) and not AMOUNT.search(price_text)
    amount = AMOUNT.search(price_text)
    if not (free or amount or event.registration):
        return None
    result = {"@type": "Offer", "url": event.registration or event.absolute_url, "description": price_text,
              "availability": SCHEMA + ("SoldOut" if event.state is State.FULL else "InStock")}
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


def event_data(event: Event, base: str) -> dict:
    mode, locations = _location(event)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": event.absolute_url,
        "description": f"{event.state_label}. {event.summary}" if event.state_label else event.summary,
        **_dates(event.schedule),
        "eventStatus": SCHEMA + STATUS[event.state],
        "eventAttendanceMode": SCHEMA + mode,
        "location": locations[0] if len(locations) == 1 else locations,
        "inLanguage": "fr",
    }
    if event.previous_schedule and event.state is State.RESCHEDULED:
        data["previousStartDate"] = moment(event.previous_schedule, event.previous_schedule.start)
    if event.repeat:
        data["eventSchedule"] = _schedule(event)
    if event.speakers:
        data["performer"] = [_person(speaker) for speaker in event.speakers]
    organizer = event.settings.get("ORGANIZER_NAME")
    if organizer:
        data["organizer"] = {"@type": "Organization", "name": organizer, "url": event.settings.get("ORGANIZER_URL") or base}
    image = event.image or (event.cycle.image if event.cycle else "")
    if image:
        data["image"] = [f"{base}/{image}"]
    if event.cycle:
        data["superEvent"] = {"@type": "EventSeries", "name": event.cycle.title, "url": event.cycle.absolute_url}
    if event.audience:
        data["audience"] = {"@type": "Audience", "audienceType": event.audience}
    found = offer(event)
    if found:
        data["offers"] = found
        data["isAccessibleForFree"] = found.get("price") == "0"
    return data


def _person(researcher) -> dict:
    person = {"@type": "Person", "name": researcher.title, "url": researcher.absolute_url}
    if researcher.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": researcher.affiliation}
    if researcher.orcid:
        person["sameAs"] = f"https://orcid.org/{researcher.orcid}"
    return person


def script_json(data: object) -> str:
    """JSON to print inside `<script type="application/ld+json">`: compact (Python's C encoder, not the
    slow indenting one) and unable to close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Only strings can hold these characters, and \u escapes are valid JSON: nothing can close the <script>.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def event_json_ld(event: Event, base: str) -> str:
    return script_json(event_data(event, base))
