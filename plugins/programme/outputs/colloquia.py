"""Colloquia beyond their pages: the listing, each session's « Ajouter à mon agenda », the printed programme.

The printed programme is a PDF beside each language's page (`colloques/<slug>/programme.pdf`,
`en/colloquia/<slug>/programme.pdf`), A4, made by `pdf.render` from the `colloquium_print` template and the
print stylesheet (`theme/print/programme.css`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import calendar_links, pdf
from .site import Site

if TYPE_CHECKING:
    from ..content.colloquia import ColloquiumPage
    from ..content.colloquium_views import SessionView
    from ..content.programme import Programme

PRINT_TEMPLATE = "colloquium_print"
PRINT_STYLESHEET = ("print", "programme.css")  # under the theme: read by WeasyPrint, never published


def listing(programme: Programme) -> dict:
    """Colloquia to come (the soonest first), then those that are over (the latest first)."""
    upcoming = [colloquium for colloquium in programme.colloquia if not colloquium.is_over]
    past = [colloquium for colloquium in reversed(programme.colloquia) if colloquium.is_over]
    return {"upcoming_colloquia": upcoming, "past_colloquia": past}


@dataclass(frozen=True)
class _SessionEntry:
    """A session as `calendar_links.links` reads an event."""

    title_with_state: str
    summary: str
    location_label: str


def location_label(page: ColloquiumPage, room: str) -> str:
    venue = page.venue
    parts = (room, venue.title if venue else "", venue.address if venue else "")
    return ", ".join(part for part in parts if part)


def session_summary(page: ColloquiumPage, session: SessionView) -> str:
    """The talks and their speakers, in the page's language: what a calendar entry says of a session."""
    lines = [page.title]
    for talk in session.talks:
        speakers = ", ".join(speaker.title for speaker in talk.speakers)
        lines.append(f"{talk.time_label} {talk.title.value}" + (f" ({speakers})" if speakers else ""))
    return "\n".join(lines)


def session_calendar(page: ColloquiumPage, session: SessionView) -> calendar_links.AddToCalendar | None:
    """Google and Outlook.com links that add one session; none for a break, nor once the colloquium is over."""
    if page.is_over or not session.talks:
        return None
    entry = _SessionEntry(f"{session.title.value} — {page.title}", session_summary(page, session),
                          location_label(page, session.room))
    return calendar_links.links(entry, session.session.schedule, f"{page.absolute_url}#{session.anchor}")


def pages(programme: Programme) -> list[ColloquiumPage]:
    return [*programme.colloquia, *programme.translations]


def pdf_path(page: ColloquiumPage) -> str:
    return posixpath.join(posixpath.dirname(page.save_as), page.settings["PROGRAMME_PDF_NAME"])


def print_html(site: Site, page: ColloquiumPage) -> str:
    """The printed programme's HTML: links absolute, since a PDF is read away from the site."""
    context = {**site.context, "page": page, "SITEURL": site.public_url}
    return site.template(PRINT_TEMPLATE).render(context)


def stylesheet(site: Site) -> Path:
    return Path(site.settings["THEME"], *PRINT_STYLESHEET)


def write(site: Site) -> None:
    """Each language's printed programme; an unchanged one comes from the cache (`pdf.render`)."""
    if not site.settings["PROGRAMME_PDF_NAME"]:
        return
    cache = pdf.cache_root(site)
    for page in pages(site.programme):
        data = pdf.render(print_html(site, page), page.relative_source_path, cache, (stylesheet(site),))
        site.write(pdf_path(page), data)
