"""`invoke new` for colloquia: a programme to fill in below the presentation, and a translation made from its original.

A new colloquium's programme is one day, one session and one talk, valid as written; a new translation
(`./site new traduction <colloque>`) is a copy of the colloquium's presentation and programme, with its title
and summary, beside it as `<nom>.en.md`: the translator replaces the French in place, and the times, rooms
and speakers already match the original's, as the checker requires.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from programme.content.fields import fold
from programme.content.items import TRANSLATION_SUFFIX
from programme.content.programme_text import MARKERS
from programme.content.reading import read_source
from programme.content.schema import SCHEMAS
from slugify import slugify


class NoOriginal(Exception):
    """No colloquium answers to what was typed: the French message says which ones exist."""


def programme_skeleton(targets: dict[str, list[str]]) -> str:
    """One day (the example start of `Début`), one session, one talk: what staff copy to write the programme."""
    day = next(spec.example for spec in SCHEMAS["colloquium"] if spec.attr == "start")
    speaker = (targets.get("researcher") or [""])[0]
    return (f"# {MARKERS[0].capitalize()}\n\n## {day}\n\n### 09:00-10:30 | Titre de la première session\n\n"
            f"- 09:00 | {speaker} | Titre de la première intervention\n"
            "  Son résumé, en retrait de deux espaces, sur autant de lignes qu'il faut.\n")


def originals(content: Path, folder: str) -> dict[str, Path]:
    """The colloquia of `folder`, by slug and by folded title: what `./site new traduction` may name."""
    found: dict[str, Path] = {}
    for path in sorted((content / folder).glob("*.md")):
        if path.name.endswith(TRANSLATION_SUFFIX):
            continue
        source, _problems = read_source(content, str(path.relative_to(content)))
        written = source.get("Slug") or source.get("Identifiant") if source else None
        title = (source.get("Title") or source.get("Titre")) if source else None
        found[slugify(written.value) if written and written.value else slugify(path.stem)] = path
        if title is not None:
            found[fold(title.value)] = path
    return found


def translation(written: str, content: Path, folder: str) -> tuple[Path, str]:
    """Where the translation of the colloquium `written` names goes, and its first text."""
    known = originals(content, folder)
    original = known.get(slugify(written)) or known.get(fold(written))
    if original is None:
        names = sorted({path.stem for path in known.values()})
        listed = f"colloques existants : {', '.join(names)}." if names else "il n'y a encore aucun colloque."
        raise NoOriginal(f"« {written} » ne désigne aucun colloque de content/{folder}/ : donnez son identifiant "
                         f"(le nom de son fichier sans « .md ») ; {listed}")
    source, _problems = read_source(content, str(original.relative_to(content)))
    title = source.get("Title") or source.get("Titre")
    summary = source.get("Summary") or source.get("Résumé")
    note = (f"Traduction anglaise de {original.name} : traduisez le titre, le résumé, la présentation et, dans le "
            "programme, les titres et les résumés. Gardez les horaires, les salles et les identifiants : ils relient "
            "chaque texte traduit à sa session et à son intervention. Retirez « Statut: brouillon » pour publier.")
    header = [f"Title: {title.value if title else written}",
              *textwrap.wrap(note, 100, initial_indent="# ", subsequent_indent="#   ", break_on_hyphens=False),
              f"Summary: {summary.value}" if summary else "# Summary: the summary, in English.",
              "Statut: brouillon"]
    return original.with_name(original.name[: -len(".md")] + TRANSLATION_SUFFIX), "\n".join(header) + "\n\n" + source.body.lstrip("\n")
