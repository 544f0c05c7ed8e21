"""Links into other people's calendars (Google Calendar, Outlook.com) that add one date of an event.

Times are UTC (`Z`), so no client has to guess a local time around a DST change; our own calendars'
addresses are `content.calendar_files`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone
from typing import TYPE_CHECKING

from ..content import french
from ..content.calendar_files import GOOGLE_TEMPLATE, query
from ..content.models import Schedule

if TYPE_CHECKING:
    from ..content.contents import Event

OUTLOOK_COMPOSE = "https://outlook.live.com/calendar/0/deeplink/compose"


@dataclass(frozen=True)
class AddToCalendar:
    """Links that open Google Calendar or Outlook.com with one date of the event filled in."""

    google_url: str
    outlook_url: str
    note: str = ""


def _stamp(schedule: Schedule, moment, compact: bool) -> str:
    if schedule.all_day:
        return f"{moment:%Y%m%d}" if compact else f"{moment:%Y-%m-%d}"
    utc = moment.astimezone(timezone.utc)
    return f"{utc:%Y%m%dT%H%M%SZ}" if compact else f"{utc:%Y-%m-%dT%H:%M:%SZ}"


def add_to_calendar(event: Event) -> AddToCalendar | None:
    """Google and Outlook.com links for the event's next date; none once it is over or cancelled."""
    if event.is_cancelled or not event.upcoming_occurrences:
        return None
    schedule = event.upcoming_occurrences[0]
    note = ""
    if event.repeat:
        note = (f"Les liens Google et Outlook ajoutent la prochaine date ({french.start_label(schedule)}) ; "
                "le fichier .ics contient toute la série.")
    return links(event, schedule, event.absolute_url, note)


def links(event: Event, schedule: Schedule, page_url: str, note: str = "") -> AddToCalendar:
    """`schedule` is the date to add (a repeating event's next one); all-day ends are exclusive."""
    details = f"{event.summary}\n\n{page_url}" if event.summary else page_url
    google = {
        "action": "TEMPLATE",
        "text": event.title_with_state,
        "dates": f"{_stamp(schedule, schedule.start, True)}/{_stamp(schedule, schedule.end, True)}",
        "details": details,
        "location": event.location_label,
        "ctz": schedule.start.tzinfo.key,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title_with_state,
        "startdt": _stamp(schedule, schedule.start, False),
        "enddt": _stamp(schedule, schedule.end, False),
        "location": event.location_label,
        "body": details,
    }
    if schedule.all_day:
        outlook["allday"] = "true"
    return AddToCalendar(f"{GOOGLE_TEMPLATE}?{query(google)}", f"{OUTLOOK_COMPOSE}?{query(outlook)}", note)
