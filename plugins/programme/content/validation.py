"""One file's fields checked against the schema: typed values, and every problem, in French, at its line.

Problems name a field as its author wrote it (`Début` or `Date`); a field that is missing is named in
French, as `invoke new` writes it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from slugify import slugify

from ..problems import FieldError, Problem
from . import colloquium_fields
from . import fields as f
from .fields import fold
from .ledger import written_start
from .models import Ref, State
from .reading import Source
from .repeat import check_series, check_skipped_hours, with_exceptions
from .schema import SCAFFOLD_MARK, SCHEMAS, FieldSpec, closest_name, field_named
from .video import start_label


def _as_refs(value: str | list[str], name: str, line: int) -> Ref | list[Ref]:
    if isinstance(value, list):
        return [Ref(slug, name, line) for slug in value]
    return Ref(value, name, line)


class _Names(dict):
    """attr → the name to print: as written; a field the file lacks, in the language of the file's other names
    (French unless most are English), so that a message reads like the file it is about."""

    def __init__(self, kind: str, source: Source):
        super().__init__()
        self.specs = {spec.attr: spec for spec in SCHEMAS[kind]}
        english = french = 0
        for written in source.fields.values():
            spec = field_named(kind, written.name)
            if spec is not None and spec.name != spec.french:
                english += fold(written.name) == fold(spec.name)
                french += fold(written.name) == fold(spec.french)
        self.english = english > french

    def __missing__(self, attr: str) -> str:
        return self.specs[attr].name if self.english else self.specs[attr].french

    def other(self, attr: str) -> str:
        """The field's name in the other language, to mention both where a line must be added."""
        spec = self.specs[attr]
        return spec.french if self.english else spec.name


def validate(kind: str, source: Source, ctx: f.ParseContext) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values keyed by attribute, plus every problem found in this one file."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    names = _Names(kind, source)
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for written in source.fields.values():
        spec = field_named(kind, written.name)
        if spec is None:
            close = closest_name(kind, written.name)
            known = ", ".join(spec.french for spec in SCHEMAS[kind])
            problems.append(Problem(source.path, f"ce champ n'existe pas pour ce type de fiche (champs possibles : "
                                    f"{known}, ou leurs noms anglais).", written.name, written.line,
                                    f"vouliez-vous écrire « {close} » ?" if close else None))
            continue
        if spec.attr in seen:
            first_name, first_line = seen[spec.attr]
            problems.append(Problem(source.path, f"le champ est donné deux fois (déjà « {first_name} », ligne "
                                    f"{first_line}).", written.name, written.line, "gardez-en une seule ligne."))
            continue
        seen[spec.attr] = (written.name, written.line)
        names[spec.attr] = written.name
        if not written.value:
            if spec.required:
                problems.append(Problem(source.path, "le champ est vide.", written.name, written.line,
                                        "il est obligatoire."))
            continue
        try:
            value = spec.parse(written.value, ctx)
        except FieldError as error:
            problems.append(Problem(source.path, error.message, written.name, written.line, error.hint))
            continue
        values[spec.attr] = _as_refs(value, written.name, written.line) if spec.ref else value
        lines[spec.attr] = written.line
        problems += _notes(spec, written.value, value, written.name, written.line, source.path,
                           SCAFFOLD_MARK in source.header)
    for spec in SCHEMAS[kind]:
        if spec.required and spec.attr not in seen:
            name, other = names[spec.attr], names.other(spec.attr)
            also = f" (ou « {other}: … »)" if other != name else ""
            problems.append(Problem(source.path, "champ obligatoire manquant.", name,
                                    hint=f"ajoutez une ligne « {name}: … »{also} en tête du fichier."))
    if kind == "event" and "start" in values:
        problems += _finish_event(values, lines, names, source.path, ctx)
    if kind == "project":
        problems += _finish_project(values, lines, names, source.path)
    if kind == "colloquium":
        problems += colloquium_fields.finish(values, lines, names, source.path)
    if "image" in values and "image_alt" not in values:
        problems.append(Problem(source.path, "l'image n'a pas de texte alternatif.", names["image_alt"],
                                lines.get("image"), f.ALT_HINT))
    return values, problems


UNCHECKED = ("status", "title", "slug")  # what a new file should keep, or what it has of its own


def _notes(spec: FieldSpec, text: str, value: Any, name: str, line: int, path: str, scaffolded: bool) -> list[Problem]:
    """Warnings about a value that is valid but likely not what was meant (`scaffolded`: the file still has the
    comments `invoke new` wrote, so an example value there is one nobody replaced)."""
    if scaffolded and text.strip() == spec.example and spec.attr not in UNCHECKED:
        return [Problem(path, f"« {text.strip()} » est la valeur d'exemple du modèle de « ./site new ».", name, line,
                        "remplacez-la par la vraie valeur, ou retirez la ligne.", warning=True)]
    if spec.attr == "video" and getattr(value, "start", 0):
        return [Problem(path, f"la vidéo commencera à {start_label(value.start)}, comme le demande son adresse.", name,
                        line, "c'est voulu ? sinon, retirez « t=… » ou « start=… » de l'adresse.", warning=True)]
    return []


def _finish_event(values: dict[str, Any], lines: dict[str, int], names: _Names, path: str,
                  ctx: f.ParseContext) -> list[Problem]:
    """Rules that involve several fields of an event."""
    problems = []
    try:
        values["schedule"] = f.make_schedule(values["start"], values.get("end"), ctx)
    except FieldError as error:
        problems.append(Problem(path, error.message, names["end"], lines.get("end"), error.hint))
    if "schedule" in values:
        problems += _finish_series(values, lines, names, path)
    state = values.setdefault("state", State.SCHEDULED)
    if "venue_ref" not in values and "online" not in values:
        problems.append(Problem(path, "ni lieu ni adresse en ligne.", names["venue_ref"],
                                hint=f"donnez « {names['venue_ref']}: » (l'identifiant d'un lieu) ou "
                                f"« {names['online']}: » (l'adresse de la diffusion)."))
    if state is State.MOVED_ONLINE and "online" not in values:
        problems.append(Problem(path, "l'événement est passé en ligne mais aucune adresse n'est donnée.",
                                names["online"], lines.get("state"), f"ajoutez « {names['online']}: https://… »."))
    if state is State.POSTPONED and "previous_start" in values:
        problems.append(Problem(path, "l'événement est « reporté » (à une date encore inconnue), mais une date "
                                "initiale est donnée : la nouvelle date est donc connue.", names["state"],
                                lines.get("state"), f"écrivez « {names['state']}: nouvelle date » (rescheduled), avec "
                                f"la nouvelle date dans « {names['start']} ».", warning=True))
    if "previous_start" in values:
        try:
            values["previous_schedule"] = f.make_schedule(values["previous_start"], None, ctx)
        except FieldError as error:
            problems.append(Problem(path, error.message, names["previous_start"], lines.get("previous_start"),
                                    error.hint))
    elif state is State.RESCHEDULED:
        problems.append(Problem(path, "un événement déplacé doit garder son ancienne date.", names["previous_start"],
                                lines.get("state"), _previous_date_hint(values, names, path, ctx)))
    if "previous_slugs" in values:
        values["previous_slugs_at"] = (names["previous_slugs"], lines["previous_slugs"])
    return problems


def _finish_project(values: dict[str, Any], lines: dict[str, int], names: _Names, path: str) -> list[Problem]:
    """A project ends after it starts, and names who funds it or who takes part."""
    problems = []
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and end.day < start.day:
        problems.append(Problem(path, "le projet finit avant de commencer.", names["end"], lines.get("end"),
                                f"vérifiez « {names['start']} » et « {names['end']} »."))
    if "funder_refs" not in values and "partner_refs" not in values:
        problems.append(Problem(path, "le projet n'a ni financeur ni partenaire : sa page ne dira pas qui le soutient.",
                                names["funder_refs"], hint=f"ajoutez « {names['funder_refs']}: » ou "
                                f"« {names['partner_refs']}: » (des identifiants de fiches partenaires).", warning=True))
    return problems


def _previous_date_hint(values: dict[str, Any], names: _Names, path: str, ctx: f.ParseContext) -> str:
    """The line to add, with the start the calendars' memory recorded at the last publication when it knows it
    (under the event's slug or an old one), else an example."""
    name = names["previous_start"]
    slugs = (values.get("slug") or slugify(PurePosixPath(path).stem), *values.get("previous_slugs", ()))
    known = next((start for start in map(ctx.recorded_start, slugs) if start), None)
    if known is None:
        return f"ajoutez « {name}: … » avec la date annoncée d'abord, ex. « {name}: 2026-12-03 19:00 »."
    hint = f"ajoutez « {name}: {known} » (la date publiée jusqu'ici)"
    if written_start(values["start"], not isinstance(values["start"], datetime)) == known:
        return f"{hint}, et donnez la nouvelle date dans « {names['start']} »."
    return f"{hint}."


def _finish_series(values: dict[str, Any], lines: dict[str, int], names: _Names, path: str) -> list[Problem]:
    """`Repeat` must fit `Date`; `Except` needs `Repeat` and may only remove dates of the series."""
    exceptions = values.pop("repeat_exceptions", ())
    repeat, excepted = names["repeat"], names["repeat_exceptions"]
    if "repeat" not in values:
        if exceptions and "repeat" not in names:  # a `Repeat` written wrong is reported already
            return [Problem(path, f"« {excepted} » sans « {repeat} » : il n'y a pas de série dont retirer des dates.",
                            excepted, lines.get("repeat_exceptions"), f"ajoutez « {repeat}: … » ou retirez « {excepted} ».")]
        return []
    try:
        check_series(values["repeat"], values["schedule"])
    except FieldError as error:
        del values["repeat"]
        return [Problem(path, error.message, repeat, lines.get("repeat"), error.hint)]
    try:
        values["repeat"] = with_exceptions(values["repeat"], exceptions, values["schedule"])
    except FieldError as error:
        return [Problem(path, error.message, excepted, lines.get("repeat_exceptions"), error.hint)]
    try:
        check_skipped_hours(values["repeat"], values["schedule"])
    except FieldError as error:
        del values["repeat"]
        return [Problem(path, error.message, repeat, lines.get("repeat"), error.hint)]
    return []
