"""The month page's calendar: a table of the month, Monday first, weeks as rows, one cell per day.

A day that has dates links to its place in the list by day below the table (`day_anchor`) and says how many;
the build's day (`SITE_NOW`) is marked when it falls in the month. What the template prints is worked out
here, so that month.html only lays it out (as a table on screen, as a list on a phone: site.css).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..content import french

DAYS_IN_WEEK = 7


@dataclass(frozen=True)
class Weekday:
    """A column heading: the full name for assistive technologies, the short one shown."""

    name: str  # « lundi »
    short: str  # « lun. »


WEEKDAYS = tuple(Weekday(name, f"{name[:3]}.") for name in french.WEEKDAY_NAMES)


def day_anchor(day: date) -> str:
    """The id of a day in the month page's list by day, which its cell links to."""
    return f"jour-{day.isoformat()}"


def count_label(count: int) -> str:
    """« 1 rendez-vous », « 3 rendez-vous »."""
    return f"{count} rendez-vous"


@dataclass(frozen=True)
class Cell:
    """One square of the table: a day of the month, or a blank one (`day` is None) before the 1st or after the last."""

    day: date | None
    count: int = 0  # the dates listed on that day
    today: bool = False

    @property
    def number(self) -> str:
        return str(self.day.day) if self.day else ""

    @property
    def label(self) -> str:
        """« Mardi 1er décembre » (what a phone shows, where the cells become a list without column headings)."""
        return french.day_in_month_label(self.day).capitalize() if self.day else ""

    @property
    def anchor(self) -> str:
        return day_anchor(self.day) if self.day and self.count else ""

    @property
    def count_label(self) -> str:
        return count_label(self.count) if self.count else ""


@dataclass(frozen=True)
class Grid:
    caption: str  # « Décembre 2026 »
    weeks: list[list[Cell]]
    weekdays: tuple[Weekday, ...] = WEEKDAYS


def grid(caption: str, first: date, counts: dict[date, int], today: date | None) -> Grid:
    """The month that begins on `first`, by week: `counts` the dates of each day, `today` the build's day."""
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    cells = [Cell(None)] * first.weekday()
    day = first
    while day < following:
        cells.append(Cell(day, counts.get(day, 0), day == today))
        day += timedelta(days=1)
    cells += [Cell(None)] * (-len(cells) % DAYS_IN_WEEK)
    return Grid(caption, [cells[start : start + DAYS_IN_WEEK] for start in range(0, len(cells), DAYS_IN_WEEK)])
