"""Links to our calendars (subscribe, download) and into other people's (Google Calendar, Outlook.com).

Every URL is built here, percent-encoded with `quote` (Outlook shows a `+` for a space literally).
Times in the "add" links are UTC (`Z`), so no client has to guess a local time around a DST change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from ..content.models import Schedule

if TYPE_CHECKING:
    from ..content.contents import Event

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
OUTLOOK_COMPOSE = "https://outlook.live.com/calendar/0/deeplink/compose"


def _query(params: dict[str, str]) -> str:
    return urlencode(params, quote_via=quote)


@dataclass(frozen=True)
class CalendarFile:
    """One of our .ics files, as the pages link to it; `base` is the site's absolute URL."""

    title: str
    url: str
    base: str

    @property
    def absolute_url(self) -> str:
        return f"{self.base}/{self.url}"

    @property
    def webcal_url(self) -> str:
        """The form that makes Apple Calendar, Outlook and Thunderbird offer a subscription."""
        return "webcal://" + self.absolute_url.split("://", 1)[1]

    @property
    def google_subscribe_url(self) -> str:
        """Google's own "add by URL" page: Android phones do not open `webcal://` links themselves."""
        return f"{GOOGLE_TEMPLATE}?{_query({'cid': self.webcal_url})}"

    @property
    def alternate_link(self) -> dict[str, str]:
        return {"type": "text/calendar", "title": self.title, "href": self.absolute_url}


def calendar_file(settings: dict, base: str, kind: str, title: str, slug: str = "") -> CalendarFile:
    """`kind` names the setting: AGENDA, CYCLE, RESEARCHER or EVENT (`<KIND>_CALENDAR_SAVE_AS`)."""
    return CalendarFile(title, settings[f"{kind}_CALENDAR_SAVE_AS"].format(slug=slug), base)


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


def add_to_calendar(event: Event, schedule: Schedule, page_url: str, note: str = "") -> AddToCalendar:
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
    return AddToCalendar(f"{GOOGLE_TEMPLATE}?{_query(google)}", f"{OUTLOOK_COMPOSE}?{_query(outlook)}", note)
