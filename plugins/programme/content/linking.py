"""Resolves the slugs written in fields into objects, both ways, and reports what does not resolve."""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass

from ..problems import Problem
from . import colloquium_links
from .colloquia import Colloquium, Translation
from .contents import Episode, Event, ProgrammeContent, Researcher
from .models import Ref
from .network import Project
from .programme import Programme
from .schema import SCHEMAS

logger = logging.getLogger(__name__)

KIND_NAMES_FR = {
    "event": "événement",
    "researcher": "chercheur ou chercheuse",
    "episode": "épisode",
    "venue": "lieu",
    "cycle": "cycle",
    "partner": "partenaire",
    "project": "projet",
    "colloquium": "colloque",
    "translation": "traduction",
}


# Each relation a file names, and the list it fills on the other side: (kind, attribute, kind named, back-list).
BACK_LINKS = (
    ("event", "venue", "venue", "events"),
    ("event", "cycle", "cycle", "events"),
    ("event", "speakers", "researcher", "events"),
    ("event", "projects", "project", "events"),
    ("event", "partners", "partner", "events"),  # the events a partner co-organises
    ("episode", "speakers", "researcher", "episodes"),
    ("episode", "projects", "project", "episodes"),
    ("researcher", "partners", "partner", "researchers"),
    ("project", "funders", "partner", "funded_projects"),
    ("project", "partners", "partner", "projects"),
    ("project", "people", "researcher", "projects"),  # its lead and researchers
    ("colloquium", "venue", "venue", "colloquia"),
    ("colloquium", "organizers", "partner", "colloquia"),
    ("colloquium", "projects", "project", "colloquia"),
    ("colloquium", "committee", "researcher", "committees"),
)
# The kinds that list events, split into coming and past ones for the build's now.
HOLDERS_OF_EVENTS = tuple(dict.fromkeys(target for _kind, _attribute, target, back in BACK_LINKS if back == "events"))
# Set by `colloquium_links` rather than the table: a researcher's talks (held by sessions, not by items) and
# a colloquium's translation (found by file name).
_OTHER_RELATIONS = {"researcher": ("talks",), "colloquium": ("translation", "now")}
# What other files say about an item: kept from its previous version when only the item's own file changed.
REVERSE_RELATIONS = {
    target: (*dict.fromkeys(back for _k, _a, named, back in BACK_LINKS if named == target),
             *(("upcoming_events", "past_events") if target in HOLDERS_OF_EVENTS else ()),
             *_OTHER_RELATIONS.get(target, ()))
    for target in dict.fromkeys((*(target for _kind, _attribute, target, _back in BACK_LINKS), *_OTHER_RELATIONS))
}


class _Resolver:
    """Looks slugs up in one index per kind, built once."""

    def __init__(self, programme: Programme, drafts: dict[str, set[str]], failed: dict[str, dict[str, str]] | None = None,
                 scheduled: set[str] | frozenset[str] = frozenset()):
        self.index = {kind: {item.slug: item for item in programme.of_kind(kind)} for kind in KIND_NAMES_FR}
        self.renamed = {old: event for event in programme.events for old in event.previous_slugs}  # `Anciens noms`
        self.drafts = drafts
        self.failed = failed or {}
        self.scheduled = scheduled
        self.problems: list[Problem] = []

    def __call__(self, holder: ProgrammeContent, ref: Ref | None, kind: str) -> ProgrammeContent | None:
        if ref is None:
            return None
        found = self.index[kind].get(ref.slug)
        if found is not None:
            return found
        if ref.slug in self.drafts.get(kind, ()):
            if ref.slug in self.scheduled:
                return None  # an episode dated ahead: the link appears with it
            if kind == "venue":  # without its venue, the event would be announced « En ligne »
                self.problems.append(Problem(
                    holder.relative_source_path, f"le lieu « {ref.slug} » est un brouillon : l'événement serait "
                    "annoncé « En ligne ».", ref.field, ref.line,
                    "publiez le lieu (retirez « Status: draft » de sa fiche), ou mettez aussi l'événement en brouillon."))
                return None
            self.problems.append(Problem(holder.relative_source_path, f"« {ref.slug} » est un brouillon : le lien "
                                         "n'apparaît pas sur le site tant qu'il n'est pas publié.", ref.field, ref.line,
                                         "rien à faire si c'est voulu ; sinon, publiez la fiche (retirez « Statut: "
                                         "brouillon »).", warning=True))
            return None
        broken = self.failed.get(kind, {}).get(ref.slug)
        if broken is not None:  # its own mistakes are reported: « names nothing » would send staff astray
            self.problems.append(Problem(
                holder.relative_source_path, f"« {ref.slug} » ({broken}) n'a pas pu être lu, à cause de ses propres "
                "erreurs (listées avec ce fichier).", ref.field, ref.line,
                f"corrigez d'abord {broken} : ce lien fonctionnera ensuite, sans rien changer ici."))
            return None
        close = difflib.get_close_matches(ref.slug, self.index[kind], n=1, cutoff=0.5)
        hint = f"vouliez-vous dire « {close[0]} » ?" if close else f"aucun {KIND_NAMES_FR[kind]} de ce nom n'existe."
        if kind == "event" and ref.slug in self.renamed:
            new = self.renamed[ref.slug]
            hint = f"c'est l'ancien nom de {new.relative_source_path} : écrivez « {new.slug} »."
        self.problems.append(
            Problem(holder.relative_source_path, f"« {ref.slug} » ne correspond à aucun {KIND_NAMES_FR[kind]}.",
                    ref.field, ref.line, hint)
        )
        return None

    def many(self, holder: ProgrammeContent, refs: list[Ref], kind: str) -> list:
        return [item for item in (self(holder, ref, kind) for ref in refs) if item is not None]


def link(programme: Programme, drafts: dict[str, set[str]], failed: dict[str, dict[str, str]] | None = None,
         scheduled: set[str] | frozenset[str] = frozenset(),
         unlinked: dict[str, tuple[str, dict]] | None = None) -> list[Problem]:
    """Set every relation on both sides; return the references that do not resolve, those of the files left out
    for mistakes of their own (`unlinked`: path → kind and parsed fields) included."""
    resolve = _Resolver(programme, drafts, failed, scheduled)
    check_unlinked(unlinked or {}, resolve)
    for kind in ("event", "episode", "researcher", "project", "colloquium"):
        for item in programme.of_kind(kind):
            resolve_references(item, resolve)
    for kind, attribute, target, back in BACK_LINKS:
        for item in programme.of_kind(kind):
            for holder in _as_list(getattr(item, attribute)):
                getattr(holder, back).append(item)
    for event in programme.events:
        _pair(event, resolve)
    for episode in programme.episodes:
        if episode.event is not None and episode.event.episode is None:
            episode.event.episode = episode
    colloquium_links.link(programme, resolve)
    for kind in HOLDERS_OF_EVENTS:
        for holder in programme.of_kind(kind):
            holder.upcoming_events = programme.upcoming(holder.events)
            holder.past_events = programme.past(holder.events)
    for event in programme.events:
        event.upcoming_occurrences = programme.upcoming_occurrences(event)
    return resolve.problems


def resolve_references(item: ProgrammeContent, resolve: _Resolver) -> None:
    """The relations an item's own file names: an event's venue, cycle, speakers, episode, projects and
    co-organisers; an episode's; a researcher's organisations; a project's funders, partners and members."""
    if isinstance(item, Event):
        item.venue = resolve(item, getattr(item, "venue_ref", None), "venue")
        item.cycle = resolve(item, getattr(item, "cycle_ref", None), "cycle")
        item.speakers = resolve.many(item, getattr(item, "speaker_refs", []), "researcher")
        item.episode = resolve(item, getattr(item, "episode_ref", None), "episode")
        item.projects = resolve.many(item, getattr(item, "project_refs", []), "project")
        item.partners = resolve.many(item, getattr(item, "partner_refs", []), "partner")
    elif isinstance(item, Episode):
        item.speakers = resolve.many(item, getattr(item, "speaker_refs", []), "researcher")
        item.event = resolve(item, getattr(item, "event_ref", None), "event")
        item.projects = resolve.many(item, getattr(item, "project_refs", []), "project")
    elif isinstance(item, Researcher):
        item.partners = resolve.many(item, getattr(item, "partner_refs", []), "partner")
    elif isinstance(item, Project):
        item.funders = resolve.many(item, getattr(item, "funder_refs", []), "partner")
        item.partners = resolve.many(item, getattr(item, "partner_refs", []), "partner")
        item.lead = resolve(item, getattr(item, "lead_ref", None), "researcher")
        item.researchers = resolve.many(item, getattr(item, "researcher_refs", []), "researcher")
    elif isinstance(item, Colloquium):
        colloquium_links.resolve_references(item, resolve)


@dataclass(frozen=True)
class _Unlinked:
    """A file with mistakes of its own, so no item: what the resolver needs to name it in a problem."""

    relative_source_path: str


def check_unlinked(unlinked: dict[str, tuple[str, dict]], resolve: _Resolver) -> None:
    """The slugs named by files that have other mistakes (the fields they parsed, as the generator kept them): checked all the same, so that a file's
    mistakes are all told at once (a misspelt funder with a malformed DOI), not one round of fixes after another."""
    for path, (kind, values) in unlinked.items():
        for spec in SCHEMAS[kind]:
            if spec.refers_to and spec.attr in values:
                refs = values[spec.attr]
                resolve.many(_Unlinked(path), refs if isinstance(refs, list) else [refs], spec.refers_to)


def _as_list(named) -> list:
    """What a relation names, as a list: a single item (a venue), none, or a list (speakers)."""
    if isinstance(named, list):
        return named
    return [] if named is None else [named]


def _pair(event: Event, resolve: _Resolver) -> None:
    """An episode names its event, or an event names its episode: either side is enough, both must agree."""
    episode = event.episode
    if episode is not None and episode.event is None:
        episode.event = event
    elif episode is not None and episode.event.slug != event.slug:
        resolve.problems.append(
            Problem(event.relative_source_path, f"l'épisode « {episode.slug} » indique un autre événement "
                    f"(« {episode.event.slug} »).", "Episode", event.episode_ref.line,
                    f"corrigez le champ « Event » de {episode.relative_source_path} ou celui-ci.")
        )




def relink(programme: Programme, drafts: dict[str, set[str]], old: ProgrammeContent, new: ProgrammeContent) -> list[Problem]:
    """Link one re-read item in place of `old`, in a programme `link` already linked (the preview's fast path).

    Its own references resolve as in `link`; what the other files say about it (a venue's events, the
    episode that names an event) has not changed, so it comes from the linked programme. Nothing else
    in the programme points to `new`: only its own page is written from it.
    """
    resolve = _Resolver(programme, drafts)
    resolve_references(new, resolve)
    for name in REVERSE_RELATIONS.get(new.kind, ()):
        setattr(new, name, getattr(old, name))
    if isinstance(new, Event):
        if new.episode is None:
            new.episode = next((e for e in programme.episodes if e.event is old and getattr(e, "event_ref", None)), None)
        else:
            _pair(new, resolve)
        new.upcoming_occurrences = programme.upcoming_occurrences(new)
    elif isinstance(new, Episode) and new.event is None:
        new.event = next((e for e in programme.events if e.episode is old and getattr(e, "episode_ref", None)), None)
    elif isinstance(new, Translation):
        colloquium_links.attach(new, {item.relative_source_path: item for item in programme.colloquia}, resolve)
    return resolve.problems
