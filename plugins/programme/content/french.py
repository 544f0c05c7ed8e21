"""Everything the public reads about dates, states and accessibility, in French, in one place."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date

from .models import Repeat, Schedule, State

LOCALE = "fr_FR"

STATE_LABELS = {
    State.SCHEDULED: "",
    State.CANCELLED: "Annulé",
    State.POSTPONED: "Reporté",
    State.RESCHEDULED: "Nouvelle date",
    State.MOVED_ONLINE: "En ligne uniquement",
    State.FULL: "Complet",
}

ACCESSIBILITY_LABELS = {
    "motor": "Handicap moteur",
    "hearing": "Handicap auditif",
    "visual": "Handicap visuel",
    "intellectual": "Handicap mental",
    "psychic": "Handicap psychique",
}


def day_label(day: date) -> str:
    """« jeudi 3 décembre 2026 », with « 1er » for the first of the month (a datetime: its own wall-clock day)."""
    return _day_label(day.date() if isinstance(day, datetime) else day)


@lru_cache(maxsize=None)  # Babel is slow and a listing prints the same days over and over
def _day_label(day: date) -> str:
    text = format_date(day, "EEEE d MMMM y", locale=LOCALE)
    return text.replace(" 1 ", " 1er ", 1) if day.day == 1 else text


def time_label(moment: datetime) -> str:
    """« 19 h » on the hour, « 19 h 30 » otherwise."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def start_label(schedule: Schedule) -> str:
    """« mardi 3 décembre 2026, 19 h », or just the day for all-day events."""
    if schedule.all_day:
        return day_label(schedule.first_day)
    return f"{day_label(schedule.first_day)}, {time_label(schedule.start)}"


def schedule_label(schedule: Schedule) -> str:
    """The whole span in one phrase, as a person would say it."""
    first, last = schedule.first_day, schedule.last_day
    if schedule.all_day:
        return day_label(first) if first == last else f"du {day_label(first)} au {day_label(last)}"
    if first == last:
        return f"{day_label(first)}, de {time_label(schedule.start)} à {time_label(schedule.end)}"
    return f"du {start_label(schedule)}, au {day_label(last)}, {time_label(schedule.end)}"


WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
ORDINAL_NAMES = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", -1: "dernier"}


def series_label(repeat: Repeat, first: Schedule, last: Schedule) -> str:
    """« tous les mercredis, du mercredi 23 décembre 2026 au mercredi 6 janvier 2027, de 14 h à 16 h
    (sauf le mercredi 30 décembre 2026) »."""
    weekday = WEEKDAY_NAMES[first.first_day.weekday()]
    if repeat.frequency == "weekly":
        rhythm = f"tous les {weekday}s" if repeat.interval == 1 else f"toutes les {repeat.interval} semaines, le {weekday}"
    else:
        day_of_month = "1er" if first.first_day.day == 1 else first.first_day.day
        day = f"le {ORDINAL_NAMES[repeat.ordinal]} {weekday}" if repeat.ordinal else f"le {day_of_month}"
        rhythm = f"{day} de chaque mois" if repeat.interval == 1 else f"{day} du mois, tous les {repeat.interval} mois"
    text = f"{rhythm}, du {day_label(first.first_day)} au {day_label(last.first_day)}"
    if not first.all_day and not first.multi_day:
        text += f", de {time_label(first.start)} à {time_label(first.end)}"
    if repeat.exceptions:
        days = [f"le {day_label(day)}" for day in repeat.exceptions]
        text += f" (sauf {days[0] if len(days) == 1 else ', '.join(days[:-1]) + ' et ' + days[-1]})"
    return text


def month_label(year: int, month: int) -> str:
    """« Décembre 2026 », for agenda headings."""
    return format_date(date(year, month, 1), "MMMM y", locale=LOCALE).capitalize()


@lru_cache(maxsize=None)
def day_in_month_label(day: date) -> str:
    """« jeudi 3 décembre », « mardi 1er décembre »: a day under its month's heading (the month's programme)."""
    text = format_date(day, "EEEE d MMMM", locale=LOCALE)
    return text.replace(" 1 ", " 1er ", 1) if day.day == 1 else text


def short_date(day: date) -> str:
    """« 3 déc. 2026 », for compact lists."""
    return format_date(day, "d MMM y", locale=LOCALE)


def duration_label(seconds: int) -> str:
    """« 1 h 02 min », « 12 min 05 s »."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if secs else f"{minutes} min"
