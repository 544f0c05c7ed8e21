"""Published addresses never die: before publishing, the content is compared with what is live.

The live release's manifest (`manifest`, kept on the target) lists the events the public can see. An upcoming
one whose page the content would no longer publish (its file deleted, or renamed without saying so, or turned
back into a draft) would leave a dead address, and calendars subscribed to it would never learn that it is off:
that is a problem, and `publish` refuses. An event that is over may go: a warning only.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from programme.build.check import CheckReport
from programme.content import french
from programme.problems import Problem, in_order
from programme.settings import site_now
from rich.console import Console

from .deploy import deploy_target
from .manifest import EventEntry
from .transport import DeployError, explain_os_error

CANCEL = ("annulez-le avec « État: annulé » (il reste affiché, barré, et les agendas abonnés l'apprennent)")


def vanished(live: list[EventEntry], report: CheckReport, now: datetime, content: Path) -> list[Problem]:
    """A problem for each live upcoming event the content would withdraw; a warning for each past one."""
    published = {event.slug for event in report.events}
    renamed = {old for event in report.events for old in getattr(event, "previous_slugs", ()) or ()}
    found = []
    for entry in live:
        if entry.slug in published or entry.slug in renamed or entry.slug in report.unreadable_events:
            continue  # still there, declared renamed, or unreadable (its own problems say why)
        draft = entry.slug in report.draft_events
        found.append(_upcoming(entry, draft, content) if entry.upcoming_at(now) else _past(entry, draft, content))
    return found


def _where(entry: EventEntry) -> str:
    return entry.path or f"evenements/{entry.slug}.md"


def _when(entry: EventEntry) -> str:
    start = datetime.fromisoformat(entry.start)
    day = french.day_label(start)
    return day if (start.hour, start.minute) == (0, 0) else f"{day}, {french.time_label(start)}"


def _upcoming(entry: EventEntry, draft: bool, content: Path) -> Problem:
    what = f"l'événement « {entry.title} » (identifiant « {entry.slug} », {_when(entry)}) est en ligne et à venir"
    if draft:
        then = ("il est annulé : il restera affiché, barré, jusqu'à sa date" if entry.state == "cancelled"
                else f"s'il n'a plus lieu, {CANCEL}")
        return Problem(_where(entry), f"{what}, mais sa fiche est repassée en brouillon : publier retirerait sa page, "
                       "et les agendas abonnés ne sauraient pas qu'il n'a plus lieu.",
                       hint=f"retirez la ligne « Statut: brouillon » ; {then}.")
    if entry.state == "cancelled":
        fix = "il était déjà annulé : remettez sa fiche telle quelle, il reste affiché, barré, jusqu'à sa date"
    else:
        fix = (f"remettez sa fiche et {CANCEL}, ou, s'il a été renommé, ajoutez « Anciens noms: {entry.slug} » "
               "dans sa nouvelle fiche")
    return Problem(_where(entry), f"{what}, mais sa fiche n'existe plus : publier retirerait sa page, et les agendas "
                   "abonnés ne sauraient pas qu'il n'a plus lieu.", hint=f"{fix}.{_restore(entry, content)}")


def _past(entry: EventEntry, draft: bool, content: Path) -> Problem:
    gone = "est repassée en brouillon" if draft else "n'existe plus"
    return Problem(_where(entry), f"l'événement passé « {entry.title} » ({_when(entry)}) : sa fiche {gone}, sa page "
                   "sera retirée du site à la prochaine publication.",
                   hint=f"si c'est voulu, rien à faire ; sinon, remettez sa fiche.{_restore(entry, content)}",
                   warning=True)


def _restore(entry: EventEntry, content: Path) -> str:
    """How to get a deleted file back with git, as one command to copy, if git knows it."""
    if not entry.path:
        return ""
    path = content / entry.path
    if path.exists():
        return ""
    shown = os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)  # as typed where ./site runs

    def git(*args: str) -> str | None:
        try:
            result = subprocess.run(["git", "-C", str(content), *args], capture_output=True, text=True,
                                    timeout=20, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return result.stdout.strip() if result.returncode == 0 else None

    if git("cat-file", "-e", f"HEAD:./{entry.path}") is not None:  # deleted since the last commit
        command = f"git restore --staged --worktree -- {shown}"
    elif deleted_in := git("log", "-n", "1", "--format=%h", "--diff-filter=D", "--", str(path)):
        command = f"git restore --source={deleted_in}~1 -- {shown}"
    else:
        return ""
    return f" Pour retrouver la fiche supprimée : « {command} »."


def compare_with_live(settings: dict, report: CheckReport, console: Console, strict: bool) -> list[Problem] | None:
    """What the content would withdraw from the live site: problems, and warnings (`Problem.warning`). Without
    a live manifest, say why in French and find nothing. An unreadable target: `strict` (publish) says so and
    returns None, since nothing could be sent there anyway; otherwise (check) it goes on."""
    where = settings.get("DEPLOY_TARGET", "")
    try:
        state = deploy_target(settings).state()
    except (DeployError, OSError) as error:
        reason = explain_os_error(error, where) if isinstance(error, OSError) else str(error)
        if strict:
            console.print(f"[red bold]Impossible de lire le site en ligne :[/] {reason}\nRien n'a été publié.",
                          highlight=False, soft_wrap=True)
            return None
        console.print(f"[yellow]Le site en ligne n'a pas pu être lu :[/] {reason}\nLes événements en ligne n'ont donc "
                      "pas été comparés au contenu ; « ./site publish » le fera avant de publier.",
                      highlight=False, soft_wrap=True)
        return []
    if state.current is None:
        console.print(f"Rien n'est encore en ligne dans {where} : aucun événement publié à comparer au contenu.",
                      highlight=False, soft_wrap=True)
        return []
    if state.live_manifest is None:
        console.print(f"La version en ligne ({state.current}) ne dit pas quels événements elle publie (elle date "
                      "d'avant cette vérification) : rien à comparer cette fois.", highlight=False, soft_wrap=True)
        return []
    now = site_now(settings, ZoneInfo(settings["TIMEZONE"]))
    return vanished(state.live_manifest, report, now, Path(settings["PATH"]))


def add_to(report: CheckReport, found: list[Problem]) -> None:
    """Into the check's report: problems block, warnings are told."""
    report.problems = in_order([*report.problems, *(problem for problem in found if not problem.warning)])
    report.warnings += [str(problem) for problem in found if problem.warning]
