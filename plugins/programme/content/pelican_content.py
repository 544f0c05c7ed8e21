"""Pelican's own news and pages, held to the rules its readers leave unchecked.

A page's `Slug` becomes a folder of the output: `../x` would make Pelican write outside it (it stops with
an English error), `agenda` would overwrite the agenda. Its `Template` must be one that renders a page.
Its title and dates obey the limits of the programme's own fields. Each is reported like any mistake.
"""

from __future__ import annotations

import logging
import os
import posixpath
import sys
from collections.abc import Iterable
from html import escape
from pathlib import Path

from pelican.contents import Article, Category, Content, Tag
from slugify import slugify

from ..problems import Problem
from .fields import MAX_TITLE, fold
from .models import STATUS_WORDS
from .reading import NESTED, NESTED_HINT, header_line

# News and pages take French field names too, as every other file does (`schema`): Pelican's own keys.
PELICAN_NAMES = {"titre": "title", "resume": "summary", "statut": "status", "motscles": "tags", "identifiant": "slug",
                 "auteur": "author", "categorie": "category", "modification": "modified"}


def french_metadata(sender, metadata: dict) -> None:
    """Pelican's `*_generator_context` signal: French names (`Titre`, `Résumé`, `Statut`, `Mots-clés`) and status
    words (`brouillon`, `caché`) become Pelican's, before Pelican checks what is required."""
    for written in [key for key in metadata if fold(key) in PELICAN_NAMES]:
        key = PELICAN_NAMES[fold(written)]
        value = metadata.pop(written)
        if key in metadata:
            continue  # the English name was given too: it wins, as Pelican reads it
        if key == "tags" and isinstance(value, str):
            value = [Tag(tag.strip(), sender.settings) for tag in value.split(",") if tag.strip()]
        elif key == "summary" and isinstance(value, str):
            value = escape(value)
        elif key == "category" and isinstance(value, str):
            value = Category(value, sender.settings)
        metadata[key] = value
    status = metadata.get("status")
    if isinstance(status, str):
        metadata["status"] = next((code for code, words in STATUS_WORDS.items()
                                   if fold(status) in {fold(word) for word in words}), status)


# What a page or an article may render with: the theme's templates for them (others expect other objects).
TEMPLATES = {"page": ("page",), "article": ("article",)}


def reserved_names(settings: dict) -> set[str]:
    """The first segments of every address the plugin and the theme publish: no page may take one."""
    urls = [url for url, _save_as, _template in settings["PROGRAMME_LISTINGS"].values()]
    urls += [settings[f"{kind}_URL"] for kind in ("EVENT", "RESEARCHER", "EPISODE", "VENUE", "CYCLE", "PARTNER")]
    urls += [settings["ARCHIVE_YEAR_URL"], *settings["PROGRAMME_FEEDS"].values(), settings["PROGRAMME_CYCLE_FEED"],
             settings["AGENDA_CALENDAR_SAVE_AS"], settings["SITEMAP_SAVE_AS"], settings["ROBOTS_SAVE_AS"],
             settings["SEARCH_BUNDLE"], settings["IMAGE_OUTPUT_DIR"], settings["THEME_STATIC_DIR"],
             settings["INDEX_SAVE_AS"], *settings["STATIC_PATHS"], *(f"{name}.html" for name in settings["DIRECT_TEMPLATES"])]
    return {url.strip("/").split("/")[0] for url in urls if url.strip("/") and "{" not in url.strip("/").split("/")[0]}


def check(contents: Iterable[Content], settings: dict, root: Path) -> list[Problem]:
    """Every news article's and page's problems that Pelican would not report, or not in French."""
    reserved = reserved_names(settings)
    first, last = settings["CONTENT_YEARS"]
    problems: list[Problem] = []
    taken: dict[str, str] = {}
    for item in contents:
        path = item.relative_source_path
        source = root / path

        def problem(field: str, message: str, hint: str) -> None:
            problems.append(Problem(path, message, field, header_line(source, field), hint))

        kind = "article" if isinstance(item, Article) else "page"
        metadata = item.metadata
        for name in ("save_as", "url"):
            if name in metadata:
                problem(name.capitalize(), "ce champ n'est pas accepté : l'adresse d'une page vient du nom de son "
                        "fichier.", "retirez-le ; pour choisir l'adresse, renommez le fichier ou donnez « Slug: ».")
        slug = str(getattr(item, "slug", "") or "")
        if not slug or slugify(slug) != slug:
            problem("Slug", f"« {slug} » n'est pas un identifiant : des lettres minuscules sans accent, des chiffres "
                    "et des tirets.", f"écrivez par exemple « Slug: {slugify(slug) or 'ma-page'} ».")
        elif kind == "page" and slug in reserved:
            problem("Slug", f"l'adresse « /{slug}/ » est déjà celle d'une partie du site.",
                    "renommez le fichier (ou donnez « Slug: » avec un autre identifiant).")
        template = metadata.get("template")
        if template is not None and template not in TEMPLATES[kind]:
            problem("Template", f"le gabarit « {template} » ne sait pas afficher cette page.",
                    "retirez la ligne « Template: » : le site choisit le gabarit lui-même.")
        title = str(metadata.get("title", ""))
        if len(title) > MAX_TITLE:
            problem("Title", f"le titre est trop long ({len(title)} caractères ; {MAX_TITLE} au plus).",
                    "raccourcissez-le : le détail a sa place dans le texte.")
        for field in ("date", "modified"):
            moment = metadata.get(field)
            if moment is not None and hasattr(moment, "year") and not first <= moment.year <= last:
                problem(field.capitalize(), f"l'année {moment.year} n'est pas possible pour le programme "
                        f"(de {first} à {last}).", "vérifiez l'année : « 2026-12-03 » ou « 2026-12-03 10:00 ».")
        save_as = posixpath.normpath(str(getattr(item, "save_as", "") or ""))
        if save_as in taken and save_as != ".":
            problem("Slug", f"cette page aurait la même adresse que {taken[save_as]}.",
                    "renommez l'un des deux fichiers, ou donnez-lui « Slug: » avec un autre identifiant.")
        taken.setdefault(save_as, path)
    return problems


def pelican_problem(record: logging.LogRecord, root: Path) -> Problem:
    """Pelican's English error about a news item or page, told in French with the field and the fix."""
    args = record.args if isinstance(record.args, tuple) else ()
    if record.msg.startswith("Skipping %s: could not find information about") and len(args) == 2:
        path = _relative(args[0], root)
        english = str(args[1]).capitalize()
        name = next((french.capitalize() for french, key in PELICAN_NAMES.items() if key == args[1]), english)
        return Problem(path, "champ obligatoire manquant, la page ne serait pas publiée.", name,
                       hint=f"ajoutez une ligne « {name}: … » (ou « {english}: … ») en tête du fichier.")
    if record.msg.startswith("Unknown status") and len(args) == 3:
        path = _relative(args[1], root)
        return Problem(path, f"« {args[0]} » n'est pas un statut possible.", "Status", header_line(root / path, "Status"),
                       f"valeurs possibles : {', '.join(args[2])}.")
    if record.msg.startswith("Skipping %s: file %r would be written outside") and len(args) == 2:
        path = _relative(args[0], root)
        field = "Save_as" if header_line(root / path, "Save_as") else "Slug"
        return Problem(path, f"cette page serait écrite hors du site ({args[1]}).", field, header_line(root / path, field),
                       "retirez ce champ, ou donnez « Slug: » avec des lettres, des chiffres et des tirets seulement.")
    if record.msg.startswith("Could not process") and args:
        path = _relative(args[0], root)
        # Pelican keeps the exception only when DEBUG; a handler is called inside its `except` block.
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if error is not None and "date" in f"{type(error).__name__} {error}".lower():
            return Problem(path, "la date n'est pas reconnue.", "Date", header_line(root / path, "Date"),
                           "forme attendue pour les actualités et les pages : « 2026-12-03 10:00 » ou « 2026-12-03 ».")
        if isinstance(error, RecursionError):
            return Problem(path, NESTED, hint=NESTED_HINT)
        return Problem(path, f"Pelican n'a pas pu lire ce fichier ({error or 'erreur inconnue'}).",
                       hint="vérifiez l'en-tête : une ligne « Champ: valeur » par champ, puis une ligne vide.")
    return Problem("(construction)", f"Pelican signale une erreur : {record.getMessage()}",
                   hint="lancez « ./site build » pour voir le détail.")


def _relative(path: object, root: Path) -> str:
    text = str(path)
    return os.path.relpath(text, root) if os.path.isabs(text) else text
