"""`invoke versions`: what was live when, newest first, each switch with what it changed on the site.

Read from the publish record (`record`), so it needs nothing but the target: a colleague's publications show
as well as one's own.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from programme.content import french

from .manifest import summary
from .record import ROLLBACK, Switch, TargetState


def moment_label(moment: datetime, tz: ZoneInfo) -> str:
    """« mercredi 25 novembre 2026, 15 h 10 », in the site's time zone."""
    local = moment.astimezone(tz)
    return f"{french.day_label(local)}, {french.time_label(local)}"


def listing(journal: list[Switch], state: TargetState, tz: ZoneInfo, where: str, count: int) -> list[str]:
    """The lines `invoke versions` prints."""
    if not journal:
        return _without_journal(state, where)
    withdrawn = {switch.replaced for switch in journal if switch.action == ROLLBACK}
    shown = journal[::-1][:max(count, 1)]
    lines = [f"Versions mises en ligne dans {where}, de la plus récente à la plus ancienne (heure de {_city(tz)}) :", ""]
    for index, switch in enumerate(shown):
        if switch.action == ROLLBACK:
            what = f"retour en arrière : la version {switch.release} est remise en ligne, {switch.replaced} est retirée"
        else:
            what = f"publication de la version {switch.release}"
        if index == 0 and switch.release == state.current:
            what += " — EN LIGNE"
        elif switch.action != ROLLBACK and switch.release in withdrawn and switch.release != state.current:
            what += " — retirée depuis"
        lines.append(f"  {moment_label(switch.moment, tz)} · {what}")
        lines.append(f"      {summary(switch.changes)}")
    if len(journal) > len(shown):
        older = len(journal) - len(shown)
        lines.append(f"  … et {older} plus ancienne{'s' if older > 1 else ''} (« ./site versions --count "
                     f"{len(journal)} » pour tout voir).")
    lines += ["", _next_rollback(journal, state, tz)]
    return lines


def _next_rollback(journal: list[Switch], state: TargetState, tz: ZoneInfo) -> str:
    target = state.rollback_target()
    if target is None:
        return "Aucune version antérieure ne peut être remise en ligne : « ./site rollback » ne changerait rien."
    went_live = next((switch for switch in reversed(journal) if switch.release == target), None)
    when = f" (mise en ligne le {moment_label(went_live.moment, tz)})" if went_live else ""
    return f"« ./site rollback » remettrait en ligne la version {target}{when}."


def _without_journal(state: TargetState, where: str) -> list[str]:
    if not state.releases:
        return [f"Rien n'a encore été publié dans {where} : « ./site publish » fera la première publication."]
    names = [f"{name} (en ligne)" if name == state.current else name for name in reversed(state.releases)]
    return [f"Versions présentes dans {where}, publiées avant que le site ne tienne l'historique des publications :",
            *(f"  {name}" for name in names),
            "", "La prochaine publication ouvrira l'historique, avec ce que chaque version change."]


def _city(tz: ZoneInfo) -> str:
    return tz.key.split("/")[-1].replace("_", " ")
