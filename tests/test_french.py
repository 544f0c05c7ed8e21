"""French day labels are memoised: the memo must never answer for another day."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from programme.content.french import day_label


def test_the_same_instant_in_two_zones_keeps_each_its_own_day():
    paris = datetime(2026, 12, 4, 0, 30, tzinfo=ZoneInfo("Europe/Paris"))
    utc = paris.astimezone(timezone.utc)  # equal instants, equal hashes
    assert day_label(paris) == "vendredi 4 décembre 2026"
    assert day_label(utc) == "jeudi 3 décembre 2026"


def test_first_of_the_month():
    assert day_label(date(2026, 10, 1)) == "jeudi 1er octobre 2026"
