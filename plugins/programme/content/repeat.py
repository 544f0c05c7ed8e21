"""Repeating events: the `Repeat` and `Except` fields, the dates they give, and their RRULE.

Staff write a series in plain words, French or English, in any order:
« tous les mercredis jusqu'au 2027-01-06 », « chaque semaine, 6 fois », « toutes les 2 semaines
jusqu'au 30/06/2027 », « le premier dimanche du mois jusqu'au 2027-06-30 », « chaque mois, 5 fois »,
« weekly until 2027-01-06 », « monthly last saturday x 5 ». `Date` is the first date of the series;
a series always ends (a date or a count), so every expansion is bounded.

The dates follow RFC 5545 exactly (COUNT counts the excepted dates too; a monthly series on the 31st
skips shorter months), so the agenda pages and the calendars' RRULE/EXDATE always agree.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

from icalendar import vRecur

from ..problems import FieldError
from .fields import SKIPPED_HOUR, ParseContext, is_skipped, parse_moment
from .french import ORDINAL_NAMES, WEEKDAY_NAMES
from .models import Repeat, Schedule

MAX_OCCURRENCES = 200
REPEAT_FORMS = (
    "« tous les mercredis jusqu'au 2027-01-06 », « chaque semaine, 6 fois », « toutes les 2 semaines "
    "jusqu'au 30/06/2027 », « le premier dimanche du mois jusqu'au 2027-06-30 », « chaque mois, 5 fois » "
    "(en anglais : « weekly until 2027-01-06 », « monthly first sunday x 5 »)"
)

WEEK_WORDS = {"semaine", "semaines", "hebdomadaire", "week", "weeks", "weekly"}
MONTH_WORDS = {"mois", "mensuel", "mensuelle", "month", "months", "monthly"}
COUNT_WORDS = {"fois", "times", "occurrences", "seances", "dates", "sessions"}
UNTIL_WORDS = {"jusqu'au", "jusqu'a", "jusqu", "until", "till"}
FILLERS = {"le", "la", "les", "l", "de", "du", "d", "chaque", "tous", "toutes", "au", "a", "every", "each", "on",
           "the", "of", "in", "et", "and"}
ORDINALS = {"premier": 1, "1er": 1, "first": 1, "deuxieme": 2, "second": 2, "2e": 2, "troisieme": 3, "third": 3,
            "3e": 3, "quatrieme": 4, "fourth": 4, "4e": 4, "dernier": -1, "last": -1}
WEEKDAYS = {name: number for number, names in enumerate([
    ("lundi", "monday"), ("mardi", "tuesday"), ("mercredi", "wednesday"), ("jeudi", "thursday"),
    ("vendredi", "friday"), ("samedi", "saturday"), ("dimanche", "sunday"),
]) for name in names}
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_TOKEN = re.compile(r"\d+[-/.]\d+[-/.]\d+|x\d+|[a-z0-9]+(?:'[a-z]+)?")


def _tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return _TOKEN.findall("".join(c for c in folded if not unicodedata.combining(c)))


def _problem(message: str) -> FieldError:
    return FieldError(message, f"formes acceptées : {REPEAT_FORMS}.")


def parse_repeat(text: str, ctx: ParseContext) -> Repeat:
    """The series as written; whether `Date` fits it is checked by `check_series`."""
    found: dict[str, object] = {}

    def put(key: str, value: object) -> None:
        if key in found and found[key] != value:
            raise _problem(f"« {text} » se contredit (deux {'fins' if key in ('until', 'count') else 'rythmes'}).")
        found[key] = value

    tokens = _tokens(text)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        index += 1
        if token in FILLERS:
            continue
        if token in WEEK_WORDS:
            put("frequency", "weekly")
        elif token in MONTH_WORDS:
            put("frequency", "monthly")
        elif token in ORDINALS:
            put("ordinal", ORDINALS[token])
        elif token in WEEKDAYS or token.rstrip("s") in WEEKDAYS:
            put("weekday", WEEKDAYS.get(token, WEEKDAYS.get(token.rstrip("s"))))
        elif token in UNTIL_WORDS:
            while index < len(tokens) and tokens[index] in FILLERS:
                index += 1
            if index >= len(tokens) or not tokens[index][0].isdigit():
                raise _problem(f"« {text} » : il manque la date après « jusqu'au ».")
            put("until", _day(tokens[index], ctx))
            index += 1
        elif re.fullmatch(r"x\d+", token):
            put("count", int(token[1:]))
        elif token == "x" and following.isdigit():
            put("count", int(following))
            index += 1
        elif token.isdigit() and following in COUNT_WORDS:
            put("count", int(token))
            index += 1
        elif token.isdigit() and (following in WEEK_WORDS or following in MONTH_WORDS):
            put("interval", int(token))
        elif token[0].isdigit() and not token.isdigit():
            raise _problem(f"« {text} » : mettez « jusqu'au » devant la date de fin.")
        else:
            raise _problem(f"« {token} » n'est pas compris dans « {text} ».")
    return _make_rule(text, found)


def _day(token: str, ctx: ParseContext) -> date:
    value = parse_moment(token, ctx)
    if isinstance(value, datetime):
        raise _problem("la date de fin ne prend pas d'heure.")
    return value


def _make_rule(text: str, found: dict) -> Repeat:
    weekday, ordinal = found.get("weekday"), found.get("ordinal")
    frequency = found.get("frequency") or ("monthly" if ordinal else "weekly" if weekday is not None else None)
    if frequency is None:
        raise _problem(f"« {text} » ne dit pas le rythme (chaque semaine, chaque mois, tous les mercredis…).")
    if ordinal is not None and (frequency == "weekly" or weekday is None):
        raise _problem(f"« {text} » : « premier », « dernier »… vont avec un jour et « du mois », "
                       "ex. « le premier dimanche du mois ».")
    if frequency == "monthly" and weekday is not None and ordinal is None:
        raise _problem(f"« {text} » : précisez quel {WEEKDAY_NAMES[weekday]} du mois "
                       "(premier, deuxième, troisième, quatrième ou dernier).")
    if "until" in found and "count" in found:
        raise _problem(f"« {text} » : donnez soit une date de fin, soit un nombre de fois, pas les deux.")
    if "until" not in found and "count" not in found:
        raise _problem(f"« {text} » ne dit pas quand la série s'arrête : "
                       "ajoutez « jusqu'au 2027-06-30 » ou « 6 fois ».")
    interval = found.get("interval", 1)
    if not 1 <= interval <= 12:
        raise _problem(f"« {text} » : l'intervalle doit aller de 1 à 12.")
    count = found.get("count")
    if count is not None and not 2 <= count <= MAX_OCCURRENCES:
        raise _problem(f"« {text} » : le nombre de fois doit aller de 2 à {MAX_OCCURRENCES}.")
    return Repeat(frequency, interval, weekday, ordinal, found.get("until"), count)


def parse_dates(text: str, ctx: ParseContext) -> tuple[date, ...]:
    """`Except`: dates separated by commas, each in one of the accepted date forms."""
    days = []
    for part in (part.strip() for part in text.split(",")):
        if not part:
            continue
        value = parse_moment(part, ctx)
        if isinstance(value, datetime):
            raise FieldError(f"« {part} » : donnez seulement la date, sans heure.",
                             "ex. « Except: 2026-12-30, 06/01/2027 ».")
        days.append(value)
    return tuple(sorted(set(days)))


def check_series(repeat: Repeat, schedule: Schedule) -> None:
    """`Date` must itself be a date of the series (RFC 5545 leaves the other case to each client)."""
    first = schedule.first_day
    if repeat.weekday is not None and first.weekday() != repeat.weekday:
        raise FieldError(f"la première date ({first:%d/%m/%Y}, champ « Date ») n'est pas un {WEEKDAY_NAMES[repeat.weekday]}.",
                         "corrigez « Date » ou le jour dans « Repeat ».")
    if repeat.ordinal is not None and _nth_weekday(first.year, first.month, repeat.weekday, repeat.ordinal) != first:
        raise FieldError(
            f"la première date ({first:%d/%m/%Y}, champ « Date ») n'est pas le {ORDINAL_NAMES[repeat.ordinal]} "
            f"{WEEKDAY_NAMES[repeat.weekday]} du mois.", "corrigez « Date » ou « Repeat ».")
    if repeat.until is not None and repeat.until <= first:
        raise FieldError("la date de fin de la série est avant la première date.", "« jusqu'au » suit « Date ».")
    if len(series_days(repeat, first, limit=MAX_OCCURRENCES + 1)) > MAX_OCCURRENCES:
        raise FieldError(f"la série compte plus de {MAX_OCCURRENCES} dates.", "rapprochez la date de fin.")


def with_exceptions(repeat: Repeat, exceptions: tuple[date, ...], schedule: Schedule) -> Repeat:
    """Attach `Except`; each date must be one of the series, so a typo cannot silently do nothing."""
    days = set(series_days(repeat, schedule.first_day))
    stray = [day for day in exceptions if day not in days]
    if stray:
        raise FieldError(f"{', '.join(f'{day:%d/%m/%Y}' for day in stray)} ne fait pas partie de la série.",
                         "« Except » ne peut retirer que des dates que « Repeat » donne.")
    if len(exceptions) >= len(days):
        raise FieldError("toutes les dates de la série sont retirées.", "retirez « Repeat » et « Except », ou une date d'« Except ».")
    return replace(repeat, exceptions=exceptions)


def check_skipped_hours(repeat: Repeat, schedule: Schedule) -> None:
    """No date of the series may start in the hour skipped when clocks go forward, as `Date` may not."""
    if schedule.all_day:
        return
    skipped = [s.first_day for s in occurrences(schedule, repeat) if is_skipped(s.start)]
    if skipped:
        first, *others = skipped
        also = f" De même le {', '.join(f'{day:%d/%m/%Y}' for day in others)}." if others else ""
        raise FieldError(f"{schedule.start:%H:%M} n'existe pas le {first:%d/%m/%Y} : {SKIPPED_HOUR}.{also}",
                         f"retirez ces dates (« Except: {', '.join(f'{day:%Y-%m-%d}' for day in skipped)} ») ou "
                         "choisissez une heure à partir de 03:00.")


def series_days(repeat: Repeat, first: date, limit: int = MAX_OCCURRENCES) -> list[date]:
    """Every date of the series, excepted ones included (they count in COUNT), at most `limit`."""
    days: list[date] = []
    cap = min(repeat.count or limit, limit)
    for day in _candidates(repeat, first):
        if len(days) == cap or repeat.until is not None and day > repeat.until:
            break
        days.append(day)
    return days


def _candidates(repeat: Repeat, first: date) -> Iterator[date]:
    step = 0
    while True:
        if repeat.frequency == "weekly":
            yield first + timedelta(weeks=step * repeat.interval)
        else:
            year, month = divmod(first.month - 1 + step * repeat.interval, 12)
            year, month = first.year + year, month + 1
            if repeat.ordinal is not None:
                yield _nth_weekday(year, month, repeat.weekday, repeat.ordinal)
            elif first.day <= calendar.monthrange(year, month)[1]:
                yield date(year, month, first.day)
        step += 1


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    days = [day for day in calendar.Calendar().itermonthdates(year, month) if day.month == month and day.weekday() == weekday]
    return days[ordinal - 1 if ordinal > 0 else ordinal]


def occurrences(schedule: Schedule, repeat: Repeat | None) -> tuple[Schedule, ...]:
    """The schedule of each date that takes place, in order; an event without `Repeat` has one."""
    if repeat is None:
        return (schedule,)
    return tuple(on_day(schedule, day) for day in series_days(repeat, schedule.first_day) if day not in repeat.exceptions)


def on_day(schedule: Schedule, day: date) -> Schedule:
    """`schedule` on another day: same wall-clock start, same elapsed duration (RFC 5545, 3.8.5.3)."""
    tz = schedule.start.tzinfo
    if schedule.all_day:
        days = schedule.end.date() - schedule.start.date()
        return Schedule(datetime.combine(day, time(0), tz), datetime.combine(day + days, time(0), tz), True)
    start = datetime.combine(day, schedule.start.time(), tz)
    elapsed = schedule.end.astimezone(timezone.utc) - schedule.start.astimezone(timezone.utc)
    return Schedule(start, (start.astimezone(timezone.utc) + elapsed).astimezone(tz), False)


def recurrence(repeat: Repeat, schedule: Schedule) -> vRecur:
    """The RRULE of the series. A count is written as the equivalent UNTIL (the last date of the series):
    some clients (calcurse) wrongly leave the EXDATEs out of COUNT. UNTIL is a DATE for all-day events
    and UTC otherwise, as RFC 5545 requires with a TZID start."""
    first = schedule.first_day
    last = series_days(repeat, first)[-1]
    rule: dict[str, object] = {"freq": repeat.frequency.upper()}
    if repeat.interval > 1:
        rule["interval"] = repeat.interval
    if schedule.all_day:
        rule["until"] = last
    else:
        rule["until"] = datetime.combine(last, time(23, 59, 59), schedule.start.tzinfo).astimezone(timezone.utc)
    if repeat.frequency == "weekly":
        rule["byday"] = RRULE_DAYS[first.weekday()]
    elif repeat.ordinal is not None:
        rule["byday"] = f"{repeat.ordinal}{RRULE_DAYS[repeat.weekday]}"
    else:
        rule["bymonthday"] = first.day
    return vRecur(rule)
