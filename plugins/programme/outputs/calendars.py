"""The .ics files: the agenda, each cycle's, researcher's and project's (subscriptions) and each event's own.

Subscriptions hold the events of the last `CALENDAR_HISTORY` and every future one; an event's own
file always exists. Files are written as plain bytes (never compressed: Outlook fails on gzip).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import ledger
from ..content.calendar_files import CalendarFile, calendar_file
from . import ical
from .site import Site

if TYPE_CHECKING:
    import icalendar

    from ..content.contents import Event


def agenda_calendar(site: Site) -> CalendarFile:
    settings = site.settings
    return calendar_file(settings, site.public_url, "AGENDA", f"Agenda — {settings['SITENAME']} (calendrier)")


def advertise(site: Site) -> None:
    """Every page's <head> points to the agenda's calendar; the agenda page shows how to subscribe."""
    calendar = agenda_calendar(site)
    site.context["agenda_calendar"] = calendar
    site.context["site_alternate_links"].append(calendar.alternate_link)


def write_all(site: Site) -> ledger.Ledger:
    """Every calendar; the memory with this build's stamps, for `ledger.stage` (this may run in a child process)."""
    settings, programme, memory = site.settings, site.programme, site.memory
    files = CalendarFiles(site, memory)
    for event in programme.events:  # first: each event is stamped, and its VEVENT kept for the other calendars
        files.write_event(event)
    agenda = agenda_calendar(site)
    files.write(agenda.url, programme.events, name=f"{settings['SITENAME']} — Agenda",
                caption=settings.get("SITESUBTITLE", ""))
    for holder in (*programme.cycles, *programme.researchers, *programme.projects):
        label = holder.calendar_label
        files.write(holder.calendar.url, holder.events, name=f"{settings['SITENAME']} — {label}",
                    caption=f"Les rendez-vous : {label}")
    files.published.save()
    return memory


class CalendarFiles:
    """Writes calendars from VEVENTs serialised once each (see `ical.to_ical`).

    An event's icalendar component lives only while its own file is written: its serialised VEVENT, or
    the one its reused file holds, is what the agenda and the subscriptions are assembled from. Holding
    every component until the end took the forked process from 246 to 365 MiB at 8 000 events.
    """

    def __init__(self, site: Site, memory: ledger.Ledger):
        self.site, self.settings, self.options = site, site.settings, site.options
        self.memory = memory
        self.prodid = f"-//{self.options.site_domain}//{self.settings['SITENAME']}//FR"
        self.since = self.options.now - self.settings["CALENDAR_HISTORY"]
        self.published = PublishedCalendars(self.settings)
        self.vevents: dict[str, bytes] = {}  # serialised once, or taken from the event's own published file
        self.frames: dict[str, bytes] = {}  # serialised once per set of headers: every event's own file has the same
        self._unserialised: tuple[str, icalendar.Event, ical.KnownLines] | None = None  # the event being written

    def write_event(self, event: Event) -> None:
        """Stamp the event (the memory compares its digest), then write its own file."""
        component, known = ical.event_component(event, self.options.site_domain), {}
        start = ledger.written_start(event.schedule.start, event.schedule.all_day)
        stamp = self.memory.stamp(event.slug, ical.digest(component, known), self.options.now, start)
        ical.add_stamp(component, stamp)
        # When the event was first seen and last changed, if it did: the feeds date their entries by them.
        event.first_seen, event.modified = stamp.first_moment, stamp.changed
        self._unserialised = (event.slug, component, known)
        data = self.write(event.calendar.url, [event])
        self._unserialised = None
        if event.slug not in self.vevents:  # its file was reused: it holds the VEVENT as icalendar wrote it
            self.vevents[event.slug] = ical.vevent_block(data)

    def write(self, save_as: str, events: list[Event], **subscription) -> bytes:
        """One calendar file, taken from the published output when its inputs did not change."""
        settings, options, stamps = self.settings, self.options, self.memory.stamps
        if subscription:
            events = [event for event in events if event.span.end > self.since]
            subscription.update(refresh=settings["CALENDAR_REFRESH"], source=f"{options.public_url}/{save_as}")
        headers = str(sorted((k, str(v)) for k, v in subscription.items()))
        inputs = [self.prodid, options.timezone.key, options.now.year, headers,
                  [(event.slug, stamps[event.slug].digest, stamps[event.slug].sequence) for event in events]]
        data = self.published.unchanged(save_as, inputs)
        if data is None:
            if headers not in self.frames:
                self.frames[headers] = ical.serialise(ical.calendar(self.prodid, options.timezone, **subscription))
            zone = ical.timezone_block(options.timezone, *ical.years(events, options.now.year))
            data = ical.to_ical(self.frames[headers], [zone, *map(self._vevent, events)])
            self.published.record(save_as, data)
        self.site.write(save_as, data)
        return data

    def _vevent(self, event: Event) -> bytes:
        if event.slug not in self.vevents:  # only the event whose own file is being written can lack it
            slug, component, known = self._unserialised
            self.vevents[slug] = ical.serialise(component, known)
        return self.vevents[event.slug]


class PublishedCalendars:
    """Calendars whose inputs did not change are taken from the published output, not serialised again.

    icalendar folds every line character by character, and each event sits in several calendars: that
    was half of a rebuild. A calendar is reused only when its inputs (each event's digest and sequence,
    the headers) match the last build's AND the published file is the one that build wrote (its hash):
    a build that failed after writing calendars never leaves a wrong file to reuse. Only with
    `CACHE_CONTENT`; production builds (`publishconf.py`) always serialise.
    """

    def __init__(self, settings: dict, index: str = "calendars.json"):
        self.enabled = bool(settings.get("CACHE_CONTENT"))
        self.index = Path(settings["CACHE_PATH"]) / index
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
