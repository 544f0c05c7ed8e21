"""The research network: partners (labs, universities, funders…) and the research projects they fund or join.

Relations (`funders`, `members`, `events`…) are set by `linking`, like the other kinds'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..media.library import ResponsiveImage
from . import french
from .contents import Episode, Event, HasCalendar, ProgrammeContent, Researcher
from .models import PARTNER_KINDS, ProjectDate


class Partner(ProgrammeContent):
    kind = "partner"
    searchable = True
    partner_kind: str = ""
    website: str = ""
    logo: str = ""
    logo_image: ResponsiveImage | None = None
    committee: bool = False
    mastodon: str = ""  # « @nom@serveur »: the kits' posts mention it
    bluesky: str = ""  # « @nom.bsky.social »

    def __init__(self, *args, **kwargs):
        self.funded_projects: list[Project] = []
        self.projects: list[Project] = []  # those it takes part in
        self.events: list[Event] = []  # those it co-organises
        self.upcoming_events: list[Event] = []
        self.past_events: list[Event] = []
        self.researchers: list[Researcher] = []
        self.colloquia: list = []  # those it organises
        super().__init__(*args, **kwargs)

    @property
    def kind_heading(self) -> str:
        return PARTNER_KINDS.get(self.partner_kind, "Autres partenaires")


@dataclass(frozen=True)
class Member:
    """A researcher of a project, and what they do in it."""

    researcher: Researcher
    role: str  # « Porteur du projet », « Membre »


class Project(HasCalendar, ProgrammeContent):
    kind = "project"
    searchable = True
    calendar_kind = "PROJECT"
    acronym: str = ""
    start: ProjectDate
    end: ProjectDate | None = None
    call: str = ""
    label: str = ""
    website: str = ""
    hal_ids: tuple[str, ...] = ()
    dois: tuple[str, ...] = ()
    image: str = ""
    image_alt: str = ""
    picture: ResponsiveImage | None = None
    card_picture: ResponsiveImage | None = None  # its image, or its share card's drawing (`illustrations`)
    funding_mention: str = ""
    lead = None

    def __init__(self, *args, **kwargs):
        self.funders: list[Partner] = []
        self.partners: list[Partner] = []
        self.researchers: list[Researcher] = []
        self.events: list[Event] = []
        self.upcoming_events: list[Event] = []
        self.past_events: list[Event] = []
        self.episodes: list[Episode] = []
        self.colloquia: list = []
        super().__init__(*args, **kwargs)

    @property
    def name(self) -> str:
        """« POLLIVILLE — Pollinisateurs des villes », or the title alone."""
        return f"{self.acronym} — {self.title}" if self.acronym and self.acronym != self.title else self.title

    @property
    def calendar_label(self) -> str:
        return self.name

    @property
    def members(self) -> list[Member]:
        lead = [Member(self.lead, "Porteur du projet")] if self.lead else []
        return lead + [Member(researcher, "Membre") for researcher in self.researchers if researcher is not self.lead]

    @property
    def people(self) -> list[Researcher]:
        """Its lead and researchers, each once."""
        return [member.researcher for member in self.members]

    @property
    def period_label(self) -> str:
        """« janvier 2025 – décembre 2028 », « depuis le 15 janvier 2025 »."""
        start = _date_label(self.start)
        if self.end is None:
            return f"depuis {'' if self.start.month_only else 'le '}{start}"
        return f"{start} – {_date_label(self.end)}"

    def ended_by(self, today: date) -> bool:
        return self.end is not None and self.end.day < today

    @property
    def hal_links(self) -> list[tuple[str, str]]:
        return [(hal, f"https://hal.science/{hal}") for hal in self.hal_ids]

    @property
    def doi_links(self) -> list[tuple[str, str]]:
        return [(doi, f"https://doi.org/{doi}") for doi in self.dois]


def _date_label(when: ProjectDate) -> str:
    if when.month_only:
        return french.month_label(when.day.year, when.day.month).lower()
    return french.day_label(when.day).split(" ", 1)[1]  # « 15 janvier 2025 », without the weekday
