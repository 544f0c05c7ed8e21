"""A colloquium's links, both ways: its venue and rooms, organisers, committee, projects, every talk's speakers
and session's chairs; and each translation's original, whose sessions and talks take its texts."""

from __future__ import annotations

import difflib
import posixpath
from typing import Protocol

from ..problems import Problem
from . import timetable_checks
from .colloquia import Colloquium, Translation
from .fields import fold
from .items import TRANSLATION_SUFFIX
from .models import Ref


class Resolver(Protocol):
    """`linking`'s resolver: slugs to items, each unknown one a problem in `problems`."""

    problems: list[Problem]
    drafts: dict[str, set[str]]
    failed: dict[str, dict[str, str]]

    def __call__(self, holder, ref: Ref | None, kind: str): ...

    def many(self, holder, refs: list[Ref], kind: str) -> list: ...


def resolve_references(colloquium: Colloquium, resolve: Resolver) -> None:
    """What the colloquium's own file names: venue, organisers, committee, projects, speakers, chairs, rooms."""
    colloquium.venue = resolve(colloquium, getattr(colloquium, "venue_ref", None), "venue")
    colloquium.organizers = resolve.many(colloquium, getattr(colloquium, "organizer_refs", []), "partner")
    colloquium.committee = resolve.many(colloquium, getattr(colloquium, "committee_refs", []), "researcher")
    colloquium.projects = resolve.many(colloquium, getattr(colloquium, "project_refs", []), "project")
    for session in colloquium.sessions:
        session.chairs = resolve.many(colloquium, session.chair_refs, "researcher")
        for talk in session.talks:
            talk.speakers = resolve.many(colloquium, talk.speaker_refs, "researcher")
    resolve.problems.extend(check_rooms(colloquium))


def check_rooms(colloquium: Colloquium) -> list[Problem]:
    """Each session's room must be one of its venue's `Salles`; it takes the venue's spelling."""
    venue = colloquium.venue
    if venue is None:
        return []  # an unknown venue is reported already
    rooms = {fold(room): room for room in venue.rooms}
    problems = []
    for session in colloquium.sessions:
        if not session.room:
            continue
        found = rooms.get(fold(session.room))
        if found is not None:
            session.room_name = found
            continue
        if not rooms:
            problems.append(Problem(colloquium.relative_source_path, f"le lieu « {venue.slug} » ne déclare aucune salle.",
                                    session.room_field, session.room_line, f"ajoutez à {venue.relative_source_path} "
                                    f"une ligne « Salles: {session.room} » (les salles séparées par des virgules)."))
            continue
        close = difflib.get_close_matches(fold(session.room), rooms, n=1, cutoff=0.5)
        hint = (f"vouliez-vous dire « {rooms[close[0]]} » ?" if close else
                f"salles de {venue.title} : {', '.join(venue.rooms)} ; ou ajoutez-la à sa fiche ({venue.relative_source_path}).")
        problems.append(Problem(colloquium.relative_source_path, f"« {session.room} » n'est pas une salle du lieu "
                                f"« {venue.slug} ».", session.room_field, session.room_line, hint))
    return problems


def link(programme, resolve: Resolver) -> None:
    """What `linking`'s table of relations cannot say: every talk's speakers learn of it; every translation finds
    its original. The colloquium's own references are resolved already."""
    for colloquium in programme.colloquia:
        colloquium.now = programme.now
        for talk in colloquium.talks:
            for speaker in talk.speakers:
                speaker.talks.append(talk)
    originals = {colloquium.relative_source_path: colloquium for colloquium in programme.colloquia}
    kept = []
    for translation in programme.translations:
        if attach(translation, originals, resolve):
            kept.append(translation)
    programme.translations[:] = kept


def original_path(translation: Translation) -> str:
    return translation.relative_source_path[: -len(TRANSLATION_SUFFIX)] + ".md"


def attach(translation: Translation, originals: dict[str, Colloquium], resolve: Resolver) -> bool:
    """Join a translation to the colloquium it translates; False when it has none to join (it is then not published)."""
    path, wanted = translation.relative_source_path, original_path(translation)
    original = originals.get(wanted)
    if original is None:
        if wanted in resolve.failed.get("colloquium", {}).values():
            resolve.problems.append(Problem(path, f"le colloque qu'elle traduit ({wanted}) n'a pas pu être lu, à cause de "
                                            "ses propres erreurs.", hint=f"corrigez d'abord {wanted}."))
        elif translation.slug in resolve.drafts.get("colloquium", ()):
            resolve.problems.append(Problem(path, f"le colloque qu'elle traduit ({wanted}) est un brouillon : la "
                                            "traduction n'est pas publiée non plus.", hint="rien à faire si c'est voulu.",
                                            warning=True))
        else:
            names = [posixpath.basename(name) for name in originals]
            close = difflib.get_close_matches(posixpath.basename(wanted), names, n=1, cutoff=0.6)
            hint = (f"vouliez-vous traduire « {close[0]} » ? Renommez ce fichier « {close[0][:-3]}{TRANSLATION_SUFFIX} »."
                    if close else f"une traduction porte le nom du fichier du colloque suivi de « {TRANSLATION_SUFFIX} », "
                    f"dans le même dossier (ex. « loire-2027{TRANSLATION_SUFFIX} » pour « loire-2027.md »).")
            resolve.problems.append(Problem(path, f"cette traduction ne correspond à aucun colloque ({wanted} n'existe "
                                            "pas).", hint=hint))
        return False
    translation.original = original
    translation.slug = original.slug
    original.translation = translation
    resolve.problems.extend(timetable_checks.merge_translation(original.days, translation.translated_days,
                                                               translation.language, path, wanted))
    return True
