"""The .ics files: the agenda, each cycle's, each researcher's (subscriptions) and each event's own.

Subscriptions hold the events of the last `CALENDAR_HISTORY` and every future one; an event's own
file always exists. Files are written as plain bytes (never compressed: Outlook fails on gzip).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import ical, ledger
from .calendar_links import CalendarFile, calendar_file

if TYPE_CHECKING:
    import icalendar

    from .contents import Event
    from .generator import ProgrammeGenerator


def agenda_calendar(generator: ProgrammeGenerator) -> CalendarFile:
    settings = generator.settings
    return calendar_file(settings, generator.options.public_url, "AGENDA", f"Agenda — {settings['SITENAME']} (calendrier)")


def advertise(generator: ProgrammeGenerator) -> None:
    """Every page's <head> points to the agenda's calendar; the agenda page shows how to subscribe."""
    calendar = agenda_calendar(generator)
    generator.context["agenda_calendar"] = calendar
    generator.context["site_alternate_links"].append(calendar.alternate_link)


def write_all(generator: ProgrammeGenerator) -> ledger.Ledger:
    """Every calendar; the ledger with this build's stamps, for `ledger.stage` (this may run in a child process)."""
    settings, options, programme = generator.settings, generator.options, generator.programme
    memory = ledger.Ledger.load(Path(generator.path) / settings["CALENDAR_LEDGER"])
    vevents: dict[str, bytes] = {}  # serialised once, or taken from the event's own published file
    components: dict[str, tuple[icalendar.Event, ical.KnownLines]] = {}
    for event in programme.events:
        component, known = ical.event_component(event, options.site_domain), {}
        stamp = memory.stamp(event.slug, ical.digest(component, known), options.now)
        ical.add_stamp(component, stamp)
        event.modified = stamp.moment  # when the event last changed: the feeds date their entries by it
        components[event.slug] = component, known

    def vevent(event: Event) -> bytes:
        if event.slug not in vevents:
            vevents[event.slug] = ical.serialise(*components.pop(event.slug))
        return vevents[event.slug]
    prodid = f"-//{options.site_domain}//{settings['SITENAME']}//FR"
    since = options.now - settings["CALENDAR_HISTORY"]

    published = PublishedCalendars(settings)
    frames: dict[str, bytes] = {}  # serialised once per set of headers: every event's own file has the same

    def write(save_as: str, events: list[Event], **subscription) -> bytes:
        if subscription:
            events = [event for event in events if event.span.end > since]
            subscription.update(refresh=settings["CALENDAR_REFRESH"], source=f"{options.public_url}/{save_as}")
        headers = str(sorted((k, str(v)) for k, v in subscription.items()))
        inputs = [prodid, options.timezone.key, options.now.year, headers,
                  [(event.slug, memory.stamps[event.slug].digest, memory.stamps[event.slug].sequence) for event in events]]
        data = published.unchanged(save_as, inputs)
        if data is None:
            if headers not in frames:
                frames[headers] = ical.serialise(ical.calendar(prodid, options.timezone, **subscription))
            zone = ical.timezone_block(options.timezone, *ical.years(events, options.now.year))
            data = ical.to_ical(frames[headers], [zone, *map(vevent, events)])
            published.record(save_as, data)
        path = os.path.join(generator.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)
        return data

    for event in programme.events:  # first: a reused file holds the event's VEVENT as icalendar wrote it
        data = write(event.calendar.url, [event])
        if event.slug not in vevents:
            vevents[event.slug] = ical.vevent_block(data)
    agenda = agenda_calendar(generator)
    write(agenda.url, programme.events, name=f"{settings['SITENAME']} — Agenda", caption=settings.get("SITESUBTITLE", ""))
    for holder in (*programme.cycles, *programme.researchers):
        write(holder.calendar.url, holder.events, name=f"{settings['SITENAME']} — {holder.title}",
              caption=f"Les rendez-vous : {holder.title}")
    published.save()
    return memory


class PublishedCalendars:
    """Calendars whose inputs did not change are taken from the published output, not serialised again.

    icalendar folds every line character by character, and each event sits in several calendars: that
    was half of a rebuild. A calendar is reused only when its inputs (each event's digest and sequence,
    the headers) match the last build's AND the published file is the one that build wrote (its hash):
    a build that failed after writing calendars never leaves a wrong file to reuse. Only with
    `CACHE_CONTENT`; production builds (`publishconf.py`) always serialise.
    """

    def __init__(self, settings: dict):
        self.enabled = bool(settings.get("CACHE_CONTENT"))
        self.index = Path(settings["CACHE_PATH"]) / "calendars.json"
        self.output = Path(settings["OUTPUT_PATH"])
        self.previous = json.loads(self.index.read_text(encoding="utf-8")) if self.enabled and self.index.is_file() else {}
        self.current: dict[str, list[str]] = {}
        self._keys: dict[str, str] = {}

    def unchanged(self, save_as: str, inputs: list) -> bytes | None:
        key = hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode()).hexdigest()
        self._keys[save_as] = key
        known = self.previous.get(save_as)
        path = self.output / save_as
        if not self.enabled or known is None or known[0] != key or not path.is_file():
            return None
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != known[1]:
            return None
        self.current[save_as] = known
        return data

    def record(self, save_as: str, data: bytes) -> None:
        self.current[save_as] = [self._keys[save_as], hashlib.sha256(data).hexdigest()]

    def save(self) -> None:
        if self.enabled and self.current != self.previous:
            self.index.parent.mkdir(parents=True, exist_ok=True)
            self.index.write_text(json.dumps(self.current, sort_keys=True), encoding="utf-8")
