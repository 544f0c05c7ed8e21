"""Pure field parsers and French labels."""

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from programme.content import french
from programme.content.fields import (
    ParseContext,
    make_schedule,
    parse_accessibility,
    parse_duration,
    parse_geo,
    parse_moment,
    parse_orcid,
    parse_slugs,
    parse_url,
)
from programme.content.models import Schedule
from programme.problems import FieldError

PARIS = ZoneInfo("Europe/Paris")
CTX = ParseContext(PARIS, Path("."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03 19:00", datetime(2026, 12, 3, 19, 0, tzinfo=PARIS)),
        ("2026-12-03T19:00", datetime(2026, 12, 3, 19, 0, tzinfo=PARIS)),
        ("2026-12-03 19h30", datetime(2026, 12, 3, 19, 30, tzinfo=PARIS)),
        ("31/12/2026 19h00", datetime(2026, 12, 31, 19, 0, tzinfo=PARIS)),
        ("03/12/2026 19h", datetime(2026, 12, 3, 19, 0, tzinfo=PARIS)),
        ("03/12/2026 à 19:15", datetime(2026, 12, 3, 19, 15, tzinfo=PARIS)),
        ("2026-12-03", date(2026, 12, 3)),
        ("03/12/2026", date(2026, 12, 3)),
    ],
)
def test_accepted_dates(text, expected):
    value = parse_moment(text, CTX)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("text", ["3 décembre 2026", "2026-13-01", "31/02/2026", "2026-12-03 25:00", "demain", "12/2026"])
def test_rejected_dates_name_the_accepted_forms(text):
    with pytest.raises(FieldError) as error:
        parse_moment(text, CTX)
    assert "2026-12-03 19:00" in error.value.hint


def test_time_skipped_by_daylight_saving_is_refused():
    with pytest.raises(FieldError, match="n'existe pas"):
        parse_moment("2027-03-28 02:30", CTX)


def test_ambiguous_time_when_clocks_go_back_is_the_first_occurrence():
    value = parse_moment("2026-10-25 02:30", CTX)
    assert value.utcoffset() == timedelta(hours=2)


def test_timed_event_lasts_two_hours_by_default():
    schedule = make_schedule(datetime(2026, 12, 3, 19, tzinfo=PARIS), None, CTX)
    assert schedule.end == datetime(2026, 12, 3, 21, tzinfo=PARIS) and not schedule.all_day


def test_all_day_event_ends_at_midnight_after_its_last_day():
    schedule = make_schedule(date(2026, 11, 14), date(2027, 2, 28), CTX)
    assert schedule.all_day
    assert schedule.end == datetime(2027, 3, 1, tzinfo=PARIS)
    assert schedule.last_day == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime(2026, 12, 3, 19, tzinfo=PARIS), datetime(2026, 12, 3, 18, tzinfo=PARIS)),
        (date(2026, 12, 3), date(2026, 12, 2)),
        (datetime(2026, 12, 3, 19, tzinfo=PARIS), date(2026, 12, 4)),
        (date(2026, 12, 3), datetime(2026, 12, 4, 12, tzinfo=PARIS)),
    ],
)
def test_inconsistent_end_is_refused(start, end):
    with pytest.raises(FieldError):
        make_schedule(start, end, CTX)


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"])
def test_valid_orcid(orcid):
    assert parse_orcid(orcid, CTX) == orcid.rsplit("/", 1)[-1]


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0098", "0000-0002-1825", "orcid 123"])
def test_invalid_orcid(orcid):
    with pytest.raises(FieldError):
        parse_orcid(orcid, CTX)


def test_geo_duration_url_slugs_and_codes():
    assert parse_geo("47.9095, 1.9096", CTX).latitude == 47.9095
    assert parse_duration("01:02:03", CTX) == 3723 and parse_duration("12:45", CTX) == 765
    assert parse_url("https://exemple.fr/a", CTX) == "https://exemple.fr/a"
    assert parse_slugs("Alice-Martin, café-été ,", CTX) == ["alice-martin", "cafe-ete"]
    assert parse_accessibility("visual, motor", CTX) == ("motor", "visual")
    for bad, parser in [("95, 1", parse_geo), ("1h", parse_duration), ("www.exemple.fr", parse_url), ("wheelchair", parse_accessibility)]:
        with pytest.raises(FieldError):
            parser(bad, CTX)


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (Schedule(datetime(2026, 12, 3, 19, tzinfo=PARIS), datetime(2026, 12, 3, 21, tzinfo=PARIS), False),
         "jeudi 3 décembre 2026, de 19 h à 21 h"),
        (Schedule(datetime(2026, 12, 1, 18, 30, tzinfo=PARIS), datetime(2026, 12, 1, 20, tzinfo=PARIS), False),
         "mardi 1er décembre 2026, de 18 h 30 à 20 h"),
        (Schedule(datetime(2026, 11, 14, tzinfo=PARIS), datetime(2027, 3, 1, tzinfo=PARIS), True),
         "du samedi 14 novembre 2026 au dimanche 28 février 2027"),
        (Schedule(datetime(2026, 12, 5, tzinfo=PARIS), datetime(2026, 12, 6, tzinfo=PARIS), True), "samedi 5 décembre 2026"),
        (Schedule(datetime(2026, 12, 3, 9, tzinfo=PARIS), datetime(2026, 12, 4, 17, tzinfo=PARIS), False),
         "du jeudi 3 décembre 2026, 9 h, au vendredi 4 décembre 2026, 17 h"),
    ],
)
def test_french_schedule_labels(schedule, expected):
    assert french.schedule_label(schedule) == expected


def test_french_start_and_month_labels():
    schedule = Schedule(datetime(2026, 12, 3, 19, tzinfo=PARIS), datetime(2026, 12, 3, 21, tzinfo=PARIS), False)
    assert french.start_label(schedule) == "jeudi 3 décembre 2026, 19 h"
    assert french.month_label(2026, 12) == "Décembre 2026"
    assert french.duration_label(3723) == "1 h 02 min"
