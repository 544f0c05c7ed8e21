"""The .ics files: the agenda, each cycle's, each researcher's (subscriptions) and each event's own.

Subscriptions hold the events of the last `CALENDAR_HISTORY` and every future one; an event's own
file always exists. Files are written as plain bytes (never compressed: Outlook fails on gzip).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import ical, ledger
from .calendar_links import CalendarFile, calendar_file

if TYPE_CHECKING:
    from .contents import Event
    from .generator import ProgrammeGenerator


def agenda_calendar(generator: ProgrammeGenerator) -> CalendarFile:
    settings = generator.settings
    return calendar_file(settings, generator.options.public_url, "AGENDA", f"Agenda — {settings['SITENAME']} (calendrier)")


def advertise(generator: ProgrammeGenerator) -> None:
    """Every page's <head> points to the agenda's calendar; the agenda page shows how to subscribe."""
    calendar = agenda_calendar(generator)
    generator.context["agenda_calendar"] = calendar
    generator.context["alternate_links"].append(calendar.alternate_link)


def write_all(generator: ProgrammeGenerator) -> None:
    settings, options, programme = generator.settings, generator.options, generator.programme
    memory = ledger.Ledger.load(Path(generator.path) / settings["CALENDAR_LEDGER"])
    components = {}
    for event in programme.events:
        component = ical.event_component(event, options.site_domain)
        stamp = memory.stamp(event.slug, ical.digest(component), options.now)
        ical.add_stamp(component, stamp)
        event.modified = stamp.moment  # when the event last changed: the feeds date their entries by it
        components[event.slug] = component
    prodid = f"-//{options.site_domain}//{settings['SITENAME']}//FR"
    since = options.now - settings["CALENDAR_HISTORY"]

    def write(save_as: str, events: list[Event], **subscription) -> None:
        if subscription:
            events = [event for event in events if event.span.end > since]
            subscription.update(refresh=settings["CALENDAR_REFRESH"], source=f"{options.public_url}/{save_as}")
        body = ical.calendar(prodid, events, components, options.timezone, options.now.year, **subscription)
        path = os.path.join(generator.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(body.to_ical())

    agenda = agenda_calendar(generator)
    write(agenda.url, programme.events, name=f"{settings['SITENAME']} — Agenda", caption=settings.get("SITESUBTITLE", ""))
    for holder in (*programme.cycles, *programme.researchers):
        write(holder.calendar.url, holder.events, name=f"{settings['SITENAME']} — {holder.title}",
              caption=f"Les rendez-vous : {holder.title}")
    for event in programme.events:
        write(event.calendar.url, [event])
    ledger.stage(settings, memory)
