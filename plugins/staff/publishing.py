"""`invoke publish` and `invoke rollback`: check, build for production, then deploy atomically.

Each step must succeed before the next starts, so a content mistake or a failed build never
reaches the public site; the deployment itself only switches to the new release once it is complete.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from programme.check import check_site

from .building import run_build
from .compress import precompress
from .deploy import LocalTarget, RemoteTarget, files_of, target_from
from .project import Project
from .report import print_check
from .transport import DeployError, explain_os_error


def deploy_target(settings: dict) -> LocalTarget | RemoteTarget:
    return target_from(settings.get("DEPLOY_TARGET", ""), settings.get("DEPLOY_KEEP", 5))


def publish(project: Project, console: Console) -> int:
    settings = project.settings(prod=True)
    try:
        target = deploy_target(settings)
    except DeployError as error:
        console.print(f"[red]Publication impossible :[/] {error}")
        return 1
    console.print("[bold]1/3[/] Vérification du contenu…")
    report = check_site(settings)
    if report.problems:
        print_check(report, console)
        console.print("[red bold]Rien n'a été publié.[/]")
        return 1
    with tempfile.TemporaryDirectory(prefix="publication-") as folder:
        build = Path(folder) / "site"
        console.print("[bold]2/3[/] Construction du site public…")
        if run_build(project, prod=True, output=build) != 0:
            console.print("[red bold]La construction a échoué : rien n'a été publié.[/]")
            return 1
        precompress(build)
        console.print(f"[bold]3/3[/] Mise en ligne vers {settings['DEPLOY_TARGET']}…")
        columns = (TextColumn("Copie"), BarColumn(), MofNCompleteColumn(), TextColumn("fichiers"), TimeElapsedColumn())
        try:
            with Progress(*columns, console=console, transient=True) as progress:
                task = progress.add_task("copie", total=len(files_of(build)))
                name = target.publish(build, lambda count: progress.advance(task, count))
        except (DeployError, OSError) as error:
            reason = explain_os_error(error, settings["DEPLOY_TARGET"]) if isinstance(error, OSError) else str(error)
            console.print(f"[red bold]La mise en ligne a échoué :[/] {reason}\nLe site en ligne n'a pas changé.",
                          highlight=False, soft_wrap=True)
            return 1
    console.print(f"[green bold]Publié[/] : version {name}. En cas de problème, « ./site rollback » remet la précédente.")
    return 0


def rollback(project: Project, console: Console) -> int:
    settings = project.settings(prod=True)
    try:
        current, previous = deploy_target(settings).rollback()
    except (DeployError, OSError) as error:
        reason = explain_os_error(error, settings.get("DEPLOY_TARGET", "")) if isinstance(error, OSError) else str(error)
        console.print(f"[red]Retour impossible :[/] {reason}\nLe site en ligne n'a pas changé.",
                      highlight=False, soft_wrap=True)
        return 1
    console.print(f"[green bold]Retour effectué[/] : la version {previous} est de nouveau en ligne (à la place de {current}).")
    return 0
