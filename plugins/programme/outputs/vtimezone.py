"""The VTIMEZONE of the site's time zone, written as yearly rules (RRULE) read from the tz database.

icalendar's `Timezone.from_tzinfo` lists each change as an RDATE; Outlook ignores RDATEs in a
VTIMEZONE and shifts summer events by an hour. So we find the actual changes over the years a
calendar needs and, when each kind of change falls on the same weekday rule every year (Europe/Paris:
last Sunday of March at 02:00, last Sunday of October at 03:00), write one DAYLIGHT and one STANDARD
component with that rule, as Google, Apple and Microsoft do. A zone whose changes follow no yearly
rule gets each change as an RDATE (icalendar's `from_tzinfo` misses changes a few weeks apart).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_STEPS = (timedelta(days=1), timedelta(hours=1), timedelta(minutes=15))


@dataclass(frozen=True)
class Change:
    """One change of UTC offset; `local` is the wall-clock time it happens at, before the change."""

    local: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def rule(self) -> tuple[int, int, int, tuple[int, int]]:
        """(month, weekday, week of the month — -1 for the last —, time of day)."""
        day = self.local.date()
        last = day.day + 7 > calendar.monthrange(day.year, day.month)[1]
        return day.month, day.weekday(), -1 if last else (day.day - 1) // 7 + 1, (self.local.hour, self.local.minute)


@lru_cache(maxsize=64)
def changes(tz: ZoneInfo, first_year: int, last_year: int) -> tuple[Change, ...]:
    """Every offset change from 1 January of `first_year` to 31 December of `last_year` (each calendar asks)."""
    found = []
    moment = datetime(first_year, 1, 1, tzinfo=timezone.utc)
    end = datetime(last_year + 1, 1, 1, tzinfo=timezone.utc)
    while moment < end:
        following = moment + _STEPS[0]
        if following.astimezone(tz).utcoffset() != moment.astimezone(tz).utcoffset():
            moment = _narrow(tz, moment)
            before, after = (moment - _STEPS[-1]).astimezone(tz), moment.astimezone(tz)
            found.append(Change((moment + before.utcoffset()).replace(tzinfo=None), before.utcoffset(),
                                after.utcoffset(), after.tzname() or "", bool(after.dst())))
            following = moment + _STEPS[-1]
        moment = following
    return tuple(found)


def _narrow(tz: ZoneInfo, start: datetime) -> datetime:
    """The first instant (to a quarter of an hour) after `start` with a different offset."""
    offset = start.astimezone(tz).utcoffset()
    for step in _STEPS[1:]:
        while (start + step).astimezone(tz).utcoffset() == offset:
            start += step
    return start + _STEPS[-1]


def vtimezone(tz: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE valid for events from `first_year` to `last_year` (its rules start a year earlier)."""
    found = changes(tz, first_year - 1, last_year + 1)
    kinds: dict[tuple, list[Change]] = defaultdict(list)
    for change in found:
        kinds[(change.offset_from, change.offset_to, change.name, change.daylight)].append(change)
    years = list(range(first_year - 1, last_year + 2))
    yearly = bool(found) and all(len({change.rule for change in same}) == 1 and [change.local.year for change in same] == years
                                 for same in kinds.values())
    component = Timezone()
    component.add("tzid", tz.key)
    component.add("x-lic-location", tz.key)
    if not yearly:  # the offset in force before the first change (or always, in a zone without changes)
        start = datetime(first_year - 1, 1, 1, tzinfo=tz)
        offset = start.utcoffset()
        part = TimezoneDaylight() if start.dst() else TimezoneStandard()
        component.add_component(_part(part, start.replace(tzinfo=None), offset, offset, start.tzname() or tz.key))
    for (offset_from, offset_to, name, daylight), same in sorted(kinds.items(), key=lambda kind: kind[1][0].local):
        part = _part(TimezoneDaylight() if daylight else TimezoneStandard(), same[0].local, offset_from, offset_to, name)
        if yearly:
            month, weekday, week, _time = same[0].rule
            part.add("rrule", vRecur(freq="YEARLY", bymonth=month, byday=f"{week}{RRULE_DAYS[weekday]}"))
        elif len(same) > 1:
            part.add("rdate", [change.local for change in same[1:]])
        component.add_component(part)
    return component


def _part(part, start: datetime, offset_from: timedelta, offset_to: timedelta, name: str):
    part.add("dtstart", start)
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)
    part.add("tzname", name)
    return part
