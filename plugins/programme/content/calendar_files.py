"""Where each calendar of ours lives (`<KIND>_CALENDAR_SAVE_AS`), and the links that subscribe to it.

Every URL is percent-encoded with `quote` (Outlook shows a `+` for a space literally).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"


def query(params: dict[str, str]) -> str:
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
        return f"{GOOGLE_TEMPLATE}?{query({'cid': self.webcal_url})}"

    @property
    def alternate_link(self) -> dict[str, str]:
        return {"type": "text/calendar", "title": self.title, "href": self.absolute_url}


def calendar_file(settings: dict, base: str, kind: str, title: str, slug: str = "") -> CalendarFile:
    """`kind` names the setting: AGENDA, CYCLE, RESEARCHER or EVENT (`<KIND>_CALENDAR_SAVE_AS`)."""
    return CalendarFile(title, settings[f"{kind}_CALENDAR_SAVE_AS"].format(slug=slug), base)
