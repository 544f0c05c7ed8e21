"""How problems and check results read on the staff's terminal, in French."""

from __future__ import annotations

from programme.build.check import CheckReport
from programme.problems import Problem
from rich.console import Console
from rich.text import Text

# (singular, plural) of what `check` counts, in the order it prints them.
COUNTED = {
    "event": ("événement", "événements"),
    "researcher": ("chercheur", "chercheurs"),
    "episode": ("épisode", "épisodes"),
    "venue": ("lieu", "lieux"),
    "cycle": ("cycle", "cycles"),
    "partner": ("partenaire", "partenaires"),
    "project": ("projet", "projets"),
    "article": ("actualité", "actualités"),
    "page": ("page", "pages"),
}
COUNTED.update(colloquium=("colloque", "colloques"), translation=("traduction", "traductions"))


def plural(count: int, forms: tuple[str, str]) -> str:
    return f"{count} {forms[0] if count < 2 else forms[1]}"


def print_problems(problems: list[Problem], console: Console) -> None:
    console.print(f"[red bold]{plural(len(problems), ('problème', 'problèmes'))} dans le contenu :[/]")
    for problem in problems:
        console.print(f"  - {problem}", markup=False, highlight=False, soft_wrap=True)


def print_check(report: CheckReport, console: Console) -> None:
    for warning in report.warnings:
        console.print(Text.assemble(("Avertissement : ", "yellow"), warning), highlight=False, soft_wrap=True)
    if report.problems:
        print_problems(report.problems, console)
        console.print("Corrigez ces fichiers puis relancez « ./site check ». Rien n'a été publié.")
        return
    counted = ", ".join(plural(report.counts.get(kind, 0), forms) for kind, forms in COUNTED.items())
    drafts = f" ; {plural(report.drafts, ('brouillon', 'brouillons'))} (non publié{'s' if report.drafts > 1 else ''})" if report.drafts else ""
    console.print(f"[green bold]Tout est correct[/] : {counted}{drafts}.", highlight=False, soft_wrap=True)
