"""`invoke lettre --mois 2027-01`: builds the site, then says where that month's letter is: its web version,
the e-mail to paste into the mailing tool and its plain text. It opens nothing (no browser, no mail client)."""

from __future__ import annotations

import re
from pathlib import Path

from programme.content.french import month_label
from programme.settings import DEFAULTS
from rich.console import Console

from .building import run_build
from .project import Project

MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")
LETTER_FILES = (("version en ligne", "LETTER_SAVE_AS"), ("e-mail à coller dans l'outil d'envoi", "LETTER_EMAIL_SAVE_AS"),
                ("version texte", "LETTER_TEXT_SAVE_AS"))


class LetterError(ValueError):
    """A month staff wrote that names no month: the message says what to type."""


def month_key(text: str) -> str:
    """« 2027-01 » (also « 2027-1 »), or a LetterError in French."""
    match = MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match["month"]) <= 12:
        raise LetterError(f"« {text} » n'est pas un mois : écrivez l'année puis le mois, par exemple « --mois 2027-01 ».")
    return f"{match['year']}-{int(match['month']):02d}"


def letter_files(settings: dict, output: Path, key: str) -> list[tuple[str, Path]]:
    """(what it is, where it is) of each file of a month's letter in the output."""
    return [(label, output / settings.get(name, DEFAULTS[name]).format(month=key)) for label, name in LETTER_FILES]


def months_with_letters(settings: dict, output: Path) -> list[str]:
    folder = output / Path(settings.get("LETTER_SAVE_AS", DEFAULTS["LETTER_SAVE_AS"])).parent.parent
    return sorted(path.name for path in folder.iterdir() if MONTH.fullmatch(path.name)) if folder.is_dir() else []


def run(project: Project, month: str, console: Console) -> int:
    try:
        key = month_key(month)
    except LetterError as error:
        console.print(f"[red]{error}[/]", soft_wrap=True)
        return 2
    code = run_build(project)
    if code:
        return code
    settings = project.settings()
    files = letter_files(settings, project.output, key)
    if not all(path.is_file() for _label, path in files):
        known = ", ".join(months_with_letters(settings, project.output)) or "aucun"
        console.print(f"[red]Pas de lettre pour {key} : aucun rendez-vous publié ce mois-là.[/] Mois qui ont une "
                      f"lettre : {known}.", soft_wrap=True)
        return 1
    console.print(f"Lettre de {month_label(*map(int, key.split('-'))).lower()} :", soft_wrap=True)
    for label, path in files:
        console.print(f"  {label} : {path}", soft_wrap=True, highlight=False)
    console.print("Ses liens et ses images mènent au site public : publiez le site (./site publish) avant de "
                  "l'envoyer.", soft_wrap=True)
    return 0
