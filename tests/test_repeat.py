"""Repeating events: the `Repeat`/`Except` syntax, the dates of a series, its RRULE and its French label."""

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from programme.content import french
from programme.content.fields import ParseContext, make_schedule
from programme.content.models import Repeat
from programme.content.repeat import (
    check_series,
    check_skipped_hours,
    occurrences,
    parse_dates,
    parse_repeat,
    recurrence,
    series_days,
    with_exceptions,
)
from programme.problems import FieldError

PARIS = ZoneInfo("Europe/Paris")
CTX = ParseContext(PARIS, Path("."))
WEDNESDAY = 2


def timed(start: datetime, end: datetime):
    return make_schedule(start.replace(tzinfo=PARIS), end.replace(tzinfo=PARIS), CTX)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tous les mercredis jusqu'au 2027-01-06", Repeat("weekly", weekday=WEDNESDAY, until=date(2027, 1, 6))),
        ("Tous les mercredis jusqu’au 06/01/2027", Repeat("weekly", weekday=WEDNESDAY, until=date(2027, 1, 6))),
        ("chaque semaine, 6 fois", Repeat("weekly", count=6)),
        ("toutes les 2 semaines jusqu'au 30/06/2027", Repeat("weekly", interval=2, until=date(2027, 6, 30))),
        ("le premier dimanche du mois jusqu'au 2027-06-30", Repeat("monthly", weekday=6, ordinal=1, until=date(2027, 6, 30))),
        ("chaque mois, le dernier samedi, 5 fois", Repeat("monthly", weekday=5, ordinal=-1, count=5)),
        ("Le 2e mardi de chaque mois x4", Repeat("monthly", weekday=1, ordinal=2, count=4)),
        ("chaque mois, 5 fois", Repeat("monthly", count=5)),
        ("tous les 3 mois jusqu'au 2027-12-31", Repeat("monthly", interval=3, until=date(2027, 12, 31))),
        ("weekly until 2027-01-06", Repeat("weekly", until=date(2027, 1, 6))),
        ("every 2 weeks x 6", Repeat("weekly", interval=2, count=6)),
        ("monthly first sunday until 2027-06-30", Repeat("monthly", weekday=6, ordinal=1, until=date(2027, 6, 30))),
        ("monthly last saturday x5", Repeat("monthly", weekday=5, ordinal=-1, count=5)),
    ],
)
def test_accepted_repeat_forms(text, expected):
    assert parse_repeat(text, CTX) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("chaque semaine", "ne dit pas quand la série s'arrête"),
        ("jusqu'au 2027-01-06", "ne dit pas le rythme"),
        ("chaque semaine, 6 fois, jusqu'au 2027-01-06", "pas les deux"),
        ("chaque semaine, chaque mois, 6 fois", "se contredit"),
        ("chaque dimanche du mois, 3 fois", "précisez quel dimanche du mois"),
        ("premier dimanche, chaque semaine, 3 fois", "« premier », « dernier »"),
        ("tous les jours, 3 fois", "« jours » n'est pas compris"),
        ("chaque semaine 2027-01-06", "mettez « jusqu'au » devant la date de fin"),
        ("chaque semaine jusqu'au", "il manque la date"),
        ("chaque semaine, 1 fois", "de 2 à 200"),
        ("chaque semaine, 500 fois", "de 2 à 200"),
        ("toutes les 0 semaines, 3 fois", "de 1 à 12"),
    ],
)
def test_rejected_repeat_forms_say_why_and_show_the_accepted_ones(text, fragment):
    with pytest.raises(FieldError) as error:
        parse_repeat(text, CTX)
    assert fragment in error.value.message
    assert "tous les mercredis jusqu'au 2027-01-06" in error.value.hint


def test_until_date_in_an_unknown_form_names_the_date_forms():
    with pytest.raises(FieldError) as error:
        parse_repeat("chaque semaine jusqu'au 2027-13-45", CTX)
    assert "2026-12-03 19:00" in error.value.hint


def test_except_dates():
    assert parse_dates("2026-12-30, 06/01/2027, 2026-12-30", CTX) == (date(2026, 12, 30), date(2027, 1, 6))
    with pytest.raises(FieldError, match="sans heure"):
        parse_dates("2026-12-30 14:00", CTX)


@pytest.mark.parametrize(
    ("repeat", "first", "expected"),
    [
        (Repeat("weekly", count=3), date(2026, 12, 23), [date(2026, 12, 23), date(2026, 12, 30), date(2027, 1, 6)]),
        (Repeat("weekly", interval=2, until=date(2027, 1, 20)), date(2026, 12, 23),
         [date(2026, 12, 23), date(2027, 1, 6), date(2027, 1, 20)]),
        # RFC 5545: a monthly series on the 31st skips the months without one.
        (Repeat("monthly", count=4), date(2027, 1, 31), [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31), date(2027, 7, 31)]),
        (Repeat("monthly", weekday=6, ordinal=1, until=date(2027, 3, 31)), date(2026, 12, 6),
         [date(2026, 12, 6), date(2027, 1, 3), date(2027, 2, 7), date(2027, 3, 7)]),
        (Repeat("monthly", weekday=5, ordinal=-1, count=3), date(2026, 10, 31), [date(2026, 10, 31), date(2026, 11, 28), date(2026, 12, 26)]),
    ],
)
def test_series_days(repeat, first, expected):
    assert series_days(repeat, first) == expected


def test_count_includes_excepted_dates_as_rfc_5545_says():
    schedule = timed(datetime(2026, 12, 23, 14), datetime(2026, 12, 23, 16))
    series = with_exceptions(Repeat("weekly", count=3), (date(2026, 12, 30),), schedule)
    assert [s.first_day for s in occurrences(schedule, series)] == [date(2026, 12, 23), date(2027, 1, 6)]


def test_occurrences_keep_wall_clock_time_and_elapsed_duration_across_dst():
    schedule = timed(datetime(2027, 3, 24, 14), datetime(2027, 3, 24, 16, 30))  # clocks go forward on the 28th
    dates = occurrences(schedule, Repeat("weekly", count=2))
    assert [(s.start.hour, s.end.hour, s.end.minute) for s in dates] == [(14, 16, 30), (14, 16, 30)]
    assert [s.start.astimezone(timezone.utc).hour for s in dates] == [13, 12]


def test_all_day_series_keeps_its_length_in_days():
    schedule = make_schedule(date(2026, 12, 5), date(2026, 12, 6), CTX)
    dates = occurrences(schedule, Repeat("weekly", count=2))
    assert [(s.first_day, s.last_day, s.all_day) for s in dates] == [
        (date(2026, 12, 5), date(2026, 12, 6), True), (date(2026, 12, 12), date(2026, 12, 13), True)]


@pytest.mark.parametrize(
    ("repeat", "start", "fragment"),
    [
        (Repeat("weekly", weekday=WEDNESDAY, count=3), datetime(2026, 12, 24, 14), "n'est pas un mercredi"),
        (Repeat("monthly", weekday=6, ordinal=1, count=3), datetime(2026, 12, 13, 15), "n'est pas le premier dimanche"),
        (Repeat("weekly", until=date(2026, 12, 1)), datetime(2026, 12, 23, 14), "avant la première date"),
        (Repeat("weekly", until=date(2031, 1, 1)), datetime(2026, 12, 23, 14), "plus de 200 dates"),
    ],
)
def test_series_must_fit_its_first_date(repeat, start, fragment):
    with pytest.raises(FieldError, match=fragment):
        check_series(repeat, timed(start, start.replace(hour=start.hour + 1)))


def test_exceptions_must_be_dates_of_the_series():
    schedule = timed(datetime(2026, 12, 23, 14), datetime(2026, 12, 23, 16))
    with pytest.raises(FieldError, match="31/12/2026 ne fait pas partie de la série"):
        with_exceptions(Repeat("weekly", count=3), (date(2026, 12, 31),), schedule)
    with pytest.raises(FieldError, match="toutes les dates"):
        with_exceptions(Repeat("weekly", count=2), (date(2026, 12, 23), date(2026, 12, 30)), schedule)


@pytest.mark.parametrize(
    ("start", "repeat", "skipped"),
    [
        (datetime(2027, 3, 14, 2, 30), Repeat("weekly", count=3), ["28/03/2027"]),  # clocks go forward on the 28th
        (datetime(2027, 3, 14, 2, 30), Repeat("weekly", count=3, exceptions=(date(2027, 3, 28),)), []),
        (datetime(2027, 3, 14, 3, 0), Repeat("weekly", count=3), []),
        (datetime(2026, 10, 18, 2, 30), Repeat("weekly", count=2), []),  # clocks go back: 02:30 happens twice
        (datetime(2026, 4, 26, 2, 30), Repeat("monthly", weekday=6, ordinal=-1, count=24), ["28/03/2027", "26/03/2028"]),
    ],
)
def test_a_series_date_in_the_hour_skipped_by_the_clocks_is_refused(start, repeat, skipped):
    schedule = timed(start, start + timedelta(hours=1))
    if not skipped:
        check_skipped_hours(repeat, schedule)
        return
    with pytest.raises(FieldError) as error:
        check_skipped_hours(repeat, schedule)
    assert f"02:30 n'existe pas le {skipped[0]}" in error.value.message
    assert all(day in error.value.message for day in skipped)
    assert "Except:" in error.value.hint


def test_an_all_day_series_has_no_skipped_hour():
    """In Chile clocks go forward at midnight: 6 September 2026 exists, its 00:00 does not."""
    santiago = ParseContext(ZoneInfo("America/Santiago"), Path("."))
    weekly = Repeat("weekly", count=3)
    check_skipped_hours(weekly, make_schedule(date(2026, 8, 30), None, santiago))  # all day: no hour to skip
    midnight = datetime(2026, 8, 30, tzinfo=santiago.timezone)
    with pytest.raises(FieldError, match="00:00 n'existe pas le 06/09/2026"):
        check_skipped_hours(weekly, make_schedule(midnight, None, santiago))


@pytest.mark.parametrize(
    ("repeat", "schedule", "rrule"),
    [
        (Repeat("weekly", until=date(2027, 1, 6)), timed(datetime(2026, 12, 23, 14), datetime(2026, 12, 23, 16)),
         "FREQ=WEEKLY;UNTIL=20270106T225959Z;BYDAY=WE"),
        # A count becomes the UNTIL of the last date, excepted or not.
        (Repeat("weekly", interval=2, count=3), timed(datetime(2027, 3, 17, 14), datetime(2027, 3, 17, 16)),
         "FREQ=WEEKLY;UNTIL=20270414T215959Z;INTERVAL=2;BYDAY=WE"),
        (Repeat("monthly", weekday=6, ordinal=1, count=3), timed(datetime(2026, 12, 6, 15), datetime(2026, 12, 6, 16)),
         "FREQ=MONTHLY;UNTIL=20270207T225959Z;BYDAY=1SU"),
        (Repeat("monthly", weekday=5, ordinal=-1, until=date(2027, 2, 28)), make_schedule(date(2026, 12, 26), None, CTX),
         "FREQ=MONTHLY;UNTIL=20270227;BYDAY=-1SA"),
        (Repeat("monthly", count=2), make_schedule(date(2027, 1, 15), None, CTX), "FREQ=MONTHLY;UNTIL=20270215;BYMONTHDAY=15"),
    ],
)
def test_rrule(repeat, schedule, rrule):
    assert recurrence(repeat, schedule).to_ical().decode() == rrule


def test_french_label_of_a_series():
    schedule = timed(datetime(2026, 12, 2, 14, 30), datetime(2026, 12, 2, 16, 30))
    series = with_exceptions(Repeat("weekly", weekday=WEDNESDAY, until=date(2027, 1, 13)),
                             (date(2026, 12, 23), date(2026, 12, 30)), schedule)
    dates = occurrences(schedule, series)
    assert french.series_label(series, dates[0], dates[-1]) == (
        "tous les mercredis, du mercredi 2 décembre 2026 au mercredi 13 janvier 2027, de 14 h 30 à 16 h 30 "
        "(sauf le mercredi 23 décembre 2026 et le mercredi 30 décembre 2026)")
    monthly = make_schedule(date(2026, 12, 6), None, CTX)
    first_sundays = Repeat("monthly", weekday=6, ordinal=1, count=3)
    dates = occurrences(monthly, first_sundays)
    assert french.series_label(first_sundays, dates[0], dates[-1]) == (
        "le premier dimanche de chaque mois, du dimanche 6 décembre 2026 au dimanche 7 février 2027")


def test_series_mistakes_are_reported_with_file_line_and_field(site):
    from programme.problems import ContentError

    header = "Title: Atelier\nVenue: museum\n"
    site.write("evenements/jeudi.md", header + "Date: 2026-12-24 14:00\nRepeat: tous les mercredis, 3 fois\n\nTexte.")
    site.write("evenements/sans-serie.md", header + "Date: 2026-12-23 14:00\nExcept: 2026-12-30\n\nTexte.")
    site.write("evenements/hors-serie.md", header + "Date: 2026-12-23 14:00\nRepeat: chaque semaine, 3 fois\n"
                                                    "Except: 2026-12-31\n\nTexte.")
    site.write("evenements/sans-fin.md", header + "Date: 2026-12-23 14:00\nRepeat: tous les mercredis\n"
                                                  "Except: 2026-12-30\n\nTexte.")
    site.write("evenements/nuit.md", header + "Date: 2027-03-14 02:30\nRepeat: chaque semaine, 3 fois\n\nTexte.")
    with pytest.raises(ContentError) as error:
        site.build()
    message = str(error.value)
    for expected in [
        "evenements/jeudi.md, ligne 4, champ « Repeat » : la première date (24/12/2026, champ « Date ») n'est pas un mercredi.",
        "evenements/sans-serie.md, ligne 4, champ « Except » : « Except » sans « Repeat »",
        "evenements/hors-serie.md, ligne 5, champ « Except » : 31/12/2026 ne fait pas partie de la série.",
        "evenements/sans-fin.md, ligne 4, champ « Repeat » : « tous les mercredis » ne dit pas quand la série s'arrête",
        "evenements/nuit.md, ligne 4, champ « Repeat » : 02:30 n'existe pas le 28/03/2027 : cette nuit-là les horloges",
    ]:
        assert expected in message
    assert "sans-fin.md, ligne 5" not in message  # a mistaken Repeat is reported once, not again through Except
