"""`./site`: the staff's commands from a terminal opened in the site's folder, with nothing to activate.

The same tasks as `invoke` (tasks.py), under one name that works from a new terminal, and in French from the
first word: no « No idea what 'x' is! ». `./site` alone, or `./site aide`, lists the commands.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

from invoke import Collection, Program
from invoke.exceptions import ParseError

ROOT = Path(__file__).resolve().parents[2]
HELP_WORDS = ("aide", "help", "-h", "--help", "--list", "-l")
# invoke's own wording, and what staff read instead.
_MESSAGES = (
    (re.compile(r"No idea what '(?P<word>[^']*)' is!"), "unknown"),
    (re.compile(r"'(?P<task>\w+)' did not receive (?:all )?required positional arguments?: (?P<names>.*)"), "missing"),
    (re.compile(r"Flag '(?P<flag>[^']*)' needed value and was given none!"), "value"),
)
ARGUMENT_NAMES = {"kind": "le type de fiche", "title": "le titre", "mois": "le mois (--mois 2027-01)"}


def collection() -> Collection:
    sys.path.insert(0, str(ROOT))
    import tasks  # the repository's tasks.py

    return Collection.from_module(tasks)


def commands(tasks: Collection) -> list[tuple[str, str]]:
    """(name, first line of its French help) of every command staff use (`bench` is for developers)."""
    return [(name, (task.__doc__ or "").strip().splitlines()[0]) for name, task in sorted(tasks.tasks.items())
            if name != "bench"]


def help_text(tasks: Collection) -> str:
    lines = ["Commandes du site (à lancer depuis ce dossier, par exemple « ./site check ») :", ""]
    lines += [f"  ./site {name:<10} {summary}" for name, summary in commands(tasks)]
    lines += ["", "Le détail d'une commande : « ./site <commande> --help ». Le guide : docs/guide-redaction.md."]
    return "\n".join(lines)


def french(message: str, tasks: Collection) -> str:
    """invoke's English parse error, told in French with what to type instead."""
    for pattern, kind in _MESSAGES:
        match = pattern.search(message)
        if match is None:
            continue
        if kind == "unknown":
            word = match["word"]
            names = [name for name, _summary in commands(tasks)]
            close = difflib.get_close_matches(word.lstrip("-"), names, n=1, cutoff=0.5)
            advice = f" Vouliez-vous dire « ./site {close[0]} » ?" if close else ""
            return f"« {word} » n'est pas une commande du site.{advice} Commandes : {', '.join(names)} (« ./site aide »)."
        if kind == "missing":
            task = match["task"]
            names = [ARGUMENT_NAMES.get(name.strip(" '"), name.strip(" '")) for name in match["names"].split(",")]
            example = f", par exemple : ./site {task} event \"Titre de la fiche\"" if task == "new" else ""
            return f"il manque {' et '.join(names)} après « ./site {task} »{example}."
        return f"l'option « {match['flag']} » attend une valeur, par exemple « {match['flag']} 8001 »."
    return message


class SiteProgram(Program):
    """invoke's program, its parse errors said in French."""

    def parse_core(self, argv):
        try:
            return super().parse_core(argv)
        except ParseError as error:
            raise ParseError(french(str(error), self.namespace)) from None

    def parse_tasks(self):
        try:
            return super().parse_tasks()
        except ParseError as error:
            raise ParseError(french(str(error), self.namespace)) from None


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    tasks = collection()
    if len(argv) < 2 or argv[1] in HELP_WORDS:
        print(help_text(tasks))
        return
    SiteProgram(namespace=tasks, name="site", binary="./site").run(argv)


if __name__ == "__main__":
    main()
