"""`invoke publish`, `invoke rollback` and `invoke versions`: check, build for production, deploy atomically.

Each step must succeed before the next starts, so a content mistake or a failed build never reaches the
public site; the deployment itself only switches to the new release once it is complete. Every switch is
recorded on the target (`record`), which is what rollback follows and what `versions` lists.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from programme.build.check import check_site
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from .building import run_build
from .compress import precompress
from .deploy import deploy_target, files_of
from .manifest import summary
from .project import Project
from .record import Switch
from .report import print_check
from .transport import DeployError, explain_os_error
from .vanished import add_to, compare_with_live
from .versions import listing


def publish(project: Project, console: Console) -> int:
    settings = project.settings(prod=True)
    where = settings.get("DEPLOY_TARGET", "")
    try:
        target = deploy_target(settings)
    except DeployError as error:
        console.print(f"[red]Publication impossible :[/] {error}")
        return 1
    console.print("[bold]1/3[/] Vérification du contenu…")
    report = check_site(settings)
    found = compare_with_live(settings, report, console, strict=True)
    if found is None:  # said why; the content's own problems are worth fixing meanwhile
        if report.problems:
            print_check(report, console)
        return 1
    add_to(report, found)
    if report.problems:
        print_check(report, console)
        console.print("[red bold]Rien n'a été publié.[/]")
        return 1
    for warning in found:  # the content's own warnings are the build's to tell
        console.print(Text.assemble(("Avertissement : ", "yellow"), str(warning)), highlight=False, soft_wrap=True)
    with tempfile.TemporaryDirectory(prefix="publication-") as folder:
        build, events = Path(folder) / "site", Path(folder) / "evenements.json"
        console.print("[bold]2/3[/] Construction du site public…")
        if run_build(project, prod=True, output=build, manifest=events) != 0:
            console.print("[red bold]La construction a échoué : rien n'a été publié.[/]")
            return 1
        precompress(build)
        console.print(f"[bold]3/3[/] Mise en ligne vers {where}…")
        columns = (TextColumn("Copie"), BarColumn(), MofNCompleteColumn(), TextColumn("fichiers"), TimeElapsedColumn())
        try:
            with Progress(*columns, console=console, transient=True) as progress:
                task = progress.add_task("copie", total=len(files_of(build)))
                manifest = events.read_text(encoding="utf-8").strip() if events.is_file() else None
                switch = target.publish(build, manifest, lambda count: progress.advance(task, count))
        except (DeployError, OSError) as error:
            reason = explain_os_error(error, where) if isinstance(error, OSError) else str(error)
            console.print(f"[red bold]La mise en ligne a échoué :[/] {reason}\nLe site en ligne n'a pas changé.",
                          highlight=False, soft_wrap=True)
            return 1
    console.print(f"[green bold]Publié[/] : version {switch.release} ; {summary(switch.changes)}.",
                  highlight=False, soft_wrap=True)
    if switch.replaced:
        console.print(f"En cas de problème, « ./site rollback » remet en ligne la version précédente "
                      f"({switch.replaced}) ; « ./site versions » montre l'historique.", highlight=False, soft_wrap=True)
    return 0


def rollback(project: Project, console: Console) -> int:
    settings = project.settings(prod=True)
    try:
        switch = deploy_target(settings).rollback()
    except (DeployError, OSError) as error:
        reason = explain_os_error(error, settings.get("DEPLOY_TARGET", "")) if isinstance(error, OSError) else str(error)
        console.print(f"[red]Retour impossible :[/] {reason}\nLe site en ligne n'a pas changé.",
                      highlight=False, soft_wrap=True)
        return 1
    console.print(f"[green bold]Retour effectué[/] : la version {switch.release} est de nouveau en ligne, à la place "
                  f"de {switch.replaced}, qui est retirée ; {summary(switch.changes)}.", highlight=False, soft_wrap=True)
    console.print(_after_rollback(switch), highlight=False, soft_wrap=True)
    return 0


def _after_rollback(switch: Switch) -> str:
    then = ("Un nouveau « ./site rollback » remettrait la version " + switch.history[-2] + "."
            if len(switch.history) > 1 else "C'est la plus ancienne version gardée : il n'y en a pas d'autre à remettre.")
    return (f"{then} Une fois le contenu corrigé, « ./site publish » publie de nouveau ; la version retirée ne "
            "revient jamais d'elle-même.")


def versions(project: Project, console: Console, count: int = 10) -> int:
    settings = project.settings(prod=True)
    where = settings.get("DEPLOY_TARGET", "")
    try:
        target = deploy_target(settings)
        state, journal = target.state(), target.journal()
    except (DeployError, OSError) as error:
        reason = explain_os_error(error, where) if isinstance(error, OSError) else str(error)
        console.print(f"[red]Historique illisible :[/] {reason}", highlight=False, soft_wrap=True)
        return 1
    for line in listing(journal, state, ZoneInfo(settings["TIMEZONE"]), where, count):
        console.print(line, highlight=False, soft_wrap=True, markup=False)
    return 0
