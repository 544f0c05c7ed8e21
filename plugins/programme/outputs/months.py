"""The month's programme: a page per month that has events, `/agenda/<yyyy>-<mm>/`, printable as an A4
programme from the browser (month.html, and the print rules of site.css), and its PDF (`month_pdf`).

A month lists each date that takes place in it, by week and day; what began before the month and goes on
(an exhibition) comes first, « Pendant tout le mois ». A month with no date has no page, and the previous
and next links step over it. A month's address never changes: once it is over, the archives link it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby

from ..content import french
from ..content.contents import Event
from ..content.models import Schedule
from . import month_grid, pages
from .site import Site


@dataclass(frozen=True)
class MonthLink:
    """A month's page, as other pages link it."""

    key: str  # « 2026-12 »
    label: str  # « Décembre 2026 »
    url: str  # site-relative

    @property
    def lower_label(self) -> str:
        """« décembre 2026 », inside a sentence."""
        return self.label[:1].lower() + self.label[1:]


@dataclass(frozen=True)
class MonthEntry:
    """One date of an event in the month."""

    event: Event
    schedule: Schedule
    short_url: str  # the page's address without its scheme, printed under each event

    @property
    def time_label(self) -> str:
        """« de 19 h à 21 h », « toute la journée », « jusqu'au dimanche 28 février 2027 »."""
        schedule = self.schedule
        if schedule.multi_day:
            until = f"jusqu'au {french.day_label(schedule.last_day)}"
            return until if schedule.all_day else f"{french.time_label(schedule.start)}, {until}"
        if schedule.all_day:
            return "toute la journée"
        return f"de {french.time_label(schedule.start)} à {french.time_label(schedule.end)}"

    @property
    def span_label(self) -> str:
        """What an entry « Pendant tout le mois » says of its dates: the whole span."""
        return french.schedule_label(self.schedule)


@dataclass(frozen=True)
class Day:
    day: date
    entries: list[MonthEntry]

    @property
    def label(self) -> str:
        """« Jeudi 3 décembre »: a heading."""
        return french.day_in_month_label(self.day).capitalize()

    @property
    def key(self) -> str:
        return self.day.isoformat()

    @property
    def anchor(self) -> str:
        """Where the month's calendar (`month_grid`) leads for this day."""
        return month_grid.day_anchor(self.day)


@dataclass(frozen=True)
class Week:
    """The days of one week (Monday to Sunday) that fall in the month and have dates: a printed page each."""

    days: list[Day]
    first: date
    last: date

    @property
    def key(self) -> str:
        return f"semaine-{self.first.isoformat()}"

    @property
    def label(self) -> str:
        """« Semaine du 1er au 6 décembre », « Semaine du 28 au 31 décembre »; a week of one day in the month (it
        begins on a Sunday, or ends on a Monday) is that day: « Dimanche 1er novembre »."""
        if self.first == self.last:
            return french.day_in_month_label(self.first).capitalize()
        first = "1er" if self.first.day == 1 else str(self.first.day)
        return f"Semaine du {first} au {french.day_in_month_label(self.last).split(' ', 1)[1]}"


@dataclass(frozen=True)
class Month:
    link: MonthLink
    save_as: str
    pdf_save_as: str  # empty when the site makes no PDF (`MONTH_PDFS`)
    over: bool  # ended before the build's now: reached from the archives
    back: tuple[str, str]  # (url, label): the agenda, or the archives of its year once it is over
    letter_url: str  # the month's letter (`letter`), which every month has but one of drafts only (a preview's)
    ongoing: list[MonthEntry] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)
    previous: MonthLink | None = None
    next: MonthLink | None = None
    grid: month_grid.Grid | None = None  # the calendar above the list: days that have dates link to theirs

    @property
    def key(self) -> str:
        return self.link.key

    @property
    def ongoing_label(self) -> str:
        """« 1 rendez-vous » under the calendar: what began before the month, not on any of its days."""
        return month_grid.count_label(len(self.ongoing)) if self.ongoing else ""

    @property
    def pdf_url(self) -> str:
        """Its PDF (`month_pdf`), made for the months not over only: nobody prints a past programme."""
        return "" if self.over or not self.pdf_save_as else self.pdf_save_as

    @property
    def entries(self) -> list[MonthEntry]:
        return [*self.ongoing, *(entry for week in self.weeks for day in week.days for entry in day.entries)]

    @property
    def count_label(self) -> str:
        count = len({entry.event.slug for entry in self.entries})
        return f"{count} rendez-vous"


@dataclass(frozen=True)
class MonthIndex:
    """Every month's page, for the agenda (the current month) and the archives (a year's months)."""

    months: list[MonthLink]
    current: MonthLink | None  # this month's page, or the next month that has one
    now_key: str

    @property
    def upcoming(self) -> list[MonthLink]:
        return [month for month in self.months if month.key >= self.now_key]

    @property
    def soon(self) -> list[tuple[str, MonthLink]]:
        """This month's page and the next one's, named « Ce mois-ci » and « Le mois prochain »: the agenda's
        quick dates for visitors without JavaScript (a month without a date has no page, and is left out)."""
        names = {self.now_key: "Ce mois-ci", month_key(_next_month(_month_start(self.now_key))): "Le mois prochain"}
        return [(names[month.key], month) for month in self.months if month.key in names]

    def of_year(self, year: str) -> list[MonthLink]:
        """The months of a year that have begun (an archive page lists what has taken place)."""
        return [month for month in self.months if month.key.startswith(f"{year}-") and month.key <= self.now_key]


def month_key(day: date | datetime) -> str:
    return f"{day.year}-{day.month:02d}"


def _month_start(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_keys(event: Event) -> set[str]:
    """The months an event's dates touch, each of them (an exhibition over three months: three)."""
    keys: set[str] = set()
    for schedule in event.occurrences:
        day = schedule.first_day.replace(day=1)
        while day <= schedule.last_day:
            keys.add(month_key(day))
            day = _next_month(day)
    return keys


def link(settings: dict, key: str) -> MonthLink:
    start = _month_start(key)
    return MonthLink(key, french.month_label(start.year, start.month), settings["MONTH_URL"].format(month=key))


def index(site: Site) -> MonthIndex:
    """The months that have a page, without working out their contents (cheap: every page's context has it)."""
    keys = sorted({key for event in site.programme.events for key in month_keys(event)})
    links = [link(site.settings, key) for key in keys]
    now_key = month_key(site.programme.now)
    current = next((month for month in links if month.key >= now_key), None)
    return MonthIndex(links, current, now_key)


def advertise(site: Site) -> None:
    """The agenda links the current month, the archives each year's months."""
    site.context["agenda_months"] = index(site)


def months(site: Site) -> list[Month]:
    """Every month that has a date, oldest first, with its dates and its neighbours."""
    settings = site.settings
    public = site.public_url.split("://", 1)[-1]
    by_month: dict[str, list[MonthEntry]] = {}
    for event in site.programme.events:
        short_url = f"{public}/{event.url}"
        for schedule in event.occurrences:
            day = schedule.first_day.replace(day=1)
            while day <= schedule.last_day:
                by_month.setdefault(month_key(day), []).append(MonthEntry(event, schedule, short_url))
                day = _next_month(day)
    keys = sorted(by_month)
    links = [link(settings, key) for key in keys]
    archived_years = {event.schedule.start.year for event in site.programme.past(site.programme.events)}
    found = []
    for position, key in enumerate(keys):
        start = _month_start(key)
        end = datetime.combine(_next_month(start), datetime.min.time(), site.programme.now.tzinfo)
        ordered = sorted(by_month[key], key=lambda e: (e.schedule.start, e.schedule.end, e.event.slug))
        ongoing = [entry for entry in ordered if entry.schedule.first_day < start]
        dated = [entry for entry in ordered if entry.schedule.first_day >= start]
        over = end <= site.programme.now
        if not over:
            back = (settings["PROGRAMME_LISTINGS"]["agenda"][0], "Tout l'agenda")
        elif start.year in archived_years:
            back = (settings["ARCHIVE_YEAR_URL"].format(year=start.year), f"Archives {start.year}")
        else:  # its events go on (an exhibition): no past event makes an archive page of its year yet
            back = (settings["PROGRAMME_LISTINGS"]["archives"][0], "Archives de l'agenda")
        pdf = settings["MONTH_PDF_SAVE_AS"].format(month=key) if settings["MONTH_PDFS"] else ""
        by_week = weeks(dated, start)
        counts = {day.day: len(day.entries) for week in by_week for day in week.days}
        found.append(Month(links[position], settings["MONTH_SAVE_AS"].format(month=key), pdf, over, back,
                           settings["LETTER_URL"].format(month=key) if any(not e.event.preview_only for e in ordered) else "",
                           ongoing, by_week,
                           links[position - 1] if position else None,
                           links[position + 1] if position + 1 < len(links) else None,
                           month_grid.grid(links[position].label, start, counts, site.programme.now.date())))
    return found


def weeks(entries: list[MonthEntry], start: date) -> list[Week]:
    """Entries (in order, each starting in the month that begins on `start`) by week, then by day."""
    last_of_month = _next_month(start) - timedelta(days=1)

    def monday(entry: MonthEntry) -> date:
        day = entry.schedule.first_day
        return day - timedelta(days=day.weekday())

    found = []
    for first, in_week in groupby(entries, key=monday):
        days = [Day(day, list(group)) for day, group in groupby(in_week, key=lambda e: e.schedule.first_day)]
        found.append(Week(days, max(first, start), min(first + timedelta(days=6), last_of_month)))
    return found


def urls(site: Site) -> list[str]:
    """The month pages' addresses, for the sitemap."""
    return [month.url for month in index(site).months]


def write(site: Site) -> None:
    for month in months(site):
        pages.write_page(site, month.save_as, month.link.url, "month", month=month)
