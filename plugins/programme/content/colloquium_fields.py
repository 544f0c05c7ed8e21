"""A colloquium's own field rules: whole days, an end after the start, deadlines that mean something."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..problems import FieldError, Problem
from . import fields as f


def parse_day(text: str, ctx: f.ParseContext) -> date:
    """A colloquium runs over whole days: the hours are in its programme."""
    value = f.parse_moment(text, ctx)
    if isinstance(value, datetime):
        raise FieldError(f"« {text.strip()} » donne une heure : un colloque se compte en journées.",
                         "donnez le jour seul, ex. « 2027-06-10 » ; les horaires vont dans le programme.")
    return value


def ends(deadline: date | datetime, zone: ZoneInfo) -> datetime:
    """When a deadline passes: at its time, or at the end of its day (a colloquium's last day too)."""
    if isinstance(deadline, datetime):
        return deadline
    return datetime.combine(date.fromordinal(deadline.toordinal() + 1), datetime.min.time(), zone)


def finish(values: dict[str, Any], lines: dict[str, int], names: Mapping[str, str], path: str) -> list[Problem]:
    """Rules that involve several fields of a colloquium."""
    problems = []
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and end < start:
        problems.append(Problem(path, "le colloque finit avant de commencer.", names["end"], lines.get("end"),
                                f"« {names['end']} » est le dernier jour du colloque."))
    last = end or start
    for deadline, link in (("registration_deadline", "registration"), ("call_deadline", "call")):
        if deadline in values and link not in values:
            problems.append(Problem(path, "une date limite sans adresse : la page ne saurait où envoyer.",
                                    names[deadline], lines.get(deadline),
                                    f"ajoutez « {names[link]}: https://… », ou retirez la date limite."))
        moment = values.get(deadline)
        day = moment.date() if isinstance(moment, datetime) else moment
        if day is not None and last is not None and day > last:
            problems.append(Problem(path, "la date limite tombe après la fin du colloque.", names[deadline],
                                    lines.get(deadline), "vérifiez la date : elle précède d'ordinaire le colloque.",
                                    warning=True))
    return problems
