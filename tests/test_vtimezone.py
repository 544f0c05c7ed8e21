"""The VTIMEZONE we write, read back by icalendar's own VTIMEZONE interpreter and compared with the tz database."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from programme.outputs.vtimezone import vtimezone


@pytest.mark.parametrize(
    ("name", "rules"),
    [
        ("Europe/Paris", 2),  # last Sunday of March and of October
        ("Australia/Sydney", 2),  # the southern hemisphere: first Sunday of April and of October
        ("America/Sao_Paulo", 0),  # no daylight saving time since 2019
        ("UTC", 0),
        ("Asia/Jerusalem", None),  # the Friday before the last Sunday of March: no RRULE for that, one RDATE a year
    ],
)
def test_vtimezone_gives_the_offsets_of_the_tz_database(name, rules):
    zone = ZoneInfo(name)
    component = vtimezone(zone, 2026, 2027)
    text = component.to_ical().decode()
    assert text.count("RRULE:FREQ=YEARLY") == (rules or 0)
    assert ("RDATE" in text) is (rules is None)
    defined = component.to_tz(lookup_tzid=False)
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    while moment < datetime(2028, 1, 1, tzinfo=timezone.utc):
        assert moment.astimezone(defined).utcoffset() == moment.astimezone(zone).utcoffset(), moment
        moment += timedelta(hours=1)
