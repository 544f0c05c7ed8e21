"""`invoke new`: a new content file with every field of its kind, explained, ready to fill in.

Fields, their French names, help and examples come from `programme.schema.SCHEMAS`, so a field added to the
schema appears in new files without touching this module. The file is written in French (`Titre:`,
`Début:`); required fields get example values that pass the checker, optional ones are commented out
(`# Fin: example`), and the file starts as a draft so that nothing reaches the public site before a person
removes `Statut: brouillon`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from programme.content.items import stem
from programme.content.linking import KIND_NAMES_FR
from programme.content.reading import read_source
from programme.content.schema import BODY_PLACEHOLDER, SCAFFOLD_MARK, SCHEMAS
from programme.settings import DEFAULTS
from slugify import slugify

from . import colloquium_scaffold

# What staff may type after `invoke new`, in English or French, with or without accents.
KIND_ALIASES = {
    "event": "event", "evenement": "event",
    "researcher": "researcher", "chercheur": "researcher", "chercheuse": "researcher",
    "episode": "episode", "video": "episode",
    "venue": "venue", "lieu": "venue",
    "cycle": "cycle",
    "partner": "partner", "partenaire": "partner",
    "project": "project", "projet": "project",
}
KIND_ALIASES.update(colloquium="colloquium", colloque="colloquium", translation="translation", traduction="translation")
# Kinds whose new file is made from a title; a translation is made from the colloquium it translates.
FROM_TITLE = tuple(kind for kind in SCHEMAS if kind != "translation")
WIDTH = 100


class ScaffoldError(Exception):
    """A French explanation of why no file was created."""


def resolve_kind(word: str) -> str:
    kind = KIND_ALIASES.get(slugify(word))
    if kind is None:
        raise ScaffoldError(f"« {word} » n'est pas un type de fiche. Types possibles : {', '.join(SCHEMAS)}.")
    return kind


def folder_of(kind: str, settings: dict) -> str:
    key = f"{kind.upper()}_PATHS"
    return (settings.get(key) or DEFAULTS[key])[0]


def existing_slugs(content: Path, kind: str, settings: dict) -> list[str]:
    """Slugs already used by `kind`, as the build will compute them (a `Slug:` field wins over the file name)."""
    slugs = []
    root = content / folder_of(kind, settings)
    for path in sorted(root.rglob("*.md")) if root.is_dir() else []:
        source, _problems = read_source(content, str(path.relative_to(content)))
        written = (source.get("Slug") or source.get("Identifiant")) if source else None
        slugs.append(slugify(written.value) if written and written.value else slugify(stem(path.name)))
    return sorted(set(slugs))


def _comment(text: str) -> list[str]:
    """`text` as `#` lines, never splitting a slug or a « quoted » word across lines."""
    glued = text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    lines = textwrap.wrap(glued, WIDTH, initial_indent="# ", subsequent_indent="#   ", break_on_hyphens=False,
                          break_long_words=False)
    return [line.replace("\u00a0", " ") for line in lines]


def render(kind: str, title: str, targets: dict[str, list[str]]) -> str:
    """The text of a new file; `targets` lists existing slugs for each kind fields may name."""
    active: list[str] = []
    optional: list[str] = []
    no_venue = kind == "event" and not targets.get("venue")
    title_spec, *specs = SCHEMAS[kind]
    for spec in specs:
        existing = targets.get(spec.refers_to, []) if spec.refers_to else []
        value = (", ".join(existing[:2]) if spec.attr == "speaker_refs" else existing[0]) if existing else spec.example
        help_text = f"{spec.french} : {spec.help}"
        if existing:
            help_text += f" Existants : {', '.join(existing)}."
        prefill = spec.prefill and not (spec.refers_to and not existing)
        if no_venue and spec.attr == "online":
            prefill = True  # an event needs a venue or an online address
        if spec.attr == "slug":
            value = slugify(title)
        target = active if prefill else optional
        target += [*_comment(help_text), f"{spec.french}: {value}" if prefill else f"# {spec.french}: {value}"]
    intro = (
        f"{SCAFFOLD_MARK.removeprefix('# ')}{KIND_NAMES_FR[kind]} », créée par « ./site new ». Les lignes qui commencent par « # » "
        "sont des commentaires : le site les ignore. Pour utiliser un champ facultatif, effacez le « # » et "
        "l'espace devant son nom, puis remplacez l'exemple. Gardez les champs groupés en tête du fichier : la "
        "première ligne vide les sépare du texte. Vérifiez la fiche avec « ./site check » ; chaque champ est "
        "expliqué dans docs/guide-redaction.md."
    )
    header = [f"{title_spec.french}: {title}", *_comment(intro), "#", *active, "#", "# ── Champs facultatifs ──",
              *optional]
    body = "\n".join(textwrap.wrap(BODY_PLACEHOLDER, WIDTH, break_on_hyphens=False))
    if kind == "colloquium":
        body += "\n\n" + colloquium_scaffold.programme_skeleton(targets)
    return "\n".join(header) + "\n\n" + body + "\n"


def scaffold(kind: str, title: str, content: Path, settings: dict) -> Path:
    """Create the file and return its path; refuse to overwrite anything."""
    kind = resolve_kind(kind)
    title = " ".join(title.split())
    if kind == "translation":
        try:
            return _create(*colloquium_scaffold.translation(title, content, folder_of(kind, settings)), content)
        except colloquium_scaffold.NoOriginal as error:
            raise ScaffoldError(str(error)) from None
    slug = slugify(title)
    if not slug:
        raise ScaffoldError("le titre doit contenir au moins une lettre ou un chiffre.")
    path = content / folder_of(kind, settings) / f"{slug}.md"
    if slug in existing_slugs(content, kind, settings) and not path.exists():
        raise ScaffoldError(f"l'identifiant « {slug} » est déjà utilisé par une autre fiche : choisissez un autre titre.")
    targets = {doc_kind: existing_slugs(content, doc_kind, settings) for doc_kind in SCHEMAS}
    return _create(path, render(kind, title, targets), content)


def _create(path: Path, text: str, content: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:  # "x": fails if the file exists, even if created just now
            file.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path.relative_to(content)} existe déjà : il n'a pas été modifié. "
                            "Choisissez un autre titre, ou modifiez ce fichier.") from None
    return path
