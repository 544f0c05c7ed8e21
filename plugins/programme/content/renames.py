"""Published addresses never die: a renamed event (`Anciens noms`/`PreviousSlugs`) stays the same event.

Staff rename an event's file (or its `Identifiant`) and keep the old slug in `Anciens noms`. Then:
- its calendar UID and feed entry id keep being made of its first slug (`Event.identity`), so subscribers
  see the event they have change, never a second one appear;
- its calendars' memory follows it: the files of its old slugs are taken over (`Ledger.take_over`);
- each old address answers (`outputs.redirects`).

An old slug that is still another event's (a live file, a draft, a file with mistakes), or that two events
claim, would send visitors to the wrong page: the build stops on it, in French.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem
from .contents import Event
from .ledger import Ledger

FIELD = "Anciens noms"  # how a problem names the field when the file's own spelling is unknown

def settle(events: Iterable[Event], taken: dict[str, str], memory: Ledger) -> list[Problem]:
    """Check every event's old slugs and give each event its identity (taking over the memory of its old
    slugs). `taken` maps the slugs of events that are not in `events` (drafts, files with mistakes) to a
    French description of them."""
    events = list(events)
    live = {event.slug: event for event in events}
    claimed: dict[str, Event] = {}
    problems = []
    for event in events:
        name, line = event.previous_slugs_at or (FIELD, None)
        path = event.relative_source_path
        for old in event.previous_slugs:
            other = live.get(old)
            if other is event:
                problems.append(Problem(path, f"« {old} » est l'identifiant actuel de cet événement, pas un ancien.",
                                        name, line, f"retirez « {old} » de cette ligne."))
            elif other is not None or old in taken:
                owner = other.relative_source_path if other is not None else taken[old]
                problems.append(Problem(path, f"« {old} » est l'identifiant d'un autre événement ({owner}) : son "
                                        "adresse ne peut pas mener ici.", name, line,
                                        f"retirez « {old} » de cette ligne, ou, si {owner} est bien l'ancienne "
                                        "version de cet événement, supprimez ce fichier-là."))
            elif old in claimed:
                first = claimed[old].relative_source_path
                problems.append(Problem(path, f"« {old} » est aussi un ancien nom de {first} : une ancienne adresse "
                                        "ne mène qu'à un seul événement.", name, line,
                                        f"gardez « {old} » dans le fichier qui a vraiment porté ce nom, et retirez-le "
                                        "de l'autre."))
            else:
                claimed[old] = event
    if not problems:
        for event in events:
            event.identity = memory.take_over(event.slug, event.previous_slugs)
    return problems
