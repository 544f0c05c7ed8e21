"""Resolves the slugs written in fields into objects, both ways, and reports what does not resolve."""

from __future__ import annotations

import difflib
import logging

from .contents import ProgrammeContent
from .models import Ref
from .problems import Problem
from .programme import Programme

logger = logging.getLogger(__name__)

KIND_NAMES_FR = {
    "event": "événement",
    "researcher": "chercheur ou chercheuse",
    "episode": "épisode",
    "venue": "lieu",
    "cycle": "cycle",
    "partner": "partenaire",
}


class _Resolver:
    """Looks slugs up in one index per kind, built once."""

    def __init__(self, programme: Programme, drafts: dict[str, set[str]]):
        self.index = {kind: {item.slug: item for item in programme.of_kind(kind)} for kind in KIND_NAMES_FR}
        self.drafts = drafts
        self.problems: list[Problem] = []

    def __call__(self, holder: ProgrammeContent, ref: Ref | None, kind: str) -> ProgrammeContent | None:
        if ref is None:
            return None
        found = self.index[kind].get(ref.slug)
        if found is not None:
            return found
        if ref.slug in self.drafts.get(kind, ()):
            logger.warning("%s: « %s » est un brouillon, le lien n'est pas publié.", holder.relative_source_path, ref.slug)
            return None
        close = difflib.get_close_matches(ref.slug, self.index[kind], n=1, cutoff=0.5)
        hint = f"vouliez-vous dire « {close[0]} » ?" if close else f"aucun {KIND_NAMES_FR[kind]} de ce nom n'existe."
        self.problems.append(
            Problem(holder.relative_source_path, f"« {ref.slug} » ne correspond à aucun {KIND_NAMES_FR[kind]}.",
                    ref.field, ref.line, hint)
        )
        return None

    def many(self, holder: ProgrammeContent, refs: list[Ref], kind: str) -> list:
        return [item for item in (self(holder, ref, kind) for ref in refs) if item is not None]


def link(programme: Programme, drafts: dict[str, set[str]]) -> list[Problem]:
    """Set every relation on both sides; return the references that do not resolve."""
    resolve = _Resolver(programme, drafts)
    for event in programme.events:
        event.venue = resolve(event, getattr(event, "venue_ref", None), "venue")
        event.cycle = resolve(event, getattr(event, "cycle_ref", None), "cycle")
        event.speakers = resolve.many(event, getattr(event, "speaker_refs", []), "researcher")
        event.episode = resolve(event, getattr(event, "episode_ref", None), "episode")
        for holder in (event.venue, event.cycle, *event.speakers):
            if holder is not None:
                holder.events.append(event)
    for episode in programme.episodes:
        episode.speakers = resolve.many(episode, getattr(episode, "speaker_refs", []), "researcher")
        episode.event = resolve(episode, getattr(episode, "event_ref", None), "event")
        for speaker in episode.speakers:
            speaker.episodes.append(episode)
    # An episode names its event, or an event names its episode: either side is enough, both must agree.
    for event in programme.events:
        episode = event.episode
        if episode is not None and episode.event is None:
            episode.event = event
        elif episode is not None and episode.event is not event:
            resolve.problems.append(
                Problem(event.relative_source_path, f"l'épisode « {episode.slug} » indique un autre événement "
                        f"(« {episode.event.slug} »).", "Episode", event.episode_ref.line,
                        f"corrigez le champ « Event » de {episode.relative_source_path} ou celui-ci.")
            )
    for episode in programme.episodes:
        if episode.event is not None and episode.event.episode is None:
            episode.event.episode = episode
    for holder in (*programme.researchers, *programme.venues, *programme.cycles):
        holder.upcoming_events = programme.upcoming(holder.events)
        holder.past_events = programme.past(holder.events)
    for event in programme.events:
        event.upcoming_occurrences = programme.upcoming_occurrences(event)
    return resolve.problems
